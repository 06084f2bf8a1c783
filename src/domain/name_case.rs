//! The casing of a person's name: when a name was typed carelessly (ALL CAPS
//! or all lower case) and how it should read (`McDonald`, `O'Brien`,
//! "Jean-Luc", "Ludwig van Beethoven"). Mixed-case names are the user's
//! choice and are never touched.

/// Particles that stay lower case inside a name ("Ludwig van Beethoven",
/// "María de la Cruz"), though not as its first or last word.
const PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le", "von",
    "zu", "ter", "ten", "y",
];

/// Suffixes written in capitals whatever the rest ("John Smith III").
const UPPER: &[&str] = &["ii", "iii", "iv", "vi", "vii", "viii"];

/// Whether `name` looks carelessly cased: at least two letters that have a
/// case, and all of them upper case or all lower case.
pub fn needs_casing(name: &str) -> bool {
    let cased: Vec<char> = name
        .chars()
        .filter(|c| c.is_uppercase() || c.is_lowercase())
        .collect();
    cased.len() >= 2
        && (cased.iter().all(|c| c.is_uppercase()) || cased.iter().all(|c| c.is_lowercase()))
}

/// `name` in the casing people write names in: each word capitalised
/// (after a hyphen too, after "Mc", after a one-letter prefix and an
/// apostrophe), particles lower case inside the name, roman numerals in
/// capitals. Words are kept as they are spaced; only letters change.
pub fn proper_case(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let real: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().any(char::is_alphabetic))
        .collect();
    let (first, last) = (real.first().copied(), real.last().copied());
    words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let bare = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let inside = Some(i) != first && Some(i) != last;
            if inside && PARTICLES.contains(&bare.as_str()) {
                word.to_lowercase()
            } else if Some(i) != first && UPPER.contains(&bare.as_str()) {
                word.to_uppercase()
            } else {
                word.split('-').map(case_part).collect::<Vec<_>>().join("-")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One hyphen-free piece of a word: `mcdonald` → `McDonald`, `o'brien` →
/// `O'Brien`, "smith," → "Smith,".
fn case_part(part: &str) -> String {
    let lower = part.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut start = true;
    let mut letters = 0;
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.push(c);
        }
        if c.is_alphabetic() {
            letters += 1;
        }
        // "Mc" + at least two more letters; a one-letter prefix before an
        // apostrophe (O'Brien, D'Angelo).
        let mc = letters == 2 && out.ends_with("Mc") && out.chars().count() == 2;
        let more = chars.clone().filter(|c| c.is_alphabetic()).count();
        if (mc && more >= 2) || (is_apostrophe(c) && letters == 1 && more >= 2) {
            start = true;
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn careless_names_are_recased() {
        for (typed, want) in [
            ("JANE DOE", "Jane Doe"),
            ("jane doe", "Jane Doe"),
            ("ROBERT MCDONALD", "Robert McDonald"),
            ("mary o'brien", "Mary O'Brien"),
            ("JEAN-LUC PICARD", "Jean-Luc Picard"),
            ("ludwig van beethoven", "Ludwig van Beethoven"),
            ("MARIA DE LA CRUZ", "Maria de la Cruz"),
            ("otto von bismarck", "Otto von Bismarck"),
            ("SMITH, ROBERT", "Smith, Robert"),
            ("john smith iii", "John Smith III"),
            ("ÉMILE ZOLA", "Émile Zola"),
            ("jürgen müller-lüdenscheidt", "Jürgen Müller-Lüdenscheidt"),
            ("VAN HALEN", "Van Halen"),
            ("anna de", "Anna De"),
        ] {
            assert!(needs_casing(typed), "{typed}");
            assert_eq!(proper_case(typed), want, "{typed}");
        }
    }

    #[test]
    fn short_prefixes_are_not_taken_for_mc_or_o() {
        assert_eq!(proper_case("mc"), "Mc");
        assert_eq!(proper_case("o'k"), "O'k");
        assert_eq!(proper_case("mcx"), "Mcx");
        assert_eq!(proper_case("ma'ayan"), "Ma'ayan");
    }

    #[test]
    fn mixed_case_and_caseless_names_are_left_alone() {
        for name in [
            "Jane Doe",
            "danah boyd-Smith",
            "McDonald",
            "Ludwig van Beethoven",
            "iPhone Support",
            "J",
            "李小龍",
            "A",
            "",
        ] {
            assert!(!needs_casing(name), "{name}");
        }
        assert!(needs_casing("JO"), "two letters are enough");
        assert!(
            needs_casing("李 BO"),
            "caseless letters do not count either way"
        );
    }
}
