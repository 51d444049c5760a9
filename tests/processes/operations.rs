//! Operating the release server: stopping it gracefully, and what it writes to its log.

use std::time::Duration;

use effekt_tests::server_process::ServerProcess;
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url};
use serde_json::{Value, json};

async fn session_cookie(server: &ServerProcess, password: &str) -> reqwest::Response {
    browser()
        .post(server.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": password}))
        .send()
        .await
        .unwrap()
}

fn cookie_of(response: &reqwest::Response) -> String {
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let mut server = ServerProcess::start(&database_url, true, dir.path()).await;
    let session = cookie_of(&session_cookie(&server, ADMIN_PASSWORD).await);

    // An import whose body arrives slowly: the server is reading it when told to stop.
    let (send, receive) = tokio::sync::mpsc::channel::<&'static str>(1);
    let body = futures_util::stream::unfold(receive, |mut receive| async move {
        let chunk = receive.recv().await?;
        Some((Ok::<_, std::io::Error>(chunk), receive))
    });
    let import = tokio::spawn(
        browser()
            .post(server.url("/api/v1/import"))
            .header("Cookie", &session)
            .header("Content-Type", "text/csv")
            .body(reqwest::Body::wrap_stream(body))
            .send(),
    );
    send.send("organisation_number,period,series,value\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.send_sigterm();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = browser().get(server.url("/healthz")).send().await;
    assert!(refused.is_err(), "no new connections once stopping");

    send.send("202100-5448,2013Q1,ideas_delivered,7\n")
        .await
        .unwrap();
    drop(send);
    let response = import
        .await
        .unwrap()
        .expect("the import in flight is answered");
    assert_eq!(response.status(), 200);
    let status = server.wait_for_exit(Duration::from_secs(10)).await;
    assert!(status.success(), "{status}");

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database_url).await.unwrap();
    let stored: f64 = sqlx::query_scalar(
        "SELECT value FROM report_values WHERE organisation_number = '202100-5448' \
         AND period = '2013Q1' AND series = 'ideas_delivered'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(stored, 7.0);
}

#[tokio::test]
async fn every_request_logs_its_id_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let verbose = [("EFFEKT_LOG_FORMAT", "json"), ("RUST_LOG", "debug")];
    let server = ServerProcess::start_with(&database_url, false, dir.path(), &verbose).await;

    let wrong_password = "wrong-password-4711";
    let failed = session_cookie(&server, wrong_password).await;
    assert_eq!(failed.status(), 401);
    let login = session_cookie(&server, ADMIN_PASSWORD).await;
    let cookie = cookie_of(&login);
    let session_id = cookie.split_once('=').unwrap().1.to_owned();
    let created = browser()
        .post(server.url("/api/v1/tokens"))
        .header("Cookie", &cookie)
        .json(&json!({"name": "loggtest"}))
        .send()
        .await
        .unwrap();
    let mut ids = [failed, login, created]
        .iter()
        .map(|r| r.headers()["x-request-id"].to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    let token: Value = browser()
        .post(server.url("/api/v1/tokens"))
        .header("Cookie", &cookie)
        .json(&json!({"name": "loggtest 2"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_owned();
    let me = browser()
        .get(server.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let page = browser()
        .get(server.url("/"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    for response in [me, page] {
        ids.push(
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }

    let log = server.log();
    for secret in [ADMIN_PASSWORD, wrong_password, &session_id, &token] {
        assert!(!log.contains(secret), "the log shows a secret: {secret}");
    }
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let request_of = |line: &Value| -> Option<String> {
        line["spans"]
            .as_array()?
            .iter()
            .find(|s| s["name"] == "request")
            .and_then(|s| s["request_id"].as_str().map(str::to_owned))
    };
    for id in &ids {
        assert_eq!(id.len(), 16, "{id}");
        let own: Vec<&Value> = lines
            .iter()
            .filter(|l| request_of(l).as_deref() == Some(id.as_str()))
            .collect();
        assert!(
            own.iter()
                .any(|l| l["fields"]["message"] == "finished processing request"),
            "request {id} has its lines: {own:?}"
        );
    }
    for line in &lines {
        if line["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("tower_http"))
        {
            assert!(
                request_of(line).is_some(),
                "a request's line without its id: {line}"
            );
        }
    }
}
