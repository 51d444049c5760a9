//! Starting the real server for a test: on port 0, on a fresh database of its own.
//!
//! The database is a SQLite file in a temporary directory, or, when `EFFEKT_TEST_POSTGRES_URL`
//! names a PostgreSQL server (`scripts/with-postgres` sets it), a new database on that server.

pub mod server_process;

use std::path::{Path, PathBuf};

use effekt::Period;
use effekt_server::cli::Command;
use effekt_server::{Application, Config, Source};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Column, Row};
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
    /// Where `GET /metrics` is served, when the configuration names an address for it.
    pub metrics_address: Option<String>,
    /// Stopped before the directory its database may lie in is removed (fields drop in order).
    _server: Running,
    /// Shared with [`TestApp::another_instance`]s on the same database.
    _dir: std::sync::Arc<TempDir>,
}

/// Stops a test's server when the test lets go of it. Until the test ended, a server it started
/// and dropped kept its database connections: a test starting forty servers held 171 of the
/// PostgreSQL server's 300, and on a slower machine took them all from the tests beside it
/// (CI at stop 34: `PoolTimedOut`).
struct Running(tokio::task::AbortHandle);

impl Running {
    fn start(app: Application) -> Self {
        Self(tokio::spawn(app.run_until_stopped()).abort_handle())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.abort();
    }
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

/// The quarters of the demo data, oldest first: the eight up to the last that has ended, as the
/// server loads them (`server/src/demo.rs`). Tests on the demo take their quarters from here,
/// so that they hold as the calendar moves the demo along.
pub fn demo_quarters() -> Vec<Period> {
    effekt::demo::demo_periods(Period::last_ended())
}

/// A quarter in which the demo analyst's organisation, Skatteverket, has a draft to work on:
/// the newest but one (the demo keeps the three before the newest as drafts there).
pub fn demo_draft_quarter() -> Period {
    demo_quarters()[6]
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
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    let mut app = TestApp {
        address,
        client: browser(),
        database_url,
        metrics_address,
        _dir: std::sync::Arc::new(dir),
        _server: Running::start(app),
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
        site: Source::Disk(root.join("target/site")),
        catalogue: Source::Disk(root.join("data/measures.toml")),
        demo_data: false,
        demo: Source::Disk(root.join("data/demo.toml")),
        behind_proxy: false,
        public_url: None,
        log_json: false,
        first_admin: None,
        // Often, so a test sees expired uploads forgotten while its server runs.
        upload_sweep: std::time::Duration::from_millis(500),
        reporting: effekt::ReportingRules::default(),
        operator: effekt::Operator::default(),
        open_data_per_minute: 60,
        metrics_addr: None,
        smtp: None,
        reminder_days: 7,
        // Often, so a test sees mail delivered and retried while its server runs.
        mail_sweep: std::time::Duration::from_millis(200),
        mail_retry: std::time::Duration::from_millis(200),
        oidc: None,
        passwords: true,
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

/// A time `from_now` after now (before, when negative) in the form the store writes times.
pub fn stored_time(from_now: time::Duration) -> String {
    (time::OffsetDateTime::now_utc() + from_now)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap()
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
    /// A second server on the same database, as a second instance behind a load balancer,
    /// with the same signed-in client: sessions live in the database, and cookies are not
    /// kept apart by port.
    pub async fn another_instance(&self) -> TestApp {
        self.another_instance_configured(|_| {}).await
    }

    /// As [`TestApp::another_instance`], configured further by `configure`.
    pub async fn another_instance_configured(
        &self,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        let mut config = config_for(&self.database_url);
        configure(&mut config);
        let app = Application::build(config)
            .await
            .expect("the second instance starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        TestApp {
            address,
            client: self.client.clone(),
            database_url: self.database_url.clone(),
            metrics_address: None,
            _dir: self._dir.clone(),
            _server: Running::start(app),
        }
    }

    /// Switches this client's pages to English, as the language form does.
    pub async fn switch_to_english(&self) {
        let response = self
            .post_form(
                "/sf/set_language",
                "/",
                &[("lang", "en"), ("return_to", "/")],
            )
            .await;
        assert_eq!(response.status(), 302, "the language is switched");
    }

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

    /// A page's text as a reader sees it, by path or by the full address a redirect named:
    /// without the `<!>` markers Leptos puts between neighbouring text nodes.
    pub async fn page_text(&self, path: &str) -> String {
        self.page_text_as(&self.client, path).await
    }

    /// As [`TestApp::page_text`], as the user `client` is signed in as.
    pub async fn page_text_as(&self, client: &reqwest::Client, path: &str) -> String {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        let response = client.get(url).send().await.expect("the page is answered");
        response
            .text()
            .await
            .expect("the page has a body")
            .replace("<!>", "")
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

    /// Every row of every table, in a stable order, but for the columns
    /// [`TOUCHED_BY_EVERY_REQUEST`]: equal snapshots around a refused request mean it changed
    /// nothing.
    pub async fn snapshot(&self) -> Vec<String> {
        self.snapshot_without(&[]).await
    }

    /// As [`TestApp::snapshot`], without the tables named, such as [`SIGN_IN_COUNTS`] around
    /// a refused sign-in.
    pub async fn snapshot_without(&self, tables: &[&str]) -> Vec<String> {
        snapshot_leaving_out(&self.database_url, tables, &TOUCHED_BY_EVERY_REQUEST).await
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

/// The fields an error answer's `details` name, in order.
pub fn fields_in_error(body: &serde_json::Value) -> Vec<&str> {
    body["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["field"].as_str().expect("a field"))
        .collect()
}

/// Columns that every request brings up to date, refused or not: the last use of the session or
/// token it came with, written at most once a minute (`TOUCH_EVERY` in `src/store/sessions.rs`)
/// while the caller is authenticated, before what the request asks for is looked at. A slow test
/// would otherwise see a refusal "change" them; the rest of their rows is compared.
pub const TOUCHED_BY_EVERY_REQUEST: [(&str, &str); 2] =
    [("sessions", "last_seen_at"), ("api_tokens", "last_used_at")];

/// The sign-in attempts counted per address and per account before a password is checked
/// (SECURITY.md): the one write a refused sign-in makes, by design. Only the tests of refused
/// sign-ins leave it out of their snapshots, by this name.
pub const SIGN_IN_COUNTS: &str = "login_failures";

/// Whether a table of the schema holds data a snapshot compares. Left out, each for its reason:
/// - `_sqlx_migrations`, the ledger of the schema's migrations, written when a database is
///   migrated (a copy's destination at its own times), never by a request;
/// - `lessons_search` and its FTS5 shadow tables (SQLite only): the search index SQLite derives
///   from `reports.lessons` by trigger (`src/store/lessons.rs`); `reports` itself is compared.
fn holds_data(table: &str) -> bool {
    table != "_sqlx_migrations" && !table.starts_with("lessons_search")
}

/// The tables of the database's schema, as the database lists them: a table a migration adds is
/// in every snapshot without anyone remembering it.
async fn tables_of(db: &AnyPool, database_url: &str) -> Vec<String> {
    let listing = if database_url.starts_with("sqlite:") {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    } else {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    };
    let tables: Vec<String> = sqlx::query_scalar(listing)
        .fetch_all(db)
        .await
        .expect("the schema lists its tables");
    let tables: Vec<String> = tables.into_iter().filter(|t| holds_data(t)).collect();
    assert!(
        tables.iter().any(|t| t == "reports"),
        "the schema was read: {tables:?}"
    );
    tables
}

/// A cell as text, the same on SQLite and PostgreSQL: bytes in hex, reals exactly.
fn cell(row: &AnyRow, i: usize) -> String {
    row.try_get::<Option<String>, _>(i)
        .or_else(|_| {
            row.try_get::<Option<i64>, _>(i)
                .map(|n| n.map(|n| n.to_string()))
        })
        .or_else(|_| {
            row.try_get::<Option<f64>, _>(i)
                .map(|x| x.map(|x| format!("{x:?}")))
        })
        .or_else(|_| {
            row.try_get::<Option<Vec<u8>>, _>(i)
                .map(|b| b.map(|b| b.iter().map(|byte| format!("{byte:02x}")).collect()))
        })
        .expect("a text, a number or bytes")
        .unwrap_or_else(|| "NULL".to_owned())
}

/// Every row of every table of the database at `database_url`, every column, read with the
/// test's own SQL and sorted here (collations differ between databases): equal snapshots mean
/// equal data, on SQLite and PostgreSQL alike.
pub async fn snapshot_of(database_url: &str) -> Vec<String> {
    snapshot_leaving_out(database_url, &[], &[]).await
}

/// As [`snapshot_of`], without the `tables` and the `columns` (table, column) named.
async fn snapshot_leaving_out(
    database_url: &str,
    tables: &[&str],
    columns: &[(&str, &str)],
) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let db = AnyPool::connect(database_url)
        .await
        .expect("the test database opens");
    let schema = tables_of(&db, database_url).await;
    for named in tables.iter().chain(columns.iter().map(|(table, _)| table)) {
        assert!(schema.iter().any(|t| t == named), "no table {named}");
    }
    let mut rows = Vec::new();
    for table in schema.iter().filter(|t| !tables.contains(&t.as_str())) {
        let query = format!("SELECT * FROM {table}");
        for row in sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&db)
            .await
            .expect("the table reads")
        {
            let cells: Vec<String> = row
                .columns()
                .iter()
                .enumerate()
                .filter(|(_, column)| !columns.contains(&(table.as_str(), column.name())))
                .map(|(i, _)| cell(&row, i))
                .collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    db.close().await;
    rows.sort();
    rows
}
