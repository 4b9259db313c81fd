//! `dengbao merge`: bringing a colleague's copy of the same engagement in, the conflicts
//! it leaves and `--take`. Every merged file must pass `dengbao verify`.

mod common;

use std::path::{Path, PathBuf};

use common::{dengbao, engagement, sha256_of};
use dengbao::store::{Access, Store};
use rstest::rstest;

const ITEM: &str = "L3-CES1-01";
const ASSET: &str = "HIS-APP-01";

/// FILE with a result recorded before it was copied, and the copy OTHER.
fn copies(dir: &Path) -> (PathBuf, PathBuf) {
    let a = engagement(dir, "a.dengbao", "3");
    set(&a, "甲", ITEM, ASSET, "compliant", "base");
    let b = copy(&a, "b.dengbao");
    (a, b)
}

fn copy(file: &Path, name: &str) -> PathBuf {
    let to = file.with_file_name(name);
    std::fs::copy(file, &to).unwrap();
    to
}

fn set(file: &Path, who: &str, item: &str, asset: &str, verdict: &str, record: &str) {
    dengbao()
        .env("DENGBAO_EVALUATOR", who)
        .arg("set")
        .arg(file)
        .args([item, "--asset", asset, "--verdict", verdict, "--record", record])
        .assert()
        .success();
}

/// Runs `merge` with `args` after FILE; returns (exit code, stdout, stderr).
fn merge(file: &Path, args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = dengbao().arg("merge").arg(file).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn merge_in(file: &Path, other: &Path) -> (i32, String, String) {
    merge(file, &[other.as_os_str()])
}

fn take(file: &Path, side: &str, item: &str, asset: &str) -> (i32, String, String) {
    merge(
        file,
        &["--take".as_ref(), side.as_ref(), item.as_ref(), asset.as_ref()],
    )
}

fn assert_verifies(file: &Path) {
    let out = dengbao().arg("verify").arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "verify {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn open(file: &Path) -> Store {
    Store::open(file, Access::Read, "test").unwrap()
}

/// (verdict, record) of a pair.
fn result(file: &Path, item: &str, asset: &str) -> (String, String) {
    let store = open(file);
    let object = store.object_by_name(asset).unwrap().unwrap();
    let r = store.result(item, object.id).unwrap().unwrap();
    (r.verdict.as_str().to_string(), r.record)
}

/// Merging the same copy again brings nothing and leaves the file's bytes alone.
fn assert_repeat_changes_nothing(file: &Path, other: &Path, code: i32) {
    let before = sha256_of(file);
    let (again, out, err) = merge_in(file, other);
    assert_eq!(again, code, "{out}{err}");
    assert!(out.contains("nothing new"), "{out}");
    assert_eq!(sha256_of(file), before, "a repeated merge wrote");
}

#[rstest]
#[case::only_they_changed(None, Some(("partial", "乙的记录")), ("partial", "乙的记录"), 0, "1 taken")]
#[case::only_we_changed(Some(("partial", "甲的记录")), None, ("partial", "甲的记录"), 0, "nothing new")]
#[case::both_the_same(Some(("partial", "一致")), Some(("partial", "一致")), ("partial", "一致"), 0, "1 the same")]
#[case::conflict(Some(("partial", "甲的记录")), Some(("non-compliant", "乙的记录")), ("partial", "甲的记录"), 1, "conflict")]
#[case::assessed_beats_not_assessed_theirs(Some(("not-assessed", "")), Some(("compliant", "乙的记录")), ("compliant", "乙的记录"), 0, "1 taken")]
#[case::assessed_beats_not_assessed_ours(Some(("compliant", "甲的记录")), Some(("not-assessed", "")), ("compliant", "甲的记录"), 0, "1 kept")]
fn results_merge_three_way(
    #[case] ours: Option<(&str, &str)>,
    #[case] theirs: Option<(&str, &str)>,
    #[case] expected: (&str, &str),
    #[case] code: i32,
    #[case] says: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    if let Some((v, r)) = ours {
        set(&a, "甲", ITEM, ASSET, v, r);
    }
    if let Some((v, r)) = theirs {
        set(&b, "乙", ITEM, ASSET, v, r);
    }
    let (got, out, err) = merge_in(&a, &b);
    assert_eq!(got, code, "{out}{err}");
    assert!(out.contains(says), "expected '{says}' in:\n{out}");
    assert_eq!(
        result(&a, ITEM, ASSET),
        (expected.0.to_string(), expected.1.to_string())
    );
    assert_verifies(&a);
    assert_repeat_changes_nothing(&a, &b, code);
    assert_verifies(&a);
}

