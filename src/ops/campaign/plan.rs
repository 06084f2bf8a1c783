//! `campaign new`: who gets which variant and who is skipped and why. A dry
//! run and the real thing compute the same plan through [`build`]: the
//! variants are a hash of the campaign's name, so they agree exactly.

use super::{NewCampaign, Plan, PlannedRecipient, PlannedVariant, SkippedContact};
use crate::domain::campaign::{
    self, Audience, Campaign, RecipientState, SkipReason, Variant, spec,
};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::ops::Ctx;
use crate::store::{AudienceRow, Db, NewRecipient};

/// A plan with what `create` stores.
struct Built {
    plan: Plan,
    campaign: Campaign,
    rows: Vec<NewRecipient>,
}

/// Who would get what, written nowhere.
pub fn plan(ctx: &Ctx, new: &NewCampaign) -> Result<Plan> {
    Ok(build(ctx, new, &crate::ops::new_uid())?.plan)
}

/// Plans and stores the campaign with its recipients (one transaction).
pub fn create(ctx: &mut Ctx, new: &NewCampaign) -> Result<Plan> {
    let built = build(ctx, new, &crate::ops::new_uid())?;
    let now = ctx.clock.stamp();
    ctx.store.write(|db| -> Result<()> {
        // Another process may have taken the name since the plan was made.
        check_free(db, &built.campaign.name)?;
        let id = db.insert_campaign(&built.campaign, &now)?;
        db.insert_recipients(id, &built.rows)?;
        Ok(())
    })?;
    Ok(built.plan)
}

fn check_free(db: Db<'_>, name: &str) -> Result<()> {
    if db.campaign_by_name(name)?.is_some() {
        return Err(Error::user(format!(
            "there is already a campaign named {}",
            printable(name)
        ))
        .with_hint("pick another name; kith campaign list shows the campaigns"));
    }
    Ok(())
}

fn build(ctx: &Ctx, new: &NewCampaign, uid: &str) -> Result<Built> {
    campaign::check_name(&new.name)?;
    let name = new.name.trim().to_string();
    let db = ctx.store.db();
    check_free(db, &name)?;
    spec::check_variants(&new.variants)?;
    let response_days = new
        .response_days
        .unwrap_or(ctx.config.outreach.response_days);
    if !(1..=365).contains(&response_days) {
        return Err(Error::user(format!(
            "--response-days {response_days} is not 1 to 365 days"
        ))
        .with_hint("an inbound interaction this many days after a send counts as a response"));
    }
    let variants = stored_variants(db, &new.variants)?;
    let ids = audience_ids(ctx, &new.audience)?;
    let audience = db.audience_rows(&ids)?;
    let weights: Vec<(String, u32)> = variants
        .iter()
        .map(|v| (v.label.clone(), v.weight))
        .collect();
    let mut plan = Plan {
        name: name.clone(),
        audience: new.audience.clone(),
        matched: audience.len() as u64,
        variants: variants
            .iter()
            .map(|v| PlannedVariant {
                label: v.label.clone(),
                template: v.template.clone(),
                weight: v.weight,
                recipients: 0,
            })
            .collect(),
        recipients: Vec::new(),
        skipped: Vec::new(),
    };
    let key = campaign::assignment_key(&new.name);
    let mut rows = Vec::with_capacity(audience.len());
    for contact in audience {
        let label = campaign::assign(&key, &contact.uid, &weights).to_string();
        let reason = skip_reason(&contact);
        rows.push(NewRecipient {
            contact_id: contact.id,
            variant: label.clone(),
            state: if reason.is_some() {
                RecipientState::Skipped
            } else {
                RecipientState::Pending
            },
            skip_reason: reason,
            email: contact.email.clone(),
            message_id: campaign::message_id(uid, &contact.uid),
        });
        match reason {
            Some(reason) => plan.skipped.push(SkippedContact {
                contact_id: contact.id,
                name: contact.name,
                reason,
            }),
            None => {
                if let Some(v) = plan.variants.iter_mut().find(|v| v.label == label) {
                    v.recipients += 1;
                }
                plan.recipients.push(PlannedRecipient {
                    contact_id: contact.id,
                    name: contact.name,
                    email: contact.email.unwrap_or_default(),
                    variant: label,
                });
            }
        }
    }
    let campaign = Campaign {
        id: 0,
        uid: uid.to_string(),
        name,
        audience: new.audience.clone(),
        response_days,
        created_at: ctx.clock.stamp(),
        variants,
    };
    Ok(Built {
        plan,
        campaign,
        rows,
    })
}

/// Only consent `granted` gets a message; an unknown consent is named
/// before a missing e-mail.
fn skip_reason(contact: &AudienceRow) -> Option<SkipReason> {
    match contact.consent.as_str() {
        "granted" => {}
        "denied" => return Some(SkipReason::ConsentDenied),
        _ => return Some(SkipReason::ConsentUnknown),
    }
    match contact.email.as_deref() {
        Some(e) if !e.trim().is_empty() => None,
        _ => Some(SkipReason::NoEmail),
    }
}

/// Each variant with its template's text as it is now.
fn stored_variants(db: Db<'_>, specs: &[campaign::VariantSpec]) -> Result<Vec<Variant>> {
    let mut out = Vec::with_capacity(specs.len());
    for s in specs {
        let t = crate::ops::template::find(db, &s.template)?;
        out.push(Variant {
            label: s.label.clone(),
            template: t.name,
            subject: t.subject,
            body: t.body,
            weight: s.weight,
        });
    }
    Ok(out)
}

/// The audience's contact ids: a query's members, or a saved segment's
/// (a static one's frozen list, a live one's query evaluated now).
fn audience_ids(ctx: &Ctx, audience: &Audience) -> Result<Vec<i64>> {
    match audience {
        Audience::Query(q) => crate::ops::segment::member_ids(ctx, q),
        Audience::Segment(name) => {
            let db = ctx.store.db();
            let Some(row) = db.segment_by_name(name.trim())? else {
                let names: Vec<String> = db
                    .segments()?
                    .into_iter()
                    .map(|s| printable(&s.name).into_owned())
                    .collect();
                let hint = if names.is_empty() {
                    "there are no saved segments yet: kith segment add NAME QUERY".to_string()
                } else {
                    format!("the segments are: {}", names.join(", "))
                };
                return Err(
                    Error::user(format!("there is no segment named {}", printable(name)))
                        .with_hint(hint),
                );
            };
            // A segment's name is a plain word, so it can be named in a query.
            crate::ops::segment::member_ids(ctx, &format!("segment:{}", row.name))
        }
    }
}
