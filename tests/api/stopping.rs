//! A server that stops lets go of its database. Tests start hundreds of servers in one process
//! on one PostgreSQL server of 300 connections: when a test's dropped servers kept theirs, the
//! tests beside it could not connect (CI at stop 34, `PoolTimedOut`).

use std::time::Duration;

use effekt_tests::spawn_app_configured;
use sqlx::AnyPool;

#[tokio::test]
async fn a_server_let_go_of_closes_its_database_connections() {
    let app = spawn_app_configured(|config| {
        // Every task that runs beside the server, each with its own hold on the store.
        config.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    assert_eq!(app.get("/").await.status(), 200);
    let database_url = app.database_url.clone();
    assert!(connections_to(&database_url).await > 0);

    drop(app);
    let mut open = usize::MAX;
    for _ in 0..100 {
        open = connections_to(&database_url).await;
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        open, 0,
        "connections still open ten seconds after the server was let go of"
    );
}

/// How many connections are open to the database at `database_url`: PostgreSQL's own count, or
/// for a SQLite file the descriptors this process holds on it and its journal.
async fn connections_to(database_url: &str) -> usize {
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        return std::fs::read_dir("/proc/self/fd")
            .expect("the process's descriptors")
            .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
            .filter(|target| target.to_string_lossy().starts_with(path))
            .count();
    }
    let (_, name) = database_url.rsplit_once('/').expect("a database's name");
    let server = std::env::var("EFFEKT_TEST_POSTGRES_URL").expect("a PostgreSQL server");
    let pool = AnyPool::connect(&server).await.expect("the server answers");
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = $1")
        .bind(name)
        .fetch_one(&pool)
        .await
        .expect("the server counts its connections");
    pool.close().await;
    usize::try_from(open).expect("a count")
}
