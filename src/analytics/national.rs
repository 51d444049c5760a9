//! A series' national figures as the pages tell them, read from a summary: a quarter's median
//! stands for the country only where enough organisations reported
//! ([`ReportingRules::enough`]). The dashboard's tiles and the quarterly report ask this; they
//! only draw and word the answers.

use super::SummaryRow;
use crate::{Period, ReportingRules};

/// One series' rows of a summary, in quarter order, with the rule for a national figure and
/// the scale the page shows the figures in (shares as percent).
pub struct National<'a, S> {
    rows: Vec<&'a SummaryRow>,
    rules: ReportingRules,
    scale: S,
}

impl<'a, S: Fn(f64) -> f64> National<'a, S> {
    pub fn of(rows: &'a [SummaryRow], series: &str, rules: ReportingRules, scale: S) -> Self {
        Self {
            rows: rows.iter().filter(|r| r.series == series).collect(),
            rules,
            scale,
        }
    }

    /// Every row, oldest first: the quarters where any organisation reported.
    pub fn rows(&self) -> impl Iterator<Item = &'a SummaryRow> + '_ {
        self.rows.iter().copied()
    }

    /// The row of `quarter`, where any organisation reported.
    pub fn row(&self, quarter: Option<Period>) -> Option<&'a SummaryRow> {
        self.rows
            .iter()
            .copied()
            .find(|r| Some(r.period) == quarter)
    }

    /// The newest row from `from` to `to`.
    pub fn newest(&self, from: Period, to: Period) -> Option<&'a SummaryRow> {
        self.in_range(from, to).last()
    }

    /// `row`'s median, where it stands for the country.
    pub fn median(&self, row: &SummaryRow) -> Option<f64> {
        self.rules.enough(row.n).then(|| (self.scale)(row.median))
    }

    /// `row`'s quartiles (p25, p75), where they stand for the country.
    pub fn band(&self, row: &SummaryRow) -> Option<(f64, f64)> {
        self.rules
            .enough(row.n)
            .then(|| ((self.scale)(row.p25), (self.scale)(row.p75)))
    }

    /// The quartiles that stand from `from` to `to`, oldest first.
    pub fn bands(&self, from: Period, to: Period) -> Vec<(Period, f64, f64)> {
        self.in_range(from, to)
            .filter_map(|r| {
                let (p25, p75) = self.band(r)?;
                Some((r.period, p25, p75))
            })
            .collect()
    }

    /// `value` in the scale the page shows.
    pub fn scaled(&self, value: f64) -> f64 {
        (self.scale)(value)
    }

    /// The medians that stand from `from` to `to`, oldest first.
    pub fn medians(&self, from: Period, to: Period) -> Vec<(Period, f64)> {
        self.in_range(from, to)
            .filter_map(|r| Some((r.period, self.median(r)?)))
            .collect()
    }

    /// `row`'s median against the same quarter's a year before, where both stand.
    pub fn year_change(&self, row: &SummaryRow) -> Option<f64> {
        let before = self
            .row(row.period.year_before())
            .and_then(|r| self.median(r))?;
        Some(self.median(row)? - before)
    }

    fn in_range(&self, from: Period, to: Period) -> impl Iterator<Item = &'a SummaryRow> + '_ {
        self.rows
            .iter()
            .copied()
            .filter(move |r| r.period >= from && r.period <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(series: &str, period: &str, n: u32, median: f64) -> SummaryRow {
        SummaryRow {
            series: series.to_owned(),
            period: Period::parse(period).unwrap(),
            n,
            n_approved: n,
            sum: 0.0,
            mean: median,
            median,
            p25: median,
            p75: median,
            min: median,
            max: median,
            n_without_size: None,
        }
    }

    #[test]
    fn a_median_of_too_few_reports_stands_for_no_national_figure() {
        let p = |text: &str| Period::parse(text).unwrap();
        let rows = [
            row("external_share", "2024Q2", 5, 0.2),
            row("external_share", "2025Q1", 2, 0.9),
            row("external_share", "2025Q2", 5, 0.25),
            row("ideas_delivered", "2025Q2", 5, 7.0),
        ];
        let rules = ReportingRules::default();
        assert!(!rules.enough(2), "the test needs a minimum above 2");
        let share = National::of(&rows, "external_share", rules, |v| v * 100.0);
        let newest = share.newest(p("2025Q1"), p("2025Q2")).unwrap();
        assert_eq!(newest.period, p("2025Q2"));
        assert_eq!(share.median(newest), Some(25.0));
        assert_eq!(share.year_change(newest), Some(25.0 - 20.0));
        assert_eq!(
            share.medians(p("2024Q1"), p("2025Q2")),
            [(p("2024Q2"), 20.0), (p("2025Q2"), 25.0)]
        );
        let too_few = share.row(Some(p("2025Q1"))).unwrap();
        assert_eq!(
            (share.median(too_few), share.year_change(too_few)),
            (None, None)
        );
    }
}
