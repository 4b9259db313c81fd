//! The sample engagement new users and the tests start from.

mod common;

use common::{dengbao, status_json};
use predicates::prelude::*;

fn demo(dir: &std::path::Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let file = dir.join(name);
    dengbao()
        .env("DENGBAO_NOW", "2026-11-20T08:00:00Z")
        .arg("demo")
        .arg(&file)
        .args(extra)
        .assert()
        .success();
    file
}

/// The `--json` array of a listing command.
fn listing(words: &[&str], file: &std::path::Path) -> Vec<serde_json::Value> {
    let out = dengbao().args(words).arg(file).arg("--json").output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_sample_is_a_partly_assessed_level_3_hospital_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "d.dengbao", &[]);
    let s = status_json(&file);
    assert_eq!(s["engagement"]["level"], 3);
    assert_eq!(s["engagement"]["hospital_grade"], "III-A");
    let share = s["progress"]["assessed"].as_f64().unwrap() / s["progress"]["applicable"].as_f64().unwrap();
    assert!((0.3..0.5).contains(&share), "about 40 % assessed, got {share}");
    assert!(s["risks"]["high"].as_u64().unwrap() >= 1);
    assert_eq!(s["risks"]["major_hidden"], 1);
    let objects = listing(&["asset", "list"], &file);
    assert_eq!(objects.len(), 27);
    let conn = rusqlite::Connection::open(&file).unwrap();
    let in_scope: std::collections::BTreeSet<String> = conn
        .prepare("SELECT data FROM item")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .flat_map(|d| {
            let item: serde_json::Value = serde_json::from_str(&d.unwrap()).unwrap();
            item["applies_to"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    drop(conn);
    for kind in in_scope {
        assert!(
            objects.iter().any(|o| o["kind"] == kind.as_str()),
            "no object of kind {kind}"
        );
    }
    let evidence = listing(&["evidence", "list"], &file);
    assert!(evidence.iter().any(|e| e["kind"] == "interview"));
    assert!(evidence.iter().any(|e| e["media_type"] == "image/png"));
    assert!(evidence.iter().any(|e| e["sensitive"] == true));
    let conn = rusqlite::Connection::open(&file).unwrap();
    let cited: i64 = conn
        .query_row(
            "SELECT count(*) FROM result WHERE high_risk_case IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cited, 2);
    let corrected: i64 = conn
        .query_row(
            "SELECT count(*) FROM result WHERE corrected_verdict IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(corrected, 1);
    dengbao().arg("verify").arg(&file).assert().success();
}

#[test]
fn the_same_seed_writes_the_same_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(
        dir.path(),
        "a.dengbao",
        &[
            "--seed",
            "9",
            "--objects",
            "40",
            "--evidence",
            "30",
            "--assessed",
            "70",
        ],
    );
    let b = demo(
        dir.path(),
        "b.dengbao",
        &[
            "--seed",
            "9",
            "--objects",
            "40",
            "--evidence",
            "30",
            "--assessed",
            "70",
        ],
    );
    let c = demo(
        dir.path(),
        "c.dengbao",
        &[
            "--seed",
            "10",
            "--objects",
            "40",
            "--evidence",
            "30",
            "--assessed",
            "70",
        ],
    );
    assert_eq!(status_json(&a), status_json(&b));
    assert_ne!(status_json(&a)["progress"], status_json(&c)["progress"]);
    let count = |f: &std::path::Path, sql: &str| -> i64 {
        rusqlite::Connection::open(f)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&a, "SELECT count(*) FROM object"), 40);
    assert_eq!(count(&a, "SELECT count(*) FROM evidence"), 30);
}

#[test]
fn bad_generator_options_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.dengbao");
    dengbao()
        .arg("demo")
        .arg(&file)
        .args(["--objects", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--objects 5 is too few"));
    dengbao()
        .arg("demo")
        .arg(&file)
        .args(["--assessed", "120"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("120"));
    assert!(!file.exists());
}
