//! The file prompt of `I` (import) and `X` (export): a path typed with `~`
//! for the home folder, relative to the current directory, Tab completing
//! file and folder names. Import wants a file that exists; export wants an
//! extension kith writes, and asks before replacing a file.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{OverlayResult, centered};
use crate::domain::text::printable;
use crate::formats::Format;
use crate::ops::export::Selection;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text_input::TextInput;

/// Where relative paths and `~` lead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirs {
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
}

impl Dirs {
    /// The process's current directory and the user's home.
    pub fn from_env() -> Self {
        Dirs {
            cwd: std::env::current_dir().unwrap_or_default(),
            home: etcetera::home_dir().ok(),
        }
    }

    /// The path `text` names: `~` is the home folder, a relative path
    /// starts from the current directory.
    pub fn resolve(&self, text: &str) -> PathBuf {
        let text = text.trim();
        let home_rest = match text.strip_prefix('~') {
            Some("") => Some(""),
            Some(rest) => rest.strip_prefix('/'),
            None => None,
        };
        match (home_rest, &self.home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => self.cwd.join(text),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathFor {
    Import,
    /// The contacts listed, `count` of them.
    Export {
        selection: Selection,
        count: usize,
    },
}

pub struct PathPrompt {
    pub purpose: PathFor,
    pub input: TextInput,
    dirs: Dirs,
    /// What is wrong with the path typed, or the names Tab found.
    note: Option<(String, bool)>,
    /// Export: the file exists and Enter again replaces it.
    replace: Option<PathBuf>,
}

impl PathPrompt {
    pub fn import(dirs: Dirs) -> Self {
        PathPrompt {
            purpose: PathFor::Import,
            input: TextInput::default(),
            dirs,
            note: None,
            replace: None,
        }
    }

    /// The export prompt, offering `default` (a name in the current directory).
    pub fn export(dirs: Dirs, default: &str, selection: Selection, count: usize) -> Self {
        PathPrompt {
            purpose: PathFor::Export { selection, count },
            input: TextInput::new(default),
            dirs,
            note: None,
            replace: None,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> OverlayResult {
        match key.code {
            KeyCode::Esc => OverlayResult::Close,
            KeyCode::Enter => self.submit(),
            KeyCode::Tab => {
                self.complete();
                OverlayResult::Keep
            }
            _ => {
                if self.input.handle(key) {
                    self.note = None;
                    self.replace = None;
                }
                OverlayResult::Keep
            }
        }
    }

    fn error(&mut self, text: String) -> OverlayResult {
        self.note = Some((text, true));
        OverlayResult::Keep
    }

    fn submit(&mut self) -> OverlayResult {
        let typed = self.input.value().trim().to_string();
        if typed.is_empty() {
            return self.error("type the path of a file".into());
        }
        let path = self.dirs.resolve(&typed);
        let shown = printable(&path.display().to_string()).into_owned();
        match &self.purpose {
            PathFor::Import if path.is_dir() => self.error(format!(
                "{shown} is a folder: name a file in it (Tab lists them)"
            )),
            PathFor::Import if !path.exists() => self.error(format!("no file at {shown}")),
            PathFor::Import => OverlayResult::Action(Action::ImportFile {
                path,
                dry_run: true,
            }),
            PathFor::Export { selection, .. } => {
                let Some(format) = Format::from_extension(&path) else {
                    return self.error(
                        "name the file .vcf (vCard), .csv or .json: the extension picks the format"
                            .into(),
                    );
                };
                if path.is_dir() {
                    return self.error(format!("{shown} is a folder"));
                }
                if path.exists() && self.replace.as_ref() != Some(&path) {
                    self.replace = Some(path);
                    self.note = Some((format!("{shown} exists: Enter again replaces it"), true));
                    return OverlayResult::Keep;
                }
                OverlayResult::Action(Action::ExportFile {
                    path,
                    format,
                    selection: selection.clone(),
                })
            }
        }
    }

    /// Completes the last part of the path as far as the names in its
    /// folder agree; lists them when they part ways.
    fn complete(&mut self) {
        let typed = self.input.value().to_string();
        let (dir_text, stem) = match typed.rfind('/') {
            Some(i) => typed.split_at(i + 1),
            None => ("", typed.as_str()),
        };
        let dir = if dir_text.is_empty() {
            self.dirs.cwd.clone()
        } else {
            self.dirs.resolve(dir_text)
        };
        let names = matching_names(&dir, stem);
        let Some(common) = common_prefix(&names) else {
            self.note = Some((
                format!("nothing here starts with {:?}", printable(stem)),
                true,
            ));
            return;
        };
        let mut done = format!("{dir_text}{common}");
        if names.len() == 1 && dir.join(&names[0]).is_dir() {
            done.push('/');
        }
        self.note = (names.len() > 1 && common == stem).then(|| (names.join("  "), false));
        self.input.set(&done);
        self.replace = None;
    }

    pub fn render(&self, f: &mut Frame, area: Rect, theme: Theme) {
        let (title, help) = match &self.purpose {
            PathFor::Import => (
                " Import an address book ".to_string(),
                "vCard, CSV or kith JSON · Tab completes · Enter reads it (nothing is written yet) · Esc cancels".to_string(),
            ),
            PathFor::Export { count, .. } => (
                format!(" Export {} ", contacts(*count)),
                format!(
                    ".vcf, .csv or .json · Tab completes · Enter exports {} · Esc cancels",
                    contacts(*count)
                ),
            ),
        };
        let rect = centered(area, 72, 7);
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme.title()))
            .border_style(theme.border(true));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        let (line, cursor) = self.input.prompt_line(
            Span::styled("file> ", theme.key()),
            (inner.x, inner.y, inner.width),
            ("e.g. ~/Downloads/contacts.vcf", theme.dim()),
        );
        let note = match &self.note {
            Some((text, true)) => {
                Line::from(Span::styled(printable(text).into_owned(), theme.error()))
            }
            Some((text, false)) => {
                Line::from(Span::styled(printable(text).into_owned(), theme.dim()))
            }
            None => Line::default(),
        };
        let lines = vec![
            line,
            note,
            Line::default(),
            Line::from(Span::styled(help, theme.dim())),
        ];
        f.render_widget(
            Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        f.set_cursor_position(cursor);
    }
}

/// "1 contact", "12,400 contacts".
pub fn contacts(n: usize) -> String {
    let n = u64::try_from(n).unwrap_or(u64::MAX);
    format!("{} contact{}", grouped(n), if n == 1 { "" } else { "s" })
}

/// A count with thousands grouped: 100000 → "100,000".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The names in `dir` starting with `stem`, sorted; hidden ones only
/// when the stem asks for them.
fn matching_names(dir: &Path, stem: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(stem) && (stem.starts_with('.') || !n.starts_with('.')))
        .collect();
    names.sort();
    names
}

/// The longest start all `names` share; `None` when there are none.
fn common_prefix(names: &[String]) -> Option<String> {
    let first = names.first()?;
    let mut len = first.len();
    for n in &names[1..] {
        len = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    Some(first[..len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            cwd: PathBuf::from("/srv/books"),
            home: Some(PathBuf::from("/home/jane")),
        }
    }

    #[test]
    fn a_path_reads_from_home_or_the_current_directory() {
        let d = dirs();
        assert_eq!(d.resolve("~/a.vcf"), PathBuf::from("/home/jane/a.vcf"));
        assert_eq!(d.resolve("~"), PathBuf::from("/home/jane"));
        assert_eq!(d.resolve(" b.csv "), PathBuf::from("/srv/books/b.csv"));
        assert_eq!(
            d.resolve("sub/c.json"),
            PathBuf::from("/srv/books/sub/c.json")
        );
        assert_eq!(d.resolve("/tmp/d.vcf"), PathBuf::from("/tmp/d.vcf"));
        // Only "~" or "~/" is the home folder: "~bob" is a name here.
        assert_eq!(d.resolve("~bob"), PathBuf::from("/srv/books/~bob"));
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(12_400), "12,400");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(contacts(1), "1 contact");
        assert_eq!(contacts(2), "2 contacts");
    }

    #[test]
    fn tab_completes_as_far_as_the_names_agree() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("contacts-old.vcf"), "").expect("write");
        std::fs::write(dir.path().join("contacts-new.vcf"), "").expect("write");
        std::fs::create_dir(dir.path().join("exports")).expect("mkdir");
        let mut p = PathPrompt::import(Dirs {
            cwd: dir.path().to_path_buf(),
            home: None,
        });
        let tab = KeyEvent::from(KeyCode::Tab);
        for c in "con".chars() {
            p.handle_key(&KeyEvent::from(KeyCode::Char(c)));
        }
        p.handle_key(&tab);
        assert_eq!(p.input.value(), "contacts-");
        // Where the names part, Tab lists them.
        p.handle_key(&tab);
        assert_eq!(
            p.note,
            Some(("contacts-new.vcf  contacts-old.vcf".into(), false))
        );
        p.input.set("ex");
        p.handle_key(&tab);
        assert_eq!(p.input.value(), "exports/", "a folder gains its slash");
        p.input.set("nothing");
        p.handle_key(&tab);
        assert_eq!(p.input.value(), "nothing", "no name: left as typed");
        assert!(p.note.as_ref().is_some_and(|n| n.1), "{:?}", p.note);
    }
}
