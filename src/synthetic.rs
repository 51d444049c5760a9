//! Synthetic data at national scale, for benchmarks: any number of organisations of the four
//! kinds with valid organisation numbers, every series of the catalogue per quarter, with
//! trends, seasons, noise, gaps and outliers inside each series' valid range. The same seed
//! gives the same data. Levels and trends come from the demo data's series profiles.

use crate::demo::{DemoData, SeriesProfile, fit, unit_noise};
use crate::{Catalogue, OrgKind, OrgName, OrgNumber, Organisation, Period, SeriesKey};

/// One organisation with its figures per quarter, as the store loads it in bulk.
pub type GeneratedOrganisation = (Organisation, Vec<(Period, Vec<(SeriesKey, f64)>)>);

/// Out of every 700 organisations: Sweden's 340 state agencies, 21 regions and
/// 290 municipalities, and 49 others (companies and foundations owned by them).
const KINDS: [(OrgKind, usize, &str); 4] = [
    (OrgKind::StateAgency, 340, "202"),
    (OrgKind::Region, 21, "232"),
    (OrgKind::Municipality, 290, "212"),
    (OrgKind::Other, 49, "802"),
];

/// Quarters without a figure, and figures far off the organisation's line: per thousand.
const GAPS_PER_MILLE: f64 = 30.0;
const OUTLIERS_PER_MILLE: f64 = 5.0;
/// How the seasons move a figure, in units of the series' noise: a slow summer, a busy autumn.
const SEASON: [f64; 4] = [0.0, 0.3, -1.0, 0.7];

pub struct Synthetic<'a> {
    catalogue: &'a Catalogue,
    /// Each series of the catalogue with its profile, in catalogue order.
    profiles: Vec<(SeriesKey, &'a SeriesProfile)>,
    seed: usize,
}

impl<'a> Synthetic<'a> {
    pub fn new(catalogue: &'a Catalogue, demo: &'a DemoData, seed: u64) -> Self {
        let profiles = catalogue
            .series()
            .filter_map(|s| Some((s.key.clone(), demo.profile(&s.key)?)))
            .collect();
        Self {
            catalogue,
            profiles,
            seed: seed as usize,
        }
    }

    /// The `i`th organisation: the kinds in their national proportions, a valid and unique
    /// organisation number, a name that says it is made up.
    pub fn organisation(&self, i: usize) -> Organisation {
        let mut slot = i % 700;
        let (kind, prefix) = KINDS
            .iter()
            .find_map(|(kind, count, prefix)| {
                if slot < *count {
                    Some((*kind, *prefix))
                } else {
                    slot -= count;
                    None
                }
            })
            .expect("the shares add up to 700");
        let digits = format!("{prefix}{:06}", i % 1_000_000);
        let mut first_nine = [0u8; 9];
        for (d, b) in first_nine.iter_mut().zip(digits.bytes()) {
            *d = b - b'0';
        }
        let label = match kind {
            OrgKind::StateAgency => "myndighet",
            OrgKind::Region => "region",
            OrgKind::Municipality => "kommun",
            OrgKind::Other => "bolag",
        };
        Organisation {
            organisation_number: OrgNumber::from_first_nine(first_nine)
                .expect("nine decimal digits"),
            name: OrgName::parse(&format!("Syntetisk {label} {i}")).expect("a short name"),
            kind,
        }
    }

    /// The `i`th organisation with its figures for each of `periods`, the first its 0th
    /// quarter: what `effekt generate` stores of it.
    pub fn organisation_with_figures(&self, i: usize, periods: &[Period]) -> GeneratedOrganisation {
        let quarters = periods
            .iter()
            .enumerate()
            .map(|(q, period)| (*period, self.values(i, q)))
            .collect();
        (self.organisation(i), quarters)
    }

    /// The figures of organisation `org` for its `quarter`-th quarter (0 the first).
    pub fn values(&self, org: usize, quarter: usize) -> Vec<(SeriesKey, f64)> {
        let noise =
            |series: usize, salt: usize, q: usize| unit_noise(&[self.seed, org, series, q, salt]);
        self.profiles
            .iter()
            .enumerate()
            .filter_map(|(index, (key, profile))| {
                if (noise(index, 1, quarter) + 1.0) * 500.0 < GAPS_PER_MILLE {
                    return None;
                }
                let series = self.catalogue.find_series(key.as_str())?;
                let level = profile.typical + profile.spread * noise(index, 2, 0);
                let mut raw = level
                    + profile.trend * quarter as f64
                    + profile.noise * SEASON[quarter % 4]
                    + profile.noise * noise(index, 3, quarter);
                let outlier = noise(index, 4, quarter);
                if (outlier + 1.0) * 500.0 < OUTLIERS_PER_MILLE {
                    raw += 4.0 * (profile.spread + profile.noise) * outlier.signum();
                }
                fit(series, raw).map(|v| (key.clone(), v))
            })
            .collect()
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn load() -> (Catalogue, DemoData) {
        let catalogue = Catalogue::shipped();
        let demo = DemoData::from_toml(include_str!("../data/demo.toml"), &catalogue).unwrap();
        (catalogue, demo)
    }

    #[test]
    fn organisations_are_unique_valid_and_in_national_proportions() {
        let (catalogue, demo) = load();
        let synthetic = Synthetic::new(&catalogue, &demo, 1);
        let organisations: Vec<_> = (0..1400).map(|i| synthetic.organisation(i)).collect();
        let numbers: HashSet<_> = organisations
            .iter()
            .map(|o| o.organisation_number)
            .collect();
        assert_eq!(numbers.len(), 1400);
        for o in &organisations {
            let written = o.organisation_number.to_string();
            assert_eq!(OrgNumber::parse(&written), Ok(o.organisation_number));
        }
        let count = |kind| organisations.iter().filter(|o| o.kind == kind).count();
        assert_eq!(count(OrgKind::Municipality), 580);
        assert_eq!(count(OrgKind::Region), 42);
        assert_eq!(count(OrgKind::StateAgency), 680);
        assert_eq!(count(OrgKind::Other), 98);
    }

    #[test]
    fn figures_are_valid_reproducible_and_have_gaps_and_trends() {
        let (catalogue, demo) = load();
        let synthetic = Synthetic::new(&catalogue, &demo, 7);
        let mut count = 0;
        for org in 0..200 {
            for quarter in 0..40 {
                for (key, value) in synthetic.values(org, quarter) {
                    let series = catalogue.find_series(key.as_str()).unwrap();
                    assert_eq!(series.check(value), Ok(value), "{key} {value}");
                    count += 1;
                }
            }
        }
        let possible = 200 * 40 * catalogue.series().count();
        let gaps = 1.0 - count as f64 / possible as f64;
        assert!((0.01..0.06).contains(&gaps), "{gaps}");
        assert_eq!(synthetic.values(3, 5), synthetic.values(3, 5));
        assert_ne!(
            synthetic.values(3, 5),
            Synthetic::new(&catalogue, &demo, 8).values(3, 5),
            "another seed, other figures"
        );
        let mean = |quarter| {
            let values: Vec<f64> = (0..200)
                .filter_map(|org| {
                    synthetic
                        .values(org, quarter)
                        .into_iter()
                        .find(|(k, _)| k.as_str() == "customer_satisfaction")
                        .map(|(_, v)| v)
                })
                .collect();
            values.iter().sum::<f64>() / values.len() as f64
        };
        assert!(mean(36) > mean(0), "customer satisfaction trends upwards");
    }
}
