#!/usr/bin/env python3
"""Concurrency trial: cron, the TUI and many writers on one database at once.

Each run, on a copy of a small demo database plus one known contact:
- `kith remind` runs every second, as cron would;
- the TUI is open on the same file in a pseudo-terminal, showing the known
  contact's timeline;
- `--logs` `kith log CONTACT call "…"` commands are spread over `--procs`
  writers, each running its share one after another as fast as it can;
- midway, `kith add "Zed Concurrent"` runs from the shell.

Checked: no "database is locked"/busy message anywhere, no non-zero exit,
every logged interaction present exactly once, integrity ok, and the open
TUI shows the new rows (its timeline count moves during the run and reaches
the total; the contact added from the shell is found in its list) without a
restart.

    python3 tests/reliability/concurrency.py [--runs 5] [--logs 1000] [--procs 8]
"""

import argparse
from collections import Counter
import re
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    integrity,
    kith_binary,
    query,
    report,
    run_kith,
    workdir,
)
from pty_screen import PtyApp  # noqa: E402

KNOWN = "Quincy Known"
KNOWN_EMAIL = "quincy.known@kith.test"
ADDED = "Zed Concurrent"
BUSY_WORDS = ("locked", "busy")
# What the TUI says when a read or write could not get the database.
TUI_BUSY_WORDS = ("database is locked", "database is busy", "waiting for the database")


def busy_in(text):
    lowered = text.lower()
    return any(word in lowered for word in BUSY_WORDS)


class Tally:
    """What every process of a run reported, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failures = []  # (who, exit code, stderr)
        self.busy = []  # (who, stderr)
        self.remind_runs = 0
        self.logs_done = 0

    def record(self, who, done):
        with self.lock:
            if done.returncode != 0:
                self.failures.append((who, done.returncode, done.stderr.strip()))
            if busy_in(done.stderr):
                self.busy.append((who, done.stderr.strip()))


def message(run, n):
    return f"concurrency run {run} msg {n}"


def writer(db, run, numbers, tally):
    for n in numbers:
        done = run_kith(["log", KNOWN, "call", message(run, n)], db, check=False)
        tally.record(f"log {n}", done)
        with tally.lock:
            tally.logs_done += 1


def cron(db, stop, tally):
    """`kith remind` once a second until `stop` is set."""
    while not stop.is_set():
        started = time.monotonic()
        done = run_kith(["remind"], db, check=False)
        tally.record("remind", done)
        with tally.lock:
            tally.remind_runs += 1
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def logged_on_screen(tui, run):
    """The numbers of this run's messages the screen shows now."""
    return frozenset(int(m) for m in re.findall(rf"run {run} msg (\d+)", tui.text()))


def open_known_contact(tui):
    tui.wait_for("┌ Contacts")
    tui.send("/quincy known")
    tui.wait_for("1 of")
    tui.send("\r")
    tui.wait_for("Timeline (0)")


def one_run(db, run, logs, procs, counts):
    """One trial; returns a list of what went wrong (empty: all good), and
    adds each kind of failure to `counts`."""
    problems = []
    tally = Tally()
    tui = PtyApp([kith_binary(), "tui"], db)
    try:
        open_known_contact(tui)
        stop = threading.Event()
        cron_thread = threading.Thread(target=cron, args=(db, stop, tally))
        cron_thread.start()
        shares = [range(i, logs, procs) for i in range(procs)]
        writers = [
            threading.Thread(target=writer, args=(db, run, share, tally))
            for share in shares
        ]
        writes_started = time.monotonic()
        for w in writers:
            w.start()
        # Each distinct set of this run's messages on screen is one refresh seen.
        refreshes = set()
        added = False
        while any(w.is_alive() for w in writers):
            refreshes.add(logged_on_screen(tui, run))
            if not added and tally.logs_done >= logs // 3:
                tally.record("add", run_kith(["add", ADDED], db, check=False))
                added = True
            time.sleep(0.1)
        for w in writers:
            w.join()
        if not added:
            tally.record("add", run_kith(["add", ADDED], db, check=False))
        writing = time.monotonic() - writes_started
        refreshes.discard(frozenset())
        # The TUI looks every 1.5 s when idle: writes lasting several of
        # those must show up while they go on.
        if not refreshes and writing > 5:
            problems.append("the TUI showed none of the new rows while they were written")
            counts["stale TUI"] += 1
        # The idle look (every 1.5 s) must bring the last row in.
        last = newest_message(db)
        if not tui.wait_for(last, timeout=20, fail=False):
            problems.append(f"the TUI never showed the last row written, {last!r}")
            counts["stale TUI"] += 1
        stop.set()
        cron_thread.join()
        # Back to the list, and search for the contact added from the shell.
        tui.send("\x1b")
        time.sleep(0.3)
        tui.send("\x1b")
        time.sleep(0.3)
        tui.send("/zed conc")
        if not tui.wait_for(ADDED, timeout=20, fail=False):
            problems.append(f"{ADDED} never appeared in the open TUI")
            counts["stale TUI"] += 1
        tui.send("\x1b")
        time.sleep(0.3)
        tui.send("q")
        code = tui.wait_exit(timeout=20)
        if code != 0:
            problems.append(f"the TUI exited {code}")
            counts["failed"] += 1
        shown = tui.all_text().lower()
        for words in TUI_BUSY_WORDS:
            if words in shown:
                problems.append(f"the TUI showed {words!r}")
                counts["busy"] += 1
    finally:
        tui.close()

    problems += [f"{who} exited {code}: {err}" for who, code, err in tally.failures]
    problems += [f"{who} said: {err}" for who, err in tally.busy]
    counts["failed"] += len(tally.failures)
    counts["busy"] += len(tally.busy)
    row_problems, lost, doubled = check_rows(db, run, logs)
    problems += row_problems
    counts["lost"] += lost
    counts["doubled"] += doubled
    check = integrity(db)
    if check != "ok":
        problems.append(f"integrity_check: {check}")
        counts["corrupt"] += 1
    return problems, tally.remind_runs, len(refreshes)


