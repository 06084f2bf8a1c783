"""Pieces the crash trials share (python 3 standard library only): a run of
kith killed after a delay, soundness checks, counts, demo databases."""

import signal
import subprocess
import time

from common import integrity, kith_binary, kith_env, run_kith, scalar

# A small demo for merges, undo and sending; a mid-sized one for backup,
# restore and demo generation.
SMALL = ("2000", "20000")
MID = ("20000", "200000")


# How long the runs that ended before their kill took, newest last: the
# trials draw their delays from these, so kills keep landing inside the run
# when the machine gets faster or slower than when it was first timed.
UNKILLED = []


def calibrated(seconds):
    """The span to draw the next kill from: the longest of the last five runs
    that ended before their kill, else the first timing."""
    return max(UNKILLED[-5:]) if UNKILLED else seconds


def run_killed(args, db, delay, **env):
    """Starts kith, SIGKILLs it after `delay` seconds unless it ended first.
    Returns (killed, returncode, stdout, stderr)."""
    proc = subprocess.Popen(
        [kith_binary(), *args],
        env=kith_env(db, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    try:
        proc.wait(timeout=delay)
        killed = False
        UNKILLED.append(time.monotonic() - started)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        killed = True
    out, err = proc.communicate()
    return killed, proc.returncode, out, err


def timed(args, db, **env):
    started = time.monotonic()
    run_kith(args, db, **env)
    return time.monotonic() - started


def sound(db, problems, when):
    """integrity_check ok and `kith check` clean, else a problem is noted."""
    verdict = integrity(db)
    if verdict != "ok":
        problems.append(f"{when}: integrity_check: {verdict[:200]}")
        return
    done = run_kith(["check", "--json"], db, check=False)
    if done.returncode != 0 or '"findings": []' not in done.stdout:
        problems.append(f"{when}: kith check: {done.stdout[-400:]} {done.stderr[-300:]}")


def counts(db):
    """The figures a half-done command would leave inconsistent."""
    return {
        "contacts": scalar(db, "SELECT count(*) FROM contact"),
        "interactions": scalar(db, "SELECT count(*) FROM interaction"),
        "follow_ups": scalar(db, "SELECT count(*) FROM follow_up"),
        "uids": scalar(db, "SELECT coalesce(min(uid), '') || max(uid) FROM contact"),
    }


def make_demo(path, size, seed="42"):
    run_kith(
        ["demo", "--db", str(path), "--contacts", size[0], "--interactions", size[1],
         "--seed", seed, "--no-tui"],
        # Not KITH_DB's path: kith demo never writes into the database KITH_DB names.
        path.with_name("unused.db"),
        timeout=3600,
    )
