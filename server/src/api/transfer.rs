//! CSV in and out: `GET /api/v1/export/values.csv`, `GET /api/v1/export/summary.csv`,
//! `POST /api/v1/import`.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use effekt::csv::ImportPlan;
use effekt::store::ImportFailure;
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::error::ApiError;
use super::extract::Authenticated;
use crate::export::{ExportQuery, summary_csv, write_values};
use crate::state::AppState;

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
    let query = ExportQuery::parse(raw.as_deref().unwrap_or(""), &state.catalogue)?;
    let headers = csv_headers(&query.file_name("values"));
    let (chunks, written) = tokio::sync::mpsc::channel::<String>(2);
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
    Ok((headers, Body::from_stream(stream)).into_response())
}

/// The summary of `/api/v1/summary` as CSV.
#[tracing::instrument(skip(state, _user))]
pub async fn export_summary(
    State(state): State<AppState>,
    _user: Authenticated,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = ExportQuery::parse(raw.as_deref().unwrap_or(""), &state.catalogue)?;
    let csv = summary_csv(&state.analytics, &query)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((csv_headers(&query.file_name("summary")), csv).into_response())
}

/// Checks the whole file, then stores it in one transaction; any bad row stores nothing.
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<AppState>,
    signed_in: Authenticated,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body?;
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
