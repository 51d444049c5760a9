//! Reporting rate and timeliness: per quarter, how many of the organisations expected have
//! reported, how many reports are approved, and how many were first submitted by the deadline.

use serde::{Deserialize, Serialize};

use crate::page::given;
use crate::{OrgKind, OrgKindError, Period, PeriodError};

/// Quarters a default range shows: two years.
const DEFAULT_QUARTERS: i32 = 8;
/// The longest range asked for at once: a century of quarters is more than any history.
pub const MAX_COMPLETENESS_QUARTERS: usize = 400;

/// One quarter's reporting, as `GET /api/v1/completeness` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub period: Period,
    /// Registered organisations (of the kind asked for).
    pub expected: u32,
    /// Those with a submitted or approved report.
    pub reported: u32,
    pub approved: u32,
    /// Reported, and first submitted by the deadline (its day included, UTC).
    pub on_time: u32,
    /// The last day that is on time, `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub deadline: String,
}

/// Which quarters and organisations a completeness question covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletenessFilter {
    from: Period,
    to: Period,
    kind: Option<OrgKind>,
}

/// What is wrong with a requested range, by the query parameter that gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompletenessFilterError {
    #[error(transparent)]
    From(PeriodError),
    #[error(transparent)]
    To(PeriodError),
    #[error("the last quarter comes before the first")]
    ToBeforeFrom,
    #[error("{0} has not begun: nothing can be reported for it yet")]
    NotBegun(Period),
    #[error("at most {MAX_COMPLETENESS_QUARTERS} quarters can be asked for at once")]
    TooLong,
    #[error(transparent)]
    Kind(OrgKindError),
}

impl CompletenessFilterError {
    /// The query parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            Self::From(_) => "from",
            Self::To(_) | Self::ToBeforeFrom | Self::NotBegun(_) | Self::TooLong => "to",
            Self::Kind(_) => "kind",
        }
    }
}

impl CompletenessFilter {
    /// Reads the range as a query string gives it. Missing or empty parts choose the default:
    /// the two years up to `last_ended`, every kind. No quarter after `current` is asked for:
    /// none can have been reported.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        kind: Option<&str>,
        last_ended: Period,
        current: Period,
    ) -> Result<Self, Vec<CompletenessFilterError>> {
        let mut errors = Vec::new();
        let from = given(from).and_then(|text| {
            Period::parse(text)
                .map_err(|e| errors.push(CompletenessFilterError::From(e)))
                .ok()
        });
        let to = given(to).and_then(|text| {
            Period::parse(text)
                .map_err(|e| errors.push(CompletenessFilterError::To(e)))
                .ok()
        });
        let kind = given(kind).and_then(|text| {
            OrgKind::parse(text)
                .map_err(|e| errors.push(CompletenessFilterError::Kind(e)))
                .ok()
        });
        let to = to.unwrap_or(last_ended);
        if to > current {
            errors.push(CompletenessFilterError::NotBegun(to));
        }
        let from = from.unwrap_or_else(|| {
            Period::from_index(to.index() - (DEFAULT_QUARTERS - 1)).unwrap_or(to)
        });
        if to < from {
            errors.push(CompletenessFilterError::ToBeforeFrom);
        } else if from.through(to).nth(MAX_COMPLETENESS_QUARTERS).is_some() {
            errors.push(CompletenessFilterError::TooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self { from, to, kind })
    }

    pub fn from(&self) -> Period {
        self.from
    }

    pub fn to(&self) -> Period {
        self.to
    }

    pub fn kind(&self) -> Option<OrgKind> {
        self.kind
    }

    /// Every quarter asked for, oldest first.
    pub fn quarters(&self) -> impl Iterator<Item = Period> {
        self.from.through(self.to)
    }
}

/// What one report adds to its quarter's reporting.
#[cfg(feature = "server")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportTiming {
    pub period: Period,
    pub status: crate::ReportStatus,
    /// The day (UTC) it was first submitted; none while it never was.
    pub first_submitted: Option<time::Date>,
}

/// Counts the reports of the quarters `filter` asks for, `expected` organisations each; a
/// quarter nobody reported is a row of zeros, not a gap.
#[cfg(feature = "server")]
pub fn tally(
    filter: &CompletenessFilter,
    expected: u32,
    reports: &[ReportTiming],
    deadlines: &crate::Deadlines,
) -> Vec<Completeness> {
    use crate::ReportStatus;

    let mut rows: std::collections::BTreeMap<Period, Completeness> = filter
        .quarters()
        .map(|period| {
            let row = Completeness {
                period,
                expected,
                reported: 0,
                approved: 0,
                on_time: 0,
                deadline: iso_date(deadlines.of(period)),
            };
            (period, row)
        })
        .collect();
    for report in reports {
        let Some(row) = rows.get_mut(&report.period) else {
            continue;
        };
        if report.status == ReportStatus::Draft {
            continue;
        }
        row.reported += 1;
        row.approved += u32::from(report.status == ReportStatus::Approved);
        let on_time = report
            .first_submitted
            .is_some_and(|day| deadlines.on_time(report.period, day));
        row.on_time += u32::from(on_time);
    }
    rows.into_values().collect()
}

