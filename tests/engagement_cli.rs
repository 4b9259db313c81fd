//! The core command-line workflow: new → asset add → set → status.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{dengbao, engagement, status_json};
use predicates::prelude::*;

#[test]
fn checklist_list_shows_the_baseline_with_135_and_211_items() {
    dengbao()
        .args(["checklist", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("gbt22239-2019"))
        .stdout(predicate::str::contains("L2: 135  L3: 211"));
}

#[test]
fn new_engagement_holds_level_items_and_system_objects() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("his.dengbao");
    dengbao()
        .arg("new")
        .arg(&file)
        .args(["--system", "HIS", "--org", "示例医院", "--level", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("gbt22239-2019 1.1.0: 135 items"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let out = dengbao()
        .args(["asset", "list"])
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    let objects: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = objects
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["network", "management-centre", "management"]);
}

#[test]
fn engagement_file_carries_our_application_id_and_wal() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let conn = rusqlite::Connection::open(&file).unwrap();
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, i64::from(dengbao::store::schema::APPLICATION_ID));
    assert_eq!(mode, "wal");
}

#[test]
fn status_counts_and_rate_match_a_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let set = |args: &[&str]| {
        dengbao().arg("set").arg(&file).args(args).assert().success();
    };
    // Weights: L3-PES1-03 1.0, L3-CES1-01 0.7, L3-CES1-13 0.4, L3-PSS1-01 (see pack) 1.0.
    set(&["L3-PES1-03", "--asset", "主机房", "--verdict", "compliant"]);
    set(&[
        "L3-CES1-01",
        "--asset",
        "HIS-DB",
        "--verdict",
        "partial",
        "--record",
        "未启用口令复杂度",
        "--risk",
        "medium",
    ]);
    set(&[
        "L3-CES1-13",
        "--asset",
        "HIS-APP-01",
        "--verdict",
        "non-compliant",
        "--record",
        "审计记录缺少结果字段",
        "--risk",
        "low",
    ]);
    set(&[
        "L3-CNS1-01",
        "--verdict",
        "not-applicable",
        "--reason",
        "单一核心交换机，无其他网络设备",
    ]);
    let s = status_json(&file);
    assert_eq!(s["engagement"]["level"], 3);
    assert_eq!(s["engagement"]["system"], "HIS 医院信息系统");
    let by = &s["progress"]["by_verdict"];
    assert_eq!(by["compliant"], 1);
    assert_eq!(by["partial"], 1);
    assert_eq!(by["non-compliant"], 1);
    assert_eq!(by["not-applicable"], 1);
    assert_eq!(s["progress"]["assessed"], 4);
    // (1.0·1 + 0.7·0.5 + 0.4·0) / (1.0 + 0.7 + 0.4) = 1.35 / 2.1
    let rate = s["compliance_rate"].as_f64().unwrap();
    assert!((rate - 64.285714).abs() < 1e-6, "{rate}");
    assert_eq!(s["conclusion"]["rule_set"], "2025");
    assert_eq!(s["conclusion"]["value"], "basically-conforms");
    assert_eq!(s["conclusion"]["provisional"], true);
    assert_eq!(s["gate"]["passed"], false);
    let applicable = s["progress"]["applicable"].as_u64().unwrap();
    assert_eq!(s["gate"]["problems"].as_u64().unwrap(), applicable - 4);
    let pes = s["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "PES")
        .unwrap();
    assert_eq!(pes["applicable"], 22);
    assert_eq!(pes["assessed"], 1);
    assert_eq!(pes["compliance_rate"], 100.0);
}

#[test]
fn empty_engagement_has_no_rate_and_no_conclusion() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "2");
    let s = status_json(&file);
    assert!(s["compliance_rate"].is_null());
    assert!(s["conclusion"]["value"].is_null());
}

#[test]
fn every_change_appends_one_audit_row_to_an_intact_chain() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PES1-01", "--asset", "主机房", "--verdict", "compliant"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&file).unwrap();
    let rows = dengbao::store::audit::rows(&conn).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create-engagement",
            "add-object",
            "add-object",
            "add-object",
            "set-result"
        ]
    );
    assert!(rows.iter().all(|r| r.actor == "测评师甲"));
    assert!(dengbao::domain::audit::verify_chain(&rows).is_ok());
}

#[test]
fn set_without_asset_uses_the_system_level_object() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PSS1-01", "--verdict", "compliant"])
        .assert()
        .success()
        .stdout(predicate::str::contains("L3-PSS1-01 @ 安全管理: compliant"));
}

#[test]
fn changing_a_finding_to_compliant_drops_its_risk() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    let set = |args: &[&str]| dengbao().arg("set").arg(&file).args(args).assert().success();
    set(&[
        "L3-CES1-01",
        "--asset",
        "HIS-DB",
        "--verdict",
        "non-compliant",
        "--record",
        "弱口令",
        "--risk",
        "high",
    ]);
    assert_eq!(status_json(&file)["risks"]["high"], 1);
    set(&[
        "L3-CES1-01",
        "--asset",
        "HIS-DB",
        "--verdict",
        "compliant",
        "--record",
        "已整改",
    ]);
    assert_eq!(status_json(&file)["risks"]["high"], 0);
}

