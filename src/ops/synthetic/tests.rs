use std::collections::{HashMap, HashSet};

use super::*;
use crate::domain::dedup::Cluster;

fn cluster(ids: &[i64]) -> Cluster {
    Cluster {
        contacts: ids.to_vec(),
        score: 1.0,
        pairs: Vec::new(),
    }
}

/// The ids (1-based, as `people` gives them) of each person's records.
fn by_entity(s: &Synthetic) -> HashMap<u32, Vec<i64>> {
    let mut map: HashMap<u32, Vec<i64>> = HashMap::new();
    for (i, e) in s.entity.iter().enumerate() {
        map.entry(*e).or_default().push(i as i64 + 1);
    }
    map
}

#[test]
fn the_same_seed_gives_the_same_set_and_another_seed_another() {
    let a = generate(7, 2000);
    let b = generate(7, 2000);
    assert_eq!(a.contacts, b.contacts);
    assert_eq!(a.entity, b.entity);
    assert_eq!(a.planted, b.planted);
    let c = generate(8, 2000);
    assert_ne!(a.contacts, c.contacts);
}

#[test]
fn the_truth_is_consistent_with_the_records() {
    let s = generate(3, 5000);
    assert_eq!(s.contacts.len(), 5000);
    assert_eq!(s.entity.len(), 5000);
    assert_eq!(s.planted.len(), 5000);
    let groups = by_entity(&s);
    // 10–20 % of people have more than one record; some have three.
    let duplicated = groups.values().filter(|g| g.len() > 1).count();
    let share = duplicated as f64 / groups.len() as f64;
    assert!((0.10..=0.20).contains(&share), "{share}");
    assert!(groups.values().any(|g| g.len() == 3));
    assert!(groups.values().all(|g| g.len() <= 3));
    // Exactly one first record per person; the others say how they differ.
    for ids in groups.values() {
        let firsts = ids
            .iter()
            .filter(|id| {
                let how = &s.planted[**id as usize - 1];
                how.is_empty() || how == &[Variation::Namesake]
            })
            .count();
        assert_eq!(firsts, 1, "{ids:?}");
    }
    let pairs: usize = groups.values().map(|g| g.len() * (g.len() - 1) / 2).sum();
    assert_eq!(true_pairs(&s), pairs);
    // Uids are unique, ids follow the order.
    let people = people(&s);
    let uids: HashSet<&str> = people.iter().map(|p| p.uid.as_str()).collect();
    assert_eq!(uids.len(), people.len());
    assert!(people.iter().enumerate().all(|(i, p)| p.id == i as i64 + 1));
}

#[test]
fn records_of_one_person_are_not_in_a_row() {
    // The shuffle hides who is who: most duplicates are far apart.
    let s = generate(5, 3000);
    let near = by_entity(&s)
        .values()
        .filter(|g| g.len() > 1 && g.windows(2).all(|w| w[1] - w[0] < 5))
        .count();
    let duplicated = by_entity(&s).values().filter(|g| g.len() > 1).count();
    assert!(near * 10 < duplicated, "{near} of {duplicated}");
}

#[test]
fn every_variation_is_planted() {
    let s = generate(11, 5000);
    let seen: HashSet<Variation> = s.planted.iter().flatten().copied().collect();
    for v in Variation::ALL {
        assert!(seen.contains(&v), "{v:?} never planted");
    }
    // Several at once sometimes.
    assert!(s.planted.iter().any(|how| how.len() >= 3));
}

