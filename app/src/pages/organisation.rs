//! One organisation: its reports by quarter and the figures in them.

use effekt::{Catalogue, Organisation, Period, Report};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::errors::ErrorPanel;

/// How many quarters the table of figures shows.
const QUARTERS_SHOWN: usize = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrganisationReports {
    pub catalogue: Catalogue,
    pub organisation: Organisation,
    /// Newest first.
    pub reports: Vec<Report>,
}

#[server(prefix = "/sf", endpoint = "organisation")]
pub async fn get_organisation(number: String) -> Result<OrganisationReports, AppError> {
    crate::error::respond(async move {
        let state = crate::state::server_state()?;
        let number = number.parse().map_err(|_| AppError::NotFound)?;
        let organisation = state
            .store
            .organisation(number)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(OrganisationReports {
            catalogue: (*state.catalogue).clone(),
            organisation,
            reports: state.store.reports_of(number).await?,
        })
    })
    .await
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("orgnr").unwrap_or_default(),
        get_organisation,
    );
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <OrganisationView data lang /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganisationView(data: OrganisationReports, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let OrganisationReports {
        catalogue,
        organisation,
        reports,
    } = data;
    let number = organisation.organisation_number;
    let name = organisation.name.to_string();
    let series_count = catalogue.series().count();
    let shown: Vec<&Report> = reports.iter().take(QUARTERS_SHOWN).rev().collect();
    let periods: Vec<Period> = shown.iter().map(|r| r.period).collect();
    let figures = catalogue
        .measures()
        .iter()
        .flat_map(|m| m.series.iter().map(move |s| (m, s)))
        .map(|(measure, series)| {
            let label = match lang {
                Lang::Sv => format!("{}. {}", measure.number, series.name_sv),
                Lang::En => format!("{}. {}", measure.number, series.name_en),
            };
            let cells = shown
                .iter()
                .map(|report| {
                    let text = report
                        .values
                        .get(&series.key)
                        .map(|v| format::number(lang, *v, series.integer))
                        .unwrap_or_else(|| "–".to_owned());
                    view! { <td class="number">{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label}" ("{lang.unit(series.unit)}")"</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{name} – Effekt") />
        <h1>{name.clone()}</h1>
        <p>
            {lang.kind(organisation.kind)}" · "{t.organisation_number}" "{number.to_string()}
        </p>
        <p>
            <a href=format!("/rapport?organisation={number}")>
                {t.report_for_this}
            </a>
            " · "
            <a href=format!("/organisationer/{number}/historik")>{t.history_link}</a>
        </p>
        <h2>{t.reports}</h2>
        {if reports.is_empty() {
            view! { <p>{t.no_reports}</p> }.into_any()
        } else {
            view! {
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.quarter}</th>
                            <th scope="col">{t.status}</th>
                            <th scope="col">{t.filled}</th>
                            <th scope="col">{t.updated}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {reports
                            .iter()
                            .map(|report| view! {
                                <tr>
                                    <td>
                                        <a href=format!("/rapport?organisation={number}&period={}", report.period)>
                                            {lang.period(report.period)}
                                        </a>
                                    </td>
                                    <td>{lang.status(report.status)}</td>
                                    <td class="number">{report.values.len()}" / "{series_count}</td>
                                    <td>{report.updated_at.replace('T', " ").replace('Z', " UTC")}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        {(!shown.is_empty()).then(|| view! {
            <h2 id="figures-heading">{t.values_by_quarter}</h2>
            <div class="table-scroll" role="region" aria-labelledby="figures-heading" tabindex="0">
                <table class="figures">
                    <thead>
                        <tr>
                            <th scope="col">{t.series}</th>
                            {periods
                                .iter()
                                .map(|p| view! { <th scope="col" class="number">{lang.period(*p)}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>{figures}</tbody>
                </table>
            </div>
        })}
    }
}
