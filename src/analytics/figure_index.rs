//! Where each quarter's and each organisation's figures lie in a dataset, so that a page asks
//! for the few thousand figures it shows instead of scanning all of them: the measure page and
//! the organisation page each scanned every one of some 500,000 figures per view, the latter
//! once per series (the measure page row of `scripts/bench`, BENCHMARKS.md).
//!
//! The dataset keeps each organisation's figures apart, in quarter order: an organisation's
//! are found by its number, a quarter's by a binary search in each organisation's. No index
//! is built, so none needs building again after a save.

use super::{Dataset, Observation};
use crate::{OrgNumber, Period};

impl Dataset {
    /// Every figure of `period`, drafts included, organisation by organisation.
    pub fn in_quarter(&self, period: Period) -> impl Iterator<Item = &Observation> {
        self.figures
            .values()
            .flat_map(move |part| &part[quarter_span(part, period)])
    }

    /// Every figure of `organisation`, drafts included, in quarter order.
    pub fn of_organisation(&self, organisation: OrgNumber) -> impl Iterator<Item = &Observation> {
        self.figures
            .get(&organisation)
            .into_iter()
            .flat_map(|part| part.iter())
    }
}

/// Where `period`'s figures lie among one organisation's, which are in quarter order.
pub(super) fn quarter_span(part: &[Observation], period: Period) -> std::ops::Range<usize> {
    part.partition_point(|o| o.period < period)..part.partition_point(|o| o.period <= period)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{OrgKind, ReportStatus};

    #[test]
    fn a_quarter_and_an_organisation_give_exactly_their_figures() {
        let org = |n: &str| OrgNumber::parse(n).unwrap();
        let (ystad, uppsala) = (org("212000-2627"), org("212000-0159"));
        let (q1, q2) = (
            Period::parse("2025Q1").unwrap(),
            Period::parse("2025Q2").unwrap(),
        );
        let series: Arc<str> = Arc::from("tv_series");
        let figure = |organisation, period, value| Observation {
            organisation,
            kind: OrgKind::Municipality,
            period,
            series: series.clone(),
            value,
            status: ReportStatus::Submitted,
        };
        let observations = vec![
            figure(ystad, q1, 1.0),
            figure(uppsala, q1, 2.0),
            figure(ystad, q2, 3.0),
        ];
        let dataset = Dataset::new(observations, [OrgKind::Municipality; 2], 1).unwrap();
        let values =
            |figures: Vec<&Observation>| figures.iter().map(|o| o.value).collect::<Vec<_>>();
        // Organisation by organisation: Uppsala's number comes first.
        assert_eq!(values(dataset.in_quarter(q1).collect()), [2.0, 1.0]);
        assert_eq!(values(dataset.in_quarter(q2).collect()), [3.0]);
        assert_eq!(values(dataset.of_organisation(ystad).collect()), [1.0, 3.0]);
        assert_eq!(values(dataset.of_organisation(uppsala).collect()), [2.0]);
        let q3 = Period::parse("2025Q3").unwrap();
        assert_eq!(dataset.in_quarter(q3).count(), 0);
        assert_eq!(dataset.of_organisation(org("202100-5448")).count(), 0);
    }
}
