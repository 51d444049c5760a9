//! One organisation's audit trail: every change, who made it, from what to what.

use effekt::{Catalogue, Change, LESSONS_FIELD, Organisation, Period};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loaded::load;
use crate::pages::loading::loaded;

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
        let lang = crate::i18n::current_lang();
        let mut changes = state.store.history(number).await?;
        changes.reverse();
        for change in &mut changes {
            let field = change.series.as_str();
            change.old = change
                .old
                .take()
                .map(|v| readable(&state.catalogue, lang, field, v));
            change.new = change
                .new
                .take()
                .map(|v| readable(&state.catalogue, lang, field, v));
        }
        Ok(History {
            catalogue: (*state.catalogue).clone(),
            organisation,
            changes,
        })
    })
    .await
}

/// A stored value as the reader's language writes it: a status by name, a figure exactly with
/// the language's decimal mark. Done here, not in the page: reading numbers in the browser
/// would bring the float parser's 10 KB table into the bundle.
#[cfg(feature = "ssr")]
fn readable(catalogue: &Catalogue, lang: Lang, field: &str, value: String) -> String {
    if field == "status" {
        effekt::ReportStatus::parse(&value).map_or(value, |status| lang.status(status).to_owned())
    } else if catalogue.find_series(field).is_some() {
        value
            .parse()
            .map_or(value, |number| crate::format::input_value(lang, number))
    } else {
        value
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let history = load(
        move || params.read().get("orgnr").unwrap_or_default(),
        get_history,
    );
    view! {
        {loaded(history, move |history| view! { <HistoryTable history lang /> })}
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
    // The fields a change names in the reader's language (the server wrote the values so).
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
                                            <td>{change.old.unwrap_or_default()}</td>
                                            <td>{change.new.unwrap_or_default()}</td>
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
