//! The request's session: put in the request's extensions by the server's middleware
//! (`server/src/middleware/identify.rs`), read by the JSON handlers and, through the context,
//! by the pages' server functions (`effekt_app::state`). And the session cookie, written by
//! signing in and out at either front door.

use effekt::User;
use effekt::store::SESSION_ABSOLUTE;

/// The cookie that carries the session id over plain HTTP, for local use…
pub const SESSION_COOKIE: &str = "effekt_session";
/// …and over HTTPS. Browsers keep a `__Host-` cookie only when it is `Secure`, set by this host
/// alone and for every path, so no other site under the same domain can plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-effekt_session";

fn session_cookie_name(over_https: bool) -> &'static str {
    if over_https {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// Put in a request's extensions by the server when the request is signed in.
#[derive(Debug, Clone)]
pub struct SignedIn(pub User);

/// Put in every request's extensions by the server: the address it came from, for throttling.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// Put in a request's extensions by the server when it arrived over HTTPS (directly or through
/// a proxy that says so), so cookies are marked `Secure`.
#[derive(Debug, Clone, Copy)]
pub struct OverHttps;

/// Put in a request's extensions by the server when it is signed in with an API token rather
/// than a browser session: such a request may not make more tokens.
#[derive(Debug, Clone, Copy)]
pub struct ByToken;

/// The session id this request carries, if any: over HTTPS only in the `__Host-` cookie.
pub fn session_id(parts: &http::request::Parts) -> Option<String> {
    cookie_value(
        parts,
        session_cookie_name(parts.extensions.get::<OverHttps>().is_some()),
    )
}

/// The value of the cookie `name` this request carries, if any and not empty.
pub fn cookie_value(parts: &http::request::Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// The `Set-Cookie` value that starts a session (`Some(id)`) or ends it (`None`): never readable
/// by scripts, not sent along with cross-site requests, `Secure` and `__Host-` over HTTPS.
pub fn session_cookie(id: Option<&str>, over_https: bool) -> String {
    let name = session_cookie_name(over_https);
    let secure = if over_https { "; Secure" } else { "" };
    match id {
        Some(id) => format!(
            "{name}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_ABSOLUTE.as_secs()
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_are_http_only_lax_and_secure_host_cookies_over_https() {
        let cookie = session_cookie(Some("abc"), true);
        assert!(cookie.starts_with("__Host-effekt_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        let plain = session_cookie(Some("abc"), false);
        assert!(plain.starts_with("effekt_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
        assert!(session_cookie(None, true).starts_with("__Host-effekt_session=;"));
    }

    #[test]
    fn over_https_only_the_host_cookie_carries_the_session() {
        let request = http::Request::builder()
            .header(
                "Cookie",
                "effekt_session=planted; __Host-effekt_session=real",
            )
            .body(())
            .unwrap();
        let (mut parts, ()) = request.into_parts();
        assert_eq!(session_id(&parts), Some("planted".to_owned()));
        parts.extensions.insert(OverHttps);
        assert_eq!(session_id(&parts), Some("real".to_owned()));
    }

    #[test]
    fn the_session_id_is_read_from_among_other_cookies() {
        let request = http::Request::builder()
            .header("Cookie", "effekt_lang=en; effekt_session=0123abcd")
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        assert_eq!(session_id(&parts), Some("0123abcd".to_owned()));
    }
}
