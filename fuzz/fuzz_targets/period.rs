//! `Period::parse` on arbitrary text: never a panic, and what it accepts round-trips.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| effekt_fuzz_checks::period(data));
