//! Bulk import from CSV, its preview, and paged export of stored figures.

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;

use super::packed::{pack, unpack};
use super::params::Params;
use super::snapshots::Figures;
use super::{Actor, Store, StoreError, WriteTx, corrupt};
use crate::csv::{ImportPlan, ImportProblem, LineProblem, LineProblems, PlannedChange};
use crate::{Action, Catalogue, OrgKind, OrgNumber, Period, ReportStatus};

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("the file has {} problem(s)", .0.iter().len() + .0.more())]
    Rejected(LineProblems),
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
    /// Only what is published as open data: approved figures of organisations that opted in.
    pub published_only: bool,
}

/// One organisation's exported figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedOrganisation {
    pub number: OrgNumber,
    pub name: String,
    /// In quarter, series order.
    pub figures: Vec<ExportedFigure>,
}

/// One exported figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedFigure {
    pub period: Period,
    pub series: String,
    pub value: f64,
    pub status: ReportStatus,
}

/// One page of an export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportPage {
    /// In organisation number order; those without matching figures too.
    pub organisations: Vec<ExportedOrganisation>,
    /// The last organisation of this page, after which the next starts; none on the last page.
    pub next: Option<OrgNumber>,
}

impl Store {
    /// What importing `plan` as `actor` would change, or every problem that stops it.
    #[tracing::instrument(skip_all)]
    pub async fn import_preview(
        &self,
        plan: &ImportPlan,
        actor: &Actor,
    ) -> Result<Vec<PlannedChange>, ImportFailure> {
        let mut problems = LineProblems::new();
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
                problems.push(LineProblem::new(line, "organisation_number", problem));
                continue;
            }
            // The same check as storing makes, to show the problem before confirming.
            if let Err(not_begun) = period.begun() {
                problems.push(LineProblem::new(
                    line,
                    "period",
                    ImportProblem::NotBegun {
                        current: not_begun.current,
                    },
                ));
                continue;
            }
            let report = self.report(organisation, period).await?;
            if report.as_ref().is_some_and(|r| r.status.is_locked()) {
                problems.push(LineProblem::new(line, "period", ImportProblem::Locked));
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
            problems.sort_by_line();
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
        tx.hold_pages(256).await?;
        let mut problems = LineProblems::new();
        let updates = plan.updates(catalogue);
        let refused = tx
            .save_reports(updates.iter().map(|(o, p, update)| (*o, *p, update)))
            .await?;
        for (organisation, period, error) in refused {
            let (column, problem) = match error {
                StoreError::Forbidden { .. } => {
                    ("organisation_number", ImportProblem::NotYourOrganisation)
                }
                StoreError::UnknownOrganisation(_) => {
                    ("organisation_number", ImportProblem::UnknownOrganisation)
                }
                StoreError::Locked(..) => ("period", ImportProblem::Locked),
                StoreError::NotBegun(not_begun) => (
                    "period",
                    ImportProblem::NotBegun {
                        current: not_begun.current,
                    },
                ),
                other => return Err(other.into()),
            };
            // The line is looked up only for a problem: it searches the whole file.
            problems.push(LineProblem::new(
                plan.first_line(organisation, period),
                column,
                problem,
            ));
        }
        if !problems.is_empty() {
            tx.rollback().await?;
            problems.sort_by_line();
            return Err(ImportFailure::Rejected(problems));
        }
        let changed = tx.changes_recorded();
        tx.commit().await?;
        Ok(changed)
    }