/// `YYYY-MM-DD`, as the API and the pages show a day.
#[cfg(feature = "server")]
pub fn iso_date(day: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    fn parse(
        from: &str,
        to: &str,
        kind: &str,
    ) -> Result<CompletenessFilter, Vec<CompletenessFilterError>> {
        CompletenessFilter::parse(Some(from), Some(to), Some(kind), p("2026Q3"), p("2026Q4"))
    }

    #[test]
    fn the_default_is_the_two_years_up_to_the_last_ended_quarter() {
        let filter = parse("", "", "").unwrap();
        assert_eq!(
            (filter.from(), filter.to(), filter.kind()),
            (p("2024Q4"), p("2026Q3"), None)
        );
        assert_eq!(filter.quarters().count(), 8);
        let from_only = parse("2026Q1", " ", "region").unwrap();
        assert_eq!(
            (from_only.from(), from_only.to(), from_only.kind()),
            (p("2026Q1"), p("2026Q3"), Some(OrgKind::Region))
        );
        let to_only = parse("", "2025Q2", "").unwrap();
        assert_eq!(to_only.from(), p("2023Q3"));
    }

    #[test]
    fn every_bad_part_is_named_by_its_parameter() {
        let fields = |result: Result<CompletenessFilter, Vec<CompletenessFilterError>>| {
            result
                .unwrap_err()
                .iter()
                .map(CompletenessFilterError::field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(parse("2025Q5", "x", "city")), ["from", "to", "kind"]);
        assert_eq!(fields(parse("2026Q2", "2026Q1", "")), ["to"]);
        // The current quarter may be asked for; the next has not begun.
        assert!(parse("2026Q4", "2026Q4", "").is_ok());
        assert_eq!(
            parse("2026Q4", "2027Q1", "").unwrap_err(),
            [CompletenessFilterError::NotBegun(p("2027Q1"))]
        );
        assert!(parse("1927Q1", "2026Q4", "").is_ok());
        assert_eq!(
            parse("1926Q4", "2026Q4", "").unwrap_err(),
            [CompletenessFilterError::TooLong]
        );
    }

    #[cfg(feature = "server")]
    #[test]
    fn reports_count_by_status_and_first_submission_worked_out_by_hand() {
        use time::macros::date;

        use crate::{Deadlines, ReportStatus, ReportingRules};

        let deadlines = Deadlines::new(
            ReportingRules::default(),
            [(p("2026Q2"), date!(2026 - 07 - 31))],
        );
        let report = |period: &str, status, first: Option<time::Date>| ReportTiming {
            period: p(period),
            status,
            first_submitted: first,
        };
        let reports = [
            // 2026Q1, deadline 15 May by the default 45 days: two on time (one on the day),
            // one late, one draft that never counts, one draft that was submitted on time
            // once and reopened: not reported, so not on time either.
            report(
                "2026Q1",
                ReportStatus::Approved,
                Some(date!(2026 - 04 - 20)),
            ),
            report(
                "2026Q1",
                ReportStatus::Submitted,
                Some(date!(2026 - 05 - 15)),
            ),
            report(
                "2026Q1",
                ReportStatus::Approved,
                Some(date!(2026 - 05 - 16)),
            ),
            report("2026Q1", ReportStatus::Draft, None),
            report("2026Q1", ReportStatus::Draft, Some(date!(2026 - 04 - 02))),
            // 2026Q2, the deadline set to 31 July: 1 August is late.
            report(
                "2026Q2",
                ReportStatus::Submitted,
                Some(date!(2026 - 07 - 31)),
            ),
            report(
                "2026Q2",
                ReportStatus::Submitted,
                Some(date!(2026 - 08 - 01)),
            ),
            // Outside the range asked for.
            report(
                "2025Q4",
                ReportStatus::Approved,
                Some(date!(2026 - 01 - 10)),
            ),
        ];
        let filter = parse("2026Q1", "2026Q3", "").unwrap();
        let rows = tally(&filter, 12, &reports, &deadlines);
        let row = |period: &str, reported, approved, on_time, deadline: &str| Completeness {
            period: p(period),
            expected: 12,
            reported,
            approved,
            on_time,
            deadline: deadline.to_owned(),
        };
        assert_eq!(
            rows,
            [
                row("2026Q1", 3, 2, 2, "2026-05-15"),
                row("2026Q2", 2, 0, 1, "2026-07-31"),
                row("2026Q3", 0, 0, 0, "2026-11-14"),
            ]
        );
    }
}
