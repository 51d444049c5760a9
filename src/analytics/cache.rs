//! Aggregates are computed once per change of the data, not once per page view.

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{OnceCell, Semaphore};

use super::incremental::patched;
use super::lru::Lru;
use super::{Dataset, DerivedPlan, Filter, SummaryRow};
use crate::store::{ChangesSince, DataVersion, Store, StoreError};
use crate::{Catalogue, Goal, OrgNumber, Period};

/// How many summaries are kept per data version. The start page alone asks for 16 quarters
/// × 5 choices of kind = 80 filters; 128 keeps all of them and room for the measure pages and
/// the API. A summary has one row per series and quarter whatever the number of
/// organisations, about 20 × 40 rows of some 130 bytes at the benchmarks' 40 quarters, so a
/// full cache holds some 13 MiB at most.
const SUMMARIES_KEPT: usize = 128;

/// How many pages' drawings are kept per data version ([`Current::remembered`]): a measure
/// page's charts for one filter and choice of organisations are some 100–300 KB, so a full
/// cache holds some 20 MB at most.
const DRAWINGS_KEPT: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Analytics(#[from] super::AnalyticsError),
    #[error("the aggregation thread stopped unexpectedly")]
    Stopped,
}

/// Where the CPU-bound polars work runs: on tokio's blocking threads, since it must not
/// block the async runtime (and polars refuses to block inside a single-threaded one), and
/// at most one computation per core at once. Polars spreads each computation over every
/// core already, so more at once would only share the cores and add their memory, and a
/// burst of cold requests no longer starts a thread each. The blocking threads are kept and
/// reused, so a cold summary (BENCHMARKS.md, `/api/v1/summary` cold) no longer pays for
/// starting one either.
struct Pool {
    permits: Arc<Semaphore>,
}

impl Pool {
    /// One computation per core.
    fn per_core() -> Self {
        Self {
            permits: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            )),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, CacheError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| CacheError::Stopped)?;
        // The permit goes with the work: a request given up while it runs still holds its
        // place until the work ends.
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|_| CacheError::Stopped)
    }
}

/// Which figures a summary is computed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    /// Every organisation's, for signed-in readers.
    Everything,
    /// Only what is published as open data: approved figures of organisations that opted in.
    Published,
}

/// A filter in the one form of every filter that asks the same: each series once, sorted.
/// The summary does not depend on the order of the series asked for, so without this a
/// list of series would fill the cache with its every order and repetition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SummaryKey(Scope, Filter);

impl SummaryKey {
    fn of(scope: Scope, filter: &Filter) -> Self {
        let mut filter = filter.clone();
        if let Some(series) = &mut filter.series {
            series.sort_unstable();
            series.dedup();
        }
        Self(scope, filter)
    }
}

/// A value made once however many requests ask for it at the same time: the first makes it,
/// the others wait for it. At the deadline every dashboard request after an update found the
/// summary stale and patched it itself, sixteen clients sixteen times over (`scripts/bench`,
/// the deadline's rows; BENCHMARKS.md, "Drafts at the deadline").
type Shared<T> = Arc<OnceCell<T>>;

/// A drawing's key: the kind of value and the page's own key.
type DrawingKey = (TypeId, String);

/// Which counted figures what is cached was made of: new whenever they may have changed, kept
/// through updates that take in drafts alone. A request that began before such an update finds
/// what was made for it still: looked up by its dataset instead, each request under way when an
/// organisation's page took in a draft made every summary and drawing again for itself.
#[derive(Debug, Clone, Default)]
struct Generation(Arc<()>);

