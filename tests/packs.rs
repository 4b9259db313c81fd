//! Checklist packs: strict loading, located diagnostics, user packs that add to or
//! override shipped ones, and bad user packs that are reported and skipped.

mod common;

use common::{dengbao, fixture};
use predicates::prelude::*;

fn lint_output(rel: &str) -> (i32, String) {
    let out = dengbao()
        .args(["checklist", "lint"])
        .arg(fixture(rel))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_invalid_fixture_is_reported_at_file_line_col() {
    let cases = [
        (
            "packs/invalid/unknown-key.toml",
            "unknown-key.toml:8:1: unknown field `colour`",
        ),
        (
            "packs/invalid/duplicate-item.toml",
            "duplicate-item.toml:25:6: duplicate item 'X-01'",
        ),
        (
            "packs/invalid/dangling-refs.toml",
            "dangling-refs.toml:16:12: unknown category 'Y'",
        ),
        (
            "packs/invalid/dangling-refs.toml",
            "dangling-refs.toml:22:17: unknown control point 'X-9' in item 'X-01'",
        ),
        (
            "packs/invalid/dangling-refs.toml",
            "dangling-refs.toml:30:14: equivalent item 'X-77' of 'X-02' is not in this pack",
        ),
        (
            "packs/invalid/bad-values.toml",
            "bad-values.toml:7:14: level 7 is not a protection level (1-5)",
        ),
        (
            "packs/invalid/bad-values.toml",
            "bad-values.toml:20:9: level 2 of item 'X-01' is not one of the pack's levels (3, 7)",
        ),
        (
            "packs/invalid/bad-values.toml",
            "bad-values.toml:22:10: weight 1.5 of item 'X-01' is not in (0, 1]",
        ),
        (
            "packs/invalid/bad-kind.toml",
            "bad-kind.toml:23:14: unknown object kind 'toaster'",
        ),
        ("packs/invalid/not-toml.toml", "not-toml.toml:1:6:"),
        (
            "packs/invalid/dangling-case.toml",
            "dangling-case.toml:24:28: item 'L3-ABS1-99' referenced by 'X-01' is not in the required packs (gbt22239-2019)",
        ),
        (
            "packs/invalid/dangling-case.toml",
            "dangling-case.toml:25:14: high-risk case '6.1.1.1' referenced by 'X-01' is not in the required packs",
        ),
        (
            "packs/invalid/lowering.toml",
            "lowering.toml:19:12: case '9.9.9.1' says no mitigation lowers it (lowering = \"none\") but lists mitigations",
        ),
        (
            "packs/invalid/lowering.toml",
            "lowering.toml:31:12: case '9.9.9.2' may be lowered but lists no mitigations in both languages",
        ),
        (
            "packs/invalid/lowering.toml",
            "lowering.toml:41:12: case '9.9.9.3' is partly lowerable: name the problems that cannot be lowered",
        ),
    ];
    for (rel, expected) in cases {
        let (code, out) = lint_output(rel);
        assert_eq!(code, 1, "{rel}: {out}");
        assert!(out.contains(expected), "{rel}: expected {expected:?} in\n{out}");
    }
}

#[test]
fn a_valid_user_pack_lints_clean() {
    let (code, out) = lint_output("packs/valid/site-extra.toml");
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("site-extra.toml: clean\n"), "{out}");
}

#[test]
fn user_packs_add_to_the_catalog_and_bad_ones_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("packs/valid/site-extra.toml"),
        dir.path().join("site-extra.toml"),
    )
    .unwrap();
    std::fs::copy(
        fixture("packs/invalid/bad-kind.toml"),
        dir.path().join("bad-kind.toml"),
    )
    .unwrap();
    dengbao()
        .args(["checklist", "list", "--packs"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("site-extra"))
        .stdout(predicate::str::contains("gbt22239-2019"))
        .stderr(predicate::str::contains("warning: pack skipped:"))
        .stderr(predicate::str::contains(
            "bad-kind.toml:23:14: unknown object kind 'toaster'",
        ));
    // The same through the environment.
    dengbao()
        .args(["checklist", "list"])
        .env("DENGBAO_PACKS", dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("site-extra"));
}

