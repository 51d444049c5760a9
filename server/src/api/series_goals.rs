//! Goals that steer: `POST`/`GET /api/v1/organisations/{orgnr}/goals`,
//! `PUT`/`DELETE …/goals/{id}`, and every organisation's goals for leadership,
//! `GET /api/v1/goals` and `GET /api/v1/export/goals.csv`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use effekt::analytics::{GoalStanding, GoalsFilter, GoalsFilterError};
use effekt::csv::{Cell, CsvFormat, CsvWriter};
use effekt::store::StoredGoal;
use effekt::use_cases::{SetSeriesGoal, add_series_goal, change_series_goal, remove_series_goal};
use effekt::{OrgKind, OrgNumber, Period, SeriesGoal, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use super::paging;
use super::path_parts;
use super::refusals::{
    BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use super::transfer::csv_headers;
use crate::state::ServerState;

/// The columns of the goals file.
pub const GOALS_HEADER: [&str; 17] = [
    "organisation_number",
    "organisation_name",
    "kind",
    "id",
    "measure",
    "series",
    "baseline_period",
    "baseline",
    "target",
    "deadline",
    "lower_is_better",
    "latest_period",
    "latest",
    "progress",
    "straight_line",
    "constant_growth",
    "verdict",
];

/// Every field that is wrong is named in a 422, in Swedish and English; a number that is not a
/// number is refused as `must be a finite number`.
// Numbers are read as any JSON value and the rest may be left out, so that every bad field is
// answered with a 422 naming it rather than a 400 for the whole body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SeriesGoalChanges)]
pub struct GoalBody {
    /// A series of the catalogue, or a derived one (external_share, project_success_rate,
    /// ten_x_progress).
    #[serde(default)]
    #[schema(required = true)]
    series: String,
    #[serde(default)]
    #[schema(value_type = Period, required = true)]
    baseline_period: String,
    /// The series' value in the baseline quarter.
    #[serde(default)]
    #[schema(value_type = f64, required = true)]
    baseline: Value,
    /// Above the baseline, or below it where lower is better.
    #[serde(default)]
    #[schema(value_type = f64, required = true)]
    target: Value,
    #[serde(default)]
    #[schema(value_type = Period, required = true)]
    deadline: String,
    /// Default: the series' direction in the catalogue.
    #[serde(default)]
    lower_is_better: Option<bool>,
}

/// A goal with where it stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SeriesGoalView)]
pub struct GoalView {
    id: String,
    organisation_number: OrgNumber,
    #[serde(flatten)]
    goal: SeriesGoal,
    updated_at: String,
    updated_by: String,
    /// The reported (submitted or approved) figures from the baseline quarter to the deadline,
    /// with how far each came.
    figures: Vec<FigureView>,
    /// The newest reported quarter after the baseline quarter, up to the deadline; null when
    /// there is none.
    #[schema(required = true)]
    latest_period: Option<Period>,
    #[schema(required = true)]
    latest: Option<f64>,
    /// How far the latest figure has come: 0 at the baseline, 1 at the target.
    #[schema(required = true)]
    progress: Option<f64>,
    /// The value at the deadline on the line through the baseline and the latest figure.
    #[schema(required = true)]
    straight_line: Option<f64>,
    /// The value at the deadline at the constant quarterly growth rate from the baseline to the
    /// latest figure; null unless both are above 0.
    #[schema(required = true)]
    constant_growth: Option<f64>,
    /// on_track: both projections reach the target; at_risk: one does, or the better comes at
    /// least 80 % of the way; off_track: otherwise; null without a figure after the baseline
    /// quarter.
    #[schema(required = true)]
    verdict: Option<Verdict>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = GoalFigure)]
struct FigureView {
    period: Period,
    value: f64,
    /// (value − baseline) / (target − baseline)
    progress: f64,
}

impl From<GoalStanding> for GoalView {
    fn from(standing: GoalStanding) -> Self {
        let GoalStanding {
            stored,
            figures,
            progress,
        } = standing;
        let figures = figures
            .into_iter()
            .map(|(period, value)| FigureView {
                period,
                value,
                progress: stored.goal.share(value),
            })
            .collect();
        Self {
            id: stored.id,
            organisation_number: stored.organisation,
            figures,
            latest_period: progress.latest.map(|(period, _)| period),
            latest: progress.latest.map(|(_, value)| value),
            progress: progress.share,
            straight_line: progress.straight_line,
            constant_growth: progress.constant_growth,
            verdict: progress.verdict,
            goal: stored.goal,
            updated_at: stored.updated_at,
            updated_by: stored.updated_by,
        }
    }
}

/// A goal on the leadership list: with its organisation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LeadershipGoal)]
pub struct LeadershipRow {
    organisation_name: String,
    kind: OrgKind,
    #[schema(required = true)]
    measure: Option<String>,
    #[serde(flatten)]
    goal: GoalView,
}

/// The organisation's goals that steer (signed in), by deadline and series, each with the reported
/// figures since its baseline, its progress, projections and verdict. The 10x goal of `…/goal` is
/// not among them.
#[utoipa::path(
    get,
    path = "/organisations/{orgnr}/goals",
    operation_id = "series_goals_list",
    params(("orgnr" = effekt::OrgNumber, Path)),
    responses(
        (status = 200, description = "The goals", body = Vec<GoalView>),
        BadRequest, Unauthorized, NotFound,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn list(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
) -> Result<Json<Vec<GoalView>>, ApiError> {
    let number = path_parts::known_organisation(&state, path_parts::org_number(&orgnr)?)
        .await?
        .organisation_number;
    let standings = state.analytics.goal_standings(number).await?;
    Ok(Json(standings.into_iter().map(GoalView::from).collect()))
}

/// Add a goal on any series of the catalogue or a derived one (administrators, or the
/// organisation's analyst); audited
#[utoipa::path(
    post,
    path = "/organisations/{orgnr}/goals",
    operation_id = "series_goals_create",
    params(("orgnr" = effekt::OrgNumber, Path)),
    request_body = GoalBody,
    responses(
        (status = 201, description = "The goal, with its id and where it stands", body = GoalView),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn create(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<GoalBody>,
) -> Result<(StatusCode, Json<GoalView>), ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    let stored = add_series_goal(
        &state.store,
        &state.catalogue,
        &signed_in.actor(),
        number,
        body.into(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(one(&state, stored).await?)))
}

/// Change a goal (administrators, or the organisation's analyst); another organisation's goal is
/// 404; audited
#[utoipa::path(
    put,
    path = "/organisations/{orgnr}/goals/{id}",
    operation_id = "series_goals_update",
    params(("orgnr" = effekt::OrgNumber, Path), ("id" = String, Path)),
    request_body = GoalBody,
    responses(
        (status = 200, description = "The goal as changed", body = GoalView),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn update(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<GoalBody>,
) -> Result<Json<GoalView>, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    let stored = change_series_goal(
        &state.store,
        &state.catalogue,
        &signed_in.actor(),
        number,
        &id,
        body.into(),
    )
    .await?;
    Ok(Json(one(&state, stored).await?))
}

/// Remove a goal (administrators, or the organisation's analyst); another organisation's goal is
/// 404; audited
#[utoipa::path(
    delete,
    path = "/organisations/{orgnr}/goals/{id}",
    operation_id = "series_goals_delete",
    params(("orgnr" = effekt::OrgNumber, Path), ("id" = String, Path)),
    responses(
        (status = 204, description = "Removed"),
        BadRequest, Unauthorized, Forbidden, NotFound,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn delete(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, id)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    remove_series_goal(&state.store, &signed_in.actor(), number, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which goals leadership asks about: of one kind of organisation, on one measure.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadershipQuery {
    /// Only goals of organisations of this kind. Not a kind → 422 with a detail on `kind`.
    #[param(value_type = Option<super::query_schemas::KindText>, inline, nullable = false)]
    kind: Option<String>,
    /// Only goals on a series of this measure (its key, such as `tv_series`); a derived series
    /// belongs to the measure of the series it is computed from. Not a measure → 422 with a
    /// detail on `measure`.
    #[param(nullable = false)]
    measure: Option<String>,
    /// csv (RFC 4180, the default) or excel-sv (BOM, semicolons, decimal commas); for the file
    #[param(value_type = Option<super::query_schemas::FormatText>, inline, nullable = false)]
    format: Option<String>,
}

/// Every organisation's goals with their verdicts, for leadership (signed in); by organisation,
/// deadline and series
#[utoipa::path(
    get,
    path = "/goals",
    operation_id = "series_goals_leadership",
    params(LeadershipQuery),
    responses(
        (status = 200, description = "The goals", body = Vec<LeadershipRow>),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn leadership(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiQuery(query): ApiQuery<LeadershipQuery>,
) -> Result<Json<Vec<LeadershipRow>>, ApiError> {
    let (rows, _) = leadership_rows(&state, &query).await?;
    Ok(Json(rows))
}

/// Every organisation's goals as CSV, with the columns organisation_number, organisation_name, kind,
/// id, measure, series, baseline_period, baseline, target, deadline, lower_is_better,
/// latest_period, latest, progress, straight_line, constant_growth, verdict
#[utoipa::path(
    get,
    path = "/export/goals.csv",
    operation_id = "series_goals_export",
    params(LeadershipQuery),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn export(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiQuery(query): ApiQuery<LeadershipQuery>,
) -> Result<Response, ApiError> {
    let (rows, format) = leadership_rows(&state, &query).await?;
    let mut writer = CsvWriter::new(format);
    writer.header(&GOALS_HEADER);
    let number = |value: Option<f64>| value.map_or(Cell::Text(""), Cell::Number);
    for row in &rows {
        let goal = &row.goal;
        writer.row(&[
            Cell::Text(&goal.organisation_number.to_string()),
            Cell::Text(&row.organisation_name),
            Cell::Text(row.kind.as_str()),
            Cell::Text(&goal.id),
            Cell::Text(row.measure.as_deref().unwrap_or_default()),
            Cell::Text(goal.goal.series.as_str()),
            Cell::Text(&goal.goal.baseline_period.to_string()),
            Cell::Number(goal.goal.baseline),
            Cell::Number(goal.goal.target),
            Cell::Text(&goal.goal.deadline.to_string()),
            Cell::Text(if goal.goal.lower_is_better {
                "true"
            } else {
                "false"
            }),
            Cell::Text(
                &goal
                    .latest_period
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
            ),
            number(goal.latest),
            number(goal.progress),
            number(goal.straight_line),
            number(goal.constant_growth),
            Cell::Text(goal.verdict.map(Verdict::as_str).unwrap_or_default()),
        ]);
    }
    let name = match format {
        CsvFormat::Standard => "effekt-goals.csv",
        CsvFormat::ExcelSv => "effekt-goals-excel.csv",
    };
    Ok((csv_headers(name), writer.take()).into_response())
}

async fn leadership_rows(
    state: &ServerState,
    query: &LeadershipQuery,
) -> Result<(Vec<LeadershipRow>, CsvFormat), ApiError> {
    let filter = GoalsFilter::parse(
        query.kind.as_deref(),
        query.measure.as_deref(),
        &state.catalogue,
    );
    let format = CsvFormat::parse(query.format.as_deref().unwrap_or_default());
    let (filter, format) = match (filter, format) {
        (Ok(filter), Ok(format)) => (filter, format),
        (filter, format) => {
            let mut details =
                paging::details(&filter.err().unwrap_or_default(), GoalsFilterError::field);
            details.extend(format.err().map(paging::format_detail));
            return Err(paging::invalid_query(details));
        }
    };
    let rows = state
        .analytics
        .leadership(&state.catalogue, &filter)
        .await?
        .into_iter()
        .map(|goal| LeadershipRow {
            organisation_name: goal.organisation.name.to_string(),
            kind: goal.organisation.kind,
            measure: goal.measure,
            goal: GoalView::from(goal.standing),
        })
        .collect();
    Ok((rows, format))
}

async fn one(state: &ServerState, stored: StoredGoal) -> Result<GoalView, ApiError> {
    let standing = state.analytics.goal_standing(stored).await?;
    Ok(GoalView::from(standing))
}

/// Not a number: NaN, which the goal refuses as it refuses any number that is not finite.
impl From<GoalBody> for SetSeriesGoal {
    fn from(body: GoalBody) -> Self {
        let number = |value: &Value| value.as_f64().unwrap_or(f64::NAN);
        Self {
            baseline: number(&body.baseline),
            target: number(&body.target),
            series: body.series,
            baseline_period: body.baseline_period,
            deadline: body.deadline,
            lower_is_better: body.lower_is_better,
        }
    }
}
