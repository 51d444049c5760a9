//! `GET /api/v1/measures`: the catalogue.

use axum::Json;
use axum::extract::State;
use effekt::Measure;

use crate::state::ServerState;

/// The fourteen measures and their seventeen series
#[utoipa::path(
    get,
    path = "/measures",
    operation_id = "measures_list",
    security(()),
    responses(
        (status = 200, description = "The catalogue", body = Vec<Measure>),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<ServerState>) -> Json<Vec<Measure>> {
    Json(state.catalogue.measures().to_vec())
}
