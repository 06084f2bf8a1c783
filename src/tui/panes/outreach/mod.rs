//! The Outreach pane: campaigns with where they stand and their response
//! rates; a new campaign as a short form with the live plan; the rendered
//! message for each recipient in turn; sending with a confirmation that
//! states the numbers; the report with a bar per variant.
//!
//! Reads run on the reader thread, each kind in its lane with a number so
//! what a stale read sends is dropped (the form's plan is asked on every
//! change; only the newest runs). Create and send go to the writer; the
//! send's progress comes back as messages for the status line.

mod form;
mod render;
mod report;
mod send;

use crossterm::event::KeyEvent;

pub use self::form::{Field, Form};
pub use self::send::SendBox;
use crate::ops::campaign::send::Target;
use crate::ops::campaign::{Plan, Preview, Report, Summary};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::outreach::{Choices, SendPlan, Sending};
use crate::tui::overlays::Dirs;
use crate::tui::reader::Read;

/// A read shown in a view: None while it is being read.
pub type Shown<T> = Option<Result<T, String>>;

/// One recipient's message.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewView {
    pub name: String,
    pub index: usize,
    pub result: Shown<Preview>,
    pub scroll: u16,
}

/// A campaign's report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportView {
    pub name: String,
    pub result: Shown<Report>,
    pub scroll: u16,
}

/// What the pane shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum View {
    #[default]
    List,
    Form(Box<Form>),
    Preview(PreviewView),
    Report(ReportView),
}

#[derive(Default)]
pub struct OutreachPane {
    /// The campaigns, newest first (None until read).
    pub campaigns: Option<Vec<Summary>>,
    pub selected: usize,
    pub view: View,
    /// The send confirmation, while it is open.
    pub send: Option<SendBox>,
    /// The send in hand on the writer.
    pub sending: Option<Sending>,
    /// Select this campaign when the list arrives (one just created).
    select_next: Option<String>,
    list_seq: u64,
    /// The newest read of the form's choices and plan, the preview or
    /// report, and the send's numbers.
    choices_seq: u64,
    plan_seq: u64,
    view_seq: u64,
    send_seq: u64,
    page: usize,
}

impl OutreachPane {
    /// Arriving at the pane: the campaigns as they are now.
    pub fn open(&mut self) -> Vec<Effect> {
        // At rest: a form left open waits for Enter; a confirmation is dropped.
        if let View::Form(form) = &mut self.view {
            form.focus = None;
        }
        self.send = None;
        self.list_seq = self.list_seq.max(1);
        self.refresh()
    }

    /// Others wrote, or the user asked: the list and the view again.
    pub fn refresh(&mut self) -> Vec<Effect> {
        if self.list_seq == 0 {
            return Vec::new();
        }
        let mut effects = vec![self.read_list()];
        effects.extend(self.reread_view());
        effects
    }

    fn read_list(&mut self) -> Effect {
        self.list_seq += 1;
        Effect::Read(Read::Campaigns { seq: self.list_seq })
    }

    /// Whether keys go to a text field (the form, the send box).
    pub fn typing(&self) -> bool {
        matches!(&self.view, View::Form(f) if f.focus.is_some()) || self.send.is_some()
    }

    /// A read is in flight.
    pub fn busy(&self) -> bool {
        match &self.view {
            View::Form(f) => f.planning,
            View::Preview(p) => p.result.is_none(),
            View::Report(r) => r.result.is_none(),
            View::List => false,
        }
    }

    pub fn selected_summary(&self) -> Option<&Summary> {
        self.campaigns.as_ref().and_then(|c| c.get(self.selected))
    }

    /// The selected campaign's name ("" when none).
    pub fn selected_name(&self) -> String {
        self.selected_summary()
            .map(|s| s.campaign.name.clone())
            .unwrap_or_default()
    }

    pub fn send_box(&self) -> Option<&SendBox> {
        self.send.as_ref()
    }

