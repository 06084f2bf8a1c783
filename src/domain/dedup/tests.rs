//! The normalisers one by one, then the engine end to end on small
//! hand-made books.

use std::collections::HashSet;

use super::compare::{self, Levels};
use super::normalise::{
    Norm, company_key, email_match_key, fold_name, given_family, phone_tail, postcode_key,
    sorted_tokens,
};
use super::{Options, Person, Progress, Scan, find};

#[test]
fn email_keys_drop_dots_and_tags_only_where_the_provider_does() {
    for (raw, key) in [
        (" John.Smith+news@GMAIL.com ", "johnsmith@gmail.com"),
        ("j.smith@googlemail.com", "jsmith@gmail.com"),
        ("bob+crm@outlook.com", "bob@outlook.com"),
        ("bob+x@hotmail.co.uk", "bob@hotmail.co.uk"),
        ("ann+a@icloud.com", "ann@icloud.com"),
        ("ann+b@me.com", "ann@me.com"),
        ("ann+c@fastmail.com", "ann@fastmail.com"),
        ("ann+d@proton.me", "ann@proton.me"),
        ("ann+e@protonmail.com", "ann@protonmail.com"),
        ("ann-shop@yahoo.com", "ann@yahoo.com"),
        // Elsewhere dots and tags are part of the address.
        ("john.smith+x@example.com", "john.smith+x@example.com"),
        ("ann-shop@outlook.com", "ann-shop@outlook.com"),
        ("a.b@outlook.com", "a.b@outlook.com"),
        ("not an address", "not an address"),
    ] {
        assert_eq!(email_match_key(raw), key, "{raw}");
    }
}

#[test]
fn names_fold_case_accents_and_scripts() {
    for (a, b) in [
        ("Müller", "Mueller"),
        ("MÜLLER", "muller"),
        ("Strauß", "Strauss"),
        ("Ærø", "aero"),
        ("Søren", "Soren"),
        ("José", "jose"),
        ("Łukasz", "lukasz"),
        ("O'Brien", "obrien"),
        ("Anne-Marie", "anne marie"),
        ("Александр", "aleksandr"),
        ("Νίκος", "nikos"),
    ] {
        assert_eq!(fold_name(a), fold_name(b), "{a} / {b}");
    }
    assert_eq!(fold_name("  Jean -  Luc "), "jean luc");
}

fn person(id: i64, name: &str) -> Person {
    Person {
        id,
        uid: format!("uid-{id:04}"),
        name: name.to_string(),
        ..Person::default()
    }
}

#[test]
fn comma_order_and_swapped_names_meet() {
    let (g, f) = given_family(&person(1, "SMITH, ROBERT"));
    assert_eq!((g.as_str(), f.as_str()), ("ROBERT", "SMITH"));
    let (g, f) = given_family(&person(2, "Jane van Doe"));
    assert_eq!((g.as_str(), f.as_str()), ("Jane", "van Doe"));
    // Stored parts win while the display name says them …
    let mut p = person(3, "Mary Ann Smith");
    p.given_name = Some("Mary Ann".into());
    p.family_name = Some("Smith".into());
    assert_eq!(given_family(&p), ("Mary Ann".into(), "Smith".into()));
    // … but not once it was edited to something else.
    p.name = "M. Smith".into();
    assert_eq!(given_family(&p), ("M.".into(), "Smith".into()));
    assert_eq!(
        sorted_tokens("robert", "smith"),
        sorted_tokens("smith", "robert")
    );
}

#[test]
fn company_suffixes_come_off() {
    for (org, key, suffix) in [
        ("Acme GmbH", "acme", Some("GmbH")),
        ("Acme", "acme", None),
        ("ACME AG", "acme", Some("AG")),
        ("Globex Ltd.", "globex", Some("Ltd.")),
        ("Initech, Inc.", "initech", Some("Inc.")),
        ("Müller & Co. KG", "muller", Some("& Co. KG")),
        ("Fiat S.p.A.", "fiat", Some("S.p.A.")),
        ("Wombat Pty Ltd", "wombat", Some("Pty Ltd")),
        ("Nokia Oyj", "nokia", Some("Oyj")),
        // A name that is only a legal form keeps it.
        ("AG", "ag", None),
    ] {
        let (k, s) = company_key(org);
        assert_eq!(k, key, "{org}");
        assert_eq!(
            s.as_deref().map(|s| s.trim_start_matches("& ")),
            suffix.map(|s| s.trim_start_matches("& ")),
            "{org}"
        );
    }
}

#[test]
fn phones_meet_on_their_last_nine_digits() {
    assert_eq!(phone_tail("+49301234567").as_deref(), Some("301234567"));
    assert_eq!(phone_tail("0301234567").as_deref(), Some("301234567"));
    assert_eq!(phone_tail("12345"), None);
    assert_eq!(postcode_key("sw1a 1aa"), "SW1A1AA");
}

