//! Issue #20: `GET /metrics` in the Prometheus text format, on an address of its own, read with
//! a parser for the format as Prometheus would.

use effekt::Period;
use effekt_tests::{ADMIN_EMAIL, TestApp, browser, spawn_app, spawn_app_configured};
use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue, Sample};
use serde_json::json;

const SKATTEVERKET: &str = "202100-5448";

async fn spawn_app_with_metrics() -> TestApp {
    spawn_app_configured(|config| {
        config.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await
}

pub(crate) type Scrape = MetricsExposition<PrometheusType, PrometheusValue>;

pub(crate) async fn scrape(app: &TestApp) -> Scrape {
    let address = app.metrics_address.as_ref().expect("metrics are served");
    let response = browser()
        .get(format!("{address}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4"
    );
    let text = response.text().await.unwrap();
    parse_prometheus(&text).unwrap_or_else(|e| panic!("{e:?} in\n{text}"))
}

/// The one sample of the family `name` with all of `labels`.
fn sample<'a>(
    scrape: &'a Scrape,
    name: &str,
    labels: &[(&str, &str)],
) -> &'a Sample<PrometheusValue> {
    let family = scrape
        .families
        .get(name)
        .unwrap_or_else(|| panic!("{name}"));
    let mut found = family.iter_samples().filter(|sample| {
        let set = sample.get_labelset().unwrap();
        labels
            .iter()
            .all(|(label, value)| set.get_label_value(label) == Some(*value))
    });
    let first = found.next().unwrap_or_else(|| panic!("{name} {labels:?}"));
    assert!(found.next().is_none(), "{name} {labels:?} is one sample");
    first
}

pub(crate) fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    match &sample(scrape, name, labels).value {
        PrometheusValue::Counter(counter) => counter.value.as_f64(),
        PrometheusValue::Gauge(value) => value.as_f64(),
        other => panic!("{name} {labels:?}: {other:?}"),
    }
}

