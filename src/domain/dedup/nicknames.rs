//! Nicknames and short forms of given names: Bob = Robert, Sepp = Josef,
//! Pepe = José, Sasha = Alexander.
//!
//! The table is `assets/nicknames.csv`, written for kith (public domain),
//! compiled into the binary. Each line is a group: the formal name first,
//! then its short forms and spellings. A name may be in several groups
//! ("Alex": Alexander, Alexandra, Alexis).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalise::fold_name;

const TABLE: &str = include_str!("../../../assets/nicknames.csv");

struct Table {
    /// Folded name → the groups it is in, ascending.
    groups: HashMap<String, Vec<u16>>,
    /// Each group's formal name, folded.
    formal: Vec<String>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut groups: HashMap<String, Vec<u16>> = HashMap::new();
        let mut formal = Vec::new();
        let lines = TABLE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (index, line) in lines.enumerate() {
            let group = u16::try_from(index).unwrap_or(u16::MAX);
            let mut names = line.split(',').map(fold_name).filter(|n| !n.is_empty());
            let Some(first) = names.next() else { continue };
            formal.push(first.clone());
            for name in std::iter::once(first).chain(names) {
                let entry = groups.entry(name).or_default();
                if !entry.contains(&group) {
                    entry.push(group);
                }
            }
        }
        Table { groups, formal }
    })
}

/// The groups a folded given name is in (empty when it is in none).
pub fn groups(folded: &str) -> &'static [u16] {
    table().groups.get(folded).map_or(&[], Vec::as_slice)
}

/// The formal name a folded given name stands for: "bob" → "robert". The
/// first group's when it is in several; the name itself when in none.
pub fn formal(folded: &str) -> &str {
    match groups(folded).first() {
        Some(&g) => &table().formal[usize::from(g)],
        None => folded,
    }
}

/// Whether two folded given names are forms of one name (and not equal).
pub fn same_name(a: &str, b: &str) -> bool {
    a != b && shared(groups(a), groups(b))
}

/// Whether two sorted group lists share a group.
pub fn shared(a: &[u16], b: &[u16]) -> bool {
    a.iter().any(|g| b.binary_search(g).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_german_spanish_slavic_forms_meet() {
        for (a, b) in [
            ("bob", "robert"),
            ("robbie", "rob"),
            ("bill", "william"),
            ("peggy", "margaret"),
            ("hans", "johannes"),
            ("sepp", "josef"),
            ("pepe", "jose"),
            ("paco", "francisco"),
            ("sasha", "alexander"),
            ("aleksandr", "alexander"),
        ] {
            assert!(same_name(a, b), "{a} = {b}");
        }
        assert!(!same_name("robert", "william"));
        assert!(!same_name("robert", "robert"));
        assert_eq!(formal("bob"), "robert");
        assert_eq!(formal("zebedee"), "zebedee");
    }

    #[test]
    fn the_table_is_large_and_every_group_has_short_forms() {
        assert!(table().formal.len() >= 250, "{}", table().formal.len());
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            assert!(line.split(',').count() >= 2, "a group of one: {line}");
        }
    }

    #[test]
    fn groups_are_sorted_for_binary_search() {
        for list in table().groups.values() {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
