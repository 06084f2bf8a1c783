//! The words a persisted search index keeps per contact, and which of them a
//! query can match: enough to narrow 100k contacts to the few worth scoring
//! without building the whole in-memory index.
//!
//! Every token of three or more letters that matches a field does so inside
//! one word of it (contiguously, or scattered inside the word: see
//! `matching`), so a contact matches only if some word of it passes that
//! token's [`TermTest`]. Candidates found this way are a superset of the
//! matches; they are then ranked by the same scorer as the in-memory search.

use super::fold::{fold, is_word};
use super::hay::words;
use super::query::Query;

/// The folded words of a contact's name, organisation, tags and emails,
/// sorted and without repeats: what the persisted index stores for it.
pub fn index_terms<'a>(
    name: &'a str,
    org: Option<&'a str>,
    tags: impl IntoIterator<Item = &'a str>,
    emails: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut terms = Vec::new();
    let fields = std::iter::once(name).chain(org).chain(tags).chain(emails);
    for field in fields {
        let folded = fold(field);
        terms.extend(words(&folded).map(|(a, b)| folded[a..b].to_owned()));
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Which stored words one query token can match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermTest {
    /// A token of word characters only: a word holding it as a subsequence.
    Subsequence(String),
    /// A token with punctuation ("o'neil", "jane@acme"): it only matches
    /// contiguously, so one of its words (the longest) occurs in a word.
    Contains(String),
}

impl TermTest {
    pub fn matches(&self, term: &str) -> bool {
        match self {
            TermTest::Contains(part) => term.contains(part.as_str()),
            TermTest::Subsequence(token) if token.is_ascii() => {
                let mut bytes = term.bytes();
                token.bytes().all(|b| bytes.any(|t| t == b))
            }
            TermTest::Subsequence(token) => {
                let mut chars = term.chars();
                token.chars().all(|c| chars.any(|t| t == c))
            }
        }
    }
}

/// One test per token of `query` that narrows the candidates; tokens of one
/// or two letters (initials, and pairs that may be the initials of two
/// words) narrow nothing and are left out. Empty: the query cannot be
/// narrowed through the stored words, and every contact must be scored.
pub fn term_tests(query: &str) -> Vec<TermTest> {
    let query = Query::parse(query);
    let mut tests = Vec::new();
    for token in &query.tokens {
        if token.is_restricted() {
            continue;
        }
        let text = token.text.as_str();
        if text.bytes().all(is_word) {
            tests.push(TermTest::Subsequence(text.to_owned()));
        } else if let Some(longest) = words(text)
            .map(|(a, b)| &text[a..b])
            .max_by_key(|w| w.len())
        {
            tests.push(TermTest::Contains(longest.to_owned()));
        }
    }
    tests
}

#[cfg(test)]
mod tests {
    use super::super::{SearchDoc, SearchIndex};
    use super::*;

    #[test]
    fn terms_are_the_folded_words_of_every_field() {
        let terms = index_terms(
            "José Mueller-Ortiz",
            Some("Acme GmbH"),
            ["vip"],
            ["j.ortiz@acme.io"],
        );
        assert_eq!(
            terms,
            ["acme", "gmbh", "io", "j", "jose", "muller", "ortiz", "vip"]
        );
    }

    #[test]
    fn short_tokens_narrow_nothing() {
        assert!(term_tests("j").is_empty());
        assert!(term_tests("jg").is_empty());
        assert!(term_tests("@").is_empty());
        assert_eq!(
            term_tests("jose g o'neil"),
            [
                TermTest::Subsequence("jose".into()),
                TermTest::Contains("neil".into())
            ]
        );
        assert_eq!(
            term_tests("Mueller"),
            [TermTest::Subsequence("muller".into())]
        );
    }

    /// Every doc the in-memory search finds has, for every test, a term
    /// passing it: the persisted index never misses a match.
    #[test]
    fn every_match_has_a_term_passing_every_test() {
        let docs: Vec<SearchDoc> = [
            ("José García", Some("Globex"), "jg@globex.com"),
            ("Anna Müller", None, "anna.mueller@gmail.com"),
            (
                "Agnieszka Baker",
                Some("Cedar Capital"),
                "a.baker@cedarcapital.com",
            ),
            ("Seán O'Neil", Some("O'Neil & Sons"), "sean@oneil.ie"),
            ("李 小龙", None, "bruce@example.cn"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (name, org, email))| SearchDoc {
            id: i64::try_from(i).expect("small"),
            name: name.into(),
            org: org.map(Into::into),
            emails: vec![email.into()],
            tags: vec!["key client".into()],
            last_contact: None,
        })
        .collect();
        let index = SearchIndex::new(docs.clone());
        let queries = [
            "garcia",
            "grca",
            "mueller",
            "muller",
            "gmail.com",
            "o'neil",
            "neil",
            "cedar",
            "capital",
            "bkr",
            "李",
            "小龙",
            "ey cli",
            "lient",
            "jose garcia",
            "agnka",
        ];
        for query in queries {
            let tests = term_tests(query);
            for hit in index.search(query) {
                let d = &docs[usize::try_from(hit.id).expect("id")];
                let terms = index_terms(
                    &d.name,
                    d.org.as_deref(),
                    d.tags.iter().map(String::as_str),
                    d.emails.iter().map(String::as_str),
                );
                for test in &tests {
                    assert!(
                        terms.iter().any(|t| test.matches(t)),
                        "{query:?}: {test:?} misses {:?}",
                        d.name
                    );
                }
            }
        }
    }
}
