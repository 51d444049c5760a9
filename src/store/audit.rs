//! The audit trail: every change, who made it and when, written in the same transaction.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{Action, AuditEntry, AuditFilter, Change, OrgNumber, Page, Paged, Period};

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
        if let Some(period) = period {
            self.changes_quarter(period);
        }
        self.changes.note(organisation, period);
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

/// The columns of a change, as [`change_from_row`] reads them.
const CHANGE_COLUMNS: &str =
    "at, changed_by, organisation_number, period, field, old_value, new_value";
/// Newest first; within one moment, the later of a transaction's changes first.
const NEWEST_FIRST: &str = "ORDER BY at DESC, tx DESC, seq DESC";

impl Store {
    /// One page of the changes to one organisation's data, newest first. Changes to accounts
    /// are not among them: every signed-in user reads this.
    #[tracing::instrument(skip(self))]
    pub async fn history(
        &self,
        organisation: OrgNumber,
        page: Page,
    ) -> Result<Paged<Change>, StoreError> {
        let number = organisation.to_string();
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM changes WHERE organisation_number = $1")
                .bind(&number)
                .fetch_one(&self.pool)
                .await?;
        let sql = format!(
            "SELECT {CHANGE_COLUMNS} FROM changes WHERE organisation_number = $1 \
             {NEWEST_FIRST} LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&number)
            .bind(i64::from(page.per_page()))
            .bind(offset(page))
            .fetch_all(&self.pool)
            .await?;
        Ok(Paged {
            rows: rows
                .iter()
                .map(|row| Ok(change_from_row(row)?.change))
                .collect::<Result<_, StoreError>>()?,
            total: count(total),
            page,
        })
    }

    /// One page of every change that `filter` chooses, newest first, changes to accounts
    /// included; for administrators only.
    #[tracing::instrument(skip(self))]
    pub async fn audit(
        &self,
        filter: &AuditFilter,
        page: Page,
        actor: &Actor,
    ) -> Result<Paged<AuditEntry>, StoreError> {
        actor.require(Action::ReadAudit)?;
        // Only the conditions asked for, each value its own numbered parameter.
        let mut values: Vec<String> = Vec::new();
        let mut conditions = Vec::new();
        if let Some(from) = filter.from() {
            values.push(from.to_owned());
            conditions.push(format!("at >= ${}", values.len()));
        }
        if let Some(until) = filter.until() {
            values.push(until.to_owned());
            conditions.push(format!("at < ${}", values.len()));
        }
        if let Some(user) = filter.user() {
            values.push(user.to_string());
            values.push(format!("user:{user}"));
            conditions.push(format!(
                "(changed_by = ${} OR field = ${})",
                values.len() - 1,
                values.len()
            ));
        }
        if let Some(organisation) = filter.organisation() {
            values.push(organisation.to_string());
            conditions.push(format!("organisation_number = ${}", values.len()));
        }
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let count_sql = format!("SELECT COUNT(*) FROM changes {where_clause}");
        let mut total = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql));
        for value in &values {
            total = total.bind(value.clone());
        }
        let total: i64 = total.fetch_one(&self.pool).await?;
        let n = values.len();
        let sql = format!(
            "SELECT {CHANGE_COLUMNS} FROM changes {where_clause} {NEWEST_FIRST} \
             LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in values {
            query = query.bind(value);
        }
        let rows = query
            .bind(i64::from(page.per_page()))
            .bind(offset(page))
            .fetch_all(&self.pool)
            .await?;
        Ok(Paged {
            rows: rows.iter().map(change_from_row).collect::<Result<_, _>>()?,
            total: count(total),
            page,
        })
    }
}

/// Rows to skip before `page`, as the database takes it.
pub(super) fn offset(page: Page) -> i64 {
    i64::try_from(page.offset()).unwrap_or(i64::MAX)
}

/// A count from the database; never negative.
pub(super) fn count(total: i64) -> u64 {
    u64::try_from(total).unwrap_or_default()
}

fn change_from_row(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let organisation: Option<String> = row.try_get("organisation_number")?;
    Ok(AuditEntry {
        organisation_number: organisation
            .map(|o| OrgNumber::parse(&o).map_err(corrupt))
            .transpose()?,
        change: Change {
            at: row.try_get("at")?,
            by: row.try_get("changed_by")?,
            period: row.try_get("period")?,
            field: row.try_get("field")?,
            old: row.try_get("old_value")?,
            new: row.try_get("new_value")?,
        },
    })
}
