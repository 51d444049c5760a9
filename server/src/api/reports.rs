//! `GET` and `PUT /api/v1/organisations/{orgnr}/reports/{period}`.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use effekt::use_cases::{Figures, SaveReport, save_report, take_step};
use effekt::{OrgNumber, Period, Report, ReportChanges, Step};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use super::paging::{self, PageQuery};
use super::path_parts;
use super::refusals::{
    BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

/// A report with the warnings its figures raise: beside the report's own fields, `warnings:
/// [{field, message}]`, empty when every figure is plausible.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedReport {
    #[serde(flatten)]
    report: Report,
    /// Empty when every figure is plausible.
    warnings: Vec<Detail>,
}

/// `report` with the warnings the store finds for it.
async fn checked(state: &ServerState, report: Report) -> Result<CheckedReport, ApiError> {
    let warnings = state
        .store
        .report_warnings(&state.catalogue, &report)
        .await?
        .into_iter()
        .map(Detail::from)
        .collect();
    Ok(CheckedReport { report, warnings })
}

/// One organisation's report for one quarter
#[utoipa::path(
    get,
    path = "/organisations/{orgnr}/reports/{period}",
    operation_id = "reports_get",
    params(("orgnr" = effekt::OrgNumber, Path), ("period" = effekt::Period, Path)),
    responses(
        (status = 200, description = "The report, with the warnings its figures raise", body = CheckedReport),
        BadRequest, Unauthorized, NotFound,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn get(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath((orgnr, period)): ApiPath<(String, String)>,
) -> Result<Json<CheckedReport>, ApiError> {
    let (number, period) = parse_path(&orgnr, &period)?;
    let report = state.store.report(number, period).await?.ok_or_else(|| {
        ApiError::NotFound(format!("There is no report of {number} for {period}."))
    })?;
    Ok(Json(checked(&state, report).await?))
}

/// Store figures: keys left out stay as they were, null clears; implausible figures are stored and
/// answered with warnings
#[utoipa::path(
    put,
    path = "/organisations/{orgnr}/reports/{period}",
    operation_id = "reports_put",
    params(("orgnr" = effekt::OrgNumber, Path), ("period" = effekt::Period, Path)),
    request_body = ReportChanges,
    responses(
        (status = 200, description = "The report as stored, with the warnings its figures raise (an empty list when none)", body = CheckedReport),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in, body))]
pub async fn put(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, period)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ReportChanges>,
) -> Result<Json<CheckedReport>, ApiError> {
    let (organisation, period) = parse_path(&orgnr, &period)?;
    let command = SaveReport {
        organisation,
        period,
        figures: Figures::Json(body),
        and_submit: false,
    };
    let report = save_report(&state.store, &state.catalogue, &signed_in.actor(), command).await?;
    Ok(Json(checked(&state, report).await?))
}

/// Submit the report (administrators, or the organisation's analyst)
#[utoipa::path(
    post,
    path = "/organisations/{orgnr}/reports/{period}/submit",
    operation_id = "reports_submit",
    params(("orgnr" = effekt::OrgNumber, Path), ("period" = effekt::Period, Path)),
    responses(
        (status = 200, description = "The report", body = Report),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable,
    ),
)]
pub async fn submit(
    state: State<ServerState>,
    signed_in: Authenticated,
    path: ApiPath<(String, String)>,
) -> Result<Json<Report>, ApiError> {
    step(state, signed_in, path, Step::Submit).await
}

/// Approve the report (administrators)
#[utoipa::path(
    post,
    path = "/organisations/{orgnr}/reports/{period}/approve",
    operation_id = "reports_approve",
    params(("orgnr" = effekt::OrgNumber, Path), ("period" = effekt::Period, Path)),
    responses(
        (status = 200, description = "The report", body = Report),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable,
    ),
)]
pub async fn approve(
    state: State<ServerState>,
    signed_in: Authenticated,
    path: ApiPath<(String, String)>,
) -> Result<Json<Report>, ApiError> {
    step(state, signed_in, path, Step::Approve).await
}

/// The body of a reopen, which callers may leave out: why the report is reopened.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reopening {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500)]
    reason: Option<String>,
}

/// Reopen the report (administrators)
#[utoipa::path(
    post,
    path = "/organisations/{orgnr}/reports/{period}/reopen",
    operation_id = "reports_reopen",
    params(("orgnr" = effekt::OrgNumber, Path), ("period" = effekt::Period, Path)),
    request_body(content = ref("#/components/schemas/Reopening"), description = "Optional: why the report is reopened, kept in the audit trail and shown to the organisation's analysts"),
    responses(
        (status = 200, description = "The report", body = Report),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in, body))]
pub async fn reopen(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, period)): ApiPath<(String, String)>,
    body: Option<ApiJson<Reopening>>,
) -> Result<Json<Report>, ApiError> {
    let (number, period) = parse_path(&orgnr, &period)?;
    let reason = body.and_then(|ApiJson(body)| body.reason);
    let report = take_step(
        &state.store,
        &signed_in.actor(),
        number,
        period,
        Step::Reopen,
        reason,
    )
    .await?;
    Ok(Json(report))
}

#[tracing::instrument(skip(state, signed_in))]
async fn step(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, period)): ApiPath<(String, String)>,
    step: Step,
) -> Result<Json<Report>, ApiError> {
    let (number, period) = parse_path(&orgnr, &period)?;
    let report = take_step(&state.store, &signed_in.actor(), number, period, step, None).await?;
    Ok(Json(report))
}

/// One organisation's audit trail, a page at a time, newest first. Changes to user accounts are not
/// in it (see /api/v1/audit)
#[utoipa::path(
    get,
    path = "/organisations/{orgnr}/history",
    operation_id = "reports_history",
    params(("orgnr" = effekt::OrgNumber, Path), PageQuery),
    responses(
        (status = 200, description = "One page of changes, newest first", body = Vec<effekt::Change>, headers(("X-Total-Count" = u64, description = "How many changes there are on every page together"))),
        BadRequest, Unauthorized, NotFound, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn history(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    let page = query.page().map_err(paging::invalid_query)?;
    path_parts::known_organisation(&state, number).await?;
    let changes = state.store.history(number, page).await?;
    Ok(paging::respond(changes.rows, changes.total))
}

/// The report the path names, its organisation number and quarter.
fn parse_path(orgnr: &str, period: &str) -> Result<(OrgNumber, Period), ApiError> {
    Ok((path_parts::org_number(orgnr)?, path_parts::period(period)?))
}
