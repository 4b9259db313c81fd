//! The mobile interconnection and IoT extension packs are complete and right: counts per
//! level, category and control point equal GB/T 22239-2019 (as recorded in the reference
//! table `mlps_counts_by_level.json`), ids are the GB/T 28448-2019 unit codes, every item
//! is complete in both languages, equivalents and high-risk links resolve, and every
//! mobile and IoT high-risk case that applies at level 2 or 3 judges some item.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{dengbao, fixture};
use dengbao::catalog::{Catalog, Item, Pack, ids};
use dengbao::domain::checklist::Extension;
use dengbao::domain::{ObjectKind, Sga};
use predicates::prelude::*;

const MOBILE: &str = "gbt22239-2019-mobile";
const IOT: &str = "gbt22239-2019-iot";

fn catalog() -> Catalog {
    let (catalog, diags) = Catalog::shipped();
    assert!(diags.is_empty(), "shipped packs must load cleanly: {diags:?}");
    catalog
}

fn pack<'a>(c: &'a Catalog, id: &str) -> &'a Pack {
    c.pack(id).unwrap_or_else(|| panic!("pack {id} missing"))
}

fn at(items: &[Item], level: u8) -> impl Iterator<Item = &Item> {
    items.iter().filter(move |i| i.level == Some(level))
}

/// Items per category, (code, level 2, level 3), copied from `mlps_counts_by_level.json`.
const MOBILE_COUNTS: [(&str, usize, usize); 5] = [
    ("PES", 1, 1),
    ("ABS", 7, 8),
    ("CES", 2, 5),
    ("CMS", 4, 4),
    ("MMS", 0, 1),
];
const IOT_COUNTS: [(&str, usize, usize); 4] = [("PES", 2, 4), ("ABS", 3, 3), ("CES", 0, 10), ("MMS", 2, 3)];

/// The GB/T 28448-2019 unit ids, as printed in the standard (stored, never computed).
const MOBILE_IDS: [&str; 33] = [
    "L2-PES3-01",
    "L2-ABS3-01",
    "L2-ABS3-02",
    "L2-ABS3-03",
    "L2-ABS3-04",
    "L2-ABS3-05",
    "L2-ABS3-06",
    "L2-ABS3-07",
    "L2-CES3-01",
    "L2-CES3-02",
    "L2-CMS3-01",
    "L2-CMS3-02",
    "L2-CMS3-03",
    "L2-CMS3-04",
    "L3-PES3-01",
    "L3-ABS3-01",
    "L3-ABS3-02",
    "L3-ABS3-03",
    "L3-ABS3-04",
    "L3-ABS3-05",
    "L3-ABS3-06",
    "L3-ABS3-07",
    "L3-ABS3-08",
    "L3-CES3-01",
    "L3-CES3-02",
    "L3-CES3-03",
    "L3-CES3-04",
    "L3-CES3-05",
    "L3-CMS3-01",
    "L3-CMS3-02",
    "L3-CMS3-03",
    "L3-CMS3-04",
    "L3-MMS3-01",
];
/// L3-CES4-04 (maximum concurrent connections) is a GB/T 28448 unit with no requirement
/// in GB/T 22239-2019 §8.4.3.2, so the pack leaves it out and 8.4.3.2 a-d are 05-08.
const IOT_IDS: [&str; 27] = [
    "L2-PES4-01",
    "L2-PES4-02",
    "L2-ABS4-01",
    "L2-ABS4-02",
    "L2-ABS4-03",
    "L2-MMS4-01",
    "L2-MMS4-02",
    "L3-PES4-01",
    "L3-PES4-02",
    "L3-PES4-03",
    "L3-PES4-04",
    "L3-ABS4-01",
    "L3-ABS4-02",
    "L3-ABS4-03",
    "L3-CES4-01",
    "L3-CES4-02",
    "L3-CES4-03",
    "L3-CES4-05",
    "L3-CES4-06",
    "L3-CES4-07",
    "L3-CES4-08",
    "L3-CES4-09",
    "L3-CES4-10",
    "L3-CES4-11",
    "L3-MMS4-01",
    "L3-MMS4-02",
    "L3-MMS4-03",
];

