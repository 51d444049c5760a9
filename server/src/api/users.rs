//! `/api/v1/users`: administrators list, add and change users.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::{Email, NewPassword, OrgNumber, Role, User};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, Authenticated};
use crate::state::AppState;

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
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (user, password) = parse_user(
        &body.email,
        &body.role,
        body.organisation_number.as_deref(),
        Some(&body.password),
    )?;
    let password =
        password.ok_or_else(|| ApiError::Internal("a given password went missing".into()))?;
    state
        .store
        .create_user(&user, &password, &signed_in.actor())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "email": user.email,
            "role": user.role,
            "organisation_number": user.organisation_number,
        })),
    ))
}

/// Checks a user's fields and, when given, a new password; reports every problem at once.
fn parse_user(
    email: &str,
    role: &str,
    organisation: Option<&str>,
    password: Option<&str>,
) -> Result<(User, Option<NewPassword>), ApiError> {
    let detail = |field: &str, message: String| Detail {
        field: field.to_owned(),
        message,
    };
    let email = Email::parse(email).map_err(|e| detail("email", e.to_string()));
    let password = password
        .map(NewPassword::parse)
        .transpose()
        .map_err(|e| detail("password", e.to_string()));
    let role = Role::parse(role).map_err(|e| detail("role", e.to_string()));
    let organisation = organisation
        .map(OrgNumber::parse)
        .transpose()
        .map_err(|e| detail("organisation_number", e.to_string()));
    match (email, password, role, organisation) {
        (Ok(email), Ok(password), Ok(role), Ok(organisation)) => {
            User::new(email, role, organisation)
                .map(|user| (user, password))
                .map_err(|e| ApiError::invalid([detail("organisation_number", e.to_string())]))
        }
        (email, password, role, organisation) => Err(ApiError::invalid(
            [email.err(), password.err(), role.err(), organisation.err()]
                .into_iter()
                .flatten(),
        )),
    }
}

/// `GET /api/v1/users` (administrators): every user with role, organisation and whether active.
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
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
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiPath(email): ApiPath<String>,
    ApiJson(body): ApiJson<UserChanges>,
) -> Result<Json<Value>, ApiError> {
    let (user, password) = parse_user(
        &email,
        &body.role,
        body.organisation_number.as_deref(),
        body.password.as_deref(),
    )?;
    state
        .store
        .update_user(&user, body.active, password.as_ref(), &signed_in.actor())
        .await?;
    Ok(Json(json!({
        "email": user.email,
        "role": user.role,
        "organisation_number": user.organisation_number,
        "active": body.active,
    })))
}
