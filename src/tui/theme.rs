//! Styles. Under `NO_COLOR` every style falls back to bold, reverse and
//! underline only, so the TUI stays readable without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Self {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn plain() -> Self {
        Theme { color: false }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tab_active(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }
    pub fn tab(self) -> Style {
        self.fg(Color::Gray)
    }
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub fn matched(self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    /// Secondary text (an organisation beside a name): dim, but readable on
    /// the selected row's grey background too.
    pub fn dim_on(self, selected: bool) -> Style {
        match (self.color, selected) {
            (true, true) => Style::new().fg(Color::Gray),
            _ => self.dim(),
        }
    }
    pub fn label(self) -> Style {
        self.fg(Color::Blue)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn border(self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }
    /// A distinct style per interaction kind in the timeline.
    pub fn kind(self, kind: crate::domain::interaction::InteractionKind) -> Style {
        use crate::domain::interaction::InteractionKind as K;
        let c = match kind {
            K::Call => Color::Green,
            K::Email => Color::Blue,
            K::Meeting => Color::Magenta,
            K::Message => Color::Cyan,
            K::Purchase => Color::Yellow,
            K::Feedback => Color::LightRed,
            K::Note | K::Campaign => Color::Gray,
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }
}
