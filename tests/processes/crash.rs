//! Crash safety: the server is killed with SIGKILL at random moments while reports are
//! saved and files imported, and on PostgreSQL the database server (one of the test's own) is
//! also stopped at once (`pg_ctl stop -m immediate`) under the running server. Every write that was acknowledged
//! must be there afterwards, every write that was refused or never answered must be there
//! whole or not at all (an import of eight quarters is one write), and what users see (the
//! summary, the export and the per-organisation snapshots) must agree with the stored figures.
//!
//! This is a process crash, not a power cut: SIGKILL leaves what the processes wrote in the
//! operating system's page cache, so it shows that each write is one transaction and that the
//! files are consistent after it, not that a commit reached the disk (`synchronous=FULL`,
//! `fsync`). Nothing here drops unsynced writes.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use effekt_tests::server_process::{ServerProcess, session};
use effekt_tests::{
    ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url, new_database_on, on_postgres,
};
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// Each report writer owns one organisation of the demo data; the importer owns another.
const WRITERS: [&str; 6] = [
    "202100-5448",
    "202100-5521",
    "202100-2114",
    "202100-0225",
    "202100-4888",
    "212000-0142",
];
const IMPORTER: &str = "212000-1355";
/// Quarters long before the demo data, so every figure in them is the test's own.
const PERIODS: [&str; 4] = ["2012Q1", "2012Q2", "2012Q3", "2012Q4"];
const IMPORT_PERIODS: [&str; 8] = [
    "2011Q1", "2011Q2", "2011Q3", "2011Q4", "2010Q1", "2010Q2", "2010Q3", "2010Q4",
];
/// The three series every write sets.
const SERIES: [&str; 3] = [
    "customer_satisfaction",
    "ideas_delivered",
    "vision_alignment",
];
const CRASHES: usize = 5;

/// An organisation and a quarter.
type Key = (String, String);
type Figures = BTreeMap<String, f64>;

/// One thing that is written whole or not at all: a report writer's quarter, or the importer's
/// eight quarters, which every import sets to the same figures.
#[derive(Debug)]
struct Unit {
    keys: Vec<Key>,
    /// The figures of the last acknowledged write; none before the first.
    acknowledged: Option<Figures>,
    /// The figures of every write since then that got no answer, or an error while the
    /// database was down: each may or may not have been committed.
    unanswered: Vec<Figures>,
}

impl Unit {
    fn new(keys: Vec<Key>) -> Self {
        Self {
            keys,
            acknowledged: None,
            unanswered: Vec::new(),
        }
    }
}

/// Every write sets the three series to values derived from one counter, so a write that is
/// half there shows as values from different counters.
fn figures(counter: u64) -> Figures {
    let c = counter as f64;
    [
        ("ideas_delivered", c),
        ("vision_alignment", (counter % 100) as f64),
        ("customer_satisfaction", (counter % 97) as f64 + 0.5),
    ]
    .into_iter()
    .map(|(s, v)| (s.to_owned(), v))
    .collect()
}

/// A tiny reproducible random source (splitmix64), for the moments of the crashes.
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What crashes in a round.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Crash {
    /// Effekt, by SIGKILL; it is started again on what it left.
    Server,
    /// PostgreSQL, stopped at once under the running server and started again.
    Database,
}

struct Round {
    base: String,
    session: String,
    stop: AtomicBool,
    /// Set just before the crash: from then on a write may fail without an answer, and only
    /// then.
    crashing: AtomicBool,
    units: Arc<Mutex<BTreeMap<String, Unit>>>,
    /// Acknowledged writes this round: one count per report writer, then the importer's.
    acknowledged: Vec<AtomicUsize>,
}

impl Round {
    /// A write went out and came back as `outcome`. An acknowledged write is what the unit
    /// must hold from now on; a write that failed while nothing crashed fails the test.
    async fn settle(
        &self,
        unit: &str,
        sent: Option<&Figures>,
        outcome: Result<u16, reqwest::Error>,
    ) -> bool {
        let crashing = self.crashing.load(Ordering::SeqCst);
        let mut units = self.units.lock().await;
        let unit_state = units.get_mut(unit).expect("every unit is known");
        match (sent, outcome) {
            (Some(figures), Ok(200)) => {
                unit_state.acknowledged = Some(figures.clone());
                unit_state.unanswered.clear();
                true
            }
            (None, Ok(422)) => false,
            (Some(figures), Ok(status)) if crashing && status >= 500 => {
                unit_state.unanswered.push(figures.clone());
                false
            }
            (None, Ok(status)) if crashing && status >= 500 => false,
            (Some(figures), Err(_)) if crashing => {
                unit_state.unanswered.push(figures.clone());
                false
            }
            (None, Err(_)) if crashing => false,
            (_, Ok(status)) => panic!("{unit}: answered {status} (crashing: {crashing})"),
            (_, Err(error)) => panic!("{unit}: no answer with nothing crashing: {error}"),
        }
    }

