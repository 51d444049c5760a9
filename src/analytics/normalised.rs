//! Figures per 1,000 employees or inhabitants: a fair comparison of organisations of
//! different size.

use std::collections::HashMap;
use std::sync::Arc;

use super::{AnalyticsError, Dataset, Filter, Observation, SummaryRow};
use crate::{Normalise, Period, SizeYear};

impl Dataset {
    /// `o`'s figure per 1,000 employees or inhabitants of its organisation in the quarter's
    /// year; none for a series that cannot be normalised or without that size.
    pub fn normalised(&self, o: &Observation, normalise: Normalise) -> Option<f64> {
        self.normalisable.binary_search(&o.series).ok()?;
        let year = SizeYear::try_from(o.period.year()).ok()?;
        let size = self.sizes.get(&(o.organisation, year))?;
        normalise.apply(o.value, *size)
    }

    /// The summary of the count and money series the filter covers, each figure divided by
    /// its organisation's size in the quarter's calendar year. Figures of organisations
    /// without that size (or, per inhabitants, without inhabitants) are left out and counted
    /// in each row's `n_without_size`; a series and quarter where no organisation has a size
    /// has no row, as one without figures has none.
    pub(super) fn normalised_summary(
        &self,
        filter: &Filter,
        normalise: Normalise,
    ) -> Result<Vec<SummaryRow>, AnalyticsError> {
        let asked = |o: &&Observation| {
            filter.basis.counts(o.status)
                && filter.from.is_none_or(|from| o.period >= from)
                && filter.to.is_none_or(|to| o.period <= to)
                && filter.kind.is_none_or(|kind| o.kind == kind)
                && filter
                    .series
                    .as_ref()
                    .is_none_or(|wanted| wanted.iter().any(|s| *s == *o.series))
                && self.normalisable.binary_search(&o.series).is_ok()
        };
        let mut without: HashMap<(Arc<str>, Period), u32> = HashMap::new();
        let mut normalised = Vec::new();
        for o in self.observations().filter(asked) {
            match self.normalised(o, normalise) {
                Some(value) => normalised.push(Observation { value, ..o.clone() }),
                None => *without.entry((o.series.clone(), o.period)).or_default() += 1,
            }
        }
        let plain = Filter {
            basis: filter.basis,
            ..Filter::default()
        };
        let mut rows = Dataset::new(normalised, [], 0)?.summary(&plain)?;
        for row in &mut rows {
            let key = (Arc::from(row.series.as_str()), row.period);
            row.n_without_size = Some(without.get(&key).copied().unwrap_or(0));
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sizes;
    use crate::{OrgKind, OrgNumber, OrgSize, ReportStatus};

    const AGENCY: &str = "202100-5448";
    const MUNICIPALITY: &str = "212000-0142";
    const REGION: &str = "232100-0016";

    fn obs(org: &str, kind: OrgKind, period: &str, series: &str, value: f64) -> Observation {
        Observation {
            organisation: OrgNumber::parse(org).unwrap(),
            kind,
            period: Period::parse(period).unwrap(),
            series: series.into(),
            value,
            status: ReportStatus::Submitted,
        }
    }

    fn size(org: &str, year: u16, employees: u32, inhabitants: Option<u32>) -> Sizes {
        Sizes::from([(
            (
                OrgNumber::parse(org).unwrap(),
                SizeYear::try_from(year).unwrap(),
            ),
            OrgSize {
                employees,
                inhabitants,
            },
        )])
    }

    fn dataset() -> Dataset {
        use OrgKind::*;
        let mut sizes = size(AGENCY, 2025, 10_000, None);
        sizes.extend(size(MUNICIPALITY, 2025, 500, Some(40_000)));
        sizes.extend(size(REGION, 2024, 8_000, Some(400_000)));
        Dataset::new(
            vec![
                obs(AGENCY, StateAgency, "2025Q1", "ideas_delivered", 50.0),
                obs(
                    MUNICIPALITY,
                    Municipality,
                    "2025Q1",
                    "ideas_delivered",
                    10.0,
                ),
                // The region's size is for 2024 only: its 2025 figure has no size.
                obs(REGION, Region, "2025Q1", "ideas_delivered", 80.0),
                obs(REGION, Region, "2024Q4", "ideas_delivered", 40.0),
                obs(AGENCY, StateAgency, "2025Q1", "customer_satisfaction", 70.0),
            ],
            [StateAgency, Municipality, Region],
            17,
        )
        .unwrap()
        .with_sizes(sizes, &["ideas_delivered".to_owned()])
    }

    #[test]
    fn per_employee_by_hand_with_the_unsized_counted() {
        let rows = dataset()
            .summary(&Filter {
                normalise: Some(Normalise::PerThousandEmployees),
                ..Filter::default()
            })
            .unwrap();
        // 2024Q4: the region, 40 × 1000 / 8000 = 5. 2025Q1: the agency 50 × 1000 / 10,000 = 5,
        // the municipality 10 × 1000 / 500 = 20; the region has no 2025 size. The index is
        // not normalisable and has no row.
        let picked: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.series.as_str(),
                    r.period.to_string(),
                    r.n,
                    r.n_without_size,
                    r.sum,
                    r.median,
                )
            })
            .collect();
        assert_eq!(
            picked,
            [
                ("ideas_delivered", "2024Q4".to_owned(), 1, Some(0), 5.0, 5.0),
                (
                    "ideas_delivered",
                    "2025Q1".to_owned(),
                    2,
                    Some(1),
                    25.0,
                    12.5
                ),
            ]
        );
    }

    #[test]
    fn per_inhabitant_leaves_out_organisations_without_inhabitants() {
        let rows = dataset()
            .summary(&Filter {
                normalise: Some(Normalise::PerThousandInhabitants),
                from: Some(Period::parse("2025Q1").unwrap()),
                ..Filter::default()
            })
            .unwrap();
        // Only the municipality: 10 × 1000 / 40,000 = 0.25; the agency has no inhabitants and
        // the region no size for 2025.
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].n, rows[0].n_without_size, rows[0].mean),
            (1, Some(2), 0.25)
        );
        let agencies = dataset()
            .summary(&Filter {
                normalise: Some(Normalise::PerThousandInhabitants),
                kind: Some(OrgKind::StateAgency),
                ..Filter::default()
            })
            .unwrap();
        assert!(agencies.is_empty(), "{agencies:?}");
    }
}
