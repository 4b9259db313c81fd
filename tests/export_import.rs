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

/// What `dengbao ARGS FILE --json` prints, parsed.
fn json_output(args: &[&str], file: &Path) -> serde_json::Value {
    let out = dengbao().args(args).arg(file).arg("--json").output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_json_export_holds_what_the_other_commands_print_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path(), "e.dengbao", "40");
    let out = dir.path().join("e.json");
    export(&file, "json", &out).success();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    for (field, args) in [
        ("status", &["status"][..]),
        ("gate", &["check"][..]),
        ("objects", &["asset", "list"][..]),
        ("evidence", &["evidence", "list"][..]),
        ("journal", &["journal", "list"][..]),
    ] {
        let printed = json_output(args, &file);
        assert!(!doc[field].is_null(), "{field} missing");
        assert_eq!(doc[field], printed, "{field} differs from {args:?} --json");
    }
    assert!(
        !doc["gate"].as_array().unwrap().is_empty(),
        "a 40 % sample has gate problems"
    );
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
    let refused = export(&file, "xlsx", &missing).code(2);
    assert!(
        stderr(&refused).contains("no-such-folder does not exist"),
        "{}",
        stderr(&refused)
    );
    assert!(!missing.exists() && !missing.parent().unwrap().exists());
    let itself = export(&file, "json", &file).code(2);
    assert!(
        stderr(&itself).contains("engagement file itself"),
        "{}",
        stderr(&itself)
    );
    let unknown = export(&file, "pdf", &dir.path().join("o.json")).code(2);
    assert!(stderr(&unknown).contains("pdf"), "{}", stderr(&unknown));
    assert!(!dir.path().join("o.json").exists());
    assert_eq!(common::sha256_of(&file), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("e.dengbao"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

fn json_of(file: &Path, dir: &Path, name: &str) -> serde_json::Value {
    let out = dir.join(name);
    export(file, "json", &out).success();
    serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap()
}

/// (item, object name) → (verdict, record) of every assessed result.
fn verdicts(doc: &serde_json::Value) -> BTreeMap<(String, String), (String, String)> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["verdict"] != "not-assessed")
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            ((s("item"), s("object_name")), (s("verdict"), s("record")))
        })
        .collect()
}

/// Two copies of one engagement: results are set in the first only. Returns (first,
/// copy, the (item, object) pairs set, how many of them are findings).
fn two_copies(dir: &Path) -> (PathBuf, PathBuf, usize) {
    let first = common::engagement(dir, "a.dengbao", "3");
    let copy = dir.join("b.dengbao");
    std::fs::copy(&first, &copy).unwrap();
    let doc = json_of(&first, dir, "scope.json");
    let verdicts = ["compliant", "partial", "non-compliant", "not-applicable"];
    let mut n = 0;
    let mut findings = 0;
    for (kind, object) in [
        ("server", "HIS-APP-01"),
        ("database", "HIS-DB"),
        ("machine-room", "主机房"),
    ] {
        let items: Vec<&str> = items_for(&doc, kind)
            .map(|i| i["id"].as_str().unwrap())
            .take(3)
            .collect();
        for item in items {
            let verdict = verdicts[n % verdicts.len()];
            findings += usize::from(matches!(verdict, "partial" | "non-compliant"));
            dengbao()
                .arg("set")
                .arg(&first)
                .args([item, "--asset", object, "--verdict", verdict, "--record"])
                .arg(format!("记录 {n}：查看配置，{object}"))
                .assert()
                .success();
            n += 1;
        }
    }
    (first, copy, findings)
}

fn import(file: &Path, book: &Path, more: &[&str]) -> assert_cmd::assert::Assert {
    dengbao()
        .arg("import")
        .arg(file)
        .arg("--workbook")
        .arg(book)
        .args(more)
        .assert()
}

#[test]
fn a_workbook_round_trip_gives_the_same_verdicts_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let (first, copy, _) = two_copies(dir.path());
    let book = dir.path().join("a.xlsx");
    export(&first, "xlsx", &book).success();
    let dry = import(&copy, &book, &["--dry-run"]).success();
    assert!(String::from_utf8_lossy(&dry.get_output().stdout).contains("dry run: 9 results would change"));
    assert!(
        verdicts(&json_of(&copy, dir.path(), "dry.json")).is_empty(),
        "a dry run writes nothing"
    );
    import(&copy, &book, &[]).success();
    let want = verdicts(&json_of(&first, dir.path(), "a.json"));
    assert_eq!(want.len(), 9);
    assert_eq!(verdicts(&json_of(&copy, dir.path(), "b.json")), want);
    let again = import(&copy, &book, &[]).success();
    assert!(String::from_utf8_lossy(&again.get_output().stdout).contains("imported 0 results"));
}