#[test]
fn a_conflict_lists_both_values_with_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    set(&a, "甲", ITEM, ASSET, "partial", "甲的记录");
    set(&b, "乙", ITEM, ASSET, "non-compliant", "乙的记录");
    let (code, out, _) = merge_in(&a, &b);
    assert_eq!(code, 1);
    for text in [
        ITEM,
        ASSET,
        "partial",
        "甲的记录",
        "non-compliant",
        "乙的记录",
        "(甲, ",
        "(乙, ",
        "--take",
    ] {
        assert!(out.contains(text), "'{text}' missing in:\n{out}");
    }
}

#[rstest]
#[case::theirs("theirs", ("non-compliant", "乙的记录"))]
#[case::ours("ours", ("partial", "甲的记录"))]
fn take_resolves_a_conflict(#[case] side: &str, #[case] expected: (&str, &str)) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    set(&a, "甲", ITEM, ASSET, "partial", "甲的记录");
    set(&b, "乙", ITEM, ASSET, "non-compliant", "乙的记录");
    set(&a, "甲", "L3-CES1-02", ASSET, "partial", "甲二");
    set(&b, "乙", "L3-CES1-02", ASSET, "compliant", "乙二");
    assert_eq!(merge_in(&a, &b).0, 1);
    let (code, out, err) = take(&a, side, ITEM, ASSET);
    assert_eq!(code, 1, "one conflict is still open: {out}{err}");
    assert_eq!(
        result(&a, ITEM, ASSET),
        (expected.0.to_string(), expected.1.to_string())
    );
    let (code, out, _) = take(&a, "ours", "L3-CES1-02", ASSET);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no open merge conflicts"), "{out}");
    assert_verifies(&a);
    // Resolved is resolved: merging the same copy again finds nothing to decide.
    assert_repeat_changes_nothing(&a, &b, 0);
    // And the colleague, merging the resolved file, takes the resolution.
    let (code, out, _) = merge_in(&b, &a);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        result(&b, ITEM, ASSET),
        (expected.0.to_string(), expected.1.to_string())
    );
    assert_verifies(&b);
}

#[test]
fn recording_a_conflicted_pair_anew_settles_the_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    set(&a, "甲", ITEM, ASSET, "partial", "甲的记录");
    set(&b, "乙", ITEM, ASSET, "non-compliant", "乙的记录");
    assert_eq!(merge_in(&a, &b).0, 1);
    assert_eq!(open(&a).open_conflict_count().unwrap(), 1);
    set(&a, "丙", ITEM, ASSET, "non-compliant", "两人记录合并后的结论");
    assert_eq!(open(&a).open_conflict_count().unwrap(), 0, "the edit settles it");
    let resolution: String = rusqlite::Connection::open(&a)
        .unwrap()
        .query_row("SELECT resolution FROM merge_conflict", [], |r| r.get(0))
        .unwrap();
    assert_eq!(resolution, "edited");
    assert_verifies(&a);
    // The edit joined their history: merging their copy again decides nothing.
    assert_repeat_changes_nothing(&a, &b, 0);
    // And the colleague takes the edit.
    assert_eq!(merge_in(&b, &a).0, 0);
    assert_eq!(
        result(&b, ITEM, ASSET),
        ("non-compliant".to_string(), "两人记录合并后的结论".to_string())
    );
    assert_verifies(&b);
}

#[rstest]
#[case::no_conflict_there(&["--take", "theirs", ITEM, ASSET])]
#[case::unknown_item(&["--take", "theirs", "L3-NOPE-99", ASSET])]
#[case::unknown_asset(&["--take", "theirs", ITEM, "NO-SUCH-HOST"])]
#[case::unknown_side(&["--take", "mine", ITEM, ASSET])]
fn take_without_a_conflict_is_bad_input(#[case] args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = copies(dir.path());
    let before = sha256_of(&a);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_ref()).collect();
    let (code, out, err) = merge(&a, &args);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        args[1..].iter().any(|a| err.contains(a.to_str().unwrap())),
        "the error names the bad value: {err}"
    );
    assert_eq!(sha256_of(&a), before);
}

fn attach(file: &Path, who: &str, name: &str, bytes: &[u8]) {
    let path = file.with_file_name(name);
    std::fs::write(&path, bytes).unwrap();
    dengbao()
        .env("DENGBAO_EVALUATOR", who)
        .arg("attach")
        .arg(file)
        .arg(&path)
        .args(["--item", ITEM, "--asset", ASSET])
        .assert()
        .success();
}

