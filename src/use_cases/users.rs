//! Adding a user and changing one: `POST` and `PUT /api/v1/users` and the administrators' page
//! `/admin/anvandare`.

use super::{Refused, invalid};
use crate::store::{Actor, Store};
use crate::{Action, Email, FieldError, NewPassword, OrgNumber, PasswordError, Role, User};

/// A user's address, role and organisation as typed.
#[derive(Debug, Clone)]
pub struct UserFields {
    pub email: String,
    pub role: String,
    pub organisation_number: Option<String>,
}

/// A new user as typed: the password is required.
#[derive(Clone)]
pub struct AddUser {
    pub user: UserFields,
    pub password: String,
}

/// A user's new role, organisation and standing; a password given replaces the old one.
/// Deactivating a user or a new password ends their sessions.
#[derive(Clone)]
pub struct ChangeUser {
    pub user: UserFields,
    pub active: bool,
    pub password: Option<String>,
}

/// Never logs a password, not even a rejected one.
impl std::fmt::Debug for AddUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddUser")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ChangeUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeUser")
            .field("user", &self.user)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// Adds the user; only administrators may, and whoever may not learns nothing of what was
/// wrong with the fields.
#[tracing::instrument(skip_all)]
pub async fn add_user(store: &Store, actor: &Actor, command: AddUser) -> Result<User, Refused> {
    actor.require(Action::ManageUsers)?;
    let password = NewPassword::parse(&command.password).map_err(password_problem);
    let (user, password) = command.user.parse(password)?;
    store.create_user(&user, &password, actor).await?;
    Ok(user)
}

/// Changes the user; only administrators may.
#[tracing::instrument(skip_all)]
pub async fn change_user(
    store: &Store,
    actor: &Actor,
    command: ChangeUser,
) -> Result<User, Refused> {
    actor.require(Action::ManageUsers)?;
    let password = command
        .password
        .as_deref()
        .map(NewPassword::parse)
        .transpose()
        .map_err(password_problem);
    let (user, password) = command.user.parse(password)?;
    store
        .update_user(&user, command.active, password.as_ref(), actor)
        .await?;
    Ok(user)
}

fn password_problem(error: PasswordError) -> FieldError {
    FieldError::new("password", error)
}

impl UserFields {
    /// Checks the fields; reports every problem at once, the password's (checked by the
    /// caller, as one use case requires it and the other does not) among them.
    fn parse<P>(&self, password: Result<P, FieldError>) -> Result<(User, P), Refused> {
        let email = Email::parse(&self.email).map_err(|e| FieldError::new("email", e));
        let role = Role::parse(&self.role).map_err(|e| FieldError::new("role", e));
        let organisation = self
            .organisation_number
            .as_deref()
            .map(OrgNumber::parse)
            .transpose()
            .map_err(|e| FieldError::new("organisation_number", e));
        match (email, password, role, organisation) {
            (Ok(email), Ok(password), Ok(role), Ok(organisation)) => {
                User::new(email, role, organisation)
                    .map(|user| (user, password))
                    .map_err(|e| invalid([Some(FieldError::new("organisation_number", e))]))
            }
            (email, password, role, organisation) => Err(invalid([
                email.err(),
                password.err(),
                role.err(),
                organisation.err(),
            ])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{UserError, ValueProblem};

    fn fields(email: &str, role: &str, organisation: Option<&str>) -> UserFields {
        UserFields {
            email: email.to_owned(),
            role: role.to_owned(),
            organisation_number: organisation.map(str::to_owned),
        }
    }

    fn problems<P>(result: Result<(User, P), Refused>) -> Vec<FieldError> {
        match result {
            Err(Refused::Invalid(problems)) => problems,
            _ => panic!("accepted"),
        }
    }

    #[test]
    fn every_bad_field_of_a_user_is_named_at_once() {
        let short = NewPassword::parse("short").map_err(password_problem);
        let found = problems(fields("not an address", "boss", Some("12")).parse(short));
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "role", "organisation_number"]);
        assert_eq!(
            found[1].problem,
            ValueProblem::Password(PasswordError::TooShort)
        );
    }

    #[test]
    fn an_analyst_needs_an_organisation_and_only_analysts_have_one() {
        let found = problems(fields("a@myndighet.se", "analyst", None).parse(Ok(())));
        assert_eq!(
            found,
            [FieldError::new(
                "organisation_number",
                UserError::AnalystWithoutOrganisation
            )]
        );
        let found = problems(fields("a@myndighet.se", "viewer", Some("202100-5448")).parse(Ok(())));
        assert_eq!(
            found[0].problem,
            ValueProblem::User(UserError::OrganisationWithoutAnalyst)
        );
        let (user, ()) = fields("A@Myndighet.se", "analyst", Some("202100-5448"))
            .parse(Ok(()))
            .unwrap();
        assert_eq!(user.email.to_string(), "a@myndighet.se");
    }
}
