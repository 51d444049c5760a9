//! The JSON API, version 1 (`../shared/spec/api.md`): for the agencies' own systems.

mod error;
mod extract;
mod measures;
mod openapi;
mod organisations;
mod reports;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub use error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/measures", get(measures::list))
        .route(
            "/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route(
            "/organisations/{orgnr}/reports/{period}",
            get(reports::get).put(reports::put),
        )
        .fallback(not_found)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("There is no such API resource.".to_owned())
}
