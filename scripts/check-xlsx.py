#!/usr/bin/env python3
"""Checks a workbook written by `dengbao export --format xlsx`, or fills one in.

    check-xlsx.py check BOOK.xlsx
        sheet names (概况 first, 问题 and 证据 last, each at most 31 characters without
        []:*?/\\), the object line and the header of row 2 on each object sheet, verdict
        texts, numeric weights, the hidden revision column; exit 1 on any problem.
    check-xlsx.py fill BOOK.xlsx OUT.xlsx [--verdict 符合] [--record TEXT]
        writes 结果记录 and 符合情况 on every item row of every object sheet (what an
        evaluator does in Excel), for a round trip through `dengbao import --workbook`.

Needs openpyxl (pip install openpyxl).
"""

import argparse
import sys

import openpyxl

HEADER = ["编号", "扩展标准", "控制点", "测评项", "结果记录", "符合情况", "分值", "修订"]
VERDICTS = {"符合", "部分符合", "不符合", "不适用", "未测评"}
OTHER_SHEETS = {"概况", "问题", "证据"}
BAD_CHARS = set('[]:*?/\\')


def object_sheets(book):
    return [ws for ws in book.worksheets if ws.title not in OTHER_SHEETS]


def check(path):
    problems = []
    book = openpyxl.load_workbook(path)
    names = book.sheetnames
    if names[:1] != ["概况"] or names[-2:] != ["问题", "证据"]:
        problems.append(f"sheet order {names}")
    for name in names:
        if len(name) > 31 or BAD_CHARS & set(name):
            problems.append(f"sheet name {name!r}")
    summary = book["概况"]
    if summary["A1"].value != "系统名称" or not summary["B1"].value:
        problems.append("概况: no system name in A1:B1")
    sheets = object_sheets(book)
    if not sheets:
        problems.append("no object sheet")
    rows = 0
    for ws in sheets:
        line = str(ws["A1"].value or "")
        if not (line.startswith("项目：") and "资产：" in line and "标准：GB/T 22239-2019" in line):
            problems.append(f"sheet {ws.title}: object line {line!r}")
        header = [ws.cell(row=2, column=c).value for c in range(1, 9)]
        if header != HEADER:
            problems.append(f"sheet {ws.title}: header {header}")
        if not ws.column_dimensions["H"].hidden:
            problems.append(f"sheet {ws.title}: the revision column H is not hidden")
        if ws.freeze_panes != "A3":
            problems.append(f"sheet {ws.title}: frozen at {ws.freeze_panes}, not A3")
        for r in range(3, ws.max_row + 1):
            item, verdict, weight = ws.cell(r, 1).value, ws.cell(r, 6).value, ws.cell(r, 7).value
            if not item:
                continue
            rows += 1
            if verdict not in VERDICTS:
                problems.append(f"sheet {ws.title} row {r}: verdict {verdict!r}")
            if not isinstance(weight, (int, float)):
                problems.append(f"sheet {ws.title} row {r}: weight {weight!r}")
            if not any("\u4e00" <= ch <= "\u9fff" for ch in str(ws.cell(r, 4).value or "")):
                problems.append(f"sheet {ws.title} row {r}: 测评项 has no Chinese text")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{path}: {len(sheets)} object sheets, {rows} item rows, {len(problems)} problems")
    return 1 if problems else 0


def fill(path, out, verdict, record):
    book = openpyxl.load_workbook(path)
    n = 0
    for ws in object_sheets(book):
        for r in range(3, ws.max_row + 1):
            if ws.cell(r, 1).value:
                ws.cell(r, 5).value = f"{record} {n}"
                ws.cell(r, 6).value = verdict
                n += 1
    book.save(out)
    print(f"filled {n} rows into {out}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("book")
    f = sub.add_parser("fill")
    f.add_argument("book")
    f.add_argument("out")
    f.add_argument("--verdict", default="符合")
    f.add_argument("--record", default="经核查，已落实")
    a = ap.parse_args()
    if a.cmd == "check":
        return check(a.book)
    return fill(a.book, a.out, a.verdict, a.record)


if __name__ == "__main__":
    sys.exit(main())
