//! The database behind Effekt: SQLite by default, PostgreSQL through the same code.
//!
//! Every query is portable SQL run through sqlx's `Any` driver. Reads are methods on [`Store`];
//! writes go through a [`WriteTx`], one transaction that commits whole or not at all.

mod audit;
mod completeness;
mod data_changes;
mod database_copy;
mod display_links;
mod external_sign_in;
mod generated_data;
mod goals;
mod hashing;
mod import_export;
mod lessons;
mod migrations;
mod organisations;
mod outbox;
mod packed;
mod params;
mod plausibility;
mod quarter_versions;
mod report_saves;
mod reports;
mod series_goals;
mod sessions;
mod sign_in;
mod sizes;
mod snapshots;
mod tokens;
mod users;
mod write_turns;

use std::collections::BTreeMap;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::observer::{Observer, Unobserved};
use crate::{Action, Email, NotBegun, OrgNumber, Period, StepError, User};

pub use data_changes::{ChangesSince, DataVersion};
pub use database_copy::TableDigest;
pub use external_sign_in::{ExternalSignInError, PENDING_SIGN_IN, PendingSignIn};
pub use generated_data::GeneratedOrganisation;
pub use hashing::HashingPool;
pub use import_export::{
    ExportFilter, ExportPage, ExportedFigure, ExportedOrganisation, ImportFailure,
    PENDING_IMPORT_LIFETIME, PENDING_IMPORTS_PER_USER, PendingImport,
};
pub use outbox::{ClaimedMail, MAIL_CLAIM};
pub use reports::StoredValue;
pub use series_goals::StoredGoal;
pub use sessions::{SESSION_ABSOLUTE, SESSION_IDLE};
pub use sign_in::{LoginThrottle, SignInError};
pub use sizes::Sizes;

/// Set on every SQLite connection: durable commits (WAL, fsync on commit), enforced foreign keys,
/// and writers that wait up to ten seconds for the write lock instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
    PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// The connections that count sign-in attempts. Counts are worth less than figures: a crash may
/// forget the last few, so their commits need not wait for the disk (SQLite's `NORMAL` in WAL
/// mode, PostgreSQL's `synchronous_commit = off`).
const SQLITE_ATTEMPT_PRAGMAS: &str = "PRAGMA synchronous = NORMAL;";
const POSTGRES_ATTEMPT_SETTINGS: &str = "SET synchronous_commit = off";

/// Connections of their own for counting sign-in attempts, so that a flood of sign-ins queues
/// there and never in front of the pages' reads (`tests/processes/sign_in_flood.rs`).
const ATTEMPT_CONNECTIONS: u32 = 2;

/// SQLite's page cache per connection, in KiB: its default.
const SQLITE_CACHE_KIB: i64 = 2_000;

