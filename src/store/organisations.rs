//! Storing organisations.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{
    Action, AdministeredOrganisation, OrgKind, OrgName, OrgNumber, Organisation, OrganisationChange,
};

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

    /// Makes `change` to organisation `number`, recording each changed field in the audit
    /// trail, and returns the organisation as it now is. Only administrators may.
    pub async fn change_organisation(
        &self,
        number: OrgNumber,
        change: &OrganisationChange,
        actor: &Actor,
    ) -> Result<AdministeredOrganisation, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        let changed = tx.change_organisation(number, change).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Every organisation with whether it publishes open data, by name; for administrators.
    #[tracing::instrument(skip(self))]
    pub async fn administered_organisations(
        &self,
        actor: &Actor,
    ) -> Result<Vec<AdministeredOrganisation>, StoreError> {
        actor.require(Action::ManageOrganisations)?;
        sqlx::query(
            "SELECT organisation_number, name, kind, open_data FROM organisations ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(administered_from_row)
        .collect()
    }

    /// The organisations that publish their approved figures as open data, by name: public.
    #[tracing::instrument(skip(self))]
    pub async fn published_organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        sqlx::query(
            "SELECT organisation_number, name, kind FROM organisations \
             WHERE open_data = 1 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(organisation_from_row)
        .collect()
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

    /// Makes `change` to organisation `number`: name and kind are recorded together as before,
    /// whether it publishes open data as a field of its own. Changing nothing records nothing.
    #[tracing::instrument(skip(self))]
    pub async fn change_organisation(
        &mut self,
        number: OrgNumber,
        change: &OrganisationChange,
    ) -> Result<AdministeredOrganisation, StoreError> {
        self.require(Action::ManageOrganisations)?;
        let old = sqlx::query(
            "SELECT organisation_number, name, kind, open_data FROM organisations \
             WHERE organisation_number = $1",
        )
        .bind(number.to_string())
        .fetch_optional(&mut *self.tx)
        .await?
        .as_ref()
        .map(administered_from_row)
        .transpose()?
        .ok_or(StoreError::UnknownOrganisation(number))?;
        let new = old.changed(change);
        if new == old {
            return Ok(new);
        }
        sqlx::query(
            "UPDATE organisations SET name = $1, kind = $2, open_data = $3 \
             WHERE organisation_number = $4",
        )
        .bind(new.organisation.name.as_str())
        .bind(new.organisation.kind.as_str())
        .bind(i64::from(new.open_data))
        .bind(number.to_string())
        .execute(&mut *self.tx)
        .await?;
        if new.organisation.kind != old.organisation.kind
            && !crate::size::has_inhabitants(new.organisation.kind)
        {
            self.forget_inhabitants(number).await?;
        }
        if new.organisation != old.organisation {
            self.record(
                Some(number),
                None,
                "organisation",
                Some(describe(&old.organisation)),
                Some(describe(&new.organisation)),
            )
            .await?;
        }
        if new.open_data != old.open_data {
            self.record(
                Some(number),
                None,
                "open_data",
                Some(old.open_data.to_string()),
                Some(new.open_data.to_string()),
            )
            .await?;
        }
        Ok(new)
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

fn administered_from_row(row: &AnyRow) -> Result<AdministeredOrganisation, StoreError> {
    Ok(AdministeredOrganisation {
        organisation: organisation_from_row(row)?,
        open_data: row.try_get::<i64, _>("open_data")? != 0,
    })
}
