//! Faults: a full disk, read-only media, another user's reads, readers during a
//! checkpoint, and processes killed at random moments. The engagement is never lost or
//! locked out, and what a command reported as done is there afterwards.
//!
//! Small disks are tmpfs mounts (the tests run as root, as CI does); where mounting is
//! not possible they fall back to RLIMIT_FSIZE. The long crash runs (50 trials) run when
//! `DENGBAO_PROOF=full`, which `.ci/run` sets; otherwise a few trials.

#![cfg(unix)]

mod common;
mod support;

use std::io::{BufRead, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::dengbao;
use predicates::prelude::*;
use support::Builder;

/// A tmpfs of `size` mounted for the test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0777"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        assert!(
            Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(self.path())
                .status()
                .unwrap()
                .success()
        );
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

fn is_root() -> bool {
    // SAFETY: no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Runs `dengbao` with the file size limited to `bytes` (the fallback for a full disk):
/// writes beyond it fail instead of killing the process.
fn with_file_size_limit(cmd: &mut Command, bytes: u64) -> &mut Command {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

fn bin() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin!("dengbao"));
    c.env("DENGBAO_EVALUATOR", support::ACTOR)
        .env_remove("DENGBAO_PACKS");
    c
}

fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn attach_file(file: &Path, path: &Path) -> Command {
    let mut c = bin();
    c.arg("attach")
        .arg(file)
        .arg(path)
        .args(["--item", "L3-CES1-01", "--asset", "HIS-DB"]);
    c
}

