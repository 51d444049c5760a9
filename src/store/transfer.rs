//! Bulk import from CSV, its preview, and paged export of stored figures.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::csv::{ImportPlan, ImportProblem, LineProblem, PlannedChange};
use crate::{Action, Catalogue, OrgKind, OrgNumber, Period, ReportStatus};

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("the file has {} problem(s)", .0.len())]
    Rejected(Vec<LineProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which stored figures to export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportFilter {
    pub from: Option<Period>,
    pub to: Option<Period>,
    pub organisations: Vec<OrgNumber>,
    pub kind: Option<OrgKind>,
    pub series: Vec<String>,
}

/// One exported figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub organisation_number: OrgNumber,
    pub organisation_name: String,
    pub period: Period,
    pub series: String,
    pub value: f64,
    pub status: ReportStatus,
}

/// Where the next page of an export starts: after this organisation, quarter and series.
pub type ExportCursor = (String, String, String);

impl Store {
    /// What importing `plan` as `actor` would change, or every problem that stops it.
    #[tracing::instrument(skip_all)]
    pub async fn import_preview(
        &self,
        plan: &ImportPlan,
        actor: &Actor,
    ) -> Result<Vec<PlannedChange>, ImportFailure> {
        let mut problems = Vec::new();
        let mut changes = Vec::new();
        let mut reports: BTreeMap<(OrgNumber, Period), Vec<&crate::csv::ImportRow>> =
            BTreeMap::new();
        for row in &plan.rows {
            reports
                .entry((row.organisation, row.period))
                .or_default()
                .push(row);
        }
        for ((organisation, period), rows) in reports {
            let line = rows[0].line;
            let problem = match self.organisation(organisation).await? {
                _ if !actor.may(Action::WriteFor(organisation)) => {
                    Some(ImportProblem::NotYourOrganisation)
                }
                None => Some(ImportProblem::UnknownOrganisation),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                problems.push(LineProblem {
                    line,
                    column: "organisation_number".into(),
                    problem,
                });
                continue;
            }
            let report = self.report(organisation, period).await?;
            if report.as_ref().is_some_and(|r| r.status.is_locked()) {
                problems.push(LineProblem {
                    line,
                    column: "period".into(),
                    problem: ImportProblem::Locked,
                });
                continue;
            }
            for row in rows {
                let old = report
                    .as_ref()
                    .and_then(|r| r.values.get(&row.series).copied());
                if old != Some(row.value) {
                    changes.push(PlannedChange {
                        line: row.line,
                        organisation_number: organisation,
                        period,
                        series: row.series.to_string(),
                        old,
                        new: row.value,
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(changes)
        } else {
            problems.sort_by_key(|p| p.line);
            Err(ImportFailure::Rejected(problems))
        }
    }

    /// Stores `plan` in one transaction, recorded in the audit trail; on any problem, nothing.
    /// Returns how many figures changed: importing the same file again changes none.
    #[tracing::instrument(skip_all)]
    pub async fn import(
        &self,
        plan: &ImportPlan,
        catalogue: &Catalogue,
        actor: &Actor,
    ) -> Result<usize, ImportFailure> {
        let mut tx = self.begin_write(actor).await?;
        let mut problems = Vec::new();
        for (organisation, period, update) in plan.updates(catalogue) {
            let line = plan.first_line(organisation, period);
            let (column, problem) = match tx.update_report(organisation, period, &update).await {
                Ok(()) => continue,
                Err(StoreError::Forbidden { .. }) => {
                    ("organisation_number", ImportProblem::NotYourOrganisation)
                }
                Err(StoreError::UnknownOrganisation(_)) => {
                    ("organisation_number", ImportProblem::UnknownOrganisation)
                }
                Err(StoreError::Locked(..)) => ("period", ImportProblem::Locked),
                Err(other) => return Err(other.into()),
            };
            problems.push(LineProblem {
                line,
                column: column.into(),
                problem,
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(ImportFailure::Rejected(problems));
        }
        let changed = tx.changes_recorded();
        tx.commit().await?;
        Ok(changed)
    }

    /// Up to `limit` figures after `after`, in organisation, quarter, series order.
    #[tracing::instrument(skip(self))]
    pub async fn export_page(
        &self,
        filter: &ExportFilter,
        after: Option<&ExportCursor>,
        limit: i64,
    ) -> Result<Vec<ExportRow>, StoreError> {
        let mut sql = String::from(
            "SELECT v.organisation_number, o.name, v.period, v.series, v.value, r.status \
             FROM report_values v \
             JOIN organisations o ON o.organisation_number = v.organisation_number \
             JOIN reports r ON r.organisation_number = v.organisation_number \
             AND r.period = v.period WHERE 1 = 1",
        );
        let mut binds: Vec<String> = Vec::new();
        let param = |binds: &mut Vec<String>, value: String| {
            binds.push(value);
            format!("${}", binds.len())
        };
        if let Some(from) = filter.from {
            let p = param(&mut binds, from.to_string());
            sql.push_str(&format!(" AND v.period >= {p}"));
        }
        if let Some(to) = filter.to {
            let p = param(&mut binds, to.to_string());
            sql.push_str(&format!(" AND v.period <= {p}"));
        }
        if let Some(kind) = filter.kind {
            let p = param(&mut binds, kind.as_str().to_owned());
            sql.push_str(&format!(" AND o.kind = {p}"));
        }
        for (column, values) in [
            (
                "v.organisation_number",
                filter
                    .organisations
                    .iter()
                    .map(|o| o.to_string())
                    .collect::<Vec<_>>(),
            ),
            ("v.series", filter.series.clone()),
        ] {
            if !values.is_empty() {
                let params: Vec<String> =
                    values.into_iter().map(|v| param(&mut binds, v)).collect();
                sql.push_str(&format!(" AND {column} IN ({})", params.join(", ")));
            }
        }
        if let Some((org, period, series)) = after {
            let (a, b, c) = (
                param(&mut binds, org.clone()),
                param(&mut binds, period.clone()),
                param(&mut binds, series.clone()),
            );
            // A row value, so that both databases walk the primary key from the cursor on;
            // the same condition spelled out with OR made SQLite scan from the start each page.
            sql.push_str(&format!(
                " AND (v.organisation_number, v.period, v.series) > ({a}, {b}, {c})"
            ));
        }
        sql.push_str(&format!(
            " ORDER BY v.organisation_number, v.period, v.series LIMIT ${}",
            binds.len() + 1
        ));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in binds {
            query = query.bind(value);
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let number: String = row.try_get(0)?;
                let period: String = row.try_get(2)?;
                let status: String = row.try_get(5)?;
                Ok(ExportRow {
                    organisation_number: OrgNumber::parse(&number).map_err(corrupt)?,
                    organisation_name: row.try_get(1)?,
                    period: Period::parse(&period).map_err(corrupt)?,
                    series: row.try_get(3)?,
                    value: row.try_get(4)?,
                    status: ReportStatus::parse(&status).map_err(corrupt)?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// How many changes this transaction has recorded so far.
    pub fn changes_recorded(&self) -> usize {
        usize::try_from(self.seq).unwrap_or(0)
    }
}

impl ExportRow {
    /// Where the page after this row starts.
    pub fn cursor(&self) -> ExportCursor {
        (
            self.organisation_number.to_string(),
            self.period.to_string(),
            self.series.clone(),
        )
    }
}

/// An uploaded file waiting for its uploader to confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingImport {
    pub file_name: String,
    /// The file's text; none when it was not UTF-8 text.
    pub content: Option<String>,
}

impl Store {
    /// Keeps an uploaded file for `uploader` to review, and returns its id.
    #[tracing::instrument(skip(self, content))]
    pub async fn save_pending_import(
        &self,
        uploader: &crate::Email,
        file_name: &str,
        content: Option<&str>,
    ) -> Result<String, StoreError> {
        let id = crate::secret::random_hex(16);
        sqlx::query(
            "INSERT INTO pending_imports (id, email, file_name, content, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(uploader.as_str())
        .bind(file_name)
        .bind(content)
        .bind(super::now())
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The pending file `id`, if it is `uploader`'s.
    #[tracing::instrument(skip(self))]
    pub async fn pending_import(
        &self,
        id: &str,
        uploader: &crate::Email,
    ) -> Result<Option<PendingImport>, StoreError> {
        let row = sqlx::query(
            "SELECT file_name, content FROM pending_imports WHERE id = $1 AND email = $2",
        )
        .bind(id)
        .bind(uploader.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(PendingImport {
                file_name: row.try_get("file_name")?,
                content: row.try_get("content")?,
            })
        })
        .transpose()
    }

    #[tracing::instrument(skip(self))]
    pub async fn forget_pending_import(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM pending_imports WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
