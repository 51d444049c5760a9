//! `GET /api/v1/summary`: per series and quarter, how the figures spread.

use axum::Json;
use axum::extract::State;
use effekt::analytics::{Basis, Filter, SummaryRow};
use effekt::{Normalise, OrgKind, Period, SeriesChoiceError};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::extract::{ApiQuery, Authenticated};
use super::refusals::{BadRequest, Unauthorized, Unprocessable};
use crate::state::ServerState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// First quarter
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    from: Option<String>,
    /// Last quarter
    #[param(value_type = Option<super::query_schemas::QuarterText>, inline, nullable = false)]
    to: Option<String>,
    /// Only organisations of this kind
    #[param(value_type = Option<super::query_schemas::KindText>, inline, nullable = false)]
    kind: Option<String>,
    /// Only these series, comma-separated
    #[param(nullable = false)]
    series: Option<String>,
    /// Which reports count; drafts never do. reported (the default): submitted and approved;
    /// approved: approved only
    #[param(value_type = Option<super::query_schemas::BasisText>, inline, nullable = false)]
    basis: Option<String>,
    /// Count and money series (units count and ksek) per 1,000 employees or per 1,000
    /// inhabitants of each organisation in the quarter's calendar year. Other series are left
    /// out; naming one in series is 422. Figures of organisations without that size are left out
    /// and counted in n_without_size
    #[param(value_type = Option<super::query_schemas::NormaliseText>, inline, nullable = false)]
    normalise: Option<String>,
}

impl SummaryQuery {
    /// Whether the query names a basis other than approved figures.
    pub fn asks_for_unapproved(&self) -> bool {
        self.basis
            .as_deref()
            .is_some_and(|basis| !basis.is_empty() && basis != Basis::Approved.as_str())
    }

    /// The filter the query asks for; malformed values are a bad request, unknown series
    /// are listed.
    pub fn filter(&self, state: &ServerState) -> Result<Filter, ApiError> {
        // Empty means not given, as a form without a choice sends it.
        let given = |text: &Option<String>| text.clone().filter(|t| !t.is_empty());
        let period = |text: &Option<String>| {
            given(text)
                .as_deref()
                .map(Period::parse)
                .transpose()
                .map_err(|e| ApiError::BadRequest(e.to_string()))
        };
        let kind = given(&self.kind)
            .as_deref()
            .map(OrgKind::parse)
            .transpose()
            .map_err(|e| ApiError::BadRequest(e.to_string()))?;
        let basis = given(&self.basis)
            .as_deref()
            .map(Basis::parse)
            .transpose()
            .map_err(|e| ApiError::BadRequest(e.to_string()))?
            .unwrap_or_default();
        // Each once and in one order: the same question is the same cached summary.
        let series = self.series.as_deref().map(|list| {
            let mut series = list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>();
            series.sort_unstable();
            series.dedup();
            series
        });
        let normalise = given(&self.normalise)
            .as_deref()
            .map(Normalise::parse)
            .transpose()
            .map_err(|e| ApiError::invalid_field("normalise", [e]))?;
        if let Some(series) = &series {
            let most = state.catalogue.choosable_series();
            if series.len() > most {
                let asked = series.len();
                return Err(ApiError::invalid_field(
                    "series",
                    [SeriesChoiceError::TooMany { most, asked }],
                ));
            }
            // Unknown series first; only known ones can be asked whether they normalise. One
            // that cannot is refused rather than left out of an answer that names it.
            let refused = |normalised| -> Vec<_> {
                series
                    .iter()
                    .filter_map(|s| state.catalogue.choose_series(s, normalised).err())
                    .collect()
            };
            let mut problems = refused(false);
            if problems.is_empty() && normalise.is_some() {
                problems = refused(true);
            }
            if !problems.is_empty() {
                return Err(ApiError::invalid_field("series", problems));
            }
        }
        Ok(Filter {
            from: period(&self.from)?,
            to: period(&self.to)?,
            kind,
            series,
            basis,
            normalise,
        })
    }
}

/// Per series and quarter, drafts never counted: how many reported and how many of them are
/// approved, sum, mean, median, quartiles, min and max
#[utoipa::path(
    get,
    path = "/summary",
    operation_id = "summary_summary",
    params(SummaryQuery),
    responses(
        (status = 200, description = "One row per series and quarter with figures", body = Vec<SummaryRow>),
        BadRequest, Unauthorized, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn summary(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Json<Vec<SummaryRow>>, ApiError> {
    let filter = query.filter(&state)?;
    let rows = state.analytics.summary(&filter).await?;
    Ok(Json(rows.as_ref().clone()))
}
