//! `GET /api/v1/measures`: the catalogue.

use axum::Json;
use axum::extract::State;
use effekt::Measure;

use crate::state::ServerState;

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<ServerState>) -> Json<Vec<Measure>> {
    Json(state.catalogue.measures().to_vec())
}
