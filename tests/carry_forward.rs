//! Carry-forward: this year's engagement starts from last year's, and the report follows
//! up last year's findings. Also the in-place upgrade of files from an older schema.

mod common;

use std::path::Path;

use common::screen::draw;
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
            "安全管理中心",
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
    assert!(html.contains("附录 B 上次测评问题整改情况"));
    assert!(html.contains("DB-2026-HIS-0001"), "names last year's report");
    let row = |item: &str, object: &str| {
        let start = html
            .find(&format!("<td class=\"id\">{item}</td><td>{object}</td>"))
            .unwrap();
        html[start..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("L3-CES1-01", "HIS 数据库").contains("follow-remediated"));
    assert!(row("L3-SMC1-10", "安全管理中心").contains("follow-open"));
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

/// The schema-2 fixture, unpacked into `dir`.
fn schema_2_file(dir: &Path) -> std::path::PathBuf {
    use std::io::Read;
    let gz = std::fs::read(common::fixture("engagements/schema-2.dengbao.gz")).unwrap();
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let file = dir.join("old.dengbao");
    std::fs::write(&file, bytes).unwrap();
    file
}

fn rows(file: &Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(file).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => "NULL".to_string(),
                rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                rusqlite::types::ValueRef::Real(v) => v.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
            })
            .collect())
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn a_schema_2_file_is_upgraded_in_place_keeping_everything_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let file = schema_2_file(dir.path());
    assert_eq!(count(&file, "PRAGMA user_version"), 2);
    let results_sql = "SELECT item_id, object_id, verdict, record, risk, high_risk_case, corrected_verdict, \
                       correction_rationale, na_reason FROM result ORDER BY item_id, object_id";
    let results = rows(&file, results_sql);
    let chunks = rows(
        &file,
        "SELECT content_id, seq, hex(data) FROM chunk ORDER BY content_id, seq",
    );
    let audit = rows(&file, "SELECT * FROM audit ORDER BY seq");
    assert_eq!(results.len(), 4);
    assert_eq!(audit.len(), 11);

    status_json(&file);
    assert_eq!(
        count(&file, "PRAGMA user_version"),
        dengbao::store::schema::current_version() as i64
    );
    assert_eq!(rows(&file, results_sql), results, "every result kept");
    assert_eq!(
        rows(
            &file,
            "SELECT content_id, seq, hex(data) FROM chunk ORDER BY content_id, seq"
        ),
        chunks,
        "every evidence byte kept"
    );
    let after = rows(&file, "SELECT * FROM audit ORDER BY seq");
    assert_eq!(&after[..11], &audit[..], "every audit row kept as it was");
    assert_eq!(after.len(), 12);
    assert_eq!(after[11][3], "upgrade-schema");
    // Stable ids and a first revision for each result.
    assert_eq!(
        count(&file, "SELECT count(DISTINCT uid) FROM object WHERE uid != ''"),
        count(&file, "SELECT count(*) FROM object")
    );
    assert_eq!(count(&file, "SELECT count(*) FROM result_revision"), 4);
    assert_eq!(
        count(&file, "SELECT count(*) FROM result WHERE revision IS NULL"),
        0
    );
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM object WHERE kind = 'management-centre' AND system_level = 1"
        ),
        1,
        "the security management centre joins the system-level objects"
    );
    dengbao()
        .arg("verify")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("content: matches what dengbao wrote"));
    // Work goes on in the upgraded file, and stays verifiable.
    dengbao()
        .args(["set"])
        .arg(&file)
        .args(["L3-PSS1-01", "--verdict", "compliant"])
        .arg("--packs")
        .arg(common::fixture("packs/tiny"))
        .assert()
        .success();
    dengbao().arg("verify").arg(&file).assert().success();
}

#[test]
fn a_carried_forward_dashboard_sets_last_years_rates_beside_this_years() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("2025.dengbao");
    let new = dir.path().join("2026.dengbao");
    dengbao().arg("demo").arg(&old).assert().success();
    dengbao()
        .arg("carry-forward")
        .arg(&old)
        .arg(&new)
        .assert()
        .success();
    let last = status_json(&old);
    let rows = rows(
        &new,
        "SELECT key, value FROM detail WHERE key LIKE 'previous.rate%' ORDER BY key",
    );
    let stored = |key: &str| -> f64 {
        rows.iter()
            .find(|r| r[0] == key)
            .unwrap_or_else(|| panic!("{key} kept"))[1]
            .parse()
            .unwrap()
    };
    let overall = last["compliance_rate"].as_f64().unwrap();
    assert!((stored("previous.rate") - overall).abs() < 0.01);
    let categories: Vec<&serde_json::Value> = last["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["compliance_rate"].is_f64())
        .collect();
    assert_eq!(rows.len(), categories.len() + 1);
    for c in &categories {
        let key = format!(
            "previous.rate.{}/{}",
            c["pack"].as_str().unwrap(),
            c["code"].as_str().unwrap()
        );
        assert!((stored(&key) - c["compliance_rate"].as_f64().unwrap()).abs() < 0.01);
    }
    // The dashboard draws them, in both languages, at 80×24.
    let mut s = dengbao::tui::Session::new(Vec::new(), "测评师甲", dir.path().join("home"));
    s.open(&new).unwrap();
    press_tab(&mut s, 'D');
    let screen = draw(&s, 80, 24);
    let pes = categories.iter().find(|c| c["code"] == "PES").unwrap();
    let pct = format!("{:.1}%", pes["compliance_rate"].as_f64().unwrap());
    let line = screen.lines().find(|l| l.contains("PES")).unwrap();
    assert!(line.contains(&pct), "last year's PES rate: {screen}");
    assert!(screen.contains(&format!("去年 {overall:.1}%")), "{screen}");
    press_tab(&mut s, 'L');
    assert!(draw(&s, 80, 24).contains(&format!("last year {overall:.1}%")));
}

fn press_tab(s: &mut dengbao::tui::Session, c: char) {
    s.key(crossterm::event::KeyCode::Char(c));
}
