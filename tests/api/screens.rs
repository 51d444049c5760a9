//! Issue #21, item 3: the wall view, and display links that open it and nothing else.

use effekt_tests::{TestApp, browser, spawn_app};
use reqwest::Client;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

const ORGS: [&str; 3] = ["202100-5448", "212000-0142", "212000-1355"];

/// Three organisations whose customer satisfaction (measure 5) in 2025Q1 is 70, 80 and 90,
/// submitted: a national median of 80.
async fn with_figures() -> TestApp {
    let app = spawn_app().await;
    for (i, number) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": "municipality"});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
        let path = format!("/api/v1/organisations/{number}/reports/2025Q1");
        let values = json!({"values": {"customer_satisfaction": 70 + 10 * i}});
        assert_eq!(app.put_json(&path, &values).await.status(), 200);
        let submit = app.url(&format!("{path}/submit"));
        assert_eq!(app.client.post(submit).send().await.unwrap().status(), 200);
    }
    app
}

/// Makes a display link as the administrator: its id and secret.
async fn display_link(app: &TestApp, name: &str) -> (String, String) {
    let response = app
        .post_json("/api/v1/display-links", &json!({"name": name}))
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], name.trim());
    assert_eq!(created["created_by"], effekt_tests::ADMIN_EMAIL);
    assert_eq!(created["path"], format!("/skarm/visa?nyckel={secret}"));
    (created["id"].as_str().unwrap().to_owned(), secret)
}

/// A client without a cookie store that sends the display cookie to every path, as an
/// attacker holding a screen's cookie could.
async fn with_cookie(app: &TestApp, secret: &str, path: &str) -> reqwest::Response {
    browser()
        .get(app.url(path))
        .header(COOKIE, format!("effekt_display={secret}"))
        .send()
        .await
        .unwrap()
}