fn levels(a: &Person, b: &Person) -> Levels {
    compare::compare(&Norm::new(a), &Norm::new(b))
}

#[test]
fn a_user_name_that_is_just_the_name_is_its_own_level() {
    let level = |a: &str, b: &str| {
        let mut x = person(1, "Anna Maria García López");
        x.given_name = Some("Anna Maria".into());
        x.family_name = Some("García López".into());
        x.emails = vec![a.into()];
        let mut y = person(2, "GARCÍA LÓPEZ, ANNA");
        y.emails = vec![b.into()];
        levels(&x, &y).level[compare::EMAIL]
    };
    assert_eq!(level("anna@web.de", "anna@web.de"), 1);
    // Just the name, whichever way it is written: says little more.
    for user in [
        "anna.garcialopez",
        "anna_garcia-lopez",
        "garcialopez.anna",
        "agarcialopez",
        "anna",
    ] {
        assert_eq!(
            level(&format!("{user}@web.de"), &format!("{user}@posteo.de")),
            3,
            "{user}"
        );
    }
    // Digits or another word make the user name the person's own.
    for user in ["anna.garcialopez84", "bluefox", "anna.fox"] {
        assert_eq!(
            level(&format!("{user}@web.de"), &format!("{user}@posteo.de")),
            2,
            "{user}"
        );
    }
    assert_eq!(level("anna@web.de", "bluefox@posteo.de"), 4);
}

#[test]
fn given_names_compare_by_nickname_initial_and_spelling() {
    let level = |a: &str, b: &str| levels(&person(1, a), &person(2, b)).level[compare::GIVEN];
    assert_eq!(level("Robert Smith", "Robert Smith"), 1);
    assert_eq!(level("Bob Smith", "Robert Smith"), 2);
    assert_eq!(level("Pepe Garcia", "José Garcia"), 2);
    assert_eq!(level("J. Smith", "John Smith"), 3);
    assert_eq!(level("Jonh Smith", "John Smith"), 4);
    assert_eq!(level("Peter Smith", "Robert Smith"), 6);
    let mut family_only = person(1, "Smith");
    family_only.family_name = Some("Smith".into());
    assert_eq!(
        levels(&family_only, &person(2, "Robert Smith")).level[compare::GIVEN],
        0
    );
    let swapped = levels(&person(1, "Smith Robert"), &person(2, "Robert Smith"));
    assert!(swapped.swapped);
    assert_eq!(swapped.level[compare::GIVEN], 1);
    assert_eq!(swapped.level[compare::FAMILY], 1);
}

#[test]
fn birthdays_compare_with_and_without_year() {
    use compare::birthday;
    assert_eq!(birthday(Some("1985-04-12"), Some("1985-04-12")), 1);
    assert_eq!(birthday(Some("--04-12"), Some("1985-04-12")), 2);
    assert_eq!(birthday(Some("1985-04-12"), Some("1985-12-04")), 3);
    assert_eq!(birthday(Some("1985-04-12"), Some("1986-04-12")), 3);
    assert_eq!(birthday(Some("1985-04-12"), Some("1979-09-30")), 4);
    assert_eq!(birthday(None, Some("1979-09-30")), 0);
}

const GIVEN: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karla",
    "Leon", "Mia", "Noah", "Olga", "Paul",
];
const FAMILY: &[&str] = &[
    "Keller",
    "Becker",
    "Novak",
    "Rossi",
    "Dubois",
    "Jansen",
    "Nilsson",
    "Kowalski",
    "Silva",
    "Horvat",
    "Lindqvist",
    "Moreau",
];

/// A background of distinct people (every one with an e-mail, a phone and
/// a birthday of their own), ids from 1.
fn book() -> Vec<Person> {
    let mut people = Vec::new();
    for (i, family) in FAMILY.iter().enumerate() {
        for (j, given) in GIVEN.iter().enumerate() {
            let id = (people.len() + 1) as i64;
            let mut p = person(id, &format!("{given} {family}"));
            p.emails = vec![format!(
                "{}.{}@example{}.org",
                given.to_lowercase(),
                family.to_lowercase(),
                id % 7
            )];
            p.phones = vec![format!("+4930{:07}", 1_000_000 + id * 7919)];
            p.birthday = Some(format!(
                "19{:02}-{:02}-{:02}",
                50 + (i * 3 + j) % 45,
                1 + j % 12,
                1 + (i + j * 5) % 28
            ));
            p.city = Some(["Berlin", "Hamburg", "Wien", "Zürich"][id as usize % 4].to_string());
            people.push(p);
        }
    }
    people
}

