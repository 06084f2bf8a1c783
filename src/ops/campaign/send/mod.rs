//! Sending a campaign: each pending recipient's message is rendered, built
//! as an RFC 5322 message and handed to a transport (an .eml file in a
//! drafts folder, a sendmail-compatible command, or an SMTP server). Each
//! message is claimed (`sending`) in a commit of its own before it leaves
//! and marked `sent` with its `campaign` interaction after, so a message is
//! never sent twice, even when the process is killed in between.

mod message;
mod transport;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use lettre::message::Mailbox;
use serde::Serialize;

use super::super::{Ctx, new_uid};
use crate::domain::campaign::{Campaign, RecipientState, SkipReason};
use crate::domain::contact::Consent;
use crate::domain::template::{MergeData, Renderer, TemplateError};
use crate::domain::text::printable;
use crate::error::{Error, Result};
use crate::store::{CampaignSend, SendRow};
use transport::{Transport, short};

/// Merge data is read for this many recipients at a time.
const BATCH: usize = 200;

/// After this many delivery failures in a row the server is likely down:
/// the run stops and leaves the rest for the next one.
const FAILURES_IN_A_ROW: u64 = 5;

/// Where the messages go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// One `.eml` file per recipient in this folder.
    Drafts(PathBuf),
    /// The transport in the config (`outreach.smtp_url`, else `send_command`).
    Configured,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendOptions {
    pub target: Target,
    /// Messages a minute; None: the config's `rate_per_minute` (0: no limit).
    pub rate_per_minute: Option<u32>,
    /// Send again the messages a killed run left `sending` (they may have
    /// gone out already).
    pub resend_uncertain: bool,
    /// The From of every message ("Jane Doe <jane@example.com>"); None: the
    /// config's `outreach.from`.
    pub from: Option<String>,
}

/// Progress, reported after each message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// The recipient just handled (printable).
    pub name: String,
}

/// What a send did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sent {
    /// Where the messages went: the drafts folder, the command, the SMTP
    /// server (without its password).
    pub via: String,
    pub sent: u64,
    /// Sent per variant label.
    pub by_variant: BTreeMap<String, u64>,
    pub failed: u64,
    /// Left `sending` by a killed run and not sent again.
    pub uncertain: u64,
    /// Skipped now: consent withdrawn or e-mail removed since the campaign was made.
    pub skipped: u64,
    /// Sent before this run.
    pub already_sent: u64,
    /// Skipped now, per reason ("consent-denied"…).
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// The error of each failed message, with its recipient (printable).
    pub errors: Vec<String>,
    /// The run stopped after several failures in a row (the server is
    /// likely down); the rest is left for the next run.
    pub stopped_early: bool,
}

