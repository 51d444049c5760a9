//! The database behind Effekt: SQLite by default, PostgreSQL through the same code.
//!
//! Every query is portable SQL run through sqlx's `Any` driver. Reads are methods on [`Store`];
//! writes go through a [`WriteTx`], one transaction that commits whole or not at all.

mod organisations;
mod reports;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{OrgNumber, Period};

/// Set on every SQLite connection: durable commits (WAL, fsync on commit), enforced foreign keys,
/// and writers that wait up to ten seconds for the write lock instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
    PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// Errors at the storage boundary. The callers decide what a person is told; the text of
/// `Database` and `Migrate` is for the log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("organisation {0} does not exist")]
    UnknownOrganisation(OrgNumber),
    #[error("organisation {0} already exists")]
    DuplicateOrganisation(OrgNumber),
    #[error("the report of {0} for {1} is approved and locked")]
    Locked(OrgNumber, Period),
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A handle on the database; cheap to clone, shared by every request.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    sqlite: bool,
}

impl Store {
    /// Connects to `database_url` (`sqlite://…` or `postgres://…`), creating a missing SQLite
    /// file, and brings the schema up to date.
    #[tracing::instrument(skip_all)]
    pub async fn connect(database_url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(&with_sqlite_create_mode(database_url))?;
        let pool = AnyPoolOptions::new()
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        conn.execute(SQLITE_PRAGMAS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self {
            pool,
            sqlite: database_url.starts_with("sqlite:"),
        })
    }

    /// Answers when the database does.
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.pool.acquire().await?.ping().await?;
        Ok(())
    }

    /// Starts a write on behalf of `by` (who is recorded as its author).
    #[tracing::instrument(skip(self))]
    pub async fn begin_write(&self, by: &str) -> Result<WriteTx, StoreError> {
        // SQLite: take the write lock up front, so that two writers queue on the busy timeout
        // instead of one failing when it upgrades from reading to writing.
        let begin = if self.sqlite {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN"
        };
        let tx = self.pool.begin_with(begin).await?;
        Ok(WriteTx {
            tx,
            at: now(),
            by: by.to_owned(),
        })
    }
}

/// One write transaction: everything done through it is stored together on [`WriteTx::commit`],
/// or not at all when it is dropped.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    at: String,
    by: String,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// SQLite opens an existing file by default; Effekt creates its database on first start.
fn with_sqlite_create_mode(url: &str) -> String {
    if !url.starts_with("sqlite:") || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The current time as stored: RFC 3339, UTC, whole seconds.
fn now() -> String {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&Rfc3339)
        .unwrap_or_default()
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file_unless_told_otherwise() {
        assert_eq!(
            with_sqlite_create_mode("sqlite://data/effekt.db"),
            "sqlite://data/effekt.db?mode=rwc"
        );
        assert_eq!(
            with_sqlite_create_mode("sqlite://x.db?cache=shared"),
            "sqlite://x.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            with_sqlite_create_mode("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
        assert_eq!(
            with_sqlite_create_mode("postgres://h/db"),
            "postgres://h/db"
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc_in_whole_seconds() {
        let stamp = now();
        assert_eq!(stamp.len(), "2026-01-01T00:00:00Z".len(), "{stamp}");
        assert!(stamp.ends_with('Z'));
    }
}
