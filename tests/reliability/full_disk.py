#!/usr/bin/env python3
"""A full disk and a read-only database: kith must fail with a clear error,
lose nothing and leave the file as it was.

    sudo python3 tests/reliability/full_disk.py [--repeat N (default 20)] [--seed S]

Needs root (it mounts a small tmpfs, and remounts it read-only); exits 2
otherwise. Each attempt fills the tmpfs to a different level first, then:
(a) imports a CSV bigger than the space left into a database on it;
(b) backs a database elsewhere up onto the full tmpfs, and a database on the
full tmpfs up beside itself; (c) with the tmpfs remounted read-only, tries
`add`, `log`, `import` and `edit` on a database there. Each must exit
non-zero naming the problem ("full" / "read-only"), leave no backup under
its final name, and leave the database's logical content (a hash of its SQL
dump) and integrity as they were. One result line per case; exit 1 if any
attempt failed.
"""

import argparse
import csv
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import integrity, report, run_kith, workdir  # noqa: E402

TMPFS_BYTES = 8 << 20
IMPORT_ROWS = 30_000


def dump_hash(db):
    """A hash of the database's logical content (its SQL dump)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


def write_csv(path, rows, seed):
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["First Name", "Last Name", "E-mail 1 - Value", "Organization Name",
                      "Notes"])
        for i in range(rows):
            out.writerow([f"Given{i}", f"Family{rng.randrange(10**6)}",
                          f"person{i}@full-disk.example", f"Org {rng.randrange(500)}",
                          "x" * rng.randrange(20, 200)])


def mount_tmpfs(where, size):
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                    str(where)], check=True)


def umount(where):
    subprocess.run(["umount", str(where)], check=False)


def fill(mount, leave, name="filler"):
    """Fills the tmpfs until about `leave` bytes are free."""
    filler = mount / name
    free = shutil.disk_usage(mount).free
    chunk = max(0, free - leave)
    with open(filler, "wb") as f:
        while chunk > 0:
            n = min(chunk, 1 << 20)
            try:
                f.write(b"\0" * n)
                f.flush()
            except OSError:
                break
            chunk -= n
    return filler


def verdict(done, words, db, before, problems, what):
    """The run failed with a clear error naming one of `words`, and `db`
    holds what it held."""
    err = done.stderr.lower()
    if done.returncode == 0:
        problems.append(f"{what}: exited 0")
    elif not any(w in err for w in words) or any(w in err for w in UNCLEAR):
        problems.append(f"{what}: unclear error {done.stderr.strip()[:200]!r}")
    if "panicked" in err:
        problems.append(f"{what}: a panic: {done.stderr.strip()[:200]!r}")
    check = integrity(db)
    if check != "ok":
        problems.append(f"{what}: integrity {check[:100]}")
    if dump_hash(db) != before:
        problems.append(f"{what}: the database changed")


FULL_WORDS = ("disk is full", "disk holding", "no space")
# SQLite's own words passed on as an internal error, or a wrong diagnosis.
UNCLEAR = ("database error:", "not a kith database", "disk i/o error")
READ_ONLY_WORDS = ("read-only", "read only")


def make_db(db, rows, seed):
    """A database with `rows` imported contacts and one interaction."""
    source = db.parent / f"seed-{seed}.csv"
    write_csv(source, rows, seed)
    run_kith(["import", str(source)], db)
    run_kith(["log", "person0@full-disk.example", "call", "seeded"], db)
    run_kith(["list"], db)  # whatever a first command of the day records
    source.unlink()


def case_import(work, mount, leave, seed):
    db = mount / "kith.db"
    make_db(db, 200, seed)
    big = work / "big.csv"
    if not big.exists():
        write_csv(big, IMPORT_ROWS, 99)
    before = dump_hash(db)
    filler = fill(mount, leave)
    problems = []
    done = run_kith(["import", str(big)], db, check=False)
    verdict(done, FULL_WORDS, db, before, problems, f"import with {leave} bytes free")
    filler.unlink()
    return problems


def case_backup(work, mount, leave, seed):
    problems = []
    # A database elsewhere, backed up onto the full tmpfs.
    elsewhere = work / "elsewhere" / "kith.db"
    elsewhere.parent.mkdir(exist_ok=True)
    if not elsewhere.exists():
        make_db(elsewhere, 20_000, 7)
    before = dump_hash(elsewhere)
    filler = fill(mount, leave)
    target = mount / "backup.db"
    done = run_kith(["backup", "-o", str(target)], elsewhere, check=False)
    verdict(done, FULL_WORDS, elsewhere, before, problems, f"backup onto {leave} bytes free")
    if target.exists():
        problems.append(f"a backup under its final name with {leave} bytes free")
    filler.unlink()
    # A database on the tmpfs, backed up beside itself (backups/).
    db = mount / "kith.db"
    make_db(db, 1_000, seed)
    before = dump_hash(db)
    filler = fill(mount, leave)
    done = run_kith(["backup"], db, check=False)
    verdict(done, FULL_WORDS, db, before, problems, f"backup beside with {leave} bytes free")
    finals = list((mount / "backups").glob("kith-*.db")) if (mount / "backups").exists() else []
    if finals:
        problems.append(f"a backup under its final name: {finals[0].name}")
    left = [p.name for p in mount.rglob(".kith-*")]
    if left:
        problems.append(f"temporary files left behind: {left[:3]}")
    filler.unlink()
    return problems


def case_read_only(work, mount, leave, seed):
    db = mount / "kith.db"
    make_db(db, 200, seed)
    source = work / "few.csv"
    write_csv(source, 20, seed + 1)
    before = dump_hash(db)
    problems = []
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    try:
        attempts = [
            ["add", "New Person", "--email", "new@full-disk.example"],
            ["log", "person0@full-disk.example", "note", "on a read-only file"],
            ["import", str(source)],
            ["edit", "person1@full-disk.example", "--org", "Elsewhere"],
        ]
        for args in attempts:
            done = run_kith(args, db, check=False)
            verdict(done, READ_ONLY_WORDS, db, before, problems, f"{args[0]} on a read-only mount")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
    return problems


CASES = {
    "import": (case_import, "imports of a 30k-row CSV into a database on a full disk"),
    "backup": (case_backup, "backups onto a full disk (database elsewhere and beside)"),
    "read-only": (case_read_only, "add/log/import/edit attempts on a read-only database"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default=",".join(CASES))
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("full_disk.py needs root: it mounts a small tmpfs (run it with sudo)",
              file=sys.stderr)
        sys.exit(2)
    rng = random.Random(args.seed)
    ok = True
    with workdir("full-disk") as tmp:
        work = Path(tmp)
        mount = work / "small"
        for name in [c.strip() for c in args.only.split(",") if c.strip()]:
            case, claim = CASES[name]
            started = time.monotonic()
            failures = 0
            for i in range(args.repeat):
                # Fill levels from nothing left to half a megabyte.
                leave = rng.choice([0, 4096, 32768, 131072, 524288]) + rng.randrange(4096)
                mount_tmpfs(mount, TMPFS_BYTES)
                try:
                    problems = case(work, mount, leave, args.seed * 1000 + i)
                finally:
                    umount(mount)
                if problems:
                    failures += 1
                    print(f"  {name} attempt {i} ({leave} bytes free): " + " | ".join(problems),
                          flush=True)
            line = f"{args.repeat} {claim}, {failures} with an unclear error, a change or a " \
                   f"partial backup"
            ok = report(f"full disk: {name}", args.repeat, failures, line,
                        f"sudo python3 tests/reliability/full_disk.py --only {name} "
                        f"--repeat {args.repeat} --seed {args.seed}",
                        time.monotonic() - started) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
