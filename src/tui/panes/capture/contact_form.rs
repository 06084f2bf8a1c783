//! The contact form: a new contact, or an existing one edited.

use super::CapturePane;
use crate::domain::contact::{
    Contact, ContactInput, Phone, Stage, StakeholderKind, clean_email, clean_name, clean_tag,
    split_name_and_email,
};
use crate::domain::dates::{Birthday, parse_interval};
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
        Field::text("City", ""),
        Field::text("Country", ""),
        Field::text("Tags", "e.g. client, vip"),
        Field::choice("Kind", KINDS, "other"),
        Field::choice("Stage", STAGES, "-"),
        Field::text("Birthday", "e.g. 1985-04-12, apr 12"),
        Field::text("Stay in touch", "e.g. 30d, 2w, 3m"),
    ]
}

impl CapturePane {
    /// Opens the contact form on an existing contact.
    pub fn edit_contact(&mut self, c: &Contact) {
        self.reset(FormKind::Contact);
        self.editing = true;
        let values = [
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
            ("City", c.city.clone().unwrap_or_default()),
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
        ];
        for (label, value) in values {
            if let Some(i) = self.index_of(label) {
                self.fields[i].input.set(&value);
            }
        }
        self.edit = Some(c.clone());
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
        let mut emails: Vec<String> = pasted.into_iter().collect();
        emails.extend(Self::split_list(self.value("Email")));
        for e in &emails {
            match clean_email(e) {
                Ok(e) => input.emails.push(e),
                Err(err) => self.set_error("Email", err.reason),
            }
        }
        for p in Self::split_list(self.value("Phone")) {
            match Phone::parse(&p, self.phone_region.as_deref()) {
                Ok(p) => input.phones.push(p),
                Err(err) => self.set_error("Phone", err.reason),
            }
        }
        let text = |v: &str| Some(v.to_string());
        input.org = text(self.value("Organisation"));
        input.title = text(self.value("Title"));
        input.city = text(self.value("City"));
        input.country = text(self.value("Country"));
        let tags: Vec<String> = self
            .value("Tags")
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        for t in &tags {
            match clean_tag(t) {
                Ok(t) => input.tags.push(t),
                Err(err) => self.set_error("Tags", err.reason),
            }
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
                // The form shows every email, phone and tag: what is gone was removed.
                input
                    .unset
                    .extend(["email".to_string(), "phone".to_string()]);
                input.untag = c
                    .tags
                    .iter()
                    .filter(|t| !input.tags.contains(t))
                    .cloned()
                    .collect();
                Some(Effect::EditContact { id: c.id, input })
            }
            None => {
                let force = !self.duplicates.is_empty();
                Some(Effect::AddContact { input, force })
            }
        }
    }
}
