#!/usr/bin/env python3
"""Crash trials: kith killed with SIGKILL at random moments of its longest
commands, then checked.

    python3 tests/reliability/crash_trials.py [--trials N] [--only KINDS] [--seed S]

KINDS is a comma-separated subset of import, merge, undo, backup, restore,
demo, send (default: all). For each kind the script times one run that is
not killed, then, N times, starts the release binary, kills it after a delay
drawn uniformly from that duration (so kills land early, mid and late;
the duration follows the runs that ended before their kill, as the machine
gets faster or slower), and
checks: `PRAGMA integrity_check` is ok; `kith check` finds nothing; every
change committed before the kill is there; nothing is half-done (an import
or a merge happened whole or not at all, a backup under its final name is
complete, a restore left the old or the new database and a whole copy of the
old one); and the next run of the same command finishes the work. A failing
trial prints its seed and delay, so `--seed S --trials 1` after the same
kind reproduces it. One result line per kind; exit 1 if any trial failed.
"""

import argparse
import csv
import json
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import integrity, query, report, run_kith, scalar, workdir  # noqa: E402
from crash_helpers import (  # noqa: E402
    calibrated,
    MID,
    SMALL,
    counts,
    make_demo,
    run_killed,
    sound,
    timed,
)
from crash_send import setup_send, trial_send  # noqa: E402

# The size of the databases backup and restore copy (--copy-size): mid by
# default, so a kill lands inside a copy of some 100 MB; small runs many
# more trials in the same time.
COPY_SIZES = {"mid": MID, "small": SMALL}
COPY_SIZE = [MID]

KINDS = ["import", "merge", "undo", "backup", "restore", "demo", "send"]

IMPORT_ROWS = 100_000

# --- import -----------------------------------------------------------------

