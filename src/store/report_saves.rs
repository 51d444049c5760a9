//! Saving reports: one planning step that works out from what is stored what a save changes
//! (figures, lessons, explanations, the status and the audit rows), and one writer that stores
//! the plans of many reports in a few statements. A single save is a plan of one; an import
//! plans thousands, read and written in batches, so that on PostgreSQL its cost is the rows it
//! writes and not a round trip per statement per report.

use std::collections::{BTreeMap, HashMap, HashSet};

use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::FieldChange;
use super::database_copy::{BATCH_ROWS, Cell, insert_all, table, tuples, upsert_all};
use super::params::Params;
use super::{StoreError, WriteTx, corrupt};
use crate::{Action, OrgNumber, Period, ReportStatus, ReportUpdate};

/// A report as stored, as far as a save needs it.
#[derive(Debug, Clone, PartialEq)]
struct Stored {
    status: ReportStatus,
    lessons: String,
    /// By series.
    values: BTreeMap<String, f64>,
    /// By series; read only for a save that carries explanations.
    explanations: BTreeMap<String, String>,
}

/// What saving one report changes.
#[derive(Debug, Clone, PartialEq)]
struct SavePlan {
    organisation: OrgNumber,
    period: Period,
    /// Whether the report is new: none of its rows is stored yet.
    created: bool,
    /// Whether a national figure counted the report before the save (after it, it is a
    /// draft): whether the save changes what those figures count.
    counted: bool,
    /// The report's status and lessons as they will be stored, when it is new or changes: it
    /// is then stamped with this write's time and author.
    header: Option<(ReportStatus, String)>,
    /// Whether the lessons text changes.
    lessons_changed: bool,
    /// Figures to store, by series, under `catalogue_version`.
    stored: Vec<(String, f64)>,
    catalogue_version: u32,
    /// Series whose figures are removed.
    removed: Vec<String>,
    /// Explanations to store, by series.
    explained: Vec<(String, String)>,
    /// Series whose explanations are removed.
    unexplained: Vec<String>,
    /// The report's figures after the save, when they change: for its organisation's snapshot.
    figures: Option<BTreeMap<String, f64>>,
    /// The audit rows, in the order they are recorded.
    changes: Vec<FieldChange>,
}

/// Works out what `update` changes in the report of `organisation` for `period`, stored as
/// `current` (none: it is created, as a draft). A submitted report that changes goes back to
/// draft, to be submitted again; an approved one is refused.
fn plan(
    organisation: OrgNumber,
    period: Period,
    current: Option<Stored>,
    update: &ReportUpdate,
) -> Result<SavePlan, StoreError> {
    let created = current.is_none();
    let mut changes = Vec::new();
    let current = match current {
        None => {
            changes.push((
                "status".to_owned(),
                None,
                Some(ReportStatus::Draft.to_string()),
            ));
            Stored {
                status: ReportStatus::Draft,
                lessons: String::new(),
                values: BTreeMap::new(),
                explanations: BTreeMap::new(),
            }
        }
        Some(stored) => stored,
    };
    let edited = current
        .status
        .edited()
        .map_err(|_| StoreError::Locked(organisation, period))?;
    let mut lessons = current.lessons;
    let lessons_changed = update.lessons().is_some_and(|new| new != lessons);
    let mut changed = lessons_changed;
    if let Some(new) = update.lessons()
        && lessons_changed
    {
        let old = (!lessons.is_empty()).then(|| std::mem::take(&mut lessons));
        changes.push(("lessons".to_owned(), old, Some(new.to_owned())));
        lessons = new.to_owned();
    }
    let mut stored = Vec::new();
    let mut removed = Vec::new();
    for (series, value) in update.values() {
        let old = current.values.get(series.as_str()).copied();
        if old == *value {
            continue;
        }
        match value {
            Some(value) => stored.push((series.to_string(), *value)),
            None => removed.push(series.to_string()),
        }
        changes.push((
            series.to_string(),
            old.map(|v| v.to_string()),
            value.map(|v| v.to_string()),
        ));
    }
    let figures = (!stored.is_empty() || !removed.is_empty()).then(|| {
        let mut figures = current.values;
        for series in &removed {
            figures.remove(series);
        }
        figures.extend(stored.iter().cloned());
        figures
    });
    changed |= figures.is_some();
    let mut explained = Vec::new();
    let mut unexplained = Vec::new();
    for (series, explanation) in update.explanations() {
        let before = current.explanations.get(series.as_str());
        let after = explanation.as_ref().map(|e| e.as_str());
        if before.map(String::as_str) == after {
            continue;
        }
        match after {
            Some(text) => explained.push((series.to_string(), text.to_owned())),
            None => unexplained.push(series.to_string()),
        }
        changes.push((
            crate::explanation_field(series.as_str()),
            before.cloned(),
            after.map(str::to_owned),
        ));
        changed = true;
    }
    let header = if created {
        Some((ReportStatus::Draft, lessons))
    } else if changed {
        if edited != current.status {
            changes.push((
                "status".to_owned(),
                Some(current.status.to_string()),
                Some(edited.to_string()),
            ));
        }
        Some((edited, lessons))
    } else {
        None
    };
    Ok(SavePlan {
        organisation,
        period,
        created,
        counted: crate::Basis::Reported.counts(current.status),
        header,
        lessons_changed,
        stored,
        catalogue_version: update.catalogue_version(),
        removed,
        explained,
        unexplained,
        figures,
        changes,
    })
}

