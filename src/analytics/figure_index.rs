//! Where each quarter's and each organisation's figures lie in a dataset, so that a page asks
//! for the few thousand figures it shows instead of scanning all of them: the measure page and
//! the organisation page each scanned every one of some 500,000 figures per view, the latter
//! once per series (the measure page row of `scripts/bench`, BENCHMARKS.md).

use std::collections::HashMap;

use super::{Dataset, Observation};
use crate::{OrgNumber, Period};

/// The positions of the figures of each quarter and of each organisation.
#[derive(Debug, Default)]
pub(super) struct FigureIndex {
    by_quarter: HashMap<Period, Vec<u32>>,
    by_organisation: HashMap<OrgNumber, Vec<u32>>,
}

impl FigureIndex {
    fn of(observations: &[Observation]) -> Self {
        let mut index = Self::default();
        for (at, o) in observations.iter().enumerate() {
            // A dataset holds fewer figures than u32 counts; one that did not would be
            // hundreds of gigabytes.
            let at = u32::try_from(at).expect("fewer than 2^32 figures");
            index.by_quarter.entry(o.period).or_default().push(at);
            index
                .by_organisation
                .entry(o.organisation)
                .or_default()
                .push(at);
        }
        index
    }
}

impl Dataset {
    /// Every figure of `period`, drafts included, in the dataset's order.
    pub fn in_quarter(&self, period: Period) -> impl Iterator<Item = &Observation> {
        let positions = self.index().by_quarter.get(&period);
        self.at(positions)
    }

    /// Every figure of `organisation`, drafts included, in the dataset's order.
    pub fn of_organisation(&self, organisation: OrgNumber) -> impl Iterator<Item = &Observation> {
        let positions = self.index().by_organisation.get(&organisation);
        self.at(positions)
    }

    /// Built the first time a page asks, not with the dataset: a rebuild after every save
    /// at the deadline would pay for it even when only the dashboard is read.
    fn index(&self) -> &FigureIndex {
        self.index
            .get_or_init(|| FigureIndex::of(&self.observations))
    }

    fn at<'a>(&'a self, positions: Option<&'a Vec<u32>>) -> impl Iterator<Item = &'a Observation> {
        positions
            .into_iter()
            .flatten()
            .map(|&at| &self.observations[at as usize])
    }
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
        assert_eq!(values(dataset.in_quarter(q1).collect()), [1.0, 2.0]);
        assert_eq!(values(dataset.in_quarter(q2).collect()), [3.0]);
        assert_eq!(values(dataset.of_organisation(ystad).collect()), [1.0, 3.0]);
        assert_eq!(values(dataset.of_organisation(uppsala).collect()), [2.0]);
        let q3 = Period::parse("2025Q3").unwrap();
        assert_eq!(dataset.in_quarter(q3).count(), 0);
        assert_eq!(dataset.of_organisation(org("202100-5448")).count(), 0);
    }
}
