//! Evidence custody: streaming ingest, dedup, hostile names, export, verification,
//! bundles, and resilience against a killed process or tampering.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{dengbao, engagement};
use predicates::prelude::*;

fn attach(file: &Path, paths: &[&Path], extra: &[&str]) -> assert_cmd::assert::Assert {
    dengbao()
        .arg("attach")
        .arg(file)
        .args(paths)
        .args(["--item", "L3-CES1-01", "--asset", "HIS-DB"])
        .args(extra)
        .assert()
}

fn evidence_json(file: &Path) -> Vec<serde_json::Value> {
    let out = dengbao()
        .args(["evidence", "list"])
        .arg(file)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(file: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn attach_records_metadata_and_stores_the_same_bytes_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let png = dir.path().join("口令策略.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR rest of a picture").unwrap();
    let copy = dir.path().join("copy-of-policy.png");
    std::fs::copy(&png, &copy).unwrap();
    attach(
        &file,
        &[&png],
        &[
            "--method",
            "examine",
            "--captured-at",
            "2026-11-20T09:30:00+08:00",
            "--sensitive",
        ],
    )
    .success();
    attach(&file, &[&copy], &[]).success();
    let rows = evidence_json(&file);
    assert_eq!(rows.len(), 2);
    let first = &rows[0];
    assert_eq!(first["name"], "口令策略.png");
    assert_eq!(first["media_type"], "image/png");
    assert_eq!(first["captured_at"], "2026-11-20T01:30:00Z");
    assert_eq!(first["added_by"], "测评师甲");
    assert_eq!(first["method"], "examine");
    assert_eq!(first["sensitive"], true);
    assert_eq!(first["links"][0]["item"], "L3-CES1-01");
    assert_eq!(first["links"][0]["object"], "HIS-DB");
    assert_eq!(rows[1]["sha256"], first["sha256"]);
    assert_ne!(rows[1]["added_at"], serde_json::Value::Null);
    // Default captured-at is the file's modification time, not now.
    let mtime = jiff::Timestamp::try_from(std::fs::metadata(&copy).unwrap().modified().unwrap()).unwrap();
    assert_eq!(rows[1]["captured_at"], mtime.to_string());
    assert_eq!(count(&file, "SELECT count(*) FROM content"), 1);
    assert_eq!(count(&file, "SELECT count(*) FROM evidence_link"), 2);
}

#[test]
fn bad_paths_are_refused_and_nothing_is_written_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let good = dir.path().join("ok.txt");
    std::fs::write(&good, "配置核查记录").unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sub = dir.path().join("folder");
    std::fs::create_dir(&sub).unwrap();
    let missing = dir.path().join("missing.png");
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
    let before = count(&file, "SELECT count(*) FROM audit");
    let out = dengbao()
        .arg("attach")
        .arg(&file)
        .args([&sub, &fifo, &missing, Path::new("/dev/null"), &dangling, &good])
        .args(["--item", "L3-CES1-01", "--asset", "HIS-DB"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for why in [
        "is a directory",
        "is a FIFO",
        "no such file",
        "is a device",
        "a symbolic link to nothing",
    ] {
        assert!(stderr.contains(why), "{why:?} missing in {stderr}");
    }
    assert_eq!(stderr.lines().count(), 5, "{stderr}");
    assert_eq!(evidence_json(&file).len(), 1, "only the good file is attached");
    assert_eq!(count(&file, "SELECT count(*) FROM audit"), before + 1);
    assert_eq!(count(&file, "SELECT count(*) FROM content"), 1);
}

#[test]
fn a_symbolic_link_is_followed_and_the_record_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let real = dir.path().join("real.log");
    std::fs::write(&real, "audit log export").unwrap();
    let link = dir.path().join("latest.log");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    attach(&file, &[&link], &[])
        .success()
        .stdout(predicate::str::contains("symbolic link followed"));
    let rows = evidence_json(&file);
    assert_eq!(rows[0]["followed_symlink"], true);
    assert!(rows[0]["source_path"].as_str().unwrap().contains("-> "));
}

#[test]
fn text_notes_and_interviews_are_evidence_and_interviews_enter_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    attach(&file, &[], &["--text", "现场核查：数据库审计已开启"]).success();
    dengbao()
        .arg("interview")
        .arg(&file)
        .args(["--item", "L3-PSS1-01", "--who", "王五", "--role", "信息科主任"])
        .args([
            "--at",
            "2026-11-20T10:00:00+08:00",
            "--summary",
            "安全方针已发布并每年评审",
        ])
        .assert()
        .success();
    let rows = evidence_json(&file);
    assert_eq!(rows[0]["kind"], "text");
    assert_eq!(rows[1]["kind"], "interview");
    assert_eq!(rows[1]["method"], "interview");
    assert_eq!(rows[1]["captured_at"], "2026-11-20T02:00:00Z");
    assert_eq!(rows[1]["links"][0]["object"], "安全管理");
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM journal WHERE who = '王五' AND evidence_id = 2"
        ),
        1
    );
    dengbao()
        .arg("interview")
        .arg(&file)
        .args([
            "--item",
            "L3-PSS1-01",
            "--who",
            "王五",
            "--role",
            "主任",
            "--at",
            "noon",
            "--summary",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("time 'noon' is not understood"));
}