GIVEN = ["Anna", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Greta", "Hiro", "Inès", "Jonas",
         "Kwame", "Lena", "Mateo", "Nadia", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq",
         "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "José", "Łukasz", "Søren", "Aoife"]
FAMILY = ["Andersen", "Brown", "Castillo", "Dubois", "Eriksson", "Fischer", "García", "Hoffmann",
          "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Petrov",
          "Quintero", "Rossi", "Schmidt", "Tanaka", "Umarov", "van der Berg", "Weber", "Xu",
          "Yilmaz", "Zieliński", "Ng", "da Silva", "MacLeod", "Öztürk"]
ORGS = ["Acme GmbH", "Globex Ltd", "Initech", "Umbrella Corp", "Stark Industries", "Wayne & Co",
        "Hooli", "Vandelay Imports", "Soylent SA", "Tyrell BV", "", ""]
TITLES = ["CTO", "Buyer", "Head of Sales", "Engineer", "Founder", "Office Manager", ""]
TAGS = ["client", "lead", "supplier", "press", "friend", "investor", "partner"]


def write_import_csv(path, rows, seed):
    """A Google-style CSV of `rows` people with unique e-mails."""
    rng = random.Random(seed)
    header = ["First Name", "Last Name", "Organization Name", "Organization Title",
              "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
              "Labels"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(rows):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            local = f"{given}.{family}".lower().replace(" ", "").replace("'", "")
            email = f"{local}.{i}@crash-import.example"
            phone = f"+49 30 {rng.randrange(1000000, 9999999)}" if rng.random() < 0.7 else ""
            tags = " ::: ".join(rng.sample(TAGS, rng.randrange(0, 3)))
            out.writerow([given, family, rng.choice(ORGS), rng.choice(TITLES), "* Work", email,
                          "Mobile" if phone else "", phone, tags])


def setup_import(work, rng):
    base = work / "base.db"
    make_demo(base, ("300", "3000"))
    data = work / "people.csv"
    write_import_csv(data, IMPORT_ROWS, rng.random())
    probe = work / "probe.db"
    shutil.copy(base, probe)
    seconds = timed(["import", str(data)], probe, timeout=3600)
    return {"base": base, "csv": data, "seconds": seconds}


def rows_of_contacts(db):
    """Every contact's uid and name, sorted by uid."""
    return query(db, "SELECT uid, display_name FROM contact ORDER BY uid")


def trial_import(ctx, work, rng):
    db = work / "t.db"
    for p in work.glob("t.db*"):
        p.unlink()
    shutil.copy(ctx["base"], db)
    before = rows_of_contacts(db)
    delay = rng.uniform(0, ctx["seconds"])
    killed, code, _, err = run_killed(["import", str(ctx["csv"])], db, delay)
    problems = []
    sound(db, problems, "after the kill")
    imported = scalar(db, "SELECT count(*) FROM contact_email WHERE email LIKE '%@crash-import.example'")
    if imported not in (0, IMPORT_ROWS):
        problems.append(f"half an import: {imported} of {IMPORT_ROWS} rows")
    if not killed and (code != 0 or imported != IMPORT_ROWS):
        problems.append(f"the unkilled import exited {code} with {imported} rows: {err[-300:]}")
    kept = query(db, "SELECT uid, display_name FROM contact WHERE uid IN "
                     "(SELECT value FROM json_each(?)) ORDER BY uid",
                 (json_list([u for u, _ in before]),))
    if kept != before:
        problems.append(f"contacts held before the import changed: {len(kept)} of {len(before)}")
    rerun = run_kith(["import", str(ctx["csv"])], db, check=False, timeout=3600)
    if rerun.returncode != 0:
        problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
    sound(db, problems, "after the rerun")
    total = scalar(db, "SELECT count(*) FROM contact")
    distinct = scalar(db, "SELECT count(DISTINCT email) FROM contact_email "
                          "WHERE email LIKE '%@crash-import.example'")
    if total != len(before) + IMPORT_ROWS or distinct != IMPORT_ROWS:
        problems.append(f"after the rerun {total} contacts ({distinct} imported e-mails), "
                        f"expected {len(before)} + {IMPORT_ROWS}")
    return delay, killed, problems


def json_list(items):
    return json.dumps(items)


# --- merge and undo ---------------------------------------------------------

def setup_small(work, rng):
    base = work / "base.db"
    make_demo(base, SMALL)
    # Pairs of live contacts that both have interactions and open follow-ups.
    rich = [r[0] for r in query(base, """
        SELECT c.id FROM contact c
        WHERE c.archived = 0
          AND EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id)
          AND EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id AND f.done_at IS NULL)
        ORDER BY c.id""")]
    return {"base": base, "rich": rich}


def person(db, uid):
    """(id, interactions, follow-ups) of the contact with `uid`, or None."""
    rows = query(db, """
        SELECT c.id,
               (SELECT count(*) FROM interaction i WHERE i.contact_id = c.id),
               (SELECT count(*) FROM follow_up f WHERE f.contact_id = c.id)
        FROM contact c WHERE c.uid = ?""", (uid,))
    return rows[0] if rows else None


def uid_of(db, contact_id):
    return scalar(db, "SELECT uid FROM contact WHERE id = ?", (contact_id,))


def merge_state(db, keep_uid, gone_uid, unmerged, merged):
    """'unmerged' or 'merged' when the database is wholly one of them, else a
    description of the mix found."""
    now = (counts(db)["contacts"], counts(db)["interactions"], counts(db)["follow_ups"],
           person(db, keep_uid), person(db, gone_uid))
    for name, state in (("unmerged", unmerged), ("merged", merged)):
        if now[:3] == state[:3] and now[3][1:] == state[3][1:] and \
                (now[4] is None) == (state[4] is None) and \
                (now[4] is None or now[4][1:] == state[4][1:]):
            return name
    return f"neither merged nor unmerged: {now} vs {unmerged} / {merged}"


def snapshot(db, keep_uid, gone_uid):
    c = counts(db)
    return (c["contacts"], c["interactions"], c["follow_ups"], person(db, keep_uid),
            person(db, gone_uid))


def fresh_pair(ctx, work, rng):
    """A fresh copy of the base demo and two of its rich contacts: their ids,
    their uids, and the snapshot before any merge."""
    db = work / "t.db"
    for p in work.glob("t.db*"):
        p.unlink()
    shutil.copy(ctx["base"], db)
    a, b = rng.sample(ctx["rich"], 2)
    keep_uid, gone_uid = uid_of(db, a), uid_of(db, b)
    return db, a, b, keep_uid, gone_uid, snapshot(db, keep_uid, gone_uid)


def trial_merge(ctx, work, rng):
    db, a, b, keep_uid, gone_uid, unmerged = fresh_pair(ctx, work, rng)
    merged = (unmerged[0] - 1, unmerged[1], unmerged[2],
              (None, unmerged[3][1] + unmerged[4][1], unmerged[3][2] + unmerged[4][2]), None)
    delay = rng.uniform(0, ctx["seconds"])
    killed, code, _, err = run_killed(["merge", str(a), str(b)], db, delay)
    problems = []
    sound(db, problems, "after the kill")
    state = merge_state(db, keep_uid, gone_uid, unmerged, merged)
    if state not in ("merged", "unmerged"):
        problems.append(state)
    if not killed and (code != 0 or state != "merged"):
        problems.append(f"the unkilled merge exited {code}, {state}: {err[-300:]}")
    if state == "unmerged":
        rerun = run_kith(["merge", str(a), str(b)], db, check=False)
        if rerun.returncode != 0:
            problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
        state = merge_state(db, keep_uid, gone_uid, unmerged, merged)
        if state != "merged":
            problems.append(f"after the rerun: {state}")
        sound(db, problems, "after the rerun")
    return delay, killed, problems


def trial_undo(ctx, work, rng):
    db, a, b, keep_uid, gone_uid, unmerged = fresh_pair(ctx, work, rng)
    run_kith(["merge", str(a), str(b)], db)
    merged = snapshot(db, keep_uid, gone_uid)
    delay = rng.uniform(0, ctx["seconds"])
    killed, code, _, err = run_killed(["undo"], db, delay)
    problems = []
    sound(db, problems, "after the kill")
    state = merge_state(db, keep_uid, gone_uid, unmerged, merged)
    if state not in ("merged", "unmerged"):
        problems.append(state)
    if not killed and (code != 0 or state != "unmerged"):
        problems.append(f"the unkilled undo exited {code}, {state}: {err[-300:]}")
    if state == "merged":
        rerun = run_kith(["undo"], db, check=False)
        if rerun.returncode != 0:
            problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
        state = merge_state(db, keep_uid, gone_uid, unmerged, merged)
        if state != "unmerged":
            problems.append(f"after the rerun: {state}")
        sound(db, problems, "after the rerun")
    return delay, killed, problems


def setup_merge(work, rng):
    ctx = setup_small(work, rng)
    probe = work / "probe.db"
    shutil.copy(ctx["base"], probe)
    a, b = rng.sample(ctx["rich"], 2)
    ctx["seconds"] = timed(["merge", str(a), str(b)], probe)
    return ctx


def setup_undo(work, rng):
    ctx = setup_small(work, rng)
    probe = work / "probe.db"
    shutil.copy(ctx["base"], probe)
    a, b = rng.sample(ctx["rich"], 2)
    run_kith(["merge", str(a), str(b)], probe)
    ctx["seconds"] = timed(["undo"], probe)
    return ctx


# --- backup and restore -----------------------------------------------------

def complete_copy(path, expected, problems, what):
    """`path` opens, passes integrity_check and holds `expected` counts."""
    try:
        verdict = integrity(path)
        found = counts(path)
    except Exception as e:  # noqa: BLE001 - any failure to read is the finding
        problems.append(f"{what} {path.name} does not open: {e}")
        return
    if verdict != "ok" or found != expected:
        problems.append(f"{what} {path.name} is not whole: {verdict[:100]}, {found} != {expected}")


def setup_backup(work, rng):
    base = work / "base.db"
    make_demo(base, COPY_SIZE[0])
    out = work / "out"
    out.mkdir()
    seconds = timed(["backup", "-o", str(out / "kith.db")], base)
    shutil.rmtree(out)
    return {"base": base, "seconds": seconds, "expected": counts(base)}


def trial_backup(ctx, work, rng):
    db, out = ctx["base"], work / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    target = out / "kith.db"
    delay = rng.uniform(0, ctx["seconds"])
    killed, code, _, err = run_killed(["backup", "-o", str(target)], db, delay)
    problems = []
    if counts(db) != ctx["expected"]:
        problems.append(f"the database changed: {counts(db)}")
    sound(db, problems, "the database after the kill")
    if target.exists():
        complete_copy(target, ctx["expected"], problems, "the backup")
    elif not killed:
        problems.append(f"the unkilled backup exited {code} and wrote nothing: {err[-300:]}")
    rerun = run_kith(["backup", "-o", str(target)], db, check=False)
    if rerun.returncode != 0:
        problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
    complete_copy(target, ctx["expected"], problems, "the rerun's backup")
    left = [p.name for p in out.glob(".kith-backup-*")]
    if left:
        problems.append(f"the rerun left what the killed run left: {left}")
    return delay, killed, problems


def setup_restore(work, rng):
    live = work / "live.db"
    make_demo(live, COPY_SIZE[0], seed="42")
    other = work / "other.db"
    make_demo(other, COPY_SIZE[0], seed="7")
    backup = work / "backup.db"
    run_kith(["backup", "-o", str(backup)], other)
    probe_dir = work / "probe"
    probe_dir.mkdir()
    probe = probe_dir / "kith.db"
    shutil.copy(live, probe)
    seconds = timed(["restore", str(backup), "--yes"], probe)
    shutil.rmtree(probe_dir)
    return {"live": live, "backup": backup, "seconds": seconds, "old": counts(live),
            "new": counts(backup)}


def trial_restore(ctx, work, rng):
    tdir = work / "t"
    shutil.rmtree(tdir, ignore_errors=True)
    tdir.mkdir()
    db = tdir / "kith.db"
    shutil.copy(ctx["live"], db)
    delay = rng.uniform(0, ctx["seconds"])
    killed, code, _, err = run_killed(["restore", str(ctx["backup"]), "--yes"], db, delay)
    problems = []
    sound(db, problems, "after the kill")
    now = counts(db)
    if now not in (ctx["old"], ctx["new"]):
        problems.append(f"neither the old nor the restored database: {now}")
    asides = sorted(tdir.glob("kith.db.before-restore-*"))
    for aside in asides:
        complete_copy(aside, ctx["old"], problems, "the kept-aside copy")
    if now == ctx["new"] and not asides:
        problems.append("restored without a kept-aside copy of the old database")
    if not killed and (code != 0 or now != ctx["new"]):
        problems.append(f"the unkilled restore exited {code}: {err[-300:]}")
    was = now
    rerun = run_kith(["restore", str(ctx["backup"]), "--yes"], db, check=False)
    if rerun.returncode != 0:
        problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
    sound(db, problems, "after the rerun")
    if counts(db) != ctx["new"]:
        problems.append(f"the rerun did not restore: {counts(db)}")
    newest = sorted(tdir.glob("kith.db.before-restore-*"), key=lambda p: p.stat().st_mtime)
    if not newest:
        problems.append("the rerun kept no copy aside")
    else:
        complete_copy(newest[-1], was, problems, "the rerun's kept-aside copy")
    left = [p.name for p in tdir.glob(".kith-restore-*")]
    if left:
        problems.append(f"the rerun left what the killed run left: {left}")
    return delay, killed, problems


# --- demo -------------------------------------------------------------------

DEMO_FIGURES = {
    "contacts": "SELECT count(*) FROM contact",
    "interactions": "SELECT count(*) FROM interaction",
    "follow_ups": "SELECT count(*) FROM follow_up",
    "campaigns": "SELECT count(*) FROM campaign",
    "recipients": "SELECT count(*) FROM campaign_recipient",
    "segments": "SELECT count(*) FROM segment",
    "goals": "SELECT count(*) FROM goal",
    "templates": "SELECT count(*) FROM template",
}


def demo_figures(db):
    """What every whole demo of one size holds. (Who gets which campaign
    variant depends on the contacts' random uids, so the campaign's sends
    and answers vary a little between runs: their counts are left out.)"""
    figures = {k: scalar(db, sql) for k, sql in DEMO_FIGURES.items()}
    figures["interactions"] = figures["interactions"] > int(DEMO[1])
    figures["recipients"] = figures["recipients"] > 0
    return figures


# A demo of this size takes a few seconds: kills land inside each of its
# transactions (contacts, interactions, segments, goals, outreach).
DEMO = ("5000", "50000")


def demo_args(db):
    return ["demo", "--db", str(db), "--contacts", DEMO[0], "--interactions", DEMO[1], "--no-tui"]


def setup_demo(work, rng):
    probe = work / "probe" / "kith.db"
    probe.parent.mkdir()
    seconds = timed(demo_args(probe), probe.with_name("unused.db"), timeout=3600)
    figures = demo_figures(probe)
    shutil.rmtree(probe.parent)
    return {"seconds": seconds, "figures": figures}


def trial_demo(ctx, work, rng):
    tdir = work / "t"
    shutil.rmtree(tdir, ignore_errors=True)
    tdir.mkdir()
    db = tdir / "kith.db"
    delay = rng.uniform(0, ctx["seconds"])
    unused = db.with_name("unused.db")
    killed, code, _, err = run_killed(demo_args(db), unused, delay)
    problems = []
    if db.exists():
        sound(db, problems, "after the kill")
        figures = demo_figures(db)
        if figures["contacts"] > 0 and figures != ctx["figures"]:
            problems.append(f"a half demo under the database's name: {figures}")
    if not killed and code != 0:
        problems.append(f"the unkilled demo exited {code}: {err[-300:]}")
    if killed:
        rerun = run_kith(demo_args(db), unused, check=False, timeout=3600)
        if rerun.returncode != 0:
            problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
    if not db.exists():
        problems.append("no database after the rerun")
        return delay, killed, problems
    sound(db, problems, "after the rerun")
    if demo_figures(db) != ctx["figures"]:
        problems.append(f"the rerun's demo differs: {demo_figures(db)} != {ctx['figures']}")
    return delay, killed, problems


# --- the driver -------------------------------------------------------------

SETUPS = {
    "import": (setup_import, trial_import,
               "kills during a 100k-row import into a database holding contacts"),
    "merge": (setup_merge, trial_merge, "kills during a merge of two contacts"),
    "undo": (setup_undo, trial_undo, "kills during an undo of a merge"),
    "backup": (setup_backup, trial_backup, "kills during a backup of {size} contacts"),
    "restore": (setup_restore, trial_restore,
                "kills during a restore of {size} contacts over {size} others"),
    "demo": (setup_demo, trial_demo, "kills during a 5k-contact / 50k-interaction demo generation"),
    "send": (setup_send, trial_send, "kills during a campaign send"),
}


def claim_line(kind, runs, failures, problems_seen):
    what = SETUPS[kind][2].format(size=f"{int(COPY_SIZE[0][0]) // 1000}k")
    corrupt = sum(1 for p in problems_seen if "integrity" in p or "kith check" in p)
    return (f"{runs} {what}, {corrupt} corrupt, {failures - corrupt if failures else 0} "
            f"other failures, {runs - failures} reruns finished")


def run_kind(kind, trials, seed, first=0, budget=None):
    """Runs `trials` trials of `kind` (fewer when `budget` seconds ran out:
    the line then says how many ran)."""
    setup, trial, _ = SETUPS[kind]
    started = time.monotonic()
    with workdir(f"crash-{kind}") as tmp:
        work = Path(tmp)
        ctx = setup(work, random.Random(seed))
        print(f"{kind}: an unkilled run takes {ctx['seconds']:.2f} s", flush=True)
        runs, failures, killed_count, seen = 0, 0, 0, []
        for i in range(first, first + trials):
            if budget is not None and time.monotonic() - started > budget:
                print(f"{kind}: out of time after {runs} trials", flush=True)
                break
            ctx["seconds"] = calibrated(ctx["seconds"])
            delay, killed, problems = trial(ctx, work, random.Random(seed * 1000 + i))
            runs += 1
            killed_count += killed
            if problems:
                failures += 1
                seen.extend(problems)
                print(f"  trial {i} (kill after {delay:.3f} s; again: --only {kind} "
                      f"--seed {seed} --first {i} --trials 1): " + " | ".join(problems),
                      flush=True)
            elif runs % 10 == 0:
                print(f"{kind}: {runs} trials, {failures} failed", flush=True)
    elapsed = time.monotonic() - started
    claim = claim_line(kind, runs, failures, seen)
    claim += f" ({killed_count} killed before their end)"
    reproduce = (f"python3 tests/reliability/crash_trials.py --only {kind} "
                 f"--trials {runs} --seed {seed}")
    if kind in ("backup", "restore") and COPY_SIZE[0] != MID:
        reproduce += " --copy-size small"
    return report(f"crash: {kind}", runs, failures, claim, reproduce, elapsed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--only", default=",".join(KINDS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=0,
                        help="the number of the first trial (to rerun one that failed)")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="start no new trial of a kind after this long (its line "
                             "then counts the trials that ran)")
    parser.add_argument("--copy-size", choices=sorted(COPY_SIZES), default="mid",
                        help="the databases backup and restore copy: mid (20k contacts, "
                             "the default) or small (2k)")
    args = parser.parse_args()
    COPY_SIZE[0] = COPY_SIZES[args.copy_size]
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in SETUPS]
    if unknown:
        parser.error(f"unknown kind {unknown}; choose from {', '.join(KINDS)}")
    ok = True
    for kind in kinds:
        budget = args.max_minutes * 60 if args.max_minutes else None
        ok = run_kind(kind, args.trials, args.seed, args.first, budget) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
