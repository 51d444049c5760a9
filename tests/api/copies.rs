//! Whole-database copies: `effekt migrate-data` (SQLite to PostgreSQL and back) and
//! `effekt backup`, which copies into a new SQLite file while the server runs.

use effekt::store::Store;
use effekt_server::cli::Command;
use effekt_tests::{config_for, fresh_database_url, run_command, snapshot_of, spawn_app_with_demo};
use serde_json::json;

const REPORT: &str = "/api/v1/organisations/202100-5448/reports";

async fn digests(database_url: &str) -> Vec<String> {
    let store = Store::connect(database_url).await.unwrap();
    store
        .digests()
        .await
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[tokio::test]
async fn migrate_data_copies_everything_and_refuses_a_database_that_holds_data() {
    let app = spawn_app_with_demo().await;
    // A figure with no short decimal form must arrive exactly.
    let saved = app
        .put_json(
            &format!("{REPORT}/2019Q1"),
            &json!({"values": {"customer_satisfaction": 0.1 + 0.2}, "lessons": "Ödmjukt \"citat\"; DROP"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let original = snapshot_of(&app.database_url).await;
    assert!(original.iter().any(|r| r.contains("0.30000000000000004")));
    assert!(original.iter().any(|r| r.starts_with("changes: ")));

    // Through a SQLite file into a fresh database of the kind under test: with
    // EFFEKT_TEST_POSTGRES_URL set, that is the move from SQLite to PostgreSQL.
    let (sqlite_dir, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sqlite = format!("sqlite://{}/moved.db", sqlite_dir.path().display());
    let copy = fresh_database_url(dir.path()).await;
    let migrate = |from: &String, to: &String| Command::MigrateData {
        from: from.clone(),
        to: to.clone(),
    };
    for (from, to) in [(&app.database_url, &sqlite), (&sqlite, &copy)] {
        let (ok, out, err) = run_command(&config_for(to), migrate(from, to)).await;
        assert!(ok, "{err}");
        assert!(out.contains("report_values: "), "{out}");
        assert_eq!(snapshot_of(to).await, original);
        assert_eq!(digests(to).await, digests(&app.database_url).await);
        // The lessons' search index is each database's own, built as the reports arrive.
        let search = effekt::LessonsFilter::parse(
            &effekt::Catalogue::shipped(),
            Some("ödmjukt"),
            None,
            None,
            None,
            None,
        )
        .unwrap();
        let found = Store::connect(to)
            .await
            .unwrap()
            .lessons(&search, effekt::DraftsReadable::All, None)
            .await
            .unwrap();
        assert_eq!(found.total, 1, "{to}");
    }

    let (ok, _, err) = run_command(&config_for(&copy), migrate(&sqlite, &copy)).await;
    assert!(!ok);
    assert!(err.contains("already holds data (organisations)"), "{err}");
    assert_eq!(snapshot_of(&copy).await, original, "nothing was added");
}

#[tokio::test]
async fn a_backup_taken_while_reports_are_saved_is_consistent_and_restores() {
    let app = spawn_app_with_demo().await;
    let writer = {
        let (client, url) = (app.client.clone(), app.url(REPORT));
        tokio::spawn(async move {
            for i in 0..40 {
                let response = client
                    .put(format!("{url}/2018Q{}", i % 4 + 1))
                    .json(&json!({"values": {"ideas_delivered": i, "customer_satisfaction": i}}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let (ok, _, err) = run_command(
        &config_for(&app.database_url),
        Command::Backup(file.clone()),
    )
    .await;
    assert!(ok, "{err}");
    writer.await.unwrap();

    // Consistent: every committed write records its changes and bumps the data version in one
    // transaction, so a copy that mixed moments would not balance.
    let backup = format!("sqlite://{}", file.display());
    let db = sqlx::AnyPool::connect(&backup).await.unwrap();
    let version: i64 = sqlx::query_scalar("SELECT version FROM data_version")
        .fetch_one(&db)
        .await
        .unwrap();
    let transactions: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT tx) FROM changes")
        .fetch_one(&db)
        .await
        .unwrap();
    db.close().await;
    assert_eq!(version, transactions);

    let (ok, _, err) = run_command(
        &config_for(&app.database_url),
        Command::Backup(file.clone()),
    )
    .await;
    assert!(!ok, "an existing file is never overwritten");
    assert!(err.contains("exists already"), "{err}");

    let restored_dir = tempfile::tempdir().unwrap();
    let restored = fresh_database_url(restored_dir.path()).await;
    let restore = Command::MigrateData {
        from: backup.clone(),
        to: restored.clone(),
    };
    let (ok, _, err) = run_command(&config_for(&restored), restore).await;
    assert!(ok, "{err}");
    assert_eq!(snapshot_of(&restored).await, snapshot_of(&backup).await);
    assert_eq!(digests(&restored).await, digests(&backup).await);
}
