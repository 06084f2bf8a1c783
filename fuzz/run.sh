#!/usr/bin/env bash
# Runs kith's fuzz targets under libFuzzer, each for a fixed time, and
# reports per target: seconds, inputs executed, and findings (panics,
# hangs, inputs that used too much memory).
#
#   fuzz/run.sh [SECONDS_PER_TARGET (default 600)] [TARGET…]   (default: all)
#
# Needs a nightly Rust toolchain (rustup toolchain install nightly); installs
# cargo-fuzz when missing. Each target grows its own working corpus in
# fuzz/work/TARGET (outside git), seeded from fuzz/corpus/TARGET and
# fuzz/regressions/TARGET; findings are saved in fuzz/artifacts/TARGET/.
# With $KITH_RELIABILITY_OUT set, one JSON line per target is appended there,
# as tests/reliability/common.py's report() writes them. Exit 1 on any finding.
#
# Limits: an input running longer than TIMEOUT seconds (default 10) is a
# hang; a process above RSS_MB (default 2048) is out of memory. kith has no
# unsafe code, so targets are built without a sanitizer (-s none): several
# times more inputs per second; the bundled SQLite is tested by its authors.

set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$FUZZ_DIR")"
ALL_TARGETS=(natural_date segment_query template_render csv_import vcard_import json_import)
TIMEOUT="${TIMEOUT:-10}"
RSS_MB="${RSS_MB:-2048}"

seconds="${1:-600}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]; targets: ${ALL_TARGETS[*]}" >&2
    exit 2
fi
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    if [[ " ${ALL_TARGETS[*]} " != *" $t "* ]]; then
        echo "fuzz/run.sh: no target named $t; targets: ${ALL_TARGETS[*]}" >&2
        exit 2
    fi
done

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: libFuzzer needs a nightly Rust toolchain, and there is none." >&2
    echo "  install it with: rustup toolchain install nightly" >&2
    exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz…" >&2
    cargo install cargo-fuzz --locked
fi

# The longest input per target: dates and queries are typed by people;
# templates and address books are files.
max_len() {
    case "$1" in
        natural_date) echo 256 ;;
        segment_query) echo 1024 ;;
        template_render) echo 4096 ;;
        *) echo 16384 ;;
    esac
}

# What a target's inputs are, in a claim.
subject() {
    case "$1" in
        natural_date) echo "typed dates, intervals and birthdays" ;;
        segment_query) echo "the segment language" ;;
        template_render) echo "template rendering" ;;
        csv_import) echo "CSV import" ;;
        vcard_import) echo "vCard import" ;;
        json_import) echo "JSON import" ;;
    esac
}

# 12345678 -> 12.3M
short() {
    awk -v n="$1" 'BEGIN {
        if (n >= 1e6) printf "%.1fM", n / 1e6;
        else if (n >= 1e4) printf "%.0fk", n / 1e3;
        else printf "%d", n }'
}

cd "$FUZZ_DIR"
echo "building the fuzz targets…" >&2
cargo +nightly fuzz build -s none >&2
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"

findings_total=0
for t in "${targets[@]}"; do
    mkdir -p "work/$t" "artifacts/$t"
    corpora=("work/$t" "corpus/$t")
    [ -d "regressions/$t" ] && corpora+=("regressions/$t")
    log="artifacts/$t/last-run.log"
    saved() { find "artifacts/$t" -maxdepth 1 -type f -name "$1-*" | wc -l; }
    crashes_before=$(saved crash)
    hangs_before=$(saved timeout)
    ooms_before=$(saved oom)
    start=$(date +%s)
    set +e
    # The binary itself, not `cargo fuzz run`: nothing is rebuilt while the
    # clock runs, and a finding is not re-run to print it.
    "target/$triple/release/$t" "${corpora[@]}" -artifact_prefix="artifacts/$t/" \
        -max_total_time="$seconds" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
        -max_len="$(max_len "$t")" \
        -print_final_stats=1 >"$log" 2>&1
    status=$?
    set -e
    took=$(( $(date +%s) - start ))
    panics=$(( $(saved crash) - crashes_before ))
    hangs=$(( $(saved timeout) - hangs_before ))
    ooms=$(( $(saved oom) - ooms_before ))
    found=$(( panics + hangs + ooms ))
    # A run that stopped for another reason (a build or libFuzzer error) is a finding too.
    if [ "$found" -eq 0 ] && [ "$status" -ne 0 ]; then
        found=1
        panics=$(( panics + 1 ))
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    if [ -z "$runs" ]; then
        runs=$(grep -o '^#[0-9]*' "$log" | tr -d '#' | tail -1 || true)
    fi
    runs="${runs:-0}"
    peak=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    gb=$(awk -v m="$RSS_MB" 'BEGIN { printf "%g", m / 1024 }')
    claim="$(short "$runs") inputs to $(subject "$t") in $took s, $panics panics, $hangs hangs, $ooms over $gb GB"
    echo "$t: $took s, $runs executions, peak ${peak:-?} MB; $panics crashes, $hangs timeouts, $ooms out of memory"
    if [ "$found" -gt 0 ]; then
        echo "  findings are in fuzz/artifacts/$t/ (log: fuzz/$log);" \
            "minimise one with: cargo +nightly fuzz tmin -s none $t FILE" >&2
        findings_total=$(( findings_total + found ))
    fi
    python3 - "$t" "$runs" "$found" "$claim" "fuzz/run.sh $seconds $t" "$took" "$REPO" <<'EOF'
import sys
trial, runs, failures, claim, reproduce, took, repo = sys.argv[1:]
sys.path.insert(0, f"{repo}/tests/reliability")
from common import report

report(f"fuzz {trial}", int(runs), int(failures), claim, reproduce, float(took))
EOF
done

[ "$findings_total" -eq 0 ]
