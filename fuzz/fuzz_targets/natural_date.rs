//! libFuzzer's entry to the `natural_date` target; its body, shared with the
//! stable smoke test (tests/fuzz_smoke), is in targets/natural_date.rs.

#![no_main]

#[path = "../targets/natural_date.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
