//! The audit trail over HTTP: what each change records, who reads which part of it, and pages.

use effekt_tests::{TestApp, browser, fields_in_error, spawn_app};
use reqwest::Client;
use serde_json::{Value, json};

const OWN: &str = "202100-5448";
const OTHER: &str = "212000-0142";
const ANALYST: &str = "analytiker@test.example";

/// Two organisations, a report of the first, and a viewer; as the administrator.
async fn setup() -> (TestApp, Client) {
    let app = spawn_app().await;
    for (number, name, kind) in [
        (OWN, "Skatteverket", "state_agency"),
        (OTHER, "Stockholms stad", "municipality"),
    ] {
        let body = json!({"organisation_number": number, "name": name, "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    (app, viewer)
}

/// A GET as `client`: the status, the `X-Total-Count` header and the JSON body.
async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, Option<u64>, Value) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let total = response
        .headers()
        .get("x-total-count")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (status, total, response.json().await.unwrap())
}

fn rows(body: &Value) -> &Vec<Value> {
    body.as_array().expect("a JSON array")
}

#[tokio::test]
async fn a_goal_change_records_the_whole_old_and_new_goal() {
    let (app, viewer) = setup().await;
    let path = format!("/api/v1/organisations/{OWN}/goal");
    let first = json!({"name": "Digitala ärenden", "baseline": 120, "deadline": "2027Q4"});
    let second = json!({"name": "Handläggningstid", "baseline": 40, "deadline": "2028Q2",
        "lower_is_better": true});
    for goal in [first, second] {
        assert_eq!(app.put_json(&path, &goal).await.status(), 200);
    }
    let (status, _, history) = get(
        &app,
        &viewer,
        &format!("/api/v1/organisations/{OWN}/history"),
    )
    .await;
    assert_eq!(status, 200);
    let goals: Vec<(&Value, &Value)> = rows(&history)
        .iter()
        .filter(|c| c["series"] == "goal")
        .map(|c| (&c["old"], &c["new"]))
        .collect();
    assert_eq!(goals.len(), 2, "{history:#}");
    let second = goals
        .iter()
        .find(|(_, new)| new.as_str().unwrap().starts_with("Handläggningstid"))
        .unwrap();
    assert_eq!(
        *second,
        (
            &json!("Digitala ärenden: 120 → 1200 by 2027Q4"),
            &json!("Handläggningstid: 40 → 4 by 2028Q2, lower is better")
        )
    );
}

#[tokio::test]
async fn account_changes_stay_out_of_organisation_history_but_admins_see_them_in_the_audit() {
    let (app, viewer) = setup().await;
    app.user(ANALYST, "analyst", Some(OWN)).await;
    let change = json!({"role": "analyst", "organisation_number": OWN, "active": false});
    let response = app
        .client
        .put(app.url(&format!("/api/v1/users/{ANALYST}")))
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let (status, total, history) = get(
        &app,
        &viewer,
        &format!("/api/v1/organisations/{OWN}/history"),
    )
    .await;
    assert_eq!(status, 200);
    let series: Vec<&str> = rows(&history)
        .iter()
        .map(|c| c["series"].as_str().unwrap())
        .collect();
    assert_eq!(series, ["organisation"], "no account in {history:#}");
    assert_eq!(total, Some(1));

    let (status, _, audit) = get(&app, &app.client, "/api/v1/audit").await;
    assert_eq!(status, 200);
    let account: Vec<(&Value, &Value, &Value, &Value)> = rows(&audit)
        .iter()
        .filter(|c| c["series"] == format!("user:{ANALYST}"))
        .map(|c| (&c["by"], &c["organisation_number"], &c["old"], &c["new"]))
        .collect();
    let admin = json!(effekt_tests::ADMIN_EMAIL);
    let active = json!(format!("analyst of {OWN}, active"));
    let deactivated = json!(format!("analyst of {OWN}, deactivated"));
    assert_eq!(
        account,
        [
            (&admin, &Value::Null, &active, &deactivated),
            (&admin, &Value::Null, &Value::Null, &active),
        ],
        "newest first, under no organisation: {audit:#}"
    );
    let organisation = rows(&audit)
        .iter()
        .find(|c| c["series"] == "organisation" && c["new"] == "Skatteverket (state_agency)")
        .unwrap();
    assert_eq!(organisation["organisation_number"], OWN);
}

#[tokio::test]
async fn only_administrators_read_the_audit_trail() {
    let (app, viewer) = setup().await;
    let analyst = app.user(ANALYST, "analyst", Some(OWN)).await;
    for path in ["/api/v1/audit", "/api/v1/audit?from=nonsense&per_page=0"] {
        for (who, client) in [("viewer", &viewer), ("analyst", &analyst)] {
            let (status, total, body) = get(&app, client, path).await;
            assert_eq!((status, total), (403, None), "{who} {path}");
            assert_eq!(body["details"], json!([]), "{who} learns nothing: {body}");
        }
        let (status, _, _) = get(&app, &browser(), path).await;
        assert_eq!(status, 401, "anonymous {path}");
    }
}

#[tokio::test]
async fn the_audit_filters_by_time_user_and_organisation_and_refuses_bad_values() {
    let (app, _viewer) = setup().await;
    let analyst = app.user(ANALYST, "analyst", Some(OWN)).await;
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    let response = analyst
        .put(app.url(&report))
        .json(&json!({"values": {"tv_series": 4}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let (status, total, all) = get(&app, &app.client, "/api/v1/audit").await;
    assert_eq!(status, 200);
    let all = rows(&all).clone();
    assert_eq!(total, Some(all.len() as u64));
    let times: Vec<&str> = all.iter().map(|c| c["at"].as_str().unwrap()).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let today = &times[0][..10];

    // By or to the analyst: their account's creation and their own report's changes.
    let (_, total, by_analyst) =
        get(&app, &app.client, &format!("/api/v1/audit?user={ANALYST}")).await;
    let by_analyst = rows(&by_analyst);
    assert_eq!(total, Some(by_analyst.len() as u64));
    assert!(by_analyst.iter().any(|c| c["series"] == "tv_series"));
    assert!(
        by_analyst
            .iter()
            .any(|c| c["series"] == format!("user:{ANALYST}"))
    );
    assert!(
        by_analyst
            .iter()
            .all(|c| c["by"] == ANALYST || c["series"] == format!("user:{ANALYST}")),
        "{by_analyst:#?}"
    );

    let (_, _, other) = get(
        &app,
        &app.client,
        &format!("/api/v1/audit?organisation={OTHER}"),
    )
    .await;
    assert_eq!(rows(&other).len(), 1);
    assert_eq!(rows(&other)[0]["new"], "Stockholms stad (municipality)");

    for (query, expected) in [
        (format!("from={today}&to={today}"), all.len()),
        (format!("from={today}T00:00:00Z"), all.len()),
        (format!("to={}", times[0]), all.len()),
        ("from=2999-01-01".to_owned(), 0),
        ("to=2000-12-31".to_owned(), 0),
    ] {
        let (status, total, chosen) =
            get(&app, &app.client, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            (total, rows(&chosen).len()),
            (Some(expected as u64), expected),
            "{query}"
        );
    }

    // Pages of two, newest first, together the whole trail.
    let mut paged = Vec::new();
    for page in 1..=all.len().div_ceil(2) {
        let (_, total, rows_of_page) = get(
            &app,
            &app.client,
            &format!("/api/v1/audit?per_page=2&page={page}"),
        )
        .await;
        assert_eq!(total, Some(all.len() as u64));
        paged.extend(rows(&rows_of_page).clone());
    }
    assert_eq!(paged, all);

    let before = app.snapshot().await;
    let (status, _, body) = get(
        &app,
        &app.client,
        "/api/v1/audit?from=yesterday&to=2026-02-30&user=nobody&organisation=202100-5449\
         &page=0&per_page=501",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        fields_in_error(&body),
        ["from", "to", "user", "organisation", "page", "per_page"]
    );
    let (status, _, body) = get(
        &app,
        &app.client,
        "/api/v1/audit?from=2026-05-02&to=2026-05-01",
    )
    .await;
    assert_eq!((status, fields_in_error(&body)), (422, vec!["to"]));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn history_pages_come_newest_first_with_the_total_in_a_header() {
    let (app, viewer) = setup().await;
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    for value in 1..=5 {
        let response = app
            .put_json(&report, &json!({"values": {"tv_series": value}}))
            .await;
        assert_eq!(response.status(), 200);
    }
    // The organisation, the report's first status, and five values: seven changes.
    let history = format!("/api/v1/organisations/{OWN}/history");
    let (status, total, first) = get(&app, &viewer, &format!("{history}?per_page=3")).await;
    assert_eq!((status, total), (200, Some(7)));
    let news: Vec<&Value> = rows(&first).iter().map(|c| &c["new"]).collect();
    assert_eq!(news, [&json!("5"), &json!("4"), &json!("3")]);
    let (_, total, last) = get(&app, &viewer, &format!("{history}?page=3&per_page=3")).await;
    assert_eq!(total, Some(7));
    assert_eq!(rows(&last).len(), 1);
    assert_eq!(rows(&last)[0]["series"], "organisation");
    let (_, _, beyond) = get(&app, &viewer, &format!("{history}?page=4&per_page=3")).await;
    assert_eq!(beyond, json!([]));
    let (_, total, whole) = get(&app, &viewer, &history).await;
    assert_eq!((total, rows(&whole).len()), (Some(7), 7));
    assert_eq!(rows(&whole)[0]["new"], "5");

    for (query, field) in [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=x", "page"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("per_page=all", "per_page"),
    ] {
        let (status, _, body) = get(&app, &viewer, &format!("{history}?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(fields_in_error(&body), [field], "{query}: {body}");
    }
}

#[tokio::test]
async fn account_changes_recorded_under_an_organisation_before_are_moved_out_of_its_history() {
    let (app, viewer) = setup().await;
    app.user(ANALYST, "analyst", Some(OWN)).await;
    // As the old code wrote it: the account's row filed under the analyst's organisation.
    // Then the migration runs again, as on a database from before it.
    let db = app.db().await;
    for sql in [
        "UPDATE changes SET organisation_number = '202100-5448' WHERE field LIKE 'user:%'",
        "DELETE FROM _sqlx_migrations WHERE version = 8",
        "DROP INDEX IF EXISTS changes_by_time",
    ] {
        sqlx::query(sql).execute(&db).await.unwrap();
    }
    db.close().await;
    effekt::store::Store::connect(&app.database_url)
        .await
        .unwrap();

    let (_, _, history) = get(
        &app,
        &viewer,
        &format!("/api/v1/organisations/{OWN}/history"),
    )
    .await;
    assert!(
        rows(&history).iter().all(|c| c["series"] == "organisation"),
        "{history:#}"
    );
    let (_, _, audit) = get(&app, &app.client, &format!("/api/v1/audit?user={ANALYST}")).await;
    assert_eq!(rows(&audit).len(), 1, "the row is kept: {audit:#}");
    assert_eq!(rows(&audit)[0]["organisation_number"], Value::Null);
}
