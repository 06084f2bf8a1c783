//! The merge fields: which names a template may use, and the values they
//! hold for one contact.

use std::collections::BTreeMap;

use minijinja::Value;

use super::MergeData;

/// Every top-level name a template can use, in the order the docs list them.
pub const FIELDS: &[&str] = &[
    "name",
    "first_name",
    "last_name",
    "email",
    "org",
    "title",
    "city",
    "country",
    "stage",
    "tags",
    "fields",
    "last_interaction",
    "last_purchase",
    "days_since_contact",
];

/// The attributes of the two merge fields that are objects.
const OBJECTS: &[(&str, &[&str])] = &[
    ("last_interaction", &["kind", "summary", "date"]),
    ("last_purchase", &["amount", "summary", "date"]),
];

/// A name a template uses that kith does not have.
#[derive(Debug)]
pub(super) struct Unknown {
    /// The dotted path to point at in the source (`frist_name`,
    /// `last_interaction.summmary`).
    pub path: String,
    pub message: String,
    pub hint: String,
}

/// The closest of `choices` to `word`, when it is a likely typo of it.
fn closest<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    choices
        .iter()
        .map(|c| (strsim::damerau_levenshtein(c, &lower), *c))
        .min()
        .filter(|(d, _)| *d <= 2 && *d < lower.chars().count())
        .map(|(_, c)| c)
}

/// The merge field a misspelt top-level name probably meant.
pub fn suggest(word: &str) -> Option<&'static str> {
    closest(word, FIELDS)
}

fn with_guess(guess: Option<&str>, rest: String) -> String {
    match guess {
        Some(g) => format!("did you mean {g}? {rest}"),
        None => rest,
    }
}

fn fields_hint() -> String {
    format!(
        "merge fields: {}; a custom field is fields.KEY",
        FIELDS.join(", ")
    )
}

/// Judges one name from `undeclared_variables(true)` (`org`,
/// `fields.industry`, `last_purchase.amount`): `None` when kith has it.
/// `globals` are the engine's own functions (`range`, `dict`…).
pub(super) fn judge(name: &str, globals: &[&str]) -> Option<Unknown> {
    let parts: Vec<&str> = name.split('.').collect();
    let top = parts[0];
    if !FIELDS.contains(&top) {
        if globals.contains(&top) && parts.len() == 1 {
            return None;
        }
        return Some(Unknown {
            path: top.to_string(),
            message: format!("unknown merge field {:?}", super::printable(top)),
            hint: with_guess(suggest(top), fields_hint()),
        });
    }
    if parts.len() == 1 || top == "fields" {
        return None;
    }
    let attr = parts[1];
    let Some((_, attrs)) = OBJECTS.iter().find(|(o, _)| *o == top) else {
        return Some(Unknown {
            path: parts[..2].join("."),
            message: format!("{top} has no attribute {:?}", super::printable(attr)),
            hint: format!(
                "{top} is a value, not an object; a filter changes it: {{{{ {top} | upper }}}}"
            ),
        });
    };
    if !attrs.contains(&attr) {
        return Some(Unknown {
            path: parts[..2].join("."),
            message: format!("{top} has no attribute {:?}", super::printable(attr)),
            hint: with_guess(
                closest(attr, attrs),
                format!("{top} has {}", attrs.join(", ")),
            ),
        });
    }
    let extra = parts.get(2)?;
    Some(Unknown {
        path: parts[..3].join("."),
        message: format!(
            "{top}.{attr} has no attribute {:?}",
            super::printable(extra)
        ),
        hint: format!("{top}.{attr} is a value, not an object"),
    })
}

/// The values a template sees for one contact. A missing value is left
/// out, so it is undefined in the template and `default(...)` applies.
pub(super) fn context(data: &MergeData) -> Value {
    let mut map: BTreeMap<&str, Value> = BTreeMap::new();
    map.insert("name", Value::from(data.name.as_str()));
    let texts = [
        ("first_name", &data.first_name),
        ("last_name", &data.last_name),
        ("email", &data.email),
        ("org", &data.org),
        ("title", &data.title),
        ("city", &data.city),
        ("country", &data.country),
        ("stage", &data.stage),
    ];
    for (key, value) in texts {
        if let Some(v) = value {
            map.insert(key, Value::from(v.as_str()));
        }
    }
    map.insert(
        "tags",
        data.tags.iter().map(String::as_str).collect::<Value>(),
    );
    map.insert("fields", Value::from(data.fields.clone()));
    if let Some(i) = &data.last_interaction {
        map.insert(
            "last_interaction",
            Value::from_pairs([
                ("kind", i.kind.as_str()),
                ("summary", i.summary.as_str()),
                ("date", i.date.as_str()),
            ]),
        );
    }
    if let Some(p) = &data.last_purchase {
        map.insert(
            "last_purchase",
            Value::from_pairs([
                ("amount", p.amount.as_str()),
                ("summary", p.summary.as_str()),
                ("date", p.date.as_str()),
            ]),
        );
    }
    if let Some(days) = data.days_since_contact {
        map.insert("days_since_contact", Value::from(days));
    }
    Value::from(map)
}
