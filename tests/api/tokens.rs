//! Personal API tokens: made only from a session, they end, and they can be listed and revoked;
//! a new password or deactivation revokes them.

use effekt_tests::{ADMIN_EMAIL, TestApp, browser, spawn_app};
use serde_json::{Value, json};

/// Makes a token with the administrator's session; returns the answer's body.
async fn make_token(app: &TestApp, body: Value) -> Value {
    let response = app.post_json("/api/v1/tokens", &body).await;
    assert_eq!(response.status(), 201, "{body}");
    response.json().await.unwrap()
}

fn secret(made: &Value) -> String {
    made["token"].as_str().unwrap().to_owned()
}

async fn me_with_token(app: &TestApp, token: &str) -> u16 {
    browser()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn stored_tokens(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens")
        .fetch_one(&app.db().await)
        .await
        .unwrap()
}

/// Days since 1970-01-01 of a stored time's date (`YYYY-MM-DD…`), after Howard Hinnant's
/// `days_from_civil`: enough to check a lifetime without a date library.
fn day_number(stamp: &str) -> i64 {
    let part = |range: std::ops::Range<usize>| stamp[range].parse::<i64>().unwrap();
    let (year, month, day) = (part(0..4), part(5..7), part(8..10));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn lifetime_in_days(made: &Value) -> i64 {
    let (created, expires) = (
        made["created_at"].as_str().unwrap(),
        made["expires_at"].as_str().unwrap(),
    );
    assert_eq!(
        created[10..],
        expires[10..],
        "whole days: {created} {expires}"
    );
    day_number(expires) - day_number(created)
}

#[tokio::test]
async fn new_tokens_end_after_90_days_or_as_asked_up_to_365() {
    let app = spawn_app().await;
    let made = make_token(&app, json!({"name": "nightly import"})).await;
    assert_eq!(made["name"], "nightly import");
    assert_eq!(made["id"].as_str().unwrap().len(), 16);
    assert!(secret(&made).starts_with("effekt_"));
    assert_eq!(lifetime_in_days(&made), 90);
    let year = make_token(&app, json!({"name": "yearly", "expires_in_days": 365})).await;
    assert_eq!(lifetime_in_days(&year), 365);
    let day = make_token(&app, json!({"name": "a day", "expires_in_days": 1})).await;
    assert_eq!(lifetime_in_days(&day), 1);
    assert_eq!(me_with_token(&app, &secret(&day)).await, 200);
}

#[tokio::test]
async fn a_token_lifetime_out_of_range_or_not_a_whole_number_is_refused() {
    let app = spawn_app().await;
    for days in [
        json!(0),
        json!(-1),
        json!(366),
        json!(1.5),
        json!("30"),
        json!(true),
    ] {
        let response = app
            .post_json(
                "/api/v1/tokens",
                &json!({"name": "n", "expires_in_days": days}),
            )
            .await;
        assert_eq!(response.status(), 422, "{days}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["details"][0]["field"], "expires_in_days", "{days}");
        assert_eq!(body["details"].as_array().unwrap().len(), 1, "{body}");
    }
    assert_eq!(stored_tokens(&app).await, 0, "nothing stored");
}

#[tokio::test]
async fn an_expired_token_answers_401() {
    let app = spawn_app().await;
    let token = secret(&make_token(&app, json!({"name": "old"})).await);
    assert_eq!(me_with_token(&app, &token).await, 200);
    sqlx::query("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&app.db().await)
        .await
        .unwrap();
    assert_eq!(me_with_token(&app, &token).await, 401);
}

#[tokio::test]
async fn a_token_cannot_mint_more_tokens() {
    let app = spawn_app().await;
    let token = secret(&make_token(&app, json!({"name": "script"})).await);
    let response = browser()
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .json(&json!({"name": "successor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Not even through the page's server function.
    let response = browser()
        .post(app.url("/sf/create_api_token"))
        .bearer_auth(&token)
        .form(&[("name", "successor"), ("expires_in_days", "90")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(stored_tokens(&app).await, 1);
}

#[tokio::test]
async fn tokens_are_listed_to_their_owner_without_their_secret() {
    let app = spawn_app().await;
    let first = make_token(&app, json!({"name": "first"})).await;
    let second = make_token(&app, json!({"name": "second", "expires_in_days": 7})).await;
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    let viewers = viewer
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": "viewer's"}))
        .send()
        .await
        .unwrap();
    assert_eq!(viewers.status(), 201);

    assert_eq!(me_with_token(&app, &secret(&first)).await, 200);
    let listed: Value = app.get("/api/v1/tokens").await.json().await.unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "only the caller's own: {listed:?}");
    assert_eq!(listed[0]["id"], second["id"], "newest first");
    assert_eq!(listed[0]["name"], "second");
    assert_eq!(listed[0]["expires_at"], second["expires_at"]);
    assert_eq!(listed[0]["last_used_at"], Value::Null);
    assert_eq!(listed[1]["id"], first["id"]);
    assert!(listed[1]["last_used_at"].as_str().unwrap() >= first["created_at"].as_str().unwrap());
    for token in listed {
        let mut keys: Vec<&str> = token
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["created_at", "expires_at", "id", "last_used_at", "name"]
        );
    }

    let of_viewer: Value = app
        .get("/api/v1/tokens?user=ledning@test.example")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        of_viewer[0]["name"], "viewer's",
        "an administrator sees anyone's"
    );
    let refused = viewer
        .get(app.url(&format!("/api/v1/tokens?user={ADMIN_EMAIL}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "others may not");
    let own: Value = viewer
        .get(app.url("/api/v1/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/tokens?user=nobody@test.example")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_tokens_last_use_is_written_at_most_once_a_minute() {
    let app = spawn_app().await;
    let token = secret(&make_token(&app, json!({"name": "busy"})).await);
    let db = app.db().await;
    let last_used = async || {
        sqlx::query_scalar::<_, Option<String>>("SELECT last_used_at FROM api_tokens")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    assert_eq!(last_used().await, None);
    assert_eq!(me_with_token(&app, &token).await, 200);
    let first = last_used().await.unwrap();
    assert_eq!(me_with_token(&app, &token).await, 200);
    assert_eq!(
        last_used().await.unwrap(),
        first,
        "not again within the minute"
    );
    sqlx::query("UPDATE api_tokens SET last_used_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(me_with_token(&app, &token).await, 200);
    assert!(last_used().await.unwrap() >= first);
}

#[tokio::test]
async fn a_revoked_token_answers_401_and_only_its_owner_or_an_admin_may_revoke_it() {
    let app = spawn_app().await;
    let viewer = app.user("ledning@test.example", "viewer", None).await;
    let admins = make_token(&app, json!({"name": "admin's"})).await;
    let viewers: Value = viewer
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": "viewer's"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let delete = |client: &reqwest::Client, id: &Value| {
        client
            .delete(app.url(&format!("/api/v1/tokens/{}", id.as_str().unwrap())))
            .send()
    };

    let refused = delete(&viewer, &admins["id"]).await.unwrap();
    assert_eq!(refused.status(), 404, "someone else's token is not there");
    assert_eq!(me_with_token(&app, &secret(&admins)).await, 200);

    let revoked = delete(&viewer, &viewers["id"]).await.unwrap();
    assert_eq!(revoked.status(), 204);
    assert_eq!(me_with_token(&app, &secret(&viewers)).await, 401);
    assert_eq!(delete(&viewer, &viewers["id"]).await.unwrap().status(), 404);

    let other: Value = viewer
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"name": "another"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let by_admin = delete(&app.client, &other["id"]).await.unwrap();
    assert_eq!(by_admin.status(), 204, "an administrator may revoke any");
    assert_eq!(me_with_token(&app, &secret(&other)).await, 401);
    assert_eq!(me_with_token(&app, &secret(&admins)).await, 200);
    assert_eq!(stored_tokens(&app).await, 1);
}

#[tokio::test]
async fn a_new_password_or_deactivation_revokes_the_users_tokens() {
    let app = spawn_app().await;
    for (email, change) in [
        (
            "ny@test.example",
            json!({"role": "viewer", "active": true, "password": "a brand new long password"}),
        ),
        (
            "borta@test.example",
            json!({"role": "viewer", "active": false}),
        ),
    ] {
        let user = app.user(email, "viewer", None).await;
        let made: Value = user
            .post(app.url("/api/v1/tokens"))
            .json(&json!({"name": "stolen with the cookie"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = secret(&made);
        assert_eq!(me_with_token(&app, &token).await, 200);
        let response = app
            .put_json(&format!("/api/v1/users/{email}"), &change)
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(me_with_token(&app, &token).await, 401, "{email}");
    }
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn the_openapi_description_documents_the_token_endpoints() {
    let app = spawn_app().await;
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = &document["paths"];
    for (path, method) in [
        ("/api/v1/tokens", "get"),
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{id}", "delete"),
    ] {
        assert!(paths[path].get(method).is_some(), "{method} {path}");
    }
    let post = &paths["/api/v1/tokens"]["post"];
    assert!(post["responses"].get("403").is_some());
    assert_eq!(
        document["components"]["schemas"]["NewToken"]["properties"]["expires_in_days"]["maximum"],
        365
    );
    assert!(
        paths["/api/v1/tokens/{id}"]["delete"]["responses"]
            .get("204")
            .is_some()
    );
}
