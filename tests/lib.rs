//! Starting the real server for a test: on port 0, on a fresh SQLite file of its own.

use std::path::{Path, PathBuf};

use effekt_server::{Application, Config};
use sqlx::{Row, SqlitePool};
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    /// Keeps cookies, like a browser; never follows redirects, so tests can see them.
    pub client: reqwest::Client,
    database_url: String,
    _dir: TempDir,
}

/// The repository's root, where `data/` and `target/site` are.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lies in the repository")
        .to_path_buf()
}

/// A server on an empty database.
pub async fn spawn_app() -> TestApp {
    spawn(false).await
}

/// A server on a database loaded with the demo data, as the run command starts it.
pub async fn spawn_app_with_demo() -> TestApp {
    spawn(true).await
}

async fn spawn(demo_data: bool) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database_url = format!("sqlite://{}/effekt.db", dir.path().display());
    let root = repo_root();
    let config = Config {
        database_url: database_url.clone(),
        site_addr: "127.0.0.1:0".parse().expect("an address"),
        site_root: root.join("target/site"),
        catalogue_path: root.join("data/measures.toml"),
        demo_data,
        demo_path: root.join("data/demo.toml"),
    };
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client");
    TestApp {
        address,
        client,
        database_url,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request is answered")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("the request is answered")
    }

    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .expect("the request is answered")
    }

    /// Posts a form as a browser without JavaScript does: it accepts HTML and names the page
    /// it came from.
    pub async fn post_form(
        &self,
        path: &str,
        from_page: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Accept", "text/html")
            .header("Referer", self.url(from_page))
            .form(fields)
            .send()
            .await
            .expect("the request is answered")
    }

    /// A direct connection to the test's database, to look at what was stored.
    pub async fn db(&self) -> SqlitePool {
        SqlitePool::connect(&self.database_url)
            .await
            .expect("the test database opens")
    }

    /// Every row of every table, in a stable order: equal snapshots mean nothing changed.
    pub async fn snapshot(&self) -> Vec<String> {
        let db = self.db().await;
        let mut rows = Vec::new();
        for (table, columns) in [
            (
                "organisations",
                "organisation_number, name, kind, created_at",
            ),
            (
                "reports",
                "organisation_number, period, status, lessons, updated_at, updated_by",
            ),
            (
                "report_values",
                "organisation_number, period, series, CAST(value AS TEXT)",
            ),
        ] {
            let query = format!("SELECT {columns} FROM {table} ORDER BY 1, 2, 3");
            for row in sqlx::query(sqlx::AssertSqlSafe(query))
                .fetch_all(&db)
                .await
                .expect("the table reads")
            {
                let cells: Vec<String> = (0..row.len())
                    .map(|i| row.try_get::<String, _>(i).unwrap_or_default())
                    .collect();
                rows.push(format!("{table}: {}", cells.join(" | ")));
            }
        }
        db.close().await;
        rows
    }

    /// Marks a report approved, as an administrator's approval will.
    pub async fn approve(&self, organisation: &str, period: &str) {
        let db = self.db().await;
        sqlx::query(
            "UPDATE reports SET status = 'approved' WHERE organisation_number = $1 AND period = $2",
        )
        .bind(organisation)
        .bind(period)
        .execute(&db)
        .await
        .expect("the report is approved");
        db.close().await;
    }
}
