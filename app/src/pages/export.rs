//! Choosing what to export and in which format; the forms go straight to the CSV endpoints,
//! so the browser downloads the file.

use effekt::{Catalogue, OrgKind, Organisation, Period};
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loading::{load, loaded};
use crate::routes;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportChoices {
    pub catalogue: Catalogue,
    pub organisations: Vec<Organisation>,
    /// Newest first.
    pub periods: Vec<Period>,
}

#[server(prefix = "/sf", endpoint = "export_choices", input = Postcard, output = Postcard)]
pub async fn get_export_choices() -> Result<ExportChoices, AppError> {
    crate::error::respond(async move {
        let state = crate::state::page_state()?;
        let newest = Period::current();
        Ok(ExportChoices {
            catalogue: (*state.catalogue).clone(),
            organisations: state.store.organisations().await?,
            periods: newest.and_earlier(40).collect(),
        })
    })
    .await
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let choices = load(|| (), |_| get_export_choices());
    view! {
        <Title text=raw_text(&format!("{} – Effekt", t.export_title)) />
        <h1>{t.export_title}</h1>
        <p class="lead">{t.export_intro}</p>
        {loaded(choices, move |choices| view! {
            <ExportForm id="values" action=routes::EXPORT_VALUES_CSV label=t.values_export choices=choices.clone() with_organisations=true lang />
            <ExportForm id="summary" action=routes::EXPORT_SUMMARY_CSV label=t.summary_export choices with_organisations=false lang />
        })}
    }
}

#[component]
fn ExportForm(
    id: &'static str,
    action: &'static str,
    label: &'static str,
    choices: ExportChoices,
    with_organisations: bool,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let field = |name: &str| format!("{id}-{name}");
    let periods = |chosen: Option<Period>| {
        choices
            .periods
            .iter()
            .map(|p| view! { <option value=p.to_string() selected=Some(*p) == chosen>{lang.period(*p)}</option> })
            .collect_view()
    };
    let newest_full = choices.periods.get(1).copied();
    let oldest = newest_full.and_then(|p| Period::from_index(p.index() - 7));
    view! {
        <form method="get" action=action class="choose-report export-form">
            <fieldset>
                <legend>{label}</legend>
                <div class="field">
                    <label for=field("from")>{t.from_quarter}</label>
                    <select id=field("from") name="from">{periods(oldest)}</select>
                </div>
                <div class="field">
                    <label for=field("to")>{t.to_quarter}</label>
                    <select id=field("to") name="to">{periods(newest_full)}</select>
                </div>
                <div class="field">
                    <label for=field("kind")>{t.kind}</label>
                    <select id=field("kind") name="kind">
                        <option value="">{t.all_kinds}</option>
                        {OrgKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{lang.kind(k)}</option> }).collect_view()}
                    </select>
                </div>
                {with_organisations.then(|| view! {
                    <div class="field">
                        <label for=field("organisation")>{t.organisation}</label>
                        <select id=field("organisation") name="organisation">
                            <option value="">{t.all_organisations}</option>
                            {choices.organisations.iter().map(|o| view! {
                                <option value=o.organisation_number.to_string()>{o.name.to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for=field("series")>{t.series}</label>
                    <select id=field("series") name="series">
                        <option value="">{t.all_series}</option>
                        {choices.catalogue.series().map(|s| view! {
                            <option value=s.key.to_string()>{lang.pick(&s.name_sv, &s.name_en).to_owned()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field("format")>{t.format}</label>
                    <select id=field("format") name="format">
                        <option value="excel-sv" selected=lang == Lang::Sv>"Excel (svenska)"</option>
                        <option value="csv" selected=lang == Lang::En>"CSV (RFC 4180)"</option>
                    </select>
                </div>
                <button type="submit">{label}</button>
            </fieldset>
        </form>
    }
}
