//! The shipped packs are complete and right: counts per level, category and control
//! point equal the reference tables, ids equal the reference list, every item carries
//! its text, guidance, methods, object kinds and areas in both languages, and every
//! cross-reference resolves.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{dengbao, fixture};
use dengbao::catalog::{Catalog, Item, Pack, ids};
use dengbao::domain::{CloudScope, HospitalGrade, Method, ObjectKind};
use predicates::prelude::*;

fn catalog() -> Catalog {
    let (catalog, diags) = Catalog::shipped();
    assert!(diags.is_empty(), "shipped packs must load cleanly: {diags:?}");
    catalog
}

fn pack<'a>(c: &'a Catalog, id: &str) -> &'a Pack {
    c.pack(id).unwrap_or_else(|| panic!("pack {id} missing"))
}

/// GB/T 22239-2019 general requirements, items per category (RESEARCH §1.3).
const GENERAL: [(&str, usize, usize); 10] = [
    ("PES", 15, 22),
    ("CNS", 4, 8),
    ("ABS", 11, 20),
    ("CES", 23, 34),
    ("SMC", 4, 12),
    ("PSS", 6, 7),
    ("ORS", 9, 14),
    ("HRS", 7, 12),
    ("CMS", 25, 34),
    ("MMS", 31, 48),
];

/// The cloud extension, items per category (RESEARCH §1.5).
const CLOUD: [(&str, usize, usize); 7] = [
    ("PES", 1, 1),
    ("CNS", 3, 5),
    ("ABS", 7, 8),
    ("CES", 11, 19),
    ("SMC", 0, 4),
    ("CMS", 6, 8),
    ("MMS", 1, 1),
];

fn count(items: &[Item], level: u8, category: &str) -> usize {
    items
        .iter()
        .filter(|i| i.level == Some(level) && i.category == category)
        .count()
}

#[test]
fn baseline_counts_per_level_and_category_match_the_standard() {
    let c = catalog();
    let items = &pack(&c, ids::BASELINE).items;
    for (cat, l2, l3) in GENERAL {
        assert_eq!(count(items, 2, cat), l2, "L2 {cat}");
        assert_eq!(count(items, 3, cat), l3, "L3 {cat}");
    }
    assert_eq!(items.iter().filter(|i| i.level == Some(2)).count(), 135);
    assert_eq!(items.iter().filter(|i| i.level == Some(3)).count(), 211);
}

#[test]
fn cloud_counts_per_level_and_category_match_the_standard() {
    let c = catalog();
    let items = &pack(&c, ids::CLOUD).items;
    for (cat, l2, l3) in CLOUD {
        assert_eq!(count(items, 2, cat), l2, "L2 {cat}");
        assert_eq!(count(items, 3, cat), l3, "L3 {cat}");
    }
    assert_eq!(items.iter().filter(|i| i.level == Some(2)).count(), 29);
    assert_eq!(items.iter().filter(|i| i.level == Some(3)).count(), 46);
    assert!(
        items.iter().all(|i| i.scope.is_some()),
        "every cloud item says who it falls to"
    );
}

#[test]
fn control_point_counts_match_the_reference_table() {
    let c = catalog();
    let text = std::fs::read_to_string(fixture("reference/control-point-counts.txt")).unwrap();
    let mut actual: BTreeMap<&str, usize> = BTreeMap::new();
    for i in pack(&c, ids::BASELINE)
        .items
        .iter()
        .chain(&pack(&c, ids::CLOUD).items)
    {
        *actual.entry(i.clause.as_str()).or_default() += 1;
    }
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (clause, n) = line.split_once(' ').unwrap();
        expected.insert(clause, n.parse().unwrap());
    }
    assert_eq!(actual, expected);
}

#[test]
fn baseline_ids_equal_the_reference_list() {
    let c = catalog();
    let text = std::fs::read_to_string(fixture("reference/mlps-item-ids.txt")).unwrap();
    let expected: BTreeSet<&str> = text.lines().collect();
    let actual: BTreeSet<&str> = pack(&c, ids::BASELINE)
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(actual, expected);
    assert!(
        !actual.contains("L3-CES1-16"),
        "ids have gaps; they are stored, never computed"
    );
}

