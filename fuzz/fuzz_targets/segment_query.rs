//! Any text: the segment parser returns a tree or an error pointing inside
//! the text, never panics; a tree prints back to text that parses to it.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match kith::domain::segment::parse(text) {
        Ok(query) => {
            let printed = query.to_string();
            assert_eq!(kith::domain::segment::parse(&printed), Ok(query), "{printed}");
        }
        Err(e) => {
            assert!(e.column <= text.chars().count());
            let _ = e.caret(text);
        }
    }
});
