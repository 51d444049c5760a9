//! What reports' figures are compared with to find implausible ones (`crate::plausibility`).

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;

use super::{Store, StoreError, corrupt};
use crate::{
    Background, Catalogue, HISTORY_LOOKBACK_QUARTERS, OrgNumber, Period, PlausibilityWarning,
    Report, ReportStatus, SeriesKey,
};

/// Figures by series.
type BySeries = BTreeMap<SeriesKey, Vec<f64>>;

impl Store {
    /// The warnings for the figures of `report`.
    #[tracing::instrument(skip(self, catalogue, report), fields(organisation = %report.organisation_number, period = %report.period))]
    pub async fn report_warnings(
        &self,
        catalogue: &Catalogue,
        report: &Report,
    ) -> Result<Vec<PlausibilityWarning>, StoreError> {
        let mut histories = self
            .histories(report.period, Some(report.organisation_number))
            .await?;
        let background = Background {
            history: histories
                .remove(&report.organisation_number)
                .unwrap_or_default(),
            national: self.national(report.period).await?,
        };
        Ok(background.check(catalogue, &report.values))
    }

    /// The warnings for every report of `period`, by organisation; organisations without any
    /// are left out.
    #[tracing::instrument(skip(self, catalogue))]
    pub async fn warnings_in(
        &self,
        catalogue: &Catalogue,
        period: Period,
    ) -> Result<BTreeMap<OrgNumber, Vec<PlausibilityWarning>>, StoreError> {
        let mut histories = self.histories(period, None).await?;
        let national = self.national(period).await?;
        let mut figures: HashMap<OrgNumber, BTreeMap<SeriesKey, f64>> = HashMap::new();
        let rows = sqlx::query(
            "SELECT organisation_number, series, value FROM report_values WHERE period = $1",
        )
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let (organisation, series, value) = figure_from_row(row)?;
            figures
                .entry(organisation)
                .or_default()
                .insert(series, value);
        }
        let mut warnings = BTreeMap::new();
        for (organisation, values) in figures {
            let background = Background {
                history: histories.remove(&organisation).unwrap_or_default(),
                national: national.clone(),
            };
            let found = background.check(catalogue, &values);
            if !found.is_empty() {
                warnings.insert(organisation, found);
            }
        }
        Ok(warnings)
    }

    /// The reported figures of `organisation` (or every one) from the quarters before `period`
    /// that the history looks back over, per series newest first.
    async fn histories(
        &self,
        period: Period,
        organisation: Option<OrgNumber>,
    ) -> Result<HashMap<OrgNumber, BySeries>, StoreError> {
        let lookback = i32::try_from(HISTORY_LOOKBACK_QUARTERS).unwrap_or(i32::MAX);
        // Before the first year accepted, every earlier quarter is inside the lookback.
        let first = Period::from_index(period.index().saturating_sub(lookback))
            .map(|p| p.to_string())
            .unwrap_or_default();
        let rows = sqlx::query(
            "SELECT v.organisation_number, v.series, v.value FROM report_values v \
             JOIN reports r ON r.organisation_number = v.organisation_number \
             AND r.period = v.period \
             WHERE v.period >= $1 AND v.period < $2 AND r.status IN ($3, $4) \
             AND ($5 = '' OR v.organisation_number = $5) \
             ORDER BY v.period DESC",
        )
        .bind(first)
        .bind(period.to_string())
        .bind(ReportStatus::Submitted.as_str())
        .bind(ReportStatus::Approved.as_str())
        .bind(organisation.map(|n| n.to_string()).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?;
        let mut histories: HashMap<OrgNumber, BySeries> = HashMap::new();
        for row in &rows {
            let (organisation, series, value) = figure_from_row(row)?;
            histories
                .entry(organisation)
                .or_default()
                .entry(series)
                .or_default()
                .push(value);
        }
        Ok(histories)
    }

    /// Every organisation's reported figures of the quarter before `period`.
    async fn national(&self, period: Period) -> Result<Option<(Period, BySeries)>, StoreError> {
        let Some(before) = period.previous() else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT v.organisation_number, v.series, v.value FROM report_values v \
             JOIN reports r ON r.organisation_number = v.organisation_number \
             AND r.period = v.period \
             WHERE v.period = $1 AND r.status IN ($2, $3)",
        )
        .bind(before.to_string())
        .bind(ReportStatus::Submitted.as_str())
        .bind(ReportStatus::Approved.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut national = BySeries::new();
        for row in &rows {
            let (_, series, value) = figure_from_row(row)?;
            national.entry(series).or_default().push(value);
        }
        Ok(Some((before, national)))
    }
}

fn figure_from_row(row: &sqlx::any::AnyRow) -> Result<(OrgNumber, SeriesKey, f64), StoreError> {
    let organisation: String = row.try_get("organisation_number")?;
    let series: String = row.try_get("series")?;
    Ok((
        OrgNumber::parse(&organisation).map_err(corrupt)?,
        SeriesKey::parse(&series).map_err(corrupt)?,
        row.try_get("value")?,
    ))
}
