//! The body of `PUT /api/v1/organisations/{orgnr}/reports/{period}`, read into a
//! [`ReportUpdate`]. In the core rather than the server so that the `report_json` fuzz target
//! and the corpus replay read a body exactly as the server does.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{Catalogue, Entry, FieldError, ReportUpdate};

/// Series keys left out stay as they are; `null` clears a figure.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportChanges {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Option<f64>>))]
    values: Map<String, Value>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    lessons: Option<String>,
    /// Explanations of flagged figures by series; an empty text removes one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::Explanations, inline))]
    explanations: BTreeMap<String, String>,
}

impl ReportChanges {
    /// Checks every figure, the lessons and the explanations against the catalogue: the
    /// update, or every problem.
    pub fn into_update(self, catalogue: &Catalogue) -> Result<ReportUpdate, Vec<FieldError>> {
        let entries = self.values.into_iter().map(|(key, value)| {
            let entry = match value {
                Value::Null => Entry::Clear,
                // Not a finite f64 (or not a number at all) is refused by the check as not a
                // number.
                Value::Number(n) => Entry::Number(n.as_f64().unwrap_or(f64::NAN)),
                _ => Entry::Number(f64::NAN),
            };
            (key, entry)
        });
        ReportUpdate::parse_explained(catalogue, entries, self.lessons, self.explanations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValueProblem;

    fn update(body: &str) -> Result<Vec<(String, Option<f64>)>, Vec<FieldError>> {
        let catalogue = Catalogue::shipped();
        let changes: ReportChanges = serde_json::from_str(body).unwrap();
        let update = changes.into_update(&catalogue)?;
        Ok(update
            .values()
            .iter()
            .map(|(key, value)| (key.as_str().to_owned(), *value))
            .collect())
    }

    #[test]
    fn numbers_are_figures_and_null_clears() {
        assert_eq!(
            update(r#"{"values": {"ideas_delivered": 12, "tv_series": null}}"#),
            Ok(vec![
                ("ideas_delivered".to_owned(), Some(12.0)),
                ("tv_series".to_owned(), None),
            ])
        );
        assert_eq!(update("{}"), Ok(vec![]));
    }

    #[test]
    fn text_and_other_values_are_not_numbers() {
        let errors =
            update(r#"{"values": {"ideas_delivered": "12", "tv_series": [1]}}"#).unwrap_err();
        let problems: Vec<(&str, &ValueProblem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), &e.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("ideas_delivered", &ValueProblem::NotANumber),
                ("tv_series", &ValueProblem::NotANumber),
            ]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let body = r#"{"values": {}, "comment": "x"}"#;
        assert!(serde_json::from_str::<ReportChanges>(body).is_err());
    }
}