/// Sends every pending (and failed) message of campaign `name`.
pub fn send(
    ctx: &mut Ctx,
    name: &str,
    options: &SendOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Sent> {
    let campaign = ctx.store.db().campaign_by_name(name)?.ok_or_else(|| {
        Error::user(format!("no campaign named {:?}", printable(name)))
            .with_hint("`kith campaign list` shows the campaigns")
    })?;
    let from = sender(ctx, options.from.as_deref())?;
    let (transport, rate) = match &options.target {
        // The config's rate is for servers; a folder takes drafts as fast as they come.
        Target::Drafts(dir) => (Transport::drafts(dir)?, options.rate_per_minute),
        Target::Configured => (
            Transport::configured(&ctx.config.outreach)?,
            options
                .rate_per_minute
                .or(Some(ctx.config.outreach.rate_per_minute)),
        ),
    };
    // Rewriting a draft is harmless, so drafts redo what a stopped run left.
    let redo_uncertain = options.resend_uncertain || matches!(options.target, Target::Drafts(_));
    let db = ctx.store.db();
    let states = db.recipient_states(Some(campaign.id))?;
    let in_state = |state| {
        states
            .iter()
            .filter(|c| c.state == state)
            .map(|c| c.count)
            .sum::<u64>()
    };
    let mut rows = db.send_rows(campaign.id)?;
    let mut sent = Sent {
        via: transport.shown(),
        already_sent: in_state(RecipientState::Sent),
        ..Sent::default()
    };
    if !redo_uncertain {
        rows.retain(|r| r.state != RecipientState::Sending);
        sent.uncertain = in_state(RecipientState::Sending);
    }
    // Each variant's stored copy is parsed once for the whole run.
    let renderers: HashMap<&str, Result<Renderer<'_>, TemplateError>> = campaign
        .variants
        .iter()
        .map(|v| (v.label.as_str(), Renderer::new(&v.subject, &v.body)))
        .collect();
    let mut run = Run {
        campaign: &campaign,
        renderers: &renderers,
        from: &from,
        transport: &transport,
        pace: Pace::new(rate.filter(|r| *r > 0)),
        failures_in_a_row: 0,
        sent,
    };
    let total = rows.len() as u64;
    let mut done = 0;
    'batches: for batch in rows.chunks(BATCH) {
        let ids: Vec<i64> = batch.iter().map(|r| r.contact_id).collect();
        let mut data = crate::ops::template::merge_data_many(ctx, &ids)?;
        for row in batch {
            run.one(ctx, row, data.remove(&row.contact_id))?;
            done += 1;
            progress(&Progress {
                done,
                total,
                name: printable(&row.contact_name).into_owned(),
            });
            if run.failures_in_a_row >= FAILURES_IN_A_ROW {
                run.sent.stopped_early = done < total;
                break 'batches;
            }
        }
    }
    Ok(run.sent)
}

/// The sender given for this run (`--from`), else the configured one, or
/// an error saying where to set it.
fn sender(ctx: &Ctx, given: Option<&str>) -> Result<Mailbox> {
    let hint = "give --from \"Your Name <you@example.com>\", or set from = \"Your Name \
                <you@example.com>\" in the [outreach] table of the config file \
                (`kith config paths` shows where it is)";
    let found = match given {
        Some(text) => crate::config::sender(text, "--from"),
        None => ctx.config.outreach.sender(),
    };
    let what = if given.is_some() { "" } else { "the config's " };
    match found {
        Ok(Some(from)) => Ok(from),
        Ok(None) if given.is_some() => {
            Err(Error::user("no sender: --from is empty; nothing sent").with_hint(hint))
        }
        Ok(None) => Err(Error::user(
            "no sender: --from is not given and the config's outreach.from is not set; \
             nothing sent",
        )
        .with_hint(hint)),
        Err(e) => Err(Error::user(format!(
            "{what}{} is not valid: {}; nothing sent",
            e.field, e.reason
        ))
        .with_hint(hint)),
    }
}

/// What every message of a run shares, and what it has done so far.
struct Run<'a> {
    campaign: &'a Campaign,
    renderers: &'a HashMap<&'a str, Result<Renderer<'a>, TemplateError>>,
    from: &'a Mailbox,
    transport: &'a Transport,
    pace: Pace,
    failures_in_a_row: u64,
    sent: Sent,
}

