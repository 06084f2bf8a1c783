//! The cleanup rules, one test or more per check.

use super::*;

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-23 09:00:00", "%Y-%m-%d %H:%M:%S").expect("now")
}

fn rules() -> Rules {
    Rules {
        now: now(),
        phone_region: Some("DE".into()),
        stale_months: 12,
    }
}

/// A reachable, recently seen contact with nothing to find.
fn subject() -> Subject {
    Subject {
        id: 7,
        uid: "u7".into(),
        name: "Jane Doe".into(),
        emails: vec!["jane@acme.io".into()],
        phones: vec![Phone::parse("+49 30 1234567", None).expect("phone")],
        has_address: false,
        kind: StakeholderKind::Other,
        stage: None,
        consent: Consent::Unknown,
        last_contact: Some("2026-10-01 10:00:00".into()),
        created_at: "2024-01-01T10:00:00Z".into(),
    }
}

fn found(s: &Subject) -> Vec<(DataCheck, String, Fix)> {
    check(s, &rules())
        .into_iter()
        .map(|f| (f.check, f.value, f.fix))
        .collect()
}

#[test]
fn a_clean_contact_has_no_findings() {
    assert_eq!(found(&subject()), vec![]);
}

#[test]
fn bad_emails_get_a_correction_when_one_is_obvious() {
    for (stored, want) in [
        ("bob@example,com", "bob@example.com"),
        ("bob @example.com", "bob@example.com"),
        ("bob@example.com.", "bob@example.com"),
        ("mailto:bob@example.com", "bob@example.com"),
        ("<bob@example.com>", "bob@example.com"),
        ("Bob Smith <bob@example.com>", "bob@example.com"),
        ("bob@example..com", "bob@example.com"),
        (" bob@example.com", "bob@example.com"),
    ] {
        let s = Subject {
            emails: vec![stored.into()],
            ..subject()
        };
        assert_eq!(
            found(&s),
            vec![(
                DataCheck::BadEmail,
                stored.into(),
                Fix::SetEmail {
                    from: stored.into(),
                    to: want.into()
                }
            )],
            "{stored}"
        );
    }
}

#[test]
fn an_email_past_correcting_is_removed() {
    for stored in ["bob", "bob@localhost", "n/a", "@", "bob@exa mple"] {
        let s = Subject {
            emails: vec!["jane@acme.io".into(), stored.into()],
            ..subject()
        };
        let f = check(&s, &rules());
        assert_eq!(f.len(), 1, "{stored}");
        assert_eq!(
            f[0].fix,
            Fix::RemoveEmail {
                email: stored.into()
            }
        );
        assert!(
            f[0].message.contains("not an e-mail address"),
            "{}",
            f[0].message
        );
    }
}

#[test]
fn a_correction_already_on_file_means_removing_the_bad_one() {
    let s = Subject {
        emails: vec!["Bob@example.com".into(), "bob@example,com".into()],
        ..subject()
    };
    let f = check(&s, &rules());
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].fix,
        Fix::RemoveEmail {
            email: "bob@example,com".into()
        }
    );
    assert!(
        f[0].message.contains("which is on file"),
        "{}",
        f[0].message
    );
}

#[test]
fn phones_without_e164_are_parsed_again_or_removed() {
    let national = Phone {
        raw: "030 1234567".into(),
        e164: None,
    };
    let junk = Phone {
        raw: "12".into(),
        e164: None,
    };
    let s = Subject {
        phones: vec![national, junk],
        ..subject()
    };
    assert_eq!(
        found(&s),
        vec![
            (
                DataCheck::BadPhone,
                "030 1234567".into(),
                Fix::SetPhone {
                    from: "030 1234567".into(),
                    to: "+49301234567".into()
                }
            ),
            (
                DataCheck::BadPhone,
                "12".into(),
                Fix::RemovePhone { raw: "12".into() }
            ),
        ]
    );
    let no_region = Rules {
        phone_region: None,
        ..rules()
    };
    let f = check(&s, &no_region);
    assert_eq!(
        f[0].fix,
        Fix::RemovePhone {
            raw: "030 1234567".into()
        }
    );
    assert!(
        f[0].message.contains("no region is set"),
        "{}",
        f[0].message
    );
}

#[test]
fn stray_spaces_in_a_name_are_squashed() {
    for (stored, want) in [
        (" Jane Doe", "Jane Doe"),
        ("Jane  Doe ", "Jane Doe"),
        ("Doe , Jane", "Doe, Jane"),
    ] {
        let s = Subject {
            name: stored.into(),
            ..subject()
        };
        assert_eq!(
            found(&s),
            vec![(
                DataCheck::NameSpacing,
                stored.into(),
                Fix::SetName { name: want.into() }
            )],
            "{stored:?}"
        );
    }
}

#[test]
fn careless_case_is_one_finding_that_also_fixes_spacing() {
    let s = Subject {
        name: "SMITH ,  ROBERT".into(),
        ..subject()
    };
    let f = check(&s, &rules());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].check, DataCheck::NameCase);
    assert_eq!(
        f[0].fix,
        Fix::SetName {
            name: "Smith, Robert".into()
        }
    );
    assert_eq!(f[0].message, "the name is in capitals, with stray spaces");
    let lower = Subject {
        name: "jane doe".into(),
        ..subject()
    };
    assert_eq!(
        check(&lower, &rules())[0].message,
        "the name is all lower case"
    );
    for name in ["Jane Doe", "danah boyd-Smith", "J", "李小龍"] {
        let s = Subject {
            name: name.into(),
            ..subject()
        };
        assert_eq!(found(&s), vec![], "{name}");
    }
}

