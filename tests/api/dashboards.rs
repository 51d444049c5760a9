//! The dashboard pages as served: filters in the address, charts with text alternatives,
//! numbers in tables, the 10x goal.

use effekt_app::{GetMeasure, MeasurePage};
use effekt_tests::{TestApp, spawn_app_with_demo};

async fn html(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

#[tokio::test]
async fn the_kind_filter_changes_the_tiles_and_stays_in_the_links() {
    let app = spawn_app_with_demo().await;
    let (_, all) = html(&app, &app.client, "/").await;
    assert!(all.contains("12 / 12 organisationer rapporterade"), "{all}");
    let (_, municipalities) = html(
        &app,
        &app.client,
        "/?kind=municipality&from=2025Q1&to=2026Q2",
    )
    .await;
    assert!(municipalities.contains("2026 K2: 4 / 4 organisationer rapporterade"));
    assert!(municipalities.contains(r#"<option value="municipality" selected"#));
    assert!(municipalities.contains("/matt/ideas?kind=municipality&amp;from=2025Q1&amp;to=2026Q2"));
}

#[tokio::test]
async fn a_measure_page_has_charts_with_text_alternatives_and_tables() {
    let app = spawn_app_with_demo().await;
    let path = "/matt/customer_satisfaction?from=2025Q3&to=2026Q2&org=202100-5448&quarter=2026Q1";
    let (status, page) = html(&app, &app.client, path).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>5. Kundnöjdhet</h1>"));
    assert_eq!(
        page.matches(r#"role="img""#).count(),
        2,
        "a trend and a ranking chart"
    );
    assert!(page.contains(r#"<title id="trend-0-title">Nöjd-kund-index (index)</title>"#));
    assert!(
        page.contains("Medianen för nöjd-kund-index"),
        "a summary sentence"
    );
    assert!(page.contains("mellan 2025 K3 och 2026 K2"));
    // The chosen organisation has its own column in the table under the trend chart.
    assert!(page.contains(r#"<th scope="col" class="number">Skatteverket</th>"#));
    assert_eq!(
        page.matches("<th scope=\"row\">2025 K").count()
            + page.matches("<th scope=\"row\">2026 K").count(),
        4
    );
    assert!(page.contains("Nöjd-kund-index, 2026 K1: Högst"));
    assert!(page.matches("<td class=\"number\">").count() >= 12);

    let (status, _) = html(&app, &app.client, "/matt/no_such_measure").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn derived_measures_show_their_share() {
    let app = spawn_app_with_demo().await;
    let (_, page) = html(&app, &app.client, "/matt/issues_solved").await;
    assert!(page.contains("Andel lösta med extern part"));
    assert!(page.contains("(%)"));
}

#[tokio::test]
async fn the_organisation_page_compares_with_the_nation_and_follows_the_10x_goal() {
    let app = spawn_app_with_demo().await;
    let (_, page) = html(&app, &app.client, "/organisationer/202100-5448").await;
    assert!(page.contains("Jämfört med riket"));
    assert!(page.contains("Median i riket"));
    assert!(
        page.contains("Ärenden som avgörs digitalt per månad"),
        "the demo goal"
    );
    assert!(page.contains(r#"<title id="goal-title">"#));
    assert!(
        page.contains("I fas:") || page.contains("Inte i fas:"),
        "a verdict"
    );

    let analyst = app
        .sign_in(
            "analytiker@skatteverket.example",
            "demo-analytiker-losenord",
        )
        .await;
    let response = analyst
        .post(app.url("/sf/save_goal"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/organisationer/202100-5448"))
        .form(&[
            ("organisation_number", "202100-5448"),
            ("name", "Digitala deklarationer"),
            ("baseline", "1000"),
            ("target", ""),
            ("deadline", "2028K4"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let goal: serde_json::Value = app
        .get("/api/v1/organisations/202100-5448/history")
        .await
        .json::<Vec<serde_json::Value>>()
        .await
        .unwrap()
        .into_iter()
        // Newest first: the goal just set.
        .find(|c| c["series"] == "goal")
        .unwrap();
    assert_eq!(
        goal["new"],
        "Digitala deklarationer: 1000 → 10000 by 2028Q4"
    );
    assert_eq!(goal["by"], "analytiker@skatteverket.example");

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let (_, as_viewer) = html(&app, &viewer, "/organisationer/202100-5448").await;
    assert!(
        !as_viewer.contains(r#"id="goal-name""#),
        "viewers get no goal form"
    );
}

#[tokio::test]
async fn the_measure_page_loads_through_its_server_function_with_no_organisation_chosen() {
    // The browser's call after following a tile's link, in the server function's own encoding.
    let app = spawn_app_with_demo().await;
    let call = GetMeasure {
        key: "customer_satisfaction".to_owned(),
        kind: Some("municipality".to_owned()),
        from: None,
        to: None,
        quarter: None,
        orgs: Vec::new(),
        basis: None,
    };
    let response = app
        .client
        .post(app.url("/sf/measure"))
        .header("Content-Type", "application/x-postcard")
        .header("Accept", "application/x-postcard")
        .body(postcard::to_allocvec(&call).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page: MeasurePage = postcard::from_bytes(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(page.organisations.len(), 4);
    assert!(page.chosen.is_empty());
}
