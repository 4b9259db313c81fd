#!/usr/bin/env python3
"""Reads a Word copy of a report (`dengbao report --docx`) with python-docx, an
implementation independent of the one that wrote it, and checks what a reviewer opening it
in Word relies on: every paragraph has a style, the chapters are headings (Word's
navigation pane and table of contents use them), the tables are there, and the
conclusion's compliance rate is the one `dengbao status --json` reports.

Usage: check-docx.py REPORT.docx STATUS.json
"""
import json
import sys

import docx


def main(path, status_path):
    d = docx.Document(path)
    status = json.load(open(status_path, encoding="utf-8"))
    problems = []
    unstyled = [p.text[:40] for p in d.paragraphs if p.style is None]
    if unstyled:
        problems.append(f"{len(unstyled)} paragraphs without a style, e.g. {unstyled[0]!r}")
    headings = [p.text for p in d.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    for chapter in ["1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 "]:
        if not any(h.startswith(chapter) for h in headings):
            problems.append(f"no chapter heading starting {chapter.strip()!r} in {headings}")
    appendices = [h for h in headings if h.startswith("附录") or h.startswith("Appendix")]
    if len(appendices) < 7:
        problems.append(f"{len(appendices)} appendices as headings, expected A–G: {appendices}")
    if len(d.tables) < 10:
        problems.append(f"only {len(d.tables)} tables")
    rate = status.get("compliance_rate")
    if rate is not None:
        shown = f"{rate:.2f}"
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        if not any(shown in c for c in cells):
            problems.append(f"the compliance rate {shown} is in no table")
    if not any("\u4e00" <= ch <= "\u9fff" for p in d.paragraphs for ch in p.text):
        problems.append("no Chinese text")
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path}: {len(d.paragraphs)} paragraphs, {len(headings)} chapters and appendices, {len(d.tables)} tables: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
