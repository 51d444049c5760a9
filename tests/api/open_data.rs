//! Issue #21, item 4: organisations opt in to publishing their approved figures, which anyone
//! may then read without signing in, and nothing else.

use effekt_tests::{TestApp, browser, spawn_app, spawn_app_configured};
use serde_json::{Value, json};

const SKATTEVERKET: &str = "202100-5448";
const STOCKHOLM: &str = "212000-0142";
const UPPSALA: &str = "212000-1355";
const HEADER: &str = "organisation_number,organisation_name,period,measure,series,value,status";
/// In a draft's lessons: must never reach the open data.
const SECRET_LESSON: &str = "Utkastets hemliga lärdom";

/// Three organisations with figures of every status:
/// - Skatteverket: 2025Q1 approved (70; solved 30 internally, 10 externally), 2025Q2
///   submitted (75), 2025Q3 a draft (99) with lessons;
/// - Stockholms stad: 2025Q1 approved (80);
/// - Uppsala kommun: 2025Q1 approved (10), but it never opts in.
async fn setup(app: &TestApp) {
    for (number, name, kind) in [
        (SKATTEVERKET, "Skatteverket", "state_agency"),
        (STOCKHOLM, "Stockholms stad", "municipality"),
        (UPPSALA, "Uppsala kommun", "municipality"),
    ] {
        let body = json!({"organisation_number": number, "name": name, "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    for (number, period, body) in [
        (
            SKATTEVERKET,
            "2025Q1",
            json!({"values": {"customer_satisfaction": 70, "solved_internally": 30, "solved_externally": 10}}),
        ),
        (
            SKATTEVERKET,
            "2025Q2",
            json!({"values": {"customer_satisfaction": 75}}),
        ),
        (
            SKATTEVERKET,
            "2025Q3",
            json!({"values": {"customer_satisfaction": 99}, "lessons": SECRET_LESSON}),
        ),
        (
            STOCKHOLM,
            "2025Q1",
            json!({"values": {"customer_satisfaction": 80}}),
        ),
        (
            UPPSALA,
            "2025Q1",
            json!({"values": {"customer_satisfaction": 10}}),
        ),
    ] {
        let path = format!("/api/v1/organisations/{number}/reports/{period}");
        assert_eq!(app.put_json(&path, &body).await.status(), 200);
    }
    for number in [SKATTEVERKET, STOCKHOLM, UPPSALA] {
        app.approve(number, "2025Q1").await;
    }
    let submit = format!("/api/v1/organisations/{SKATTEVERKET}/reports/2025Q2/submit");
    let response = app.client.post(app.url(&submit)).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

async fn publish(app: &TestApp, number: &str, open_data: bool) -> reqwest::Response {
    app.put_json(
        &format!("/api/v1/organisations/{number}"),
        &json!({"open_data": open_data}),
    )
    .await
}

/// An anonymous GET: the status and the body as text.
async fn anonymous(app: &TestApp, path: &str) -> (u16, String) {
    let response = browser().get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The open summary's rows as (series, period, n, n_approved, sum, min, max).
async fn open_summary(
    app: &TestApp,
    query: &str,
) -> Vec<(String, String, u64, u64, f64, f64, f64)> {
    let (status, body) = anonymous(app, &format!("/api/v1/open/summary{query}")).await;
    assert_eq!(status, 200, "{body}");
    let rows: Value = serde_json::from_str(&body).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["series"].as_str().unwrap().to_owned(),
                r["period"].as_str().unwrap().to_owned(),
                r["n"].as_u64().unwrap(),
                r["n_approved"].as_u64().unwrap(),
                r["sum"].as_f64().unwrap(),
                r["min"].as_f64().unwrap(),
                r["max"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn row(
    series: &str,
    period: &str,
    n: u64,
    sum: f64,
    min: f64,
    max: f64,
) -> (String, String, u64, u64, f64, f64, f64) {
    (series.to_owned(), period.to_owned(), n, n, sum, min, max)
}

#[tokio::test]
async fn only_approved_figures_of_organisations_that_opted_in_are_served_to_anyone() {
    let app = spawn_app().await;
    setup(&app).await;

    // Nobody has opted in: the files are empty but for their header.
    let (status, csv) = anonymous(&app, "/api/v1/open/values.csv").await;
    assert_eq!(status, 200);
    assert_eq!(csv.trim_end(), HEADER);
    assert_eq!(open_summary(&app, "").await, []);

    let response = publish(&app, SKATTEVERKET, true).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"organisation_number": SKATTEVERKET, "name": "Skatteverket", "kind": "state_agency", "open_data": true})
    );
    assert_eq!(publish(&app, STOCKHOLM, true).await.status(), 200);

    // Skatteverket's approved 2025Q1 and Stockholm's; not Skatteverket's submitted 2025Q2 (75)
    // or draft 2025Q3 (99), not Uppsala's approved figure (10), which is not published.
    let (status, csv) = anonymous(&app, "/api/v1/open/values.csv").await;
    assert_eq!(status, 200);
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.remove(0), HEADER);
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "202100-5448,Skatteverket,2025Q1,customer_satisfaction,customer_satisfaction,70,approved",
            "202100-5448,Skatteverket,2025Q1,issues_solved,solved_externally,10,approved",
            "202100-5448,Skatteverket,2025Q1,issues_solved,solved_internally,30,approved",
            "212000-0142,Stockholms stad,2025Q1,customer_satisfaction,customer_satisfaction,80,approved",
        ]
    );
    assert!(!csv.contains(SECRET_LESSON) && !csv.contains("Uppsala"));

    // The summary of the same: 70 and 80; the external share 10 / (10 + 30) = 0.25 of
    // Skatteverket alone.
    assert_eq!(
        open_summary(&app, "?series=customer_satisfaction,external_share").await,
        [
            row("customer_satisfaction", "2025Q1", 2, 150.0, 70.0, 80.0),
            row("external_share", "2025Q1", 1, 0.25, 0.25, 0.25),
        ]
    );
    // Asked for approved figures outright, the same; for reported ones, refused.
    assert_eq!(
        open_summary(&app, "?series=customer_satisfaction&basis=approved").await,
        [row("customer_satisfaction", "2025Q1", 2, 150.0, 70.0, 80.0)]
    );
    let (status, body) = anonymous(&app, "/api/v1/open/summary?basis=reported").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("basis"), "{body}");
    let (status, body) = anonymous(&app, "/api/v1/open/summary").await;
    assert_eq!(status, 200);
    assert!(
        !body.contains("99") && !body.contains(SECRET_LESSON),
        "{body}"
    );

    // The excel-sv format, as the signed-in export has it.
    let (status, excel) = anonymous(&app, "/api/v1/open/values.csv?format=excel-sv").await;
    assert_eq!(status, 200);
    assert!(excel.starts_with('\u{feff}'), "a BOM");
    assert!(
        excel.contains("212000-0142;Stockholms stad;2025Q1;"),
        "{excel}"
    );

    // Approving the submitted quarter publishes it; opting out withdraws at once.
    let approve = format!("/api/v1/organisations/{SKATTEVERKET}/reports/2025Q2/approve");
    let response = app.client.post(app.url(&approve)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(publish(&app, STOCKHOLM, false).await.status(), 200);
    assert_eq!(
        open_summary(&app, "?series=customer_satisfaction").await,
        [
            row("customer_satisfaction", "2025Q1", 1, 70.0, 70.0, 70.0),
            row("customer_satisfaction", "2025Q2", 1, 75.0, 75.0, 75.0),
        ]
    );
    let (_, csv) = anonymous(&app, "/api/v1/open/values.csv?series=customer_satisfaction").await;
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            HEADER,
            "202100-5448,Skatteverket,2025Q1,customer_satisfaction,customer_satisfaction,70,approved",
            "202100-5448,Skatteverket,2025Q2,customer_satisfaction,customer_satisfaction,75,approved",
        ]
    );

    // The signed-in summary still counts everything reported: Uppsala and the others.
    let signed_in: Value = app
        .get("/api/v1/summary?series=customer_satisfaction&from=2025Q1&to=2025Q1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(signed_in[0]["n"], 3);
}

