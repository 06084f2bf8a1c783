//! Names and e-mail user names the way a large address book holds them.
//!
//! Real family names have a long tail: a few common ones ("García",
//! "Müller") recur, most people carry one shared by few others. The demo's
//! list (138 family names) is the common head, drawn with Zipf-like
//! weights; the tail is built from word parts of the cultures of that list
//! (German, Nordic, Slavic, Iberian, Italian, English, French, Dutch), a
//! few thousand names drawn evenly. Some people have two family names
//! (Spanish style or double-barrelled), a second given name or a middle
//! initial. Given names (129) are drawn Zipf-like too.

use super::super::demo::{Lists, slug};

/// Share of people whose family name is one of the common head.
const COMMON_FAMILY: u32 = 20;
/// Share with two family names ("García López", "Smith-Jones").
const TWO_FAMILY: u32 = 10;
/// Share with a second given name ("Anna Maria"), and with a middle initial.
const SECOND_GIVEN: u32 = 12;
const MIDDLE_INITIAL: u32 = 8;
/// Zipf exponents: the `r`-th most common name weighs `1 / r^s`.
const GIVEN_SKEW: f64 = 0.5;
const FAMILY_SKEW: f64 = 0.6;

/// Word parts by culture: (stems, endings); a tail name is stem + ending.
const PARTS: &[(&[&str], &[&str])] = &[
    (
        &[
            "Adler", "Bach", "Baum", "Berg", "Blum", "Brand", "Busch", "Eich", "Eisen", "Feld",
            "Fisch", "Frei", "Gold", "Gras", "Grün", "Hage", "Hahn", "Hart", "Heil", "Hirsch",
            "Hof", "Holz", "Horn", "Kalt", "Kirch", "Kohl", "Kreuz", "Lang", "Lind", "Mohr", "Ros",
            "Sand", "Schön", "Stein", "Stern", "Wald", "Weiß", "Wein", "Eck", "Ober",
        ],
        &[
            "mann", "er", "hardt", "berg", "feld", "stein", "bauer", "inger", "meier", "haus",
            "hofer", "länder",
        ],
    ),
    (
        &[
            "Ander", "Berg", "Dahl", "Ek", "Fors", "Hag", "Hed", "Holm", "Lind", "Ljung", "Lund",
            "Nord", "Sjö", "Sand", "Ström", "Wall", "Öst", "Björk", "Gran", "Karl", "Lars", "Nils",
            "Pers", "Sven", "Jon", "Gustaf", "Olof", "Mats", "Erik", "Hen",
        ],
        &[
            "sson", "sen", "gård", "ström", "lund", "qvist", "gren", "dahl", "vik", "mark", "by",
        ],
    ),
    (
        &[
            "Kowal", "Nowak", "Lewand", "Zielin", "Szyman", "Dąbrow", "Kozłow", "Jankow", "Wojcie",
            "Kamin", "Grabow", "Pawłow", "Michal", "Wieczor", "Jabłon", "Majew", "Olszew", "Malin",
            "Sobol", "Bogdan", "Petr", "Ivan", "Kuzn", "Volk", "Sokol", "Orl", "Medved", "Zajc",
            "Pop", "Horv", "Kovač", "Marko", "Jovan", "Nikol", "Stojan", "Tomaš", "Dvor", "Svob",
            "Krupin", "Lisow",
        ],
        &[
            "ski", "ska", "czyk", "ewicz", "ov", "ova", "enko", "ić", "ek", "ák",
        ],
    ),
    (
        &[
            "Ferr", "Carv", "Mor", "Pin", "Oliv", "Silv", "Rib", "Cost", "Sous", "Mend", "Barb",
            "Cab", "Cal", "Cam", "Mont", "Esc", "Var", "Cor", "Nav", "Rom", "Ben", "Can", "Gal",
            "Pad", "Mar", "Vid", "Pal", "Sal", "Val", "Rod",
        ],
        &[
            "eira", "ado", "ero", "ez", "es", "al", "ana", "illo", "ón", "ales", "anes",
        ],
    ),
    (
        &[
            "Bern", "Ross", "Ricc", "Marin", "Gall", "Ferr", "Bianc", "Col", "Cont", "Espos",
            "Lomb", "Morett", "Bar", "Font", "Sant", "Capr", "Gatt", "Pell", "Fior", "Vitt",
            "Leon", "Ser", "Ruggi", "Gent", "Grec", "Sart", "Bell", "Cass", "Fabbr", "Mancin",
        ],
        &[
            "i", "o", "elli", "etti", "ini", "one", "ucci", "ato", "ano", "otti",
        ],
    ),
    (
        &[
            "Ash", "Black", "Brad", "Brook", "Cart", "Clay", "Craw", "Dun", "Fair", "Gold", "Hart",
            "Hay", "Kings", "Lang", "Marsh", "Mil", "Net", "New", "Nor", "Pem", "Red", "Rad",
            "Shel", "Stan", "Stock", "Thorn", "Under", "War", "West", "White", "Wood", "Win",
        ],
        &[
            "ton", "ley", "field", "wood", "worth", "ford", "ham", "by", "well", "more", "son",
            "ridge",
        ],
    ),
    (
        &[
            "Beau", "Bel", "Bon", "Chev", "Dur", "Fav", "Four", "Gar", "Gir", "Lam", "Laur", "Mor",
            "Per", "Riv", "Rouss", "Vin", "Chap", "Bout", "Bern", "Mar",
        ],
        &[
            "and", "ier", "eau", "elle", "ard", "in", "on", "et", "ot", "ault",
        ],
    ),
    (
        &["van ", "de ", "van der ", "van den "],
        &[
            "Berg", "Dijk", "Veen", "Beek", "Hoek", "Bosch", "Meer", "Leeuw", "Linden", "Wal",
            "Vliet", "Heuvel", "Broek", "Laan", "Velde", "Wouden", "Kamp", "Haar",
        ],
    ),
];

