//! The server as a process of its own, for tests that kill it, restart it or run several
//! instances on one database.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::{ADMIN_EMAIL, ADMIN_PASSWORD, repo_root};

/// The server binary, built once per test run so that it is never stale, in the profile the
/// tests themselves are built in: `scripts/test` then compiles the dependencies once, where
/// a release server took 17 of a fresh CI run's 46 minutes (issue #19, item 5; BENCHMARKS.md,
/// "The build"), and `cargo test --release` measures the release server. `--workspace`
/// resolves features as `cargo test --workspace` does, so nothing the tests built is compiled
/// again.
pub fn server_binary() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = repo_root();
        let mut cargo = Command::new(env!("CARGO"));
        // Cargo gives this test the variables of its own package. Build scripts that watch
        // them (ring's watches `CARGO_MANIFEST_DIR` and `CARGO_PKG_NAME`) would find them
        // changed from a build in a plain shell, and the server would be compiled again by
        // each: once here and once by `scripts/test`'s own build, a minute or more of CI each
        // time (issue #19, item 5).
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if cargo_sets_for_a_package(&name) {
                cargo.env_remove(&*name);
            }
        }
        let status = cargo
            .args(["build", "--workspace", "--bins"])
            .args(RELEASE.then_some("--release"))
            .current_dir(&root)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the server builds");
        let profile = if RELEASE { "release" } else { "debug" };
        root.join("target").join(profile).join("effekt")
    })
}

/// Whether these tests were built with `--release`.
const RELEASE: bool = !cfg!(debug_assertions);

/// Whether cargo sets `name` for the package whose test is running, rather than it being
/// the environment cargo itself was started in.
fn cargo_sets_for_a_package(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || name.starts_with("CARGO_BIN_")
        || matches!(
            name,
            "CARGO_CRATE_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
                | "CARGO_RUSTC_CURRENT_DIR"
                | "OUT_DIR"
        )
}

/// Signs in at the server at `base` and returns the session cookie (`effekt_session=…`), for
/// clients that send it by hand.
pub async fn session(base: &str, email: &str, password: &str) -> String {
    let login = crate::browser()
        .post(format!("{base}/api/v1/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("the sign-in is answered");
    assert_eq!(login.status(), 200, "{email} signs in");
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .expect("a cookie in ASCII");
    cookie
        .split(';')
        .next()
        .expect("a name=value pair")
        .to_owned()
}

/// A running server process. Killed when dropped.
pub struct ServerProcess {
    child: Child,
    pub address: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the server on `database_url` on a free loopback port, with the test
    /// administrator, and waits until `/healthz` answers.
    pub async fn start(database_url: &str, demo_data: bool, log_dir: &Path) -> Self {
        Self::start_with(database_url, demo_data, log_dir, &[]).await
    }

    /// As [`ServerProcess::start`], with more environment variables (which win).
    pub async fn start_with(
        database_url: &str,
        demo_data: bool,
        log_dir: &Path,
        environment: &[(&str, &str)],
    ) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let root = repo_root();
        let log = log_dir.join(format!("server-{port}.log"));
        let child = Command::new(server_binary())
            .env_clear()
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", root.join("target/site"))
            .env("EFFEKT_CATALOGUE", root.join("data/measures.toml"))
            .env("EFFEKT_DEMO_FILE", root.join("data/demo.toml"))
            .env("EFFEKT_DEMO_DATA", demo_data.to_string())
            .env("EFFEKT_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("EFFEKT_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "info")
            .envs(environment.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("the server starts");
        let mut server = Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_until_healthy().await;
        server
    }

    async fn wait_until_healthy(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server stopped ({status}):\n{}", self.log());
            }
            let health = client.get(self.url("/healthz")).send().await;
            if health.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(Instant::now() < deadline, "no answer:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote to its log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: the process ends at once, with no chance to clean up. What it wrote before is
    /// in the operating system's page cache and survives: this is a process crash, not a
    /// power cut.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM: the server should stop taking connections and finish what it has.
    pub fn send_sigterm(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    /// Waits for the process to end by itself, for at most `limit`.
    pub async fn wait_for_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the process can be waited for")
            {
                return status;
            }
            assert!(Instant::now() < deadline, "still running:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
