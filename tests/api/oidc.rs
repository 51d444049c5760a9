//! Signing in through a real OpenID provider on loopback: npm's oidc-provider, started from
//! `tests/browser/oidc_provider.mjs` (installed by `scripts/setup --test`). The whole flow, and
//! every way it must be refused without a session or a new account.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

use effekt_server::{Application, Config};
use effekt_tests::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, browser, config_for, fresh_database_url, repo_root,
    spawn_app_configured,
};
use serde_json::{Value, json};

/// Effekt's public address as the provider knows it; the tests carry the provider's answer to
/// the real server themselves.
const PUBLIC_URL: &str = "http://effekt.test";
const CALLBACK: &str = "http://effekt.test/auth/oidc/callback";
const MAPPING: &str =
    "effekt-admins=admin;effekt-ledning=viewer;effekt-analys-2021005448=analyst:2021005448";
const PROVIDER_NAME: &str = "Testleverantören";

/// The provider process, stopped when the test ends.
struct Provider {
    child: Child,
    /// Its standard output, kept open so that it never writes into a closed pipe.
    _output: BufReader<ChildStdout>,
    issuer: String,
}

impl Provider {
    /// Starts the provider; its codes live `code_ttl` seconds.
    fn start(code_ttl: u32) -> Self {
        let script = repo_root().join("tests/browser/oidc_provider.mjs");
        let mut child = Command::new("node")
            .arg(&script)
            .env("OIDC_REDIRECT_URI", CALLBACK)
            .env("OIDC_CODE_TTL", code_ttl.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs (scripts/setup --test installs oidc-provider)");
        let mut first = String::new();
        let mut output = BufReader::new(child.stdout.take().expect("the provider's output"));
        output
            .read_line(&mut first)
            .expect("the provider says its port");
        let port: Value = serde_json::from_str(&first).unwrap_or_else(|_| {
            panic!("the provider started ({first:?}); is tests/browser/node_modules installed?")
        });
        Self {
            child,
            _output: output,
            issuer: format!("http://127.0.0.1:{}", port["port"]),
        }
    }

    /// The `EFFEKT_OIDC_*` settings for this provider, read as the server reads them.
    fn configure(&self, config: &mut Config, extra: &[(&str, &str)]) {
        let pairs: Vec<(&str, String)> = [
            ("EFFEKT_PUBLIC_URL", PUBLIC_URL.to_owned()),
            ("EFFEKT_OIDC_ISSUER", self.issuer.clone()),
            ("EFFEKT_OIDC_CLIENT_ID", "effekt".to_owned()),
            ("EFFEKT_OIDC_CLIENT_SECRET", "effekt-test-secret".to_owned()),
            ("EFFEKT_OIDC_NAME", PROVIDER_NAME.to_owned()),
            ("EFFEKT_OIDC_SCOPES", "email groups".to_owned()),
            ("EFFEKT_OIDC_ROLES", MAPPING.to_owned()),
        ]
        .into_iter()
        .chain(extra.iter().map(|(n, v)| (*n, (*v).to_owned())))
        .collect();
        let read = Config::from_lookup(|name| {
            pairs
                .iter()
                .rev()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        })
        .expect("the test's settings hold");
        config.public_url = read.public_url;
        config.oidc = read.oidc;
        config.passwords = read.passwords;
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Effekt with the provider, and Skatteverket (202100-5448) registered for the analysts.
async fn effekt_with(provider: &Provider, extra: &[(&str, &str)]) -> TestApp {
    let app = spawn_app_configured(|config| provider.configure(config, extra)).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &json!({"organisation_number": "202100-5448", "name": "Skatteverket", "kind": "state_agency"}),
        )
        .await;
    assert_eq!(response.status(), 201, "Skatteverket is registered");
    app
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("a redirect, not {}", response.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Begins a sign-in at Effekt in `browser`, follows it through the provider as `account` (the
/// provider logs in its `login_hint`), after `rewrite` has had the provider's address, and
/// returns the query the provider sends back to Effekt's callback.
async fn through_provider(
    app: &TestApp,
    provider: &Provider,
    browser: &reqwest::Client,
    account: &str,
    rewrite: impl FnOnce(String) -> String,
) -> String {
    let start = browser
        .get(app.url("/auth/oidc/start?next=/rapport%3Fperiod%3D2025Q1"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303, "sent to the provider");
    let cookie = start.headers()["set-cookie"].to_str().unwrap().to_owned();
    for flag in ["effekt_oidc=", "HttpOnly", "SameSite=Lax", "Max-Age=600"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let authorise = location(&start);
    assert!(
        authorise.starts_with(&format!("{}/auth?", provider.issuer)),
        "{authorise}"
    );
    for part in [
        "code_challenge_method=S256",
        "code_challenge=",
        "nonce=",
        "state=",
        "client_id=effekt",
    ] {
        assert!(authorise.contains(part), "{part} in {authorise}");
    }
    let mut address = rewrite(format!("{authorise}&login_hint={account}"));
    for _ in 0..10 {
        let response = browser.get(&address).send().await.unwrap();
        let next = location(&response);
        if let Some(query) = next.strip_prefix(&format!("{CALLBACK}?")) {
            return query.to_owned();
        }
        address = if next.starts_with('/') {
            format!("{}{next}", provider.issuer)
        } else {
            next
        };
    }
    panic!("the provider never sent the browser back");
}

async fn callback(app: &TestApp, browser: &reqwest::Client, query: &str) -> reqwest::Response {
    browser
        .get(app.url(&format!("/auth/oidc/callback?{query}")))
        .send()
        .await
        .unwrap()
}

async fn me(app: &TestApp, browser: &reqwest::Client) -> (u16, Value) {
    let response = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The e-mail addresses of every account, as the administrator lists them.
async fn accounts(app: &TestApp) -> Vec<String> {
    let users: Value = app.get("/api/v1/users").await.json().await.unwrap();
    let mut emails: Vec<String> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["email"].as_str().unwrap().to_owned())
        .collect();
    emails.sort();
    emails
}

/// Brings `query` to the callback in `browser` and sees it refused: the status, the sign-in
/// cookie forgotten, a page that says what happened in Swedish and English, and no session.
async fn assert_refused(
    app: &TestApp,
    browser: &reqwest::Client,
    query: &str,
    status: u16,
    swedish: &str,
    english: &str,
) {
    let response = callback(app, browser, query).await;
    assert_eq!(response.status(), status);
    let cleared = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cleared.starts_with("effekt_oidc=;") && cleared.contains("Max-Age=0"),
        "the sign-in cookie is forgotten: {cleared}"
    );
    let page = response.text().await.unwrap();
    assert!(page.contains(swedish), "{page}");
    assert!(page.contains(english), "{page}");
    assert!(page.contains("<html lang=\"sv\">"), "{page}");
    assert_eq!(me(app, browser).await.0, 401, "nobody is signed in");
}

#[tokio::test]
async fn the_whole_flow_signs_in_with_the_mapped_role_and_organisation() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[]).await;

    let page = app.page_text_as(&browser(), "/logga-in").await;
    assert!(
        page.contains(&format!("Logga in med {PROVIDER_NAME}")),
        "{page}"
    );

    let analyst = browser();
    let query = through_provider(&app, &provider, &analyst, "analyst", |a| a).await;
    let response = callback(&app, &analyst, &query).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/rapport?period=2025Q1");
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("effekt_session=") && c.contains("SameSite=Lax")),
        "{cookies:?}"
    );
    assert_eq!(
        me(&app, &analyst).await,
        (
            200,
            json!({"email": "anna@myndighet.example", "role": "analyst", "organisation_number": "202100-5448"})
        )
    );

    // In both the administrators' and the analysts' groups: the first entry, admin, decides.
    let chief = browser();
    let query = through_provider(&app, &provider, &chief, "admin", |a| a).await;
    assert_eq!(callback(&app, &chief, &query).await.status(), 303);
    assert_eq!(
        me(&app, &chief).await,
        (
            200,
            json!({"email": "chef@myndighet.example", "role": "admin", "organisation_number": null})
        )
    );

    // The same answer again finds its sign-in used: no second session from one code.
    let replay = browser();
    assert_refused(&app, &replay, &query, 400, "gick ut", "expired").await;
    assert_eq!(
        accounts(&app).await,
        [
            ADMIN_EMAIL,
            "anna@myndighet.example",
            "chef@myndighet.example"
        ]
    );
}

#[tokio::test]
async fn a_wrong_state_is_refused_and_signs_in_nobody() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[]).await;
    let browser = browser();
    let query = through_provider(&app, &provider, &browser, "analyst", |a| a).await;
    let forged: String = query
        .split('&')
        .map(|pair| match pair.strip_prefix("state=") {
            Some(_) => "state=forged".to_owned(),
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    assert_ne!(forged, query);
    assert_refused(
        &app,
        &browser,
        &forged,
        400,
        "hör inte till den här inloggningen",
        "does not belong to this sign-in",
    )
    .await;
    // The right state afterwards is too late: a sign-in is tried once.
    assert_refused(&app, &browser, &query, 400, "gick ut", "expired").await;
    assert_eq!(accounts(&app).await, [ADMIN_EMAIL]);
}

#[tokio::test]
async fn a_wrong_nonce_is_refused_and_signs_in_nobody() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[]).await;
    let browser = browser();
    let query = through_provider(&app, &provider, &browser, "analyst", |address| {
        let nonce = address
            .split(['?', '&'])
            .find(|pair| pair.starts_with("nonce="))
            .unwrap()
            .to_owned();
        address.replace(&nonce, "nonce=planted-by-an-attacker")
    })
    .await;
    assert_refused(
        &app,
        &browser,
        &query,
        400,
        "kunde inte bekräftas",
        "could not be confirmed",
    )
    .await;
    assert_eq!(accounts(&app).await, [ADMIN_EMAIL]);
}

