//! Storing each organisation's size per year.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::organisations::organisation_from_row;
use super::{Actor, ImportFailure, Store, StoreError, WriteTx, corrupt};
use crate::csv::{ImportProblem, LineProblem, LineProblems, SizesFile};
use crate::{Action, OrgNumber, OrgSize, SizeYear};

/// Every stored size, by organisation and year: what normalised figures divide by.
pub type Sizes = HashMap<(OrgNumber, SizeYear), OrgSize>;

impl Store {
    /// An organisation's sizes, oldest year first.
    #[tracing::instrument(skip(self))]
    pub async fn sizes_of(
        &self,
        organisation: OrgNumber,
    ) -> Result<Vec<(SizeYear, OrgSize)>, StoreError> {
        sqlx::query(
            "SELECT year, employees, inhabitants FROM organisation_sizes \
             WHERE organisation_number = $1 ORDER BY year",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((year_from_row(row)?, size_from_row(row)?)))
        .collect()
    }

    /// Every organisation's sizes.
    #[tracing::instrument(skip(self))]
    pub async fn sizes(&self) -> Result<Sizes, StoreError> {
        sqlx::query(
            "SELECT organisation_number, year, employees, inhabitants FROM organisation_sizes",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let number: String = row.try_get("organisation_number")?;
            let number = OrgNumber::parse(&number).map_err(corrupt)?;
            Ok(((number, year_from_row(row)?), size_from_row(row)?))
        })
        .collect()
    }

    pub async fn set_size(
        &self,
        organisation: OrgNumber,
        year: SizeYear,
        size: OrgSize,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.set_size(organisation, year, size).await?;
        tx.commit().await
    }

    /// Stores every size of `file` in one transaction, each audited; on any problem (an
    /// unknown organisation, inhabitants of an agency, a number out of range) nothing, and
    /// every problem by line and column. Returns how many rows were stored.
    #[tracing::instrument(skip_all)]
    pub async fn import_sizes(
        &self,
        file: &SizesFile,
        actor: &Actor,
    ) -> Result<usize, ImportFailure> {
        let mut tx = self.begin_write(actor).await?;
        tx.require(Action::ManageOrganisations)?;
        let kinds: HashMap<OrgNumber, crate::OrgKind> =
            sqlx::query("SELECT organisation_number, name, kind FROM organisations")
                .fetch_all(&mut *tx.tx)
                .await
                .map_err(StoreError::from)?
                .iter()
                .map(|row| organisation_from_row(row).map(|o| (o.organisation_number, o.kind)))
                .collect::<Result<_, _>>()?;
        let mut problems = LineProblems::new();
        let mut checked = Vec::new();
        for row in &file.rows {
            let Some(&kind) = kinds.get(&row.organisation) else {
                problems.push(LineProblem::new(
                    row.line,
                    "organisation_number",
                    ImportProblem::UnknownOrganisation,
                ));
                continue;
            };
            match OrgSize::parse(kind, row.employees, row.inhabitants) {
                Ok(size) => checked.push((row.organisation, row.year, size)),
                Err(errors) => {
                    for error in errors {
                        problems.push(LineProblem::new(
                            row.line,
                            error.field(),
                            ImportProblem::Size(error),
                        ));
                    }
                }
            }
        }
        if !problems.is_empty() {
            tx.rollback().await?;
            return Err(ImportFailure::Rejected(problems));
        }
        for (organisation, year, size) in checked {
            tx.set_size(organisation, year, size).await?;
        }
        tx.commit().await?;
        Ok(file.rows.len())
    }
}

impl WriteTx {
    /// Stores an organisation's size for a year, replacing what was there; the audit trail
    /// keeps the old size.
    #[tracing::instrument(skip(self))]
    pub async fn set_size(
        &mut self,
        organisation: OrgNumber,
        year: SizeYear,
        size: OrgSize,
    ) -> Result<(), StoreError> {
        self.require(Action::ManageOrganisations)?;
        self.require_organisation(organisation).await?;
        let old = sqlx::query(
            "SELECT employees, inhabitants FROM organisation_sizes \
             WHERE organisation_number = $1 AND year = $2",
        )
        .bind(organisation.to_string())
        .bind(i64::from(year.get()))
        .fetch_optional(&mut *self.tx)
        .await?
        .as_ref()
        .map(size_from_row)
        .transpose()?;
        if old == Some(size) {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO organisation_sizes \
             (organisation_number, year, employees, inhabitants, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (organisation_number, year) DO UPDATE SET \
             employees = excluded.employees, inhabitants = excluded.inhabitants, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(organisation.to_string())
        .bind(i64::from(year.get()))
        .bind(i64::from(size.employees))
        .bind(size.inhabitants.map(i64::from))
        .bind(&self.at)
        .bind(&self.by)
        .execute(&mut *self.tx)
        .await?;
        self.record(
            Some(organisation),
            None,
            "size",
            old.map(|old| describe(year, old)),
            Some(describe(year, size)),
        )
        .await
    }
}

impl WriteTx {
    /// Forgets the inhabitants stored for `organisation`, recording each year's change: done
    /// when it becomes a kind that has none, so that no per-inhabitant figure counts it.
    pub(super) async fn forget_inhabitants(
        &mut self,
        organisation: OrgNumber,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT year, employees, inhabitants FROM organisation_sizes \
             WHERE organisation_number = $1 AND inhabitants IS NOT NULL ORDER BY year",
        )
        .bind(organisation.to_string())
        .fetch_all(&mut *self.tx)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "UPDATE organisation_sizes SET inhabitants = NULL, updated_at = $1, updated_by = $2 \
             WHERE organisation_number = $3 AND inhabitants IS NOT NULL",
        )
        .bind(&self.at)
        .bind(&self.by)
        .bind(organisation.to_string())
        .execute(&mut *self.tx)
        .await?;
        for row in &rows {
            let (year, old) = (year_from_row(row)?, size_from_row(row)?);
            let new = OrgSize {
                inhabitants: None,
                ..old
            };
            self.record(
                Some(organisation),
                None,
                "size",
                Some(describe(year, old)),
                Some(describe(year, new)),
            )
            .await?;
        }
        Ok(())
    }
}

/// How a size is written in the audit trail: with its year, since the trail has no column
/// for one.
fn describe(year: SizeYear, size: OrgSize) -> String {
    match size.inhabitants {
        Some(inhabitants) => format!(
            "{year}: {} employees, {inhabitants} inhabitants",
            size.employees
        ),
        None => format!("{year}: {} employees", size.employees),
    }
}

fn year_from_row(row: &AnyRow) -> Result<SizeYear, StoreError> {
    let year: i64 = row.try_get("year")?;
    u16::try_from(year)
        .map_err(corrupt)
        .and_then(|year| SizeYear::try_from(year).map_err(corrupt))
}

fn size_from_row(row: &AnyRow) -> Result<OrgSize, StoreError> {
    let employees: i64 = row.try_get("employees")?;
    let inhabitants: Option<i64> = row.try_get("inhabitants")?;
    Ok(OrgSize {
        employees: u32::try_from(employees).map_err(corrupt)?,
        inhabitants: inhabitants
            .map(u32::try_from)
            .transpose()
            .map_err(corrupt)?,
    })
}
