//! One organisation's audit trail: every change, who made it, from what to what.

use effekt::{Catalogue, Change, LESSONS_FIELD, Organisation, Period, ReportStatus};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::loaded::load;
use crate::pages::errors::ErrorPanel;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History {
    pub catalogue: Catalogue,
    pub organisation: Organisation,
    /// Newest first.
    pub changes: Vec<Change>,
}

#[server(prefix = "/sf", endpoint = "history", input = Postcard, output = Postcard)]
pub async fn get_history(number: String) -> Result<History, AppError> {
    crate::error::respond(async move {
        let state = crate::state::server_state()?;
        let number = number.parse().map_err(|_| AppError::NotFound)?;
        let organisation = state
            .store
            .organisation(number)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut changes = state.store.history(number).await?;
        changes.reverse();
        Ok(History {
            catalogue: (*state.catalogue).clone(),
            organisation,
            changes,
        })
    })
    .await
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let params = use_params_map();
    let history = load(
        move || params.read().get("orgnr").unwrap_or_default(),
        get_history,
    );
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(history) => Either::Left(view! { <HistoryTable history lang /> }),
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HistoryTable(history: History, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let History {
        catalogue,
        organisation,
        changes,
    } = history;
    let title = format!("{} – {}", t.history_title, organisation.name);
    // The fields a change names, and their values, as the reader's language writes them; a
    // goal or an organisation is stored described in words and shown as it is.
    let what = |field: &str| match field {
        "status" => t.status.to_owned(),
        LESSONS_FIELD => t.lessons.to_owned(),
        "goal" => t.goal_heading.to_owned(),
        "organisation" => t.organisation.to_owned(),
        _ => catalogue.find_series(field).map_or_else(
            || field.to_owned(),
            |s| lang.pick(&s.name_sv, &s.name_en).to_owned(),
        ),
    };
    let value = |field: &str, value: Option<String>| {
        let value = value.unwrap_or_default();
        if field == "status" {
            ReportStatus::parse(&value).map_or(value, |status| lang.status(status).to_owned())
        } else if catalogue.find_series(field).is_some() {
            value
                .parse()
                .map_or(value, |number| format::input_value(lang, number))
        } else {
            value
        }
    };
    view! {
        <Title text=raw_text(&format!("{title} – Effekt")) />
        <h1>{title}</h1>
        <p>
            <a href=format!("/organisationer/{}", organisation.organisation_number)>
                {organisation.name.to_string()}
            </a>
        </p>
        {if changes.is_empty() {
            Either::Left(view! { <p>{t.no_changes}</p> })
        } else {
            Either::Right(view! {
                <div class="table-scroll" role="region" aria-label=t.history_title tabindex="0">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t.when}</th>
                                <th scope="col">{t.who}</th>
                                <th scope="col">{t.quarter}</th>
                                <th scope="col">{t.what}</th>
                                <th scope="col">{t.old_value}</th>
                                <th scope="col">{t.new_value}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {changes
                                .into_iter()
                                .map(|change| {
                                    let period = change
                                        .period
                                        .as_deref()
                                        .and_then(|p| p.parse::<Period>().ok())
                                        .map(|p| lang.period(p))
                                        .unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td>{change.at.get(..19).unwrap_or(&change.at).replace('T', " ")}</td>
                                            <td>{change.by}</td>
                                            <td>{period}</td>
                                            <td>{what(&change.series)}</td>
                                            <td>{value(&change.series, change.old)}</td>
                                            <td>{value(&change.series, change.new)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })
        }}
    }
}
