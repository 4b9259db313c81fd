//! The parts of the report the 2025 template adds around the figures: the front matter
//! (cover particulars, the basic-information table, the statement, why the conclusion
//! came out as it did), the chapters' texts (the evaluator's, from the engagement's
//! details), the asset appendix by class, the risk analysis with threats and harm, the
//! major hidden risks, and evidence numbers for the records.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::clean;
use crate::domain::analysis::{Analysis, Coverage, PairResult, major_hidden_risk_key};
use crate::domain::details::Details;
use crate::domain::scoring::ConclusionValue;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Importance, Lang, Method, ObjectKind, Risk, RuleSet};

/// A label and a value, for the key–value tables of the front matter.
#[derive(Debug, Serialize)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct SignOff {
    pub role: &'static str,
    pub name: String,
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct Front {
    pub client: String,
    pub report_date: String,
    pub filing_number: String,
    pub template: String,
    pub unit: Vec<Field>,
    pub agency: Vec<Field>,
    pub sign_off: Vec<SignOff>,
    pub statement_date: String,
    /// Why the conclusion is what it is, in one sentence.
    pub reason: String,
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Zh { zh } else { en }
}

pub fn front(s: &Snapshot, a: &Analysis, lang: Lang) -> Front {
    let d = &s.details;
    let get = |k: &str| clean(d.get(k));
    let field = |label, key: &str| Field {
        label,
        value: get(key),
    };
    let e = &s.engagement;
    let report_date = get("report-date");
    Front {
        client: get("client"),
        report_date: report_date.clone(),
        filing_number: get("filing-number"),
        template: d.template().to_string(),
        unit: vec![
            Field {
                label: t(lang, "单位名称", "Name"),
                value: clean(&e.org),
            },
            field(t(lang, "单位地址", "Address"), "unit-address"),
            field(t(lang, "邮政编码", "Postcode"), "unit-postcode"),
            field(
                t(lang, "统一社会信用代码", "Unified social credit code"),
                "unit-credit-code",
            ),
            field(t(lang, "联系人", "Contact"), "unit-contact"),
            field(t(lang, "职务/职称", "Title"), "unit-contact-title"),
            field(t(lang, "所属部门", "Department"), "unit-contact-department"),
            field(t(lang, "办公电话", "Office phone"), "unit-phone"),
            field(t(lang, "移动电话", "Mobile"), "unit-mobile"),
            field(t(lang, "电子邮件", "E-mail"), "unit-email"),
        ],
        agency: vec![
            Field {
                label: t(lang, "单位名称", "Name"),
                value: clean(&e.agency),
            },
            field(t(lang, "测评机构代码", "Agency code"), "agency-code"),
            field(t(lang, "联系人", "Contact"), "agency-contact"),
            field(t(lang, "联系电话", "Phone"), "agency-phone"),
        ],
        sign_off: vec![
            SignOff {
                role: t(lang, "编制", "Compiled"),
                name: get("compiled-by"),
                date: get("compiled-on"),
            },
            SignOff {
                role: t(lang, "审核", "Reviewed"),
                name: get("reviewed-by"),
                date: get("reviewed-on"),
            },
            SignOff {
                role: t(lang, "批准", "Approved"),
                name: get("approved-by"),
                date: get("approved-on"),
            },
        ],
        statement_date: match get("statement-date") {
            s if s.is_empty() => report_date,
            s => s,
        },
        reason: conclusion_reason(a, e.rule_set, lang),
    }
}

