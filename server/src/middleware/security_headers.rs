//! Security headers on every response. Pages set their own Content-Security-Policy with the
//! nonce of their hydration script (in the app's shell); everything else gets a policy that
//! allows nothing to run.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const NOTHING_RUNS: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    insert(response.headers_mut());
    response
}

/// The headers, for a response made before this middleware runs (`assets::site_first`).
pub fn insert(headers: &mut HeaderMap) {
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOTHING_RUNS),
        );
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin requests keep the full address: a form posted without JavaScript is sent back
    // to the page it came from.
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
}
