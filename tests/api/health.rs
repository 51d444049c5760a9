use effekt_tests::{browser, spawn_app};
use sqlx::AnyPool;

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

/// SECURITY.md and the README: `/healthz` answers 503 while the database does not, and 200 again
/// once it does. Shown on PostgreSQL, a server that can stop answering; a SQLite database is a
/// file the server process holds open itself.
#[tokio::test]
async fn healthz_answers_503_while_the_database_does_not() {
    let Ok(postgres) = std::env::var("EFFEKT_TEST_POSTGRES_URL") else {
        eprintln!("on SQLite the database cannot stop answering on its own: run on PostgreSQL");
        return;
    };
    let app = spawn_app().await;
    let name = app
        .database_url
        .rsplit('/')
        .next()
        .expect("a database name")
        .to_owned();
    let admin = AnyPool::connect(&postgres).await.unwrap();
    let allow = |allowed: bool| {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS {allowed}"
        )))
        .execute(&admin)
    };
    allow(false).await.unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(&name)
    .fetch_all(&admin)
    .await
    .unwrap();
    // As a load balancer asks: without a session, which would need the database to look up.
    let healthz = || async { browser().get(app.url("/healthz")).send().await.unwrap() };
    let response = healthz().await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"status": "unavailable", "database": "unavailable"})
    );

    allow(true).await.unwrap();
    assert_eq!(healthz().await.status(), 200);
    admin.close().await;
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
