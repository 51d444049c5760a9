//! A measure page's charts at addresses of their own: `GET /matt/{key}/diagram/{name}?{query}`
//! (`effekt_app::ChartName`; the page writes the query). Each is drawn once per version of the
//! counted figures (`DataVersion::counted`) with the page's panels and answered from memory.
//! Whoever may see the page may see its charts: the address is not public, so
//! `middleware::require_sign_in` sends anyone else to sign in, as it does for the page.
//!
//! An address names the version of the counted figures its page was made from. While that
//! version is the current one, the browser may keep the chart for good: any change to what the
//! charts count (every write but a save of a draft) changes the version and so the page's
//! addresses. An older address is still answered, with the current drawing,
//! but must be asked again each time.

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use effekt_app::error::AppError;
use effekt_app::i18n::Lang;
use effekt_app::{Asked, CHART_FOLDER, ChartName, measured};

use crate::assets::already_has;
use crate::state::ServerState;

/// The route, for the router.
pub fn route() -> String {
    format!(
        "{}/{{key}}/{CHART_FOLDER}/{{name}}",
        effekt_app::routes::MEASURES
    )
}

const KEPT: HeaderValue = HeaderValue::from_static("private, max-age=31536000, immutable");
const ASK_AGAIN: HeaderValue = HeaderValue::from_static("private, no-cache");

#[tracing::instrument(skip_all, fields(%key, %name))]
pub async fn chart(
    State(state): State<ServerState>,
    Path((key, name)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Ok(name) = ChartName::parse(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (asked, lang, version) = read_query(query.as_deref().unwrap_or_default());
    let measured = match measured(&state.for_pages(), lang, &key, asked).await {
        Ok(measured) => measured,
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        // Logged where it was turned into an `AppError`.
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Some(panel) = measured.drawn.get(name.panel()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The same address shows other figures only under another data version.
    let tag = format!("\"{}\"", measured.version);
    let cache = if version == Some(measured.version) {
        KEPT
    } else {
        ASK_AGAIN
    };
    let mut response = if already_has(&headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"))],
            panel.drawing(name).svg.clone(),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, cache);
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(ETAG, tag);
    }
    response
}

/// The page's choice, the language and the data version from the address' query. What the
/// page would not understand is left for it to refuse, as it refuses it in its own address.
fn read_query(query: &str) -> (Asked, Lang, Option<i64>) {
    let mut asked = Asked::default();
    let mut lang = Lang::Sv;
    let mut version = None;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    for (name, value) in pairs {
        match name.as_str() {
            "kind" => asked.kind = Some(value),
            "from" => asked.from = Some(value),
            "to" => asked.to = Some(value),
            "quarter" => asked.quarter = Some(value),
            "org" => asked.orgs.push(value),
            "basis" => asked.shown.basis = Some(value),
            "normalise" => asked.shown.normalise = Some(value),
            "lang" => lang = Lang::from_code(&value),
            "v" => version = value.parse().ok(),
            _ => {}
        }
    }
    (asked, lang, version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_gives_the_page_its_choice_and_the_chart_its_language_and_version() {
        let (asked, lang, version) = read_query(
            "kind=municipality&from=2024Q1&to=2025Q2&quarter=2025Q1&basis=approved\
             &normalise=employees&org=212000-0142&org=212000-1124&lang=en&v=42&other=1",
        );
        assert_eq!(asked.kind.as_deref(), Some("municipality"));
        assert_eq!(asked.from.as_deref(), Some("2024Q1"));
        assert_eq!(asked.to.as_deref(), Some("2025Q2"));
        assert_eq!(asked.quarter.as_deref(), Some("2025Q1"));
        assert_eq!(asked.orgs, ["212000-0142", "212000-1124"]);
        assert_eq!(asked.shown.basis.as_deref(), Some("approved"));
        assert_eq!(asked.shown.normalise.as_deref(), Some("employees"));
        assert_eq!(lang, Lang::En);
        assert_eq!(version, Some(42));
        let (asked, lang, version) = read_query("v=x");
        assert_eq!(asked, Asked::default());
        assert_eq!((lang, version), (Lang::Sv, None));
    }
}
