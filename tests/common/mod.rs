//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod screen;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sha2::{Digest, Sha256};

/// The binary, with a fixed evaluator name and no user packs from the environment.
pub fn dengbao() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("dengbao");
    cmd.env("DENGBAO_EVALUATOR", "测评师甲")
        .env_remove("DENGBAO_PACKS");
    cmd
}

/// A level-`level` engagement `name` in `dir`, with a server, a database and a machine room.
pub fn engagement(dir: &Path, name: &str, level: &str) -> PathBuf {
    let file = dir.join(name);
    dengbao()
        .args(["new"])
        .arg(&file)
        .args([
            "--system",
            "HIS 医院信息系统",
            "--org",
            "示例人民医院",
            "--level",
            level,
        ])
        .assert()
        .success();
    for (kind, object) in [
        ("server", "HIS-APP-01"),
        ("database", "HIS-DB"),
        ("machine-room", "主机房"),
    ] {
        dengbao()
            .args(["asset", "add"])
            .arg(&file)
            .args(["--kind", kind, "--name", object])
            .assert()
            .success();
    }
    file
}

pub fn sha256_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn status_json(file: &Path) -> serde_json::Value {
    let out = dengbao().arg("status").arg(file).arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

mod pack;
#[allow(unused_imports)]
pub use pack::big_pack;

/// The Chinese HTML report of `file`, written beside it (replacing an earlier one).
pub fn report_html(file: &Path) -> String {
    let html = file.with_extension("html");
    dengbao()
        .arg("report")
        .arg(file)
        .arg("--out")
        .arg(&html)
        .arg("--force")
        .assert()
        .success();
    std::fs::read_to_string(&html).unwrap()
}