#[test]
fn every_item_is_complete_in_both_languages() {
    let c = catalog();
    for p in c.packs() {
        for i in &p.items {
            assert!(
                i.missing_content().is_empty(),
                "{}: missing {:?}",
                i.id,
                i.missing_content()
            );
            assert_ne!(i.text.zh, i.text.en, "{}: zh and en text are copies", i.id);
            assert_ne!(
                i.guidance.zh, i.guidance.en,
                "{}: zh and en guidance are copies",
                i.id
            );
            assert!(
                i.text
                    .zh
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{}: zh text is not Chinese",
                i.id
            );
            assert!(
                !i.text
                    .en
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{}: en text has Chinese",
                i.id
            );
            assert!(
                i.weight == 1.0 || i.weight == 0.7 || i.weight == 0.4,
                "{}: weight {}",
                i.id,
                i.weight
            );
            assert!(
                !i.control_point.en.is_empty() && !i.category_name.en.is_empty(),
                "{}",
                i.id
            );
            let placeholder = ["TODO", "TBD", "lorem", "待补充", "待填写"];
            for t in [&i.text.zh, &i.text.en, &i.guidance.zh, &i.guidance.en] {
                assert!(
                    !placeholder.iter().any(|p| t.contains(p)),
                    "{}: placeholder text",
                    i.id
                );
            }
        }
    }
}

#[test]
fn equivalents_point_both_ways_across_levels() {
    let c = catalog();
    for id in [ids::BASELINE, ids::CLOUD] {
        let items = &pack(&c, id).items;
        for i in items.iter().filter(|i| i.equivalent.is_some()) {
            let eq = items
                .iter()
                .find(|o| Some(&o.id) == i.equivalent.as_ref())
                .unwrap();
            assert_ne!(eq.level, i.level, "{}", i.id);
            assert_eq!(
                eq.equivalent.as_ref(),
                Some(&i.id),
                "{} -> {} is not mutual",
                i.id,
                eq.id
            );
        }
    }
}

#[test]
fn high_risk_links_resolve_and_respect_the_cases_minimum_level() {
    let c = catalog();
    let hr = pack(&c, ids::HIGH_RISK);
    assert_eq!(hr.cases.len(), 81);
    let general = hr.cases.iter().filter(|k| k.id.starts_with("6.")).count();
    assert_eq!(general, 42);
    let mut cited = BTreeSet::new();
    for p in [pack(&c, ids::BASELINE), pack(&c, ids::CLOUD)] {
        for i in &p.items {
            for case_id in &i.high_risk {
                let case = c
                    .case(case_id)
                    .unwrap_or_else(|| panic!("{}: case {case_id} missing", i.id));
                assert!(
                    case.min_level <= i.level.unwrap(),
                    "{}: case {case_id} starts at level {}",
                    i.id,
                    case.min_level
                );
                cited.insert(case_id.as_str());
            }
        }
    }
    // Every general and cloud case that applies at level 2 or 3 judges some item.
    for case in hr
        .cases
        .iter()
        .filter(|k| k.min_level <= 3 && (k.id.starts_with("6.") || k.id.starts_with("7.")))
    {
        assert!(
            cited.contains(case.id.as_str()),
            "case {} judges no item",
            case.id
        );
    }
    for case in &hr.cases {
        assert!(
            case.title.is_complete() && case.problem.is_complete(),
            "{}",
            case.id
        );
        // The loader ties mitigations to `lowering`; here only that every case says it.
        assert!(case.lowering.is_some(), "{}: lowering", case.id);
    }
}

#[test]
fn hospital_profile_covers_four_areas_and_higher_grades_include_lower_ones() {
    let c = catalog();
    let h = pack(&c, ids::HOSPITAL);
    assert!(h.items.len() >= 40, "{}", h.items.len());
    let categories: BTreeSet<&str> = h.items.iter().map(|i| i.category.as_str()).collect();
    assert_eq!(categories, BTreeSet::from(["DC", "DR", "NS", "TS"]));
    assert!(
        h.meta.note.zh.contains("国卫办规划发〔2018〕4号"),
        "the note names the official text to check against"
    );
    let order = HospitalGrade::ALL;
    for i in &h.items {
        let lowest = order.iter().position(|g| i.grades.contains(g)).unwrap();
        for g in &order[lowest..] {
            let carried = i.grades.contains(g)
                || i.replaced_by
                    .as_ref()
                    .is_some_and(|r| h.items.iter().any(|o| &o.id == r && o.grades.contains(g)));
            assert!(carried, "{} is not carried to grade {g}", i.id);
        }
        assert!(!i.relies_on.is_empty(), "{} relies on no MLPS item", i.id);
        for dep in &i.relies_on {
            assert!(
                pack(&c, ids::BASELINE).items.iter().any(|m| &m.id == dep),
                "{}: {dep}",
                i.id
            );
        }
    }
    let per_grade = |g| h.items.iter().filter(|i| i.grades.contains(&g)).count();
    assert!(per_grade(HospitalGrade::II) < per_grade(HospitalGrade::IIIB));
    assert!(per_grade(HospitalGrade::IIIB) <= per_grade(HospitalGrade::IIIA));
}

