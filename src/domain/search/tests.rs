use std::cmp::Reverse;

use proptest::prelude::*;

use super::query::Query;
use super::*;

fn doc(id: i64, name: &str) -> SearchDoc {
    SearchDoc {
        id,
        name: name.to_owned(),
        ..SearchDoc::default()
    }
}

fn ids(hits: &[Hit]) -> Vec<i64> {
    hits.iter().map(|h| h.id).collect()
}

#[test]
fn muller_finds_mueller() {
    let index = SearchIndex::new(vec![doc(1, "Anna Müller"), doc(2, "Anna Miller")]);
    let hits = index.search("muller");
    assert_eq!(ids(&hits), [1]);
    assert_eq!(hits[0].field, Field::Name);
    assert_eq!(ids(&index.search("MÜLLER")), [1]);
}

#[test]
fn two_words_line_up_with_the_name() {
    let index = SearchIndex::new(vec![
        doc(1, "José García"),
        doc(2, "Josefina Garcés"),
        doc(3, "Garcia Joseph"),
        doc(4, "Joe Smith"),
    ]);
    let hits = index.search("jose garcia");
    assert_eq!(hits[0].id, 1);
    assert!(!ids(&hits).contains(&4));
    assert_eq!(hits[0].name_positions, [0, 1, 2, 3, 5, 6, 7, 8, 9, 10]);
    // Word order in the query does not matter for matching.
    assert_eq!(index.search("garcia jose")[0].id, 1);
}

