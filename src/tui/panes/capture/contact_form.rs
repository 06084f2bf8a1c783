//! The contact form: a new contact, or an existing one edited.

use super::CapturePane;
use crate::domain::contact::{
    Contact, ContactInput, Phone, Stage, StakeholderKind, clean_email, clean_name, parse_tags,
    split_name_and_email,
};
use crate::domain::dates::{Birthday, parse_interval};
use crate::domain::text::printable;
use crate::tui::action::FormKind;
use crate::tui::effect::Effect;
use crate::tui::widgets::form::Field;

const KINDS: &[&str] = &[
    "other",
    "lead",
    "prospect",
    "customer",
    "partner",
    "investor",
    "supplier",
    "colleague",
];
const STAGES: &[&str] = &[
    "-", "lead", "prospect", "customer", "loyal", "lost", "churned",
];

pub(super) fn fields() -> Vec<Field> {
    vec![
        Field::text("Name", "e.g. Jane Doe <jane@acme.io>").required(),
        Field::text("Email", "e.g. jane@acme.io, jane@doe.org"),
        Field::text("Phone", "e.g. +49 30 1234567"),
        Field::text("Organisation", ""),
        Field::text("Title", ""),
        Field::text("Street", "e.g. 12 Rue de Rivoli"),
        Field::text("Postcode", ""),
        Field::text("City", ""),
        Field::text("Region", "state, county, province"),
        Field::text("Country", ""),
        Field::text("Tags", "e.g. client, vip"),
        Field::choice("Kind", KINDS, "other"),
        Field::choice("Stage", STAGES, "-"),
        Field::text("Birthday", "e.g. 1985-04-12, apr 12"),
        Field::text("Stay in touch", "e.g. 30d, 2w, 3m"),
    ]
}

impl CapturePane {
    /// Opens the contact form on an existing contact, as just read from
    /// the database (the form remembers it, to save only what changes).
    pub fn edit_contact(&mut self, c: &Contact) {
        self.reset(FormKind::Contact);
        self.editing = true;
        for (label, value) in form_values(c) {
            if let Some(i) = self.index_of(label) {
                self.fields[i].input.set(&value);
            }
        }
        self.edit = Some(c.clone());
        self.mark_pristine();
    }

