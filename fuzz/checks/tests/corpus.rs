//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through each target's checks on
//! stable Rust: every input the fuzzer kept, and the hand-written seeds, must still pass.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{target}: only {} inputs", files.len());
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).expect("a corpus file reads");
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} fails on {failed:#?}");
}

#[test]
fn csv_import_corpus() {
    replay("csv_import", effekt_fuzz_checks::csv_import);
}

#[test]
fn period_corpus() {
    replay("period", effekt_fuzz_checks::period);
}

#[test]
fn org_number_corpus() {
    replay("org_number", effekt_fuzz_checks::org_number);
}

#[test]
fn report_json_corpus() {
    replay("report_json", effekt_fuzz_checks::report_json);
}
