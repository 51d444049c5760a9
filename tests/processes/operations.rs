//! Operating the server: stopping it gracefully, and what it writes to its log.

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
    // A query string can carry what must not be logged: the log holds the path only.
    let query_secret = "sok-hemligt-4711";
    let me = browser()
        .get(server.url(&format!("/api/v1/me?q={query_secret}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let page = browser()
        .get(server.url(&format!("/?q={query_secret}")))
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
    for secret in [
        ADMIN_PASSWORD,
        wrong_password,
        &session_id,
        &token,
        query_secret,
    ] {
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
    // …and the path is there, without its query.
    let path_of = |id: &str| {
        lines.iter().find_map(|line| {
            line["spans"].as_array()?.iter().find_map(|s| {
                (s["name"] == "request" && s["request_id"] == id).then(|| s["path"].clone())
            })
        })
    };
    assert_eq!(path_of(&ids[3]), Some(json!("/api/v1/me")));
    assert_eq!(path_of(&ids[4]), Some(json!("/")));
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

/// Issue #16 (OWASP ASVS V7): failed sign-ins and refused requests left no trace in the log.
/// Each is logged with who asked, from where and what was refused; never the password.
#[tokio::test]
async fn failed_sign_ins_and_refused_requests_are_logged_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let json_log = [("EFFEKT_LOG_FORMAT", "json"), ("RUST_LOG", "warn")];
    let server = ServerProcess::start_with(&database_url, false, dir.path(), &json_log).await;

    let wrong_password = "wrong-password-0815";
    assert_eq!(session_cookie(&server, wrong_password).await.status(), 401);
    let admin = cookie_of(&session_cookie(&server, ADMIN_PASSWORD).await);
    let created = browser()
        .post(server.url("/api/v1/users"))
        .header("Cookie", &admin)
        .json(&json!({"email": "lasare@test.example", "password": "a password long enough", "role": "viewer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let viewer = browser()
        .post(server.url("/api/v1/login"))
        .json(&json!({"email": "lasare@test.example", "password": "a password long enough"}))
        .send()
        .await
        .unwrap();
    let refused = browser()
        .post(server.url("/api/v1/organisations"))
        .header("Cookie", cookie_of(&viewer))
        .json(&json!({"organisation_number": "202100-5489", "name": "Myndigheten", "kind": "state_agency"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let anonymous = browser()
        .get(server.url("/api/v1/me?secret=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    let log = server.log();
    assert!(!log.contains(wrong_password), "the log shows a password");
    assert!(
        !log.contains("a password long enough"),
        "the log shows a password"
    );
    let lines: Vec<Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let logged = |message: &str, field: &str, value: &str| {
        lines.iter().any(|l| {
            l["fields"]["message"] == message && l["fields"][field].as_str() == Some(value)
        })
    };
    assert!(
        logged(
            "sign-in failed: wrong e-mail address or password",
            "email",
            ADMIN_EMAIL
        ),
        "{log}"
    );
    assert!(
        logged(
            "sign-in failed: wrong e-mail address or password",
            "address",
            "127.0.0.1"
        ),
        "{log}"
    );
    assert!(
        logged("request refused", "user", "lasare@test.example"),
        "{log}"
    );
    assert!(
        logged("request refused", "path", "/api/v1/organisations"),
        "{log}"
    );
    assert!(logged("request refused", "user", "anonymous"), "{log}");
    assert!(!log.contains("secret=1"), "no query string in the log");
    let refusal = lines
        .iter()
        .find(|l| l["fields"]["message"] == "request refused" && l["fields"]["status"] == 403)
        .expect("the 403 is logged with its status");
    assert_eq!(refusal["fields"]["method"], "POST");
}
