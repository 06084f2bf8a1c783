//! The new-campaign form: a name, the audience (a saved segment picked from
//! the list, or a query checked on every key), template A, an optional
//! template B and the split. The plan's numbers (who gets which variant,
//! who is skipped and why) are read on the reader as the fields change.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::campaign::{Audience, VariantSpec, parse_split};
use crate::domain::segment::{QueryError, check};
use crate::ops::campaign::{NewCampaign, Plan};
use crate::tui::outreach::Choices;
use crate::tui::widgets::text_input::TextInput;

/// The form's fields, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    /// Segment or query.
    Audience,
    /// The segment picked, or the query typed.
    Target,
    TemplateA,
    TemplateB,
    Split,
}

const FIELDS: [Field; 6] = [
    Field::Name,
    Field::Audience,
    Field::Target,
    Field::TemplateA,
    Field::TemplateB,
    Field::Split,
];

/// The name the live plan uses while the name field is empty.
const UNNAMED: &str = "new-campaign";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    pub name: TextInput,
    /// The audience is a saved segment (else a query).
    pub by_segment: bool,
    pub query: TextInput,
    /// Why the query does not read (None: it reads, or is empty).
    pub query_error: Option<QueryError>,
    /// Index into the choices' segments.
    pub segment: usize,
    /// Index into the choices' templates.
    pub template_a: usize,
    /// Index into the choices' templates; None: no variant B.
    pub template_b: Option<usize>,
    pub split: TextInput,
    pub focus: Option<Field>,
    /// The segments and templates to pick from (None until read).
    pub choices: Option<Result<Choices, String>>,
    /// The newest plan (None: none asked yet).
    pub plan: Option<Result<Plan, String>>,
    /// The newest plan asked has not answered.
    pub planning: bool,
    /// Why the form cannot be created as it stands.
    pub error: Option<String>,
}

/// What a key did to the form.
pub enum FormResult {
    Keep,
    /// A field changed: plan again.
    Changed,
    Cancel,
    Create(NewCampaign),
}

impl Form {
    pub fn new() -> Self {
        Form {
            split: TextInput::new("50/50"),
            focus: Some(Field::Name),
            ..Form::default()
        }
    }

    pub fn focus(&self) -> Field {
        self.focus.unwrap_or(Field::Name)
    }

    fn segments(&self) -> &[String] {
        match &self.choices {
            Some(Ok(c)) => &c.segments,
            _ => &[],
        }
    }

    pub fn templates(&self) -> &[String] {
        match &self.choices {
            Some(Ok(c)) => &c.templates,
            _ => &[],
        }
    }

    /// The segment picked, if there is one.
    pub fn segment_name(&self) -> Option<&str> {
        self.segments().get(self.segment).map(String::as_str)
    }

    pub fn template_name(&self, b: bool) -> Option<&str> {
        let i = if b { self.template_b? } else { self.template_a };
        self.templates().get(i).map(String::as_str)
    }