    /// The campaigns arrived: the selection stays on its campaign.
    pub fn on_list(&mut self, seq: u64, list: Vec<Summary>) {
        if seq != self.list_seq {
            return;
        }
        let keep = self
            .select_next
            .take()
            .or_else(|| self.selected_summary().map(|s| s.campaign.name.clone()));
        self.selected = keep
            .and_then(|k| list.iter().position(|s| s.campaign.name == k))
            .unwrap_or(self.selected)
            .min(list.len().saturating_sub(1));
        self.campaigns = Some(list);
    }

    pub fn on_choices(&mut self, seq: u64, choices: Result<Choices, String>) -> Vec<Effect> {
        if seq != self.choices_seq {
            return Vec::new();
        }
        let View::Form(form) = &mut self.view else {
            return Vec::new();
        };
        form.choices = Some(choices);
        self.replan().into_iter().collect()
    }

    pub fn on_plan(&mut self, seq: u64, plan: Result<Plan, String>) {
        if seq != self.plan_seq {
            return;
        }
        if let View::Form(form) = &mut self.view {
            form.planning = false;
            form.plan = Some(plan);
        }
    }

    pub fn on_preview(&mut self, seq: u64, preview: Result<Preview, String>) {
        if seq != self.view_seq {
            return;
        }
        if let View::Preview(p) = &mut self.view {
            if let Ok(found) = &preview {
                p.index = found.index;
            }
            p.result = Some(preview);
        }
    }

    pub fn on_report(&mut self, seq: u64, report: Result<Report, String>) {
        if seq != self.view_seq {
            return;
        }
        if let View::Report(r) = &mut self.view {
            r.result = Some(report);
        }
    }

    /// The numbers of the send arrived: the confirmation shows them.
    pub fn on_send_plan(&mut self, seq: u64, plan: Result<SendPlan, String>, default_dir: &str) {
        if seq != self.send_seq {
            return;
        }
        if let Some(b) = self.send.as_mut() {
            b.arrived(plan, default_dir);
        }
    }

    /// A campaign was created: the list, with it selected.
    pub fn created(&mut self, name: &str) -> Vec<Effect> {
        self.view = View::List;
        self.select_next = Some(name.to_string());
        vec![self.read_list()]
    }

    /// The form changed: ask for its plan (if it describes a campaign).
    fn replan(&mut self) -> Option<Effect> {
        let View::Form(form) = &mut self.view else {
            return None;
        };
        self.plan_seq += 1;
        match form.spec(true) {
            Ok(new) => {
                form.planning = true;
                Some(Effect::Read(Read::CampaignPlan {
                    seq: self.plan_seq,
                    new: Box::new(new),
                }))
            }
            Err(_) => {
                form.planning = false;
                form.plan = None;
                None
            }
        }
    }

    /// The preview or report shown, read again.
    fn reread_view(&mut self) -> Option<Effect> {
        self.view_seq += 1;
        let seq = self.view_seq;
        match &mut self.view {
            View::Preview(p) => Some(Effect::Read(Read::CampaignPreview {
                seq,
                name: p.name.clone(),
                index: p.index,
            })),
            View::Report(r) => Some(Effect::Read(Read::CampaignReport {
                seq,
                name: r.name.clone(),
            })),
            View::List | View::Form(_) => None,
        }
    }