/// One sentence saying why the conclusion came out as it did.
pub fn conclusion_reason(a: &Analysis, rule: RuleSet, lang: Lang) -> String {
    let Some(rate) = a.mlps.compliance_rate else {
        return t(
            lang,
            "尚无测评结果，不能得出结论。",
            "No result is recorded yet: there is no conclusion.",
        )
        .into();
    };
    let Some(value) = a.conclusion.value else {
        return String::new();
    };
    let major = a.mlps.risks.major_hidden;
    let high = a.mlps.risks.high;
    let label = value.label(lang);
    let zh = lang == Lang::Zh;
    let mut out = match (rule, value, zh) {
        (RuleSet::R2025, ConclusionValue::Conforms, true) => {
            format!("符合率 {rate:.2}%，高于 90%，且无重大风险隐患，结论为“{label}”。")
        }
        (RuleSet::R2025, ConclusionValue::Conforms, false) => {
            format!("The compliance rate is {rate:.2} %, above 90 %, with no major hidden risk: \"{label}\".")
        }
        (RuleSet::R2025, ConclusionValue::BasicallyConforms, true) if rate > 90.0 => {
            format!("符合率 {rate:.2}%，高于 90%，但存在 {major} 个重大风险隐患，结论为“{label}”。")
        }
        (RuleSet::R2025, ConclusionValue::BasicallyConforms, false) if rate > 90.0 => format!(
            "The compliance rate is {rate:.2} %, above 90 %, but {major} major hidden risks were found: \"{label}\"."
        ),
        (RuleSet::R2025, ConclusionValue::BasicallyConforms, true) => {
            format!("符合率 {rate:.2}%，在 60% 至 90% 之间，结论为“{label}”。")
        }
        (RuleSet::R2025, ConclusionValue::BasicallyConforms, false) => {
            format!("The compliance rate is {rate:.2} %, between 60 % and 90 %: \"{label}\".")
        }
        (RuleSet::R2025, _, true) => format!("符合率 {rate:.2}%，低于 60%，结论为“{label}”。"),
        (RuleSet::R2025, _, false) => format!("The compliance rate is {rate:.2} %, below 60 %: \"{label}\"."),
        (RuleSet::R2021, ConclusionValue::Poor, true) if high > 0 => {
            format!("存在 {high} 个高风险问题，结论为“{label}”。")
        }
        (RuleSet::R2021, ConclusionValue::Poor, false) if high > 0 => {
            format!("{high} high risks were found: \"{label}\".")
        }
        (RuleSet::R2021, _, true) => format!("无高风险问题，符合率 {rate:.2}%，结论为“{label}”。"),
        (RuleSet::R2021, _, false) => {
            format!("No high risk; the compliance rate is {rate:.2} %: \"{label}\".")
        }
    };
    if a.conclusion.provisional {
        out.push_str(t(
            lang,
            "（尚有未测评结果，结论为暂定。）",
            " (Some results are not assessed yet: provisional.)",
        ));
    }
    out
}

/// The evaluator's texts of chapters 1, 2, 3 (scan, penetration test), 4 and 6.
#[derive(Debug, Serialize)]
pub struct Texts {
    pub purpose: String,
    pub process: String,
    pub distribution: String,
    pub grading: String,
    pub grading_basis: String,
    pub business: String,
    pub network: String,
    pub scan: String,
    pub pentest: String,
    pub overall: String,
    pub evaluation: String,
    /// The topology diagram (a thumbnail of the evidence named), if any.
    pub topology: Option<String>,
    pub topology_number: String,
}

pub fn texts(s: &Snapshot, numbers: &Numbers, thumbnails: &BTreeMap<i64, String>) -> Texts {
    let d = &s.details;
    let get = |k: &str| clean(d.get(k));
    let topology_number = get("topology-evidence");
    let topology = numbers
        .by_number
        .get(topology_number.to_uppercase().as_str())
        .and_then(|id| thumbnails.get(id).cloned());
    Texts {
        purpose: get("purpose"),
        process: get("process"),
        distribution: get("distribution"),
        grading: get("grading"),
        grading_basis: get("grading-basis"),
        business: get("business"),
        network: get("network"),
        scan: get("scan"),
        pentest: get("pentest"),
        overall: get("overall"),
        evaluation: get("evaluation"),
        topology,
        topology_number,
    }
}

