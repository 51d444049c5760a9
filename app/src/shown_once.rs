//! A secret made by a plain form post (without JavaScript), carried to the page the browser is
//! sent back to: for a minute at most, in a cookie that only that page's address receives and
//! scripts cannot read, cleared as the page shows it.

use leptos::prelude::*;

use crate::error::AppError;

/// Keeps `secret` for the next visit of `page`, under `cookie`.
pub fn keep(page: &str, cookie: &str, secret: &str) -> Result<(), AppError> {
    set_cookie(page, &format!("{cookie}={secret}; Max-Age=60"))
}

/// The secret a plain form post left for `page` under `cookie`, if any; the cookie is cleared.
pub fn take(page: &str, cookie: &str) -> Option<String> {
    let secret = effekt_session::cookie_value(&use_context::<http::request::Parts>()?, cookie)?;
    set_cookie(page, &format!("{cookie}=; Max-Age=0")).ok()?;
    Some(secret)
}

fn set_cookie(page: &str, cookie: &str) -> Result<(), AppError> {
    use http::header::{HeaderValue, SET_COOKIE};

    let secure = if crate::state::over_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = HeaderValue::from_str(&format!(
        "{cookie}; Path={page}; HttpOnly; SameSite=Strict{secure}"
    ))
    .map_err(|_| AppError::Internal)?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(SET_COOKIE, cookie);
    }
    Ok(())
}
