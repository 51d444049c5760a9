//! What the server gives every page and server function: the store, the catalogue, and who is
//! asking.

use std::sync::Arc;

use effekt::analytics::Analytics;
use effekt::store::{Actor, LoginThrottle, Store};
use effekt::{Catalogue, IdentityProviderSummary, Operator, ReportingRules, User};
use effekt_session::{ByToken, ClientAddress, OverHttps, SignedIn};
use leptos::prelude::*;

use crate::error::AppError;

/// The part of the server's state the pages' server functions see, from the context.
#[derive(Clone)]
pub struct PageState {
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
    pub throttle: LoginThrottle,
    pub analytics: Arc<Analytics>,
    /// When a quarter can be read and how many reports a national figure needs.
    pub reporting: ReportingRules,
    /// Who runs this Effekt, for the accessibility statement.
    pub operator: Operator,
    /// The identity provider people may sign in through, if any, without its secret.
    pub identity_provider: Option<IdentityProviderSummary>,
}

impl PageState {
    /// Whether people may sign in with a password: always, unless an identity provider is
    /// configured with passwords switched off.
    pub fn passwords(&self) -> bool {
        IdentityProviderSummary::passwords_allowed(self.identity_provider.as_ref())
    }
}

/// What the server gives the pages for this request.
pub fn page_state() -> Result<PageState, AppError> {
    use_context::<PageState>().ok_or_else(|| {
        tracing::error!("server function called without PageState in context");
        AppError::Internal
    })
}

fn extension<T: Clone + Send + Sync + 'static>() -> Option<T> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<T>().cloned())
}

/// The signed-in user of this request, if any.
pub fn signed_in() -> Option<User> {
    extension::<SignedIn>().map(|signed_in| signed_in.0)
}

/// Whether this request is signed in with an API token.
pub fn by_token() -> bool {
    extension::<ByToken>().is_some()
}

/// The signed-in user as the author of writes; refuses anonymous requests.
pub fn actor() -> Result<Actor, AppError> {
    signed_in().map(Actor::User).ok_or(AppError::Unauthorized)
}

pub fn client_address() -> String {
    extension::<ClientAddress>()
        .map(|a| a.0)
        .unwrap_or_default()
}

/// Whether this request came over HTTPS.
pub fn over_https() -> bool {
    extension::<OverHttps>().is_some()
}