/// Connections a server keeps open at most, unless configured otherwise.
pub const DEFAULT_CONNECTIONS: u32 = 10;

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
    #[error("there is no report of {0} for {1}")]
    UnknownReport(OrgNumber, Period),
    #[error("the report of {0} for {1} cannot take that step: {2}")]
    Step(OrgNumber, Period, StepError),
    #[error(transparent)]
    NotBegun(#[from] NotBegun),
    #[error("there is no user {0}")]
    UnknownUser(Email),
    #[error("user {0} already exists")]
    DuplicateUser(Email),
    /// No such API token, or (to anyone but an administrator) someone else's.
    #[error("there is no such API token")]
    UnknownToken,
    /// No such goal of that organisation.
    #[error("there is no such goal")]
    UnknownGoal,
    #[error("there is no such display link")]
    UnknownDisplayLink,
    #[error("{actor} may not do this")]
    Forbidden { actor: String },
    #[error("the destination already holds data ({0})")]
    NotEmpty(&'static str),
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The connections of a store's pool, for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

/// A handle on the database; cheap to clone, shared by every request.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// Only for counting sign-in attempts (`sign_in.rs`).
    attempts: AnyPool,
    sqlite: bool,
    /// Where passwords are hashed: off the async runtime, a few at a time.
    hashing: HashingPool,
    /// The plausibility check's national figures per quarter, kept while the quarter's
    /// version stays (`plausibility.rs`).
    national: std::sync::Arc<plausibility::NationalFigures>,
    /// Where writers on SQLite wait for each other (`write_turns.rs`).
    write_turns: write_turns::WriteTurns,
    /// Told of failed sign-ins and rebuilt datasets (the server's metrics).
    observer: std::sync::Arc<dyn Observer>,
    /// Whether steps of reports write mail to the outbox (`outbox.rs`).
    mail: bool,
}

impl Store {
    /// Connects to `database_url` (`sqlite://…` or `postgres://…`) with a pool of
    /// [`DEFAULT_CONNECTIONS`], creating a missing SQLite file, and brings the schema up to date.
    pub async fn connect(database_url: &str) -> Result<Self, StoreError> {
        Self::connect_pooled(database_url, DEFAULT_CONNECTIONS).await
    }

    /// As [`Store::connect`], with at most `max_connections` open at once.
    #[tracing::instrument(skip(database_url))]
    pub async fn connect_pooled(
        database_url: &str,
        max_connections: u32,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let url = with_sqlite_create_mode(database_url);
        if url != database_url {
            create_sqlite_folder(&url)?;
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
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
        migrations::migrator().run(&pool).await?;
        let sqlite = database_url.starts_with("sqlite:");
        Self::ensure_lessons_search(&pool, sqlite).await?;
        let attempts = AnyPoolOptions::new()
            .max_connections(ATTEMPT_CONNECTIONS)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        conn.execute(SQLITE_PRAGMAS).await?;
                        conn.execute(SQLITE_ATTEMPT_PRAGMAS).await?;
                    } else {
                        conn.execute(POSTGRES_ATTEMPT_SETTINGS).await?;
                    }
                    Ok(())
                })
            })
            .connect_lazy_with(AnyConnectOptions::from_str(database_url)?);
        let store = Self {
            pool,
            attempts,
            sqlite,
            hashing: HashingPool::sized_to_cores(),
            national: Default::default(),
            write_turns: Default::default(),
            observer: std::sync::Arc::new(Unobserved),
            mail: false,
        };
        store.build_missing_snapshots().await?;
        Ok(store)
    }

    /// This store, telling `observer` of what happens (failed sign-ins, rebuilt datasets).
    pub fn observed_by(self, observer: std::sync::Arc<dyn Observer>) -> Self {
        Self { observer, ..self }
    }

    /// Who is told of what happens.
    pub fn observer(&self) -> &dyn Observer {
        self.observer.as_ref()
    }

    /// How many connections the store's pool holds (`size`) and how many of them wait unused
    /// (`idle`); the connections kept for counting sign-in attempts are not among them.
    pub fn pool_use(&self) -> PoolUse {
        PoolUse {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    /// Numbers that change whenever the data does ([`DataVersion`]); for caches.
    #[tracing::instrument(skip(self))]
    pub async fn data_version(&self) -> Result<DataVersion, StoreError> {
        // As the migration that added the columns tells (`0024_counted_version.sql`).
        let (all, counted) = sqlx::query_as(
            "SELECT version, \
             CASE WHEN drafts_version = version THEN counted_version ELSE version END \
             FROM data_version WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(DataVersion { all, counted })
    }

    /// Refreshes the query planner's statistics: after a bulk load PostgreSQL has none for the
    /// new rows until autovacuum comes round, and plans the export's pages as full sorts.
    #[tracing::instrument(skip_all)]
    pub async fn analyze(&self) -> Result<(), StoreError> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Answers when the database does.
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.pool.acquire().await?.ping().await?;
        Ok(())
    }

    /// Starts a write on behalf of `actor`, who is recorded as its author and whose rights every
    /// write through it is checked against.
    #[tracing::instrument(skip_all, fields(actor = %actor.name()))]
    pub async fn begin_write(&self, actor: &Actor) -> Result<WriteTx, StoreError> {
        let (tx, turn) = self.begin_writing().await?;
        Ok(WriteTx {
            tx,
            _turn: turn,
            at: now(),
            by: actor.name(),
            actor: actor.clone(),
            id: crate::secret::random_hex(8),
            seq: 0,
            holds_pages: false,
            snapshots: BTreeMap::new(),
            quarters: std::collections::BTreeSet::new(),
            changes: data_changes::DataChanges::default(),
            mail: self.mail,
        })
    }
}

impl Store {
    /// A transaction that will write, and on SQLite this server's turn to write, to be kept
    /// until the transaction ends.
    async fn begin_writing(
        &self,
    ) -> Result<(Transaction<'static, Any>, Option<write_turns::Turn>), StoreError> {
        if !self.sqlite {
            // Writers take turns, as on SQLite: without this, two first saves of one report
            // both find it missing and the second fails on the primary key. Every write
            // updates this row when it commits anyway.
            let mut tx = self.pool.begin_with("BEGIN").await?;
            sqlx::query("SELECT version FROM data_version WHERE id = 1 FOR UPDATE")
                .execute(&mut *tx)
                .await?;
            return Ok((tx, None));
        }
        // SQLite: this server's writers wait for their turn here, then take the write lock up
        // front, so that a writer of another process (the command line) queues on the busy
        // timeout instead of one failing when it upgrades from reading to writing. Should the lock
        // stay taken past the timeout, try again a few times before telling anyone.
        let turn = self.write_turns.next().await;
        let mut attempt = 0;
        loop {
            match self.pool.begin_with("BEGIN IMMEDIATE").await {
                Err(error) if is_busy(&error) && attempt < BUSY_RETRIES => {
                    attempt += 1;
                    tracing::warn!(attempt, "the database stayed locked; trying again");
                    tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
                }
                begun => return Ok((begun?, Some(turn))),
            }
        }
    }
}

/// Who a write is done for: a signed-in user, or the system itself at start-up (demo data,
/// the first administrator).
#[derive(Debug, Clone)]
pub enum Actor {
    User(User),
    System(&'static str),
}

impl Actor {
    pub fn name(&self) -> String {
        match self {
            Actor::User(user) => user.email.to_string(),
            Actor::System(task) => format!("system:{task}"),
        }
    }

    fn may(&self, action: Action) -> bool {
        match self {
            Actor::User(user) => user.may(action),
            Actor::System(_) => true,
        }
    }

    /// Refuses unless the actor may do `action`: the one check every write (and every read
    /// that is not open to all signed-in users) goes through.
    pub fn require(&self, action: Action) -> Result<(), StoreError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(StoreError::Forbidden { actor: self.name() })
        }
    }
}

