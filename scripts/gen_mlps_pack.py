#!/usr/bin/env python3
"""Builds checklists/gbt22239-2019.toml and checklists/high-risk-2025.toml.

The structure (ids, levels, categories, control points, clauses, item letters, S/A/G,
weights, equivalents, object kinds) comes from the reference table of the 346 level-2/3
items and the table of the 81 high-risk cases. Text is merged from content fragments when
a content folder is given; without one, text fields are left empty (never placeholder
prose) and `dengbao checklist lint` reports each item as incomplete.

usage: gen_mlps_pack.py ITEMS_CSV CASES_CSV OUT_DIR [--content DIR]

Content folder layout:
  items-*.toml        one table per item id: text, guidance, evidence_hints, methods,
                      applies_to, areas, and weight + weight_note where the table has none
  high-risk-map.toml  one table per general case id: judges = [item ids]
  high-risk-2025.toml the complete high-risk reference pack (copied as is when present)
"""

import argparse
import csv
import glob
import json
import os
import sys
import tomllib

CATEGORIES = [
    ("PES", "安全物理环境", "Physical environment security"),
    ("CNS", "安全通信网络", "Communication network security"),
    ("ABS", "安全区域边界", "Area boundary security"),
    ("CES", "安全计算环境", "Computing environment security"),
    ("SMC", "安全管理中心", "Security management center"),
    ("PSS", "安全管理制度", "Security policies and rules"),
    ("ORS", "安全管理机构", "Security organisation"),
    ("HRS", "安全管理人员", "Security personnel"),
    ("CMS", "安全建设管理", "Security construction management"),
    ("MMS", "安全运维管理", "Security operation and maintenance"),
]
ZH_TO_CODE = {zh: code for code, zh, _ in CATEGORIES}

CONTROL_POINT_EN = {
    "物理位置选择": "Site selection",
    "物理访问控制": "Physical access control",
    "防盗窃和防破坏": "Theft and vandalism protection",
    "防雷击": "Lightning protection",
    "防火": "Fire protection",
    "防水和防潮": "Water and moisture protection",
    "防静电": "Static electricity protection",
    "温湿度控制": "Temperature and humidity control",
    "电力供应": "Power supply",
    "电磁防护": "Electromagnetic protection",
    "网络架构": "Network architecture",
    "通信传输": "Communication transmission",
    "可信验证": "Trusted verification",
    "边界防护": "Boundary protection",
    "访问控制": "Access control",
    "入侵防范": "Intrusion prevention",
    "恶意代码防范": "Malicious code prevention",
    "恶意代码和垃圾邮件防范": "Malicious code and spam prevention",
    "安全审计": "Security audit",
    "身份鉴别": "Identification and authentication",
    "数据完整性": "Data integrity",
    "数据保密性": "Data confidentiality",
    "数据备份恢复": "Data backup and recovery",
    "剩余信息保护": "Residual information protection",
    "个人信息保护": "Personal information protection",
    "系统管理": "System administration",
    "审计管理": "Audit administration",
    "安全管理": "Security administration",
    "集中管控": "Centralised management and control",
    "安全策略": "Security strategy",
    "管理制度": "Management rules",
    "制定和发布": "Drafting and publication",
    "评审和修订": "Review and revision",
    "岗位设置": "Positions",
    "人员配备": "Staffing",
    "授权和审批": "Authorisation and approval",
    "沟通和合作": "Communication and cooperation",
    "审核和检查": "Audit and inspection",
    "人员录用": "Recruitment",
    "人员离岗": "Departure",
    "安全意识教育和培训": "Security awareness and training",
    "外部人员访问管理": "External personnel access",
    "定级和备案": "Grading and filing",
    "安全方案设计": "Security design",
    "产品采购和使用": "Product procurement and use",
    "自行软件开发": "In-house software development",
    "外包软件开发": "Outsourced software development",
    "工程实施": "Project implementation",
    "测试验收": "Testing and acceptance",
    "系统交付": "System delivery",
    "等级测评": "Level evaluation",
    "服务供应商选择": "Service supplier selection",
    "环境管理": "Environment management",
    "资产管理": "Asset management",
    "介质管理": "Media management",
    "设备维护管理": "Equipment maintenance",
    "漏洞和风险管理": "Vulnerability and risk management",
    "网络和系统安全管理": "Network and system security management",
    "恶意代码防范管理": "Malicious code prevention management",
    "配置管理": "Configuration management",
    "密码管理": "Cryptography management",
    "变更管理": "Change management",
    "备份与恢复管理": "Backup and recovery management",
    "安全事件处置": "Security incident handling",
    "应急预案管理": "Emergency plan management",
    "外包运维管理": "Outsourced operation and maintenance",
}

DEVICE_KINDS = ["network-device", "security-device", "server", "database",
                "middleware", "application", "terminal"]

