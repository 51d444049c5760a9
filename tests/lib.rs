//! Starting the real server for a test: on port 0, on a fresh database of its own.
//!
//! The database is a SQLite file in a temporary directory, or, when `EFFEKT_TEST_POSTGRES_URL`
//! names a PostgreSQL server (`scripts/with-postgres` sets it), a new database on that server.

pub mod server_process;

use std::path::{Path, PathBuf};

use effekt_server::cli::Command;
use effekt_server::{Application, Config};
use sqlx::{AnyPool, Row};
use tempfile::TempDir;

/// The administrator every test server starts with (`EFFEKT_ADMIN_EMAIL`/`_PASSWORD`).
pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "test-admin-password";

pub struct TestApp {
    pub address: String,
    /// Signed in as the administrator. Keeps cookies, like a browser; never follows redirects,
    /// so tests can see them.
    pub client: reqwest::Client,
    pub database_url: String,
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

/// A server on an empty database but for one organisation, Skatteverket (202100-5448).
pub async fn spawn_app_with_organisation() -> TestApp {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &serde_json::json!({"organisation_number": "202100-5448", "name": "Skatteverket", "kind": "state_agency"}),
        )
        .await;
    assert_eq!(response.status(), 201, "Skatteverket is registered");
    app
}

/// A server on a database loaded with the demo data, as the run command starts it.
pub async fn spawn_app_with_demo() -> TestApp {
    spawn(true).await
}

async fn spawn(demo_data: bool) -> TestApp {
    spawn_app_configured(|config| config.demo_data = demo_data).await
}

/// A server on an empty database, configured further by `configure`.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database_url = fresh_database_url(dir.path()).await;
    let mut config = Config {
        first_admin: Some((ADMIN_EMAIL.to_owned(), ADMIN_PASSWORD.to_owned())),
        ..config_for(&database_url)
    };
    configure(&mut config);
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

/// The configuration of a server or command on `database_url`, on port 0, with the repository's
/// catalogue and site, without demo data or a first administrator.
pub fn config_for(database_url: &str) -> Config {
    let root = repo_root();
    Config {
        database_url: database_url.to_owned(),
        database_connections: effekt::store::DEFAULT_CONNECTIONS,
        site_addr: "127.0.0.1:0".parse().expect("an address"),
        site_root: root.join("target/site"),
        catalogue_path: root.join("data/measures.toml"),
        demo_data: false,
        demo_path: root.join("data/demo.toml"),
        behind_proxy: false,
        public_url: None,
        log_json: false,
        first_admin: None,
        // Often, so a test sees expired uploads forgotten while its server runs.
        upload_sweep: std::time::Duration::from_millis(500),
        reporting: effekt::ReportingRules::default(),
    }
}

/// Runs a command of the server binary as `main` would, and returns whether it succeeded and
/// what it wrote to standard output and standard error.
pub async fn run_command(config: &Config, command: Command) -> (bool, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let ok = effekt_server::cli::run(command, config, &mut out, &mut err).await;
    (
        ok,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// The address of a new, empty database: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server named by `EFFEKT_TEST_POSTGRES_URL`.
pub async fn fresh_database_url(dir: &Path) -> String {
    let Ok(server) = std::env::var("EFFEKT_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}/effekt.db", dir.display());
    };
    new_database_on(&server).await
}

/// The address of a new, empty database on the PostgreSQL server at `server` (the address of
/// one of its databases).
pub async fn new_database_on(server: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("effekt_test_{}", effekt::secret::random_hex(8));
    let admin = AnyPool::connect(server)
        .await
        .expect("the PostgreSQL test server answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("a test database is created");
    admin.close().await;
    let (base, _) = server
        .rsplit_once('/')
        .expect("EFFEKT_TEST_POSTGRES_URL ends in a database name");
    format!("{base}/{name}")
}

/// Whether the tests run against PostgreSQL rather than SQLite.
pub fn on_postgres() -> bool {
    std::env::var_os("EFFEKT_TEST_POSTGRES_URL").is_some()
}

/// A client that keeps cookies and shows redirects instead of following them. A request that
/// gets no answer fails the test, naming itself, instead of leaving the suite waiting forever.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(60))
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
    pub async fn db(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        AnyPool::connect(&self.database_url)
            .await
            .expect("the test database opens")
    }

    /// Every row of every table, in a stable order: equal snapshots mean nothing changed.
    pub async fn snapshot(&self) -> Vec<String> {
        snapshot_of(&self.database_url).await
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

/// Every row of the main tables of the database at `database_url`, read with the test's own
/// SQL and sorted here (collations differ between databases): equal snapshots mean equal data,
/// on SQLite and PostgreSQL alike.
pub async fn snapshot_of(database_url: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let db = AnyPool::connect(database_url)
        .await
        .expect("the test database opens");
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
            "organisation_number, period, series, value",
        ),
        (
            "users",
            "email, role, COALESCE(organisation_number, ''), active",
        ),
        (
            "goals",
            "organisation_number, name, baseline, target, deadline",
        ),
        ("changes", "tx, seq, at, changed_by, field"),
    ] {
        let query = format!("SELECT {columns} FROM {table}");
        for row in sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&db)
            .await
            .expect("the table reads")
        {
            let cells: Vec<String> = (0..row.len())
                .map(|i| {
                    row.try_get::<String, _>(i)
                        .or_else(|_| row.try_get::<i64, _>(i).map(|n| n.to_string()))
                        .or_else(|_| row.try_get::<f64, _>(i).map(|x| format!("{x:?}")))
                        .expect("a text or a number")
                })
                .collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    db.close().await;
    rows.sort();
    rows
}
