//! Campaigns: plan and create (who gets which variant, who is skipped and
//! why), preview, record responses, report. Sending is in [`send`].

mod plan;
mod report;
pub mod send;

pub use plan::{create, plan};
pub use report::{list, report, respond};

use serde::Serialize;

use super::Ctx;
use crate::domain::campaign::stats::{Rate, Verdict};
use crate::domain::campaign::{
    Audience, Campaign, Outcome, RecipientState, SkipReason, VariantSpec,
};
use crate::domain::template::Rendered;
use crate::domain::text::printable;
use crate::error::{Error, Result};

/// What `campaign new` is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCampaign {
    pub name: String,
    pub audience: Audience,
    /// A first, then B…; one variant is a plain campaign.
    pub variants: Vec<VariantSpec>,
    /// None: the config's `outreach.response_days`.
    pub response_days: Option<u32>,
}

/// Who gets what: the answer of `campaign new`, dry run or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub name: String,
    pub audience: Audience,
    /// Contacts the audience matched.
    pub matched: u64,
    /// Per variant: label, template name, how many get it.
    pub variants: Vec<PlannedVariant>,
    /// Everyone who gets a message, by name.
    pub recipients: Vec<PlannedRecipient>,
    /// Everyone matched who does not, with why.
    pub skipped: Vec<SkippedContact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedVariant {
    pub label: String,
    pub template: String,
    pub weight: u32,
    pub recipients: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedRecipient {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub variant: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedContact {
    pub contact_id: i64,
    pub name: String,
    pub reason: SkipReason,
}

/// A campaign and where it stands, for `campaign list` and the Outreach pane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub campaign: Campaign,
    /// How many recipients are in each state.
    pub pending: u64,
    pub sending: u64,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Responses among the sent, and the rate.
    pub responses: u64,
    pub rate: Option<f64>,
}

/// One variant's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VariantReport {
    pub label: String,
    pub template: String,
    pub sent: u64,
    pub skipped: u64,
    pub responses: u64,
    /// Responses by outcome recorded by hand (replied, booked, bought).
    pub outcomes: Vec<(Outcome, u64)>,
    pub rate: Rate,
    /// Revenue from recipients in the `response_days` after their send, per
    /// currency, in minor units.
    pub revenue: Vec<(String, i64)>,
}

/// `campaign report`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub campaign: Campaign,
    pub pending: u64,
    pub failed: u64,
    pub uncertain: u64,
    pub variants: Vec<VariantReport>,
    pub verdict: Verdict,
}

/// One recipient's message, rendered, for previews.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// Which recipient of how many (0-based index into the plan's recipients).
    pub index: usize,
    pub total: usize,
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub variant: String,
    pub state: RecipientState,
    pub message: Rendered,
}

/// The campaign named `name`, or a user error listing the campaigns.
pub fn get(ctx: &Ctx, name: &str) -> Result<Campaign> {
    if let Some(c) = ctx.store.db().campaign_by_name(name.trim())? {
        return Ok(c);
    }
    let names: Vec<String> = ctx
        .store
        .db()
        .campaigns()?
        .into_iter()
        .map(|c| printable(&c.name).into_owned())
        .collect();
    let hint = if names.is_empty() {
        "there are no campaigns yet: kith campaign new NAME --where QUERY --template T".to_string()
    } else {
        format!("the campaigns are: {}", names.join(", "))
    };
    Err(Error::user(format!("there is no campaign named {}", printable(name))).with_hint(hint))
}

/// Recipient `index` (of those not skipped, by name) with the message they
/// get (or got), rendered now. An index past the last is the last.
pub fn preview(ctx: &Ctx, name: &str, index: usize) -> Result<Preview> {
    let c = get(ctx, name)?;
    let rows = ctx.store.db().campaign_recipients(
        c.id,
        Some(&[
            RecipientState::Pending,
            RecipientState::Sending,
            RecipientState::Sent,
            RecipientState::Failed,
        ]),
    )?;
    let Some(last) = rows.len().checked_sub(1) else {
        return Err(Error::user(format!(
            "campaign {} has no one to send to",
            printable(&c.name)
        ))
        .with_hint("everyone it targets was skipped: no consent, or no e-mail"));
    };
    let index = index.min(last);
    let row = &rows[index];
    let variant = c
        .variants
        .iter()
        .find(|v| v.label == row.variant)
        .ok_or_else(|| {
            Error::internal(format!(
                "campaign {} has no variant {}",
                printable(&c.name),
                printable(&row.variant)
            ))
        })?;
    let message =
        crate::ops::template::render_for(ctx, &variant.subject, &variant.body, row.contact_id)?;
    Ok(Preview {
        index,
        total: rows.len(),
        contact_id: row.contact_id,
        name: row.contact_name.clone(),
        email: row.email.clone().unwrap_or_default(),
        variant: row.variant.clone(),
        state: row.state,
        message,
    })
}

#[cfg(test)]
mod tests;
