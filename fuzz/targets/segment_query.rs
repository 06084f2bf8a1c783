//! The segment language, end to end: any text parses to a tree or to an
//! error pointing inside the text; a tree prints back to text that parses
//! to it; it compiles to SQL (or a user error, such as an unknown saved
//! segment) and that SQL runs on a small database of demo contacts with
//! saved segments, the count agreeing with the members listed.

use std::collections::HashSet;

use chrono::NaiveDate;
use kith::clock::Clock;
use kith::config::Config;
use kith::domain::segment;
use kith::error::ErrorKind;
use kith::ops::Ctx;
use kith::ops::demo::{DemoSize, generate};
use kith::store::{ContactSort, Store};

thread_local! {
    /// Built once per process: the queries only read it.
    static FIXTURE: Fixture = Fixture::new();
}

struct Fixture {
    ctx: Ctx,
    contacts: u64,
}

impl Fixture {
    fn new() -> Fixture {
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("a date");
        let mut ctx = Ctx {
            store: Store::open_in_memory().expect("an in-memory database"),
            clock: Clock::fixed(at),
            config: Config::default(),
        };
        let size = DemoSize {
            contacts: 60,
            interactions: 400,
            seed: 12,
        };
        generate(&mut ctx, size).expect("demo contacts");
        kith::ops::segment::add(&mut ctx, "vips", "tag:vip or stage:customer", false, "")
            .expect("a live segment");
        kith::ops::segment::add(&mut ctx, "frozen", "last:<90d", true, "")
            .expect("a static segment");
        kith::ops::segment::add(
            &mut ctx,
            "nested",
            "segment:vips -segment:frozen",
            false,
            "",
        )
        .expect("a segment of segments");
        let contacts: i64 = ctx.store.db().count_contacts().expect("a count");
        Fixture {
            ctx,
            contacts: u64::try_from(contacts).unwrap_or(0),
        }
    }
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let query = match segment::parse(text) {
        Ok(query) => query,
        Err(e) => {
            assert!(e.column <= text.chars().count(), "{text:?}: {e}");
            let _ = e.caret(text);
            return;
        }
    };
    let printed = query.to_string();
    assert_eq!(
        segment::parse(&printed),
        Ok(query.clone()),
        "{text:?} → {printed}"
    );
    FIXTURE.with(|fixture| {
        let ctx = &fixture.ctx;
        let compiled = match kith::ops::segment::compile(ctx, &query) {
            Ok(compiled) => compiled,
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::User, "{text:?}: {e}");
                return;
            }
        };
        let db = ctx.store.db();
        let count = db
            .segment_count(&compiled)
            .unwrap_or_else(|e| panic!("{text:?} → {}: {e}", compiled.sql));
        assert!(count <= fixture.contacts, "{text:?}: {count} members");
        let ids = db
            .segment_ids(&compiled, ContactSort::Name)
            .unwrap_or_else(|e| panic!("{text:?} → {}: {e}", compiled.sql));
        assert_eq!(ids.len() as u64, count, "{text:?}");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "{text:?}"
        );
        let rows = db
            .segment_rows(&compiled, ContactSort::Last, Some(5))
            .unwrap_or_else(|e| panic!("{text:?} → {}: {e}", compiled.sql));
        assert_eq!(rows.len() as u64, count.min(5), "{text:?}");
    });
}
