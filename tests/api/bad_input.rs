//! Hostile and broken input, each answered with a clear 4xx and nothing stored.

use effekt_tests::{SIGN_IN_COUNTS, TestApp, demo_draft_quarter, spawn_app_with_demo};
use serde_json::{Value, json};

/// A report the demo keeps as a draft, so that the writes the tests expect to succeed may.
fn report() -> String {
    format!(
        "/api/v1/organisations/202100-5448/reports/{}",
        demo_draft_quarter()
    )
}
const CSV_HEADER: &str = "organisation_number,period,series,value\n";

/// Sends `body` with `content_type` to `path` and checks the answer is `status` with an error
/// message, and that nothing in the database changed.
async fn refused(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    content_type: &str,
    body: impl AsRef<[u8]>,
    status: u16,
) -> Value {
    let body = body.as_ref().to_vec();
    let start = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
    let before = app.snapshot().await;
    let response = app
        .client
        .request(method, app.url(path))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), status, "{path} {start}");
    let text = response.text().await.unwrap();
    let error: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON: {text}"));
    assert!(
        error["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{error}"
    );
    assert_eq!(app.snapshot().await, before, "nothing changed for {path}");
    error
}

async fn refused_import(app: &TestApp, body: impl AsRef<[u8]>, status: u16) -> Value {
    refused(
        app,
        reqwest::Method::POST,
        "/api/v1/import",
        "text/csv",
        body,
        status,
    )
    .await
}

#[tokio::test]
async fn oversized_bodies_and_uploads_are_413() {
    let app = spawn_app_with_demo().await;
    let padding = "x".repeat(3 * 1024 * 1024);
    let json_body = json!({"values": {}, "lessons": padding}).to_string();
    refused(
        &app,
        reqwest::Method::PUT,
        &report(),
        "application/json",
        json_body,
        413,
    )
    .await;

    let mut csv = String::from(CSV_HEADER);
    let row = "202100-5448,2026Q3,ideas_delivered,1\n";
    while csv.len() <= 33 * 1024 * 1024 {
        csv.push_str(row);
    }
    refused_import(&app, csv.clone(), 413).await;

    let before = app.snapshot().await;
    let part = reqwest::multipart::Part::text(csv).file_name("stor.csv");
    let upload = app
        .client
        .post(app.url("/import/upload"))
        .header("Origin", app.address.clone())
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 413);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn deep_or_huge_json_is_refused() {
    let app = spawn_app_with_demo().await;
    let deep = format!(
        r#"{{"values": {{"ideas_delivered": {}1{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    refused(
        &app,
        reqwest::Method::PUT,
        &report(),
        "application/json",
        deep,
        400,
    )
    .await;

    let many: serde_json::Map<String, Value> = (0..50_000)
        .map(|i| (format!("series_{i}"), json!(1)))
        .collect();
    let huge = json!({"values": many}).to_string();
    let error = refused(
        &app,
        reqwest::Method::PUT,
        &report(),
        "application/json",
        huge,
        422,
    )
    .await;
    assert!(error["details"].as_array().is_some_and(|d| !d.is_empty()));

    for not_json in ["", "{", "null", "[]", "\u{0}"] {
        refused(
            &app,
            reqwest::Method::PUT,
            &report(),
            "application/json",
            not_json,
            400,
        )
        .await;
    }
}

#[tokio::test]
async fn broken_csv_files_are_refused_whole() {
    let app = spawn_app_with_demo().await;
    let mut not_utf8 = CSV_HEADER.as_bytes().to_vec();
    not_utf8.extend_from_slice(b"202100-5448,2026Q3,ideas_delivered,\xff\xfe1\n");
    let error = refused_import(&app, not_utf8, 422).await;
    assert!(error.to_string().contains("UTF-8"), "{error}");

    let wide = format!("{CSV_HEADER}{}\n", ",".repeat(1_000_000));
    let error = refused_import(&app, wide, 422).await;
    assert!(error.to_string().contains("fields"), "{error}");

    let endless = format!(
        "{CSV_HEADER}202100-5448,2026Q3,ideas_delivered,{}",
        "9".repeat(20_000_000)
    );
    refused_import(&app, endless, 422).await;

    let quote = format!("{CSV_HEADER}202100-5448,2026Q3,\"ideas_delivered,1\n");
    refused_import(&app, quote, 422).await;

    for not_finite in ["NaN", "inf", "-inf", "Infinity", "1e999", &"9".repeat(400)] {
        let csv = format!("{CSV_HEADER}202100-5448,2026Q3,customer_satisfaction,{not_finite}\n");
        let error = refused_import(&app, csv, 422).await;
        assert!(
            error.to_string().contains("number"),
            "{not_finite}: {error}"
        );
    }
}

