//! The upload page: a file, its preview, confirming it, as a browser without JavaScript.

use effekt_tests::{TestApp, demo_draft_quarter, spawn_app_with_demo};
use sqlx::Row;

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

    let draft = demo_draft_quarter();
    let bad = upload(
        &app,
        &analyst,
        format!("organisation_number,period,series,value\n202100-5448,{draft},customer_satisfaction,101\n212000-0142,{draft},tv_series,1\n"),
    )
    .await;
    assert!(bad.starts_with("/import/granska/"), "{bad}");
    let page = html(&app, &analyst, &bad).await;
    assert!(page.contains("Filen har fel och kan inte importeras."));
    assert!(
        // The series by name and key, and the value given (#22).
        page.contains(
            "<td>2</td><td>value</td><td>Nöjd-kund-index (customer_satisfaction): 101 – Värdet ska vara mellan 0 och 100.</td>"
        ),
        "{page}"
    );
    assert!(!page.contains("Bekräfta och spara"));

    let not_yours = upload(
        &app,
        &analyst,
        format!("organisation_number,period,series,value\n212000-0142,{draft},tv_series,1\n"),
    )
    .await;
    let page = html(&app, &analyst, &not_yours).await;
    assert!(page.contains("Du får inte ändra den här organisationens uppgifter."));

    let before = app.snapshot().await;
    // The quarter as Statistics Sweden writes it (YYYYKn), in the Excel form of the file.
    let good = upload(
        &app,
        &analyst,
        format!(
            "organisation_number;period;series;value\n202100-5448;{}K{};customer_satisfaction;88,5\n",
            draft.year(),
            draft.quarter()
        ),
    )
    .await;
    let page = html(&app, &analyst, &good).await;
    assert!(page.contains("Det här ändras när du bekräftar:"));
    // The series by its name in the reader's language, not its key (#22).
    assert!(page.contains(&format!(
        "<td>Skatteverket</td><td>{}</td><td>Nöjd-kund-index</td>",
        draft.label_sv()
    )));
    assert!(page.contains("88,5"));
    // The upload waits as the one new row, the file to confirm; the preview stores nothing.
    let after = app.snapshot().await;
    assert!(before.iter().all(|row| after.contains(row)), "nothing went");
    let added: Vec<&String> = after.iter().filter(|row| !before.contains(row)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].starts_with("pending_imports: "), "{added:?}");

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
        .get(&format!(
            "/api/v1/organisations/202100-5448/reports/{draft}"
        ))
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
/// A file with one figure for the demo analyst's draft.
fn good_file() -> String {
    format!(
        "organisation_number,period,series,value\n202100-5448,{},customer_satisfaction,88.5\n",
        demo_draft_quarter()
    )
}

/// How many uploaded files wait in the database, of anyone's.
async fn pending_uploads(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM pending_imports")
        .fetch_one(&app.db().await)
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_viewer_may_not_upload_a_file_and_is_told_so_in_both_languages() {
    let app = spawn_app_with_demo().await;
    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    assert_eq!(upload(&app, &viewer, good_file()).await, "/import?nekad=1");
    assert_eq!(pending_uploads(&app).await, 0);
    let page = html(&app, &viewer, "/import?nekad=1").await;
    assert!(
        page.contains(
            "Du får inte importera: din roll får inte ändra någon organisations uppgifter."
        )
    );
    let response = viewer
        .post(app.url("/sf/set_language"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/import"))
        .form(&[("lang", "en"), ("return_to", "/import")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let page = html(&app, &viewer, "/import?nekad=1").await;
    assert!(
        page.contains("You may not import: your role may not change any organisation's figures.")
    );
}

#[tokio::test]
async fn each_user_keeps_at_most_three_uploaded_files_waiting() {
    let app = spawn_app_with_demo().await;
    let analyst = app.sign_in(ANALYST.0, ANALYST.1).await;
    let mut reviews = Vec::new();
    for _ in 0..4 {
        reviews.push(upload(&app, &analyst, good_file()).await);
    }
    upload(&app, &app.client, good_file()).await;
    assert_eq!(
        pending_uploads(&app).await,
        3 + 1,
        "three of the analyst's, one of the admin's"
    );
    let response = analyst.get(app.url(&reviews[0])).send().await.unwrap();
    assert_eq!(response.status(), 404, "the oldest is forgotten");
    for review in &reviews[1..] {
        let page = html(&app, &analyst, review).await;
        assert!(
            page.contains("Det här ändras när du bekräftar:"),
            "{review}"
        );
    }
}

#[tokio::test]
async fn an_upload_older_than_a_day_is_never_shown_and_is_forgotten_while_the_server_runs() {
    let app = spawn_app_with_demo().await;
    let analyst = app.sign_in(ANALYST.0, ANALYST.1).await;
    let review = upload(&app, &analyst, good_file()).await;
    assert!(
        html(&app, &analyst, &review)
            .await
            .contains("Bekräfta och spara")
    );
    // Long before a day ago, in the stored form of a time.
    sqlx::query("UPDATE pending_imports SET created_at = $1")
        .bind("2000-01-01T00:00:00.000000Z")
        .execute(&app.db().await)
        .await
        .unwrap();
    let id = review.rsplit('/').next().unwrap();
    // The sweep may forget the expired file at any moment (checked below): the one change
    // allowed here.
    let before = app.snapshot_without(&["pending_imports"]).await;
    let response = analyst
        .post(app.url("/sf/confirm_import"))
        .header("Accept", "text/html")
        .header("Referer", app.url(&review))
        .form(&[("id", id)])
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 200);
    assert_eq!(
        app.snapshot_without(&["pending_imports"]).await,
        before,
        "an expired file is not stored"
    );
    let response = analyst.get(app.url(&review)).send().await.unwrap();
    assert_eq!(response.status(), 404);
    // The server forgets it on its own (every half second in the tests, hourly by default).
    let mut waited = 0;
    while pending_uploads(&app).await > 0 {
        assert!(waited < 100, "the expired upload is still stored");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
}

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