#[test]
fn smth_ranks_a_name_above_an_email_domain() {
    let mut other = doc(2, "Xavier Young");
    other.emails = vec!["x@smoothie.com".to_owned()];
    let index = SearchIndex::new(vec![other, doc(1, "Smith")]);
    let hits = index.search("smth");
    assert_eq!(ids(&hits), [1, 2]);
    assert_eq!(hits[0].field, Field::Name);
    assert_eq!(hits[0].name_positions, [0, 1, 3, 4]);
    assert_eq!(hits[1].field, Field::Email);
    assert!(hits[1].name_positions.is_empty());
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn exactness_tiers_rank_in_order() {
    let index = SearchIndex::new(vec![
        doc(1, "Jo Brand"),      // whole word
        doc(2, "Joan Brand"),    // word prefix
        doc(3, "Marjory Brand"), // inside a word
        doc(4, "Jan Olsen"),     // scattered
    ]);
    assert_eq!(ids(&index.search("jo")), [1, 2, 3, 4]);
}

#[test]
fn ties_break_by_exactness_then_recency_then_name() {
    let mut ann = doc(1, "Ann");
    ann.tags = vec!["ann".to_owned()];
    let mut recent = doc(2, "Ann Lee");
    recent.last_contact = Some(2_000);
    let mut older = doc(3, "Ann Kay");
    older.last_contact = Some(1_000);
    let never_b = doc(4, "Ann Bee");
    let never_a = doc(5, "Ann Abe");
    let index = SearchIndex::new(vec![never_b, older, ann, recent, never_a]);
    let hits = index.search("ann");
    // All match the first word exactly at the start of the name: equal scores.
    assert!(hits.iter().all(|h| h.score == hits[0].score));
    assert_eq!(ids(&hits), [1, 2, 3, 5, 4]);
}

#[test]
fn exact_name_wins_a_score_tie_over_recency() {
    let mut exact = doc(1, "Ann");
    exact.last_contact = Some(1);
    let mut recent = doc(2, "Ann Lee");
    recent.last_contact = Some(100);
    let index = SearchIndex::new(vec![recent, exact]);
    let hits = index.search("Ann");
    assert_eq!(hits[0].score, hits[1].score);
    assert_eq!(ids(&hits), [1, 2]);
}

#[test]
fn upsert_replaces_and_remove_forgets() {
    let mut index = SearchIndex::new(vec![doc(1, "Alice"), doc(2, "Bob")]);
    assert_eq!(index.len(), 2);
    index.upsert(doc(3, "Carol"));
    index.upsert(doc(1, "Alicia"));
    assert_eq!(index.len(), 3);
    assert_eq!(index.get(1).map(|d| d.name.as_str()), Some("Alicia"));
    assert_eq!(ids(&index.search("alicia")), [1]);
    assert!(index.search("alice").is_empty());
    index.remove(2);
    index.remove(99);
    assert_eq!(index.len(), 2);
    assert!(index.get(2).is_none());
    assert!(index.search("bob").is_empty());
    assert_eq!(ids(&index.search("carol")), [3]);
    assert_eq!(ids(&index.search("")), [1, 3]);
    index.remove(1);
    index.remove(3);
    assert!(index.is_empty());
    assert!(index.search("").is_empty());
}

#[test]
fn new_keeps_the_last_doc_of_an_id() {
    let index = SearchIndex::new(vec![doc(1, "First"), doc(1, "Second")]);
    assert_eq!(index.len(), 1);
    assert_eq!(ids(&index.search("second")), [1]);
    assert!(index.search("first").is_empty());
}

#[test]
fn blank_query_lists_everything_by_folded_name_then_id() {
    let index = SearchIndex::new(vec![
        doc(5, "zoe"),
        doc(4, "Émile"),
        doc(3, "bob"),
        doc(2, "Bob"),
        doc(1, "Adam"),
    ]);
    for query in ["", "   ", "\t\n"] {
        let hits = index.search(query);
        assert_eq!(ids(&hits), [1, 2, 3, 4, 5]);
        assert!(
            hits.iter()
                .all(|h| h.score == 0 && h.name_positions.is_empty())
        );
    }
}

#[test]
fn highlights_map_back_to_accented_chars() {
    let index = SearchIndex::new(vec![doc(1, "Zoë Ångström")]);
    let hits = index.search("angs");
    assert_eq!(hits[0].name_positions, [4, 5, 6, 7]);
    let hits = index.search("zoe");
    assert_eq!(hits[0].name_positions, [0, 1, 2]);
}

#[test]
fn highlights_survive_folding_that_changes_length() {
    // "Straße" folds to "strasse": both s's of "ss" come from 'ß' (char 4).
    let index = SearchIndex::new(vec![doc(1, "Straße"), doc(2, "Æsa Berg")]);
    let hits = index.search("strass");
    assert_eq!(hits[0].id, 1);
    assert_eq!(hits[0].name_positions, [0, 1, 2, 3, 4]);
    assert_eq!(index.search("sse")[0].name_positions, [4, 5]);
    // "Æ" folds to "ae".
    let hits = index.search("aesa");
    assert_eq!(hits[0].id, 2);
    assert_eq!(hits[0].name_positions, [0, 1, 2]);
    assert_eq!(index.search("esa")[0].name_positions, [0, 1, 2]);
}

#[test]
fn tags_and_orgs_match() {
    let mut vip = doc(1, "Paula Ruiz");
    vip.tags = vec!["VIP".to_owned(), "investor".to_owned()];
    let mut acme = doc(2, "Tom Lee");
    acme.org = Some("Acmé Corp".to_owned());
    acme.emails = vec!["tom@example.com".to_owned()];
    let index = SearchIndex::new(vec![vip, acme]);
    let hits = index.search("vip");
    assert_eq!(ids(&hits), [1]);
    assert_eq!(hits[0].field, Field::Tag);
    assert!(hits[0].name_positions.is_empty());
    let hits = index.search("acme");
    assert_eq!(ids(&hits), [2]);
    assert_eq!(hits[0].field, Field::Org);
    // Tokens may match different fields; the name is still highlighted.
    let hits = index.search("paula invest");
    assert_eq!(ids(&hits), [1]);
    assert_eq!(hits[0].name_positions, [0, 1, 2, 3, 4]);
    assert_eq!(ids(&index.search("example")), [2]);
    assert_eq!(index.search("example")[0].field, Field::Email);
}

#[test]
fn every_token_must_match() {
    let index = SearchIndex::new(vec![doc(1, "Ada Lovelace"), doc(2, "Ada Byron")]);
    assert_eq!(ids(&index.search("ada love")), [1]);
    assert!(index.search("ada xyz").is_empty());
}

#[test]
fn score_doc_agrees_with_search() {
    let mut d = doc(7, "Renée O'Brien");
    d.emails = vec!["renee@obrien.ie".to_owned()];
    d.org = Some("Brien & Co".to_owned());
    let index = SearchIndex::new(vec![d.clone()]);
    for query in ["renee", "obr", "brien co", "rnob", "ie", "zzz", ""] {
        let expected = index.search(query).into_iter().next();
        assert_eq!(score_doc(&d, query), expected, "query {query:?}");
    }
}

fn sample_index() -> SearchIndex {
    let names = [
        "José García",
        "Maria Garza",
        "Mario Rossi",
        "Marie Curie",
        "Ann Smith",
        "Annabel Müller",
        "Hans Muller",
        "Straße Weiß",
        "Zoë Marsh",
        "Smita Rao",
        "Martha Jones",
        "Marek Nowak",
    ];
    let docs = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let id = i64::try_from(i).expect("small") + 1;
            SearchDoc {
                id,
                name: (*name).to_owned(),
                emails: vec![format!(
                    "{}@mail{}.example",
                    fold(name).replace(' ', "."),
                    i % 3
                )],
                org: (i % 2 == 0).then(|| "Marsh & McLennan".to_owned()),
                tags: if i % 3 == 0 {
                    vec!["martial arts".to_owned()]
                } else {
                    vec![]
                },
                last_contact: (i % 4 != 0).then_some(id * 10),
            }
        })
        .collect();
    SearchIndex::new(docs)
}

