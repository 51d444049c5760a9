//! The browser bundle, CSS and static files, from inside the binary or from the folder that
//! `LEPTOS_SITE_ROOT` names. The bundle is served from its content-hashed folder with a
//! year's caching, and sent as the build compressed it when the browser accepts that.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::middleware::security_headers;
use crate::source::Source;

/// `target/site` as it was when the binary was built, its files inside the binary in debug
/// builds too (rust-embed's `debug-embed`): the tests run the debug server and must serve what
/// a release one does. `server/build.rs` rebuilds the binary whenever the folder changes; to
/// serve a bundle rebuilt since, name the folder in `LEPTOS_SITE_ROOT`.
#[derive(RustEmbed)]
#[folder = "../target/site/"]
// The lints run before the site is built (`scripts/test`); a binary built without it refuses
// to start (`has_embedded_bundle`).
#[allow_missing = true]
// The static page `scripts/bench` leaves there to compare with is not part of the site.
#[exclude = "bench-*"]
struct Embedded;

/// The bundle's folder under the site root: `pkg/<hash>` as `scripts/build-site` names it in
/// `pkg/current`, or `pkg` for a bundle built some other way.
pub fn pkg_dir(site: &Source) -> String {
    let current = match site {
        Source::Embedded => Embedded::get("pkg/current").map(|file| file.data.into_owned()),
        Source::Disk(root) => std::fs::read(root.join("pkg/current")).ok(),
    };
    current
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(|hash| hash.trim().to_owned())
        .filter(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(|| "pkg".to_owned(), |hash| format!("pkg/{hash}"))
}

/// Whether the binary carries a browser bundle: a binary built before
/// `scripts/build-site` would serve pages that never hydrate and have no style.
pub fn has_embedded_bundle() -> bool {
    Embedded::get(&format!("{}/effekt.js", pkg_dir(&Source::Embedded))).is_some()
}

/// The site's files, answered before every other layer of the router: a file needs no session,
/// no request log and no compression (the bundle is compressed by the build), and running
/// them cost a 239-byte file nine tenths of its speed (issue #19, the static-file row of
/// `scripts/bench`). The security headers are added here instead. A file's name has a dot in
/// its last segment, which no page's or API route's name without one can be confused with;
/// a name that is no file goes on to the router, which answers with the page that says so.
/// Under `/pkg/` a file's name changes whenever its content does, so browsers may keep it,
/// and a missing one is a plain 404.
pub async fn site_first(
    State(site): State<Source>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let bundle = path.starts_with("/pkg/");
    let file_name = path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    if !bundle && !file_name {
        return next.run(request).await;
    }
    let mut response = match site_file(&site, request.uri(), request.headers()).await {
        Some(file) if bundle => cache_for_a_year(file),
        Some(file) => file,
        None if bundle => StatusCode::NOT_FOUND.into_response(),
        None => return next.run(request).await,
    };
    security_headers::insert(response.headers_mut());
    response
}

/// A file at the top of the site, such as `/favicon.svg`; `None` when there is none, for the
/// caller to answer with the page that says so. Only read, whatever the request's method.
async fn site_file(site: &Source, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let response = match site {
        Source::Embedded => embedded::<Embedded>(uri.path(), headers),
        Source::Disk(root) => {
            let mut request = Request::get(uri.clone());
            for name in [ACCEPT_ENCODING, IF_NONE_MATCH] {
                if let Some(value) = headers.get(&name) {
                    request = request.header(name, value);
                }
            }
            let request = request.body(Body::empty()).ok()?;
            let files = ServeDir::new(root).precompressed_br().precompressed_gzip();
            match files.oneshot(request).await {
                Ok(response) => response.into_response(),
                Err(error) => match error {},
            }
        }
    };
    matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED).then_some(response)
}

