//! `POST /api/v1/users` (administrators) and `POST /api/v1/tokens` (anyone signed in).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use effekt::{Email, NewPassword, OrgNumber, Role, User};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, Authenticated};
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
    let (user, password) = parse(&body)?;
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

fn parse(body: &NewUser) -> Result<(User, NewPassword), ApiError> {
    let detail = |field: &str, message: String| Detail {
        field: field.to_owned(),
        message,
    };
    let email = Email::parse(&body.email).map_err(|e| detail("email", e.to_string()));
    let password =
        NewPassword::parse(&body.password).map_err(|e| detail("password", e.to_string()));
    let role = Role::parse(&body.role).map_err(|e| detail("role", e.to_string()));
    let organisation = body
        .organisation_number
        .as_deref()
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    name: String,
}

#[derive(Serialize)]
pub struct CreatedToken {
    token: String,
}

#[tracing::instrument(skip_all)]
pub async fn create_token(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::invalid([Detail {
            field: "name".to_owned(),
            message: "must be 1 to 100 characters".to_owned(),
        }]));
    }
    let token = state.store.create_token(&user, name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token })))
}
