//! Starting the real server for a test: on port 0, on a fresh SQLite file of its own.

use std::path::{Path, PathBuf};

use effekt_server::{Application, Config};
use sqlx::{Row, SqlitePool};
use tempfile::TempDir;

/// The administrator every test server starts with (`EFFEKT_ADMIN_EMAIL`/`_PASSWORD`).
pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "test-admin-password";

pub struct TestApp {
    pub address: String,
    /// Signed in as the administrator. Keeps cookies, like a browser; never follows redirects,
    /// so tests can see them.
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
        first_admin: Some((ADMIN_EMAIL.to_owned(), ADMIN_PASSWORD.to_owned())),
    };
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let mut app = TestApp {
        address,
        client: browser(),
        database_url,
        _dir: dir,
    };
    app.client = app.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    app
}

/// A client that keeps cookies and shows redirects instead of following them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client")
}

impl TestApp {
    /// A new client signed in through `POST /api/v1/login`.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = browser();
        let response = client
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("the login is answered");
        assert_eq!(response.status(), 200, "{email} signs in");
        client
    }

    /// Creates a user (as the administrator) and returns a client signed in as them.
    pub async fn user(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
    ) -> reqwest::Client {
        let password = "a password long enough";
        let response = self
            .post_json(
                "/api/v1/users",
                &serde_json::json!({
                    "email": email, "password": password, "role": role,
                    "organisation_number": organisation,
                }),
            )
            .await;
        assert_eq!(response.status(), 201, "{email} is created");
        self.sign_in(email, password).await
    }

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
            (
                "users",
                "email, role, COALESCE(organisation_number, ''), CAST(active AS TEXT)",
            ),
            (
                "goals",
                "organisation_number, name, CAST(baseline AS TEXT), CAST(target AS TEXT), deadline",
            ),
            ("changes", "tx, CAST(seq AS TEXT), at, changed_by, field"),
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

    /// Submits and approves a report as the administrator.
    pub async fn approve(&self, organisation: &str, period: &str) {
        for step in ["submit", "approve"] {
            let path = format!("/api/v1/organisations/{organisation}/reports/{period}/{step}");
            let response = self.client.post(self.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{step}");
        }
    }
}
