//! The input thread (terminal events → the UI channel), which can be paused
//! while an external editor owns the terminal, and the signal thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use super::Msg;

pub struct Input {
    paused: Arc<AtomicBool>,
    parked: mpsc::Receiver<()>,
    redraw: AtomicBool,
}

impl Input {
    pub fn spawn(tx: Sender<Msg>) -> std::io::Result<Input> {
        let paused = Arc::new(AtomicBool::new(false));
        let (parked_tx, parked) = mpsc::channel();
        let flag = paused.clone();
        std::thread::Builder::new()
            .name("kith-input".into())
            .spawn(move || {
                loop {
                    if flag.load(Ordering::Acquire) {
                        let _ = parked_tx.send(());
                        while flag.load(Ordering::Acquire) {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        continue;
                    }
                    // Poll with a timeout so a pause request is seen promptly.
                    match crossterm::event::poll(Duration::from_millis(200)) {
                        Ok(true) => match crossterm::event::read() {
                            Ok(ev) => {
                                if tx.send(Msg::Term(ev)).is_err() {
                                    return;
                                }
                            }
                            Err(_) => return,
                        },
                        Ok(false) => {}
                        Err(_) => return,
                    }
                }
            })?;
        Ok(Input {
            paused,
            parked,
            redraw: AtomicBool::new(false),
        })
    }

    /// Stops reading the terminal; returns once the input thread is parked.
    pub fn pause(&self) {
        self.paused.store(true, Ordering::Release);
        let _ = self.parked.recv_timeout(Duration::from_secs(1));
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::Release);
        self.redraw.store(true, Ordering::Release);
    }

    pub fn take_redraw(&self) -> bool {
        self.redraw.swap(false, Ordering::AcqRel)
    }
}

/// Turns SIGTERM, SIGHUP and SIGINT into a clean quit.
pub fn watch_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("kith-signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Msg::Signal);
            }
        })?;
    Ok(())
}