/// Appendix A of the 2025 high-risk guide, case → the items of these packs it judges.
/// A case with min_level 2 is linked from the level-2 and the level-3 item; a case with
/// min_level 3 only from the level-3 item. 8.1.1.1 (wireless over-coverage) applies from
/// level 4 only, so no level-2 or level-3 item links it.
const CASE_LINKS: [(&str, &[&str]); 13] = [
    ("8.2.1.1", &["L3-ABS3-01"]),
    ("8.2.2.1", &["L2-ABS3-02", "L3-ABS3-02"]),
    ("8.2.3.1", &["L3-ABS3-06"]),
    ("8.2.3.2", &["L2-ABS3-07", "L3-ABS3-07"]),
    ("8.2.3.3", &["L3-ABS3-04"]),
    ("8.3.1.1", &["L3-CES3-04"]),
    ("8.3.1.2", &["L3-CES3-05"]),
    ("8.4.1.1", &["L3-CMS3-01"]),
    ("8.4.1.2", &["L3-CMS3-02"]),
    ("9.1.1.1", &["L3-PES4-01"]),
    ("9.2.1.1", &["L2-ABS4-01", "L3-ABS4-01"]),
    ("9.3.1.1", &["L3-CES4-01"]),
    ("9.3.2.1", &["L3-CES4-05"]),
];

fn code_of(category_zh: &str) -> &'static str {
    match category_zh {
        "安全物理环境" => "PES",
        "安全通信网络" => "CNS",
        "安全区域边界" => "ABS",
        "安全计算环境" => "CES",
        "安全管理中心" => "SMC",
        "安全管理制度" => "PSS",
        "安全管理机构" => "ORS",
        "安全管理人员" => "HRS",
        "安全建设管理" => "CMS",
        "安全运维管理" => "MMS",
        other => panic!("unknown category {other}"),
    }
}

#[test]
fn counts_per_level_and_category_are_pinned() {
    let c = catalog();
    for (id, counts, l2, l3) in [
        (MOBILE, &MOBILE_COUNTS[..], 14, 19),
        (IOT, &IOT_COUNTS[..], 7, 20),
    ] {
        let items = &pack(&c, id).items;
        for &(cat, n2, n3) in counts {
            assert_eq!(
                at(items, 2).filter(|i| i.category == cat).count(),
                n2,
                "{id} L2 {cat}"
            );
            assert_eq!(
                at(items, 3).filter(|i| i.category == cat).count(),
                n3,
                "{id} L3 {cat}"
            );
        }
        assert_eq!(at(items, 2).count(), l2, "{id} L2");
        assert_eq!(at(items, 3).count(), l3, "{id} L3");
        assert_eq!(items.len(), l2 + l3, "{id}: only levels 2 and 3");
    }
}

#[test]
fn counts_per_category_and_control_point_equal_the_reference_table() {
    let text = std::fs::read_to_string(fixture("reference/mlps_counts_by_level.json")).unwrap();
    let table: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = catalog();
    for (id, scenario) in [(MOBILE, "mobile"), (IOT, "iot")] {
        let p = pack(&c, id);
        for level in [2u8, 3] {
            let reference = table[level.to_string()][scenario].as_object().unwrap();
            let mut want_cat: BTreeMap<&str, u64> = BTreeMap::new();
            let mut want_cp: BTreeMap<String, u64> = BTreeMap::new();
            for (category, entry) in reference {
                want_cat.insert(code_of(category), entry["items"].as_u64().unwrap());
                for cp in entry["control_points"].as_object().unwrap().values() {
                    want_cp.insert(
                        cp["clause"].as_str().unwrap().to_string(),
                        cp["items"].as_u64().unwrap(),
                    );
                }
            }
            let mut got_cat: BTreeMap<&str, u64> = BTreeMap::new();
            let mut got_cp: BTreeMap<String, u64> = BTreeMap::new();
            for i in at(&p.items, level) {
                *got_cat.entry(i.category.as_str()).or_default() += 1;
                *got_cp.entry(i.clause.clone()).or_default() += 1;
            }
            assert_eq!(got_cat, want_cat, "{id} L{level} per category");
            assert_eq!(got_cp, want_cp, "{id} L{level} per control point");
        }
    }
}