/// One write transaction: everything done through it is stored together on [`WriteTx::commit`],
/// or not at all when it is dropped.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    /// Given back after the transaction ends: fields drop in order.
    _turn: Option<write_turns::Turn>,
    at: String,
    by: String,
    actor: Actor,
    /// Identifies this transaction's rows in the audit trail.
    id: String,
    seq: i64,
    /// Whether SQLite's page cache was enlarged for this transaction; see [`WriteTx::hold_pages`].
    holds_pages: bool,
    /// The organisations whose figures changed, with their new snapshots, written at commit.
    snapshots: BTreeMap<OrgNumber, snapshots::Snapshot>,
    /// The quarters whose figures or reports changed, whose versions move at commit.
    quarters: std::collections::BTreeSet<Period>,
    /// What changed that the aggregates depend on, logged at commit (`data_changes.rs`).
    changes: data_changes::DataChanges,
    /// Whether steps of reports write mail ([`Store::sends_mail`]).
    mail: bool,
}

impl WriteTx {
    /// Stores everything done through this transaction, and counts it as a change of the data
    /// when anything was recorded.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        self.write_snapshots().await?;
        self.move_quarter_versions().await?;
        if self.seq > 0 {
            // On the right of `=`, every column is as it was before the update, in both
            // databases. A write that changed drafts alone notes where the counted figures
            // stand; any other moves the version alone, as an older instance does
            // (`0024_counted_version.sql`).
            let moved = if self.changes.counted() {
                "UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version"
            } else {
                "UPDATE data_version SET version = version + 1, drafts_version = version + 1, \
                 counted_version = \
                 CASE WHEN drafts_version = version THEN counted_version ELSE version END \
                 WHERE id = 1 RETURNING version"
            };
            let version = sqlx::query_scalar(moved).fetch_one(&mut *self.tx).await?;
            self.log_changes(version).await?;
        }
        if self.holds_pages {
            // The commit writes every changed page whatever the limit; the connection goes
            // back to the pool with the usual one.
            self.set_cache_size(SQLITE_CACHE_KIB).await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Stores nothing of this transaction; as dropping it, but leaves the connection as it was.
    pub async fn rollback(mut self) -> Result<(), StoreError> {
        if self.holds_pages {
            self.set_cache_size(SQLITE_CACHE_KIB).await?;
        }
        self.tx.rollback().await?;
        Ok(())
    }

    /// Gives SQLite room for `mebibytes` of changed pages until the commit, for a write of many
    /// rows: with the usual cache a large write spills its pages to the WAL again and again
    /// instead of writing each once. Nothing on PostgreSQL.
    pub(super) async fn hold_pages(&mut self, mebibytes: i64) -> Result<(), StoreError> {
        if self.tx.backend_name() == "SQLite" {
            self.set_cache_size(mebibytes * 1024).await?;
            self.holds_pages = true;
        }
        Ok(())
    }

    async fn set_cache_size(&mut self, kibibytes: i64) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA cache_size = -{kibibytes}"
        )))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Refuses unless the actor may do `action`: the one check every write goes through.
    fn require(&self, action: Action) -> Result<(), StoreError> {
        if self.actor.may(action) {
            Ok(())
        } else {
            Err(StoreError::Forbidden {
                actor: self.by.clone(),
            })
        }
    }
}

