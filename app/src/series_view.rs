//! How a series is shown on the dashboards: its name, unit and scale. A measure the catalogue
//! says is shown as a derived series (7, 8 and 13: external share, success rate, 10x
//! progress) is shown by that.

#[cfg(feature = "ssr")]
use effekt::{Catalogue, Formula, Measure};
use effekt::{Direction, Normalise, Unit};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViewUnit {
    Entered(Unit),
    /// A share 0–1, shown as percent.
    Share,
    /// Progress toward a goal 0–1, shown as percent of the way.
    Progress,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesView {
    pub key: String,
    pub name_sv: String,
    pub name_en: String,
    pub unit: ViewUnit,
    pub direction: Direction,
    pub integer: bool,
    /// Shown per 1,000 employees or inhabitants.
    pub per: Option<Normalise>,
}

impl SeriesView {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_sv, &self.name_en)
    }

    pub fn unit_label(&self, lang: Lang) -> String {
        let unit = match self.unit {
            ViewUnit::Entered(unit) => lang.unit(unit),
            ViewUnit::Share => lang.texts().share_unit,
            ViewUnit::Progress => lang.texts().progress_unit,
        };
        match self.per {
            Some(per) => format!("{unit} {}", lang.normalise(per)),
            None => unit.to_owned(),
        }
    }

    /// This series shown per 1,000 employees or inhabitants, where it is a count or an
    /// amount; as reported otherwise.
    pub fn normalised(self, normalise: Option<Normalise>) -> Self {
        let per = match self.unit {
            ViewUnit::Entered(unit) if unit.normalisable() => normalise,
            _ => None,
        };
        Self { per, ..self }
    }

    /// Shares and progress are stored 0–1 and shown as percent.
    #[cfg(feature = "ssr")]
    pub fn scale(&self, value: f64) -> f64 {
        match self.unit {
            ViewUnit::Entered(_) => value,
            ViewUnit::Share | ViewUnit::Progress => value * 100.0,
        }
    }
}

/// The series a measure is shown by: the derived series the catalogue declares it is shown as,
/// or its entered series.
#[cfg(feature = "ssr")]
pub fn series_views(catalogue: &Catalogue, measure: &Measure) -> Vec<SeriesView> {
    if let Some(derived) = &measure.shown_as {
        let unit = match derived.formula {
            Formula::Share { .. } => ViewUnit::Share,
            Formula::GoalProgress { .. } => ViewUnit::Progress,
        };
        return vec![SeriesView {
            key: derived.key.to_string(),
            name_sv: derived.name_sv.clone(),
            name_en: derived.name_en.clone(),
            unit,
            direction: derived.direction,
            integer: false,
            per: None,
        }];
    }
    measure
        .series
        .iter()
        .filter(|s| catalogue.find_series(s.key.as_str()).is_some())
        .map(|s| SeriesView {
            key: s.key.to_string(),
            name_sv: s.name_sv.clone(),
            name_en: s.name_en.clone(),
            unit: ViewUnit::Entered(s.unit),
            direction: s.direction,
            integer: s.integer,
            per: None,
        })
        .collect()
}
