//! Templates: add, edit, remove (each checked before it is stored), and
//! rendering one for a contact (`template preview`, campaigns).

use super::Ctx;
use crate::domain::template::{MergeData, Rendered, Template};
use crate::error::Result;

/// Checks and stores a new template.
pub fn add(ctx: &mut Ctx, name: &str, subject: &str, body: &str) -> Result<Template> {
    todo!(
        "issue 11: add {name} ({} + {} bytes, {ctx:p})",
        subject.len(),
        body.len()
    )
}

/// Checks and replaces a template's subject and body.
pub fn edit(ctx: &mut Ctx, name: &str, subject: &str, body: &str) -> Result<Template> {
    todo!(
        "issue 11: edit {name} ({} + {} bytes, {ctx:p})",
        subject.len(),
        body.len()
    )
}

/// Removes a template (campaigns keep their own copy).
pub fn remove(ctx: &mut Ctx, name: &str) -> Result<Template> {
    todo!("issue 11: remove {name} ({ctx:p})")
}

/// The template named `name`, or a user error listing the templates.
pub fn get(ctx: &Ctx, name: &str) -> Result<Template> {
    todo!("issue 11: get {name} ({ctx:p})")
}

/// What a template can say about contact `id`, each text made printable.
pub fn merge_data(ctx: &Ctx, contact_id: i64) -> Result<MergeData> {
    todo!("issue 11: merge data of #{contact_id} ({ctx:p})")
}

/// Renders `subject` and `body` for contact `id`.
pub fn render_for(ctx: &Ctx, subject: &str, body: &str, contact_id: i64) -> Result<Rendered> {
    todo!(
        "issue 11: render for #{contact_id} ({} + {} bytes, {ctx:p})",
        subject.len(),
        body.len()
    )
}
