//! A version number per quarter, moved by every write that changes the quarter's figures or
//! reports: a cache of something computed from one quarter stays valid while its number does,
//! across instances sharing the database.

use sqlx::Row;

use super::{Store, StoreError, WriteTx};
use crate::Period;

impl WriteTx {
    /// Notes that this transaction changes `period`; its version moves at the commit.
    pub(super) fn changes_quarter(&mut self, period: Period) {
        self.quarters.insert(period);
    }

    /// Moves the version of every quarter this transaction changed, as part of it.
    pub(super) async fn move_quarter_versions(&mut self) -> Result<(), StoreError> {
        for period in std::mem::take(&mut self.quarters) {
            sqlx::query(
                "INSERT INTO quarter_versions (period, version) VALUES ($1, 1) \
                 ON CONFLICT (period) DO UPDATE SET version = quarter_versions.version + 1",
            )
            .bind(period.to_string())
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }
}

impl Store {
    /// The version of `period`: 0 until a write first changes it.
    pub(super) async fn quarter_version(&self, period: Period) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT version FROM quarter_versions WHERE period = $1")
            .bind(period.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("version")?,
            None => 0,
        })
    }
}
