//! Whole-process TUI figures on a real database, in a pseudo-terminal:
//! time to the first frame, time until the first contact rows show, time
//! until every contact is searchable, resident
//! memory once loaded, CPU used while idle, and the time to draw one frame.
//! Then, in separate runs, how soon a search typed the moment the first
//! frame shows finds a contact that only a search over everyone can find
//! (`KITH_BENCH_QUERY`, default `zebulon quix`, expecting
//! `KITH_BENCH_EXPECT`, default `Zebulon Quixotewright`: the contact
//! `benches/hyperfine.sh` adds to its copy of the database).
//! `KITH_BIN` times another kith binary (a before/after comparison).
//!
//! Run on the benchmark database (see `benches/hyperfine.sh` to make it):
//! `KITH_BENCH_DB=/path/to/bench.db cargo bench --bench tui`.
//! Without `KITH_BENCH_DB` it builds a small demo database first.
//! It reports medians and worst cases; it asserts nothing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 7;

struct Run {
    first_frame: Duration,
    first_rows: Duration,
    searchable: Duration,
    rss_kb: u64,
    idle_cpu_pct: f64,
}

fn main() {
    let (db, _keep) = database();
    println!("database: {}", db.display());
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        runs.push(one_run(&db));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    report(
        "first frame (ms)",
        runs.iter().map(|r| ms(r.first_frame)).collect(),
    );
    report(
        "first rows (ms)",
        runs.iter().map(|r| ms(r.first_rows)).collect(),
    );
    report(
        "all contacts searchable (ms)",
        runs.iter().map(|r| ms(r.searchable)).collect(),
    );
    report(
        "resident memory (MB)",
        runs.iter().map(|r| r.rss_kb as f64 / 1024.0).collect(),
    );
    report(
        "CPU while idle (% of a core)",
        runs.iter().map(|r| r.idle_cpu_pct).collect(),
    );
    let query = std::env::var("KITH_BENCH_QUERY").unwrap_or_else(|_| "zebulon quix".into());
    let expect =
        std::env::var("KITH_BENCH_EXPECT").unwrap_or_else(|_| "Zebulon Quixotewright".into());
    let found: Vec<f64> = (0..RUNS)
        .filter_map(|_| query_run(&db, &query, &expect))
        .map(ms)
        .collect();
    if found.is_empty() {
        println!("search typed at once: {expect:?} never showed for {query:?}");
    } else {
        report("search typed at once (ms)", found);
    }
}

fn report(what: &str, mut values: Vec<f64>) {
    values.sort_by(f64::total_cmp);
    let median = values[values.len() / 2];
    let worst = values[values.len() - 1];
    println!(
        "{what:<30} median {median:>8.1}   worst {worst:>8.1}   (n={})",
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
        .args([
            "demo",
            "--no-tui",
            "--contacts",
            "5000",
            "--interactions",
            "50000",
            "--db",
        ])
        .arg(&db)
        .status()
        .expect("kith demo");
    assert!(status.success());
    (db, Some(dir))
}

/// The real binary in a pseudo-terminal, its screen read through a VT100 parser.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    started: Instant,
}

impl Session {
    fn spawn(db: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let bin = std::env::var_os("KITH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_kith").into());
        let mut cmd = CommandBuilder::new(bin);
        cmd.env("KITH_DB", db);
        cmd.env("TERM", "xterm-256color");
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(40), size(120), 0)));
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
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
        Session {
            child,
            writer,
            screen,
            started,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Time since the start when `pred` first holds (None after 60 s).
    fn wait(&self, pred: &dyn Fn(&str) -> bool) -> Option<Duration> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if pred(&self.contents()) {
                return Some(self.started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        None
    }

    fn must_wait(&self, pred: &dyn Fn(&str) -> bool) -> Duration {
        self.wait(pred)
            .unwrap_or_else(|| panic!("timed out; screen:\n{}", self.contents()))
    }

    fn quit(mut self) {
        // Esc leaves a search field first; q then quits.
        let _ = std::io::Write::write_all(&mut self.writer, b"\x1b");
        std::thread::sleep(Duration::from_millis(100));
        let _ = std::io::Write::write_all(&mut self.writer, b"q");
        let _ = self.child.wait();
    }
}

/// Starts the TUI, types `/query` as soon as the first frame shows, and
/// returns when `expect` is on screen.
fn query_run(db: &Path, query: &str, expect: &str) -> Option<Duration> {
    let mut s = Session::spawn(db);
    s.must_wait(&|c| c.contains("1 Contacts"));
    std::io::Write::write_all(&mut s.writer, format!("/{query}").as_bytes()).expect("type");
    let found = s.wait(&|c| c.contains(expect));
    s.quit();
    found
}

fn one_run(db: &Path) -> Run {
    let s = Session::spawn(db);
    let wait = |pred: &dyn Fn(&str) -> bool| s.must_wait(pred);
    let first_frame = wait(&|c| c.contains("1 Contacts"));
    let first_rows = wait(&|c| c.contains("Contacts") && !c.contains("loading contacts"));
    // Then the whole index is in: the list title shows the count.
    let searchable = wait(&|c| c.contains("Contacts") && !c.contains("loading"));
    let pid = s.child.process_id().expect("pid");
    // Let the load settle, then measure CPU over an idle second.
    std::thread::sleep(Duration::from_millis(500));
    let rss_kb = rss_kb(pid);
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(1));
    let ticks = cpu_ticks(pid) - before;
    let idle_cpu_pct = ticks as f64; // 100 ticks a second: ticks in one second = percent
    s.quit();
    Run {
        first_frame,
        first_rows,
        searchable,
        rss_kb,
        idle_cpu_pct,
    }
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// utime + stime of the process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields after the name start at state (3rd overall): utime is 14th, stime 15th.
    let get = |i: usize| {
        fields
            .get(i - 3)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    get(14) + get(15)
}
