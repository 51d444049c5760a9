//! Storing quarterly reports and their figures.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::params::Params;
use super::snapshots::Figures;
use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::{
    Action, OrgNumber, Period, REOPEN_REASON_AUDIT_FIELD, ReopenReason, Report, ReportStatus,
    ReportUpdate, SeriesKey, Step,
};

/// One stored figure, with where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredValue {
    pub organisation_number: OrgNumber,
    pub period: Period,
    pub series: SeriesKey,
    pub value: f64,
    pub catalogue_version: u32,
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
            "SELECT organisation_number, period, series, value, catalogue_version \
             FROM report_values WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &values {
            report.add(value_from_row(row)?);
        }
        let explanations = sqlx::query(
            "SELECT organisation_number, period, series, explanation \
             FROM figure_explanations WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &explanations {
            let (_, series, text) = explanation_from_row(row)?;
            report.explanations.insert(series, text);
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
            "SELECT organisation_number, period, series, value, catalogue_version \
             FROM report_values WHERE organisation_number = $1",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &values {
            let value = value_from_row(row)?;
            if let Some(report) = reports.get_mut(&value.period) {
                report.add(value);
            }
        }
        let explanations = sqlx::query(
            "SELECT organisation_number, period, series, explanation \
             FROM figure_explanations WHERE organisation_number = $1",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &explanations {
            let (period, series, text) = explanation_from_row(row)?;
            if let Some(report) = reports.get_mut(&period) {
                report.explanations.insert(series, text);
            }
        }
        Ok(reports.into_values().rev().collect())
    }

    /// Every stored figure with its organisation's kind and its report's status, for
    /// aggregation.
    #[tracing::instrument(skip(self))]
    pub async fn observations(&self) -> Result<Vec<crate::Observation>, StoreError> {
        self.observations_of(None).await
    }

    /// As [`Store::observations`], of `organisations` alone (every one when `None`): what a
    /// cache re-reads of the organisations a save changed.
    #[tracing::instrument(skip(self))]
    pub async fn observations_of(
        &self,
        organisations: Option<&[OrgNumber]>,
    ) -> Result<Vec<crate::Observation>, StoreError> {
        if organisations.is_some_and(|asked| asked.is_empty()) {
            return Ok(Vec::new());
        }
        let mut observations = Vec::new();
        // Where each organisation's figures lie in `observations`, in quarter order.
        let mut spans = HashMap::new();
        let mut series_keys = HashSet::new();
        // Streamed: at ten million figures the snapshots take a hundred megabytes.
        let mut snapshots = self.snapshots(organisations);
        while let Some((number, kind, bytes)) = snapshots.try_next().await? {
            let organisation = OrgNumber::parse(&number).map_err(corrupt)?;
            let kind = crate::OrgKind::parse(&kind).map_err(corrupt)?;
            let figures = Figures::read(&bytes)?;
            let series: Vec<Arc<str>> = figures
                .series()
                .iter()
                .map(|name| interned(&mut series_keys, name))
                .collect();
            let start = observations.len();
            for figure in figures.iter() {
                let (period, place, value) = figure?;
                observations.push(crate::Observation {
                    organisation,
                    kind,
                    period,
                    series: series[place].clone(),
                    value,
                    status: ReportStatus::Approved,
                });
            }
            spans.insert(organisation, start..observations.len());
        }
        // Read after the figures: a report that changes status in between counts with its
        // newer status, and one created in between has no figures here yet. Either way the
        // data version has moved, and the next question reads its organisation again; whether
        // anything counted changed the cache judges from the figures, not the version alone
        // (`Analytics::updated`).
        for ((organisation, period), status) in self.unapproved_reports(organisations).await? {
            let Some(span) = spans.get(&organisation) else {
                continue;
            };
            let figures = &mut observations[span.clone()];
            let first = figures.partition_point(|o| o.period < period);
            let end = figures.partition_point(|o| o.period <= period);
            for figure in &mut figures[first..end] {
                figure.status = status;
            }
        }
        Ok(observations)
    }

    /// The status of every report not yet approved. Once the figures are in, most reports are
    /// approved, so this reads a few rows down the index by status instead of every report.
    #[tracing::instrument(skip(self))]
    async fn unapproved_reports(
        &self,
        organisations: Option<&[OrgNumber]>,
    ) -> Result<HashMap<(OrgNumber, Period), ReportStatus>, StoreError> {
        let mut statuses = HashMap::new();
        let mut params = Params::default();
        let unapproved =
            params.texts([ReportStatus::Draft, ReportStatus::Submitted].map(|s| s.as_str()));
        let among = organisations.map_or(String::new(), |organisations| {
            format!(
                " AND organisation_number IN ({})",
                params.texts(organisations)
            )
        });
        let statement = format!(
            "SELECT organisation_number, period, status FROM reports \
             WHERE status IN ({unapproved}){among}"
        );
        let mut rows =
            sqlx::query_with(sqlx::AssertSqlSafe(statement), params.arguments()?).fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let (number, period, status): (String, String, String) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            statuses.insert(
                (
                    OrgNumber::parse(&number).map_err(corrupt)?,
                    Period::parse(&period).map_err(corrupt)?,
                ),
                ReportStatus::parse(&status).map_err(corrupt)?,
            );
        }
        Ok(statuses)
    }

    /// The newest quarter with a submitted or approved report: where the figures that count
    /// end. Drafts are left out, so that nobody's unfinished report moves everyone's view.
    #[tracing::instrument(skip(self))]
    pub async fn latest_reported_period(&self) -> Result<Option<Period>, StoreError> {
        // One MAX per status: each is a single step down the index by status and quarter.
        let latest: Option<String> = sqlx::query_scalar(
            "SELECT MAX(latest) FROM (\
             SELECT MAX(period) AS latest FROM reports WHERE status = $1 \
             UNION ALL SELECT MAX(period) AS latest FROM reports WHERE status = $2\
             ) AS by_status",
        )
        .bind(ReportStatus::Submitted.as_str())
        .bind(ReportStatus::Approved.as_str())
        .fetch_one(&self.pool)
        .await?;
        latest
            .map(|period| Period::parse(&period).map_err(corrupt))
            .transpose()
    }

    /// How many organisations (of `kind`, or all) have a submitted or approved report for
    /// `period`: those that have reported it.
    #[tracing::instrument(skip(self))]
    pub async fn reported_in(
        &self,
        period: Period,
        kind: Option<crate::OrgKind>,
    ) -> Result<usize, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports r \
             JOIN organisations o ON o.organisation_number = r.organisation_number \
             WHERE r.period = $1 AND r.status IN ($2, $3) AND ($4 = '' OR o.kind = $4)",
        )
        .bind(period.to_string())
        .bind(ReportStatus::Submitted.as_str())
        .bind(ReportStatus::Approved.as_str())
        .bind(kind.map_or("", |k| k.as_str()))
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// The status of every organisation's report for one quarter; `None` where none exists.
    #[tracing::instrument(skip(self))]
    pub async fn statuses_in(
        &self,
        period: Period,
    ) -> Result<Vec<(OrgNumber, Option<ReportStatus>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.organisation_number, r.status FROM organisations o \
             LEFT JOIN reports r ON r.organisation_number = o.organisation_number \
             AND r.period = $1 ORDER BY o.name",
        )
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let number: String = row.try_get("organisation_number")?;
                let status: Option<String> = row.try_get("status")?;
                Ok((
                    OrgNumber::parse(&number).map_err(corrupt)?,
                    status
                        .map(|s| ReportStatus::parse(&s).map_err(corrupt))
                        .transpose()?,
                ))
            })
            .collect()
    }

    /// Applies `update` to the report in one transaction and returns the report as stored.
    pub async fn save_report(
        &self,
        organisation: OrgNumber,
        period: Period,
        update: &ReportUpdate,
        actor: &Actor,
    ) -> Result<Report, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.update_report(organisation, period, update).await?;
        tx.commit().await?;
        self.stored_report(organisation, period).await
    }

    /// Moves the report one step in its workflow and returns it as stored.
    pub async fn take_step(
        &self,
        organisation: OrgNumber,
        period: Period,
        step: Step,
        actor: &Actor,
    ) -> Result<Report, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.take_step(organisation, period, step).await?;
        tx.commit().await?;
        self.stored_report(organisation, period).await
    }

    /// Saves `update` and submits the report in one transaction: what the analyst sees in the
    /// form is what is submitted, and a refused save submits nothing.
    pub async fn save_and_submit(
        &self,
        organisation: OrgNumber,
        period: Period,
        update: &ReportUpdate,
        actor: &Actor,
    ) -> Result<Report, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.update_report(organisation, period, update).await?;
        tx.take_step(organisation, period, Step::Submit).await?;
        tx.commit().await?;
        self.stored_report(organisation, period).await
    }

    /// Reopens the report for changes, keeping `reason` in the audit trail beside the change
    /// of status, for the organisation's analysts to read.
    pub async fn reopen(
        &self,
        organisation: OrgNumber,
        period: Period,
        reason: Option<&ReopenReason>,
        actor: &Actor,
    ) -> Result<Report, StoreError> {
        let mut tx = self.begin_write(actor).await?;
        tx.move_report(organisation, period, Step::Reopen, reason)
            .await?;
        if let Some(reason) = reason {
            tx.record(
                Some(organisation),
                Some(period),
                REOPEN_REASON_AUDIT_FIELD,
                None,
                Some(reason.as_str().to_owned()),
            )
            .await?;
        }
        tx.commit().await?;
        self.stored_report(organisation, period).await
    }

    /// Why the report was reopened, while that is the last that happened to its status: once
    /// it is submitted again (or was reopened without a reason) the old reason is history.
    #[tracing::instrument(skip(self))]
    pub async fn reopen_reason(
        &self,
        organisation: OrgNumber,
        period: Period,
    ) -> Result<Option<String>, StoreError> {
        let latest = sqlx::query(
            "SELECT field, new_value FROM changes \
             WHERE organisation_number = $1 AND period = $2 AND field IN ($3, $4) \
             ORDER BY at DESC, tx DESC, seq DESC LIMIT 1",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .bind(REOPEN_REASON_AUDIT_FIELD)
        .bind("status")
        .fetch_optional(&self.pool)
        .await?;
        let Some(latest) = latest else {
            return Ok(None);
        };
        let field: String = latest.try_get("field")?;
        if field == REOPEN_REASON_AUDIT_FIELD {
            Ok(latest.try_get("new_value")?)
        } else {
            Ok(None)
        }
    }

    async fn stored_report(
        &self,
        organisation: OrgNumber,
        period: Period,
    ) -> Result<Report, StoreError> {
        self.report(organisation, period)
            .await?
            .ok_or_else(|| corrupt("a written report cannot be read back"))
    }
}