#[test]
fn refine_equals_search_for_extensions() {
    let index = sample_index();
    let chains: [&[&str]; 4] = [
        &["m", "ma", "mar", "mari", "maria", "maria ", "maria g"],
        &["s", "sm", "smi", "smit", "smith"],
        &["a", "an", "ann", "ann ", "ann s", "ann sm"],
        &["ü", "ül", "x", "xy"],
    ];
    for chain in chains {
        let mut prev_query = "";
        let mut prev = index.search(prev_query);
        for &query in chain {
            let refined = index.refine(prev_query, &prev, query);
            assert_eq!(refined, index.search(query), "{prev_query:?} -> {query:?}");
            prev_query = query;
            prev = refined;
        }
    }
    // Not an extension: falls back to a full search.
    let prev = index.search("mar");
    assert_eq!(index.refine("mar", &prev, "ma"), index.search("ma"));
    assert_eq!(index.refine("mar", &prev, "smi"), index.search("smi"));
}

#[test]
fn refine_narrows_a_small_previous_result() {
    // Enough docs that a short previous result is looked up hit by hit.
    let mut docs: Vec<SearchDoc> = (0..50).map(|i| doc(i, &format!("Filler {i}"))).collect();
    docs.push(doc(100, "Maria Lopez"));
    docs.push(doc(101, "Mariam Khan"));
    docs.push(doc(102, "Omar Iqbal"));
    let index = SearchIndex::new(docs);
    let prev = index.search("mar");
    assert_eq!(prev.len(), 3);
    for query in ["mari", "maria", "mar k", "marx"] {
        assert_eq!(index.refine("mar", &prev, query), index.search(query));
    }
}

