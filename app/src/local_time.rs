//! Stored times (RFC 3339 in UTC) as people in Sweden read them: Swedish local time, to the
//! minute, with the month's name in the reader's language, inside a `<time>` element that
//! keeps the exact moment for machines.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use leptos::prelude::*;

use crate::i18n::Lang;

/// Europe/Stockholm as a POSIX rule (CET, and CEST from the last Sunday of March to the last
/// Sunday of October): the rule the tz database itself gives for Stockholm since 1996, which
/// covers every time Effekt stores. A rule instead of the whole database keeps the browser
/// bundle, which formats the same times when it hydrates, small.
const STOCKHOLM: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

const MONTHS_SV: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A moment in Swedish local time, as text and as the `datetime` value of a `<time>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// "2 dec. 2026 06:10" (Swedish) or "2 Dec 2026 06:10" (English).
    pub text: String,
    /// RFC 3339 with the local offset, to the minute: "2026-12-02T06:10:00+01:00".
    pub datetime: String,
}

/// A stored time for reading; `None` when the text is not an RFC 3339 time.
pub fn local_time(lang: Lang, stored: &str) -> Option<LocalTime> {
    let at: Timestamp = stored.trim().parse().ok()?;
    let zone = TimeZone::posix(STOCKHOLM).ok()?;
    let local = zone.to_datetime(at);
    let offset = zone.to_offset(at).seconds();
    let months = match lang {
        Lang::Sv => &MONTHS_SV,
        Lang::En => &MONTHS_EN,
    };
    let month = months.get(usize::try_from(local.month() - 1).ok()?)?;
    let (year, day, hour, minute) = (local.year(), local.day(), local.hour(), local.minute());
    let sign = if offset < 0 { '-' } else { '+' };
    let (offset_hours, offset_minutes) = (offset.abs() / 3600, offset.abs() % 3600 / 60);
    Some(LocalTime {
        text: format!("{day} {month} {year} {hour:02}:{minute:02}"),
        datetime: format!(
            "{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:00{sign}{offset_hours:02}:{offset_minutes:02}",
            local.month()
        ),
    })
}

/// A stored time in a `<time>` element; text that is not a time is shown as it is.
#[component]
pub fn Time(lang: Lang, #[prop(into)] at: String) -> impl IntoView {
    match local_time(lang, &at) {
        Some(local) => view! { <time datetime=local.datetime>{local.text}</time> }.into_any(),
        None => at.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_times_are_an_hour_ahead_of_utc() {
        let local = local_time(Lang::Sv, "2026-12-02T05:10:00.693796Z").unwrap();
        assert_eq!(local.text, "2 dec. 2026 06:10");
        assert_eq!(local.datetime, "2026-12-02T06:10:00+01:00");
        let local = local_time(Lang::En, "2026-12-02T05:10:00.693796Z").unwrap();
        assert_eq!(local.text, "2 Dec 2026 06:10");
    }

    #[test]
    fn summer_times_are_two_hours_ahead_of_utc() {
        let local = local_time(Lang::Sv, "2026-07-15T22:30:59.999999Z").unwrap();
        assert_eq!(local.text, "16 juli 2026 00:30");
        assert_eq!(local.datetime, "2026-07-16T00:30:00+02:00");
        assert_eq!(
            local_time(Lang::En, "2026-07-15T22:30:00Z").unwrap().text,
            "16 Jul 2026 00:30"
        );
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays_of_march_and_october() {
        // 29 March 2026 01:00 UTC: clocks go from 02:00 to 03:00.
        let text = |at| local_time(Lang::Sv, at).unwrap().text;
        assert_eq!(text("2026-03-29T00:59:00Z"), "29 mars 2026 01:59");
        assert_eq!(text("2026-03-29T01:00:00Z"), "29 mars 2026 03:00");
        // 25 October 2026 01:00 UTC: clocks go from 03:00 back to 02:00.
        assert_eq!(text("2026-10-25T00:59:00Z"), "25 okt. 2026 02:59");
        assert_eq!(text("2026-10-25T01:00:00Z"), "25 okt. 2026 02:00");
    }

    #[test]
    fn text_that_is_not_a_time_is_refused() {
        assert_eq!(local_time(Lang::Sv, "igår"), None);
        assert_eq!(local_time(Lang::Sv, "2026-12-02 05:10"), None);
    }
}
