//! Search over 100 000 synthetic contacts: the TUI filters on every keystroke, so a
//! query must stay within one frame (16 ms) on a small machine.

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use kith::domain::search::{Hit, SearchDoc, SearchIndex, fold};

fn main() {
    divan::main();
}

const DOCS: usize = 100_000;

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Maria", "José", "Anna", "John", "Zoë", "Chloé", "Søren", "Łukasz", "Ángel", "François",
    "Jürgen", "Renée", "Björn", "Mohammed", "Aisha", "Wei", "Yuki", "Olga", "Sven",
    "Ingrid", "Liam", "Emma", "Noah", "Olivia", "Lucas", "Sofía", "Mateo", "Camila", "Hugo",
    "Inès", "Marek", "Agnieszka", "Dmitri", "Natalia", "Kwame", "Amara", "Ravi", "Priya",
    "Tomás", "Élodie", "Henrik", "Astrid", "Pedro", "Lucía", "Giulia", "Marco", "Sean",
    "Siobhán", "David", "Sarah", "Michael", "Laura", "Daniel", "Julia", "Samuel", "Hannah",
    "Max", "Lena",
];

#[rustfmt::skip]
const LAST: &[&str] = &[
    "García", "Müller", "Smith", "Nguyễn", "Kowalski", "O'Brien", "Jensen", "Rossi",
    "Dubois", "Schmidt", "Johansson", "Fernández", "López", "Novák", "Yılmaz",
    "Papadopoulos", "Kim", "Tanaka", "Ivanov", "Brown", "Wilson", "Martin", "Bernard",
    "Weiß", "Østergaard", "Sánchez", "Pérez", "Horvath", "Nowak", "Svensson", "Costa",
    "Silva", "Walsh", "Murphy", "Fischer", "Wagner", "Becker", "Hoffmann", "Schäfer",
    "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Werner", "Meier", "Lehmann", "Köhler", "Herrmann", "König",
    "Walter", "Mayer", "Huber", "Kaiser", "Fuchs",
];

#[rustfmt::skip]
const ORGS: &[&str] = &[
    "Acme Corp", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises",
    "Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne",
    "Massive Dynamic", "Aperture Science", "Black Mesa", "Wonka Industries", "Gringotts",
    "Oceanic Airlines", "Dunder Mifflin", "Sterling Cooper", "Nakatomi", "Buy n Large",
    "Café Olé", "Bäckerei Groß", "Société Générale",
];

#[rustfmt::skip]
const TAGS: &[&str] = &[
    "vip", "client", "friend", "family", "investor", "supplier", "press", "recruiter",
    "mentor", "board", "lead", "partner", "alumni", "conference", "neighbour",
];

#[rustfmt::skip]
const DOMAINS: &[&str] = &[
    "gmail.com", "example.com", "outlook.com", "proton.me", "fastmail.fm", "smoothie.com",
    "mail.de", "posteo.net", "yahoo.fr", "web.de",
];

/// A small seeded generator so every run indexes the same contacts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn synthetic_docs(n: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(0x6B69_7468);
    let now = 1_750_000_000_i64;
    (0..n)
        .map(|i| {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            let name = if rng.below(10) == 0 {
                format!("{first} {} {last}", rng.pick(FIRST))
            } else {
                format!("{first} {last}")
            };
            let local = fold(&format!("{first}.{last}")).replace([' ', '\''], "");
            let mut emails = vec![format!("{local}{}@{}", rng.below(100), rng.pick(DOMAINS))];
            if rng.below(4) == 0 {
                emails.push(format!("{}@{}", fold(first), rng.pick(DOMAINS)));
            }
            let org = (rng.below(3) != 0).then(|| rng.pick(ORGS).to_owned());
            let tags = (0..rng.below(4))
                .map(|_| rng.pick(TAGS).to_owned())
                .collect();
            let last_contact =
                (rng.below(5) != 0).then(|| now - rng.below(3 * 365 * 86_400) as i64);
            SearchDoc {
                id: i as i64 + 1,
                name,
                emails,
                org,
                tags,
                last_contact,
            }
        })
        .collect()
}

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::new(synthetic_docs(DOCS)));

#[divan::bench(sample_count = 10)]
fn build_index(bencher: Bencher) {
    let docs = synthetic_docs(DOCS);
    bencher
        .with_inputs(|| docs.clone())
        .bench_values(SearchIndex::new);
}

/// Queries of 1, 2, 3 and 5 letters, a two-word query, and a scattered one.
#[divan::bench(args = ["m", "ma", "mar", "maria", "jose garcia", "smth"])]
fn search(bencher: Bencher, query: &str) {
    let index = &*INDEX;
    // Dropping the previous result is part of a keystroke, so it is timed too.
    bencher.bench(|| index.search(black_box(query)).len());
}

#[divan::bench]
fn search_blank(bencher: Bencher) {
    let index = &*INDEX;
    bencher.bench(|| index.search(black_box("")).len());
}

/// One more typed character, narrowing the previous result.
#[divan::bench(args = [("m", "ma"), ("ma", "mar"), ("mar", "mari"), ("jose", "jose g")])]
fn refine(bencher: Bencher, (prev_query, query): (&str, &str)) {
    let index = &*INDEX;
    let prev: Vec<Hit> = index.search(prev_query);
    bencher.bench(|| {
        index
            .refine(prev_query, black_box(&prev), black_box(query))
            .len()
    });
}
