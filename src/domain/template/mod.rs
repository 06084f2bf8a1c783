//! Message templates: a subject and a body in minijinja syntax, checked when
//! saved (syntax, and only the merge fields kith has) and rendered per
//! contact from [`MergeData`].

mod fields;
mod locate;
#[cfg(test)]
mod tests;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::text::{printable, printable_multiline};
pub use fields::{FIELDS, suggest};

/// A stored template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Template {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Why a template was refused: where (1-based line and column, in the
/// subject or the body) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// "subject" or "body".
    pub part: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it (a likely field, the merge fields).
    pub hint: Option<String>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} line {}, column {}: {}",
            self.part, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for TemplateError {}

/// What a template can name about one contact (the merge fields). Every
/// text is stored text passed through `text::printable` by whoever builds
/// it; a missing value is `None` (so `| default("there")` applies).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeData {
    pub name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub stage: Option<String>,
    pub tags: Vec<String>,
    /// Custom fields, key → value.
    pub fields: std::collections::BTreeMap<String, String>,
    pub last_interaction: Option<LastInteraction>,
    pub last_purchase: Option<LastPurchase>,
    /// Whole days since the last interaction; none when there was none.
    pub days_since_contact: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LastInteraction {
    pub kind: String,
    pub summary: String,
    /// "YYYY-MM-DD".
    pub date: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LastPurchase {
    /// The amount as people write it: "1,200.00 EUR".
    pub amount: String,
    pub summary: String,
    /// "YYYY-MM-DD".
    pub date: String,
}

/// A template rendered for one contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// How much work one render may do (minijinja's fuel, about one unit per
/// instruction): a letter looping over a few dozen tags needs a few
/// thousand, a loop that never ends runs out and is an error.
const FUEL: u64 = 200_000;

/// The longest rendered subject or body, in bytes: a template that
/// multiplies its text stops here instead of filling the memory.
const MAX_OUTPUT: usize = 1 << 20;

/// The longest subject or body a template may be, in bytes: one longer
/// could not render within [`MAX_OUTPUT`] anyway.
pub const MAX_SOURCE: usize = MAX_OUTPUT;

const SUBJECT: &str = "subject";
const BODY: &str = "body";

/// The one engine setup: plain text (no HTML escaping), a missing value
/// renders empty (so `default(...)` and `{% if %}` work on it), the
/// built-in filters, and a bounded amount of work per render.
fn environment<'a>() -> Environment<'a> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL));
    env.set_debug(true);
    env
}

/// A checked subject and body, ready to render for many contacts (a
/// campaign builds one per variant).
pub struct Renderer<'a> {
    env: Environment<'a>,
}

impl std::fmt::Debug for Renderer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl<'a> Renderer<'a> {
    /// Parses and checks a subject and a body: both parse, and every name
    /// they use is a merge field (or a variable they set themselves).
    pub fn new(subject: &'a str, body: &'a str) -> Result<Self, TemplateError> {
        let mut env = environment();
        let globals: Vec<&str> = env.globals().map(|(name, _)| name).collect();
        for (part, source) in [(SUBJECT, subject), (BODY, body)] {
            if source.len() > MAX_SOURCE {
                return Err(TemplateError {
                    part,
                    line: 1,
                    column: 1,
                    message: format!("longer than {} KiB", MAX_SOURCE / 1024),
                    hint: Some(format!(
                        "a template's {part} is at most {} KiB",
                        MAX_SOURCE / 1024
                    )),
                });
            }
            let template = env
                .template_from_str(source)
                .map_err(|e| engine_error(part, source, &e))?;
            if let Some(e) = first_unknown(part, source, &template, &globals) {
                return Err(e);
            }
        }
        for (part, source) in [(SUBJECT, subject), (BODY, body)] {
            env.add_template(part, source)
                .map_err(|e| engine_error(part, source, &e))?;
        }
        Ok(Renderer { env })
    }

    /// Renders for one contact: the subject on one line, both made
    /// printable, trailing blank space trimmed.
    pub fn render(&self, data: &MergeData) -> Result<Rendered, TemplateError> {
        let context = fields::context(data);
        let subject = self.part(SUBJECT, &context)?;
        let body = self.part(BODY, &context)?;
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Rendered {
            subject: printable(&subject).into_owned(),
            body: printable_multiline(body.trim_end()).into_owned(),
        })
    }

    fn part(
        &self,
        part: &'static str,
        context: &minijinja::Value,
    ) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(part)
            .map_err(|e| engine_error(part, "", &e))?;
        let mut out = Limited::default();
        match template.render_captured_to(context.clone(), &mut out) {
            Ok(_) => Ok(String::from_utf8_lossy(&out.bytes).into_owned()),
            Err(_) if out.full => Err(TemplateError {
                part,
                line: 1,
                column: 1,
                message: format!(
                    "the rendered {part} is longer than {} KiB",
                    MAX_OUTPUT / 1024
                ),
                hint: Some("a loop or a repeated text grows without bound".into()),
            }),
            Err(e) => Err(engine_error(part, template.source(), &e)),
        }
    }
}

/// An output buffer that refuses to grow past [`MAX_OUTPUT`].
#[derive(Default)]
struct Limited {
    bytes: Vec<u8>,
    full: bool,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.full = true;
            return Err(std::io::Error::other("output too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first name `template` uses that is not a merge field, by position.
fn first_unknown(
    part: &'static str,
    source: &str,
    template: &minijinja::Template<'_, '_>,
    globals: &[&str],
) -> Option<TemplateError> {
    let mut names: Vec<String> = template.undeclared_variables(true).into_iter().collect();
    names.sort();
    names
        .iter()
        .filter_map(|name| fields::judge(name, globals))
        .map(|u| (locate::first_use(source, &u.path).unwrap_or(0), u))
        .min_by_key(|(at, _)| *at)
        .map(|(at, u)| {
            let (line, column) = locate::line_column(source, at);
            TemplateError {
                part,
                line,
                column,
                message: u.message,
                hint: Some(u.hint),
            }
        })
}

/// A minijinja error as a [`TemplateError`]: where (its span, else its
/// line) and what.
fn engine_error(part: &'static str, source: &str, e: &minijinja::Error) -> TemplateError {
    let (line, column) = match e.range() {
        Some(range) if range.start <= source.len() => locate::line_column(source, range.start),
        _ => (e.line().unwrap_or(1), 1),
    };
    let message = match (e.kind(), e.detail()) {
        (minijinja::ErrorKind::OutOfFuel, _) => {
            "the template does too much work (a loop that never ends?)".to_string()
        }
        (kind, Some(detail)) => format!("{kind}: {detail}"),
        (kind, None) => kind.to_string(),
    };
    TemplateError {
        part,
        line,
        column,
        message: printable(&message).into_owned(),
        hint: None,
    }
}

/// A template's name is one plain word, like a segment's: letters, digits,
/// `-` and `_`, 1 to 64 characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let plain = name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if name.is_empty() || name.chars().count() > 64 || !plain || name.starts_with('-') {
        return Err(format!(
            "{:?} is not a template name: use one word of letters, digits, `-` and `_` (at most 64), like welcome-back",
            printable(name)
        ));
    }
    Ok(())
}

/// Checks a subject and a body: both parse, and every name they use is a
/// merge field (or a variable they set themselves).
pub fn check(subject: &str, body: &str) -> Result<(), TemplateError> {
    Renderer::new(subject, body).map(|_| ())
}

/// Renders a checked subject and body for one contact.
pub fn render(subject: &str, body: &str, data: &MergeData) -> Result<Rendered, TemplateError> {
    Renderer::new(subject, body)?.render(data)
}