#[test]
fn ids_are_the_28448_unit_codes_and_unique_across_packs() {
    let c = catalog();
    for (id, scenario, expected) in [(MOBILE, '3', &MOBILE_IDS[..]), (IOT, '4', &IOT_IDS[..])] {
        let p = pack(&c, id);
        let actual: BTreeSet<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(actual.len(), p.items.len(), "{id}: duplicate ids");
        assert_eq!(actual, expected.iter().copied().collect(), "{id}: ids");
        for i in &p.items {
            // L{level}-{CAT}{scenario}-{nn}, level and category agreeing with the item.
            let level = i.level.unwrap();
            let want_prefix = format!("L{level}-{}{scenario}-", i.category);
            let nn = i.id.strip_prefix(&want_prefix).unwrap_or_else(|| {
                panic!("{}: expected prefix {want_prefix}", i.id);
            });
            assert!(
                nn.len() == 2 && nn.chars().all(|ch| ch.is_ascii_digit()),
                "{}",
                i.id
            );
            // Level 2 is clause 7.x, level 3 is clause 8.x of GB/T 22239-2019.
            let clause_prefix = format!("{}.{}.", level + 5, scenario);
            assert!(
                i.clause.starts_with(&clause_prefix),
                "{}: clause {}",
                i.id,
                i.clause
            );
        }
    }
    assert!(
        pack(&c, IOT).items.iter().all(|i| i.id != "L3-CES4-04"),
        "L3-CES4-04 has no GB/T 22239-2019 requirement"
    );
    let mut seen = BTreeMap::new();
    for p in c.packs() {
        for i in &p.items {
            if let Some(other) = seen.insert(i.id.as_str(), p.meta.id.as_str()) {
                panic!("{} is in both {other} and {}", i.id, p.meta.id);
            }
        }
    }
}

#[test]
fn every_item_is_complete_and_both_languages_differ() {
    let c = catalog();
    for id in [MOBILE, IOT] {
        let p = pack(&c, id);
        assert!(
            p.meta.note.zh.contains("意译") && p.meta.note.zh.contains("类比"),
            "{id} note"
        );
        assert!(
            p.meta.note.en.contains("paraphrase") && p.meta.note.en.contains("not observed"),
            "{id} note"
        );
        assert!(p.meta.requires.contains(&ids::HIGH_RISK.to_string()));
        for i in &p.items {
            assert!(
                i.missing_content().is_empty(),
                "{}: missing {:?}",
                i.id,
                i.missing_content()
            );
            assert_ne!(i.text.zh, i.text.en, "{}: text", i.id);
            assert_ne!(i.guidance.zh, i.guidance.en, "{}: guidance", i.id);
            assert_ne!(
                i.evidence_hints.zh, i.evidence_hints.en,
                "{}: evidence hints",
                i.id
            );
            assert_eq!(
                i.sga,
                Some(Sga::G),
                "{}: GB/T 22239 Annex A marks extensions G",
                i.id
            );
            assert!(
                [1.0, 0.7, 0.4].contains(&i.weight),
                "{}: weight {}",
                i.id,
                i.weight
            );
            assert!(!i.letter.is_empty(), "{}: letter", i.id);
            assert!(
                i.guidance.zh.contains("医院示例") && i.guidance.en.contains("Hospital example"),
                "{}: guidance has a hospital example",
                i.id
            );
            assert!(
                i.guidance.zh.contains("判定") && i.guidance.en.contains("Judgement"),
                "{}: guidance says how to judge",
                i.id
            );
        }
    }
}

