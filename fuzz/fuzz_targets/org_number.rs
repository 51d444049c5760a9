//! `OrgNumber::parse` on arbitrary text: never a panic, and what it accepts round-trips.

#![no_main]

use effekt::OrgNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
