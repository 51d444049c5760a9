//! Aggregates are computed once per change of the data, not once per page view.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{Dataset, Filter, SummaryRow, with_derived};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Analytics(#[from] super::AnalyticsError),
    #[error("the aggregation thread stopped unexpectedly")]
    Stopped,
}

/// Runs CPU-bound polars work on a thread of its own: it must not block the async runtime,
/// and polars itself refuses to block inside a single-threaded tokio runtime.
async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CacheError> {
    let (send, receive) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive.await.map_err(|_| CacheError::Stopped)
}

struct Cached {
    version: i64,
    dataset: Arc<Dataset>,
    summaries: HashMap<Filter, Arc<Vec<SummaryRow>>>,
}

/// The dataset and the summaries asked of it, kept until the data version changes. Every
/// committed write bumps that version in the database, so a saved figure shows on the next
/// page load, on this server or any other sharing the database.
pub struct Analytics {
    store: Store,
    entered_series: usize,
    cached: Mutex<Option<Cached>>,
    /// Held while the dataset is rebuilt: at the deadline, when every save changes the data,
    /// requests wait for the one rebuild under way instead of each starting their own.
    rebuilding: tokio::sync::Mutex<()>,
}

impl Analytics {
    pub fn new(store: Store, entered_series: usize) -> Self {
        Self {
            store,
            entered_series,
            cached: Mutex::new(None),
            rebuilding: tokio::sync::Mutex::new(()),
        }
    }

    /// The dataset for the current data, loaded and built only when the data changed.
    #[tracing::instrument(skip(self))]
    pub async fn dataset(&self) -> Result<Arc<Dataset>, CacheError> {
        let wanted = self.store.data_version().await?;
        if let Some(dataset) = self.cached_since(wanted) {
            return Ok(dataset);
        }
        let _turn = self.rebuilding.lock().await;
        // A rebuild that ran while this request waited may already include its version.
        if let Some(dataset) = self.cached_since(wanted) {
            return Ok(dataset);
        }
        let started = Instant::now();
        // Read before the data: what is loaded is at least this new.
        let version = self.store.data_version().await?;
        let observations = self.store.observations().await?;
        let goals = self.store.goals().await?;
        let kinds: Vec<_> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| o.kind)
            .collect();
        let entered_series = self.entered_series;
        let read = started.elapsed();
        let dataset = Arc::new(
            off_runtime(move || {
                Dataset::new(with_derived(observations, &goals), kinds, entered_series)
            })
            .await??,
        );
        tracing::info!(
            version,
            figures = dataset.observations().len(),
            read_ms = read.as_millis(),
            built_ms = (started.elapsed() - read).as_millis(),
            "the dataset was rebuilt"
        );
        *self.lock() = Some(Cached {
            version,
            dataset: dataset.clone(),
            summaries: HashMap::new(),
        });
        Ok(dataset)
    }

    /// The summary for `filter`, computed once per data version.
    #[tracing::instrument(skip(self))]
    pub async fn summary(&self, filter: &Filter) -> Result<Arc<Vec<SummaryRow>>, CacheError> {
        let dataset = self.dataset().await?;
        if let Some(rows) = self
            .lock()
            .as_ref()
            .filter(|c| Arc::ptr_eq(&c.dataset, &dataset))
            .and_then(|c| c.summaries.get(filter).cloned())
        {
            return Ok(rows);
        }
        let started = Instant::now();
        let rows = {
            let (dataset, filter) = (dataset.clone(), filter.clone());
            Arc::new(off_runtime(move || dataset.summary(&filter)).await??)
        };
        tracing::debug!(
            rows = rows.len(),
            ms = started.elapsed().as_millis(),
            "a summary was computed"
        );
        if let Some(cached) = self
            .lock()
            .as_mut()
            .filter(|c| Arc::ptr_eq(&c.dataset, &dataset))
        {
            cached.summaries.insert(filter.clone(), rows.clone());
        }
        Ok(rows)
    }

    /// Runs `work` on the dataset for the current data, off the async runtime.
    pub async fn compute<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Dataset) -> T + Send + 'static,
    ) -> Result<T, CacheError> {
        let dataset = self.dataset().await?;
        off_runtime(move || work(&dataset)).await
    }

    /// The cached dataset, if it holds every change up to `version`.
    fn cached_since(&self, version: i64) -> Option<Arc<Dataset>> {
        self.lock()
            .as_ref()
            .filter(|c| c.version >= version)
            .map(|c| c.dataset.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        // A panic while holding the lock leaves at worst a stale cache, which the version
        // check replaces.
        self.cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