#[tokio::test]
async fn sql_metacharacters_are_stored_as_text_or_refused() {
    let app = spawn_app_with_demo().await;
    let name = "Robert'); DROP TABLE organisations;-- \" \\ %_";
    let created = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": "212000-1785", "name": name, "kind": "municipality"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let listed: Value = app.get("/api/v1/organisations").await.json().await.unwrap();
    let stored = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organisation_number"] == "212000-1785")
        .unwrap();
    assert_eq!(stored["name"], name);
    let saved = app
        .put_json(
            &report(),
            &json!({"values": {"ideas_delivered": 3}, "lessons": "' OR 1=1 --"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let stored: Value = app.get(&report()).await.json().await.unwrap();
    assert_eq!(stored["lessons"], "' OR 1=1 --");

    for query in [
        "kind=' OR 1=1 --",
        "from=2025Q1' --",
        "to=2025Q1;DELETE FROM reports",
        "series=x'); DROP TABLE report_values;--",
    ] {
        let path = format!("/api/v1/summary?{query}");
        let before = app.snapshot().await;
        let status = app.get(&path).await.status().as_u16();
        assert!([400, 422].contains(&status), "{query}: {status}");
        assert_eq!(app.snapshot().await, before);
    }
    let sneaky = json!({"values": {"ideas_delivered' OR '1'='1": 1}});
    let before = app.snapshot().await;
    assert_eq!(app.put_json(&report(), &sneaky).await.status(), 422);
    assert_eq!(app.snapshot().await, before);
    // A refused sign-in is counted against its address, by design: nothing else changes.
    let before = app.snapshot_without(&[SIGN_IN_COUNTS]).await;
    let login = app
        .post_json(
            "/api/v1/login",
            &json!({"email": "' OR 1=1 --", "password": "x' OR 'a'='a"}),
        )
        .await;
    assert_eq!(login.status(), 401);
    assert_eq!(app.snapshot_without(&[SIGN_IN_COUNTS]).await, before);
}

#[tokio::test]
async fn path_tricks_in_identifiers_are_400() {
    let app = spawn_app_with_demo().await;
    let before = app.snapshot().await;
    for path in [
        "/api/v1/organisations/202100-5448/reports/..%2F2026Q3",
        "/api/v1/organisations/202100-5448/reports/2026Q3%00",
        "/api/v1/organisations/202100-5448%2F..%2F202100-5521/reports/2026Q3",
        "/api/v1/organisations/%2e%2e/reports/2026Q3",
        "/api/v1/organisations/202100-5448/reports/2026Q3;DROP",
    ] {
        let response = app
            .put_json(path, &json!({"values": {"ideas_delivered": 1}}))
            .await;
        assert!(
            [400, 404].contains(&response.status().as_u16()),
            "{path}: {}",
            response.status()
        );
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn script_in_text_fields_is_escaped_on_every_page() {
    let app = spawn_app_with_demo().await;
    let script = "</textarea><script>alert('x')</script><img src=x onerror=alert(1)>";
    let created = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": "212000-1785", "name": format!("Ny {script}"), "kind": "municipality"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let path = "/api/v1/organisations/212000-1785/reports/2026Q3";
    let reported = app
        .put_json(path, &json!({"values": {"ideas_delivered": 2}}))
        .await;
    assert_eq!(reported.status(), 200);
    let saved = app
        .put_json(
            &report(),
            &json!({"values": {"ideas_delivered": 3}, "lessons": script}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let form = format!(
        "/rapport?organisation=202100-5448&period={}",
        demo_draft_quarter()
    );
    for page in [
        "/",
        form.as_str(),
        "/organisationer",
        "/organisationer/202100-5448",
        "/organisationer/202100-5448/historik",
        "/organisationer/212000-1785",
        "/organisationer/212000-1785/historik",
        "/matt/ideas?organisations=212000-1785",
        "/admin",
        "/admin/organisationer",
    ] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 200, "{page}");
        let html = response.text().await.unwrap();
        if let Some(at) = html.find("<script>alert") {
            panic!("{page}: {}", &html[at.saturating_sub(100)..at + 300]);
        }
        assert!(!html.contains("<img src=x"), "{page}");
    }
    let organisation_page = app
        .get("/organisationer/212000-1785")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        organisation_page.contains("&lt;script&gt;alert"),
        "the name is shown, escaped"
    );
}
