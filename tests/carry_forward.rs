//! Carry-forward: this year's engagement starts from last year's, and the report follows
//! up last year's findings. Also the in-place upgrade of files from an older schema.

mod common;

use std::path::Path;

use common::{dengbao, sha256_of, status_json};
use predicates::prelude::*;

fn count(file: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(file)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn carry_forward_takes_objects_and_findings_and_leaves_last_year_alone() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("2025.dengbao");
    let new = dir.path().join("2026.dengbao");
    dengbao().arg("demo").arg(&old).assert().success();
    let before = sha256_of(&old);
    dengbao()
        .arg("carry-forward")
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .stdout(predicate::str::contains("24 objects carried over"));
    assert_eq!(sha256_of(&old), before, "last year's file is not changed");
    let findings = count(
        &old,
        "SELECT count(*) FROM result WHERE verdict IN ('partial', 'non-compliant')",
    );
    assert_eq!(count(&new, "SELECT count(*) FROM previous_finding"), findings);
    assert_eq!(
        count(&new, "SELECT count(*) FROM object"),
        count(&old, "SELECT count(*) FROM object")
    );
    let s = status_json(&new);
    assert_eq!(s["progress"]["assessed"], 0, "this year's results start empty");
    assert_eq!(s["engagement"]["hospital_grade"], "III-A");

    dengbao()
        .arg("set")
        .arg(&new)
        .args([
            "L3-CES1-01",
            "--asset",
            "HIS 数据库",
            "--verdict",
            "compliant",
            "--record",
            "弱口令已修改",
        ])
        .assert()
        .success();
    dengbao()
        .arg("set")
        .arg(&new)
        .args([
            "L3-SMC1-10",
            "--asset",
            "日志审计系统",
            "--verdict",
            "partial",
            "--record",
            "已扩容至 120 天",
        ])
        .args(["--risk", "medium"])
        .assert()
        .success();
    let html_path = dir.path().join("r.html");
    dengbao()
        .env("TZ", "UTC")
        .arg("report")
        .arg(&new)
        .arg("--out")
        .arg(&html_path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("上次测评问题及整改情况"));
    assert!(html.contains("DB-2026-HIS-0001"), "names last year's report");
    let row = |item: &str, object: &str| {
        let start = html
            .find(&format!("<td class=\"id\">{item}</td><td>{object}</td>"))
            .unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("L3-CES1-01", "HIS 数据库").contains("follow-remediated"));
    assert!(row("L3-SMC1-10", "日志审计系统").contains("follow-open"));
    assert!(row("L3-CES1-30", "重要业务数据").contains("follow-pending"));
}

#[test]
fn carry_forward_refuses_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.dengbao");
    dengbao().arg("demo").arg(&old).assert().success();
    let taken = dir.path().join("taken.dengbao");
    std::fs::write(&taken, "x").unwrap();
    dengbao()
        .arg("carry-forward")
        .arg(&old)
        .arg(&taken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    dengbao()
        .arg("carry-forward")
        .arg(&taken)
        .arg(dir.path().join("n.dengbao"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a dengbao engagement"));
    assert!(!dir.path().join("n.dengbao").exists());
}

#[test]
fn a_file_from_an_older_schema_is_upgraded_in_place_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "old.dengbao", "3");
    {
        // What a file written by schema 1 looks like.
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch("DROP TABLE carried_from; DROP TABLE previous_finding; PRAGMA user_version = 1;")
            .unwrap();
    }
    let rows_before = count(&file, "SELECT count(*) FROM audit");
    status_json(&file);
    assert_eq!(
        count(&file, "PRAGMA user_version"),
        dengbao::store::schema::current_version() as i64
    );
    assert_eq!(count(&file, "SELECT count(*) FROM audit"), rows_before + 1);
    let action: String = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("SELECT action FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(action, "upgrade-schema");
    dengbao().arg("verify").arg(&file).assert().success();
}
