//! Tests only: every SQL text the store's connection runs, as written
//! before its parameters are bound (`SQLITE_TRACE_STMT`), so a test can show
//! that no statement carries user text.

use std::sync::{Arc, Mutex};

use rusqlite::trace::{TraceEvent, TraceEventCodes};

impl super::Store {
    /// From now on, the text of every statement this connection starts is
    /// appended to the list returned (triggers' sub-statements too).
    pub(crate) fn trace_statements(&mut self) -> Arc<Mutex<Vec<String>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        self.conn
            .trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |event: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(stmt, _) = event {
                        sink.lock()
                            .expect("trace list")
                            .push(stmt.sql().into_owned());
                    }
                }),
            )
            .expect("install the trace");
        seen
    }
}

/// The static half: no `format!` in the store puts a value between SQL
/// quotes (`'{…}'`, `'%{…}%'`), the shape a value spliced into SQL takes.
/// The dynamic test (`cli::no_spliced_sql`) covers what reads cannot.
#[test]
fn no_value_is_formatted_between_sql_quotes() {
    // (file, text, why it is safe)
    let known = [(
        "segment.rs",
        "kind = '{}'",
        "an interaction kind from the closed enum (`as_str` is 'static), \
         written literally so the partial index on kind applies",
    )];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let mut found = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("src/store") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let rust = path.extension().is_some_and(|e| e == "rs");
        if !rust || name.ends_with("tests.rs") || name == "sql_trace.rs" {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let spliced = ["'{", "'%{"].iter().any(|open| {
                line.match_indices(open).any(|(at, _)| {
                    let rest = &line[at..];
                    !line[at + 1..].starts_with("{{")
                        && (rest.contains("}'") || rest.contains("}%'"))
                })
            });
            let allowed = known
                .iter()
                .any(|(file, shape, _)| *file == name && line.contains(shape));
            if spliced && !allowed {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(files > 20, "read the store's files: {files}");
    assert!(
        found.is_empty(),
        "values formatted between SQL quotes: {found:#?}"
    );
}