#[test]
fn a_contact_with_no_way_to_reach_them_may_be_archived() {
    let s = Subject {
        emails: vec![],
        phones: vec![],
        ..subject()
    };
    let f = check(&s, &rules());
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].check, &f[0].fix),
        (DataCheck::Unreachable, &Fix::Archive)
    );
    assert_eq!(f[0].message, "no e-mail, phone or address");
    let postal = Subject {
        has_address: true,
        ..s
    };
    assert_eq!(found(&postal), vec![]);
}

#[test]
fn stale_counts_calendar_months_from_the_last_interaction_or_creation() {
    let at = |last: Option<&str>, created: &str| Subject {
        last_contact: last.map(str::to_string),
        created_at: created.into(),
        ..subject()
    };
    // 2026-11-23 less 12 months is 2025-11-23: the day itself is not stale.
    assert_eq!(
        found(&at(Some("2025-11-23 08:00:00"), "2020-01-01T00:00:00Z")),
        vec![]
    );
    let old = check(
        &at(Some("2025-11-22 18:00:00"), "2020-01-01T00:00:00Z"),
        &rules(),
    );
    assert_eq!(old.len(), 1);
    assert_eq!(
        (old[0].check, old[0].value.as_str()),
        (DataCheck::Stale, "2025-11-22")
    );
    assert_eq!(
        old[0].message,
        "no interaction since 2025-11-22 (over 12 months)"
    );
    let never = check(&at(None, "2025-01-05T10:00:00Z"), &rules());
    assert_eq!(
        (never[0].value.as_str(), &never[0].fix),
        ("never", &Fix::Archive)
    );
    assert_eq!(
        never[0].message,
        "no interaction since added on 2025-01-05 (over 12 months)"
    );
    assert_eq!(
        found(&at(None, "2026-01-05T10:00:00Z")),
        vec![],
        "new, not stale"
    );
    let off = Rules {
        stale_months: 0,
        ..rules()
    };
    assert!(
        check(&at(None, "2000-01-01T00:00:00Z"), &off).is_empty(),
        "0 = off"
    );
}

#[test]
fn customers_without_consent_get_advice() {
    let customer = Subject {
        kind: StakeholderKind::Customer,
        ..subject()
    };
    let f = check(&customer, &rules());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].check, DataCheck::NoConsent);
    assert_eq!(
        f[0].fix.describe(),
        "ask them, then `kith edit 7 --consent granted` (or denied)"
    );
    assert!(!f[0].fix.is_automatic());
    for stage in [Stage::Customer, Stage::Loyal] {
        let s = Subject {
            stage: Some(stage),
            ..subject()
        };
        assert_eq!(check(&s, &rules()).len(), 1, "{stage}");
    }
    for (kind, stage, consent) in [
        (StakeholderKind::Customer, None, Consent::Granted),
        (StakeholderKind::Customer, None, Consent::Denied),
        (
            StakeholderKind::Lead,
            Some(Stage::Prospect),
            Consent::Unknown,
        ),
    ] {
        let s = Subject {
            kind,
            stage,
            consent,
            ..subject()
        };
        assert_eq!(found(&s), vec![], "{kind} {stage:?} {consent}");
    }
}

#[test]
fn findings_come_in_check_order() {
    let s = Subject {
        name: "JANE".into(),
        emails: vec![],
        phones: vec![],
        kind: StakeholderKind::Customer,
        last_contact: None,
        ..subject()
    };
    let checks: Vec<DataCheck> = check(&s, &rules()).iter().map(|f| f.check).collect();
    assert_eq!(
        checks,
        [
            DataCheck::NameCase,
            DataCheck::Unreachable,
            DataCheck::Stale,
            DataCheck::NoConsent
        ]
    );
    let mut sorted = checks.clone();
    sorted.sort();
    assert_eq!(checks, sorted, "the enum's order is the check order");
}

#[test]
fn every_fix_describes_itself() {
    let fixes = [
        (
            Fix::SetName {
                name: "Jane Doe".into(),
            },
            "set the name to Jane Doe",
        ),
        (
            Fix::SetEmail {
                from: "a@b,c".into(),
                to: "a@b.c".into(),
            },
            "change a@b,c to a@b.c",
        ),
        (
            Fix::RemoveEmail {
                email: "x\u{1b}".into(),
            },
            "remove x\u{fffd}",
        ),
        (
            Fix::SetPhone {
                from: "030 1".into(),
                to: "+49301".into(),
            },
            "change 030 1 to +49301",
        ),
        (Fix::RemovePhone { raw: "12".into() }, "remove 12"),
        (Fix::Archive, "archive"),
        (
            Fix::Manual {
                advice: "ask".into(),
            },
            "ask",
        ),
    ];
    for (fix, words) in fixes {
        assert_eq!(fix.describe(), words);
    }
}