/// Evidence numbers (E-001, …) in the order pieces were added.
pub struct Numbers {
    pub of: BTreeMap<i64, String>,
    pub by_number: BTreeMap<String, i64>,
    /// For each item × object (item id, object uid): its pieces' numbers and methods.
    pub of_pair: BTreeMap<(String, String), (Vec<String>, Vec<Method>)>,
}

pub fn numbers(s: &Snapshot) -> Numbers {
    let mut of = BTreeMap::new();
    let mut by_number = BTreeMap::new();
    let mut of_pair: BTreeMap<(String, String), (Vec<String>, Vec<Method>)> = BTreeMap::new();
    for (i, e) in s.evidence.iter().enumerate() {
        let n = format!("E-{:03}", i + 1);
        of.insert(e.id, n.clone());
        by_number.insert(n.clone(), e.id);
        for l in &e.links {
            let entry = of_pair
                .entry((l.item.clone(), l.object_uid.to_string()))
                .or_default();
            entry.0.push(n.clone());
            if let Some(m) = e.method
                && !entry.1.contains(&m)
            {
                entry.1.push(m);
            }
        }
    }
    Numbers {
        of,
        by_number,
        of_pair,
    }
}

impl Numbers {
    /// "E-001, E-004 · 核查、访谈" for a pair, or "" when it has no evidence.
    pub fn cite(&self, s: &Snapshot, p: &PairResult, lang: Lang) -> String {
        let key = (s.items[p.item].id.clone(), s.objects[p.object].uid.to_string());
        let Some((numbers, methods)) = self.of_pair.get(&key) else {
            return String::new();
        };
        let methods: Vec<&str> = methods.iter().map(|m| m.label(lang)).collect();
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        if methods.is_empty() {
            numbers.join(", ")
        } else {
            format!("{} · {}", numbers.join(", "), methods.join(sep))
        }
    }
}

/// A category's section of chapter 3.
#[derive(Debug, Serialize)]
pub struct CategorySection {
    pub profile: bool,
    pub code: String,
    pub name: String,
    pub applicable: usize,
    pub assessed: usize,
    pub rate: String,
    pub measures: String,
    pub problems: String,
    /// The category's findings, when the evaluator wrote no summary of the main
    /// problems.
    pub findings: Vec<Named>,
}

/// A text and what it is about: a problem and its object, a person and a role, a
/// document and its version.
#[derive(Debug, Serialize)]
pub struct Named {
    pub name: String,
    pub about: String,
}

pub fn categories(s: &Snapshot, a: &Analysis, lang: Lang) -> Vec<CategorySection> {
    a.categories
        .iter()
        .map(|c| {
            let findings = a
                .findings
                .iter()
                .map(|&n| &a.pairs[n])
                .filter(|p| {
                    let i = &s.items[p.item];
                    i.pack == c.pack && i.category == c.code
                })
                .map(|p| Named {
                    name: clean(&s.objects[p.object].name),
                    about: clean(&p.assessment.record),
                })
                .collect();
            CategorySection {
                profile: c.coverage == Coverage::Profile,
                code: c.code.clone(),
                name: c.name.get(lang).to_string(),
                applicable: c.figures.applicable,
                assessed: c.figures.assessed,
                rate: c
                    .figures
                    .compliance_rate
                    .map(|r| format!("{r:.2}%"))
                    .unwrap_or_else(|| "—".into()),
                measures: clean(s.details.category(&c.pack, &c.code, "measures")),
                problems: clean(s.details.category(&c.pack, &c.code, "problems")),
                findings,
            }
        })
        .collect()
}

/// A row of chapter 5's risk analysis.
#[derive(Debug, Serialize)]
pub struct RiskRow {
    pub number: usize,
    pub profile: bool,
    pub problem: String,
    pub item: String,
    pub asset: String,
    pub threat: String,
    pub harm: String,
    pub risk: String,
    pub risk_class: &'static str,
    /// The item links a high-risk case but the problem is not rated high: the written
    /// reason, or `None` when it is missing (the report checker names it).
    pub not_high: Option<String>,
    pub needs_not_high: bool,
}

