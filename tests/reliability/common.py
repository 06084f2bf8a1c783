"""Shared pieces of kith's reliability scripts (python 3 standard library only).

Every script here runs the real release binary on databases in a temporary
folder, prints one line per trial in the form of SQLite's own claims, and
exits 1 if any trial failed. `KITH_BIN` names the binary; without it the
scripts build `target/release/kith` first. `KITH_RELIABILITY_OUT` names a
file that collects one JSON line per result (docs/reliability.md's table is
made from it).
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# A fixed "now" so every run sees the same calendar, as the CLI tests do.
KITH_NOW = "2026-11-23 09:00"


def kith_binary():
    """The release binary: $KITH_BIN, else target/release/kith, built if missing."""
    named = os.environ.get("KITH_BIN")
    if named:
        return str(Path(named).resolve())
    binary = REPO / "target" / "release" / "kith"
    if not binary.exists():
        print("building target/release/kith …", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True)
    return str(binary)


def kith_env(db, **extra):
    """The environment a kith run gets: its own database, a fixed now, and the
    config of `config_dir(db)` (none unless the script writes one)."""
    env = dict(os.environ)
    env.update(
        {
            "KITH_DB": str(db),
            "KITH_NOW": KITH_NOW,
            "NO_COLOR": "1",
            "TZ": "UTC",
            "XDG_CONFIG_HOME": str(Path(db).parent / "config"),
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def config_dir(db):
    """Where kith run by `run_kith(…, db)` reads its config.toml (created here)."""
    folder = Path(db).parent / "config" / "kith"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_kith(args, db, check=True, timeout=600, stdin=None, **env):
    """Runs kith to its end; returns the CompletedProcess (text)."""
    done = subprocess.run(
        [kith_binary(), *args],
        env=kith_env(db, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
    )
    if check and done.returncode != 0:
        raise RuntimeError(
            f"kith {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"
        )
    return done


def integrity(db):
    """PRAGMA integrity_check's answer ("ok" when the file is sound)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(r[0] for r in rows)
    finally:
        conn.close()


def query(db, sql, params=()):
    """Rows of one read-only query."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def scalar(db, sql, params=()):
    return query(db, sql, params)[0][0]


def workdir(name):
    """A fresh temporary folder for one script, removed by the caller's `with`."""
    return tempfile.TemporaryDirectory(prefix=f"kith-{name}-")


def report(trial, runs, failures, claim, reproduce, seconds=None):
    """Prints one result in SQLite's form and appends it to $KITH_RELIABILITY_OUT."""
    status = "ok" if failures == 0 else "FAILED"
    line = f"[{status}] {trial}: {claim} ({runs} runs, {failures} failures)"
    if seconds is not None:
        line += f" in {seconds:.0f} s"
    print(line, flush=True)
    out = os.environ.get("KITH_RELIABILITY_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(
                json.dumps(
                    {
                        "trial": trial,
                        "runs": runs,
                        "failures": failures,
                        "claim": claim,
                        "reproduce": reproduce,
                        "seconds": seconds,
                        "when": time.strftime("%Y-%m-%d"),
                    }
                )
                + "\n"
            )
    return failures == 0