fn add(people: &mut Vec<Person>, name: &str, edit: impl FnOnce(&mut Person)) -> i64 {
    let id = (people.len() + 1) as i64;
    let mut p = person(id, name);
    edit(&mut p);
    people.push(p);
    id
}

fn scan(people: &[Person], marked: &HashSet<(String, String)>) -> Scan {
    find(people, marked, &Options::default(), &mut |_| {})
}

fn pair(scan: &Scan, a: i64, b: i64) -> Option<&super::Pair> {
    scan.clusters
        .iter()
        .flat_map(|c| &c.pairs)
        .find(|p| (p.a, p.b) == (a, b))
}

/// The planted duplicates of the engine tests, with their ids.
struct Planted {
    people: Vec<Person>,
    bob: (i64, i64, i64),
    muller: (i64, i64),
    swapped: (i64, i64),
    acme: (i64, i64),
    marias: (i64, i64),
}

fn planted() -> Planted {
    let mut people = book();
    let robert = add(&mut people, "Robert Smith", |p| {
        p.emails = vec!["robert.smith@example.com".into()];
        p.phones = vec!["+447700900123".into()];
    });
    let bob = add(&mut people, "Bob Smith", |p| {
        p.phones = vec!["07700 900123".into()];
    });
    let outlook = add(&mut people, "SMITH, ROBERT", |p| {
        p.emails = vec!["Robert.Smith@Example.com".into()];
    });
    let muller = add(&mut people, "Jürgen Müller", |p| {
        p.emails = vec!["jm+crm@gmail.com".into()];
    });
    let mueller = add(&mut people, "Juergen Mueller", |p| {
        p.emails = vec!["j.m@googlemail.com".into()];
    });
    let swapped_a = add(&mut people, "Tanaka Hiroshi", |p| {
        p.phones = vec!["+81312345678".into()];
    });
    let swapped_b = add(&mut people, "Hiroshi Tanaka", |p| {
        p.phones = vec!["+81312345678".into()];
    });
    let acme_a = add(&mut people, "Ines Vogt", |p| {
        p.org = Some("Acme GmbH".into());
        p.emails = vec!["ines@acme.de".into()];
    });
    let acme_b = add(&mut people, "Inès Vogt", |p| {
        p.org = Some("ACME".into());
        p.emails = vec!["ines@acme.de".into()];
    });
    let maria_a = add(&mut people, "Maria Garcia", |p| {
        p.emails = vec!["maria.garcia@uni.es".into()];
        p.phones = vec!["+34911234567".into()];
        p.birthday = Some("1980-02-03".into());
    });
    let maria_b = add(&mut people, "Maria Garcia", |p| {
        p.emails = vec!["mgarcia@shop.mx".into()];
        p.phones = vec!["+525512345678".into()];
        p.birthday = Some("1992-11-20".into());
    });
    Planted {
        people,
        bob: (robert, bob, outlook),
        muller: (muller, mueller),
        swapped: (swapped_a, swapped_b),
        acme: (acme_a, acme_b),
        marias: (maria_a, maria_b),
    }
}

#[test]
fn planted_duplicates_are_found_with_their_reasons() {
    let planted = planted();
    let found = scan(&planted.people, &HashSet::new());
    let (robert, bob, outlook) = planted.bob;
    let cluster = found
        .clusters
        .iter()
        .find(|c| c.contacts.contains(&robert))
        .expect("Robert's cluster");
    assert_eq!(cluster.contacts, vec![robert, bob, outlook]);
    let rb = pair(&found, robert, bob).expect("Robert ~ Bob");
    assert!(
        rb.reasons.contains(&"nickname: Robert = Bob".to_string()),
        "{:?}",
        rb.reasons
    );
    assert!(
        rb.reasons.iter().any(|r| r.starts_with("same phone")),
        "{:?}",
        rb.reasons
    );
    let ro = pair(&found, robert, outlook).expect("Robert ~ SMITH, ROBERT");
    assert_eq!(ro.reasons[0], "same e-mail");

    let (a, b) = planted.muller;
    let p = pair(&found, a, b).expect("Müller ~ Mueller");
    assert!(
        p.reasons
            .contains(&"same e-mail after normalisation".to_string()),
        "{:?}",
        p.reasons
    );
    assert!(
        p.reasons
            .contains(&"transliteration: Müller = Mueller".to_string()),
        "{:?}",
        p.reasons
    );
    assert!(
        p.reasons
            .contains(&"transliteration: Jürgen = Juergen".to_string()),
        "{:?}",
        p.reasons
    );

    let (a, b) = planted.swapped;
    let p = pair(&found, a, b).expect("swapped names");
    assert!(
        p.reasons
            .contains(&"first and last name swapped".to_string()),
        "{:?}",
        p.reasons
    );
    assert!(
        p.reasons.contains(&"same phone in E.164".to_string()),
        "{:?}",
        p.reasons
    );

    let (a, b) = planted.acme;
    let p = pair(&found, a, b).expect("Acme");
    assert!(
        p.reasons
            .contains(&"company suffix differs (GmbH)".to_string()),
        "{:?}",
        p.reasons
    );
    assert!(
        p.reasons
            .contains(&"transliteration: Ines = Inès".to_string()),
        "{:?}",
        p.reasons
    );
    assert_eq!(p.weights.len(), compare::N);
}

