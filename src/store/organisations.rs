//! Storing organisations.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, WriteTx, corrupt};
use crate::{OrgKind, OrgName, OrgNumber, Organisation};

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
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(by).await?;
        tx.create_organisation(organisation).await?;
        tx.commit().await
    }
}

impl WriteTx {
    #[tracing::instrument(skip(self))]
    pub async fn create_organisation(
        &mut self,
        organisation: &Organisation,
    ) -> Result<(), StoreError> {
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
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(
                StoreError::DuplicateOrganisation(organisation.organisation_number),
            ),
            other => other.map(drop).map_err(StoreError::from),
        }
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

fn organisation_from_row(row: &AnyRow) -> Result<Organisation, StoreError> {
    let number: String = row.try_get("organisation_number")?;
    let name: String = row.try_get("name")?;
    let kind: String = row.try_get("kind")?;
    Ok(Organisation {
        organisation_number: OrgNumber::parse(&number).map_err(corrupt)?,
        name: OrgName::parse(&name).map_err(corrupt)?,
        kind: OrgKind::parse(&kind).map_err(corrupt)?,
    })
}