    /// Fields shown: the split only with a variant B.
    pub fn shown(&self) -> impl Iterator<Item = Field> + '_ {
        FIELDS
            .into_iter()
            .filter(|f| *f != Field::Split || self.template_b.is_some())
    }

    fn step(&mut self, forward: bool) {
        let shown: Vec<Field> = self.shown().collect();
        let i = shown.iter().position(|f| *f == self.focus()).unwrap_or(0);
        let next = if forward {
            (i + 1).min(shown.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.focus = Some(shown[next]);
    }

    fn is_last(&self) -> bool {
        self.shown().last() == Some(self.focus())
    }

    /// ← / → on a choice: the previous or next option.
    fn cycle(&mut self, forward: bool) -> bool {
        let cyc = |i: usize, n: usize| {
            if n == 0 {
                0
            } else if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        let n_templates = self.templates().len();
        match self.focus() {
            Field::Audience => self.by_segment = !self.by_segment,
            Field::Target if self.by_segment => {
                self.segment = cyc(self.segment, self.segments().len());
            }
            Field::TemplateA => self.template_a = cyc(self.template_a, n_templates),
            // B cycles through "none" and every template.
            Field::TemplateB => {
                let at = self.template_b.map_or(0, |i| i + 1);
                let next = cyc(at, n_templates + 1);
                self.template_b = next.checked_sub(1);
            }
            _ => return false,
        }
        true
    }

    /// A key for the form. Tab/↓ and S-Tab/↑ move between fields, ←/→ pick
    /// an option, Enter moves on (on the last field it creates), C-s
    /// creates, Esc gives up.
    pub fn handle(&mut self, key: &KeyEvent) -> FormResult {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormResult::Cancel,
            KeyCode::Char('s') if ctrl => return self.create(),
            KeyCode::Enter if self.is_last() => return self.create(),
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => self.step(true),
            KeyCode::BackTab | KeyCode::Up => self.step(false),
            KeyCode::Left | KeyCode::Right if self.is_choice() => {
                if self.cycle(key.code == KeyCode::Right) {
                    self.error = None;
                    return FormResult::Changed;
                }
            }
            KeyCode::Char(' ') if self.is_choice() => {
                if self.cycle(true) {
                    self.error = None;
                    return FormResult::Changed;
                }
            }
            _ => {
                let field = match self.focus() {
                    Field::Name => &mut self.name,
                    Field::Target if !self.by_segment => &mut self.query,
                    Field::Split => &mut self.split,
                    _ => return FormResult::Keep,
                };
                if field.handle(key) {
                    self.error = None;
                    self.check_query();
                    return FormResult::Changed;
                }
            }
        }
        FormResult::Keep
    }

    /// Whether the focused field picks from options (else it is typed).
    pub fn is_choice(&self) -> bool {
        self.is_choice_field(self.focus())
    }

    /// Whether `field` picks from options (else it is typed).
    pub fn is_choice_field(&self, field: Field) -> bool {
        match field {
            Field::Audience | Field::TemplateA | Field::TemplateB => true,
            Field::Target => self.by_segment,
            Field::Name | Field::Split => false,
        }
    }

    fn check_query(&mut self) {
        let q = self.query.value().trim();
        self.query_error = if q.is_empty() { None } else { check(q).err() };
    }

    fn create(&mut self) -> FormResult {
        match self.spec(false) {
            Ok(new) => FormResult::Create(new),
            Err(e) => {
                self.error = Some(e);
                FormResult::Keep
            }
        }
    }

    /// The campaign the form describes; `for_plan` lets an empty name
    /// through (the live plan does not need one yet).
    pub fn spec(&self, for_plan: bool) -> Result<NewCampaign, String> {
        let name = self.name.value().trim();
        let name = match name {
            "" if for_plan => UNNAMED,
            "" => return Err("a campaign needs a name".into()),
            n => n,
        };
        let audience = if self.by_segment {
            match self.segment_name() {
                Some(s) => Audience::Segment(s.to_string()),
                None => return Err("no saved segments: pick “query” and type one".into()),
            }
        } else {
            let q = self.query.value().trim();
            if q.is_empty() {
                return Err("type the query of whom to write to".into());
            }
            if let Some(e) = &self.query_error {
                return Err(format!("the query does not read: {}", e.message));
            }
            Audience::Query(q.to_string())
        };
        let Some(a) = self.template_name(false) else {
            return Err("no templates yet: make one with kith template add".into());
        };
        let mut templates = vec![a.to_string()];
        templates.extend(self.template_name(true).map(str::to_string));
        let split = (templates.len() > 1).then(|| self.split.value().trim());
        let weights = parse_split(split, templates.len()).map_err(|e| e.to_string())?;
        let variants = templates
            .into_iter()
            .zip(weights)
            .zip(["A", "B"])
            .map(|((template, weight), label)| VariantSpec {
                label: label.to_string(),
                template,
                weight,
            })
            .collect();
        Ok(NewCampaign {
            name: name.to_string(),
            audience,
            variants,
            response_days: None,
        })
    }
}
