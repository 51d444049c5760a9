//! The catalogue of the fourteen effect measures and their series (`data/measures.toml`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::SeriesKey;

/// The workshop proposed fourteen measures; a catalogue with any other number is a broken file.
pub const MEASURE_COUNT: usize = 14;

/// What a series counts, which decides how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Count,
    Score,
    Index,
    Ksek,
    Number,
}

impl Unit {
    /// Whether a figure in this unit grows with the organisation, so that dividing it by the
    /// organisation's size compares fairly: counts and money do, shares, scores and indices
    /// are already independent of size, and a 10x indicator's own number may be either.
    pub fn normalisable(self) -> bool {
        matches!(self, Unit::Count | Unit::Ksek)
    }
}

/// Which way is better, for colouring changes without judging where no judgement is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
    None,
    TowardTarget,
}

impl Direction {
    /// The order of a ranking: the better figure first. Where lower is better the lowest
    /// leads; where the catalogue makes no judgement (or the goal's progress, which grows
    /// toward its target), the highest.
    pub fn better_first(self, a: f64, b: f64) -> std::cmp::Ordering {
        match self {
            Direction::Lower => a.total_cmp(&b),
            Direction::Higher | Direction::None | Direction::TowardTarget => b.total_cmp(&a),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Series {
    pub key: SeriesKey,
    pub name_sv: String,
    pub name_en: String,
    pub unit: Unit,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub min: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub max: Option<f64>,
    pub integer: bool,
    pub direction: Direction,
    pub definition: Definition,
}

/// A text in Swedish and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bilingual {
    pub sv: String,
    pub en: String,
}

/// What a series counts, how, from which source, and one worked example: published with every
/// figure so that two organisations mean the same thing by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Definition {
    pub what: Bilingual,
    pub how: Bilingual,
    pub source: Bilingual,
    pub example: Bilingual,
}

impl Definition {
    fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.what, &self.how, &self.source, &self.example]
            .into_iter()
            .flat_map(|t| [t.sv.as_str(), t.en.as_str()])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Measure {
    pub number: u8,
    pub key: String,
    pub name_sv: String,
    pub name_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub series: Vec<Series>,
    /// The derived series the dashboards show this measure by (measures 7, 8 and 13), computed
    /// from its series; null for the others.
    // Always written, `null` included: the pages' data is postcard, which skips no field.
    #[serde(default)]
    pub shown_as: Option<DerivedSeries>,
}

/// A series computed from entered ones and never entered itself, declared in the catalogue
/// with what it is computed from: the analytics compute it from this declaration, the pages
/// show it by it, and the goals that steer follow it in its direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DerivedSeries {
    pub key: SeriesKey,
    pub name_sv: String,
    pub name_en: String,
    pub direction: Direction,
    pub formula: Formula,
}

/// How a derived series is computed from its measure's entered series. Both give a number
/// from 0 to 1, shown as percent.
// Named by a key of its own (`[measure.shown_as.formula.share]`), not by a field inside it,
// which postcard could not read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// `part / (part + rest)`, where both are reported and not both 0.
    Share { part: SeriesKey, rest: SeriesKey },
    /// `(current − baseline) / (target − baseline)` of the organisation's 10x goal: 0 at the
    /// baseline, 1 at the target; where the organisation has a goal.
    GoalProgress { current: SeriesKey },
}

impl Formula {
    /// The entered series it is computed from, the first the one that places it.
    pub fn inputs(&self) -> Vec<&SeriesKey> {
        match self {
            Formula::Share { part, rest } => vec![part, rest],
            Formula::GoalProgress { current } => vec![current],
        }
    }
}

/// The measures in their numbered order. Every way of building one checks it, so a `Catalogue`
/// in hand is always complete and consistent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CatalogueFile", into = "CatalogueFile")]
pub struct Catalogue {
    version: u32,
    measures: Vec<Measure>,
}

/// The shape of the file, before it is checked.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CatalogueFile {
    version: u32,
    #[serde(rename = "measure")]
    measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogueError {
    #[error("the catalogue file cannot be read: {0}")]
    Syntax(String),
    #[error("the catalogue has {0} measures, not {MEASURE_COUNT}")]
    MeasureCount(usize),
    #[error("measure {key:?} is numbered {found}, expected {expected}")]
    Numbering {
        key: String,
        found: u8,
        expected: u8,
    },
    #[error("{0:?} appears more than once")]
    Duplicate(String),
    #[error("measure {0:?} has no series")]
    NoSeries(String),
    #[error("the catalogue's version must be 1 or more")]
    Version,
    #[error("{0:?} lacks a name, description or definition in Swedish or English")]
    MissingText(String),
    #[error("derived series {0:?} is computed from a series that is not its measure's")]
    DerivedInput(String),
    #[error("series {0:?} has a minimum above its maximum")]
    Bounds(String),
}

/// The catalogue as the source tree has it (`data/measures.toml`): the one the binary carries.
#[cfg(feature = "catalogue-file")]
pub const SHIPPED_CATALOGUE: &str = include_str!("../data/measures.toml");