/// Files with hostile names, attached; returns their paths.
fn hostile_files(dir: &Path) -> Vec<PathBuf> {
    let names: Vec<Vec<u8>> = vec![
        b"line\nbreak.txt".to_vec(),
        b"....x".to_vec(),
        b"bad\xff\xfebytes.bin".to_vec(),
        format!("{}.png", "长".repeat(80)).into_bytes(),
        b"Report.TXT".to_vec(),
        b"report.txt".to_vec(),
        "\u{202E}txt.exe".as_bytes().to_vec(),
    ];
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let p = dir.join(OsStr::from_bytes(&n));
            std::fs::write(&p, format!("content {i}")).unwrap();
            p
        })
        .collect()
}

#[test]
fn export_of_hostile_names_stays_inside_the_folder_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let files = hostile_files(&src);
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    attach(&file, &refs, &[]).success();
    // A name recorded as an absolute path or with ../ (as a hostile file could carry).
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute("UPDATE evidence SET name = '../../escape.txt' WHERE id = 1", [])
        .unwrap();
    conn.execute("UPDATE evidence SET name = '/etc/cron.d/x' WHERE id = 2", [])
        .unwrap();
    conn.execute(
        "UPDATE evidence SET name = ?1 WHERE id = 3",
        [format!("{}.log", "n".repeat(300))],
    )
    .unwrap();
    drop(conn);
    let root = dir.path().join("export-root");
    std::fs::create_dir(&root).unwrap();
    let out = root.join("out");
    dengbao()
        .args(["evidence", "export"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let inside: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap()).collect();
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        1,
        "nothing written beside the folder"
    );
    assert_eq!(inside.len(), files.len() + 1);
    for e in &inside {
        assert!(e.file_type().unwrap().is_file());
        let name = e.file_name().into_string().expect("exported names are UTF-8");
        assert!(
            !name.starts_with('.') && !name.contains('/') && !name.chars().any(char::is_control),
            "{name:?}"
        );
        assert!(name.len() <= 140, "{name}");
    }
    let check = std::process::Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // A second export into the same (now non-empty) folder is refused.
    dengbao()
        .args(["evidence", "export"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
}

#[test]
fn verify_names_exactly_the_damaged_piece() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let a = dir.path().join("a.cfg");
    let b = dir.path().join("b.cfg");
    std::fs::write(&a, "sysname core-switch").unwrap();
    std::fs::write(&b, vec![7u8; 3 << 20]).unwrap();
    attach(&file, &[&a, &b], &[]).success();
    dengbao()
        .arg("verify")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 damaged"));
    let conn = rusqlite::Connection::open(&file).unwrap();
    let content: i64 = conn
        .query_row("SELECT content_id FROM evidence WHERE name = 'b.cfg'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut data: Vec<u8> = conn
        .query_row(
            "SELECT data FROM chunk WHERE content_id = ?1 AND seq = 2",
            [content],
            |r| r.get(0),
        )
        .unwrap();
    data[1000] ^= 0x01;
    conn.execute(
        "UPDATE chunk SET data = ?1 WHERE content_id = ?2 AND seq = 2",
        rusqlite::params![data, content],
    )
    .unwrap();
    drop(conn);
    let out = dengbao().arg("verify").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let damaged: Vec<&str> = stdout.lines().filter(|l| l.starts_with("damaged:")).collect();
    assert_eq!(damaged.len(), 1, "{stdout}");
    assert!(damaged[0].contains("evidence 2 'b.cfg'"), "{stdout}");
    assert!(stdout.contains("chain intact"), "{stdout}");
}

#[test]
fn verify_names_the_first_edited_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET actor = '冒名者' WHERE seq = 3;")
        .unwrap();
    drop(conn);
    dengbao()
        .arg("verify")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "chain broken: row 3 does not match its recorded hash",
        ));
}

