//! The schema's migrations, carried inside the binary and applied at start-up.
//!
//! Listed here instead of found by `sqlx::migrate!()`: that macro needs sqlx's `macros`
//! feature, which compiles sqlx, both its drivers (SQLite's C source included) and tokio a
//! second time for the compiler's own use, in every check, debug and release build, minutes
//! of each CI run (issue #19, item 5). The test below checks the list against the folder,
//! migration by migration as sqlx reads it, so that a database migrated before sees the same
//! versions and checksums.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// A file of `migrations/`, by its name without `.sql`.
macro_rules! migration {
    ($name:literal) => {
        (
            concat!($name, ".sql"),
            include_str!(concat!("../../migrations/", $name, ".sql")),
        )
    };
}

/// Every file of `migrations/` with its SQL, in version order.
const FILES: &[(&str, &str)] = &[
    migration!("0001_organisations_and_reports"),
    migration!("0002_access_and_audit"),
    migration!("0003_data_version"),
    migration!("0004_pending_imports"),
    migration!("0005_drop_unused_index"),
    migration!("0006_figure_snapshots"),
    migration!("0007_token_expiry"),
    migration!("0008_account_changes_out_of_organisation_history"),
    migration!("0009_login_attempts"),
    migration!("0010_reports_by_status"),
    migration!("0013_figures_keep_their_catalogue_version"),
    migration!("0014_reporting_deadlines"),
    migration!("0015_figure_explanations"),
    migration!("0016_organisation_sizes"),
    migration!("0017_series_goals"),
    migration!("0018_open_data"),
    migration!("0019_display_links"),
    migration!("0020_quarter_versions"),
    migration!("0021_mail_outbox"),
    migration!("0022_oidc_sign_ins"),
    migration!("0023_data_changes"),
    migration!("0024_counted_version"),
];

/// The migrations of [`FILES`], read as sqlx reads a folder of them: the version before the
/// first `_`, the rest of the name without `.sql` and with spaces for `_` as the description.
pub(super) fn migrator() -> Migrator {
    let migrations = FILES
        .iter()
        .map(|&(file, sql)| {
            let (version, rest) = file
                .split_once('_')
                .expect("a migration is named VERSION_NAME");
            let kind = MigrationType::from_filename(rest);
            Migration::new(
                version.parse().expect("a migration's version is a number"),
                Cow::Owned(rest.trim_end_matches(kind.suffix()).replace('_', " ")),
                kind,
                sqlx::AssertSqlSafe(sql).into_sql_str(),
                sql.starts_with("-- no-transaction"),
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// What sqlx itself reads from the folder, the way `sqlx::migrate!()` did.
    #[tokio::test]
    async fn the_list_is_every_migration_in_the_folder_as_sqlx_reads_it() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let read = Migrator::new(folder).await.unwrap();
        let listed = migrator();
        let describe = |m: &Migration| {
            (
                m.version,
                m.description.to_string(),
                m.migration_type,
                m.sql.as_str().to_owned(),
                m.checksum.to_vec(),
                m.no_tx,
            )
        };
        assert_eq!(
            listed.iter().map(describe).collect::<Vec<_>>(),
            read.iter().map(describe).collect::<Vec<_>>()
        );
    }
}
