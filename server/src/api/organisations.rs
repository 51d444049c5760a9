//! `GET` and `POST /api/v1/organisations`, `PUT /api/v1/organisations/{orgnr}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::use_cases::{
    AddOrganisation, ChangeOrganisation, add_organisation, change_organisation,
};
use effekt::{OrgKind, OrgName, OrgNumber, Organisation, ValueProblem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::path_parts;
use super::refusals::{
    BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

/// Every organisation
#[utoipa::path(
    get,
    path = "/organisations",
    operation_id = "organisations_list",
    responses(
        (status = 200, description = "Organisations by name", body = Vec<Organisation>),
        Unauthorized,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<ServerState>,
    _user: Authenticated,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    Ok(Json(state.store.organisations().await?))
}

/// An organisation to add. Read as text, so that every bad field is a 422 naming it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    #[schema(value_type = OrgNumber)]
    organisation_number: String,
    #[schema(value_type = OrgName)]
    name: String,
    #[schema(value_type = OrgKind)]
    kind: String,
}

/// Add an organisation
#[utoipa::path(
    post,
    path = "/organisations",
    operation_id = "organisations_create",
    request_body = NewOrganisation,
    responses(
        (status = 201, description = "Created", body = Organisation),
        BadRequest, Unauthorized, Forbidden, Conflict, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    let command = AddOrganisation {
        organisation_number: body.organisation_number,
        name: body.name,
        kind: body.kind,
    };
    let organisation = add_organisation(&state.store, &signed_in.actor(), command).await?;
    Ok((StatusCode::CREATED, Json(organisation)))
}

/// Only the fields given change; an empty object changes nothing.
// Read as JSON values first, so that a value of the wrong type is a 422 naming its field like
// any other bad value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OrganisationChanges)]
pub struct OrganisationBody {
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = OrgName, required = false)]
    name: Option<Value>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = OrgKind, required = false)]
    kind: Option<Value>,
    /// Publish the organisation's approved figures as open data (CC0) under /api/v1/open/.
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = bool, required = false)]
    open_data: Option<Value>,
}

/// A field that is there, `null` included: serde reads a `null` as left out, which would
/// change nothing and answer 200 where the value is of the wrong type.
fn given<'de, D: serde::Deserializer<'de>>(field: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(field).map(Some)
}

/// An organisation as `PUT` answers it: with whether it publishes open data.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AdministeredOrganisation)]
pub struct ChangedOrganisation {
    organisation_number: OrgNumber,
    name: OrgName,
    kind: OrgKind,
    open_data: bool,
}

/// Change an organisation's name, kind, or whether it publishes its approved figures as open data
/// (administrators; audited)
#[utoipa::path(
    put,
    path = "/organisations/{orgnr}",
    operation_id = "organisations_update",
    params(("orgnr" = effekt::OrgNumber, Path)),
    request_body = OrganisationBody,
    responses(
        (status = 200, description = "The organisation as it now is", body = ChangedOrganisation),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip(state, signed_in, body))]
pub async fn update(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(orgnr): ApiPath<String>,
    ApiJson(body): ApiJson<OrganisationBody>,
) -> Result<Json<ChangedOrganisation>, ApiError> {
    let number = path_parts::org_number(&orgnr)?;
    let text = |value: Value| match value {
        Value::String(text) => Ok(text),
        _ => Err(ValueProblem::NotText),
    };
    let command = ChangeOrganisation {
        name: body.name.map(text),
        kind: body.kind.map(text),
        open_data: body
            .open_data
            .map(|value| value.as_bool().ok_or(ValueProblem::NotTrueOrFalse)),
    };
    let changed = change_organisation(&state.store, &signed_in.actor(), number, command).await?;
    Ok(Json(ChangedOrganisation {
        organisation_number: changed.organisation.organisation_number,
        name: changed.organisation.name,
        kind: changed.organisation.kind,
        open_data: changed.open_data,
    }))
}
