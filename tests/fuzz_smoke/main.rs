//! The fuzz targets' smoke pass, on stable Rust, for CI: each target (its
//! body shared with libFuzzer, `fuzz/targets/NAME.rs`) runs on its seed
//! corpus (`fuzz/corpus/NAME/`), on every input that once broke it
//! (`fuzz/regressions/NAME/`), and on a few thousand deterministic
//! mutations of the seeds. The long runs are `fuzz/run.sh`'s.

// Each import target includes the shared pipeline itself, so that its
// libFuzzer binary builds from the same file; here that makes three copies.
#![allow(clippy::duplicate_mod)]

#[path = "../../fuzz/targets/csv_import.rs"]
mod csv_import;
#[path = "../../fuzz/targets/json_import.rs"]
mod json_import;
#[path = "../../fuzz/targets/natural_date.rs"]
mod natural_date;
#[path = "../../fuzz/targets/segment_query.rs"]
mod segment_query;
#[path = "../../fuzz/targets/template_render.rs"]
mod template_render;
#[path = "../../fuzz/targets/vcard_import.rs"]
mod vcard_import;

mod mutate;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Inputs longer than this are cut, as `fuzz/run.sh` caps them.
const MAX_LEN: usize = 4096;

/// The files of `fuzz/<kind>/<target>/`, in name order (none when absent).
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Runs `run` on one input; a panic fails the test naming the input.
fn try_one(target: &str, what: &str, run: fn(&[u8]), input: &[u8]) {
    assert!(
        catch_unwind(AssertUnwindSafe(|| run(input))).is_ok(),
        "{target} failed on {what}: {:?}\n(save these bytes to fuzz/regressions/{target}/ \
         and reproduce with `cargo +nightly fuzz run {target} FILE` in fuzz/)",
        String::from_utf8_lossy(input)
    );
}

/// The whole smoke pass of one target: seeds, regressions, `mutations`
/// mutated seeds.
fn smoke(target: &str, run: fn(&[u8]), mutations: usize) {
    let seeds = inputs("corpus", target);
    assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ has no seeds");
    for (path, bytes) in seeds.iter().chain(&inputs("regressions", target)) {
        try_one(target, &path.display().to_string(), run, bytes);
    }
    let seeds: Vec<Vec<u8>> = seeds.into_iter().map(|(_, b)| b).collect();
    let mut mutator = mutate::Mutator::new(target, MAX_LEN);
    for i in 0..mutations {
        let input = mutator.next(&seeds);
        try_one(target, &format!("mutation {i}"), run, &input);
    }
}

#[test]
fn natural_date() {
    smoke("natural_date", natural_date::run, 5000);
}

#[test]
fn segment_query() {
    smoke("segment_query", segment_query::run, 3000);
}

#[test]
fn template_render() {
    smoke("template_render", template_render::run, 2000);
}

#[test]
fn csv_import() {
    smoke("csv_import", csv_import::run, 400);
}

#[test]
fn vcard_import() {
    smoke("vcard_import", vcard_import::run, 400);
}

#[test]
fn json_import() {
    smoke("json_import", json_import::run, 800);
}