pub fn risks(s: &Snapshot, a: &Analysis, lang: Lang) -> Vec<RiskRow> {
    [Coverage::Mlps, Coverage::Profile]
        .into_iter()
        .flat_map(|c| a.findings_of(c))
        .enumerate()
        .map(|(i, p)| {
            let item = &s.items[p.item];
            let object = &s.objects[p.object];
            let uid = object.uid.to_string();
            let part = |k: &str| clean(s.details.finding(&item.id, &uid, k));
            let needs_not_high = !item.high_risk.is_empty() && p.assessment.risk != Some(Risk::High);
            let reason = part("not-high");
            RiskRow {
                number: i + 1,
                profile: p.coverage == Coverage::Profile,
                problem: clean(&p.assessment.record),
                item: item.id.clone(),
                asset: clean(&object.name),
                threat: part("threat"),
                harm: part("harm"),
                risk: p
                    .assessment
                    .risk
                    .map(|r| r.label(lang).to_string())
                    .unwrap_or_else(|| "—".into()),
                risk_class: match p.assessment.risk {
                    Some(Risk::High) => "high",
                    Some(Risk::Medium) => "medium",
                    Some(Risk::Low) => "low",
                    None => "none",
                },
                not_high: (!reason.is_empty()).then_some(reason),
                needs_not_high,
            }
        })
        .collect()
}

/// The asset classes of appendix A, in the template's order.
pub const ASSET_CLASSES: &[(&str, &str)] = &[
    ("物理机房", "Machine rooms"),
    ("网络设备", "Network devices"),
    ("安全设备", "Security devices"),
    ("服务器/存储设备", "Servers and storage"),
    ("终端设备", "Terminals"),
    ("其他系统或设备", "Other systems and devices"),
    ("系统管理软件/平台", "System management software and platforms"),
    ("业务应用系统/平台", "Business applications and platforms"),
    ("数据资源", "Data"),
    ("密码产品", "Cryptographic products"),
];

/// The appendix-A class of an object kind, or `None` for the kinds of the system-level
/// objects (the network as a whole, management), which are not assets. The system-level
/// objects themselves are left out of the asset tables whatever their kind.
pub fn asset_class(kind: ObjectKind) -> Option<usize> {
    use ObjectKind::*;
    Some(match kind {
        MachineRoom => 0,
        NetworkDevice | WirelessAccess => 1,
        SecurityDevice => 2,
        Server => 3,
        Terminal | MobileTerminal => 4,
        Boundary | SensingNode | SensingGateway => 5,
        Database | Middleware | ManagementCentre => 6,
        Application | MobileApp => 7,
        Data => 8,
        Network | Management => return None,
    })
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub name: String,
    pub kind: String,
    pub ip: String,
    pub os: String,
    pub location: String,
    pub purpose: String,
    pub importance: String,
    pub group: String,
}

#[derive(Debug, Serialize)]
pub struct AssetClass {
    pub number: String,
    pub name: &'static str,
    pub assets: Vec<Asset>,
}

pub fn assets(s: &Snapshot, lang: Lang) -> Vec<AssetClass> {
    let mut classes: Vec<AssetClass> = ASSET_CLASSES
        .iter()
        .enumerate()
        .map(|(i, (zh, en))| AssetClass {
            number: format!("A.{}", i + 1),
            name: if lang == Lang::Zh { zh } else { en },
            assets: Vec::new(),
        })
        .collect();
    for o in s.objects.iter().filter(|o| !o.system_level) {
        let Some(class) = asset_class(o.kind) else {
            continue;
        };
        let p = &o.profile;
        classes[class].assets.push(Asset {
            name: clean(&o.name),
            kind: o.kind.label(lang).to_string(),
            ip: clean(&p.ip),
            os: clean(&p.os),
            location: clean(&p.location),
            purpose: clean(if p.purpose.is_empty() {
                &o.detail
            } else {
                &p.purpose
            }),
            importance: p.importance.map(|i| importance(i, lang)).unwrap_or_default(),
            group: clean(&p.group),
        });
    }
    classes
}