#[test]
fn a_result_changed_since_the_export_is_a_conflict_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (first, copy, _) = two_copies(dir.path());
    let book = dir.path().join("a.xlsx");
    export(&first, "xlsx", &book).success();
    // The copy records one of the pairs itself before importing the first's workbook.
    let doc = json_of(&first, dir.path(), "a.json");
    let r = &doc["results"][0];
    let (item, object) = (r["item"].as_str().unwrap(), r["object_name"].as_str().unwrap());
    dengbao()
        .arg("set")
        .arg(&copy)
        .args([
            item,
            "--asset",
            object,
            "--verdict",
            "not-applicable",
            "--reason",
            "本地判定",
        ])
        .assert()
        .success();
    let run = import(&copy, &book, &[]).code(1);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(
        stdout.contains(&format!("conflict: sheet {object}")) && stdout.contains(item),
        "{stdout}"
    );
    let after = verdicts(&json_of(&copy, dir.path(), "b.json"));
    assert_eq!(after[&(item.to_string(), object.to_string())].0, "not-applicable");
    assert_eq!(after.len(), 9);
}

#[test]
fn previous_results_become_last_years_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (first, copy, findings) = two_copies(dir.path());
    // One finding gets a risk and remediation advice, as last year's report gave it.
    let before = json_of(&first, dir.path(), "a.json");
    let finding = before["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["verdict"] == "non-compliant")
        .unwrap();
    let (item, object) = (
        finding["item"].as_str().unwrap(),
        finding["object_name"].as_str().unwrap(),
    );
    dengbao()
        .arg("set")
        .arg(&first)
        .args([item, "--asset", object, "--verdict", "non-compliant"])
        .args(["--risk", "medium", "--remediation"])
        .arg("启用登录失败锁定")
        .assert()
        .success();
    let book = dir.path().join("a.xlsx");
    export(&first, "xlsx", &book).success();
    import(&copy, &book, &["--as", "previous"]).success();
    let doc = json_of(&copy, dir.path(), "b.json");
    let previous = doc["previous_findings"].as_array().unwrap();
    assert_eq!(previous.len(), findings);
    let rated = previous
        .iter()
        .find(|f| f["item_id"] == item && f["object_name"] == object)
        .unwrap();
    assert_eq!(rated["risk"], "medium", "{rated}");
    assert_eq!(rated["remediation"], "启用登录失败锁定");
    // Last year's rates, whole and per category, are those of the exported file (kept
    // to the two decimals the dashboard shows).
    let last = status_json(&first);
    let carried = dengbao::store::Store::open(&copy, dengbao::store::Access::Read, "test")
        .unwrap()
        .carried()
        .unwrap()
        .unwrap();
    let whole = carried.rate("", "").expect("a rate for the whole");
    assert!(
        (whole - last["compliance_rate"].as_f64().unwrap()).abs() <= 0.005,
        "{whole} vs {}",
        last["compliance_rate"]
    );
    for c in last["categories"].as_array().unwrap() {
        let (pack, code) = (c["pack"].as_str().unwrap(), c["code"].as_str().unwrap());
        match c["compliance_rate"].as_f64() {
            Some(r) => assert!((carried.rate(pack, code).unwrap() - r).abs() <= 0.005, "{c}"),
            None => assert_eq!(carried.rate(pack, code), None, "{c}"),
        }
    }
    assert!(doc["carried_from"]["path"].as_str().unwrap().ends_with("a.xlsx"));
    assert!(verdicts(&doc).is_empty(), "not this year's results");
    let twice = import(&copy, &book, &["--as", "previous"]).code(2);
    assert!(
        stderr(&twice).contains("already holds last year's findings"),
        "{}",
        stderr(&twice)
    );
}

/// The items of the export document `doc` that apply to objects of `kind`.
fn items_for<'d>(doc: &'d serde_json::Value, kind: &str) -> impl Iterator<Item = &'d serde_json::Value> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |i| i["applies_to"].as_array().unwrap().iter().any(|k| k == kind))
}