# Default object kinds and areas per category, used when no content fragment says more.
CATEGORY_DEFAULTS = {
    "PES": (["machine-room"], ["datacenter"], ["interview", "examine"]),
    "CNS": (["network"], ["network"], ["interview", "examine"]),
    "ABS": (["boundary"], ["network"], ["interview", "examine", "test"]),
    "CES": (DEVICE_KINDS, ["datacenter"], ["interview", "examine", "test"]),
    "SMC": (["security-device"], ["datacenter", "network"], ["interview", "examine"]),
}
MANAGEMENT_DEFAULTS = (["management"], ["management"], ["interview", "examine"])


def kinds_from_test_objects(code, text):
    """Object kinds for an item, from the category and the GB/T 28448 test-object text."""
    if code in CATEGORY_DEFAULTS and code != "CES":
        return CATEGORY_DEFAULTS[code][0]
    if code != "CES":
        return MANAGEMENT_DEFAULTS[0]
    kinds = []
    rules = [
        ("network-device", ["网络设备", "路由器", "交换机"]),
        ("security-device", ["安全设备", "防火墙"]),
        ("server", ["服务器", "操作系统", "重要数据处理系统"]),
        ("database", ["数据库"]),
        ("middleware", ["中间件"]),
        ("application", ["业务应用系统"]),
        ("terminal", ["终端"]),
        ("data", ["数据"]),
    ]
    for kind, words in rules:
        if any(w in text for w in words) and not (kind == "data" and "数据库" in text and "数据" not in text.replace("数据库", "")):
            kinds.append(kind)
    return kinds or DEVICE_KINDS


def q(s):
    """A TOML basic string."""
    return json.dumps(s, ensure_ascii=False)


