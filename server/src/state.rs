//! What every handler shares.

use std::sync::Arc;

use axum::extract::FromRef;
use effekt::analytics::Analytics;
use effekt::store::{LoginThrottle, Store};
use effekt::{Catalogue, IdentityProviderSummary, Operator, ReportingRules};
use effekt_app::state::PageState;
use leptos::config::LeptosOptions;

use crate::oidc::IdentityProvider;
use crate::rate_limit::RateLimit;

/// The server's state, shared by every handler; the pages see a part of it, `PageState`.
#[derive(Clone)]
pub struct ServerState {
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
    /// The agency's identity provider, when people may sign in through it.
    pub identity_provider: Option<Arc<IdentityProvider>>,
    /// Its settings without the secret, and whether passwords are on, for the pages.
    pub identity_provider_summary: Option<IdentityProviderSummary>,
}

impl ServerState {
    /// The part of the state the pages' server functions see.
    pub fn for_pages(&self) -> PageState {
        PageState {
            store: self.store.clone(),
            catalogue: self.catalogue.clone(),
            throttle: self.throttle,
            analytics: self.analytics.clone(),
            reporting: self.reporting,
            operator: self.operator.clone(),
            identity_provider: self.identity_provider_summary.clone(),
        }
    }

    /// Whether people may sign in with a password, as the pages decide it.
    pub fn passwords(&self) -> bool {
        IdentityProviderSummary::passwords_allowed(self.identity_provider_summary.as_ref())
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}
