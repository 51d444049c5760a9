//! Audited changes as people read them: what each names and its values in the reader's
//! language, and the table that the organisation's history and the whole audit trail share.

use effekt::{Catalogue, Change, LESSONS_FIELD, Period};
use leptos::either::Either;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::local_time::Time;

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

/// The changes as a table in the order given, or a sentence that there are none. Each change
/// comes with its organisation's name when the table has a column for it (`with_organisation`).
#[component]
pub fn ChangesTable(
    changes: Vec<(Option<String>, Change)>,
    #[prop(optional)] with_organisation: bool,
    /// Names the scrolling region for assistive technology.
    label: &'static str,
    catalogue: Catalogue,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    if changes.is_empty() {
        return Either::Left(view! { <p>{t.no_changes}</p> });
    }
    let rows = changes
        .into_iter()
        .map(|(organisation, change)| {
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
                    {with_organisation.then(|| view! { <td>{organisation.unwrap_or_default()}</td> })}
                    <td>{period}</td>
                    <td>{field_label(&catalogue, lang, &change.field)}</td>
                    <td>{change.old.unwrap_or_default()}</td>
                    <td>{change.new.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t.when}</th>
                        <th scope="col">{t.who}</th>
                        {with_organisation.then(|| view! { <th scope="col">{t.organisation}</th> })}
                        <th scope="col">{t.quarter}</th>
                        <th scope="col">{t.what}</th>
                        <th scope="col">{t.old_value}</th>
                        <th scope="col">{t.new_value}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    })
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
