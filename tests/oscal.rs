//! `dengbao export --format oscal|oscal-poam`: the OSCAL documents of an engagement.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use common::{dengbao, status_json};
use serde_json::Value;

fn demo(dir: &Path) -> PathBuf {
    let file = dir.join("demo.dengbao");
    dengbao().arg("demo").arg(&file).assert().success();
    file
}

fn export(file: &Path, format: &str, out: &Path) -> Value {
    dengbao()
        .arg("export")
        .arg(file)
        .args(["--format", format, "--out"])
        .arg(out)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

fn uuids(v: &Value, found: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "uuid" {
                    found.push(x.as_str().unwrap().to_string());
                }
                uuids(x, found);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| uuids(x, found)),
        _ => {}
    }
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v[key].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

/// Findings as `status --json` counts them: every rated and unrated risk, MLPS and profile.
fn status_findings(file: &Path) -> usize {
    let s = status_json(file);
    let count = |r: &Value| {
        ["high", "medium", "low", "unrated"]
            .iter()
            .map(|k| r[k].as_u64().unwrap() as usize)
            .sum::<usize>()
    };
    count(&s["risks"]) + s["profile"].get("risks").map(count).unwrap_or(0)
}

fn check_references(defs: &Value, observations: &[&Value], resources: &[&Value]) {
    let subjects: HashSet<&str> = list(defs, "components")
        .into_iter()
        .chain(list(defs, "inventory-items"))
        .map(|x| x["uuid"].as_str().unwrap())
        .collect();
    let mut cited = 0;
    for o in observations {
        for s in list(o, "subjects") {
            assert!(
                subjects.contains(s["subject-uuid"].as_str().unwrap()),
                "observation {} names an undefined subject",
                o["uuid"]
            );
        }
        for e in list(o, "relevant-evidence") {
            cited += 1;
            let href = e["href"].as_str().unwrap();
            let uuid = href
                .strip_prefix('#')
                .expect("evidence hrefs point into the back matter");
            let r = resources
                .iter()
                .find(|r| r["uuid"] == uuid)
                .unwrap_or_else(|| panic!("{href} is not a back-matter resource"));
            let hash = &r["rlinks"][0]["hashes"][0];
            assert_eq!(hash["algorithm"], "SHA-256");
            assert_eq!(hash["value"].as_str().unwrap().len(), 64);
        }
    }
    assert!(cited > 0, "the demo's evidence is cited");
}

fn assert_unique_uuids(doc: &Value) {
    let mut all = Vec::new();
    uuids(doc, &mut all);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "uuids are unique within a document");
    for u in &all {
        assert!(uuid::Uuid::parse_str(u).is_ok(), "{u} is a uuid");
    }
}

#[test]
fn assessment_results_hold_every_finding_with_defined_subjects_and_hashed_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let doc = export(&file, "oscal", &dir.path().join("ar.json"));
    let ar = &doc["assessment-results"];
    assert_eq!(ar["metadata"]["oscal-version"], "1.1.2");
    for key in ["uuid", "metadata", "import-ap", "results", "back-matter"] {
        assert!(!ar[key].is_null(), "assessment-results has {key}");
    }
    let result = &ar["results"][0];
    let findings = list(result, "findings");
    assert_eq!(findings.len(), status_findings(&file));
    assert!(
        findings
            .iter()
            .all(|f| f["target"]["status"]["state"] == "not-satisfied")
    );
    let resources = list(&ar["back-matter"], "resources");
    let plan = ar["import-ap"]["href"].as_str().unwrap();
    assert!(
        resources
            .iter()
            .any(|r| format!("#{}", r["uuid"].as_str().unwrap()) == plan)
    );
    check_references(
        &result["local-definitions"],
        &list(result, "observations"),
        &resources,
    );
    assert!(
        !list(&result["assessment-log"], "entries").is_empty(),
        "the journal is the log"
    );
    assert_unique_uuids(&doc);
}

#[test]
fn poam_items_tie_each_finding_to_its_risk_and_remediation() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let doc = export(&file, "oscal-poam", &dir.path().join("poam.json"));
    let p = &doc["plan-of-action-and-milestones"];
    for key in [
        "uuid",
        "metadata",
        "system-id",
        "local-definitions",
        "poam-items",
        "risks",
    ] {
        assert!(!p[key].is_null(), "POA&M has {key}");
    }
    let items = list(p, "poam-items");
    assert_eq!(items.len(), status_findings(&file));
    let risks = list(p, "risks");
    let findings: HashSet<&str> = list(p, "findings")
        .iter()
        .map(|f| f["uuid"].as_str().unwrap())
        .collect();
    for i in &items {
        assert!(findings.contains(i["related-findings"][0]["finding-uuid"].as_str().unwrap()));
        if let Some(r) = i.get("related-risks") {
            let uuid = r[0]["risk-uuid"].as_str().unwrap();
            assert!(risks.iter().any(|x| x["uuid"] == uuid), "risk {uuid} is defined");
        }
    }
    assert!(
        risks
            .iter()
            .any(|r| r["remediations"][0]["lifecycle"] == "planned"),
        "recommendations are planned remediations"
    );
    check_references(
        &p["local-definitions"],
        &list(p, "observations"),
        &list(&p["back-matter"], "resources"),
    );
    assert_unique_uuids(&doc);
}

#[test]
fn two_exports_of_the_same_file_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    for format in ["oscal", "oscal-poam"] {
        let (a, b) = (
            dir.path().join(format!("{format}-1")),
            dir.path().join(format!("{format}-2")),
        );
        export(&file, format, &a);
        export(&file, format, &b);
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{format}");
    }
}

#[test]
fn force_replaces_an_earlier_export_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = dir.path().join("ar.json");
    export(&file, "oscal", &out);
    let again = || {
        let mut c = dengbao();
        c.arg("export")
            .arg(&file)
            .args(["--format", "oscal", "--out"])
            .arg(&out);
        c
    };
    again().assert().code(2);
    again().arg("--force").assert().success();
    std::fs::write(&out, "notes").unwrap();
    again().arg("--force").assert().code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "notes");
}

#[test]
fn an_unknown_format_or_a_missing_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = dir.path().join("x.json");
    let assert = dengbao()
        .arg("export")
        .arg(&file)
        .args(["--format", "oscal-xml", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("oscal-xml"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists());
    let missing = dir.path().join("no-such-dir").join("ar.json");
    let assert = dengbao()
        .arg("export")
        .arg(&file)
        .args(["--format", "oscal", "--out"])
        .arg(&missing)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("no-such-dir"), "{err}");
    assert!(!dir.path().join("no-such-dir").exists());
}
