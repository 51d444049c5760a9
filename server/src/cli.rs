//! The server binary's commands besides serving: import and export the same CSV files as the
//! API, with the same checks, without the web server (for scheduled jobs and migrations).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use effekt::Catalogue;
use effekt::analytics::Analytics;
use effekt::csv::ImportPlan;
use effekt::store::{Actor, ImportFailure, Store};

use crate::config::Config;
use crate::export::{ExportQuery, summary_csv, write_values};
use crate::startup::open;

pub const USAGE: &str = "\
usage: effekt                      serve (configured by environment variables, see README)
       effekt import FILE          check FILE whole and store it in one transaction
       effekt export values [QUERY]   write stored figures as CSV to standard output
       effekt export summary [QUERY]  write the summary as CSV to standard output
QUERY is the API's query string, e.g. 'from=2025Q1&to=2025Q4&kind=region&format=excel-sv'.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Import(PathBuf),
    ExportValues(String),
    ExportSummary(String),
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
    };
    match result {
        Ok(()) => true,
        Err(problems) => {
            let _ = writeln!(err, "{problems}");
            false
        }
    }
}

async fn import(
    store: &Store,
    catalogue: &Catalogue,
    path: &Path,
    out: &mut impl Write,
) -> Result<(), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("effekt: cannot read {}: {e}", path.display()))?;
    let outcome = match ImportPlan::parse(catalogue, &bytes) {
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
        for bad in [
            &["import"][..],
            &["export"],
            &["export", "all"],
            &["serve", "now"],
        ] {
            assert_eq!(parse(bad), Err(USAGE.to_owned()), "{bad:?}");
        }
    }
}
