//! `POST /api/v1/login`, `POST /api/v1/logout`, `GET /api/v1/me`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{AppendHeaders, IntoResponse};
use effekt::use_cases::{SignIn, sign_in, sign_out};
use effekt::{OrgNumber, Role, User};
use effekt_session::{ClientAddress, OverHttps, session_cookie, session_id};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::{ApiJson, Authenticated};
use super::refusals::{BadRequest, Forbidden, TooManyRequests, Unauthorized, UnsupportedType};
use crate::state::ServerState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    email: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// Who is signed in, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    email: String,
    role: Role,
    #[schema(required = true)]
    organisation_number: Option<OrgNumber>,
}

impl From<&User> for Me {
    fn from(user: &User) -> Self {
        Self {
            email: user.email.to_string(),
            role: user.role,
            organisation_number: user.organisation_number,
        }
    }
}

/// Sign in; sets the session cookie
#[utoipa::path(
    post,
    path = "/login",
    operation_id = "session_login",
    security(()),
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in", body = Me),
        BadRequest, Unauthorized, Forbidden, UnsupportedType, TooManyRequests,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn login(
    State(state): State<ServerState>,
    parts: Parts,
    ApiJson(credentials): ApiJson<Credentials>,
) -> Result<impl IntoResponse, ApiError> {
    let command = SignIn {
        email: credentials.email,
        password: credentials.password,
        address: parts
            .extensions
            .get::<ClientAddress>()
            .map(|a| a.0.clone())
            .unwrap_or_default(),
        replacing: session_id(&parts),
    };
    let (user, session) =
        sign_in(&state.store, &state.throttle, state.passwords(), command).await?;
    let over_https = parts.extensions.get::<OverHttps>().is_some();
    let cookie = session_cookie(Some(&session), over_https);
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(Me::from(&user))))
}

/// End this session on the server
#[utoipa::path(
    post,
    path = "/logout",
    operation_id = "session_logout",
    responses(
        (status = 204, description = "Signed out"),
        Unauthorized, Forbidden,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn logout(
    State(state): State<ServerState>,
    _user: Authenticated,
    parts: Parts,
) -> Result<impl IntoResponse, ApiError> {
    sign_out(&state.store, session_id(&parts).as_deref()).await?;
    let over_https = parts.extensions.get::<OverHttps>().is_some();
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, session_cookie(None, over_https))]),
    ))
}

/// Who is signed in
#[utoipa::path(
    get,
    path = "/me",
    operation_id = "session_me",
    responses(
        (status = 200, description = "The user", body = Me),
        Unauthorized,
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn me(Authenticated(user): Authenticated) -> Json<Me> {
    Json(Me::from(&user))
}