/// How many were observed in the histogram `name` with `labels`.
fn observed(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> u64 {
    match &sample(scrape, name, labels).value {
        PrometheusValue::Histogram(histogram) => histogram.count.expect("a count"),
        other => panic!("{name} {labels:?}: {other:?}"),
    }
}

/// Whether any sample in `scrape` has `label` set to `value`.
fn labelled(scrape: &Scrape, label: &str, value: &str) -> bool {
    scrape.families.values().any(|family| {
        family
            .iter_samples()
            .any(|s| s.get_labelset().unwrap().get_label_value(label) == Some(value))
    })
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status() {
    let app = spawn_app_with_metrics().await;
    for _ in 0..2 {
        assert_eq!(app.get("/api/v1/measures").await.status(), 200);
    }
    let unknown = "/api/v1/organisations/202100-5448/reports/2025Q3";
    assert_eq!(app.get(unknown).await.status(), 404);
    assert_eq!(app.get("/no/such/page").await.status(), 404);

    let scrape = scrape(&app).await;
    let requests = "effekt_http_requests_total";
    let measures = [("method", "GET"), ("route", "/api/v1/measures")];
    assert_eq!(
        value(
            &scrape,
            requests,
            &[measures[0], measures[1], ("status", "200")]
        ),
        2.0
    );
    let report = [
        ("method", "GET"),
        ("route", "/api/v1/organisations/{orgnr}/reports/{period}"),
        ("status", "404"),
    ];
    assert_eq!(value(&scrape, requests, &report), 1.0);
    // A path no route knows is never a label of its own.
    assert!(!labelled(&scrape, "route", "/no/such/page"));
    assert!(
        value(
            &scrape,
            requests,
            &[("route", "unmatched"), ("status", "404")]
        ) >= 1.0
    );
    let latency = "effekt_http_request_duration_seconds";
    assert_eq!(observed(&scrape, latency, &measures), 2);
}

#[tokio::test]
async fn failed_sign_ins_are_counted_through_either_door() {
    let app = spawn_app_with_metrics().await;
    let failed = "effekt_sign_ins_failed_total";
    let wrong = [("reason", "wrong_credentials")];
    assert_eq!(value(&scrape(&app).await, failed, &wrong), 0.0);

    let api = browser()
        .post(app.url("/api/v1/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": "not the password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    let page = browser()
        .post(app.url("/sf/login"))
        .header("Accept", "text/html")
        .header("Referer", app.url("/logga-in"))
        .form(&[("email", ADMIN_EMAIL), ("password", "fel"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert!(page.headers().get("set-cookie").is_none());

    let scrape = scrape(&app).await;
    assert_eq!(value(&scrape, failed, &wrong), 2.0);
    assert_eq!(value(&scrape, failed, &[("reason", "throttled")]), 0.0);
}

#[tokio::test]
async fn reports_of_the_quarter_being_reported_pool_use_and_rebuilds_are_shown() {
    let app = spawn_app_with_metrics().await;
    for (number, name) in [
        (SKATTEVERKET, "Skatteverket"),
        ("212000-0142", "Uppsala kommun"),
    ] {
        let kind = if name.ends_with("kommun") {
            "municipality"
        } else {
            "state_agency"
        };
        let body = json!({"organisation_number": number, "name": name, "kind": kind});
        assert_eq!(
            app.post_json("/api/v1/organisations", &body).await.status(),
            201
        );
    }
    let quarter = Period::last_ended().to_string();
    let report = format!("/api/v1/organisations/{SKATTEVERKET}/reports/{quarter}");
    let body = json!({"values": {"ideas_delivered": 12}, "lessons": ""});
    assert_eq!(app.put_json(&report, &body).await.status(), 200);
    let rebuilt = "effekt_dataset_rebuild_duration_seconds";
    let before = observed(&scrape(&app).await, rebuilt, &[]);
    assert_eq!(app.get("/").await.status(), 200, "the dashboard is read");

    let scrape = scrape(&app).await;
    let reports = |status| {
        value(
            &scrape,
            "effekt_reports",
            &[("quarter", &quarter), ("status", status)],
        )
    };
    assert_eq!(
        [
            reports("draft"),
            reports("submitted"),
            reports("approved"),
            reports("missing")
        ],
        [1.0, 0.0, 0.0, 1.0]
    );
    assert_eq!(observed(&scrape, rebuilt, &[]), before + 1);
    // A report saved and submitted after that is applied to the dataset, not rebuilt (a draft
    // alone counts in no figure of the dashboard, which does not wait for it).
    let updated = "effekt_dataset_update_duration_seconds";
    let body = json!({"values": {"ideas_delivered": 13}, "lessons": ""});
    assert_eq!(app.put_json(&report, &body).await.status(), 200);
    let submit = format!("{report}/submit");
    assert_eq!(app.post_json(&submit, &json!({})).await.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
    let after = self::scrape(&app).await;
    assert_eq!(observed(&after, rebuilt, &[]), before + 1);
    assert_eq!(
        observed(&after, updated, &[]),
        observed(&scrape, updated, &[]) + 1
    );
    let pool = |state| value(&scrape, "effekt_db_pool_connections", &[("state", state)]);
    assert_eq!(pool("max"), f64::from(effekt::store::DEFAULT_CONNECTIONS));
    assert!(pool("in_use") + pool("idle") >= 1.0);
}

#[tokio::test]
async fn metrics_are_served_only_on_their_own_address_and_only_when_asked_for() {
    let app = spawn_app_with_metrics().await;
    let on_the_site = app.get("/metrics").await.text().await.unwrap();
    assert!(!on_the_site.contains("effekt_http_requests_total"));
    let address = app.metrics_address.clone().unwrap();
    let page = browser().get(format!("{address}/")).send().await.unwrap();
    assert_eq!(
        page.status(),
        404,
        "the metrics address serves nothing else"
    );

    assert_eq!(spawn_app().await.metrics_address, None);
}
