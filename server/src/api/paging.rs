//! Lists answered a page at a time: `?page` and `?per_page` in, the total in `X-Total-Count`.

use axum::Json;
use axum::http::HeaderName;
use axum::response::{IntoResponse, Response};
use effekt::{Page, PageError};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::error::{ApiError, Detail};

/// The header that says how many rows the whole list has.
pub const TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// `?page` and `?per_page` as given: text, so that a bad value is a clear 422, not a 400.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, counted from 1 (default 1). Not a whole number from 1 → 422 with a detail on
    /// `page`.
    #[param(value_type = Option<super::query_schemas::PageText>, inline, nullable = false)]
    page: Option<String>,
    /// Rows per page (default 50, at most 500). Outside that → 422 with a detail on `per_page`.
    #[param(value_type = Option<super::query_schemas::PerPageText>, inline, nullable = false)]
    per_page: Option<String>,
}

impl PageQuery {
    /// The page asked for, or a detail for each bad parameter.
    pub fn page(&self) -> Result<Page, Vec<Detail>> {
        parse(self.page.as_deref(), self.per_page.as_deref())
    }
}

/// Reads a page from its two query parameters, or a detail for each bad one.
pub fn parse(page: Option<&str>, per_page: Option<&str>) -> Result<Page, Vec<Detail>> {
    Page::parse(page, per_page).map_err(|errors| errors.iter().map(detail).collect())
}

/// A detail for each problem of a query's filter, named by the parameter at fault.
pub fn details<E: std::fmt::Display>(errors: &[E], field: fn(&E) -> &'static str) -> Vec<Detail> {
    errors
        .iter()
        .map(|e| Detail {
            field: field(e).to_owned(),
            message: e.to_string(),
        })
        .collect()
}

/// The detail of a `format` that is not one of the CSV formats.
pub fn format_detail(error: impl std::fmt::Display) -> Detail {
    Detail {
        field: "format".to_owned(),
        message: error.to_string(),
    }
}

/// Bad query parameters, each named in the details: nothing is read.
pub fn invalid_query(details: Vec<Detail>) -> ApiError {
    ApiError::Invalid {
        message: "Some query parameters are not valid.".to_owned(),
        details,
    }
}

fn detail(error: &PageError) -> Detail {
    Detail {
        field: error.field().to_owned(),
        message: error.to_string(),
    }
}

/// One page of rows as a JSON array, with the whole list's size in [`TOTAL_COUNT`].
pub fn respond<T: Serialize>(rows: Vec<T>, total: u64) -> Response {
    ([(TOTAL_COUNT, total.to_string())], Json(rows)).into_response()
}
