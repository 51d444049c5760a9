//! The change log: what each committed write changed that the aggregates depend on, so that
//! the cache on every instance sharing the database applies a save instead of rebuilding
//! everything (`analytics/incremental.rs`).

use std::collections::BTreeSet;

use sqlx::Row;

use super::database_copy::{Cell, insert_all, table};
use super::{Store, StoreError, WriteTx, corrupt};
use crate::{OrgNumber, Period};

/// How many versions the log keeps: a cache further behind than this rebuilds in full, which
/// after a thousand writes costs little more than applying them.
const VERSIONS_KEPT: i64 = 1_000;

/// How many organisations one write may change and still be applied organisation by
/// organisation: a larger import is better read whole.
const ORGANISATIONS_APPLIED: usize = 500;

/// What a transaction changed that the aggregates depend on.
#[derive(Debug, Default)]
pub(super) struct DataChanges {
    /// The organisations whose reports (figures or status) changed.
    organisations: BTreeSet<OrgNumber>,
    /// Whether anything else changed (an organisation, its size or goal, users, a bulk
    /// load): the caches then rebuild everything, as for every write before the log.
    everything: bool,
    /// Whether what a national figure counts may have changed: anything but the figures of
    /// drafts that stay drafts ([`DataVersion::counted`]).
    counted: bool,
}

impl DataChanges {
    /// Notes one audited change: of a report when it names an organisation and a quarter,
    /// else of something the cache cannot apply in part.
    pub(super) fn note(&mut self, organisation: Option<OrgNumber>, period: Option<Period>) {
        self.counted = true;
        match (organisation, period) {
            (Some(organisation), Some(_)) => {
                self.organisations.insert(organisation);
            }
            _ => self.everything = true,
        }
    }

    /// Notes a change of a report that no basis counts, before or after: a draft that stays
    /// a draft. Only its own organisation's pages show it.
    pub(super) fn note_draft(&mut self, organisation: OrgNumber) {
        self.organisations.insert(organisation);
    }

    /// Whether what a national figure counts may have changed.
    pub(super) fn counted(&self) -> bool {
        self.counted
    }
}

/// Where the data stands, read in one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    /// Moved by every committed write.
    pub all: i64,
    /// The version at which what a national figure counts (submitted and approved reports,
    /// organisations, sizes, goals) last changed: saves of drafts leave it where it was, so a
    /// page that shows only counted figures is up to date with any dataset this new.
    pub counted: i64,
}

/// What changed between two data versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangesSince {
    /// Only these organisations' reports.
    Organisations(BTreeSet<OrgNumber>),
    /// Anything may have: something other than reports changed, or the log no longer reaches
    /// that far back.
    Everything,
}

