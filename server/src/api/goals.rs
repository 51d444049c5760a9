//! `PUT /api/v1/organisations/{orgnr}/goal`: the 10x goal of measure 13.

use axum::Json;
use axum::extract::State;
use effekt::{Goal, OrgNumber, Period};
use serde::Deserialize;

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, Authenticated};
use crate::state::AppState;

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
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<GoalBody>,
) -> Result<Json<Goal>, ApiError> {
    let number = OrgNumber::parse(&orgnr).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let deadline = Period::parse(&body.deadline).map_err(|e| {
        ApiError::invalid([Detail {
            field: "deadline".to_owned(),
            message: e.to_string(),
        }])
    })?;
    let goal = Goal::parse(
        &body.name,
        body.baseline,
        body.target,
        deadline,
        body.lower_is_better.unwrap_or(false),
    )
    .map_err(|e| {
        let field = match e {
            effekt::GoalError::Name => "name",
            effekt::GoalError::Baseline => "baseline",
            effekt::GoalError::Target => "target",
        };
        ApiError::invalid([Detail {
            field: field.to_owned(),
            message: e.to_string(),
        }])
    })?;
    state
        .store
        .set_goal(number, &goal, &signed_in.actor())
        .await?;
    Ok(Json(goal))
}