#[test]
fn object_kinds_fit_the_extension() {
    let c = catalog();
    let sensing = [ObjectKind::SensingNode, ObjectKind::SensingGateway];
    let mobile = [
        ObjectKind::WirelessAccess,
        ObjectKind::MobileTerminal,
        ObjectKind::MobileApp,
    ];
    for (id, foreign) in [(MOBILE, &sensing[..]), (IOT, &mobile[..])] {
        for i in &pack(&c, id).items {
            assert!(
                !i.applies_to.iter().any(|k| foreign.contains(k)),
                "{}: {:?}",
                i.id,
                i.applies_to
            );
            // Management-category items are recorded on the system-level management object.
            if i.category == "CMS" || i.category == "MMS" {
                assert_eq!(i.applies_to, [ObjectKind::Management], "{}", i.id);
            }
        }
    }
}

#[test]
fn equivalents_resolve_to_the_other_level_and_point_back() {
    let c = catalog();
    for id in [MOBILE, IOT] {
        let items = &pack(&c, id).items;
        for i in items {
            let Some(eq) = &i.equivalent else {
                // Only level-3 items may lack a level-2 counterpart.
                assert_eq!(i.level, Some(3), "{} has no equivalent", i.id);
                continue;
            };
            let other = items
                .iter()
                .find(|o| &o.id == eq)
                .unwrap_or_else(|| panic!("{}: equivalent {eq} not in {id}", i.id));
            assert_ne!(other.level, i.level, "{}", i.id);
            assert_eq!(
                other.equivalent.as_ref(),
                Some(&i.id),
                "{} -> {eq} not mutual",
                i.id
            );
            assert_eq!(other.category, i.category, "{} -> {eq}", i.id);
        }
    }
}

#[test]
fn high_risk_links_resolve_respect_min_level_and_follow_appendix_a() {
    let c = catalog();
    let hr = pack(&c, ids::HIGH_RISK);
    let mut linked: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (id, ext) in [(MOBILE, Extension::Mobile), (IOT, Extension::Iot)] {
        for i in &pack(&c, id).items {
            for case_id in &i.high_risk {
                let case = hr
                    .cases
                    .iter()
                    .find(|k| &k.id == case_id)
                    .unwrap_or_else(|| panic!("{}: case {case_id} not in high-risk-2025", i.id));
                assert_eq!(case.extension, ext, "{}: case {case_id}", i.id);
                assert!(
                    case.min_level <= i.level.unwrap(),
                    "{}: case {case_id} starts at level {}",
                    i.id,
                    case.min_level
                );
                linked.entry(case.id.as_str()).or_default().insert(i.id.as_str());
            }
        }
    }
    let expected: BTreeMap<&str, BTreeSet<&str>> = CASE_LINKS
        .iter()
        .map(|(case, items)| (*case, items.iter().copied().collect()))
        .collect();
    assert_eq!(linked, expected);
    // Every mobile and IoT case that applies at level 2 or 3 judges some item; the only
    // one left is 8.1.1.1, which starts at level 4.
    let unlinked: Vec<&str> = hr
        .cases
        .iter()
        .filter(|k| matches!(k.extension, Extension::Mobile | Extension::Iot))
        .filter(|k| !linked.contains_key(k.id.as_str()))
        .map(|k| {
            assert!(
                k.min_level > 3,
                "case {} (from level {}) judges no item",
                k.id,
                k.min_level
            );
            k.id.as_str()
        })
        .collect();
    assert_eq!(unlinked, ["8.1.1.1"]);
}

#[test]
fn lint_is_clean_for_both_packs() {
    for file in ["gbt22239-2019-mobile.toml", "gbt22239-2019-iot.toml"] {
        dengbao()
            .args(["checklist", "lint"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/checklists/").to_string() + file)
            .assert()
            .success()
            .stdout(predicate::str::ends_with(": clean\n"));
    }
}
