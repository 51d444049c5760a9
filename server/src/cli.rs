//! The server binary's commands besides serving: import and export the same CSV files as the
//! API, with the same checks, without the web server (for scheduled jobs and migrations).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};
use effekt::Catalogue;
use effekt::analytics::{Analytics, CacheError};
use effekt::csv::{ImportPlan, LineProblems};
use effekt::store::{Actor, ImportFailure, Store, StoreError, TableDigest};

use crate::config::{Config, redact_url};
use crate::csv_export::{ExportQuery, summary_csv, write_values};
use crate::generate::{GenerateError, Size, generate};
use crate::startup::{StartupError, open};

/// Effekt: the public sector's quarterly effect figures, entered, approved and shown.
#[derive(Debug, Parser)]
#[command(
    name = "effekt",
    version,
    after_help = "Without a command, Effekt serves, configured by environment variables (see \
                  the README). Every command reads DATABASE_URL as the server does."
)]
struct Arguments {
    #[command(subcommand)]
    command: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Check FILE whole and store it in one transaction
    Import {
        /// The CSV file, in the same form the API's import takes
        file: PathBuf,
    },
    /// Write stored figures or the summary as CSV to standard output
    #[command(subcommand)]
    Export(Export),
    /// Fill an empty database with synthetic figures (by default 700 organisations,
    /// 40 quarters: about 450,000 values)
    Generate(Size),
    /// Copy the whole database, while it runs, into a new SQLite FILE
    Backup {
        /// The new SQLite file; it must not exist yet
        file: PathBuf,
    },
    /// Copy a whole database into an empty one, e.g. from sqlite://data/effekt.db to
    /// postgres://…; restores a backup
    MigrateData {
        /// The database to copy
        #[arg(long, value_name = "URL")]
        from: String,
        /// The empty database to copy into
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// Write stored figures as CSV to standard output
    Values {
        /// The API's query string, e.g. 'from=2025Q1&to=2025Q4&kind=region&format=excel-sv'
        #[arg(default_value = "")]
        query: String,
    },
    /// Write the summary as CSV to standard output
    Summary {
        /// The API's query string, e.g. 'kind=region&series=tv_series'
        #[arg(default_value = "")]
        query: String,
    },
}

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
    pub fn parse(args: &[String]) -> Result<Self, UsageError> {
        let arguments = Arguments::try_parse_from(
            std::iter::once("effekt").chain(args.iter().map(String::as_str)),
        )
        .map_err(UsageError)?;
        Ok(match arguments.command {
            None => Self::Serve,
            Some(Action::Import { file }) => Self::Import(file),
            Some(Action::Export(Export::Values { query })) => Self::ExportValues(query),
            Some(Action::Export(Export::Summary { query })) => Self::ExportSummary(query),
            Some(Action::Generate(size)) => Self::Generate(size),
            Some(Action::Backup { file }) => Self::Backup(file),
            Some(Action::MigrateData { from, to }) => Self::MigrateData { from, to },
        })
    }
}

/// Arguments that ask for no command: help or the version, asked for, or a mistake.
#[derive(Debug, thiserror::Error)]
#[error("{}", one_line(.0))]
pub struct UsageError(clap::Error);

impl UsageError {
    /// Writes help or the version in full to `out`, or the mistake in one line to `err`, and
    /// gives the exit status: 0 for what was asked for, 2 for a mistake.
    pub fn report(&self, out: &mut impl Write, err: &mut impl Write) -> u8 {
        let asked = matches!(
            self.0.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
        );
        let _ = if asked {
            write!(out, "{}", self.0.render())
        } else {
            writeln!(err, "effekt: {self}")
        };
        u8::try_from(self.0.exit_code()).unwrap_or(2)
    }
}

