//! Password hashing off the async runtime, a few at a time.
//!
//! Argon2 spends about 19 MiB and tens of milliseconds of CPU on every check. Run on the
//! runtime's worker threads, a few hundred parallel sign-ins would take every one of them and
//! stall every page (issue #16). Here each hash runs on the blocking pool, and no more at once
//! than the machine has cores: the rest wait their turn without holding a thread.

use std::sync::Arc;

use tokio::sync::Semaphore;

/// Runs password hashing on at most as many blocking threads as there are cores.
#[derive(Debug, Clone)]
pub struct HashingPool {
    permits: Arc<Semaphore>,
}

impl HashingPool {
    /// A pool that hashes on as many threads as the machine has cores.
    pub fn sized_to_cores() -> Self {
        Self::with_threads(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    pub fn with_threads(threads: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(threads.max(1))),
        }
    }

    /// Runs `hash` on the blocking pool once a thread of this pool is free.
    pub async fn run<T: Send + 'static>(&self, hash: impl FnOnce() -> T + Send + 'static) -> T {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the pool's semaphore is never closed");
        match tokio::task::spawn_blocking(hash).await {
            Ok(value) => value,
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn never_hashes_more_at_once_than_it_has_threads() {
        let pool = HashingPool::with_threads(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..12).map(|_| {
            let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await;
            })
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_runtime_thread_stays_free_while_hashing() {
        // On a single-threaded runtime a timer must still fire while a slow hash runs.
        let pool = HashingPool::with_threads(1);
        let slow = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run(|| std::thread::sleep(Duration::from_millis(300)))
                    .await
            }
        });
        let started = std::time::Instant::now();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(started.elapsed() < Duration::from_millis(200));
        slow.await.unwrap();
    }
}
