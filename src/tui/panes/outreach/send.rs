//! The send confirmation: how many messages per variant, to how many
//! contacts, how many were skipped, and where they go: the configured
//! transport (named) or a drafts folder (a path, `~` for home), and the
//! From of the messages (the config's `[outreach] from`, editable). With no
//! transport configured, drafts are the only choice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::text::printable;
use crate::ops::campaign::send::Target;
use crate::tui::outreach::SendPlan;
use crate::tui::overlays::path_prompt::grouped;
use crate::tui::overlays::{Dirs, centered};
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;

pub struct SendBox {
    pub name: String,
    /// The numbers (None while they are read).
    pub plan: Option<Result<SendPlan, String>>,
    /// Send through the configured transport (else to drafts).
    pub configured: bool,
    pub folder: TextInput,
    /// The sender, prefilled from the config.
    pub from: TextInput,
    /// The field Tab has reached.
    pub focus: Field,
    dirs: Dirs,
    /// Why Enter did not send.
    pub error: Option<String>,
}

/// The fields of the confirmation, in Tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The configured transport or drafts (only when a transport is configured).
    Target,
    /// The drafts folder (only when drafts are chosen).
    Folder,
    From,
}

pub enum SendResult {
    Keep,
    Cancel,
    /// Send to the target, from this sender (as typed, checked).
    Send(Target, String),
}

impl SendBox {
    pub fn new(name: String, dirs: Dirs) -> Self {
        SendBox {
            name,
            plan: None,
            configured: false,
            folder: TextInput::default(),
            from: TextInput::default(),
            focus: Field::Folder,
            dirs,
            error: None,
        }
    }

    /// The numbers arrived: the configured transport is the first choice
    /// when there is one; the folder starts at `default_dir`.
    pub fn arrived(&mut self, plan: Result<SendPlan, String>, default_dir: &str) {
        if let Ok(p) = &plan {
            self.configured = p.transport.is_some();
            self.focus = if self.configured {
                Field::Target
            } else {
                Field::Folder
            };
            self.from.set(&p.from);
        }
        self.folder.set(default_dir);
        self.plan = Some(plan);
    }

    fn transport(&self) -> Option<&str> {
        match &self.plan {
            Some(Ok(p)) => p.transport.as_deref(),
            _ => None,
        }
    }

