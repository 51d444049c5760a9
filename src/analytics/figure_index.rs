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
///
/// Looked for where an even spread of the figures over the organisation's quarters would put
/// them, then in widening steps around that place: a binary search reads some ten figures
/// far apart, each from memory no cache holds when a save's summary gathers one quarter of
/// every organisation; that was most of the first summary after a save at ten million figures
/// (`cargo bench --bench incremental`, BENCHMARKS.md).
pub(super) fn quarter_span(part: &[Observation], period: Period) -> std::ops::Range<usize> {
    let (Some(first), Some(last)) = (part.first(), part.last()) else {
        return 0..0;
    };
    let quarters = i64::from(last.period.index() - first.period.index()) + 1;
    let before = i64::from(period.index() - first.period.index()).clamp(0, quarters);
    let guess = usize::try_from(before * part.len() as i64 / quarters).unwrap_or(0);
    let start = partition_point_near(part, guess, |o| o.period < period);
    let end = start + partition_point_near(&part[start..], 0, |o| o.period <= period);
    start..end
}

/// `slice.partition_point(pred)`, found by looking 1, 2, 4, … places away from `guess` and
/// then searching only between the last two places looked at.
fn partition_point_near<T>(slice: &[T], guess: usize, pred: impl Fn(&T) -> bool) -> usize {
    let guess = guess.min(slice.len());
    let (mut low, mut high) = (0, slice.len());
    if guess < slice.len() && pred(&slice[guess]) {
        low = guess + 1;
        let mut step = 1;
        while guess + step < slice.len() {
            if !pred(&slice[guess + step]) {
                high = guess + step;
                break;
            }
            low = guess + step + 1;
            step *= 2;
        }
    } else {
        high = guess;
        let mut step = 1;
        while step <= guess {
            if pred(&slice[guess - step]) {
                low = guess - step + 1;
                break;
            }
            high = guess - step;
            step *= 2;
        }
    }
    low + slice[low..high].partition_point(pred)
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

    proptest::proptest! {
        /// However the figures spread over the quarters, and wherever the guess, the nearby
        /// search finds what a binary search finds.
        #[test]
        fn a_quarter_is_found_where_a_binary_search_finds_it(
            mut quarters in proptest::collection::vec(0i32..12, 0..60),
            asked in -2i32..14,
            guess in 0usize..70,
        ) {
            quarters.sort();
            let base = Period::parse("2020Q1").unwrap().index();
            let figures: Vec<Observation> = quarters
                .iter()
                .map(|&q| Observation {
                    organisation: OrgNumber::parse("212000-2627").unwrap(),
                    kind: OrgKind::Municipality,
                    period: Period::from_index(base + q).unwrap(),
                    series: Arc::from("tv_series"),
                    value: 1.0,
                    status: ReportStatus::Submitted,
                })
                .collect();
            let period = Period::from_index(base + asked).unwrap();
            let expected = figures.partition_point(|o| o.period < period)
                ..figures.partition_point(|o| o.period <= period);
            proptest::prop_assert_eq!(quarter_span(&figures, period), expected.clone());
            proptest::prop_assert_eq!(
                partition_point_near(&figures, guess, |o| o.period < period),
                expected.start
            );
        }
    }
}