impl Catalogue {
    /// The shipped catalogue, checked: the server's default and every test's.
    #[cfg(feature = "catalogue-file")]
    pub fn shipped() -> Self {
        Self::from_toml(SHIPPED_CATALOGUE)
            .expect("the shipped catalogue is valid (its own test reads it)")
    }

    /// Reads and checks the TOML catalogue file.
    #[cfg(feature = "catalogue-file")]
    pub fn from_toml(text: &str) -> Result<Self, CatalogueError> {
        toml::from_str::<CatalogueFile>(text)
            .map_err(|e| CatalogueError::Syntax(e.to_string()))?
            .try_into()
    }

    /// Raised whenever a definition changes what is counted; each stored figure keeps the
    /// version it was entered under.
    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    pub fn series(&self) -> impl Iterator<Item = &Series> {
        self.measures.iter().flat_map(|m| &m.series)
    }

    pub fn find_series(&self, key: &str) -> Option<&Series> {
        self.series().find(|s| s.key.as_str() == key)
    }

    /// The measure a series belongs to: an entered series, or the derived series it is shown as.
    pub fn measure_of(&self, series: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| {
            m.series.iter().any(|s| s.key.as_str() == series)
                || m.shown_as
                    .as_ref()
                    .is_some_and(|d| d.key.as_str() == series)
        })
    }

    /// Every derived series, in the measures' order.
    pub fn derived(&self) -> impl Iterator<Item = &DerivedSeries> {
        self.measures.iter().filter_map(|m| m.shown_as.as_ref())
    }

    pub fn find_derived(&self, key: &str) -> Option<&DerivedSeries> {
        self.derived().find(|d| d.key.as_str() == key)
    }

    /// The entered series an organisation's 10x goal is measured by: the one the derived
    /// series of progress toward the goal (`goal_progress`) is computed from.
    pub fn goal_series(&self) -> Option<&SeriesKey> {
        self.derived().find_map(|derived| match &derived.formula {
            Formula::GoalProgress { current } => Some(current),
            Formula::Share { .. } => None,
        })
    }

    /// Which way `series` is better, entered or derived; none for a series the catalogue does
    /// not know.
    pub fn direction_of(&self, series: &str) -> Option<Direction> {
        match self.find_series(series) {
            Some(entered) => Some(entered.direction),
            None => self.find_derived(series).map(|d| d.direction),
        }
    }
}

impl TryFrom<CatalogueFile> for Catalogue {
    type Error = CatalogueError;

    fn try_from(file: CatalogueFile) -> Result<Self, Self::Error> {
        if file.version == 0 {
            return Err(CatalogueError::Version);
        }
        let measures = file.measures;
        if measures.len() != MEASURE_COUNT {
            return Err(CatalogueError::MeasureCount(measures.len()));
        }
        let mut keys = HashSet::new();
        for (expected, measure) in (1..).zip(&measures) {
            if measure.number != expected {
                return Err(CatalogueError::Numbering {
                    key: measure.key.clone(),
                    found: measure.number,
                    expected,
                });
            }
            if !keys.insert(measure.key.as_str()) {
                return Err(CatalogueError::Duplicate(measure.key.clone()));
            }
            let texts = [
                &measure.name_sv,
                &measure.name_en,
                &measure.description_sv,
                &measure.description_en,
            ];
            if texts.iter().any(|t| t.trim().is_empty()) {
                return Err(CatalogueError::MissingText(measure.key.clone()));
            }
            if measure.series.is_empty() {
                return Err(CatalogueError::NoSeries(measure.key.clone()));
            }
        }
        let mut series_keys = HashSet::new();
        for series in measures.iter().flat_map(|m| &m.series) {
            let key = series.key.as_str();
            if !series_keys.insert(key) {
                return Err(CatalogueError::Duplicate(key.to_owned()));
            }
            let mut texts = [series.name_sv.as_str(), series.name_en.as_str()]
                .into_iter()
                .chain(series.definition.texts());
            if texts.any(|t| t.trim().is_empty()) {
                return Err(CatalogueError::MissingText(key.to_owned()));
            }
            if let (Some(min), Some(max)) = (series.min, series.max)
                && min > max
            {
                return Err(CatalogueError::Bounds(key.to_owned()));
            }
        }
        for measure in &measures {
            let Some(derived) = &measure.shown_as else {
                continue;
            };
            let key = derived.key.as_str();
            if !series_keys.insert(key) {
                return Err(CatalogueError::Duplicate(key.to_owned()));
            }
            if [&derived.name_sv, &derived.name_en]
                .iter()
                .any(|t| t.trim().is_empty())
            {
                return Err(CatalogueError::MissingText(key.to_owned()));
            }
            let own = |input: &SeriesKey| measure.series.iter().any(|s| &s.key == input);
            if !derived.formula.inputs().into_iter().all(own) {
                return Err(CatalogueError::DerivedInput(key.to_owned()));
            }
        }
        Ok(Self {
            version: file.version,
            measures,
        })
    }
}

