//! The browser bundle: served from its content-hashed folder with a year's caching, and sent
//! as the build compressed it when the browser accepts that.

use std::path::Path;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::response::Response;
use tower_http::services::ServeDir;

/// The bundle's folder under the site root: `pkg/<hash>` as `scripts/build-site` names it in
/// `pkg/current`, or `pkg` for a bundle built some other way.
pub fn pkg_dir(site_root: &Path) -> String {
    std::fs::read_to_string(site_root.join("pkg/current"))
        .ok()
        .map(|hash| hash.trim().to_owned())
        .filter(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(|| "pkg".to_owned(), |hash| format!("pkg/{hash}"))
}

/// `/pkg/…`: a file's name changes whenever its content does, so browsers may keep it.
pub fn service<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::map_response(cache_for_a_year))
}

async fn cache_for_a_year(mut response: Response) -> Response {
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

    #[test]
    fn the_bundle_folder_is_named_by_its_hash() {
        let root = tempfile::tempdir().unwrap();
        assert_eq!(pkg_dir(root.path()), "pkg");
        std::fs::create_dir(root.path().join("pkg")).unwrap();
        std::fs::write(root.path().join("pkg/current"), "0123abcd\n").unwrap();
        assert_eq!(pkg_dir(root.path()), "pkg/0123abcd");
        std::fs::write(root.path().join("pkg/current"), "../../etc\n").unwrap();
        assert_eq!(pkg_dir(root.path()), "pkg");
    }
}
