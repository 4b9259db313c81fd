//! Custody: outputs never destroy anything, bundles are signed and forgeries refused,
//! hostile stored values and names neither panic nor reach the terminal raw, and pack
//! files are read safely.

mod common;
mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{dengbao, sha256_hex, sha256_of};
use predicates::prelude::*;
use support::Builder;

fn sqlite3(file: &Path, sql: &str) {
    let out = std::process::Command::new("sqlite3")
        .arg(file)
        .arg(sql)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

// ---- outputs ----------------------------------------------------------------------

#[test]
fn a_report_never_overwrites_the_engagement_or_its_side_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let before = sha256_of(&file);
    let wal = dir.path().join("e.dengbao-wal");
    for (flag, target) in [
        ("--out", file.clone()),
        ("--out", wal.clone()),
        ("--pdf", file.clone()),
    ] {
        let mut cmd = dengbao();
        cmd.arg("report").arg(&file);
        if flag == "--pdf" {
            cmd.arg("--out").arg(dir.path().join("r.html"));
        }
        cmd.arg(flag)
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "refusing to write over the engagement file itself",
            ));
    }
    // Through another path to the same file, too.
    let dotted = dir.path().join(".").join("e.dengbao");
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&dotted)
        .assert()
        .code(2);
    assert_eq!(sha256_of(&file), before);
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
    assert!(
        !dir.path().join("r.html").exists(),
        "nothing is written when a target is refused"
    );
}

#[test]
fn an_existing_file_is_replaced_only_by_force_and_only_when_it_is_an_earlier_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let notes = dir.path().join("notes.html");
    std::fs::write(&notes, "my own notes").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        dengbao()
            .arg("report")
            .arg(&file)
            .arg("--out")
            .arg(&notes)
            .args(extra)
            .assert()
            .code(2);
    }
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my own notes");
    let report = dir.path().join("r.html");
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&report)
        .assert()
        .success();
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&report)
        .arg("--force")
        .assert()
        .success();
    // A report of another engagement is not "an earlier report of this one".
    let other = Builder::typical(dir.path(), "other.dengbao");
    dengbao()
        .arg("report")
        .arg(&other)
        .arg("--out")
        .arg(&report)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not an earlier report of this engagement",
        ));
}

#[test]
fn a_bundle_leaves_an_unrelated_partial_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let partial = dir.path().join("x.zip.partial");
    std::fs::write(&partial, "someone's download").unwrap();
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("x.zip"))
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&partial).unwrap(), "someone's download");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "no temporary files left: {names:?}");
}

// ---- signed bundles and forgeries ----------------------------------------------------

struct Signed {
    dir: tempfile::TempDir,
    bundle: PathBuf,
    public: PathBuf,
}

fn signed_bundle() -> Signed {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let keys = dir.path().join("keys");
    dengbao()
        .args(["key", "new", "--no-passphrase", "--dir"])
        .arg(&keys)
        .assert()
        .success();
    let bundle = dir.path().join("b.zip");
    dengbao()
        .arg("bundle")
        .arg(&file)
        .arg("--out")
        .arg(&bundle)
        .arg("--sign")
        .arg("--key")
        .arg(keys.join("dengbao.key"))
        .assert()
        .success()
        .stdout(predicate::str::contains(", signed"));
    Signed {
        public: keys.join("dengbao.pub"),
        bundle,
        dir,
    }
}

fn entries(zip_path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// The entries with SHA256SUMS recomputed over all the others, as a forger would.
fn with_consistent_sums(mut entries: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    entries.retain(|(n, _)| n != "SHA256SUMS");
    let sums: String = entries
        .iter()
        .map(|(n, b)| format!("{}  {n}\n", sha256_hex(b)))
        .collect();
    entries.push(("SHA256SUMS".into(), sums.into_bytes()));
    entries
}

fn minisign_accepts(dir: &Path, bundle: &Path, public: &Path) -> bool {
    let out = dir.join("unpacked");
    let _ = std::fs::remove_dir_all(&out);
    zip::ZipArchive::new(std::fs::File::open(bundle).unwrap())
        .unwrap()
        .extract(&out)
        .unwrap();
    std::process::Command::new("minisign")
        .args(["-Vm", "manifest.json", "-p"])
        .arg(public)
        .current_dir(&out)
        .output()
        .expect("the minisign command (scripts/test installs it)")
        .status
        .success()
}

#[test]
fn a_signed_bundle_verifies_with_minisign_and_with_the_key() {
    let s = signed_bundle();
    dengbao()
        .arg("verify")
        .arg(&s.bundle)
        .arg("--key")
        .arg(&s.public)
        .assert()
        .success()
        .stdout(predicate::str::contains("signature: valid"));
    assert!(minisign_accepts(s.dir.path(), &s.bundle, &s.public));
    // Without the key the signature is reported but not trusted.
    dengbao()
        .arg("verify")
        .arg(&s.bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("signature: present, not checked"));
}

#[test]
fn a_consistently_forged_report_fails_the_key_and_minisign() {
    let s = signed_bundle();
    let mut e = entries(&s.bundle);
    let report = e.iter().position(|(n, _)| n == "report.html").unwrap();
    e[report].1 = b"<html>everything conforms</html>".to_vec();
    let new_hash = sha256_hex(&e[report].1);
    let manifest = e.iter().position(|(n, _)| n == "manifest.json").unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&e[manifest].1).unwrap();
    for entry in m["entries"].as_array_mut().unwrap() {
        if entry["name"] == "report.html" {
            entry["sha256"] = new_hash.clone().into();
            entry["size"] = 32.into();
        }
    }
    e[manifest].1 = serde_json::to_vec_pretty(&m).unwrap();
    let forged = s.dir.path().join("forged.zip");
    write_zip(&forged, &with_consistent_sums(e));
    dengbao()
        .arg("verify")
        .arg(&forged)
        .arg("--key")
        .arg(&s.public)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature: INVALID"));
    assert!(!minisign_accepts(s.dir.path(), &forged, &s.public));
}

