//! Demo data: a dozen real Swedish organisations with made-up but plausible figures
//! (`data/demo.toml`), so that a new installation has something to show.

use serde::Deserialize;

use crate::{Catalogue, OrgNumber, OrgSize, Organisation, Period, Series, SeriesKey, SizeYear};

/// How much smaller each demo organisation was a year before.
const YEARLY_GROWTH: f64 = 0.01;

/// How one series behaves across organisations and over time.
#[derive(Debug, Clone, Deserialize)]
pub struct SeriesProfile {
    pub key: SeriesKey,
    /// The level of a typical organisation in the first quarter.
    pub typical: f64,
    /// How far organisations' levels lie from the typical one, at most.
    pub spread: f64,
    /// Change per quarter.
    pub trend: f64,
    /// How far a quarter lies from the organisation's line, at most.
    pub noise: f64,
}

/// A demo account, one per role, listed in the README.
#[derive(Clone, Deserialize)]
pub struct DemoUser {
    pub email: String,
    pub password: String,
    pub role: String,
    pub organisation_number: Option<String>,
}

impl std::fmt::Debug for DemoUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoUser")
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// An organisation's size in the newest demo year.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoSize {
    pub organisation_number: OrgNumber,
    pub employees: u32,
    pub inhabitants: Option<u32>,
}