/// A report a save refused, and why: the actor may not write for its organisation
/// ([`StoreError::Forbidden`]), the organisation does not exist, the report is approved and
/// locked, or its quarter has not begun.
pub(super) type Refused = (OrgNumber, Period, StoreError);

impl WriteTx {
    /// Applies each update to its report (each report at most once), creating the missing ones
    /// as drafts and recording every change, read and written in batches. When any report is
    /// refused, writes nothing and returns every refusal.
    #[tracing::instrument(skip_all)]
    pub(super) async fn save_reports<'a>(
        &mut self,
        updates: impl IntoIterator<Item = (OrgNumber, Period, &'a ReportUpdate)>,
    ) -> Result<Vec<Refused>, StoreError> {
        let mut refused = Vec::new();
        let mut wanted = Vec::new();
        for (organisation, period, update) in updates {
            let checked = self
                .require(Action::WriteFor(organisation))
                .and_then(|()| Ok(period.begun()?));
            match checked {
                Ok(_) => wanted.push((organisation, period, update)),
                Err(error) => refused.push((organisation, period, error)),
            }
        }
        let reports: Vec<(OrgNumber, Period)> = wanted.iter().map(|(o, p, _)| (*o, *p)).collect();
        let explained: Vec<(OrgNumber, Period)> = wanted
            .iter()
            .filter(|(_, _, update)| !update.explanations().is_empty())
            .map(|(o, p, _)| (*o, *p))
            .collect();
        let mut current = self.stored_reports(&reports, &explained).await?;
        let missing: Vec<OrgNumber> = wanted
            .iter()
            .filter(|(o, p, _)| !current.contains_key(&(*o, *p)))
            .map(|(o, _, _)| *o)
            .collect();
        let known = self.known_organisations(&missing).await?;
        let mut plans = Vec::with_capacity(wanted.len());
        for (organisation, period, update) in wanted {
            let stored = current.remove(&(organisation, period));
            if stored.is_none() && !known.contains(&organisation) {
                refused.push((
                    organisation,
                    period,
                    StoreError::UnknownOrganisation(organisation),
                ));
                continue;
            }
            match plan(organisation, period, stored, update) {
                Ok(plan) => plans.push(plan),
                Err(error) => refused.push((organisation, period, error)),
            }
        }
        if refused.is_empty() {
            self.write_plans(plans).await?;
        }
        Ok(refused)
    }

