//! The Outreach pane's reads (on the reader thread), its writes (create
//! and send, on the writer), the app's side of its commands, and what
//! comes back for them.

use super::action::{Action, PaneId};
use super::app::App;
use super::effect::{Effect, Outcome};
use crate::domain::campaign::RecipientState;
use crate::error::Result;
use crate::ops::campaign::send::{self, Progress, SendOptions, Sent, Target};
use crate::ops::campaign::{self, NewCampaign, Plan, Preview, Report, Summary};
use crate::ops::{Ctx, segment};

/// An error as one line, for the pane to show: the message, then its hint.
fn line(e: &crate::error::Error) -> String {
    let text = e.to_string();
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    parts.join(" · ")
}

/// What the new-campaign form picks from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// Saved segments' names.
    pub segments: Vec<String>,
    /// Templates' names.
    pub templates: Vec<String>,
}

/// What a send would do, for the confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendPlan {
    pub name: String,
    /// Messages to send per variant (pending and failed), by label.
    pub per_variant: Vec<(String, u64)>,
    /// Skipped when the campaign was made (consent, no e-mail).
    pub skipped: u64,
    /// Left `sending` by a run that was killed: they may have gone out.
    pub uncertain: u64,
    /// Sent already.
    pub sent: u64,
    /// The configured transport, as shown (None: none configured).
    pub transport: Option<String>,
    /// The configured sender (`[outreach] from`, maybe empty): the
    /// confirmation's From starts with it.
    pub from: String,
    /// Why nothing can be sent yet (a transport set wrong).
    pub problem: Option<String>,
}

impl SendPlan {
    pub fn total(&self) -> u64 {
        self.per_variant.iter().map(|(_, n)| n).sum()
    }
}

/// The configured transport as the confirmation names it (the SMTP URL
/// without a password, or the command), and what stops a send: a transport
/// set wrong. (The sender is the confirmation's From field.)
pub fn transport(config: &crate::config::Outreach) -> (Option<String>, Option<String>) {
    let shown = match (config.smtp(), config.command()) {
        (Ok(Some(mut url)), _) => {
            let _ = url.set_password(None);
            Ok(Some(url.to_string()))
        }
        (Err(e), _) | (Ok(None), Err(e)) => Err(e.to_string()),
        (Ok(None), Ok(Some(words))) => Ok(Some(shell_words::join(words))),
        (Ok(None), Ok(None)) => Ok(None),
    };
    match shown {
        Ok(shown) => (shown, None),
        Err(e) => (None, Some(e)),
    }
}

/// On the reader: every campaign with its counts.
pub fn list(ctx: &Ctx, seq: u64, send: &mut dyn FnMut(Outcome)) {
    let campaigns = campaign::list(ctx).map_err(|e| line(&e));
    send(Outcome::Outreach(Found::List { seq, campaigns }));
}

/// On the reader: the saved segments and templates the form offers.
pub fn choices(ctx: &Ctx, seq: u64, send: &mut dyn FnMut(Outcome)) {
    let read = || -> Result<Choices> {
        let segments = segment::list(ctx)?.into_iter().map(|s| s.name).collect();
        let templates = ctx
            .store
            .db()
            .templates()?
            .into_iter()
            .map(|t| t.name)
            .collect();
        Ok(Choices {
            segments,
            templates,
        })
    };
    let choices = read().map_err(|e| line(&e));
    send(Outcome::Outreach(Found::Choices { seq, choices }));
}

/// On the reader: who the form's campaign would reach, written nowhere.
pub fn plan(ctx: &Ctx, seq: u64, new: &NewCampaign, send: &mut dyn FnMut(Outcome)) {
    let plan = campaign::plan(ctx, new).map_err(|e| line(&e));
    send(Outcome::Outreach(Found::Plan { seq, plan }));
}

/// On the reader: recipient `index`'s message.
pub fn preview(ctx: &Ctx, seq: u64, name: &str, index: usize, send: &mut dyn FnMut(Outcome)) {
    let preview = campaign::preview(ctx, name, index).map_err(|e| line(&e));
    send(Outcome::Outreach(Found::Preview { seq, preview }));
}