/// clap's message and its usage line: clap spreads them, the arguments missing, a tip and a
/// pointer to `--help` over several lines, and a script's log should get one.
fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let message = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage: "))
        .filter(|line| {
            !line.is_empty() && !line.starts_with("tip: ") && !line.starts_with("For more")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let message = match error.kind() {
        // clap gives the whole help here, which is no message.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "a command is missing",
        _ => message.strip_prefix("error: ").unwrap_or(&message),
    };
    match text.lines().find_map(|line| line.strip_prefix("Usage: ")) {
        Some(usage) => format!("{message}; usage: {usage} (more with --help)"),
        None => format!("{message} (more with --help)"),
    }
}

/// Why a command failed; nothing is left half done.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("serving is not a command to run here")]
    Serve,
    #[error(transparent)]
    Open(#[from] StartupError),
    #[error("cannot open {url}: {source}")]
    Connect { url: String, source: StoreError },
    #[error("nothing was copied: {0}")]
    Copy(StoreError),
    #[error("{} exists already", .0.display())]
    Exists(PathBuf),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the file has {} problem(s); nothing was stored", .0.iter().len() + .0.more())]
    Rejected(LineProblems),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] crate::csv_export::ExportQueryError),
    #[error("export failed: {0}")]
    Export(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Summary(#[from] CacheError),
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

impl CliError {
    /// Writes the failure to `err`: one line, after one line per problem of a rejected file.
    fn report(&self, err: &mut impl Write) {
        if let Self::Rejected(problems) = self {
            for p in problems.iter() {
                let _ = match p.column.as_str() {
                    "" => writeln!(err, "line {}: {}", p.line, p.problem),
                    column => writeln!(err, "line {}, {column}: {}", p.line, p.problem),
                };
            }
            if problems.more() > 0 {
                let _ = writeln!(err, "… and {} more problems", problems.more());
            }
            let _ = writeln!(err, "effekt: nothing was stored");
        } else {
            let _ = writeln!(err, "effekt: {self}");
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
    match run_command(command, config, out).await {
        Ok(()) => true,
        Err(error) => {
            error.report(err);
            false
        }
    }
}

async fn run_command(
    command: Command,
    config: &Config,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        Command::Serve => Err(CliError::Serve),
        Command::Backup(file) => write_digests(backup(&config.database_url, &file).await?, out),
        Command::MigrateData { from, to } => write_digests(migrate_data(&from, &to).await?, out),
        Command::Import(path) => {
            let (store, catalogue) = open(config).await?;
            import(&store, &catalogue, &path, out).await
        }
        Command::ExportValues(raw) => {
            let (store, catalogue) = open(config).await?;
            export_values(&store, &catalogue, &raw, out).await
        }
        Command::ExportSummary(raw) => {
            let (store, catalogue) = open(config).await?;
            export_summary(store, &catalogue, &raw, out).await
        }
        Command::Generate(size) => {
            let (store, catalogue) = open(config).await?;
            let done = generate(&store, &catalogue, config, &size).await?;
            Ok(writeln!(out, "{done}")?)
        }
    }
}

/// Writes a copy's digest of each table, one a line, for the operator to compare.
fn write_digests(digests: Vec<TableDigest>, out: &mut impl Write) -> Result<(), CliError> {
    for digest in digests {
        writeln!(out, "{digest}")?;
    }
    Ok(())
}

/// Copies the database at `from` into the empty one at `to`, and checks the copy.
async fn migrate_data(from: &str, to: &str) -> Result<Vec<TableDigest>, CliError> {
    let connect = |url: &str| {
        let url = url.to_owned();
        async move {
            Store::connect(&url)
                .await
                .map_err(|source| CliError::Connect {
                    url: redact_url(&url),
                    source,
                })
        }
    };
    let source = connect(from).await?;
    let destination = connect(to).await?;
    source.copy_into(&destination).await.map_err(CliError::Copy)
}

/// Copies the database at `database_url` into a new SQLite file; removes the file again when
/// the copy fails, so that a file that exists is a whole backup.
async fn backup(database_url: &str, file: &Path) -> Result<Vec<TableDigest>, CliError> {
    if file.exists() {
        return Err(CliError::Exists(file.to_owned()));
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
) -> Result<(), CliError> {
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })?;
    let plan = ImportPlan::parse(catalogue, bytes.as_slice()).map_err(CliError::Rejected)?;
    let changed = match store.import(&plan, catalogue, &Actor::System("cli")).await {
        Ok(changed) => changed,
        Err(ImportFailure::Rejected(problems)) => return Err(CliError::Rejected(problems)),
        Err(ImportFailure::Store(error)) => return Err(CliError::Store(error)),
    };
    Ok(writeln!(
        out,
        "imported {} rows: {changed} changes",
        plan.rows.len()
    )?)
}

async fn export_values(
    store: &Store,
    catalogue: &Arc<Catalogue>,
    raw: &str,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let query = ExportQuery::parse(raw, catalogue).map_err(CliError::Query)?;
    let (chunks, mut written) = tokio::sync::mpsc::channel::<Vec<u8>>(2);
    let writing = {
        let (store, catalogue) = (store.clone(), catalogue.clone());
        tokio::spawn(async move { write_values(&store, &catalogue, &query, &chunks).await })
    };
    while let Some(chunk) = written.recv().await {
        out.write_all(&chunk)?;
    }
    Ok(writing.await??)
}

async fn export_summary(
    store: Store,
    catalogue: &Catalogue,
    raw: &str,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let query = ExportQuery::parse(raw, catalogue).map_err(CliError::Query)?;
    let analytics = Analytics::new(store, catalogue);
    let csv = summary_csv(&analytics, &query).await?;
    Ok(out.write_all(&csv)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, UsageError> {
        Command::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn commands_are_read_from_the_arguments() {
        let parse = |args: &[&str]| parse(args).ok();
        assert_eq!(parse(&[]), Some(Command::Serve));
        assert_eq!(
            parse(&["import", "q3.csv"]),
            Some(Command::Import("q3.csv".into()))
        );
        assert_eq!(
            parse(&["export", "values"]),
            Some(Command::ExportValues(String::new()))
        );
        assert_eq!(
            parse(&["export", "summary", "from=2025Q1"]),
            Some(Command::ExportSummary("from=2025Q1".into()))
        );
        assert_eq!(
            parse(&["backup", "/backups/effekt.db"]),
            Some(Command::Backup("/backups/effekt.db".into()))
        );
        assert_eq!(
            parse(&[
                "migrate-data",
                "--to",
                "postgres://h/e",
                "--from",
                "sqlite://a.db"
            ]),
            Some(Command::MigrateData {
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
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_size_is_read_from_flags_with_defaults() {
        let size = |flags: &[&str]| match parse(&[&["generate"], flags].concat()) {
            Ok(Command::Generate(size)) => Some(size),
            _ => None,
        };
        assert_eq!(size(&[]), Some(Size::default()));
        assert_eq!(
            size(&["--organisations", "15000", "--seed", "9"]),
            Some(Size {
                organisations: 15_000,
                quarters: 40,
                seed: 9
            })
        );
        for bad in [
            &["--organisations"][..],
            &["--organisations", "many"],
            &["--quarters", "0"],
            &["--colour", "blue"],
        ] {
            assert_eq!(size(bad), None, "{bad:?}");
        }
    }
}
