//! `GET` and `POST /api/v1/organisations`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::{OrgKind, OrgName, OrgNumber, Organisation};
use serde::Deserialize;

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, Authenticated};
use crate::state::AppState;

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    _user: Authenticated,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    Ok(Json(state.store.organisations().await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    organisation_number: String,
    name: String,
    kind: String,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    let organisation = parse(&body)?;
    state
        .store
        .create_organisation(&organisation, &signed_in.actor())
        .await?;
    Ok((StatusCode::CREATED, Json(organisation)))
}

/// Checks every field and reports every problem at once.
fn parse(body: &NewOrganisation) -> Result<Organisation, ApiError> {
    let detail = |field: &str, message: String| Detail {
        field: field.to_owned(),
        message,
    };
    let number = OrgNumber::parse(body.organisation_number.trim())
        .map_err(|e| detail("organisation_number", e.to_string()));
    let name = OrgName::parse(&body.name).map_err(|e| detail("name", e.to_string()));
    let kind = OrgKind::parse(&body.kind).map_err(|e| detail("kind", e.to_string()));
    match (number, name, kind) {
        (Ok(organisation_number), Ok(name), Ok(kind)) => Ok(Organisation {
            organisation_number,
            name,
            kind,
        }),
        (number, name, kind) => Err(ApiError::invalid(
            [number.err(), name.err(), kind.err()].into_iter().flatten(),
        )),
    }
}
