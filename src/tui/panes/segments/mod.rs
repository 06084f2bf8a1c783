//! The Segments pane: saved segments with size and trend, a query editor
//! with the live member count and the parse error under the caret, the
//! members, and segments compared side by side.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct SegmentsPane {}

impl SegmentsPane {
    /// Arriving at the pane: read the saved segments.
    pub fn open(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    /// Whether keys go to the query editor.
    pub fn typing(&self) -> bool {
        false
    }

    pub fn update(&mut self, _action: &Action) -> Vec<Effect> {
        Vec::new()
    }

    pub fn render(&mut self, _f: &mut Frame, _area: Rect, _theme: Theme) {}
}
