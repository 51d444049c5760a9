//! `GET`/`PUT /api/v1/organisations/{orgnr}/sizes/{year}` and `GET …/sizes`: how large each
//! organisation is per year, kept by administrators.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use effekt::csv::SizesFile;
use effekt::use_cases::{SetSize, set_size};
use effekt::{Action, OrgSize, SizeYear};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::path_parts;
use super::refusals::{
    BadRequest, Forbidden, NotFound, TooLarge, Unauthorized, Unprocessable, UnsupportedType,
};
use super::transfer::read_csv;
use crate::state::ServerState;

/// One year's size as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Size)]
pub struct SizeOfYear {
    year: SizeYear,
    #[serde(flatten)]
    size: OrgSize,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SizeChange)]
pub struct SizeBody {
    /// A whole number from 1 to 1,000,000.
    // Optional to serde, so that a missing number is a 422 naming it like any other bad one.
    #[serde(default)]
    #[schema(required = true, nullable = false)]
    employees: Option<f64>,
    /// A whole number from 1 to 20,000,000; only for municipalities and regions (422 on
    /// inhabitants for other kinds). Left out or null: none.
    #[serde(default)]
    inhabitants: Option<f64>,
}

/// How many sizes an import stored.
#[derive(Serialize, ToSchema)]
pub struct ImportedSizes {
    /// Sizes stored (each organisation and year once).
    rows: usize,
}

/// The organisation's size per year, oldest first (signed in)
#[utoipa::path(
    get,
    path = "/organisations/{orgnr}/sizes",
    operation_id = "sizes_list",
    params(("orgnr" = effekt::OrgNumber, Path)),
    responses(
        (status = 200, description = "Sizes", body = Vec<SizeOfYear>),
        BadRequest, Unauthorized, NotFound,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn list(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
) -> Result<Json<Vec<SizeOfYear>>, ApiError> {
    let organisation =
        path_parts::known_organisation(&state, path_parts::org_number(&orgnr)?).await?;
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

/// The organisation's size in one year (signed in); 404 when none is stored
#[utoipa::path(
    get,
    path = "/organisations/{orgnr}/sizes/{year}",
    operation_id = "sizes_get",
    params(("orgnr" = effekt::OrgNumber, Path), ("year" = String, Path, description = "A calendar year; every quarter of it takes this size", pattern = "^[0-9]{4}$")),
    responses(
        (status = 200, description = "The size", body = SizeOfYear),
        BadRequest, Unauthorized, NotFound, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, _user))]
pub async fn get(
    State(state): State<ServerState>,
    _user: Authenticated,
    ApiPath((orgnr, year)): ApiPath<(String, String)>,
) -> Result<Json<SizeOfYear>, ApiError> {
    let organisation =
        path_parts::known_organisation(&state, path_parts::org_number(&orgnr)?).await?;
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

/// Set the organisation's size in one year (administrators); audited. Every bad field is listed
/// with 422 and nothing is stored
#[utoipa::path(
    put,
    path = "/organisations/{orgnr}/sizes/{year}",
    operation_id = "sizes_put",
    params(("orgnr" = effekt::OrgNumber, Path), ("year" = String, Path, description = "A calendar year; every quarter of it takes this size", pattern = "^[0-9]{4}$")),
    request_body = SizeBody,
    responses(
        (status = 200, description = "The size as stored", body = SizeOfYear),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in))]
pub async fn put(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath((orgnr, year)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<SizeBody>,
) -> Result<Json<SizeOfYear>, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    let command = SetSize {
        year,
        employees: body.employees.unwrap_or(f64::NAN),
        inhabitants: body.inhabitants,
    };
    let (year, size) = set_size(&state.store, &signed_in.actor(), number, command).await?;
    Ok(Json(SizeOfYear { year, size }))
}

/// Import organisation sizes from CSV (administrators): header
/// organisation_number,year,employees,inhabitants (inhabitants may be empty; only municipalities and
/// regions have them), either CSV format. Checked whole and stored in one transaction, each size
/// audited, or nothing stored and every problem listed as {line, column, message}
#[utoipa::path(
    post,
    path = "/import/sizes",
    operation_id = "sizes_import",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Stored", body = ImportedSizes),
        Unauthorized, Forbidden, TooLarge, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn import(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportedSizes>, ApiError> {
    if !signed_in.0.may(Action::ManageOrganisations) {
        return Err(ApiError::Forbidden);
    }
    let file = read_csv(&headers, body, SizesFile::parse).await?;
    let rows = state.store.import_sizes(&file, &signed_in.actor()).await?;
    Ok(Json(ImportedSizes { rows }))
}

fn parse_year(year: &str) -> Result<SizeYear, ApiError> {
    SizeYear::parse(year).map_err(|e| ApiError::invalid_field("year", [e]))
}
