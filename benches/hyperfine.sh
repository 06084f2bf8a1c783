#!/usr/bin/env bash
# Whole-process timings of the `kith` binary on the benchmark database
# (100 000 contacts, 1 000 000 interactions), against the performance budgets
# in SPEC. Medians are what docs/performance.md reports.
#
#   benches/hyperfine.sh                 # build, generate (once), measure
#   RUNS=50 benches/hyperfine.sh         # more runs per command
#
# Needs hyperfine (Debian/Ubuntu: `apt-get install hyperfine`; or
# `cargo install hyperfine`) and python3 for the summary table.
#
# Settings (environment):
#   KITH_BENCH_WORK   working directory        [${TMPDIR:-/tmp}/kith-bench]
#   KITH_BENCH_DB     benchmark database; generated there if missing, never
#                     written to (commands run on a copy)
#                     [$KITH_BENCH_WORK/bench-<contacts>x<interactions>.db]
#   KITH_BENCH_OUT    where results go         [$KITH_BENCH_WORK/results-<time>]
#   CONTACTS, INTERACTIONS                     [100000, 1000000]
#   RUNS, WARMUP      runs per command         [30, 3]
#   KITH_NOW          the clock, for generation and every command, so the
#                     data and what is due are the same on every machine
#                     ["2026-11-23 09:00"]
#   SKIP_BUILD=1      use the release binary as it is
#   KITH_BIN          time this kith binary instead (implies SKIP_BUILD), for
#                     a before/after comparison with another build
#   BENCH_GROUPS      only these groups, by name ("kpi outreach"); all if unset.
#                     The outreach group needs a base made by a kith whose demo
#                     has campaigns (issue 11); SEND_RUNS runs per send [3]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
contacts=${CONTACTS:-100000}
interactions=${INTERACTIONS:-1000000}
runs=${RUNS:-30}
warmup=${WARMUP:-3}
work=${KITH_BENCH_WORK:-${TMPDIR:-/tmp}/kith-bench}
base=${KITH_BENCH_DB:-$work/bench-${contacts}x${interactions}.db}
out=${KITH_BENCH_OUT:-$work/results-$(date +%Y%m%d-%H%M%S)}
export KITH_NOW=${KITH_NOW:-2026-11-23 09:00}

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine is not installed: apt-get install hyperfine (or cargo install hyperfine)" >&2
    exit 1
fi
mkdir -p "$work" "$out"

# A clean environment: no user config (a reminder_command there would run for
# every due item), no KITH_DB pointing at real data.
unset KITH_DB
export XDG_CONFIG_HOME=$work/config
mkdir -p "$XDG_CONFIG_HOME"

cd "$here"
if [[ -n ${KITH_BIN:-} ]]; then
    kith=$KITH_BIN