fn refresh(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("refresh")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_wall_view_shows_one_measure_large_and_rotates_without_javascript() {
    let app = with_figures().await;
    let response = app.get("/skarm?matt=5").await;
    assert_eq!(response.status(), 200);
    assert_eq!(refresh(&response).as_deref(), Some("30; url=/skarm?matt=6"));
    let page = response.text().await.unwrap().replace("<!>", "");
    assert!(page.contains("Kundnöjdhet"), "{page}");
    assert!(page.contains("2025 K1 · Riket, median"), "{page}");
    assert!(
        page.contains(r#"<p class="wall-figure">80 <abbr>"#),
        "the median of 70, 80 and 90: {page}"
    );
    assert!(page.contains("3 / 3 organisationer rapporterade"), "{page}");
    assert!(page.contains("Mått 5 av 14. Nästa mått om 30 sekunder."));
    // No menu or footer to reach on a screen.
    assert!(!page.contains("site-header") && !page.contains("site-footer"));

    // The first when none is named; after the last, the first again.
    let first = app.get("/skarm").await;
    assert_eq!(refresh(&first).as_deref(), Some("30; url=/skarm?matt=2"));
    let last = app.get("/skarm?matt=14").await;
    assert_eq!(refresh(&last).as_deref(), Some("30; url=/skarm?matt=1"));
    for bad in ["0", "15", "x", "-1"] {
        let response = app.get(&format!("/skarm?matt={bad}")).await;
        assert_eq!(response.status(), 404, "{bad}");
        assert_eq!(refresh(&response), None);
    }
    // A reader can stop the rotation.
    let paused = app.get("/skarm?matt=5&paus=1").await;
    assert_eq!(paused.status(), 200);
    assert_eq!(refresh(&paused), None);
    let page = paused.text().await.unwrap().replace("<!>", "");
    assert!(page.contains("Växlingen är pausad."), "{page}");
    assert!(page.contains(r#"href="/skarm?matt=5""#), "{page}");

    // Nobody signed in and no display link: sent to sign in.
    let anonymous = browser().get(app.url("/skarm")).send().await.unwrap();
    assert_eq!(anonymous.status(), 303);
}

#[tokio::test]
async fn a_display_link_opens_the_wall_view_and_nothing_else_until_revoked() {
    let app = with_figures().await;
    let (id, secret) = display_link(&app, "Entrén").await;

    // The screen opens its link: a cookie for the wall view alone, and no secret left in the
    // address.
    let screen = browser();
    let opened = screen
        .get(app.url(&format!("/skarm/visa?nyckel={secret}")))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()[LOCATION], "/skarm");
    let cookie = opened.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with(&format!(
            "effekt_display={secret}; Path=/skarm; HttpOnly; SameSite=Lax;"
        )),
        "{cookie}"
    );
    let wall = screen.get(app.url("/skarm?matt=5")).send().await.unwrap();
    assert_eq!(wall.status(), 200);
    assert_eq!(refresh(&wall).as_deref(), Some("30; url=/skarm?matt=6"));
    assert!(wall.text().await.unwrap().contains("Kundnöjdhet"));

    // Every other page, server function and API answers as to anyone not signed in, whatever
    // the screen sends its cookie to, and the secret is no API token either.
    for page in [
        "/",
        "/admin",
        "/rapport",
        "/organisationer",
        "/export",
        "/skarm/",
        "/api-nycklar",
    ] {
        let response = with_cookie(&app, &secret, page).await;
        assert_eq!(response.status(), 303, "{page}");
        let location = response.headers()[LOCATION].to_str().unwrap();
        assert!(location.starts_with("/logga-in"), "{page}: {location}");
    }
    for api in [
        "/api/v1/me",
        "/api/v1/summary",
        "/api/v1/organisations",
        "/api/v1/display-links",
        "/api/v1/export/values.csv",
        "/api/v1/audit",
    ] {
        assert_eq!(with_cookie(&app, &secret, api).await.status(), 401, "{api}");
        let bearer = browser()
            .get(app.url(api))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap();
        assert_eq!(bearer.status(), 401, "{api} with the secret as a token");
    }
    let server_function = browser()
        .post(app.url("/sf/wall"))
        .header(COOKIE, format!("effekt_display={secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(server_function.status(), 401);
    // Nor can it write: making a link of its own, or revoking itself.
    let before = app.snapshot().await;
    let own = browser()
        .post(app.url("/api/v1/display-links"))
        .header(COOKIE, format!("effekt_display={secret}"))
        .json(&json!({"name": "mine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 401);
    let revoke_self = browser()
        .delete(app.url(&format!("/api/v1/display-links/{id}")))
        .header(COOKIE, format!("effekt_display={secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(revoke_self.status(), 401);
    assert_eq!(app.snapshot().await, before);

    // A wrong secret opens nothing.
    for wrong in [
        format!("{secret}0"),
        "effekt_display_00".to_owned(),
        String::new(),
    ] {
        let response = browser()
            .get(app.url(&format!("/skarm/visa?nyckel={wrong}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{wrong}");
        assert!(response.headers().get(SET_COOKIE).is_none());
        assert_eq!(with_cookie(&app, &wrong, "/skarm").await.status(), 303);
    }

    // Revoked, the link stops at the screen's next request.
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/display-links/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let refused = screen.get(app.url("/skarm?matt=6")).send().await.unwrap();
    assert_eq!(refused.status(), 303);
    assert!(
        refused.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/logga-in")
    );
    let reopened = browser()
        .get(app.url(&format!("/skarm/visa?nyckel={secret}")))
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), 404);
}

#[tokio::test]
async fn administrators_alone_make_list_and_revoke_display_links_each_audited() {
    let app = spawn_app().await;
    let (id, secret) = display_link(&app, " Entrén ").await;
    let listed = app.get("/api/v1/display-links").await;
    assert_eq!(listed.status(), 200);
    let text = listed.text().await.unwrap();
    assert!(!text.contains(&secret), "never the secret: {text}");
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["name"], "Entrén");
    assert_eq!(listed[0]["last_used_at"], Value::Null);

    // Only the secret's SHA-256 is stored.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT secret_hash FROM display_links")
        .fetch_all(&app.db().await)
        .await
        .unwrap();
    assert_eq!(stored, [(effekt::secret::sha256_hex(&secret),)]);
    // Opening it notes its use.
    browser()
        .get(app.url(&format!("/skarm/visa?nyckel={secret}")))
        .send()
        .await
        .unwrap();
    let listed: Value = app.get("/api/v1/display-links").await.json().await.unwrap();
    assert!(listed[0]["last_used_at"].is_string(), "{listed:#}");

    // Bad names, other roles, strangers.
    let before = app.snapshot().await;
    for name in [json!(""), json!("x".repeat(101))] {
        let response = app
            .post_json("/api/v1/display-links", &json!({"name": name}))
            .await;
        assert_eq!(response.status(), 422);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["details"][0]["field"], "name");
    }
    assert_eq!(app.snapshot().await, before);
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    let before = app.snapshot().await;
    check_refused(&app, &viewer, &id, 403).await;
    check_refused(&app, &browser(), &id, 401).await;
    assert_eq!(app.snapshot().await, before);
    let unknown = app
        .client
        .delete(app.url("/api/v1/display-links/0000"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/display-links/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let listed: Value = app.get("/api/v1/display-links").await.json().await.unwrap();
    assert_eq!(listed, json!([]));

    let audit: Value = app.get("/api/v1/audit").await.json().await.unwrap();
    let described = format!("Entrén ({id})");
    let changes: Vec<(&Value, &Value, &Value)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["series"] == "display_link")
        .map(|c| (&c["by"], &c["old"], &c["new"]))
        .collect();
    let admin = json!(effekt_tests::ADMIN_EMAIL);
    assert_eq!(
        changes,
        [
            (&admin, &json!(described), &Value::Null),
            (&admin, &Value::Null, &json!(described)),
        ],
        "newest first: {audit:#}"
    );
    assert!(!audit.to_string().contains(&secret));
}

/// `client` may neither list, make nor revoke display links.
async fn check_refused(app: &TestApp, client: &Client, id: &str, status: u16) {
    let list = client
        .get(app.url("/api/v1/display-links"))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), status);
    let create = client
        .post(app.url("/api/v1/display-links"))
        .json(&json!({"name": "Entrén"}))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), status);
    let revoke = client
        .delete(app.url(&format!("/api/v1/display-links/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), status);
}

#[tokio::test]
async fn the_admin_page_makes_shows_once_and_removes_display_links_without_javascript() {
    let app = spawn_app().await;
    let page = "/admin/skarmlankar";
    let made = app
        .post_form(
            "/sf/create_display_link",
            page,
            &[("name", "Entrén plan 2")],
        )
        .await;
    assert_eq!(made.status(), 302);
    assert_eq!(made.headers()[LOCATION], page);
    // Shown on the page the browser is sent back to, once.
    let shown = app.page_text(page).await;
    let start = shown
        .find("/skarm/visa?nyckel=")
        .expect("the new link is shown");
    let path: String = shown[start..].chars().take_while(|c| *c != '"').collect();
    assert!(shown.contains("Entrén plan 2"));
    let again = app.page_text(page).await;
    assert!(!again.contains("/skarm/visa?nyckel="), "shown only once");
    assert!(again.contains("Entrén plan 2"), "still listed");
    // The shown link opens the wall view.
    let screen = browser();
    let opened = screen.get(app.url(&path)).send().await.unwrap();
    assert_eq!(opened.status(), 303, "{path}");
    assert_eq!(
        screen.get(app.url("/skarm")).send().await.unwrap().status(),
        200
    );

    // A bad name is named and stores nothing.
    let before = app.snapshot().await;
    let refused = app
        .post_form("/sf/create_display_link", page, &[("name", "  ")])
        .await;
    assert_eq!(refused.status(), 302);
    let location = refused.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    assert!(
        app.page_text(&location)
            .await
            .contains("Ge skärmlänken ett namn på 1 till 100 tecken.")
    );
    assert_eq!(app.snapshot().await, before);

    // Removed from the page, the screen is refused.
    let listed: Value = app.get("/api/v1/display-links").await.json().await.unwrap();
    let id = listed[0]["id"].as_str().unwrap();
    let removed = app
        .post_form("/sf/revoke_display_link", page, &[("id", id)])
        .await;
    assert_eq!(removed.status(), 302);
    assert_eq!(
        removed.headers()[LOCATION],
        "/admin/skarmlankar?borttagen=1"
    );
    assert!(
        app.page_text("/admin/skarmlankar?borttagen=1")
            .await
            .contains("Det finns inga skärmlänkar.")
    );
    assert_eq!(
        screen.get(app.url("/skarm")).send().await.unwrap().status(),
        303
    );

    // Not for anyone but administrators.
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    let response = viewer.get(app.url(page)).send().await.unwrap();
    assert_eq!(response.status(), 403);
}