    /// The pane's actions; an error is said in the status line.
    pub fn update(&mut self, action: &Action, dirs: &Dirs) -> Result<Vec<Effect>, String> {
        Ok(match action {
            Action::Input(key) => self.form_key(key),
            // Back to a form left open: Enter (or n) resumes it.
            Action::NewCampaign | Action::CampaignReport if matches!(self.view, View::Form(_)) => {
                if let View::Form(form) = &mut self.view {
                    form.focus = Some(Field::Name);
                }
                Vec::new()
            }
            Action::NewCampaign => {
                self.view = View::Form(Box::new(Form::new()));
                self.choices_seq += 1;
                vec![Effect::Read(Read::CampaignChoices {
                    seq: self.choices_seq,
                })]
            }
            Action::CampaignReport => {
                let name = self.need_selected()?;
                self.view = View::Report(ReportView {
                    name,
                    result: None,
                    scroll: 0,
                });
                self.reread_view().into_iter().collect()
            }
            Action::PreviewCampaign => {
                let name = self.need_selected()?;
                self.view = View::Preview(PreviewView {
                    name,
                    index: 0,
                    result: None,
                    scroll: 0,
                });
                self.reread_view().into_iter().collect()
            }
            Action::NextRecipient | Action::PrevRecipient => self.flip(action),
            Action::SendCampaign => {
                let name = self.need_selected()?;
                self.send_seq += 1;
                self.send = Some(SendBox::new(name.clone(), dirs.clone()));
                vec![Effect::Read(Read::CampaignSendPlan {
                    seq: self.send_seq,
                    name,
                })]
            }
            Action::Cancel => {
                self.view = View::List;
                Vec::new()
            }
            Action::Refresh => self.refresh(),
            Action::DetailDown | Action::DetailUp => {
                self.scroll(*action == Action::DetailDown);
                Vec::new()
            }
            _ => self.move_selection(action),
        })
    }

    fn need_selected(&self) -> Result<String, String> {
        match self.selected_summary() {
            Some(s) => Ok(s.campaign.name.clone()),
            None => Err("no campaign yet: n makes one".into()),
        }
    }

    /// `]` / `[`: the next or previous recipient (it wraps around).
    fn flip(&mut self, action: &Action) -> Vec<Effect> {
        let View::Preview(p) = &mut self.view else {
            return Vec::new();
        };
        let total = match &p.result {
            Some(Ok(found)) => found.total,
            _ => return Vec::new(),
        };
        if total == 0 {
            return Vec::new();
        }
        p.index = if *action == Action::NextRecipient {
            (p.index + 1) % total
        } else {
            (p.index + total - 1) % total
        };
        p.scroll = 0;
        self.reread_view().into_iter().collect()
    }

    fn scroll(&mut self, down: bool) {
        let scroll = match &mut self.view {
            View::Preview(p) => &mut p.scroll,
            View::Report(r) => &mut r.scroll,
            View::List | View::Form(_) => return,
        };
        *scroll = if down {
            scroll.saturating_add(1)
        } else {
            scroll.saturating_sub(1)
        };
    }

    fn form_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let View::Form(form) = &mut self.view else {
            return Vec::new();
        };
        match form.handle(key) {
            form::FormResult::Keep => Vec::new(),
            form::FormResult::Changed => self.replan().into_iter().collect(),
            form::FormResult::Cancel => {
                self.view = View::List;
                Vec::new()
            }
            form::FormResult::Create(new) => vec![Effect::CreateCampaign(Box::new(new))],
        }
    }

    /// A key for the send box: Some (name, target, From) when the user
    /// confirmed the send.
    pub fn send_key(&mut self, key: &KeyEvent) -> Option<(String, Target, String)> {
        let b = self.send.as_mut()?;
        match b.handle(key) {
            send::SendResult::Keep => None,
            send::SendResult::Cancel => {
                self.send = None;
                None
            }
            send::SendResult::Send(target, from) => {
                let name = b.name.clone();
                self.send = None;
                Some((name, target, from))
            }
        }
    }

    fn move_selection(&mut self, action: &Action) -> Vec<Effect> {
        if self.view != View::List {
            return Vec::new();
        }
        let last = self
            .campaigns
            .as_ref()
            .map_or(0, Vec::len)
            .saturating_sub(1);
        let pos = self.selected;
        let page = self.page.max(1);
        self.selected = match action {
            Action::Up => pos.saturating_sub(1),
            Action::Down => (pos + 1).min(last),
            Action::PageUp => pos.saturating_sub(page),
            Action::PageDown => (pos + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => pos,
        };
        Vec::new()
    }
}

#[cfg(test)]
mod tests;
