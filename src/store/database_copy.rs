//! Copying a whole database to another, of either kind: for moving from SQLite to PostgreSQL
//! and for backups, which are copies into a new SQLite file.
//!
//! The source is read in one snapshot, so the copy is consistent while servers keep writing to
//! it; the destination is written in one transaction, so a failed copy leaves nothing behind.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Store, StoreError};

/// How a column is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
    Real,
    Bytes,
}

pub(super) struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Bytes, Integer, Real, Text};

/// Every table of the schema with its columns, parents before children so that foreign keys
/// hold row by row. A test checks this against the migrated schema: a migration that adds a
/// table or a column must add it here too.
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "organisations",
        columns: &[
            ("organisation_number", Text),
            ("name", Text),
            ("kind", Text),
            ("created_at", Text),
            ("open_data", Integer),
        ],
    },
    Table {
        name: "organisation_sizes",
        columns: &[
            ("organisation_number", Text),
            ("year", Integer),
            ("employees", Integer),
            ("inhabitants", Integer),
            ("updated_at", Text),
            ("updated_by", Text),
        ],
    },
    Table {
        name: "reports",
        columns: &[
            ("organisation_number", Text),
            ("period", Text),
            ("status", Text),
            ("lessons", Text),
            ("updated_at", Text),
            ("updated_by", Text),
            ("first_submitted_at", Text),
        ],
    },
    Table {
        name: "figure_explanations",
        columns: &[
            ("organisation_number", Text),
            ("period", Text),
            ("series", Text),
            ("explanation", Text),
        ],
    },
    Table {
        name: "figure_snapshots",
        columns: &[("organisation_number", Text), ("figures", Bytes)],
    },
    Table {
        name: "report_values",
        columns: &[
            ("organisation_number", Text),
            ("period", Text),
            ("series", Text),
            ("value", Real),
            ("catalogue_version", Integer),
        ],
    },
    Table {
        name: "users",
        columns: &[
            ("email", Text),
            ("password_hash", Text),
            ("role", Text),
            ("organisation_number", Text),
            ("active", Integer),
            ("created_at", Text),
        ],
    },
    Table {
        name: "sessions",
        columns: &[
            ("id_hash", Text),
            ("email", Text),
            ("created_at", Text),
            ("last_seen_at", Text),
        ],
    },
    Table {
        name: "api_tokens",
        columns: &[
            ("id", Text),
            ("token_hash", Text),
            ("email", Text),
            ("name", Text),
            ("created_at", Text),
            ("expires_at", Text),
            ("last_used_at", Text),
        ],
    },
    Table {
        name: "display_links",
        columns: &[
            ("id", Text),
            ("secret_hash", Text),
            ("name", Text),
            ("created_at", Text),
            ("created_by", Text),
            ("last_used_at", Text),
        ],
    },
    // Copied with the rest, so that a restored backup sends no mail again.
    Table {
        name: "mail_outbox",
        columns: &[
            ("id", Text),
            ("kind", Text),
            ("recipient", Text),
            ("occasion", Text),
            ("organisation_number", Text),
            ("organisation_name", Text),
            ("period", Text),
            ("reason", Text),
            ("deadline", Text),
            ("status", Text),
            ("attempts", Integer),
            ("created_at", Text),
            ("next_attempt_at", Text),
            ("last_attempt_at", Text),
            ("last_error", Text),
            ("sent_at", Text),
            ("claimed_by", Text),
            ("claimed_until", Text),
        ],
    },
    Table {
        name: "login_failures",
        columns: &[
            ("throttle_key", Text),
            ("failures", Integer),
            ("last_at", Text),
            ("blocked_until", Text),
        ],
    },
    Table {
        name: "oidc_sign_ins",
        columns: &[
            ("key_hash", Text),
            ("csrf_state", Text),
            ("nonce", Text),
            ("pkce_verifier", Text),
            ("next_path", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "goals",
        columns: &[
            ("organisation_number", Text),
            ("name", Text),
            ("baseline", Real),
            ("target", Real),
            ("deadline", Text),
            ("lower_is_better", Integer),
            ("updated_at", Text),
            ("updated_by", Text),
        ],
    },
    Table {
        name: "series_goals",
        columns: &[
            ("id", Text),
            ("organisation_number", Text),
            ("series", Text),
            ("baseline_period", Text),
            ("baseline", Real),
            ("target", Real),
            ("deadline", Text),
            ("lower_is_better", Integer),
            ("updated_at", Text),
            ("updated_by", Text),
        ],
    },
    Table {
        name: "changes",
        columns: &[
            ("tx", Text),
            ("seq", Integer),
            ("at", Text),
            ("changed_by", Text),
            ("organisation_number", Text),
            ("period", Text),
            ("field", Text),
            ("old_value", Text),
            ("new_value", Text),
        ],
    },
    Table {
        name: "pending_imports",
        columns: &[
            ("id", Text),
            ("email", Text),
            ("file_name", Text),
            ("content", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "quarter_deadlines",
        columns: &[
            ("period", Text),
            ("deadline", Text),
            ("updated_at", Text),
            ("updated_by", Text),
        ],
    },
    Table {
        name: "quarter_versions",
        columns: &[("period", Text), ("version", Integer)],
    },
    // Copied with the rest: a copy's caches start empty and rebuild in full anyway, and a
    // copy keeps the log that a server on it would read.
    Table {
        name: "data_changes",
        columns: &[("version", Integer), ("organisation_number", Text)],
    },
    Table {
        name: "data_version",
        columns: &[
            ("id", Integer),
            ("version", Integer),
            ("drafts_version", Integer),
            ("counted_version", Integer),
        ],
    },
];

/// Rows per INSERT: well under the bind-parameter limits of both databases (32,766 and 65,535
/// at seven columns), and large enough that a statement's own cost is spread thin.
pub(super) const BATCH_ROWS: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Cell {
    fn read(row: &AnyRow, index: usize, kind: Kind) -> Result<Self, sqlx::Error> {
        Ok(match kind {
            Text => row.try_get::<Option<String>, _>(index)?.map(Cell::Text),
            Integer => row.try_get::<Option<i64>, _>(index)?.map(Cell::Integer),
            Real => row.try_get::<Option<f64>, _>(index)?.map(Cell::Real),
            Bytes => row.try_get::<Option<Vec<u8>>, _>(index)?.map(Cell::Bytes),
        }
        .unwrap_or(Cell::Null))
    }

    /// An unambiguous encoding, for digests: the kind, then the exact value.
    fn digest_into(&self, hasher: &mut Sha256) {
        match self {
            Cell::Null => hasher.update([0]),
            Cell::Integer(i) => {
                hasher.update([1]);
                hasher.update(i.to_le_bytes());
            }
            Cell::Real(r) => {
                hasher.update([2]);
                hasher.update(r.to_bits().to_le_bytes());
            }
            Cell::Text(t) => {
                hasher.update([3]);
                hasher.update((t.len() as u64).to_le_bytes());
                hasher.update(t.as_bytes());
            }
            Cell::Bytes(b) => {
                hasher.update([4]);
                hasher.update((b.len() as u64).to_le_bytes());
                hasher.update(b);
            }
        }
    }
}

/// What a table holds, independent of row order and of the database it is in: equal digests
/// mean equal contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    pub table: &'static str,
    pub rows: u64,
    /// The wrapping sum of a hash of each row, so that it does not depend on the order rows are
    /// read in (which depends on the database's collation).
    pub sum: u64,
}

impl std::fmt::Display for TableDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} rows ({:016x})", self.table, self.rows, self.sum)
    }
}

