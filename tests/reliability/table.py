"""Turns the JSON lines the reliability scripts append to $KITH_RELIABILITY_OUT
into the markdown table of docs/reliability.md.

    python3 tests/reliability/table.py results.jsonl
"""

import json
import sys


def main(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    print("| trial | runs | failures | claim | reproduce |")
    print("|---|---:|---:|---|---|")
    for r in rows:
        claim = r["claim"].replace("|", "\\|")
        reproduce = r["reproduce"].replace("|", "\\|")
        print(f"| {r['trial']} | {r['runs']:,} | {r['failures']} | {claim} | `{reproduce}` |")
    failed = sum(1 for r in rows if r["failures"])
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
