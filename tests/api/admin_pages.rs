//! The administrators' pages as a browser without JavaScript uses them.

use effekt_tests::{TestApp, spawn_app_with_demo};

/// Fetches a page by path, or by the full address a redirect named.
async fn html(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let url = if path.starts_with("http") {
        path.to_owned()
    } else {
        app.url(path)
    };
    let response = client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    // Leptos separates neighbouring text nodes with `<!>` markers; read the text as shown.
    (status, response.text().await.unwrap().replace("<!>", ""))
}

async fn post_form(app: &TestApp, path: &str, from: &str, fields: &[(&str, &str)]) -> String {
    let response = app.post_form(path, from, fields).await;
    assert_eq!(response.status(), 302, "{path}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_quarter_overview_shows_missing_reports_first_and_only_to_admins() {
    let app = spawn_app_with_demo().await;
    let new_org = [
        ("existing", ""),
        ("organisation_number", "212000-0159"),
        ("name", "Uppsala kommun"),
        ("kind", "municipality"),
    ];
    post_form(
        &app,
        "/sf/save_organisation",
        "/admin/organisationer",
        &new_org,
    )
    .await;

    let (status, page) = html(&app, &app.client, "/admin").await;
    assert_eq!(status, 200);
    let uppsala = page.find("Uppsala kommun").unwrap();
    let skatteverket = page.find("Skatteverket").unwrap();
    assert!(uppsala < skatteverket, "the missing report comes first");
    assert!(page.contains(r#"<tr class="status-missing">"#));
    assert!(page.contains("Saknas: <strong>1</strong>"), "{page}");

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let (status, page) = html(&app, &viewer, "/admin").await;
    assert_eq!(status, 403);
    assert!(page.contains("Du har inte behörighet"));
    assert!(!page.contains("Uppsala kommun"));
    assert!(
        !page.contains(r#"href="/admin/anvandare""#),
        "a refused reader is not offered the administrators' pages"
    );
}

#[tokio::test]
async fn organisations_are_added_and_corrected_with_clear_errors() {
    let app = spawn_app_with_demo().await;
    let bad = [
        ("existing", ""),
        ("organisation_number", "212000-0158"),
        ("name", " "),
        ("kind", "municipality"),
    ];
    let before = app.snapshot().await;
    let location = post_form(&app, "/sf/save_organisation", "/admin/organisationer", &bad).await;
    assert!(location.contains("__err="), "{location}");
    assert_eq!(app.snapshot().await, before);
    let (_, page) = html(&app, &app.client, &location).await;
    assert!(page.contains("kontrollsiffran är fel"));
    assert!(page.contains("Skriv ett namn."));

    let duplicate = [
        ("existing", ""),
        ("organisation_number", "202100-5448"),
        ("name", "Skatteverket igen"),
        ("kind", "state_agency"),
    ];
    let location = post_form(
        &app,
        "/sf/save_organisation",
        "/admin/organisationer",
        &duplicate,
    )
    .await;
    let (_, page) = html(&app, &app.client, &location).await;
    assert!(page.contains("Det finns redan en organisation med det numret."));

    let rename = [
        ("existing", "202100-5448"),
        ("organisation_number", "202100-5448"),
        ("name", "Skatteverket (SKV)"),
        ("kind", "state_agency"),
    ];
    let location = post_form(
        &app,
        "/sf/save_organisation",
        "/admin/organisationer",
        &rename,
    )
    .await;
    assert_eq!(location, "/admin/organisationer?sparad=1");
    let (_, page) = html(&app, &app.client, "/organisationer").await;
    assert!(page.contains("Skatteverket (SKV)"));
}

#[tokio::test]
async fn users_are_added_deactivated_and_checked() {
    let app = spawn_app_with_demo().await;
    let analyst_without_org = [
        ("existing", ""),
        ("email", "ny@test.example"),
        ("role", "analyst"),
        ("organisation_number", ""),
        ("active", "on"),
        ("password", "ett tillräckligt långt lösenord"),
    ];
    let location = post_form(
        &app,
        "/sf/save_user",
        "/admin/anvandare",
        &analyst_without_org,
    )
    .await;
    let (_, page) = html(&app, &app.client, &location).await;
    assert!(page.contains("En analytiker måste höra till en organisation."));

    let good = [
        ("existing", ""),
        ("email", "ny@test.example"),
        ("role", "analyst"),
        ("organisation_number", "212000-1124"),
        ("active", "on"),
        ("password", "ett tillräckligt långt lösenord"),
    ];
    assert_eq!(
        post_form(&app, "/sf/save_user", "/admin/anvandare", &good).await,
        "/admin/anvandare?sparad=1"
    );
    let analyst = app
        .sign_in("ny@test.example", "ett tillräckligt långt lösenord")
        .await;
    let (status, _) = html(&app, &analyst, "/").await;
    assert_eq!(status, 200);

    // No `active` field: the checkbox was unticked.
    let deactivate = [
        ("existing", "ny@test.example"),
        ("email", "ny@test.example"),
        ("role", "analyst"),
        ("organisation_number", "212000-1124"),
        ("password", ""),
    ];
    assert_eq!(
        post_form(&app, "/sf/save_user", "/admin/anvandare", &deactivate).await,
        "/admin/anvandare?sparad=1"
    );
    let (status, _) = html(&app, &analyst, "/").await;
    assert_eq!(status, 303, "signed out everywhere");
    let (_, page) = html(&app, &app.client, "/admin/anvandare").await;
    assert!(page.contains("ny@test.example (Avstängd)"), "{page}");
}

#[tokio::test]
async fn the_history_page_lists_changes_newest_first() {
    let app = spawn_app_with_demo().await;
    let period = effekt_tests::demo_draft_quarter().to_string();
    let fields = [
        ("organisation_number", "202100-5448"),
        ("period", period.as_str()),
        ("values[customer_satisfaction]", "12,5"),
        ("lessons", "Historik"),
    ];
    app.post_form(
        "/sf/save_report",
        &format!("/rapport?organisation=202100-5448&period={period}"),
        &fields,
    )
    .await;
    let (status, page) = html(&app, &app.client, "/organisationer/202100-5448/historik").await;
    assert_eq!(status, 200);
    let newest = page.find("Nöjd-kund-index").unwrap();
    let demo = page.find("system:demo").unwrap();
    assert!(newest < demo, "the newest change comes first");
    assert!(page.contains(effekt_tests::ADMIN_EMAIL));
    // In Swedish: the decimal comma, the lessons and status fields and the status by name.
    assert!(page.contains("<td>12,5</td>"), "{page}");
    assert!(page.contains("<td>Erfarenheter och lärdomar</td>"));
    assert!(page.contains("<td>Historik</td>"));
    assert!(page.contains("<td>Status</td>"));
    for raw in [
        "<td>12.5</td>",
        "<td>lessons</td>",
        "<td>status</td>",
        "<td>draft</td>",
    ] {
        assert!(!page.contains(raw), "{raw} in {page}");
    }
}

/// How many rows `path` of the API lists in all, as its `X-Total-Count` says.
async fn total_count(app: &TestApp, path: &str) -> u64 {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_history_page_comes_in_pages_linked_without_javascript() {
    let app = spawn_app_with_demo().await;
    let total = total_count(&app, "/api/v1/organisations/202100-5448/history").await;
    let pages = total.div_ceil(50);
    assert!(pages > 2, "the demo fills more than two pages: {total}");
    let base = "/organisationer/202100-5448/historik";

    let (status, first) = html(&app, &app.client, base).await;
    assert_eq!(status, 200);
    assert!(first.contains(&format!("Sida 1 av {pages} ({total} ändringar)")));
    assert!(first.contains(&format!(
        r#"<a href="{base}?sida=2" rel="next">Nästa sida</a>"#
    )));
    assert!(!first.contains(r#"rel="prev""#));
    assert_eq!(
        first.matches("<tr>").count(),
        1 + 50,
        "a heading and 50 changes"
    );
    assert!(
        !first.contains("analytiker@skatteverket.example"),
        "no account changes in an organisation's history"
    );

    let (status, second) = html(&app, &app.client, &format!("{base}?sida=2")).await;
    assert_eq!(status, 200);
    assert!(second.contains(&format!("Sida 2 av {pages}")));
    assert!(second.contains(&format!(
        r#"<a href="{base}?sida=1" rel="prev">Föregående sida</a>"#
    )));
    assert!(second.contains(&format!(
        r#"<a href="{base}?sida=3" rel="next">Nästa sida</a>"#
    )));

    let (status, last) = html(&app, &app.client, &format!("{base}?sida={pages}")).await;
    assert_eq!(status, 200);
    assert!(last.contains(&format!("Sida {pages} av {pages}")));
    assert!(last.contains("system:demo"));
    assert!(!last.contains(r#"rel="next""#));

    let (status, _) = html(&app, &app.client, &format!("{base}?sida=0")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_audit_page_shows_every_change_to_administrators_only() {
    let app = spawn_app_with_demo().await;
    let (_, admin) = html(&app, &app.client, "/admin").await;
    assert!(admin.contains(r#"<a href="/admin/logg">Händelselogg</a>"#));

    let total = total_count(&app, "/api/v1/audit").await;
    let (status, page) = html(&app, &app.client, "/admin/logg").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Händelselogg</h1>"));
    assert!(page.contains(&format!(
        "Sida 1 av {} ({total} ändringar)",
        total.div_ceil(50)
    )));
    assert!(page.contains(
        r#"<a href="/admin/logg?from=&amp;to=&amp;user=&amp;organisation=&amp;sida=2" rel="next">"#
    ));

    // An account's changes, chosen by its user, with the filter kept in the form.
    let analyst = "analytiker@skatteverket.example";
    let query = "/admin/logg?from=&to=&user=analytiker%40skatteverket.example&organisation=";
    let chosen = total_count(&app, &format!("/api/v1/audit?user={analyst}")).await;
    let (status, page) = html(&app, &app.client, query).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("<td>Konto: {analyst}</td>")),
        "{page}"
    );
    assert!(page.contains(&format!(r#"value="{analyst}""#)));
    assert!(page.contains(&format!("Sida 1 av 1 ({chosen} ändringar)")));

    let (status, page) = html(
        &app,
        &app.client,
        "/admin/logg?from=ig%C3%A5r&organisation=202100-5449",
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Skriv datumet som ÅÅÅÅ-MM-DD"), "{page}");
    assert!(page.contains("kontrollsiffran är fel"));
    assert!(!page.contains("<td>Konto:"));

    let response = app
        .post_form(
            "/sf/set_language",
            "/admin/logg",
            &[("lang", "en"), ("return_to", "/admin/logg")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let (status, page) = html(&app, &app.client, "/admin/logg?to=2000-01-01").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Audit log</h1>"));
    assert!(page.contains("No changes yet."));
    assert!(page.contains("Page 1 of 1 (0 changes)"));
    let (status, page) = html(&app, &app.client, "/admin/logg?from=yesterday").await;
    assert_eq!(status, 422);
    assert!(page.contains("Write the date as YYYY-MM-DD"));

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let (status, page) = html(&app, &viewer, "/admin/logg").await;
    assert_eq!(status, 403);
    assert!(!page.contains(analyst));
}
