//! CSV in and out: `GET /api/v1/export/values.csv`, `GET /api/v1/export/summary.csv`,
//! `POST /api/v1/import`.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use effekt::analytics::{DERIVED_SERIES, Filter};
use effekt::csv::{Cell, CsvFormat, CsvWriter, ImportPlan};
use effekt::store::{ExportFilter, ImportFailure, Store};
use effekt::{Catalogue, OrgKind, OrgNumber, Period};
use serde_json::{Value, json};

use super::error::ApiError;
use super::extract::Authenticated;
use crate::state::AppState;

/// Rows fetched per page of a values export: the export never holds more.
const PAGE: i64 = 5_000;

const VALUES_HEADER: [&str; 7] = [
    "organisation_number",
    "organisation_name",
    "period",
    "measure",
    "series",
    "value",
    "status",
];
const SUMMARY_HEADER: [&str; 10] = [
    "series", "period", "n", "sum", "mean", "median", "p25", "p75", "min", "max",
];

/// The export filters: `from`, `to`, `kind`, `organisation` (repeated or comma-separated),
/// `series` (comma-separated), `format`.
struct ExportQuery {
    filter: ExportFilter,
    format: CsvFormat,
}

impl ExportQuery {
    fn parse(raw: Option<String>, catalogue: &Catalogue) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
            .map_err(|e| ApiError::BadRequest(format!("The query cannot be read: {e}")))?;
        let bad = |e: &dyn std::fmt::Display| ApiError::BadRequest(e.to_string());
        let mut query = ExportQuery {
            filter: ExportFilter::default(),
            format: CsvFormat::Standard,
        };
        for (key, value) in pairs {
            let list = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
            match key.as_str() {
                "from" if !value.is_empty() => {
                    query.filter.from = Some(Period::parse(&value).map_err(|e| bad(&e))?)
                }
                "to" if !value.is_empty() => {
                    query.filter.to = Some(Period::parse(&value).map_err(|e| bad(&e))?)
                }
                "kind" if !value.is_empty() => {
                    query.filter.kind = Some(OrgKind::parse(&value).map_err(|e| bad(&e))?)
                }
                "organisation" => {
                    for number in list() {
                        query
                            .filter
                            .organisations
                            .push(OrgNumber::parse(number).map_err(|e| bad(&e))?);
                    }
                }
                "series" => {
                    for series in list() {
                        if catalogue.find_series(series).is_none()
                            && !DERIVED_SERIES.contains(&series)
                        {
                            return Err(ApiError::BadRequest(format!(
                                "{series:?} is not a series"
                            )));
                        }
                        query.filter.series.push(series.to_owned());
                    }
                }
                "format" => query.format = CsvFormat::parse(&value).map_err(|e| bad(&e))?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// `effekt-values-2024Q1-2025Q4.csv`: what the file holds.
    fn file_name(&self, what: &str) -> String {
        let end = |p: Option<Period>, open: &str| {
            p.map(|p| p.to_string()).unwrap_or_else(|| open.to_owned())
        };
        let mut name = format!(
            "effekt-{what}-{}-{}",
            end(self.filter.from, "start"),
            end(self.filter.to, "latest")
        );
        if let Some(kind) = self.filter.kind {
            name.push_str(&format!("-{}", kind.as_str()));
        }
        if self.format == CsvFormat::ExcelSv {
            name.push_str("-excel");
        }
        name + ".csv"
    }
}

fn csv_headers(file_name: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers
}

/// Streams every stored figure that matches, a page at a time.
#[tracing::instrument(skip(state, _user))]
pub async fn export_values(
    State(state): State<AppState>,
    _user: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = ExportQuery::parse(raw, &state.catalogue)?;
    let headers = csv_headers(&query.file_name("values"));
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(2);
    tokio::spawn(write_values(
        state.store.clone(),
        state.catalogue.clone(),
        query,
        sender,
    ));
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok((headers, Body::from_stream(stream)).into_response())
}

async fn write_values(
    store: Store,
    catalogue: std::sync::Arc<Catalogue>,
    query: ExportQuery,
    sender: tokio::sync::mpsc::Sender<Result<String, std::io::Error>>,
) {
    let mut writer = CsvWriter::new(query.format);
    writer.header(&VALUES_HEADER);
    let mut cursor = None;
    loop {
        let rows = match store
            .export_page(&query.filter, cursor.as_ref(), PAGE)
            .await
        {
            Ok(rows) => rows,
            Err(error) => {
                tracing::error!(%error, "export failed part-way");
                let _ = sender
                    .send(Err(std::io::Error::other("export failed")))
                    .await;
                return;
            }
        };
        for row in &rows {
            let measure = catalogue
                .measure_of(&row.series)
                .map(|m| m.key.as_str())
                .unwrap_or("");
            writer.row(&[
                Cell::Text(&row.organisation_number.to_string()),
                Cell::Text(&row.organisation_name),
                Cell::Text(&row.period.to_string()),
                Cell::Text(measure),
                Cell::Text(&row.series),
                Cell::Number(row.value),
                Cell::Text(row.status.as_str()),
            ]);
        }
        let last_page = (rows.len() as i64) < PAGE;
        cursor = rows.last().map(|row| row.cursor());
        if sender.send(Ok(writer.take())).await.is_err() || last_page {
            return;
        }
    }
}

/// The summary of `/api/v1/summary` as CSV.
#[tracing::instrument(skip(state, _user))]
pub async fn export_summary(
    State(state): State<AppState>,
    _user: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = ExportQuery::parse(raw, &state.catalogue)?;
    let filter = Filter {
        from: query.filter.from,
        to: query.filter.to,
        kind: query.filter.kind,
        series: (!query.filter.series.is_empty()).then(|| query.filter.series.clone()),
    };
    let rows = state
        .analytics
        .summary(&filter)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut writer = CsvWriter::new(query.format);
    writer.header(&SUMMARY_HEADER);
    for row in rows.iter() {
        writer.row(&[
            Cell::Text(&row.series),
            Cell::Text(&row.period.to_string()),
            Cell::Number(f64::from(row.n)),
            Cell::Number(row.sum),
            Cell::Number(row.mean),
            Cell::Number(row.median),
            Cell::Number(row.p25),
            Cell::Number(row.p75),
            Cell::Number(row.min),
            Cell::Number(row.max),
        ]);
    }
    Ok((csv_headers(&query.file_name("summary")), writer.take()).into_response())
}

/// Checks the whole file, then stores it in one transaction; any bad row stores nothing.
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<AppState>,
    signed_in: Authenticated,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let is_csv = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/csv"));
    if !is_csv {
        return Err(ApiError::UnsupportedCsv);
    }
    let plan = ImportPlan::parse(&state.catalogue, &body).map_err(ApiError::InvalidFile)?;
    let changed = state
        .store
        .import(&plan, &state.catalogue, &signed_in.actor())
        .await
        .map_err(|failure| match failure {
            ImportFailure::Rejected(problems) => ApiError::InvalidFile(problems),
            ImportFailure::Store(error) => error.into(),
        })?;
    Ok(Json(json!({"rows": plan.rows.len(), "changed": changed})))
}
