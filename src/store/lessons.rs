//! The lessons library: the lessons of reports, searched with the database's own full-text
//! machinery (SQLite FTS5; PostgreSQL `tsvector` with the Swedish configuration).

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Executor, Row};

use super::audit::{count, offset};
use super::params::Params;
use super::{Store, StoreError, corrupt};
use crate::{DraftsReadable, Lesson, LessonsFilter, OrgNumber, Page, Paged, Period, ReportStatus};

/// The search index, kept by the database itself as reports change. It is created here, not in
/// a migration, because the two databases spell it differently and the migrations are shared.
/// SQLite: an FTS5 table over `reports.lessons` (å, ä and ö kept apart from a, o), with triggers.
const SQLITE_INDEX: &str = "
CREATE VIRTUAL TABLE lessons_search USING fts5(
    lessons, content='reports', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
);
CREATE TRIGGER lessons_search_insert AFTER INSERT ON reports BEGIN
    INSERT INTO lessons_search (rowid, lessons) VALUES (new.rowid, new.lessons);
END;
CREATE TRIGGER lessons_search_delete AFTER DELETE ON reports BEGIN
    INSERT INTO lessons_search (lessons_search, rowid, lessons)
    VALUES ('delete', old.rowid, old.lessons);
END;
CREATE TRIGGER lessons_search_update AFTER UPDATE OF lessons ON reports BEGIN
    INSERT INTO lessons_search (lessons_search, rowid, lessons)
    VALUES ('delete', old.rowid, old.lessons);
    INSERT INTO lessons_search (rowid, lessons) VALUES (new.rowid, new.lessons);
END;
INSERT INTO lessons_search (lessons_search) VALUES ('rebuild');
";

/// PostgreSQL: an index on the Swedish text search vector, which the query below uses.
const POSTGRES_INDEX: &str = "CREATE INDEX IF NOT EXISTS lessons_search ON reports \
     USING GIN (to_tsvector('swedish', lessons))";

impl Store {
    /// Creates the search index where it is missing; built from the reports already stored.
    #[tracing::instrument(skip_all)]
    pub(super) async fn ensure_lessons_search(
        pool: &AnyPool,
        sqlite: bool,
    ) -> Result<(), StoreError> {
        if !sqlite {
            pool.execute(POSTGRES_INDEX).await?;
            return Ok(());
        }
        let mut tx = pool.begin().await?;
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'lessons_search'")
                .fetch_one(&mut *tx)
                .await?;
        if exists == 0 {
            (&mut *tx).execute(SQLITE_INDEX).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The lessons that match, newest quarter first; drafts only where `readable` allows.
    /// Without a page: every match (for the CSV file).
    #[tracing::instrument(skip(self))]
    pub async fn lessons(
        &self,
        filter: &LessonsFilter,
        readable: DraftsReadable,
        page: Option<Page>,
    ) -> Result<Paged<Lesson>, StoreError> {
        let mut params = Params::default();
        let mut conditions = vec!["r.lessons <> ''".to_owned()];
        let draft = params.text(ReportStatus::Draft.as_str());
        match readable {
            DraftsReadable::All => {}
            DraftsReadable::Of(org) => {
                let org = params.text(org);
                conditions.push(format!(
                    "(r.status <> {draft} OR r.organisation_number = {org})"
                ));
            }
            DraftsReadable::None => conditions.push(format!("r.status <> {draft}")),
        }
        if !filter.words().is_empty() {
            let search = params.text(self.search_query(filter.words()));
            conditions.push(if self.sqlite {
                format!(
                    "r.rowid IN (SELECT rowid FROM lessons_search WHERE lessons_search MATCH {search})"
                )
            } else {
                format!("to_tsvector('swedish', r.lessons) @@ to_tsquery('swedish', {search})")
            });
        }
        if let Some(from) = filter.from() {
            conditions.push(format!("r.period >= {}", params.text(from)));
        }
        if let Some(to) = filter.to() {
            conditions.push(format!("r.period <= {}", params.text(to)));
        }
        if let Some(org) = filter.organisation() {
            conditions.push(format!("r.organisation_number = {}", params.text(org)));
        }
        if !filter.series().is_empty() {
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM report_values v WHERE v.organisation_number = \
                 r.organisation_number AND v.period = r.period AND v.series IN ({}))",
                params.texts(filter.series())
            ));
        }
        let from_where = format!(
            "FROM reports r JOIN organisations o ON o.organisation_number = r.organisation_number \
             WHERE {}",
            conditions.join(" AND ")
        );

        let counting = format!("SELECT COUNT(*) {from_where}");
        let total: i64 =
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(counting), params.arguments()?)
                .fetch_one(&self.pool)
                .await?;
        let limit = match page {
            Some(page) => format!(
                "LIMIT {} OFFSET {}",
                params.integer(i64::from(page.per_page())),
                params.integer(offset(page))
            ),
            None => String::new(),
        };
        let sql = format!(
            "SELECT r.organisation_number, o.name, r.period, r.status, r.lessons {from_where} \
             ORDER BY r.period DESC, o.name, r.organisation_number {limit}"
        );
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(sql), params.arguments()?)
            .fetch_all(&self.pool)
            .await?;
        Ok(Paged {
            rows: rows.iter().map(lesson_from_row).collect::<Result<_, _>>()?,
            total: count(total),
            page: page.unwrap_or_default(),
        })
    }

    /// The words as the database's search language asks: each must occur, as a word or the
    /// start of one. Words hold only letters and digits, so nothing in them is an operator.
    fn search_query(&self, words: &[String]) -> String {
        let terms = words.iter().map(|w| {
            if self.sqlite {
                format!("\"{w}\"*")
            } else {
                format!("{w}:*")
            }
        });
        terms
            .collect::<Vec<_>>()
            .join(if self.sqlite { " " } else { " & " })
    }
}

fn lesson_from_row(row: &AnyRow) -> Result<Lesson, StoreError> {
    let organisation: String = row.try_get("organisation_number")?;
    let period: String = row.try_get("period")?;
    let status: String = row.try_get("status")?;
    Ok(Lesson {
        organisation_number: OrgNumber::parse(&organisation).map_err(corrupt)?,
        organisation_name: row.try_get("name")?,
        period: Period::parse(&period).map_err(corrupt)?,
        status: ReportStatus::parse(&status).map_err(corrupt)?,
        lessons: row.try_get("lessons")?,
    })
}
