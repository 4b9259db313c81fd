#!/usr/bin/env python3
"""Checks a dengbao OSCAL export with an independent implementation.

    check-oscal.py FILE.json KIND [--engagement FILE.dengbao] [--dengbao PATH]

KIND is `ar` (assessment results) or `poam` (plan of action and milestones). The
document is loaded with compliance-trestle's OSCAL models (which validate it), then:
UUIDs are unique; every observation's subjects are defined in local-definitions; every
relevant-evidence href names a back-matter resource whose link has a SHA-256; every
finding's related observations and risks exist. With --engagement, the number of
findings must equal what `dengbao status --json` counts (MLPS and profile risks). Exits
nonzero, naming the first problem, on failure.
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def fail(message):
    print(f"check-oscal: {message}", file=sys.stderr)
    sys.exit(1)


def load(path, kind):
    if kind == "ar":
        from trestle.oscal.assessment_results import AssessmentResults as Model
        key = "assessment-results"
    elif kind == "poam":
        from trestle.oscal.poam import PlanOfActionAndMilestones as Model
        key = "plan-of-action-and-milestones"
    else:
        fail(f"unknown kind '{kind}' (use ar or poam)")
    try:
        Model.oscal_read(pathlib.Path(path))
    except Exception as e:  # trestle raises pydantic and its own errors
        fail(f"{path}: trestle rejects it: {e}")
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if key not in doc:
        fail(f"{path}: no top-level '{key}'")
    return doc[key]


def uuids(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "uuid":
                found.append(v)
            uuids(v, found)
    elif isinstance(node, list):
        for v in node:
            uuids(v, found)
    return found


def check_parts(where, defs, observations, findings, risks, resources):
    subjects = {x["uuid"] for x in defs.get("components", []) + defs.get("inventory-items", [])}
    by_uuid = {r["uuid"]: r for r in resources}
    obs = {o["uuid"] for o in observations}
    risk_ids = {r["uuid"] for r in risks}
    for o in observations:
        for s in o.get("subjects", []):
            if s["subject-uuid"] not in subjects:
                fail(f"{where}: observation {o['uuid']} names subject {s['subject-uuid']}, not in local-definitions")
        for e in o.get("relevant-evidence", []):
            href = e["href"]
            r = by_uuid.get(href[1:]) if href.startswith("#") else None
            if r is None:
                fail(f"{where}: evidence {href} of observation {o['uuid']} is not a back-matter resource")
            hashes = [h for l in r.get("rlinks", []) for h in l.get("hashes", []) if h["algorithm"] == "SHA-256"]
            if not hashes or not all(SHA256.match(h["value"]) for h in hashes):
                fail(f"{where}: resource {r['uuid']} has no SHA-256")
    for f in findings:
        for ro in f.get("related-observations", []):
            if ro["observation-uuid"] not in obs:
                fail(f"{where}: finding {f['uuid']} relates to a missing observation")
        for rr in f.get("related-risks", []):
            if rr["risk-uuid"] not in risk_ids:
                fail(f"{where}: finding {f['uuid']} relates to a missing risk")


def status_findings(engagement, dengbao):
    out = subprocess.run([dengbao, "status", engagement, "--json"], check=True, capture_output=True)
    status = json.loads(out.stdout)
    total = 0
    for risks in [status["risks"], (status.get("profile") or {}).get("risks")]:
        if risks:
            total += risks["high"] + risks["medium"] + risks["low"] + risks["unrated"]
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("kind", choices=["ar", "poam"])
    p.add_argument("--engagement")
    p.add_argument("--dengbao", default="dengbao")
    args = p.parse_args()
    doc = load(args.file, args.kind)
    all_uuids = uuids(doc, [])
    if len(all_uuids) != len(set(all_uuids)):
        fail(f"{args.file}: {len(all_uuids) - len(set(all_uuids))} duplicate uuids")
    resources = doc.get("back-matter", {}).get("resources", [])
    if args.kind == "ar":
        if len(doc["results"]) != 1:
            fail(f"{args.file}: {len(doc['results'])} results, expected 1")
        r = doc["results"][0]
        parts = (r.get("local-definitions", {}), r.get("observations", []), r.get("findings", []), r.get("risks", []))
        ref = doc["import-ap"]["href"]
        if ref.startswith("#") and ref[1:] not in {x["uuid"] for x in resources}:
            fail(f"{args.file}: import-ap {ref} is not a back-matter resource")
    else:
        parts = (doc.get("local-definitions", {}), doc.get("observations", []), doc.get("findings", []), doc.get("risks", []))
        finding_ids = {f["uuid"] for f in parts[2]}
        for item in doc["poam-items"]:
            for rf in item.get("related-findings", []):
                if rf["finding-uuid"] not in finding_ids:
                    fail(f"{args.file}: POA&M item {item['uuid']} relates to a missing finding")
        if len(doc["poam-items"]) != len(parts[2]):
            fail(f"{args.file}: {len(doc['poam-items'])} POA&M items for {len(parts[2])} findings")
    defs, observations, findings, risks = parts
    check_parts(args.file, defs, observations, findings, risks, resources)
    if not any(l.get("hashes") for r in resources for l in r.get("rlinks", [])) and resources:
        fail(f"{args.file}: no resource carries a hash")
    if args.engagement:
        expected = status_findings(args.engagement, args.dengbao)
        if len(findings) != expected:
            fail(f"{args.file}: {len(findings)} findings, dengbao status counts {expected}")
    print(f"{args.file}: OK ({len(observations)} observations, {len(findings)} findings, {len(risks)} risks, {len(resources)} resources)")


if __name__ == "__main__":
    main()
