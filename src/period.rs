//! Calendar quarters, the unit every figure is reported in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Years outside this range are typing mistakes, not quarters anyone reports for.
pub(crate) const FIRST_YEAR: u16 = 1900;
pub(crate) const LAST_YEAR: u16 = 2999;

/// A calendar quarter such as `2025Q3`.
///
/// Parsed from the canonical `YYYYQn` or Statistics Sweden's `YYYYKn`; always written `YYYYQn`.
/// Ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    year: u16,
    quarter: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{input:?} is not a quarter: write it as YYYYQn, e.g. 2025Q3 (or 2025K3)")]
pub struct PeriodError {
    input: String,
}

/// A quarter that has not begun: nobody can have figures for it yet, and one stored anyway
/// would pull every dashboard's range into the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{period} has not begun: figures can be reported up to {current}")]
pub struct NotBegun {
    pub period: Period,
    /// The quarter we are in: the last one that can be reported.
    pub current: Period,
}

impl Period {
    pub fn new(year: u16, quarter: u8) -> Result<Self, PeriodError> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) && (1..=4).contains(&quarter) {
            Ok(Self { year, quarter })
        } else {
            Err(PeriodError {
                input: format!("{year}Q{quarter}"),
            })
        }
    }

    pub fn parse(input: &str) -> Result<Self, PeriodError> {
        let error = || PeriodError {
            input: input.to_owned(),
        };
        let bytes = input.as_bytes();
        if bytes.len() != 6 || !matches!(bytes[4], b'Q' | b'q' | b'K' | b'k') {
            return Err(error());
        }
        let (year, quarter) = (&input[..4], &input[5..]);
        if !year.bytes().all(|b| b.is_ascii_digit()) || !quarter.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(error());
        }
        let year = year.parse().map_err(|_| error())?;
        let quarter = quarter.parse().map_err(|_| error())?;
        Self::new(year, quarter).map_err(|_| error())
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// A running quarter number (`year × 4 + quarter − 1`), for arithmetic over time.
    pub fn index(self) -> i32 {
        i32::from(self.year) * 4 + i32::from(self.quarter) - 1
    }

    /// The quarter with this running number, if it is a year we accept.
    pub fn from_index(index: i32) -> Option<Self> {
        let year = u16::try_from(index.div_euclid(4)).ok()?;
        let quarter = u8::try_from(index.rem_euclid(4) + 1).ok()?;
        Self::new(year, quarter).ok()
    }

    /// The quarter after this one; none after the last year we accept.
    pub fn next(self) -> Option<Self> {
        Self::from_index(self.index() + 1)
    }

    /// The quarter before this one; none before the first year we accept.
    pub fn previous(self) -> Option<Self> {
        Self::from_index(self.index() - 1)
    }

    /// The same quarter a year earlier; none before the first year we accept.
    pub fn year_before(self) -> Option<Self> {
        Self::from_index(self.index() - 4)
    }

    /// Quarters from `self` up to and including `last`, oldest first; empty when `last` is earlier.
    pub fn through(self, last: Period) -> impl Iterator<Item = Period> {
        std::iter::successors(Some(self), |p| p.next()).take_while(move |p| *p <= last)
    }

    /// This quarter and those before it, newest first, `count` in all (fewer when the first
    /// year we accept comes sooner): the quarters a form offers to choose from.
    pub fn and_earlier(self, count: usize) -> impl Iterator<Item = Period> {
        std::iter::successors(Some(self), |p| p.previous()).take(count)
    }

    /// The quarter we are in now.
    #[cfg(feature = "server")]
    pub fn current() -> Self {
        let today = time::OffsetDateTime::now_utc();
        let quarter = (u8::from(today.month()) - 1) / 3 + 1;
        let year = u16::try_from(today.year()).unwrap_or(LAST_YEAR);
        Self::new(year, quarter).unwrap_or(Self {
            year: LAST_YEAR,
            quarter: 4,
        })
    }

    /// This quarter if it has begun when `current` is the quarter we are in.
    pub fn begun_by(self, current: Period) -> Result<Self, NotBegun> {
        if self <= current {
            Ok(self)
        } else {
            Err(NotBegun {
                period: self,
                current,
            })
        }
    }

    /// This quarter if it has begun by the server's clock: the one check before anything is
    /// reported for a quarter, whichever way it comes in.
    #[cfg(feature = "server")]
    pub fn begun(self) -> Result<Self, NotBegun> {
        self.begun_by(Self::current())
    }

    /// The last quarter that has ended: the one reports are due for.
    #[cfg(feature = "server")]
    pub fn last_ended() -> Self {
        let current = Self::current();
        current.previous().unwrap_or(current)
    }

    /// The quarter's last day: the day before the next quarter begins.
    #[cfg(feature = "server")]
    pub fn last_day(self) -> time::Date {
        let (year, quarter) = (i32::from(self.year), self.quarter);
        let (next_year, next_month) = if quarter == 4 {
            (year + 1, 1)
        } else {
            (year, quarter * 3 + 1)
        };
        let month = time::Month::try_from(next_month).unwrap_or(time::Month::January);
        time::Date::from_calendar_date(next_year, month, 1)
            .ok()
            .and_then(|first| first.previous_day())
            .unwrap_or(time::Date::MAX)
    }

    /// How the Swedish UI shows it: `2025 K3`.
    pub fn label_sv(self) -> String {
        format!("{} K{}", self.year, self.quarter)
    }

    /// How the English UI shows it: `Q3 2025`.
    pub fn label_en(self) -> String {
        format!("Q{} {}", self.quarter, self.year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.quarter)
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Period> for String {
    fn from(period: Period) -> Self {
        period.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn and_earlier_counts_back_newest_first_and_stops_at_the_first_year() {
        let quarters: Vec<String> = Period::parse("2025Q2")
            .unwrap()
            .and_earlier(3)
            .map(|p| p.to_string())
            .collect();
        assert_eq!(quarters, ["2025Q2", "2025Q1", "2024Q4"]);
        let first = Period::new(FIRST_YEAR, 1).unwrap();
        assert_eq!(first.and_earlier(5).collect::<Vec<_>>(), [first]);
    }

    #[test]
    fn parses_the_canonical_and_the_statistics_sweden_form() {
        assert_eq!(p("2025Q3"), Period::new(2025, 3).unwrap());
        assert_eq!(p("2025K3"), Period::new(2025, 3).unwrap());
        assert_eq!(p("2025q1").to_string(), "2025Q1");
        assert_eq!(p("2025k4").to_string(), "2025Q4");
    }

    #[test]
    fn rejects_everything_else_with_a_message_naming_the_input() {
        for bad in [
            "2025Q5", "2025Q0", "25Q1", "2025-3", "", "2025Q", "2025Q10", "20x5Q1", "2025 Q1",
            " 2025Q1", "2025Q+", "0000Q1", "2025Ö1", "+025Q1",
        ] {
            let error = Period::parse(bad).unwrap_err();
            assert!(
                error.to_string().contains(&format!("{bad:?}")),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn orders_in_time_and_steps_across_years() {
        assert!(p("2024Q4") < p("2025Q1"));
        assert!(p("2025Q1") < p("2025Q2"));
        assert_eq!(p("2024Q4").next(), Some(p("2025Q1")));
        assert_eq!(p("2025Q1").previous(), Some(p("2024Q4")));
        assert_eq!(
            p("2025Q2").next().and_then(Period::previous),
            Some(p("2025Q2"))
        );
        assert_eq!(p("2025Q2").year_before(), Some(p("2024Q2")));
        // Never a quarter that would not parse back.
        assert_eq!(p("2999Q4").next(), None);
        assert_eq!(p("1900Q1").previous(), None);
        assert_eq!(p("1900Q4").year_before(), None);
        assert_eq!(p("2999Q3").through(p("2999Q4")).count(), 2);
    }

    #[test]
    fn ranges_include_both_ends_and_are_empty_when_reversed() {
        let range: Vec<String> = p("2024Q3").through(p("2025Q2")).map(String::from).collect();
        assert_eq!(range, ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]);
        assert_eq!(p("2025Q1").through(p("2025Q1")).count(), 1);
        assert_eq!(p("2025Q2").through(p("2025Q1")).count(), 0);
    }

    #[test]
    fn running_numbers_count_quarters() {
        assert_eq!(p("2025Q1").index() - p("2024Q4").index(), 1);
        assert_eq!(p("2025Q3").index() - p("2024Q3").index(), 4);
        assert_eq!(Period::from_index(p("2025Q3").index()), Some(p("2025Q3")));
        assert_eq!(Period::from_index(-1), None);
    }

    #[test]
    fn only_quarters_up_to_the_current_one_have_begun() {
        let current = p("2026Q4");
        assert_eq!(p("2026Q4").begun_by(current), Ok(p("2026Q4")));
        assert_eq!(p("1900Q1").begun_by(current), Ok(p("1900Q1")));
        let refused = p("2027Q1").begun_by(current).unwrap_err();
        assert_eq!(
            (refused.period, refused.current),
            (p("2027Q1"), p("2026Q4"))
        );
        assert_eq!(
            refused.to_string(),
            "2027Q1 has not begun: figures can be reported up to 2026Q4"
        );
        assert!(p("2999Q4").begun_by(current).is_err());
    }

    #[cfg(feature = "server")]
    #[test]
    fn the_current_quarter_has_begun_and_the_next_has_not() {
        let current = Period::current();
        assert_eq!(current.begun(), Ok(current));
        if let Some(next) = current.next() {
            assert!(next.begun().is_err());
        }
    }

    #[test]
    fn labels_follow_each_language() {
        assert_eq!(p("2025Q3").label_sv(), "2025 K3");
        assert_eq!(p("2025Q3").label_en(), "Q3 2025");
    }

    #[test]
    fn serialises_as_the_canonical_string_and_checks_on_the_way_in() {
        assert_eq!(serde_json::to_string(&p("2025K2")).unwrap(), "\"2025Q2\"");
        assert_eq!(
            serde_json::from_str::<Period>("\"2025K2\"").unwrap(),
            p("2025Q2")
        );
        assert!(serde_json::from_str::<Period>("\"2025Q9\"").is_err());
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            #[test]
            fn parsing_never_panics(input in ".*") {
                let _ = Period::parse(&input);
            }

            #[test]
            fn parsing_never_panics_on_near_misses(input in "[0-9+ -]{3,5}[QqKkÖ ][0-9+-]{0,2}") {
                if let Ok(period) = Period::parse(&input) {
                    prop_assert_eq!(Period::parse(&period.to_string()), Ok(period));
                }
            }

            #[test]
            fn every_quarter_parses_back_in_both_forms(
                year in FIRST_YEAR..=LAST_YEAR,
                quarter in 1u8..=4,
            ) {
                let period = Period::new(year, quarter).unwrap();
                let canonical = period.to_string();
                prop_assert_eq!(&canonical, &format!("{year}Q{quarter}"));
                prop_assert_eq!(Period::parse(&canonical), Ok(period));
                prop_assert_eq!(Period::parse(&format!("{year}K{quarter}")), Ok(period));
                prop_assert_eq!(Period::parse(&format!("{year}q{quarter}")), Ok(period));
                prop_assert_eq!(Period::parse(&format!("{year}k{quarter}")), Ok(period));
                prop_assert_eq!(Period::from_index(period.index()), Some(period));
            }

            #[test]
            fn years_and_quarters_outside_the_range_are_refused(
                year in 0u16..=9999,
                quarter in 0u8..=9,
            ) {
                let valid = (FIRST_YEAR..=LAST_YEAR).contains(&year) && (1..=4).contains(&quarter);
                let text = format!("{year:04}Q{quarter}");
                prop_assert_eq!(Period::parse(&text).is_ok(), valid, "{}", text);
            }
        }
    }
}
