//! Duplicate detection quality, time and memory on seeded synthetic
//! contacts with planted duplicates (`kith::ops::synthetic`).
//!
//! ```text
//! cargo bench --bench dedup                      # 1000 5000 100000 and whole
//! cargo bench --bench dedup -- 1000 5000         # in process, these sizes
//! cargo bench --bench dedup -- whole             # whole process, 100 000
//! cargo bench --bench dedup -- whole=20000 --seed 7
//! ```
//!
//! In process: `domain::dedup::find` on the contacts as the store would give
//! them; each size runs in a child process of its own, so its peak memory
//! (`VmHWM`) is its own. Whole process: the contacts are written into a
//! database file through the store, and the release binary runs
//! `kith dedup --json` on it; its wall time, and its peak RSS when
//! `/usr/bin/time` is there. Both print pairwise precision, recall and F1
//! against the planted truth.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kith::domain::dedup::{Cluster, Options, find};
use kith::ops::synthetic::{Quality, Synthetic, generate, people, score};
use kith::store::Store;

const DEFAULT_SEED: u64 = 42;
const WHOLE_DEFAULT: usize = 100_000;

fn main() {
    let mut seed = DEFAULT_SEED;
    let mut sizes = Vec::new();
    let mut whole = Vec::new();
    let mut one = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--one" => one = args.next().and_then(|s| s.parse().ok()),
            "whole" => whole.push(WHOLE_DEFAULT),
            a if a.starts_with("whole=") => whole.extend(a[6..].parse::<usize>().ok()),
            a if a.starts_with('-') => {} // cargo's own (`--bench`)
            a => sizes.extend(a.parse::<usize>().ok()),
        }
    }
    if let Some(n) = one {
        in_process(seed, n);
        return;
    }
    if sizes.is_empty() && whole.is_empty() {
        sizes = vec![1_000, 5_000, 100_000];
        whole = vec![WHOLE_DEFAULT];
    }
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10} {:>9}",
        "run", "precision", "recall", "F1", "true pairs", "found", "candidates", "time s"
    );
    for n in sizes {
        // A child per size: the peak memory of one size, not of all so far.
        let status = Command::new(std::env::current_exe().expect("own path"))
            .args(["--one", &n.to_string(), "--seed", &seed.to_string()])
            .status()
            .expect("run a size");
        assert!(status.success(), "size {n} failed");
    }
    for n in whole {
        whole_process(seed, n);
    }
}

fn row(run: &str, q: &Quality, candidates: Option<usize>, secs: f64, peak: Option<u64>) {
    let candidates = candidates.map_or_else(|| "-".to_string(), |c| c.to_string());
    let peak = peak.map_or_else(
        || "peak ?".to_string(),
        |kib| format!("peak {} MB", kib / 1024),
    );
    println!(
        "{run:<22} {:>9.4} {:>9.4} {:>9.4} {:>10} {:>10} {candidates:>10} {secs:>9.2}  {peak}",
        q.precision, q.recall, q.f1, q.true_pairs, q.found_pairs
    );
}

/// The peak resident set of this process so far, in KiB (Linux).
fn vm_hwm() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn in_process(seed: u64, n: usize) {
    let s = generate(seed, n);
    let people = people(&s);
    let start = Instant::now();
    let scan = find(&people, &HashSet::new(), &Options::default(), &mut |_| {});
    let secs = start.elapsed().as_secs_f64();
    let q = score(&s, &scan.clusters);
    row(
        &format!("in process {n}"),
        &q,
        Some(scan.compared),
        secs,
        vm_hwm(),
    );
    misses(&s, &scan.clusters);
}

/// With `KITH_BENCH_DEDUP_MISSES=N`: N missed and N wrong pairs, to see why.
fn misses(s: &Synthetic, clusters: &[Cluster]) {
    let Some(n) = std::env::var("KITH_BENCH_DEDUP_MISSES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    let mut found = HashSet::new();
    for c in clusters {
        for (i, a) in c.contacts.iter().enumerate() {
            for b in &c.contacts[i + 1..] {
                found.insert((*a.min(b), *a.max(b)));
            }
        }
    }
    let show = |i: usize| {
        let c = &s.contacts[i];
        format!(
            "#{} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            i + 1,
            c.name,
            c.emails,
            c.phones
                .iter()
                .map(kith::domain::contact::Phone::key)
                .collect::<Vec<_>>(),
            c.birthday.map(|b| b.to_storage()),
            c.org,
            c.city,
            s.planted[i]
        )
    };
    let mut missed = 0;
    for i in 0..s.contacts.len() {
        for j in i + 1..s.contacts.len() {
            if missed < n
                && s.entity[i] == s.entity[j]
                && !found.contains(&(i as i64 + 1, j as i64 + 1))
            {
                println!("  missed:\n    {}\n    {}", show(i), show(j));
                missed += 1;
            }
        }
    }
    for (a, b) in found
        .iter()
        .filter(|(a, b)| s.entity[*a as usize - 1] != s.entity[*b as usize - 1])
        .take(n)
    {
        println!(
            "  wrong:\n    {}\n    {}",
            show(*a as usize - 1),
            show(*b as usize - 1)
        );
    }
}

fn whole_process(seed: u64, n: usize) {
    let s = generate(seed, n);
    let dir = tempfile::Builder::new()
        .prefix("kith-bench-dedup-")
        .tempdir()
        .expect("temporary directory");
    let db = dir.path().join("dedup.db");
    write(&db, &s);
    let bin = env!("CARGO_BIN_EXE_kith");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("--db").arg(&db).args(["dedup", "--json"]);
    let start = Instant::now();
    let out = cmd.output().expect("run kith dedup");
    let secs = start.elapsed().as_secs_f64();
    if !out.status.success() {
        eprintln!(
            "kith dedup failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    // `/usr/bin/time` writes the peak RSS in KiB as the last line of stderr.
    let peak = time
        .exists()
        .then(|| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()?
                .trim()
                .parse()
                .ok()
        })
        .flatten();
    let clusters = parse_clusters(&out.stdout);
    let q = score(&s, &clusters);
    row(&format!("whole process {n}"), &q, None, secs, peak);
}

/// Writes the contacts into a new database in one transaction, as a bulk
/// import does; their ids are 1..=n in order, as `people` numbers them.
fn write(path: &Path, s: &Synthetic) {
    let mut store = Store::open(path).expect("open the benchmark database");
    let ids = store
        .write_bulk(|db| db.insert_contacts(&s.contacts))
        .expect("write the contacts");
    assert!(
        ids.iter().enumerate().all(|(i, id)| *id == i as i64 + 1),
        "ids are 1..=n"
    );
}

/// `kith dedup --json`: a list of clusters, each with `contacts` (ids).
fn parse_clusters(json: &[u8]) -> Vec<Cluster> {
    let value: serde_json::Value = serde_json::from_slice(json).expect("kith dedup --json");
    let list = value
        .as_array()
        .or_else(|| value.get("clusters").and_then(|c| c.as_array()))
        .expect("a list of clusters");
    list.iter()
        .map(|c| Cluster {
            contacts: c["contacts"]
                .as_array()
                .expect("contacts")
                .iter()
                .filter_map(serde_json::Value::as_i64)
                .collect(),
            score: c["score"].as_f64().unwrap_or_default(),
            pairs: Vec::new(),
        })
        .collect()
}
