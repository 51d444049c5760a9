//! Aggregation for the dashboards and `/api/v1/summary`, with polars.
//!
//! A [`Dataset`] is every stored figure (plus the derived series) in one polars frame, built
//! once per change of the data and then asked many questions.

mod cache;
mod comparison;
mod derived;
mod figure_index;
mod frame;
mod goal;
mod incremental;
mod lru;
mod national;
mod normalised;
mod organisation;
mod series_lookup;
mod steering;
mod summary;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::store::Sizes;
pub use crate::{Basis, Observation};
use std::collections::HashMap;

use crate::{Goal, Normalise, OrgKind, OrgNumber, Organisation, Period, ReportStatus};
use frame::grouped_frame;

pub use cache::{Analytics, CacheError, Current};
pub use comparison::{Among, Compared, Comparison};
pub use derived::{DerivedPlan, with_derived};
pub use goal::{Projection, goal_points, project};
pub use national::National;
pub use organisation::organisation_figures;
pub use steering::{
    GoalStanding, GoalsFilter, GoalsFilterError, LeadershipGoal, measure_of, parse_goal, standings,
};
pub use summary::{Completeness, SummaryRow};

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
    /// Every organisation's figures in quarter order, each organisation's behind an `Arc` of
    /// its own: the dataset after a save shares all the others' with the one before, and
    /// replaces only what the save changed (`incremental.rs`).
    figures: BTreeMap<OrgNumber, Arc<[Observation]>>,
    /// How many figures there are in all.
    figure_count: usize,
    /// The frame, built with the dataset on a full rebuild and on first use after a save: a
    /// save asks again only the summaries it changed, which need no frame of everything.
    grouped: OnceLock<Grouped>,
    /// How many organisations there are of each kind, reporting or not.
    organisations: BTreeMap<OrgKind, usize>,
    /// How many series are entered (not derived), for completeness.
    entered_series: usize,
    /// The oldest and the newest quarter with any figure.
    quarters: Option<(Period, Period)>,
    /// Every organisation's size per year, for normalised figures.
    sizes: Arc<Sizes>,
    /// The series that can be normalised, by name.
    normalisable: Vec<Arc<str>>,
    /// The derived series and how to compute them, for the organisations a save changes.
    derived: Arc<DerivedPlan>,
}

