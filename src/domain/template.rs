//! Message templates: a subject and a body in minijinja syntax, checked when
//! saved (syntax, and only the merge fields kith has) and rendered per
//! contact from [`MergeData`].

use serde::Serialize;

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

/// Checks a subject and a body: both parse, and every name they use is a
/// merge field (or a variable they set themselves).
pub fn check(subject: &str, body: &str) -> Result<(), TemplateError> {
    todo!("issue 11: check {} + {} bytes", subject.len(), body.len())
}

/// Renders a checked subject and body for one contact.
pub fn render(subject: &str, body: &str, data: &MergeData) -> Result<Rendered, TemplateError> {
    todo!(
        "issue 11: render for {} ({} + {} bytes)",
        data.name,
        subject.len(),
        body.len()
    )
}
