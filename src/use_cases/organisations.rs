//! Adding an organisation and changing one: `POST` and `PUT /api/v1/organisations` and the
//! administrators' page `/admin/organisationer`.

use super::{Refused, invalid};
use crate::store::{Actor, Store};
use crate::{
    Action, AdministeredOrganisation, FieldError, Given, OrgKind, OrgName, OrgNumber, Organisation,
    OrganisationChange,
};

/// A new organisation as typed.
#[derive(Debug, Clone)]
pub struct AddOrganisation {
    pub organisation_number: String,
    pub name: String,
    pub kind: String,
}

/// What to change about an organisation: only the fields given.
#[derive(Debug, Clone, Default)]
pub struct ChangeOrganisation {
    pub name: Option<Given<String>>,
    pub kind: Option<Given<String>>,
    pub open_data: Option<Given<bool>>,
}

/// Adds the organisation; only administrators may, and whoever may not learns nothing of what
/// was wrong with the fields.
#[tracing::instrument(skip_all)]
pub async fn add_organisation(
    store: &Store,
    actor: &Actor,
    command: AddOrganisation,
) -> Result<Organisation, Refused> {
    actor.require(Action::ManageOrganisations)?;
    let organisation = command.parse()?;
    store.create_organisation(&organisation, actor).await?;
    Ok(organisation)
}

/// Makes the change to organisation `number` and returns it as it now is; only administrators
/// may, checked before the fields are read.
#[tracing::instrument(skip(store, actor, command))]
pub async fn change_organisation(
    store: &Store,
    actor: &Actor,
    number: OrgNumber,
    command: ChangeOrganisation,
) -> Result<AdministeredOrganisation, Refused> {
    actor.require(Action::ManageOrganisations)?;
    let change = command.parse()?;
    Ok(store.change_organisation(number, &change, actor).await?)
}

impl AddOrganisation {
    /// Checks every field and reports every problem at once.
    fn parse(&self) -> Result<Organisation, Refused> {
        let number = OrgNumber::parse(self.organisation_number.trim())
            .map_err(|e| FieldError::new("organisation_number", e));
        let name = OrgName::parse(&self.name).map_err(|e| FieldError::new("name", e));
        let kind = OrgKind::parse(&self.kind).map_err(|e| FieldError::new("kind", e));
        match (number, name, kind) {
            (Ok(organisation_number), Ok(name), Ok(kind)) => Ok(Organisation {
                organisation_number,
                name,
                kind,
            }),
            (number, name, kind) => Err(invalid([number.err(), name.err(), kind.err()])),
        }
    }
}

impl ChangeOrganisation {
    /// Checks every given field and reports every problem at once.
    fn parse(self) -> Result<OrganisationChange, Refused> {
        let name = self
            .name
            .map(|given| given.and_then(|text| Ok(OrgName::parse(&text)?)))
            .transpose()
            .map_err(|problem| FieldError::new("name", problem));
        let kind = self
            .kind
            .map(|given| given.and_then(|text| Ok(OrgKind::parse(&text)?)))
            .transpose()
            .map_err(|problem| FieldError::new("kind", problem));
        let open_data = self
            .open_data
            .transpose()
            .map_err(|problem| FieldError::new("open_data", problem));
        match (name, kind, open_data) {
            (Ok(name), Ok(kind), Ok(open_data)) => Ok(OrganisationChange {
                name,
                kind,
                open_data,
            }),
            (name, kind, open_data) => Err(invalid([name.err(), kind.err(), open_data.err()])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgNameError, ValueProblem};

    #[test]
    fn every_bad_field_of_a_new_organisation_is_named_at_once() {
        let command = AddOrganisation {
            organisation_number: "202100-5449".to_owned(),
            name: "  ".to_owned(),
            kind: "company".to_owned(),
        };
        let Err(Refused::Invalid(problems)) = command.parse() else {
            panic!("three bad fields were accepted");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["organisation_number", "name", "kind"]);
        assert_eq!(
            problems[1].problem,
            ValueProblem::OrgName(OrgNameError::Empty)
        );
        assert!(problems[0].problem.to_string().contains("check digit"));
    }

    #[test]
    fn a_change_names_values_of_the_wrong_type_with_bad_values() {
        let command = ChangeOrganisation {
            name: Some(Err(ValueProblem::NotText)),
            kind: Some(Ok("region".to_owned())),
            open_data: Some(Err(ValueProblem::NotTrueOrFalse)),
        };
        let Err(Refused::Invalid(problems)) = command.parse() else {
            panic!("values of the wrong type were accepted");
        };
        let named: Vec<(&str, String)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem.to_string()))
            .collect();
        assert_eq!(
            named,
            [
                ("name", "must be a string".to_owned()),
                ("open_data", "must be true or false".to_owned())
            ]
        );
        let only_kind = ChangeOrganisation {
            kind: Some(Ok("region".to_owned())),
            ..ChangeOrganisation::default()
        };
        assert_eq!(
            only_kind.parse().unwrap(),
            OrganisationChange {
                kind: Some(OrgKind::Region),
                ..OrganisationChange::default()
            }
        );
    }
}
