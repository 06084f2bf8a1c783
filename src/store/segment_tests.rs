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

/// The largest queries the language reads (`MAX_TERMS` terms, nested
/// `MAX_DEPTH` deep) make SQL that `SQLite` runs: 1,100 terms once made
/// "Expression tree is too large" and 600 negations "Recursion limit".
#[test]
fn the_largest_queries_the_language_reads_run_in_sqlite() {
    use crate::domain::segment::{MAX_DEPTH, MAX_TERMS};
    let store = crate::store::Store::open_in_memory().expect("a database");
    let db = store.db();
    let kinds = [
        "-count.call:>=2",
        "cadence:lapsed",
        "-spent:>=\"5 USD\"",
        "birthday:<30d",
        "due:overdue",
        "-field.x:y",
        "tag:vip",
        "segment:best-clients",
    ];
    let flat: Vec<&str> = kinds.iter().copied().cycle().take(MAX_TERMS).collect();
    // Every level used: a `-` inside a term of `flat` is one more.
    let half = MAX_DEPTH / 2 - 1;
    let queries = [
        flat.join(" "),
        flat.join(" or "),
        format!("{}({})", "-".repeat(MAX_DEPTH - 2), flat.join(" or ")),
        format!(
            "{}{}{}",
            "(tag:a or -".repeat(half),
            flat[..MAX_TERMS - half].join(" "),
            ")".repeat(half)
        ),
    ];
    for q in &queries {
        let ast = parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        let c = compile(&ast, &env(), &refs()).expect("compiles");
        assert_eq!(db.segment_count(&c).expect(q), 0, "{q}");
    }
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

mod equals_the_evaluator {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::contact::Stage;
    use crate::domain::dates::Interval;
    use crate::domain::interaction::InteractionKind;
    use crate::domain::segment::eval::{Facts, matches};
    use crate::domain::segment::{Key, Op, Term};

    #[derive(Clone, Debug)]
    struct Person {
        name: &'static str,
        city: Option<&'static str>,
        email: Option<&'static str>,
        tags: Vec<&'static str>,
        field: Option<&'static str>,
        stage: Option<Stage>,
        archived: bool,
        created_ago: u64,
        last_ago: Option<u64>,
        birthday: Option<(u32, u32)>,
        purchases: Vec<(i64, &'static str)>,
        calls: i64,
        feedback: Vec<(Option<i64>, Option<i64>)>,
        follow_ups: Vec<(i64, bool)>,
        cadence: Option<&'static str>,
    }

    fn person() -> impl Strategy<Value = Person> {
        let words = (
            prop::sample::select(vec!["Jürgen Müller", "Ana Zürich", "MULLER", "bob", "Zoë"]),
            prop::option::of(prop::sample::select(vec![
                "Berlin", "berlin", "München", "Zürich",
            ])),
            prop::option::of(prop::sample::select(vec!["j@acme.io", "ana@x.com"])),
            prop::sample::subsequence(vec!["client", "vip", "zürich-fan"], 0..=3),
            prop::option::of(prop::sample::select(vec!["FinTech", "retail"])),
            prop::option::of(prop::sample::select(Stage::ALL.to_vec())),
            any::<bool>(),
        );
        let history = (
            0..800_u64,
            prop::option::of(0..400_u64),
            prop::option::of((1..=12_u32, 1..=28_u32)),
            prop::collection::vec(
                (1..2000_i64, prop::sample::select(vec!["EUR", "USD"])),
                0..4,
            ),
            0..4_i64,
            prop::collection::vec(
                (prop::option::of(1..=5_i64), prop::option::of(0..=10_i64)),
                0..3,
            ),
            prop::collection::vec((-10..10_i64, any::<bool>()), 0..3),
            prop::option::of(prop::sample::select(vec!["30d", "2w", "1m"])),
        );
        (words, history).prop_map(|(w, h)| Person {
            name: w.0,
            city: w.1,
            email: w.2,
            tags: w.3,
            field: w.4,
            stage: w.5,
            archived: w.6,
            created_ago: h.0,
            last_ago: h.1,
            birthday: h.2,
            purchases: h.3,
            calls: h.4,
            feedback: h.5,
            follow_ups: h.6,
            cadence: h.7,
        })
    }

    fn term() -> impl Strategy<Value = Term> {
        let choices: Vec<(Key, Vec<Op>, Vec<&'static str>)> = vec![
            (Key::Tag, vec![Op::Is], vec!["client", "VIP", "zurich-fan"]),
            (
                Key::Name,
                vec![Op::Is, Op::Eq],
                vec!["muller", "zoe", "Jürgen Müller", "ana"],
            ),
            (Key::City, vec![Op::Is], vec!["berlin", "MÜNCHEN", "zurich"]),
            (Key::Email, vec![Op::Is], vec!["@acme.io", "ana"]),
            (
                Key::Field("Industry".into()),
                vec![Op::Is],
                vec!["fintech", "retail"],
            ),
            (Key::Stage, vec![Op::Is], vec!["customer", "lead", "none"]),
            (
                Key::Last,
                vec![Op::Is, Op::Gt, Op::Lt, Op::Ge, Op::Le],
                vec!["90d", "2w", "2026-01-01", "none"],
            ),
            (
                Key::Created,
                vec![Op::Is, Op::Gt, Op::Lt],
                vec!["-2w", "2025-06-01", "1y"],
            ),
            (
                Key::Birthday,
                vec![Op::Lt, Op::Gt, Op::Le],
                vec!["30d", "2w"],
            ),
            (
                Key::Spent,
                vec![Op::Is, Op::Ge, Op::Lt, Op::Gt],
                vec!["0", "10", "\"5 USD\"", "20"],
            ),
            (
                Key::Count(InteractionKind::Call),
                vec![Op::Is, Op::Ge, Op::Lt],
                vec!["0", "2"],
            ),
            (
                Key::Count(InteractionKind::Purchase),
                vec![Op::Ge, Op::Le],
                vec!["1", "3"],
            ),
            (Key::Rating, vec![Op::Lt, Op::Ge, Op::Is], vec!["3", "5"]),
            (Key::Nps, vec![Op::Le, Op::Gt], vec!["6", "8"]),
            (
                Key::Due,
                vec![Op::Is],
                vec!["overdue", "today", "week", "any", "none"],
            ),
            (
                Key::Cadence,
                vec![Op::Is],
                vec!["lapsed", "ok", "set", "none"],
            ),
            (Key::Archived, vec![Op::Is], vec!["yes", "no", "any"]),
        ];
        prop::sample::select(choices).prop_flat_map(|(key, ops, values)| {
            (
                Just(key),
                prop::sample::select(ops),
                prop::sample::select(values),
            )
                .prop_map(|(key, op, value)| Term {
                    key,
                    op,
                    value: value.trim_matches('"').to_string(),
                })
        })
    }

    fn query() -> impl Strategy<Value = Query> {
        let leaf = term()
            .prop_filter("a term that reads", |t| cond::check(t).is_ok())
            .prop_map(Query::Term);
        leaf.prop_recursive(3, 12, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|q| Query::Not(Box::new(q))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Query::And(Box::new(a), Box::new(b))),
                (inner.clone(), inner).prop_map(|(a, b)| Query::Or(Box::new(a), Box::new(b))),
            ]
        })
    }

    fn day(ago: i64) -> NaiveDate {
        let today = env().today();
        if ago >= 0 {
            today - Days::new(ago.unsigned_abs())
        } else {
            today + Days::new(ago.unsigned_abs())
        }
    }

    /// Writes `people` into a new database as kith stores them, and returns
    /// the facts the evaluator reads.
    fn build(people: &[Person]) -> (crate::store::Store, Vec<Facts>) {
        let store = crate::store::Store::open_in_memory().expect("a database");
        let conn = &store.conn;
        let mut facts = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let id = i64::try_from(i).expect("few") + 1;
            let created = day(i64::try_from(p.created_ago).expect("small"));
            let last = p.last_ago.map(|a| day(i64::try_from(a).expect("small")));
            let stamp = |d: NaiveDate, h: usize| format!("{d} {:02}:00:00", h % 24);
            let birthday = p.birthday.map(|(m, d)| format!("--{m:02}-{d:02}"));
            let cadence_days = p
                .cadence
                .map(|c| c.parse::<Interval>().expect("an interval").approx_days());
            conn.execute(
                "INSERT INTO contact (id, uid, display_name, city, birthday, stage, cadence, cadence_days,
                     archived, last_interaction_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                rusqlite::params![id, format!("u{id}"), p.name, p.city, birthday,
                    p.stage.map(Stage::as_str), p.cadence, cadence_days, p.archived,
                    last.map(|d| stamp(d, 12)), stamp(created, 8)],
            )
            .expect("a contact");
            if let Some(e) = p.email {
                conn.execute(
                    "INSERT INTO contact_email (contact_id, email, email_key) VALUES (?1, ?2, ?2)",
                    rusqlite::params![id, e],
                )
                .expect("an email");
            }
            for t in &p.tags {
                conn.execute(
                    "INSERT INTO contact_tag (contact_id, tag) VALUES (?1, ?2)",
                    rusqlite::params![id, t],
                )
                .expect("a tag");
            }
            if let Some(v) = p.field {
                conn.execute("INSERT INTO contact_field (contact_id, key, value) VALUES (?1, 'industry', ?2)", rusqlite::params![id, v]).expect("a field");
            }
            let mut n = 0;
            let mut interaction = |kind: &str,
                                   amount: Option<(i64, &str)>,
                                   rating: Option<i64>,
                                   nps: Option<i64>,
                                   at: String| {
                n += 1;
                conn.execute(
                    "INSERT INTO interaction (uid, contact_id, kind, at, amount_minor, currency, rating, nps, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4, ?4)",
                    rusqlite::params![format!("i{id}-{n}"), id, kind, at, amount.map(|a| a.0), amount.map(|a| a.1), rating, nps],
                )
                .expect("an interaction");
            };
            for (k, (minor, currency)) in p.purchases.iter().enumerate() {
                interaction(
                    "purchase",
                    Some((*minor, currency)),
                    None,
                    None,
                    stamp(created, k),
                );
            }
            for k in 0..p.calls {
                interaction(
                    "call",
                    None,
                    None,
                    None,
                    stamp(created, usize::try_from(k).expect("few")),
                );
            }
            for (k, (rating, nps)) in p.feedback.iter().enumerate() {
                interaction(
                    "feedback",
                    None,
                    *rating,
                    *nps,
                    stamp(day(i64::try_from(k).expect("few") + 1), 9),
                );
            }
            for (k, (ago, done)) in p.follow_ups.iter().enumerate() {
                conn.execute(
                    "INSERT INTO follow_up (uid, contact_id, due, done_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    rusqlite::params![format!("f{id}-{k}"), id, day(*ago).to_string(), done.then(|| "2026-01-01 00:00:00"), stamp(created, 1)],
                )
                .expect("a follow-up");
            }
            facts.push(facts_of(p, id, created, last, birthday));
        }
        (store, facts)
    }

    /// What the evaluator knows of `p`, written as contact `id`.
    fn facts_of(
        p: &Person,
        id: i64,
        created: NaiveDate,
        last: Option<NaiveDate>,
        birthday: Option<String>,
    ) -> Facts {
        // Feedback k is k + 1 days ago: the first with a value is the latest.
        let spent: Vec<(String, i64)> = p
            .purchases
            .iter()
            .map(|(minor, c)| ((*c).to_string(), *minor))
            .collect();
        Facts {
            id,
            name: p.name.into(),
            org: None,
            title: None,
            city: p.city.map(Into::into),
            region: None,
            country: None,
            postcode: None,
            source: "manual".into(),
            emails: p.email.iter().map(|e| (*e).to_string()).collect(),
            tags: p.tags.iter().map(|t| (*t).to_string()).collect(),
            fields: p
                .field
                .iter()
                .map(|v| ("industry".to_string(), (*v).to_string()))
                .collect(),
            stage: p.stage,
            kind: crate::domain::contact::StakeholderKind::Other,
            consent: crate::domain::contact::Consent::Unknown,
            archived: p.archived,
            created,
            last,
            birthday,
            spent,
            counts: vec![
                (
                    InteractionKind::Purchase,
                    i64::try_from(p.purchases.len()).expect("few"),
                ),
                (InteractionKind::Call, p.calls),
            ],
            rating: p.feedback.iter().find_map(|f| f.0),
            nps: p.feedback.iter().find_map(|f| f.1),
            open_follow_ups: p
                .follow_ups
                .iter()
                .filter(|f| !f.1)
                .map(|f| day(f.0))
                .collect(),
            lapse: p.cadence.map(|c| {
                c.parse::<Interval>()
                    .expect("an interval")
                    .add_to(last.unwrap_or(created))
            }),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn sql_selects_what_the_evaluator_selects(
            people in prop::collection::vec(person(), 1..8),
            q in query(),
        ) {
            let (store, facts) = build(&people);
            let refs = Refs {
                tags: store.db().distinct_tags().expect("tags"),
                ..Refs::default()
            };
            let compiled = compile(&q, &env(), &refs).expect("compiles");
            let mut got = store.db().segment_ids(&compiled, crate::store::ContactSort::Name).expect("runs");
            got.sort_unstable();
            let want: Vec<i64> = facts
                .iter()
                .filter(|f| matches(&q, f, &env(), &|_, _| false).expect("evaluates"))
                .map(|f| f.id)
                .collect();
            prop_assert_eq!(got, want, "query {}", q);
        }
    }
}
