//! Signing in and out, sessions, API tokens, and what keeps them safe.

use effekt_tests::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, browser, spawn_app, spawn_app_configured, stored_time,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// SHA-256 in lower-case hex, worked out here, apart from the server's own hashing.
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    browser()
        .post(app.url("/api/v1/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// The session id a login response sets.
fn session_of(response: &reqwest::Response) -> String {
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie
        .strip_prefix("effekt_session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned()
}

async fn me_with_session(app: &TestApp, session: &str) -> u16 {
    browser()
        .get(app.url("/api/v1/me"))
        .header("Cookie", format!("effekt_session={session}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn login_sets_a_safe_session_cookie_and_me_says_who() {
    let app = spawn_app().await;
    let response = login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    assert_eq!(session_of(&response).len(), 32, "128 random bits");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"email": ADMIN_EMAIL, "role": "admin", "organisation_number": null})
    );

    let over_https = browser()
        .post(app.url("/api/v1/login"))
        .header("X-Forwarded-Proto", "https")
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(
        over_https.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = login(&app, ADMIN_EMAIL, "not the password").await;
    let unknown = login(&app, "nobody@test.example", "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(wrong.headers().get("set-cookie").is_none());
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let session = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    assert_eq!(me_with_session(&app, &session).await, 200);
    let response = browser()
        .post(app.url("/api/v1/logout"))
        .header("Cookie", format!("effekt_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        me_with_session(&app, &session).await,
        401,
        "the old cookie is worthless"
    );
}

#[tokio::test]
async fn a_new_login_gets_a_new_session_and_ends_the_one_it_brought() {
    let app = spawn_app().await;
    let first = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    let second = browser()
        .post(app.url("/api/v1/login"))
        .header("Cookie", format!("effekt_session={first}"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    let second = session_of(&second);
    assert_ne!(first, second);
    assert_eq!(me_with_session(&app, &first).await, 401);
    assert_eq!(me_with_session(&app, &second).await, 200);
}

#[tokio::test]
async fn repeated_failures_for_an_account_are_refused_even_with_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(
            login(&app, ADMIN_EMAIL, "guess guess guess").await.status(),
            401
        );
    }
    let response = login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(response.status(), 429);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("Too many"));
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_app().await;
    let session = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    let db = app.db().await;
    sqlx::query("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(me_with_session(&app, &session).await, 401);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE email = $1")
        .bind(ADMIN_EMAIL)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 1, "only the test client's own session is left");
}

#[tokio::test]
async fn sessions_are_stored_as_the_sha256_of_their_cookie() {
    let app = spawn_app().await;
    let db = app.db().await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = count().await;
    let session = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    assert_eq!(count().await, before + 1);
    let stored: Vec<String> = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(stored.contains(&sha256_hex(&session)), "{stored:?}");
    assert!(
        !stored.contains(&session),
        "the cookie itself is not stored"
    );
}

/// SECURITY.md: a session ends 12 hours after sign-in however busy it is; idleness is the
/// other limit, so the session here was used a moment ago.
#[tokio::test]
async fn a_busy_session_ends_twelve_hours_after_sign_in() {
    let app = spawn_app().await;
    let session = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    let db = app.db().await;
    let signed_in = |ago: time::Duration| {
        sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2 WHERE id_hash = $3")
            .bind(stored_time(-ago))
            .bind(stored_time(time::Duration::ZERO))
            .bind(sha256_hex(&session))
            .execute(&db)
    };
    assert_eq!(
        signed_in(time::Duration::hours(12) - time::Duration::minutes(1))
            .await
            .unwrap()
            .rows_affected(),
        1
    );
    assert_eq!(me_with_session(&app, &session).await, 200, "11 h 59 min");
    signed_in(time::Duration::hours(12) + time::Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(me_with_session(&app, &session).await, 401, "12 h 1 min");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1")
        .bind(sha256_hex(&session))
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0, "the ended session is deleted");
}

#[tokio::test]
async fn deactivating_a_user_or_changing_their_password_ends_their_sessions() {
    let app = spawn_app().await;
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    assert_eq!(
        viewer
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let change = json!({"role": "viewer", "active": false});
    assert_eq!(
        app.put_json("/api/v1/users/ledning@test.example", &change)
            .await
            .status(),
        200
    );
    assert_eq!(
        viewer
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        login(&app, "ledning@test.example", "a password long enough")
            .await
            .status(),
        401
    );

    let analyst = app.user("analytiker@test.example", "viewer", None).await;
    let change = json!({"role": "viewer", "active": true, "password": "a brand new long password"});
    assert_eq!(
        app.put_json("/api/v1/users/analytiker@test.example", &change)
            .await
            .status(),
        200
    );
    assert_eq!(
        analyst
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        login(&app, "analytiker@test.example", "a brand new long password")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn api_tokens_are_shown_once_stored_hashed_and_work_as_bearer() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/v1/tokens", &json!({"name": "nightly import"}))
        .await;
    assert_eq!(response.status(), 201);
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(token.len() >= 64);

    let me: Value = browser()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], ADMIN_EMAIL);
    // A token is not ambient: a script may write with it from anywhere.
    let created = browser()
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(&token)
        .header("Origin", "https://elsewhere.example")
        .json(&json!({"organisation_number": "212000-1355", "name": "Göteborgs Stad", "kind": "municipality"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    let db = app.db().await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM api_tokens")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(stored, [sha256_hex(&token)]);
    let wrong = browser()
        .get(app.url("/api/v1/me"))
        .bearer_auth("effekt_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn cross_site_writes_with_a_session_cookie_are_refused() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let body = json!({"organisation_number": "212000-1355", "name": "Göteborgs Stad", "kind": "municipality"});
    for (header, value) in [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/organisations"))
            .header(header, value)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
    }
    // Server functions, which Leptos does not protect by itself, are covered too.
    let response = app
        .client
        .post(app.url("/sf/logout"))
        .header("Origin", "https://evil.example")
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "still signed in");
    assert_eq!(app.snapshot().await, before);

    let same_site = app
        .client
        .post(app.url("/api/v1/organisations"))
        .header("Origin", app.address.clone())
        .header("Sec-Fetch-Site", "same-origin")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status(), 201);
}

#[tokio::test]
async fn pages_send_anonymous_visitors_to_sign_in_and_back() {
    let app = spawn_app().await;
    let anonymous = browser();
    let response = anonymous
        .get(app.url("/rapport?period=2025Q1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/logga-in?next=/rapport%3Fperiod%3D2025Q1"
    );
    let login_page = anonymous.get(app.url("/logga-in")).send().await.unwrap();
    assert_eq!(login_page.status(), 200);

    let response = anonymous
        .post(app.url("/sf/login"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/logga-in"))
        .form(&[
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
            ("next", "/rapport?period=2025Q1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/rapport?period=2025Q1");
    assert_eq!(
        anonymous
            .get(app.url("/rapport"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/api/v1/measures",
        "/healthz",
        "/favicon.svg",
        "/no-such-page",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        for directive in ["frame-ancestors 'none'", "base-uri 'none'"] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
    }
    let page = app.get("/").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("object-src 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
}

/// A sign-in from `address`, as a reverse proxy would name it.
async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> u16 {
    sign_in_status(app.url("/api/v1/login"), address, email, password).await
}

async fn sign_in_status(url: String, address: &str, email: &str, password: &str) -> u16 {
    browser()
        .post(url)
        .header("X-Forwarded-For", address)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn behind_a_proxy() -> TestApp {
    spawn_app_configured(|config| config.behind_proxy = true).await
}

/// Issue #16: the limit was checked, then the guess hashed, then the failure recorded, so a
/// burst of concurrent guesses all passed the check before any was counted.
#[tokio::test]
async fn concurrent_guesses_are_all_counted_and_only_five_are_checked() {
    let app = behind_a_proxy().await;
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let url = app.url("/api/v1/login");
        guesses.spawn(async move {
            sign_in_status(url, "203.0.113.5", ADMIN_EMAIL, "guess guess").await
        });
    }
    let mut answers = guesses.join_all().await;
    answers.sort();
    assert_eq!(answers, [[401; 5].as_slice(), &[429; 15]].concat());
    assert_eq!(
        login_from(&app, "203.0.113.5", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        429
    );
}

/// Issue #16: five failures locked the account for everyone, so a stranger could keep the
/// administrator out for good.
#[tokio::test]
async fn a_stranger_cannot_lock_the_administrator_out() {
    let app = behind_a_proxy().await;
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, "203.0.113.6", ADMIN_EMAIL, "guess").await,
            401
        );
    }
    assert_eq!(
        login_from(&app, "203.0.113.6", ADMIN_EMAIL, "guess").await,
        429
    );
    assert_eq!(
        login_from(&app, "203.0.113.6", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        429,
        "the guessing address waits"
    );
    assert_eq!(
        login_from(&app, "198.51.100.7", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        200,
        "the administrator's own address gets in"
    );
}

/// Issue #16: an address that did not parse was answered without being counted, so it could be
/// sent without end (and was hashed, before any limit was looked at).
#[tokio::test]
async fn malformed_addresses_are_refused_like_wrong_passwords_and_count() {
    let app = behind_a_proxy().await;
    for _ in 0..30 {
        assert_eq!(login_from(&app, "203.0.113.7", "x", "a").await, 401);
    }
    assert_eq!(
        login_from(&app, "203.0.113.7", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        429,
        "thirty failures from one address block it"
    );
    assert_eq!(
        login_from(&app, "203.0.113.8", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        200
    );
}

/// SECURITY.md: thirty attempts from one address within 15 minutes block that address for 15
/// minutes, the right password too; a successful sign-in gives its attempt back.
#[tokio::test]
async fn thirty_attempts_from_one_address_block_it_for_fifteen_minutes() {
    let app = behind_a_proxy().await;
    let address = "203.0.113.9";
    // Each guess at another account, so that only the address's count can refuse them.
    let guess = |n: usize| format!("gissning{n}@test.example");
    for n in 1..=29 {
        assert_eq!(
            login_from(&app, address, &guess(n), "guess").await,
            401,
            "{n}"
        );
    }
    assert_eq!(
        login_from(&app, address, ADMIN_EMAIL, ADMIN_PASSWORD).await,
        200,
        "the thirtieth attempt is let through, and being right gives it back"
    );
    let before = stored_time(time::Duration::minutes(15));
    assert_eq!(login_from(&app, address, &guess(30), "guess").await, 401);
    let after = stored_time(time::Duration::minutes(15));
    assert_eq!(
        login_from(&app, address, ADMIN_EMAIL, ADMIN_PASSWORD).await,
        429,
        "thirty failures: the right password is refused too"
    );
    assert_eq!(
        login_from(&app, "203.0.113.10", ADMIN_EMAIL, ADMIN_PASSWORD).await,
        200,
        "another address is not"
    );
    let db = app.db().await;
    let key = format!("ip:{address}");
    let blocked_until: String =
        sqlx::query_scalar("SELECT blocked_until FROM login_failures WHERE throttle_key = $1")
            .bind(&key)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(
        before <= blocked_until && blocked_until <= after,
        "blocked for 15 minutes after the thirtieth: {before} <= {blocked_until} <= {after}"
    );
    // Fifteen minutes on (the last attempt and the block a minute further back), it is let in.
    let past = stored_time(-time::Duration::minutes(16));
    sqlx::query(
        "UPDATE login_failures SET last_at = $1, blocked_until = $1 WHERE throttle_key = $2",
    )
    .bind(&past)
    .bind(&key)
    .execute(&db)
    .await
    .unwrap();
    assert_eq!(
        login_from(&app, address, ADMIN_EMAIL, ADMIN_PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn successful_sign_ins_do_not_use_up_their_address() {
    let app = behind_a_proxy().await;
    for _ in 0..35 {
        assert_eq!(
            login_from(&app, "192.0.2.44", ADMIN_EMAIL, ADMIN_PASSWORD).await,
            200,
            "colleagues behind one proxy all sign in"
        );
    }
}

/// Issue #16: the page's sign-in kept the session the browser brought; the API's ended it.
#[tokio::test]
async fn signing_in_on_the_page_ends_the_session_it_brought() {
    let app = spawn_app().await;
    let first = session_of(&login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    let response = browser()
        .post(app.url("/sf/login"))
        .header("Accept", "text/html")
        .header("Cookie", format!("effekt_session={first}"))
        .form(&[
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let second = session_of(&response);
    assert_ne!(first, second);
    assert_eq!(me_with_session(&app, &first).await, 401);
    assert_eq!(me_with_session(&app, &second).await, 200);
}

/// Issue #16: over HTTPS the session cookie is `__Host-` prefixed, so that no other site under
/// the same domain can plant or overwrite it; a plain cookie carries no session there.
#[tokio::test]
async fn over_https_the_session_lives_in_a_host_cookie() {
    let app = spawn_app_configured(|config| {
        config.public_url = Some("https://effekt.example.se".to_owned());
    })
    .await;
    let response = login(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-effekt_session="), "{cookie}");
    for flag in ["; Path=/;", "; HttpOnly", "; SameSite=Lax", "; Secure"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let id = cookie
        .strip_prefix("__Host-effekt_session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap();
    let me = |cookie: String| {
        browser()
            .get(app.url("/api/v1/me"))
            .header("Cookie", cookie)
            .send()
    };
    assert_eq!(
        me(format!("__Host-effekt_session={id}"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        me(format!("effekt_session={id}")).await.unwrap().status(),
        401
    );
}