#[test]
fn upserts_keep_orders_consistent_with_a_fresh_index() {
    let mut index = SearchIndex::default();
    let mut docs = Vec::new();
    for i in 0..40_i64 {
        let mut d = doc(
            i % 17,
            &format!("{} {}", ["Bo", "Al", "Cy", "Åsa"][(i % 4) as usize], i % 5),
        );
        d.last_contact = (i % 3 != 0).then_some(i % 7);
        index.upsert(d.clone());
        docs.retain(|x: &SearchDoc| x.id != d.id);
        docs.push(d);
        if i % 6 == 5 {
            index.remove(i % 11);
            docs.retain(|x| x.id != i % 11);
        }
    }
    let fresh = SearchIndex::new(docs);
    for query in ["", "a", "bo", "1", "as 3"] {
        assert_eq!(index.search(query), fresh.search(query), "query {query:?}");
    }
}

#[test]
fn arena_compaction_keeps_results() {
    let mut index = SearchIndex::new((0..200).map(|i| doc(i, &format!("Person {i}"))).collect());
    let long = "x".repeat(2_000);
    for round in 0..100 {
        index.upsert(doc(round % 10, &format!("Renamed {round} {long}")));
    }
    assert_eq!(index.len(), 200);
    assert_eq!(ids(&index.search("renamed 99")), [9]);
    assert_eq!(ids(&index.search("person 150")), [150]);
}

#[test]
fn odd_input_does_not_panic() {
    let mut weird = doc(1, "\u{0}\u{301}🙂 北京 \u{10FFFF}");
    weird.emails = vec![String::new(), "🙂@🙂".to_owned()];
    weird.tags = vec![String::new()];
    weird.org = Some(String::new());
    let index = SearchIndex::new(vec![weird.clone(), doc(2, "")]);
    for query in ["🙂", "bei jing", "\u{301}", "@", "\u{0}", "x", "北"] {
        let _ = index.search(query);
        let _ = score_doc(&weird, query);
    }
    assert_eq!(ids(&index.search("bei")), [1]);
}

fn small_docs() -> impl Strategy<Value = Vec<SearchDoc>> {
    let word = "[a-dA-Dé ßÆ.@-]{0,8}";
    prop::collection::vec(
        (
            0..20_i64,
            word,
            prop::collection::vec(word, 0..2),
            prop::option::of(word),
            prop::collection::vec(word, 0..2),
            prop::option::of(0..5_i64),
        )
            .prop_map(|(id, name, emails, org, tags, last_contact)| SearchDoc {
                id,
                name,
                emails,
                org,
                tags,
                last_contact,
            }),
        0..24,
    )
}

proptest! {
    #[test]
    fn refine_after_one_more_char_equals_search(
        docs in small_docs(),
        query in "[a-dé ß.]{0,4}",
        extra in "[a-dé ßæ.]",
    ) {
        let index = SearchIndex::new(docs);
        let prev = index.search(&query);
        let next = format!("{query}{extra}");
        let expected = index.search(&next);
        prop_assert_eq!(&index.refine(&query, &prev, &next), &expected);
        // The narrowing path itself, whatever size the previous result has.
        let (before, after) = (Query::parse(&query), Query::parse(&next));
        if !before.is_blank() && !after.is_blank() && after.narrows(&before) {
            prop_assert_eq!(index.narrow(&after, &prev), expected);
        }
    }

    #[test]
    fn hits_agree_with_score_doc(docs in small_docs(), query in "[a-dé ß.]{0,4}") {
        let index = SearchIndex::new(docs);
        for hit in index.search(&query) {
            let doc = index.get(hit.id).expect("hit is indexed");
            prop_assert_eq!(score_doc(doc, &query), Some(hit));
        }
    }

    #[test]
    fn search_never_panics(
        names in prop::collection::vec(any::<String>(), 0..8),
        query in any::<String>(),
    ) {
        let docs: Vec<SearchDoc> = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| SearchDoc {
                id: i64::try_from(i).expect("small"),
                emails: vec![name.clone()],
                tags: vec![name.chars().rev().collect()],
                name,
                ..SearchDoc::default()
            })
            .collect();
        let index = SearchIndex::new(docs);
        let hits = index.search(&query);
        for hit in &hits {
            let doc = index.get(hit.id).expect("hit is indexed");
            let chars = doc.name.chars().count();
            prop_assert!(hit.name_positions.iter().all(|&p| p < chars));
        }
        let _ = index.refine(&query, &hits, &format!("{query}a"));
    }
}

