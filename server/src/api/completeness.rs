//! Reporting rate and timeliness: `GET /api/v1/completeness`, its CSV
//! (`GET /api/v1/export/completeness.csv`) and the quarters' deadlines
//! (`GET`/`PUT /api/v1/deadlines/{period}`).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use effekt::csv::{Cell, CsvFormat, CsvWriter};
use effekt::use_cases::{SetDeadline, set_deadline};
use effekt::{
    Completeness, CompletenessFilter, CompletenessFilterError, Deadlines, Period, iso_date,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use super::paging;
use super::path_parts;
use super::refusals::{BadRequest, Forbidden, Unauthorized, Unprocessable, UnsupportedType};
use super::transfer::csv_headers;
use crate::state::ServerState;

/// The columns of the completeness file: the JSON rows' fields, in their order.
pub const COMPLETENESS_HEADER: [&str; 6] = [
    "period", "expected", "reported", "approved", "on_time", "deadline",
];

/// The query as given: text, so that every bad value is a clear 422 naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompletenessQuery {
    /// First quarter (default: seven quarters before `to`). Not a quarter → 422 with a detail
    /// on `from`.
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    from: Option<String>,
    /// Last quarter (default: the last quarter that has ended). Not a quarter, before `from`,
    /// after the current quarter, or more than 400 quarters after `from` → 422 with a detail on
    /// `to`.
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    to: Option<String>,
    /// Only organisations of this kind. Not a kind → 422 with a detail on `kind`.
    #[param(value_type = Option<super::query_schemas::KindText>, inline, nullable = false)]
    kind: Option<String>,
    /// csv (RFC 4180, the default) or excel-sv (BOM, semicolons, decimal commas); for the file
    #[param(value_type = Option<super::query_schemas::FormatText>, inline, nullable = false)]
    format: Option<String>,
}

impl CompletenessQuery {
    fn parse(&self) -> Result<(CompletenessFilter, CsvFormat), ApiError> {
        let filter = CompletenessFilter::parse(
            self.from.as_deref(),
            self.to.as_deref(),
            self.kind.as_deref(),
            Period::last_ended(),
            Period::current(),
        );
        let format = CsvFormat::parse(self.format.as_deref().unwrap_or_default());
        match (filter, format) {
            (Ok(filter), Ok(format)) => Ok((filter, format)),
            (filter, format) => {
                let mut details = paging::details(
                    &filter.err().unwrap_or_default(),
                    CompletenessFilterError::field,
                );
                details.extend(format.err().map(paging::format_detail));
                Err(paging::invalid_query(details))
            }
        }
    }
}

/// Reporting rate and timeliness per quarter, oldest first: organisations expected (registered, of
/// the kind asked for), those that reported (a submitted or approved report), approved, and on time
/// (first submitted by the quarter's deadline)
#[utoipa::path(
    get,
    path = "/completeness",
    operation_id = "completeness_list",
    params(CompletenessQuery),
    responses(
        (status = 200, description = "One row per quarter of the range, a quarter without reports included", body = Vec<Completeness>),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn list(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiQuery(query): ApiQuery<CompletenessQuery>,
) -> Result<Json<Vec<Completeness>>, ApiError> {
    let (filter, _) = query.parse()?;
    Ok(Json(
        state
            .store
            .completeness(&filter, &state.store.deadlines(state.reporting).await?)
            .await?,
    ))
}

/// The reporting rate as CSV, with the columns period, expected, reported, approved, on_time,
/// deadline
#[utoipa::path(
    get,
    path = "/export/completeness.csv",
    operation_id = "completeness_export",
    params(CompletenessQuery),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn export(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiQuery(query): ApiQuery<CompletenessQuery>,
) -> Result<Response, ApiError> {
    let (filter, format) = query.parse()?;
    let deadlines = state.store.deadlines(state.reporting).await?;
    let rows = state.store.completeness(&filter, &deadlines).await?;
    let mut writer = CsvWriter::new(format);
    writer.header(&COMPLETENESS_HEADER);
    for row in &rows {
        writer.row(&[
            Cell::Text(&row.period.to_string()),
            Cell::Number(f64::from(row.expected)),
            Cell::Number(f64::from(row.reported)),
            Cell::Number(f64::from(row.approved)),
            Cell::Number(f64::from(row.on_time)),
            Cell::Text(&row.deadline),
        ]);
    }
    let name = match format {
        CsvFormat::Standard => "effekt-completeness.csv",
        CsvFormat::ExcelSv => "effekt-completeness-excel.csv",
    };
    Ok((csv_headers(name), writer.take()).into_response())
}

/// A quarter's deadline, and whether an administrator set it (else it is the default).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Deadline)]
pub struct DeadlineBody {
    period: Period,
    #[schema(format = Date)]
    deadline: String,
    /// Whether an administrator set it; false for the default.
    set: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DeadlineChange)]
pub struct NewDeadline {
    /// YYYY-MM-DD, after the quarter's last day and at most 366 days after it; else 422 with a
    /// detail on `deadline`. A quarter that has not begun → 422.
    #[schema(format = Date)]
    deadline: String,
}

/// A quarter's reporting deadline: as an administrator set it, else the default
/// (EFFEKT_REPORT_DEADLINE_DAYS after the quarter ends)
#[utoipa::path(
    get,
    path = "/deadlines/{period}",
    operation_id = "completeness_get_deadline",
    params(("period" = effekt::Period, Path)),
    responses(
        (status = 200, description = "The deadline", body = DeadlineBody),
        BadRequest, Unauthorized,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn get_deadline(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(period): ApiPath<String>,
) -> Result<Json<DeadlineBody>, ApiError> {
    let period = path_parts::period(&period)?;
    let deadlines = state.store.deadlines(state.reporting).await?;
    Ok(Json(deadline_body(&deadlines, period)))
}

/// Set a quarter's reporting deadline (administrators); the change is audited
#[utoipa::path(
    put,
    path = "/deadlines/{period}",
    operation_id = "completeness_put_deadline",
    params(("period" = effekt::Period, Path)),
    request_body = NewDeadline,
    responses(
        (status = 200, description = "The deadline", body = DeadlineBody),
        BadRequest, Unauthorized, Forbidden, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn put_deadline(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(period): ApiPath<String>,
    ApiJson(body): ApiJson<NewDeadline>,
) -> Result<Json<DeadlineBody>, ApiError> {
    let period = path_parts::period(&period)?;
    let command = SetDeadline {
        period,
        deadline: body.deadline,
    };
    let deadlines =
        set_deadline(&state.store, &signed_in.actor(), state.reporting, command).await?;
    Ok(Json(deadline_body(&deadlines, period)))
}

fn deadline_body(deadlines: &Deadlines, period: Period) -> DeadlineBody {
    DeadlineBody {
        period,
        deadline: iso_date(deadlines.of(period)),
        set: deadlines.is_set(period),
    }
}