#[test]
fn namesakes_share_a_name_and_nothing_else() {
    let s = generate(2, 5000);
    let mut checked = 0;
    for (i, how) in s.planted.iter().enumerate() {
        if how != &[Variation::Namesake] {
            continue;
        }
        let c = &s.contacts[i];
        let others: Vec<usize> = (0..s.contacts.len())
            .filter(|j| s.entity[*j] != s.entity[i] && s.contacts[*j].name == c.name)
            .collect();
        assert!(!others.is_empty(), "{}", c.name);
        for j in others {
            let o = &s.contacts[j];
            if s.planted[j].is_empty() {
                assert!(c.emails.iter().all(|e| !o.emails.contains(e)));
                assert!(c.phones.iter().all(|p| !o.phones.contains(p)));
            }
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn every_duplicate_keeps_some_evidence_beyond_the_name() {
    let s = generate(4, 3000);
    for ids in by_entity(&s).values().filter(|g| g.len() > 1) {
        let first = ids
            .iter()
            .map(|id| *id as usize - 1)
            .find(|i| s.planted[*i].is_empty() || s.planted[*i] == [Variation::Namesake])
            .expect("a first record");
        let f = &s.contacts[first];
        for i in ids
            .iter()
            .map(|id| *id as usize - 1)
            .filter(|i| *i != first)
        {
            let d = &s.contacts[i];
            let local = |e: &String| e.split('@').next().unwrap_or("").replace(['.', '+'], "");
            let shares = d
                .emails
                .iter()
                .any(|e| f.emails.iter().any(|g| local(e).starts_with(&local(g))))
                || d.phones
                    .iter()
                    .any(|p| f.phones.iter().any(|q| q.key() == p.key()))
                || (d.birthday.is_some() && d.birthday == f.birthday)
                || (d.phones.is_empty() && f.phones.is_empty() && f.birthday.is_none());
            assert!(shares, "{f:?}\n{d:?}");
        }
    }
}

#[test]
fn scores_count_pairs_inside_clusters() {
    let s = generate(9, 1000);
    let groups = by_entity(&s);
    let truth: Vec<Cluster> = groups
        .values()
        .filter(|g| g.len() > 1)
        .map(|g| cluster(g))
        .collect();
    let perfect = score(&s, &truth);
    assert_eq!(perfect.true_pairs, true_pairs(&s));
    assert_eq!(perfect.found_pairs, perfect.true_pairs);
    assert!((perfect.f1 - 1.0).abs() < 1e-12);
    let nothing = score(&s, &[]);
    assert!(nothing.recall.abs() < 1e-12 && nothing.f1.abs() < 1e-12);
    // One wrong pair: two records of different people.
    let (a, b) = (
        1,
        (2..=1000)
            .find(|j| s.entity[*j as usize - 1] != s.entity[0])
            .expect("another"),
    );
    let mut with_wrong = truth.clone();
    with_wrong.push(cluster(&[a, b]));
    let q = score(&s, &with_wrong);
    assert_eq!(q.found_pairs, perfect.true_pairs + 1);
    assert_eq!(q.correct_pairs, perfect.true_pairs);
    assert!(q.precision < 1.0 && (q.recall - 1.0).abs() < 1e-12);
}

#[test]
fn phones_are_stored_as_kith_stores_them() {
    let s = generate(6, 2000);
    let mut national = 0;
    for (c, how) in s.contacts.iter().zip(&s.planted) {
        for p in &c.phones {
            let again = Phone::parse(&p.raw, c.country.as_deref()).expect("parses");
            assert_eq!(&again, p, "{c:?}");
            assert!(p.e164.is_some(), "{p:?}");
        }
        if how.contains(&Variation::PhoneFormat) {
            assert!(!c.phones[0].raw.starts_with('+'), "{:?}", c.phones);
            national += 1;
        }
    }
    assert!(national > 10);
    // Different people never share a number.
    let mut owner: HashMap<String, u32> = HashMap::new();
    for (c, e) in s.contacts.iter().zip(&s.entity) {
        for p in &c.phones {
            assert_eq!(*owner.entry(p.key()).or_insert(*e), *e, "{p:?}");
        }
    }
}

#[test]
fn transliterations_spell_out_umlauts_and_drop_accents() {
    assert_eq!(vary::transliterate("Müller"), "Mueller");
    assert_eq!(vary::transliterate("Straße"), "Strasse");
    assert_eq!(vary::transliterate("Øberg Åsa"), "Oeberg Aasa");
    assert_eq!(vary::transliterate("José Łukasz"), "Jose Lukasz");
}

#[test]
fn variations_that_do_not_apply_change_nothing() {
    let mut rng = fastrand::Rng::with_seed(1);
    let mut c = Contact::new("u", "Jane Doe", STAMP);
    c.given_name = Some("Jane".into());
    c.family_name = Some("Doe".into());
    c.emails = vec!["jane@acme.io".into()];
    let before = c.clone();
    for v in [
        Variation::Nickname,
        Variation::Transliteration,
        Variation::NoPhone,
        Variation::NoBirthday,
        Variation::PhoneFormat,
        Variation::GmailAlias,
        Variation::CompanySuffix,
        Variation::Namesake,
    ] {
        assert!(!vary(&mut rng, &mut c, v), "{v:?}");
        assert_eq!(c, before, "{v:?}");
    }
    assert!(vary(&mut rng, &mut c, Variation::Outlook));
    assert!(c.name.to_uppercase().starts_with("DOE, JANE"), "{}", c.name);
}

#[test]
fn named_variations_look_as_imports_write_them() {
    let mut rng = fastrand::Rng::with_seed(3);
    let mut c = Contact::new("u", "Robert Smith", STAMP);
    c.given_name = Some("Robert".into());
    c.family_name = Some("Smith".into());
    c.org = Some("Acme".into());
    c.country = Some("DE".into());
    c.emails = vec!["robert.smith@gmail.com".into()];
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::Nickname));
    assert!(d.name == "Bob Smith" || d.name == "Rob Smith", "{}", d.name);
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::Swapped));
    assert_eq!(d.name, "Smith Robert");
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::Initials));
    assert_eq!(d.name, "R. Smith");
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::CompanySuffix));
    assert_eq!(d.org.as_deref(), Some("Acme GmbH"));
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::EmailProvider));
    assert!(d.emails[0].starts_with("robert.smith@") && !d.emails[0].ends_with("gmail.com"));
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::GmailAlias));
    assert!(d.emails[0].ends_with("@gmail.com") && d.emails[0] != c.emails[0]);
    let mut d = c.clone();
    assert!(vary(&mut rng, &mut d, Variation::Typo));
    assert_ne!(d.name, c.name);
    assert!(
        d.name.starts_with('R') && d.name.contains(" S"),
        "{}",
        d.name
    );
}