    /// Report writer `writer`: saves its organisation's quarters in turn until stopped. Every
    /// fifth save carries a value out of range and must be refused.
    async fn write_reports(&self, writer: usize, mut counter: u64) {
        let organisation = WRITERS[writer];
        let client = browser();
        while !self.stop.load(Ordering::SeqCst) {
            counter += 1;
            let period = PERIODS[(counter % 4) as usize];
            let mut values = figures(counter);
            let refused = counter.is_multiple_of(5);
            if refused {
                values.insert("customer_satisfaction".to_owned(), 150.0);
            }
            let url = format!(
                "{}/api/v1/organisations/{organisation}/reports/{period}",
                self.base
            );
            let outcome = client
                .put(url)
                .header("Cookie", &self.session)
                .json(&json!({"values": values}))
                .send()
                .await
                .map(|response| response.status().as_u16());
            let sent = (!refused).then_some(&values);
            let unit = format!("{organisation} {period}");
            let saved = self.settle(&unit, sent, outcome).await;
            if saved {
                self.acknowledged[writer].fetch_add(1, Ordering::SeqCst);
            }
            // Two saves in three are handed in, so that the summary, which counts submitted and
            // approved reports only, has figures to show.
            if saved && !counter.is_multiple_of(3) {
                let outcome = client
                    .post(format!(
                        "{}/api/v1/organisations/{organisation}/reports/{period}/submit",
                        self.base
                    ))
                    .header("Cookie", &self.session)
                    .send()
                    .await
                    .map(|response| response.status().as_u16());
                self.settle_step(&unit, outcome);
            }
        }
    }

    /// A step that changes no figure (submitting) came back as `outcome`: it must succeed unless
    /// something crashed.
    fn settle_step(&self, unit: &str, outcome: Result<u16, reqwest::Error>) {
        let crashing = self.crashing.load(Ordering::SeqCst);
        match outcome {
            Ok(200) => {}
            Ok(status) if crashing && status >= 500 => {}
            Err(_) if crashing => {}
            Ok(status) => panic!("{unit}: submitting answered {status} (crashing: {crashing})"),
            Err(error) => panic!("{unit}: submitting, no answer with nothing crashing: {error}"),
        }
    }

