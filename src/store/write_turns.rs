//! This server's write transactions (`Store::begin_writing`: saves, workflow steps, imports)
//! take turns before they ask SQLite for its write lock. Single statements outside them, such as
//! a session's sign-in, still wait in SQLite's busy handler.
//!
//! SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps up to
//! 100 ms between tries while each holds one of the pool's connections: at the deadline, saves
//! that arrived first could wait longest. Waiting here instead, first come first served and
//! without a connection, bounds a save's wait by the saves before it (BENCHMARKS.md, "Writers
//! take turns at the deadline"). PostgreSQL queues its writers on a row lock instead.

use std::sync::Arc;

use tokio::sync::{Mutex, OwnedMutexGuard};

/// The turn to write, held for as long as the transaction that it began.
pub(super) type Turn = OwnedMutexGuard<()>;

/// The queue of this server's writers.
#[derive(Debug, Clone, Default)]
pub(super) struct WriteTurns(Arc<Mutex<()>>);

impl WriteTurns {
    /// Waits for the writers before this one, first come first served.
    pub(super) async fn next(&self) -> Turn {
        self.0.clone().lock_owned().await
    }
}