/// The embedded file at `path` (without its leading `/`), or its brotli or gzip copy made by
/// `scripts/build-site` when the browser accepts that; 304 when the browser has it already.
fn embedded<E: RustEmbed>(path: &str, headers: &HeaderMap) -> Response {
    let path = path.trim_start_matches('/');
    let Some(file) = E::get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let compressed = [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter_map(|(coding, extension)| {
            E::get(&format!("{path}.{extension}")).map(|copy| (coding, copy))
        })
        .collect::<Vec<_>>();
    let vary = !compressed.is_empty();
    let (coding, file) = compressed
        .into_iter()
        .find(|(coding, _)| accepts(headers, coding))
        .map_or((None, file), |(coding, copy)| (Some(coding), copy));
    let tag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    let mut response = if already_has(headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Body::from(file.data).into_response();
        response.headers_mut().insert(CONTENT_TYPE, content_type);
        if let Some(coding) = coding {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    };
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(ETAG, tag);
    }
    if vary {
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether the request's `If-None-Match` names `tag`: the browser has that version already.
pub fn already_has(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|candidate| candidate.trim().trim_start_matches("W/") == tag)
}

/// Whether `Accept-Encoding` takes `coding`: named, and not refused with `q=0`.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let named = parts
                .next()
                .is_some_and(|name| name.trim().eq_ignore_ascii_case(coding));
            let refused = parts.any(|parameter| {
                parameter
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    == Some(0.0)
            });
            named && !refused
        })
}

fn cache_for_a_year(mut response: Response) -> Response {
    if response.status().is_success() {
        response.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site as `scripts/build-site` lays it out, with stand-ins for the compressed copies.
    #[derive(RustEmbed)]
    #[folder = "fixtures/site/"]
    struct Fixture;

    fn request(pairs: &[(axum::http::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap()))
            .collect()
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn the_bundle_folder_is_named_by_its_hash() {
        let root = tempfile::tempdir().unwrap();
        let site = Source::Disk(root.path().to_owned());
        assert_eq!(pkg_dir(&site), "pkg");
        std::fs::create_dir(root.path().join("pkg")).unwrap();
        std::fs::write(root.path().join("pkg/current"), "0123abcd\n").unwrap();
        assert_eq!(pkg_dir(&site), "pkg/0123abcd");
        std::fs::write(root.path().join("pkg/current"), "../../etc\n").unwrap();
        assert_eq!(pkg_dir(&site), "pkg");
    }

    #[tokio::test]
    async fn an_embedded_file_goes_out_compressed_as_the_browser_accepts() {
        let path = "/pkg/0123abcd/effekt.js";
        let cases = [
            ("gzip, deflate, br, zstd", Some("br"), "brotli copy\n"),
            ("gzip", Some("gzip"), "gzip copy\n"),
            ("br;q=0, gzip;q=0.5", Some("gzip"), "gzip copy\n"),
            ("BR", Some("br"), "brotli copy\n"),
            ("identity", None, "export const x = 1;\n"),
            ("", None, "export const x = 1;\n"),
        ];
        for (accepted, coding, text) in cases {
            let response = embedded::<Fixture>(path, &request(&[(ACCEPT_ENCODING, accepted)]));
            assert_eq!(response.status(), StatusCode::OK, "{accepted}");
            let headers = response.headers();
            assert_eq!(headers[CONTENT_TYPE], "text/javascript", "{accepted}");
            assert_eq!(
                headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
                coding,
                "{accepted}"
            );
            assert_eq!(headers[VARY], "accept-encoding");
            assert_eq!(body(response).await, text, "{accepted}");
        }
    }

    #[tokio::test]
    async fn a_file_without_compressed_copies_goes_out_as_it_is() {
        let response = embedded::<Fixture>("/favicon.svg", &request(&[(ACCEPT_ENCODING, "br")]));
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "image/svg+xml");
        assert!(response.headers().get(CONTENT_ENCODING).is_none());
        assert!(response.headers().get(VARY).is_none());
        assert_eq!(body(response).await, "<svg/>\n");
    }

    #[test]
    fn a_file_the_browser_has_is_not_sent_again_and_a_missing_one_is_not_found() {
        let path = "/pkg/0123abcd/effekt.js";
        let first = embedded::<Fixture>(path, &request(&[(ACCEPT_ENCODING, "br")]));
        let tag = first.headers()[ETAG].to_str().unwrap().to_owned();
        // The sha256 of "brotli copy\n", worked out with `sha256sum`.
        assert_eq!(
            tag,
            "\"6e68a7fbcbcae7f56b3f7a44dc9a482d2924b2660841e87954751b1fe7f71453\""
        );
        let again = embedded::<Fixture>(
            path,
            &request(&[(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, &tag)]),
        );
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        // The plain file's tag is another: a browser without brotli gets it sent.
        let plain = embedded::<Fixture>(path, &request(&[(IF_NONE_MATCH, &tag)]));
        assert_eq!(plain.status(), StatusCode::OK);
        for missing in [
            "/pkg/0123abcd/nothing.js",
            "/pkg/0123abcd/",
            "/",
            "/../Cargo.toml",
        ] {
            let response = embedded::<Fixture>(missing, &HeaderMap::new());
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        }
    }
}