#[test]
fn swapped_evidence_with_a_consistent_manifest_contradicts_the_audit_log() {
    let s = signed_bundle();
    let mut e = entries(&s.bundle);
    let piece = e.iter().position(|(n, _)| n.starts_with("evidence/")).unwrap();
    let old_name = e[piece].0.clone();
    e[piece].1 = b"a different picture".to_vec();
    let new_hash = sha256_hex(&e[piece].1);
    let manifest = e.iter().position(|(n, _)| n == "manifest.json").unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&e[manifest].1).unwrap();
    for entry in m["entries"].as_array_mut().unwrap() {
        if entry["name"] == old_name.as_str() {
            entry["sha256"] = new_hash.clone().into();
        }
    }
    for p in m["evidence"].as_array_mut().unwrap() {
        if p["file"] == old_name.as_str() {
            p["sha256"] = new_hash.clone().into();
            p["size"] = 19.into();
        }
    }
    e[manifest].1 = serde_json::to_vec_pretty(&m).unwrap();
    e.retain(|(n, _)| n != "manifest.json.minisig");
    let forged = s.dir.path().join("forged.zip");
    write_zip(&forged, &with_consistent_sums(e));
    dengbao()
        .arg("verify")
        .arg(&forged)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "sha256, size in the manifest differ from what the audit log recorded",
        ));
    dengbao()
        .arg("verify")
        .arg(&forged)
        .arg("--key")
        .arg(&s.public)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("the bundle is not signed"));
}

#[test]
fn entries_that_could_escape_the_folder_are_refused_even_when_listed() {
    let s = signed_bundle();
    for evil in ["../evil.txt", "/etc/evil.txt", "evidence\\..\\evil.txt"] {
        let mut e = entries(&s.bundle);
        e.push((evil.to_string(), b"payload".to_vec()));
        let forged = s.dir.path().join("evil.zip");
        write_zip(&forged, &with_consistent_sums(e));
        let out = dengbao().arg("verify").arg(&forged).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{evil}: {stdout}");
        assert!(stdout.contains("refused, it has"), "{evil}: {stdout}");
    }
}

#[test]
fn a_duplicated_entry_name_is_refused() {
    let s = signed_bundle();
    let mut e = entries(&s.bundle);
    e.push(("report.htmX".into(), b"<html>forged</html>".to_vec()));
    let forged = s.dir.path().join("dup.zip");
    write_zip(&forged, &e);
    // Rename the added entry to collide with report.html, in place (same length).
    let mut bytes = std::fs::read(&forged).unwrap();
    let from = b"report.htmX";
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(b"report.html");
        }
        i += 1;
    }
    std::fs::write(&forged, &bytes).unwrap();
    let out = dengbao().arg("verify").arg(&forged).output().unwrap();
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(
        all.to_lowercase().contains("more than once") || all.to_lowercase().contains("duplicate"),
        "{all}"
    );
}

