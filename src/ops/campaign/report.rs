//! Where campaigns stand: the list with counts and response rates,
//! responses recorded by hand, and the report per variant.

use std::collections::HashMap;

use super::{Report, Summary, VariantReport, get};
use crate::domain::campaign::stats::Verdict;
use crate::domain::campaign::{Outcome, RecipientState, stats};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::store::{Answers, StateCount};

/// Every campaign with its counts, newest first: two grouped reads for all
/// campaigns (states, and responses by the campaign response rule).
pub fn list(ctx: &Ctx) -> Result<Vec<Summary>> {
    let db = ctx.store.db();
    let campaigns = db.campaigns()?;
    let states = db.recipient_states(None)?;
    let answers = db.campaign_answers(None)?;
    Ok(campaigns
        .into_iter()
        .map(|campaign| {
            let mut s = Summary {
                pending: 0,
                sending: 0,
                sent: 0,
                failed: 0,
                skipped: 0,
                responses: 0,
                rate: None,
                campaign,
            };
            let id = s.campaign.id;
            for c in states.iter().filter(|c| c.campaign_id == id) {
                *state_slot(&mut s, c.state) += c.count;
            }
            s.responses = answers
                .iter()
                .filter(|a| a.campaign_id == id)
                .map(|a| a.answered)
                .sum();
            if s.sent > 0 {
                s.rate = Some(stats::rate(s.responses, s.sent).rate);
            }
            s
        })
        .collect())
}

fn state_slot(s: &mut Summary, state: RecipientState) -> &mut u64 {
    match state {
        RecipientState::Pending => &mut s.pending,
        RecipientState::Sending => &mut s.sending,
        RecipientState::Sent => &mut s.sent,
        RecipientState::Failed => &mut s.failed,
        RecipientState::Skipped => &mut s.skipped,
    }
}

/// Records that `contact_id` responded to the campaign; returns the
/// outcome this replaces when one was recorded before. Only a recipient
/// who was sent the campaign can respond to it.
pub fn respond(
    ctx: &mut Ctx,
    campaign: &str,
    contact_id: i64,
    outcome: Outcome,
) -> Result<Option<Outcome>> {
    let c = get(ctx, campaign)?;
    let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
    ctx.store.write(|db| -> Result<Option<Outcome>> {
        if db.recipient_state(c.id, contact_id)? != Some(RecipientState::Sent) {
            let who = db
                .contact_name(contact_id)?
                .unwrap_or_else(|| format!("#{contact_id}"));
            return Err(Error::user(format!(
                "{} was not sent campaign {}",
                printable(&who),
                printable(&c.name)
            ))
            .with_hint(format!(
                "only a recipient the campaign was sent to can respond; kith campaign report {} shows where it stands",
                printable(&c.name)
            )));
        }
        Ok(db.upsert_response(c.id, contact_id, outcome, &at)?)
    })
}

/// Sent, skipped, responses and revenue per variant, and which one leads.
pub fn report(ctx: &Ctx, name: &str) -> Result<Report> {
    let campaign = get(ctx, name)?;
    let db = ctx.store.db();
    let states = db.recipient_states(Some(campaign.id))?;
    let answers = db.campaign_answers(Some(campaign.id))?;
    let outcomes = db.response_outcomes(campaign.id)?;
    let revenue = db.campaign_revenue(campaign.id)?;
    let total = |state: RecipientState| -> u64 {
        states
            .iter()
            .filter(|c| c.state == state)
            .map(|c| c.count)
            .sum()
    };
    let variants: Vec<VariantReport> = campaign
        .variants
        .iter()
        .map(|v| variant_report(v, &states, &answers, &outcomes, &revenue))
        .collect();
    let verdict = stats::verdict(
        &variants
            .iter()
            .map(|v| (v.label.clone(), v.responses, v.sent))
            .collect::<Vec<_>>(),
    );
    Ok(Report {
        pending: total(RecipientState::Pending),
        failed: total(RecipientState::Failed),
        uncertain: total(RecipientState::Sending),
        variants,
        verdict,
        campaign,
    })
}

fn variant_report(
    v: &crate::domain::campaign::Variant,
    states: &[StateCount],
    answers: &[Answers],
    outcomes: &[(String, Outcome, u64)],
    revenue: &[(String, String, i64)],
) -> VariantReport {
    let count = |state: RecipientState| -> u64 {
        states
            .iter()
            .filter(|c| c.variant == v.label && c.state == state)
            .map(|c| c.count)
            .sum()
    };
    let sent = count(RecipientState::Sent);
    let responses = answers
        .iter()
        .filter(|a| a.variant == v.label)
        .map(|a| a.answered)
        .sum();
    let mut by_outcome: HashMap<Outcome, u64> = HashMap::new();
    for (_, outcome, n) in outcomes.iter().filter(|o| o.0 == v.label) {
        *by_outcome.entry(*outcome).or_default() += n;
    }
    VariantReport {
        label: v.label.clone(),
        template: v.template.clone(),
        sent,
        skipped: count(RecipientState::Skipped),
        responses,
        outcomes: Outcome::ALL
            .iter()
            .filter_map(|o| by_outcome.get(o).map(|n| (*o, *n)))
            .collect(),
        rate: stats::rate(responses, sent),
        revenue: revenue
            .iter()
            .filter(|r| r.0 == v.label)
            .map(|r| (r.1.clone(), r.2))
            .collect(),
    }
}

impl Report {
    /// Which variant leads, in one sentence: "B leads A: 25.0 % against
    /// 15.0 %, p = 0.012", or why none does yet. The CLI and the TUI show it.
    pub fn verdict_sentence(&self) -> String {
        let rate_of = |label: &str| {
            self.variants
                .iter()
                .find(|v| v.label == label)
                .map_or("–".into(), |v| format!("{:.1} %", v.rate.rate * 100.0))
        };
        match &self.verdict {
            Verdict::Leads {
                label,
                over,
                p_value,
            } => format!(
                "{} leads {}: {} against {}, {}",
                printable(label),
                printable(over),
                rate_of(label),
                rate_of(over),
                p_text(*p_value)
            ),
            Verdict::NotSignificant { label, p_value } => format!(
                "No variant leads yet: {} is ahead, {} (needs more responses)",
                printable(label),
                p_text(*p_value)
            ),
            Verdict::NothingToCompare if self.variants.len() < 2 => {
                "One variant: nothing to compare.".into()
            }
            Verdict::NothingToCompare => {
                "Nothing to compare yet: a variant has nothing sent.".into()
            }
        }
    }
}

/// "p < 0.001", "p = 0.012", "p = 0.31".
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else if p < 0.1 {
        format!("p = {p:.3}")
    } else {
        format!("p = {p:.2}")
    }
}