#[test]
fn names_have_a_common_head_and_a_long_tail() {
    let s = generate(42, 20_000);
    let names = Names::new(&mut fastrand::Rng::with_seed(1), &lists());
    assert!(names.rare_len() > 2_000, "{}", names.rare_len());
    let mut firsts: HashMap<String, usize> = HashMap::new();
    for (c, how) in s.contacts.iter().zip(&s.planted) {
        if how.is_empty() {
            *firsts.entry(fold_name(c)).or_default() += 1;
        }
    }
    let people: usize = firsts.values().sum();
    // Most people's full name is theirs alone…
    let alone = firsts.values().filter(|&&k| k == 1).count();
    assert!(alone * 10 > people * 8, "{alone} of {people}");
    // …yet common names recur, and far fewer than with even draws from the
    // demo's lists (people² / 2 / 17 802 ≈ 9 000 pairs here).
    assert!(firsts.values().any(|&k| k >= 3));
    let namesakes: usize = firsts.values().map(|k| k * (k - 1) / 2).sum();
    assert!((100..3_000).contains(&namesakes), "{namesakes}");
    // Some people have two family names, two given names or an initial.
    let two_family = s.contacts.iter().filter(|c| {
        c.family_name
            .as_deref()
            .is_some_and(|f| f.contains('-') || f.contains(' '))
    });
    assert!(two_family.count() > 1_000);
    assert!(
        s.contacts
            .iter()
            .any(|c| c.given_name.as_deref().is_some_and(|g| g.ends_with('.')))
    );
}

#[test]
fn e_mail_user_names_take_the_shapes_people_pick() {
    let mut rng = fastrand::Rng::with_seed(3);
    let shapes: HashSet<String> = (0..400)
        .map(|_| names::local_part(&mut rng, "José M.", "García López"))
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii_digit() { '9' } else { c })
                .collect()
        })
        .collect();
    for want in [
        "jose.garcialopez",
        "josegarcialopez",
        "jose_garcialopez",
        "jgarcialopez",
    ] {
        assert!(shapes.contains(want), "{want} not in {shapes:?}");
    }
    assert!(
        shapes
            .iter()
            .any(|s| s.starts_with("jose") && s.ends_with('9'))
    );
    assert!(shapes.iter().all(|s| s.is_ascii() && !s.contains(' ')));
}

fn fold_name(c: &Contact) -> String {
    crate::domain::search::fold(&c.name)
}
