//! When a quarter's national figures can be read, and how many reports a national figure
//! needs. Leadership reads a quarter once its reporting deadline has passed or at least half of
//! the organisations expected have reported: before that, the first report in would stand for
//! the whole country.

#[cfg(feature = "server")]
use crate::Period;

/// `EFFEKT_REPORT_DEADLINE_DAYS` unless set: reports are due 45 days after the quarter ends.
pub const DEFAULT_DEADLINE_DAYS: u16 = 45;
/// `EFFEKT_MIN_REPORTS` unless set: a median of fewer reports says more about those few than
/// about the country.
pub const DEFAULT_MIN_REPORTS: u32 = 3;
/// No deadline further out than a year after the quarter.
pub const MAX_DEADLINE_DAYS: u16 = 366;

/// The reporting deadline and the fewest reports that make a national figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingRules {
    deadline_days: u16,
    min_reports: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportingRulesError {
    #[error("the deadline is {0} days after the quarter, more than {MAX_DEADLINE_DAYS}")]
    DeadlineTooLate(u16),
    #[error("a national figure needs at least one report")]
    NoReports,
}

impl Default for ReportingRules {
    fn default() -> Self {
        Self {
            deadline_days: DEFAULT_DEADLINE_DAYS,
            min_reports: DEFAULT_MIN_REPORTS,
        }
    }
}

impl ReportingRules {
    pub fn new(deadline_days: u16, min_reports: u32) -> Result<Self, ReportingRulesError> {
        if deadline_days > MAX_DEADLINE_DAYS {
            return Err(ReportingRulesError::DeadlineTooLate(deadline_days));
        }
        if min_reports == 0 {
            return Err(ReportingRulesError::NoReports);
        }
        Ok(Self {
            deadline_days,
            min_reports,
        })
    }

    pub fn deadline_days(self) -> u16 {
        self.deadline_days
    }

    pub fn min_reports(self) -> u32 {
        self.min_reports
    }

    /// Whether `n` reports make a national figure.
    pub fn enough(self, n: u32) -> bool {
        n >= self.min_reports
    }

    /// The last day reports for `period` are on time.
    #[cfg(feature = "server")]
    pub fn deadline(self, period: Period) -> time::Date {
        last_day(period) + time::Duration::days(i64::from(self.deadline_days))
    }

    /// Whether the deadline of `period` has passed by the server's clock.
    #[cfg(feature = "server")]
    pub fn deadline_passed(self, period: Period) -> bool {
        today() > self.deadline(period)
    }

    /// [`ReportingRules::readable`] by the server's clock.
    #[cfg(feature = "server")]
    pub fn readable_today(self, period: Period, reported: usize, expected: usize) -> bool {
        self.readable(period, reported, expected, today())
    }

    /// Whether leadership can read `period` on `today`, when `reported` of the `expected`
    /// organisations have submitted or approved reports for it.
    #[cfg(feature = "server")]
    pub fn readable(
        self,
        period: Period,
        reported: usize,
        expected: usize,
        today: time::Date,
    ) -> bool {
        today > self.deadline(period) || (expected > 0 && reported * 2 >= expected)
    }
}

#[cfg(feature = "server")]
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The last day of `period`: the day before the next quarter begins.
#[cfg(feature = "server")]
fn last_day(period: Period) -> time::Date {
    let (year, quarter) = (i32::from(period.year()), period.quarter());
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

#[cfg(all(test, feature = "server"))]
mod tests {
    use time::macros::date;

    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn the_deadline_counts_days_from_the_quarters_last_day() {
        let rules = ReportingRules::default();
        // 31 March + 45 days: 30 days of April, then 15 May.
        assert_eq!(rules.deadline(p("2025Q1")), date!(2025 - 05 - 15));
        // 31 December + 45 days: 31 of January, then 14 February.
        assert_eq!(rules.deadline(p("2025Q4")), date!(2026 - 02 - 14));
        let at_once = ReportingRules::new(0, 3).unwrap();
        assert_eq!(at_once.deadline(p("2024Q2")), date!(2024 - 06 - 30));
    }

    #[test]
    fn a_quarter_is_readable_after_its_deadline_or_once_half_have_reported() {
        let rules = ReportingRules::default();
        let q = p("2025Q1");
        assert!(
            !rules.readable(q, 1, 12, date!(2025 - 05 - 15)),
            "on the deadline"
        );
        assert!(
            rules.readable(q, 1, 12, date!(2025 - 05 - 16)),
            "the day after"
        );
        assert!(rules.readable(q, 6, 12, date!(2025 - 04 - 01)), "half");
        assert!(
            !rules.readable(q, 5, 11, date!(2025 - 04 - 01)),
            "under half"
        );
        assert!(
            !rules.readable(q, 0, 0, date!(2025 - 04 - 01)),
            "nobody expected"
        );
    }

    #[test]
    fn too_few_reports_and_bad_rules() {
        let rules = ReportingRules::default();
        assert!(!rules.enough(2));
        assert!(rules.enough(3));
        assert_eq!(
            ReportingRules::new(45, 0),
            Err(ReportingRulesError::NoReports)
        );
        assert_eq!(
            ReportingRules::new(367, 3),
            Err(ReportingRulesError::DeadlineTooLate(367))
        );
    }
}