fn evidence_names(file: &Path) -> Vec<String> {
    let out = dengbao()
        .args(["evidence", "list", "--json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    v.iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

/// `n` bytes that differ from every other call's.
fn unique_bytes(n: usize, tag: u64) -> Vec<u8> {
    let mut x = tag.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_full_disk_is_reported_as_such_and_everything_committed_survives_it() {
    let Some(disk) = SmallDisk::mount("24m") else {
        return full_disk_by_file_size_limit();
    };
    let file = Builder::level3(disk.path(), "e.dengbao").done();
    let report = disk.path().join("r.html");
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&report)
        .assert()
        .success();
    let report_before = std::fs::read(&report).unwrap();
    // Room to give back later.
    let filler = disk.path().join("filler");
    std::fs::write(&filler, vec![0u8; 4 << 20]).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut attached = Vec::new();
    let mut full = None;
    for n in 0..40 {
        let path = scratch.path().join(format!("capture-{n:02}.bin"));
        std::fs::write(&path, unique_bytes(3 << 20, n)).unwrap();
        let (code, out) = run(&mut attach_file(&file, &path));
        if code == 0 {
            attached.push(format!("capture-{n:02}.bin"));
        } else {
            full = Some(out);
            break;
        }
    }
    let message = full.expect("the disk filled up");
    assert!(message.contains("the disk is full"), "{message}");
    assert!(
        !message.contains("damaged") && !message.contains("truncated"),
        "{message}"
    );
    // Reading still works on the full disk, with every committed attachment.
    assert_eq!(evidence_names(&file), attached);
    // A report onto the full disk fails and leaves the previous one as it was.
    let (code, out) = run(bin()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&report)
        .arg("--force"));
    assert_ne!(code, 0, "{out}");
    assert_eq!(std::fs::read(&report).unwrap(), report_before);
    // So does a new engagement: nothing is left under its name.
    let (code, _) = run(bin()
        .arg("new")
        .arg(disk.path().join("n.dengbao"))
        .args(["--system", "S", "--org", "O", "--level", "3"]));
    assert_ne!(code, 0);
    assert!(!disk.path().join("n.dengbao").exists());
    // Space freed: the engagement opens, works and verifies.
    std::fs::remove_file(&filler).unwrap();
    let path = scratch.path().join("after.bin");
    std::fs::write(&path, unique_bytes(1 << 20, 999)).unwrap();
    let (code, out) = run(&mut attach_file(&file, &path));
    assert_eq!(code, 0, "{out}");
    attached.push("after.bin".into());
    assert_eq!(evidence_names(&file), attached);
    dengbao().arg("verify").arg(&file).assert().success();
    let leftovers: Vec<String> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Without mounts: writes past RLIMIT_FSIZE fail like a full disk.
fn full_disk_by_file_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::level3(dir.path(), "e.dengbao").done();
    let size = std::fs::metadata(&file).unwrap().len();
    let big = dir.path().join("big.bin");
    std::fs::write(&big, unique_bytes(8 << 20, 1)).unwrap();
    let (code, out) = run(with_file_size_limit(
        &mut attach_file(&file, &big),
        size + (1 << 20),
    ));
    assert_ne!(code, 0, "{out}");
    assert!(!out.contains("damaged"), "{out}");
    assert!(evidence_names(&file).is_empty());
    dengbao().arg("verify").arg(&file).assert().success();
}

#[test]
fn an_interrupted_checkpoint_does_not_lock_the_engagement_out() {
    // The state a crash mid-checkpoint leaves: the file's header already counts pages
    // the file does not have yet, while the write-ahead log still holds them.
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::typical(dir.path(), "e.dengbao");
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    let copy = crashed.join("e.dengbao");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute(
            "UPDATE result SET record = 'written before the crash' WHERE item_id = 'L3-CES1-01'",
            [],
        )
        .unwrap();
        let blob = vec![7u8; 3 << 20];
        conn.execute(
            "INSERT INTO chunk (content_id, seq, data) VALUES (1, 99, ?1)",
            [&blob],
        )
        .unwrap();
        std::fs::copy(&file, &copy).unwrap();
        std::fs::copy(dir.path().join("e.dengbao-wal"), crashed.join("e.dengbao-wal")).unwrap();
        // The connection is never closed: no checkpoint.
        std::mem::forget(conn);
    }
    let mut bytes = std::fs::read(&copy).unwrap();
    let pages = u32::from_be_bytes(bytes[28..32].try_into().unwrap()) + 48;
    bytes[28..32].copy_from_slice(&pages.to_be_bytes());
    std::fs::write(&copy, &bytes).unwrap();
    let out = dengbao().args(["status", "--json"]).arg(&copy).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let record: String = conn
        .query_row(
            "SELECT record FROM result WHERE item_id = 'L3-CES1-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(record, "written before the crash");
}

#[test]
fn readers_during_checkpoints_are_never_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = Builder::level3(dir.path(), "e.dengbao").done();
    let writer = {
        let file = file.clone();
        let dir = dir.path().to_path_buf();
        std::thread::spawn(move || {
            for n in 0..24 {
                let path = dir.join(format!("c{n}.bin"));
                std::fs::write(&path, unique_bytes(6 << 20, n)).unwrap();
                let (code, out) = run(&mut attach_file(&file, &path));
                assert_eq!(code, 0, "{out}");
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() {
        let (code, out) = run(bin().arg("status").arg(&file));
        assert!(
            code == 0 || out.contains("locked") || out.contains("busy"),
            "read {reads}: {out}"
        );
        assert!(!out.contains("truncated") && !out.contains("damaged"), "{out}");
        reads += 1;
    }
    writer.join().unwrap();
    assert!(reads > 0);
    dengbao().arg("verify").arg(&file).assert().success();
}

/// A copy of the binary and a folder the unprivileged user can reach.
fn for_nobody() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("dengbao-shared")
        .tempdir_in("/tmp")
        .unwrap();
    let bin = dir.path().join("dengbao");
    std::fs::copy(assert_cmd::cargo::cargo_bin!("dengbao"), &bin).unwrap();
    set_mode(dir.path(), 0o755);
    (dir, bin)
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn as_nobody(bin: &Path) -> Command {
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin)
        .env("DENGBAO_EVALUATOR", "reviewer")
        .env("HOME", "/tmp");
    c
}

#[test]
fn another_users_reads_work_and_leave_nothing_that_blocks_the_owner() {
    if !is_root() {
        eprintln!("needs root to act as another user; run as root (CI does)");
        return;
    }
    let (dir, bin) = for_nobody();
    let file = Builder::typical(dir.path(), "e.dengbao");
    set_mode(&file, 0o644);
    // A folder the reader may not write (0755, owned by root), then one it may (1777).
    for folder_mode in [0o755, 0o1777] {
        set_mode(dir.path(), folder_mode);
        for args in [
            &["status"][..],
            &["verify"][..],
            &["evidence", "list"][..],
            &["check"][..],
        ] {
            let (code, out) = run(as_nobody(&bin).args(args).arg(&file));
            assert!(
                code == 0 || (args[0] == "check" && code == 1),
                "{args:?} as another user: {out}"
            );
            assert!(!out.contains("the file is damaged"), "{out}");
        }
        let theirs: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| {
                use std::os::unix::fs::MetadataExt;
                let e = e.unwrap();
                (e.metadata().unwrap().uid() != 0).then(|| e.file_name().to_string_lossy().into_owned())
            })
            .collect();
        assert!(theirs.is_empty(), "the reader left files behind: {theirs:?}");
    }
    // The owner goes on writing.
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PES1-01", "--asset", "主机房", "--verdict", "compliant"])
        .assert()
        .success();
    let (code, out) = run(as_nobody(&bin).arg("set").arg(&file).args([
        "L3-PES1-02",
        "--asset",
        "主机房",
        "--verdict",
        "compliant",
    ]));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot be changed here"), "{out}");
}

#[test]
fn a_write_protected_medium_can_be_read_and_verified() {
    let Some(disk) = SmallDisk::mount("16m") else {
        eprintln!("no tmpfs mount here: covered by the other-user test");
        return;
    };
    // A file with a write-ahead log left behind, as a laptop that died would leave it.
    let work = tempfile::tempdir().unwrap();
    let original = Builder::typical(work.path(), "e.dengbao");
    {
        let conn = rusqlite::Connection::open(&original).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute("UPDATE object SET detail = 'x' WHERE id = 0", [])
            .unwrap();
        for suffix in ["", "-wal"] {
            std::fs::copy(
                work.path().join(format!("e.dengbao{suffix}")),
                disk.path().join(format!("e.dengbao{suffix}")),
            )
            .unwrap();
        }
        std::mem::forget(conn);
    }
    let file = disk.path().join("e.dengbao");
    let expected = common::status_json(&file);
    disk.remount_read_only();
    for args in [
        &["status"][..],
        &["verify"][..],
        &["evidence", "list"][..],
        &["info"][..],
    ] {
        let (code, out) = run(bin().args(args).arg(&file));
        assert_eq!(code, 0, "{args:?} on read-only media: {out}");
    }
    assert_eq!(common::status_json(&file), expected);
    let export = tempfile::tempdir().unwrap();
    dengbao()
        .args(["evidence", "export"])
        .arg(&file)
        .arg("--out")
        .arg(export.path().join("x"))
        .assert()
        .success();
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PES1-01", "--asset", "主机房", "--verdict", "compliant"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be changed here"));
}

// ---- the crash harness ----------------------------------------------------------------

const CHILD: &str = "DENGBAO_CRASH_CHILD";

/// The writer the crash test kills: verdicts with records, attachments of 1–50 MB and
/// interviews, each reported on stdout once it returned.
#[test]
#[ignore = "run by the crash test as its child process"]
fn crash_child() {
    let Ok(file) = std::env::var(CHILD) else { return };
    let seed: u64 = std::env::var("DENGBAO_CRASH_SEED").unwrap().parse().unwrap();
    let mut store =
        dengbao::store::Store::open(Path::new(&file), dengbao::store::Access::Write, "writer").unwrap();
    let items = store.items().unwrap();
    let objects = store.objects().unwrap();
    let pairs: Vec<(String, String)> = items
        .iter()
        .flat_map(|i| {
            objects
                .iter()
                .filter(|o| i.applies_to.contains(&o.kind))
                .map(|o| (i.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let scratch = PathBuf::from(&file).with_extension("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut out = std::io::stdout().lock();
    let mut x = seed | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for n in 0.. {
        let (item, object) = &pairs[(seed as usize * 7919 + n * 31) % pairs.len()];
        let pair = dengbao::ops::results::pair(&store, item, Some(object), || None).unwrap();
        match next() % 4 {
            0 | 1 => {
                let record = format!("record {seed}-{n}");
                dengbao::ops::results::set(
                    &mut store,
                    &pair,
                    &dengbao::domain::result::ResultUpdate {
                        verdict: Some(dengbao::domain::Verdict::Compliant),
                        record: Some(record.clone()),
                        ..Default::default()
                    },
                )
                .unwrap();
                writeln!(out, "OP R {item}\t{object}\t{record}").unwrap();
            }
            2 => {
                let size = (1 + next() % 50) as usize * (1 << 20);
                let name = format!("capture-{seed}-{n}.bin");
                let path = scratch.join(&name);
                std::fs::write(&path, unique_bytes(size, seed * 1000 + n as u64)).unwrap();
                let e =
                    dengbao::ops::attach::file(&mut store, &path, &pair, &Default::default(), &mut |_| true)
                        .unwrap();
                std::fs::remove_file(&path).unwrap();
                writeln!(out, "OP A {name}\t{}", e.sha256).unwrap();
            }
            _ => {
                let who = format!("访谈对象 {seed}-{n}");
                let pair = dengbao::ops::results::pair(&store, "L3-PSS1-01", None, || None).unwrap();
                dengbao::ops::attach::interview(
                    &mut store,
                    &dengbao::domain::evidence::Interview {
                        who: who.clone(),
                        role: "主任".into(),
                        at: "2026-11-18T02:00:00Z".into(),
                        summary: "摘要".into(),
                    },
                    &pair,
                )
                .unwrap();
                writeln!(out, "OP I {who}").unwrap();
            }
        }
        out.flush().unwrap();
    }
}

#[test]
fn killed_at_random_moments_the_engagement_opens_verifies_and_keeps_every_reported_change() {
    let trials = if std::env::var("DENGBAO_PROOF").as_deref() == Ok("full") {
        50
    } else {
        5
    };
    let dir = tempfile::tempdir().unwrap();
    let template = Builder::typical(dir.path(), "template.dengbao");
    for trial in 0..trials {
        let file = dir.path().join(format!("trial-{trial}.dengbao"));
        std::fs::copy(&template, &file).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, &file)
            .env("DENGBAO_CRASH_SEED", (trial as u64 + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill after a varying number of reported changes, or at a varying time: both
        // land inside transactions, attaches and checkpoints.
        let wait = Duration::from_millis(150 + (trial as u64 * 397) % 2500);
        let stdout = child.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with("OP "))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        let reported = lines.join().unwrap();
        check_after_crash(&file, &reported, trial);
        let _ = std::fs::remove_dir_all(file.with_extension("scratch"));
        std::fs::remove_file(&file).unwrap();
    }
}

fn check_after_crash(file: &Path, reported: &[String], trial: usize) {
    let verify = bin().arg("verify").arg(file).output().unwrap();
    assert!(
        verify.status.success(),
        "trial {trial}: verify failed after {} changes:\n{}{}",
        reported.len(),
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let conn = rusqlite::Connection::open(file).unwrap();
    for line in reported {
        let fields: Vec<&str> = line[5..].split('\t').collect();
        let present: i64 = match &line[..4] {
            "OP R" => conn.query_row(
                "SELECT count(*) FROM result_revision v JOIN object o ON o.id = v.object_id
                 WHERE v.item_id = ?1 AND o.name = ?2 AND v.record = ?3",
                [fields[0], fields[1], fields[2]],
                |r| r.get(0),
            ),
            "OP A" => conn.query_row(
                "SELECT count(*) FROM evidence e JOIN content c ON c.id = e.content_id
                 WHERE e.name = ?1 AND c.sha256 = ?2",
                [fields[0], fields[1]],
                |r| r.get(0),
            ),
            _ => conn.query_row("SELECT count(*) FROM journal WHERE who = ?1", [fields[0]], |r| {
                r.get(0)
            }),
        }
        .unwrap();
        assert_eq!(present, 1, "trial {trial}: reported but missing: {line}");
    }
}
