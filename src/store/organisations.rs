//! Storing organisations.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{Action, OrgKind, OrgName, OrgNumber, Organisation};

impl Store {
    /// Every organisation, by name.
    #[tracing::instrument(skip(self))]
    pub async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        sqlx::query("SELECT organisation_number, name, kind FROM organisations ORDER BY name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(organisation_from_row)
            .collect()
    }

    #[tracing::instrument(skip(self))]
    pub async fn organisation(
        &self,
        number: OrgNumber,
    ) -> Result<Option<Organisation>, StoreError> {
        sqlx::query(
            "SELECT organisation_number, name, kind FROM organisations \
             WHERE organisation_number = $1",
        )
        .bind(number.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()
    }

    /// Whether nothing has been stored yet; decides whether demo data may be loaded.
    #[tracing::instrument(skip(self))]
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
            .fetch_one(&self.pool)
            .await?;
        Ok(count == 0)
    }

    pub async fn create_organisation(
        &self,
        organisation: &Organisation,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.create_organisation(organisation).await?;
        tx.commit().await
    }

    pub async fn update_organisation(
        &self,
        organisation: &Organisation,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.update_organisation(organisation).await?;
        tx.commit().await
    }
}

/// How an organisation is written in the audit trail.
fn describe(organisation: &Organisation) -> String {
    format!("{} ({})", organisation.name, organisation.kind)
}

impl WriteTx {
    #[tracing::instrument(skip(self))]
    pub async fn create_organisation(
        &mut self,
        organisation: &Organisation,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageOrganisations)?;
        let result = sqlx::query(
            "INSERT INTO organisations (organisation_number, name, kind, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(organisation.organisation_number.to_string())
        .bind(organisation.name.as_str())
        .bind(organisation.kind.as_str())
        .bind(&self.at)
        .execute(&mut *self.tx)
        .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::DuplicateOrganisation(
                    organisation.organisation_number,
                ));
            }
            other => other?,
        };
        let number = organisation.organisation_number;
        self.record(
            Some(number),
            None,
            "organisation",
            None,
            Some(describe(organisation)),
        )
        .await
    }

    /// Changes an organisation's name and kind; its number is its identity and stays.
    #[tracing::instrument(skip(self))]
    pub async fn update_organisation(
        &mut self,
        organisation: &Organisation,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageOrganisations)?;
        let number = organisation.organisation_number;
        let old =
            sqlx::query("SELECT name, kind FROM organisations WHERE organisation_number = $1")
                .bind(number.to_string())
                .fetch_optional(&mut *self.tx)
                .await?
                .ok_or(StoreError::UnknownOrganisation(number))?;
        let old = Organisation {
            organisation_number: number,
            name: OrgName::parse(&old.try_get::<String, _>("name")?).map_err(corrupt)?,
            kind: OrgKind::parse(&old.try_get::<String, _>("kind")?).map_err(corrupt)?,
        };
        if old == *organisation {
            return Ok(());
        }
        sqlx::query("UPDATE organisations SET name = $1, kind = $2 WHERE organisation_number = $3")
            .bind(organisation.name.as_str())
            .bind(organisation.kind.as_str())
            .bind(number.to_string())
            .execute(&mut *self.tx)
            .await?;
        self.record(
            Some(number),
            None,
            "organisation",
            Some(describe(&old)),
            Some(describe(organisation)),
        )
        .await
    }

    /// Fails with [`StoreError::UnknownOrganisation`] unless `number` is stored.
    pub(super) async fn require_organisation(
        &mut self,
        number: OrgNumber,
    ) -> Result<(), StoreError> {
        sqlx::query("SELECT 1 FROM organisations WHERE organisation_number = $1")
            .bind(number.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .map(drop)
            .ok_or(StoreError::UnknownOrganisation(number))
    }
}

pub(super) fn organisation_from_row(row: &AnyRow) -> Result<Organisation, StoreError> {
    let number: String = row.try_get("organisation_number")?;
    let name: String = row.try_get("name")?;
    let kind: String = row.try_get("kind")?;
    Ok(Organisation {
        organisation_number: OrgNumber::parse(&number).map_err(corrupt)?,
        name: OrgName::parse(&name).map_err(corrupt)?,
        kind: OrgKind::parse(&kind).map_err(corrupt)?,
    })
}