fn importance(i: Importance, lang: Lang) -> String {
    i.label(lang).to_string()
}

/// Rows of a list detail (staff: name and role; documents: title and version).
pub fn list(d: &Details, key: &str) -> Vec<Named> {
    d.table(key)
        .into_iter()
        .map(|row| Named {
            name: clean(row.first().map(String::as_str).unwrap_or("")),
            about: clean(&row[1..].join(" ")),
        })
        .collect()
}

/// A major hidden risk (重大风险隐患) of appendix G, a record of its own: the high-risk
/// case it is (or the problem, for one flagged without a case), the problems that
/// trigger it, and where its remediation stands (remediated when all of them are).
/// Grouped as the conclusion page counts them ([`major_hidden_risk_key`]).
#[derive(Debug, Serialize)]
pub struct MajorRow {
    pub number: usize,
    /// The case's id and title; empty for a problem flagged without a case.
    pub case: String,
    pub triggers: Vec<MajorTrigger>,
    pub remediated: bool,
}

#[derive(Debug, Serialize)]
pub struct MajorTrigger {
    pub item: String,
    pub asset: String,
    pub problem: String,
    pub remediated: bool,
}

pub fn major_risks(s: &Snapshot, a: &Analysis, lang: Lang) -> Vec<MajorRow> {
    let mut rows: Vec<(String, MajorRow)> = Vec::new();
    for p in a
        .findings_of(Coverage::Mlps)
        .filter(|p| p.assessment.major_hidden_risk)
    {
        let r = p.result.map(|r| &s.results[r]);
        let trigger = MajorTrigger {
            item: s.items[p.item].id.clone(),
            asset: clean(&s.objects[p.object].name),
            problem: clean(&p.assessment.record),
            remediated: r.is_some_and(|r| r.remediated),
        };
        let key = major_hidden_risk_key(s, p);
        if let Some((_, row)) = rows.iter_mut().find(|(k, _)| *k == key) {
            row.remediated &= trigger.remediated;
            row.triggers.push(trigger);
            continue;
        }
        let case = r
            .and_then(|r| r.high_risk_case.as_ref())
            .map(|id| {
                let title = s.case(id).map(|c| c.title.get(lang)).unwrap_or("");
                format!("{id} {title}")
            })
            .unwrap_or_default();
        let row = MajorRow {
            number: rows.len() + 1,
            case,
            remediated: trigger.remediated,
            triggers: vec![trigger],
        };
        rows.push((key, row));
    }
    rows.into_iter().map(|(_, row)| row).collect()
}

/// Results judged not applicable, with their reasons (chapter 2's indicators).
#[derive(Debug, Serialize)]
pub struct NotApplicable {
    pub item: String,
    pub control_point: String,
    pub objects: String,
    pub reason: String,
}

pub fn not_applicable(s: &Snapshot, a: &Analysis, lang: Lang) -> Vec<NotApplicable> {
    let mut by_item: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    for p in &a.pairs {
        if p.assessment.effective() == crate::domain::Verdict::NotApplicable {
            by_item
                .entry((p.item, clean(&p.assessment.reason)))
                .or_default()
                .push(clean(&s.objects[p.object].name));
        }
    }
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    by_item
        .into_iter()
        .map(|((i, reason), objects)| {
            let item = &s.items[i];
            NotApplicable {
                item: item.id.clone(),
                control_point: item.control_point.get(lang).to_string(),
                objects: objects.join(sep),
                reason,
            }
        })
        .collect()
}
