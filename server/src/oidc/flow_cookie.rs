//! The cookie that ties a sign-in at the identity provider to the browser that began it: a
//! random key whose hash names the stored state, nonce and PKCE verifier.

use axum::http::request::Parts;
use effekt::store::PENDING_SIGN_IN;
use effekt_session::{OverHttps, cookie_value};

/// Over plain HTTP, for local use…
const FLOW_COOKIE: &str = "effekt_oidc";
/// …and over HTTPS, where no other site under the same domain may set it.
const SECURE_FLOW_COOKIE: &str = "__Host-effekt_oidc";

fn over_https(parts: &Parts) -> bool {
    parts.extensions.get::<OverHttps>().is_some()
}

fn name(over_https: bool) -> &'static str {
    if over_https {
        SECURE_FLOW_COOKIE
    } else {
        FLOW_COOKIE
    }
}

/// The `Set-Cookie` value that keeps `key` (`Some`) or forgets it (`None`). `SameSite=Lax`: the
/// provider sends the browser back with a cross-site top-level `GET`, which must carry it.
pub fn flow_cookie(key: Option<&str>, parts: &Parts) -> String {
    let https = over_https(parts);
    let secure = if https { "; Secure" } else { "" };
    let (value, age) = match key {
        Some(key) => (key, PENDING_SIGN_IN.as_secs()),
        None => ("", 0),
    };
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}",
        name(https)
    )
}

/// The key the browser brought back, if any.
pub fn flow_key(parts: &Parts) -> Option<String> {
    cookie_value(parts, name(over_https(parts)))
}
