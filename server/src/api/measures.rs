//! `GET /api/v1/measures`: the catalogue.

use axum::Json;
use axum::extract::State;
use effekt::Measure;

use crate::state::AppState;

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>) -> Json<Vec<Measure>> {
    Json(state.catalogue.measures().to_vec())
}
