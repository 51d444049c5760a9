//! Identifiers of series, as used in the API, CSV files and the database.

use std::fmt;

use serde::{Deserialize, Serialize};

const MAX_LEN: usize = 64;

/// A well-formed series key such as `customer_satisfaction`: lower-case ASCII letters, digits and
/// underscores, starting with a letter. Whether the catalogue knows it is a separate question.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SeriesKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a series key: use lower-case letters, digits and _, starting with a letter")]
pub struct SeriesKeyError(String);

impl SeriesKey {
    pub fn parse(input: &str) -> Result<Self, SeriesKeyError> {
        let well_formed = input.len() <= MAX_LEN
            && input.starts_with(|c: char| c.is_ascii_lowercase())
            && input
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if well_formed {
            Ok(Self(input.to_owned()))
        } else {
            Err(SeriesKeyError(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SeriesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for SeriesKey {
    type Error = SeriesKeyError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<SeriesKey> for String {
    fn from(key: SeriesKey) -> Self {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_snake_case_keys() {
        for good in ["vision_alignment", "ten_x_current", "a", "x1"] {
            assert_eq!(SeriesKey::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "",
            "Vision",
            "1abc",
            "_a",
            "a-b",
            "a b",
            "å",
            "a;drop table",
            &"a".repeat(65),
        ] {
            assert!(SeriesKey::parse(bad).is_err(), "{bad}");
        }
    }
}
