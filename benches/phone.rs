//! Phone parsing. What matters is the first number a process parses: `kith add
//! --phone` parses one and exits, so a parser that builds its metadata on first
//! use pays that build on every such command (SPEC: `kith add` ≤ 15 ms whole).
//!
//! The cold figure needs a fresh process per sample, so this bench runs itself
//! again with `KITH_PHONE_BENCH_CHILD` set, a few dozen times, and prints the
//! first and the second parse of each child; then divan times warm parses.

use std::process::Command;
use std::time::{Duration, Instant};

use divan::black_box;
use kith::domain::contact::Phone;

const CHILD: &str = "KITH_PHONE_BENCH_CHILD";
const COLD_SAMPLES: usize = 30;

fn main() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    cold();
    divan::main();
}

/// One sample: the first parse in this process, then one more of another country.
fn child() {
    let start = Instant::now();
    let first = Phone::parse(black_box("+49 30 1234567"), black_box(Some("DE")));
    let first_ns = start.elapsed().as_nanos();
    let start = Instant::now();
    let second = Phone::parse(black_box("(415) 555-2671"), black_box(Some("US")));
    let second_ns = start.elapsed().as_nanos();
    assert!(first.is_ok_and(|p| p.e164.is_some()));
    assert!(second.is_ok_and(|p| p.e164.is_some()));
    println!("{first_ns} {second_ns}");
}

fn cold() {
    let exe = std::env::current_exe().expect("the bench's own path");
    let mut first = Vec::with_capacity(COLD_SAMPLES);
    let mut second = Vec::with_capacity(COLD_SAMPLES);
    for _ in 0..COLD_SAMPLES {
        let out = Command::new(&exe)
            .env(CHILD, "1")
            .output()
            .expect("the bench runs itself");
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut nanos = text.split_whitespace().map(|n| n.parse::<u64>().ok());
        if let (Some(Some(a)), Some(Some(b))) = (nanos.next(), nanos.next()) {
            first.push(Duration::from_nanos(a));
            second.push(Duration::from_nanos(b));
        }
    }
    println!("Phone::parse in a fresh process, {COLD_SAMPLES} processes:");
    report("first call (+49, DE)", &mut first);
    report("second call (US)", &mut second);
    println!();
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort_unstable();
    let Some(&min) = samples.first() else { return };
    let median = samples[samples.len() / 2];
    let max = samples[samples.len() - 1];
    println!("  {what:<22} min {min:>10.3?}  median {median:>10.3?}  max {max:>10.3?}");
}

#[divan::bench]
fn warm_international() -> Phone {
    Phone::parse(black_box("+49 30 1234567"), black_box(None)).expect("parses")
}

#[divan::bench]
fn warm_national_with_region() -> Phone {
    Phone::parse(black_box("(415) 555-2671"), black_box(Some("US"))).expect("parses")
}

#[divan::bench]
fn warm_invalid_kept_raw() -> Phone {
    Phone::parse(black_box("+1 555 123 4567"), black_box(None)).expect("kept raw")
}
