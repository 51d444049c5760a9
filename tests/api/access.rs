//! The access matrix: who may read and write what, over HTTP, with nothing changed on refusal.

use effekt_tests::{TestApp, browser, spawn_app};
use reqwest::{Client, Method};
use serde_json::{Value, json};

const OWN: &str = "202100-5448";
const OTHER: &str = "212000-0142";

struct Callers {
    anonymous: Client,
    viewer: Client,
    analyst: Client,
    other_analyst: Client,
    admin: Client,
}

async fn setup() -> (TestApp, Callers) {
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
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    let response = app
        .put_json(&report, &json!({"values": {"tv_series": 1}}))
        .await;
    assert_eq!(response.status(), 200);
    let callers = Callers {
        anonymous: browser(),
        viewer: app.user("ledning@test.example", "viewer", None).await,
        analyst: app
            .user("analytiker@test.example", "analyst", Some(OWN))
            .await,
        other_analyst: app.user("annan@test.example", "analyst", Some(OTHER)).await,
        admin: app.client.clone(),
    };
    (app, callers)
}

async fn call(
    app: &TestApp,
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> u16 {
    let mut request = client.request(method, app.url(path));
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("answered").status().as_u16()
}

/// Runs one operation as every caller, expecting the given statuses in the order anonymous,
/// viewer, analyst of the organisation, analyst of another, admin; every refusal must leave
/// the database as it was. Returns after the admin's call.
async fn check(
    app: &TestApp,
    callers: &Callers,
    method: Method,
    path: &str,
    body: Option<Value>,
    expected: [u16; 5],
) {
    let order = [
        ("anonymous", &callers.anonymous),
        ("viewer", &callers.viewer),
        ("analyst", &callers.analyst),
        ("other analyst", &callers.other_analyst),
        ("admin", &callers.admin),
    ];
    for ((who, client), want) in order.into_iter().zip(expected) {
        let before = app.snapshot().await;
        let status = call(app, client, method.clone(), path, body.as_ref()).await;
        assert_eq!(status, want, "{who}: {method} {path}");
        if status >= 400 {
            assert_eq!(
                app.snapshot().await,
                before,
                "{who}'s refused {method} {path} changed data"
            );
        }
    }
}

#[tokio::test]
async fn reading_needs_a_signed_in_user_of_any_role() {
    let (app, callers) = setup().await;
    for path in [
        format!("/api/v1/organisations/{OWN}/reports/2025Q3"),
        "/api/v1/organisations".to_owned(),
        format!("/api/v1/organisations/{OWN}/history"),
        "/api/v1/me".to_owned(),
    ] {
        check(
            &app,
            &callers,
            Method::GET,
            &path,
            None,
            [401, 200, 200, 200, 200],
        )
        .await;
    }
    check(
        &app,
        &callers,
        Method::GET,
        "/api/v1/measures",
        None,
        [200; 5],
    )
    .await;
    check(
        &app,
        &callers,
        Method::GET,
        "/api/v1/users",
        None,
        [401, 403, 403, 403, 200],
    )
    .await;
}

#[tokio::test]
async fn only_the_organisations_analyst_and_admins_write_its_reports_and_goal() {
    let (app, callers) = setup().await;
    let values = json!({"values": {"ideas_delivered": 7}});
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    check(
        &app,
        &callers,
        Method::PUT,
        &report,
        Some(values),
        [401, 403, 200, 403, 200],
    )
    .await;

    let goal = json!({"name": "Digitala ärenden", "baseline": 120, "deadline": "2027Q4"});
    let path = format!("/api/v1/organisations/{OWN}/goal");
    check(
        &app,
        &callers,
        Method::PUT,
        &path,
        Some(goal),
        [401, 403, 200, 403, 200],
    )
    .await;

    let submit = format!("{report}/submit");
    check(
        &app,
        &callers,
        Method::POST,
        &submit,
        None,
        [401, 403, 200, 403, 200],
    )
    .await;
}

#[tokio::test]
async fn only_admins_approve_reopen_and_manage_organisations_and_users() {
    let (app, callers) = setup().await;
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    assert_eq!(
        call(
            &app,
            &callers.analyst,
            Method::POST,
            &format!("{report}/submit"),
            None
        )
        .await,
        200
    );
    check(
        &app,
        &callers,
        Method::POST,
        &format!("{report}/approve"),
        None,
        [401, 403, 403, 403, 200],
    )
    .await;
    check(
        &app,
        &callers,
        Method::POST,
        &format!("{report}/reopen"),
        None,
        [401, 403, 403, 403, 200],
    )
    .await;

    let organisation = json!({"organisation_number": "212000-1355", "name": "Göteborgs Stad", "kind": "municipality"});
    check(
        &app,
        &callers,
        Method::POST,
        "/api/v1/organisations",
        Some(organisation),
        [401, 403, 403, 403, 201],
    )
    .await;

    let user =
        json!({"email": "ny@test.example", "password": "a password long enough", "role": "viewer"});
    check(
        &app,
        &callers,
        Method::POST,
        "/api/v1/users",
        Some(user),
        [401, 403, 403, 403, 201],
    )
    .await;

    let change = json!({"role": "analyst", "organisation_number": OTHER, "active": true});
    let path = "/api/v1/users/ny@test.example";
    check(
        &app,
        &callers,
        Method::PUT,
        path,
        Some(change),
        [401, 403, 403, 403, 200],
    )
    .await;
}

#[tokio::test]
async fn the_workflow_locks_an_approved_report_until_an_admin_reopens_it() {
    let (app, callers) = setup().await;
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    let approve = format!("{report}/approve");
    let status = |v: Value| v["status"].as_str().unwrap().to_owned();

    assert_eq!(
        call(&app, &callers.admin, Method::POST, &approve, None).await,
        409,
        "a draft cannot be approved"
    );
    let submitted: Value = callers
        .analyst
        .post(app.url(&format!("{report}/submit")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status(submitted), "submitted");

    // Changing a submitted report sends it back to draft, to be submitted again.
    let changed: Value = callers
        .analyst
        .put(app.url(&report))
        .json(&json!({"values": {"tv_series": 2}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status(changed), "draft");
    assert_eq!(
        call(
            &app,
            &callers.analyst,
            Method::POST,
            &format!("{report}/submit"),
            None
        )
        .await,
        200
    );

    let approved: Value = callers
        .admin
        .post(app.url(&approve))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status(approved), "approved");
    let before = app.snapshot().await;
    for client in [&callers.analyst, &callers.admin] {
        let write = call(
            &app,
            client,
            Method::PUT,
            &report,
            Some(&json!({"values": {"tv_series": 3}})),
        )
        .await;
        assert_eq!(write, 409);
        assert_eq!(
            call(
                &app,
                client,
                Method::POST,
                &format!("{report}/submit"),
                None
            )
            .await,
            409
        );
    }
    assert_eq!(app.snapshot().await, before);

    let reopened: Value = callers
        .admin
        .post(app.url(&format!("{report}/reopen")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status(reopened), "draft");
    assert_eq!(
        call(
            &app,
            &callers.analyst,
            Method::PUT,
            &report,
            Some(&json!({"values": {"tv_series": 3}}))
        )
        .await,
        200
    );
}

#[tokio::test]
async fn the_audit_trail_records_who_changed_what_from_what_to_what() {
    let (app, callers) = setup().await;
    let report = format!("/api/v1/organisations/{OWN}/reports/2025Q3");
    callers
        .analyst
        .put(app.url(&report))
        .json(&json!({"values": {"tv_series": 4, "ideas_delivered": 9}, "lessons": "Lärdom"}))
        .send()
        .await
        .unwrap();
    callers
        .analyst
        .post(app.url(&format!("{report}/submit")))
        .send()
        .await
        .unwrap();
    callers
        .admin
        .post(app.url(&format!("{report}/approve")))
        .send()
        .await
        .unwrap();
    let goal = json!({"name": "Digitala ärenden", "baseline": 120, "deadline": "2027Q4"});
    callers
        .analyst
        .put(app.url(&format!("/api/v1/organisations/{OWN}/goal")))
        .json(&goal)
        .send()
        .await
        .unwrap();

    let mut history: Vec<Value> = callers
        .viewer
        .get(app.url(&format!("/api/v1/organisations/{OWN}/history")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The history comes newest first; read it in the order the changes were made.
    history.reverse();
    let rows: Vec<(String, String, Option<String>, Option<String>)> = history
        .iter()
        .map(|c| {
            (
                c["by"].as_str().unwrap().to_owned(),
                c["series"].as_str().unwrap().to_owned(),
                c["old"].as_str().map(str::to_owned),
                c["new"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let analyst = "analytiker@test.example".to_owned();
    let admin = effekt_tests::ADMIN_EMAIL.to_owned();
    let s = |v: &str| Some(v.to_owned());
    let expected = [
        (
            admin.clone(),
            "organisation".to_owned(),
            None,
            s("Skatteverket (state_agency)"),
        ),
        (admin.clone(), "status".to_owned(), None, s("draft")),
        (admin.clone(), "tv_series".to_owned(), None, s("1")),
        (analyst.clone(), "lessons".to_owned(), None, s("Lärdom")),
        (analyst.clone(), "ideas_delivered".to_owned(), None, s("9")),
        (analyst.clone(), "tv_series".to_owned(), s("1"), s("4")),
        (
            analyst.clone(),
            "status".to_owned(),
            s("draft"),
            s("submitted"),
        ),
        (
            admin.clone(),
            "status".to_owned(),
            s("submitted"),
            s("approved"),
        ),
        (
            analyst.clone(),
            "goal".to_owned(),
            None,
            s("Digitala ärenden: 120 → 1200 by 2027Q4"),
        ),
    ];
    // The analyst's account is not the organisation's data: its changes are not in the history
    // every reader sees (the administrators' audit trail has them).
    assert_eq!(rows.len(), expected.len(), "{rows:#?}");
    for (row, want) in rows.iter().zip(&expected) {
        assert_eq!(row, want);
    }
    assert!(
        history
            .iter()
            .all(|c| c["at"].as_str().unwrap().ends_with('Z'))
    );
    assert!(history[4]["period"] == "2025Q3");
}
