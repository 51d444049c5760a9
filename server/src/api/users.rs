//! `/api/v1/users`: administrators list, add and change users.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::use_cases::{AddUser, ChangeUser, UserFields, add_user, change_user};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, Authenticated};
use crate::state::ServerState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    email: String,
    password: String,
    role: String,
    #[serde(default)]
    organisation_number: Option<String>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
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
        Json(json!({
            "email": user.email,
            "role": user.role,
            "organisation_number": user.organisation_number,
        })),
    ))
}

/// `GET /api/v1/users` (administrators): every user with role, organisation and whether active.
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<ServerState>,
    signed_in: Authenticated,
) -> Result<Json<Vec<Value>>, ApiError> {
    let users = state.store.users(&signed_in.actor()).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|stored| {
                json!({
                    "email": stored.user.email,
                    "role": stored.user.role,
                    "organisation_number": stored.user.organisation_number,
                    "active": stored.active,
                })
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    role: String,
    #[serde(default)]
    organisation_number: Option<String>,
    active: bool,
    #[serde(default)]
    password: Option<String>,
}

/// `PUT /api/v1/users/{email}` (administrators): role, organisation, active, and optionally a
/// new password. Deactivating or a new password ends the user's sessions.
#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(email): ApiPath<String>,
    ApiJson(body): ApiJson<UserChanges>,
) -> Result<Json<Value>, ApiError> {
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
    Ok(Json(json!({
        "email": user.email,
        "role": user.role,
        "organisation_number": user.organisation_number,
        "active": body.active,
    })))
}
