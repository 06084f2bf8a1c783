//! Whole-process Dashboard figures on a real database, in a pseudo-terminal:
//! the TUI starts, `5` is typed the moment its first frame shows, and the
//! clock (from the process start and from the key) is read when the
//! Dashboard's frame is drawn (its first paint, panels "loading…"), when
//! the KPI tiles show, and when every panel is filled. Then `p` switches to
//! the quarter: the time until the quarter's tiles show.
//!
//! `KITH_BENCH_DB=/path/to/bench.db cargo bench --bench dashboard` (a copy:
//! the TUI records segment sizes once a day). Without `KITH_BENCH_DB` it
//! builds a small demo database first. `KITH_BIN` times another binary.
//! It reports medians and worst cases; it asserts nothing.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 7;

fn main() {
    let (db, _keep) = database();
    println!("database: {}", db.display());
    let runs: Vec<[f64; 6]> = (0..RUNS).map(|_| one_run(&db)).collect();
    for (i, what) in [
        "start → Dashboard frame (ms)",
        "key 5 → Dashboard frame (ms)",
        "key 5 → KPI tiles (ms)",
        "key 5 → every panel (ms)",
        "start → every panel (ms)",
        "key p → quarter's tiles (ms)",
    ]
    .into_iter()
    .enumerate()
    {
        report(what, runs.iter().map(|r| r[i]).collect());
    }
}

fn report(what: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    let worst = values[values.len() - 1];
    println!(
        "{what:<32} median {median:>8.1}   worst {worst:>8.1}   (n={})",
        values.len()
    );
}

/// The database to open: `KITH_BENCH_DB`, or a fresh small demo.
fn database() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(db) = std::env::var_os("KITH_BENCH_DB") {
        return (PathBuf::from(db), None);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bench.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(["demo", "--no-tui", "--contacts", "5000", "--interactions"])
        .args(["50000", "--db"])
        .arg(&db)
        .env_remove("KITH_DB")
        .status()
        .expect("kith demo");
    assert!(status.success());
    (db, Some(dir))
}

/// The milliseconds of one run: see the names in `main`.
fn one_run(db: &Path) -> [f64; 6] {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 45,
            cols: 140,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let bin = std::env::var_os("KITH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_kith").into());
    let mut cmd = CommandBuilder::new(bin);
    cmd.env("KITH_DB", db);
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(size(45), size(140), 0)));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let s = screen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            s.lock().expect("screen").process(&buf[..n]);
        }
    });
    let wait = |pred: &dyn Fn(&str) -> bool| -> Instant {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = screen.lock().expect("screen").screen().contents();
            if pred(&text) {
                return Instant::now();
            }
            assert!(Instant::now() < deadline, "timed out; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    wait(&|c| c.contains("1 Contacts"));
    let key = Instant::now();
    writer.write_all(b"5").expect("type");
    let frame = wait(&|c| c.contains("┌ Dashboard"));
    let tiles = wait(&|c| c.contains("Active customers"));
    let all = wait(&|c| c.contains("Active customers") && !c.contains("loading"));
    let p = Instant::now();
    writer.write_all(b"p").expect("type");
    let quarter = wait(&|c| c.contains("Revenue per quarter") && c.contains("Active customers"));
    writer.write_all(b"q").expect("quit");
    let _ = child.wait();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    [
        ms(frame - started),
        ms(frame - key),
        ms(tiles - key),
        ms(all - key),
        ms(all - started),
        ms(quarter - p),
    ]
}
