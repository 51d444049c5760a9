//! What every handler shares.

use std::sync::Arc;

use axum::extract::FromRef;
use effekt::analytics::Analytics;
use effekt::store::{LoginThrottle, Store};
use effekt::{Catalogue, Operator, ReportingRules};
use effekt_app::state::ServerState;
use leptos::config::LeptosOptions;

use crate::rate_limit::RateLimit;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
    pub throttle: LoginThrottle,
    pub analytics: Arc<Analytics>,
    pub leptos_options: LeptosOptions,
    /// Requests arrive through a reverse proxy, which names the client in `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// People reach Effekt over HTTPS (`EFFEKT_PUBLIC_URL`), whatever the request says.
    pub public_https: bool,
    /// The reporting deadline and the fewest reports a national figure needs, for the pages.
    pub reporting: ReportingRules,
    /// Who runs this Effekt, for the accessibility statement.
    pub operator: Operator,
    /// How often each address may ask for open data.
    pub open_data_limit: Arc<RateLimit>,
}

impl AppState {
    /// The part of the state the pages' server functions see.
    pub fn for_pages(&self) -> ServerState {
        ServerState {
            store: self.store.clone(),
            catalogue: self.catalogue.clone(),
            throttle: self.throttle,
            analytics: self.analytics.clone(),
            reporting: self.reporting,
            operator: self.operator.clone(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
