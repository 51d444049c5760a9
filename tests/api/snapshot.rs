//! The "nothing changed" snapshot that the tests of refusals compare (`tests/lib.rs`): it must
//! see a change to any table, a table added later included, and leave out only what it names.

use effekt_tests::{SIGN_IN_COUNTS, spawn_app_with_organisation, stored_time};
use serde_json::json;

#[tokio::test]
async fn the_snapshot_sees_a_change_to_any_table_and_to_a_table_added_later() {
    let app = spawn_app_with_organisation().await;
    let report = "/api/v1/organisations/202100-5448/reports/2025Q1";
    let saved = app
        .put_json(report, &json!({"values": {"tv_series": 2}}))
        .await;
    assert_eq!(saved.status(), 200);
    // The organisation's figures packed in one row, in bytes: read too.
    assert!(
        app.snapshot()
            .await
            .iter()
            .any(|row| row.starts_with("figure_snapshots: 202100-5448 | ")),
        "{:?}",
        app.snapshot().await
    );
    let db = app.db().await;
    let write = |sql: &'static str| sqlx::query(sql).execute(&db);
    // A file uploaded just now: the server forgets files older than a day while it runs, and on a
    // busy machine its first sweep may come after this test's insert (CI, stop 27).
    let uploaded_now = format!(
        "INSERT INTO pending_imports (id, email, file_name, content, created_at) \
         VALUES ('p1', 'admin@test.example', 'a.csv', 'x', '{}')",
        stored_time(time::Duration::ZERO)
    );
    // The tables the snapshot once left out, each changed by hand.
    for (table, change) in [
        (
            "data_version",
            "UPDATE data_version SET version = version + 1",
        ),
        (
            "login_failures",
            "INSERT INTO login_failures (throttle_key, failures, last_at, blocked_until) \
             VALUES ('ip:192.0.2.1', 1, '2026-01-01T00:00:00.000000Z', '')",
        ),
        (
            "sessions",
            "UPDATE sessions SET created_at = '2026-01-01T00:00:00.000000Z'",
        ),
        (
            "api_tokens",
            "INSERT INTO api_tokens (id, token_hash, email, name, created_at, expires_at) \
             VALUES ('t1', 'h1', 'admin@test.example', 'n', '2026-01-01T00:00:00.000000Z', \
             '2027-01-01T00:00:00.000000Z')",
        ),
        ("pending_imports", uploaded_now.as_str()),
    ] {
        let before = app.snapshot().await;
        sqlx::query(sqlx::AssertSqlSafe(change))
            .execute(&db)
            .await
            .unwrap();
        let after = app.snapshot().await;
        assert_ne!(after, before, "a change to {table} shows");
        assert!(
            after
                .iter()
                .any(|row| row.starts_with(&format!("{table}: "))),
            "{after:?}"
        );
    }
    let before = app.snapshot().await;
    write("CREATE TABLE added_later (note TEXT NOT NULL)")
        .await
        .unwrap();
    write("INSERT INTO added_later (note) VALUES ('ny')")
        .await
        .unwrap();
    let after = app.snapshot().await;
    let added: Vec<&String> = after.iter().filter(|row| !before.contains(row)).collect();
    assert_eq!(
        added,
        ["added_later: ny"],
        "a table no test names is compared"
    );

    // Left out by name: the last use of a session or a token, which any request refreshes…
    let before = app.snapshot().await;
    write("UPDATE sessions SET last_seen_at = '2026-01-02T00:00:00.000000Z'")
        .await
        .unwrap();
    write("UPDATE api_tokens SET last_used_at = '2026-01-02T00:00:00.000000Z'")
        .await
        .unwrap();
    assert_eq!(app.snapshot().await, before);
    // …and the sign-in counts, only where a test asks.
    let before = app.snapshot_without(&[SIGN_IN_COUNTS]).await;
    write("UPDATE login_failures SET failures = 2")
        .await
        .unwrap();
    assert_eq!(app.snapshot_without(&[SIGN_IN_COUNTS]).await, before);
    assert_ne!(
        app.snapshot().await,
        app.snapshot_without(&[SIGN_IN_COUNTS]).await
    );
}
