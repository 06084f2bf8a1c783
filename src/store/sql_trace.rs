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
