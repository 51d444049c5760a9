//! What each fuzz target checks, as plain functions: `cargo +nightly fuzz` calls them on
//! generated input (`../fuzz_targets/`), and `tests/corpus.rs` on every committed corpus file
//! with stable Rust, so `scripts/test` replays the corpus. Each function panics when its
//! property fails.

use std::sync::LazyLock;

use effekt::csv::ImportPlan;
use effekt::{
    Catalogue, Entry, FieldError, MAX_LESSONS_CHARS, OrgNumber, Period, ReportChanges, ReportUpdate,
};
use serde_json::Value;

/// `data/measures.toml`, read once.
pub static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::shipped);

/// An import file of arbitrary bytes: `ImportPlan::parse` must never panic, and a plan it
/// accepts must be consistent with its input and the catalogue.
pub fn csv_import(data: &[u8]) {
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
}

/// `Period::parse` on arbitrary text: never a panic, and what it accepts round-trips.
pub fn period(data: &[u8]) {
    // Running numbers from the raw bytes: `from_index` must not panic and must invert `index`.
    if let Some(bytes) = data.get(..4) {
        let index = i32::from_le_bytes(bytes.try_into().unwrap());
        if let Some(period) = Period::from_index(index) {
            assert_eq!(period.index(), index);
        }
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(period) = Period::parse(text) else {
        return;
    };
    let written = period.to_string();
    assert_eq!(written.len(), 6, "{written:?}");
    assert_eq!(
        Period::parse(&written),
        Ok(period),
        "{text:?} -> {written:?}"
    );
    // The Statistics Sweden form of the same quarter.
    assert_eq!(Period::parse(&written.replace('Q', "K")), Ok(period));
    assert_eq!(Period::new(period.year(), period.quarter()), Ok(period));
    assert_eq!(Period::from_index(period.index()), Some(period));
    assert!(
        text.eq_ignore_ascii_case(&written)
            || text.eq_ignore_ascii_case(&written.replace('Q', "K"))
    );
}

/// `OrgNumber::parse` on arbitrary text: never a panic, and what it accepts round-trips.
pub fn org_number(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(number) = OrgNumber::parse(text) else {
        return;
    };
    let written = number.to_string();
    assert_eq!(written.len(), 11, "{written:?}");
    assert_eq!(&written[6..7], "-", "{written:?}");
    assert_eq!(
        OrgNumber::parse(&written),
        Ok(number),
        "{text:?} -> {written:?}"
    );
    let digits = written.replace('-', "");
    assert_eq!(OrgNumber::parse(&digits), Ok(number));
    assert_eq!(text.replace('-', ""), digits);
    // The first nine digits decide the tenth.
    let first_nine: [u8; 9] = std::array::from_fn(|i| digits.as_bytes()[i] - b'0');
    assert_eq!(OrgNumber::from_first_nine(first_nine), Some(number));
}

/// The body of `PUT /api/v1/organisations/{orgnr}/reports/{period}` as arbitrary bytes, read as
/// the server reads it: a JSON object (`ApiJson`, `server/src/api/extract.rs`) into
/// [`ReportChanges`], then [`ReportChanges::into_update`], the server's own code. The same
/// values are also checked as typed text (`Entry::Text`), the report form's path. Never a panic;
/// an accepted update holds only valid figures of known series.
pub fn report_json(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if !body.is_object() {
        return;
    }
    let Ok(changes) = serde_json::from_value::<ReportChanges>(body.clone()) else {
        return;
    };
    // Read again here, independently of the code under test.
    let values = body
        .get("values")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let lessons = body.get("lessons").and_then(Value::as_str);
    check_update(changes.into_update(&CATALOGUE), values.len(), lessons);
    let typed = values.iter().map(|(key, value)| {
        let entry = match value {
            Value::Null => Entry::Clear,
            Value::String(s) => Entry::Text(s.clone()),
            other => Entry::Text(other.to_string()),
        };
        (key.clone(), entry)
    });
    let update = ReportUpdate::parse(&CATALOGUE, typed, lessons.map(str::to_owned));
    check_update(update, values.len(), lessons);
}

fn check_update(
    update: Result<ReportUpdate, Vec<FieldError>>,
    figures: usize,
    lessons: Option<&str>,
) {
    match update {
        Ok(update) => {
            assert_eq!(update.values().len(), figures);
            for (key, value) in update.values() {
                let series = CATALOGUE
                    .find_series(key.as_str())
                    .expect("an accepted figure's series is in the catalogue");
                if let Some(value) = value {
                    assert_eq!(series.check(*value), Ok(*value), "{key}");
                }
            }
            assert_eq!(update.lessons().is_some(), lessons.is_some());
            if let Some(lessons) = update.lessons() {
                assert!(lessons.chars().count() <= MAX_LESSONS_CHARS);
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "refused without a reason"),
    }
}
