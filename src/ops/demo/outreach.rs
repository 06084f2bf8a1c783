//! The demo's outreach: templates with merge fields, conditionals and
//! fallbacks; a finished A/B campaign ("autumn-renewal", six weeks old, sent
//! to the clients who gave consent) whose variant B is answered about twice
//! as often as A, with some bookings and purchases; and a newer campaign
//! still waiting to be sent. So the Outreach pane, `kith campaign report`
//! and the Dashboard's response rate have something real to show.
//!
//! The campaigns are planned and created by `ops::campaign` itself, with the
//! clock set back to the day they were made; the old one's sending is
//! written directly (its messages rendered as a send renders them), since a
//! demo has nowhere to send them. Draws come from a stream of their own, so
//! the rest of the demo stays as it was.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDateTime, NaiveTime};

use crate::clock::Clock;
use crate::domain::campaign::{Audience, Outcome, RecipientState, VariantSpec};
use crate::domain::interaction::{Direction, InteractionKind, NewInteraction};
use crate::domain::money::Money;
use crate::domain::template::{Rendered, Renderer, TemplateError, check};
use crate::error::{Error, Result};
use crate::ops::campaign::{self, NewCampaign};
use crate::ops::{Ctx, new_uid, template};
use crate::store::{CampaignSend, RecipientRow};

/// The demo's templates: name, subject, body.
pub(super) const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "check-in",
        "Checking in{% if first_name %}, {{ first_name }}{% endif %}",
        "Hi {{ first_name | default(\"there\") }},

{% if days_since_contact and days_since_contact > 60 -%}
It has been {{ days_since_contact }} days since we last spoke, so I wanted to check in.
{%- else -%}
I wanted to check in and see how things are going{% if org %} at {{ org }}{% endif %}.
{%- endif %}
{% if last_interaction %}
Last time it was about: {{ last_interaction.summary }}.
{% endif %}
Is there anything I can help with before the end of the year?