fn select_all(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    format!("SELECT {} FROM {}", columns.join(", "), table.name)
}

fn read_row(row: &AnyRow, table: &Table) -> Result<Vec<Cell>, sqlx::Error> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| Cell::read(row, i, *kind))
        .collect()
}

impl Store {
    /// A read-only transaction that sees one snapshot of the whole database.
    async fn begin_snapshot(&self) -> Result<Transaction<'static, Any>, StoreError> {
        // SQLite in WAL mode: a read transaction sees the database as of its first read.
        let begin = if self.sqlite {
            "BEGIN"
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        Ok(self.pool.begin_with(begin).await?)
    }

    /// The digest of every table, read in one snapshot.
    #[tracing::instrument(skip_all)]
    pub async fn digests(&self) -> Result<Vec<TableDigest>, StoreError> {
        let mut tx = self.begin_snapshot().await?;
        let digests = digest_tables(&mut tx).await?;
        tx.commit().await?;
        Ok(digests)
    }

    /// Copies everything in this database into `destination`, which must hold no data yet
    /// (a new database, migrated by [`Store::connect`]). Returns the digests of what was copied,
    /// checked against the destination's after the copy was committed.
    #[tracing::instrument(skip_all)]
    pub async fn copy_into(&self, destination: &Store) -> Result<Vec<TableDigest>, StoreError> {
        let mut source = self.begin_snapshot().await?;
        let (mut target, _turn) = destination.begin_writing().await?;
        for table in TABLES {
            let held: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {}",
                table.name
            )))
            .fetch_one(&mut *target)
            .await?;
            // The migrations create the data version's one row; everything else must be empty.
            if table.name == "data_version" {
                sqlx::query("DELETE FROM data_version")
                    .execute(&mut *target)
                    .await?;
            } else if held > 0 {
                return Err(StoreError::NotEmpty(table.name));
            }
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(select_all(table))).fetch(&mut *source);
            let mut batch = Vec::with_capacity(BATCH_ROWS);
            while let Some(row) = rows.try_next().await? {
                batch.push(read_row(&row, table)?);
                if batch.len() == BATCH_ROWS {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
                    insert_rows(&mut target, table, full).await?;
                }
            }
            insert_rows(&mut target, table, batch).await?;
        }
        source.commit().await?;
        let copied = digest_tables(&mut target).await?;
        target.commit().await?;
        let stored = destination.digests().await?;
        if stored != copied {
            return Err(StoreError::Corrupt(
                "the copy differs from its source after it was stored".to_owned(),
            ));
        }
        Ok(copied)
    }
}

