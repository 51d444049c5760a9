//! `GET /metrics`: what is counted, and what is read from the database when asked.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use effekt::store::Store;
use effekt::{Period, ReportStatus};
use prometheus::{Encoder, TextEncoder};

use super::Metrics;

#[derive(Clone)]
struct Scraped {
    metrics: Arc<Metrics>,
    store: Store,
}

/// The metrics address's only route.
pub fn router(metrics: Arc<Metrics>, store: Store) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scraped { metrics, store })
}

#[tracing::instrument(skip_all)]
async fn scrape(State(Scraped { metrics, store }): State<Scraped>) -> Response {
    let pool = store.pool_use();
    for (state, connections) in [
        ("in_use", pool.size.saturating_sub(pool.idle)),
        ("idle", pool.idle),
        ("max", pool.max),
    ] {
        metrics
            .pool
            .with_label_values(&[state])
            .set(i64::from(connections));
    }
    let quarter = Period::last_ended();
    match store.statuses_in(quarter).await {
        Ok(statuses) => {
            // A new quarter replaces the last one's labels.
            metrics.reports.reset();
            let quarter = quarter.to_string();
            for status in [
                Some(ReportStatus::Draft),
                Some(ReportStatus::Submitted),
                Some(ReportStatus::Approved),
                None,
            ] {
                let count = statuses.iter().filter(|(_, s)| *s == status).count();
                metrics
                    .reports
                    .with_label_values(&[
                        quarter.as_str(),
                        status.map_or("missing", ReportStatus::as_str),
                    ])
                    .set(i64::try_from(count).unwrap_or(i64::MAX));
            }
        }
        // The rest is still worth scraping; the gauge keeps its last reading.
        Err(error) => tracing::error!(%error, "metrics: the reports could not be counted"),
    }
    let mut text = Vec::new();
    if let Err(error) = TextEncoder::new().encode(&metrics.registry.gather(), &mut text) {
        tracing::error!(%error, "metrics could not be written");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response()
}