    /// The contact was changed elsewhere while the form was open: fields
    /// the user left alone take the new values, and the `conflicts` (changed
    /// both here and there) say what they hold now, so a second save keeps
    /// the user's value knowingly.
    pub fn rebase(&mut self, current: &Contact, conflicts: &[&'static str]) {
        let now = form_values(current);
        for (i, (label, value)) in now.iter().enumerate() {
            let Some(f) = self.index_of(label) else {
                continue;
            };
            if self.fields[f].value() == self.pristine[f] {
                self.fields[f].input.set(value);
            } else if conflicts.contains(label) {
                let shown = if value.is_empty() { "(empty)" } else { value };
                self.fields[f].error = Some(format!(
                    "changed elsewhere to {}; C-s saves yours",
                    printable(shown)
                ));
            }
            self.pristine[f].clone_from(&now[i].1);
        }
        self.edit = Some(current.clone());
        self.editing = true;
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
    }

    fn split_list(value: &str) -> Vec<String> {
        value
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub(super) fn contact_effect(&mut self) -> Option<Effect> {
        let (name, pasted) = split_name_and_email(self.value("Name"));
        let mut input = ContactInput::default();
        match clean_name(&name) {
            Ok(n) => input.name = Some(n),
            Err(e) => self.set_error("Name", e.reason),
        }
        let mut emails: Vec<String> = pasted.clone().into_iter().collect();
        emails.extend(Self::split_list(self.value("Email")));
        for e in &emails {
            match clean_email(e) {
                Ok(e) => input.emails.push(e),
                Err(err) => self.set_error("Email", err.reason),
            }
        }
        for p in Self::split_list(self.value("Phone")) {
            let stored = self.edit.as_ref().map_or(&[][..], |c| &c.phones[..]);
            match Phone::parse_keeping(&p, self.phone_region.as_deref(), stored) {
                Ok(p) => input.phones.push(p),
                Err(err) => self.set_error("Phone", err.reason),
            }
        }
        let text = |v: &str| Some(v.to_string());
        input.org = text(self.value("Organisation"));
        input.title = text(self.value("Title"));
        input.street = text(self.value("Street"));
        input.postcode = text(self.value("Postcode"));
        input.city = text(self.value("City"));
        input.region = text(self.value("Region"));
        input.country = text(self.value("Country"));
        match parse_tags(self.value("Tags")) {
            Ok(tags) => input.tags = tags,
            Err(err) => self.set_error("Tags", err.reason),
        }
        input.kind = self.value("Kind").parse::<StakeholderKind>().ok();
        match self.value("Stage") {
            "-" | "" => input.unset.push("stage".into()),
            s => input.stage = s.parse::<Stage>().ok(),
        }
        match self.value("Birthday") {
            "" => input.unset.push("birthday".into()),
            b => match Birthday::parse(b) {
                Ok(b) => input.birthday = Some(b),
                Err(e) => self.set_error("Birthday", e.reason),
            },
        }
        match self.value("Stay in touch") {
            "" => input.unset.push("cadence".into()),
            c => match parse_interval(c) {
                Ok(i) => input.cadence = Some(i),
                Err(e) => self.set_error("Stay in touch", e.reason),
            },
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        match &self.edit {
            Some(c) => {
                let changed: Vec<&'static str> = self
                    .fields
                    .iter()
                    .zip(&self.pristine)
                    .filter(|(f, v)| f.value() != *v)
                    .map(|(f, _)| f.label)
                    .collect();
                let input = only_changed(input, &changed, c, pasted);
                Some(Effect::SaveEdit {
                    id: c.id,
                    input,
                    base: Box::new(c.clone()),
                    changed,
                })
            }
            None => {
                let force = !self.duplicates.is_empty();
                Some(Effect::AddContact { input, force })
            }
        }
    }
}

/// What the contact form shows for `c`, field by field.
pub fn form_values(c: &Contact) -> [(&'static str, String); 15] {
    [
        ("Name", c.name.clone()),
        ("Email", c.emails.join(", ")),
        (
            "Phone",
            c.phones
                .iter()
                .map(|p| p.raw.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Organisation", c.org.clone().unwrap_or_default()),
        ("Title", c.title.clone().unwrap_or_default()),
        ("Street", c.street.clone().unwrap_or_default()),
        ("Postcode", c.postcode.clone().unwrap_or_default()),
        ("City", c.city.clone().unwrap_or_default()),
        ("Region", c.region.clone().unwrap_or_default()),
        ("Country", c.country.clone().unwrap_or_default()),
        ("Tags", c.tags.join(", ")),
        ("Kind", c.kind.to_string()),
        ("Stage", c.stage.map_or("-".to_string(), |s| s.to_string())),
        (
            "Birthday",
            c.birthday.map(|b| b.to_storage()).unwrap_or_default(),
        ),
        (
            "Stay in touch",
            c.cadence.map(|i| i.to_string()).unwrap_or_default(),
        ),
    ]
}

/// The fields among `changed` whose value in the database moved from
/// `base` (what the form loaded) to something else in `current`.
pub fn conflicts(base: &Contact, current: &Contact, changed: &[&'static str]) -> Vec<&'static str> {
    form_values(base)
        .into_iter()
        .zip(form_values(current))
        .filter(|((label, was), (_, now))| changed.contains(label) && was != now)
        .map(|((label, _), _)| label)
        .collect()
}

/// Narrows the whole form's `input` to the fields the user changed, so a
/// save never writes back a value the form merely showed.
fn only_changed(
    full: ContactInput,
    changed: &[&'static str],
    base: &Contact,
    pasted: Option<String>,
) -> ContactInput {
    let has = |label: &str| changed.contains(&label);
    let mut input = ContactInput::default();
    if has("Name") {
        input.name = full.name;
        input.emails.extend(pasted);
    }
    if has("Email") {
        // The field lists every e-mail: what is gone was removed.
        input.emails = full.emails;
        input.unset.push("email".into());
    }
    if has("Phone") {
        input.phones = full.phones;
        input.unset.push("phone".into());
    }
    // One-line text fields: the value as typed, when it changed.
    for (label, value, slot) in [
        ("Organisation", full.org, &mut input.org),
        ("Title", full.title, &mut input.title),
        ("Street", full.street, &mut input.street),
        ("Postcode", full.postcode, &mut input.postcode),
        ("City", full.city, &mut input.city),
        ("Region", full.region, &mut input.region),
        ("Country", full.country, &mut input.country),
    ] {
        if has(label) {
            *slot = value;
        }
    }
    if has("Tags") {
        input.untag = base
            .tags
            .iter()
            .filter(|t| !full.tags.contains(t))
            .cloned()
            .collect();
        input.tags = full.tags;
    }
    if has("Kind") {
        input.kind = full.kind;
    }
    for (label, key) in [
        ("Stage", "stage"),
        ("Birthday", "birthday"),
        ("Stay in touch", "cadence"),
    ] {
        if has(label) && full.unset.iter().any(|u| u == key) {
            input.unset.push(key.into());
        }
    }
    if has("Stage") {
        input.stage = full.stage;
    }
    if has("Birthday") {
        input.birthday = full.birthday;
    }
    if has("Stay in touch") {
        input.cadence = full.cadence;
    }
    input
}
