//! The server binary's commands besides serving: import and export the same CSV files as the
//! API, with the same checks, without the web server (for scheduled jobs and migrations).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use effekt::Catalogue;
use effekt::analytics::Analytics;
use effekt::csv::ImportPlan;
use effekt::store::{Actor, ImportFailure, Store, TableDigest};

use crate::config::{Config, redact_url};
use crate::export::{ExportQuery, summary_csv, write_values};
use crate::generate::{Size, generate};
use crate::startup::open;

pub const USAGE: &str = "\
usage: effekt                      serve (configured by environment variables, see README)
       effekt import FILE          check FILE whole and store it in one transaction
       effekt export values [QUERY]   write stored figures as CSV to standard output
       effekt export summary [QUERY]  write the summary as CSV to standard output
       effekt generate [--organisations N] [--quarters Q] [--seed S]
                                   fill an empty database with synthetic figures (700
                                   organisations, 40 quarters: about 450,000 values)
       effekt backup FILE          copy the whole database, while it runs, into a new SQLite FILE
       effekt migrate-data --from URL --to URL
                                   copy a whole database into an empty one, e.g. from
                                   sqlite://data/effekt.db to postgres://…; restores a backup
QUERY is the API's query string, e.g. 'from=2025Q1&to=2025Q4&kind=region&format=excel-sv'.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Import(PathBuf),
    ExportValues(String),
    ExportSummary(String),
    Generate(Size),
    Backup(PathBuf),
    MigrateData { from: String, to: String },
}

impl Command {
    /// The command the arguments (after the program name) ask for.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let query = |q: Option<&String>| q.cloned().unwrap_or_default();
        match args
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [] => Ok(Self::Serve),
            ["import", file] => Ok(Self::Import(PathBuf::from(file))),
            ["export", "values", rest @ ..] if rest.len() <= 1 => {
                Ok(Self::ExportValues(query(args.get(2))))
            }
            ["export", "summary", rest @ ..] if rest.len() <= 1 => {
                Ok(Self::ExportSummary(query(args.get(2))))
            }
            ["generate", rest @ ..] => Size::parse(rest)
                .map(Self::Generate)
                .ok_or_else(|| USAGE.to_owned()),
            ["backup", file] => Ok(Self::Backup(PathBuf::from(file))),
            ["migrate-data", "--from", from, "--to", to]
            | ["migrate-data", "--to", to, "--from", from] => Ok(Self::MigrateData {
                from: (*from).to_owned(),
                to: (*to).to_owned(),
            }),
            _ => Err(USAGE.to_owned()),
        }
    }
}

/// Runs an import or export command, writing results to `out` and problems to `err`.
/// Returns whether it succeeded.
pub async fn run(
    command: Command,
    config: &Config,
    out: &mut impl Write,
    err: &mut impl Write,
) -> bool {
    let copied = match &command {
        Command::Backup(file) => Some(backup(&config.database_url, file).await),
        Command::MigrateData { from, to } => Some(migrate_data(from, to).await),
        _ => None,
    };
    if let Some(result) = copied {
        return match result {
            Ok(digests) => {
                for digest in digests {
                    let _ = writeln!(out, "{digest}");
                }
                true
            }
            Err(problem) => {
                let _ = writeln!(err, "effekt: {problem}");
                false
            }
        };
    }
    let (store, catalogue) = match open(config).await {
        Ok(opened) => opened,
        Err(error) => {
            let _ = writeln!(err, "effekt: {error}");
            return false;
        }
    };
    let result = match command {
        Command::Serve => Err("serving is not a command to run here".to_owned()),
        Command::Import(path) => import(&store, &catalogue, &path, out).await,
        Command::ExportValues(raw) => export_values(&store, &catalogue, &raw, out).await,
        Command::ExportSummary(raw) => export_summary(store, &catalogue, &raw, out).await,
        Command::Generate(size) => match generate(&store, &catalogue, config, &size).await {
            Ok(done) => writeln!(out, "{done}").map_err(|e| e.to_string()),
            Err(problem) => Err(format!("effekt: {problem}")),
        },
        Command::Backup(_) | Command::MigrateData { .. } => {
            unreachable!("copies are run above")
        }
    };
    match result {
        Ok(()) => true,
        Err(problems) => {
            let _ = writeln!(err, "{problems}");
            false
        }
    }
}

/// Copies the database at `from` into the empty one at `to`, and checks the copy.
async fn migrate_data(from: &str, to: &str) -> Result<Vec<TableDigest>, String> {
    let source = Store::connect(from)
        .await
        .map_err(|e| format!("cannot open {}: {e}", redact_url(from)))?;
    let destination = Store::connect(to)
        .await
        .map_err(|e| format!("cannot open {}: {e}", redact_url(to)))?;
    source
        .copy_into(&destination)
        .await
        .map_err(|e| format!("nothing was copied: {e}"))
}