/// On the reader: the campaign's report.
pub fn report(ctx: &Ctx, seq: u64, name: &str, send: &mut dyn FnMut(Outcome)) {
    let report = campaign::report(ctx, name).map_err(|e| line(&e));
    send(Outcome::Outreach(Found::Report { seq, report }));
}

/// On the reader: what sending the campaign now would do.
pub fn send_plan(ctx: &Ctx, seq: u64, name: &str, send: &mut dyn FnMut(Outcome)) {
    let read = || -> Result<SendPlan> {
        let c = campaign::get(ctx, name)?;
        // One grouped read: a count per variant and state.
        let states = ctx.store.db().recipient_states(Some(c.id))?;
        let (transport, problem) = transport(&ctx.config.outreach);
        let mut plan = SendPlan {
            name: c.name.clone(),
            per_variant: c.variants.iter().map(|v| (v.label.clone(), 0)).collect(),
            skipped: 0,
            uncertain: 0,
            sent: 0,
            transport,
            from: ctx.config.outreach.from.trim().to_string(),
            problem,
        };
        for r in states {
            let n = r.count;
            match r.state {
                RecipientState::Pending | RecipientState::Failed => {
                    if let Some(v) = plan.per_variant.iter_mut().find(|v| v.0 == r.variant) {
                        v.1 += n;
                    }
                }
                RecipientState::Sending => plan.uncertain += n,
                RecipientState::Sent => plan.sent += n,
                RecipientState::Skipped => plan.skipped += n,
            }
        }
        Ok(plan)
    };
    let plan = read().map_err(|e| line(&e));
    send(Outcome::Outreach(Found::SendPlan { seq, plan }));
}

/// On the writer: creates the campaign the form describes, or sends one.
pub fn write(
    ctx: &mut Ctx,
    effect: Effect,
    progress: &mut dyn FnMut(Outcome),
) -> Result<Vec<Outcome>> {
    match effect {
        Effect::CreateCampaign(new) => {
            let plan = campaign::create(ctx, &new)?;
            Ok(vec![Outcome::Outreach(Found::Created(Box::new(plan)))])
        }
        Effect::SendCampaign { name, target, from } => Ok(send(ctx, &name, target, from, progress)),
        other => Err(crate::error::Error::internal(format!(
            "not a campaign write: {other:?}"
        ))),
    }
}

/// Sends the campaign, telling `progress` after each
/// message. A failure comes back as its own outcome, so the pane knows the
/// send ended.
fn send(
    ctx: &mut Ctx,
    name: &str,
    target: Target,
    from: String,
    progress: &mut dyn FnMut(Outcome),
) -> Vec<Outcome> {
    // Rewriting an .eml file is harmless: drafts take uncertain rows too.
    let resend_uncertain = matches!(target, Target::Drafts(_));
    let options = SendOptions {
        target,
        rate_per_minute: None,
        resend_uncertain,
        from: Some(from),
    };
    let mut each = |p: &Progress| progress(Outcome::Outreach(Found::Progress(p.clone())));
    let found = match send::send(ctx, name, &options, &mut each) {
        Ok(sent) => Found::Sent {
            name: name.to_string(),
            sent,
        },
        Err(e) => Found::SendFailed {
            name: name.to_string(),
            message: e.to_string().replace('\n', " "),
        },
    };
    vec![Outcome::Outreach(found)]
}

/// What the Outreach pane's reads and writes found.
#[derive(Debug)]
pub enum Found {
    List {
        seq: u64,
        campaigns: std::result::Result<Vec<Summary>, String>,
    },
    Choices {
        seq: u64,
        choices: std::result::Result<Choices, String>,
    },
    Plan {
        seq: u64,
        plan: std::result::Result<Plan, String>,
    },
    Preview {
        seq: u64,
        preview: std::result::Result<Preview, String>,
    },
    Report {
        seq: u64,
        report: std::result::Result<Report, String>,
    },
    SendPlan {
        seq: u64,
        plan: std::result::Result<SendPlan, String>,
    },
    Created(Box<Plan>),
    /// How far the send in hand has come (it is still running).
    Progress(Progress),
    Sent {
        name: String,
        sent: Sent,
    },
    SendFailed {
        name: String,
        message: String,
    },
}

/// The send in hand, for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sending {
    pub name: String,
    pub progress: Option<Progress>,
}

