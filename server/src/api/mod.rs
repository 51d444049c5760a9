//! The JSON API, version 1 (`../shared/spec/api.md`): for the agencies' own systems.

mod audit;
mod completeness;
mod display_links;
mod error;
mod extract;
mod goals;
mod lessons;
mod mail;
mod measures;
mod open_data;
mod openapi;
mod openapi_3_0;
mod organisations;
mod paging;
mod path_parts;
mod query_schemas;
mod refusals;
mod reports;
mod series_goals;
mod session;
mod sizes;
mod summary;
mod tokens;
mod transfer;
mod users;

use axum::Router;
use axum::routing::{MethodRouter, delete, get, post, put};

use crate::state::ServerState;

pub use error::ApiError;

/// The largest import file: room for a few hundred thousand rows.
pub(crate) const IMPORT_LIMIT: usize = 32 * 1024 * 1024;

/// The API's routes, each path remembered as it is added, so that a test can check the router
/// against the OpenAPI description (`tests/api/health.rs`).
struct Routes {
    router: Router<ServerState>,
    paths: Vec<&'static str>,
}

impl Routes {
    fn route(mut self, path: &'static str, methods: MethodRouter<ServerState>) -> Self {
        self.router = self.router.route(path, methods);
        self.paths.push(path);
        self
    }
}

pub fn router() -> Router<ServerState> {
    routes().router.fallback(not_found)
}

/// Every path of the API, below its prefix.
pub fn paths() -> Vec<&'static str> {
    routes().paths
}

fn routes() -> Routes {
    let routes = Routes {
        router: Router::new(),
        paths: Vec::new(),
    };
    routes
        .route("/openapi.json", get(openapi::document))
        .route("/measures", get(measures::list))
        .route(
            "/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route("/login", post(session::login))
        .route("/logout", post(session::logout))
        .route("/me", get(session::me))
        .route("/audit", get(audit::list))
        .route("/mail", get(mail::list))
        .route("/summary", get(summary::summary))
        .route("/open/values.csv", get(open_data::values))
        .route("/open/summary", get(open_data::summary))
        .route("/completeness", get(completeness::list))
        .route("/export/completeness.csv", get(completeness::export))
        .route(
            "/deadlines/{period}",
            get(completeness::get_deadline).put(completeness::put_deadline),
        )
        .route("/export/values.csv", get(transfer::export_values))
        .route("/export/summary.csv", get(transfer::export_summary))
        .route("/export/lessons.csv", get(lessons::export))
        .route("/export/goals.csv", get(series_goals::export))
        .route("/goals", get(series_goals::leadership))
        .route("/lessons", get(lessons::list))
        // Streamed, and bounded by the handler itself.
        .route("/import", post(transfer::import))
        .route("/import/sizes", post(sizes::import))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{email}", put(users::update))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", delete(tokens::revoke))
        .route(
            "/display-links",
            get(display_links::list).post(display_links::create),
        )
        .route("/display-links/{id}", delete(display_links::revoke))
        .route("/organisations/{orgnr}", put(organisations::update))
        .route("/organisations/{orgnr}/goal", put(goals::put))
        .route(
            "/organisations/{orgnr}/goals",
            get(series_goals::list).post(series_goals::create),
        )
        .route(
            "/organisations/{orgnr}/goals/{id}",
            put(series_goals::update).delete(series_goals::delete),
        )
        .route("/organisations/{orgnr}/history", get(reports::history))
        .route("/organisations/{orgnr}/sizes", get(sizes::list))
        .route(
            "/organisations/{orgnr}/sizes/{year}",
            get(sizes::get).put(sizes::put),
        )
        .route(
            "/organisations/{orgnr}/reports/{period}",
            get(reports::get).put(reports::put),
        )
        .route(
            "/organisations/{orgnr}/reports/{period}/submit",
            post(reports::submit),
        )
        .route(
            "/organisations/{orgnr}/reports/{period}/approve",
            post(reports::approve),
        )
        .route(
            "/organisations/{orgnr}/reports/{period}/reopen",
            post(reports::reopen),
        )
}

async fn not_found() -> ApiError {
    ApiError::NotFound("There is no such API resource.".to_owned())
}
