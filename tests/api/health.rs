use std::collections::BTreeSet;

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

/// Every route of the API, with every method it answers, is in the OpenAPI description, and
/// the description has nothing the router lacks. The router names its paths
/// (`effekt_server::api_paths`); which methods each takes it says itself, in the `Allow` header
/// of its 405 to a method nobody uses.
#[tokio::test]
async fn the_openapi_description_is_every_route_and_nothing_else() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.0.3");
    let mut described = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if item.get(method).is_some() {
                described.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }

    let probe = reqwest::Method::from_bytes(b"PROBE").unwrap();
    let mut routed = BTreeSet::new();
    let paths = effekt_server::api_paths();
    assert!(paths.len() > 20, "the router names its paths: {paths:?}");
    for path in paths {
        // Any text does for a parameter: the method is refused before the path is read.
        let concrete: String = path
            .split('/')
            .map(|part| if part.starts_with('{') { "x" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let response = app
            .client
            .request(probe.clone(), app.url(&concrete))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{path}");
        let allow = response.headers()["allow"].to_str().unwrap().to_owned();
        // axum answers HEAD wherever it answers GET; the description leaves it implied.
        for method in allow.split(',').map(str::trim).filter(|m| *m != "HEAD") {
            routed.insert(format!("{method} {path}"));
        }
    }
    assert_eq!(
        routed.difference(&described).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "routes the description lacks"
    );
    assert_eq!(
        described.difference(&routed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "described operations no route serves"
    );
}
