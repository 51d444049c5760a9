//! Storing each organisation's 10x goal.

use sqlx::Row;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{Action, Goal, OrgNumber, Period};

impl Store {
    #[tracing::instrument(skip(self))]
    pub async fn goal(&self, organisation: OrgNumber) -> Result<Option<Goal>, StoreError> {
        let row = sqlx::query(
            "SELECT name, baseline, target, deadline, lower_is_better FROM goals \
             WHERE organisation_number = $1",
        )
        .bind(organisation.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(goal_from_row).transpose()
    }

    /// Every organisation's goal.
    #[tracing::instrument(skip(self))]
    pub async fn goals(&self) -> Result<std::collections::HashMap<OrgNumber, Goal>, StoreError> {
        let rows = sqlx::query(
            "SELECT organisation_number, name, baseline, target, deadline, lower_is_better \
             FROM goals",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let number: String = row.try_get("organisation_number")?;
                Ok((
                    OrgNumber::parse(&number).map_err(corrupt)?,
                    goal_from_row(row)?,
                ))
            })
            .collect()
    }

    pub async fn set_goal(
        &self,
        organisation: OrgNumber,
        goal: &Goal,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.set_goal(organisation, goal).await?;
        tx.commit().await
    }
}

impl WriteTx {
    #[tracing::instrument(skip(self))]
    pub async fn set_goal(
        &mut self,
        organisation: OrgNumber,
        goal: &Goal,
    ) -> Result<(), StoreError> {
        self.require(Action::WriteFor(organisation))?;
        self.require_organisation(organisation).await?;
        let old = sqlx::query(
            "SELECT name, baseline, target, deadline, lower_is_better FROM goals \
             WHERE organisation_number = $1",
        )
        .bind(organisation.to_string())
        .fetch_optional(&mut *self.tx)
        .await?
        .as_ref()
        .map(goal_from_row)
        .transpose()?;
        sqlx::query(
            "INSERT INTO goals (organisation_number, name, baseline, target, deadline, \
             lower_is_better, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (organisation_number) DO UPDATE SET name = excluded.name, \
             baseline = excluded.baseline, target = excluded.target, \
             deadline = excluded.deadline, lower_is_better = excluded.lower_is_better, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(organisation.to_string())
        .bind(&goal.name)
        .bind(goal.baseline)
        .bind(goal.target)
        .bind(goal.deadline.to_string())
        .bind(i64::from(goal.lower_is_better))
        .bind(&self.at)
        .bind(&self.by)
        .execute(&mut *self.tx)
        .await?;
        self.record(
            Some(organisation),
            None,
            "goal",
            old.as_ref().map(describe),
            Some(describe(goal)),
        )
        .await
    }
}

/// How a goal is written in the audit trail: the whole of it, so that the trail shows what it
/// was before each change as well as after.
fn describe(goal: &Goal) -> String {
    let direction = if goal.lower_is_better {
        ", lower is better"
    } else {
        ""
    };
    format!(
        "{}: {} → {} by {}{direction}",
        goal.name, goal.baseline, goal.target, goal.deadline
    )
}

fn goal_from_row(row: &sqlx::any::AnyRow) -> Result<Goal, StoreError> {
    let deadline: String = row.try_get("deadline")?;
    let lower_is_better: i64 = row.try_get("lower_is_better")?;
    Ok(Goal {
        name: row.try_get("name")?,
        baseline: row.try_get("baseline")?,
        target: row.try_get("target")?,
        deadline: Period::parse(&deadline).map_err(corrupt)?,
        lower_is_better: lower_is_better != 0,
    })
}
