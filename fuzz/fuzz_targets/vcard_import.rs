//! libFuzzer's entry to the `vcard_import` target; its body, shared with the
//! stable smoke test (tests/fuzz_smoke), is in targets/vcard_import.rs.

#![no_main]

#[path = "../targets/vcard_import.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
