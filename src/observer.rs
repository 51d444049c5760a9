//! What the core tells whoever watches it: the server's metrics (`EFFEKT_METRICS_ADDR`). The
//! core knows nothing of the metrics format; the store and the analytics call these at the one
//! place each event happens, so that every front door is counted alike.

use std::fmt::Debug;
use std::time::Duration;

/// Why a sign-in failed, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInFailure {
    /// No such account, or the wrong password.
    WrongCredentials,
    /// Refused unseen: the address or the account failed too often lately.
    Throttled,
    /// The identity provider's answer did not sign anyone in (state, nonce, code, claims).
    IdentityProvider,
}

impl SignInFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInFailure::WrongCredentials => "wrong_credentials",
            SignInFailure::Throttled => "throttled",
            SignInFailure::IdentityProvider => "identity_provider",
        }
    }
}

/// Told of events as they happen; each method does nothing unless a watcher overrides it.
pub trait Observer: Debug + Send + Sync {
    /// The dataset behind the dashboards was read and built anew, taking `took`.
    fn dataset_rebuilt(&self, _took: Duration) {}
    /// The dataset was brought up to date by applying the saves since, taking `took`.
    fn dataset_updated(&self, _took: Duration) {}
    /// A sign-in attempt failed.
    fn sign_in_failed(&self, _why: SignInFailure) {}
}

/// Nobody watching: what a store has unless told otherwise.
#[derive(Debug)]
pub struct Unobserved;

impl Observer for Unobserved {}
