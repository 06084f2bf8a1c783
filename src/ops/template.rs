//! Templates: add, edit, remove (each checked before it is stored), and
//! rendering one for a contact (`template preview`, campaigns).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Ctx;
use crate::domain::money::Money;
use crate::domain::template::{
    self, LastInteraction, LastPurchase, MergeData, Rendered, Template, TemplateError,
};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::store::{Db, LastRow, MergeRow};

/// A refused template as the user error every front end shows:
/// `subject line 1, column 12: unknown merge field "frist_name"`, with its
/// hint.
pub fn refused(e: &TemplateError) -> Error {
    Error::user(e.to_string()).with_hint(e.hint.clone().unwrap_or_else(|| {
        "the template syntax (Jinja) and the merge fields are in docs/outreach.md".into()
    }))
}

/// The subject and body as stored: the subject trimmed and on one line,
/// the body with Unix line ends; both checked.
fn checked(subject: &str, body: &str) -> Result<(String, String)> {
    let subject = subject.trim();
    if subject.is_empty() {
        return Err(Error::user("a template needs a subject")
            .with_hint("--subject \"Hello {{ first_name | default('there') }}\""));
    }
    if subject.contains(['\n', '\r']) {
        return Err(Error::user("a subject is one line"));
    }
    let body = body.replace("\r\n", "\n");
    if body.trim().is_empty() {
        return Err(Error::user("the body is empty; nothing was saved")
            .with_hint("write the body in the editor, or pass --body-file FILE"));
    }
    template::check(subject, &body).map_err(|e| refused(&e))?;
    Ok((subject.to_string(), body))
}

/// Checks and stores a new template.
pub fn add(ctx: &mut Ctx, name: &str, subject: &str, body: &str) -> Result<Template> {
    let name = name.trim();
    template::check_name(name).map_err(Error::user)?;
    if ctx.store.db().template_by_name(name)?.is_some() {
        return Err(
            Error::user(format!("there is already a template named {name}")).with_hint(format!(
                "pick another name, or change that one: kith template edit {name}"
            )),
        );
    }
    let (subject, body) = checked(subject, body)?;
    let now = ctx.clock.stamp();
    let uid = super::new_uid();
    ctx.store.write(|db| -> Result<Template> {
        db.insert_template(&uid, name, &subject, &body, &now)?;
        db.template_by_name(name)?
            .ok_or_else(|| Error::internal("the template just stored is gone"))
    })
}

/// Checks and replaces a template's subject and body.
pub fn edit(ctx: &mut Ctx, name: &str, subject: &str, body: &str) -> Result<Template> {
    let id = get(ctx, name)?.id;
    let (subject, body) = checked(subject, body)?;
    let now = ctx.clock.stamp();
    ctx.store.write(|db| -> Result<Template> {
        db.update_template(id, &subject, &body, &now)?;
        db.template_by_name(name)?
            .ok_or_else(|| Error::internal("the template just stored is gone"))
    })
}

/// Removes a template (campaigns keep their own copy).
pub fn remove(ctx: &mut Ctx, name: &str) -> Result<Template> {
    let found = get(ctx, name)?;
    ctx.store.write(|db| db.delete_template(found.id))?;
    Ok(found)
}

/// The template named `name`, or a user error listing the templates.
pub fn get(ctx: &Ctx, name: &str) -> Result<Template> {
    find(ctx.store.db(), name)
}

/// [`get`] on a connection already at hand (inside a write).
pub(crate) fn find(db: Db<'_>, name: &str) -> Result<Template> {
    if let Some(found) = db.template_by_name(name.trim())? {
        return Ok(found);
    }
    let names: Vec<String> = db
        .templates()?
        .into_iter()
        .map(|t| printable(&t.name).into_owned())
        .collect();
    let hint = if names.is_empty() {
        "there are no templates yet: kith template add NAME --subject S".to_string()
    } else {
        format!("the templates are: {}", names.join(", "))
    };
    Err(Error::user(format!("there is no template named {}", printable(name))).with_hint(hint))
}

/// What a template can say about contact `id`, each text made printable.
pub fn merge_data(ctx: &Ctx, contact_id: i64) -> Result<MergeData> {
    merge_data_many(ctx, &[contact_id])?
        .remove(&contact_id)
        .ok_or_else(|| Error::user(format!("there is no contact #{contact_id}")))
}

