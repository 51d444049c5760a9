//! Reporting rate and timeliness (issue #17, item 2): `GET /api/v1/completeness`, its CSV, the
//! quarters' deadlines, the page, and the dashboard tiles' link to it.
//!
//! The quarters move with the calendar, so deadlines are set relative to them: a quarter's
//! deadline 300 days after it ended is always still ahead (today is at most 92 days after the
//! last quarter that ended), and the day after a quarter ended is always past for the quarter
//! before it.

use effekt::Period;
use effekt_tests::{TestApp, spawn_app, spawn_app_with_demo};
use serde_json::{Value, json};
use sqlx::Row;

const ORGS: [(&str, &str); 4] = [
    ("202100-5448", "state_agency"),
    ("202100-5521", "state_agency"),
    ("212000-0142", "state_agency"),
    ("212000-1355", "municipality"),
];

fn day(date: time::Date) -> String {
    effekt::iso_date(date)
}

fn days_after_end(period: Period, days: i64) -> String {
    day(period.last_day() + time::Duration::days(days))
}

async fn step(app: &TestApp, organisation: &str, period: Period, steps: &[&str]) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}");
    let put = app
        .put_json(&path, &json!({"values": {"ideas_delivered": 3}}))
        .await;
    assert_eq!(put.status(), 200);
    for step in steps {
        let response = app.post_json(&format!("{path}/{step}"), &json!({})).await;
        assert_eq!(response.status(), 200, "{step} {organisation} {period}");
    }
}

async fn set_deadline(app: &TestApp, period: Period, deadline: &str) -> reqwest::Response {
    app.put_json(
        &format!("/api/v1/deadlines/{period}"),
        &json!({ "deadline": deadline }),
    )
    .await
}

async fn json_of(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Four organisations (three agencies, one municipality) and two quarters: the one that ended
/// last, with its deadline still ahead, and the one before, with its deadline the day after it
/// ended, so every report submitted now is late there.
async fn seeded() -> (TestApp, Period, Period) {
    let app = spawn_app().await;
    for (i, (number, kind)) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let ended = Period::last_ended();
    let before = ended.previous().unwrap();
    let ahead = days_after_end(ended, 300);
    assert_eq!(set_deadline(&app, ended, &ahead).await.status(), 200);
    let past = days_after_end(before, 1);
    assert_eq!(set_deadline(&app, before, &past).await.status(), 200);
    let approve: &[&str] = &["submit", "approve"];
    step(&app, ORGS[0].0, ended, approve).await;
    step(&app, ORGS[1].0, ended, &["submit"]).await;
    step(&app, ORGS[2].0, ended, &[]).await;
    step(&app, ORGS[3].0, ended, &["submit"]).await;
    step(&app, ORGS[0].0, before, &["submit"]).await;
    step(&app, ORGS[1].0, before, approve).await;
    (app, ended, before)
}

#[tokio::test]
async fn completeness_counts_reported_approved_and_on_time_worked_out_by_hand() {
    let (app, ended, before) = seeded().await;
    let ahead = days_after_end(ended, 300);
    let past = days_after_end(before, 1);
    let all = json_of(
        &app,
        &format!("/api/v1/completeness?from={before}&to={ended}"),
    )
    .await;
    assert_eq!(
        all,
        json!([
            {"period": before.to_string(), "expected": 4, "reported": 2, "approved": 1,
             "on_time": 0, "deadline": past},
            {"period": ended.to_string(), "expected": 4, "reported": 3, "approved": 1,
             "on_time": 3, "deadline": ahead},
        ])
    );
    let agencies = json_of(
        &app,
        &format!("/api/v1/completeness?from={ended}&to={ended}&kind=state_agency"),
    )
    .await;
    assert_eq!(
        agencies,
        json!([{"period": ended.to_string(), "expected": 3, "reported": 2, "approved": 1,
                "on_time": 2, "deadline": ahead}])
    );

    // The default range: the eight quarters up to the last that ended, a quarter without
    // reports a row of zeros with the default deadline, 45 days after it ended.
    let default = json_of(&app, "/api/v1/completeness").await;
    let rows = default.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[7]["period"], ended.to_string());
    let oldest = Period::from_index(ended.index() - 7).unwrap();
    assert_eq!(
        rows[0],
        json!({"period": oldest.to_string(), "expected": 4, "reported": 0, "approved": 0,
               "on_time": 0, "deadline": days_after_end(oldest, 45)})
    );

    // A later deadline that has passed makes the same reports late.
    let passed = days_after_end(ended, 1);
    assert_eq!(set_deadline(&app, ended, &passed).await.status(), 200);
    let later = json_of(
        &app,
        &format!("/api/v1/completeness?from={ended}&to={ended}"),
    )
    .await;
    assert_eq!(later[0]["on_time"], 0);
    assert_eq!(later[0]["reported"], 3);
}

