//! What a column is read as (`Target`), and `--map COLUMN=FIELD`, which
//! names one for a column whatever its header says.

use crate::formats::card::FormatError;

/// `--map COLUMN=FIELD`: read a column as a given field, whatever its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMap {
    pub column: String,
    pub field: String,
}

/// The fields `--map` accepts, in the order its error lists them.
pub const MAP_FIELDS: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "additional_names",
    "nickname",
    "email",
    "phone",
    "org",
    "title",
    "street",
    "city",
    "region",
    "postcode",
    "country",
    "birthday",
    "tags",
    "note",
    "uid",
    "ignore",
    "field.KEY",
];

impl ColumnMap {
    /// Reads `COLUMN=FIELD` (the last `=` splits, so a header may hold one).
    pub fn parse(text: &str) -> Result<ColumnMap, FormatError> {
        let (column, field) = text.rsplit_once('=').ok_or_else(|| {
            FormatError(format!(
                "--map {text:?}: write it as COLUMN=FIELD, like \"Work Email=email\""
            ))
        })?;
        let column = column.trim();
        if column.is_empty() {
            return Err(FormatError(format!("--map {text:?} names no column")));
        }
        let field = field.trim().to_lowercase();
        target_of(&field)?;
        Ok(ColumnMap {
            column: column.to_string(),
            field,
        })
    }
}

/// A part of a postal address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Street,
    City,
    Region,
    Postcode,
    Country,
    /// The whole address in one cell (Google's "Formatted"): used only when
    /// the address has no parts of its own.
    Formatted,
}

/// kith's own attributes, in kith's CSV only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KithKey {
    Kind,
    Stage,
    Consent,
    ConsentAt,
    Cadence,
    Source,
    Archived,
    CreatedAt,
}

/// What one column of a CSV file is read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Ignore,
    Uid,
    Name,
    Given,
    Additional,
    Family,
    Prefix,
    Suffix,
    Nickname,
    Email,
    Phone,
    Org,
    Title,
    /// A part of one of the row's addresses; the lowest `rank` that has
    /// anything wins (Outlook: business, then home, then other).
    Address {
        rank: u32,
        part: Part,
    },
    Birthday,
    BirthYear,
    BirthMonth,
    BirthDay,
    Tags,
    Note,
    /// A custom field kith knows the meaning of (`url`, `linkedin`, `field.KEY`).
    Field(String),
    /// A column nobody recognised, kept as a custom field by its header.
    Custom(String),
    Kith(KithKey),
}

/// The target a `--map` FIELD names.
pub(super) fn target_of(field: &str) -> Result<Target, FormatError> {
    let street = |part| Target::Address { rank: 0, part };
    Ok(match field {
        "name" => Target::Name,
        "given_name" => Target::Given,
        "family_name" => Target::Family,
        "additional_names" => Target::Additional,
        "nickname" => Target::Nickname,
        "email" => Target::Email,
        "phone" => Target::Phone,
        "org" => Target::Org,
        "title" => Target::Title,
        "street" => street(Part::Street),
        "city" => street(Part::City),
        "region" => street(Part::Region),
        "postcode" => street(Part::Postcode),
        "country" => street(Part::Country),
        "birthday" => Target::Birthday,
        "tags" => Target::Tags,
        "note" => Target::Note,
        "uid" => Target::Uid,
        "ignore" => Target::Ignore,
        other => match other.strip_prefix("field.") {
            Some(key) if is_field_key(key) => Target::Field(key.to_string()),
            _ => {
                return Err(FormatError(format!(
                    "{other:?} is not a field to map a column to; choose one of: {}",
                    MAP_FIELDS.join(", ")
                )));
            }
        },
    })
}

/// A custom field's key as `domain::contact::parse_field` accepts it.
fn is_field_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c))
}

/// A header made a custom field's key: lower case, every character outside
/// `[a-z0-9_.-]` turned into `_` (runs of them into one), none at the ends,
/// at most 64 long: "Connected On" → `connected_on`.
pub(super) fn field_key(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in header.trim().to_lowercase().chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c) {
            c
        } else {
            '_'
        };
        if !(c == '_' && key.ends_with('_')) {
            key.push(c);
        }
    }
    let key = key.trim_matches('_');
    let key = &key[..key.len().min(64)];
    if key.is_empty() {
        "column".to_string()
    } else {
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_names_a_column_and_a_field() {
        let map = ColumnMap::parse("Work Email = EMAIL").expect("parses");
        assert_eq!(map.column, "Work Email");
        assert_eq!(map.field, "email");
        let map = ColumnMap::parse("a=b=field.shoe-size").expect("parses");
        assert_eq!(map.column, "a=b");
        assert_eq!(target_of(&map.field), Ok(Target::Field("shoe-size".into())));
    }

    #[test]
    fn a_bad_map_lists_the_choices() {
        let err = ColumnMap::parse("Work Email=mail").expect_err("no such field");
        assert!(err.0.contains("\"mail\" is not a field"), "{err}");
        assert!(
            err.0.contains("given_name") && err.0.contains("field.KEY"),
            "{err}"
        );
        assert!(ColumnMap::parse("Work Email").is_err());
        assert!(ColumnMap::parse("=email").is_err());
        assert!(ColumnMap::parse("X=field.").is_err());
        assert!(ColumnMap::parse("X=field.Has Space").is_err());
    }

    #[test]
    fn headers_become_field_keys() {
        assert_eq!(field_key("Connected On"), "connected_on");
        assert_eq!(field_key("Manager's Name"), "manager_s_name");
        assert_eq!(field_key(" Ähnlich!! "), "hnlich");
        assert_eq!(field_key("???"), "column");
        assert_eq!(field_key(&"x".repeat(100)).len(), 64);
    }
}