#[test]
fn namesakes_are_not_duplicates() {
    let planted = planted();
    let (a, b) = planted.marias;
    let norms: Vec<Norm> = planted.people.iter().map(Norm::new).collect();
    let found = find(
        &planted.people,
        &HashSet::new(),
        &Options { min_score: 0.0 },
        &mut |_| {},
    );
    let score = pair(&found, a, b).map_or(0.0, |p| p.score);
    assert!(score < 0.1, "two Maria Garcias scored {score}");
    // They were compared (same name), just not believed.
    let l = compare::compare(&norms[a as usize - 1], &norms[b as usize - 1]);
    assert_eq!(l.level[compare::GIVEN], 1);
}

#[test]
fn no_background_person_is_reported() {
    let planted = planted();
    let found = scan(&planted.people, &HashSet::new());
    let background = book().len() as i64;
    for c in &found.clusters {
        assert!(c.contacts.iter().all(|&id| id > background), "{c:?}");
    }
    assert_eq!(found.clusters.len(), 4, "{:#?}", found.clusters);
    assert_eq!(found.people, planted.people.len());
}

#[test]
fn the_same_book_gives_the_same_scan_and_clusters_come_best_first() {
    let planted = planted();
    let one = scan(&planted.people, &HashSet::new());
    let two = scan(&planted.people, &HashSet::new());
    assert_eq!(one, two);
    for w in one.clusters.windows(2) {
        assert!(
            w[0].score > w[1].score
                || (w[0].score.total_cmp(&w[1].score).is_eq()
                    && w[0].contacts[0] < w[1].contacts[0])
        );
    }
    for c in &one.clusters {
        assert!(c.pairs.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(c.pairs.iter().all(|p| p.a < p.b));
    }
}

#[test]
fn pairs_marked_not_duplicate_never_share_a_cluster() {
    let planted = planted();
    let (robert, bob, outlook) = planted.bob;
    let uid = |id: i64| planted.people[id as usize - 1].uid.clone();
    let marked: HashSet<(String, String)> = [(uid(outlook), uid(robert))].into_iter().collect();
    let found = scan(&planted.people, &marked);
    for c in &found.clusters {
        assert!(
            !(c.contacts.contains(&robert) && c.contacts.contains(&outlook)),
            "{c:?}"
        );
    }
    assert!(pair(&found, robert, bob).is_some());
}

#[test]
fn a_chain_through_a_middle_record_does_not_glue_strangers() {
    let mut people = book();
    // A and C: the same name, different birthdays (two people); B: a record
    // with A's e-mail and C's phone, no birthday.
    let a = add(&mut people, "Tomas Berg", |p| {
        p.emails = vec!["tomas@berg.se".into()];
        p.birthday = Some("1970-01-01".into());
        p.phones = vec!["+46701111111".into()];
    });
    let b = add(&mut people, "Tomas Berg", |p| {
        p.emails = vec!["tomas@berg.se".into()];
        p.phones = vec!["+46702222222".into()];
    });
    let c = add(&mut people, "Tomas Berg", |p| {
        p.phones = vec!["+46702222222".into()];
        p.birthday = Some("1999-09-09".into());
    });
    let found = scan(&people, &HashSet::new());
    // B goes with one of them …
    assert!(pair(&found, a, b).is_some() || pair(&found, b, c).is_some());
    // … never both.
    for cl in &found.clusters {
        assert!(
            !(cl.contacts.contains(&a) && cl.contacts.contains(&c)),
            "{cl:?}"
        );
    }
}

#[test]
fn progress_is_reported_in_order_and_an_empty_book_finds_nothing() {
    let planted = planted();
    let mut seen = Vec::new();
    find(
        &planted.people,
        &HashSet::<(String, String)>::new(),
        &Options::default(),
        &mut |p| seen.push(p),
    );
    assert!(matches!(
        seen.first(),
        Some(Progress::Blocking { done: 0, .. })
    ));
    assert_eq!(seen.last(), Some(&Progress::Clustering));
    assert!(seen.len() < 50);
    let empty = scan(&[], &HashSet::new());
    assert_eq!(empty, Scan::default());
}
