//! Campaigns: plan and create (who gets which variant, who is skipped and
//! why), preview, record responses, report. Sending is in [`send`].

pub mod send;

use serde::Serialize;

use super::Ctx;
use crate::domain::campaign::stats::{Rate, Verdict};
use crate::domain::campaign::{
    Audience, Campaign, Outcome, RecipientState, SkipReason, VariantSpec,
};
use crate::domain::template::Rendered;
use crate::error::Result;

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

/// Who would get what, written nowhere.
pub fn plan(ctx: &Ctx, new: &NewCampaign) -> Result<Plan> {
    todo!("issue 11: plan {} ({ctx:p})", new.name)
}

/// Plans and stores the campaign with its recipients (one transaction).
pub fn create(ctx: &mut Ctx, new: &NewCampaign) -> Result<Plan> {
    todo!("issue 11: create {} ({ctx:p})", new.name)
}

/// The campaign named `name`, or a user error listing the campaigns.
pub fn get(ctx: &Ctx, name: &str) -> Result<Campaign> {
    todo!("issue 11: get {name} ({ctx:p})")
}

/// Every campaign with its counts, newest first.
pub fn list(ctx: &Ctx) -> Result<Vec<Summary>> {
    todo!("issue 11: list ({ctx:p})")
}

/// Recipient `index` (of those not skipped, by name) with the message they
/// get (or got), rendered now.
pub fn preview(ctx: &Ctx, name: &str, index: usize) -> Result<Preview> {
    todo!("issue 11: preview {name} #{index} ({ctx:p})")
}

/// Records that `contact_id` responded to the campaign.
pub fn respond(ctx: &mut Ctx, campaign: &str, contact_id: i64, outcome: Outcome) -> Result<()> {
    todo!("issue 11: respond {campaign} #{contact_id} {outcome} ({ctx:p})")
}

/// Sent, skipped, responses and revenue per variant, and which one leads.
pub fn report(ctx: &Ctx, name: &str) -> Result<Report> {
    todo!("issue 11: report {name} ({ctx:p})")
}