    /// The stored reports among `reports`, with their figures, and the explanations of those
    /// among `explained`.
    async fn stored_reports(
        &mut self,
        reports: &[(OrgNumber, Period)],
        explained: &[(OrgNumber, Period)],
    ) -> Result<HashMap<(OrgNumber, Period), Stored>, StoreError> {
        let mut stored = HashMap::new();
        for row in self
            .rows_of_reports("reports", "t.status, t.lessons", reports)
            .await?
        {
            let status: String = row.try_get("status")?;
            let report = Stored {
                status: ReportStatus::parse(&status).map_err(corrupt)?,
                lessons: row.try_get("lessons")?,
                values: BTreeMap::new(),
                explanations: BTreeMap::new(),
            };
            stored.insert(report_of(&row)?, report);
        }
        // Approved reports are refused whatever their figures.
        let open: Vec<(OrgNumber, Period)> = reports
            .iter()
            .filter(|key| stored.get(*key).is_some_and(|r| !r.status.is_locked()))
            .copied()
            .collect();
        for row in self
            .rows_of_reports("report_values", "t.series, t.value", &open)
            .await?
        {
            if let Some(report) = stored.get_mut(&report_of(&row)?) {
                report
                    .values
                    .insert(row.try_get("series")?, row.try_get("value")?);
            }
        }
        for row in self
            .rows_of_reports("figure_explanations", "t.series, t.explanation", explained)
            .await?
        {
            if let Some(report) = stored.get_mut(&report_of(&row)?) {
                report
                    .explanations
                    .insert(row.try_get("series")?, row.try_get("explanation")?);
            }
        }
        Ok(stored)
    }

