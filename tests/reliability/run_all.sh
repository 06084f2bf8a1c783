#!/usr/bin/env bash
# Every reliability trial of docs/reliability.md, from a fresh clone:
#
#   bash tests/reliability/run_all.sh            # the full campaign (hours)
#   QUICK=1 bash tests/reliability/run_all.sh    # a few runs of each (minutes)
#
# Builds the release binary once, runs each script with its result lines
# collected in reliability-results.jsonl, then prints the table of
# docs/reliability.md. The full-disk trial needs root (it mounts a tmpfs)
# and the fuzzers a nightly toolchain (fuzz/run.sh installs cargo-fuzz);
# without them those rows are left out, with the reason. Exit 1 if any trial
# failed.
set -uo pipefail
cd "$(dirname "$0")/../.."

export KITH_RELIABILITY_OUT="$PWD/reliability-results.jsonl"
: > "$KITH_RELIABILITY_OUT"
export PYTHONDONTWRITEBYTECODE=1

cargo build --release --locked || exit 1
export KITH_BIN="$PWD/target/release/kith"

if [ -n "${QUICK:-}" ]; then
    trials=5 runs=1 repeat=2 fuzz_seconds=30
else
    trials=100 runs=20 repeat=20 fuzz_seconds=600
fi

status=0
step() {
    echo "== $*"
    "$@" || status=1
}

step python3 tests/reliability/hostile_files.py --runs 5
step python3 tests/reliability/concurrency.py --runs "$runs"
step python3 tests/reliability/crash_trials.py --trials "$trials"
if [ "$(id -u)" = 0 ]; then
    step python3 tests/reliability/full_disk.py --repeat "$repeat"
else
    echo "== full_disk.py left out: it mounts a small tmpfs, which needs root"
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    step bash fuzz/run.sh "$fuzz_seconds"
else
    echo "== fuzz/run.sh left out: libFuzzer needs a nightly toolchain (rustup toolchain install nightly)"
fi

echo
python3 tests/reliability/table.py "$KITH_RELIABILITY_OUT" || status=1
exit $status
