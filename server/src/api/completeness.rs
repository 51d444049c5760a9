//! Reporting rate and timeliness: `GET /api/v1/completeness`, its CSV
//! (`GET /api/v1/export/completeness.csv`) and the quarters' deadlines
//! (`GET`/`PUT /api/v1/deadlines/{period}`).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use effekt::csv::{Cell, CsvFormat, CsvWriter};
use effekt::{
    Completeness, CompletenessFilter, CompletenessFilterError, Deadlines, Period, iso_date,
};
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use super::paging;
use super::transfer::csv_headers;
use crate::state::ServerState;

/// The columns of the completeness file: the JSON rows' fields, in their order.
pub const COMPLETENESS_HEADER: [&str; 6] = [
    "period", "expected", "reported", "approved", "on_time", "deadline",
];

/// The query as given: text, so that every bad value is a clear 422 naming its parameter.
#[derive(Debug, Deserialize)]
pub struct CompletenessQuery {
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
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

/// Per quarter, oldest first: organisations expected, reported, approved and on time.
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

/// The same rows as CSV, in either format.
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
#[derive(Debug, Serialize)]
pub struct DeadlineBody {
    period: Period,
    deadline: String,
    set: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDeadline {
    deadline: String,
}

#[tracing::instrument(skip(state, _user))]
pub async fn get_deadline(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(period): ApiPath<String>,
) -> Result<Json<DeadlineBody>, ApiError> {
    let period = parse_period(&period)?;
    let deadlines = state.store.deadlines(state.reporting).await?;
    Ok(Json(deadline_body(&deadlines, period)))
}

/// Sets the last day reports for the quarter are on time (administrators).
#[tracing::instrument(skip(state, signed_in))]
pub async fn put_deadline(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(period): ApiPath<String>,
    ApiJson(body): ApiJson<NewDeadline>,
) -> Result<Json<DeadlineBody>, ApiError> {
    let period = parse_period(&period)?;
    let deadline = Deadlines::parse(period, &body.deadline).map_err(|e| {
        ApiError::invalid([Detail {
            field: "deadline".to_owned(),
            message: e.to_string(),
        }])
    })?;
    state
        .store
        .set_deadline(period, deadline, state.reporting, &signed_in.actor())
        .await?;
    let deadlines = state.store.deadlines(state.reporting).await?;
    Ok(Json(deadline_body(&deadlines, period)))
}

fn parse_period(text: &str) -> Result<Period, ApiError> {
    Period::parse(text).map_err(|e| ApiError::BadRequest(e.to_string()))
}

fn deadline_body(deadlines: &Deadlines, period: Period) -> DeadlineBody {
    DeadlineBody {
        period,
        deadline: iso_date(deadlines.of(period)),
        set: deadlines.is_set(period),
    }
}