/// Copies the database at `database_url` into a new SQLite file; removes the file again when
/// the copy fails, so that a file that exists is a whole backup.
async fn backup(database_url: &str, file: &Path) -> Result<Vec<TableDigest>, String> {
    if file.exists() {
        return Err(format!("{} exists already", file.display()));
    }
    let result = migrate_data(database_url, &format!("sqlite://{}", file.display())).await;
    if result.is_err() {
        for leftover in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{leftover}", file.display()));
        }
    }
    result
}

async fn import(
    store: &Store,
    catalogue: &Catalogue,
    path: &Path,
    out: &mut impl Write,
) -> Result<(), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("effekt: cannot read {}: {e}", path.display()))?;
    let outcome = match ImportPlan::parse(catalogue, bytes.as_slice()) {
        Err(problems) => Err(ImportFailure::Rejected(problems)),
        Ok(plan) => store
            .import(&plan, catalogue, &Actor::System("cli"))
            .await
            .map(|changed| (plan.rows.len(), changed)),
    };
    match outcome {
        Ok((rows, changed)) => {
            writeln!(out, "imported {rows} rows: {changed} changes").map_err(|e| e.to_string())
        }
        Err(ImportFailure::Rejected(problems)) => {
            let mut text: String = problems
                .iter()
                .map(|p| match p.column.as_str() {
                    "" => format!("line {}: {}\n", p.line, p.problem),
                    column => format!("line {}, {column}: {}\n", p.line, p.problem),
                })
                .collect();
            if problems.more() > 0 {
                text.push_str(&format!("… and {} more problems\n", problems.more()));
            }
            text.push_str("effekt: nothing was stored");
            Err(text)
        }
        Err(ImportFailure::Store(error)) => Err(format!("effekt: {error}")),
    }
}

async fn export_values(
    store: &Store,
    catalogue: &Arc<Catalogue>,
    raw: &str,
    out: &mut impl Write,
) -> Result<(), String> {
    let query = ExportQuery::parse(raw, catalogue).map_err(|e| format!("effekt: {e}"))?;
    let (chunks, mut written) = tokio::sync::mpsc::channel::<String>(2);
    let writing = {
        let (store, catalogue) = (store.clone(), catalogue.clone());
        tokio::spawn(async move { write_values(&store, &catalogue, &query, &chunks).await })
    };
    while let Some(chunk) = written.recv().await {
        out.write_all(chunk.as_bytes())
            .map_err(|e| format!("effekt: {e}"))?;
    }
    match writing.await {
        Ok(Ok(())) => Ok(()),
        failed => Err(format!("effekt: export failed: {failed:?}")),
    }
}

async fn export_summary(
    store: Store,
    catalogue: &Catalogue,
    raw: &str,
    out: &mut impl Write,
) -> Result<(), String> {
    let query = ExportQuery::parse(raw, catalogue).map_err(|e| format!("effekt: {e}"))?;
    let analytics = Analytics::new(store, catalogue.series().count());
    let csv = summary_csv(&analytics, &query)
        .await
        .map_err(|e| format!("effekt: {e}"))?;
    out.write_all(csv.as_bytes())
        .map_err(|e| format!("effekt: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Command::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn commands_are_read_from_the_arguments() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(
            parse(&["import", "q3.csv"]),
            Ok(Command::Import("q3.csv".into()))
        );
        assert_eq!(
            parse(&["export", "values"]),
            Ok(Command::ExportValues(String::new()))
        );
        assert_eq!(
            parse(&["export", "summary", "from=2025Q1"]),
            Ok(Command::ExportSummary("from=2025Q1".into()))
        );
        assert_eq!(
            parse(&["backup", "/backups/effekt.db"]),
            Ok(Command::Backup("/backups/effekt.db".into()))
        );
        assert_eq!(
            parse(&[
                "migrate-data",
                "--to",
                "postgres://h/e",
                "--from",
                "sqlite://a.db"
            ]),
            Ok(Command::MigrateData {
                from: "sqlite://a.db".into(),
                to: "postgres://h/e".into()
            })
        );
        for bad in [
            &["backup"][..],
            &["migrate-data", "--from", "sqlite://a.db"],
            &["import"],
            &["export"],
            &["export", "all"],
            &["serve", "now"],
        ] {
            assert_eq!(parse(bad), Err(USAGE.to_owned()), "{bad:?}");
        }
    }
}
