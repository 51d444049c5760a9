//! Opening a display link: `GET /skarm/visa?nyckel=…` checks the secret and hands it to the
//! screen's browser in a cookie that is sent to the wall view alone; from then on each request
//! of the wall view is let in while the link exists (`middleware::identify`,
//! `middleware::require_sign_in`). The secret never reaches a log: request logs carry the path
//! without its query, and nothing here logs it.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use effekt_session::OverHttps;

use crate::api::ApiError;
use crate::state::ServerState;

/// Put in a request's extensions when it carries the secret of a display link that exists: it
/// may see the wall view and nothing else. Never a signed-in user.
#[derive(Debug, Clone, Copy)]
pub struct DisplayScreen;

/// The wall view: the one page a display link opens, and the only path its cookie is sent to.
pub const WALL_PATH: &str = effekt_app::routes::WALL;

/// The cookie over plain HTTP, for local use, and over HTTPS: `__Secure-` (not `__Host-`,
/// which must be sent to every path) so that only a `Secure` cookie is taken.
const DISPLAY_COOKIE: &str = "effekt_display";
const SECURE_DISPLAY_COOKIE: &str = "__Secure-effekt_display";

/// A screen keeps its link until it is revoked; the cookie asks the browser to keep it as long
/// as browsers allow (400 days).
const COOKIE_SECONDS: u64 = 400 * 24 * 60 * 60;

fn cookie_name(over_https: bool) -> &'static str {
    if over_https {
        SECURE_DISPLAY_COOKIE
    } else {
        DISPLAY_COOKIE
    }
}

/// The `Set-Cookie` value that gives a screen its link: never readable by scripts, sent only to
/// the wall view and never along with cross-site requests.
fn display_cookie(secret: &str, over_https: bool) -> String {
    let secure = if over_https { "; Secure" } else { "" };
    format!(
        "{}={secret}; Path={WALL_PATH}; HttpOnly; SameSite=Lax; Max-Age={COOKIE_SECONDS}{secure}",
        cookie_name(over_https)
    )
}

/// The display link secret a request carries, if any: over HTTPS only in the `__Secure-`
/// cookie.
pub fn display_secret(request: &Request) -> Option<String> {
    let name = cookie_name(request.extensions().get::<OverHttps>().is_some());
    request
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .filter(|secret| !secret.is_empty())
        .map(str::to_owned)
}

/// Opens a display link: with the secret of one that exists, the cookie and a redirect to the
/// wall view (so that the address left in the browser holds no secret); else 404.
#[tracing::instrument(skip_all)]
pub async fn open(State(state): State<ServerState>, request: Request) -> Response {
    let secret = request
        .uri()
        .query()
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .and_then(|pairs| pairs.into_iter().find(|(key, _)| key == "nyckel"))
        .map(|(_, secret)| secret)
        .filter(|secret| !secret.is_empty());
    let link = match &secret {
        Some(secret) => state.store.display_link(secret).await,
        None => Ok(None),
    };
    match (secret, link) {
        (Some(secret), Ok(Some(id))) => {
            tracing::info!(link = %id, "a screen opened its display link");
            let over_https = request.extensions().get::<OverHttps>().is_some();
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            headers.insert(LOCATION, HeaderValue::from_static(WALL_PATH));
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(cookie) = HeaderValue::from_str(&display_cookie(&secret, over_https)) {
                headers.insert(SET_COOKIE, cookie);
            }
            response
        }
        (_, Ok(None)) | (None, _) => (
            StatusCode::NOT_FOUND,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "Länken till skärmen gäller inte, eller inte längre: be en administratör om en ny.\n\
             This screen link is not valid, or no longer: ask an administrator for a new one.\n",
        )
            .into_response(),
        (_, Err(error)) => ApiError::from(error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(cookie: &str, over_https: bool) -> Request {
        let mut request = Request::builder()
            .header("Cookie", cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        if over_https {
            request.extensions_mut().insert(OverHttps);
        }
        request
    }

    #[test]
    fn the_cookie_goes_only_to_the_wall_view_and_is_secure_over_https() {
        let plain = display_cookie("s3cret", false);
        assert_eq!(
            plain,
            "effekt_display=s3cret; Path=/skarm; HttpOnly; SameSite=Lax; Max-Age=34560000"
        );
        let secure = display_cookie("s3cret", true);
        assert!(secure.starts_with("__Secure-effekt_display=s3cret; Path=/skarm; HttpOnly;"));
        assert!(secure.ends_with("; Secure"));
    }

    #[test]
    fn over_https_only_the_secure_cookie_is_read() {
        let both = "effekt_display=planted; __Secure-effekt_display=real; effekt_lang=en";
        assert_eq!(
            display_secret(&request(both, false)).as_deref(),
            Some("planted")
        );
        assert_eq!(
            display_secret(&request(both, true)).as_deref(),
            Some("real")
        );
        assert_eq!(display_secret(&request("effekt_display=", false)), None);
        assert_eq!(display_secret(&request("effekt_lang=en", false)), None);
    }
}
