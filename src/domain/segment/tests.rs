use super::*;

fn caret(q: &str) -> String {
    parse(q).expect_err(q).caret(q)
}

#[test]
fn every_example_of_the_issue_parses_and_prints_back() {
    for q in [
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
        "birthday:<30d",
        "cadence:lapsed",
        "rfm:at-risk",
        "segment:best-clients",
        "-tag:vip",
        "created:>-2w",
        "spent:>=\"1000 USD\"",
        "not tag:a AND (b:x or tag:c)",
    ] {
        if q.contains("b:x") {
            assert!(parse(q).is_err());
            continue;
        }
        let ast = parse(q).unwrap_or_else(|e| panic!("{q}: {}", e.caret(q)));
        let printed = ast.to_string();
        assert_eq!(
            parse(&printed).as_ref(),
            Ok(&ast),
            "{q} printed as {printed}"
        );
    }
}

#[test]
fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
    let q = parse("tag:a tag:b or -tag:c tag:d").expect("test value");
    assert_eq!(q.to_string(), "tag:a tag:b or not tag:c tag:d");
    let Query::Or(left, right) = q else {
        panic!("or at the top")
    };
    assert!(matches!(*left, Query::And(..)));
    let Query::And(not_c, _) = *right else {
        panic!("and on the right")
    };
    assert!(matches!(*not_c, Query::Not(_)));
    assert_eq!(
        parse("(tag:a or tag:b) tag:c")
            .expect("test value")
            .to_string(),
        "(tag:a or tag:b) tag:c"
    );
}

#[test]
fn errors_point_at_the_column_and_say_what_was_expected() {
    assert_eq!(
        caret("tag:client and (city:"),
        "tag:client and (city:\n                     ^ expected a value after `city:`"
    );
    assert_eq!(
        caret("tag:client and (city:berlin"),
        "tag:client and (city:berlin\n               ^ unclosed parenthesis"
    );
    assert!(caret("citty:berlin").ends_with("^ unknown key `citty` (did you mean `city`?)"));
    assert!(
        caret("spent:lots")
            .contains("`spent` needs a number or an amount like 1000 or \"1000 USD\"")
    );
    assert!(caret("tag:a and").contains("expected a term after `and`"));
    assert!(caret("tag:a )").contains("unexpected `)`"));
    assert!(caret("stage:>customer").contains("compares no order"));
    assert!(caret("rating:9").contains("from 1 to 5"));
    assert!(caret("berlin").contains("expected a term like `tag:client`, found `berlin`"));
    assert!(caret("org:\"Acme").contains("unclosed quote"));
    assert!(caret("   ").contains("empty"));
    assert!(caret("last:soon").contains("needs a date"));
}

#[test]
fn a_query_too_long_or_too_deep_is_refused_at_its_column() {
    let terms = |n: usize| vec!["tag:a"; n].join(" ");
    assert!(parse(&terms(MAX_TERMS)).is_ok());
    let e = parse(&terms(MAX_TERMS + 1)).expect_err("too many terms");
    assert_eq!(e.column, MAX_TERMS * "tag:a ".len(), "{e}");
    assert!(e.message.contains("more than 200 terms"), "{e}");

    let nested = |n: usize| format!("{}tag:a{}", "(".repeat(n), ")".repeat(n));
    assert!(parse(&nested(MAX_DEPTH)).is_ok());
    let e = parse(&nested(MAX_DEPTH + 1)).expect_err("too deep");
    assert_eq!(e.column, MAX_DEPTH, "{e}");
    assert!(e.message.contains("deeper than 32"), "{e}");
    let negated = format!("{}tag:a", "not ".repeat(MAX_DEPTH + 1));
    assert!(
        parse(&negated)
            .expect_err("too deep")
            .message
            .contains("deeper")
    );
    assert!(parse(&format!("{}tag:a", "-".repeat(MAX_DEPTH))).is_ok());

    // Once a stack overflow (the parser, printing, dropping the tree) or
    // SQL too deep for SQLite; now a clear error before any of that.
    assert!(parse(&terms(50_000)).is_err());
    assert!(parse(&nested(100_000)).is_err());
    assert!(parse(&"- ".repeat(100_000)).is_err());
}

