//! Crash safety: the release server is killed with SIGKILL at random moments while reports are
//! saved and files imported. Every write it acknowledged must be there after a restart, and
//! every write it refused or never answered must be there whole or not at all.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use effekt_tests::server_process::ServerProcess;
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url, on_postgres};
use serde_json::json;
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
const CRASHES: usize = 5;

type Key = (String, String);
type Figures = BTreeMap<String, f64>;

/// What the test knows of one organisation's quarter.
#[derive(Debug, Default, Clone)]
struct Known {
    /// The figures of the last acknowledged write.
    acknowledged: Option<Figures>,
    /// The figures of a write that was sent but never answered.
    unanswered: Option<Figures>,
}

/// Every write sets three series to values derived from one counter, so a write that is half
/// there shows as values from different counters.
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

struct Round {
    base: String,
    session: String,
    stop: Arc<AtomicBool>,
    known: Arc<Mutex<BTreeMap<Key, Known>>>,
}

impl Round {
    /// One writer: saves its organisation's quarters in turn until stopped or the server dies.
    /// Every fifth save carries a value out of range and must be refused.
    async fn write_reports(&self, organisation: &str, mut counter: u64) {
        let client = browser();
        while !self.stop.load(Ordering::Relaxed) {
            counter += 1;
            let period = PERIODS[(counter % 4) as usize];
            let key = (organisation.to_owned(), period.to_owned());
            let mut values = figures(counter);
            let refused = counter.is_multiple_of(5);
            if refused {
                values.insert("customer_satisfaction".to_owned(), 150.0);
            }
            self.known
                .lock()
                .await
                .entry(key.clone())
                .or_default()
                .unanswered = (!refused).then(|| values.clone());
            let url = format!(
                "{}/api/v1/organisations/{organisation}/reports/{period}",
                self.base
            );
            let sent = client
                .put(url)
                .header("Cookie", &self.session)
                .json(&json!({"values": values}))
                .send()
                .await;
            let Ok(response) = sent else { return };
            let status = response.status().as_u16();
            let mut known = self.known.lock().await;
            let entry = known.get_mut(&key).expect("entered above");
            match (refused, status) {
                (false, 200) => entry.acknowledged = entry.unanswered.take(),
                (true, 422) => {}
                _ => panic!("{organisation} {period}: answered {status}"),
            }
        }
    }

    /// The importer: imports its organisation's eight quarters as one file, again and again.
    async fn import_files(&self, mut counter: u64) {
        let client = browser();
        while !self.stop.load(Ordering::Relaxed) {
            counter += 1;
            let values = figures(counter);
            let mut csv = String::from("organisation_number,period,series,value\n");
            for period in IMPORT_PERIODS {
                for (series, value) in &values {
                    csv.push_str(&format!("{IMPORTER},{period},{series},{value}\n"));
                }
            }
            {
                let mut known = self.known.lock().await;
                for period in IMPORT_PERIODS {
                    let key = (IMPORTER.to_owned(), period.to_owned());
                    known.entry(key).or_default().unanswered = Some(values.clone());
                }
            }
            let sent = client
                .post(format!("{}/api/v1/import", self.base))
                .header("Cookie", &self.session)
                .header("Content-Type", "text/csv")
                .body(csv)
                .send()
                .await;
            let Ok(response) = sent else { return };
            assert_eq!(response.status(), 200, "the import is answered");
            let mut known = self.known.lock().await;
            for period in IMPORT_PERIODS {
                let entry = known
                    .get_mut(&(IMPORTER.to_owned(), period.to_owned()))
                    .unwrap();
                entry.acknowledged = entry.unanswered.take();
            }
        }
    }
}

async fn stored_figures(database_url: &str) -> BTreeMap<Key, Figures> {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(database_url).await.unwrap();
    let rows: Vec<(String, String, String, f64)> = sqlx::query_as(
        "SELECT organisation_number, period, series, value FROM report_values \
         WHERE period < '2013'",
    )
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

/// Every acknowledged write is there, and anything else is there whole or not at all.
fn check(stored: &BTreeMap<Key, Figures>, known: &mut BTreeMap<Key, Known>, crash: usize) {
    for (key, entry) in known.iter_mut() {
        let found = stored.get(key);
        let acceptable = [entry.acknowledged.as_ref(), entry.unanswered.as_ref()];
        assert!(
            acceptable.contains(&found),
            "after crash {crash}, {key:?} holds {found:?}; acknowledged {:?}, unanswered {:?}",
            entry.acknowledged,
            entry.unanswered,
        );
        // What is stored now is what the next round builds on.
        entry.acknowledged = found.cloned();
        entry.unanswered = None;
    }
    for key in stored.keys() {
        assert!(known.contains_key(key), "{key:?} was never written");
    }
}

async fn sign_in(server: &ServerProcess) -> String {
    let login = browser()
        .post(server.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_and_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let mut server = ServerProcess::start(&database_url, true, dir.path()).await;
    let session = sign_in(&server).await;
    let known: Arc<Mutex<BTreeMap<Key, Known>>> = Arc::default();
    let mut random = 2026_u64;
    let mut acknowledged_writes = 0;

    for crash in 1..=CRASHES {
        let round = Arc::new(Round {
            base: server.address.clone(),
            session: session.clone(),
            stop: Arc::default(),
            known: known.clone(),
        });
        let mut tasks = Vec::new();
        for (i, organisation) in WRITERS.iter().enumerate() {
            let round = round.clone();
            let start = (crash * 1_000_000 + i * 10_000) as u64;
            tasks.push(tokio::spawn(async move {
                round.write_reports(organisation, start).await
            }));
        }
        {
            let round = round.clone();
            let start = (crash * 1_000_000 + 900_000) as u64;
            tasks.push(tokio::spawn(async move { round.import_files(start).await }));
        }
        let moment = 300 + next_random(&mut random) % 1200;
        tokio::time::sleep(Duration::from_millis(moment)).await;
        server.kill();
        round.stop.store(true, Ordering::Relaxed);
        for task in tasks {
            task.await
                .expect("a writer saw only the answers it expected");
        }

        // The server starts again on what the crash left, and serves the same session.
        server = ServerProcess::start(&database_url, false, dir.path()).await;
        let me = browser()
            .get(server.url("/api/v1/me"))
            .header("Cookie", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200, "the session outlived crash {crash}");
        let stored = stored_figures(&database_url).await;
        let mut known = known.lock().await;
        acknowledged_writes += known.values().filter(|k| k.acknowledged.is_some()).count();
        check(&stored, &mut known, crash);
    }
    assert!(
        acknowledged_writes > CRASHES * 10,
        "the writers got writes in"
    );

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database_url).await.unwrap();
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