impl WriteTx {
    /// Creates the report as a draft if it does not exist, then stores and clears figures and
    /// the lessons text as `update` says, recording each change. A submitted report that is
    /// changed goes back to draft, to be submitted again; an approved one is refused, and so
    /// is a quarter that has not begun. The same plan and writer as an import's, for one report.
    #[tracing::instrument(skip(self, update))]
    pub async fn update_report(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        update: &ReportUpdate,
    ) -> Result<(), StoreError> {
        match self
            .save_reports([(organisation, period, update)])
            .await?
            .pop()
        {
            Some((_, _, refused)) => Err(refused),
            None => Ok(()),
        }
    }

    /// Submits (the organisation's writers), approves or reopens (administrators) a report.
    pub async fn take_step(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        step: Step,
    ) -> Result<(), StoreError> {
        self.move_report(organisation, period, step, None).await
    }

    /// [`WriteTx::take_step`], with the reason for a reopening told in its mail.
    #[tracing::instrument(skip(self, reason))]
    async fn move_report(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        step: Step,
        reason: Option<&ReopenReason>,
    ) -> Result<(), StoreError> {
        self.require(match step {
            Step::Submit => Action::WriteFor(organisation),
            Step::Approve | Step::Reopen => Action::Approve,
        })?;
        // Reopening stays possible: it takes a report stored before this check out of the
        // figures that count.
        if step != Step::Reopen {
            period.begun()?;
        }
        let (status, _) = self
            .report_header(organisation, period)
            .await?
            .ok_or(StoreError::UnknownReport(organisation, period))?;
        let next = status
            .after(step)
            .map_err(|e| StoreError::Step(organisation, period, e))?;
        if next != status {
            self.set_status(organisation, period, status, next).await?;
            self.touch(organisation, period, next).await?;
            self.write_step_mail(organisation, period, step, reason.map(ReopenReason::as_str))
                .await?;
        }
        if next == ReportStatus::Submitted {
            // Kept from the first time only: whether a report was on time is decided by when
            // it first came in, not by a correction submitted later.
            sqlx::query(
                "UPDATE reports SET first_submitted_at = COALESCE(first_submitted_at, $1) \
                 WHERE organisation_number = $2 AND period = $3",
            )
            .bind(&self.at)
            .bind(organisation.to_string())
            .bind(period.to_string())
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn report_header(
        &mut self,
        organisation: OrgNumber,
        period: Period,
    ) -> Result<Option<(ReportStatus, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT status, lessons FROM reports WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation.to_string())
        .bind(period.to_string())
        .fetch_optional(&mut *self.tx)
        .await?;
        row.map(|row| {
            let status: String = row.try_get("status")?;
            Ok((
                ReportStatus::parse(&status).map_err(corrupt)?,
                row.try_get("lessons")?,
            ))
        })
        .transpose()
    }

    async fn set_status(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        from: ReportStatus,
        to: ReportStatus,
    ) -> Result<(), StoreError> {
        self.record(
            Some(organisation),
            Some(period),
            "status",
            Some(from.to_string()),
            Some(to.to_string()),
        )
        .await
    }

    /// Stamps the report with its status, who changed it and when.
    async fn touch(
        &mut self,
        organisation: OrgNumber,
        period: Period,
        status: ReportStatus,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE reports SET status = $1, updated_at = $2, updated_by = $3 \
             WHERE organisation_number = $4 AND period = $5",
        )
        .bind(status.as_str())
        .bind(&self.at)
        .bind(&self.by)
        .bind(organisation.to_string())
        .bind(period.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

/// The one shared copy of `series` among those `seen` so far.
fn interned(seen: &mut HashSet<Arc<str>>, series: &str) -> Arc<str> {
    if let Some(shared) = seen.get(series) {
        return shared.clone();
    }
    let shared: Arc<str> = series.into();
    seen.insert(shared.clone());
    shared
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
        catalogue_versions: BTreeMap::new(),
        lessons: row.try_get("lessons")?,
        explanations: BTreeMap::new(),
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
        catalogue_version: u32::try_from(row.try_get::<i64, _>("catalogue_version")?)
            .map_err(corrupt)?,
    })
}

/// An explanation's quarter, series and text.
fn explanation_from_row(row: &AnyRow) -> Result<(Period, SeriesKey, String), StoreError> {
    let period: String = row.try_get("period")?;
    let series: String = row.try_get("series")?;
    Ok((
        Period::parse(&period).map_err(corrupt)?,
        SeriesKey::parse(&series).map_err(corrupt)?,
        row.try_get("explanation")?,
    ))
}

impl Report {
    /// Adds one of the report's stored figures.
    fn add(&mut self, value: StoredValue) {
        self.values.insert(value.series.clone(), value.value);
        self.catalogue_versions
            .insert(value.series, value.catalogue_version);
    }
}
