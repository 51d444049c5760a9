//! `Period::parse` on arbitrary text: never a panic, and what it accepts round-trips.

#![no_main]

use effekt::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
