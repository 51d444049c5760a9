//! Signing in through the agency's identity provider (OpenID Connect, issue #20): what happens
//! to people it signs in for the first time, and what an administrator may see of its settings.

use serde::{Deserialize, Serialize};

use crate::RoleMapping;

/// What happens when someone the identity provider vouches for has no Effekt account yet
/// (`EFFEKT_OIDC_NEW_USERS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstSignIn {
    /// An account is made with the role their groups map to.
    Create,
    /// Only people an administrator has already added may sign in.
    Refuse,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is neither create nor refuse")]
pub struct FirstSignInError(String);

impl FirstSignIn {
    pub fn parse(input: &str) -> Result<Self, FirstSignInError> {
        match input {
            "create" => Ok(Self::Create),
            "refuse" => Ok(Self::Refuse),
            _ => Err(FirstSignInError(input.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Refuse => "refuse",
        }
    }
}

/// The identity provider's settings in use, without the client secret: for the administrators'
/// page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityProviderSummary {
    /// The name on the sign-in button.
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    /// The ID token claim that carries the e-mail address.
    pub email_claim: String,
    /// The ID token claim that carries the groups or roles.
    pub role_claim: String,
    pub roles: RoleMapping,
    pub first_sign_in: FirstSignIn,
    /// Whether people may still sign in with a password.
    pub passwords: bool,
}

impl IdentityProviderSummary {
    /// Whether people may sign in with a password where `provider` is configured: always
    /// without one, and with one unless it switches passwords off.
    pub fn passwords_allowed(provider: Option<&Self>) -> bool {
        provider.is_none_or(|provider| provider.passwords)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sign_ins_are_created_or_refused_and_nothing_else() {
        assert_eq!(FirstSignIn::parse("create"), Ok(FirstSignIn::Create));
        assert_eq!(FirstSignIn::parse("refuse"), Ok(FirstSignIn::Refuse));
        for bad in ["", "Create", "yes", "skapa"] {
            assert!(FirstSignIn::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(FirstSignIn::Refuse.as_str(), "refuse");
    }

    #[test]
    fn passwords_are_allowed_unless_a_provider_switches_them_off() {
        let provider = |passwords| IdentityProviderSummary {
            name: "Myndighetens konto".to_owned(),
            issuer: "https://login.example.se".to_owned(),
            client_id: "effekt".to_owned(),
            email_claim: "email".to_owned(),
            role_claim: "groups".to_owned(),
            roles: RoleMapping::parse("effekt-admins=admin").unwrap(),
            first_sign_in: FirstSignIn::Refuse,
            passwords,
        };
        assert!(IdentityProviderSummary::passwords_allowed(None));
        assert!(IdentityProviderSummary::passwords_allowed(Some(&provider(
            true
        ))));
        assert!(!IdentityProviderSummary::passwords_allowed(Some(
            &provider(false)
        )));
    }
}
