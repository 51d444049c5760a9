//! Issue #16, item 1: an anonymous flood of sign-ins must not stall everyone else. Three hundred
//! clients guess passwords for ten seconds (`EFFEKT_FLOOD_SECONDS` for longer), each guess from a
//! new address behind the proxy so that no per-address limit can shortcut the hashing, half
//! with an address that does not parse, half with the administrator's; meanwhile a signed-in
//! reader loads the dashboard. Every request must be answered, the reader's never refused, and
//! its p99 must stay under a second. Run with `--nocapture` to see the figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use effekt_tests::server_process::ServerProcess;
use effekt_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, browser, fresh_database_url};
use serde_json::json;

const ATTACKERS: u64 = 300;

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_flood_does_not_stall_the_dashboard() {
    let seconds: u64 = std::env::var("EFFEKT_FLOOD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let proxied = [("EFFEKT_BEHIND_PROXY", "true"), ("RUST_LOG", "error")];
    let server = ServerProcess::start_with(&database_url, true, dir.path(), &proxied).await;
    let reader = browser();
    let signed_in = reader
        .post(server.url("/api/v1/login"))
        .header("X-Forwarded-For", "192.0.2.1")
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    // Warm the aggregates, so that the reader measures the flood and not the first render.
    assert_eq!(
        reader.get(server.url("/")).send().await.unwrap().status(),
        200
    );

    let until = Instant::now() + Duration::from_secs(seconds);
    let guesses = Arc::new(AtomicU64::new(0));
    let attackers: Vec<_> = (0..ATTACKERS)
        .map(|attacker| {
            let (url, guesses) = (server.url("/api/v1/login"), guesses.clone());
            tokio::spawn(async move {
                let client = browser();
                let mut round = 0_u64;
                while Instant::now() < until {
                    round += 1;
                    let email = if attacker % 2 == 0 { "x" } else { ADMIN_EMAIL };
                    let address = format!(
                        "10.{}.{}.{}",
                        attacker % 250,
                        round / 250 % 250,
                        round % 250
                    );
                    let response = client
                        .post(&url)
                        .header("X-Forwarded-For", address)
                        .json(&json!({"email": email, "password": "a"}))
                        .send()
                        .await
                        .expect("every guess is answered");
                    let status = response.status().as_u16();
                    assert!(matches!(status, 401 | 429), "a guess got {status}");
                    guesses.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    let mut latencies = Vec::new();
    while Instant::now() < until {
        let started = Instant::now();
        let response = reader.get(server.url("/")).send().await;
        let response = response.expect("the dashboard answers during the flood");
        assert_eq!(response.status(), 200);
        let page = response.text().await.expect("the dashboard arrives whole");
        assert!(page.contains("<main"), "a whole page");
        latencies.push(started.elapsed());
    }
    for attacker in attackers {
        attacker.await.expect("every guess got 401 or 429");
    }

    latencies.sort();
    let p99 = percentile(&latencies, 0.99);
    println!(
        "{ATTACKERS} attackers, {seconds} s: {} guesses answered; dashboard: {} loads, p50 {:?}, p99 {:?}, max {:?}",
        guesses.load(Ordering::Relaxed),
        latencies.len(),
        percentile(&latencies, 0.5),
        p99,
        latencies.last().unwrap(),
    );
    assert!(
        p99 < Duration::from_secs(1),
        "dashboard p99 {p99:?} during the flood"
    );
}