impl From<Catalogue> for CatalogueFile {
    fn from(catalogue: Catalogue) -> Self {
        Self {
            version: catalogue.version,
            measures: catalogue.measures,
        }
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn rankings_put_the_better_figure_first() {
        let ranked = |direction: Direction| {
            let mut values = vec![3.0, 1.0, 2.0];
            values.sort_by(|a, b| direction.better_first(*a, *b));
            values
        };
        assert_eq!(ranked(Direction::Higher), [3.0, 2.0, 1.0]);
        assert_eq!(ranked(Direction::Lower), [1.0, 2.0, 3.0]);
        assert_eq!(ranked(Direction::None), [3.0, 2.0, 1.0]);
        assert_eq!(ranked(Direction::TowardTarget), [3.0, 2.0, 1.0]);
    }

    #[test]
    fn the_shipped_catalogue_has_fourteen_measures_and_seventeen_series() {
        let catalogue = Catalogue::shipped();
        assert_eq!(catalogue.measures().len(), 14);
        assert_eq!(catalogue.series().count(), 17);
        let satisfaction = catalogue.find_series("customer_satisfaction").unwrap();
        assert_eq!(
            (satisfaction.min, satisfaction.max),
            (Some(0.0), Some(100.0))
        );
        assert_eq!(
            catalogue.measure_of("solved_externally").unwrap().key,
            "issues_solved"
        );
        assert!(
            catalogue
                .find_series("ten_x_current")
                .unwrap()
                .min
                .is_none()
        );
        assert_eq!(catalogue.version(), 2);
        let ideas = &catalogue.find_series("ideas_delivered").unwrap().definition;
        assert!(ideas.example.sv.starts_with("Tre idéer"), "{ideas:?}");
        assert!(ideas.example.en.starts_with("Three ideas"), "{ideas:?}");
    }

    #[test]
    fn derived_series_are_declared_on_their_measures_and_computed_from_its_series() {
        let catalogue = Catalogue::shipped();
        let keys: Vec<&str> = catalogue.derived().map(|d| d.key.as_str()).collect();
        assert_eq!(
            keys,
            ["external_share", "project_success_rate", "ten_x_progress"]
        );
        assert_eq!(catalogue.measure_of("ten_x_progress").unwrap().number, 13);
        assert_eq!(
            catalogue.direction_of("external_share"),
            Some(Direction::None)
        );
        assert_eq!(catalogue.direction_of("no_such_series"), None);
        assert_eq!(
            edited("part = \"solved_externally\"", "part = \"ideas_delivered\""),
            Err(CatalogueError::DerivedInput("external_share".into()))
        );
        assert_eq!(
            edited(
                "key = \"project_success_rate\"",
                "key = \"projects_failed\""
            ),
            Err(CatalogueError::Duplicate("projects_failed".into()))
        );
    }

    #[test]
    fn the_catalogue_survives_serialisation_for_the_browser() {
        let catalogue = Catalogue::shipped();
        let json = serde_json::to_string(&catalogue).unwrap();
        assert_eq!(serde_json::from_str::<Catalogue>(&json).unwrap(), catalogue);
    }

    fn edited(from: &str, to: &str) -> Result<Catalogue, CatalogueError> {
        assert!(SHIPPED_CATALOGUE.contains(from), "{from}");
        Catalogue::from_toml(&SHIPPED_CATALOGUE.replacen(from, to, 1))
    }

    #[test]
    fn broken_catalogues_are_refused_with_the_reason() {
        assert_eq!(
            edited("number = 2\n", "number = 3\n"),
            Err(CatalogueError::Numbering {
                key: "ideas".into(),
                found: 3,
                expected: 2
            })
        );
        assert_eq!(
            edited("key = \"ideas_delivered\"", "key = \"vision_alignment\""),
            Err(CatalogueError::Duplicate("vision_alignment".into()))
        );
        assert_eq!(
            edited("min = 1.0\nmax = 5.0", "min = 5.0\nmax = 1.0"),
            Err(CatalogueError::Bounds("digital_maturity".into()))
        );
        assert!(matches!(
            edited("key = \"ideas_delivered\"", "key = \"Ideas\""),
            Err(CatalogueError::Syntax(_))
        ));
        assert_eq!(
            edited("version = 2\n", "version = 0\n"),
            Err(CatalogueError::Version)
        );
        assert_eq!(
            edited(
                "example = { sv = \"Tre idéer",
                "example = { sv = \" \", old = \"Tre idéer"
            ),
            Err(CatalogueError::MissingText("ideas_delivered".into()))
        );
        let without_the_last =
            &SHIPPED_CATALOGUE[..SHIPPED_CATALOGUE.rfind("[[measure]]").unwrap()];
        assert_eq!(
            Catalogue::from_toml(without_the_last),
            Err(CatalogueError::MeasureCount(13))
        );
    }
}
