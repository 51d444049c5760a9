//! An import file of arbitrary bytes: `ImportPlan::parse` must never panic, and a plan it
//! accepts must be consistent with its input and the catalogue.

#![no_main]

use effekt::csv::ImportPlan;
use effekt_fuzz::CATALOGUE;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let catalogue = &*CATALOGUE;
    let Ok(plan) = ImportPlan::parse(catalogue, data) else {
        return;
    };
    // Lines as the reader counts them: only `\n` ends one.
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    assert!(
        plan.rows.len() <= lines,
        "{} rows from {lines} lines",
        plan.rows.len()
    );
    // The header takes a line of its own, and each row starts on a later line than the last.
    let mut previous = 1;
    for row in &plan.rows {
        assert!(
            row.line > previous && row.line <= lines,
            "row on line {}",
            row.line
        );
        previous = row.line;
        let series = catalogue
            .find_series(row.series.as_str())
            .expect("a planned row's series is in the catalogue");
        assert_eq!(series.check(row.value), Ok(row.value), "line {}", row.line);
    }
    for (line, _) in plan.lessons.values() {
        assert!(*line > 1 && *line <= lines, "lessons on line {line}");
    }
    // Every checked row becomes part of exactly one update ("this cannot fail").
    let updates = plan.updates(catalogue);
    let figures: usize = updates.iter().map(|(_, _, u)| u.values().len()).sum();
    assert_eq!(figures, plan.rows.len(), "rows lost on the way to updates");
    for (organisation, period, _) in &updates {
        assert!(plan.first_line(*organisation, *period) > 1);
    }
});
