//! Two server processes on one database, as behind a load balancer: a session, the login
//! throttle and the dashboards hold across them.

use std::time::{Duration, Instant};

use effekt_tests::server_process::ServerProcess;
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url};
use serde_json::{Value, json};

/// Asks `read` until `done` holds of its answer, for at most five seconds.
async fn eventually<F, Fut>(what: &str, mut read: F, done: impl Fn(&str) -> bool)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let answer = read().await;
        if done(&answer) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}, but got:\n{answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn count_in(summary: &str, series: &str, period: &str) -> u64 {
    let rows: Vec<Value> = serde_json::from_str(summary).unwrap();
    rows.iter()
        .find(|r| r["series"] == series && r["period"] == period)
        .map_or(0, |r| r["n"].as_u64().unwrap())
}

#[tokio::test]
async fn a_session_a_saved_report_and_the_throttle_reach_the_other_instance() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let first = ServerProcess::start(&database_url, true, dir.path()).await;
    let second = ServerProcess::start(&database_url, false, dir.path()).await;

    // Signed in through the first, the same session cookie works on the second.
    let login = browser()
        .post(first.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    let session = cookie.split(';').next().unwrap().to_owned();
    let on = |server: &ServerProcess, path: &str| {
        browser().get(server.url(path)).header("Cookie", &session)
    };
    let me: Value = on(&second, "/api/v1/me")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], ADMIN_EMAIL);

    // Both answer the summary; the second has cached it before the change. A quarter of the
    // demo, whichever the calendar makes it.
    let quarter = effekt_tests::demo_draft_quarter().to_string();
    let summary = &format!("/api/v1/summary?from={quarter}&to={quarter}");
    let before = on(&second, summary)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let reported = count_in(&before, "customer_satisfaction", &quarter);
    assert!(reported > 0, "{before}");
    let dashboard = &format!("/?from={quarter}&to={quarter}");
    let page = on(&second, dashboard)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Leptos marks where hydration finds dynamic text with `<!>`. Drafts are not reported:
    // the demo leaves some of Skatteverket's quarters as drafts, so the rate is read, not known.
    let page = page.replace("<!>", "");
    let (reporting, registered) = reporting_rate(&page).unwrap_or_else(|| panic!("{page}"));
    assert_eq!(registered, 12, "{page}");

    // A new organisation and its report, saved through the first.
    let write = |path: &str, body: Value| {
        browser()
            .request(
                if path.contains("reports") && !path.ends_with("/submit") {
                    reqwest::Method::PUT
                } else {
                    reqwest::Method::POST
                },
                first.url(path),
            )
            .header("Cookie", &session)
            .json(&body)
            .send()
    };
    let created = write(
        "/api/v1/organisations",
        json!({"organisation_number": "212000-1785", "name": "Ny kommun", "kind": "municipality"}),
    )
    .await
    .unwrap();
    assert_eq!(created.status(), 201);
    let saved = write(
        &format!("/api/v1/organisations/212000-1785/reports/{quarter}"),
        json!({"values": {"customer_satisfaction": 71}}),
    )
    .await
    .unwrap();
    assert_eq!(saved.status(), 200);
    let submitted = write(
        &format!("/api/v1/organisations/212000-1785/reports/{quarter}/submit"),
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(submitted.status(), 200);

    eventually(
        "the second instance's summary counts the new report",
        || async {
            on(&second, summary)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        },
        |answer| count_in(answer, "customer_satisfaction", &quarter) == reported + 1,
    )
    .await;
    eventually(
        "the second instance's dashboard shows the new organisation",
        || async {
            let page = on(&second, dashboard)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            page.replace("<!>", "")
        },
        // The new organisation reported customer satisfaction only: that tile counts it.
        |page| {
            page.contains(&format!(
                "{} / 13 organisationer rapporterade",
                reporting + 1
            ))
        },
    )
    .await;

    // Failed logins through the first count on the second.
    for _ in 0..5 {
        let failed = browser()
            .post(first.url("/api/v1/login"))
            .json(&json!({"email": ADMIN_EMAIL, "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(failed.status(), 401);
    }
    let refused = browser()
        .post(second.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 429);
}

/// The first tile's "N / M organisationer rapporterade" on a dashboard page, as (N, M).
fn reporting_rate(page: &str) -> Option<(u32, u32)> {
    let before = &page[..page.find(" organisationer rapporterade")?];
    let mut last = before.rsplit([' ', '>']);
    let (registered, slash, reporting) = (last.next()?, last.next()?, last.next()?);
    (slash == "/").then_some(())?;
    Some((reporting.parse().ok()?, registered.parse().ok()?))
}
