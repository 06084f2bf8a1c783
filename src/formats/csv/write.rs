//! kith's own CSV: one row per contact, every attribute a column, a header
//! the reader maps back with no `--map`. Several e-mails or phones share one
//! cell joined by "; ", tags by ", " (a tag never holds a comma).
//!
//! A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a
//! formula, so such a cell gets a leading `'` (kith's reader strips exactly
//! that back); a number or a phone like "+49 30 1234567" is left alone.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::Write;

use crate::domain::contact::{Contact, Phone};
use crate::domain::text::{printable, printable_multiline};

/// The fixed columns, before one `field.KEY` column per custom field key.
pub(super) const COLUMNS: &[&str] = &[
    "uid",
    "name",
    "given_name",
    "family_name",
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
    "kind",
    "stage",
    "consent",
    "consent_at",
    "cadence",
    "source",
    "archived",
    "created_at",
];

/// kith's CSV: a header `read` maps back without `--map`.
pub fn write(out: &mut dyn Write, contacts: &[Contact]) -> std::io::Result<()> {
    let keys: BTreeSet<&str> = contacts
        .iter()
        .flat_map(|c| c.fields.keys().map(String::as_str))
        .collect();
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let header = COLUMNS
        .iter()
        .map(|c| (*c).to_string())
        .chain(keys.iter().map(|k| format!("field.{}", printable(k))));
    writer.write_record(header)?;
    let mut row: Vec<String> = Vec::with_capacity(COLUMNS.len() + keys.len());
    for c in contacts {
        row.clear();
        let line =
            |v: &Option<String>| v.as_deref().map(printable).unwrap_or_default().into_owned();
        let joined = |vs: &mut dyn Iterator<Item = &str>, sep: &str| {
            vs.map(|v| printable(v).into_owned())
                .collect::<Vec<_>>()
                .join(sep)
        };
        row.extend([
            printable(&c.uid).into_owned(),
            printable(&c.name).into_owned(),
            line(&c.given_name),
            line(&c.family_name),
            joined(&mut c.emails.iter().map(String::as_str), "; "),
            joined(&mut c.phones.iter().map(Phone::display), "; "),
            line(&c.org),
            line(&c.title),
            line(&c.street),
            line(&c.city),
            line(&c.region),
            line(&c.postcode),
            line(&c.country),
            c.birthday.map(|b| b.to_storage()).unwrap_or_default(),
            joined(&mut c.tags.iter().map(String::as_str), ", "),
            c.kind.to_string(),
            c.stage.map(|s| s.to_string()).unwrap_or_default(),
            c.consent.to_string(),
            line(&c.consent_at),
            c.cadence.map(|i| i.to_string()).unwrap_or_default(),
            printable(&c.source).into_owned(),
            c.archived.to_string(),
            printable(&c.created_at).into_owned(),
        ]);
        row.extend(keys.iter().map(|k| {
            c.fields
                .get(*k)
                .map(|v| printable_multiline(v).into_owned())
                .unwrap_or_default()
        }));
        writer.write_record(row.iter().map(|cell| guard(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A cell a spreadsheet would run as a formula, with a `'` before it. A
/// value that already starts with `'` before such a character gets one
/// more, so [`unguard`] gives every value back exactly.
pub(super) fn guard(cell: &str) -> Cow<'_, str> {
    let bare = cell.trim_start_matches('\'');
    let risky = bare.starts_with(['=', '+', '-', '@']);
    if risky && (cell.starts_with('\'') || !is_number(bare)) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The reverse of [`guard`], for kith's own CSV.
pub(super) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@']) =>
        {
            rest
        }
        _ => cell,
    }
}

/// "+49 30 1234567", "-12.5": a signed number or phone (or several phones
/// joined by "; "), not a formula.
fn is_number(v: &str) -> bool {
    let rest = &v[1..];
    rest.bytes().any(|b| b.is_ascii_digit())
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b" ()-./;".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_read_back_exactly() {
        assert_eq!(guard("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard("@cmd"), "'@cmd");
        assert_eq!(guard("-"), "'-");
        assert_eq!(guard("+49 30 1234567"), "+49 30 1234567");
        assert_eq!(guard("-12.5"), "-12.5");
        assert_eq!(guard("+1 (415) 555-2671"), "+1 (415) 555-2671");
        assert_eq!(guard("'plain"), "'plain");
        for value in [
            "=SUM(A1)", "'=x", "''=x", "'+49 30", "+49 30", "'plain", "plain", "-", "@", "'",
        ] {
            assert_eq!(unguard(&guard(value)), value, "{value:?}");
        }
    }
}
