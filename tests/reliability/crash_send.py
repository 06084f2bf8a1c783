"""Crash trials of campaign sending (see crash_trials.py): a stand-in for
sendmail records every message it is handed, and each Message-ID must be
delivered once in the end."""

import shutil

from common import config_dir, query, run_kith
from crash_helpers import SMALL, make_demo, run_killed, sound, timed


# The stand-in for sendmail: records each message's Message-ID, flushed to
# disk before it reports success (two processes per message, so kills land
# while a message is in flight as well as between messages).
STAND_IN = """#!/bin/sh
awk 'found == 0 && tolower($0) ~ /^message-id:/ {
       sub(/^[^:]*:[ \\t]*/, ""); sub(/\\r$/, ""); print; found = 1 }' >> "$CRASH_SEND_LOG"
sync "$CRASH_SEND_LOG"
"""
CAMPAIGN = "crash-trial"


def setup_send(work, rng):
    base = work / "base.db"
    make_demo(base, SMALL)
    stand_in = work / "stand-in.sh"
    stand_in.write_text(STAND_IN, encoding="utf-8")
    stand_in.chmod(0o700)
    (config_dir(base) / "config.toml").write_text(
        '[outreach]\nfrom = "Crash Trial <trial@example.com>"\n'
        f'send_command = "sh {stand_in}"\n',
        encoding="utf-8",
    )
    run_kith(["campaign", "new", CAMPAIGN, "--where", "tag:client", "--template",
              "renewal-plain"], base)
    expected = sorted(r[0] for r in query(base, """
        SELECT r.message_id FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id
        WHERE c.name = ? AND r.state = 'pending'""", (CAMPAIGN,)))
    probe = work / "probe.db"
    shutil.copy(base, probe)
    log = work / "probe.log"
    seconds = timed(["campaign", "send", CAMPAIGN], probe, CRASH_SEND_LOG=log)
    return {"base": base, "seconds": seconds, "expected": expected}


def recipients(db):
    return dict(query(db, """
        SELECT r.message_id, r.state FROM campaign_recipient r
        JOIN campaign c ON c.id = r.campaign_id
        WHERE c.name = ? AND r.state != 'skipped'""", (CAMPAIGN,)))


def delivered(log):
    if not log.exists():
        return []
    return [line.strip().strip("<>") for line in log.read_text().splitlines() if line.strip()]


def norm(message_id):
    return (message_id or "").strip().strip("<>")


def send_check(db, log, expected, problems, when):
    """Each Message-ID delivered at most once, and only those claimed."""
    got = delivered(log)
    states = {norm(k): v for k, v in recipients(db).items()}
    twice = {m for m in got if got.count(m) > 1}
    if twice:
        problems.append(f"{when}: delivered twice: {sorted(twice)[:3]}")
    for m in got:
        if states.get(m) not in ("sent", "sending"):
            problems.append(f"{when}: {m} delivered but {states.get(m)}")
    sent_missing = [m for m, s in states.items() if s == "sent" and m not in got]
    if sent_missing:
        problems.append(f"{when}: marked sent, never delivered: {sent_missing[:3]}")
    return got, states


def trial_send(ctx, work, rng):
    db = work / "t.db"
    for p in work.glob("t.db*"):
        p.unlink()
    shutil.copy(ctx["base"], db)
    log = work / "t.log"
    log.unlink(missing_ok=True)
    expected = {norm(m) for m in ctx["expected"]}
    delay = rng.uniform(0, ctx["seconds"])
    args = ["campaign", "send", CAMPAIGN]
    killed, code, _, err = run_killed(args, db, delay, CRASH_SEND_LOG=log)
    problems = []
    sound(db, problems, "after the kill")
    _, states = send_check(db, log, expected, problems, "after the kill")
    uncertain = [m for m, s in states.items() if s == "sending"]
    if len(uncertain) > 1:
        problems.append(f"{len(uncertain)} uncertain rows; one message is in flight at a time")
    if not killed and code != 0:
        problems.append(f"the unkilled send exited {code}: {err[-300:]}")
    rerun = run_kith(args, db, check=False, CRASH_SEND_LOG=log)
    if rerun.returncode != 0:
        problems.append(f"the rerun failed: {rerun.stderr[-300:]}")
    got, states = send_check(db, log, expected, problems, "after the rerun")
    still = [m for m, s in states.items() if s == "sending"]
    if still != uncertain:
        problems.append(f"the rerun changed the uncertain rows: {uncertain} -> {still}")
    not_out = [m for m in still if m not in got]
    if not_out:
        # The user checked the sent folder: it did not go out, so resend it.
        again = run_kith([*args, "--resend-uncertain"], db, check=False, CRASH_SEND_LOG=log)
        if again.returncode != 0:
            problems.append(f"--resend-uncertain failed: {again.stderr[-300:]}")
        got, states = send_check(db, log, expected, problems, "after --resend-uncertain")
    sound(db, problems, "in the end")
    if sorted(got) != sorted(expected):
        missing = expected - set(got)
        problems.append(f"in the end {len(got)} delivered of {len(expected)}; missing "
                        f"{sorted(missing)[:3]}")
    return delay, killed, problems
