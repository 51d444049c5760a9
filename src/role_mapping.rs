//! Which Effekt role and organisation a person gets from the groups or roles their identity
//! provider says they have (`EFFEKT_OIDC_ROLES`, issue #20).
//!
//! Written as `group=role` or `group=analyst:organisation number`, entries separated by `;`:
//! `effekt-admins=admin;effekt-ledning=viewer;effekt-analys-5448=analyst:202100-5448`. The first
//! entry whose group the person has decides, so the strongest is listed first.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{OrgNumber, Role};

/// One entry: members of `group` get `role`, and analysts `organisation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    group: String,
    role: Role,
    organisation: Option<OrgNumber>,
}

impl RoleGrant {
    pub fn group(&self) -> &str {
        &self.group
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn organisation(&self) -> Option<OrgNumber> {
        self.organisation
    }
}

/// A parsed mapping: at least one entry, each group named once, every analyst with an
/// organisation and nobody else with one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RoleMapping(Vec<RoleGrant>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleMappingError {
    #[error("the mapping is empty: write at least one group=role")]
    Empty,
    #[error("{0:?} is not group=role or group=analyst:organisation number")]
    Malformed(String),
    #[error("{entry:?}: {problem}")]
    Role { entry: String, problem: String },
    #[error("{entry:?}: an analyst needs an organisation number (analyst:202100-5448)")]
    AnalystWithoutOrganisation { entry: String },
    #[error("{entry:?}: only an analyst belongs to an organisation")]
    OrganisationWithoutAnalyst { entry: String },
    #[error("the group {0:?} is named twice")]
    Duplicate(String),
}

impl RoleMapping {
    pub fn parse(input: &str) -> Result<Self, RoleMappingError> {
        let mut grants: Vec<RoleGrant> = Vec::new();
        for entry in input.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let grant = parse_entry(entry)?;
            if grants.iter().any(|g| g.group == grant.group) {
                return Err(RoleMappingError::Duplicate(grant.group));
            }
            grants.push(grant);
        }
        if grants.is_empty() {
            return Err(RoleMappingError::Empty);
        }
        Ok(Self(grants))
    }

    /// The first entry whose group is among `groups`; none when no group is mapped.
    pub fn grant_for<'a>(
        &self,
        groups: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Option<&RoleGrant> {
        self.0
            .iter()
            .find(|grant| groups.clone().into_iter().any(|g| g == grant.group))
    }

    pub fn grants(&self) -> &[RoleGrant] {
        &self.0
    }
}