#[test]
fn values_are_read_for_their_keys() {
    let env = Env {
        now: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .expect("test value")
            .and_hms_opt(10, 0, 0)
            .expect("test value"),
        currency: "EUR".into(),
    };
    let cond_of = |q: &str| {
        let Query::Term(t) = parse(q).expect("test value") else {
            panic!("one term")
        };
        cond::cond(&t, &env).expect("test value")
    };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test value");
    // More than 90 days ago: the day of the last contact is before 90 days ago.
    assert_eq!(
        cond_of("last:>90d"),
        Cond::Day {
            field: cond::DateField::Last,
            cmp: Cmp::Lt,
            day: day("2026-09-02")
        }
    );
    assert_eq!(
        cond_of("created:>-2w"),
        Cond::Day {
            field: cond::DateField::Created,
            cmp: Cmp::Gt,
            day: day("2026-11-17")
        }
    );
    assert_eq!(
        cond_of("spent:>=1000"),
        Cond::Spent {
            cmp: Cmp::Ge,
            money: crate::domain::money::Money {
                minor: 100_000,
                currency: "EUR".into()
            }
        }
    );
    assert_eq!(
        cond_of("city:MÜNCHEN"),
        Cond::Text {
            field: cond::TextField::City,
            folded: "munchen".into(),
            contains: false
        }
    );
    let md = cond::birthday_days(Cmp::Lt, 3, day("2026-12-30"));
    assert_eq!(md, ["01-01", "12-30", "12-31"]);
}

#[test]
fn segment_names_are_plain_words() {
    assert!(check_name("best-clients").is_ok());
    assert!(check_name("vip_2026").is_ok());
    assert!(check_name("best clients").is_err());
    assert!(check_name("").is_err());
    assert!(check_name("-x").is_err());
}

mod props {
    use proptest::prelude::*;

    use super::super::{Key, Op, Query, Term, parse};

    fn term() -> impl Strategy<Value = Term> {
        let keyed = prop_oneof![
            (
                prop::sample::select(vec![Key::Tag, Key::Name, Key::City, Key::Org, Key::Email]),
                prop::sample::select(vec![Op::Is, Op::Eq]),
                prop::sample::select(vec![
                    "client",
                    "Acme GmbH",
                    "zürich",
                    "x\"y",
                    "a(b)",
                    "MÜNCHEN",
                    ">5",
                    "back\\slash",
                ]),
            ),
            (
                prop::sample::select(vec![Key::Last, Key::Created]),
                prop::sample::select(vec![Op::Is, Op::Gt, Op::Ge, Op::Lt, Op::Le]),
                prop::sample::select(vec!["90d", "2025-01-01", "-2w", "yesterday", "6m"]),
            ),
            (
                prop::sample::select(vec![Key::Spent, Key::Rating, Key::Nps]),
                prop::sample::select(vec![Op::Is, Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Eq]),
                prop::sample::select(vec!["3", "1", "5"]),
            ),
            (
                Just(Key::Field("industry".into())),
                Just(Op::Is),
                prop::sample::select(vec!["fintech", "two words"]),
            ),
        ];
        keyed.prop_map(|(key, op, value)| Term {
            key,
            op,
            value: value.to_string(),
        })
    }

    fn query() -> impl Strategy<Value = Query> {
        term()
            .prop_map(Query::Term)
            .prop_recursive(4, 24, 2, |inner| {
                prop_oneof![
                    inner.clone().prop_map(|q| Query::Not(Box::new(q))),
                    (inner.clone(), inner.clone())
                        .prop_map(|(a, b)| Query::And(Box::new(a), Box::new(b))),
                    (inner.clone(), inner).prop_map(|(a, b)| Query::Or(Box::new(a), Box::new(b))),
                ]
            })
    }

    proptest! {
        #[test]
        fn printing_then_parsing_gives_the_same_tree(q in query()) {
            let text = q.to_string();
            prop_assert_eq!(parse(&text), Ok(q), "printed as {}", text);
        }

        #[test]
        fn the_parser_never_panics(text in "\\PC{0,40}") {
            if let Err(e) = parse(&text) {
                prop_assert!(e.column <= text.chars().count());
                let _ = e.caret(&text);
            }
        }

        #[test]
        fn the_parser_never_panics_on_near_queries(
            text in "[-() a-z:<>=\"\\\\.0-9]{0,30}"
        ) {
            if let Err(e) = parse(&text) {
                prop_assert!(e.column <= text.chars().count());
            }
        }
    }
}
