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
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, Authenticated};
use super::refusals::{
    BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable, UnsupportedType,
};
use crate::state::ServerState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    name: String,
    /// How many days the token lives: 90 unless given, at most 365.
    // Read as any JSON value, so that a string or a fraction is answered with a 422 on this
    // field like any other bad number of days.
    #[serde(default)]
    #[schema(value_type = u32, required = false, minimum = 1, maximum = 365, default = 90)]
    expires_in_days: Option<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    id: String,
    name: String,
    /// The secret, for Authorization: Bearer; shown only this once and stored hashed.
    token: String,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    expires_at: String,
}

/// Create a personal API token that ends (90 days unless asked, at most 365); shown once, stored
/// hashed. Only a session may create tokens: with a token the answer is 403
#[utoipa::path(
    post,
    path = "/tokens",
    operation_id = "tokens_create",
    security(("session" = [])),
    request_body = NewToken,
    responses(
        (status = 201, description = "Created", body = CreatedToken),
        BadRequest, Unauthorized, Forbidden, UnsupportedType, Unprocessable,
    ),
)]
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

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Another user's e-mail address (administrators only)
    // Whose tokens: the caller's own unless an administrator names someone.
    #[param(format = "email", nullable = false)]
    user: Option<String>,
}

/// The caller's own API tokens (an administrator may name another user); never the secrets
#[utoipa::path(
    get,
    path = "/tokens",
    operation_id = "tokens_list",
    params(ListQuery),
    responses(
        (status = 200, description = "The tokens, newest first", body = Vec<ApiToken>),
        BadRequest, Unauthorized, Forbidden, NotFound,
    ),
)]
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

/// Revoke an API token: one's own, or any for an administrator; from then on it answers 401
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    operation_id = "tokens_revoke",
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "Revoked"),
        BadRequest, Unauthorized, NotFound,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn revoke(
    State(state): State<ServerState>,
    signed_in: Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    revoke_token(&state.store, &signed_in.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
