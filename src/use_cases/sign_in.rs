//! Signing in with a password and signing out: `POST /api/v1/login` and `/logout`, and the
//! page `/logga-in`. Signing in through the identity provider is `server/src/oidc/`.

use crate::User;
use crate::store::{LoginThrottle, SignInError, Store, StoreError};

/// A sign-in as the request gave it.
pub struct SignIn {
    pub email: String,
    pub password: String,
    /// Where the request came from, for the throttle.
    pub address: String,
    /// The session the request brought, ended by the new one.
    pub replacing: Option<String>,
}

/// Never logs the password.
impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("email", &self.email)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

/// Why nobody was signed in.
#[derive(Debug, thiserror::Error)]
pub enum SignInRefused {
    /// People sign in through the identity provider here.
    #[error("passwords are switched off")]
    PasswordsOff,
    /// The address and password, or the throttle, said no.
    #[error(transparent)]
    Refused(#[from] SignInError),
}

/// Checks the address and password (counted by `throttle`) and starts a new session, ending
/// the one the request brought; returns who signed in and the new session's id. `passwords`
/// is whether this Effekt takes passwords at all (`IdentityProviderSummary::passwords`).
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    store: &Store,
    throttle: &LoginThrottle,
    passwords: bool,
    command: SignIn,
) -> Result<(User, String), SignInRefused> {
    if !passwords {
        tracing::warn!("password sign-in refused: passwords are switched off");
        return Err(SignInRefused::PasswordsOff);
    }
    store
        .sign_in(
            &command.email,
            &command.password,
            &command.address,
            throttle,
            command.replacing.as_deref(),
        )
        .await
        .map_err(SignInRefused::Refused)
}

/// Ends the session the request brought, if any.
#[tracing::instrument(skip_all)]
pub async fn sign_out(store: &Store, session: Option<&str>) -> Result<(), StoreError> {
    match session {
        Some(id) => store.end_session(id).await,
        None => Ok(()),
    }
}
