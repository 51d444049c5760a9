//! The upload page: a file, its preview, confirming it, as a browser without JavaScript.

use effekt_tests::{TestApp, spawn_app_with_demo};

async fn upload(app: &TestApp, client: &reqwest::Client, csv: impl Into<String>) -> String {
    let part = reqwest::multipart::Part::text(csv.into()).file_name("q2.csv");
    let form = reqwest::multipart::Form::new().part("file", part);
    let response = client
        .post(app.url("/import/upload"))
        .header("Origin", app.address.clone())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn html(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap().replace("<!>", "")
}

#[tokio::test]
async fn a_bad_file_shows_every_problem_and_a_good_one_a_preview_to_confirm() {
    let app = spawn_app_with_demo().await;
    let analyst = app
        .sign_in(
            "analytiker@skatteverket.example",
            "demo-analytiker-losenord",
        )
        .await;

    let bad = upload(
        &app,
        &analyst,
        "organisation_number,period,series,value\n202100-5448,2026Q2,customer_satisfaction,101\n212000-0142,2026Q2,tv_series,1\n",
    )
    .await;
    assert!(bad.starts_with("/import/granska/"), "{bad}");
    let page = html(&app, &analyst, &bad).await;
    assert!(page.contains("Filen har fel och kan inte importeras."));
    assert!(
        page.contains("<td>2</td><td>value</td><td>Värdet ska vara mellan 0 och 100.</td>"),
        "{page}"
    );
    assert!(!page.contains("Bekräfta och spara"));

    let not_yours = upload(
        &app,
        &analyst,
        "organisation_number,period,series,value\n212000-0142,2026Q2,tv_series,1\n",
    )
    .await;
    let page = html(&app, &analyst, &not_yours).await;
    assert!(page.contains("Du får inte ändra den här organisationens uppgifter."));

    let before = app.snapshot().await;
    let good = upload(
        &app,
        &analyst,
        "organisation_number;period;series;value\n202100-5448;2026K2;customer_satisfaction;88,5\n",
    )
    .await;
    let page = html(&app, &analyst, &good).await;
    assert!(page.contains("Det här ändras när du bekräftar:"));
    assert!(page.contains("<td>Skatteverket</td><td>2026 K2</td><td>customer_satisfaction</td>"));
    assert!(page.contains("88,5"));
    assert_eq!(app.snapshot().await, before, "a preview stores nothing");

    let id = good.rsplit('/').next().unwrap();
    let response = analyst
        .post(app.url("/sf/confirm_import"))
        .header("Accept", "text/html")
        .header("Referer", app.url(&good))
        .form(&[("id", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/import?klar=1&andrade=1");
    let report: serde_json::Value = app
        .get("/api/v1/organisations/202100-5448/reports/2026Q2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["values"]["customer_satisfaction"], 88.5);

    // Someone else cannot see the analyst's pending file.
    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let response = viewer.get(app.url(&bad)).send().await.unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_export_page_offers_both_formats_and_the_dashboard_links_to_its_csv() {
    let app = spawn_app_with_demo().await;
    let page = html(&app, &app.client, "/export").await;
    assert!(page.contains(r#"action="/api/v1/export/values.csv""#));
    assert!(page.contains(r#"<option value="excel-sv" selected"#));
    let dashboard = html(&app, &app.client, "/?kind=region").await;
    let link = dashboard
        .split("href=\"")
        .find(|s| s.starts_with("/api/v1/export/summary.csv"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(link.contains("kind=region"), "{link}");
    let csv = app.get(&link).await.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}series;period;n;"), "{csv}");
}

const ANALYST: (&str, &str) = (
    "analytiker@skatteverket.example",
    "demo-analytiker-losenord",
);
#[tokio::test]
async fn the_review_lists_a_thousand_problems_and_says_how_many_more() {
    let app = spawn_app_with_demo().await;
    let analyst = app.sign_in(ANALYST.0, ANALYST.1).await;
    let mut file = String::from("organisation_number,period,series,value\n");
    for _ in 0..1_234 {
        file.push_str("202100-5448,2026Q5,tv_series,1\n");
    }
    let review = upload(&app, &analyst, file).await;
    let page = html(&app, &analyst, &review).await;
    assert_eq!(page.matches("<td>period</td>").count(), 1_000);
    assert!(page.contains("Här visas de första 1000 felen; filen har 234 fel till."));
}