/// Times a writer asks SQLite for the write lock again after waiting out the busy timeout.
const BUSY_RETRIES: u64 = 3;

/// SQLite's "database is locked" or "database table is locked".
fn is_busy(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| matches!(code.as_ref(), "5" | "6" | "517" | "262"))
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

/// The folder of a SQLite file Effekt creates: on a new installation `sqlite://data/effekt.db`
/// beside a binary copied alone into an empty folder names a folder not there yet.
fn create_sqlite_folder(url: &str) -> Result<(), StoreError> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    match options.get_filename().parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            std::fs::create_dir_all(folder).map_err(|error| sqlx::Error::Io(error).into())
        }
        _ => Ok(()),
    }
}

/// The current time as stored: RFC 3339 in UTC with a fixed six decimals, so that text order is
/// time order, in SQL too.
fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap_or_default()
}

/// The stored time `ago` before now.
fn before_now(ago: std::time::Duration) -> String {
    timestamp(OffsetDateTime::now_utc() - ago)
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

    #[tokio::test]
    async fn a_new_sqlite_database_gets_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data/inner/effekt.db");
        Store::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        assert!(file.is_file());
        // Told only to read, it creates nothing.
        let elsewhere = dir.path().join("elsewhere/effekt.db");
        let refused = Store::connect(&format!("sqlite://{}?mode=ro", elsewhere.display())).await;
        assert!(refused.is_err());
        assert!(!dir.path().join("elsewhere").exists());
    }

    #[test]
    fn timestamps_have_a_fixed_width_so_text_order_is_time_order() {
        let stamp = now();
        assert_eq!(stamp.len(), "2026-01-01T00:00:00.000000Z".len(), "{stamp}");
        assert!(stamp.ends_with('Z'));
        let earlier = before_now(std::time::Duration::from_secs(1));
        assert!(earlier < now());
        let midnight = time::macros::datetime!(2026-01-02 00:00:00.5 UTC);
        assert_eq!(timestamp(midnight), "2026-01-02T00:00:00.500000Z");
    }
}