/// Every figure in one polars frame.
struct Grouped {
    frame: DataFrame,
    /// Every series with a figure, by name; the frame holds a figure's series as its index
    /// here, so that sorting by that number sorts by name.
    series_names: Vec<Arc<str>>,
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
        Self::of_organisations(
            by_organisation(observations, |figures| figures),
            organisation_kinds,
            entered_series,
        )
    }

    /// As [`Dataset::new`] from `observations` of entered series alone, adding the derived
    /// series of `plan` organisation by organisation, as a save adds them to its
    /// organisation's.
    pub fn with_derived(
        observations: Vec<Observation>,
        goals: &HashMap<OrgNumber, Goal>,
        plan: Arc<DerivedPlan>,
        organisation_kinds: impl IntoIterator<Item = OrgKind>,
        entered_series: usize,
    ) -> Result<Self, AnalyticsError> {
        let dataset = Self::of_organisations(
            by_organisation(observations, |figures| with_derived(figures, goals, &plan)),
            organisation_kinds,
            entered_series,
        )?;
        Ok(dataset.knowing_derived(plan))
    }

    /// This dataset knowing which series are derived, and how to derive them for the
    /// organisations a save changes.
    pub fn knowing_derived(mut self, plan: Arc<DerivedPlan>) -> Self {
        self.derived = plan;
        self
    }

    /// The dataset of every organisation's figures, its frame built at once.
    fn of_organisations(
        figures: BTreeMap<OrgNumber, Arc<[Observation]>>,
        organisation_kinds: impl IntoIterator<Item = OrgKind>,
        entered_series: usize,
    ) -> Result<Self, AnalyticsError> {
        let mut organisations = BTreeMap::new();
        for kind in organisation_kinds {
            *organisations.entry(kind).or_insert(0) += 1;
        }
        let dataset = Self::of_parts(
            figures,
            organisations,
            entered_series,
            Arc::default(),
            Vec::new(),
        );
        dataset.grouped()?;
        Ok(dataset)
    }

    /// The dataset of `figures` (each organisation's in quarter order), its frame not built.
    fn of_parts(
        figures: BTreeMap<OrgNumber, Arc<[Observation]>>,
        organisations: BTreeMap<OrgKind, usize>,
        entered_series: usize,
        sizes: Arc<Sizes>,
        normalisable: Vec<Arc<str>>,
    ) -> Self {
        // Each organisation's figures are in quarter order: its first and last that count say
        // its range.
        let counted = |o: &&Observation| Basis::Reported.counts(o.status);
        let quarters = figures
            .values()
            .filter_map(|part| {
                let first = part.iter().find(counted)?.period;
                Some((first, part.iter().rfind(counted)?.period))
            })
            .reduce(|(first, last), (from, to)| (first.min(from), last.max(to)));
        Self {
            figure_count: figures.values().map(|part| part.len()).sum(),
            figures,
            grouped: OnceLock::new(),
            organisations,
            entered_series,
            quarters,
            sizes,
            normalisable,
            derived: Arc::default(),
        }
    }

    /// This dataset knowing the organisations' sizes and which series can be normalised.
    pub fn with_sizes(mut self, sizes: Sizes, normalisable: &[String]) -> Self {
        self.sizes = Arc::new(sizes);
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
            .observations()
            .filter(|o| o.status == ReportStatus::Approved && numbers.contains(&o.organisation))
            .cloned()
            .collect();
        Self::new(
            observations,
            organisations.iter().map(|o| o.kind),
            self.entered_series,
        )
    }

    /// Every figure, organisation by organisation, each organisation's in quarter order.
    pub fn observations(&self) -> impl Iterator<Item = &Observation> + Clone {
        self.figures.values().flat_map(|part| part.iter())
    }

    /// How many figures there are.
    pub fn figure_count(&self) -> usize {
        self.figure_count
    }

    /// The oldest and the newest quarter with a figure that counts, submitted or approved (the
    /// same for every view of national figures, whichever drafts the dataset holds); worked
    /// out once, not per page view.
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

    /// The frame of every figure, built the first time it is needed.
    fn grouped(&self) -> Result<&Grouped, AnalyticsError> {
        if let Some(grouped) = self.grouped.get() {
            return Ok(grouped);
        }
        let (frame, series_names) = grouped_frame(self.observations(), self.figure_count)?;
        // Two threads building it at once both give the same frame; either is kept.
        Ok(self.grouped.get_or_init(|| Grouped {
            frame,
            series_names,
        }))
    }

    /// The frame narrowed to what `filter` asks about.
    fn filtered(&self, filter: &Filter) -> Result<LazyFrame, AnalyticsError> {
        let mut frame = self
            .grouped()?
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
        Ok(frame)
    }

    /// The number standing for the series called `name` in the frame; none without figures.
    fn series_code(&self, name: &str) -> Option<u32> {
        let names = &self.grouped.get()?.series_names;
        let index = names.binary_search_by(|known| (**known).cmp(name)).ok()?;
        u32::try_from(index).ok()
    }

    /// The series that `code` stands for in the frame.
    fn series_name(&self, code: u32) -> Option<&str> {
        let names = &self.grouped.get()?.series_names;
        names.get(code as usize).map(|name| &**name)
    }
}

/// `observations` gathered by organisation, each organisation's made whole by `complete` and
/// put in quarter order: the one way every organisation's figures are made, whether all at
/// once or one organisation after a save.
fn by_organisation(
    observations: Vec<Observation>,
    complete: impl Fn(Vec<Observation>) -> Vec<Observation>,
) -> BTreeMap<OrgNumber, Arc<[Observation]>> {
    let mut gathered: BTreeMap<OrgNumber, Vec<Observation>> = BTreeMap::new();
    for o in observations {
        gathered.entry(o.organisation).or_default().push(o);
    }
    gathered
        .into_iter()
        .map(|(organisation, figures)| (organisation, in_quarter_order(complete(figures))))
        .collect()
}

/// One organisation's figures in quarter order, the order they keep within each quarter.
fn in_quarter_order(mut figures: Vec<Observation>) -> Arc<[Observation]> {
    figures.sort_by_key(|o| o.period);
    figures.into()
}
