//! Display links: read-only links for office screens that have nobody to sign in. A link
//! opens the wall view and nothing else. Named as API tokens are ([`crate::TokenName`]); the
//! secret is made and hashed by the store.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A display link as listed: never its secret. Times as stored, RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisplayLink {
    /// Public and random, not derived from the secret: for listing and revoking.
    pub id: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// The administrator who made it.
    pub created_by: String,
    /// Written at most once a minute.
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required = true))]
    pub last_used_at: Option<String>,
}

/// A link just made: the only time its secret is known outside the screen it is given to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDisplayLink {
    pub link: DisplayLink,
    pub secret: String,
}

impl NewDisplayLink {
    /// The address a screen opens, below the site's own: the secret goes in the query, which
    /// request logs leave out.
    pub fn path(&self) -> String {
        format!("{DISPLAY_OPEN_PATH}?nyckel={}", self.secret)
    }
}

/// Where a screen opens its link.
pub const DISPLAY_OPEN_PATH: &str = "/skarm/visa";

impl fmt::Debug for NewDisplayLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewDisplayLink")
            .field("link", &self.link)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_links_secret_is_in_its_path_and_never_in_its_debug_text() {
        let new = NewDisplayLink {
            link: DisplayLink {
                id: "0123".to_owned(),
                name: "Entrén".to_owned(),
                created_at: "c".to_owned(),
                created_by: "admin@example.se".to_owned(),
                last_used_at: None,
            },
            secret: "effekt_display_secret".to_owned(),
        };
        assert!(!format!("{new:?}").contains("effekt_display_secret"));
        assert_eq!(new.path(), "/skarm/visa?nyckel=effekt_display_secret");
    }
}
