//! Saving a report and moving it through its workflow: `PUT /api/v1/organisations/{orgnr}/
//! reports/{period}` and its `submit`, `approve` and `reopen`, and the page `/rapport`.

use std::collections::BTreeMap;

use super::Refused;
use crate::store::{Actor, Store, StoreError};
use crate::{
    Catalogue, Entry, FieldError, OrgNumber, Period, ReopenReason, Report, ReportChanges,
    ReportUpdate, Step,
};

/// A save of a report's figures, lessons and explanations; figures left out stay as they are.
#[derive(Debug)]
pub struct SaveReport {
    pub organisation: OrgNumber,
    pub period: Period,
    pub figures: Figures,
    /// Submit the report in the same transaction: what the analyst saw is what is submitted.
    pub and_submit: bool,
}

/// A report's figures as the request gave them.
#[derive(Debug)]
pub enum Figures {
    /// The JSON API's body, read as `ReportChanges` reads it (the `report_json` fuzz target
    /// reads bodies through the same function).
    Json(ReportChanges),
    /// A form's fields: each figure as typed (an empty field clears it), the lessons and the
    /// explanations of flagged figures by series (an empty text removes one).
    Typed {
        values: BTreeMap<String, String>,
        lessons: String,
        explanations: BTreeMap<String, String>,
    },
}

impl Figures {
    /// Every figure checked against the catalogue: the update, or every problem.
    fn parse(self, catalogue: &Catalogue) -> Result<ReportUpdate, Vec<FieldError>> {
        match self {
            Figures::Json(changes) => changes.into_update(catalogue),
            Figures::Typed {
                values,
                lessons,
                explanations,
            } => ReportUpdate::parse_explained(
                catalogue,
                values
                    .into_iter()
                    .map(|(key, text)| (key, Entry::Text(text))),
                Some(lessons),
                explanations,
            ),
        }
    }
}

/// Checks every figure against the catalogue and saves what changed (a submitted report that
/// changes goes back to draft, `ReportStatus`); returns the report as stored. A quarter that
/// has not begun is a bad field like any other.
#[tracing::instrument(
    skip_all,
    fields(organisation = %command.organisation, period = %command.period)
)]
pub async fn save_report(
    store: &Store,
    catalogue: &Catalogue,
    actor: &Actor,
    command: SaveReport,
) -> Result<Report, Refused> {
    let update = command.figures.parse(catalogue).map_err(Refused::Invalid)?;
    let (organisation, period) = (command.organisation, command.period);
    let stored = if command.and_submit {
        store
            .save_and_submit(organisation, period, &update, actor)
            .await
    } else {
        store
            .save_report(organisation, period, &update, actor)
            .await
    };
    stored.map_err(not_begun_is_a_bad_field)
}

/// Submits, approves or reopens the report; a reopening may say why (`reason`), which the
/// organisation's analysts then read. Returns the report as stored.
#[tracing::instrument(skip(store, actor, reason))]
pub async fn take_step(
    store: &Store,
    actor: &Actor,
    organisation: OrgNumber,
    period: Period,
    step: Step,
    reason: Option<String>,
) -> Result<Report, Refused> {
    let stored = if step == Step::Reopen {
        let reason = reason
            .map(|text| ReopenReason::parse(&text))
            .transpose()
            .map_err(|error| Refused::Invalid(vec![FieldError::from(error)]))?;
        store
            .reopen(organisation, period, reason.as_ref(), actor)
            .await
    } else {
        store.take_step(organisation, period, step, actor).await
    };
    stored.map_err(not_begun_is_a_bad_field)
}

fn not_begun_is_a_bad_field(error: StoreError) -> Refused {
    match error {
        StoreError::NotBegun(not_begun) => Refused::Invalid(vec![not_begun.into()]),
        other => Refused::Store(other),
    }
}
