#!/usr/bin/env python3
"""Compares the verdict counts of `dengbao export --format csv` with `dengbao status --json`.

    check-csv.py EXPORT.csv STATUS.json

Counts the rows of the MLPS scope (coverage = mlps) per verdict and compares them with
status's progress.by_verdict (and the sector profile's rows with profile.progress when
there is one). Exit 1 when a count differs.
"""

import csv
import json
import sys
from collections import Counter


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(sys.argv[2], encoding="utf-8") as f:
        status = json.load(f)
    counts = {c: Counter(r["verdict"] for r in rows if r["coverage"] == c) for c in ("mlps", "profile")}
    wanted = {"mlps": status["progress"]["by_verdict"]}
    if status.get("profile"):
        wanted["profile"] = status["profile"]["progress"]["by_verdict"]
    bad = 0
    for scope, by_verdict in wanted.items():
        for verdict, n in by_verdict.items():
            got = counts[scope].get(verdict, 0)
            if got != n:
                print(f"{scope} {verdict}: csv {got}, status {n}", file=sys.stderr)
                bad += 1
    print(f"{sys.argv[1]}: {len(rows)} rows, {bad} counts differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