def newest_message(db):
    """The summary of the last interaction stored on the known contact."""
    return query(
        db,
        "SELECT i.summary FROM interaction i JOIN contact c ON c.id = i.contact_id "
        "WHERE c.display_name = ? ORDER BY i.id DESC LIMIT 1",
        (KNOWN,),
    )[0][0]


def check_rows(db, run, logs):
    """Every logged message present exactly once, on the known contact."""
    rows = query(
        db,
        "SELECT i.summary, count(*) FROM interaction i JOIN contact c ON c.id = i.contact_id "
        "WHERE c.display_name = ? AND i.summary LIKE ? GROUP BY i.summary",
        (KNOWN, f"concurrency run {run} msg %"),
    )
    found = dict(rows)
    lost = [n for n in range(logs) if message(run, n) not in found]
    doubled = [s for s, count in found.items() if count != 1]
    problems = []
    if lost:
        problems.append(f"{len(lost)} logged interactions missing, e.g. {lost[:5]}")
    if doubled:
        problems.append(f"{len(doubled)} interactions stored more than once")
    added = query(db, "SELECT count(*) FROM contact WHERE display_name = ?", (ADDED,))[0][0]
    if added != 1:
        problems.append(f"{ADDED} stored {added} times")
    return problems, len(lost), len(doubled)


def seed_database(folder):
    """A small demo plus the known contact, made once and copied per run."""
    seed = folder / "seed" / "kith.db"
    seed.parent.mkdir(parents=True)
    run_kith(["demo", "--db", str(seed), "--contacts", "300", "--interactions", "3000",
              "--no-tui"], seed)
    run_kith(["add", KNOWN, "--email", KNOWN_EMAIL], seed)
    # A follow-up due today, so cron's remind has something to report.
    run_kith(["follow-up", KNOWN_EMAIL, "today", "call back"], seed)
    return seed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--procs", type=int, default=8)
    args = parser.parse_args()
    kith_binary()
    started = time.monotonic()
    failed_runs = 0
    counts = Counter()
    reminds = 0
    with workdir("concurrency") as tmp:
        folder = Path(tmp)
        seed = seed_database(folder)
        for run in range(args.runs):
            db = folder / f"run{run}" / "kith.db"
            db.parent.mkdir()
            shutil.copy(seed, db)
            run_started = time.monotonic()
            problems, remind_runs, moves = one_run(db, run, args.logs, args.procs, counts)
            reminds += remind_runs
            status = "ok" if not problems else "FAILED"
            print(
                f"run {run + 1}/{args.runs}: {status}, {args.logs} logs, {remind_runs} reminds, "
                f"{moves} TUI refreshes seen during the run, {time.monotonic() - run_started:.0f} s",
                flush=True,
            )
            for p in problems[:20]:
                print(f"  {p}", flush=True)
            if problems:
                failed_runs += 1
            shutil.rmtree(db.parent)
    total = args.runs * args.logs
    claim = (
        f"{total} kith log from {args.procs} processes, cron's remind ({reminds} runs) and "
        f"the TUI open: {counts['busy']} locked/busy errors, {counts['failed']} failed "
        f"commands, {counts['lost']} lost and {counts['doubled']} doubled writes, "
        f"{counts['corrupt']} corrupt, {counts['stale TUI']} TUI refreshes missed"
    )
    ok = report(
        "concurrency",
        args.runs,
        failed_runs,
        claim,
        f"python3 tests/reliability/concurrency.py --runs {args.runs} --logs {args.logs} "
        f"--procs {args.procs}",
        time.monotonic() - started,
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
