//! `PUT /api/v1/organisations/{orgnr}/goal`: the 10x goal of measure 13.

use axum::Json;
use axum::extract::State;
use effekt::use_cases::{SetGoal, set_goal};
use effekt::{Goal, OrgNumber, Period, ValueProblem};
use serde::Deserialize;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use crate::state::ServerState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalBody {
    name: String,
    baseline: f64,
    #[serde(default)]
    target: Option<f64>,
    deadline: String,
    #[serde(default)]
    lower_is_better: Option<bool>,
}

#[tracing::instrument(skip(state, signed_in))]
pub async fn put(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<GoalBody>,
) -> Result<Json<Goal>, ApiError> {
    let number = OrgNumber::parse(&orgnr).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let command = SetGoal {
        name: body.name,
        baseline: Ok(body.baseline),
        target: Ok(body.target),
        deadline: Period::parse(&body.deadline).map_err(ValueProblem::from),
        lower_is_better: body.lower_is_better.unwrap_or(false),
    };
    let goal = set_goal(&state.store, &signed_in.actor(), number, command).await?;
    Ok(Json(goal))
}
