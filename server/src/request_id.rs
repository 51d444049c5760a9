//! A request id for every request: sent back in `x-request-id` and carried by every log line
//! written while the request is handled, so that one request's lines can be found together.

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

/// Sixteen random hex digits, unless a proxy in front already set `x-request-id`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&effekt::secret::random_hex(8))
            .ok()
            .map(RequestId::new)
    }
}

/// The span every log line of a request is written in. Only the path: query strings and
/// headers can carry what must not be logged.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}