impl Generation {
    fn is(&self, other: &Generation) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

struct Cached {
    version: DataVersion,
    dataset: Arc<Dataset>,
    /// What the summaries, parts and drawings below were made of.
    generation: Generation,
    /// Every organisation's 10x goal, for the derived progress of the organisations a save
    /// changed; a changed goal rebuilds everything.
    goals: Arc<HashMap<OrgNumber, Goal>>,
    /// The published part of `dataset`, made when first asked for.
    published: Option<Arc<Dataset>>,
    summaries: Lru<SummaryKey, Shared<Arc<Vec<SummaryRow>>>>,
    /// Summaries of the datasets before saves were applied to this one: each is patched
    /// when next asked for ([`patched`]).
    stale: Lru<SummaryKey, Stale>,
    /// The figures of some quarters of `dataset` within a scope, made when a stale summary
    /// first asks for them: their counted figures are those of the quarters in `dataset`.
    parts: HashMap<(Scope, Quarters), Arc<Dataset>>,
    /// What pages made of this dataset, by their own keys ([`Current::remembered`]).
    drawings: Lru<DrawingKey, Shared<Arc<dyn Any + Send + Sync>>>,
}

impl Cached {
    /// A dataset at `version` and nothing yet made of it.
    fn new(
        version: DataVersion,
        dataset: Arc<Dataset>,
        goals: Arc<HashMap<OrgNumber, Goal>>,
    ) -> Self {
        Self {
            version,
            dataset,
            generation: Generation::default(),
            goals,
            published: None,
            summaries: Lru::new(SUMMARIES_KEPT),
            stale: Lru::new(SUMMARIES_KEPT),
            parts: HashMap::new(),
            drawings: Lru::new(DRAWINGS_KEPT),
        }
    }
}

/// A summary of an earlier dataset.
#[derive(Clone)]
struct Stale {
    rows: Arc<Vec<SummaryRow>>,
    /// The quarters whose figures changed since `rows` were right; shared by every summary
    /// that was right at the same time.
    touched: Quarters,
}

/// Some quarters, shared between the summaries and parts they concern.
type Quarters = Arc<BTreeSet<Period>>;

/// The dataset and the summaries asked of it, kept until the data version changes. Every
/// committed write bumps that version in the database, so a saved figure shows on the next
/// page load, on this server or any other sharing the database: on the pages of national
/// figures once it counts ([`Analytics::current`]), on its organisation's pages at once
/// ([`Analytics::with_drafts`]).
pub struct Analytics {
    pub(super) store: Store,
    entered_series: usize,
    /// The series that can be shown per 1,000 employees or inhabitants: counts and money.
    normalisable: Arc<[String]>,
    /// The catalogue's derived series, computed with every dataset.
    derived: Arc<DerivedPlan>,
    pool: Pool,
    cached: Mutex<Option<Cached>>,
    /// Held while the dataset is rebuilt: at the deadline, when every save changes the data,
    /// requests wait for the one rebuild under way instead of each starting their own.
    rebuilding: tokio::sync::Mutex<()>,
}

impl Analytics {
    pub fn new(store: Store, catalogue: &Catalogue) -> Self {
        Self {
            store,
            entered_series: catalogue.series().count(),
            derived: Arc::new(DerivedPlan::new(catalogue)),
            normalisable: catalogue
                .series()
                .filter(|s| s.unit.normalisable())
                .map(|s| s.key.to_string())
                .collect(),
            pool: Pool::per_core(),
            cached: Mutex::new(None),
            rebuilding: tokio::sync::Mutex::new(()),
        }
    }

    /// The data as a request for national figures sees it: the data version read once, every
    /// summary and drawing then made from the same dataset ([`Current`]), which holds every
    /// change to what a basis counts but perhaps not the drafts saved since the last one
    /// ([`DataVersion::counted`]). At the deadline, when every analyst saves drafts, these
    /// pages no longer wait for the cache to take in each save (`scripts/bench`, the
    /// deadline's rows; BENCHMARKS.md, "Drafts at the deadline").
    #[tracing::instrument(skip(self))]
    pub async fn current(&self) -> Result<Current<'_>, CacheError> {
        let version = self.store.data_version().await?.counted;
        self.at_least(version).await
    }

