//! `GET /api/v1/lessons` and `GET /api/v1/export/lessons.csv`: the lessons library, searched.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use effekt::csv::{Cell, CsvFormat, CsvWriter};
use effekt::{LessonsFilter, LessonsFilterError, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::paging;
use super::refusals::{BadRequest, Unauthorized, Unprocessable};
use super::transfer::csv_headers;
use crate::state::ServerState;

/// The columns of the lessons file.
const LESSONS_HEADER: [&str; 5] = [
    "organisation_number",
    "organisation_name",
    "period",
    "status",
    "lessons",
];

/// The query as given: text, so that every bad value is a clear 422 naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LessonsQuery {
    /// Words the lessons must all contain (a word's beginning finds its forms); letters and
    /// digits count, everything else separates words. At most 200 characters → else 422 with a
    /// detail on `q`.
    #[param(nullable = false, max_length = 200)]
    q: Option<String>,
    /// First quarter. Not a quarter → 422 with a detail on `from`.
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    from: Option<String>,
    /// Last quarter. Not a quarter, or before `from` → 422 with a detail on `to`.
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    to: Option<String>,
    /// Only this organisation's lessons. Not an organisation number → 422 with a detail on
    /// `organisation`.
    #[param(nullable = false)]
    organisation: Option<String>,
    /// Only reports with a figure for this measure (its key, e.g. `projects`). Not a measure →
    /// 422 with a detail on `measure`.
    #[param(nullable = false)]
    measure: Option<String>,
    /// The page, counted from 1 (default 1); for the list. Not a whole number from 1 → 422 with
    /// a detail on `page`.
    #[param(value_type = Option<super::query_schemas::PageText>, inline, nullable = false)]
    page: Option<String>,
    /// Lessons per page (default 50, at most 500); for the list. Outside that → 422 with a
    /// detail on `per_page`.
    #[param(value_type = Option<super::query_schemas::PerPageText>, inline, nullable = false)]
    per_page: Option<String>,
    /// csv (RFC 4180, the default) or excel-sv (BOM, semicolons, decimal commas); for the file
    #[param(value_type = Option<super::query_schemas::FormatText>, inline, nullable = false)]
    format: Option<String>,
}

impl LessonsQuery {
    /// The filter, the page and the file format, or a detail for every bad parameter.
    fn parse(&self, state: &ServerState) -> Result<(LessonsFilter, Page, CsvFormat), ApiError> {
        let filter = LessonsFilter::parse(
            &state.catalogue,
            self.q.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            self.organisation.as_deref(),
            self.measure.as_deref(),
        );
        let page = paging::parse(self.page.as_deref(), self.per_page.as_deref());
        let format = CsvFormat::parse(self.format.as_deref().unwrap_or_default());
        match (filter, page, format) {
            (Ok(filter), Ok(page), Ok(format)) => Ok((filter, page, format)),
            (filter, page, format) => {
                let mut details =
                    paging::details(&filter.err().unwrap_or_default(), LessonsFilterError::field);
                details.extend(page.err().unwrap_or_default());
                details.extend(format.err().map(paging::format_detail));
                Err(paging::invalid_query(details))
            }
        }
    }
}

/// The lessons library: the lessons of submitted and approved reports, and drafts for their own
/// organisation's analysts and administrators, newest quarter first, a page at a time
#[utoipa::path(
    get,
    path = "/lessons",
    operation_id = "lessons_list",
    params(LessonsQuery),
    responses(
        (status = 200, description = "One page of lessons", body = Vec<effekt::Lesson>, headers(("X-Total-Count" = u64, description = "How many lessons there are on every page together"))),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiQuery(query): ApiQuery<LessonsQuery>,
) -> Result<Response, ApiError> {
    let (filter, page, _) = query.parse(&state)?;
    let lessons = state
        .store
        .lessons(&filter, signed_in.0.drafts_readable(), Some(page))
        .await?;
    Ok(paging::respond(lessons.rows, lessons.total))
}

/// The lessons library as CSV: every lesson that matches, with the columns organisation_number,
/// organisation_name, period, status, lessons
#[utoipa::path(
    get,
    path = "/export/lessons.csv",
    operation_id = "lessons_export",
    params(LessonsQuery),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn export(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiQuery(query): ApiQuery<LessonsQuery>,
) -> Result<Response, ApiError> {
    let (filter, _, format) = query.parse(&state)?;
    let lessons = state
        .store
        .lessons(&filter, signed_in.0.drafts_readable(), None)
        .await?;
    let mut writer = CsvWriter::new(format);
    writer.header(&LESSONS_HEADER);
    for lesson in &lessons.rows {
        writer.row(&[
            Cell::Text(&lesson.organisation_number.to_string()),
            Cell::Text(&lesson.organisation_name),
            Cell::Text(&lesson.period.to_string()),
            Cell::Text(lesson.status.as_str()),
            Cell::Text(&lesson.lessons),
        ]);
    }
    let name = match format {
        CsvFormat::Standard => "effekt-lessons.csv",
        CsvFormat::ExcelSv => "effekt-lessons-excel.csv",
    };
    Ok((csv_headers(name), writer.take()).into_response())
}
