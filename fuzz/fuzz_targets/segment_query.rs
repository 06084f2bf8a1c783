//! libFuzzer's entry to the `segment_query` target; its body, shared with the
//! stable smoke test (tests/fuzz_smoke), is in targets/segment_query.rs.

#![no_main]

#[path = "../targets/segment_query.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
