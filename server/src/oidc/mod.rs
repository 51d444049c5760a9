//! Signing in through the agency's identity provider with OpenID Connect (issue #20):
//! `GET /auth/oidc/start` sends the browser there with a fresh state, nonce and PKCE challenge;
//! `GET /auth/oidc/callback` signs it in when it comes back with a code that holds.

mod flow_cookie;
mod provider;
mod refusal;
mod routes;

pub use provider::{IdentityProvider, ProviderError};
pub use routes::{callback, start};