/// A hand-made workbook of last year for HIS-DB: one row per (item, verdict, 风险等级).
fn last_years_book(path: &Path, rows: &[(&str, &str, &str)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("数据库").unwrap();
    ws.write_string(0, 0, "项目：HIS 医院信息系统 资产：HIS-DB")
        .unwrap();
    for (c, h) in ["编号", "结果记录", "符合情况", "风险等级", "整改建议"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (item, verdict, risk)) in rows.iter().enumerate() {
        let r = 2 + r as u32;
        ws.write_string(r, 0, *item).unwrap();
        ws.write_string(r, 1, "去年的记录").unwrap();
        ws.write_string(r, 2, *verdict).unwrap();
        ws.write_string(r, 3, *risk).unwrap();
        ws.write_string(r, 4, "去年的整改建议").unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn last_years_risk_column_is_read_and_a_bad_risk_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "e.dengbao", "3");
    let doc = json_of(&file, dir.path(), "scope.json");
    let db: Vec<&str> = items_for(&doc, "database")
        .map(|i| i["id"].as_str().unwrap())
        .take(3)
        .collect();
    let bad = dir.path().join("bad.xlsx");
    last_years_book(&bad, &[(db[0], "不符合", "高风险"), (db[1], "部分符合", "很高")]);
    let run = import(&file, &bad, &["--as", "previous"]).code(2);
    let err = stderr(&run);
    assert!(err.contains("sheet 数据库 row 4: unknown 风险 '很高'"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        json_of(&file, dir.path(), "a.json")["previous_findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let good = dir.path().join("good.xlsx");
    last_years_book(
        &good,
        &[
            (db[0], "不符合", "高风险"),
            (db[1], "部分符合", "低"),
            (db[2], "符合", ""),
        ],
    );
    import(&file, &good, &["--as", "previous"]).success();
    let previous = json_of(&file, dir.path(), "b.json")["previous_findings"].clone();
    let risks: Vec<(&str, &str)> = previous
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["item_id"].as_str().unwrap(), f["risk"].as_str().unwrap()))
        .collect();
    assert_eq!(risks, [(db[0], "high"), (db[1], "low")]);
    assert_eq!(previous[0]["remediation"], "去年的整改建议");
}

#[test]
fn a_hand_made_workbook_with_problems_imports_nothing() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "e.dengbao", "3");
    let doc = json_of(&file, dir.path(), "scope.json");
    let db_item = items_for(&doc, "database").next().unwrap();
    let (id, cp) = (
        db_item["id"].as_str().unwrap(),
        db_item["control_point"]["zh"].as_str().unwrap(),
    );
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("数据库").unwrap();
    ws.write_string(0, 0, "测评记录（手工）").unwrap();
    ws.write_string(1, 0, "项目：HIS 医院信息系统 资产：HIS-DB IP：10.0.0.9")
        .unwrap();
    for (c, h) in ["编号", "控制点", "测评项", "结果记录", "符合情况", "分值"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [[&str; 6]; 3] = [
        [id, cp, "", "已查看", "符合", "1"],
        [id, "", "", "重复一行", "Compliant", "一分"],
        ["", "不存在的控制点", "某项要求", "记录", "不符合", "0.5"],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(3 + r as u32, c as u16, *v).unwrap();
        }
    }
    let path = dir.path().join("hand.xlsx");
    book.save(&path).unwrap();
    let run = import(&file, &path, &[]).code(2);
    let err = stderr(&run);
    assert!(
        err.contains("sheet 数据库 row 5: 分值 '一分' is not a number"),
        "{err}"
    );
    assert!(
        err.contains("sheet 数据库 row 5: item"),
        "the duplicate row: {err}"
    );
    assert!(
        err.contains("sheet 数据库 row 6: unknown control point '不存在的控制点'"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(verdicts(&json_of(&file, dir.path(), "after.json")).is_empty());
    assert_eq!(status_json(&file)["progress"]["assessed"], 0);
}

#[test]
fn a_hand_made_workbook_without_ids_matches_by_control_point_and_text() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "e.dengbao", "3");
    let doc = json_of(&file, dir.path(), "scope.json");
    let items: Vec<&serde_json::Value> = items_for(&doc, "database").collect();
    // Two items of one control point: the second row leaves 控制点 empty (a merged cell).
    let (a, b) = items
        .windows(2)
        .map(|w| (w[0], w[1]))
        .find(|(a, b)| a["control_point"] == b["control_point"])
        .unwrap();
    let zh = |v: &serde_json::Value| v["zh"].as_str().unwrap().to_string();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("HIS-DB").unwrap();
    for (c, h) in ["控制点", "测评项", "结果记录", "符合情况", "分值"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        [
            zh(&a["control_point"]),
            zh(&a["text"]),
            "已查看审计配置".into(),
            "部分符合".into(),
            "1".into(),
        ],
        [
            String::new(),
            zh(&b["text"]),
            "已核查".into(),
            "compliant".into(),
            " 0.5 ".into(),
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, v).unwrap();
        }
    }
    let notes = book.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "填写说明").unwrap();
    let path = dir.path().join("hand.xlsx");
    book.save(&path).unwrap();
    let refused = import(&file, &path, &[]).code(2);
    assert!(
        stderr(&refused).contains("sheet 说明: no header row in the first 5 rows"),
        "{}",
        stderr(&refused)
    );
    // Without the sheet that has no header, both rows are read.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("HIS-DB").unwrap();
    for (c, h) in ["控制点", "测评项", "结果记录", "符合情况", "分值"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, v).unwrap();
        }
    }
    book.save(&path).unwrap();
    import(&file, &path, &[]).success();
    let got = verdicts(&json_of(&file, dir.path(), "after.json"));
    let key = |i: &serde_json::Value| (i["id"].as_str().unwrap().to_string(), "HIS-DB".to_string());
    assert_eq!(
        got[&key(a)],
        ("partial".to_string(), "已查看审计配置".to_string())
    );
    assert_eq!(got[&key(b)], ("compliant".to_string(), "已核查".to_string()));
    assert_eq!(got.len(), 2);
}
