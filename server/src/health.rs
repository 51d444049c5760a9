//! `GET /healthz`: for load balancers and monitoring.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::state::ServerState;

/// The health check, described with the API.
pub const HEALTH_PATH: &str = "/healthz";

/// 200 when the server and its database answer, 503 otherwise.
#[tracing::instrument(skip_all)]
pub async fn healthz(State(state): State<ServerState>) -> (StatusCode, Json<Value>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok"})),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "unavailable"})),
            )
        }
    }
}
