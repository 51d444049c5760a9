//! Personal API tokens as their owners see them: a name, how long the token lives, and what a
//! list of them shows. The secret itself is made and hashed by the store.

use std::fmt;

use serde::{Deserialize, Serialize};

const MAX_NAME_CHARS: usize = 100;
/// A token lives this long unless its owner asks otherwise…
pub const DEFAULT_TOKEN_DAYS: i64 = 90;
/// …and never longer than this: a forgotten token ends by itself.
pub const MAX_TOKEN_DAYS: i64 = 365;

/// What a token is called by its owner, to tell tokens apart: trimmed, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("must be 1 to {MAX_NAME_CHARS} characters")]
pub struct TokenNameError;

impl TokenName {
    pub fn parse(input: &str) -> Result<Self, TokenNameError> {
        let name = input.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            Err(TokenNameError)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many days a new token lives: 1 to [`MAX_TOKEN_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("must be a whole number of days from 1 to {MAX_TOKEN_DAYS}")]
pub struct TokenLifetimeError;

impl TokenLifetime {
    pub fn from_days(days: i64) -> Result<Self, TokenLifetimeError> {
        if (1..=MAX_TOKEN_DAYS).contains(&days) {
            Ok(Self(days))
        } else {
            Err(TokenLifetimeError)
        }
    }

    /// Days as typed into a form.
    pub fn parse(input: &str) -> Result<Self, TokenLifetimeError> {
        input
            .trim()
            .parse()
            .map_err(|_| TokenLifetimeError)
            .and_then(Self::from_days)
    }

    pub fn days(self) -> i64 {
        self.0
    }
}

impl Default for TokenLifetime {
    fn default() -> Self {
        Self(DEFAULT_TOKEN_DAYS)
    }
}

/// A token as listed: never its secret. Times as stored, RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// Public and random, not derived from the secret: for listing and revoking.
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// After this the token answers 401.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
    /// Written at most once a minute; null until first used.
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required = true))]
    pub last_used_at: Option<String>,
}

/// A token just made: the only time its secret is known outside its owner's hands.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

impl fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewApiToken")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_trimmed_and_between_1_and_100_characters() {
        assert_eq!(
            TokenName::parse("  nightly import ").unwrap().as_str(),
            "nightly import"
        );
        assert_eq!(
            TokenName::parse(&"å".repeat(100))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            100
        );
        for bad in ["", "   ", &"x".repeat(101)] {
            assert_eq!(TokenName::parse(bad), Err(TokenNameError), "{bad:?}");
        }
    }

    #[test]
    fn token_lifetimes_are_1_to_365_whole_days_and_90_by_default() {
        assert_eq!(TokenLifetime::default().days(), 90);
        assert_eq!(TokenLifetime::from_days(1).unwrap().days(), 1);
        assert_eq!(TokenLifetime::from_days(365).unwrap().days(), 365);
        assert_eq!(TokenLifetime::parse(" 30 ").unwrap().days(), 30);
        for bad in [0, -1, 366, i64::MAX] {
            assert_eq!(
                TokenLifetime::from_days(bad),
                Err(TokenLifetimeError),
                "{bad}"
            );
        }
        for bad in ["", "abc", "1.5", "0", "-5", "366"] {
            assert_eq!(
                TokenLifetime::parse(bad),
                Err(TokenLifetimeError),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_new_tokens_secret_is_never_in_its_debug_text() {
        let new = NewApiToken {
            token: ApiToken {
                id: "0123".to_owned(),
                name: "n".to_owned(),
                created_at: "c".to_owned(),
                expires_at: "e".to_owned(),
                last_used_at: None,
            },
            secret: "effekt_secret".to_owned(),
        };
        assert!(!format!("{new:?}").contains("effekt_secret"));
    }
}
