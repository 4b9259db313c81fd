//! The high-risk pack follows the 2025 trial guide (网络安全等级保护测评高风险判定实施指引（试行）):
//! every case shows the guide's official title, says whether the guide lets mitigations lower
//! it, and describes its problem in both languages. The facts are read from a copy of the
//! reference table (`tests/fixtures/reference/mlps_high_risk_2025_mitigation_facts.csv`:
//! id, official title, official scope, and whether the guide allows a mitigation).

mod common;

use std::collections::BTreeMap;

use common::fixture;
use dengbao::catalog::{Case, Catalog, Lowering, Pack, ids};
use rstest::rstest;

fn catalog() -> Catalog {
    let (catalog, diags) = Catalog::shipped();
    assert!(diags.is_empty(), "shipped packs must load cleanly: {diags:?}");
    catalog
}

fn high_risk(c: &Catalog) -> &Pack {
    c.pack(ids::HIGH_RISK).expect("the high-risk pack is shipped")
}

fn case<'a>(c: &'a Catalog, id: &str) -> &'a Case {
    high_risk(c)
        .cases
        .iter()
        .find(|k| k.id == id)
        .unwrap_or_else(|| panic!("case {id} missing"))
}

/// One row of the facts table.
struct Fact {
    title_official: String,
    scope_official: String,
    mitigation: String,
}

/// The facts table by case id.
fn facts() -> BTreeMap<String, Fact> {
    let path = fixture("reference/mlps_high_risk_2025_mitigation_facts.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(str::trim),
        Some("id,title_official,scope_official,mitigation")
    );
    let mut facts = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        assert_eq!(fields.len(), 4, "malformed row: {line}");
        let fact = Fact {
            title_official: fields[1].to_owned(),
            scope_official: fields[2].to_owned(),
            mitigation: fields[3].to_owned(),
        };
        assert!(
            facts.insert(fields[0].to_owned(), fact).is_none(),
            "duplicate row {}",
            fields[0]
        );
    }
    facts
}

fn lowering_of(mitigation: &str) -> Lowering {
    match mitigation {
        "none" => Lowering::None,
        "some" => Lowering::Allowed,
        "depends" => Lowering::Partly,
        other => panic!("unknown mitigation value {other:?}"),
    }
}

/// The 23 cases the review (REVIEW.md b.3) rated major: the old pack contradicted the guide
/// on whether the rating may be lowered, or changed whether the case applies.
#[rstest]
// general
#[case("6.1.1.1", Lowering::Allowed)]
#[case("6.1.2.1", Lowering::Allowed)]
#[case("6.2.1.1", Lowering::None)]
#[case("6.2.2.1", Lowering::Allowed)]
#[case("6.4.2.2", Lowering::Allowed)]
#[case("6.4.5.1", Lowering::Partly)]
#[case("6.4.6.2", Lowering::None)]
#[case("6.5.1.1", Lowering::None)]
#[case("6.8.1.1", Lowering::None)]
// cloud
#[case("7.2.1.4", Lowering::None)]
#[case("7.4.1.1", Lowering::None)]
#[case("7.4.3.2", Lowering::None)]
#[case("7.4.4.1", Lowering::None)]
// mobile, IoT, ICS: the guide allows no mitigation
#[case("8.2.2.1", Lowering::None)]
#[case("8.2.3.2", Lowering::None)]
#[case("8.4.1.1", Lowering::None)]
#[case("8.4.1.2", Lowering::None)]
#[case("9.1.1.1", Lowering::None)]
#[case("9.2.1.1", Lowering::None)]
#[case("10.3.1.1", Lowering::None)]
// mobile, ICS: the guide offers a mitigation
#[case("8.2.3.1", Lowering::Allowed)]
#[case("8.3.1.2", Lowering::Allowed)]
#[case("10.5.1.1", Lowering::Partly)]
fn major_cases_follow_the_guide_on_lowering(#[case] id: &str, #[case] expected: Lowering) {
    let c = catalog();
    let k = case(&c, id);
    assert_eq!(k.lowering, Some(expected), "{id}");
    match expected {
        Lowering::None => assert!(
            k.mitigations.zh.is_empty() && k.mitigations.en.is_empty() && k.no_lowering.is_none(),
            "{id}: a case that cannot be lowered lists no mitigation"
        ),
        Lowering::Allowed => assert!(k.mitigations.is_complete() && k.no_lowering.is_none(), "{id}"),
        Lowering::Partly => assert!(
            k.mitigations.is_complete() && k.no_lowering.as_ref().is_some_and(|t| t.is_complete()),
            "{id}"
        ),
    }
}

