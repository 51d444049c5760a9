//! Which reports the national figures count: never drafts, and, when asked, only approved ones.

use serde::{Deserialize, Serialize};

use crate::ReportStatus;

/// The reports a summary counts. A draft is an analyst's unfinished work and never counts;
/// `Reported` (the default) counts submitted and approved reports, `Approved` only the
/// approved, official ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    #[default]
    Reported,
    Approved,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a basis: reported or approved")]
pub struct BasisError(String);

impl Basis {
    /// Every basis, the default first.
    pub const ALL: [Basis; 2] = [Basis::Reported, Basis::Approved];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::Approved => "approved",
        }
    }

    pub fn parse(input: &str) -> Result<Self, BasisError> {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == input)
            .ok_or_else(|| BasisError(input.to_owned()))
    }

    /// Whether a figure of a report with `status` counts.
    pub fn counts(self, status: ReportStatus) -> bool {
        match self {
            Basis::Reported => status != ReportStatus::Draft,
            Basis::Approved => status == ReportStatus::Approved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_its_two_names_and_nothing_else() {
        assert_eq!(Basis::parse("reported"), Ok(Basis::Reported));
        assert_eq!(Basis::parse("approved"), Ok(Basis::Approved));
        for bad in ["", "draft", "Approved", "all", " reported"] {
            assert!(Basis::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Basis::default(), Basis::Reported);
    }

    #[test]
    fn drafts_never_count_and_approved_always_do() {
        use ReportStatus::*;
        let counted = |basis: Basis| {
            [Draft, Submitted, Approved]
                .into_iter()
                .filter(|s| basis.counts(*s))
                .collect::<Vec<_>>()
        };
        assert_eq!(counted(Basis::Reported), [Submitted, Approved]);
        assert_eq!(counted(Basis::Approved), [Approved]);
    }
}