else
    if [[ ${SKIP_BUILD:-} != 1 ]]; then
        cargo build --release --locked --quiet
    fi
    target=$(cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
    kith=$target/release/kith
fi
[[ -x $kith ]] || { echo "no release binary at $kith" >&2; exit 1; }

if [[ ! -e $base ]]; then
    echo "generating $base ($contacts contacts, $interactions interactions)..." >&2
    /usr/bin/time -f "demo generation: %e s wall, %U s user, %S s sys, %M KB max RSS" \
        "$kith" demo --db "$base" --contacts "$contacts" --interactions "$interactions" --no-tui \
        2>&1 | tee "$out/generate.txt" >&2
fi

# Every command runs on this copy; add and log write to it. A first read
# migrates it if the base is from an older kith (and drops the backup that
# migrating leaves), so no timed run pays for that.
db=$work/run.db
rm -f "$db" "$db"-* "$db".v*.bak
cp "$base" "$db"
"$kith" --db "$db" list --tag no-such-tag >/dev/null
rm -f "$db".v*.bak
k=("$kith" --db "$db")
# As one string for hyperfine, which splits it like a shell would.
kq=$(printf '%q ' "${k[@]}")

# A contact no generated name resembles, for log by email and by fuzzy name.
unique_id=$("${k[@]}" add "Zebulon Quixotewright" --email zebulon@quixotewright.example)
# The contact `kith add` is timed with: deleted again before every run, so
# each run adds it anew through the full duplicate check (email, phone, name).
"${k[@]}" add "Quentin Zarkowski" --email quentin@zarkowski.example --tag bench >/dev/null
typical_id=42

echo "$("$kith" --version), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)" |
    tee "$out/machine.txt"
echo "database: $base ($(du -h "$base" | cut -f1)); results: $out"

selected() { # group name: whether BENCH_GROUPS asks for it
    [[ -z ${BENCH_GROUPS:-} || " ${BENCH_GROUPS//,/ } " == *" $1 "* ]]
}

bench() { # name, then hyperfine arguments
    local name=$1
    shift
    selected "$name" || return 0
    hyperfine -N --warmup "$warmup" --runs "$runs" --style basic \
        --export-json "$out/$name.json" --export-markdown "$out/$name.md" "$@"
}

bench startup -n "kith --version (process start, no database)" "$(printf '%q' "$kith") --version"
bench add -n "kith add (duplicate check + insert)" \
    --prepare "${kq} delete quentin@zarkowski.example --yes" \
    "${kq} add 'Quentin Zarkowski' --email quentin@zarkowski.example --tag bench"
bench log -n "kith log by id" "${kq} log $typical_id call 'renewal talk'" \
    -n "kith log by email" "${kq} log zebulon@quixotewright.example call 'renewal talk'" \
    -n "kith log by fuzzy name" "${kq} log zebulon call 'renewal talk'"
bench show -n "kith show (id, 20 latest interactions)" "${kq} show $typical_id"
# The first warmup run of --all marks every due item as reported; after it,
# plain `kith remind` is cron's steady state: nothing new, nothing printed.
bench remind -n "kith remind --all" "${kq} remind --all" \
    -n "kith remind (nothing new)" "${kq} remind"
bench list -n "kith list --json" "${kq} list --json"
bench find -i -n "kith find smith" "${kq} find smith" \
    -n "kith find muller" "${kq} find muller" \
    -n "kith find \"jose garcia\"" "${kq} find 'jose garcia'" \
    -n "kith show zbulon (a typo: no name word starts so)" "${kq} show zbulon"

# Analyse and segment (issue 10): the KPI report, RFM, who next, and typical
# segment queries over 100k contacts and 1M interactions.
bench kpi -n "kith kpi --json (12 months)" "${kq} kpi --json" \
    -n "kith kpi --period quarter --json" "${kq} kpi --period quarter --json"
bench rfm -n "kith rfm" "${kq} rfm" -n "kith next" "${kq} next"
bench where -n "kith list --where 'tag:client city:berlin'" "${kq} list --where 'tag:client city:berlin'" \
    -n "kith list --where 'stage:customer last:>90d spent:>=1000'" "${kq} list --where 'stage:customer last:>90d spent:>=1000'" \
    -n "kith list --where '(tag:client or tag:partner) -tag:vip count.purchase:>=3'" "${kq} list --where '(tag:client or tag:partner) -tag:vip count.purchase:>=3'" \
    -n "kith list --where 'name:muller'" "${kq} list --where 'name:muller'" \
    -n "kith list --where 'rfm:at-risk'" "${kq} list --where 'rfm:at-risk'"
bench segments -n "kith segment list" "${kq} segment list"

# kith import: 100k contacts as CSV and as vCard, written by `kith export`
# from the benchmark database (once, kept beside it), into an empty database;
# then the CSV again into the database it filled (every row unchanged).
if selected import || selected import_again; then
for format in csv vcard; do
    file=$work/import-$contacts.$format
    [[ -e $file ]] || "${k[@]}" export --format "$format" -o "$file"
done
idb=$work/import.db
full=$work/import-full.db
iq=$(printf '%q ' "$kith" --db "$idb")
clean=$(printf 'rm -f %q %q %q' "$idb" "$idb-wal" "$idb-shm")
rm -f "$full" "$full"-wal "$full"-shm
"$kith" --db "$full" import "$work/import-$contacts.csv" >/dev/null
# hyperfine -N runs --prepare without a shell: a `&&` needs a `bash -c`.
again=$(printf 'bash -c %q' "$clean && cp $(printf '%q %q' "$full" "$idb")")
bench import --prepare "$clean" \
    -n "kith import 100k CSV (empty database)" "${iq} import $(printf '%q' "$work/import-$contacts.csv")" \
    -n "kith import 100k vCard (empty database)" "${iq} import $(printf '%q' "$work/import-$contacts.vcard")"
bench import_again --prepare "$again" \
    -n "kith import 100k CSV again (all unchanged)" "${iq} import $(printf '%q' "$work/import-$contacts.csv")"
fi

# Outreach (issue 11): planning and creating an A/B campaign for every
# client, the list, the demo campaign's report, a template preview, and
# sending to a drafts folder. A send writes, so each run sends a fresh copy
# of a database where the campaign is made and pending; messages per second
# are the recipients over the median.
if selected outreach || selected outreach_send; then
    "${k[@]}" campaign list | grep -q autumn-renewal || {
        echo "$base has no demo campaign: make it again with this kith (rm it)" >&2
        exit 1
    }
    # A sender for the messages (the clean config has none).
    mkdir -p "$XDG_CONFIG_HOME/kith"
    printf '[outreach]\nfrom = "Bench <bench@example.org>"\n' >"$XDG_CONFIG_HOME/kith/config.toml"
    someone=$("${k[@]}" list --where 'tag:client consent:granted' --json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
    cdb=$work/campaign.db
    cq=$(printf '%q ' "$kith" --db "$cdb")
    # hyperfine -N runs --prepare without a shell too: these are one `bash -c`.
    fresh=$(printf 'rm -f %q %q %q && cp %q %q' "$cdb" "$cdb-wal" "$cdb-shm" "$db" "$cdb")
    fresh="bash -c $(printf '%q' "$fresh")"
    ab="--where 'tag:client' --template renewal-plain --variant B=renewal-offer"
    bench outreach -n "kith campaign new --dry-run (tag:client, A/B)" "${kq} campaign new bench-ab $ab --dry-run" \
        -n "kith campaign list" "${kq} campaign list" \
        -n "kith campaign report autumn-renewal" "${kq} campaign report autumn-renewal" \
        -n "kith campaign report autumn-renewal --json" "${kq} campaign report autumn-renewal --json" \
        -n "kith template preview renewal-offer #$someone" "${kq} template preview renewal-offer $someone"
    bench outreach_create --prepare "$fresh" \
        -n "kith campaign new (tag:client, A/B, created)" "${cq} campaign new bench-ab $ab"
    # Two campaigns to send, ~1,000 and ~10,000 recipients, made once in a
    # database every send run starts from.
    sdb=$work/send-base.db
    rm -f "$sdb" "$sdb"-*
    cp "$db" "$sdb"
    "$kith" --db "$sdb" campaign new send-1k --where 'tag:client country:ch' --template renewal-offer >/dev/null
    "$kith" --db "$sdb" campaign new send-10k --where 'stage:customer' --template renewal-offer >/dev/null
    drafts=$work/drafts
    restore=$(printf 'rm -rf %q && rm -f %q %q %q && cp %q %q' "$drafts" "$cdb" "$cdb-wal" "$cdb-shm" "$sdb" "$cdb")
    restore="bash -c $(printf '%q' "$restore")"
    runs=${SEND_RUNS:-3} warmup=0 bench outreach_send --prepare "$restore" \
        -n "kith campaign send send-1k --drafts" "${cq} campaign send send-1k --drafts $(printf '%q' "$drafts/1k")" \
        -n "kith campaign send send-10k --drafts" "${cq} campaign send send-10k --drafts $(printf '%q' "$drafts/10k")"
    if selected outreach_send; then
        # Messages per send: the campaigns' pending recipients before it.
        "$kith" --db "$sdb" campaign list --json >"$out/send-campaigns.json"
        python3 - "$out/outreach_send.json" "$out/send-campaigns.json" <<'EOF' | tee "$out/sends.txt"
import json, pathlib, sys
results = json.loads(pathlib.Path(sys.argv[1]).read_text())["results"]
pending = {c["campaign"]["name"]: c["pending"] for c in json.loads(pathlib.Path(sys.argv[2]).read_text())}
for r, name in zip(results, ["send-1k", "send-10k"]):
    n = pending[name]
    print(f"{r['command']}: {n} messages, median {r['median']:.2f} s, {n / r['median']:.0f} messages/s")
EOF
    fi
fi

python3 - "$out" <<'EOF' | tee "$out/summary.md"
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
# Wall-clock median first; user + system is the CPU the process used (the
# rest of its wall time it waited: on fsync, or for a core on a busy machine).
print("| command | median | mean ± σ | min | max | CPU user + sys (mean) | runs |")
print("|---|---|---|---|---|---|---|")
for name in ["startup", "add", "log", "show", "remind", "list", "find", "kpi", "rfm", "where",
             "segments", "import", "import_again", "outreach", "outreach_create", "outreach_send"]:
    if not (out / f"{name}.json").exists():
        continue
    for r in json.loads((out / f"{name}.json").read_text())["results"]:
        ms = lambda s: f"{s * 1000:.1f} ms"
        print(f"| {r['command']} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'])} "
              f"| {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'])} + {ms(r['system'])} "
              f"| {len(r['times'])} |")
EOF
echo "unique contact #$unique_id; full results in $out"