/// The name pools of one generated set and their weights.
pub(super) struct Names {
    given: Vec<&'static str>,
    given_weight: Vec<f64>,
    common: Vec<&'static str>,
    common_weight: Vec<f64>,
    rare: Vec<String>,
}

impl Names {
    /// Which names are common is drawn from `rng` (the lists' order, which
    /// groups names by culture, must not decide it).
    pub(super) fn new(rng: &mut fastrand::Rng, lists: &Lists) -> Names {
        let mut given = lists.given.clone();
        let mut common = lists.family.clone();
        rng.shuffle(&mut given);
        rng.shuffle(&mut common);
        let mut rare: Vec<String> = PARTS
            .iter()
            .flat_map(|(stems, ends)| {
                stems
                    .iter()
                    .flat_map(move |s| ends.iter().map(move |e| format!("{s}{e}")))
            })
            .filter(|n| !common.iter().any(|c| c == n))
            .collect();
        rare.sort_unstable();
        rare.dedup();
        Names {
            given_weight: cumulative(given.len(), GIVEN_SKEW),
            common_weight: cumulative(common.len(), FAMILY_SKEW),
            given,
            common,
            rare,
        }
    }

    /// How many different family names the tail holds.
    #[cfg(test)]
    pub(super) fn rare_len(&self) -> usize {
        self.rare.len()
    }

    /// A given name: usually one, sometimes two or with a middle initial.
    pub(super) fn given(&self, rng: &mut fastrand::Rng) -> String {
        let first = self.given[draw(rng, &self.given_weight)];
        let roll = rng.u32(0..100);
        if roll < SECOND_GIVEN {
            let second = self.given[draw(rng, &self.given_weight)];
            if second != first {
                return format!("{first} {second}");
            }
        } else if roll < SECOND_GIVEN + MIDDLE_INITIAL {
            return format!("{first} {}.", rng.uppercase());
        }
        first.to_string()
    }

    /// A family name: the long tail most of the time, sometimes two.
    pub(super) fn family(&self, rng: &mut fastrand::Rng) -> String {
        let one = self.one_family(rng);
        if rng.u32(0..100) < TWO_FAMILY {
            let other = self.one_family(rng);
            if other != one {
                let sep = if rng.bool() { " " } else { "-" };
                return format!("{one}{sep}{other}");
            }
        }
        one
    }

    fn one_family(&self, rng: &mut fastrand::Rng) -> String {
        if rng.u32(0..100) < COMMON_FAMILY {
            self.common[draw(rng, &self.common_weight)].to_string()
        } else {
            self.rare[rng.usize(0..self.rare.len())].clone()
        }
    }
}

/// An e-mail user name for a person, in one of the shapes people pick:
/// "anna.smith", "annasmith", `anna_smith`, "asmith", "smith.anna",
/// "anna84", "smith1979" (the first given name only; no middle names).
pub(super) fn local_part(rng: &mut fastrand::Rng, given: &str, family: &str) -> String {
    let g = slug(given.split(' ').next().unwrap_or(given)).replace('.', "");
    let f = slug(family).replace('.', "");
    let initial = g.chars().next().unwrap_or('x');
    match rng.u32(0..100) {
        0..35 => format!("{g}.{f}"),
        35..50 => format!("{g}{f}"),
        50..58 => format!("{g}_{f}"),
        58..70 => format!("{initial}{f}"),
        70..78 => format!("{f}.{g}"),
        78..90 => format!("{g}{}", rng.u32(1..100)),
        _ => format!("{f}{}", rng.u32(1950..2005)),
    }
}

/// Cumulative Zipf weights of `n` ranks.
fn cumulative(n: usize, skew: f64) -> Vec<f64> {
    let mut total = 0.0;
    (1..=n)
        .map(|r| {
            total += (r as f64).powf(-skew);
            total
        })
        .collect()
}

/// A rank drawn by cumulative weights.
fn draw(rng: &mut fastrand::Rng, cumulative: &[f64]) -> usize {
    let last = cumulative.last().copied().unwrap_or(0.0);
    let x = rng.f64() * last;
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len().saturating_sub(1))
}
