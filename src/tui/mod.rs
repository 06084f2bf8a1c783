//! The terminal UI.
//!
//! The UI thread owns the state and reads the database; an input thread
//! forwards terminal events; the worker loads and filters the contact index;
//! the writer performs every write on its own connection, so a busy database
//! never freezes the screen. All of them feed one channel, and the UI thread
//! sleeps on it: an idle TUI wakes every 1.5 s only to ask `SQLite` whether
//! another process wrote (one PRAGMA), and draws only after something
//! happened.
//!
//! The terminal is restored on every exit: normal quit, Ctrl-C, SIGTERM or
//! SIGHUP (a signal thread turns them into a quit message), and a panic (the
//! hook ratatui installs restores the screen before the message prints).

pub mod action;
pub mod app;
pub mod cleanup;
pub mod dashboard;
pub mod effect;
pub mod keymap;
pub mod outreach;
pub mod overlays;
pub mod panes;
pub mod reader;
pub mod runtime;
pub mod scanner;
pub mod segments;
pub mod theme;
pub mod transfer;
pub mod view;
pub mod widgets;
pub mod worker;
pub mod writer;

#[cfg(test)]
mod cleanup_tests;
mod input;
#[cfg(test)]
mod nav_tests;
#[cfg(test)]
mod outreach_tests;
#[cfg(test)]
mod segments_tests;
#[cfg(test)]
mod sync_tests;
#[cfg(test)]
pub mod testing;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;

use self::app::App;
use self::effect::{Effect, Outcome};
use self::runtime::{Jobs, Runtime, Seen, Writer};
use self::theme::Theme;
use self::worker::{Done, Filterer};
use crate::domain::search::SearchIndex;
use crate::error::{Error, Result};
use crate::ops::Ctx;

/// Everything the UI thread waits for.
pub enum Msg {
    Term(crossterm::event::Event),
    Worker(Done),
    /// What a write on the writer thread did.
    Written(Vec<Outcome>),
    /// How far the Cleanup pane's scan is, and what it found.
    Scan(Outcome),
    /// What a read on the reader thread found (Dashboard, Segments).
    Read(Outcome),
    /// SIGTERM / SIGHUP / SIGINT: quit cleanly.
    Signal,
}

/// Runs the TUI on the database until the user quits.
pub fn run(ctx: Ctx) -> Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let index = Arc::new(RwLock::new(SearchIndex::default()));
    let jobs = match ctx.store.path() {
        Some(path) => {
            let (job_tx, job_rx) = mpsc::channel();
            worker::spawn(
                path.to_path_buf(),
                index.clone(),
                job_rx,
                tx.clone(),
                Msg::Worker,
            )?;
            Jobs::Thread(job_tx)
        }
        None => Jobs::Inline(Filterer::default()),
    };
    let (writer, writer_thread) = match ctx.store.path() {
        Some(path) => {
            let (write_tx, write_rx) = mpsc::channel();
            let handle = writer::spawn(
                own_ctx(path, ctx.clock, &ctx.config)?,
                write_rx,
                tx.clone(),
                Msg::Written,
            )?;
            (Writer::Thread(write_tx), Some(handle))
        }
        None => (Writer::Inline, None),
    };
    let scanner = match ctx.store.path() {
        Some(path) => {
            let (path, clock, config) = (path.to_path_buf(), ctx.clock, ctx.config.clone());
            let out = tx.clone();
            scanner::Scanner::Later(Box::new(move || {
                let (scan_tx, scan_rx) = mpsc::channel();
                scanner::spawn(own_ctx(&path, clock, &config)?, scan_rx, out, Msg::Scan)?;
                Ok(scan_tx)
            }))
        }
        None => scanner::Scanner::Inline,
    };
    let reader = match ctx.store.path() {
        Some(path) => {
            let (path, clock, config) = (path.to_path_buf(), ctx.clock, ctx.config.clone());
            let out = tx.clone();
            reader::Reader::Later(Box::new(move || {
                let (read_tx, read_rx) = mpsc::channel();
                reader::spawn(own_ctx(&path, clock, &config)?, read_rx, out, Msg::Read)?;
                Ok(read_tx)
            }))
        }
        None => reader::Reader::Inline,
    };
    input::watch_signals(tx.clone())?;
    let input = input::Input::spawn(tx)?;
    let mut app = App::new(index.clone(), ctx.clock.now());
    app.capture.phone_region = ctx.config.phone_region();
    app.capture.currency.clone_from(&ctx.config.currency);
    let mut runtime = Runtime {
        ctx,
        index,
        jobs,
        writer,
        seen: Seen::default(),
        scanner,
        reader,
    };
    let mut terminal = ratatui::try_init()
        .map_err(|e| Error::user(format!("cannot start the terminal UI: {e}")))?;
    focus_reports(true);
    // A panic restores the screen (ratatui's hook); focus reports go too,
    // or the shell would print them.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        focus_reports(false);
        restore_screen(info);
    }));
    let result = event_loop(&mut terminal, &mut app, &mut runtime, &rx, &input);
    focus_reports(false);
    ratatui::restore();
    // A write in hand finishes (or times out) before the process ends.
    drop(runtime);
    if let Some(handle) = writer_thread {
        let _ = handle.join();
    }
    result
}