#[tokio::test]
async fn opting_in_and_renaming_are_audited_and_bad_values_are_named_and_change_nothing() {
    let app = spawn_app().await;
    setup(&app).await;
    let path = format!("/api/v1/organisations/{STOCKHOLM}");
    let response = app
        .put_json(&path, &json!({"name": "Stockholm", "open_data": true}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"organisation_number": STOCKHOLM, "name": "Stockholm", "kind": "municipality", "open_data": true})
    );
    // Changing nothing changes nothing, and records nothing.
    let unchanged = app.snapshot().await;
    for body in [
        json!({}),
        json!({"open_data": true, "kind": "municipality"}),
    ] {
        assert_eq!(app.put_json(&path, &body).await.status(), 200);
    }
    assert_eq!(app.snapshot().await, unchanged);

    let audit: Value = app
        .get(&format!("/api/v1/audit?organisation={STOCKHOLM}"))
        .await
        .json()
        .await
        .unwrap();
    let changes: Vec<(&str, &Value, &Value)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["series"] == "open_data" || c["series"] == "organisation")
        .map(|c| (c["series"].as_str().unwrap(), &c["old"], &c["new"]))
        .collect();
    assert!(
        changes.contains(&("open_data", &json!("false"), &json!("true"))),
        "{audit:#}"
    );
    assert!(
        changes.contains(&(
            "organisation",
            &json!("Stockholms stad (municipality)"),
            &json!("Stockholm (municipality)")
        )),
        "{audit:#}"
    );

    let before = app.snapshot().await;
    let response = app
        .put_json(
            &path,
            &json!({"name": "  ", "kind": "agency", "open_data": "yes"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "kind", "open_data"]);
    // `null` is a value of the wrong type, not a field left out (Schemathesis, ST201).
    let nulls = app
        .put_json(
            &path,
            &json!({"name": null, "kind": null, "open_data": null}),
        )
        .await;
    assert_eq!(nulls.status(), 422);
    let error: Value = nulls.json().await.unwrap();
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "kind", "open_data"]);
    // An organisation nobody registered, a malformed number, an unknown field.
    let unknown = app
        .put_json(
            "/api/v1/organisations/202100-5521",
            &json!({"open_data": true}),
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let malformed = app
        .put_json("/api/v1/organisations/12", &json!({"open_data": true}))
        .await;
    assert_eq!(malformed.status(), 400);
    let extra = app
        .put_json(
            &path,
            &json!({"open_data": true, "organisation_number": UPPSALA}),
        )
        .await;
    assert_eq!(extra.status(), 400);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn only_administrators_opt_organisations_in() {
    let app = spawn_app().await;
    setup(&app).await;
    let analyst = app
        .user("analytiker@test.example", "analyst", Some(STOCKHOLM))
        .await;
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    let before = app.snapshot().await;
    let path = app.url(&format!("/api/v1/organisations/{STOCKHOLM}"));
    for (client, status) in [(&analyst, 403), (&viewer, 403), (&browser(), 401)] {
        // A bad body too is refused for who sends it, not answered with what is wrong.
        for body in [json!({"open_data": true}), json!({"open_data": "yes"})] {
            let response = client.put(&path).json(&body).send().await.unwrap();
            assert_eq!(response.status(), status, "{body}");
        }
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn each_address_may_ask_for_open_data_only_so_often() {
    let app = spawn_app_configured(|config| config.open_data_per_minute = 3).await;
    // Both endpoints draw on the one allowance of the address.
    for path in [
        "/api/v1/open/summary",
        "/api/v1/open/values.csv",
        "/api/v1/open/summary",
    ] {
        assert_eq!(anonymous(&app, path).await.0, 200, "{path}");
    }
    for path in ["/api/v1/open/values.csv", "/api/v1/open/summary"] {
        let (status, body) = anonymous(&app, path).await;
        assert_eq!(status, 429, "{path}");
        assert!(body.contains("Too many requests"), "{body}");
    }
    // Signed in or not, the rest of the API is not limited by it.
    assert_eq!(app.get("/api/v1/summary").await.status(), 200);
}

#[tokio::test]
async fn the_public_page_lists_who_publishes_and_the_licence_and_the_admin_form_opts_in() {
    let app = spawn_app().await;
    setup(&app).await;
    let (status, page) = anonymous(&app, "/oppna-data").await;
    assert_eq!(status, 200);
    let page = page.replace("<!>", "");
    assert!(page.contains("CC0 1.0"), "{page}");
    assert!(page.contains("Ingen organisation publicerar öppna data ännu."));

    // The administrators' form, posted without JavaScript: ticked opts in.
    let form = |open_data: Option<&'static str>| {
        let mut fields = vec![
            ("existing", STOCKHOLM),
            ("organisation_number", STOCKHOLM),
            ("name", "Stockholms stad"),
            ("kind", "municipality"),
        ];
        if let Some(value) = open_data {
            fields.push(("open_data", value));
        }
        fields
    };
    let response = app
        .post_form(
            "/sf/save_organisation",
            "/admin/organisationer",
            &form(Some("1")),
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/admin/organisationer?sparad=1"
    );
    let (_, page) = anonymous(&app, "/oppna-data").await;
    let page = page.replace("<!>", "");
    assert!(page.contains("Stockholms stad (212000-0142, "), "{page}");
    assert!(!page.contains("Skatteverket") && !page.contains("Uppsala"));
    let checkbox = |page: String| {
        let start = page.find(r#"id="org-212000-0142-open_data""#).unwrap();
        let end = start + page[start..].find('>').unwrap();
        page[start..end].to_owned()
    };
    let ticked = checkbox(app.page_text("/admin/organisationer").await);
    assert!(ticked.contains("checked"), "{ticked}");

    // Unticked, the checkbox sends nothing: opted out.
    let response = app
        .post_form(
            "/sf/save_organisation",
            "/admin/organisationer",
            &form(None),
        )
        .await;
    assert_eq!(response.status(), 302);
    let (_, page) = anonymous(&app, "/oppna-data").await;
    assert!(page.contains("Ingen organisation publicerar öppna data ännu."));
    let unticked = checkbox(app.page_text("/admin/organisationer").await);
    assert!(!unticked.contains("checked"), "{unticked}");
}

#[tokio::test]
async fn open_data_is_never_normalised_so_that_no_size_is_given_away() {
    let app = spawn_app().await;
    setup(&app).await;
    for path in [
        "/api/v1/open/summary?normalise=per_1000_employees",
        "/api/v1/open/values.csv?normalise=per_1000_inhabitants",
    ] {
        let (status, body) = anonymous(&app, path).await;
        assert_eq!(status, 422, "{path}: {body}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["details"][0]["field"], "normalise", "{body}");
    }
}
