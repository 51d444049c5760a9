//! Works out who is asking: a session cookie, or `Authorization: Bearer <token>`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use effekt_app::state::{ClientAddress, OverHttps, SignedIn, session_id};

use crate::api::ApiError;
use crate::state::AppState;

/// Marks a request signed in with an API token rather than a browser session.
#[derive(Debug, Clone, Copy)]
pub struct ByToken;

pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    request.extensions_mut().insert(ClientAddress(address));
    if forwarded_https(&request) {
        request.extensions_mut().insert(OverHttps);
    }
    let bearer = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    let user = match &bearer {
        Some(token) => state.store.token_user(token).await,
        None => {
            let (parts, body) = request.into_parts();
            let id = session_id(&parts);
            request = Request::from_parts(parts, body);
            match id {
                Some(id) => state.store.session_user(&id).await,
                None => Ok(None),
            }
        }
    };
    match user {
        Ok(Some(user)) => {
            request.extensions_mut().insert(SignedIn(user));
            if bearer.is_some() {
                request.extensions_mut().insert(ByToken);
            }
        }
        Ok(None) => {}
        Err(error) => return ApiError::from(error).into_response(),
    }
    next.run(request).await
}

/// A TLS-terminating proxy in front says so with `X-Forwarded-Proto: https`.
fn forwarded_https(request: &Request) -> bool {
    request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}