#[test]
fn info_sets_the_cover_details_and_the_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "e.dengbao", "3");
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-PES1-03", "--asset", "主机房", "--verdict", "compliant"])
        .assert()
        .success();
    assert_eq!(status_json(&file)["conclusion"]["value"], "conforms");
    dengbao()
        .arg("info")
        .arg(&file)
        .args([
            "--agency",
            "示例测评中心",
            "--evaluators",
            "李明、王芳",
            "--report-id",
            "R-2026-07",
        ])
        .args([
            "--starts-on",
            "2026-11-16",
            "--ends-on",
            "2026-11-20",
            "--rule-set",
            "2021",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("agency          示例测评中心"));
    let s = status_json(&file);
    assert_eq!(s["conclusion"]["rule_set"], "2021");
    assert_eq!(s["conclusion"]["value"], "excellent");
    let html = common::report_html(&file);
    assert!(html.contains("<dd>示例测评中心</dd>") && html.contains("2026-11-16 — 2026-11-20</p>"));
    dengbao()
        .arg("info")
        .arg(&file)
        .args(["--ends-on", "2026-11-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--ends-on 2026-11-01 is before --starts-on 2026-11-16",
        ));
    dengbao()
        .arg("info")
        .arg(&file)
        .args(["--rule-set", "2019"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule set '2019' (accepted: 2025, 2021)",
        ));
}

#[test]
fn the_mobile_and_iot_extensions_are_chosen_at_creation_and_apply_to_their_objects() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.dengbao");
    dengbao()
        .arg("new")
        .arg(&file)
        .args([
            "--system",
            "移动护理系统",
            "--org",
            "示例医院",
            "--level",
            "3",
            "--mobile",
            "--iot",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("gbt22239-2019-mobile"))
        .stdout(predicate::str::contains("gbt22239-2019-iot"));
    dengbao()
        .args(["asset", "add"])
        .arg(&file)
        .args(["--kind", "mobile-terminal", "--name", "护理 PDA 01"])
        .assert()
        .success();
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-CES3-01", "--asset", "护理 PDA 01", "--verdict", "compliant"])
        .assert()
        .success();
    let s = common::status_json(&file);
    let packs: Vec<&str> = s["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        packs.contains(&"gbt22239-2019-mobile") && packs.contains(&"gbt22239-2019-iot"),
        "{packs:?}"
    );
    assert_eq!(s["progress"]["by_verdict"]["compliant"], 1);
}

#[test]
fn asset_edit_changes_fields_and_remove_asks_before_taking_results() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::engagement(dir.path(), "e.dengbao", "3");
    dengbao()
        .args(["asset", "edit"])
        .arg(&file)
        .args([
            "HIS-DB",
            "--name",
            "HIS 数据库",
            "--ip",
            "10.1.2.20",
            "--os",
            "Oracle 19c",
            "--importance",
            "key",
        ])
        .assert()
        .success();
    let out = dengbao()
        .args(["asset", "list", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let objects: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let db = objects.iter().find(|o| o["name"] == "HIS 数据库").unwrap();
    assert_eq!(db["ip"], "10.1.2.20");
    assert_eq!(db["importance"], "key");
    dengbao()
        .arg("set")
        .arg(&file)
        .args(["L3-CES1-01", "--asset", "HIS 数据库", "--verdict", "compliant"])
        .assert()
        .success();
    dengbao()
        .args(["asset", "remove"])
        .arg(&file)
        .arg("HIS 数据库")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "would take 1 results and 0 evidence links",
        ));
    dengbao()
        .args(["asset", "remove"])
        .arg(&file)
        .args(["HIS 数据库", "--force"])
        .assert()
        .success();
    dengbao()
        .args(["asset", "remove"])
        .arg(&file)
        .arg("整体网络")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("system-level object"));
    // The name is free again, and the file still verifies.
    dengbao()
        .args(["asset", "add"])
        .arg(&file)
        .args(["--kind", "database", "--name", "HIS 数据库"])
        .assert()
        .success();
    dengbao().arg("verify").arg(&file).assert().success();
    let s = common::status_json(&file);
    assert_eq!(
        s["progress"]["assessed"], 0,
        "the removed object's result left the scope"
    );
}

#[test]
fn completions_and_the_manual_come_from_the_command_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = dengbao().args(["completions", shell]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(
            text.contains("carry-forward"),
            "{shell} completion names the commands"
        );
    }
    let out = dengbao().arg("man").assert().success();
    let man = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(man.contains(".TH dengbao 1"));
    assert!(man.contains("carry\\-forward"));
    dengbao()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("tcsh"));
}

