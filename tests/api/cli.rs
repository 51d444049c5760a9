//! The server binary's import and export commands, run without the web server.

use effekt_server::Config;
use effekt_server::cli::Command;
use effekt_tests::{config_for, fresh_database_url, run_command};

async fn config(dir: &std::path::Path) -> Config {
    config_for(&fresh_database_url(dir).await)
}

#[tokio::test]
async fn import_checks_the_whole_file_and_export_writes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path()).await;
    // The organisation must exist: create it through the store, as the server would.
    let (store, _) = effekt_server::open(&config).await.unwrap();
    let organisation = effekt::Organisation {
        organisation_number: "212000-2627".parse().unwrap(),
        name: effekt::OrgName::parse("Umeå kommun").unwrap(),
        kind: effekt::OrgKind::Municipality,
    };
    store
        .create_organisation(&organisation, &effekt::store::Actor::System("test"))
        .await
        .unwrap();

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "organisation_number,period,series,value\n212000-2627,2025Q3,tv_series,1.5\n212000-2627,2025Q9,tv_series,1\n").unwrap();
    let (ok, _, err) = run_command(&config, Command::Import(bad)).await;
    assert!(!ok);
    assert_eq!(
        err,
        "line 2, value: must be a whole number\nline 3, period: not a quarter (YYYYQn or YYYYKn)\neffekt: nothing was stored\n"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "organisation_number;period;series;value\n212000-2627;2025K3;customer_satisfaction;74,5\n",
    )
    .unwrap();
    let (ok, out, _) = run_command(&config, Command::Import(good.clone())).await;
    assert!(ok);
    assert_eq!(
        out, "imported 1 rows: 2 changes\n",
        "the new report's status and the figure"
    );
    let (_, again, _) = run_command(&config, Command::Import(good)).await;
    assert_eq!(again, "imported 1 rows: 0 changes\n");

    let (ok, out, _) = run_command(&config, Command::ExportValues("format=csv".into())).await;
    assert!(ok);
    assert_eq!(
        out,
        "organisation_number,organisation_name,period,measure,series,value,status\r\n\
         212000-2627,Umeå kommun,2025Q3,customer_satisfaction,customer_satisfaction,74.5,draft\r\n"
    );
    // Submitted, so that the figure counts in the summary: drafts never do.
    store
        .take_step(
            organisation.organisation_number,
            "2025Q3".parse().unwrap(),
            effekt::Step::Submit,
            &effekt::store::Actor::System("test"),
        )
        .await
        .unwrap();
    let (ok, out, _) = run_command(
        &config,
        Command::ExportSummary("series=customer_satisfaction".into()),
    )
    .await;
    assert!(ok);
    assert!(
        out.contains("customer_satisfaction,2025Q3,1,74.5,74.5,74.5,74.5,74.5,74.5,74.5"),
        "{out}"
    );
    let (ok, _, err) = run_command(&config, Command::ExportValues("from=nonsense".into())).await;
    assert!(!ok && err.contains("not a quarter"), "{err}");
}

#[tokio::test]
async fn generate_fills_an_empty_database_reproducibly_and_refuses_a_full_one() {
    let size = effekt_server::generate::Size {
        organisations: 30,
        quarters: 8,
        seed: 3,
    };
    let mut snapshots = Vec::new();
    for _ in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path()).await;
        let (ok, out, err) = run_command(&config, Command::Generate(size.clone())).await;
        assert!(ok, "{err}");
        assert!(
            out.starts_with("generated 30 organisations, 8 quarters"),
            "{out}"
        );
        let (ok, _, err) = run_command(&config, Command::Generate(size.clone())).await;
        assert!(!ok);
        assert!(err.contains("already holds data"), "{err}");
        let rows: Vec<String> = effekt_tests::snapshot_of(&config.database_url)
            .await
            .into_iter()
            .filter(|row| row.starts_with("report_values"))
            .collect();
        snapshots.push(rows);
    }
    assert!(
        snapshots[0] == snapshots[1],
        "the same seed, the same figures"
    );
    let values = snapshots[0].len();
    let possible = 30 * 8 * 17;
    assert!(
        values > possible * 9 / 10 && values < possible,
        "{values} of {possible}, with gaps"
    );
}

/// What the command line answers to `args`: its exit status, standard output and standard
/// error, as the binary writes them.
fn answer(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let usage = Command::parse(&args).expect_err("no command to run");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = usage.report(&mut out, &mut err);
    (
        status,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn every_command_has_help_and_a_mistake_is_one_line_on_standard_error() {
    let (status, help, err) = answer(&["--help"]);
    assert_eq!((status, err.as_str()), (0, ""));
    for command in ["import", "export", "generate", "backup", "migrate-data"] {
        assert!(
            help.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
    }
    let (status, version, _) = answer(&["--version"]);
    assert_eq!(
        (status, version),
        (0, format!("effekt {}\n", env!("CARGO_PKG_VERSION")))
    );
    let more = "(more with --help)";
    for (command, usage, mistake, line) in [
        (
            &["import"][..],
            "effekt import <FILE>",
            &["import", "a.csv", "b.csv"][..],
            format!("unexpected argument 'b.csv' found; usage: effekt import <FILE> {more}"),
        ),
        (
            &["export"],
            "effekt export <COMMAND>",
            &["export", "all"],
            format!("unrecognized subcommand 'all'; usage: effekt export <COMMAND> {more}"),
        ),
        (
            &["export"],
            "effekt export <COMMAND>",
            &["export"],
            format!("a command is missing; usage: effekt export <COMMAND> {more}"),
        ),
        (
            &["export", "values"],
            "effekt export values [QUERY]",
            &["export", "values", "from=2025Q1", "to=2025Q4"],
            format!(
                "unexpected argument 'to=2025Q4' found; usage: effekt export values [QUERY] {more}"
            ),
        ),
        (
            &["export", "summary"],
            "effekt export summary [QUERY]",
            &["export", "summary", "--kind", "region"],
            format!(
                "unexpected argument '--kind' found; usage: effekt export summary [QUERY] {more}"
            ),
        ),
        (
            &["generate"],
            "effekt generate [OPTIONS]",
            &["generate", "--quarters", "0"],
            // A bad value is told with the values allowed, which is clearer than the usage.
            format!("invalid value '0' for '--quarters <Q>': 0 is not in 1..=400 {more}"),
        ),
        (
            &["backup"],
            "effekt backup <FILE>",
            &["backup"],
            format!(
                "the following required arguments were not provided: <FILE>; \
                 usage: effekt backup <FILE> {more}"
            ),
        ),
        (
            &["migrate-data"],
            "effekt migrate-data --from <URL> --to <URL>",
            &["migrate-data", "--from", "sqlite://a.db"],
            format!(
                "the following required arguments were not provided: --to <URL>; \
                 usage: effekt migrate-data --from <URL> --to <URL> {more}"
            ),
        ),
    ] {
        let (status, help, err) = answer(&[command, &["--help"]].concat());
        assert_eq!((status, err.as_str()), (0, ""), "{command:?}");
        assert!(help.contains(&format!("Usage: {usage}")), "{help}");
        let (status, out, err) = answer(mistake);
        assert_eq!(
            (status, out.as_str(), err),
            (2, "", format!("effekt: {line}\n")),
            "{mistake:?}"
        );
    }
}