    /// The organisation number, quarter and `columns` (of `t`) of the rows of `table` that
    /// belong to `reports`, in statements of at most [`BATCH_ROWS`] reports. Joined to the
    /// list rather than asked `IN` it: for more than one report SQLite answered `IN (VALUES …)`
    /// by reading the whole table, while it looks each report of a join up by its key.
    async fn rows_of_reports(
        &mut self,
        table: &str,
        columns: &str,
        reports: &[(OrgNumber, Period)],
    ) -> Result<Vec<AnyRow>, StoreError> {
        let sqlite = self.tx.backend_name() == "SQLite";
        let mut rows = Vec::new();
        for batch in reports.chunks(BATCH_ROWS) {
            let sql = format!(
                "SELECT t.organisation_number, t.period, {columns} \
                 FROM (VALUES {}) AS k JOIN {table} t \
                 ON t.organisation_number = k.column1 AND t.period = k.column2",
                tuples(batch.len(), 2, sqlite)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (organisation, period) in batch {
                query = query
                    .bind(organisation.to_string())
                    .bind(period.to_string());
            }
            rows.extend(query.fetch_all(&mut *self.tx).await?);
        }
        Ok(rows)
    }

    /// Those of `organisations` that exist.
    async fn known_organisations(
        &mut self,
        organisations: &[OrgNumber],
    ) -> Result<HashSet<OrgNumber>, StoreError> {
        let sqlite = self.tx.backend_name() == "SQLite";
        let mut asked: Vec<OrgNumber> = organisations.to_vec();
        asked.sort_unstable();
        asked.dedup();
        let mut known = HashSet::new();
        for batch in asked.chunks(BATCH_ROWS) {
            let sql = format!(
                "SELECT organisation_number FROM organisations \
                 WHERE (organisation_number) IN ({})",
                tuples(batch.len(), 1, sqlite)
            );
            let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
            for organisation in batch {
                query = query.bind(organisation.to_string());
            }
            for number in query.fetch_all(&mut *self.tx).await? {
                let number: String = number;
                known.insert(OrgNumber::parse(&number).map_err(corrupt)?);
            }
        }
        Ok(known)
    }

    /// Stores what `plans` change: the reports' headers, figures and explanations, the audit
    /// rows and the snapshots, each kind in a few statements.
    async fn write_plans(&mut self, plans: Vec<SavePlan>) -> Result<(), StoreError> {
        let text = |s: &str| Cell::Text(s.to_owned());
        let optional = |s: Option<String>| s.map_or(Cell::Null, Cell::Text);
        // A new report's rows are inserted; PostgreSQL takes twice as long over an insert that
        // may find its row stored already (`ON CONFLICT`).
        let (mut new_headers, mut headers) = (Vec::new(), Vec::new());
        // Stored reports whose lessons stay: stamped without writing the lessons again, which
        // would make the database index them again for the search (`lessons.rs`).
        let mut stamps = Vec::new();
        let (mut new_values, mut values) = (Vec::new(), Vec::new());
        let mut explanations = Vec::new();
        let mut changes = Vec::new();
        let mut figures = Vec::new();
        for plan in plans {
            let (org, quarter) = (plan.organisation.to_string(), plan.period.to_string());
            let (into_headers, into_values) = if plan.created {
                (&mut new_headers, &mut new_values)
            } else if plan.lessons_changed {
                (&mut headers, &mut values)
            } else {
                (&mut stamps, &mut values)
            };
            if let Some((status, lessons)) = plan.header {
                into_headers.push(vec![
                    text(&org),
                    text(&quarter),
                    text(status.as_str()),
                    Cell::Text(lessons),
                    text(&self.at),
                    text(&self.by),
                    Cell::Null,
                ]);
            }
            for (series, value) in plan.stored {
                into_values.push(vec![
                    text(&org),
                    text(&quarter),
                    Cell::Text(series),
                    Cell::Real(value),
                    Cell::Integer(i64::from(plan.catalogue_version)),
                ]);
            }
            for (series, explanation) in plan.explained {
                explanations.push(vec![
                    text(&org),
                    text(&quarter),
                    Cell::Text(series),
                    Cell::Text(explanation),
                ]);
            }
            // Only a form clears figures or explanations: one report at a time.
            self.delete_series(
                "report_values",
                plan.organisation,
                plan.period,
                &plan.removed,
            )
            .await?;
            self.delete_series(
                "figure_explanations",
                plan.organisation,
                plan.period,
                &plan.unexplained,
            )
            .await?;
            if !plan.changes.is_empty() {
                self.changes_quarter(plan.period);
                if plan.counted {
                    self.changes
                        .note(Some(plan.organisation), Some(plan.period));
                } else {
                    self.changes.note_draft(plan.organisation);
                }
            }
            for (field, old, new) in plan.changes {
                self.seq += 1;
                changes.push(vec![
                    text(&self.id),
                    Cell::Integer(self.seq),
                    text(&self.at),
                    text(&self.by),
                    text(&org),
                    text(&quarter),
                    Cell::Text(field),
                    optional(old),
                    optional(new),
                ]);
            }
            if let Some(quarter_figures) = plan.figures {
                figures.push((plan.organisation, plan.period, quarter_figures));
            }
        }
        insert_all(&mut self.tx, table("reports"), new_headers).await?;
        insert_all(&mut self.tx, table("report_values"), new_values).await?;
        // First submitted stays as it is: the workflow's steps alone set it.
        upsert_all(
            &mut self.tx,
            table("reports"),
            headers,
            "ON CONFLICT (organisation_number, period) DO UPDATE SET \
             status = excluded.status, lessons = excluded.lessons, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .await?;
        upsert_all(
            &mut self.tx,
            table("reports"),
            stamps,
            "ON CONFLICT (organisation_number, period) DO UPDATE SET \
             status = excluded.status, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .await?;
        upsert_all(
            &mut self.tx,
            table("report_values"),
            values,
            "ON CONFLICT (organisation_number, period, series) DO UPDATE SET \
             value = excluded.value, catalogue_version = excluded.catalogue_version",
        )
        .await?;
        upsert_all(
            &mut self.tx,
            table("figure_explanations"),
            explanations,
            "ON CONFLICT (organisation_number, period, series) DO UPDATE SET \
             explanation = excluded.explanation",
        )
        .await?;
        insert_all(&mut self.tx, table("changes"), changes).await?;
        self.load_snapshots(figures.iter().map(|(organisation, _, _)| *organisation))
            .await?;
        for (organisation, period, quarter_figures) in figures {
            self.set_quarter(organisation, period, quarter_figures)
                .await?;
        }
        Ok(())
    }

    /// Removes the rows of `series` of one report from `table` (its figures or explanations).
    async fn delete_series(
        &mut self,
        table: &'static str,
        organisation: OrgNumber,
        period: Period,
        series: &[String],
    ) -> Result<(), StoreError> {
        if series.is_empty() {
            return Ok(());
        }
        let mut params = Params::default();
        let sql = format!(
            "DELETE FROM {table} WHERE organisation_number = {} AND period = {} AND series IN ({})",
            params.text(organisation),
            params.text(period),
            params.texts(series)
        );
        sqlx::query_with(sqlx::AssertSqlSafe(sql), params.arguments()?)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

/// The report a row of `reports`, `report_values` or `figure_explanations` belongs to.
fn report_of(row: &AnyRow) -> Result<(OrgNumber, Period), StoreError> {
    let organisation: String = row.try_get("organisation_number")?;
    let period: String = row.try_get("period")?;
    Ok((
        OrgNumber::parse(&organisation).map_err(corrupt)?,
        Period::parse(&period).map_err(corrupt)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalogue, Entry};

    fn update(entries: &[(&str, Entry)], lessons: Option<&str>) -> ReportUpdate {
        let catalogue = Catalogue::shipped();
        let entries = entries.iter().map(|(s, e)| (s.to_string(), e.clone()));
        ReportUpdate::parse(&catalogue, entries, lessons.map(str::to_owned)).unwrap()
    }

    fn stored(status: ReportStatus, values: &[(&str, f64)]) -> Stored {
        Stored {
            status,
            lessons: "Förra".to_owned(),
            values: values.iter().map(|(s, v)| (s.to_string(), *v)).collect(),
            explanations: BTreeMap::new(),
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn org() -> OrgNumber {
        OrgNumber::parse("212000-2627").unwrap()
    }

    fn q() -> Period {
        Period::parse("2025Q1").unwrap()
    }

    #[test]
    fn a_new_report_is_a_draft_whose_first_change_is_its_status() {
        let planned = plan(
            org(),
            q(),
            None,
            &update(
                &[("customer_satisfaction", Entry::Number(74.5))],
                Some("Ny"),
            ),
        )
        .unwrap();
        assert_eq!(planned.header, Some((ReportStatus::Draft, "Ny".to_owned())));
        assert_eq!(planned.stored, [("customer_satisfaction".to_owned(), 74.5)]);
        assert_eq!(
            planned.changes,
            [
                ("status".to_owned(), None, some("draft")),
                ("lessons".to_owned(), None, some("Ny")),
                ("customer_satisfaction".to_owned(), None, some("74.5")),
            ]
        );
        assert_eq!(
            planned.figures,
            Some(BTreeMap::from([("customer_satisfaction".to_owned(), 74.5)]))
        );
    }

    #[test]
    fn a_changed_submitted_report_returns_to_draft_after_its_figures_are_recorded() {
        let current = stored(
            ReportStatus::Submitted,
            &[("customer_satisfaction", 70.0), ("ideas_delivered", 3.0)],
        );
        let planned = plan(
            org(),
            q(),
            Some(current),
            &update(
                &[
                    ("customer_satisfaction", Entry::Number(71.0)),
                    ("ideas_delivered", Entry::Number(3.0)),
                ],
                None,
            ),
        )
        .unwrap();
        assert_eq!(
            planned.header,
            Some((ReportStatus::Draft, "Förra".to_owned()))
        );
        assert_eq!(planned.stored, [("customer_satisfaction".to_owned(), 71.0)]);
        assert_eq!(
            planned.changes,
            [
                ("customer_satisfaction".to_owned(), some("70"), some("71")),
                ("status".to_owned(), some("submitted"), some("draft")),
            ]
        );
        assert_eq!(
            planned.figures,
            Some(BTreeMap::from([
                ("customer_satisfaction".to_owned(), 71.0),
                ("ideas_delivered".to_owned(), 3.0),
            ]))
        );
    }

    #[test]
    fn an_unchanged_report_is_left_alone_and_an_approved_one_refused() {
        let same = update(&[("ideas_delivered", Entry::Number(3.0))], Some("Förra"));
        let current = stored(ReportStatus::Submitted, &[("ideas_delivered", 3.0)]);
        let planned = plan(org(), q(), Some(current), &same).unwrap();
        assert_eq!(planned.header, None);
        assert!(planned.changes.is_empty() && planned.stored.is_empty());
        assert_eq!(planned.figures, None);

        let approved = stored(ReportStatus::Approved, &[]);
        assert!(matches!(
            plan(org(), q(), Some(approved), &same),
            Err(StoreError::Locked(..))
        ));
    }

    #[test]
    fn a_cleared_figure_is_removed_from_the_report_and_its_quarter() {
        let current = stored(
            ReportStatus::Draft,
            &[("customer_satisfaction", 70.0), ("ideas_delivered", 3.0)],
        );
        let planned = plan(
            org(),
            q(),
            Some(current),
            &update(&[("ideas_delivered", Entry::Clear)], None),
        )
        .unwrap();
        assert_eq!(planned.removed, ["ideas_delivered"]);
        assert_eq!(
            planned.changes,
            [("ideas_delivered".to_owned(), some("3"), None)]
        );
        assert_eq!(
            planned.header,
            Some((ReportStatus::Draft, "Förra".to_owned()))
        );
        assert_eq!(
            planned.figures,
            Some(BTreeMap::from([("customer_satisfaction".to_owned(), 70.0)]))
        );
    }
}