impl TryFrom<String> for RoleMapping {
    type Error = RoleMappingError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<RoleMapping> for String {
    fn from(mapping: RoleMapping) -> Self {
        mapping.to_string()
    }
}

fn parse_entry(entry: &str) -> Result<RoleGrant, RoleMappingError> {
    let malformed = || RoleMappingError::Malformed(entry.to_owned());
    let (group, assigned) = entry.split_once('=').ok_or_else(malformed)?;
    let (group, assigned) = (group.trim(), assigned.trim());
    if group.is_empty() || assigned.is_empty() {
        return Err(malformed());
    }
    let (role, organisation) = match assigned.split_once(':') {
        Some((role, organisation)) => (role.trim(), Some(organisation.trim())),
        None => (assigned, None),
    };
    let role = Role::parse(role).map_err(|error| RoleMappingError::Role {
        entry: entry.to_owned(),
        problem: error.to_string(),
    })?;
    let organisation = organisation
        .map(OrgNumber::parse)
        .transpose()
        .map_err(|error| RoleMappingError::Role {
            entry: entry.to_owned(),
            problem: error.to_string(),
        })?;
    match (role, organisation) {
        (Role::Analyst, None) => Err(RoleMappingError::AnalystWithoutOrganisation {
            entry: entry.to_owned(),
        }),
        (Role::Admin | Role::Viewer, Some(_)) => {
            Err(RoleMappingError::OrganisationWithoutAnalyst {
                entry: entry.to_owned(),
            })
        }
        _ => Ok(RoleGrant {
            group: group.to_owned(),
            role,
            organisation,
        }),
    }
}

/// Written back in the form it is read in.
impl fmt::Display for RoleMapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, grant) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(";")?;
            }
            write!(f, "{}={}", grant.group, grant.role.as_str())?;
            if let Some(organisation) = grant.organisation {
                write!(f, ":{organisation}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUE_EXAMPLE: &str =
        "effekt-admins=admin;effekt-ledning=viewer;effekt-analys-2021005448=analyst:2021005448";

    #[test]
    fn the_issues_example_maps_three_groups_in_order() {
        let mapping = RoleMapping::parse(ISSUE_EXAMPLE).unwrap();
        let grants = mapping.grants();
        assert_eq!(grants.len(), 3);
        assert_eq!(
            (
                grants[0].group(),
                grants[0].role(),
                grants[0].organisation()
            ),
            ("effekt-admins", Role::Admin, None)
        );
        assert_eq!(
            (
                grants[1].group(),
                grants[1].role(),
                grants[1].organisation()
            ),
            ("effekt-ledning", Role::Viewer, None)
        );
        assert_eq!(grants[2].group(), "effekt-analys-2021005448");
        assert_eq!(grants[2].role(), Role::Analyst);
        assert_eq!(
            grants[2].organisation(),
            Some(OrgNumber::parse("202100-5448").unwrap())
        );
        assert_eq!(
            mapping.to_string(),
            "effekt-admins=admin;effekt-ledning=viewer;effekt-analys-2021005448=analyst:202100-5448"
        );
    }

    #[test]
    fn spaces_and_a_trailing_separator_are_forgiven() {
        let mapping = RoleMapping::parse(" a = admin ; b=analyst: 202100-5448 ;").unwrap();
        assert_eq!(mapping.to_string(), "a=admin;b=analyst:202100-5448");
    }

    #[test]
    fn the_first_matching_entry_decides_and_unmapped_groups_get_nothing() {
        let mapping = RoleMapping::parse(ISSUE_EXAMPLE).unwrap();
        let both = mapping
            .grant_for(["effekt-analys-2021005448", "effekt-admins"])
            .unwrap();
        assert_eq!(both.role(), Role::Admin);
        let analyst = mapping
            .grant_for(["alla", "effekt-analys-2021005448"])
            .unwrap();
        assert_eq!(analyst.role(), Role::Analyst);
        assert_eq!(mapping.grant_for(["alla", "Effekt-Admins"]), None);
        assert_eq!(mapping.grant_for([]), None);
    }

    #[test]
    fn bad_mappings_are_refused_with_the_entry_named() {
        assert_eq!(RoleMapping::parse(""), Err(RoleMappingError::Empty));
        assert_eq!(RoleMapping::parse(" ; ;"), Err(RoleMappingError::Empty));
        for malformed in ["admins", "=admin", "admins=", "admins=:"] {
            assert!(
                matches!(
                    RoleMapping::parse(malformed),
                    Err(RoleMappingError::Malformed(_) | RoleMappingError::Role { .. })
                ),
                "{malformed}"
            );
        }
        assert!(matches!(
            RoleMapping::parse("a=boss"),
            Err(RoleMappingError::Role { .. })
        ));
        assert!(matches!(
            RoleMapping::parse("a=analyst:12"),
            Err(RoleMappingError::Role { .. })
        ));
        assert_eq!(
            RoleMapping::parse("a=analyst"),
            Err(RoleMappingError::AnalystWithoutOrganisation {
                entry: "a=analyst".into()
            })
        );
        assert_eq!(
            RoleMapping::parse("a=admin:202100-5448"),
            Err(RoleMappingError::OrganisationWithoutAnalyst {
                entry: "a=admin:202100-5448".into()
            })
        );
        assert_eq!(
            RoleMapping::parse("a=admin;a=viewer"),
            Err(RoleMappingError::Duplicate("a".into()))
        );
    }
}
