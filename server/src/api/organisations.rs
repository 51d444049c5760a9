//! `GET` and `POST /api/v1/organisations`, `PUT /api/v1/organisations/{orgnr}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::{Action, OrgKind, OrgName, OrgNumber, Organisation, OrganisationChange};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, Authenticated};
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

/// The fields an administrator may change, each optional. Read as JSON values first, so that a
/// value of the wrong type is a 422 naming its field like any other bad value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationBody {
    #[serde(default, deserialize_with = "given")]
    name: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    kind: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    open_data: Option<Value>,
}

/// A field that is there, `null` included: serde reads a `null` as left out, which would
/// change nothing and answer 200 where the value is of the wrong type.
fn given<'de, D: serde::Deserializer<'de>>(field: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(field).map(Some)
}

/// An organisation as `PUT` answers it: with whether it publishes open data.
#[derive(Debug, Serialize)]
pub struct ChangedOrganisation {
    organisation_number: OrgNumber,
    name: OrgName,
    kind: OrgKind,
    open_data: bool,
}

#[tracing::instrument(skip(state, signed_in, body))]
pub async fn update(
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<OrganisationBody>,
) -> Result<Json<ChangedOrganisation>, ApiError> {
    let number = OrgNumber::parse(&orgnr).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    // Refused before the body is read: someone who may not change it learns nothing of it.
    if !signed_in.0.may(Action::ManageOrganisations) {
        return Err(ApiError::Forbidden);
    }
    let change = parse_change(&body)?;
    let changed = state
        .store
        .change_organisation(number, &change, &signed_in.actor())
        .await?;
    Ok(Json(ChangedOrganisation {
        organisation_number: changed.organisation.organisation_number,
        name: changed.organisation.name,
        kind: changed.organisation.kind,
        open_data: changed.open_data,
    }))
}

/// Checks every given field and reports every problem at once.
fn parse_change(body: &OrganisationBody) -> Result<OrganisationChange, ApiError> {
    let detail = |field: &str, message: String| Detail {
        field: field.to_owned(),
        message,
    };
    let text = |field: &str, value: &Value| {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| detail(field, "must be a string".to_owned()))
    };
    let name = body
        .name
        .as_ref()
        .map(|v| {
            text("name", v)
                .and_then(|t| OrgName::parse(&t).map_err(|e| detail("name", e.to_string())))
        })
        .transpose();
    let kind = body
        .kind
        .as_ref()
        .map(|v| {
            text("kind", v)
                .and_then(|t| OrgKind::parse(&t).map_err(|e| detail("kind", e.to_string())))
        })
        .transpose();
    let open_data = body
        .open_data
        .as_ref()
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| detail("open_data", "must be true or false".to_owned()))
        })
        .transpose();
    match (name, kind, open_data) {
        (Ok(name), Ok(kind), Ok(open_data)) => Ok(OrganisationChange {
            name,
            kind,
            open_data,
        }),
        (name, kind, open_data) => Err(ApiError::invalid(
            [name.err(), kind.err(), open_data.err()]
                .into_iter()
                .flatten(),
        )),
    }
}