impl WriteTx {
    /// Writes what this transaction changed under `version`, the one it moves to, and forgets
    /// what is older than any cache will ask about. Called at the commit, after the version
    /// moved.
    pub(super) async fn log_changes(&mut self, version: i64) -> Result<(), StoreError> {
        let changes = std::mem::take(&mut self.changes);
        // One row per organisation, or one without any for "everything".
        let organisations: Vec<Cell> = if changes.everything
            || changes.organisations.is_empty()
            || changes.organisations.len() > ORGANISATIONS_APPLIED
        {
            vec![Cell::Null]
        } else {
            changes
                .organisations
                .iter()
                .map(|o| Cell::Text(o.to_string()))
                .collect()
        };
        let rows = organisations
            .into_iter()
            .map(|organisation| vec![Cell::Integer(version), organisation])
            .collect();
        insert_all(&mut self.tx, table("data_changes"), rows).await?;
        sqlx::query("DELETE FROM data_changes WHERE version <= $1")
            .bind(version - VERSIONS_KEPT)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

impl Store {
    /// What changed after data version `since` up to and including `until`.
    #[tracing::instrument(skip(self))]
    pub async fn changes_since(&self, since: i64, until: i64) -> Result<ChangesSince, StoreError> {
        if until - since > VERSIONS_KEPT || until < since {
            return Ok(ChangesSince::Everything);
        }
        let rows = sqlx::query(
            "SELECT version, organisation_number FROM data_changes \
             WHERE version > $1 AND version <= $2",
        )
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let mut versions = BTreeSet::new();
        let mut organisations = BTreeSet::new();
        for row in &rows {
            let version: i64 = row.try_get(0)?;
            versions.insert(version);
            let Some(number) = row.try_get::<Option<String>, _>(1)? else {
                return Ok(ChangesSince::Everything);
            };
            organisations.insert(OrgNumber::parse(&number).map_err(corrupt)?);
        }
        // Every write that moves the version logs it: one missing was pruned.
        if versions.len() as i64 != until - since {
            return Ok(ChangesSince::Everything);
        }
        Ok(ChangesSince::Organisations(organisations))
    }

    /// Forgets the change log up to and including `version`, as if pruned: for tests of a
    /// cache that fell behind the log.
    #[cfg(test)]
    pub(crate) async fn forget_changes_through(&self, version: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM data_changes WHERE version <= $1")
            .bind(version)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Actor;
    use crate::{Catalogue, Entry, OrgKind, OrgName, Organisation, ReportUpdate, Step};

    /// Issue #19: saves of drafts leave the counted version where it was, every other write
    /// moves it, and so does a write of an older instance, still running while the others are
    /// upgraded, which moves only the version: the national pages must count what it writes.
    #[tokio::test]
    async fn drafts_leave_the_counted_version_and_any_other_write_moves_it() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/a.db", dir.path().display());
        let store = Store::connect(&url).await.unwrap();
        let system = Actor::System("test");
        let number = OrgNumber::parse("212000-2627").unwrap();
        let ystad = Organisation {
            organisation_number: number,
            name: OrgName::parse("Ystads kommun").unwrap(),
            kind: OrgKind::Municipality,
        };
        store.create_organisation(&ystad, &system).await.unwrap();
        let period = Period::parse("2025Q1").unwrap();
        let (store, system) = (&store, &system);
        let save = |ideas: f64| async move {
            let entries = [("ideas_delivered".to_owned(), Entry::Number(ideas))];
            let update = ReportUpdate::parse(&Catalogue::shipped(), entries, None).unwrap();
            store
                .save_report(number, period, &update, system)
                .await
                .unwrap();
            store.data_version().await.unwrap()
        };
        let created = store.data_version().await.unwrap();
        assert_eq!(created.counted, created.all);

        let draft = save(5.0).await;
        assert_eq!((draft.all, draft.counted), (created.all + 1, created.all));
        let draft = save(6.0).await;
        assert_eq!((draft.all, draft.counted), (created.all + 2, created.all));

        sqlx::query("UPDATE data_version SET version = version + 1")
            .execute(&store.pool)
            .await
            .unwrap();
        let older = store.data_version().await.unwrap();
        assert_eq!(
            (older.all, older.counted),
            (draft.all + 1, draft.all + 1),
            "what an older instance writes counts"
        );
        let draft = save(7.0).await;
        assert_eq!((draft.all, draft.counted), (older.all + 1, older.all));

        store
            .take_step(number, period, Step::Submit, system)
            .await
            .unwrap();
        let submitted = store.data_version().await.unwrap();
        assert_eq!(
            (submitted.all, submitted.counted),
            (draft.all + 1, draft.all + 1)
        );
        let edited = save(8.0).await;
        assert_eq!(
            (edited.all, edited.counted),
            (submitted.all + 1, submitted.all + 1),
            "a submitted report edited goes back to draft and leaves the national figures"
        );

        let mut stepped = edited;
        for step in [Step::Submit, Step::Approve, Step::Reopen] {
            store.take_step(number, period, step, system).await.unwrap();
            let now = store.data_version().await.unwrap();
            assert_eq!((now.all, now.counted), (stepped.all + 1, stepped.all + 1));
            stepped = now;
        }
        let reopened = save(9.0).await;
        assert_eq!(
            (reopened.all, reopened.counted),
            (stepped.all + 1, stepped.all),
            "a reopened report is a draft"
        );
    }
}
