//! Metrics for the operators' monitoring (issue #20): `GET /metrics` in the Prometheus text
//! format, served on `EFFEKT_METRICS_ADDR` only, never beside the pages. Each server keeps a
//! registry of its own, so that several in one process (the tests) each count their own.

mod record;
mod scrape;

use std::time::Duration;

use effekt::observer::{Observer, SignInFailure};
use prometheus::{
    Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry,
};

pub use record::record;
pub use scrape::router;

/// Everything counted, and the registry it is read from.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Requests answered, by method, route template (never the path itself) and status.
    requests: IntCounterVec,
    /// Seconds until the response's head, by method and route template.
    latency: HistogramVec,
    /// Seconds each rebuild of the dashboards' dataset took; its count is the rebuilds.
    rebuilds: Histogram,
    /// Seconds each update of the dataset by the saves since took; its count is the updates.
    updates: Histogram,
    /// Failed sign-ins, by why.
    failed_sign_ins: IntCounterVec,
    /// The database pool's connections in use, idle and at most, read when scraped.
    pool: IntGaugeVec,
    /// Reports of the quarter now being reported, by status, read when scraped.
    reports: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("effekt_http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )
        .expect("a valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "effekt_http_request_duration_seconds",
                "Time from a request until its response begins",
            ),
            &["method", "route"],
        )
        .expect("a valid metric");
        let rebuilds = Histogram::with_opts(
            HistogramOpts::new(
                "effekt_dataset_rebuild_duration_seconds",
                "Time to read and build the dashboards' dataset anew; the count is the rebuilds",
            )
            .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
        )
        .expect("a valid metric");
        let updates = Histogram::with_opts(
            HistogramOpts::new(
                "effekt_dataset_update_duration_seconds",
                "Time to apply the saves since to the dashboards' dataset; the count is the updates",
            )
            .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0]),
        )
        .expect("a valid metric");
        let failed_sign_ins = IntCounterVec::new(
            Opts::new("effekt_sign_ins_failed_total", "Sign-ins refused"),
            &["reason"],
        )
        .expect("a valid metric");
        let pool = IntGaugeVec::new(
            Opts::new(
                "effekt_db_pool_connections",
                "Database connections of the pool: in use, idle and the most allowed",
            ),
            &["state"],
        )
        .expect("a valid metric");
        let reports = IntGaugeVec::new(
            Opts::new(
                "effekt_reports",
                "Organisations by the status of their report for the newest quarter that has \
                 ended (missing: none yet)",
            ),
            &["quarter", "status"],
        )
        .expect("a valid metric");
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(rebuilds.clone()),
            Box::new(updates.clone()),
            Box::new(failed_sign_ins.clone()),
            Box::new(pool.clone()),
            Box::new(reports.clone()),
        ] {
            registry
                .register(metric)
                .expect("each metric is registered once");
        }
        for failure in [
            SignInFailure::WrongCredentials,
            SignInFailure::Throttled,
            SignInFailure::IdentityProvider,
        ] {
            // Present from the start, so that a rate over it is defined before the first.
            failed_sign_ins.with_label_values(&[failure.as_str()]);
        }
        Self {
            registry,
            requests,
            latency,
            rebuilds,
            updates,
            failed_sign_ins,
            pool,
            reports,
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Observer for Metrics {
    fn dataset_rebuilt(&self, took: Duration) {
        self.rebuilds.observe(took.as_secs_f64());
    }

    fn dataset_updated(&self, took: Duration) {
        self.updates.observe(took.as_secs_f64());
    }

    fn sign_in_failed(&self, why: SignInFailure) {
        self.failed_sign_ins
            .with_label_values(&[why.as_str()])
            .inc();
    }
}
