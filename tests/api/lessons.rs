//! Issue #17, item 4: the lessons library, searched with the database's own full text search;
//! drafts reach only their own organisation's analysts and the administrators.

use effekt_tests::{TestApp, spawn_app_with_organisation};
use serde_json::{Value, json};

const SKATTEVERKET: &str = "202100-5448";
const UMEA: &str = "212000-2627";

/// Skatteverket: 2025Q3 submitted, 2025Q4 a draft. Umeå: 2025Q2 approved (with a project
/// figure), 2025Q3 a draft, 2025Q4 without lessons.
async fn library() -> TestApp {
    let app = spawn_app_with_organisation().await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": UMEA, "name": "Umeå kommun", "kind": "municipality"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    for (org, period, lessons, values) in [
        (
            SKATTEVERKET,
            "2025Q3",
            "Vi testade tidigt med användarna.",
            json!({"ideas_delivered": 2}),
        ),
        (
            SKATTEVERKET,
            "2025Q4",
            "Upphandlingen tog längre tid än väntat.",
            json!({}),
        ),
        (
            UMEA,
            "2025Q2",
            "Användarna ville ha e-tjänsten i mobilen.",
            json!({"projects_failed": 1}),
        ),
        (UMEA, "2025Q3", "Hemligt utkast om användare.", json!({})),
        (UMEA, "2025Q4", "", json!({"tv_series": 1})),
    ] {
        let path = format!("/api/v1/organisations/{org}/reports/{period}");
        let response = app
            .put_json(&path, &json!({"values": values, "lessons": lessons}))
            .await;
        assert_eq!(response.status(), 200, "{org} {period}");
    }
    let submit = format!("/api/v1/organisations/{SKATTEVERKET}/reports/2025Q3/submit");
    assert_eq!(app.post_json(&submit, &json!({})).await.status(), 200);
    app.approve(UMEA, "2025Q2").await;
    app
}

