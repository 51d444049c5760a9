//! Why an administrator reopens a report: told to the organisation's analysts, kept in the
//! audit trail.

use crate::{FieldError, ValueProblem};

/// The longest reason: a sentence or two, not a letter.
pub const MAX_REASON_CHARS: usize = 500;
/// The field a reason is given in, in forms and in the API's error details.
pub const REASON_FIELD: &str = "reason";
/// The audit trail's field for a reason, beside the change of status it explains.
pub const REOPEN_REASON_AUDIT_FIELD: &str = "reopen_reason";

/// A reason with some text in it, at most [`MAX_REASON_CHARS`] characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReopenReason(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReopenReasonError {
    #[error("a reason is required")]
    Missing,
    #[error("the reason may be at most {MAX_REASON_CHARS} characters")]
    TooLong,
}

impl ReopenReason {
    pub fn parse(input: &str) -> Result<Self, ReopenReasonError> {
        let reason = input.trim();
        if reason.is_empty() {
            Err(ReopenReasonError::Missing)
        } else if reason.chars().count() > MAX_REASON_CHARS {
            Err(ReopenReasonError::TooLong)
        } else {
            Ok(Self(reason.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<ReopenReasonError> for FieldError {
    fn from(error: ReopenReasonError) -> Self {
        Self {
            field: REASON_FIELD.to_owned(),
            problem: match error {
                ReopenReasonError::Missing => ValueProblem::Required,
                ReopenReasonError::TooLong => ValueProblem::TooLong {
                    max_chars: MAX_REASON_CHARS,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopen_reasons_are_trimmed_required_and_at_most_500_characters() {
        assert_eq!(
            ReopenReason::parse("  Fel siffra för NKI \n")
                .unwrap()
                .as_str(),
            "Fel siffra för NKI"
        );
        let longest = "å".repeat(MAX_REASON_CHARS);
        assert_eq!(ReopenReason::parse(&longest).unwrap().as_str(), longest);
        for empty in ["", "   ", "\n\t"] {
            assert_eq!(
                ReopenReason::parse(empty),
                Err(ReopenReasonError::Missing),
                "{empty:?}"
            );
        }
        assert_eq!(
            ReopenReason::parse(&"x".repeat(MAX_REASON_CHARS + 1)),
            Err(ReopenReasonError::TooLong)
        );
    }

    #[test]
    fn a_refused_reason_names_the_reason_field() {
        let missing = FieldError::from(ReopenReasonError::Missing);
        assert_eq!(missing.field, "reason");
        assert_eq!(missing.problem, ValueProblem::Required);
        let long = FieldError::from(ReopenReasonError::TooLong);
        assert_eq!(
            long.problem,
            ValueProblem::TooLong {
                max_chars: MAX_REASON_CHARS
            }
        );
    }
}
