//! `PUT /api/v1/organisations/{orgnr}/goal`: the 10x goal of measure 13.

use axum::Json;
use axum::extract::State;
use effekt::use_cases::{SetGoal, set_goal};
use effekt::{Goal, Period, ValueProblem};
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::path_parts;
use super::refusals::{
    BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = GoalChanges)]
pub struct GoalBody {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    name: String,
    baseline: f64,
    #[serde(default)]
    target: Option<f64>,
    #[schema(value_type = Period)]
    deadline: String,
    #[serde(default)]
    lower_is_better: Option<bool>,
}

/// Set the 10x goal (administrators, or the organisation's analyst)
#[utoipa::path(
    put,
    path = "/organisations/{orgnr}/goal",
    operation_id = "goals_put",
    params(("orgnr" = effekt::OrgNumber, Path)),
    request_body = GoalBody,
    responses(
        (status = 200, description = "The goal", body = Goal),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn put(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<GoalBody>,
) -> Result<Json<Goal>, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
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
