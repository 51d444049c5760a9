//! Series a reader names in a query (the summary, the exports): which the catalogue gives, and
//! which of them can be normalised.

use serde::{Deserialize, Serialize};

use crate::Catalogue;

/// Why series named in a query cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SeriesChoiceError {
    /// Neither an entered nor a derived series of the catalogue.
    #[error("{0:?} is not a series")]
    Unknown(String),
    /// Asked for per 1,000 employees or inhabitants, while only counts and amounts of money
    /// grow with an organisation's size: shares, scores and indices do not.
    #[error("{0:?} is not a count or an amount of money, so it cannot be normalised")]
    NotNormalisable(String),
    /// More names than the catalogue has series, which cannot all be series: one problem, not
    /// one per name.
    #[error("at most {most} series can be asked for, not {asked}")]
    TooMany { most: usize, asked: usize },
}

impl Catalogue {
    /// Whether series `name` can be given, `normalised` or as reported.
    pub fn choose_series(&self, name: &str, normalised: bool) -> Result<(), SeriesChoiceError> {
        if self.find_series(name).is_none() && self.find_derived(name).is_none() {
            Err(SeriesChoiceError::Unknown(name.to_owned()))
        } else if normalised && !self.normalisable(name) {
            Err(SeriesChoiceError::NotNormalisable(name.to_owned()))
        } else {
            Ok(())
        }
    }

    /// Whether series `name` is entered as a count or an amount of money, the figures that
    /// grow with an organisation's size and can be given per 1,000 employees or inhabitants.
    pub fn normalisable(&self, name: &str) -> bool {
        self.find_series(name)
            .is_some_and(|series| series.unit.normalisable())
    }

    /// How many series a query can name at most: every entered and derived one.
    pub fn choosable_series(&self) -> usize {
        self.series().count() + self.derived().count()
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::SeriesChoiceError;
    use crate::Catalogue;

    #[test]
    fn entered_and_derived_series_are_chosen_and_only_counts_and_money_normalised() {
        let catalogue = Catalogue::shipped();
        assert_eq!(catalogue.choose_series("ideas_delivered", false), Ok(()));
        assert_eq!(catalogue.choose_series("ideas_delivered", true), Ok(()));
        assert_eq!(catalogue.choose_series("external_share", false), Ok(()));
        assert_eq!(
            catalogue.choose_series("external_share", true),
            Err(SeriesChoiceError::NotNormalisable(
                "external_share".to_owned()
            ))
        );
        assert_eq!(
            catalogue.choose_series("digital_maturity", true),
            Err(SeriesChoiceError::NotNormalisable(
                "digital_maturity".to_owned()
            ))
        );
        assert_eq!(
            catalogue.choose_series("no_such", false),
            Err(SeriesChoiceError::Unknown("no_such".to_owned()))
        );
        // The API's words (a detail's message), as they were before this type said them.
        assert_eq!(
            SeriesChoiceError::Unknown("x".to_owned()).to_string(),
            "\"x\" is not a series"
        );
        assert_eq!(
            SeriesChoiceError::NotNormalisable("x".to_owned()).to_string(),
            "\"x\" is not a count or an amount of money, so it cannot be normalised"
        );
        assert_eq!(
            SeriesChoiceError::TooMany {
                most: 40,
                asked: 41
            }
            .to_string(),
            "at most 40 series can be asked for, not 41"
        );
        assert!(catalogue.normalisable("ideas_delivered"));
        assert!(!catalogue.normalisable("external_share"));
    }
}