#[test]
fn the_audit_log_refuses_edits_through_sql() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let conn = rusqlite::Connection::open(&file).unwrap();
    let err = conn.execute("DELETE FROM audit WHERE seq = 1", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn killing_the_process_mid_attach_leaves_a_consistent_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let big = dir.path().join("capture.pcap");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let block: Vec<u8> = (0..1u32 << 20)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for _ in 0..192 {
            f.write_all(&block).unwrap();
        }
    }
    let wal = PathBuf::from(format!("{}-wal", file.display()));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("dengbao"))
        .arg("attach")
        .arg(&file)
        .arg(&big)
        .args(["--item", "L3-CES1-01", "--asset", "HIS-DB"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the transaction is well under way (the WAL is growing), or give up
    // waiting after a while and kill anyway.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if std::fs::metadata(&wal)
            .map(|m| m.len() > 16 << 20)
            .unwrap_or(false)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&file).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let pieces: i64 = conn
        .query_row("SELECT count(*) FROM evidence", [], |r| r.get(0))
        .unwrap();
    let pending: i64 = conn
        .query_row("SELECT count(*) FROM content WHERE sha256 IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(pieces <= 1);
    assert_eq!(pending, 0, "no half-stored content");
    drop(conn);
    dengbao().arg("verify").arg(&file).assert().success();
    // And the engagement goes on working.
    std::fs::write(&big, "a smaller capture").unwrap();
    attach(&file, &[&big], &[]).success();
    dengbao().arg("verify").arg(&file).assert().success();
}

fn unzip_to(zip_path: &Path, dest: &Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    zip.extract(dest).unwrap();
}

#[test]
fn bundles_leave_out_sensitive_evidence_and_verify_offline() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let shot = dir.path().join("shot.png");
    std::fs::write(&shot, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let ids = dir.path().join("患者名单.xlsx");
    std::fs::write(&ids, "张三 身份证号").unwrap();
    attach(&file, &[&shot], &[]).success();
    attach(&file, &[&ids], &["--sensitive"]).success();
    let zip_path = dir.path().join("bundle.zip");
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(&zip_path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 pieces of evidence, 1 left out as sensitive",
        ));
    dengbao().arg("verify").arg(&zip_path).assert().success();
    let out = dir.path().join("unzipped");
    unzip_to(&zip_path, &out);
    let check = std::process::Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let pieces = manifest["evidence"].as_array().unwrap();
    assert_eq!(pieces[1]["left_out"], "sensitive");
    assert!(pieces[1]["file"].is_null());
    assert_eq!(pieces[1]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(pieces[0]["links"][0]["item"], "L3-CES1-01");
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(
        sums.contains("  report.html\n"),
        "the report travels with the bundle: {sums}"
    );
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !report.contains("患者名单"),
        "a sensitive piece's name stays out of the bundled report"
    );
    let evidence_files = std::fs::read_dir(out.join("evidence")).unwrap().count();
    assert_eq!(evidence_files, 1);
    let head = manifest["audit"]["head"].as_str().unwrap();
    let last_line = std::fs::read_to_string(out.join("audit-log.jsonl"))
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(last_line.contains(head));
    // With --include-sensitive everything goes in.
    let all = dir.path().join("all.zip");
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(&all)
        .arg("--include-sensitive")
        .assert()
        .success()
        .stdout(predicate::str::contains("2 pieces of evidence, 0 left out"));
    // Never replaces an existing file.
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(&all)
        .assert()
        .code(2);
}