    /// As [`Analytics::current`], with every draft saved until now: for the pages that show
    /// an organisation its own drafts. Its summaries and drawings are those of
    /// [`Analytics::current`], made of counted figures alone ([`Current::remembered`]).
    #[tracing::instrument(skip(self))]
    pub async fn with_drafts(&self) -> Result<Current<'_>, CacheError> {
        let version = self.store.data_version().await?.all;
        self.at_least(version).await
    }

    /// The data as a request sees it, holding at least every change up to `version`.
    async fn at_least(&self, version: i64) -> Result<Current<'_>, CacheError> {
        let (dataset, generation) = self.dataset_since(version).await?;
        Ok(Current {
            analytics: self,
            dataset,
            generation,
            version,
        })
    }

    /// The dataset with every draft.
    pub async fn dataset(&self) -> Result<Arc<Dataset>, CacheError> {
        Ok(self.with_drafts().await?.dataset)
    }

    /// The summary for `filter` ([`Current::summary`]).
    pub async fn summary(&self, filter: &Filter) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        self.current().await?.summary(filter).await
    }

    /// The summary over what is published as open data ([`Current::published_summary`]).
    pub async fn published_summary(
        &self,
        filter: &Filter,
    ) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        self.current().await?.published_summary(filter).await
    }

    /// The summary as the pages show it ([`Current::summary_as_shown`]).
    pub async fn summary_as_shown(
        &self,
        filter: &Filter,
    ) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        self.current().await?.summary_as_shown(filter).await
    }

    /// Runs `work` on the dataset for the current data ([`Current::compute`]).
    pub async fn compute<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Dataset) -> T + Send + 'static,
    ) -> Result<T, CacheError> {
        self.current().await?.compute(work).await
    }

    /// The dataset holding every change up to `wanted`, loaded and built only when the data
    /// changed, and what is cached of it.
    async fn dataset_since(&self, wanted: i64) -> Result<(Arc<Dataset>, Generation), CacheError> {
        if let Some(cached) = self.cached_since(wanted) {
            return Ok(cached);
        }
        let _turn = self.rebuilding.lock().await;
        // A rebuild that ran while this request waited may already include its version.
        if let Some(cached) = self.cached_since(wanted) {
            return Ok(cached);
        }
        let started = Instant::now();
        // Read before the data: what is loaded is at least this new.
        let version = self.store.data_version().await?;
        if let Some(updated) = self.updated(version, started).await? {
            return Ok(updated);
        }
        let observations = self.store.observations().await?;
        let goals = self.store.goals().await?;
        let sizes = self.store.sizes().await?;
        let normalisable = self.normalisable.clone();
        let kinds: Vec<_> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| o.kind)
            .collect();
        let entered_series = self.entered_series;
        let plan = self.derived.clone();
        let read = started.elapsed();
        let goals = Arc::new(goals);
        let derived_with = goals.clone();
        let dataset = Arc::new(
            self.pool
                .run(move || {
                    Dataset::with_derived(observations, &derived_with, plan, kinds, entered_series)
                        .map(|dataset| dataset.with_sizes(sizes, &normalisable))
                })
                .await??,
        );
        self.store.observer().dataset_rebuilt(started.elapsed());
        tracing::info!(
            version = version.all,
            figures = dataset.figure_count(),
            read_ms = read.as_millis(),
            built_ms = (started.elapsed() - read).as_millis(),
            "the dataset was rebuilt"
        );
        let cached = Cached::new(version, dataset.clone(), goals);
        let generation = cached.generation.clone();
        *self.lock() = Some(cached);
        Ok((dataset, generation))
    }

    /// The cached dataset brought up to `version` by applying what changed since, when only
    /// reports of some organisations did and the change log still reaches back to it; none
    /// when everything must be rebuilt.
    async fn updated(
        &self,
        version: DataVersion,
        started: Instant,
    ) -> Result<Option<(Arc<Dataset>, Generation)>, CacheError> {
        let Some((since, old, goals)) = self
            .lock()
            .as_ref()
            .map(|c| (c.version, c.dataset.clone(), c.goals.clone()))
        else {
            return Ok(None);
        };
        let ChangesSince::Organisations(organisations) =
            self.store.changes_since(since.all, version.all).await?
        else {
            return Ok(None);
        };
        let organisations: Vec<OrgNumber> = organisations.into_iter().collect();
        // Read after the version, as on a rebuild: what is read is at least this new.
        let observations = self.store.observations_of(Some(&organisations)).await?;
        let read = started.elapsed();
        let changed = organisations.len();
        let (dataset, touched) = self
            .pool
            .run(move || old.updated(&organisations, observations, &goals))
            .await?;
        let dataset = Arc::new(dataset);
        self.store.observer().dataset_updated(started.elapsed());
        tracing::info!(
            version = version.all,
            organisations = changed,
            quarters = touched.len(),
            read_ms = read.as_millis(),
            built_ms = (started.elapsed() - read).as_millis(),
            "the dataset was updated"
        );
        let mut cached = self.lock();
        let Some(previous) = cached.take() else {
            return Ok(None);
        };
        // The figures were read after the version: a write that changed what the national
        // figures count may have committed in between, so the figures decide too.
        if previous.version.counted == version.counted && touched.is_empty() {
            // Only drafts changed: everything made of counted figures alone stays right.
            let generation = previous.generation.clone();
            *cached = Some(Cached {
                version,
                dataset: dataset.clone(),
                ..previous
            });
            return Ok(Some((dataset, generation)));
        }
        let touched = Arc::new(touched);
        // Summaries not patched since an earlier update lack that update's quarters too:
        // each set of quarters is joined with this update's once, however many share it.
        let mut joined: Vec<(Quarters, Quarters)> = Vec::new();
        let mut stale = Lru::new(SUMMARIES_KEPT);
        for (key, earlier) in previous.stale.into_oldest_first() {
            let found = joined
                .iter()
                .find(|(before, _)| Arc::ptr_eq(before, &earlier.touched))
                .map(|(_, after)| after.clone());
            let after = found.unwrap_or_else(|| {
                let after = Arc::new(
                    earlier
                        .touched
                        .union(&touched)
                        .copied()
                        .collect::<BTreeSet<_>>(),
                );
                joined.push((earlier.touched.clone(), after.clone()));
                after
            });
            let rows = earlier.rows;
            stale.insert(
                key,
                Stale {
                    rows,
                    touched: after,
                },
            );
        }
        // Then the summaries right until now, which replace any stale one of theirs; one still
        // being made is made again when next asked for.
        for (key, made) in previous.summaries.into_oldest_first() {
            if let Some(rows) = made.get().cloned() {
                let touched = touched.clone();
                stale.insert(key, Stale { rows, touched });
            }
        }
        let made = Cached {
            stale,
            ..Cached::new(version, dataset.clone(), previous.goals)
        };
        let generation = made.generation.clone();
        *cached = Some(made);
        Ok(Some((dataset, generation)))
    }

    /// The cached dataset, if it holds every change up to `version`, and what is cached of it.
    fn cached_since(&self, version: i64) -> Option<(Arc<Dataset>, Generation)> {
        self.lock()
            .as_ref()
            .filter(|c| c.version.all >= version)
            .map(|c| (c.dataset.clone(), c.generation.clone()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        // A panic while holding the lock leaves at worst a stale cache, which the version
        // check replaces.
        self.cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The data as one request sees it: one dataset, holding every change the request waits for
/// ([`Analytics::current`], [`Analytics::with_drafts`]), and everything the analytics make of
/// it. A page that asks several questions (the measure page its quarters, a summary and its
/// charts) gets every answer from the same data, where each question used to read the data
/// version again and could be answered from a newer dataset than the one before.
pub struct Current<'a> {
    analytics: &'a Analytics,
    dataset: Arc<Dataset>,
    /// What is cached of `dataset`'s counted figures.
    generation: Generation,
    version: i64,
}

impl Current<'_> {
    pub fn dataset(&self) -> &Arc<Dataset> {
        &self.dataset
    }

    /// Runs `then` on what is cached, if it was made of the counted figures this request sees:
    /// they may have changed since it began.
    fn with_cached<T>(&self, then: impl FnOnce(&mut Cached) -> T) -> Option<T> {
        self.analytics
            .lock()
            .as_mut()
            .filter(|c| c.generation.is(&self.generation))
            .map(then)
    }

    /// The data version read before the data: the dataset holds at least every change up to
    /// it that this view shows (for [`Analytics::current`], [`DataVersion::counted`]).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The summary for `filter`, computed once per data version while it is among the
    /// `SUMMARIES_KEPT` filters asked most recently; requests asking while it is computed
    /// wait for it.
    #[tracing::instrument(skip(self))]
    pub async fn summary(&self, filter: &Filter) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        self.summary_of(Scope::Everything, filter).await
    }

    /// The summary for `filter` over only what is published as open data: the approved figures
    /// of the organisations that opted in, whatever basis `filter` names. Cached as
    /// [`Current::summary`] is; opting in or out changes the data version.
    #[tracing::instrument(skip(self))]
    pub async fn published_summary(
        &self,
        filter: &Filter,
    ) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        let filter = Filter {
            basis: crate::Basis::Approved,
            ..filter.clone()
        };
        self.summary_of(Scope::Published, &filter).await
    }

    async fn summary_of(
        &self,
        scope: Scope,
        filter: &Filter,
    ) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        let key = SummaryKey::of(scope, filter);
        let made = self.with_cached(|c| {
            c.summaries
                .get_or_insert_with(key.clone(), Shared::default)
                .clone()
        });
        match made {
            Some(made) => made
                .get_or_try_init(|| self.summary_made(key))
                .await
                .cloned(),
            // The data changed meanwhile: made for this request alone.
            None => self.summary_made(key).await,
        }
    }

    /// The summary `key` asks for, made from the stale summary of the same key when there is
    /// one, else from the whole dataset.
    async fn summary_made(&self, key: SummaryKey) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        let started = Instant::now();
        let stale = self.with_cached(|c| c.stale.get(&key).cloned()).flatten();
        let SummaryKey(scope, filter) = key;
        let rows = if let Some(Stale { rows, touched }) = stale {
            // Asked before a save: only the quarters the saves changed are computed again.
            let part = self.touched_part(scope, &touched).await?;
            let recomputed = self
                .analytics
                .pool
                .run(move || part.summary(&filter))
                .await??;
            Arc::new(patched(&rows, &touched, recomputed))
        } else {
            let asked = match scope {
                Scope::Everything => self.dataset.clone(),
                Scope::Published => self.published().await?,
            };
            Arc::new(
                self.analytics
                    .pool
                    .run(move || asked.summary(&filter))
                    .await??,
            )
        };
        tracing::debug!(
            rows = rows.len(),
            ms = started.elapsed().as_millis(),
            "a summary was computed"
        );
        Ok(rows)
    }

    /// The figures of the `touched` quarters of the dataset within `scope`, made once per
    /// counted figures, scope and quarters.
    async fn touched_part(
        &self,
        scope: Scope,
        touched: &Quarters,
    ) -> Result<Arc<Dataset>, CacheError> {
        let key = (scope, touched.clone());
        if let Some(part) = self.with_cached(|c| c.parts.get(&key).cloned()).flatten() {
            return Ok(part);
        }
        // Read after the dataset, as for the whole published part.
        let organisations = match scope {
            Scope::Everything => None,
            Scope::Published => Some(self.analytics.store.published_organisations().await?),
        };
        let (whole, touched) = (self.dataset.clone(), touched.clone());
        let part = Arc::new(
            self.analytics
                .pool
                .run(move || {
                    let part = whole.of_quarters(&touched);
                    match organisations {
                        None => Ok(part),
                        Some(organisations) => part.published(&organisations),
                    }
                })
                .await??,
        );
        self.with_cached(|c| c.parts.insert(key, part.clone()));
        Ok(part)
    }

    /// The part of the dataset published as open data, made once per counted figures.
    async fn published(&self) -> Result<Arc<Dataset>, CacheError> {
        if let Some(published) = self.with_cached(|c| c.published.clone()).flatten() {
            return Ok(published);
        }
        // Read after the dataset: an organisation opted in or out since is a newer version,
        // which the next request rebuilds for.
        let organisations = self.analytics.store.published_organisations().await?;
        let whole = self.dataset.clone();
        let published = Arc::new(
            self.analytics
                .pool
                .run(move || whole.published(&organisations))
                .await??,
        );
        self.with_cached(|c| c.published = Some(published.clone()));
        Ok(published)
    }

    /// As [`Current::summary`], but where the filter normalises, the series that cannot be
    /// normalised are given as reported instead of left out: the pages show every series,
    /// each as it can be compared.
    #[tracing::instrument(skip(self))]
    pub async fn summary_as_shown(
        &self,
        filter: &Filter,
    ) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        if filter.normalise.is_none() {
            return self.summary(filter).await;
        }
        let normalised = self.summary(filter).await?;
        let reported = self
            .summary(&Filter {
                normalise: None,
                ..filter.clone()
            })
            .await?;
        let mut rows: Vec<SummaryRow> = reported
            .iter()
            .filter(|row| !self.analytics.normalisable.contains(&row.series))
            .chain(normalised.iter())
            .cloned()
            .collect();
        rows.sort_by(|a, b| (&a.series, a.period).cmp(&(&b.series, b.period)));
        Ok(Arc::new(rows))
    }

    /// What `make` gives, made once per version of the counted figures for `key` and the kind
    /// of value while it is among the `DRAWINGS_KEPT` asked most recently (requests asking
    /// while it is made wait for it): for what only the counted figures decide besides what
    /// `key` names, such as a page's charts. The key must name everything else the value
    /// depends on (language, filter, choices). Drawing a measure page's charts took most of
    /// its 19 ms of CPU (the measure page row of `scripts/bench`, BENCHMARKS.md).
    pub async fn remembered<T, E>(
        &self,
        key: String,
        make: impl Future<Output = Result<T, E>>,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: From<CacheError>,
    {
        let made = self.with_cached(|c| {
            c.drawings
                .get_or_insert_with((TypeId::of::<T>(), key), Shared::default)
                .clone()
        });
        let make = || async { Ok::<_, E>(Arc::new(make.await?) as Arc<dyn Any + Send + Sync>) };
        let made = match made {
            Some(made) => made.get_or_try_init(make).await?.clone(),
            // The data changed meanwhile: made for this request alone.
            None => make().await?,
        };
        Ok(made
            .downcast::<T>()
            .expect("a drawing's key names the kind of value it holds"))
    }

    /// Runs `work` on the dataset for the current data, off the async runtime.
    pub async fn compute<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Dataset) -> T + Send + 'static,
    ) -> Result<T, CacheError> {
        let dataset = self.dataset.clone();
        self.analytics.pool.run(move || work(&dataset)).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::csv::ImportPlan;
    use crate::store::Actor;
    use crate::{OrgKind, OrgName, OrgNumber, Organisation, Period};

    /// The analytics of a new SQLite database holding two municipalities' figures of two
    /// series in three quarters.
    async fn analytics(dir: &tempfile::TempDir) -> Analytics {
        let url = format!("sqlite://{}/a.db", dir.path().display());
        let store = Store::connect(&url).await.unwrap();
        let system = Actor::System("test");
        for (number, name) in [("212000-2627", "Ystads kommun"), ("212000-0159", "Uppsala")] {
            let organisation = Organisation {
                organisation_number: OrgNumber::parse(number).unwrap(),
                name: OrgName::parse(name).unwrap(),
                kind: OrgKind::Municipality,
            };
            store
                .create_organisation(&organisation, &system)
                .await
                .unwrap();
        }
        let catalogue = Catalogue::shipped();
        let csv = "organisation_number,period,series,value\n\
                   212000-2627,2025Q1,tv_series,1\n\
                   212000-0159,2025Q1,tv_series,3\n\
                   212000-2627,2025Q2,tv_series,2\n\
                   212000-2627,2025Q3,tv_series,4\n\
                   212000-2627,2025Q2,customer_satisfaction,70\n\
                   212000-0159,2025Q3,customer_satisfaction,80\n";
        let plan = ImportPlan::parse(&catalogue, csv.as_bytes()).unwrap();
        store.import(&plan, &catalogue, &system).await.unwrap();
        // Submitted, so that they count: drafts never do.
        for (number, period) in [
            ("212000-2627", "2025Q1"),
            ("212000-0159", "2025Q1"),
            ("212000-2627", "2025Q2"),
            ("212000-2627", "2025Q3"),
            ("212000-0159", "2025Q3"),
        ] {
            let (number, period) = (
                OrgNumber::parse(number).unwrap(),
                Period::parse(period).unwrap(),
            );
            store
                .take_step(number, period, crate::Step::Submit, &system)
                .await
                .unwrap();
        }
        Analytics::new(store, &catalogue)
    }

    /// What `remembered` gives for `key`, counting in `made` each time it had to be made.
    async fn drawing(analytics: &Analytics, key: &str, made: &AtomicUsize) -> Arc<usize> {
        let now = analytics.current().await.unwrap();
        now.remembered(key.to_owned(), async {
            let figures = now.dataset().figure_count();
            Ok::<_, CacheError>(figures + made.fetch_add(1, Ordering::SeqCst))
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn a_drawing_is_made_once_per_key_until_the_data_changes() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let made = AtomicUsize::new(0);
        let first = drawing(&analytics, "page a", &made).await;
        assert!(Arc::ptr_eq(
            &first,
            &drawing(&analytics, "page a", &made).await
        ));
        drawing(&analytics, "page b", &made).await;
        assert_eq!(made.load(Ordering::SeqCst), 2, "once for each key");

        let (uppsala, period) = drafted(&analytics).await;
        // A draft counts in no national figure: what was made of them is still right.
        assert!(Arc::ptr_eq(
            &first,
            &drawing(&analytics, "page a", &made).await
        ));
        analytics
            .store
            .take_step(uppsala, period, crate::Step::Submit, &Actor::System("test"))
            .await
            .unwrap();
        let after = drawing(&analytics, "page a", &made).await;
        assert_eq!(
            made.load(Ordering::SeqCst),
            3,
            "made again for the new data"
        );
        assert_eq!(
            *after,
            *first + 1 + 2,
            "one more figure, and the third making"
        );
    }

    /// Uppsala's draft of 2025Q2, saved by an import; it counts nowhere until submitted.
    async fn drafted(analytics: &Analytics) -> (OrgNumber, Period) {
        let catalogue = Catalogue::shipped();
        let csv = "organisation_number,period,series,value\n212000-0159,2025Q2,tv_series,5\n";
        let plan = ImportPlan::parse(&catalogue, csv.as_bytes()).unwrap();
        let system = Actor::System("test");
        analytics
            .store
            .import(&plan, &catalogue, &system)
            .await
            .unwrap();
        (
            OrgNumber::parse("212000-0159").unwrap(),
            Period::parse("2025Q2").unwrap(),
        )
    }

    fn tv_series() -> Filter {
        Filter {
            series: Some(vec!["tv_series".into()]),
            ..Filter::default()
        }
    }

    /// A submit that commits after an update read the data version and before it read the
    /// figures is in the figures it read: the figures decide what is made again, not the
    /// version alone (once, the summaries were kept as if only drafts had changed, and no
    /// later update found anything to make again).
    #[tokio::test]
    async fn a_submit_committed_while_an_update_takes_in_drafts_counts() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let q2 = |rows: &[SummaryRow]| {
            let row = rows
                .iter()
                .find(|r| r.period.to_string() == "2025Q2")
                .unwrap();
            (row.n, row.sum)
        };
        assert_eq!(
            q2(&analytics.summary(&tv_series()).await.unwrap()),
            (1, 2.0)
        );
        let (uppsala, period) = drafted(&analytics).await;
        // An organisation's page begins taking in the draft…
        let version = analytics.store.data_version().await.unwrap();
        // …when Uppsala submits it…
        analytics
            .store
            .take_step(uppsala, period, crate::Step::Submit, &Actor::System("test"))
            .await
            .unwrap();
        // …and only then reads the figures.
        analytics.updated(version, Instant::now()).await.unwrap();
        assert_eq!(
            q2(&analytics.summary(&tv_series()).await.unwrap()),
            (2, 7.0)
        );
    }

    /// An update that takes in drafts alone keeps what was made of the counted figures for
    /// the requests under way as for those after it.
    #[tokio::test]
    async fn a_request_under_way_when_drafts_are_taken_in_finds_what_was_made() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let now = analytics.current().await.unwrap();
        let first = now.summary(&tv_series()).await.unwrap();
        drafted(&analytics).await;
        let with_drafts = analytics.with_drafts().await.unwrap();
        assert!(!Arc::ptr_eq(now.dataset(), with_drafts.dataset()));
        assert!(Arc::ptr_eq(
            &first,
            &now.summary(&tv_series()).await.unwrap()
        ));
        assert!(Arc::ptr_eq(
            &first,
            &with_drafts.summary(&tv_series()).await.unwrap()
        ));
    }

    #[tokio::test]
    async fn requests_asking_for_a_drawing_while_it_is_made_wait_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let made = AtomicUsize::new(0);
        let now = analytics.current().await.unwrap();
        let asked = (0..8).map(|_| {
            now.remembered("page a".to_owned(), async {
                made.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok::<_, CacheError>(42_usize)
            })
        });
        let answers = futures_util::future::join_all(asked).await;
        assert_eq!(made.load(Ordering::SeqCst), 1, "made once for all eight");
        let first = answers[0].as_ref().unwrap();
        for answer in &answers {
            assert!(Arc::ptr_eq(first, answer.as_ref().unwrap()));
        }
        assert_eq!(**first, 42);
    }

    fn kept(analytics: &Analytics) -> usize {
        analytics.lock().as_ref().map_or(0, |c| c.summaries.len())
    }

    #[tokio::test]
    async fn many_distinct_filters_never_hold_more_than_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let start = Period::parse("2000Q1").unwrap().index();
        let until = |quarter: usize| Filter {
            to: Period::from_index(start + i32::try_from(quarter).unwrap()),
            ..Filter::default()
        };
        let first = analytics.summary(&until(0)).await.unwrap();
        for quarter in 1..SUMMARIES_KEPT + 20 {
            analytics.summary(&until(quarter)).await.unwrap();
            assert!(
                kept(&analytics) <= SUMMARIES_KEPT,
                "{} summaries kept after {} filters",
                kept(&analytics),
                quarter + 1
            );
        }
        assert_eq!(kept(&analytics), SUMMARIES_KEPT);
        // The filter asked longest ago was forgotten: asked again, it is computed anew, and
        // the same.
        let again = analytics.summary(&until(0)).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(first, again);
        let last = until(SUMMARIES_KEPT + 19);
        let newest = analytics.summary(&last).await.unwrap();
        assert_eq!(
            newest.len(),
            5,
            "tv_series in three quarters and the other in two"
        );
        assert!(Arc::ptr_eq(
            &newest,
            &analytics.summary(&last).await.unwrap()
        ));
    }

    #[tokio::test]
    async fn a_change_of_status_alone_changes_the_cached_summary() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let q1 = Filter {
            from: Period::parse("2025Q1").ok(),
            to: Period::parse("2025Q1").ok(),
            series: Some(vec!["tv_series".into()]),
            ..Filter::default()
        };
        let approved_q1 = Filter {
            basis: crate::Basis::Approved,
            ..q1.clone()
        };
        let counts =
            |rows: &[SummaryRow]| rows.iter().map(|r| (r.n, r.n_approved)).collect::<Vec<_>>();
        assert_eq!(counts(&analytics.summary(&q1).await.unwrap()), [(2, 0)]);
        assert!(analytics.summary(&approved_q1).await.unwrap().is_empty());
        let (uppsala, q1_period) = (
            OrgNumber::parse("212000-0159").unwrap(),
            Period::parse("2025Q1").unwrap(),
        );
        let system = Actor::System("test");
        analytics
            .store
            .take_step(uppsala, q1_period, crate::Step::Approve, &system)
            .await
            .unwrap();
        assert_eq!(counts(&analytics.summary(&q1).await.unwrap()), [(2, 1)]);
        assert_eq!(
            counts(&analytics.summary(&approved_q1).await.unwrap()),
            [(1, 1)]
        );
        analytics
            .store
            .take_step(uppsala, q1_period, crate::Step::Reopen, &system)
            .await
            .unwrap();
        assert_eq!(counts(&analytics.summary(&q1).await.unwrap()), [(1, 0)]);
        assert!(analytics.summary(&approved_q1).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_published_summary_counts_only_approved_figures_of_organisations_that_opted_in() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let q1_tv = Filter {
            from: Period::parse("2025Q1").ok(),
            to: Period::parse("2025Q1").ok(),
            series: Some(vec!["tv_series".into()]),
            ..Filter::default()
        };
        let sums = |rows: &[SummaryRow]| rows.iter().map(|r| (r.n, r.sum)).collect::<Vec<_>>();
        let system = Actor::System("test");
        let (ystad, uppsala, q1) = (
            OrgNumber::parse("212000-2627").unwrap(),
            OrgNumber::parse("212000-0159").unwrap(),
            Period::parse("2025Q1").unwrap(),
        );
        let opt = |number: OrgNumber, open_data: bool| {
            let analytics = &analytics;
            let system = &system;
            async move {
                let change = crate::OrganisationChange {
                    open_data: Some(open_data),
                    ..Default::default()
                };
                analytics
                    .store
                    .change_organisation(number, &change, system)
                    .await
                    .unwrap();
            }
        };
        // Both submitted, neither opted in: nothing is published.
        assert!(
            analytics
                .published_summary(&q1_tv)
                .await
                .unwrap()
                .is_empty()
        );
        // Uppsala (3) opts in and is approved; Ystad (1) opts in but is only submitted.
        opt(uppsala, true).await;
        opt(ystad, true).await;
        assert!(
            analytics
                .published_summary(&q1_tv)
                .await
                .unwrap()
                .is_empty()
        );
        analytics
            .store
            .take_step(uppsala, q1, crate::Step::Approve, &system)
            .await
            .unwrap();
        assert_eq!(
            sums(&analytics.published_summary(&q1_tv).await.unwrap()),
            [(1, 3.0)]
        );
        // Whatever basis is asked for, only approved figures count.
        let reported = Filter {
            basis: crate::Basis::Reported,
            ..q1_tv.clone()
        };
        assert_eq!(
            sums(&analytics.published_summary(&reported).await.unwrap()),
            [(1, 3.0)]
        );
        analytics
            .store
            .take_step(ystad, q1, crate::Step::Approve, &system)
            .await
            .unwrap();
        assert_eq!(
            sums(&analytics.published_summary(&q1_tv).await.unwrap()),
            [(2, 4.0)]
        );
        // Opting out withdraws at once; the signed-in summary counts all the while.
        opt(uppsala, false).await;
        assert_eq!(
            sums(&analytics.published_summary(&q1_tv).await.unwrap()),
            [(1, 1.0)]
        );
        assert_eq!(sums(&analytics.summary(&q1_tv).await.unwrap()), [(2, 4.0)]);
    }

    #[tokio::test]
    async fn reordered_or_repeated_series_share_one_summary() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = analytics(&dir).await;
        let asking = |series: &[&str]| Filter {
            series: Some(series.iter().map(|s| (*s).to_owned()).collect()),
            ..Filter::default()
        };
        let (tv, satisfaction) = ("tv_series", "customer_satisfaction");
        let first = analytics
            .summary(&asking(&[tv, satisfaction]))
            .await
            .unwrap();
        assert_eq!(first.len(), 5);
        for series in [
            &[satisfaction, tv][..],
            &[tv, satisfaction, tv],
            &[satisfaction, satisfaction, tv, satisfaction],
        ] {
            let rows = analytics.summary(&asking(series)).await.unwrap();
            assert!(Arc::ptr_eq(&first, &rows), "{series:?} was computed again");
        }
        assert_eq!(kept(&analytics), 1, "one computation for all four");
        // A different choice of series is a different summary.
        let tv_only = analytics.summary(&asking(&[tv, tv])).await.unwrap();
        assert_eq!(tv_only.len(), 3);
        assert_eq!(kept(&analytics), 2);
    }

    #[tokio::test]
    async fn concurrent_cold_work_never_runs_more_at_once_than_the_cores() {
        let dir = tempfile::tempdir().unwrap();
        let analytics = Arc::new(analytics(&dir).await);
        let cores = std::thread::available_parallelism().unwrap().get();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..4 * cores + 1 {
            let (analytics, running, most) = (analytics.clone(), running.clone(), most.clone());
            requests.spawn(async move {
                analytics
                    .compute(move |dataset| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        let rows = dataset.summary(&Filter::default()).map(|rows| rows.len());
                        running.fetch_sub(1, Ordering::SeqCst);
                        rows
                    })
                    .await
            });
        }
        let mut done = 0;
        while let Some(request) = requests.join_next().await {
            request.unwrap().unwrap().unwrap();
            done += 1;
        }
        assert_eq!(done, 4 * cores + 1);
        let most = most.load(Ordering::SeqCst);
        assert!(
            (1..=cores).contains(&most),
            "{most} computations ran at once on {cores} cores"
        );
    }
}