async fn digest_tables(tx: &mut Transaction<'static, Any>) -> Result<Vec<TableDigest>, StoreError> {
    let mut digests = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let mut digest = TableDigest {
            table: table.name,
            rows: 0,
            sum: 0,
        };
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(select_all(table))).fetch(&mut **tx);
        while let Some(row) = rows.try_next().await? {
            let mut hasher = Sha256::new();
            for cell in read_row(&row, table)? {
                cell.digest_into(&mut hasher);
            }
            let hash = hasher.finalize();
            let head: [u8; 8] = hash[..8].try_into().expect("a SHA-256 has 32 bytes");
            digest.rows += 1;
            digest.sum = digest.sum.wrapping_add(u64::from_le_bytes(head));
        }
        digests.push(digest);
    }
    Ok(digests)
}

/// The table called `name`.
pub(super) fn table(name: &str) -> &'static Table {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .expect("a table of the schema")
}

/// Inserts `rows`, each with a cell per column of `table`, in statements of [`BATCH_ROWS`].
/// Each statement is built while the database runs the one before: at ten million rows,
/// building them took a third of the time.
pub(super) async fn insert_all(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    rows: Vec<Vec<Cell>>,
) -> Result<(), StoreError> {
    upsert_all(tx, table, rows, "").await
}

/// As [`insert_all`], each statement ending in `on_conflict` (`ON CONFLICT (…) DO UPDATE …`):
/// for rows of which some may be stored already.
pub(super) async fn upsert_all(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    rows: Vec<Vec<Cell>>,
    on_conflict: &str,
) -> Result<(), StoreError> {
    let sqlite = tx.backend_name() == "SQLite";
    let sql_for = |rows| insert_sql(table, rows, sqlite, on_conflict);
    // Built only once a batch is full: the text of 500 rows took most of a millisecond, more
    // than a single save's whole write.
    let mut full: Option<String> = None;
    let mut rows = rows.into_iter();
    let mut build = || {
        let batch: Vec<Vec<Cell>> = rows.by_ref().take(BATCH_ROWS).collect();
        let sql = if batch.len() == BATCH_ROWS {
            full.get_or_insert_with(|| sql_for(BATCH_ROWS)).clone()
        } else {
            sql_for(batch.len())
        };
        (!batch.is_empty()).then(|| insert_query(sql, table, batch))
    };
    let mut next = build();
    while let Some(query) = next {
        // The statement is sent to the database when first polled; the next one is built
        // while it runs.
        let (done, built) = futures_util::join!(query.execute(&mut **tx), async { build() });
        done?;
        next = built;
    }
    Ok(())
}