impl Run<'_> {
    /// One recipient: checked again, claimed, rendered, delivered, marked.
    fn one(&mut self, ctx: &mut Ctx, row: &SendRow, data: Option<MergeData>) -> Result<()> {
        let campaign_id = self.campaign.id;
        let email = row.email.as_deref().map(str::trim).unwrap_or_default();
        let skip = match row.consent {
            Consent::Unknown => Some(SkipReason::ConsentUnknown),
            Consent::Denied => Some(SkipReason::ConsentDenied),
            Consent::Granted if email.is_empty() => Some(SkipReason::NoEmail),
            Consent::Granted => None,
        };
        if let Some(reason) = skip {
            if ctx
                .store
                .write(|db| db.skip_recipient(campaign_id, row.contact_id, row.state, reason))?
            {
                self.sent.skipped += 1;
                *self
                    .sent
                    .skipped_by_reason
                    .entry(reason.as_str().to_string())
                    .or_default() += 1;
            }
            return Ok(());
        }
        // The rate's pause comes before the claim, so a run stopped while it
        // waits leaves the message pending, not uncertain.
        self.pace.wait();
        // Committed before the message leaves: if the process dies from here
        // on, the row says the message may have gone out.
        if !ctx
            .store
            .write(|db| db.claim_recipient(campaign_id, row.contact_id, row.state, email))?
        {
            return Ok(()); // another run claimed it meanwhile
        }
        let (subject, body) = match self.message(ctx, row, email, data) {
            Ok((message, subject, body)) => {
                let stem = draft_stem(row);
                if let Err(e) = self.transport.deliver(&message, &stem) {
                    self.failures_in_a_row += 1;
                    return self.failed(ctx, row, email, &e);
                }
                (subject, body)
            }
            Err(e) => return self.failed(ctx, row, email, &e),
        };
        self.failures_in_a_row = 0;
        let at = ctx.clock.now().format("%Y-%m-%d %H:%M:%S").to_string();
        let now = ctx.clock.stamp();
        let send = CampaignSend {
            campaign_id,
            campaign_name: &self.campaign.name,
            contact_id: row.contact_id,
            variant: &row.variant,
            at: &at,
            subject: &subject,
            body: &body,
        };
        ctx.store
            .write(|db| db.insert_campaign_send(&new_uid(), &send, &now))?;
        self.sent.sent += 1;
        *self.sent.by_variant.entry(row.variant.clone()).or_default() += 1;
        Ok(())
    }

    /// The built message with its rendered subject and body, or why not.
    fn message(
        &self,
        ctx: &Ctx,
        row: &SendRow,
        email: &str,
        data: Option<MergeData>,
    ) -> Result<(lettre::Message, String, String), String> {
        let label = printable(&row.variant);
        let renderer = self
            .renderers
            .get(row.variant.as_str())
            .ok_or_else(|| format!("the campaign has no variant {label}"))?
            .as_ref()
            .map_err(|e| short(&format!("the template of variant {label}: {e}")))?;
        let data = data.ok_or("the contact's details could not be read")?;
        let rendered = renderer
            .render(&data)
            .map_err(|e| short(&format!("the template of variant {label}: {e}")))?;
        let date = SystemTime::from(ctx.clock.now_utc());
        let built = message::build(
            self.from,
            &row.contact_name,
            email,
            &rendered,
            date,
            &row.message_id,
        )?;
        Ok((built, rendered.subject, rendered.body))
    }

    /// Marks a claimed recipient failed (the next run retries it).
    fn failed(&mut self, ctx: &mut Ctx, row: &SendRow, email: &str, error: &str) -> Result<()> {
        let campaign_id = self.campaign.id;
        ctx.store
            .write(|db| db.fail_recipient(campaign_id, row.contact_id, error))?;
        self.sent.failed += 1;
        self.sent.errors.push(format!(
            "{} <{}>: {error}",
            printable(&row.contact_name),
            printable(email)
        ));
        Ok(())
    }
}

/// A recipient's draft file name: stable across runs, so a draft written
/// again replaces its earlier copy.
fn draft_stem(row: &SendRow) -> String {
    let slug: String = crate::ops::demo::slug(&row.contact_name)
        .replace('.', "-")
        .chars()
        .take(40)
        .collect();
    if slug.is_empty() {
        format!("contact-{}", row.contact_id)
    } else {
        format!("{slug}-{}", row.contact_id)
    }
}

/// The rate limit: message k starts no earlier than k × 60/N seconds after
/// the first. (A monotonic timer: this paces, it does not read the date.)
struct Pace {
    gap: Option<Duration>,
    first: Option<Instant>,
    started: u32,
}

impl Pace {
    fn new(per_minute: Option<u32>) -> Pace {
        Pace {
            gap: per_minute.map(|n| Duration::from_secs(60) / n),
            first: None,
            started: 0,
        }
    }

    fn wait(&mut self) {
        if let Some(gap) = self.gap {
            let first = *self.first.get_or_insert_with(Instant::now);
            let due = first + gap * self.started;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.started = self.started.saturating_add(1);
    }
}
