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
        submit(&app, number, "2025Q1").await;
    }
    // One organisation reports the next quarter too.
    let path = format!("/api/v1/organisations/{}/reports/2025Q2", ORGS[0].0);
    app.put_json(&path, &json!({"values": {"customer_satisfaction": 90}}))
        .await;
    submit(&app, ORGS[0].0, "2025Q2").await;
    app
}

/// Takes a report one step in its workflow as the administrator.
async fn step(app: &TestApp, organisation: &str, period: &str, step: &str) {
    let path = format!("/api/v1/organisations/{organisation}/reports/{period}/{step}");
    let response = app.post_json(&path, &json!({})).await;
    assert_eq!(response.status(), 200, "{step} {organisation} {period}");
}

/// Submits a report: only submitted and approved reports count in the summary.
async fn submit(app: &TestApp, organisation: &str, period: &str) {
    step(app, organisation, period, "submit").await;
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
    submit(&app, ORGS[1].0, "2025Q2").await;
    let after: Vec<Value> = app.get(path).await.json().await.unwrap();
    assert_eq!(
        (after[0]["n"].as_u64(), after[0]["median"].as_f64()),
        (Some(2), Some(80.0))
    );
}

/// The figures one series and quarter should have, worked out here from `values`.
fn expected_row(values: &[f64]) -> [f64; 7] {
    [
        values.iter().sum(),
        values.iter().sum::<f64>() / values.len() as f64,
        quantile(values, 0.5),
        quantile(values, 0.25),
        quantile(values, 0.75),
        values.iter().copied().fold(f64::INFINITY, f64::min),
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    ]
}

fn figures_of(row: &Value) -> [f64; 7] {
    ["sum", "mean", "median", "p25", "p75", "min", "max"].map(|key| {
        row[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in {row}"))
    })
}

async fn summary_on(app: &TestApp, basis: &str) -> Vec<Value> {
    let path = format!("/api/v1/summary?from=2025Q3&to=2025Q3&series=customer_satisfaction{basis}");
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn drafts_never_count_and_the_approved_basis_counts_only_approved_reports() {
    let app = spawn_app().await;
    for (i, (number, kind)) in ORGS.iter().enumerate() {
        let body = json!({"organisation_number": number, "name": format!("Org {i}"), "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    // 2025Q3: two approved, one submitted, two drafts (one far off, as a half-typed figure).
    let satisfaction = [61.0, 70.5, 77.0, 3.0, 99.0];
    let statuses = ["approved", "approved", "submitted", "draft", "draft"];
    for ((number, _), (value, status)) in ORGS.iter().zip(satisfaction.iter().zip(statuses)) {
        let path = format!("/api/v1/organisations/{number}/reports/2025Q3");
        let body = json!({"values": {"customer_satisfaction": value}});
        assert_eq!(app.put_json(&path, &body).await.status(), 200);
        if status != "draft" {
            step(&app, number, "2025Q3", "submit").await;
        }
        if status == "approved" {
            step(&app, number, "2025Q3", "approve").await;
        }
    }
    let counted = |wanted: &[&str]| -> Vec<f64> {
        satisfaction
            .iter()
            .zip(statuses)
            .filter(|(_, status)| wanted.contains(status))
            .map(|(value, _)| *value)
            .collect()
    };

    // The default and `reported`: submitted and approved, never a draft.
    let reported = counted(&["submitted", "approved"]);
    for basis in ["", "&basis=reported", "&basis="] {
        let rows = summary_on(&app, basis).await;
        assert_eq!(rows.len(), 1, "{basis}: {rows:?}");
        assert_eq!(
            (rows[0]["n"].as_u64(), rows[0]["n_approved"].as_u64()),
            (Some(3), Some(2)),
            "{basis}"
        );
        assert_eq!(figures_of(&rows[0]), expected_row(&reported), "{basis}");
    }
    // `approved`: the official figures alone.
    let approved = counted(&["approved"]);
    let rows = summary_on(&app, "&basis=approved").await;
    assert_eq!(
        (rows[0]["n"].as_u64(), rows[0]["n_approved"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(figures_of(&rows[0]), expected_row(&approved));

    // The CSV says the same on either basis.
    let csv = app
        .get("/api/v1/export/summary.csv?from=2025Q3&to=2025Q3&series=customer_satisfaction&basis=approved")
        .await
        .text()
        .await
        .unwrap();
    let line: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(
        (line[2], line[5]),
        ("2", &*format!("{}", quantile(&approved, 0.5))),
        "{csv}"
    );
    let csv = app
        .get("/api/v1/export/summary.csv?from=2025Q3&to=2025Q3&series=customer_satisfaction")
        .await
        .text()
        .await
        .unwrap();
    let line: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(
        (line[2], line[5]),
        ("3", &*format!("{}", quantile(&reported, 0.5))),
        "{csv}"
    );

    // A status change is a change of the data: the next summary shows it.
    step(&app, ORGS[2].0, "2025Q3", "approve").await;
    let rows = summary_on(&app, "&basis=approved").await;
    assert_eq!(rows[0]["n"].as_u64(), Some(3));
    assert_eq!(figures_of(&rows[0]), expected_row(&reported));
    step(&app, ORGS[0].0, "2025Q3", "reopen").await;
    let rows = summary_on(&app, "").await;
    assert_eq!(
        (rows[0]["n"].as_u64(), rows[0]["n_approved"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(figures_of(&rows[0]), expected_row(&satisfaction[1..3]));
    // Only drafts: no row at all.
    step(&app, ORGS[1].0, "2025Q3", "reopen").await;
    step(&app, ORGS[2].0, "2025Q3", "reopen").await;
    assert_eq!(summary_on(&app, "").await, Vec::<Value>::new());
}

#[tokio::test]
async fn an_unknown_basis_is_a_bad_request_with_the_error_body() {
    let app = seeded().await;
    for path in [
        "/api/v1/summary?basis=draft",
        "/api/v1/summary?basis=APPROVED",
        "/api/v1/export/summary.csv?basis=all",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("basis"),
            "{path}: {body}"
        );
        assert!(body["details"].is_array(), "{path}: {body}");
    }
}
