//! `GET`/`PUT /api/v1/organisations/{orgnr}/sizes/{year}` and `GET …/sizes`: how large each
//! organisation is per year, kept by administrators.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use effekt::csv::SizesFile;
use effekt::use_cases::{SetSize, set_size};
use effekt::{Action, OrgNumber, OrgSize, Organisation, SizeYear};
use serde::{Deserialize, Serialize};

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::transfer::{import_failure, read_csv};
use crate::state::ServerState;

/// One year's size as the API shows it.
#[derive(Debug, Serialize)]
pub struct SizeOfYear {
    year: SizeYear,
    #[serde(flatten)]
    size: OrgSize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeBody {
    #[serde(default)]
    employees: Option<f64>,
    #[serde(default)]
    inhabitants: Option<f64>,
}

#[tracing::instrument(skip(state, _user))]
pub async fn list(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
) -> Result<Json<Vec<SizeOfYear>>, ApiError> {
    let organisation = organisation(&state, &orgnr).await?;
    let sizes = state
        .store
        .sizes_of(organisation.organisation_number)
        .await?;
    Ok(Json(
        sizes
            .into_iter()
            .map(|(year, size)| SizeOfYear { year, size })
            .collect(),
    ))
}

#[tracing::instrument(skip(state, _user))]
pub async fn get(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath((orgnr, year)): ApiPath<(String, String)>,
) -> Result<Json<SizeOfYear>, ApiError> {
    let organisation = organisation(&state, &orgnr).await?;
    let year = parse_year(&year)?;
    state
        .store
        .sizes_of(organisation.organisation_number)
        .await?
        .into_iter()
        .find(|(stored, _)| *stored == year)
        .map(|(year, size)| Json(SizeOfYear { year, size }))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "No size is stored for {} in {year}.",
                organisation.organisation_number
            ))
        })
}

#[tracing::instrument(skip(state, signed_in))]
pub async fn put(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, year)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<SizeBody>,
) -> Result<Json<SizeOfYear>, ApiError> {
    let number = OrgNumber::parse(&orgnr).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let command = SetSize {
        year,
        employees: body.employees.unwrap_or(f64::NAN),
        inhabitants: body.inhabitants,
    };
    let (year, size) = set_size(&state.store, &signed_in.actor(), number, command).await?;
    Ok(Json(SizeOfYear { year, size }))
}

/// `POST /api/v1/import/sizes`: a CSV file of sizes, stored whole or not at all. Only an
/// administrator's body is read.
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !signed_in.0.may(Action::ManageOrganisations) {
        return Err(ApiError::Forbidden);
    }
    let file = read_csv(&headers, body, SizesFile::parse).await?;
    let rows = state
        .store
        .import_sizes(&file, &signed_in.actor())
        .await
        .map_err(import_failure)?;
    Ok(Json(serde_json::json!({ "rows": rows })))
}

fn parse_year(year: &str) -> Result<SizeYear, ApiError> {
    SizeYear::parse(year).map_err(|e| {
        ApiError::invalid([Detail {
            field: "year".to_owned(),
            message: e.to_string(),
        }])
    })
}

/// The organisation the path names; 400 for a malformed number, 404 for an unknown one.
async fn organisation(state: &ServerState, orgnr: &str) -> Result<Organisation, ApiError> {
    let number = OrgNumber::parse(orgnr).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    state
        .store
        .organisation(number)
        .await?
        .ok_or_else(|| ApiError::from(effekt::store::StoreError::UnknownOrganisation(number)))
}
