//! `POST /api/v1/tokens` (signed in with a session), `GET /api/v1/tokens` and
//! `DELETE /api/v1/tokens/{id}`: personal API tokens, which end.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use effekt::{ApiToken, Email, TokenLifetime, TokenName, User};
use effekt_app::state::ByToken;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{ApiError, Detail};
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use crate::state::AppState;

/// The user of a browser session: only a session may make tokens, so that a stolen token
/// cannot make itself successors that outlive it.
pub struct BySession(User);

impl<S: Send + Sync> FromRequestParts<S> for BySession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Authenticated(user) = Authenticated::from_request_parts(parts, state).await?;
        if parts.extensions.get::<ByToken>().is_some() {
            return Err(ApiError::Forbidden);
        }
        Ok(BySession(user))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    name: String,
    /// Read as any JSON value, so that a string or a fraction is answered with a 422 on this
    /// field like any other bad number of days.
    #[serde(default)]
    expires_in_days: Option<Value>,
}

#[derive(Serialize)]
pub struct CreatedToken {
    id: String,
    name: String,
    token: String,
    created_at: String,
    expires_at: String,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    BySession(user): BySession,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let name = TokenName::parse(&body.name).map_err(|e| Detail {
        field: "name".to_owned(),
        message: e.to_string(),
    });
    let lifetime = match body.expires_in_days {
        None | Some(Value::Null) => Ok(TokenLifetime::default()),
        Some(Value::Number(days)) => days
            .as_i64()
            .ok_or(effekt::TokenLifetimeError)
            .and_then(TokenLifetime::from_days),
        Some(_) => Err(effekt::TokenLifetimeError),
    }
    .map_err(|e| Detail {
        field: "expires_in_days".to_owned(),
        message: e.to_string(),
    });
    let (name, lifetime) = match (name, lifetime) {
        (Ok(name), Ok(lifetime)) => (name, lifetime),
        (name, lifetime) => {
            return Err(ApiError::invalid(
                [name.err(), lifetime.err()].into_iter().flatten(),
            ));
        }
    };
    let made = state.store.create_token(&user, &name, lifetime).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id: made.token.id,
            name: made.token.name,
            token: made.secret,
            created_at: made.token.created_at,
            expires_at: made.token.expires_at,
        }),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Whose tokens: the caller's own unless an administrator names someone.
    user: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    let owner = match query.user.as_deref() {
        None => signed_in.0.email.clone(),
        Some(email) => Email::parse(email).map_err(|e| ApiError::BadRequest(e.to_string()))?,
    };
    Ok(Json(state.store.tokens(&signed_in.actor(), &owner).await?))
}

#[tracing::instrument(skip_all)]
pub async fn revoke(
    State(state): State<AppState>,
    signed_in: Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.store.revoke_token(&signed_in.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