#[tokio::test]
async fn an_expired_code_is_refused_and_signs_in_nobody() {
    let provider = Provider::start(1);
    let app = effekt_with(&provider, &[]).await;
    let browser = browser();
    let query = through_provider(&app, &provider, &browser, "analyst", |a| a).await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_refused(
        &app,
        &browser,
        &query,
        400,
        "koden hade gått ut",
        "the code had expired",
    )
    .await;
    assert_eq!(accounts(&app).await, [ADMIN_EMAIL]);
}

#[tokio::test]
async fn claims_that_map_to_no_role_are_refused_and_make_no_account() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[]).await;
    let browser = browser();
    let query = through_provider(&app, &provider, &browser, "nobody", |a| a).await;
    assert_refused(
        &app,
        &browser,
        &query,
        403,
        "Du har ingen roll i Effekt",
        "You have no role in Effekt",
    )
    .await;
    assert_eq!(accounts(&app).await, [ADMIN_EMAIL]);
}

#[tokio::test]
async fn first_sign_ins_are_refused_when_creation_is_off_and_accounts_follow_the_provider() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[("EFFEKT_OIDC_NEW_USERS", "refuse")]).await;
    let newcomer = browser();
    let query = through_provider(&app, &provider, &newcomer, "viewer", |a| a).await;
    assert_refused(
        &app,
        &newcomer,
        &query,
        403,
        "Du har inget aktivt konto i Effekt",
        "You have no active account in Effekt",
    )
    .await;
    assert_eq!(accounts(&app).await, [ADMIN_EMAIL]);

    // Added as an analyst; the provider's groups say leadership, and the provider decides.
    let response = app
        .post_json(
            "/api/v1/users",
            &json!({
                "email": "ledning@myndighet.example", "password": "a password long enough",
                "role": "analyst", "organisation_number": "202100-5448",
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let query = through_provider(&app, &provider, &newcomer, "viewer", |a| a).await;
    assert_eq!(callback(&app, &newcomer, &query).await.status(), 303);
    assert_eq!(
        me(&app, &newcomer).await,
        (
            200,
            json!({"email": "ledning@myndighet.example", "role": "viewer", "organisation_number": null})
        )
    );
}

#[tokio::test]
async fn with_passwords_off_password_sign_in_is_refused_on_the_api_and_the_page() {
    let provider = Provider::start(60);
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        first_admin: Some((ADMIN_EMAIL.to_owned(), ADMIN_PASSWORD.to_owned())),
        ..config_for(&fresh_database_url(dir.path()).await)
    };
    provider.configure(&mut config, &[("EFFEKT_PASSWORDS", "false")]);
    let app = Application::build(config).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    let client = browser();
    let response = client
        .post(format!("{address}/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());
    let body: Value = response.json().await.unwrap();
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains("Inloggning med lösenord är avstängd här"),
        "{body}"
    );
    assert!(
        message.contains("Signing in with a password is switched off here"),
        "{body}"
    );

    let response = client
        .post(format!("{address}/sf/login"))
        .header("Accept", "text/html")
        .header("Referer", format!("{address}/logga-in"))
        .form(&[
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(
        !cookies.iter().any(|c| c.starts_with("effekt_session=")),
        "{cookies:?}"
    );
    let me = client
        .get(format!("{address}/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);

    let page = client
        .get(format!("{address}/logga-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Inloggning med lösenord är avstängd här"),
        "{page}"
    );
    assert!(
        page.contains(&format!("Logga in med {PROVIDER_NAME}")),
        "{page}"
    );
    assert!(!page.contains("type=\"password\""), "{page}");
}

#[tokio::test]
async fn one_address_may_begin_thirty_sign_ins_a_minute() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[("EFFEKT_OIDC_STARTS_PER_MINUTE", "30")]).await;
    let browser = browser();
    for attempt in 1..=30 {
        let response = browser
            .get(app.url("/auth/oidc/start"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "sign-in {attempt}");
    }
    let response = browser
        .get(app.url("/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("set-cookie").is_none());
    let page = response.text().await.unwrap();
    assert!(page.contains("Vänta en minut"), "{page}");
    assert!(page.contains("Wait a minute"), "{page}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oidc_sign_ins")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(stored, 30);
}

/// Issue #20 item 5: administrators see the identity provider in use, never its secret.
#[tokio::test]
async fn the_operations_page_shows_the_provider_in_use_without_its_secret() {
    let provider = Provider::start(60);
    let app = effekt_with(&provider, &[("EFFEKT_OIDC_NEW_USERS", "refuse")]).await;
    let page = app.page_text("/admin/drift").await;
    assert!(
        page.contains("<h2 id=\"identity-heading\">Identitetsleverantör</h2>"),
        "{page}"
    );
    for shown in [
        PROVIDER_NAME,
        provider.issuer.as_str(),
        "<dd>effekt</dd>",
        "<code>email</code>",
        "<code>groups</code>",
        "<td>effekt-analys-2021005448</td><td>Analytiker</td><td>202100-5448</td>",
        "<td>effekt-ledning</td><td>Läsare (ledning)</td><td></td>",
        "Avvisas: bara användare som en administratör har lagt till kan logga in.",
        "Inloggning med lösenord är också möjlig.",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    assert!(!page.contains("effekt-test-secret"), "{page}");
    assert!(!page.contains("Endast lokala lösenord"), "{page}");
}

/// Issue #20 item 2: a sign-in the identity provider's answer does not carry counts as failed.
#[tokio::test]
async fn a_refused_identity_provider_sign_in_counts_as_a_failed_sign_in() {
    let provider = Provider::start(60);
    let app = spawn_app_configured(|config| {
        provider.configure(config, &[]);
        config.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let failed = "effekt_sign_ins_failed_total";
    let reason = [("reason", "identity_provider")];
    let before = crate::metrics::value(&crate::metrics::scrape(&app).await, failed, &reason);
    assert_eq!(before, 0.0);
    assert_refused(
        &app,
        &browser(),
        "code=c&state=s",
        400,
        "gick ut",
        "expired",
    )
    .await;
    let after = crate::metrics::value(&crate::metrics::scrape(&app).await, failed, &reason);
    assert_eq!(after, 1.0);
}
