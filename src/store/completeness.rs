//! Reporting rate and timeliness: the quarters' deadlines, and when each report first came in.

use sqlx::Row;
use time::Date;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{
    Action, Completeness, CompletenessFilter, Deadlines, OrgKind, Organisation, Period,
    ReportStatus, ReportTiming, ReportingRules, iso_date, tally,
};

impl Store {
    /// Every quarter's deadline: those administrators set, else `rules`' default.
    #[tracing::instrument(skip(self))]
    pub async fn deadlines(&self, rules: ReportingRules) -> Result<Deadlines, StoreError> {
        let rows = sqlx::query("SELECT period, deadline FROM quarter_deadlines")
            .fetch_all(&self.pool)
            .await?;
        let set = rows
            .iter()
            .map(|row| {
                let period: String = row.try_get("period")?;
                let deadline: String = row.try_get("deadline")?;
                Ok((
                    Period::parse(&period).map_err(corrupt)?,
                    parse_day(&deadline)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Deadlines::new(rules, set))
    }

    /// Per quarter of `filter`, how many organisations (of its kind) are expected, have
    /// reported, are approved and reported on time by `deadlines` ([`Store::deadlines`]).
    #[tracing::instrument(skip(self, deadlines))]
    pub async fn completeness(
        &self,
        filter: &CompletenessFilter,
        deadlines: &Deadlines,
    ) -> Result<Vec<Completeness>, StoreError> {
        let kind = filter.kind().map_or("", OrgKind::as_str);
        let expected: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE ($1 = '' OR kind = $1)")
                .bind(kind)
                .fetch_one(&self.pool)
                .await?;
        let rows = sqlx::query(
            "SELECT r.period, r.status, r.first_submitted_at FROM reports r \
             JOIN organisations o ON o.organisation_number = r.organisation_number \
             WHERE r.period >= $1 AND r.period <= $2 AND ($3 = '' OR o.kind = $3)",
        )
        .bind(filter.from().to_string())
        .bind(filter.to().to_string())
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        let reports = rows
            .iter()
            .map(|row| {
                let period: String = row.try_get("period")?;
                let status: String = row.try_get("status")?;
                let first: Option<String> = row.try_get("first_submitted_at")?;
                Ok(ReportTiming {
                    period: Period::parse(&period).map_err(corrupt)?,
                    status: ReportStatus::parse(&status).map_err(corrupt)?,
                    first_submitted: first.as_deref().map(parse_day).transpose()?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let expected = u32::try_from(expected).unwrap_or(u32::MAX);
        Ok(tally(filter, expected, &reports, deadlines))
    }

    /// The organisations (of `kind`) that have not reported `period`, by name, with the status
    /// of the report they have begun, if any.
    #[tracing::instrument(skip(self))]
    pub async fn not_reported(
        &self,
        period: Period,
        kind: Option<OrgKind>,
    ) -> Result<Vec<(Organisation, Option<ReportStatus>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.organisation_number, o.name, o.kind, r.status FROM organisations o \
             LEFT JOIN reports r ON r.organisation_number = o.organisation_number \
             AND r.period = $1 \
             WHERE ($2 = '' OR o.kind = $2) AND (r.status IS NULL OR r.status = $3) \
             ORDER BY o.name",
        )
        .bind(period.to_string())
        .bind(kind.map_or("", OrgKind::as_str))
        .bind(ReportStatus::Draft.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status: Option<String> = row.try_get("status")?;
                Ok((
                    super::organisations::organisation_from_row(row)?,
                    status
                        .map(|s| ReportStatus::parse(&s).map_err(corrupt))
                        .transpose()?,
                ))
            })
            .collect()
    }
}

impl Store {
    /// Sets the last day reports for `period` are on time, as `actor`.
    pub async fn set_deadline(
        &self,
        period: Period,
        deadline: Date,
        rules: ReportingRules,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.set_deadline(period, deadline, rules).await?;
        tx.commit().await
    }
}

impl WriteTx {
    /// Sets the last day reports for `period` are on time, recording the change.
    #[tracing::instrument(skip(self))]
    pub async fn set_deadline(
        &mut self,
        period: Period,
        deadline: Date,
        rules: ReportingRules,
    ) -> Result<(), StoreError> {
        self.require(Action::Approve)?;
        period.begun()?;
        let old: Option<String> =
            sqlx::query_scalar("SELECT deadline FROM quarter_deadlines WHERE period = $1")
                .bind(period.to_string())
                .fetch_optional(&mut *self.tx)
                .await?;
        let old = old.unwrap_or_else(|| iso_date(rules.default_deadline(period)));
        let new = iso_date(deadline);
        if old == new {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO quarter_deadlines (period, deadline, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (period) DO UPDATE SET \
             deadline = excluded.deadline, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(period.to_string())
        .bind(&new)
        .bind(&self.at)
        .bind(&self.by)
        .execute(&mut *self.tx)
        .await?;
        self.record(None, Some(period), "deadline", Some(old), Some(new))
            .await
    }

    /// Dates what this transaction writes from now on `at`, for a load of history that
    /// happened before it was loaded (the demo's reports, submitted quarter by quarter). Only
    /// the system loads history; a person's changes are dated when they are made.
    pub fn dated(&mut self, at: time::OffsetDateTime) -> Result<(), StoreError> {
        match self.actor {
            Actor::System(_) => {
                self.at = super::timestamp(at);
                Ok(())
            }
            Actor::User(_) => Err(StoreError::Forbidden {
                actor: self.by.clone(),
            }),
        }
    }
}

/// The day of a stored date or time (`YYYY-MM-DD…`).
fn parse_day(text: &str) -> Result<Date, StoreError> {
    let day = text
        .get(..10)
        .ok_or_else(|| corrupt(format!("no date: {text:?}")))?;
    Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(corrupt)
}