#[test]
fn evidence_from_both_sides_is_united_and_bytes_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    attach(&a, "甲", "ours.png", b"same bytes on both sides");
    attach(&b, "乙", "theirs.png", b"same bytes on both sides");
    attach(&b, "乙", "other.txt", b"bytes only they have");
    let (code, out, err) = merge_in(&a, &b);
    assert_eq!(code, 0, "{out}{err}");
    let store = open(&a);
    let names: Vec<String> = store.evidence().unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().any(|n| n == "theirs.png") && names.iter().any(|n| n == "other.txt"));
    assert_eq!(store.contents().unwrap().len(), 2, "same bytes stored once");
    assert_eq!(store.evidence_counts().unwrap().values().sum::<usize>(), 3);
    drop(store);
    assert_verifies(&a);
    assert_repeat_changes_nothing(&a, &b, 0);
}

fn add_asset(file: &Path, kind: &str, name: &str) {
    dengbao()
        .args(["asset", "add"])
        .arg(file)
        .args(["--kind", kind, "--name", name])
        .assert()
        .success();
}

fn edit_asset(file: &Path, name: &str, args: &[&str]) {
    dengbao()
        .args(["asset", "edit"])
        .arg(file)
        .arg(name)
        .args(args)
        .assert()
        .success();
}

#[test]
fn object_details_fill_empty_fields_and_differences_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    edit_asset(&a, ASSET, &["--os", "CentOS 7.9"]);
    edit_asset(&b, ASSET, &["--ip", "10.1.2.3", "--os", "麒麟 V10"]);
    let (code, out, err) = merge_in(&a, &b);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("filled: {ASSET} ip = '10.1.2.3'")), "{out}");
    assert!(
        out.contains(&format!(
            "differs: {ASSET} os: ours 'CentOS 7.9', theirs '麒麟 V10'"
        )),
        "{out}"
    );
    let object = open(&a).object_by_name(ASSET).unwrap().unwrap();
    assert_eq!(
        (object.profile.ip.as_str(), object.profile.os.as_str()),
        ("10.1.2.3", "CentOS 7.9")
    );
    assert_verifies(&a);
    // Again: nothing to write, the difference still said.
    let before = sha256_of(&a);
    let (code, out, _) = merge_in(&a, &b);
    assert_eq!(code, 0);
    assert!(out.contains("nothing new") && out.contains("differs:"), "{out}");
    assert_eq!(sha256_of(&a), before);
}

#[test]
fn an_object_removed_in_their_copy_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    dengbao()
        .args(["asset", "remove"])
        .arg(&b)
        .args([ASSET, "--force"])
        .assert()
        .success();
    let (code, out, err) = merge_in(&a, &b);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("their copy removed {ASSET} from the scope")),
        "{out}"
    );
    assert_eq!(result(&a, ITEM, ASSET).1, "base", "kept with its result");
}

#[test]
fn objects_added_on_both_sides_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    add_asset(&a, "server", "PACS-01");
    add_asset(&b, "server", "LIS-01");
    add_asset(&a, "database", "EMR-DB");
    add_asset(&b, "database", "EMR-DB");
    set(&b, "乙", ITEM, "EMR-DB", "partial", "他们的 EMR-DB");
    set(&b, "乙", ITEM, "LIS-01", "compliant", "LIS");
    let (code, out, err) = merge_in(&a, &b);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("same name: 'EMR-DB'"), "{out}");
    let store = open(&a);
    let names: Vec<String> = store.objects().unwrap().into_iter().map(|o| o.name).collect();
    assert!(names.contains(&"PACS-01".to_string()) && names.contains(&"LIS-01".to_string()));
    let emr: Vec<&String> = names.iter().filter(|n| n.starts_with("EMR-DB")).collect();
    assert_eq!(emr.len(), 2, "{names:?}");
    let theirs = emr.iter().find(|n| n.as_str() != "EMR-DB").unwrap().to_string();
    drop(store);
    assert!(out.contains(&theirs), "the added name is reported: {out}");
    assert_eq!(result(&a, ITEM, &theirs).1, "他们的 EMR-DB");
    assert_eq!(result(&a, ITEM, "LIS-01").0, "compliant");
    assert_verifies(&a);
    assert_repeat_changes_nothing(&a, &b, 0);
}

