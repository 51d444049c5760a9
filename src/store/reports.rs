//! Storing quarterly reports and their figures.

use std::collections::BTreeMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, WriteTx, corrupt};
use crate::{OrgNumber, Period, Report, ReportStatus, ReportUpdate, SeriesKey};

/// One stored figure, with where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredValue {
    pub organisation_number: OrgNumber,
    pub period: Period,
    pub series: SeriesKey,
    pub value: f64,
}

impl Store {
    #[tracing::instrument(skip(self))]
    pub async fn report(
        &self,
        organisation: OrgNumber,
        period: Period,
    ) -> Result<Option<Report>, StoreError> {
        let header = sqlx::query(
            "SELECT organisation_number, period, status, lessons, updated_at, updated_by \
             FROM reports WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(header) = header else {
            return Ok(None);
        };
        let mut report = report_from_row(&header)?;
        let values = sqlx::query(
            "SELECT organisation_number, period, series, value FROM report_values \
             WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &values {
            let value = value_from_row(row)?;
            report.values.insert(value.series, value.value);
        }
        Ok(Some(report))
    }

    /// Every report of one organisation with its figures, newest quarter first.
    #[tracing::instrument(skip(self))]
    pub async fn reports_of(&self, organisation: OrgNumber) -> Result<Vec<Report>, StoreError> {
        let headers = sqlx::query(
            "SELECT organisation_number, period, status, lessons, updated_at, updated_by \
             FROM reports WHERE organisation_number = $1 ORDER BY period DESC",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut reports = headers
            .iter()
            .map(|row| report_from_row(row).map(|r| (r.period, r)))
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let values = sqlx::query(
            "SELECT organisation_number, period, series, value FROM report_values \
             WHERE organisation_number = $1",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &values {
            let value = value_from_row(row)?;
            if let Some(report) = reports.get_mut(&value.period) {
                report.values.insert(value.series, value.value);
            }
        }
        Ok(reports.into_values().rev().collect())
    }

    /// Every stored figure of every organisation.
    #[tracing::instrument(skip(self))]
    pub async fn all_values(&self) -> Result<Vec<StoredValue>, StoreError> {
        sqlx::query("SELECT organisation_number, period, series, value FROM report_values")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(value_from_row)
            .collect()
    }

    /// Applies `update` to the report in one transaction and returns the report as stored.
    pub async fn save_report(
        &self,
        organisation: OrgNumber,
        period: Period,
        update: &ReportUpdate,
        by: &str,
    ) -> Result<Report, StoreError> {
        let mut tx = self.begin_write(by).await?;
        tx.update_report(organisation, period, update).await?;
        tx.commit().await?;
        self.report(organisation, period)
            .await?
            .ok_or_else(|| corrupt("a saved report cannot be read back"))
    }
}

impl WriteTx {
    /// Creates the report as a draft if it does not exist, then stores and clears figures and
    /// the lessons text as `update` says. Refuses an approved report.
    #[tracing::instrument(skip(self, update))]
    pub async fn update_report(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        update: &ReportUpdate,
    ) -> Result<(), StoreError> {
        let (org, quarter) = (organisation.to_string(), period.to_string());
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM reports WHERE organisation_number = $1 AND period = $2",
        )
        .bind(&org)
        .bind(&quarter)
        .fetch_optional(&mut *self.tx)
        .await?;
        match status {
            None => {
                self.require_organisation(organisation).await?;
                sqlx::query(
                    "INSERT INTO reports \
                     (organisation_number, period, status, lessons, updated_at, updated_by) \
                     VALUES ($1, $2, $3, '', $4, $5)",
                )
                .bind(&org)
                .bind(&quarter)
                .bind(ReportStatus::Draft.as_str())
                .bind(&self.at)
                .bind(&self.by)
                .execute(&mut *self.tx)
                .await?;
            }
            Some(status) if ReportStatus::parse(&status).map_err(corrupt)?.is_locked() => {
                return Err(StoreError::Locked(organisation, period));
            }
            Some(_) => {}
        }
        sqlx::query(
            "UPDATE reports SET updated_at = $1, updated_by = $2, lessons = COALESCE($3, lessons) \
             WHERE organisation_number = $4 AND period = $5",
        )
        .bind(&self.at)
        .bind(&self.by)
        .bind(update.lessons())
        .bind(&org)
        .bind(&quarter)
        .execute(&mut *self.tx)
        .await?;
        for (series, value) in update.values() {
            let query = match value {
                Some(value) => sqlx::query(
                    "INSERT INTO report_values (organisation_number, period, series, value) \
                     VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (organisation_number, period, series) \
                     DO UPDATE SET value = excluded.value",
                )
                .bind(&org)
                .bind(&quarter)
                .bind(series.as_str())
                .bind(*value),
                None => sqlx::query(
                    "DELETE FROM report_values \
                     WHERE organisation_number = $1 AND period = $2 AND series = $3",
                )
                .bind(&org)
                .bind(&quarter)
                .bind(series.as_str()),
            };
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}

fn report_from_row(row: &AnyRow) -> Result<Report, StoreError> {
    let organisation: String = row.try_get("organisation_number")?;
    let period: String = row.try_get("period")?;
    let status: String = row.try_get("status")?;
    Ok(Report {
        organisation_number: OrgNumber::parse(&organisation).map_err(corrupt)?,
        period: Period::parse(&period).map_err(corrupt)?,
        status: ReportStatus::parse(&status).map_err(corrupt)?,
        values: BTreeMap::new(),
        lessons: row.try_get("lessons")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

fn value_from_row(row: &AnyRow) -> Result<StoredValue, StoreError> {
    let organisation: String = row.try_get("organisation_number")?;
    let period: String = row.try_get("period")?;
    let series: String = row.try_get("series")?;
    Ok(StoredValue {
        organisation_number: OrgNumber::parse(&organisation).map_err(corrupt)?,
        period: Period::parse(&period).map_err(corrupt)?,
        series: SeriesKey::parse(&series).map_err(corrupt)?,
        value: row.try_get("value")?,
    })
}