#[test]
fn report_details_are_set_all_or_nothing_and_named_when_bad() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path(), "d.dengbao", "3");
    dengbao()
        .args(["asset", "add"])
        .arg(&file)
        .args(["--kind", "server", "--name", "HIS服务器"])
        .assert()
        .success();
    dengbao()
        .arg("info")
        .arg(&file)
        .args([
            "--set",
            "client=某市卫生健康委员会",
            "--set",
            "report-date=2026-12-01",
        ])
        .args(["--set", "finding.L3-CES1-01@HIS服务器.harm=患者数据可被读取"])
        .args(["--set", "category.gbt22239-2019/CES.measures=经堡垒机运维"])
        .args(["--time-zone", "Asia/Shanghai"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "client                   某市卫生健康委员会",
        ))
        .stdout(predicate::str::contains(
            "finding.L3-CES1-01@HIS服务器.harm 患者数据可被读取",
        ));
    let before = common::sha256_of(&file);
    for (bad, says) in [
        (
            "report-date=2026-13-01",
            "report-date: '2026-13-01' is not a date",
        ),
        ("colour=red", "unknown detail 'colour'"),
        ("time-zone=Mars/Olympus", "is not a time zone"),
        ("finding.L3-CES1-01@无此对象.harm=x", "no object '无此对象'"),
        ("category.gbt22239-2019/XYZ.measures=x", "no category XYZ"),
        ("template=2019", "'2019' is not one of 2025, 2021"),
        ("client", "'client' is not NAME=VALUE"),
    ] {
        dengbao()
            .arg("info")
            .arg(&file)
            .args(["--set", "agency-code=1234", "--set", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    assert_eq!(
        common::sha256_of(&file),
        before,
        "a refused change writes nothing"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &dengbao()
            .arg("info")
            .arg(&file)
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["details"]["client"], "某市卫生健康委员会");
    assert!(json["details"]["agency-code"].is_null());
    // An empty value removes a detail.
    dengbao()
        .arg("info")
        .arg(&file)
        .args(["--set", "client="])
        .assert()
        .success();
    dengbao().arg("verify").arg(&file).assert().success();
}

/// An engagement made when the SMC items applied to every security device (as a pack of
/// that time had it): `check` says so, and `asset move-smc` gives one device's SMC
/// results to the system-level centre, which the items apply to from then on.
#[test]
fn smc_results_of_an_older_engagement_move_to_the_centre_with_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).unwrap();
    let shipped = include_str!("../checklists/gbt22239-2019.toml");
    std::fs::write(
        packs.join("gbt22239-2019.toml"),
        shipped.replace(
            "applies_to = [\"management-centre\"]",
            "applies_to = [\"security-device\"]",
        ),
    )
    .unwrap();
    let file = dir.path().join("old.dengbao");
    let run = |args: &[&str]| dengbao().arg("--packs").arg(&packs).args(args).assert().success();
    let f = file.to_str().unwrap();
    run(&["new", f, "--system", "HIS", "--org", "示例医院", "--level", "3"]);
    for name in ["日志审计系统", "运维堡垒机"] {
        run(&["asset", "add", f, "--kind", "security-device", "--name", name]);
    }
    run(&[
        "set",
        f,
        "L3-SMC1-10",
        "--asset",
        "日志审计系统",
        "--verdict",
        "non-compliant",
        "--record",
        "日志仅留存 60 天",
        "--risk",
        "high",
    ]);
    run(&[
        "set",
        f,
        "L3-SMC1-01",
        "--asset",
        "日志审计系统",
        "--verdict",
        "compliant",
        "--record",
        "已划分管理员",
    ]);
    run(&[
        "set",
        f,
        "L3-SMC1-01",
        "--asset",
        "运维堡垒机",
        "--verdict",
        "compliant",
        "--record",
        "同上",
    ]);
    let before = status_json(&file)["progress"]["applicable"].as_u64().unwrap();
    dengbao()
        .arg("check")
        .arg(&file)
        .assert()
        .stdout(predicate::str::contains(
            "SMC results are on 日志审计系统 (2), 运维堡垒机 (1)",
        ));
    // Several objects hold SMC results: the command asks which one.
    dengbao()
        .args(["asset", "move-smc"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "choose the one whose results 安全管理中心 takes with --from NAME",
        ));
    dengbao()
        .args(["asset", "move-smc"])
        .arg(&file)
        .args(["--from", "无此设备"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from 无此设备: no such object"));
    dengbao()
        .args(["asset", "move-smc"])
        .arg(&file)
        .args(["--from", "日志审计系统"])
        .assert()
        .success()
        .stdout(predicate::str::contains("12 SMC items now apply to 安全管理中心"))
        .stdout(predicate::str::contains("2 results taken from 日志审计系统"));
    let s = status_json(&file);
    // One set of SMC results: the 12 level-3 SMC items on the centre instead of on each
    // of the two devices.
    assert_eq!(s["progress"]["applicable"].as_u64().unwrap(), before - 12);
    let out = dengbao().arg("check").arg(&file).assert();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("predates"));
    let conn = rusqlite::Connection::open(&file).unwrap();
    let record: String = conn
        .query_row(
            "SELECT r.record FROM result r JOIN object o ON o.id = r.object_id
             WHERE r.item_id = 'L3-SMC1-10' AND o.name = '安全管理中心'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(record, "日志仅留存 60 天");
    dengbao().arg("verify").arg(&file).assert().success();
    // A second run has nothing to do.
    dengbao()
        .args(["asset", "move-smc"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing to move"));
}
