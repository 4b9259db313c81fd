//! `dengbao export` (json, csv, xlsx) and `dengbao import --workbook`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{dengbao, status_json};

/// A sample engagement with `assessed` percent of its results recorded.
fn demo(dir: &Path, name: &str, assessed: &str) -> PathBuf {
    let file = dir.join(name);
    dengbao()
        .arg("demo")
        .arg(&file)
        .args(["--assessed", assessed, "--evidence", "4"])
        .assert()
        .success();
    file
}

fn export(file: &Path, format: &str, out: &Path) -> assert_cmd::assert::Assert {
    dengbao()
        .arg("export")
        .arg(file)
        .args(["--format", format, "--out"])
        .arg(out)
        .assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn the_json_export_holds_every_result_with_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "70");
    let out = dir.path().join("e.json");
    export(&file, "json", &out).success();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["format"], "dengbao-export");
    assert_eq!(doc["version"], 1);
    let uid = doc["engagement"]["uid"].as_str().unwrap();
    assert_eq!(doc["marker"], format!("dengbao-engagement {uid}"));
    let mlps: Vec<&str> = doc["packs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["role"] == "baseline" || p["role"] == "extension")
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let pack_of: BTreeMap<&str, &str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["pack"].as_str().unwrap()))
        .collect();
    let results = doc["results"].as_array().unwrap();
    let assessed = results
        .iter()
        .filter(|r| r["verdict"] != "not-assessed")
        .filter(|r| mlps.contains(&pack_of[r["item"].as_str().unwrap()]))
        .count();
    let status = status_json(&file);
    assert_eq!(assessed as u64, status["progress"]["assessed"].as_u64().unwrap());
    for r in results {
        let history = r["history"].as_array().unwrap();
        assert_eq!(history.last().unwrap()["uid"], r["revision"], "{r}");
        assert_eq!(history.last().unwrap()["verdict"], r["verdict"]);
    }
    assert!(doc["audit"]["rows"].as_u64().unwrap() > 0);
    assert_eq!(doc["audit"]["hash"].as_str().unwrap().len(), 64);
    assert!(!doc["objects"].as_array().unwrap().is_empty());
    assert!(doc["evidence"][0]["sha256"].is_string());
}

fn csv_counts(path: &Path) -> BTreeMap<String, u64> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark first"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "item");
    let verdict = headers.iter().position(|h| h == "verdict").unwrap();
    let coverage = headers.iter().position(|h| h == "coverage").unwrap();
    let mut counts = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[coverage] == "mlps" {
            *counts.entry(row[verdict].to_string()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn csv_verdict_counts_equal_status() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "55");
    let out = dir.path().join("e.csv");
    export(&file, "csv", &out).success();
    let counts = csv_counts(&out);
    let status = status_json(&file);
    let by_verdict = status["progress"]["by_verdict"].as_object().unwrap();
    for (verdict, n) in by_verdict {
        assert_eq!(
            counts.get(verdict).copied().unwrap_or(0),
            n.as_u64().unwrap(),
            "{verdict}"
        );
    }
    assert_eq!(
        counts.values().sum::<u64>(),
        status["progress"]["applicable"].as_u64().unwrap()
    );
}

#[test]
fn the_workbook_has_a_summary_object_sheets_findings_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "80");
    let out = dir.path().join("e.xlsx");
    export(&file, "xlsx", &out).success();
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("概况"));
    assert_eq!(&names[names.len() - 2..], ["问题", "证据"]);
    assert!(names.len() > 3, "{names:?}");
    for name in &names {
        assert!(name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']));
    }
    let sheet = book.worksheet_range(&names[1]).unwrap();
    let line = sheet.get_value((0, 0)).unwrap().to_string();
    assert!(
        line.starts_with("项目：") && line.contains("资产：") && line.contains("标准：GB/T 22239-2019"),
        "{line}"
    );
    let header: Vec<String> = (0..8)
        .map(|c| sheet.get_value((1, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "编号",
            "扩展标准",
            "控制点",
            "测评项",
            "结果记录",
            "符合情况",
            "分值",
            "修订"
        ]
    );
    let verdicts = ["符合", "部分符合", "不符合", "不适用", "未测评"];
    let mut rows = 0;
    for r in 2..sheet.height() as u32 {
        let v = sheet.get_value((r, 5)).unwrap().to_string();
        assert!(verdicts.contains(&v.as_str()), "row {r}: {v}");
        assert!(matches!(sheet.get_value((r, 6)), Some(Data::Float(_))));
        rows += 1;
    }
    assert!(rows > 0);
    // A second export over it needs --force, and then replaces it.
    let again = export(&file, "xlsx", &out).code(2);
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    dengbao()
        .arg("export")
        .arg(&file)
        .args(["--format", "xlsx", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn force_replaces_only_an_earlier_export_of_the_same_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "30");
    let notes = dir.path().join("notes.csv");
    std::fs::write(&notes, "mine,not yours\n").unwrap();
    let forced = |format: &str, out: &Path| {
        dengbao()
            .arg("export")
            .arg(&file)
            .args(["--format", format, "--force", "--out"])
            .arg(out)
            .assert()
    };
    let refused = forced("csv", &notes).code(2);
    assert!(
        stderr(&refused).contains("not an earlier CSV export"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine,not yours\n");
    let json = dir.path().join("e.json");
    export(&file, "csv", &dir.path().join("e.csv")).success();
    forced("csv", &dir.path().join("e.csv")).success();
    std::fs::write(&json, "{}").unwrap();
    forced("json", &json).code(2);
    std::fs::remove_file(&json).unwrap();
    export(&file, "json", &json).success();
    forced("json", &json).success();
}

#[test]
fn bad_targets_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "30");
    let before = common::sha256_of(&file);
    let missing = dir.path().join("no-such-folder").join("e.xlsx");
    export(&file, "xlsx", &missing).code(2);
    assert!(!missing.exists() && !missing.parent().unwrap().exists());
    let itself = export(&file, "json", &file).code(2);
    assert!(
        stderr(&itself).contains("engagement file itself"),
        "{}",
        stderr(&itself)
    );
    let oscal = export(&file, "oscal", &dir.path().join("o.json")).code(2);
    assert!(stderr(&oscal).contains("not built in this build"));
    assert!(!dir.path().join("o.json").exists());
    assert_eq!(common::sha256_of(&file), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("e.dengbao"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