/// How the demo's 10x goals are set.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoGoal {
    pub name: String,
    pub quarters_to_deadline: i32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoData {
    pub goal: DemoGoal,
    #[serde(rename = "organisation")]
    pub organisations: Vec<Organisation>,
    #[serde(rename = "user")]
    pub users: Vec<DemoUser>,
    #[serde(rename = "size", default)]
    sizes: Vec<DemoSize>,
    #[serde(rename = "series")]
    profiles: Vec<SeriesProfile>,
    lessons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DemoError {
    #[error("the demo data file cannot be read: {0}")]
    Syntax(String),
    #[error("the demo data has no profile for series {0:?}")]
    MissingProfile(String),
}

impl DemoData {
    /// Reads the demo file and checks that it describes every series of the catalogue.
    #[cfg(feature = "server")]
    pub fn from_toml(text: &str, catalogue: &Catalogue) -> Result<Self, DemoError> {
        let data: Self = toml::from_str(text).map_err(|e| DemoError::Syntax(e.to_string()))?;
        if let Some(missing) = catalogue
            .series()
            .find(|s| !data.profiles.iter().any(|p| p.key == s.key))
        {
            return Err(DemoError::MissingProfile(missing.key.to_string()));
        }
        Ok(data)
    }

    /// The figures of organisation number `org` (its index in the file) for the `quarter`-th
    /// quarter of the demo, valid for the catalogue, the same every time.
    pub fn values(
        &self,
        catalogue: &Catalogue,
        org: usize,
        quarter: usize,
    ) -> Vec<(SeriesKey, f64)> {
        catalogue
            .series()
            .enumerate()
            .filter_map(|(index, series)| {
                let profile = self.profiles.iter().find(|p| p.key == series.key)?;
                let level = profile.typical + profile.spread * unit_noise(&[org, index]);
                let raw = level
                    + profile.trend * quarter as f64
                    + profile.noise * unit_noise(&[org, index, quarter]);
                fit(series, raw).map(|v| (series.key.clone(), v))
            })
            .collect()
    }

    /// Every organisation's size in each calendar year of `periods`, a percent smaller for
    /// each year before the newest, rounded.
    pub fn sizes(&self, periods: &[Period]) -> Vec<(OrgNumber, SizeYear, OrgSize)> {
        let mut years: Vec<u16> = periods.iter().map(|p| p.year()).collect();
        years.dedup();
        let newest = years.last().copied().unwrap_or_default();
        let scaled = |n: u32, year: u16| {
            let shrink = (1.0 - YEARLY_GROWTH).powi(i32::from(newest - year));
            (f64::from(n) * shrink).round() as u32
        };
        self.sizes
            .iter()
            .flat_map(|size| {
                years.iter().filter_map(move |&year| {
                    let size_then = OrgSize {
                        employees: scaled(size.employees, year),
                        inhabitants: size.inhabitants.map(|n| scaled(n, year)),
                    };
                    Some((
                        size.organisation_number,
                        SizeYear::try_from(year).ok()?,
                        size_then,
                    ))
                })
            })
            .collect()
    }

    /// How `series` behaves, when the file describes it.
    pub fn profile(&self, series: &SeriesKey) -> Option<&SeriesProfile> {
        self.profiles.iter().find(|p| &p.key == series)
    }

    /// A lessons-learned text for a report, picked from the file.
    pub fn lessons(&self, org: usize, quarter: usize) -> &str {
        let pick = (unit_noise(&[org, quarter, 7]) + 1.0) / 2.0 * self.lessons.len() as f64;
        self.lessons
            .get(pick as usize)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// `raw` made a figure `series` accepts: inside its range, whole where it counts things,
/// else to one decimal.
pub(crate) fn fit(series: &Series, raw: f64) -> Option<f64> {
    let clamped = raw.clamp(
        series.min.unwrap_or(f64::MIN),
        series.max.unwrap_or(f64::MAX),
    );
    let value = if series.integer {
        clamped.round()
    } else {
        (clamped * 10.0).round() / 10.0
    };
    series.check(value).ok()
}

/// The eight quarters of demo data ending with `latest`.
pub fn demo_periods(latest: Period) -> Vec<Period> {
    let mut periods: Vec<Period> = std::iter::successors(Some(latest), |p| p.previous())
        .take(8)
        .collect();
    periods.reverse();
    periods
}

/// A number in [-1, 1] that depends only on `seed`: splitmix64 over the seed's parts.
pub(crate) fn unit_noise(seed: &[usize]) -> f64 {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for &part in seed {
        state = state
            .wrapping_add(part as u64)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        state ^= state >> 31;
        state = state.wrapping_mul(0x94D0_49BB_1331_11EB);
        state ^= state >> 29;
    }
    (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn load() -> (Catalogue, DemoData) {
        let catalogue = Catalogue::shipped();
        let demo = DemoData::from_toml(include_str!("../data/demo.toml"), &catalogue).unwrap();
        (catalogue, demo)
    }

    #[test]
    fn a_dozen_organisations_with_every_series_valid_in_every_quarter() {
        let (catalogue, demo) = load();
        assert_eq!(demo.organisations.len(), 12);
        for org in 0..demo.organisations.len() {
            for quarter in 0..8 {
                let values = demo.values(&catalogue, org, quarter);
                assert_eq!(values.len(), 17);
                for (key, value) in values {
                    let series = catalogue.find_series(key.as_str()).unwrap();
                    assert_eq!(series.check(value), Ok(value), "{key} {value}");
                }
            }
        }
    }

    #[test]
    fn figures_are_reproducible_and_differ_between_organisations() {
        let (catalogue, demo) = load();
        assert_eq!(demo.values(&catalogue, 3, 5), demo.values(&catalogue, 3, 5));
        assert_ne!(demo.values(&catalogue, 3, 5), demo.values(&catalogue, 4, 5));
        assert!(!demo.lessons(0, 0).is_empty());
    }

    #[test]
    fn every_organisation_has_a_size_in_every_demo_year() {
        let (_, demo) = load();
        let periods = demo_periods(Period::parse("2026Q3").unwrap());
        let sizes = demo.sizes(&periods);
        // 2024Q4 to 2026Q3: three calendar years for each of the twelve.
        assert_eq!(sizes.len(), 12 * 3);
        let umea = |year: u16| {
            sizes
                .iter()
                .find(|(o, y, _)| o.to_string() == "212000-2627" && y.get() == year)
                .unwrap()
                .2
        };
        assert_eq!(umea(2026).employees, 8600);
        // 8600 × 0.99² = 8428.86; 133,000 × 0.99² = 130,353.3.
        assert_eq!(
            (umea(2024).employees, umea(2024).inhabitants),
            (8429, Some(130_353))
        );
        for organisation in &demo.organisations {
            let (_, _, size) = sizes
                .iter()
                .find(|(o, _, _)| *o == organisation.organisation_number)
                .unwrap();
            let checked = OrgSize::parse(
                organisation.kind,
                f64::from(size.employees),
                size.inhabitants.map(f64::from),
            );
            assert_eq!(checked, Ok(*size), "{}", organisation.name);
        }
    }

    #[test]
    fn noise_stays_within_its_bounds() {
        for a in 0..200 {
            let n = unit_noise(&[a, a * 7]);
            assert!((-1.0..=1.0).contains(&n));
        }
    }

    #[test]
    fn eight_quarters_end_with_the_latest() {
        let periods = demo_periods(Period::parse("2026Q3").unwrap());
        assert_eq!(periods.len(), 8);
        assert_eq!(periods[0].to_string(), "2024Q4");
    }

    #[test]
    fn a_profile_missing_for_a_series_is_an_error() {
        let catalogue = Catalogue::shipped();
        let text = include_str!("../data/demo.toml").replace("key = \"tv_series\"", "key = \"tv\"");
        assert_eq!(
            DemoData::from_toml(&text, &catalogue).unwrap_err(),
            DemoError::MissingProfile("tv_series".into())
        );
    }
}
