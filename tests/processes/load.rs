//! The quarterly deadline: 200 users at once on the release server, reading dashboards and
//! saving their organisations' reports. Nothing may fail. `EFFEKT_LOAD_SECONDS` sets how long
//! (5 seconds unless told); run with `--nocapture` to see the latencies.

use std::sync::Arc;
use std::time::{Duration, Instant};

use effekt_tests::server_process::ServerProcess;
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url};
use serde_json::json;
use tokio::sync::Mutex;

const USERS: usize = 200;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_users_at_the_deadline_all_get_answers() {
    let seconds: u64 = std::env::var("EFFEKT_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let server = ServerProcess::start(&database_url, true, dir.path()).await;
    let login = browser()
        .post(server.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    let session = Arc::new(cookie.split(';').next().unwrap().to_owned());
    for i in 0..USERS {
        let created = browser()
            .post(server.url("/api/v1/organisations"))
            .header("Cookie", session.as_str())
            .json(&json!({"organisation_number": organisation(i), "name": format!("Kommun {i}"), "kind": "municipality"}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "{}", organisation(i));
    }

    let latencies = Arc::new(Mutex::new(Latencies::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut users = Vec::new();
    for i in 0..USERS {
        let (session, latencies, base) =
            (session.clone(), latencies.clone(), server.address.clone());
        users.push(tokio::spawn(async move {
            let client = browser();
            let mut round = 0_u64;
            while Instant::now() < until {
                round += 1;
                let started = Instant::now();
                let saving = (i as u64 + round).is_multiple_of(4);
                let request = if saving {
                    let path = format!("/api/v1/organisations/{}/reports/2026Q2", organisation(i));
                    client.put(format!("{base}{path}")).json(
                        &json!({"values": {"ideas_delivered": round, "customer_satisfaction": 70}}),
                    )
                } else if round.is_multiple_of(2) {
                    client.get(format!("{base}/"))
                } else {
                    client.get(format!("{base}/api/v1/summary?from=2025Q3&to=2026Q2"))
                };
                let response = request.header("Cookie", session.as_str()).send().await;
                let response = response.expect("every request is answered");
                let status = response.status();
                let body = response.text().await.expect("every answer arrives whole");
                assert_eq!(status, 200, "user {i}: {body}");
                assert!(!body.contains("database is locked"), "user {i}: {body}");
                let took = started.elapsed();
                let mut latencies = latencies.lock().await;
                if saving {
                    latencies.saves.push(took)
                } else {
                    latencies.reads.push(took)
                }
            }
        }));
    }
    for user in users {
        user.await.expect("a user saw only successes");
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
