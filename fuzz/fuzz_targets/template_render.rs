//! libFuzzer's entry to the `template_render` target; its body, shared with the
//! stable smoke test (tests/fuzz_smoke), is in targets/template_render.rs.

#![no_main]

#[path = "../targets/template_render.rs"]
mod target;

libfuzzer_sys::fuzz_target!(|data: &[u8]| target::run(data));
