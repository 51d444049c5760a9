//! The quarterly deadline: 200 users at once on the server, each signed in to an
//! account of their own, reading dashboards and, as analysts, saving their own organisations'
//! reports. Nothing may fail, and every organisation ends with its analyst's last save.
//! `EFFEKT_LOAD_SECONDS` sets how long (5 seconds unless told); run with `--nocapture` to see
//! the latencies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use effekt_tests::server_process::{ServerProcess, session};
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url};
use serde_json::json;
use tokio::sync::Mutex;

const USERS: usize = 200;
/// The quarter the analysts report, in organisations of the test's own that have no report yet.
const PERIOD: &str = "2026Q2";

/// The organisation number of the `i`th test organisation: 212000-xxxx with its check digit.
fn organisation(i: usize) -> String {
    let digits = format!("212{:06}", 100_000 + i);
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(position, b)| {
            let d = u32::from(b - b'0') * if position % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    format!("{}-{}{}", &digits[..6], &digits[6..], (10 - sum % 10) % 10)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

#[derive(Default)]
struct Latencies {
    saves: Vec<Duration>,
    reads: Vec<Duration>,
}

/// What each user is at the deadline: four in five analysts of their own organisation, who
/// save its report; the rest viewers from the leadership, who only read.
fn role(i: usize) -> Option<String> {
    (i % 5 != 4).then(|| organisation(i))
}

const PASSWORD: &str = "a password long enough";

/// Creates user `i` as the administrator, then signs them in as they would: their own session.
async fn account(base: &str, admin: &str, i: usize) -> String {
    let organisation = role(i);
    let email = format!("user{i}@load.example");
    let created = browser()
        .post(format!("{base}/api/v1/users"))
        .header("Cookie", admin)
        .json(&json!({
            "email": email, "password": PASSWORD,
            "role": if organisation.is_some() { "analyst" } else { "viewer" },
            "organisation_number": organisation,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{email} is created");
    session(base, &email, PASSWORD).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_users_at_the_deadline_all_get_answers() {
    let seconds: u64 = std::env::var("EFFEKT_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let server = ServerProcess::start(&database_url, true, dir.path()).await;
    let base = server.address.clone();
    let admin = session(&base, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    for i in 0..USERS {
        let created = browser()
            .post(server.url("/api/v1/organisations"))
            .header("Cookie", &admin)
            .json(&json!({"organisation_number": organisation(i), "name": format!("Kommun {i}"), "kind": "municipality"}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "{}", organisation(i));
    }
    // Everyone signs in before the rush, ten at a time: all 200 come from the test's one
    // address, whose thirty attempts are counted before each password is checked.
    let mut sessions = Vec::new();
    for wave in (0..USERS).collect::<Vec<_>>().chunks(10) {
        let signing_in = wave.iter().map(|&i| account(&base, &admin, i));
        sessions.extend(futures_util::future::join_all(signing_in).await);
    }

    let latencies = Arc::new(Mutex::new(Latencies::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut users = Vec::new();
    for (i, session) in sessions.into_iter().enumerate() {
        let (latencies, base) = (latencies.clone(), base.clone());
        users.push(tokio::spawn(async move {
            let client = browser();
            let own = role(i);
            // The last figure this analyst saw acknowledged.
            let mut saved = None;
            let mut round = 0_u64;
            while Instant::now() < until {
                round += 1;
                let started = Instant::now();
                let saving = own.is_some() && (i as u64 + round).is_multiple_of(4);
                let request = match &own {
                    Some(organisation) if saving => {
                        let path = format!("/api/v1/organisations/{organisation}/reports/{PERIOD}");
                        client.put(format!("{base}{path}")).json(
                            &json!({"values": {"ideas_delivered": round, "customer_satisfaction": 70}}),
                        )
                    }
                    _ if round.is_multiple_of(2) => client.get(format!("{base}/")),
                    _ => client.get(format!("{base}/api/v1/summary?from=2025Q3&to={PERIOD}")),
                };
                let response = request.header("Cookie", &session).send().await;
                let response = response.expect("every request is answered");
                let status = response.status();
                let body = response.text().await.expect("every answer arrives whole");
                assert_eq!(status, 200, "user {i}: {body}");
                assert!(!body.contains("database is locked"), "user {i}: {body}");
                let took = started.elapsed();
                if saving {
                    saved = Some(round);
                }
                let mut latencies = latencies.lock().await;
                if saving {
                    latencies.saves.push(took)
                } else {
                    latencies.reads.push(took)
                }
            }
            saved
        }));
    }
    let mut last_saves = Vec::new();
    for user in users {
        last_saves.push(user.await.expect("a user saw only successes"));
    }

    // Each analyst's organisation holds what its last acknowledged save said, and nobody
    // else's: every save went to the analyst's own report.
    for (i, saved) in last_saves.into_iter().enumerate() {
        let path = format!("/api/v1/organisations/{}/reports/{PERIOD}", organisation(i));
        let report = browser()
            .get(server.url(&path))
            .header("Cookie", &admin)
            .send()
            .await
            .unwrap();
        match saved {
            Some(round) => {
                assert_eq!(report.status(), 200, "user {i}'s report");
                let report: serde_json::Value = report.json().await.unwrap();
                assert_eq!(
                    report["values"]["ideas_delivered"],
                    json!(round as f64),
                    "user {i}'s last save"
                );
            }
            None => assert_eq!(report.status(), 404, "nobody saved for user {i}"),
        }
    }

    let mut latencies = latencies.lock().await;
    latencies.saves.sort();
    latencies.reads.sort();
    for (what, list) in [("saves", &latencies.saves), ("reads", &latencies.reads)] {
        assert!(!list.is_empty(), "some {what} were done");
        println!(
            "{USERS} users, {seconds} s: {} {what}, p50 {:?}, p99 {:?}, max {:?}",
            list.len(),
            percentile(list, 0.5),
            percentile(list, 0.99),
            list.last().unwrap(),
        );
    }
}