#[test]
fn a_single_letter_matches_initials_only() {
    let mut mail = doc(3, "Xu Li");
    mail.emails = vec!["xu@mail.de".to_owned()];
    let index = SearchIndex::new(vec![doc(1, "Maria Lopez"), doc(2, "Tomas Sam"), mail]);
    assert_eq!(ids(&index.search("m")), [1, 3]);
    assert_eq!(index.search("m")[0].name_positions, [0]);
    // One more letter may match inside a word again, so refining falls back.
    let prev = index.search("m");
    assert_eq!(ids(&index.refine("m", &prev, "ma")), [1, 2, 3]);
    assert_eq!(index.refine("m", &prev, "ma"), index.search("ma"));
    // Initials combine with other tokens: "maria l", "t s".
    assert_eq!(ids(&index.search("maria l")), [1]);
    assert_eq!(ids(&index.search("t s")), [2]);
    // A lone non-letter still matches anywhere.
    assert_eq!(ids(&index.search("@")), [3]);
}

#[test]
fn scattered_highlights_in_the_name() {
    let index = SearchIndex::new(vec![doc(1, "José García"), doc(2, "Weiß  Øster")]);
    // Two letters: the initials of two words.
    assert_eq!(index.search("jg")[0].name_positions, [0, 5]);
    // Short tokens: the tightest window inside one word.
    assert_eq!(index.search("gci")[0].name_positions, [5, 8, 9]);
    // Longer tokens: the skim alignment inside one word.
    assert_eq!(index.search("grca")[0].name_positions, [5, 7, 8, 10]);
    // Folding that changes length ("ß" is "ss"), and collapsed spaces.
    let hits = index.search("wis");
    assert_eq!(ids(&hits), [2]);
    assert_eq!(hits[0].name_positions, [0, 2, 3]);
    assert_eq!(index.search("ostr")[0].name_positions, [6, 7, 8, 10]);
    assert_eq!(index.search("oster")[0].name_positions, [6, 7, 8, 9, 10]);
}

#[test]
fn letters_scattered_over_words_are_no_match() {
    // The junk of the 300-contact demo: "garcia" scattered over an e-mail.
    let mut baker = doc(1, "Agnieszka Baker");
    baker.org = Some("Cedar Capital".to_owned());
    baker.emails = vec!["agnieszka.baker@cedarcapital.com".to_owned()];
    let index = SearchIndex::new(vec![baker.clone(), doc(2, "José García")]);
    assert_eq!(ids(&index.search("garcia")), [2]);
    assert!(score_doc(&baker, "garcia").is_none());
    // Across the words of a name neither, but inside one word yes.
    assert!(index.search("jsgr").is_empty());
    assert_eq!(ids(&index.search("agnka")), [1]);
    assert_eq!(index.search("agnka")[0].name_positions, [0, 1, 2, 7, 8]);
}

#[test]
fn the_best_field_wins_across_fields() {
    let mut d = doc(1, "Xmar Yu");
    d.org = Some("Mar Co".to_owned());
    d.tags = vec!["omar".to_owned(), "mar".to_owned()];
    d.emails = vec!["mar@x.org".to_owned()];
    let hit = score_doc(&d, "mar").expect("matches");
    // Org and tag both hold "mar" as a whole first word; org comes first.
    assert_eq!(hit.field, Field::Org);
    assert!(hit.name_positions.is_empty());
    assert_eq!(hit.score, 3 * (64 + 3 * 16 + 8));
    // Only the name holds "xm": highlighted there.
    let hit = score_doc(&d, "xm").expect("matches");
    assert_eq!((hit.field, hit.name_positions), (Field::Name, vec![0, 1]));
    // An initial skips fields where the letter only occurs inside words.
    let hit = score_doc(&d, "y").expect("matches");
    assert_eq!((hit.field, hit.name_positions), (Field::Name, vec![5]));
    let hit = score_doc(&d, "o").expect("matches");
    assert_eq!(hit.field, Field::Tag);
}

