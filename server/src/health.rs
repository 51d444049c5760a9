//! `GET /healthz`: for load balancers and monitoring.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::ServerState;

/// The health check, described with the API.
pub const HEALTH_PATH: &str = "/healthz";

/// Whether the server and its database answer: `ok` or `unavailable` each.
#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

/// Whether the server and its database answer.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "healthz",
    security(()),
    responses(
        (status = 200, description = "Healthy", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn healthz(State(state): State<ServerState>) -> (StatusCode, Json<Health>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database: "ok",
            }),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    database: "unavailable",
                }),
            )
        }
    }
}