    /// Enter (or C-y, or y on the target) sends; Tab and Shift-Tab move
    /// between the fields; on the target, ←/→/Space switch between the
    /// transport and drafts; Esc gives up; other keys edit the field.
    pub fn handle(&mut self, key: &KeyEvent) -> SendResult {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let on_target = self.focus == Field::Target;
        match key.code {
            KeyCode::Esc => SendResult::Cancel,
            KeyCode::Char('n' | 'q') if on_target => SendResult::Cancel,
            KeyCode::Enter => self.confirm(),
            KeyCode::Char('y') if ctrl || on_target => self.confirm(),
            KeyCode::Tab => {
                self.cycle(true);
                SendResult::Keep
            }
            KeyCode::BackTab => {
                self.cycle(false);
                SendResult::Keep
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if on_target => {
                self.configured = !self.configured && self.transport().is_some();
                SendResult::Keep
            }
            _ => {
                let edited = match self.focus {
                    Field::Target => false,
                    Field::Folder => self.folder.handle(key),
                    Field::From => self.from.handle(key),
                };
                if edited {
                    self.error = None;
                }
                SendResult::Keep
            }
        }
    }

    /// The fields shown now, in Tab order.
    fn fields(&self) -> Vec<Field> {
        let mut out = Vec::with_capacity(3);
        if self.transport().is_some() {
            out.push(Field::Target);
        }
        if !self.configured {
            out.push(Field::Folder);
        }
        out.push(Field::From);
        out
    }

    fn cycle(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        let next = if forward { at + 1 } else { at + n - 1 } % n;
        self.focus = fields[next % n];
    }

    /// Why the From cannot send (None: it can).
    pub fn from_problem(&self) -> Option<String> {
        match crate::config::sender(self.from.value(), "From") {
            Ok(Some(_)) => None,
            Ok(None) => {
                Some("no sender: type the From (or set from in [outreach] of the config)".into())
            }
            Err(e) => Some(format!("From: {}", printable(&e.reason))),
        }
    }

    fn confirm(&mut self) -> SendResult {
        let total = match &self.plan {
            Some(Ok(p)) => p.total() + p.uncertain,
            _ => return SendResult::Keep,
        };
        if total == 0 {
            self.error = Some("nothing to send: every message went out".into());
            return SendResult::Keep;
        }
        if let Some(Ok(SendPlan {
            problem: Some(p), ..
        })) = &self.plan
        {
            self.error = Some(printable(p).into_owned());
            return SendResult::Keep;
        }
        if let Some(problem) = self.from_problem() {
            self.error = Some(problem);
            self.focus = Field::From;
            return SendResult::Keep;
        }
        let from = self.from.value().trim().to_string();
        if self.configured {
            return SendResult::Send(Target::Configured, from);
        }
        let folder = self.folder.value().trim();
        if folder.is_empty() {
            self.error = Some("type the folder the drafts go to".into());
            self.focus = Field::Folder;
            return SendResult::Keep;
        }
        SendResult::Send(Target::Drafts(self.dirs.resolve(folder)), from)
    }

    /// Drawn over the pane, in the middle of `area`.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width.saturating_sub(4).min(76);
        let box_area = centered(area, width, 13);
        f.render_widget(Clear, box_area);
        let title = format!(" Send {} ", printable(&self.name));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(true))
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(box_area);
        f.render_widget(block, box_area);
        let plan = match &self.plan {
            None => {
                let line = Line::from(Span::styled("counting…", theme.warn()));
                f.render_widget(Paragraph::new(line), inner);
                return;
            }
            Some(Err(e)) => {
                let lines = vec![
                    Line::from(Span::styled(printable(e).into_owned(), theme.error())),
                    Line::default(),
                    Line::from(Span::styled("Esc: back", theme.dim())),
                ];
                f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
                return;
            }
            Some(Ok(p)) => p,
        };
        let mut lines = vec![Line::from(self.question(plan))];
        lines.extend(self.notes(plan, theme));
        lines.push(Line::default());
        let text_area = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(5),
        );
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        self.render_target(f, inner, theme);
    }

    /// "Send 37 messages (A 19, B 18) to 37 contacts via smtp://…?"
    fn question(&self, plan: &SendPlan) -> String {
        let total = plan.total();
        if total + plan.uncertain == 0 {
            return format!(
                "Nothing to send: every message of {} went out.",
                printable(&self.name)
            );
        }
        let variants = if plan.per_variant.len() > 1 {
            let parts: Vec<String> = plan
                .per_variant
                .iter()
                .map(|(label, n)| format!("{} {}", printable(label), grouped(*n)))
                .collect();
            format!(" ({})", parts.join(", "))
        } else {
            String::new()
        };
        let messages = if total == 1 { "message" } else { "messages" };
        let contacts = if total == 1 { "contact" } else { "contacts" };
        let via = if self.configured {
            format!("via {}", printable(self.transport().unwrap_or("")))
        } else {
            "as .eml drafts".to_string()
        };
        format!(
            "Send {} {messages}{variants} to {} {contacts} {via}?",
            grouped(total),
            grouped(total)
        )
    }

    fn notes(&self, plan: &SendPlan, theme: Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let mut said = Vec::new();
        if plan.skipped > 0 {
            said.push(format!(
                "{} were skipped (consent or no e-mail).",
                grouped(plan.skipped)
            ));
        }
        if plan.sent > 0 {
            said.push(format!("{} were sent before.", grouped(plan.sent)));
        }
        if !said.is_empty() {
            out.push(Line::from(Span::styled(said.join(" "), theme.dim())));
        }
        if plan.uncertain > 0 {
            let what = if self.configured {
                "are not sent again (kith campaign send --resend-uncertain does)"
            } else {
                "are written again"
            };
            out.push(Line::from(Span::styled(
                format!(
                    "{} may have gone out in a run that stopped: they {what}.",
                    grouped(plan.uncertain)
                ),
                theme.warn(),
            )));
        }
        if let Some(p) = plan.problem.clone().or_else(|| self.from_problem()) {
            out.push(Line::from(Span::styled(
                printable(&p).into_owned(),
                theme.error(),
            )));
        }
        if plan.transport.is_none() {
            out.push(Line::from(Span::styled(
                "No transport configured ([outreach] in the config): drafts only.",
                theme.dim(),
            )));
        }
        out
    }

    /// The last lines: the target, the folder, the From, the keys (or the
    /// error). The focused field is marked and holds the cursor.
    fn render_target(&self, f: &mut Frame, inner: Rect, theme: Theme) {
        if inner.height < 5 {
            return;
        }
        let y = inner.y + inner.height - 5;
        let label = |text: &'static str, field: Field| {
            let style = if self.focus == field {
                theme.key()
            } else {
                theme.label()
            };
            Span::styled(text, style)
        };
        let target = match self.transport() {
            Some(t) if self.configured => format!("‹ {} ›", printable(t)),
            Some(_) => "‹ drafts folder ›".to_string(),
            None => "drafts folder".to_string(),
        };
        let mut lines = vec![Line::from(vec![
            label("Target  ", Field::Target),
            Span::raw(target),
        ])];
        let mut cursor = None;
        if self.configured {
            lines.push(Line::default());
        } else {
            let (line, at) = self.folder.prompt_line(
                label("Folder  ", Field::Folder),
                (inner.x, y + 1, inner.width),
                ("./kith-drafts", theme.dim()),
            );
            lines.push(line);
            if self.focus == Field::Folder {
                cursor = Some(at);
            }
        }
        let (line, at) = self.from.prompt_line(
            label("From    ", Field::From),
            (inner.x, y + 2, inner.width),
            ("Your Name <you@example.com>", theme.dim()),
        );
        lines.push(line);
        if self.focus == Field::From {
            cursor = Some(at);
        }
        lines.push(Line::default());
        lines.push(match &self.error {
            Some(e) => Line::from(Span::styled(e.clone(), theme.error())),
            None => {
                let mut keys = vec![
                    Span::styled("Enter", theme.key()),
                    Span::styled(" send  ", theme.dim()),
                    Span::styled("Tab", theme.key()),
                    Span::styled(" next field  ", theme.dim()),
                ];
                if self.transport().is_some() {
                    keys.push(Span::styled("←/→", theme.key()));
                    keys.push(Span::styled(" transport/drafts  ", theme.dim()));
                }
                keys.push(Span::styled("Esc", theme.key()));
                keys.push(Span::styled(" cancel", theme.dim()));
                Line::from(keys)
            }
        });
        f.render_widget(Paragraph::new(lines), Rect::new(inner.x, y, inner.width, 5));
        if let Some(at) = cursor {
            f.set_cursor_position(at);
        }
    }
}
