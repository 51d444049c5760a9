//! The body of `PUT /api/v1/organisations/{orgnr}/reports/{period}` as arbitrary bytes, read by
//! the server's own `effekt::ReportChanges`; `effekt_fuzz_checks::report_json` says what must
//! hold.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| effekt_fuzz_checks::report_json(data));
