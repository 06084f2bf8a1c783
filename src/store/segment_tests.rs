//! The SQL the compiler makes for the issue's examples: a reviewer reads
//! that no user text is in it (every value is a `?`), and which index each
//! key reads.

use std::fmt::Write as _;

use super::*;
use crate::domain::segment::parse;

fn env() -> Env {
    Env {
        now: NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("a date"),
        currency: "EUR".into(),
    }
}

fn refs() -> Refs {
    Refs {
        rfm: HashMap::from([(RfmGroup::AtRisk, vec![4, 8])]),
        segments: HashMap::from([("best-clients".to_string(), vec![1, 2, 3])]),
        tags: vec!["client".into(), "partner".into(), "vip".into()],
    }
}

const EXAMPLES: &[&str] = &[
    "tag:client city:berlin stage:customer last:>90d spent:>=1000 -tag:vip",
    "(tag:client or tag:partner) country:de",
    "field.industry:fintech",
    "created:<2025-01-01",
    "count.purchase:>=3",
    "rating:<3",
    "nps:<=6",
    "consent:granted",
    "due:overdue",
    "kind:investor",
    "org:\"Acme GmbH\"",
    "name:muller",
    "email:@acme.io",
    "birthday:<3d",
    "cadence:lapsed",
    "rfm:at-risk",
    "segment:best-clients",
    "-tag:vip",
    "spent:<100",
    "archived:yes",
    "'; DROP TABLE contact; --:x",
    "name:\"'; DROP TABLE contact; --\"",
];

#[test]
fn the_sql_of_the_issues_examples() {
    let mut out = String::new();
    for q in EXAMPLES {
        let Ok(ast) = parse(q) else {
            let _ = writeln!(out, "{q}\n  does not parse\n");
            continue;
        };
        let c = compile(&ast, &env(), &refs()).expect("compiles");
        let sql = c.sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "{q}\n  {sql}\n  {:?}\n", c.params);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn user_text_never_reaches_the_sql() {
    let hostile = "name:\"x' OR 1=1 --\" org:\"\\\"; DROP\"";
    let c = compile(&parse(hostile).expect("parses"), &env(), &refs()).expect("compiles");
    assert!(
        !c.sql.contains("OR 1=1") && !c.sql.contains("DROP"),
        "{}",
        c.sql
    );
}

#[test]
fn every_key_runs_on_a_real_database() {
    let store = crate::store::Store::open_in_memory().expect("a database");
    let db = store.db();
    for q in EXAMPLES {
        let Ok(ast) = parse(q) else { continue };
        let c = compile(&ast, &env(), &refs()).expect("compiles");
        assert_eq!(db.segment_count(&c).expect(q), 0, "{q}");
        db.segment_rows(&c, crate::store::ContactSort::Last, Some(5))
            .expect(q);
    }
}
