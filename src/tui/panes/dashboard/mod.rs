//! The Dashboard pane: KPI tiles with the change against the previous
//! period, charts, objectives as gauges with their forecast, and who to
//! contact next. The first paint shows at once (titles and "loading…");
//! the panels fill in from the reader thread as each is read.

mod charts;
mod render;
mod tiles;

#[cfg(test)]
mod tests;

use crate::domain::goal::GoalProgress;
use crate::domain::kpi::KpiReport;
use crate::domain::next::NextItem;
use crate::domain::period::Period;
use crate::tui::action::Action;
use crate::tui::dashboard::Part;
use crate::tui::effect::Effect;
use crate::tui::reader::Read;

/// A panel's figures: not read yet, read, or failed (with the reason).
#[derive(Debug)]
pub enum Panel<T> {
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Panel<T> {
    fn from(result: Result<T, String>) -> Self {
        match result {
            Ok(v) => Panel::Ready(v),
            Err(e) => Panel::Failed(e),
        }
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Panel::Ready(v) => Some(v),
            _ => None,
        }
    }
}

pub struct DashboardPane {
    pub period: Period,
    /// The newest read asked for; parts of older ones are dropped.
    pub seq: u64,
    pub kpis: Panel<Box<KpiReport>>,
    pub goals: Panel<Vec<GoalProgress>>,
    pub next: Panel<Vec<NextItem>>,
    /// The row picked in the "who next" list.
    pub selected: usize,
    /// Something was written since the figures shown were read.
    stale: bool,
}

impl Default for DashboardPane {
    fn default() -> Self {
        DashboardPane {
            period: Period::Month,
            seq: 0,
            kpis: Panel::Loading,
            goals: Panel::Loading,
            next: Panel::Loading,
            selected: 0,
            stale: true,
        }
    }
}

impl DashboardPane {
    /// Arriving at the pane: ask for the figures the first time, and again
    /// when something was written since (what is shown stays until then).
    pub fn open(&mut self) -> Vec<Effect> {
        if self.stale { self.load() } else { Vec::new() }
    }

    pub fn update(&mut self, action: &Action) -> Vec<Effect> {
        let rows = self.next.ready().map_or(0, Vec::len);
        match action {
            Action::CyclePeriod => {
                self.period = match self.period {
                    Period::Month => Period::Quarter,
                    Period::Quarter => Period::Year,
                    Period::Year => Period::Month,
                };
                // The tiles and charts shown are another period's.
                self.kpis = Panel::Loading;
                return self.load();
            }
            Action::Down if self.selected + 1 < rows => self.selected += 1,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = rows.saturating_sub(1),
            _ => {}
        }
        Vec::new()
    }

    /// Asks the reader for every panel of the current period.
    fn load(&mut self) -> Vec<Effect> {
        self.seq += 1;
        self.stale = false;
        vec![Effect::Read(Read::Dashboard {
            seq: self.seq,
            period: self.period,
        })]
    }

    /// A write was seen: re-read now if the pane is shown, else on arrival.
    pub fn changed(&mut self, shown: bool) -> Vec<Effect> {
        self.stale = true;
        if shown { self.load() } else { Vec::new() }
    }

    /// A write was made here: re-read on the next arrival.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// A panel arrived from the reader.
    pub fn on_part(&mut self, seq: u64, part: Part) {
        if seq != self.seq {
            return;
        }
        match part {
            Part::Kpis(r) => self.kpis = Panel::from(r),
            Part::Goals(r) => self.goals = Panel::from(r),
            Part::Next(r) => {
                self.next = Panel::from(r);
                let rows = self.next.ready().map_or(0, Vec::len);
                self.selected = self.selected.min(rows.saturating_sub(1));
            }
        }
    }

    /// The contact of the row picked in the "who next" list.
    pub fn selected_contact(&self) -> Option<i64> {
        self.next
            .ready()
            .and_then(|items| items.get(self.selected))
            .map(|i| i.contact_id)
    }

    /// Whether a read is in flight for a panel still loading.
    pub fn loading(&self) -> bool {
        matches!(self.kpis, Panel::Loading)
            || matches!(self.goals, Panel::Loading)
            || matches!(self.next, Panel::Loading)
    }
}
