//! Drives the whole app in tests: an in-memory database, a fixed clock,
//! the worker run inline, keys typed as text, screens drawn on `TestBackend`.

use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::App;
use super::runtime::{Jobs, Runtime, Seen, Writer};
use super::theme::Theme;
use super::worker::Filterer;
use super::{process, view};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::search::SearchIndex;
use crate::ops::Ctx;
use crate::ops::demo::{DemoSize, generate};
use crate::store::Store;

pub struct Harness {
    pub app: App,
    pub rt: Runtime,
    /// What the fake editor returns.
    pub editor_text: Option<String>,
    /// Outcomes of the writer thread, when one runs (see `spawn_writer`).
    written: Option<std::sync::mpsc::Receiver<Vec<super::effect::Outcome>>>,
}

impl Harness {
    /// An empty database on Monday 23 November 2026, 09:00.
    pub fn empty() -> Self {
        Harness::on_store(Store::open_in_memory().expect("store"))
    }

    /// An empty database file, which other connections can open.
    pub fn on_file(path: &std::path::Path) -> Self {
        Harness::on_store(Store::open(path).expect("store"))
    }

    /// The small demo in a database file, which other connections can open.
    pub fn demo_on_file(path: &std::path::Path) -> Self {
        let mut h = Harness::on_store(Store::open(path).expect("store"));
        h.seed();
        h
    }

    /// The time every harness starts at.
    pub fn start_time() -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("date")
    }

    fn on_store(store: Store) -> Self {
        let now = Harness::start_time();
        let ctx = Ctx {
            store,
            clock: Clock::fixed(now),
            config: Config::default(),
        };
        let index = Arc::new(RwLock::new(SearchIndex::default()));
        let app = App::new(index.clone(), now);
        let rt = Runtime {
            ctx,
            index,
            jobs: Jobs::Inline(Filterer::default()),
            writer: Writer::Inline,
            seen: Seen::default(),
            scanner: super::scanner::Scanner::Inline,
            reader: super::reader::Reader::Inline,
        };
        let mut h = Harness {
            app,
            rt,
            editor_text: None,
            written: None,
        };
        let first = h.app.start();
        h.run(first);
        h
    }

    /// A small seeded demo database.
    pub fn demo() -> Self {
        let mut h = Harness::empty();
        h.seed();
        h
    }

    fn seed(&mut self) {
        let h = self;
        generate(
            &mut h.rt.ctx,
            DemoSize {
                contacts: 60,
                interactions: 400,
                seed: 7,
            },
        )
        .expect("demo");
        let first = h.app.start();
        h.run(first);
    }

    /// Writes go to a writer thread on its own connection to `path`, as in
    /// the real TUI; [`Harness::wait_for_write`] takes each one's outcome.
    pub fn spawn_writer(&mut self, path: &std::path::Path) {
        let ctx = Ctx {
            store: Store::open(path).expect("writer connection"),
            clock: self.rt.ctx.clock,
            config: Config::default(),
        };
        let (job_tx, job_rx) = std::sync::mpsc::channel();
        let (out_tx, out_rx) = std::sync::mpsc::channel();
        super::writer::spawn(ctx, job_rx, out_tx, |o| o).expect("writer thread");
        self.rt.writer = super::runtime::Writer::Thread(job_tx);
        self.written = Some(out_rx);
    }

    /// Blocks until the writer thread finishes its next write, then lets
    /// the app see the outcome (and the progress reported on the way).
    pub fn wait_for_write(&mut self) {
        loop {
            let outcomes = self
                .written
                .as_ref()
                .expect("spawn_writer first")
                .recv()
                .expect("the writer answers");
            let progress = super::effect::Outcome::is_progress(&outcomes);
            self.rt.after_write(&outcomes).expect("index");
            let effects = self.app.written(outcomes);
            self.run(effects);
            if !progress {
                return;
            }
        }
    }

    /// An outcome arrives (as if from the writer), and the app's effects run.
    pub fn outcome(&mut self, outcome: super::effect::Outcome) {
        let effects = self.app.on_outcome(outcome);
        self.run(effects);
    }

    /// The idle timer fired (or the terminal regained focus).
    pub fn tick(&mut self) {
        let effects = self.app.on_tick();
        self.run(effects);
    }

    fn run(&mut self, effects: Vec<super::effect::Effect>) {
        let text = self.editor_text.clone();
        let mut editor = move |_: &str| Ok(text.clone());
        process(&mut self.app, &mut self.rt, effects, &mut editor);
    }

    pub fn key(&mut self, key: KeyEvent) {
        let effects = self.app.on_key(key);
        self.run(effects);
    }

    /// Types `keys`: plain characters, or `<Tab>`, `<S-Tab>`, `<Esc>`, `<Enter>`,
    /// `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<BS>`, `<PgUp>`, `<PgDn>`, `<C-x>`, `<A-x>` (Alt), `<F3>`.
    pub fn keys(&mut self, keys: &str) {
        let mut rest = keys;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
            {
                let name = &rest[1..end];
                if let Some(key) = named(name) {
                    self.key(key);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            self.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            rest = &rest[c.len_utf8()..];
        }
    }

    /// The screen as text at `width`×`height`, without colour.
    pub fn screen(&mut self, width: u16, height: u16) -> Terminal<TestBackend> {
        self.screen_with(width, height, Theme::plain())
    }

    /// The screen drawn with `theme` (colours are in the buffer's cells).
    pub fn screen_with(&mut self, width: u16, height: u16, theme: Theme) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|f| view::render(f, &mut self.app, theme, 0))
            .expect("draw");
        terminal
    }

    /// Contact `id` as the database holds it now.
    pub fn contact(&self, id: i64) -> crate::domain::contact::Contact {
        self.rt
            .ctx
            .store
            .db()
            .contact(id)
            .expect("db")
            .expect("contact")
    }

    /// Contact `id`'s interactions as stored, newest first (`limit` of them).
    pub fn timeline(
        &self,
        id: i64,
        limit: Option<usize>,
    ) -> Vec<crate::domain::interaction::Interaction> {
        self.rt
            .ctx
            .store
            .db()
            .interactions_of(id, limit)
            .expect("db")
    }

    pub fn text(&mut self, width: u16, height: u16) -> String {
        self.screen(width, height).backend().to_string()
    }
}

fn named(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    match name {
        "Tab" => plain(KeyCode::Tab),
        "S-Tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "Esc" => plain(KeyCode::Esc),
        "Enter" => plain(KeyCode::Enter),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "BS" => plain(KeyCode::Backspace),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        _ => {
            if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse().ok()) {
                return plain(KeyCode::F(n));
            }
            let (mods, c) = match name.split_at_checked(2)? {
                ("C-", c) => (KeyModifiers::CONTROL, c),
                ("A-", c) => (KeyModifiers::ALT, c),
                _ => return None,
            };
            Some(KeyEvent::new(KeyCode::Char(c.chars().next()?), mods))
        }
    }
}