/// [`merge_data`] of many contacts in a few queries (a campaign's
/// recipients), by id; an id that is no contact is left out.
pub fn merge_data_many(ctx: &Ctx, ids: &[i64]) -> Result<HashMap<i64, MergeData>> {
    let today = ctx.clock.now().date();
    Ok(ctx
        .store
        .db()
        .merge_rows(ids)?
        .into_iter()
        .map(|(id, row)| (id, from_row(row, today)))
        .collect())
}

/// Stored text made printable; an empty or blank value is no value.
fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| printable(v).into_owned())
}

fn date_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

fn from_row(row: MergeRow, today: NaiveDate) -> MergeData {
    let name = printable(row.display_name.trim()).into_owned();
    let first_name = text(row.given_name.as_deref())
        .or_else(|| name.split_whitespace().next().map(str::to_string));
    let days_since_contact = row.last_interaction.as_ref().and_then(|last| {
        let day = NaiveDate::parse_from_str(date_of(&last.at), "%Y-%m-%d").ok()?;
        Some((today - day).num_days().max(0))
    });
    let last_interaction = row.last_interaction.map(|last| LastInteraction {
        kind: printable(&last.kind).into_owned(),
        summary: printable(&last.summary).into_owned(),
        date: printable(date_of(&last.at)).into_owned(),
    });
    MergeData {
        first_name,
        last_name: text(row.family_name.as_deref()),
        email: text(row.email.as_deref()),
        org: text(row.org.as_deref()),
        title: text(row.title.as_deref()),
        city: text(row.city.as_deref()),
        country: text(row.country.as_deref()),
        stage: text(row.stage.as_deref()),
        tags: row.tags.iter().map(|t| printable(t).into_owned()).collect(),
        fields: row
            .fields
            .iter()
            .map(|(k, v)| (printable(k).into_owned(), printable(v).into_owned()))
            .collect(),
        last_interaction,
        last_purchase: row.last_purchase.map(purchase),
        days_since_contact,
        name,
    }
}

fn purchase(last: LastRow) -> LastPurchase {
    let amount = match (last.amount_minor, last.currency) {
        (Some(minor), Some(currency)) => Money { minor, currency }.grouped(),
        _ => String::new(),
    };
    LastPurchase {
        amount: printable(&amount).into_owned(),
        summary: printable(&last.summary).into_owned(),
        date: printable(date_of(&last.at)).into_owned(),
    }
}

/// Renders `subject` and `body` for contact `id`.
pub fn render_for(ctx: &Ctx, subject: &str, body: &str, contact_id: i64) -> Result<Rendered> {
    let data = merge_data(ctx, contact_id)?;
    template::render(subject, body, &data).map_err(|e| refused(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn merge_data_from_stored_values() {
        let row = MergeRow {
            id: 7,
            display_name: " Ana María López ".into(),
            family_name: Some("López".into()),
            org: Some("  ".into()),
            city: Some("Se\u{1b}villa".into()),
            tags: vec!["a".into(), "b".into()],
            last_interaction: Some(LastRow {
                kind: "email".into(),
                summary: "Re: offer".into(),
                at: "2026-11-03 17:45:00".into(),
                ..LastRow::default()
            }),
            last_purchase: Some(LastRow {
                kind: "purchase".into(),
                summary: "Gift card".into(),
                at: "2026-10-01 12:00:00".into(),
                amount_minor: None,
                currency: None,
            }),
            ..MergeRow::default()
        };
        let data = from_row(row.clone(), day("2026-11-23"));
        assert_eq!(data.name, "Ana María López");
        // No given name: the first word of the name.
        assert_eq!(data.first_name.as_deref(), Some("Ana"));
        assert_eq!(data.last_name.as_deref(), Some("López"));
        assert_eq!(data.org, None, "a blank value is no value");
        assert_eq!(data.city.as_deref(), Some("Se\u{FFFD}villa"));
        assert_eq!(data.days_since_contact, Some(20));
        let last = data.last_interaction.expect("last");
        assert_eq!(
            (last.kind.as_str(), last.date.as_str()),
            ("email", "2026-11-03")
        );
        assert_eq!(data.last_purchase.expect("purchase").amount, "");
        // An interaction dated after today is not negative days ago.
        assert_eq!(from_row(row, day("2026-11-01")).days_since_contact, Some(0));
    }

    #[test]
    fn a_purchase_amount_reads_like_everywhere_else() {
        let last = LastRow {
            kind: "purchase".into(),
            summary: "Licence".into(),
            at: "2026-10-02 00:00:00".into(),
            amount_minor: Some(12_345_678),
            currency: Some("EUR".into()),
        };
        let p = purchase(last);
        assert_eq!(p.amount, "123,456.78 EUR");
        assert_eq!(p.date, "2026-10-02");
    }
}
