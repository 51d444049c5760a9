//! The browser bundle and the pages as they travel: hashed names cached for a year, and
//! compressed when the browser accepts it.

use std::io::Read;

use effekt_server::Source;
use effekt_tests::{TestApp, spawn_app, spawn_app_configured, spawn_app_with_demo};

#[tokio::test]
async fn the_bundle_has_hashed_names_long_caching_and_precompressed_copies() {
    the_bundle_is_served_as_built(spawn_app().await).await;
}

/// As the release binary serves it when no `LEPTOS_SITE_ROOT` is set. A debug build reads the
/// embedded folder from disk, but through the same code that serves it from the binary.
#[tokio::test]
async fn the_bundle_inside_the_binary_is_served_as_from_disk() {
    let app = spawn_app_configured(|config| config.site = Source::Embedded).await;
    the_bundle_is_served_as_built(app).await;
}

async fn the_bundle_is_served_as_built(app: TestApp) {
    let page = app.get("/").await.text().await.unwrap();
    let start = page.find("/pkg/").expect("the page links the bundle");
    let folder = &page[start..start + "/pkg/".len() + 16];
    assert!(
        page.contains(&format!(r#"href="{folder}/effekt.css""#)),
        "{page}"
    );
    for file in ["effekt.js", "effekt_bg.wasm", "effekt.css"] {
        let response = app
            .client
            .get(app.url(&format!("{folder}/{file}")))
            .header("Accept-Encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{file}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let encoding = response.headers()["content-encoding"].to_str().unwrap();
        assert!(["br", "gzip"].contains(&encoding), "{file}: {encoding}");
    }
    let stale = app.get("/pkg/0000000000000000/effekt.js").await;
    assert_eq!(stale.status(), 404);
    assert!(stale.headers().get("cache-control").is_none());
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        icon.text().await.unwrap(),
        std::fs::read_to_string(effekt_tests::repo_root().join("public/favicon.svg")).unwrap()
    );
    let missing = app.get("/finns-inte.svg").await;
    assert_eq!(missing.status(), 404);
    assert!(
        missing.text().await.unwrap().contains("Sidan finns inte"),
        "the page that says so"
    );
}

#[tokio::test]
async fn pages_and_api_answers_are_compressed_for_browsers_that_accept_it() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/measures"] {
        let response = app
            .client
            .get(app.url(path))
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], "gzip", "{path}");
    }
    let plain = app.get("/api/v1/measures").await;
    assert!(plain.headers().get("content-encoding").is_none());
}

/// Found by Schemathesis: compressing a streamed export polled the finished stream again,
/// which panicked and cut the download short.
#[tokio::test]
async fn a_streamed_export_arrives_whole_when_compressed() {
    let app = spawn_app_with_demo().await;
    let quarter = effekt_tests::demo_quarters()[4];
    let path = &format!("/api/v1/export/values.csv?from={quarter}&to={quarter}");
    let plain = app.get(path).await.text().await.unwrap();
    assert!(plain.lines().count() > 100, "{plain}");
    let response = app
        .client
        .get(app.url(path))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let compressed = response.bytes().await.expect("the whole body arrives");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, plain);
}
