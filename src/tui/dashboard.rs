//! The Dashboard's reads and what comes back for them. The reader thread
//! sends each panel as soon as it is read (the KPIs first, then the
//! objectives, then who to contact next), so the fast ones show before the
//! slow ones; every part carries the sequence number of the read it answers.

use super::action::PaneId;
use super::app::App;
use super::effect::{Effect, Outcome};
use crate::domain::goal::GoalProgress;
use crate::domain::kpi::KpiReport;
use crate::domain::next::NextItem;
use crate::domain::period::Period;
use crate::ops::Ctx;

/// How many people the "who next" list shows.
pub const NEXT_LIMIT: usize = 10;

/// One panel's figures, or why they could not be read.
#[derive(Debug)]
pub enum Part {
    Kpis(Result<Box<KpiReport>, String>),
    Goals(Result<Vec<GoalProgress>, String>),
    Next(Result<Vec<NextItem>, String>),
}

/// On the reader: every panel of the Dashboard for `period`, the fast ones
/// first.
pub fn load(ctx: &Ctx, seq: u64, period: Period, send: &mut dyn FnMut(Outcome)) {
    let text = |e: crate::error::Error| e.to_string();
    let kpis = crate::ops::kpi::report(ctx, period, None)
        .map(Box::new)
        .map_err(text);
    send(Outcome::Dashboard {
        seq,
        part: Part::Kpis(kpis),
    });
    let goals = crate::ops::goal::progress(ctx).map_err(text);
    send(Outcome::Dashboard {
        seq,
        part: Part::Goals(goals),
    });
    let next = crate::ops::next::next(ctx, NEXT_LIMIT).map_err(text);
    send(Outcome::Dashboard {
        seq,
        part: Part::Next(next),
    });
}

impl App {
    /// A panel of the Dashboard arrived (dropped when a newer read started).
    pub(super) fn on_dashboard(&mut self, seq: u64, part: Part) -> Vec<Effect> {
        self.dashboard.on_part(seq, part);
        Vec::new()
    }

    /// Enter on the "who next" list: that contact in the Contacts pane.
    pub(super) fn dashboard_open_contact(&mut self) -> Vec<Effect> {
        match self.dashboard.selected_contact() {
            Some(id) => {
                self.active = PaneId::Contacts;
                self.contacts.select_id(id)
            }
            None => self.say_error("nobody selected: j/k move in the “who next” list"),
        }
    }

    /// Someone wrote (here or elsewhere): the figures shown are re-read,
    /// those of a hidden Dashboard when it opens next.
    pub(super) fn dashboard_synced(&mut self) -> Vec<Effect> {
        self.dashboard.changed(self.active == PaneId::Dashboard)
    }
}