#[test]
fn lint_of_every_shipped_pack_is_clean() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/checklists")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            dengbao()
                .args(["checklist", "lint"])
                .arg(&path)
                .assert()
                .success()
                .stdout(predicate::str::ends_with(": clean\n"));
        }
    }
}

#[test]
fn show_prints_211_level_3_items() {
    let out = dengbao()
        .args(["checklist", "show", ids::BASELINE, "--level", "3"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("L3-")).count(), 211);
}

#[test]
fn an_engagement_combines_baseline_hospital_profile_and_cloud() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.dengbao");
    dengbao()
        .arg("new")
        .arg(&file)
        .args([
            "--system",
            "HIS",
            "--org",
            "三甲医院",
            "--level",
            "3",
            "--hospital-grade",
            "III-A",
            "--cloud",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("gbt22239-2019 1.1.0: 211 items"))
        .stdout(predicate::str::contains("gbt22239-2019-cloud 1.1.0: 46 items"))
        .stdout(predicate::str::contains("hospital-security 1.1.0: 49 items"));
    let s = common::status_json(&file);
    let packs: Vec<(String, u64)> = s["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["items"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        packs,
        [
            ("gbt22239-2019".to_string(), 211),
            ("gbt22239-2019-cloud".to_string(), 46),
            ("hospital-security".to_string(), 49)
        ]
    );
    assert_eq!(s["engagement"]["hospital_grade"], "III-A");
}

fn kinds(i: &Item) -> BTreeSet<ObjectKind> {
    i.applies_to.iter().copied().collect()
}

fn set(k: &[ObjectKind]) -> BTreeSet<ObjectKind> {
    k.iter().copied().collect()
}

fn item<'a>(p: &'a Pack, id: &str) -> &'a Item {
    p.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

/// `applies_to` sets the size of an engagement (one result per item and object), so the
/// kinds of every category are pinned here.
#[test]
fn object_kinds_per_category_are_pinned() {
    use ObjectKind::*;
    let c = catalog();
    let base = pack(&c, ids::BASELINE);
    let cloud = pack(&c, ids::CLOUD);
    let devices_and_software = set(&[
        NetworkDevice,
        SecurityDevice,
        Server,
        Database,
        Middleware,
        Application,
        Terminal,
    ]);
    for i in base.items.iter().chain(&cloud.items) {
        let k = kinds(i);
        match i.category.as_str() {
            "PES" => assert_eq!(k, set(&[MachineRoom]), "{}", i.id),
            // One sheet per system: GB/T 28448 tests SMC on the central platforms.
            "SMC" => assert_eq!(k, set(&[ManagementCentre]), "{}", i.id),
            "PSS" | "ORS" | "HRS" | "CMS" | "MMS" => assert_eq!(k, set(&[Management]), "{}", i.id),
            _ => {}
        }
    }
    for i in &base.items {
        let k = kinds(i);
        match (i.category.as_str(), i.control_point.zh.as_str()) {
            ("CNS", _) => assert_eq!(k, set(&[Network]), "{}", i.id),
            ("ABS", _) => assert_eq!(k, set(&[Boundary]), "{}", i.id),
            ("CES", "身份鉴别" | "访问控制" | "安全审计") => {
                assert_eq!(k, devices_and_software, "{}", i.id)
            }
            // One model for integrity and confidentiality: data objects plus the
            // applications and databases that hold the data, never also every device.
            ("CES", "数据完整性" | "数据保密性") => {
                assert_eq!(k, set(&[Data, Application, Database]), "{}", i.id)
            }
            ("CES", "剩余信息保护") => assert_eq!(
                k,
                set(&[Server, Terminal, Database, Middleware, Application]),
                "{}",
                i.id
            ),
            _ => {}
        }
    }
    assert_eq!(
        kinds(item(base, "L3-CES1-31")),
        set(&[Server, Database, Application]),
        "a data object cannot be hot-redundant"
    );
    let integrity: Vec<&str> = base
        .items
        .iter()
        .filter(|i| ["数据完整性", "数据保密性"].contains(&i.control_point.zh.as_str()))
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        integrity,
        [
            "L2-CES1-18",
            "L3-CES1-25",
            "L3-CES1-26",
            "L3-CES1-27",
            "L3-CES1-28"
        ]
    );
    // Cloud: virtual-boundary items go on the boundary, not on every virtual appliance;
    // platform capabilities go on the system-level object, not on every virtual machine.
    for i in cloud
        .items
        .iter()
        .filter(|i| i.category == "ABS" || i.category == "CNS")
    {
        assert!(!i.applies_to.contains(&SecurityDevice), "{}", i.id);
    }
    for id in ["L2-ABS2-05", "L3-ABS2-05"] {
        assert_eq!(kinds(item(cloud, id)), set(&[Boundary, Server]), "{id}");
    }
    for id in ["L3-CES2-04", "L2-CES2-04", "L3-CES2-08"] {
        assert_eq!(kinds(item(cloud, id)), set(&[ManagementCentre]), "{id}");
    }
    for id in ["L2-CES2-08", "L3-CES2-14"] {
        assert_eq!(item(cloud, id).scope, Some(CloudScope::Tenant), "{id}");
    }
}

