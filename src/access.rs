//! Who may do what: users, their roles, and the one rule book every write is checked against.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::OrgNumber;

/// Long enough to resist guessing with slow hashing; short enough to type.
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;
const MAX_EMAIL_CHARS: usize = 254;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages organisations, users and the approval of quarters.
    Admin,
    /// Bound to one organisation: reads everything, writes that organisation's reports and goal.
    Analyst,
    /// Leadership: reads dashboards and reports, writes nothing.
    Viewer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0:?} is not a role: use admin, analyst or viewer")]
pub struct RoleError(String);

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Analyst, Role::Viewer];

    pub fn parse(input: &str) -> Result<Self, RoleError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == input)
            .ok_or_else(|| RoleError(input.to_owned()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An e-mail address as a login name: trimmed and lower-cased, one `@` with text on both sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0:?} is not an e-mail address")]
pub struct EmailError(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let email = input.trim().to_lowercase();
        let well_formed = email.len() <= MAX_EMAIL_CHARS
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.contains('@')
                    && !domain.starts_with('.') && !domain.ends_with('.'));
        if well_formed {
            Ok(Self(email))
        } else {
            Err(EmailError(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

/// A new password that meets the rules. Never printed, never serialised.
#[derive(Clone)]
pub struct NewPassword(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must be at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password must be at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        match input.chars().count() {
            n if n < MIN_PASSWORD_CHARS => Err(PasswordError::TooShort),
            n if n > MAX_PASSWORD_CHARS => Err(PasswordError::TooLong),
            _ => Ok(Self(input.to_owned())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A user as the rest of the system sees them: who, in which role, for which organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub email: Email,
    pub role: Role,
    /// Set for analysts (and only them).
    pub organisation_number: Option<OrgNumber>,
}

/// A user as the administrators see them: including whether they may sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub user: User,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UserError {
    #[error("an analyst needs an organisation")]
    AnalystWithoutOrganisation,
    #[error("only analysts belong to an organisation")]
    OrganisationWithoutAnalyst,
}

/// Everything a user may ask to do, with what it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Enter figures, lessons and the 10x goal, and submit reports.
    WriteFor(OrgNumber),
    /// Approve and reopen reports, and set the quarters' reporting deadlines.
    Approve,
    ManageOrganisations,
    ManageUsers,
    /// Read the whole audit trail, changes to accounts included.
    ReadAudit,
}

/// Whose drafts a user may read, beside the submitted and approved reports everyone reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftsReadable {
    All,
    Of(OrgNumber),
    None,
}

impl DraftsReadable {
    /// Whether this reader may read `organisation`'s drafts.
    pub fn includes(self, organisation: OrgNumber) -> bool {
        match self {
            Self::All => true,
            Self::Of(own) => own == organisation,
            Self::None => false,
        }
    }
}

impl User {
    /// A user whose role and organisation fit together.
    pub fn new(
        email: Email,
        role: Role,
        organisation_number: Option<OrgNumber>,
    ) -> Result<Self, UserError> {
        match (role, organisation_number) {
            (Role::Analyst, None) => Err(UserError::AnalystWithoutOrganisation),
            (Role::Admin | Role::Viewer, Some(_)) => Err(UserError::OrganisationWithoutAnalyst),
            _ => Ok(Self {
                email,
                role,
                organisation_number,
            }),
        }
    }

    /// The rule book. Reading is open to every signed-in user; this decides everything else.
    pub fn may(&self, action: Action) -> bool {
        match (self.role, action) {
            (Role::Admin, _) => true,
            (Role::Analyst, Action::WriteFor(org)) => self.organisation_number == Some(org),
            (Role::Analyst | Role::Viewer, _) => false,
        }
    }

    /// Whose drafts this user may read: a draft is not yet its organisation's word, so only those
    /// who may write it see it.
    pub fn drafts_readable(&self) -> DraftsReadable {
        match (self.role, self.organisation_number) {
            (Role::Admin, _) => DraftsReadable::All,
            (Role::Analyst, Some(org)) => DraftsReadable::Of(org),
            (Role::Analyst, None) | (Role::Viewer, _) => DraftsReadable::None,
        }
    }

    /// Whether there is any organisation this user may write for: what a request that can
    /// only write figures is decided on before its body is read.
    pub fn writes_for_some_organisation(&self) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Analyst => self.organisation_number.is_some(),
            Role::Viewer => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(s: &str) -> OrgNumber {
        OrgNumber::parse(s).unwrap()
    }

    fn user(role: Role, organisation: Option<&str>) -> User {
        User::new(
            Email::parse("a@example.se").unwrap(),
            role,
            organisation.map(org),
        )
        .unwrap()
    }

    #[test]
    fn drafts_are_read_by_those_who_may_write_them() {
        assert_eq!(
            user(Role::Admin, None).drafts_readable(),
            DraftsReadable::All
        );
        assert_eq!(
            user(Role::Analyst, Some("202100-5448")).drafts_readable(),
            DraftsReadable::Of(org("202100-5448"))
        );
        assert_eq!(
            user(Role::Viewer, None).drafts_readable(),
            DraftsReadable::None
        );
    }

    #[test]
    fn the_rule_book_for_every_role() {
        let own = org("202100-5448");
        let other = org("212000-0142");
        let admin = user(Role::Admin, None);
        let analyst = user(Role::Analyst, Some("202100-5448"));
        let viewer = user(Role::Viewer, None);
        let everything = [
            Action::WriteFor(own),
            Action::WriteFor(other),
            Action::Approve,
            Action::ManageOrganisations,
            Action::ManageUsers,
        ];
        assert!(everything.iter().all(|a| admin.may(*a)));
        assert!(everything.iter().all(|a| !viewer.may(*a)));
        let analyst_may: Vec<bool> = everything.iter().map(|a| analyst.may(*a)).collect();
        assert_eq!(analyst_may, [true, false, false, false, false]);
        let writes: Vec<bool> = [admin, analyst, viewer]
            .iter()
            .map(User::writes_for_some_organisation)
            .collect();
        assert_eq!(writes, [true, true, false]);
    }

    #[test]
    fn only_administrators_read_the_whole_audit_trail() {
        let may = |role, organisation| user(role, organisation).may(Action::ReadAudit);
        assert!(may(Role::Admin, None));
        assert!(!may(Role::Analyst, Some("202100-5448")));
        assert!(!may(Role::Viewer, None));
    }

    #[test]
    fn analysts_and_only_analysts_belong_to_an_organisation() {
        let email = Email::parse("a@example.se").unwrap();
        assert_eq!(
            User::new(email.clone(), Role::Analyst, None),
            Err(UserError::AnalystWithoutOrganisation)
        );
        assert_eq!(
            User::new(email, Role::Viewer, Some(org("202100-5448"))),
            Err(UserError::OrganisationWithoutAnalyst)
        );
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Anna.Svensson@Skatteverket.SE ")
                .unwrap()
                .as_str(),
            "anna.svensson@skatteverket.se"
        );
        for bad in [
            "", "anna", "@x.se", "anna@", "anna@se", "a b@x.se", "a@b@c.se", "a@.se", "a@x.se.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_length_and_never_print() {
        assert_eq!(
            NewPassword::parse("kort").err(),
            Some(PasswordError::TooShort)
        );
        assert!(NewPassword::parse(&"x".repeat(257)).is_err());
        let password = NewPassword::parse("korrekt häst batteri").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
        assert_eq!(password.expose(), "korrekt häst batteri");
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("Admin").is_err());
    }
}
