//! Who runs this Effekt and how to reach them: named in the accessibility statement, which
//! the law on accessible public digital services requires of every operator.

use serde::{Deserialize, Serialize};

use crate::Email;
use crate::page::given;

/// The longest operator name: an organisation's name, not a text.
pub const MAX_OPERATOR_NAME_CHARS: usize = 200;

/// The organisation that runs the service, and where readers report shortcomings: both
/// configured by whoever runs it, never an example address of our own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    name: Option<String>,
    contact: Option<Contact>,
}

/// Where to write: an e-mail address, or a web form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Contact {
    Email(String),
    Web(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperatorError {
    #[error("the operator's name is longer than {MAX_OPERATOR_NAME_CHARS} characters")]
    NameTooLong,
    #[error("the contact must be an e-mail address or an https:// address")]
    Contact,
}

impl Operator {
    /// Reads the name and contact as configured; empty means not given.
    pub fn parse(name: Option<&str>, contact: Option<&str>) -> Result<Self, OperatorError> {
        let name = given(name).map(str::to_owned);
        if name
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_OPERATOR_NAME_CHARS)
        {
            return Err(OperatorError::NameTooLong);
        }
        let contact = given(contact)
            .map(|text| {
                if text.starts_with("https://") && text.len() > "https://".len() {
                    Ok(Contact::Web(text.to_owned()))
                } else {
                    Email::parse(text)
                        .map(|email| Contact::Email(email.to_string()))
                        .map_err(|_| OperatorError::Contact)
                }
            })
            .transpose()?;
        Ok(Self { name, contact })
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn contact(&self) -> Option<&Contact> {
        self.contact.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_an_email_or_https_contact_or_nothing() {
        let operator =
            Operator::parse(Some(" Kammarkollegiet "), Some("webb@kammarkollegiet.se")).unwrap();
        assert_eq!(operator.name(), Some("Kammarkollegiet"));
        assert_eq!(
            operator.contact(),
            Some(&Contact::Email("webb@kammarkollegiet.se".to_owned()))
        );
        let form = Operator::parse(None, Some("https://example.se/kontakt")).unwrap();
        assert_eq!(
            form.contact(),
            Some(&Contact::Web("https://example.se/kontakt".to_owned()))
        );
        assert_eq!(
            Operator::parse(Some(""), Some(" ")),
            Ok(Operator::default())
        );
        for bad in [
            "http://example.se",
            "https://",
            "webb",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                Operator::parse(None, Some(bad)),
                Err(OperatorError::Contact),
                "{bad}"
            );
        }
        let long = "x".repeat(MAX_OPERATOR_NAME_CHARS + 1);
        assert_eq!(
            Operator::parse(Some(&long), None),
            Err(OperatorError::NameTooLong)
        );
    }
}