#[test]
fn large_results_come_out_in_order() {
    // Enough hits to take the radix path of the sort.
    let first = ["Ana", "Bea", "Cai", "Dan", "Eli", "Ida", "Ola", "Uma"];
    let last = ["Ames", "Banes", "Ceta", "Dorn", "Ekka", "Faye"];
    let docs: Vec<SearchDoc> = (0..3_000_i64)
        .map(|i| {
            let n = usize::try_from(i).expect("small");
            let mut d = doc(i, &format!("{} {}", first[n % 8], last[(n / 8) % 6]));
            d.emails = vec![format!("p{i}@mail{}.example", i % 7)];
            d.last_contact = (i % 5 != 0).then_some((i * 7_919) % 1_000);
            d
        })
        .collect();
    let index = SearchIndex::new(docs);
    assert!(index.search("mle").len() > 1_024);
    for query in ["m", "ma", "p", "ea", "mle", "a e"] {
        let hits = index.search(query);
        assert!(!hits.is_empty(), "{query:?}");
        let folded = fold(query);
        let key = |h: &Hit| {
            let d = index.get(h.id).expect("indexed");
            (
                Reverse(h.score),
                Reverse(fold(&d.name) == folded),
                Reverse(d.last_contact),
                fold(&d.name),
                d.id,
            )
        };
        assert!(
            hits.windows(2).all(|w| key(&w[0]) < key(&w[1])),
            "{query:?}"
        );
    }
}

#[test]
fn radix_sort_matches_a_comparison_sort() {
    let mut state = 0x2545_f491_u64;
    let mut keys: Vec<u64> = (0..5_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % (1 << 40)
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let items: Vec<(u64, u64)> = keys.iter().rev().map(|&k| (k, k)).collect();
    let mut shuffled = items.clone();
    shuffled.sort_unstable_by_key(|&(k, _)| k.rotate_left(17));
    assert_eq!(
        sort_desc(shuffled, 40),
        items.iter().map(|&(_, v)| v).collect::<Vec<_>>()
    );
}

#[test]
fn two_letters_match_contiguously_or_as_initials() {
    let index = SearchIndex::new(vec![doc(1, "Sam Harris"), doc(2, "Maria Lind")]);
    // "m" then "a" occur in "Sam Harris", but neither together nor as initials.
    assert_eq!(ids(&index.search("ma")), [2]);
    let hits = index.search("sh");
    assert_eq!(ids(&hits), [1]);
    assert_eq!(hits[0].name_positions, [0, 4]);
    assert_eq!(ids(&index.search("ml")), [2]);
    // Three letters scatter inside a word again, so refining falls back to a search.
    let prev = index.search("hr");
    assert!(prev.is_empty());
    assert_eq!(ids(&index.refine("hr", &prev, "hrs")), [1]);
}

#[test]
fn one_pass_masks_agree_with_the_separate_ones() {
    use super::fold::{byte_bit, mask_of, masks_of, pairs_mask_of};
    for text in [
        "",
        "a",
        "jose garcia",
        "x@smoothie.com",
        "  é-b  c",
        "ab12 3",
    ] {
        let (mask, heads, pairs) = masks_of(text);
        assert_eq!(mask, mask_of(text));
        assert_eq!(pairs, pairs_mask_of(text));
        let starts = text
            .split(|c: char| !c.is_ascii_alphanumeric() && c.is_ascii())
            .filter_map(|w| w.bytes().next())
            .fold(0, |m, b| m | byte_bit(b));
        assert_eq!(heads, starts, "{text:?}");
    }
}
