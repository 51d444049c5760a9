//! One organisation's audit trail: every change, who made it, from what to what.

use effekt::{Catalogue, Change, LESSONS_FIELD, Organisation, Page, Period};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;
use leptos_meta::Title;

use crate::raw_text::raw_text;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::loaded::load;
use crate::local_time::Time;
use crate::pages::loading::loaded;
use crate::pages::pager::{PAGE_PARAMETER, Pager};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History {
    pub catalogue: Catalogue,
    pub organisation: Organisation,
    /// One page of them, newest first.
    pub changes: Vec<Change>,
    pub page: Page,
    /// How many changes there are on every page together.
    pub total: u64,
}

#[server(prefix = "/sf", endpoint = "history", input = Postcard, output = Postcard)]
pub async fn get_history(number: String, page: Option<String>) -> Result<History, AppError> {
    crate::error::respond(async move {
        let state = crate::state::server_state()?;
        let number = number.parse().map_err(|_| AppError::NotFound)?;
        let organisation = state
            .store
            .organisation(number)
            .await?
            .ok_or(AppError::NotFound)?;
        let page = Page::parse(page.as_deref(), None).map_err(|_| AppError::NotFound)?;
        let lang = crate::i18n::current_lang();
        let history = state.store.history(number, page).await?;
        let mut changes = history.rows;
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
            page,
            total: history.total,
        })
    })
    .await
}

/// A stored value as the reader's language writes it: a status by name, a figure exactly with
/// the language's decimal mark. Done here, not in the page: reading numbers in the browser
/// would bring the float parser's 10 KB table into the bundle.
#[cfg(feature = "ssr")]
pub(crate) fn readable(catalogue: &Catalogue, lang: Lang, field: &str, value: String) -> String {
    if field == "status" {
        effekt::ReportStatus::parse(&value).map_or(value, |status| lang.status(status).to_owned())
    } else if field == "goal" {
        goal_text(lang, &value).unwrap_or(value)
    } else if catalogue.find_series(field).is_some() {
        value
            .parse()
            .map_or(value, |number| crate::format::input_value(lang, number))
    } else {
        value
    }
}

/// A goal as the audit trail stores it ("Name: 10.5 → 20 by 2029Q4, lower is better", written
/// by the store in one language for every reader) in the reader's language, with its numbers
/// and quarter written as the rest of the page writes them; `None` when it is not so written.
#[cfg(feature = "ssr")]
pub(crate) fn goal_text(lang: Lang, stored: &str) -> Option<String> {
    let (rest, lower_is_better) = match stored.strip_suffix(", lower is better") {
        Some(rest) => (rest, true),
        None => (stored, false),
    };
    let (rest, deadline) = rest.rsplit_once(" by ")?;
    let deadline: Period = deadline.parse().ok()?;
    // The name may hold ": " itself; the numbers after the last one do not.
    let (name, numbers) = rest.rsplit_once(": ")?;
    let (baseline, target) = numbers.split_once(" → ")?;
    let number = |text: &str| {
        effekt::parse_number(text)
            .ok()
            .map(|n| crate::format::input_value(lang, n))
    };
    let (baseline, target) = (number(baseline)?, number(target)?);
    let deadline = lang.period(deadline);
    Some(match (lang, lower_is_better) {
        (Lang::Sv, false) => format!("{name}: {baseline} → {target} till {deadline}"),
        (Lang::Sv, true) => {
            format!("{name}: {baseline} → {target} till {deadline}, lägre är bättre")
        }
        (Lang::En, false) => format!("{name}: {baseline} → {target} by {deadline}"),
        (Lang::En, true) => format!("{name}: {baseline} → {target} by {deadline}, lower is better"),
    })
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let history = load(
        move || {
            (
                params.read().get("orgnr").unwrap_or_default(),
                query.read().get(PAGE_PARAMETER),
            )
        },
        |(number, page)| get_history(number, page),
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
        page,
        total,
    } = history;
    let title = format!("{} – {}", t.history_title, organisation.name);
    let number = organisation.organisation_number;
    let what = move |field: &str| field_label(&catalogue, lang, field);

    view! {
        <Title text=raw_text(&format!("{title} – Effekt")) />
        <h1>{title}</h1>
        <p>
            <a href=format!("/organisationer/{number}")>
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
                                            <td><Time lang at=change.at.clone() /></td>
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
        <Pager page total lang base=format!("/organisationer/{number}/historik?") />
    }
}

/// What a change names, in the reader's language (the server writes the values so).
pub(crate) fn field_label(catalogue: &Catalogue, lang: Lang, field: &str) -> String {
    let t = lang.texts();
    match field {
        "status" => t.status.to_owned(),
        LESSONS_FIELD => t.lessons.to_owned(),
        "goal" => t.goal_heading.to_owned(),
        "organisation" => t.organisation.to_owned(),
        effekt::REOPEN_REASON_AUDIT_FIELD => t.reopen_reason.to_owned(),
        _ if field.starts_with(effekt::GOAL_AUDIT_PREFIX) => {
            let id = &field[effekt::GOAL_AUDIT_PREFIX.len()..];
            format!("{} ({id})", lang.goals_texts().organisation_heading)
        }
        _ => {
            let series_name = |key: &str| {
                catalogue.find_series(key).map_or_else(
                    || key.to_owned(),
                    |s| lang.pick(&s.name_sv, &s.name_en).to_owned(),
                )
            };
            match (
                field.strip_prefix("user:"),
                field.strip_prefix(effekt::EXPLANATION_FIELD_PREFIX),
            ) {
                (Some(email), _) => format!("{}: {email}", t.account),
                (_, Some(series)) => format!(
                    "{} – {}",
                    series_name(series),
                    lang.plausibility_texts().explanation_name
                ),
                (None, None) => series_name(field),
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn goals_in_the_history_are_written_in_the_readers_language() {
        let stored = "Handläggningstid: 42.5 → 30 by 2029Q4, lower is better";
        assert_eq!(
            goal_text(Lang::Sv, stored).as_deref(),
            Some("Handläggningstid: 42,5 → 30 till 2029 K4, lägre är bättre")
        );
        assert_eq!(
            goal_text(Lang::En, stored).as_deref(),
            Some("Handläggningstid: 42.5 → 30 by Q4 2029, lower is better")
        );
        assert_eq!(
            goal_text(Lang::Sv, "Mål: nöjdhet: 1 → 2.25 by 2027Q1").as_deref(),
            Some("Mål: nöjdhet: 1 → 2,25 till 2027 K1")
        );
        assert_eq!(goal_text(Lang::Sv, "something else"), None);
    }
}
