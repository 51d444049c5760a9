//! The lessons library: what organisations learned, searchable across all of them.

use serde::{Deserialize, Serialize};

use crate::page::given;
use crate::{
    Catalogue, FieldError, OrgNumber, OrgNumberError, Period, PeriodError, ReportStatus,
    ValueProblem,
};

/// The longest search text: a question, not a document.
pub const MAX_SEARCH_CHARS: usize = 200;

/// One report's lessons as the library shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lesson {
    pub organisation_number: OrgNumber,
    pub organisation_name: String,
    pub period: Period,
    pub status: ReportStatus,
    pub lessons: String,
}

/// Which lessons a reader asks for: words they must contain, a span of quarters, one
/// organisation, one measure (reports with a figure for it). Every part may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonsFilter {
    words: Vec<String>,
    from: Option<Period>,
    to: Option<Period>,
    organisation: Option<OrgNumber>,
    /// The series of the chosen measure.
    series: Vec<String>,
}

/// What is wrong with a requested filter, by the query parameter that gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LessonsFilterError {
    #[error("the search text is longer than {MAX_SEARCH_CHARS} characters")]
    SearchTooLong,
    #[error(transparent)]
    From(PeriodError),
    #[error(transparent)]
    To(PeriodError),
    #[error("the last quarter comes before the first")]
    ToBeforeFrom,
    #[error(transparent)]
    Organisation(OrgNumberError),
    #[error("{0:?} is not a measure")]
    Measure(String),
}

impl LessonsFilterError {
    /// The query parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            Self::SearchTooLong => "q",
            Self::From(_) => "from",
            Self::To(_) | Self::ToBeforeFrom => "to",
            Self::Organisation(_) => "organisation",
            Self::Measure(_) => "measure",
        }
    }
}

/// The filter's problem for the page to tell, named by its field.
impl From<&LessonsFilterError> for FieldError {
    fn from(error: &LessonsFilterError) -> Self {
        let problem = match error {
            LessonsFilterError::SearchTooLong => ValueProblem::SearchTooLong {
                max_chars: MAX_SEARCH_CHARS,
            },
            LessonsFilterError::From(_) | LessonsFilterError::To(_) => ValueProblem::NotAQuarter,
            LessonsFilterError::ToBeforeFrom => ValueProblem::QuarterOrder,
            LessonsFilterError::Organisation(_) => ValueProblem::UnknownOrganisation,
            LessonsFilterError::Measure(_) => ValueProblem::UnknownMeasure,
        };
        FieldError::new(error.field(), problem)
    }
}

impl LessonsFilter {
    /// Reads the filter as a query string gives it; missing or empty parts choose everything.
    /// The search text is split into words (letters and digits); a lesson must contain each.
    pub fn parse(
        catalogue: &Catalogue,
        q: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        organisation: Option<&str>,
        measure: Option<&str>,
    ) -> Result<Self, Vec<LessonsFilterError>> {
        let mut errors = Vec::new();
        let q = given(q).unwrap_or_default();
        if q.chars().count() > MAX_SEARCH_CHARS {
            errors.push(LessonsFilterError::SearchTooLong);
        }
        let words = q
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let from = given(from).and_then(|text| {
            Period::parse(text)
                .map_err(|e| errors.push(LessonsFilterError::From(e)))
                .ok()
        });
        let to = given(to).and_then(|text| {
            Period::parse(text)
                .map_err(|e| errors.push(LessonsFilterError::To(e)))
                .ok()
        });
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            errors.push(LessonsFilterError::ToBeforeFrom);
        }
        let organisation = given(organisation).and_then(|text| {
            OrgNumber::parse(text)
                .map_err(|e| errors.push(LessonsFilterError::Organisation(e)))
                .ok()
        });
        let series = given(measure).map_or_else(Vec::new, |key| {
            match catalogue.measures().iter().find(|m| m.key == key) {
                Some(measure) => measure.series.iter().map(|s| s.key.to_string()).collect(),
                None => {
                    errors.push(LessonsFilterError::Measure(key.to_owned()));
                    Vec::new()
                }
            }
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            words,
            from,
            to,
            organisation,
            series,
        })
    }

    /// The words a lesson must contain, in lower case.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn from(&self) -> Option<Period> {
        self.from
    }

    pub fn to(&self) -> Option<Period> {
        self.to
    }

    pub fn organisation(&self) -> Option<OrgNumber> {
        self.organisation
    }

    /// The chosen measure's series: a report needs a figure in one of them. Empty: any report.
    pub fn series(&self) -> &[String] {
        &self.series
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::shipped()
    }

    fn parse(
        q: &str,
        from: &str,
        to: &str,
        organisation: &str,
        measure: &str,
    ) -> Result<LessonsFilter, Vec<LessonsFilterError>> {
        LessonsFilter::parse(
            &catalogue(),
            Some(q),
            Some(from),
            Some(to),
            Some(organisation),
            Some(measure),
        )
    }

    #[test]
    fn words_periods_organisation_and_measure_are_read() {
        let filter = parse(
            "  Testa TIDIGT, \"användare\" -- AND*  ",
            "2025K1",
            "2025Q4",
            "2021005448",
            "projects",
        )
        .unwrap();
        assert_eq!(filter.words(), ["testa", "tidigt", "användare", "and"]);
        assert_eq!(filter.from(), Some(Period::new(2025, 1).unwrap()));
        assert_eq!(filter.to(), Some(Period::new(2025, 4).unwrap()));
        assert_eq!(filter.organisation().unwrap().to_string(), "202100-5448");
        assert_eq!(filter.series(), ["projects_succeeded", "projects_failed"]);
        assert_eq!(parse("", "", "", "", ""), Ok(LessonsFilter::default()));
    }

    #[test]
    fn every_bad_part_is_named() {
        let errors = parse(&"x".repeat(201), "2025Q5", "2024Q1", "123", "nope").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(LessonsFilterError::field).collect();
        assert_eq!(fields, ["q", "from", "organisation", "measure"]);
        let errors = parse("", "2025Q2", "2025Q1", "", "").unwrap_err();
        assert_eq!(errors, [LessonsFilterError::ToBeforeFrom]);
    }
}