Best regards
",
    ),
    (
        "renewal-plain",
        "Your renewal{% if org %} for {{ org }}{% endif %}",
        "Hello {{ first_name | default(\"there\") }},

your plan is up for renewal this month. Nothing changes on your side: reply
to this message and we renew it on the same terms.
{% if last_purchase %}
For reference, your last order was {{ last_purchase.amount }} on {{ last_purchase.date }}.
{% endif %}
Kind regards
",
    ),
    (
        "renewal-offer",
        "{{ first_name | default(\"Hello\") }}, 15% off if you renew before November",
        "Hi {{ first_name | default(\"there\") }},

thank you for another year together{% if org %} with {{ org }}{% endif %}.
{% if fields.industry -%}
Teams in {{ fields.industry }} tell us the new reporting saves them a day a month.
{% endif -%}
Renew before November and the next year is 15% off{% if last_purchase %}: on
your last order of {{ last_purchase.amount }} that is a real saving{% endif %}.

Shall I book twenty minutes to walk you through it? Just reply with a day.

Cheers
",
    ),
    (
        "newsletter",
        "News for {{ org | default(name) }}: what's new this season",
        "Hello {{ first_name | default(name) }},

here is what happened this season:
- the new reporting is live for every plan
- our next meetup is in {{ city | default(\"your city\") | title }}
{% if \"vip\" in tags %}- as a VIP you get the first seats: reply to book yours
{% endif %}
See you soon
",
    ),
];

/// The finished campaign: its name, how many days before now it was made,
/// and each variant's template and the share of its recipients who answer
/// at least. B is answered at least twice as often as A: those who answer
/// on their own anyway (an inbound interaction that happened to fall after
/// the send) fall on either variant by chance, so B's share follows A's.
const FINISHED: &str = "autumn-renewal";
const FINISHED_DAYS_AGO: i64 = 42;
const VARIANTS: &[(&str, &str, f64)] =
    &[("A", "renewal-plain", 0.14), ("B", "renewal-offer", 0.28)];
/// The one still to send, to a saved segment of the analysis data.
const PENDING: &str = "winter-check-in";
const PENDING_DAYS_AGO: i64 = 2;
const PENDING_SEGMENT: &str = "best-clients";

/// Adds the templates and both campaigns (after the saved segments);
/// returns how many interactions that made (messages, answers, purchases).
pub(super) fn plan(ctx: &mut Ctx, seed: u64) -> Result<usize> {
    let now = ctx.clock.now();
    add_templates(ctx, now - Duration::days(FINISHED_DAYS_AGO + 1))?;
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0a7b_5e9d_c4a1_9e11);
    let renewal = NewCampaign {
        name: FINISHED.into(),
        audience: Audience::Query("tag:client".into()),
        variants: VARIANTS
            .iter()
            .map(|(label, template, _)| VariantSpec {
                label: (*label).into(),
                template: (*template).into(),
                weight: 50,
            })
            .collect(),
        response_days: None,
    };
    let created = at_day(now, FINISHED_DAYS_AGO, 10);
    let mut made = 0;
    if create_at(ctx, &renewal, created)? {
        made = send_and_answer(ctx, created + Duration::minutes(15), &mut rng)?;
    }
    let check_in = NewCampaign {
        name: PENDING.into(),
        audience: Audience::Segment(PENDING_SEGMENT.into()),
        variants: vec![VariantSpec {
            label: "A".into(),
            template: "check-in".into(),
            weight: 100,
        }],
        response_days: None,
    };
    create_at(ctx, &check_in, at_day(now, PENDING_DAYS_AGO, 16))?;
    Ok(made)
}

/// `days` before `now`, at `hour` o'clock.
fn at_day(now: NaiveDateTime, days: i64, hour: u32) -> NaiveDateTime {
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default();
    (now.date() - Duration::days(days)).and_time(time)
}

/// Checks and stores the templates, as made at `at`.
fn add_templates(ctx: &mut Ctx, at: NaiveDateTime) -> Result<()> {
    for (name, subject, body) in TEMPLATES {
        check(subject, body)
            .map_err(|e| Error::internal(format!("the demo's template {name}: {e}")))?;
    }
    let stamp = Clock::fixed(at).stamp();
    ctx.store.write(|db| {
        for (name, subject, body) in TEMPLATES {
            db.insert_template(&new_uid(), name, subject, body, &stamp)?;
        }
        Ok(())
    })
}

/// Creates a campaign as `campaign new` would have at `at`; nothing when
/// its audience has no one to write to (a tiny demo). Whether it made one.
fn create_at(ctx: &mut Ctx, new: &NewCampaign, at: NaiveDateTime) -> Result<bool> {
    let now = ctx.clock;
    ctx.clock = Clock::fixed(at);
    let made = campaign::plan(ctx, new).and_then(|plan| {
        if plan.recipients.is_empty() {
            Ok(false)
        } else {
            campaign::create(ctx, new).map(|_| true)
        }
    });
    ctx.clock = now;
    made
}

/// Sends the finished campaign's messages from `start`, one a second, and
/// answers them: each variant's share of its recipients responds (those who
/// answered on their own count), by e-mail, call or message within the
/// campaign's days; some book a meeting, some buy. Returns how many
/// interactions that made.
fn send_and_answer(ctx: &mut Ctx, start: NaiveDateTime, rng: &mut fastrand::Rng) -> Result<usize> {
    let campaign = campaign::get(ctx, FINISHED)?;
    let recipients = ctx
        .store
        .db()
        .campaign_recipients(campaign.id, Some(&[RecipientState::Pending]))?;
    let renderers = campaign
        .variants
        .iter()
        .map(|v| Ok((v.label.as_str(), Renderer::new(&v.subject, &v.body)?)))
        .collect::<Result<HashMap<&str, Renderer<'_>>, TemplateError>>()
        .map_err(|e| Error::internal(format!("the demo's campaign: {e}")))?;
    let ids: Vec<i64> = recipients.iter().map(|r| r.contact_id).collect();
    let data = template::merge_data_many(ctx, &ids)?;
    let mut messages: Vec<Message<'_>> = Vec::with_capacity(recipients.len());
    for (k, r) in recipients.iter().enumerate() {
        let (Some(renderer), Some(email), Some(data)) = (
            renderers.get(r.variant.as_str()),
            &r.email,
            data.get(&r.contact_id),
        ) else {
            continue;
        };
        let rendered = renderer
            .render(data)
            .map_err(|e| Error::internal(format!("the demo's campaign: {e}")))?;
        let at = start + Duration::seconds(i64::try_from(k).unwrap_or(0));
        messages.push(Message {
            recipient: r,
            email,
            at: stamp(at),
            rendered,
        });
    }
    let stamp_now = ctx.clock.stamp();
    ctx.store.write(|db| {
        for m in &messages {
            let r = m.recipient;
            db.claim_recipient(campaign.id, r.contact_id, RecipientState::Pending, m.email)?;
            let send = CampaignSend {
                campaign_id: campaign.id,
                campaign_name: &campaign.name,
                contact_id: r.contact_id,
                variant: &r.variant,
                at: &m.at,
                subject: &m.rendered.subject,
                body: &m.rendered.body,
            };
            db.insert_campaign_send(&new_uid(), &send, &stamp_now)?;
        }
        Ok::<_, Error>(())
    })?;
    let answered = ctx.store.db().answered_recipients(campaign.id)?;
    let days = i64::from(campaign.response_days);
    let mut answers = Vec::new();
    let mut floor = 0.0_f64;
    for (label, _, share) in VARIANTS {
        let sent: Vec<&Message<'_>> = messages
            .iter()
            .filter(|m| m.recipient.variant == *label)
            .collect();
        let these = answer(&sent, &answered, share.max(floor), days, rng);
        #[allow(clippy::cast_precision_loss)] // counts of recipients
        let rate = these.len() as f64 / sent.len().max(1) as f64;
        floor = 2.0 * rate;
        answers.extend(these);
    }
    Ok(messages.len() + write_answers(ctx, campaign.id, &answers, rng)?)
}

/// A message of the finished campaign: to whom, when (local time), what.
struct Message<'a> {
    recipient: &'a RecipientRow,
    email: &'a str,
    at: String,
    rendered: Rendered,
}

/// One response the demo adds: who, when, and what came of it.
struct Answer {
    contact_id: i64,
    at: NaiveDateTime,
    /// Added by the demo (an inbound interaction), or answered on its own.
    added: bool,
    outcome: Option<Outcome>,
}

/// Picks who of `sent` answers so that `share` of them did (counting those
/// in `answered` already), each at a time within `days` of their send.
fn answer(
    sent: &[&Message<'_>],
    answered: &HashSet<i64>,
    share: f64,
    days: i64,
    rng: &mut fastrand::Rng,
) -> Vec<Answer> {
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let target = (sent.len() as f64 * share).round() as usize;
    let (mut yes, mut no): (Vec<&Message<'_>>, Vec<&Message<'_>>) = sent
        .iter()
        .partition(|m| answered.contains(&m.recipient.contact_id));
    rng.shuffle(&mut no);
    let added = target.saturating_sub(yes.len()).min(no.len());
    let natural = yes.len();
    yes.extend(no.drain(..added));
    yes.iter()
        .enumerate()
        .filter_map(|(k, m)| {
            let sent_at = NaiveDateTime::parse_from_str(&m.at, "%Y-%m-%d %H:%M:%S").ok()?;
            let after = Duration::minutes(rng.i64(60..(days * 24 * 60 - 60).max(61)));
            let outcome = match rng.u32(0..100) {
                0..=19 => Some(Outcome::Booked),
                20..=31 => Some(Outcome::Bought),
                _ => None,
            };
            Some(Answer {
                contact_id: m.recipient.contact_id,
                at: sent_at + after,
                added: k >= natural,
                outcome,
            })
        })
        .collect()
}

/// Writes the answers: an inbound e-mail, call or message for each one the
/// demo added, a response row for each booking or purchase, and the
/// purchase a few days later. Returns how many interactions that made.
fn write_answers(
    ctx: &mut Ctx,
    campaign_id: i64,
    answers: &[Answer],
    rng: &mut fastrand::Rng,
) -> Result<usize> {
    const REPLIES: &[(InteractionKind, &str)] = &[
        (
            InteractionKind::Email,
            "Re: renewal - sounds good, send me the details",
        ),
        (
            InteractionKind::Email,
            "Replied to the renewal mail with questions on pricing",
        ),
        (InteractionKind::Call, "Called back about the renewal offer"),
        (
            InteractionKind::Message,
            "Asked whether the renewal discount covers extra seats",
        ),
    ];
    let stamp_now = ctx.clock.stamp();
    let now = ctx.clock.now();
    ctx.store.write(|db| {
        let mut made = 0;
        for a in answers {
            let at = a.at.min(now);
            if a.added {
                made += 1;
                let (kind, text) = REPLIES[rng.usize(0..REPLIES.len())];
                let reply = inbound(a.contact_id, kind, at, text, None);
                db.insert_interaction_row(&new_uid(), &reply, &stamp_now)?;
                db.touch_last_interaction(a.contact_id, &reply.at, &stamp_now)?;
            }
            let Some(outcome) = a.outcome else { continue };
            db.upsert_response(campaign_id, a.contact_id, outcome, &stamp(at))?;
            if outcome == Outcome::Bought {
                let paid = (at + Duration::days(rng.i64(0..4))).min(now);
                let amount = Money {
                    minor: i64::from(rng.u32(5..60)) * 10_000,
                    currency: "EUR".into(),
                };
                let text = "Renewed for another year";
                let purchase = inbound(
                    a.contact_id,
                    InteractionKind::Purchase,
                    paid,
                    text,
                    Some(amount),
                );
                db.insert_interaction_row(&new_uid(), &purchase, &stamp_now)?;
                made += 1;
                db.touch_last_interaction(a.contact_id, &purchase.at, &stamp_now)?;
            }
        }
        Ok::<_, Error>(made)
    })
}

fn inbound(
    contact_id: i64,
    kind: InteractionKind,
    at: NaiveDateTime,
    text: &str,
    amount: Option<Money>,
) -> NewInteraction {
    NewInteraction {
        contact_id,
        kind,
        direction: Some(Direction::In),
        at: stamp(at),
        text: text.into(),
        amount,
        rating: None,
        nps: None,
    }
}

/// Local time as interactions store it.
fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::template::{LastInteraction, LastPurchase, MergeData, render};

    fn full() -> MergeData {
        MergeData {
            name: "Zoë Brandt".into(),
            first_name: Some("Zoë".into()),
            last_name: Some("Brandt".into()),
            email: Some("zoe@acme.example".into()),
            org: Some("Acme".into()),
            city: Some("berlin".into()),
            tags: vec!["client".into(), "vip".into()],
            fields: BTreeMap::from([("industry".to_string(), "retail".to_string())]),
            last_interaction: Some(LastInteraction {
                kind: "call".into(),
                summary: "pricing for next year".into(),
                date: "2026-08-02".into(),
            }),
            last_purchase: Some(LastPurchase {
                amount: "1,200.00 EUR".into(),
                summary: "annual plan".into(),
                date: "2026-08-02".into(),
            }),
            days_since_contact: Some(71),
            ..MergeData::default()
        }
    }

    fn rendered(name: &str, data: &MergeData) -> Rendered {
        let (_, subject, body) = TEMPLATES
            .iter()
            .find(|(n, ..)| *n == name)
            .expect("a demo template");
        render(subject, body, data).expect("renders")
    }

    #[test]
    fn every_template_passes_the_check() {
        for (name, subject, body) in TEMPLATES {
            assert_eq!(check(subject, body), Ok(()), "{name}");
        }
    }

    #[test]
    fn templates_use_merge_fields_conditionals_and_fallbacks() {
        let known = rendered("renewal-offer", &full());
        assert_eq!(known.subject, "Zoë, 15% off if you renew before November");
        assert!(known.body.starts_with("Hi Zoë,"), "{}", known.body);
        assert!(known.body.contains("with Acme."), "{}", known.body);
        assert!(known.body.contains("Teams in retail"), "{}", known.body);
        assert!(known.body.contains("1,200.00 EUR"), "{}", known.body);
        // Someone kith knows little about: the fallbacks, no empty phrases.
        let bare = MergeData {
            name: "J. Doe".into(),
            ..MergeData::default()
        };
        let plain = rendered("renewal-offer", &bare);
        assert_eq!(plain.subject, "Hello, 15% off if you renew before November");
        assert!(plain.body.starts_with("Hi there,"), "{}", plain.body);
        assert!(!plain.body.contains("Teams in"), "{}", plain.body);
        assert!(!plain.body.contains("last order"), "{}", plain.body);
        let check_in = rendered("check-in", &full());
        assert_eq!(check_in.subject, "Checking in, Zoë");
        assert!(
            check_in.body.contains("It has been 71 days"),
            "{}",
            check_in.body
        );
        assert!(
            check_in.body.contains("pricing for next year"),
            "{}",
            check_in.body
        );
        let quiet = rendered("check-in", &bare);
        assert_eq!(quiet.subject, "Checking in");
        assert!(
            quiet.body.contains("see how things are going."),
            "{}",
            quiet.body
        );
        let news = rendered("newsletter", &full());
        assert_eq!(news.subject, "News for Acme: what's new this season");
        assert!(news.body.contains("meetup is in Berlin"), "{}", news.body);
        assert!(news.body.contains("as a VIP"), "{}", news.body);
        let news = rendered("newsletter", &bare);
        assert_eq!(news.subject, "News for J. Doe: what's new this season");
        assert!(news.body.contains("Hello J. Doe,"), "{}", news.body);
        assert!(!news.body.contains("VIP"), "{}", news.body);
        let plain = rendered("renewal-plain", &full());
        assert_eq!(plain.subject, "Your renewal for Acme");
        assert!(
            plain.body.contains("1,200.00 EUR on 2026-08-02"),
            "{}",
            plain.body
        );
    }

    fn row(contact_id: i64, variant: &str) -> RecipientRow {
        RecipientRow {
            contact_id,
            contact_uid: format!("u{contact_id}"),
            contact_name: format!("Contact {contact_id}"),
            variant: variant.into(),
            state: RecipientState::Sent,
            skip_reason: None,
            email: Some(format!("c{contact_id}@example.org")),
            message_id: format!("m{contact_id}"),
            attempts: 1,
            last_error: None,
            sent_at: Some("2026-10-12 10:15:00".into()),
        }
    }

    #[test]
    fn answers_reach_the_share_counting_those_who_answered_already() {
        let rows: Vec<RecipientRow> = (1..=50).map(|id| row(id, "A")).collect();
        let messages: Vec<Message<'_>> = rows
            .iter()
            .map(|r| Message {
                recipient: r,
                email: "x@example.org",
                at: "2026-10-12 10:15:00".into(),
                rendered: Rendered {
                    subject: "s".into(),
                    body: "b".into(),
                },
            })
            .collect();
        let sent: Vec<&Message<'_>> = messages.iter().collect();
        let mut rng = fastrand::Rng::with_seed(1);
        let answered: HashSet<i64> = [3, 7, 9].into();
        let out = answer(&sent, &answered, 0.2, 14, &mut rng);
        // 20 % of 50 is 10: the 3 who answered and 7 more.
        assert_eq!(out.len(), 10);
        assert_eq!(out.iter().filter(|a| a.added).count(), 7);
        let natural: HashSet<i64> = out
            .iter()
            .filter(|a| !a.added)
            .map(|a| a.contact_id)
            .collect();
        assert_eq!(natural, answered);
        let sent_at = NaiveDateTime::parse_from_str("2026-10-12 10:15:00", "%Y-%m-%d %H:%M:%S")
            .expect("time");
        for a in &out {
            assert!(
                a.at > sent_at && a.at < sent_at + Duration::days(14),
                "{}",
                a.at
            );
        }
        // More already answered than the share: no one is added.
        let many: HashSet<i64> = (1..=20).collect();
        let out = answer(&sent, &many, 0.2, 14, &mut rng);
        assert_eq!((out.len(), out.iter().filter(|a| a.added).count()), (20, 0));
    }
}