/// A connection of its own to the same file, with the same clock and
/// settings: what each of the TUI's threads works on.
fn own_ctx(
    path: &std::path::Path,
    clock: crate::clock::Clock,
    config: &crate::config::Config,
) -> Result<Ctx> {
    Ok(Ctx {
        store: crate::store::Store::open(path)?,
        clock,
        config: config.clone(),
    })
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    runtime: &mut Runtime,
    rx: &Receiver<Msg>,
    input: &input::Input,
) -> Result<()>
where
    B::Error: std::fmt::Display,
{
    let theme = Theme::from_env();
    let mut tick = 0usize;
    let mut editor = |header: &str| -> Result<Option<String>> {
        // Hand the terminal to the editor: stop reading keys, leave raw mode.
        input.pause();
        focus_reports(false);
        ratatui::restore();
        let text = crate::editor::edit_text(header);
        let _ = ratatui::try_init();
        focus_reports(true);
        input.resume();
        text
    };
    let mut pending = app.start();
    let mut redraw = true;
    loop {
        if redraw {
            terminal
                .draw(|f| view::render(f, app, theme, tick))
                .map_err(|e| Error::internal(format!("cannot draw: {e}")))?;
        }
        redraw = true;
        // The first frame is on screen before any work starts.
        if process(app, runtime, std::mem::take(&mut pending), &mut editor) {
            return Ok(());
        }
        // Sleep until something happens: briefly while busy (the spinner
        // turns), else until the next look for writes made elsewhere.
        let busy = app.busy();
        let wait = if busy { SPIN } else { LOOK_FOR_CHANGES };
        let msg = match rx.recv_timeout(wait) {
            Ok(m) => m,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Err(RecvTimeoutError::Timeout) if busy => {
                tick += 1;
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {
                // One PRAGMA; nothing is drawn unless something changed.
                pending = app.on_tick();
                redraw = false;
                let outcomes: Vec<Outcome> = pending
                    .drain(..)
                    .flat_map(|e| runtime.run(e, &mut editor))
                    .collect();
                for outcome in outcomes {
                    redraw = true;
                    pending.extend(app.on_outcome(outcome));
                }
                continue;
            }
        };
        tick += 1;
        // Handle everything already queued before drawing again. A write
        // usually lands within milliseconds: give it that long before
        // drawing, so "waiting for the database" shows only when it is busy.
        let mut batch: Vec<Msg> = std::iter::once(msg).chain(rx.try_iter()).collect();
        let mut grace = true;
        while !batch.is_empty() {
            for msg in batch.drain(..) {
                let effects = handle(app, runtime, msg);
                app.now = runtime.ctx.clock.now();
                if process(app, runtime, effects, &mut editor) {
                    return Ok(());
                }
            }
            // (Not while an import or export runs: it takes longer, and
            // keys meanwhile must not wait for it.)
            if app.writing > 0
                && app.transfer.is_none()
                && std::mem::take(&mut grace)
                && let Ok(msg) = rx.recv_timeout(WRITE_GRACE)
            {
                batch.extend(std::iter::once(msg).chain(rx.try_iter()));
            }
        }
        // After the editor ran, the screen must be redrawn from scratch.
        if input.take_redraw() {
            terminal
                .clear()
                .map_err(|e| Error::internal(format!("cannot redraw: {e}")))?;
        }
    }
}

/// How often an idle TUI looks for writes made by other processes.
const LOOK_FOR_CHANGES: Duration = Duration::from_millis(1500);
/// How long a write may take before the screen says it is waiting.
const WRITE_GRACE: Duration = Duration::from_millis(60);
/// How often the busy spinner turns.
const SPIN: Duration = Duration::from_millis(120);

/// Asks the terminal to report focus changes (a focused TUI looks for
/// changes at once). Terminals that do not know the request ignore it.
fn focus_reports(on: bool) {
    use crossterm::event::{DisableFocusChange, EnableFocusChange};
    let mut out = std::io::stdout();
    let _ = if on {
        crossterm::execute!(out, EnableFocusChange)
    } else {
        crossterm::execute!(out, DisableFocusChange)
    };
}

fn handle(app: &mut App, runtime: &mut Runtime, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Written(outcomes) => {
            if let Err(e) = runtime.after_write(&outcomes) {
                app.say_error(&e.to_string());
            }
            app.written(outcomes)
        }
        Msg::Term(crossterm::event::Event::FocusGained) => app.on_tick(),
        Msg::Term(crossterm::event::Event::Key(key))
            if key.kind != crossterm::event::KeyEventKind::Release =>
        {
            app.on_key(key)
        }
        Msg::Term(_) => Vec::new(), // resize and others: the next draw adapts
        Msg::Worker(done) => app.on_outcome(Outcome::Worker(done)),
        Msg::Scan(outcome) | Msg::Read(outcome) => app.on_outcome(outcome),
        Msg::Signal => app.update(action::Action::Quit),
    }
}

/// Runs effects (and the effects their outcomes lead to) until none are
/// left. Returns true when the app asked to quit.
pub fn process(
    app: &mut App,
    runtime: &mut Runtime,
    effects: Vec<Effect>,
    editor: &mut dyn FnMut(&str) -> Result<Option<String>>,
) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if app.quit {
            return true;
        }
        for outcome in runtime.run(effect, editor) {
            queue.extend(app.on_outcome(outcome));
        }
    }
    app.quit
}