#[test]
fn a_user_pack_overrides_the_shipped_pack_of_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = include_str!("../checklists/high-risk-2025.toml");
    let version = shipped
        .lines()
        .find(|l| l.starts_with("version = "))
        .expect("the pack states its version");
    let text = shipped.replacen(version, "version = \"9.9.9\"", 1);
    std::fs::write(dir.path().join("override.toml"), text).unwrap();
    let out = dengbao()
        .args(["checklist", "list", "--json", "--packs"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let packs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hr = packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "high-risk-2025")
        .unwrap();
    assert_eq!(hr["version"], "9.9.9");
    assert!(hr["source"].as_str().unwrap().ends_with("override.toml"));
}

#[test]
fn an_override_that_breaks_a_shipped_pack_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("packs/valid/site-extra.toml"))
        .unwrap()
        .replace("id = \"site-extra\"", "id = \"high-risk-2025\"")
        .replace("requires = [\"high-risk-2025\"]", "requires = []")
        .replace("high_risk = [\"6.10.1.1\"]", "");
    std::fs::write(dir.path().join("override.toml"), text).unwrap();
    let out = dengbao()
        .args(["checklist", "list", "--json", "--packs"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("override.toml:1:1: pack 'high-risk-2025' lacks entries the shipped pack 'gbt22239-2019' refers to"), "{stderr}");
    let packs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<(&str, &str)> = packs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["source"].as_str().unwrap()))
        .collect();
    assert!(ids.contains(&("gbt22239-2019", "shipped")), "{ids:?}");
    assert!(ids.contains(&("high-risk-2025", "shipped")), "{ids:?}");
}

#[test]
fn a_user_pack_with_broken_references_gives_the_shipped_pack_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("packs/invalid/dangling-case.toml"),
        dir.path().join("p.toml"),
    )
    .unwrap();
    dengbao()
        .args(["checklist", "list", "--packs"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("bad-case-ref").not())
        .stderr(predicate::str::contains("item 'L3-ABS1-99' referenced by 'X-01'"));
}

#[test]
fn an_unreadable_pack_folder_is_reported_not_fatal() {
    dengbao()
        .args(["checklist", "list", "--packs", "/nonexistent/packs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("gbt22239-2019"))
        .stderr(predicate::str::contains(
            "/nonexistent/packs:1:1: cannot read pack folder",
        ));
}

#[test]
fn checklist_show_json_lists_every_level_3_item_with_the_documented_fields() {
    let out = dengbao()
        .args(["checklist", "show", "gbt22239-2019", "--level", "3", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 211);
    for field in [
        "id",
        "level",
        "category",
        "control_point",
        "clause",
        "weight",
        "text",
        "guidance",
        "evidence_hints",
        "methods",
        "applies_to",
        "areas",
        "equivalent",
        "high_risk",
    ] {
        assert!(items.iter().all(|i| i.get(field).is_some()), "missing {field}");
    }
    let first = &items[0];
    assert_eq!(first["id"], "L3-PES1-01");
    assert_eq!(first["clause"], "8.1.1.1");
    assert_eq!(first["control_point"]["zh"], "物理位置选择");
    assert_eq!(first["equivalent"], "L2-PES1-01");
}

#[test]
fn unknown_pack_id_names_the_available_ones() {
    dengbao()
        .args(["checklist", "show", "gbt22239"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown pack 'gbt22239' (packs: gbt22239-2019, gbt22239-2019-cloud, gbt22239-2019-mobile, gbt22239-2019-iot, hospital-security, high-risk-2025",
        ));
}

#[test]
fn lint_of_a_missing_file_is_a_usage_error() {
    dengbao()
        .args(["checklist", "lint", "/nonexistent.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent.toml"));
}