def q_multi(s):
    """A TOML multi-line basic string, or a basic string when it fits on one line."""
    if "\n" not in s:
        return q(s)
    body = s.strip("\n").replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""\n' + body + '"""'


def q_list(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def category_lines():
    lines = []
    for code, zh, en in CATEGORIES:
        lines += ["[[category]]", f"code = {q(code)}", f"name = {{ zh = {q(zh)}, en = {q(en)} }}", ""]
    return lines


def load_content(content_dir):
    items, judges = {}, {}
    if not content_dir:
        return items, judges
    for path in sorted(glob.glob(os.path.join(content_dir, "items-*.toml"))):
        with open(path, "rb") as f:
            for item_id, body in tomllib.load(f).items():
                if item_id in items:
                    sys.exit(f"{path}: item {item_id} also written in another fragment")
                items[item_id] = body
    map_path = os.path.join(content_dir, "high-risk-map.toml")
    if os.path.exists(map_path):
        with open(map_path, "rb") as f:
            for case_id, body in tomllib.load(f).items():
                for item_id in body["judges"]:
                    judges.setdefault(item_id, []).append(case_id)
    return items, judges


def equivalent(row):
    eq = row["other_level_equiv"]
    if eq.startswith("L2=") or eq.startswith("L3="):
        # The table may follow the id with a note, e.g. "L3=L2-PES1-03 (wording differs)".
        return eq[3:].split()[0]
    return None


def write_items_pack(rows, content, judges, out):
    lines = [
        "# GB/T 22239-2019 general requirements, levels 2 and 3.",
        "# Generated by scripts/gen_mlps_pack.py from the reference item table and the",
        "# content fragments; edit the fragments and regenerate, or edit here and keep both.",
        "",
        "[pack]",
        'id = "gbt22239-2019"',
        'version = "1.0.0"',
        'role = "baseline"',
        'title = { zh = "网络安全等级保护基本要求（通用要求）", en = "Baseline for classified protection of cybersecurity (general requirements)" }',
        'standard = "GB/T 22239-2019"',
        'scheme = "level"',
        "levels = [2, 3]",
        'note = { zh = "条目文字为本项目的转述，并非标准原文；条目编号采用 GB/T 28448-2019 测评单元编号（编号不连续处按标准保留）；权重为实践中观察到的 1.0/0.7/0.4 三档，并非官方数值。持有标准正式文本的机构可通过 --packs 加载逐字版本。", en = "Item wording is this project\'s paraphrase, not the standard\'s text; ids are the GB/T 28448-2019 test-unit codes (gaps kept as in the standard); weights are the 1.0/0.7/0.4 classes observed in practice, not official values. An organisation holding a licensed copy can load a verbatim pack with --packs." }',
        'requires = ["high-risk-2025"]',
        "",
    ]
    lines += category_lines()
    seen_cp = set()
    for row in rows:
        clause = row["gb22239_cp_clause"]
        if clause in seen_cp:
            continue
        seen_cp.add(clause)
        cp = row["control_point"]
        lines += [
            "[[control_point]]",
            f"id = {q(clause)}",
            f"category = {q(row['code'])}",
            f"name = {{ zh = {q(cp)}, en = {q(CONTROL_POINT_EN[cp])} }}",
            "",
        ]
    # Equivalence is mutual: a level-2 item marked "L2-only" (its wording differs) still
    # points back at the level-3 item that names it as its counterpart.
    back = {equivalent(r): r["gb28448_unit_id"] for r in rows if equivalent(r)}
    for row in rows:
        lines += item_lines(row, content.get(row["gb28448_unit_id"], {}), judges, back)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def item_lines(row, c, judges, back):
    item_id = row["gb28448_unit_id"]
    kinds, areas, methods = CATEGORY_DEFAULTS.get(row["code"], MANAGEMENT_DEFAULTS)
    kinds = kinds_from_test_objects(row["code"], row["test_objects_28448"])
    weight = row["weight_observed"]
    lines = ["[[item]]", f"id = {q(item_id)}", f"level = {row['level']}",
             f"control_point = {q(row['gb22239_cp_clause'])}", f"letter = {q(row['item'])}",
             f"sga = {q(row['sga'])}"]
    if weight:
        lines.append(f"weight = {float(weight)}")
    elif "weight" in c:
        lines.append(f"# weight: {c.get('weight_note', 'no observed weight; class chosen by analogy')}")
        lines.append(f"weight = {float(c['weight'])}")
    else:
        lines.append("# weight: no observed weight; class 0.7 until the content review sets it")
        lines.append("weight = 0.7")
    text = c.get("text", {"zh": "", "en": row["paraphrase_en"]})
    lines.append(f"text.zh = {q(text.get('zh', ''))}")
    lines.append(f"text.en = {q(text.get('en', ''))}")
    guidance = c.get("guidance", {"zh": "", "en": ""})
    lines.append(f"guidance.zh = {q_multi(guidance.get('zh', ''))}")
    lines.append(f"guidance.en = {q_multi(guidance.get('en', ''))}")
    hints = c.get("evidence_hints", {"zh": [], "en": []})
    lines.append(f"evidence_hints.zh = {q_list(hints.get('zh', []))}")
    lines.append(f"evidence_hints.en = {q_list(hints.get('en', []))}")
    lines.append(f"methods = {q_list(c.get('methods', methods))}")
    lines.append(f"applies_to = {q_list(c.get('applies_to', kinds))}")
    lines.append(f"areas = {q_list(c.get('areas', areas))}")
    eq = equivalent(row) or back.get(item_id)
    if eq:
        lines.append(f"equivalent = {q(eq)}")
    cases = judges.get(item_id, [])
    lines.append(f"high_risk = {q_list(cases)}")
    lines.append("")
    return lines


def write_cases_pack(cases_csv, content_dir, out):
    if content_dir and os.path.exists(os.path.join(content_dir, "high-risk-2025.toml")):
        with open(os.path.join(content_dir, "high-risk-2025.toml"), encoding="utf-8") as f:
            text = f.read()
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
        return
    with open(cases_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lines = [
        "# The 81 cases of the 2025 trial high-risk judgement guide, as reference entries.",
        "# Generated by scripts/gen_mlps_pack.py from the reference case table.",
        "",
        "[pack]",
        'id = "high-risk-2025"',
        'version = "1.0.0"',
        'role = "reference"',
        'title = { zh = "网络安全等级保护测评高风险判定实施指引（试行）", en = "Implementation guide for high-risk judgement in classified-protection evaluation (trial)" }',
        'standard = "2025 trial high-risk guide"',
        'scheme = "level"',
        "levels = [2, 3, 4]",
        'note = { zh = "标题为本项目的转述；判定时应以指引全文和现场实际的缓解措施为准。", en = "Titles are this project\'s paraphrase; judge each case against the guide\'s full text and the mitigations actually present." }',
        "requires = []",
        "",
    ]
    lines += category_lines()
    for r in rows:
        lines += [
            "[[case]]",
            f"id = {q(r['case_id'])}",
            f"extension = {q(r['extension'])}",
            f"category = {q(ZH_TO_CODE[r['category']])}",
            f"title = {{ zh = {q(r['title_zh'])}, en = {q(r['title_en'])} }}",
            f"min_level = {r['min_level']}",
            f"business_continuity_only = {'true' if r['business_continuity_only'] else 'false'}",
            f"key_industry_only = {'true' if r['key_industry_only'] else 'false'}",
            f"scope = {{ zh = {q(r['scope'])}, en = \"\" }}",
            "",
        ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items_csv")
    ap.add_argument("cases_csv")
    ap.add_argument("out_dir")
    ap.add_argument("--content")
    args = ap.parse_args()
    with open(args.items_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    content, judges = load_content(args.content)
    unknown = set(content) - {r["gb28448_unit_id"] for r in rows}
    if unknown:
        sys.exit(f"content for unknown items: {sorted(unknown)}")
    write_items_pack(rows, content, judges, os.path.join(args.out_dir, "gbt22239-2019.toml"))
    write_cases_pack(args.cases_csv, args.content, os.path.join(args.out_dir, "high-risk-2025.toml"))


if __name__ == "__main__":
    main()