#[test]
fn journal_entries_and_interviews_are_united() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    for (file, what) in [(&a, "我们看了机房"), (&b, "他们查了配置")] {
        dengbao()
            .args(["journal", "add"])
            .arg(file)
            .args([
                "--at",
                "2026-11-20 09:30",
                "--where",
                "信息科",
                "--who",
                "王五",
                "--what",
                what,
            ])
            .assert()
            .success();
    }
    dengbao()
        .arg("interview")
        .arg(&b)
        .args(["--item", "L3-PSS1-01", "--who", "王五", "--role", "信息科主任"])
        .args(["--at", "2026-11-20 10:00", "--summary", "安全方针每年评审"])
        .assert()
        .success();
    let (code, out, err) = merge_in(&a, &b);
    assert_eq!(code, 0, "{out}{err}");
    let store = open(&a);
    let journal: Vec<String> = store.journal().unwrap().into_iter().map(|j| j.summary).collect();
    assert_eq!(journal.len(), 3, "{journal:?}");
    assert!(journal.iter().any(|s| s == "他们查了配置"));
    assert!(
        store.journal().unwrap().iter().any(|j| j.evidence_id.is_some()),
        "the interview keeps its evidence"
    );
    drop(store);
    assert_verifies(&a);
    assert_repeat_changes_nothing(&a, &b, 0);
}

#[test]
fn a_merge_of_a_merge_brings_all_three_copies_together() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    let c = copy(&a, "c.dengbao");
    set(&a, "甲", "L3-CES1-02", ASSET, "compliant", "甲");
    set(&b, "乙", "L3-CES1-03", ASSET, "partial", "乙");
    set(&c, "丙", "L3-CES1-04", ASSET, "non-compliant", "丙");
    set(&b, "乙", ITEM, ASSET, "partial", "同样");
    set(&c, "丙", ITEM, ASSET, "partial", "同样");
    assert_eq!(merge_in(&a, &b).0, 0);
    let (code, out, err) = merge_in(&c, &a);
    assert_eq!(code, 0, "{out}{err}");
    for (item, verdict) in [
        ("L3-CES1-02", "compliant"),
        ("L3-CES1-03", "partial"),
        ("L3-CES1-04", "non-compliant"),
        (ITEM, "partial"),
    ] {
        assert_eq!(result(&c, item, ASSET).0, verdict, "{item}");
    }
    assert_verifies(&c);
    assert_eq!(merge_in(&a, &c).0, 0);
    assert_eq!(result(&a, "L3-CES1-04", ASSET).0, "non-compliant");
    assert_verifies(&a);
    assert_repeat_changes_nothing(&a, &c, 0);
    assert_repeat_changes_nothing(&c, &a, 0);
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    set(&a, "甲", ITEM, ASSET, "partial", "甲的记录");
    set(&b, "乙", ITEM, ASSET, "non-compliant", "乙的记录");
    set(&b, "乙", "L3-CES1-02", ASSET, "compliant", "乙二");
    attach(&b, "乙", "theirs.png", b"their bytes");
    let before = sha256_of(&a);
    let (code, out, _) = merge(&a, &[b.as_os_str(), "--dry-run".as_ref()]);
    assert_eq!(code, 1, "a conflict would stay open: {out}");
    assert!(
        out.contains("would merge") && out.contains("1 taken") && out.contains("conflict"),
        "{out}"
    );
    assert_eq!(sha256_of(&a), before, "--dry-run wrote");
    assert!(!a.with_file_name("a.dengbao-wal").exists() || sha256_of(&a) == before);
    let (code, real, _) = merge_in(&a, &b);
    assert_eq!(code, 1);
    assert!(real.contains("1 taken"), "{real}");
}

#[test]
fn different_engagements_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = copies(dir.path());
    let x = engagement(dir.path(), "x.dengbao", "3");
    let before = sha256_of(&a);
    let (code, out, err) = merge_in(&a, &x);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("a.dengbao") && err.contains("x.dengbao") && err.contains("different engagements"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(sha256_of(&a), before);
}

#[test]
fn merge_writes_one_audit_row_naming_both_heads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = copies(dir.path());
    set(&b, "乙", ITEM, ASSET, "partial", "乙的记录");
    let (ours, theirs) = (open(&a).audit_head().unwrap(), open(&b).audit_head().unwrap());
    assert_eq!(merge_in(&a, &b).0, 0);
    let rows = open(&a).audit_rows().unwrap();
    assert_eq!(rows.len(), ours.0 + 1);
    let last = rows.last().unwrap();
    assert_eq!(last.action, "merge");
    let detail: serde_json::Value = serde_json::from_str(&last.detail).unwrap();
    assert_eq!(detail["ours_head"], ours.1.as_str());
    assert_eq!(detail["theirs_head"], theirs.1.as_str());
}
