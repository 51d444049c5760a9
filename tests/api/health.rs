use effekt_tests::spawn_app;

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn unknown_api_paths_answer_404_in_the_error_format() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("no such"));
    assert_eq!(body["details"], serde_json::json!([]));
}

#[tokio::test]
async fn the_openapi_description_covers_each_endpoint() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.0.3");
    let paths = document["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/healthz", &["get"][..]),
        ("/api/v1/measures", &["get"]),
        ("/api/v1/organisations", &["get", "post"]),
        (
            "/api/v1/organisations/{orgnr}/reports/{period}",
            &["get", "put"],
        ),
        ("/api/v1/summary", &["get"]),
        ("/api/v1/export/values.csv", &["get"]),
        ("/api/v1/export/summary.csv", &["get"]),
        ("/api/v1/import", &["post"]),
    ] {
        for method in methods {
            assert!(paths[path].get(*method).is_some(), "{method} {path}");
        }
    }
}
