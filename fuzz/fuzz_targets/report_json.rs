//! The body of `PUT /api/v1/organisations/{orgnr}/reports/{period}` as arbitrary bytes: read the
//! way the server reads it (`server/src/api/reports.rs`), then checked with
//! `ReportUpdate::parse` against the catalogue. Never a panic; an accepted update holds only
//! valid figures of known series.

#![no_main]

use effekt::{Entry, MAX_LESSONS_CHARS, ReportUpdate};
use effekt_fuzz::CATALOGUE;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::Value;

/// A copy of the server's private `ReportChanges`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportChanges {
    #[serde(default)]
    values: serde_json::Map<String, Value>,
    #[serde(default)]
    lessons: Option<String>,
}

/// As the server maps JSON values to entries.
fn api_entry(value: &Value) -> Entry {
    match value {
        Value::Null => Entry::Clear,
        Value::Number(n) => Entry::Number(n.as_f64().unwrap_or(f64::NAN)),
        _ => Entry::Number(f64::NAN),
    }
}

/// As a form would send them: text typed by a person.
fn typed_entry(value: &Value) -> Entry {
    match value {
        Value::Null => Entry::Clear,
        Value::String(s) => Entry::Text(s.clone()),
        other => Entry::Text(other.to_string()),
    }
}

fn check(body: &ReportChanges, entry: fn(&Value) -> Entry) {
    let catalogue = &*CATALOGUE;
    let entries: Vec<(String, Entry)> = body
        .values
        .iter()
        .map(|(key, value)| (key.clone(), entry(value)))
        .collect();
    match ReportUpdate::parse(catalogue, entries, body.lessons.clone()) {
        Ok(update) => {
            assert_eq!(update.values().len(), body.values.len());
            for (key, value) in update.values() {
                let series = catalogue
                    .find_series(key.as_str())
                    .expect("an accepted figure's series is in the catalogue");
                if let Some(value) = value {
                    assert_eq!(series.check(*value), Ok(*value), "{key}");
                }
            }
            if let Some(lessons) = update.lessons() {
                assert!(lessons.chars().count() <= MAX_LESSONS_CHARS);
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "refused without a reason"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<ReportChanges>(data) else {
        return;
    };
    check(&body, api_entry);
    check(&body, typed_entry);
});