async fn insert_rows(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    rows: Vec<Vec<Cell>>,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = insert_sql(table, rows.len(), tx.backend_name() == "SQLite", "");
    insert_query(sql, table, rows).execute(&mut **tx).await?;
    Ok(())
}

/// An INSERT of `rows` rows into `table`, ending in `then`.
fn insert_sql(table: &Table, rows: usize, sqlite: bool, then: &str) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    format!(
        "INSERT INTO {} ({}) VALUES {} {then}",
        table.name,
        columns.join(", "),
        tuples(rows, columns.len(), sqlite)
    )
}

/// `rows` parenthesised lists of `width` parameters each, separated by commas, numbered from
/// `$1` on PostgreSQL. SQLite looks a numbered parameter up by name in a list, once per
/// parameter: a statement with thousands of `$n` costs the square of that. Its anonymous `?`
/// cost nothing. Not `sqlx::QueryBuilder`: through the `Any` driver it writes `?` for
/// PostgreSQL too, which PostgreSQL refuses (sqlx issue 3000, open in sqlx 0.9).
pub(super) fn tuples(rows: usize, width: usize, sqlite: bool) -> String {
    let placeholders: Vec<String> = (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=width)
                .map(|c| {
                    if sqlite {
                        "?".to_owned()
                    } else {
                        format!("${}", r * width + c)
                    }
                })
                .collect();
            format!("({})", row.join(", "))
        })
        .collect();
    placeholders.join(", ")
}

/// `sql` with the cells of `rows` bound to it, in order.
fn insert_query(
    sql: String,
    table: &Table,
    rows: Vec<Vec<Cell>>,
) -> sqlx::query::Query<'static, Any, sqlx::any::AnyArguments> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (cell, (_, kind)) in rows.into_iter().flatten().zip(table.columns.iter().cycle()) {
        query = match (cell, kind) {
            (Cell::Null, Text) => query.bind(None::<String>),
            (Cell::Null, Integer) => query.bind(None::<i64>),
            (Cell::Null, Real) => query.bind(None::<f64>),
            (Cell::Null, Bytes) => query.bind(None::<Vec<u8>>),
            (Cell::Integer(i), _) => query.bind(i),
            (Cell::Real(r), _) => query.bind(r),
            (Cell::Text(t), _) => query.bind(t),
            (Cell::Bytes(b), _) => query.bind(b),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_table_list_matches_the_migrated_schema() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/schema.db", dir.path().display());
        let store = Store::connect(&url).await.unwrap();
        // The lessons' search index is not copied: it is the database's own, kept by triggers
        // as the copy's reports are written (`lessons.rs`).
        let mut schema: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' \
             AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'lessons\\_search%' ESCAPE '\\'",
        )
        .fetch_all(&store.pool)
        .await
        .unwrap();
        schema.sort();
        let mut listed: Vec<(String, String)> = TABLES
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .map(|(c, _)| (t.name.to_owned(), (*c).to_owned()))
            })
            .collect();
        listed.sort();
        assert_eq!(listed, schema);
    }

    #[test]
    fn a_null_and_an_empty_text_digest_differently() {
        let digest = |cell: Cell| {
            let mut hasher = Sha256::new();
            cell.digest_into(&mut hasher);
            hasher.finalize()
        };
        assert_ne!(digest(Cell::Null), digest(Cell::Text(String::new())));
        assert_ne!(digest(Cell::Integer(0)), digest(Cell::Real(0.0)));
        assert_ne!(
            digest(Cell::Text(String::new())),
            digest(Cell::Bytes(Vec::new()))
        );
    }
}