#[test]
fn an_inflating_sums_file_is_refused_with_bounded_memory() {
    let s = signed_bundle();
    let mut e = entries(&s.bundle);
    let sums = e.iter().position(|(n, _)| n == "SHA256SUMS").unwrap();
    e[sums].1 = vec![b'a'; 64 << 20];
    let bomb = s.dir.path().join("bomb.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    for (name, bytes) in &e {
        w.start_file(
            name.as_str(),
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20, "it is a bomb");
    dengbao()
        .arg("verify")
        .arg(&bomb)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SHA256SUMS is larger than 16 MiB"));
}

#[test]
fn a_key_is_never_replaced_and_a_locked_key_needs_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("k");
    dengbao()
        .args(["key", "new", "--dir"])
        .arg(&keys)
        .env("DENGBAO_KEY_PASSPHRASE", "长城 2026")
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("dengbao.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let secret = std::fs::read(keys.join("dengbao.key")).unwrap();
    dengbao()
        .args(["key", "new", "--no-passphrase", "--dir"])
        .arg(&keys)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a key already exists here"));
    assert_eq!(std::fs::read(keys.join("dengbao.key")).unwrap(), secret);
    let file = Builder::typical(dir.path(), "e.dengbao");
    let sign = |pass: Option<&str>| {
        let mut cmd = dengbao();
        cmd.arg("bundle")
            .arg(&file)
            .arg("--out")
            .arg(dir.path().join(format!("b-{}.zip", pass.unwrap_or("none"))))
            .arg("--sign")
            .arg("--key")
            .arg(keys.join("dengbao.key"))
            .env_remove("DENGBAO_KEY_PASSPHRASE");
        if let Some(p) = pass {
            cmd.env("DENGBAO_KEY_PASSPHRASE", p);
        }
        cmd.assert()
    };
    sign(None)
        .code(2)
        .stderr(predicate::str::contains("protected by a passphrase"));
    sign(Some("wrong"))
        .code(2)
        .stderr(predicate::str::contains("the passphrase does not open this key"));
    sign(Some("长城 2026")).success();
}

// ---- hostile stored values and names ---------------------------------------------------

#[test]
fn a_malformed_stored_hash_is_an_error_not_a_panic() {
    for hash in [
        "ab",
        "é",
        "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = Builder::typical(dir.path(), "e.dengbao");
        sqlite3(
            &file,
            &format!("UPDATE content SET sha256 = '{hash}' WHERE id = 1"),
        );
        for args in [
            vec!["evidence", "list"],
            vec!["evidence", "export"],
            vec!["bundle"],
            vec!["report"],
        ] {
            let mut cmd = dengbao();
            cmd.args(&args[..args.len().min(2)]);
            if args.len() == 1 {
                cmd.arg(&file).arg("--out").arg(dir.path().join("out.zip"));
            } else if args[0] == "report" {
                cmd.arg(&file).arg("--out").arg(dir.path().join("out.html"));
            } else {
                cmd.arg(&file);
                if args[1] == "export" {
                    cmd.arg("--out").arg(dir.path().join("export"));
                }
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {stderr}");
            if out.status.code() != Some(0) {
                assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
                assert!(stderr.contains("not a SHA-256 digest"), "{args:?}: {stderr}");
            }
        }
        dengbao()
            .arg("verify")
            .arg(&file)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "the stored hash is not a SHA-256 digest",
            ));
        let mut session = dengbao::tui::Session::new(Vec::new(), "t", dir.path().join("home"));
        let opened = session.open(&file);
        assert!(opened.is_err(), "the UI refuses the file with a message");
    }
}

#[test]
fn names_with_terminal_escapes_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let evil = "核心交换机\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}lmth.exe\nsecond line";
    dengbao()
        .args(["asset", "add"])
        .arg(&file)
        .args(["--kind", "network-device", "--name", evil])
        .assert()
        .success();
    for args in [vec!["asset", "list"], vec!["status"], vec!["check"]] {
        let out = dengbao().args(&args).arg(&file).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(!text.contains('\u{1b}'), "{args:?} printed an escape");
        assert!(!text.contains('\u{202e}'), "{args:?} printed a bidi override");
        if args[0] == "asset" {
            assert!(text.contains("核心交换机\\u{1b}[2J"), "{text}");
        }
    }
    let out = dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-CES1-01", "--asset", evil, "--verdict", "bogus"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

// ---- pack files --------------------------------------------------------------------------

#[test]
fn lint_refuses_devices_and_fifos_without_reading_or_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pack.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    dengbao()
        .args(["checklist", "lint", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/dev/zero: is a device, not a file"));
    dengbao()
        .args(["checklist", "lint"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a FIFO, not a file"));
    // A FIFO among user packs is reported and skipped, never waited on.
    dengbao()
        .args(["checklist", "list", "--packs"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stderr(predicate::str::contains("is a FIFO, not a file"));
}

#[test]
fn an_item_id_used_by_another_pack_is_reported_by_lint_and_the_pack_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::fixture("packs/valid/site-extra.toml"))
        .unwrap()
        .replace("SITE-OPS-01", "L3-PES1-03");
    let pack = dir.path().join("clash.toml");
    std::fs::write(&pack, text).unwrap();
    dengbao()
        .args(["checklist", "lint"])
        .arg(&pack)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "item id 'L3-PES1-03' is already used by pack 'gbt22239-2019'",
        ));
    dengbao()
        .arg("new")
        .arg(dir.path().join("e.dengbao"))
        .args(["--system", "S", "--org", "O", "--level", "3", "--packs"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: pack skipped"));
}

#[test]
fn a_large_pack_loads() {
    // 10 000 items: quadratic loading took half a minute here; `cargo bench --bench
    // packs` measures it against parsing the TOML alone.
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("big.toml");
    std::fs::write(&pack, common::big_pack(10_000)).unwrap();
    dengbao()
        .args(["checklist", "lint"])
        .arg(&pack)
        .assert()
        .success()
        .stdout(predicate::str::contains("big.toml: clean"));
}