    /// The importer: imports its organisation's eight quarters as one file, again and again.
    async fn import_files(&self, mut counter: u64) {
        let client = browser();
        while !self.stop.load(Ordering::SeqCst) {
            counter += 1;
            let values = figures(counter);
            let mut csv = String::from("organisation_number,period,series,value\n");
            for period in IMPORT_PERIODS {
                for (series, value) in &values {
                    csv.push_str(&format!("{IMPORTER},{period},{series},{value}\n"));
                }
            }
            let outcome = client
                .post(format!("{}/api/v1/import", self.base))
                .header("Cookie", &self.session)
                .header("Content-Type", "text/csv")
                .body(csv)
                .send()
                .await
                .map(|response| response.status().as_u16());
            if self.settle("import", Some(&values), outcome).await {
                self.acknowledged[WRITERS.len()].fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// How many writes of each writer were acknowledged so far.
    fn counts(&self) -> Vec<usize> {
        self.acknowledged
            .iter()
            .map(|count| count.load(Ordering::SeqCst))
            .collect()
    }
}

/// Every unit the writers and the importer write, by name.
fn units() -> BTreeMap<String, Unit> {
    let mut units = BTreeMap::new();
    for organisation in WRITERS {
        for period in PERIODS {
            let key = (organisation.to_owned(), period.to_owned());
            units.insert(format!("{organisation} {period}"), Unit::new(vec![key]));
        }
    }
    let keys = IMPORT_PERIODS
        .iter()
        .map(|period| (IMPORTER.to_owned(), (*period).to_owned()))
        .collect();
    units.insert("import".to_owned(), Unit::new(keys));
    units
}

async fn connect(database_url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database_url)
        .await
        .expect("the database opens")
}

/// Every stored figure, by organisation and quarter: `report_values`, the truth.
async fn stored_figures(database_url: &str) -> BTreeMap<Key, Figures> {
    let db = connect(database_url).await;
    let rows: Vec<(String, String, String, f64)> =
        sqlx::query_as("SELECT organisation_number, period, series, value FROM report_values")
            .fetch_all(&db)
            .await
            .unwrap();
    db.close().await;
    let mut stored: BTreeMap<Key, Figures> = BTreeMap::new();
    for (organisation, period, series, value) in rows {
        stored
            .entry((organisation, period))
            .or_default()
            .insert(series, value);
    }
    stored
}

/// Each report's status, by organisation and quarter.
async fn stored_statuses(database_url: &str) -> BTreeMap<Key, String> {
    let db = connect(database_url).await;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT organisation_number, period, status FROM reports")
            .fetch_all(&db)
            .await
            .unwrap();
    db.close().await;
    rows.into_iter()
        .map(|(organisation, period, status)| ((organisation, period), status))
        .collect()
}

/// Every figure in `figure_snapshots`, decoded by the test's own reading of the layout
/// (`src/store/snapshots.rs`): a layout byte (1); the number of series (u16) and each name
/// (length u8, bytes); then 12 bytes a figure: the quarter's running number (year × 4 +
/// quarter − 1, u16), the series' place (u16), the value's bits (u64), little-endian.
async fn snapshot_figures(database_url: &str) -> BTreeMap<Key, Figures> {
    let db = connect(database_url).await;
    let rows: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT organisation_number, figures FROM figure_snapshots")
            .fetch_all(&db)
            .await
            .unwrap();
    db.close().await;
    let mut figures: BTreeMap<Key, Figures> = BTreeMap::new();
    for (organisation, bytes) in rows {
        assert_eq!(bytes[0], 1, "{organisation}: the snapshot layout");
        let count = u16::from_le_bytes([bytes[1], bytes[2]]);
        let mut at = 3;
        let mut names = Vec::new();
        for _ in 0..count {
            let len = usize::from(bytes[at]);
            names.push(
                std::str::from_utf8(&bytes[at + 1..at + 1 + len])
                    .unwrap()
                    .to_owned(),
            );
            at += 1 + len;
        }
        let records = &bytes[at..];
        assert_eq!(records.len() % 12, 0, "{organisation}: whole figures");
        for record in records.chunks(12) {
            let quarter = u16::from_le_bytes([record[0], record[1]]);
            let place = usize::from(u16::from_le_bytes([record[2], record[3]]));
            let value = f64::from_bits(u64::from_le_bytes(record[4..12].try_into().unwrap()));
            let period = format!("{}Q{}", quarter / 4, quarter % 4 + 1);
            figures
                .entry((organisation.clone(), period))
                .or_default()
                .insert(names[place].clone(), value);
        }
    }
    figures
}

/// The test's own figures: the quarters before the demo data.
fn own(stored: &BTreeMap<Key, Figures>) -> BTreeMap<Key, Figures> {
    stored
        .iter()
        .filter(|((_, period), _)| period.as_str() < "2013")
        .map(|(key, figures)| (key.clone(), figures.clone()))
        .collect()
}

/// Every acknowledged write is there, anything else is there whole or not at all, and an
/// import is all there or not at all.
fn check(stored: &BTreeMap<Key, Figures>, units: &mut BTreeMap<String, Unit>, crash: usize) {
    for (name, unit) in units.iter_mut() {
        let found: Vec<Option<&Figures>> = unit.keys.iter().map(|key| stored.get(key)).collect();
        assert!(
            found.windows(2).all(|pair| pair[0] == pair[1]),
            "after crash {crash}, {name} is half saved: {found:?}"
        );
        let found = found[0];
        let acceptable = || {
            unit.unanswered
                .iter()
                .map(Some)
                .chain([unit.acknowledged.as_ref()])
        };
        assert!(
            acceptable().any(|figures| figures == found),
            "after crash {crash}, {name} holds {found:?}; acknowledged {:?}, unanswered {:?}",
            unit.acknowledged,
            unit.unanswered,
        );
        // What is stored now is what the next round builds on.
        unit.acknowledged = found.cloned();
        unit.unanswered.clear();
    }
    for key in own(stored).keys() {
        assert!(
            units.values().any(|unit| unit.keys.contains(key)),
            "{key:?} was never written"
        );
    }
}

/// What users see agrees with the stored figures: the per-organisation snapshots hold every
/// stored figure and nothing else, the export lists the test's quarters as stored, and the
/// summary counts, adds up and orders the figures of the submitted reports (it leaves drafts
/// out) as the stored figures and statuses say.
async fn check_what_users_see(
    server: &ServerProcess,
    session: &str,
    database_url: &str,
    stored: &BTreeMap<Key, Figures>,
    crash: usize,
) {
    assert_eq!(
        &snapshot_figures(database_url).await,
        stored,
        "after crash {crash}, the snapshots are the stored figures"
    );

    let export = browser()
        .get(server.url("/api/v1/export/values.csv?from=2010Q1&to=2012Q4"))
        .header("Cookie", session)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    let mut exported: BTreeMap<Key, Figures> = BTreeMap::new();
    for line in export.text().await.unwrap().lines().skip(1) {
        // organisation_number, organisation_name (may hold commas), period, measure, series,
        // value, status.
        let (organisation, rest) = line.split_once(',').unwrap();
        let cells: Vec<&str> = rest.rsplitn(6, ',').collect();
        let (value, series, period) = (cells[1], cells[2], cells[4]);
        exported
            .entry((organisation.to_owned(), period.to_owned()))
            .or_default()
            .insert(series.to_owned(), value.parse().unwrap());
    }
    assert_eq!(
        exported,
        own(stored),
        "after crash {crash}, the export is the stored figures"
    );

    let summary: Vec<Value> = browser()
        .get(server.url(&format!(
            "/api/v1/summary?from=2010Q1&to=2012Q4&series={}",
            SERIES.join(",")
        )))
        .header("Cookie", session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses = stored_statuses(database_url).await;
    let mut expected: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for (key, figures) in own(stored) {
        if statuses[&key] == "draft" {
            continue;
        }
        for (series, value) in figures {
            expected
                .entry((series, key.1.clone()))
                .or_default()
                .push(value);
        }
    }
    let mut seen = Vec::new();
    for row in summary.iter().filter(|row| row["n"] != 0) {
        let key = (
            row["series"].as_str().unwrap().to_owned(),
            row["period"].as_str().unwrap().to_owned(),
        );
        let mut values = expected
            .get(&key)
            .unwrap_or_else(|| panic!("after crash {crash}, the summary shows {key:?}"))
            .clone();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let sum: f64 = values.iter().sum();
        let median = (values[(n - 1) / 2] + values[n / 2]) / 2.0;
        let close = |field: &str, want: f64| {
            let got = row[field].as_f64().unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "after crash {crash}, {key:?} {field}: the summary says {got}, the figures {want}"
            );
        };
        assert_eq!(row["n"], json!(n), "after crash {crash}, {key:?} n");
        close("sum", sum);
        close("mean", sum / n as f64);
        close("median", median);
        close("min", values[0]);
        close("max", values[n - 1]);
        seen.push(key);
    }
    // A quarter is left a draft only by a save that was not handed in (one in three) or by the
    // crash; every writer saved many times, so none handed in at all would be a lost summary.
    assert!(
        !seen.is_empty(),
        "after crash {crash}, the summary shows nothing"
    );
    seen.sort();
    assert_eq!(
        seen,
        expected.into_keys().collect::<Vec<_>>(),
        "after crash {crash}, the summary shows every series and quarter with figures"
    );
}

/// `pg_ctl` of the PostgreSQL server to crash, which `scripts/with-postgres` names in
/// `EFFEKT_TEST_POSTGRES_CRASH_CTL` (with its data directory, log and options already given).
fn pg_ctl(args: &[&str]) {
    let ctl = std::env::var("EFFEKT_TEST_POSTGRES_CRASH_CTL")
        .expect("scripts/with-postgres names pg_ctl in EFFEKT_TEST_POSTGRES_CRASH_CTL");
    let status = Command::new(ctl)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("pg_ctl runs");
    assert!(status.success(), "pg_ctl {args:?}");
}

/// Waits until the server answers `/healthz` with 200 again, as it must once its database is
/// back.
async fn wait_until_healthy(server: &ServerProcess) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let health = browser().get(server.url("/healthz")).send().await;
        if health.is_ok_and(|r| r.status() == 200) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the server never recovered from the database's crash:\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_crashes_and_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    // On PostgreSQL, a server of the test's own: it is crashed under the running Effekt.
    let database_url = if on_postgres() {
        let server = std::env::var("EFFEKT_TEST_POSTGRES_CRASH_URL").expect(
            "scripts/with-postgres names a server to crash in EFFEKT_TEST_POSTGRES_CRASH_URL",
        );
        new_database_on(&server).await
    } else {
        fresh_database_url(dir.path()).await
    };
    let mut server = ServerProcess::start(&database_url, true, dir.path()).await;
    let session = session(&server.address, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let units = Arc::new(Mutex::new(units()));
    let mut random = 2026_u64;

    for crash in 1..=CRASHES {
        // On PostgreSQL every other round crashes the database instead of the server.
        let kind = if on_postgres() && crash % 2 == 0 {
            Crash::Database
        } else {
            Crash::Server
        };
        let round = Arc::new(Round {
            base: server.address.clone(),
            session: session.clone(),
            stop: AtomicBool::new(false),
            crashing: AtomicBool::new(false),
            units: units.clone(),
            acknowledged: (0..=WRITERS.len()).map(|_| AtomicUsize::new(0)).collect(),
        });
        let mut writers = Vec::new();
        for writer in 0..WRITERS.len() {
            let round = round.clone();
            let start = (crash * 1_000_000 + writer * 10_000) as u64;
            writers.push(tokio::spawn(async move {
                round.write_reports(writer, start).await
            }));
        }
        {
            let round = round.clone();
            let start = (crash * 1_000_000 + 900_000) as u64;
            writers.push(tokio::spawn(async move { round.import_files(start).await }));
        }
        // Each round must get writes in after the restart before it: the crash waits for every
        // writer's first acknowledged write, then comes at a random moment.
        let names: Vec<&str> = WRITERS.iter().copied().chain(["the importer"]).collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        while round.counts().contains(&0) {
            let waiting: Vec<&str> = round
                .counts()
                .iter()
                .zip(&names)
                .filter(|(count, _)| **count == 0)
                .map(|(_, name)| *name)
                .collect();
            assert!(
                Instant::now() < deadline,
                "round {crash}: no write acknowledged in 60 s for {waiting:?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let moment = next_random(&mut random) % 1200;
        tokio::time::sleep(Duration::from_millis(moment)).await;
        round.crashing.store(true, Ordering::SeqCst);
        match kind {
            Crash::Server => server.kill(),
            Crash::Database => tokio::task::spawn_blocking(|| pg_ctl(&["stop", "-m", "immediate"]))
                .await
                .unwrap(),
        }
        round.stop.store(true, Ordering::SeqCst);
        for task in writers {
            task.await
                .expect("a writer saw only the answers it expected");
        }
        let counts: Vec<String> = names
            .iter()
            .zip(round.counts())
            .map(|(name, count)| format!("{name} {count}"))
            .collect();
        println!(
            "round {crash} ({kind:?}), acknowledged: {}",
            counts.join(", ")
        );

        match kind {
            // The server starts again on what the crash left.
            Crash::Server => {
                server = ServerProcess::start(&database_url, false, dir.path()).await;
            }
            // The database starts again under the server that kept running.
            Crash::Database => {
                tokio::task::spawn_blocking(|| pg_ctl(&["start", "-w"]))
                    .await
                    .unwrap();
                wait_until_healthy(&server).await;
            }
        }
        let me = browser()
            .get(server.url("/api/v1/me"))
            .header("Cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200, "the session outlived crash {crash}");
        let stored = stored_figures(&database_url).await;
        check(&stored, &mut *units.lock().await, crash);
        check_what_users_see(&server, &session, &database_url, &stored, crash).await;
    }

    let db = connect(&database_url).await;
    // Each committed write bumps the data version and records its changes in one transaction.
    let version: i64 = sqlx::query_scalar("SELECT version FROM data_version")
        .fetch_one(&db)
        .await
        .unwrap();
    let transactions: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT tx) FROM changes")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(version, transactions, "the audit trail matches the data");
    if !on_postgres() {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(integrity, "ok");
    }
    db.close().await;
}
