//! Tamper evidence: every change made behind dengbao's back with the `sqlite3` command is
//! named by `verify`, which exits 1; a truncated log is caught with `--expect-head`.

mod common;
mod support;

use std::path::Path;

use common::dengbao;
use predicates::prelude::*;
use rstest::rstest;
use support::Builder;

fn sqlite3(file: &Path, sql: &str) {
    let out = std::process::Command::new("sqlite3")
        .arg(file)
        .arg(sql)
        .output()
        .expect("the sqlite3 command (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn verify(file: &Path, extra: &[&str]) -> (i32, String) {
    let out = dengbao().arg("verify").arg(file).args(extra).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn an_untouched_engagement_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let (code, out) = verify(&file, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content: matches what dengbao wrote"), "{out}");
}

#[rstest]
#[case::record(
    "UPDATE result SET record = '已落实' WHERE item_id = 'L3-CES1-01'",
    "result L3-CES1-01 @ 'HIS-DB': record differs"
)]
#[case::verdict(
    "UPDATE result SET verdict = 'compliant', risk = NULL WHERE item_id = 'L3-CES1-01'",
    "result L3-CES1-01 @ 'HIS-DB': risk, verdict differ"
)]
#[case::evidence_name(
    "UPDATE evidence SET name = 'other.png' WHERE id = 1",
    "evidence 1 'other.png': name differs"
)]
#[case::capture_time(
    "UPDATE evidence SET captured_at = '2020-01-01T00:00:00Z' WHERE id = 1",
    "evidence 1 '口令策略.png': captured_at differs"
)]
#[case::link(
    "UPDATE evidence_link SET object_id = (SELECT id FROM object WHERE name = 'HIS-APP-01') WHERE evidence_id = 1",
    "the link of evidence 1 '口令策略.png' to L3-CES1-01 @ 'HIS-APP-01': not in the audit log"
)]
#[case::level("UPDATE engagement SET level = 2", "the engagement record: level differs")]
#[case::object_name(
    "UPDATE object SET name = 'HIS-DB-2' WHERE name = 'HIS-DB'",
    "object 'HIS-DB-2': name differs"
)]
#[case::added_result(
    "INSERT INTO result (item_id, object_id, verdict, updated_by, updated_at)
     VALUES ('L3-CES1-02', (SELECT id FROM object WHERE name = 'HIS-DB'), 'compliant', 'x', 'x')",
    "result L3-CES1-02 @ 'HIS-DB': not in the audit log"
)]
#[case::deleted_journal("DELETE FROM journal", "missing, although the audit log records it")]
#[case::item_snapshot(
    "UPDATE item SET data = replace(data, '\"weight\":0.7', '\"weight\":1.0') WHERE id = 'L3-CES1-01'",
    "the snapshot of item L3-CES1-01: differs from what the audit log recorded"
)]
fn each_change_behind_the_tools_back_is_named(#[case] sql: &str, #[case] named: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    sqlite3(&file, sql);
    let (code, out) = verify(&file, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(named), "expected {named:?} in\n{out}");
    assert!(
        out.contains("chain intact"),
        "the log itself was not touched: {out}"
    );
}

#[test]
fn evidence_bytes_swapped_together_with_their_hash_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    // sha256 of "forged" computed by the test, so the stored hash matches the bytes.
    let forged = common::sha256_hex(b"forged");
    sqlite3(
        &file,
        &format!(
            "UPDATE chunk SET data = CAST('forged' AS BLOB) WHERE content_id = 1;
             UPDATE content SET sha256 = '{forged}', size = 6 WHERE id = 1;"
        ),
    );
    let (code, out) = verify(&file, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("0 damaged"), "the bytes match their new hash: {out}");
    assert!(
        out.contains("stored content 1: sha256, size differ from what the audit log recorded"),
        "{out}"
    );
}

#[test]
fn a_deleted_trailing_audit_row_is_caught_by_the_content_and_by_the_expected_head() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let (_, before) = verify(&file, &[]);
    let head = before
        .split("head ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    dengbao()
        .arg("verify")
        .arg(&file)
        .args(["--expect-head", &head])
        .assert()
        .success()
        .stdout(predicate::str::contains("expected head: the last row"));
    sqlite3(
        &file,
        "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);",
    );
    let (code, out) = verify(&file, &["--expect-head", &head]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("chain intact"), "{out}");
    assert!(out.contains("expected head: NOT in the audit log"), "{out}");
    assert!(
        out.contains("not in the audit log (added or changed outside dengbao)"),
        "{out}"
    );
}

#[test]
fn a_bad_expected_head_is_refused_as_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    dengbao()
        .arg("verify")
        .arg(&file)
        .args(["--expect-head", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--expect-head 'abc' is not an audit chain head",
        ));
}

#[test]
fn a_damaged_page_is_reported_as_structural_damage() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    // Overwrite the b-tree page header of the result table's root page.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let page: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'result'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&file).unwrap();
    let at = ((page - 1) * size) as usize;
    bytes[at..at + 8].copy_from_slice(&[0xff; 8]);
    std::fs::write(&file, &bytes).unwrap();
    let (code, out) = verify(&file, &[]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("damaged"), "{out}");
    assert!(!out.contains("chain intact"), "{out}");
}
