//! Works out who is asking: a session cookie, `Authorization: Bearer <token>`, or on the wall
//! view a display link's cookie; and logs
//! every request refused for who is asking (401, 403, 429), as OWASP ASVS V7 asks: who, from
//! where, what; never a password, session id or token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use effekt_session::{ClientAddress, OverHttps, SignedIn, session_id};

use super::require_sign_in::is_display_path;
use crate::api::ApiError;
use crate::display::{DisplayScreen, display_secret};
use crate::state::ServerState;

/// Marks a request signed in with an API token rather than a browser session.
pub use effekt_session::ByToken;

pub async fn identify(
    State(state): State<ServerState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    let address = client_address(peer, &request, state.behind_proxy);
    request
        .extensions_mut()
        .insert(ClientAddress(address.clone()));
    if state.public_https || forwarded_https(&request) {
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
    let who = match user {
        Ok(Some(user)) => {
            let who = user.email.to_string();
            request.extensions_mut().insert(SignedIn(user));
            if bearer.is_some() {
                request.extensions_mut().insert(ByToken);
            }
            who
        }
        // A display link is looked up only for the wall view: it opens nothing else.
        Ok(None) if bearer.is_none() && is_display_path(request.uri().path()) => {
            match display_secret(&request) {
                Some(secret) => match state.store.display_link(&secret).await {
                    Ok(Some(id)) => {
                        request.extensions_mut().insert(DisplayScreen);
                        format!("display:{id}")
                    }
                    Ok(None) => "anonymous".to_owned(),
                    Err(error) => return ApiError::from(error).into_response(),
                },
                None => "anonymous".to_owned(),
            }
        }
        Ok(None) => "anonymous".to_owned(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
    ) {
        tracing::warn!(
            user = %who,
            address = %address,
            %method,
            path = %path,
            status = status.as_u16(),
            "request refused"
        );
    }
    response
}

/// The client's address: the peer's, or behind a reverse proxy the last address in
/// `X-Forwarded-For`, the one the proxy itself appended (earlier ones the client can forge).
fn client_address(peer: String, request: &Request, behind_proxy: bool) -> String {
    if !behind_proxy {
        return peer;
    }
    request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|a| !a.is_empty())
        .map_or(peer, str::to_owned)
}

/// A TLS-terminating proxy in front says so with `X-Forwarded-Proto: https`.
fn forwarded_https(request: &Request) -> bool {
    request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(forwarded: &[&str]) -> Request {
        let mut builder = Request::builder();
        for value in forwarded {
            builder = builder.header("x-forwarded-for", *value);
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn behind_a_proxy_the_address_it_appended_counts() {
        let peer = || "10.0.0.2".to_owned();
        let forged = request(&["6.6.6.6, 192.0.2.7"]);
        assert_eq!(client_address(peer(), &forged, true), "192.0.2.7");
        assert_eq!(client_address(peer(), &forged, false), "10.0.0.2");
        let two_headers = request(&["6.6.6.6", "192.0.2.8"]);
        assert_eq!(client_address(peer(), &two_headers, true), "192.0.2.8");
        assert_eq!(client_address(peer(), &request(&[]), true), "10.0.0.2");
    }
}
