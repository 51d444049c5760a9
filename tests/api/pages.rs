//! The pages as a browser without JavaScript sees them: server-rendered HTML and form posts.

use std::time::Duration;

use effekt_app::error::AppError;
use effekt_tests::{TestApp, demo_draft_quarter, spawn_app, spawn_app_with_demo};

/// The report form of a quarter in which the demo keeps a draft for Skatteverket.
fn form_page() -> String {
    format!(
        "/rapport?organisation=202100-5448&period={}",
        demo_draft_quarter()
    )
}

/// Where the API keeps that report.
fn report_path() -> String {
    format!(
        "/api/v1/organisations/202100-5448/reports/{}",
        demo_draft_quarter()
    )
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The page a refused form post without JavaScript is sent back to, with its problems: the
/// post must answer a redirect that carries them (`__err=`).
async fn sent_back_to(app: &TestApp, response: &reqwest::Response) -> String {
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.contains("__err="), "{location}");
    let page = app.client.get(location).send().await.unwrap();
    page.text().await.unwrap()
}

#[tokio::test]
async fn every_page_renders_in_swedish_by_default() {
    let app = spawn_app_with_demo().await;
    for (path, heading) in [
        ("/", "Effektmått för offentlig digitalisering"),
        ("/rapport", "Rapportera kvartalsuppgifter"),
        ("/organisationer", "Organisationer"),
        ("/organisationer/202100-5448", "Skatteverket"),
        ("/tillganglighet", "Tillgänglighetsredogörelse"),
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(r#"<html lang="sv""#), "{path}");
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn the_start_page_lists_all_fourteen_measures_with_figures() {
    let app = spawn_app_with_demo().await;
    let (_, html) = page(&app, "/").await;
    assert_eq!(html.matches(r#"class="measure-card""#).count(), 14);
    assert!(html.contains("Kundnöjdhet"));
    // Measures 7, 8 and 13 show one derived figure each instead of their entered series.
    assert_eq!(html.matches(r#"class="figure""#).count(), 15);
    assert!(!html.contains("Inga uppgifter"));
    assert_eq!(html.matches("<svg").count(), 15, "a sparkline per figure");
    assert!(html.contains(r#"href="/matt/customer_satisfaction?kind=&amp;from="#));
}

#[tokio::test]
async fn unknown_pages_and_organisations_answer_404() {
    let app = spawn_app_with_demo().await;
    for path in [
        "/no-such-page",
        "/organisationer/212000-0159",
        "/organisationer/nonsense",
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Sidan finns inte"), "{path}");
    }
}

#[tokio::test]
async fn the_report_form_shows_every_series_with_the_stored_figures() {
    let app = effekt_tests::spawn_app_with_organisation().await;
    let stored =
        serde_json::json!({"values": {"customer_satisfaction": 81.5, "ideas_delivered": 12}});
    let report = "/api/v1/organisations/202100-5448/reports/2025Q3";
    assert_eq!(app.put_json(report, &stored).await.status(), 200);
    let (status, html) = page(&app, "/rapport?organisation=202100-5448&period=2025Q3").await;
    assert_eq!(status, 200);
    // Each field holds its stored figure as the reader writes numbers; a series with none is
    // empty.
    for (series, value) in [
        ("customer_satisfaction", "81,5"),
        ("ideas_delivered", "12"),
        ("tv_series", ""),
    ] {
        let field = format!(r#"id="field-{series}" name="values[{series}]" value="{value}""#);
        assert!(html.contains(&field), "{field}: {html}");
    }
    assert_eq!(html.matches(r#"name="values["#).count(), 17);
    assert_eq!(html.matches(r#"class="measure-fields""#).count(), 14);
    assert!(html.contains(r#"<label for="field-customer_satisfaction">Nöjd-kund-index</label>"#));
    assert!(html.contains("Tillåtet: 0–100"));
    assert!(html.contains(r#"action="/sf/save_report""#));
}

#[tokio::test]
async fn a_form_post_without_javascript_saves_and_shows_the_figure() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    let response = app
        .post_form(
            "/sf/save_report",
            &form_page(),
            &[
                ("organisation_number", "202100-5448"),
                ("period", period.as_str()),
                ("values[customer_satisfaction]", "77,3"),
                ("values[tv_series]", ""),
                ("lessons", "Sparat utan JavaScript."),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{}&sparad=1", form_page()));

    let (_, html) = page(&app, &location).await;
    assert!(html.contains("Rapporten är sparad."));
    assert!(html.contains(r#"value="77,3""#));
    let report: serde_json::Value = app.get(&report_path()).await.json().await.unwrap();
    assert_eq!(report["values"]["customer_satisfaction"], 77.3);
    assert!(
        report["values"].get("tv_series").is_none(),
        "an empty field clears"
    );
    assert_eq!(report["lessons"], "Sparat utan JavaScript.");
    assert_eq!(report["updated_by"], effekt_tests::ADMIN_EMAIL);

    let (_, organisation) = page(&app, "/organisationer/202100-5448").await;
    assert!(organisation.contains("77,3"));
}

#[tokio::test]
async fn an_invalid_form_post_saves_nothing_and_shows_the_problems_inline() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    let before = app.snapshot().await;
    let response = app
        .post_form(
            "/sf/save_report",
            &form_page(),
            &[
                ("organisation_number", "202100-5448"),
                ("period", period.as_str()),
                ("values[customer_satisfaction]", "101"),
                ("values[ideas_delivered]", "2,5"),
                ("values[vision_alignment]", "55"),
                ("lessons", "Ska inte sparas."),
            ],
        )
        .await;
    assert_eq!(app.snapshot().await, before);
    let html = sent_back_to(&app, &response).await;
    assert!(html.contains("Rapporten sparades inte."));
    assert!(html.contains("Värdet ska vara mellan 0 och 100."));
    assert!(html.contains("Skriv ett heltal."));
    assert!(html.contains(
        r#"id="field-customer_satisfaction" name="values[customer_satisfaction]" value="101" aria-invalid="true""#
    ));
    assert!(html.contains(r#"value="55""#), "what was typed is kept");
    assert!(html.contains("Ska inte sparas."));
}

#[tokio::test]
async fn the_language_switch_is_remembered() {
    let app = spawn_app_with_demo().await;
    let response = app
        .post_form(
            "/sf/set_language",
            "/organisationer",
            &[("lang", "en"), ("return_to", "/organisationer")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/organisationer");

    let (_, html) = page(&app, "/").await;
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("<h1>Effect measures for public-sector digitalisation</h1>"));
    let (_, form) = page(&app, &form_page()).await;
    assert!(form.contains(&demo_draft_quarter().label_en()));

    let response = app
        .post_form(
            "/sf/set_language",
            "/",
            &[("lang", "sv"), ("return_to", "https://elsewhere.example/")],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/",
        "never sends the reader off-site"
    );
    let (_, html) = page(&app, "/").await;
    assert!(html.contains(r#"<html lang="sv""#));
}

#[tokio::test]
async fn refused_server_function_calls_answer_4xx_but_plain_form_posts_still_redirect() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    let invalid = [
        ("organisation_number", "202100-5448"),
        ("period", period.as_str()),
        ("values[customer_satisfaction]", "101"),
        ("lessons", ""),
    ];
    let hydrated = app
        .client
        .post(app.url("/sf/save_report"))
        .header("Accept", "application/x-postcard")
        .form(&invalid)
        .send()
        .await
        .unwrap();
    assert_eq!(hydrated.status(), 422);
    let error: AppError = postcard::from_bytes(&hydrated.bytes().await.unwrap()).unwrap();
    let AppError::Invalid { errors, submitted } = error else {
        panic!("{error:?}");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(submitted["customer_satisfaction"], "101");

    let viewer = app
        .sign_in("ledning@effekt.example", "demo-ledning-losenord")
        .await;
    let forbidden = viewer
        .post(app.url("/sf/save_report"))
        .header("Accept", "application/x-postcard")
        .form(&[
            ("organisation_number", "202100-5448"),
            ("period", period.as_str()),
            ("values[tv_series]", "1"),
            ("lessons", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    let error: AppError = postcard::from_bytes(&forbidden.bytes().await.unwrap()).unwrap();
    assert_eq!(error, AppError::Forbidden);

    // Without JavaScript the browser is sent back to the form, which shows the problem.
    let plain = app
        .post_form("/sf/save_report", &form_page(), &invalid)
        .await;
    let html = sent_back_to(&app, &plain).await;
    assert!(html.contains("Värdet ska vara mellan 0 och 100."), "{html}");
}

/// Leptos finds the page routes by running the app with resource loading switched off for the
/// whole process (leptos issue #4773). A page that one server rendered while another server of
/// the same process started waited forever for its data: the suite hung now and then.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_servers_start_in_the_same_process() {
    let app = spawn_app_with_demo().await;
    let starting = tokio::spawn(async {
        for _ in 0..40 {
            spawn_app().await;
        }
    });
    let mut rendered = 0;
    while !starting.is_finished() {
        let response = tokio::time::timeout(Duration::from_secs(10), app.get("/"))
            .await
            .expect("the dashboard is answered while other servers start");
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(
            html.contains("<h1>Effektmått för offentlig digitalisering</h1>")
                && html.contains("Kundnöjdhet"),
            "the dashboard with its figures: {html}"
        );
        rendered += 1;
    }
    starting.await.unwrap();
    assert!(rendered > 1, "pages were rendered meanwhile");
}

#[tokio::test]
async fn submitting_from_the_form_saves_what_it_shows_first() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    let response = app
        .post_form(
            "/sf/save_report",
            &form_page(),
            &[
                ("organisation_number", "202100-5448"),
                ("period", period.as_str()),
                ("values[customer_satisfaction]", "77,3"),
                ("lessons", "Inskickat med det som stod i formuläret."),
                ("and_submit", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        format!("{}&steg=inskickad", form_page())
    );
    let report: serde_json::Value = app.get(&report_path()).await.json().await.unwrap();
    assert_eq!(report["status"], "submitted");
    assert_eq!(report["values"]["customer_satisfaction"], 77.3);
    assert_eq!(
        report["lessons"],
        "Inskickat med det som stod i formuläret."
    );
}

#[tokio::test]
async fn submitting_a_form_with_invalid_figures_submits_nothing() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    let before = app.snapshot().await;
    let response = app
        .post_form(
            "/sf/save_report",
            &form_page(),
            &[
                ("organisation_number", "202100-5448"),
                ("period", period.as_str()),
                ("values[customer_satisfaction]", "101"),
                ("lessons", ""),
                ("and_submit", "1"),
            ],
        )
        .await;
    assert_eq!(
        app.snapshot().await,
        before,
        "nothing saved, nothing submitted"
    );
    let html = sent_back_to(&app, &response).await;
    assert!(html.contains("Värdet ska vara mellan 0 och 100."));
}

#[tokio::test]
async fn reopening_from_the_page_takes_a_reason_and_the_report_shows_it() {
    let app = spawn_app_with_demo().await;
    let period = demo_draft_quarter().to_string();
    app.approve("202100-5448", &period).await;
    let reopen = |reason: &'static str| {
        vec![
            ("organisation_number", "202100-5448"),
            ("period", period.as_str()),
            ("step", "reopen"),
            ("reason", reason),
        ]
    };
    let before = app.snapshot().await;
    for blank in ["", "   "] {
        let refused = app
            .post_form("/sf/report_step", &form_page(), &reopen(blank))
            .await;
        let html = sent_back_to(&app, &refused).await;
        assert!(
            html.contains("Rapporten öppnades inte. Ange ett skäl."),
            "{html}"
        );
        assert!(html.contains("Fyll i det här fältet."));
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused reopening changes nothing"
    );

    let reopened = app
        .post_form(
            "/sf/report_step",
            &form_page(),
            &reopen("Fel kvartal för NKI."),
        )
        .await;
    assert_eq!(reopened.status(), 302);
    assert_eq!(
        reopened.headers()["location"],
        format!("{}&steg=oppnad", form_page())
    );
    let report: serde_json::Value = app.get(&report_path()).await.json().await.unwrap();
    assert_eq!(report["status"], "draft");
    let (_, html) = page(&app, &form_page()).await;
    let told = html
        .split(r#"class="notice reopen-reason""#)
        .nth(1)
        .expect("the report page tells why it was reopened");
    let told = &told[..told.find("</p>").unwrap()];
    assert!(
        told.contains("Rapporten har öppnats för ändring. Skäl:"),
        "{told}"
    );
    assert!(told.contains("Fel kvartal för NKI."), "{told}");
}
