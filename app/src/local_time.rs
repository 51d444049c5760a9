//! Stored times (RFC 3339 in UTC) as people in Sweden read them: Swedish local time, to the
//! minute, with the month's name in the reader's language, inside a `<time>` element that
//! keeps the exact moment for machines.

use leptos::prelude::*;

use crate::i18n::Lang;

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

/// A stored time for reading; `None` when the text is not a stored time (RFC 3339 in UTC,
/// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`).
///
/// Stockholm's rule is worked out here rather than by a time-zone crate: the browser bundle
/// formats the same times when it hydrates, and `jiff` added 42 KB (compressed) to a first
/// visit whose budget is 400 KB (BENCHMARKS.md, "First visit to the dashboard"). The rule is
/// the EU's since 1996, which covers every time Effekt stores: CET, and CEST from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October.
pub fn local_time(lang: Lang, stored: &str) -> Option<LocalTime> {
    let utc_minutes = minutes_since_epoch(stored.trim())?;
    let year = civil_from_days(utc_minutes.div_euclid(MINUTES_A_DAY)).0;
    let summer_starts = last_sunday(year, 3) * MINUTES_A_DAY + 60;
    let summer_ends = last_sunday(year, 10) * MINUTES_A_DAY + 60;
    let offset_hours = if (summer_starts..summer_ends).contains(&utc_minutes) {
        2
    } else {
        1
    };
    let local = utc_minutes + offset_hours * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(MINUTES_A_DAY));
    let minute_of_day = local.rem_euclid(MINUTES_A_DAY);
    let (hour, minute) = (minute_of_day / 60, minute_of_day % 60);
    let months = match lang {
        Lang::Sv => &MONTHS_SV,
        Lang::En => &MONTHS_EN,
    };
    let name = months[usize::try_from(month - 1).ok()?];
    Some(LocalTime {
        text: format!("{day} {name} {year} {hour:02}:{minute:02}"),
        datetime: format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+{offset_hours:02}:00"
        ),
    })
}

const MINUTES_A_DAY: i64 = 24 * 60;

/// Minutes since 1970-01-01 00:00 UTC of a stored time; seconds and their fraction dropped.
fn minutes_since_epoch(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if bytes.len() < 20 || bytes.last() != Some(&b'Z') {
        return None;
    }
    if separators.iter().any(|&(at, byte)| bytes[at] != byte) {
        return None;
    }
    let fraction = &text[19..text.len() - 1];
    let fraction_ok = fraction.is_empty()
        || (fraction.len() > 1
            && fraction.starts_with('.')
            && fraction[1..].bytes().all(|b| b.is_ascii_digit()));
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let valid = fraction_ok
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    valid.then(|| days_from_civil(year, month, day) * MINUTES_A_DAY + hour * 60 + minute)
}

/// The last Sunday of a 31-day month, in days since 1970-01-01 (a Thursday).
fn last_sunday(year: i64, month: i64) -> i64 {
    let last = days_from_civil(year, month, 31);
    last - (last + 4).rem_euclid(7)
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day counted from 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
    fn dates_round_trip_through_day_numbers_across_leap_years_and_centuries() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in [-1, 0, 59, 60, 11_016, 11_017, 20_454, 47_541] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(
                days_from_civil(year, month, day),
                days,
                "{year}-{month}-{day}"
            );
        }
        assert_eq!(civil_from_days(20_424), (2025, 12, 2));
        // 2024 is a leap year; 2100 is not.
        assert_eq!(
            civil_from_days(days_from_civil(2024, 2, 29) + 1),
            (2024, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2100, 2, 28) + 1),
            (2100, 3, 1)
        );
        assert_eq!(last_sunday(2026, 3), days_from_civil(2026, 3, 29));
        assert_eq!(last_sunday(2027, 10), days_from_civil(2027, 10, 31));
    }

    #[test]
    fn text_that_is_not_a_time_is_refused() {
        assert_eq!(local_time(Lang::Sv, "2026-13-02T05:10:00Z"), None);
        assert_eq!(local_time(Lang::Sv, "2026-12-02T05:10:00.Z"), None);
        assert_eq!(local_time(Lang::Sv, "2026-12-02T05:10:00+01:00"), None);
        assert_eq!(local_time(Lang::Sv, "igår"), None);
        assert_eq!(local_time(Lang::Sv, "2026-12-02 05:10"), None);
    }
}
