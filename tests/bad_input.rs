//! Bad input of every kind: one clear line on stderr naming the bad value, exit 2, and
//! nothing written.

mod common;

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use common::{dengbao, engagement, sha256_of};
use predicates::prelude::*;

/// Runs `args` with the file inserted after the subcommand words, expects exit 2 and a
/// single stderr line containing every one of `needles`.
fn fails_with(args: &[&str], file: &Path, needles: &[&str]) {
    let words = if matches!(args[0], "asset" | "checklist" | "evidence") {
        2
    } else {
        1
    };
    let out = dengbao()
        .args(&args[..words])
        .arg(file)
        .args(&args[words..])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} missing from: {stderr}");
    }
}

fn audit_rows(file: &Path) -> usize {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize
}

#[test]
fn unknown_verdict_names_the_value_and_the_accepted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let before = audit_rows(&file);
    fails_with(
        &["set", "L3-PES1-01", "--asset", "主机房", "--verdict", "passed"],
        &file,
        &["'passed'", "compliant, partial, non-compliant, not-applicable"],
    );
    assert_eq!(audit_rows(&file), before);
}

#[test]
fn unknown_kind_and_level_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    fails_with(&["asset", "add"], &file, &["required"]);
    let out = dengbao()
        .args(["asset", "add"])
        .arg(&file)
        .args(["--kind", "printer", "--name", "P1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'printer'") && stderr.contains("machine-room, network, boundary"),
        "{stderr}"
    );
    let other = dir.path().join("l4.dengbao");
    fails_with(
        &["new", "--system", "S", "--org", "O", "--level", "4"],
        &other,
        &["'4'", "accepted: 2, 3"],
    );
    assert!(!other.exists());
    fails_with(
        &[
            "new",
            "--system",
            "S",
            "--org",
            "O",
            "--level",
            "3",
            "--hospital-grade",
            "IV",
        ],
        &other,
        &["'IV'", "II, III-B, III-A"],
    );
    assert!(!other.exists());
}

#[test]
fn unknown_item_names_the_closest_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    fails_with(
        &["set", "L3-PES1-1", "--asset", "主机房", "--verdict", "compliant"],
        &file,
        &["unknown item 'L3-PES1-1'", "L3-PES1-10"],
    );
    fails_with(
        &["set", "L2-PES1-01", "--asset", "主机房", "--verdict", "compliant"],
        &file,
        &["'L2-PES1-01' belongs to level 2", "level-3 engagement"],
    );
}

#[test]
fn object_of_the_wrong_kind_or_missing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    fails_with(
        &["set", "L3-PES1-01", "--asset", "HIS-DB", "--verdict", "compliant"],
        &file,
        &[
            "does not apply to object 'HIS-DB' of kind database",
            "machine-room",
        ],
    );
    fails_with(
        &["set", "L3-CES1-01", "--verdict", "compliant"],
        &file,
        &["name one with --asset", "HIS-DB"],
    );
    fails_with(
        &["set", "L3-CES1-01", "--asset", "HIS-D", "--verdict", "compliant"],
        &file,
        &["unknown object 'HIS-D'", "HIS-DB"],
    );
    fails_with(
        &["asset", "add", "--kind", "server", "--name", "HIS-DB"],
        &file,
        &["an object named 'HIS-DB' already exists"],
    );
}

#[test]
fn fields_that_do_not_fit_the_verdict_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    fails_with(
        &[
            "set",
            "L3-PES1-01",
            "--asset",
            "主机房",
            "--verdict",
            "compliant",
            "--risk",
            "high",
        ],
        &file,
        &["risk rating belongs to partial or non-compliant results"],
    );
    fails_with(
        &[
            "set",
            "L3-PES1-01",
            "--asset",
            "主机房",
            "--verdict",
            "compliant",
            "--reason",
            "x",
        ],
        &file,
        &["reason belongs to not-applicable results"],
    );
    fails_with(
        &[
            "set",
            "L3-PES1-01",
            "--asset",
            "主机房",
            "--verdict",
            "partial",
            "--corrected",
            "compliant",
        ],
        &file,
        &["compensation rationale"],
    );
    fails_with(
        &[
            "set",
            "L3-PES1-03",
            "--asset",
            "主机房",
            "--verdict",
            "non-compliant",
            "--high-risk-case",
            "9.9.9",
        ],
        &file,
        &["unknown high-risk case '9.9.9'"],
    );
}

#[test]
fn new_refuses_to_overwrite_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.dengbao");
    std::fs::write(&file, "my notes").unwrap();
    fails_with(
        &["new", "--system", "S", "--org", "O", "--level", "3"],
        &file,
        &["already exists"],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
}

/// Every engagement command on a bad file: exit 2, one line naming the file, bytes unchanged.
fn refused_everywhere(file: &Path, needle: &str) {
    let hash = sha256_of(file);
    let name = file.display().to_string();
    for args in [
        vec!["status"],
        vec!["asset", "list"],
        vec!["asset", "add", "--kind", "server", "--name", "X"],
        vec!["set", "L3-PES1-01", "--verdict", "compliant"],
    ] {
        fails_with(&args, file, &[&name, needle]);
        assert_eq!(sha256_of(file), hash, "{args:?} changed the file");
    }
}

#[test]
fn a_file_that_is_not_an_engagement_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("report.docx");
    std::fs::write(&text, "PK\x03\x04 not a database at all").unwrap();
    refused_everywhere(&text, "not a dengbao engagement (not an SQLite database)");

    let other = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    refused_everywhere(&other, "not a dengbao engagement (application id 0x0)");

    let empty = dir.path().join("empty.dengbao");
    std::fs::write(&empty, "").unwrap();
    refused_everywhere(&empty, "the file is empty");
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        &["status"],
        &dir.path().join("nope.dengbao"),
        &["nope.dengbao: no such file"],
    );
}

#[test]
fn a_truncated_engagement_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    checkpoint(&file);
    let len = std::fs::metadata(&file).unwrap().len();
    File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    refused_everywhere(&file, "truncated");
    File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(60)
        .unwrap();
    refused_everywhere(&file, "truncated");
}

#[test]
fn a_damaged_engagement_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    checkpoint(&file);
    // Scribble over the schema page after the 100-byte header.
    let mut f = File::options().write(true).open(&file).unwrap();
    f.seek(SeekFrom::Start(100)).unwrap();
    f.write_all(&[0xA5; 4000]).unwrap();
    drop(f);
    refused_everywhere(&file, "damaged");
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    refused_everywhere(&file, "newer dengbao (schema 99");
}

#[test]
fn a_second_writer_gets_a_clear_message_and_readers_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    // Another dengbao process holding the writer lock, as the TUI does.
    let holder = File::open(&file).unwrap();
    holder.try_lock().unwrap();
    let before = audit_rows(&file);
    fails_with(
        &["set", "L3-PES1-01", "--asset", "主机房", "--verdict", "compliant"],
        &file,
        &["open for writing in another dengbao process"],
    );
    dengbao()
        .arg("status")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("progress"));
    drop(holder);
    assert_eq!(audit_rows(&file), before);
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PES1-01", "--asset", "主机房", "--verdict", "compliant"])
        .assert()
        .success();
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    let out = dengbao().args(["status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    let out = dengbao().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'frobnicate'"));
}

/// Moves the WAL into the main file so that byte-level damage hits real pages.
fn checkpoint(file: &Path) {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
}

#[test]
fn the_terminal_ui_without_a_terminal_says_so() {
    let out = dengbao().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("the terminal UI needs a terminal"), "{stderr}");
}
