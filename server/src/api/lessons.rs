//! `GET /api/v1/lessons` and `GET /api/v1/export/lessons.csv`: the lessons library, searched.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use effekt::csv::{Cell, CsvFormat, CsvWriter};
use effekt::{LessonsFilter, LessonsFilterError, Page};
use serde::Deserialize;

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::paging;
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
#[derive(Debug, Deserialize)]
pub struct LessonsQuery {
    q: Option<String>,
    from: Option<String>,
    to: Option<String>,
    organisation: Option<String>,
    measure: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
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

/// A page of the lessons that match, newest quarter first, with the total in `X-Total-Count`.
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

/// Every lesson that matches, as CSV in either format.
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