    /// The figures of up to `organisations` organisations after `after`, in organisation,
    /// quarter, series order. With a list of organisations, a page holds those of the next
    /// `organisations` listed that exist, and may hold none while more follow.
    #[tracing::instrument(skip(self))]
    pub async fn export_page(
        &self,
        filter: &ExportFilter,
        after: Option<OrgNumber>,
        organisations: i64,
    ) -> Result<ExportPage, StoreError> {
        let mut params = Params::default();
        let mut which = String::new();
        if filter.published_only {
            which.push_str(" AND o.open_data = 1");
        }
        if let Some(kind) = filter.kind {
            which.push_str(&format!(" AND o.kind = {}", params.text(kind.as_str())));
        }
        // A list of organisations is paged through by itself: each page binds only its own
        // numbers. Bound all at once, a long list went over SQLite's limit on parameters.
        let mut listed_next = None;
        if !filter.organisations.is_empty() {
            let listed = in_order(&filter.organisations);
            let start = after.map_or(0, |after| listed.partition_point(|o| *o <= after));
            let rest = &listed[start..];
            let page = &rest[..rest.len().min(usize::try_from(organisations).unwrap_or(0))];
            let Some(last) = page.last() else {
                return Ok(ExportPage::default());
            };
            if page.len() < rest.len() {
                listed_next = Some(*last);
            }
            which.push_str(&format!(
                " AND o.organisation_number IN ({})",
                params.texts(page)
            ));
        } else if let Some(after) = after {
            which.push_str(&format!(
                " AND o.organisation_number > {}",
                params.text(after)
            ));
        }
        let limit = params.integer(organisations);
        // Each organisation's statuses packed by a subquery of their own: grouped in one query
        // instead, both databases sort every report of the page first.
        let sql = format!(
            "SELECT o.organisation_number, o.name, s.figures, \
             (SELECT {} FROM reports r WHERE r.organisation_number = o.organisation_number) \
             FROM organisations o \
             LEFT JOIN figure_snapshots s ON s.organisation_number = o.organisation_number \
             WHERE 1 = 1{which} ORDER BY o.organisation_number LIMIT {limit}",
            pack(&["r.period", "r.status"])
        );
        let found = sqlx::query_with(sqlx::AssertSqlSafe(sql), params.arguments()?)
            .fetch_all(&self.pool)
            .await?;
        let mut page = ExportPage::default();
        for row in &found {
            let number: String = row.try_get(0)?;
            let number = OrgNumber::parse(&number).map_err(corrupt)?;
            let packed: Option<String> = row.try_get(3)?;
            let statuses = unpack(packed.as_deref().unwrap_or_default())
                .map(|report| {
                    let [period, status] = report?;
                    Ok((
                        Period::parse(period).map_err(corrupt)?,
                        ReportStatus::parse(status).map_err(corrupt)?,
                    ))
                })
                .collect::<Result<HashMap<_, _>, StoreError>>()?;
            let snapshot: Option<Vec<u8>> = row.try_get(2)?;
            let mut figures = Vec::new();
            if let Some(snapshot) = &snapshot {
                let snapshot = Figures::read(snapshot)?;
                let wanted: Vec<bool> = snapshot
                    .series()
                    .iter()
                    .map(|name| filter.series.is_empty() || filter.series.iter().any(|s| s == name))
                    .collect();
                for figure in snapshot.iter() {
                    let (period, place, value) = figure?;
                    let in_range = filter.from.is_none_or(|from| period >= from)
                        && filter.to.is_none_or(|to| period <= to);
                    if !(in_range && wanted[place]) {
                        continue;
                    }
                    let status = *statuses
                        .get(&period)
                        .ok_or_else(|| corrupt("a figure without its report"))?;
                    if filter.published_only && status != ReportStatus::Approved {
                        continue;
                    }
                    figures.push(ExportedFigure {
                        period,
                        series: snapshot.series()[place].to_owned(),
                        value,
                        status,
                    });
                }
            }
            page.organisations.push(ExportedOrganisation {
                number,
                name: row.try_get(1)?,
                figures,
            });
        }
        if filter.organisations.is_empty() {
            if (found.len() as i64) == organisations {
                page.next = page.organisations.last().map(|o| o.number);
            }
        } else {
            page.next = listed_next;
        }
        Ok(page)
    }
}

/// `numbers` sorted and each once: as they are when they already are, as export queries make
/// them, so that paging through a long list does not sort it again for every page.
fn in_order(numbers: &[OrgNumber]) -> std::borrow::Cow<'_, [OrgNumber]> {
    if numbers.windows(2).all(|pair| pair[0] < pair[1]) {
        std::borrow::Cow::Borrowed(numbers)
    } else {
        let mut sorted = numbers.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        std::borrow::Cow::Owned(sorted)
    }
}

impl WriteTx {
    /// How many changes this transaction has recorded so far.
    pub fn changes_recorded(&self) -> usize {
        usize::try_from(self.seq).unwrap_or(0)
    }
}

/// An uploaded file waiting for its uploader to confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingImport {
    pub file_name: String,
    /// The file's text; none when it was not UTF-8 text.
    pub content: Option<String>,
}

/// How many uploaded files one user keeps waiting at most: a new upload forgets the oldest
/// beyond these. With files of at most 32 MB, no user holds more than 96 MB.
pub const PENDING_IMPORTS_PER_USER: usize = 3;

/// How long an uploaded file waits for its confirmation; after that it is gone.
pub const PENDING_IMPORT_LIFETIME: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

impl Store {
    /// Keeps an uploaded file for `uploader` to review, forgetting their oldest beyond
    /// [`PENDING_IMPORTS_PER_USER`], and returns its id.
    #[tracing::instrument(skip(self, content))]
    pub async fn save_pending_import(
        &self,
        uploader: &crate::Email,
        file_name: &str,
        content: Option<&str>,
    ) -> Result<String, StoreError> {
        let id = crate::secret::random_hex(16);
        let (mut tx, _turn) = self.begin_writing().await?;
        sqlx::query(
            "INSERT INTO pending_imports (id, email, file_name, content, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(uploader.as_str())
        .bind(file_name)
        .bind(content)
        .bind(super::now())
        .execute(&mut *tx)
        .await?;
        // The newest first; the id decides between files of the same moment.
        let kept: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM pending_imports WHERE email = $1 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(uploader.as_str())
        .fetch_all(&mut *tx)
        .await?;
        for old in kept.iter().skip(PENDING_IMPORTS_PER_USER) {
            sqlx::query("DELETE FROM pending_imports WHERE id = $1")
                .bind(old)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The pending file `id`, if it is `uploader`'s and has not expired.
    #[tracing::instrument(skip(self))]
    pub async fn pending_import(
        &self,
        id: &str,
        uploader: &crate::Email,
    ) -> Result<Option<PendingImport>, StoreError> {
        let row = sqlx::query(
            "SELECT file_name, content FROM pending_imports \
             WHERE id = $1 AND email = $2 AND created_at > $3",
        )
        .bind(id)
        .bind(uploader.as_str())
        .bind(super::before_now(PENDING_IMPORT_LIFETIME))
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

    /// Forgets every pending file older than [`PENDING_IMPORT_LIFETIME`]; returns how many.
    #[tracing::instrument(skip(self))]
    pub async fn forget_expired_pending_imports(&self) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM pending_imports WHERE created_at <= $1")
            .bind(super::before_now(PENDING_IMPORT_LIFETIME))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
