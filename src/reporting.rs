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

    /// The last day reports for `period` are on time, unless an administrator set another:
    /// [`Deadlines::of`] knows.
    #[cfg(feature = "server")]
    pub fn default_deadline(self, period: Period) -> time::Date {
        period.last_day() + time::Duration::days(i64::from(self.deadline_days))
    }
}

/// Each quarter's reporting deadline: the day an administrator set for it, else
/// [`ReportingRules::default_deadline`].
#[cfg(feature = "server")]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    rules: ReportingRules,
    set: std::collections::BTreeMap<Period, time::Date>,
}

/// Why a deadline an administrator gives is refused.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error,
)]
pub enum DeadlineError {
    #[error("the deadline must be a date written YYYY-MM-DD")]
    NotADate,
    #[error("the deadline must come after the quarter has ended")]
    BeforeQuarterEnds,
    #[error("the deadline must be at most {MAX_DEADLINE_DAYS} days after the quarter")]
    TooLate,
}

#[cfg(feature = "server")]
impl Deadlines {
    pub fn new(rules: ReportingRules, set: impl IntoIterator<Item = (Period, time::Date)>) -> Self {
        Self {
            rules,
            set: set.into_iter().collect(),
        }
    }

    /// The last day reports for `period` are on time.
    pub fn of(&self, period: Period) -> time::Date {
        self.set
            .get(&period)
            .copied()
            .unwrap_or_else(|| self.rules.default_deadline(period))
    }

    /// Whether an administrator set the deadline of `period`.
    pub fn is_set(&self, period: Period) -> bool {
        self.set.contains_key(&period)
    }

    /// Whether a report first submitted on `day` was on time for `period`: by the end of the
    /// deadline's day, in UTC, as every stored time is.
    pub fn on_time(&self, period: Period, day: time::Date) -> bool {
        day <= self.of(period)
    }

    /// Whether the deadline of `period` has passed by the server's clock.
    pub fn passed_today(&self, period: Period) -> bool {
        today() > self.of(period)
    }

    /// [`Deadlines::readable`] by the server's clock.
    pub fn readable_today(&self, period: Period, reported: usize, expected: usize) -> bool {
        self.readable(period, reported, expected, today())
    }

    /// Whether leadership can read `period` on `today`, when `reported` of the `expected`
    /// organisations have submitted or approved reports for it.
    pub fn readable(
        &self,
        period: Period,
        reported: usize,
        expected: usize,
        today: time::Date,
    ) -> bool {
        today > self.of(period) || (expected > 0 && reported * 2 >= expected)
    }

    /// Reads a deadline an administrator gives for `period`: an ISO date after the quarter's
    /// last day and no more than [`MAX_DEADLINE_DAYS`] after it.
    pub fn parse(period: Period, text: &str) -> Result<time::Date, DeadlineError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day = time::Date::parse(text.trim(), format).map_err(|_| DeadlineError::NotADate)?;
        let last = period.last_day();
        if day <= last {
            Err(DeadlineError::BeforeQuarterEnds)
        } else if day > last + time::Duration::days(i64::from(MAX_DEADLINE_DAYS)) {
            Err(DeadlineError::TooLate)
        } else {
            Ok(day)
        }
    }
}

#[cfg(feature = "server")]
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
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
        assert_eq!(rules.default_deadline(p("2025Q1")), date!(2025 - 05 - 15));
        // 31 December + 45 days: 31 of January, then 14 February.
        assert_eq!(rules.default_deadline(p("2025Q4")), date!(2026 - 02 - 14));
        let at_once = ReportingRules::new(0, 3).unwrap();
        assert_eq!(at_once.default_deadline(p("2024Q2")), date!(2024 - 06 - 30));
    }

    #[test]
    fn a_quarter_is_readable_after_its_deadline_or_once_half_have_reported() {
        let rules = Deadlines::default();
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
    fn a_deadline_set_for_a_quarter_replaces_the_default_there_only() {
        let deadlines = Deadlines::new(
            ReportingRules::default(),
            [(p("2025Q1"), date!(2025 - 04 - 30))],
        );
        assert_eq!(deadlines.of(p("2025Q1")), date!(2025 - 04 - 30));
        assert_eq!(deadlines.of(p("2025Q2")), date!(2025 - 08 - 14));
        assert!(deadlines.is_set(p("2025Q1")) && !deadlines.is_set(p("2025Q2")));
        assert!(
            deadlines.on_time(p("2025Q1"), date!(2025 - 04 - 30)),
            "on the day"
        );
        assert!(
            !deadlines.on_time(p("2025Q1"), date!(2025 - 05 - 01)),
            "the day after"
        );
        assert!(deadlines.readable(p("2025Q1"), 0, 12, date!(2025 - 05 - 01)));
        assert!(!deadlines.readable(p("2025Q2"), 0, 12, date!(2025 - 08 - 14)));
    }

    #[test]
    fn a_deadline_is_a_date_after_the_quarter_and_within_a_year_of_it() {
        let q = p("2025Q1");
        assert_eq!(Deadlines::parse(q, "2025-04-01"), Ok(date!(2025 - 04 - 01)));
        assert_eq!(
            Deadlines::parse(q, " 2025-05-15 "),
            Ok(date!(2025 - 05 - 15))
        );
        // 31 March 2025 + 366 days is 1 April 2026.
        assert_eq!(Deadlines::parse(q, "2026-04-01"), Ok(date!(2026 - 04 - 01)));
        assert_eq!(
            Deadlines::parse(q, "2026-04-02"),
            Err(DeadlineError::TooLate)
        );
        assert_eq!(
            Deadlines::parse(q, "2025-03-31"),
            Err(DeadlineError::BeforeQuarterEnds)
        );
        for bad in [
            "",
            "2025-4-30",
            "30/04/2025",
            "2025-02-30",
            "tomorrow",
            "2025-04-30T00:00",
        ] {
            assert_eq!(
                Deadlines::parse(q, bad),
                Err(DeadlineError::NotADate),
                "{bad:?}"
            );
        }
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