#[test]
fn a_tampered_bundle_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let cfg = dir.path().join("acl.txt");
    std::fs::write(&cfg, "rule 5 deny ip").unwrap();
    attach(&file, &[&cfg], &[]).success();
    let zip_path = dir.path().join("b.zip");
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(&zip_path)
        .assert()
        .success();
    // Rebuild the zip with one evidence file changed.
    let src = dir.path().join("x");
    unzip_to(&zip_path, &src);
    let evidence = std::fs::read_dir(src.join("evidence"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&evidence, "rule 5 permit ip").unwrap();
    let forged = dir.path().join("forged.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&forged).unwrap());
    let mut names: Vec<PathBuf> = walk(&src);
    names.sort();
    for p in names {
        let rel = p.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        w.start_file(rel, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &std::fs::read(&p).unwrap()).unwrap();
    }
    w.finish().unwrap();
    dengbao()
        .arg("verify")
        .arg(&forged)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("damaged: evidence/"))
        .stdout(predicate::str::contains("acl.txt: content hashes to"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_journal_entry_is_changed_field_by_field_and_the_change_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "j", "3");
    dengbao()
        .arg("journal")
        .arg("add")
        .arg(&file)
        .args([
            "--at",
            "2026-11-20 09:30",
            "--where",
            "主机房",
            "--who",
            "张工",
            "--what",
            "核查门禁",
        ])
        .assert()
        .success();
    let list = || -> serde_json::Value {
        let out = dengbao()
            .args(["journal", "list"])
            .arg(&file)
            .arg("--json")
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = list();
    let id = before[0]["id"].to_string();
    dengbao()
        .args(["journal", "edit"])
        .arg(&file)
        .arg(&id)
        .args(["--where", "主机房（二层）"])
        .assert()
        .success();
    let after = list();
    assert_eq!(after[0]["location"], "主机房（二层）");
    for same in ["at", "who", "summary", "uid", "kind"] {
        assert_eq!(after[0][same], before[0][same], "{same} unchanged");
    }
    dengbao().arg("verify").arg(&file).assert().success();
    // Bad input: one line naming the value, exit 2, nothing written.
    let sum = common::sha256_of(&file);
    for (args, names) in [
        (vec!["99", "--who", "x"], "99"),
        (vec![id.as_str(), "--what", " "], "what"),
        (vec![id.as_str(), "--at", "昨天"], "昨天"),
    ] {
        let out = dengbao()
            .args(["journal", "edit"])
            .arg(&file)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(names) && err.lines().count() == 1, "{args:?}: {err}");
    }
    assert_eq!(common::sha256_of(&file), sum);
}

#[test]
fn a_tool_report_names_its_tool_and_goes_to_appendix_e_or_f() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "t", "3");
    let scan = dir.path().join("scan-summary.html");
    std::fs::write(&scan, "<h1>scan</h1>").unwrap();
    let target = ["--item", "L3-CES1-01", "--asset", "HIS-DB"];
    attach(
        &file,
        &[&scan],
        &["--tool-report", "scan", "--tool", "漏洞扫描系统 V6.0"],
    )
    .success();
    dengbao()
        .arg("attach")
        .arg(&file)
        .args(["--text", "门户弱口令可登录后台"])
        .args(target)
        .args(["--tool-report", "pentest", "--tool", "渗透工具 1.2"])
        .assert()
        .success();
    // The method is test unless said otherwise.
    let pieces = evidence_json(&file);
    assert!(pieces.iter().all(|e| e["method"] == "test"), "{pieces:?}");
    dengbao().arg("verify").arg(&file).assert().success();
    let html = common::report_html(&file);
    let section = |id: &str| {
        let start = html.find(&format!("id=\"{id}\"")).unwrap();
        html[start..start + html[start..].find("</section>").unwrap()].to_string()
    };
    let (e, f) = (section("app-e"), section("app-f"));
    assert!(
        e.contains("scan-summary.html") && e.contains("漏洞扫描系统 V6.0") && !e.contains("渗透工具"),
        "{e}"
    );
    assert!(
        f.contains("渗透工具 1.2") && !f.contains("scan-summary.html"),
        "{f}"
    );
    // Bad input: one line naming what is wrong, exit 2, nothing written.
    let sum = common::sha256_of(&file);
    for (extra, names) in [
        (vec!["--tool-report", "scan"], "--tool"),
        (vec!["--tool-report", "audit", "--tool", "x"], "audit"),
        (vec!["--tool", "x"], "--tool-report"),
        (vec!["--tool-report", "scan", "--tool", " "], "--tool"),
    ] {
        let out = dengbao()
            .arg("attach")
            .arg(&file)
            .arg(&scan)
            .args(target)
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(names) && err.lines().count() == 1,
            "{extra:?}: {err}"
        );
    }
    assert_eq!(common::sha256_of(&file), sum);
}
