//! The systemd unit in the repository (`server/systemd/effekt.service`), as `systemd-analyze`
//! reads it: valid, starting the binary, and as locked down as systemd rates it.

use std::process::Command;

use effekt_tests::repo_root;
use effekt_tests::server_process::server_binary;

/// The highest exposure `systemd-analyze security` may give the unit, in tenths: it prints 0.0
/// (the best) to 10.0, and the unit as written scores 1.2.
const EXPOSURE_AT_MOST: &str = "15";

#[test]
fn the_unit_is_valid_hardened_and_starts_the_binary() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: systemd-analyze is not installed (`scripts/setup --test` installs it)");
        return;
    }
    let unit = std::fs::read_to_string(repo_root().join("server/systemd/effekt.service"))
        .expect("the unit file is in the repository");
    for setting in [
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "StateDirectory=effekt",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectHome=yes",
        "EnvironmentFile=-/etc/effekt/effekt.env",
        "Environment=DATABASE_URL=sqlite:///var/lib/effekt/effekt.db",
    ] {
        assert!(
            unit.lines().any(|line| line == setting),
            "the unit has {setting}"
        );
    }
    // Installed, the binary is /usr/local/bin/effekt; here it is the one just built, which
    // `verify` checks is there and executable.
    let installed = "ExecStart=/usr/local/bin/effekt\n";
    assert!(
        unit.contains(installed),
        "the unit starts the installed binary"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("effekt.service");
    let here = format!("ExecStart={}\n", server_binary().display());
    std::fs::write(&path, unit.replace(installed, &here)).unwrap();

    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze runs");
    let said = String::from_utf8_lossy(&verify.stderr).into_owned()
        + &String::from_utf8_lossy(&verify.stdout);
    // An unknown or misspelt setting is only a warning to systemd, and ignored: none is allowed.
    assert!(verify.status.success() && said.trim().is_empty(), "{said}");

    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(format!("--threshold={EXPOSURE_AT_MOST}"))
        .arg(&path)
        .output()
        .expect("systemd-analyze runs");
    let report = String::from_utf8_lossy(&security.stdout);
    assert!(
        security.status.success(),
        "exposure above {EXPOSURE_AT_MOST} tenths:\n{report}{}",
        String::from_utf8_lossy(&security.stderr)
    );
    assert!(report.contains("Overall exposure level"), "{report}");
}
