//! What reports' figures are compared with to find implausible ones (`crate::plausibility`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use sqlx::Row;

use super::{Store, StoreError, corrupt};
use crate::{
    Background, Catalogue, CountryFigures, HISTORY_LOOKBACK_QUARTERS, OrgNumber, Period,
    PlausibilityWarning, Report, ReportStatus, SeriesKey,
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
        // One organisation's history is a look-up by its key; written as one statement with
        // an "every organisation" case, SQLite scanned every organisation's reports of the
        // quarters instead, some 30 ms of each save at national scale (the save row of
        // `scripts/bench`, BENCHMARKS.md).
        let query = match organisation {
            Some(_) => sqlx::query(
                "SELECT v.organisation_number, v.series, v.value FROM report_values v \
                 JOIN reports r ON r.organisation_number = v.organisation_number \
                 AND r.period = v.period \
                 WHERE v.period >= $1 AND v.period < $2 AND r.status IN ($3, $4) \
                 AND v.organisation_number = $5 \
                 ORDER BY v.period DESC",
            ),
            None => sqlx::query(
                "SELECT v.organisation_number, v.series, v.value FROM report_values v \
                 JOIN reports r ON r.organisation_number = v.organisation_number \
                 AND r.period = v.period \
                 WHERE v.period >= $1 AND v.period < $2 AND r.status IN ($3, $4) \
                 ORDER BY v.period DESC",
            ),
        };
        let mut query = query
            .bind(first)
            .bind(period.to_string())
            .bind(ReportStatus::Submitted.as_str())
            .bind(ReportStatus::Approved.as_str());
        if let Some(organisation) = organisation {
            query = query.bind(organisation.to_string());
        }
        let rows = query.fetch_all(&self.pool).await?;
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

    /// Every organisation's reported figures of the quarter before `period`, read again only
    /// when that quarter has changed: during a deadline the saves are of the current quarter,
    /// and reading the whole previous one took some 25 ms of each (the save row of
    /// `scripts/bench`, BENCHMARKS.md).
    async fn national(
        &self,
        period: Period,
    ) -> Result<Option<(Period, Arc<CountryFigures>)>, StoreError> {
        let Some(before) = period.previous() else {
            return Ok(None);
        };
        let version = self.quarter_version(before).await?;
        if let Some(kept) = self.national.get(before, version) {
            return Ok(Some((before, kept)));
        }
        let figures = Arc::new(self.read_national(before).await?);
        self.national.keep(before, version, figures.clone());
        Ok(Some((before, figures)))
    }

    /// Every organisation's reported figures of `period`, from the database.
    async fn read_national(&self, before: Period) -> Result<CountryFigures, StoreError> {
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
        Ok(CountryFigures::new(national))
    }
}

/// How many quarters' national figures are kept: some 100 KB each at national scale.
const NATIONAL_QUARTERS_KEPT: usize = 8;

/// The national figures last read, per quarter, with the quarter's version when read.
#[derive(Debug, Default)]
pub(super) struct NationalFigures(Mutex<HashMap<Period, (i64, Arc<CountryFigures>)>>);

impl NationalFigures {
    fn get(&self, period: Period, version: i64) -> Option<Arc<CountryFigures>> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.get(&period)
            .filter(|(kept_version, _)| *kept_version == version)
            .map(|(_, figures)| figures.clone())
    }

    /// Keeps `figures` of `period` at `version`, forgetting the oldest quarter kept when
    /// [`NATIONAL_QUARTERS_KEPT`] are: a save asks for the quarter before its own, so the
    /// quarters asked for are mostly the few being reported.
    fn keep(&self, period: Period, version: i64, figures: Arc<CountryFigures>) {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() >= NATIONAL_QUARTERS_KEPT && !kept.contains_key(&period) {
            let oldest = kept.keys().min().copied();
            if let Some(oldest) = oldest {
                kept.remove(&oldest);
            }
        }
        kept.insert(period, (version, figures));
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