#[test]
fn every_case_has_the_official_title_scope_and_lowering_of_the_guide() {
    let c = catalog();
    let facts = facts();
    let cases = &high_risk(&c).cases;
    assert_eq!(facts.len(), 81);
    assert_eq!(cases.len(), facts.len());
    for k in cases {
        let f = facts
            .get(&k.id)
            .unwrap_or_else(|| panic!("{} is not in the facts table", k.id));
        assert_eq!(k.title.zh, f.title_official, "{}: title", k.id);
        assert_eq!(k.scope.zh, f.scope_official, "{}: scope", k.id);
        assert_eq!(k.lowering, Some(lowering_of(&f.mitigation)), "{}: lowering", k.id);
    }
}

#[test]
fn every_case_is_complete_in_both_languages() {
    let c = catalog();
    for k in &high_risk(&c).cases {
        let id = &k.id;
        assert!(k.title.is_complete(), "{id}: title");
        assert!(k.gloss.is_complete(), "{id}: gloss");
        assert!(k.problem.is_complete(), "{id}: problem");
        assert!(k.scope.is_complete(), "{id}: scope");
        if let Some(t) = &k.threshold {
            assert!(t.is_complete(), "{id}: threshold");
        }
        assert_eq!(
            k.mitigations.zh.len(),
            k.mitigations.en.len(),
            "{id}: mitigations zh/en"
        );
        // The gloss is our paraphrase; the title is the guide's, so they are kept apart.
        assert_ne!(k.gloss.zh, k.title.zh, "{id}: gloss repeats the official title");
    }
}

#[test]
fn mitigations_of_a_partly_lowerable_case_say_which_problem_they_lower() {
    let c = catalog();
    let partly: Vec<&Case> = high_risk(&c)
        .cases
        .iter()
        .filter(|k| k.lowering == Some(Lowering::Partly))
        .collect();
    assert!(!partly.is_empty());
    for k in partly {
        for (zh, en) in k.mitigations.zh.iter().zip(&k.mitigations.en) {
            assert!(zh.starts_with("仅"), "{}: {zh}", k.id);
            assert!(en.to_lowercase().contains("only"), "{}: {en}", k.id);
        }
    }
}

/// Conditions and scenarios of the guide that the first version of the pack lost or narrowed.
#[rstest]
#[case("6.4.2.2", &["数据库", "超级管理员", "操作系统超级管理员权限"])]
#[case("6.4.1.2", &["编码", "还原"])]
#[case("6.9.3.1", &["整改"])]
#[case("6.9.4.1", &["每年", "并且", "整改"])]
#[case("6.9.2.1", &["源代码", "并且", "第三方"])]
#[case("6.8.1.1", &["审批流程", "并且", "记录"])]
#[case("6.4.6.1", &["网盘"])]
fn problems_keep_the_guides_conditions(#[case] id: &str, #[case] phrases: &[&str]) {
    let c = catalog();
    let problem = &case(&c, id).problem.zh;
    for p in phrases {
        assert!(problem.contains(p), "{id}: problem lacks {p:?}: {problem}");
    }
}

#[rstest]
#[case("6.2.2.1")]
#[case("6.4.1.3")]
#[case("6.5.1.1")]
fn problems_are_not_narrowed_to_uncontrolled_networks_or_managers(#[case] id: &str) {
    let c = catalog();
    let problem = &case(&c, id).problem.zh;
    for narrowing in ["不受控", "非受控", "管理用户的", "重要设备的管理"] {
        assert!(!problem.contains(narrowing), "{id}: {problem}");
    }
}

#[rstest]
#[case("6.4.1.1", "6位")]
#[case("6.3.3.1", "半年")]
#[case("6.3.3.2", "半年")]
#[case("6.3.3.3", "半年")]
#[case("6.4.4.1", "一个月")]
#[case("6.5.1.2", "六个月")]
#[case("6.9.1.1", "2023年7月1日")]
#[case("6.9.4.1", "每年")]
#[case("6.10.1.2", "每年")]
#[case("7.3.2.1", "半年")]
fn thresholds_state_the_guides_figures(#[case] id: &str, #[case] figure: &str) {
    let c = catalog();
    let threshold = case(&c, id)
        .threshold
        .as_ref()
        .unwrap_or_else(|| panic!("{id}: no threshold"));
    assert!(threshold.zh.contains(figure), "{id}: {}", threshold.zh);
}

#[test]
fn checklist_show_prints_the_official_titles_and_whether_each_case_may_be_lowered() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("dengbao")
        .args(["checklist", "show", "high-risk-2025"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let block = |id: &str| {
        let start = text.find(&format!("{id}  from")).unwrap();
        let rest = &text[start..];
        let end = rest[1..].find("\n6.").map_or(rest.len(), |i| i + 1);
        rest[..end].to_string()
    };
    assert!(
        block("6.2.1.1").contains("no measure lowers the rating"),
        "{}",
        block("6.2.1.1")
    );
    assert!(
        block("6.1.2.1").contains("may be lowered by:"),
        "{}",
        block("6.1.2.1")
    );
    assert!(block("6.1.1.1").contains("机房出入口访问控制措施缺失"));
}
