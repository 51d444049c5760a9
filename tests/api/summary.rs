//! `/api/v1/summary` against figures the test works out itself.

use effekt_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

const ORGS: [(&str, &str); 5] = [
    ("202100-5448", "state_agency"),
    ("202100-5521", "state_agency"),
    ("212000-0142", "municipality"),
    ("212000-1355", "municipality"),
    ("232100-0016", "region"),
];

/// Quantile by linear interpolation between closest ranks, written out independently.
fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let position = q * (sorted.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}

async fn seeded() -> TestApp {
    let app = spawn_app().await;
    for (i, (number, kind)) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    for (i, (number, _)) in ORGS.iter().enumerate() {
        let i = i as f64;
        let q1 = json!({"values": {
            "customer_satisfaction": 60.0 + i * 7.5,
            "solved_internally": 10.0 * (i + 1.0),
            "solved_externally": 5.0,
        }});
        let path = format!("/api/v1/organisations/{number}/reports/2025Q1");
        assert_eq!(app.put_json(&path, &q1).await.status(), 200);
    }
    // One organisation reports the next quarter too.
    let path = format!("/api/v1/organisations/{}/reports/2025Q2", ORGS[0].0);
    app.put_json(&path, &json!({"values": {"customer_satisfaction": 90}}))
        .await;
    app
}

fn row<'a>(rows: &'a [Value], series: &str, period: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["series"] == series && r["period"] == period)
        .unwrap_or_else(|| panic!("no row {series} {period} in {rows:?}"))
}

#[tokio::test]
async fn the_summary_matches_figures_computed_independently() {
    let app = seeded().await;
    let rows: Vec<Value> = app
        .get("/api/v1/summary?from=2025Q1&to=2025Q4")
        .await
        .json()
        .await
        .unwrap();
    let satisfaction: Vec<f64> = (0..5).map(|i| 60.0 + i as f64 * 7.5).collect();
    let r = row(&rows, "customer_satisfaction", "2025Q1");
    assert_eq!(r["n"], 5);
    assert_eq!(r["sum"].as_f64().unwrap(), satisfaction.iter().sum::<f64>());
    assert_eq!(r["mean"].as_f64().unwrap(), 75.0);
    assert_eq!(r["median"].as_f64().unwrap(), quantile(&satisfaction, 0.5));
    assert_eq!(r["p25"].as_f64().unwrap(), quantile(&satisfaction, 0.25));
    assert_eq!(r["p75"].as_f64().unwrap(), quantile(&satisfaction, 0.75));
    assert_eq!(
        (r["min"].as_f64().unwrap(), r["max"].as_f64().unwrap()),
        (60.0, 90.0)
    );
    assert_eq!(row(&rows, "customer_satisfaction", "2025Q2")["n"], 1);

    // Derived: external share = 5 / (10 (i + 1) + 5) per organisation.
    let shares: Vec<f64> = (0..5)
        .map(|i| 5.0 / (10.0 * (i as f64 + 1.0) + 5.0))
        .collect();
    let r = row(&rows, "external_share", "2025Q1");
    assert_eq!(r["n"], 5);
    assert!((r["median"].as_f64().unwrap() - quantile(&shares, 0.5)).abs() < 1e-12);
    assert!((r["p25"].as_f64().unwrap() - quantile(&shares, 0.25)).abs() < 1e-12);
    assert_eq!(
        rows.len(),
        5,
        "three entered series and one derived in 2025Q1, one in Q2: {rows:?}"
    );
}

#[tokio::test]
async fn filters_narrow_by_kind_series_and_period() {
    let app = seeded().await;
    let rows: Vec<Value> = app
        .get("/api/v1/summary?from=2025Q1&to=2025Q1&kind=municipality&series=customer_satisfaction,external_share")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let r = row(&rows, "customer_satisfaction", "2025Q1");
    assert_eq!(r["n"], 2);
    assert_eq!(
        r["median"].as_f64().unwrap(),
        (60.0 + 2.0 * 7.5 + 60.0 + 3.0 * 7.5) / 2.0
    );

    for bad in ["from=2025Q5", "kind=agency"] {
        let response = app.get(&format!("/api/v1/summary?{bad}")).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    let response = app.get("/api/v1/summary?series=nope").await;
    assert_eq!(response.status(), 422);
    let anonymous = effekt_tests::browser()
        .get(app.url("/api/v1/summary"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_saved_figure_shows_in_the_next_summary() {
    let app = seeded().await;
    let path = "/api/v1/summary?series=customer_satisfaction&from=2025Q2&to=2025Q2";
    let before: Vec<Value> = app.get(path).await.json().await.unwrap();
    assert_eq!(before[0]["median"].as_f64().unwrap(), 90.0);
    let report = format!("/api/v1/organisations/{}/reports/2025Q2", ORGS[1].0);
    app.put_json(&report, &json!({"values": {"customer_satisfaction": 70}}))
        .await;
    let after: Vec<Value> = app.get(path).await.json().await.unwrap();
    assert_eq!(
        (after[0]["n"].as_u64(), after[0]["median"].as_f64()),
        (Some(2), Some(80.0))
    );
}
