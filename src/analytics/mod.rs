//! Aggregation for the dashboards and `/api/v1/summary`, with polars.
//!
//! A [`Dataset`] is every stored figure (plus the derived series) in one polars frame, built
//! once per change of the data and then asked many questions.

mod cache;
mod derived;
mod figure_index;
mod frame;
mod goal;
mod lru;
mod normalised;
mod organisation;
mod series_lookup;
mod steering;
mod summary;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::Basis;
use crate::store::Sizes;
use crate::{Normalise, OrgKind, OrgNumber, Organisation, Period, ReportStatus};
use frame::grouped_frame;

pub use cache::{Analytics, CacheError};
pub use derived::{
    DERIVED_SERIES, EXTERNAL_SHARE, PROJECT_SUCCESS_RATE, TEN_X_PROGRESS, derived_from,
    series_direction, with_derived,
};
pub use goal::{Projection, project};
pub use organisation::organisation_figures;
pub use steering::{
    GoalStanding, GoalsFilter, GoalsFilterError, LeadershipGoal, measure_of, parse_goal, standings,
};
pub use summary::{Completeness, SummaryRow};

/// One figure of one organisation for one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub organisation: OrgNumber,
    pub kind: OrgKind,
    pub period: Period,
    /// Shared between every figure of a series: at ten million figures, a string of its own
    /// for each would take half a gigabyte.
    pub series: Arc<str>,
    pub value: f64,
    /// The status of the report the figure belongs to: drafts are kept for the organisation's
    /// own pages, and never counted in national figures.
    pub status: ReportStatus,
}

/// Which figures a question is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub kind: Option<OrgKind>,
    /// Only these series; all when `None`.
    pub series: Option<Vec<String>>,
    /// Which reports count; drafts never do.
    pub basis: Basis,
    /// Count and money series per 1,000 employees or inhabitants, the others left out.
    pub normalise: Option<Normalise>,
}

#[derive(Debug, thiserror::Error)]
#[error("aggregation failed: {0}")]
pub struct AnalyticsError(#[from] PolarsError);

/// Every figure, entered and derived, ready for aggregation.
pub struct Dataset {
    frame: DataFrame,
    /// Every series with a figure, by name; the frame holds a figure's series as its index
    /// here, so that sorting by that number sorts by name.
    series_names: Vec<Arc<str>>,
    observations: Vec<Observation>,
    /// How many organisations there are of each kind, reporting or not.
    organisations: BTreeMap<OrgKind, usize>,
    /// How many series are entered (not derived), for completeness.
    entered_series: usize,
    /// The oldest and the newest quarter with any figure.
    quarters: Option<(Period, Period)>,
    /// Where each quarter's and organisation's figures are, once a page asks.
    index: std::sync::OnceLock<figure_index::FigureIndex>,
    /// Every organisation's size per year, for normalised figures.
    sizes: Sizes,
    /// The series that can be normalised, by name.
    normalisable: Vec<Arc<str>>,
}

/// The kind of organisation in the frame.
fn kind_code(kind: OrgKind) -> u32 {
    kind as u32
}

impl Dataset {
    /// Builds the frame from `observations` (derived series included by the caller), knowing
    /// every organisation's kind and how many series the catalogue has.
    pub fn new(
        observations: Vec<Observation>,
        organisation_kinds: impl IntoIterator<Item = OrgKind>,
        entered_series: usize,
    ) -> Result<Self, AnalyticsError> {
        let mut organisations = BTreeMap::new();
        for kind in organisation_kinds {
            *organisations.entry(kind).or_insert(0) += 1;
        }
        let (frame, series_names) = grouped_frame(&observations)?;
        let quarters = observations.iter().map(|o| o.period).fold(
            None,
            |range: Option<(Period, Period)>, period| {
                Some(range.map_or((period, period), |(first, last)| {
                    (first.min(period), last.max(period))
                }))
            },
        );
        Ok(Self {
            quarters,
            frame,
            series_names,
            observations,
            organisations,
            entered_series,
            index: std::sync::OnceLock::new(),
            sizes: Sizes::new(),
            normalisable: Vec::new(),
        })
    }

    /// This dataset knowing the organisations' sizes and which series can be normalised.
    pub fn with_sizes(mut self, sizes: Sizes, normalisable: &[String]) -> Self {
        self.sizes = sizes;
        self.normalisable = normalisable.iter().map(|s| Arc::from(s.as_str())).collect();
        self.normalisable.sort();
        self
    }

    /// Only what is published as open data: the approved figures (entered and derived) of
    /// `organisations`, counted against those organisations alone.
    pub fn published(&self, organisations: &[Organisation]) -> Result<Self, AnalyticsError> {
        let numbers: HashSet<OrgNumber> = organisations
            .iter()
            .map(|o| o.organisation_number)
            .collect();
        let observations = self
            .observations
            .iter()
            .filter(|o| o.status == ReportStatus::Approved && numbers.contains(&o.organisation))
            .cloned()
            .collect();
        Self::new(
            observations,
            organisations.iter().map(|o| o.kind),
            self.entered_series,
        )
    }

    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    /// The oldest and the newest quarter with any figure, drafts included; worked out once,
    /// not per page view.
    pub fn quarters(&self) -> Option<(Period, Period)> {
        self.quarters
    }

    /// How many organisations the filter's kind covers.
    pub fn organisation_count(&self, kind: Option<OrgKind>) -> usize {
        match kind {
            Some(kind) => self.organisations.get(&kind).copied().unwrap_or(0),
            None => self.organisations.values().sum(),
        }
    }

    /// The frame narrowed to what `filter` asks about.
    fn filtered(&self, filter: &Filter) -> LazyFrame {
        let mut frame = self
            .frame
            .clone()
            .lazy()
            .filter(col(frame::counts_on(filter.basis)));
        if let Some(from) = filter.from {
            frame = frame.filter(col("period").gt_eq(lit(from.index())));
        }
        if let Some(to) = filter.to {
            frame = frame.filter(col("period").lt_eq(lit(to.index())));
        }
        if let Some(kind) = filter.kind {
            frame = frame.filter(col("kind").eq(lit(kind_code(kind))));
        }
        if let Some(series) = &filter.series {
            let wanted = series
                .iter()
                .filter_map(|name| self.series_code(name))
                .map(|code| col("series").eq(lit(code)))
                .reduce(|a, b| a.or(b))
                .unwrap_or(lit(false));
            frame = frame.filter(wanted);
        }
        frame
    }

    /// The number standing for the series called `name` in the frame; none without figures.
    fn series_code(&self, name: &str) -> Option<u32> {
        let index = self
            .series_names
            .binary_search_by(|known| (**known).cmp(name))
            .ok()?;
        u32::try_from(index).ok()
    }

    /// The series that `code` stands for in the frame.
    fn series_name(&self, code: u32) -> Option<&str> {
        self.series_names.get(code as usize).map(|name| &**name)
    }
}