#[tokio::test]
async fn completeness_exports_as_csv_in_both_formats() {
    let (app, ended, before) = seeded().await;
    let query = format!("from={before}&to={ended}");
    let response = app
        .get(&format!("/api/v1/export/completeness.csv?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = response.text().await.unwrap();
    assert_eq!(
        text,
        format!(
            "period,expected,reported,approved,on_time,deadline\r\n\
             {before},4,2,1,0,{}\r\n{ended},4,3,1,3,{}\r\n",
            days_after_end(before, 1),
            days_after_end(ended, 300)
        )
    );
    let excel = app
        .get(&format!(
            "/api/v1/export/completeness.csv?{query}&format=excel-sv"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        excel,
        format!(
            "\u{feff}period;expected;reported;approved;on_time;deadline\r\n\
             {before};4;2;1;0;{}\r\n{ended};4;3;1;3;{}\r\n",
            days_after_end(before, 1),
            days_after_end(ended, 300)
        )
    );
}

#[tokio::test]
async fn a_report_is_on_time_by_its_first_submission_not_a_later_one() {
    let (app, ended, _) = seeded().await;
    let db = app.db().await;
    let org = ORGS[1].0;
    // As if first submitted long before: reopened and submitted again now, it stays that.
    let early = "2000-01-01T00:00:00.000000Z";
    sqlx::query(
        "UPDATE reports SET first_submitted_at = $1 WHERE organisation_number = $2 AND period = $3",
    )
    .bind(early)
    .bind(org)
    .bind(ended.to_string())
    .execute(&db)
    .await
    .unwrap();
    let path = format!("/api/v1/organisations/{org}/reports/{ended}");
    for step in ["reopen", "submit"] {
        let response = app.post_json(&format!("{path}/{step}"), &json!({})).await;
        assert_eq!(response.status(), 200, "{step}");
    }
    let first: String = sqlx::query(
        "SELECT first_submitted_at FROM reports WHERE organisation_number = $1 AND period = $2",
    )
    .bind(org)
    .bind(ended.to_string())
    .fetch_one(&db)
    .await
    .unwrap()
    .get(0);
    assert_eq!(first, early);
    // A draft that was never submitted has no first submission.
    let never: Option<String> = sqlx::query(
        "SELECT first_submitted_at FROM reports WHERE organisation_number = $1 AND period = $2",
    )
    .bind(ORGS[2].0)
    .bind(ended.to_string())
    .fetch_one(&db)
    .await
    .unwrap()
    .get(0);
    assert_eq!(never, None);
}

#[tokio::test]
async fn bad_completeness_queries_are_refused_by_parameter_and_only_signed_in_users_read() {
    let app = spawn_app().await;
    let next = Period::current().next().unwrap();
    for (query, field) in [
        ("from=2025Q5", "from"),
        ("to=2025Q13", "to"),
        ("from=2025Q3&to=2025Q1", "to"),
        ("kind=city", "kind"),
        (&format!("to={next}") as &str, "to"),
        ("from=1900Q1&to=2025Q1", "to"),
        ("format=xls", "format"),
    ] {
        for path in ["/api/v1/completeness", "/api/v1/export/completeness.csv"] {
            let response = app.get(&format!("{path}?{query}")).await;
            assert_eq!(response.status(), 422, "{path}?{query}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["details"][0]["field"], field, "{path}?{query}");
        }
    }
    let anonymous = effekt_tests::browser();
    for path in ["/api/v1/completeness", "/api/v1/export/completeness.csv"] {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
    }
}

/// Issue #18 moved setting a deadline into a use case without changing its answers: the date
/// is read before who may set it is asked, so a bad date is 422 for anyone.
#[tokio::test]
async fn a_bad_deadline_is_422_whoever_sends_it() {
    let app = spawn_app().await;
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let before = app.snapshot().await;
    let response = viewer
        .put(app.url(&format!("/api/v1/deadlines/{}", Period::last_ended())))
        .json(&json!({"deadline": "30/04/2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["details"][0]["field"], "deadline");
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn administrators_set_a_quarters_deadline_and_nobody_else_does() {
    let app = spawn_app().await;
    let ended = Period::last_ended();
    let path = format!("/api/v1/deadlines/{ended}");
    let default = json_of(&app, &path).await;
    assert_eq!(
        default,
        json!({"period": ended.to_string(), "deadline": days_after_end(ended, 45), "set": false})
    );

    let before = app.snapshot().await;
    let quarter_end = day(ended.last_day());
    let too_late = days_after_end(ended, 367);
    for (bad, status, field) in [
        ("30/04/2026", 422, Some("deadline")),
        ("2026-02-30", 422, Some("deadline")),
        (quarter_end.as_str(), 422, Some("deadline")),
        (too_late.as_str(), 422, Some("deadline")),
    ] {
        let response = set_deadline(&app, ended, bad).await;
        assert_eq!(response.status(), status, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["details"][0]["field"].as_str(), field, "{bad}");
    }
    let next = Period::current().next().unwrap();
    let response = set_deadline(&app, next, &days_after_end(next, 10)).await;
    assert_eq!(response.status(), 422, "a quarter that has not begun");
    let response = app
        .put_json(
            "/api/v1/deadlines/2025Q9",
            &json!({"deadline": "2026-01-01"}),
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused deadline changes nothing"
    );
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let before = app.snapshot().await;
    let response = viewer
        .put(app.url(&path))
        .json(&json!({"deadline": days_after_end(ended, 30)}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.snapshot().await,
        before,
        "a viewer's deadline changes nothing"
    );
    assert_eq!(json_of(&app, &path).await, default);

    let response = set_deadline(&app, ended, &days_after_end(ended, 30)).await;
    assert_eq!(response.status(), 200);
    let set: Value = response.json().await.unwrap();
    assert_eq!(
        set,
        json!({"period": ended.to_string(), "deadline": days_after_end(ended, 30), "set": true})
    );
    assert_eq!(json_of(&app, &path).await, set);

    // The change is in the audit trail, from the default to the new day.
    let audit = json_of(&app, "/api/v1/audit").await;
    let change = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["series"] == "deadline")
        .expect("the deadline change is audited");
    assert_eq!(change["period"], ended.to_string());
    assert_eq!(change["old"], days_after_end(ended, 45));
    assert_eq!(change["new"], days_after_end(ended, 30));
}

/// The demo's reports, counted by the test's own SQL and its own calendar (a quarter ends on
/// 31 March, 30 June, 30 September or 31 December; the default deadline is 45 days later),
/// match what the API answers; and the demo has reports on time and late to show.
#[tokio::test]
async fn the_demos_completeness_matches_an_independent_count() {
    let app = spawn_app_with_demo().await;
    let answered = json_of(&app, "/api/v1/completeness").await;
    let db = app.db().await;
    let expected: i64 = sqlx::query("SELECT COUNT(*) FROM organisations")
        .fetch_one(&db)
        .await
        .unwrap()
        .get(0);
    let reports = sqlx::query("SELECT period, status, first_submitted_at FROM reports")
        .fetch_all(&db)
        .await
        .unwrap();
    let deadline = |period: &str| {
        let year: i32 = period[..4].parse().unwrap();
        match &period[4..] {
            "Q1" => format!("{year}-05-15"),
            "Q2" => format!("{year}-08-14"),
            "Q3" => format!("{year}-11-14"),
            _ => format!("{}-02-14", year + 1),
        }
    };
    let (mut on_time_total, mut late_total) = (0, 0);
    for row in answered.as_array().unwrap() {
        let period = row["period"].as_str().unwrap();
        let mine: Vec<(String, Option<String>)> = reports
            .iter()
            .filter(|r| r.get::<String, _>(0) == period)
            .map(|r| (r.get(1), r.get(2)))
            .collect();
        let reported = mine.iter().filter(|(s, _)| s != "draft").count();
        let approved = mine.iter().filter(|(s, _)| s == "approved").count();
        let on_time = mine
            .iter()
            .filter(|(s, first)| {
                s != "draft" && first.as_ref().is_some_and(|f| f[..10] <= *deadline(period))
            })
            .count();
        assert_eq!(
            row,
            &json!({"period": period, "expected": expected, "reported": reported,
                    "approved": approved, "on_time": on_time, "deadline": deadline(period)}),
        );
        on_time_total += on_time;
        late_total += reported - on_time;
    }
    assert!(
        on_time_total > 0 && late_total > 0,
        "{on_time_total} {late_total}"
    );
}

#[tokio::test]
async fn the_reporting_page_shows_rates_and_who_has_not_reported_and_tiles_link_to_it() {
    let (app, ended, before) = seeded().await;
    let response = app
        .get(&format!("/rapportering?from={before}&to={ended}"))
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap().replace("<!>", "");
    assert!(page.contains("<h1>Rapportering</h1>"), "{page}");
    // The latest quarter in words (the chart's caption) and in the table, newest first.
    let label = ended.label_sv();
    assert!(
        page.contains(&format!(
            "{label}: 3 av 4 har rapporterat (75 %), 3 i tid (75 %)."
        )),
        "{page}"
    );
    let row = format!(
        "<th scope=\"row\">{label}</th><td><time datetime=\"{0}\">{0}</time> (satt av administratör)</td><td>4</td><td>3</td><td>75 %</td><td>1</td><td>3</td><td>75 %</td>",
        days_after_end(ended, 300)
    );
    assert!(page.contains(&row), "{page}");
    // Who has not reported the latest quarter: the draft, named with its status.
    let missing = page.split("Har inte rapporterat").nth(1).unwrap();
    assert!(missing.contains("Org 2</a> (Utkast)"), "{missing}");
    assert!(!missing.contains("Org 0"));
    assert!(page.contains("/api/v1/export/completeness.csv?kind=&amp;from="));

    // In English too.
    app.switch_to_english().await;
    let english = app
        .page_text(&format!("/rapportering?from={before}&to={ended}"))
        .await;
    assert!(english.contains("<h1>Reporting</h1>"), "{english}");
    assert!(
        english.contains(&format!(
            "{}: 3 of 4 have reported (75 %), 3 on time (75 %).",
            ended.label_en()
        )),
        "{english}"
    );
    assert!(english.contains("Org 2</a> (Draft)"), "{english}");
    assert!(english.contains("(set by an administrator)"));

    // A quarter that is not one is no such page.
    assert_eq!(app.get("/rapportering?to=2025Q9").await.status(), 404);

    // Each dashboard tile's "n / m organisations reported" leads here.
    let dashboard = app.get("/").await.text().await.unwrap();
    assert!(
        dashboard.contains("href=\"/rapportering?kind=&amp;to="),
        "{dashboard}"
    );
}

#[tokio::test]
async fn the_deadline_form_works_without_javascript_and_explains_a_bad_date() {
    let app = spawn_app().await;
    let ended = Period::last_ended();
    let page = app.page_text(&format!("/admin?period={ended}")).await;
    assert!(page.contains(&format!("value=\"{}\"", days_after_end(ended, 45))));

    let before = app.snapshot().await;
    let period = ended.to_string();
    let response = app
        .post_form(
            "/sf/set_deadline",
            "/admin",
            &[("period", period.as_str()), ("deadline", "den femte")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    assert_eq!(app.snapshot().await, before);
    let page = app.page_text(&location).await;
    assert!(
        page.contains("Skriv sista rapporteringsdagen som ÅÅÅÅ-MM-DD."),
        "{page}"
    );

    let new = days_after_end(ended, 20);
    let response = app
        .post_form(
            "/sf/set_deadline",
            "/admin",
            &[("period", period.as_str()), ("deadline", new.as_str())],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.ends_with(&format!("/admin?period={ended}&frist=1#deadline-heading")),
        "{location}"
    );
    let page = app.page_text(&location).await;
    assert!(page.contains("Sista rapporteringsdagen är sparad."));
    assert!(page.contains(&format!("value=\"{new}\"")));
}
