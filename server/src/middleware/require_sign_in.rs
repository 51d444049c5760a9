//! Everything but a short public list needs a signed-in user: pages send people to sign in,
//! the API and server functions answer 401. A display link's screen is let in to the wall view
//! alone.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use effekt_app::{PUBLIC_SERVER_FUNCTIONS, encode_query_value, routes};
use effekt_session::SignedIn;

use crate::api::ApiError;
use crate::display::{DisplayScreen, WALL_PATH};

/// Paths anyone may use besides the pages of `routes::PUBLIC_PAGES` and the server functions
/// of `PUBLIC_SERVER_FUNCTIONS`. Everything else needs a signed-in user.
const PUBLIC_PATHS: &[&str] = &[
    crate::health::HEALTH_PATH,
    routes::API_MEASURES,
    routes::API_OPENAPI,
    routes::API_LOGIN,
    routes::OPEN_VALUES_CSV,
    routes::OPEN_SUMMARY,
    routes::OIDC_START,
    routes::OIDC_CALLBACK,
    effekt::DISPLAY_OPEN_PATH,
    routes::FAVICON,
];

/// Public folders: the browser bundle and CSS.
const PUBLIC_PREFIXES: &[&str] = &["/pkg/"];

pub fn is_public(path: &str) -> bool {
    PUBLIC_PATHS.contains(&path)
        || routes::PUBLIC_PAGES.contains(&path)
        || PUBLIC_SERVER_FUNCTIONS.contains(&path)
        || PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The paths a display link opens: the wall view and nothing else, not even another `GET`.
pub fn is_display_path(path: &str) -> bool {
    path == WALL_PATH
}

pub async fn require_sign_in(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let display = request.extensions().get::<DisplayScreen>().is_some();
    if is_public(path)
        || request.extensions().get::<SignedIn>().is_some()
        || (display && is_display_path(path))
    {
        return next.run(request).await;
    }
    if path.starts_with(routes::API_FOLDER) || path.starts_with(routes::SERVER_FUNCTIONS_FOLDER) {
        return ApiError::Unauthorized.into_response();
    }
    let wanted = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    Redirect::to(&format!(
        "{}?next={}",
        routes::SIGN_IN,
        encode_query_value(wanted)
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_paths_are_public() {
        for public in [
            "/healthz",
            "/logga-in",
            "/pkg/effekt.js",
            "/api/v1/measures",
            "/api/v1/open/values.csv",
            "/api/v1/open/summary",
            "/auth/oidc/start",
            "/auth/oidc/callback",
        ] {
            assert!(is_public(public), "{public}");
        }
        for private in [
            "/",
            "/rapport",
            "/api/v1/organisations",
            "/api/v1/open",
            "/api/v1/open/values",
            "/skarm",
            "/skarm/visa/x",
            "/sf/save_report",
            "/pkgx",
            "/logga-in/x",
            "/auth/oidc",
            "/auth/oidc/start/x",
        ] {
            assert!(!is_public(private), "{private}");
        }
    }

    #[test]
    fn a_display_link_opens_the_wall_view_alone() {
        assert!(is_display_path("/skarm"));
        for other in [
            "/",
            "/skarm/",
            "/skarm/visa",
            "/sf/whoami",
            "/api/v1/summary",
            "/admin",
        ] {
            assert!(!is_display_path(other), "{other}");
        }
    }
}
