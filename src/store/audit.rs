//! The audit trail: every change, who made it and when, written in the same transaction.

use sqlx::Row;

use super::{Store, StoreError, WriteTx};
use crate::{Change, OrgNumber, Period};

impl WriteTx {
    /// Adds one change to the audit trail, as part of this transaction.
    pub(super) async fn record(
        &mut self,
        organisation: Option<OrgNumber>,
        period: Option<Period>,
        field: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<(), StoreError> {
        self.seq += 1;
        sqlx::query(
            "INSERT INTO changes \
             (tx, seq, at, changed_by, organisation_number, period, field, old_value, new_value) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&self.id)
        .bind(self.seq)
        .bind(&self.at)
        .bind(&self.by)
        .bind(organisation.map(|o| o.to_string()))
        .bind(period.map(|p| p.to_string()))
        .bind(field)
        .bind(old)
        .bind(new)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

/// One changed field of a report: its name, the old and the new value as text.
pub(super) type FieldChange = (String, Option<String>, Option<String>);

impl WriteTx {
    /// Adds changes of one report to the audit trail in one statement, as part of this
    /// transaction: a report saves up to every series at once.
    pub(super) async fn record_all(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        changes: Vec<FieldChange>,
    ) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        // $1 to $5 are the same for every row; each row adds its sequence number, field, old
        // and new value.
        let rows: Vec<String> = (0..changes.len())
            .map(|i| {
                let n = 6 + i * 4;
                format!(
                    "($1, ${n}, $2, $3, $4, $5, ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO changes \
             (tx, seq, at, changed_by, organisation_number, period, field, old_value, new_value) \
             VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.id.clone())
            .bind(self.at.clone())
            .bind(self.by.clone())
            .bind(organisation.to_string())
            .bind(period.to_string());
        for (field, old, new) in changes {
            self.seq += 1;
            query = query.bind(self.seq).bind(field).bind(old).bind(new);
        }
        query.execute(&mut *self.tx).await?;
        Ok(())
    }
}

impl Store {
    /// Every change to one organisation's data, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn history(&self, organisation: OrgNumber) -> Result<Vec<Change>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, changed_by, period, field, old_value, new_value FROM changes \
             WHERE organisation_number = $1 ORDER BY at, tx, seq",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Change {
                    at: row.try_get("at")?,
                    by: row.try_get("changed_by")?,
                    period: row.try_get("period")?,
                    series: row.try_get("field")?,
                    old: row.try_get("old_value")?,
                    new: row.try_get("new_value")?,
                })
            })
            .collect()
    }
}
