//! `/api/v1/users`: administrators list, add and change users.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::use_cases::{AddUser, ChangeUser, UserFields, add_user, change_user};
use effekt::{Email, OrgNumber, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::refusals::{
    BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[schema(max_length = 254, pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    email: String,
    #[schema(min_length = 12, max_length = 256)]
    password: String,
    #[schema(value_type = Role)]
    role: String,
    #[serde(default)]
    #[schema(value_type = Option<OrgNumber>)]
    organisation_number: Option<String>,
}

/// A user as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct UserInfo {
    #[schema(value_type = String)]
    email: Email,
    role: Role,
    #[schema(required = true)]
    organisation_number: Option<OrgNumber>,
    /// Left out where the answer is a user just added, who is always active.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    active: Option<bool>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Add a user (administrators)
#[utoipa::path(
    post,
    path = "/users",
    operation_id = "users_create",
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = UserInfo),
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserInfo>), ApiError> {
    let command = AddUser {
        user: UserFields {
            email: body.email,
            role: body.role,
            organisation_number: body.organisation_number,
        },
        password: body.password,
    };
    let user = add_user(&state.store, &signed_in.actor(), command).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserInfo {
            email: user.email,
            role: user.role,
            organisation_number: user.organisation_number,
            active: None,
        }),
    ))
}

/// Every user (administrators)
#[utoipa::path(
    get,
    path = "/users",
    operation_id = "users_list",
    responses(
        (status = 200, description = "Users", body = Vec<UserInfo>),
        Unauthorized, Forbidden,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
) -> Result<Json<Vec<UserInfo>>, ApiError> {
    let users = state.store.users(&signed_in.actor()).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|stored| UserInfo {
                email: stored.user.email,
                role: stored.user.role,
                organisation_number: stored.user.organisation_number,
                active: Some(stored.active),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    #[schema(value_type = Role)]
    role: String,
    #[serde(default)]
    #[schema(value_type = Option<OrgNumber>)]
    organisation_number: Option<String>,
    active: bool,
    #[serde(default)]
    #[schema(min_length = 12, max_length = 256)]
    password: Option<String>,
}

/// Change role, organisation, active, or set a new password (administrators); deactivation and new
/// passwords end the user's sessions
#[utoipa::path(
    put,
    path = "/users/{email}",
    operation_id = "users_update",
    params(("email" = String, Path)),
    request_body = UserChanges,
    responses(
        (status = 200, description = "Changed", body = UserInfo),
        BadRequest, Unauthorized, Forbidden, NotFound, UnsupportedType, Unprocessable,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(email): ApiPath<String>,
    ApiJson(body): ApiJson<UserChanges>,
) -> Result<Json<UserInfo>, ApiError> {
    let command = ChangeUser {
        user: UserFields {
            email,
            role: body.role,
            organisation_number: body.organisation_number,
        },
        active: body.active,
        password: body.password,
    };
    let user = change_user(&state.store, &signed_in.actor(), command).await?;
    Ok(Json(UserInfo {
        email: user.email,
        role: user.role,
        organisation_number: user.organisation_number,
        active: Some(body.active),
    }))
}
