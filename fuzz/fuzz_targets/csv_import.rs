//! An import file of arbitrary bytes: `ImportPlan::parse` must never panic, and a plan it
//! accepts must be consistent with its input and the catalogue.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| effekt_fuzz_checks::csv_import(data));
