//! `POST /api/v1/tokens` (signed in with a session), `GET /api/v1/tokens` and
//! `DELETE /api/v1/tokens/{id}`: personal API tokens, which end.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use effekt::use_cases::{MintToken, SignedInBy, mint_token, revoke_token};
use effekt::{ApiToken, Email, TokenLifetimeError};
use effekt_session::ByToken;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use crate::state::ServerState;

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
    State(state): State<ServerState>,
    signed_in: Authenticated,
    parts: Parts,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let by = if parts.extensions.get::<ByToken>().is_some() {
        SignedInBy::Token
    } else {
        SignedInBy::Session
    };
    let command = MintToken {
        name: body.name,
        expires_in_days: match body.expires_in_days {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(days)) => days.as_i64().map(Some).ok_or(TokenLifetimeError.into()),
            Some(_) => Err(TokenLifetimeError.into()),
        },
    };
    let made = mint_token(&state.store, &signed_in.0, by, command).await?;
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
    State(state): State<ServerState>,
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
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    revoke_token(&state.store, &signed_in.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
