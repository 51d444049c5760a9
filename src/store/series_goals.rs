//! Storing the goals that steer: several per organisation, each on one series.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{Action, GOAL_AUDIT_PREFIX, OrgNumber, Period, SeriesGoal, SeriesKey};

/// A goal as stored: who it belongs to, under which id, and its last change.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredGoal {
    pub id: String,
    pub organisation: OrgNumber,
    pub goal: SeriesGoal,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "id, organisation_number, series, baseline_period, baseline, target, \
    deadline, lower_is_better, updated_at, updated_by";

impl Store {
    /// The goals of `organisation`, or of every organisation; by organisation, then deadline
    /// and series.
    #[tracing::instrument(skip(self))]
    pub async fn series_goals(
        &self,
        organisation: Option<OrgNumber>,
    ) -> Result<Vec<StoredGoal>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM series_goals \
             WHERE $1 = '' OR organisation_number = $1 \
             ORDER BY organisation_number, deadline, series, id"
        )))
        .bind(organisation.map(|o| o.to_string()).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(goal_from_row).collect()
    }

    pub async fn add_series_goal(
        &self,
        organisation: OrgNumber,
        goal: &SeriesGoal,
        actor: &Actor,
    ) -> Result<StoredGoal, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        let stored = tx.add_series_goal(organisation, goal).await?;
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn change_series_goal(
        &self,
        organisation: OrgNumber,
        id: &str,
        goal: &SeriesGoal,
        actor: &Actor,
    ) -> Result<StoredGoal, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        let stored = tx.change_series_goal(organisation, id, goal).await?;
        tx.commit().await?;
        Ok(stored)
    }

    pub async fn remove_series_goal(
        &self,
        organisation: OrgNumber,
        id: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.remove_series_goal(organisation, id).await?;
        tx.commit().await
    }
}

impl WriteTx {
    #[tracing::instrument(skip(self))]
    pub async fn add_series_goal(
        &mut self,
        organisation: OrgNumber,
        goal: &SeriesGoal,
    ) -> Result<StoredGoal, StoreError> {
        self.require(Action::WriteFor(organisation))?;
        self.require_organisation(organisation).await?;
        let stored = StoredGoal {
            id: crate::secret::random_hex(8),
            organisation,
            goal: goal.clone(),
            updated_at: self.at.clone(),
            updated_by: self.by.clone(),
        };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO series_goals ({COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )))
        .bind(&stored.id)
        .bind(organisation.to_string())
        .bind(goal.series.as_str())
        .bind(goal.baseline_period.to_string())
        .bind(goal.baseline)
        .bind(goal.target)
        .bind(goal.deadline.to_string())
        .bind(i64::from(goal.lower_is_better))
        .bind(&self.at)
        .bind(&self.by)
        .execute(&mut *self.tx)
        .await?;
        self.record_goal(&stored.id, organisation, None, Some(goal))
            .await?;
        Ok(stored)
    }

    /// Replaces goal `id` of `organisation`; a goal of another organisation is as unknown as
    /// one that never was.
    #[tracing::instrument(skip(self))]
    pub async fn change_series_goal(
        &mut self,
        organisation: OrgNumber,
        id: &str,
        goal: &SeriesGoal,
    ) -> Result<StoredGoal, StoreError> {
        self.require(Action::WriteFor(organisation))?;
        let old = self.own_goal(organisation, id).await?;
        sqlx::query(
            "UPDATE series_goals SET series = $1, baseline_period = $2, baseline = $3, \
             target = $4, deadline = $5, lower_is_better = $6, updated_at = $7, updated_by = $8 \
             WHERE id = $9",
        )
        .bind(goal.series.as_str())
        .bind(goal.baseline_period.to_string())
        .bind(goal.baseline)
        .bind(goal.target)
        .bind(goal.deadline.to_string())
        .bind(i64::from(goal.lower_is_better))
        .bind(&self.at)
        .bind(&self.by)
        .bind(id)
        .execute(&mut *self.tx)
        .await?;
        if old.goal != *goal {
            self.record_goal(id, organisation, Some(&old.goal), Some(goal))
                .await?;
        }
        Ok(StoredGoal {
            goal: goal.clone(),
            updated_at: self.at.clone(),
            updated_by: self.by.clone(),
            ..old
        })
    }

    #[tracing::instrument(skip(self))]
    pub async fn remove_series_goal(
        &mut self,
        organisation: OrgNumber,
        id: &str,
    ) -> Result<(), StoreError> {
        self.require(Action::WriteFor(organisation))?;
        let old = self.own_goal(organisation, id).await?;
        sqlx::query("DELETE FROM series_goals WHERE id = $1")
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        self.record_goal(id, organisation, Some(&old.goal), None)
            .await
    }

    async fn own_goal(
        &mut self,
        organisation: OrgNumber,
        id: &str,
    ) -> Result<StoredGoal, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM series_goals WHERE id = $1 AND organisation_number = $2"
        )))
        .bind(id)
        .bind(organisation.to_string())
        .fetch_optional(&mut *self.tx)
        .await?;
        row.as_ref()
            .map(goal_from_row)
            .transpose()?
            .ok_or(StoreError::UnknownGoal)
    }

    /// A goal's change in the audit trail, under the field `goal:<id>`, with the whole goal
    /// before and after, so that the trail alone shows what it was at any time.
    async fn record_goal(
        &mut self,
        id: &str,
        organisation: OrgNumber,
        old: Option<&SeriesGoal>,
        new: Option<&SeriesGoal>,
    ) -> Result<(), StoreError> {
        self.record(
            Some(organisation),
            None,
            &format!("{GOAL_AUDIT_PREFIX}{id}"),
            old.map(describe),
            new.map(describe),
        )
        .await
    }
}

fn describe(goal: &SeriesGoal) -> String {
    let direction = if goal.lower_is_better {
        ", lower is better"
    } else {
        ""
    };
    format!(
        "{}: {} in {} → {} by {}{direction}",
        goal.series, goal.baseline, goal.baseline_period, goal.target, goal.deadline
    )
}

fn goal_from_row(row: &AnyRow) -> Result<StoredGoal, StoreError> {
    let text = |column: &str| row.try_get::<String, _>(column);
    let period = |column: &str| -> Result<Period, StoreError> {
        Period::parse(&text(column)?).map_err(corrupt)
    };
    let lower_is_better: i64 = row.try_get("lower_is_better")?;
    Ok(StoredGoal {
        id: text("id")?,
        organisation: OrgNumber::parse(&text("organisation_number")?).map_err(corrupt)?,
        goal: SeriesGoal {
            series: SeriesKey::parse(&text("series")?).map_err(corrupt)?,
            baseline_period: period("baseline_period")?,
            baseline: row.try_get("baseline")?,
            target: row.try_get("target")?,
            deadline: period("deadline")?,
            lower_is_better: lower_is_better != 0,
        },
        updated_at: text("updated_at")?,
        updated_by: text("updated_by")?,
    })
}
