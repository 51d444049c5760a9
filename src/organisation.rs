//! Organisations that report: who they are and what kind.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::OrgNumber;

/// The longest organisation name we store; Sweden's longest official names are well under this.
pub const MAX_ORG_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    StateAgency,
    Region,
    Municipality,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0:?} is not a kind of organisation: use state_agency, region, municipality or other")]
pub struct OrgKindError(String);

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::StateAgency,
        OrgKind::Region,
        OrgKind::Municipality,
        OrgKind::Other,
    ];

    pub fn parse(input: &str) -> Result<Self, OrgKindError> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == input)
            .ok_or_else(|| OrgKindError(input.to_owned()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::StateAgency => "state_agency",
            OrgKind::Region => "region",
            OrgKind::Municipality => "municipality",
            OrgKind::Other => "other",
        }
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An organisation's name: trimmed, not empty, of sensible length.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgName(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum OrgNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_ORG_NAME_CHARS} characters")]
    TooLong,
    #[error("the name contains control characters")]
    ControlCharacters,
}

impl OrgName {
    pub fn parse(input: &str) -> Result<Self, OrgNameError> {
        let name = input.trim();
        if name.is_empty() {
            Err(OrgNameError::Empty)
        } else if name.chars().count() > MAX_ORG_NAME_CHARS {
            Err(OrgNameError::TooLong)
        } else if name.chars().any(char::is_control) {
            Err(OrgNameError::ControlCharacters)
        } else {
            Ok(Self(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgName {
    type Error = OrgNameError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrgName> for String {
    fn from(name: OrgName) -> Self {
        name.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub organisation_number: OrgNumber,
    pub name: OrgName,
    pub kind: OrgKind,
}

/// What an administrator changes about an organisation: only the fields given. Its number is
/// its identity and never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationChange {
    pub name: Option<OrgName>,
    pub kind: Option<OrgKind>,
    /// Whether its approved figures are published as open data.
    pub open_data: Option<bool>,
}

/// An organisation as administrators see it: with whether it publishes open data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdministeredOrganisation {
    pub organisation: Organisation,
    pub open_data: bool,
}

impl AdministeredOrganisation {
    /// `self` with `change` made.
    pub fn changed(&self, change: &OrganisationChange) -> Self {
        let organisation = &self.organisation;
        Self {
            organisation: Organisation {
                organisation_number: organisation.organisation_number,
                name: change
                    .name
                    .clone()
                    .unwrap_or_else(|| organisation.name.clone()),
                kind: change.kind.unwrap_or(organisation.kind),
            },
            open_data: change.open_data.unwrap_or(self.open_data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()), Ok(kind));
        }
        assert!(OrgKind::parse("State_Agency").is_err());
        assert!(OrgKind::parse("").is_err());
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(
            OrgName::parse("  Skatteverket ").unwrap().as_str(),
            "Skatteverket"
        );
        assert_eq!(OrgName::parse("   "), Err(OrgNameError::Empty));
        assert_eq!(OrgName::parse(&"å".repeat(201)), Err(OrgNameError::TooLong));
        assert!(OrgName::parse(&"å".repeat(200)).is_ok());
        assert_eq!(
            OrgName::parse("a\u{0}b"),
            Err(OrgNameError::ControlCharacters)
        );
    }

    #[test]
    fn a_change_touches_only_the_fields_it_gives() {
        let before = AdministeredOrganisation {
            organisation: Organisation {
                organisation_number: OrgNumber::parse("212000-0142").unwrap(),
                name: OrgName::parse("Stockholms stad").unwrap(),
                kind: OrgKind::Municipality,
            },
            open_data: false,
        };
        assert_eq!(before.changed(&OrganisationChange::default()), before);
        let opted_in = before.changed(&OrganisationChange {
            open_data: Some(true),
            ..OrganisationChange::default()
        });
        assert!(opted_in.open_data);
        assert_eq!(opted_in.organisation, before.organisation);
        let renamed = opted_in.changed(&OrganisationChange {
            name: Some(OrgName::parse("Stockholm").unwrap()),
            kind: Some(OrgKind::Other),
            open_data: None,
        });
        assert_eq!(renamed.organisation.name.as_str(), "Stockholm");
        assert_eq!(renamed.organisation.kind, OrgKind::Other);
        assert_eq!(
            renamed.organisation.organisation_number.to_string(),
            "212000-0142"
        );
        assert!(renamed.open_data, "kept from before");
    }
}
