//! CSV in and out: `GET /api/v1/export/values.csv`, `GET /api/v1/export/summary.csv`,
//! `POST /api/v1/import`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use effekt::csv::{ImportPlan, LineProblems};
use effekt::use_cases::{Imported, import as import_plan, may_import};
use futures_util::StreamExt;
use serde::Serialize;
use tokio_util::io::{StreamReader, SyncIoBridge};
use utoipa::ToSchema;

use super::IMPORT_LIMIT;
use super::error::ApiError;
use super::extract::Authenticated;
use super::refusals::{
    BadRequest, Conflict, Forbidden, NotFound, TooLarge, Unauthorized, Unprocessable,
    UnsupportedType,
};
use crate::csv_export::{ExportQuery, summary_csv, write_values};
use crate::state::ServerState;

pub(super) fn csv_headers(file_name: &str) -> HeaderMap {
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

/// Stored figures as CSV
#[utoipa::path(
    get,
    path = "/export/values.csv",
    operation_id = "transfer_export_values",
    params(
        super::query_schemas::ValuesFilters,
        ("normalise" = inline(Option<super::query_schemas::NormaliseText>), Query, nullable = false, description = "Count and money figures (units count and ksek) per 1,000 employees or inhabitants of the organisation in the quarter's calendar year; other series, and figures of organisations without that size, are left out (the normalised summary counts them). Naming another series in series is 400"),
    ),
    responses(
        (status = 200, description = "CSV, streamed", body = String, content_type = "text/csv"),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn export_values(
    State(state): State<ServerState>,
    _user: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = ExportQuery::parse(raw.as_deref().unwrap_or(""), &state.catalogue)?;
    Ok(stream_values(&state, query, "values"))
}

/// The figures `query` asks for as a CSV download named for `what`, written a page at a time
/// as the client reads.
pub(super) fn stream_values(state: &ServerState, query: ExportQuery, what: &str) -> Response {
    let headers = csv_headers(&query.file_name(what));
    let (chunks, written) = tokio::sync::mpsc::channel::<Vec<u8>>(2);
    let (store, catalogue) = (state.store.clone(), state.catalogue.clone());
    let writing =
        tokio::spawn(async move { write_values(&store, &catalogue, &query, &chunks).await });
    // The body is the chunks as they come, then an error if the writer failed part-way, so
    // the client sees a broken download rather than a short file. Fused: the compression
    // layer polls once more after the end, which a bare `unfold` answers with a panic.
    let stream = futures_util::stream::unfold(
        (written, Some(writing)),
        |(mut written, writing)| async move {
            if let Some(chunk) = written.recv().await {
                return Some((Ok(chunk), (written, writing)));
            }
            match writing?.await {
                Ok(Ok(())) => None,
                failed => {
                    tracing::error!(?failed, "export failed part-way");
                    let error = std::io::Error::other("export failed");
                    Some((Err(error), (written, None)))
                }
            }
        },
    )
    .fuse();
    (headers, Body::from_stream(stream)).into_response()
}

/// The summary as CSV, with the columns series, period, n, sum, mean, median, p25, p75, min, max,
/// n_approved
#[utoipa::path(
    get,
    path = "/export/summary.csv",
    operation_id = "transfer_export_summary",
    params(
        ("from" = inline(Option<super::query_schemas::QuarterText>), Query, nullable = false, description = "First quarter"),
        ("to" = inline(Option<super::query_schemas::QuarterText>), Query, nullable = false, description = "Last quarter"),
        ("kind" = inline(Option<super::query_schemas::KindText>), Query, nullable = false, description = "Only organisations of this kind"),
        ("basis" = inline(Option<super::query_schemas::BasisText>), Query, nullable = false, description = "Which reports count; drafts never do. reported (the default): submitted and approved; approved: approved only"),
        ("series" = Option<String>, Query, nullable = false, description = "Only these series, comma-separated"),
        ("format" = inline(Option<super::query_schemas::FormatText>), Query, nullable = false, description = "csv (RFC 4180, the default) or excel-sv (BOM, semicolons, decimal commas)"),
        ("normalise" = inline(Option<super::query_schemas::NormaliseText>), Query, nullable = false, description = "As on /api/v1/summary; the file gains a last column n_without_size. Naming a series that cannot be normalised is 400"),
    ),
    responses(
        (status = 200, description = "CSV, streamed", body = String, content_type = "text/csv"),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn export_summary(
    State(state): State<ServerState>,
    _user: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = ExportQuery::parse(raw.as_deref().unwrap_or(""), &state.catalogue)?;
    let csv = summary_csv(&state.analytics, &query).await?;
    Ok((csv_headers(&query.file_name("summary")), csv).into_response())
}

/// What an import of figures stored.
#[derive(Serialize, ToSchema)]
pub struct ImportedFigures {
    rows: usize,
    /// Figures, lessons and statuses that changed.
    changed: usize,
}

/// Import a CSV file of figures: checked whole, stored in one transaction or not at all
#[utoipa::path(
    post,
    path = "/import",
    operation_id = "transfer_import",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Stored", body = ImportedFigures),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, TooLarge, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportedFigures>, ApiError> {
    may_import(&signed_in.0)?;
    let catalogue = state.catalogue.clone();
    let plan = read_csv(&headers, body, move |input| {
        ImportPlan::parse(&catalogue, input)
    })
    .await?;
    let Imported { rows, changed } =
        import_plan(&state.store, &state.catalogue, &signed_in.actor(), &plan).await?;
    Ok(Json(ImportedFigures { rows, changed }))
}

/// Reads a CSV body with `parse` as it streams in, at most [`IMPORT_LIMIT`] bytes of it: 415
/// unless it is sent as `text/csv`, 413 when larger, 422 with the parser's problems.
pub(super) async fn read_csv<T: Send + 'static>(
    headers: &HeaderMap,
    body: Body,
    parse: impl FnOnce(Box<dyn std::io::Read + Send>) -> Result<T, LineProblems> + Send + 'static,
) -> Result<T, ApiError> {
    let is_csv = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/csv"));
    if !is_csv {
        return Err(ApiError::UnsupportedCsv);
    }
    let announced = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|length| length > IMPORT_LIMIT) {
        return Err(ApiError::PayloadTooLarge);
    }
    let (body, too_large) = limited(body, IMPORT_LIMIT);
    // The `csv` reader reads synchronously: it runs on a blocking thread, pulling the body
    // from the connection as it goes.
    let input = SyncIoBridge::new(StreamReader::new(body));
    let parsed = tokio::task::spawn_blocking(move || parse(Box::new(input)))
        .await
        .map_err(|e| ApiError::Internal(format!("the import reader failed: {e}")))?;
    if too_large.load(Ordering::Relaxed) {
        return Err(ApiError::PayloadTooLarge);
    }
    parsed.map_err(ApiError::InvalidFile)
}

/// The body's bytes, ending in an error after `limit` of them; the flag says it was cut.
fn limited(
    body: Body,
    limit: usize,
) -> (
    impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    Arc<AtomicBool>,
) {
    let too_large = Arc::new(AtomicBool::new(false));
    let flag = too_large.clone();
    let mut taken = 0usize;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        taken = taken.saturating_add(chunk.len());
        if taken > limit {
            flag.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other("the file is too large"));
        }
        Ok(chunk)
    });
    (stream, too_large)
}
