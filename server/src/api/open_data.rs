//! Open data, without signing in: `GET /api/v1/open/values.csv` and `GET /api/v1/open/summary`
//! serve only the approved figures of the organisations that opted in (CC0, see the README).
//! Each address may ask [`crate::config::Config::open_data_per_minute`] times a minute.

use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::response::Response;
use effekt::ValueProblem;
use effekt::analytics::SummaryRow;
use effekt_session::ClientAddress;

use super::error::ApiError;
use super::extract::ApiQuery;
use super::refusals::{BadRequest, TooManyRequests, Unprocessable};
use super::summary::SummaryQuery;
use super::transfer::stream_values;
use crate::csv_export::ExportQuery;
use crate::state::ServerState;

/// A request within its address's open data limit; 429 for one beyond it.
pub struct WithinLimit;

impl FromRequestParts<ServerState> for WithinLimit {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ClientAddress>()
            .map(|a| a.0.as_str())
            .unwrap_or_default();
        if state.open_data_limit.allow(address) {
            Ok(WithinLimit)
        } else {
            Err(ApiError::RateLimited)
        }
    }
}

/// Open data (CC0), without signing in: the approved figures of the organisations that publish
/// them, as CSV with the columns of /api/v1/export/values.csv. Each address may ask a limited number
/// of times a minute (EFFEKT_OPEN_DATA_PER_MINUTE).
#[utoipa::path(
    get,
    path = "/open/values.csv",
    operation_id = "open_data_values",
    security(()),
    params(
        super::query_schemas::ValuesFilters,
    ),
    responses(
        (status = 200, description = "CSV, streamed", body = String, content_type = "text/csv"),
        BadRequest, Unprocessable, TooManyRequests,
    ),
)]
#[tracing::instrument(skip(state, _limit))]
pub async fn values(
    State(state): State<ServerState>,
    _limit: WithinLimit,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut query = ExportQuery::parse(raw.as_deref().unwrap_or(""), &state.catalogue)?;
    if query.normalise.is_some() {
        return Err(not_normalised());
    }
    query.filter.published_only = true;
    Ok(stream_values(&state, query, "open-values"))
}

/// Open data (CC0), without signing in: the summary of /api/v1/summary over the approved figures of
/// the organisations that publish them only. Each address may ask a limited number of times a
/// minute (EFFEKT_OPEN_DATA_PER_MINUTE).
#[utoipa::path(
    get,
    path = "/open/summary",
    operation_id = "open_data_summary",
    security(()),
    params(
        ("from" = inline(Option<super::query_schemas::QuarterText>), Query, nullable = false, description = "First quarter"),
        ("to" = inline(Option<super::query_schemas::QuarterText>), Query, nullable = false, description = "Last quarter"),
        ("kind" = inline(Option<super::query_schemas::KindText>), Query, nullable = false, description = "Only organisations of this kind"),
        ("basis" = inline(Option<super::query_schemas::ApprovedBasisText>), Query, nullable = false, description = "Only approved figures are published: approved, or left out; anything else is refused with 422"),
        ("series" = Option<String>, Query, nullable = false, description = "Only these series, comma-separated"),
    ),
    responses(
        (status = 200, description = "One row per series and quarter with figures", body = Vec<SummaryRow>),
        BadRequest, Unprocessable, TooManyRequests,
    ),
)]
#[tracing::instrument(skip(state, _limit))]
pub async fn summary(
    State(state): State<ServerState>,
    _limit: WithinLimit,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Json<Arc<Vec<SummaryRow>>>, ApiError> {
    if query.asks_for_unapproved() {
        return Err(ApiError::invalid_field(
            "basis",
            [ValueProblem::OpenDataApprovedOnly],
        ));
    }
    let filter = query.filter(&state)?;
    if filter.normalise.is_some() {
        return Err(not_normalised());
    }
    let rows = state.analytics.published_summary(&filter).await?;
    Ok(Json(rows))
}

/// Open data's answer to `normalise`, for its summary and its export alike.
fn not_normalised() -> ApiError {
    ApiError::invalid_field("normalise", [ValueProblem::OpenDataNotNormalised])
}