async fn lessons(client: &reqwest::Client, app: &TestApp, query: &str) -> (u64, Vec<String>) {
    let response = client
        .get(app.url(&format!("/api/v1/lessons?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    let total = response.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let rows: Vec<Value> = response.json().await.unwrap();
    let rows = rows
        .iter()
        .map(|r| format!("{} {} {}", r["organisation_name"], r["period"], r["status"]))
        .map(|r| r.replace('"', ""))
        .collect();
    (total, rows)
}

#[tokio::test]
async fn lessons_are_listed_newest_first_and_drafts_only_for_their_own() {
    let app = library().await;
    let everything = [
        "Skatteverket 2025Q4 draft",
        "Skatteverket 2025Q3 submitted",
        "Umeå kommun 2025Q3 draft",
        "Umeå kommun 2025Q2 approved",
    ];
    assert_eq!(
        lessons(&app.client, &app, "").await,
        (4, everything.map(String::from).to_vec())
    );

    let analyst = app
        .user("analys@skatteverket.se", "analyst", Some(SKATTEVERKET))
        .await;
    let (_, seen) = lessons(&analyst, &app, "").await;
    assert_eq!(
        seen,
        [
            "Skatteverket 2025Q4 draft",
            "Skatteverket 2025Q3 submitted",
            "Umeå kommun 2025Q2 approved"
        ]
    );
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let (_, seen) = lessons(&viewer, &app, "").await;
    assert_eq!(
        seen,
        [
            "Skatteverket 2025Q3 submitted",
            "Umeå kommun 2025Q2 approved"
        ]
    );

    let first: Vec<Value> = app
        .get("/api/v1/lessons?per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        first,
        [json!({
            "organisation_number": SKATTEVERKET,
            "organisation_name": "Skatteverket",
            "period": "2025Q4",
            "status": "draft",
            "lessons": "Upphandlingen tog längre tid än väntat.",
        })]
    );
    assert_eq!(
        lessons(&app.client, &app, "per_page=1&page=3").await,
        (4, vec!["Umeå kommun 2025Q3 draft".to_owned()])
    );
}

#[tokio::test]
async fn words_quarters_organisation_and_measure_narrow_the_search() {
    let app = library().await;
    // A word's beginning finds its forms; every word must occur; case does not matter.
    assert_eq!(
        lessons(&app.client, &app, "q=anv%C3%A4ndar").await.1,
        [
            "Skatteverket 2025Q3 submitted",
            "Umeå kommun 2025Q3 draft",
            "Umeå kommun 2025Q2 approved"
        ]
    );
    assert_eq!(
        lessons(&app.client, &app, "q=ANV%C3%84NDARNA+mobilen")
            .await
            .1,
        ["Umeå kommun 2025Q2 approved"]
    );
    // Operators of the search language are words like any other.
    assert_eq!(lessons(&app.client, &app, "q=tidigt+OR+NOT").await.0, 0);
    assert_eq!(lessons(&app.client, &app, "q=%22testade%22*%29").await.0, 1);

    let analyst = app
        .user("analys@skatteverket.se", "analyst", Some(SKATTEVERKET))
        .await;
    assert_eq!(
        lessons(&analyst, &app, "q=anv%C3%A4ndar").await.1,
        [
            "Skatteverket 2025Q3 submitted",
            "Umeå kommun 2025Q2 approved"
        ]
    );

    assert_eq!(
        lessons(&app.client, &app, "from=2025Q3&to=2025K3").await.1,
        ["Skatteverket 2025Q3 submitted", "Umeå kommun 2025Q3 draft"]
    );
    assert_eq!(
        lessons(&app.client, &app, &format!("organisation={UMEA}"))
            .await
            .1,
        ["Umeå kommun 2025Q3 draft", "Umeå kommun 2025Q2 approved"]
    );
    assert_eq!(
        lessons(&app.client, &app, "measure=projects").await.1,
        ["Umeå kommun 2025Q2 approved"]
    );
}

#[tokio::test]
async fn a_bad_query_names_each_bad_parameter() {
    let app = library().await;
    let long = "a".repeat(201);
    let response = app
        .get(&format!(
            "/api/v1/lessons?q={long}&from=2025Q5&organisation=123&measure=nope&per_page=0"
        ))
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["q", "from", "organisation", "measure", "per_page"]);
    let response = app.get("/api/v1/export/lessons.csv?format=xlsx").await;
    assert_eq!(response.status(), 422);
    let anonymous = reqwest::Client::new();
    let response = anonymous
        .get(app.url("/api/v1/lessons"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_lessons_export_in_both_formats() {
    let app = library().await;
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let response = viewer
        .get(app.url("/api/v1/export/lessons.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"effekt-lessons.csv\""
    );
    assert_eq!(
        response.text().await.unwrap(),
        "organisation_number,organisation_name,period,status,lessons\r\n\
         202100-5448,Skatteverket,2025Q3,submitted,Vi testade tidigt med användarna.\r\n\
         212000-2627,Umeå kommun,2025Q2,approved,Användarna ville ha e-tjänsten i mobilen.\r\n"
    );
    let excel = viewer
        .get(app.url("/api/v1/export/lessons.csv?format=excel-sv&q=mobilen"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        excel,
        "\u{feff}organisation_number;organisation_name;period;status;lessons\r\n\
         212000-2627;Umeå kommun;2025Q2;approved;Användarna ville ha e-tjänsten i mobilen.\r\n"
    );
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_library_page_searches_without_javascript_and_hides_others_drafts() {
    let app = library().await;
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let (status, html) = page(
        &viewer,
        &app,
        "/lardomar?q=anv%C3%A4ndar&measure=&organisation=&from=&to=",
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Lärdomar</h1>"), "{html}");
    assert!(html.contains("2 lärdomar"), "{html}");
    assert!(html.contains("Vi testade tidigt med användarna."), "{html}");
    assert!(
        html.contains("Användarna ville ha e-tjänsten i mobilen."),
        "{html}"
    );
    assert!(!html.contains("Hemligt utkast"), "{html}");
    assert!(
        html.contains("href=\"/api/v1/export/lessons.csv?q=anv%C3%A4ndar"),
        "{html}"
    );

    let (_, html) = page(&app.client, &app, "/lardomar?q=hemligt").await;
    assert!(html.contains("1 lärdom<"), "{html}");
    assert!(
        html.contains("Utkast: syns bara för organisationen och administratörer."),
        "{html}"
    );

    let long = "a".repeat(201);
    let (status, html) = page(&viewer, &app, &format!("/lardomar?q={long}")).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Skriv högst 200 tecken i sökrutan."),
        "{html}"
    );
}

#[tokio::test]
async fn the_organisation_page_shows_its_lessons_per_quarter() {
    let app = library().await;
    let viewer = app.user("ledning@example.se", "viewer", None).await;
    let (_, html) = page(&viewer, &app, &format!("/organisationer/{UMEA}")).await;
    assert!(
        html.contains("<h2 id=\"lessons-heading\">Lärdomar</h2>"),
        "{html}"
    );
    assert!(
        html.contains("Användarna ville ha e-tjänsten i mobilen."),
        "{html}"
    );
    assert!(!html.contains("Hemligt utkast"), "{html}");
    assert!(
        html.contains(&format!("href=\"/lardomar?organisation={UMEA}\"")),
        "{html}"
    );
    let (_, html) = page(&app.client, &app, &format!("/organisationer/{UMEA}")).await;
    assert!(html.contains("Hemligt utkast om användare."), "{html}");
}