#[test]
fn no_hospital_item_applies_to_every_security_device() {
    let c = catalog();
    let h = pack(&c, ids::HOSPITAL);
    for i in &h.items {
        assert!(
            !i.applies_to.contains(&ObjectKind::SecurityDevice),
            "{}: put the control on the object that holds it (boundary, network, database, terminal, management-centre)",
            i.id
        );
    }
}

#[test]
fn items_whose_28448_unit_has_a_test_step_are_tested() {
    let c = catalog();
    let base = pack(&c, ids::BASELINE);
    for id in [
        "L2-CES1-06",
        "L3-CES1-07",
        "L3-ABS1-12",
        "L3-ABS1-20",
        "L3-CES1-24",
        "L3-SMC1-09",
    ] {
        let i = item(base, id);
        assert!(i.methods.contains(&Method::Test), "{id}");
        assert!(
            i.guidance.zh.contains("测试：") && i.guidance.en.contains("Test:"),
            "{id}: the guidance says how to test"
        );
    }
}

#[test]
fn log_retention_case_is_counted_once() {
    let c = catalog();
    let linking: Vec<&str> = [pack(&c, ids::BASELINE), pack(&c, ids::CLOUD)]
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.high_risk.iter().any(|k| k == "6.5.1.2"))
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(linking, ["L3-SMC1-10"]);
}

#[test]
fn abs_smc_and_mms_items_name_their_high_risk_case_in_the_guidance() {
    let c = catalog();
    for i in pack(&c, ids::BASELINE)
        .items
        .iter()
        .filter(|i| ["ABS", "SMC", "MMS"].contains(&i.category.as_str()))
    {
        for case in &i.high_risk {
            assert!(
                i.guidance.zh.contains(case.as_str()) && i.guidance.en.contains(case.as_str()),
                "{}: guidance does not name case {case}",
                i.id
            );
        }
    }
}

#[test]
fn hospital_profile_is_labelled_a_practitioner_profile_and_closes_the_grade_ii_gaps() {
    let c = catalog();
    let h = pack(&c, ids::HOSPITAL);
    assert!(h.meta.standard.starts_with("实践配置"), "{}", h.meta.standard);
    assert!(h.meta.standard.contains("未经原文核对"));
    assert!(h.meta.title.zh.contains("实践配置"));
    assert!(h.meta.title.en.contains("practitioner profile"));
    let all = [HospitalGrade::II, HospitalGrade::IIIB, HospitalGrade::IIIA];
    // Vulnerability management and personal information apply from grade II, as their
    // MLPS items and high-risk cases apply from level 2.
    assert_eq!(item(h, "HS-NS-13").grades, all);
    let pi = item(h, "HS-DC-16");
    assert_eq!(pi.grades, all);
    for dep in ["L2-CES1-22", "L2-CES1-23"] {
        assert!(pi.relies_on.iter().any(|d| d == dep), "HS-DC-16 -> {dep}");
    }
    assert_eq!(
        item(h, "HS-DC-12").grades,
        [HospitalGrade::IIIB, HospitalGrade::IIIA],
        "cryptography stays at grade III"
    );
    assert!(item(h, "HS-DC-10").relies_on.iter().any(|d| d == "L3-CES1-09"));
    assert!(item(h, "HS-DR-07").guidance.zh.contains("第四级"));
}