impl Sending {
    pub fn status(&self) -> String {
        let name = crate::domain::text::printable(&self.name).into_owned();
        match &self.progress {
            Some(p) => format!("sending {name}: {} / {}", p.done, p.total),
            None => format!("sending {name}…"),
        }
    }
}

impl App {
    /// The Outreach pane's actions: sending needs the app (one send at a
    /// time, the folder prompt resolves paths); the rest are the pane's.
    pub(super) fn outreach_action(&mut self, action: &Action) -> Vec<Effect> {
        match action {
            Action::SendCampaign if self.outreach.sending.is_some() => {
                self.say_error("a send is running: wait until it ends")
            }
            Action::Input(key) if self.outreach.send_box().is_some() => {
                match self.outreach.send_key(key) {
                    Some((name, target, from)) => self.start_send(name, target, from),
                    None => Vec::new(),
                }
            }
            other => match self.outreach.update(other, &self.dirs) {
                Ok(effects) => effects,
                Err(e) => self.say_error(&e),
            },
        }
    }

    fn start_send(&mut self, name: String, target: Target, from: String) -> Vec<Effect> {
        self.outreach.sending = Some(Sending {
            name: name.clone(),
            progress: None,
        });
        vec![Effect::SendCampaign { name, target, from }]
    }

    /// Outcomes of the Outreach pane's reads and writes.
    pub(super) fn on_outreach(&mut self, found: Found) -> Vec<Effect> {
        let pane = &mut self.outreach;
        match found {
            Found::List { seq, campaigns } => match campaigns {
                Ok(list) => {
                    pane.on_list(seq, list);
                    Vec::new()
                }
                Err(e) => self.say_error(&e),
            },
            Found::Choices { seq, choices } => pane.on_choices(seq, choices),
            Found::Plan { seq, plan } => {
                pane.on_plan(seq, plan);
                Vec::new()
            }
            Found::Preview { seq, preview } => {
                pane.on_preview(seq, preview);
                Vec::new()
            }
            Found::Report { seq, report } => {
                pane.on_report(seq, report);
                Vec::new()
            }
            Found::SendPlan { seq, plan } => {
                let default = format!("kith-drafts/{}", folder_name(&pane.selected_name()));
                pane.on_send_plan(seq, plan, &default);
                Vec::new()
            }
            Found::Created(plan) => {
                let effects = pane.created(&plan.name);
                self.say_ok(&format!(
                    "Created the campaign {}: {} recipients, {} skipped",
                    plan.name,
                    plan.recipients.len(),
                    plan.skipped.len()
                ));
                effects
            }
            Found::Progress(p) => {
                if let Some(s) = pane.sending.as_mut() {
                    s.progress = Some(p);
                }
                Vec::new()
            }
            Found::Sent { name, sent } => {
                pane.sending = None;
                let effects = pane.refresh();
                self.say_ok(&sent_line(&name, &sent));
                effects
            }
            Found::SendFailed { name, message } => {
                pane.sending = None;
                let effects = pane.refresh();
                self.say_error(&format!("{name} was not sent: {message}"));
                effects
            }
        }
    }

    /// Others wrote: the list (and the report or preview shown) again.
    pub(super) fn outreach_synced(&mut self) -> Vec<Effect> {
        if self.active == PaneId::Outreach {
            self.outreach.refresh()
        } else {
            Vec::new()
        }
    }
}

/// The status line after a send: "Sent 37 of spring via DIR: 0 failed, 0 uncertain".
fn sent_line(name: &str, s: &Sent) -> String {
    let mut parts = vec![
        format!("{} failed", s.failed),
        format!("{} uncertain", s.uncertain),
    ];
    if s.skipped > 0 {
        parts.push(format!("{} skipped now", s.skipped));
    }
    if s.stopped_early {
        parts.push("stopped after failures in a row: s sends the rest".into());
    }
    let first = s
        .errors
        .first()
        .map(|e| format!(" (first error: {e})"))
        .unwrap_or_default();
    let via = if s.via.is_empty() {
        String::new()
    } else {
        format!(" via {}", s.via)
    };
    format!(
        "Sent {} of {name}{via}: {}{first}",
        s.sent,
        parts.join(", ")
    )
}

/// A campaign's name as a folder name: path separators become dashes.
fn folder_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect()
}
