//! The report's view model: everything the template shows, resolved to one language
//! and pre-formatted. Built from data already read; no IO. User-typed text is passed as
//! plain strings (the template escapes it) with bidirectional controls removed, so it
//! can neither run nor disguise itself.

use std::collections::BTreeMap;

use serde::Serialize;

use super::charts;
use crate::domain::carry::Carried;
use crate::domain::checklist::Case;
use crate::domain::evidence::{Evidence, JournalEntry as JournalRow};
use crate::domain::gate::gate;
use crate::domain::result::ResultState;
use crate::domain::scoring::{compliance_rate, roll_up};
use crate::domain::{Assessment, Lang, ObjectKind, Risk, Verdict, level_label};
use crate::summary::{EngagementData, Pair, ResultIndex, Status};

/// Everything read from the engagement that the report needs.
pub struct ReportInput<'a> {
    pub data: &'a EngagementData,
    pub evidence: &'a [Evidence],
    /// Data URIs of thumbnails by evidence id (non-sensitive images only).
    pub thumbnails: &'a BTreeMap<i64, String>,
    pub journal: &'a [JournalRow],
    pub cases: &'a [Case],
    pub carried: Option<&'a Carried>,
    pub audit_head: String,
    pub audit_rows: usize,
    pub generated_at: String,
    pub lang: Lang,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub lang: &'static str,
    pub verdict_labels: VerdictLabels,
    pub draft: bool,
    pub generated_at: String,
    pub cover: Cover,
    pub conclusion: ConclusionPage,
    pub summary: Vec<SummaryRow>,
    pub charts: Charts,
    pub control_points: Vec<ControlPointRow>,
    pub corrections: Vec<CorrectionRow>,
    pub findings: Vec<FindingRow>,
    pub objects: Vec<ObjectRecords>,
    pub previous: Option<PreviousSection>,
    pub evidence: Vec<EvidenceEntry>,
    pub journal: Vec<JournalEntry>,
    pub method: Vec<String>,
    pub packs: Vec<PackEntry>,
}

#[derive(Debug, Serialize)]
pub struct VerdictLabels {
    pub compliant: &'static str,
    pub partial: &'static str,
    pub non_compliant: &'static str,
    pub not_applicable: &'static str,
    pub not_assessed: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Cover {
    pub system: String,
    pub org: String,
    pub level: String,
    pub hospital_grade: Option<String>,
    pub cloud: bool,
    pub agency: String,
    pub evaluators: String,
    pub period: String,
    pub report_id: String,
}

#[derive(Debug, Serialize)]
pub struct ConclusionPage {
    pub value: String,
    pub rule_set: String,
    pub rate: String,
    pub provisional: bool,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub major_hidden: usize,
    pub major_hidden_remediated: usize,
    pub high_remediated: usize,
    pub audit_head: String,
    pub audit_rows: usize,
    pub gate_passed: bool,
    pub gate_problems: usize,
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub category: String,
    pub kind: String,
    pub tested: usize,
    pub compliant: usize,
    pub partial: usize,
    pub non_compliant: usize,
    pub not_applicable: usize,
    pub not_assessed: usize,
}

#[derive(Debug, Serialize)]
pub struct Charts {
    pub categories: String,
    pub verdicts: String,
}

#[derive(Debug, Serialize)]
pub struct ControlPointRow {
    pub category: String,
    pub clause: String,
    pub name: String,
    pub items: usize,
    pub result: String,
    pub result_class: &'static str,
    pub rate: String,
}

#[derive(Debug, Serialize)]
pub struct CorrectionRow {
    pub item: String,
    pub object: String,
    pub raw: String,
    pub rationale: String,
    pub corrected: String,
}

#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub number: usize,
    pub problem: String,
    pub item: String,
    pub control_point: String,
    pub object: String,
    pub verdict: String,
    pub risk: String,
    pub risk_class: &'static str,
    pub case: Option<String>,
    pub major: bool,
    pub remediated: bool,
    pub remediation: String,
}

#[derive(Debug, Serialize)]
pub struct ObjectRecords {
    pub name: String,
    pub kind: String,
    pub detail: String,
    pub rows: Vec<RecordRow>,
}

#[derive(Debug, Serialize)]
pub struct RecordRow {
    pub item: String,
    pub control_point: String,
    pub requirement: String,
    pub verdict: String,
    pub verdict_class: &'static str,
    pub record: String,
    pub evidence: usize,
}

#[derive(Debug, Serialize)]
pub struct PreviousSection {
    /// Last year's report id, or its file name when it had none.
    pub source: String,
    pub period: String,
    pub rows: Vec<PreviousRow>,
}

/// Where a previous finding stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowUp {
    /// Now compliant.
    Remediated,
    /// Still partial or non-compliant.
    Open,
    /// Now judged not applicable.
    NoLongerApplicable,
    /// Not assessed again yet.
    Pending,
    /// The item or the object is not part of this engagement.
    OutOfScope,
}

#[derive(Debug, Serialize)]
pub struct PreviousRow {
    pub item: String,
    pub object: String,
    pub verdict: String,
    pub record: String,
    pub risk: String,
    pub follow_up: FollowUp,
    pub current: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    pub id: i64,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub captured_at: String,
    pub added_at: String,
    pub added_by: String,
    pub links: String,
    pub note: String,
    pub sensitive: bool,
    pub thumbnail: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JournalEntry {
    pub at: String,
    pub who: String,
    pub role: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct PackEntry {
    pub id: String,
    pub title: String,
    pub version: String,
    pub content_hash: String,
}

/// User-typed text made inert for display: bidirectional controls removed (the
/// template escapes the rest).
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'))
        .collect()
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "ok",
        Verdict::Partial => "partial",
        Verdict::NonCompliant => "bad",
        Verdict::NotApplicable => "na",
        Verdict::NotAssessed => "todo",
    }
}

fn risk_class(r: Option<Risk>) -> &'static str {
    match r {
        Some(Risk::High) => "high",
        Some(Risk::Medium) => "medium",
        Some(Risk::Low) => "low",
        None => "none",
    }
}

/// A stored RFC 3339 time as people read it, in the machine's time zone:
/// `2026-11-18 10:00 +08:00`. Text that is not a time is shown as it is.
pub fn display_time(stored: &str) -> String {
    match stored.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M %:z")
            .to_string(),
        Err(_) => clean(stored),
    }
}

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.2}%")).unwrap_or_else(|| "—".into())
}

/// What every section works from, computed once per report.
struct View<'a> {
    d: &'a EngagementData,
    pairs: Vec<Pair>,
    assessments: Vec<Assessment>,
    results: ResultIndex<'a>,
    status: Status,
    lang: Lang,
}

impl<'a> View<'a> {
    fn new(d: &'a EngagementData, lang: Lang) -> Self {
        View {
            d,
            pairs: d.pairs(),
            assessments: d.assessments(),
            results: d.result_index(),
            status: d.status(),
            lang,
        }
    }

    /// Every pair in scope with its assessment.
    fn rows(&self) -> impl Iterator<Item = (&Pair, &Assessment)> {
        self.pairs.iter().zip(&self.assessments)
    }

    fn result(&self, item: &str, object_id: i64) -> Option<&'a ResultState> {
        self.results.get(&(item, object_id)).copied()
    }
}

pub fn build(input: &ReportInput<'_>) -> Report {
    let v = View::new(input.data, input.lang);
    let d = input.data;
    let lang = input.lang;
    let problems = gate(&v.assessments);
    Report {
        lang: if lang == Lang::Zh { "zh" } else { "en" },
        verdict_labels: VerdictLabels {
            compliant: Verdict::Compliant.label(lang),
            partial: Verdict::Partial.label(lang),
            non_compliant: Verdict::NonCompliant.label(lang),
            not_applicable: Verdict::NotApplicable.label(lang),
            not_assessed: Verdict::NotAssessed.label(lang),
        },
        draft: !problems.is_empty(),
        generated_at: display_time(&input.generated_at),
        cover: cover(d, lang),
        conclusion: conclusion(&v, input, problems.len()),
        summary: summary(&v),
        charts: Charts {
            categories: charts::category_bars(&v.status.categories, lang),
            verdicts: charts::verdict_bar(&v.status.progress.by_verdict, lang),
        },
        control_points: control_points(&v),
        corrections: corrections(&v),
        findings: findings(&v, input.cases),
        objects: records(&v),
        previous: input.carried.map(|c| previous(&v, c)),
        evidence: evidence(input),
        journal: input
            .journal
            .iter()
            .map(|j| JournalEntry {
                at: display_time(&j.at),
                who: clean(&j.who),
                role: clean(&j.role),
                summary: clean(&j.summary),
            })
            .collect(),
        method: method(d, lang),
        packs: d
            .packs
            .iter()
            .map(|p| PackEntry {
                id: p.id.clone(),
                title: p.title.get(lang).to_string(),
                version: p.version.clone(),
                content_hash: p.content_hash.clone(),
            })
            .collect(),
    }
}

fn cover(d: &EngagementData, lang: Lang) -> Cover {
    let e = &d.engagement;
    let period = match (clean(&e.starts_on).as_str(), clean(&e.ends_on).as_str()) {
        ("", "") => String::new(),
        (a, "") | ("", a) => a.to_string(),
        (a, b) => format!("{a} — {b}"),
    };
    Cover {
        system: clean(&e.system),
        org: clean(&e.org),
        level: level_label(e.level, lang),
        hospital_grade: e.hospital_grade.map(|g| g.label(lang).to_string()),
        cloud: e.cloud,
        agency: clean(&e.agency),
        evaluators: clean(&e.evaluators),
        period,
        report_id: clean(&e.report_id),
    }
}

fn conclusion(v: &View<'_>, input: &ReportInput<'_>, gate_problems: usize) -> ConclusionPage {
    let s = &v.status;
    let lang = v.lang;
    let mut major_hidden_remediated = 0;
    let mut high_remediated = 0;
    for (p, a) in v.rows() {
        let item = &v.d.items[p.item];
        let object = &v.d.objects[p.object];
        let remediated = v.result(&item.id, object.id).is_some_and(|r| r.remediated);
        if remediated && a.verdict.is_finding() {
            major_hidden_remediated += usize::from(a.major_hidden_risk);
            high_remediated += usize::from(a.risk == Some(Risk::High));
        }
    }
    ConclusionPage {
        value: s
            .conclusion
            .label
            .as_ref()
            .map(|l| l.get(lang).to_string())
            .unwrap_or_else(|| "—".into()),
        rule_set: s.conclusion.rule_set.label(lang).to_string(),
        rate: rate_text(s.compliance_rate),
        provisional: s.conclusion.provisional,
        high: s.risks.high,
        medium: s.risks.medium,
        low: s.risks.low,
        major_hidden: s.risks.major_hidden,
        major_hidden_remediated,
        high_remediated,
        audit_head: input.audit_head.clone(),
        audit_rows: input.audit_rows,
        gate_passed: gate_problems == 0,
        gate_problems,
    }
}

fn summary(v: &View<'_>) -> Vec<SummaryRow> {
    let (d, pairs, assessments, lang) = (v.d, &v.pairs[..], &v.assessments[..], v.lang);
    let mut rows: Vec<((String, String), ObjectKind, SummaryRow)> = Vec::new();
    for (p, a) in pairs.iter().zip(assessments) {
        let item = &d.items[p.item];
        let kind = d.objects[p.object].kind;
        let key = (item.pack.clone(), item.category.clone());
        let at = match rows.iter().position(|(k, kd, _)| k == &key && *kd == kind) {
            Some(i) => i,
            None => {
                let row = SummaryRow {
                    category: format!("{} {}", item.category, item.category_name.get(lang)),
                    kind: kind.label(lang).to_string(),
                    tested: 0,
                    compliant: 0,
                    partial: 0,
                    non_compliant: 0,
                    not_applicable: 0,
                    not_assessed: 0,
                };
                rows.push((key, kind, row));
                rows.len() - 1
            }
        };
        let row = &mut rows[at].2;
        match a.verdict {
            Verdict::Compliant => row.compliant += 1,
            Verdict::Partial => row.partial += 1,
            Verdict::NonCompliant => row.non_compliant += 1,
            Verdict::NotApplicable => row.not_applicable += 1,
            Verdict::NotAssessed => row.not_assessed += 1,
        }
        if a.verdict != Verdict::NotAssessed {
            row.tested += 1;
        }
    }
    rows.into_iter().map(|(_, _, r)| r).collect()
}

fn control_points(v: &View<'_>) -> Vec<ControlPointRow> {
    let (d, pairs, assessments, lang) = (v.d, &v.pairs[..], &v.assessments[..], v.lang);
    let mut order: Vec<(String, String)> = Vec::new();
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        let item = &d.items[p.item];
        let key = (item.pack.clone(), item.clause.clone());
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(i);
    }
    order
        .into_iter()
        .map(|key| {
            let members = &groups[&key];
            let first = &d.items[pairs[members[0]].item];
            let items: std::collections::BTreeSet<usize> = members.iter().map(|&m| pairs[m].item).collect();
            let verdict = roll_up(members.iter().map(|&m| assessments[m].effective()));
            ControlPointRow {
                category: format!("{} {}", first.category, first.category_name.get(lang)),
                clause: first.clause.clone(),
                name: first.control_point.get(lang).to_string(),
                items: items.len(),
                result: verdict.label(lang).to_string(),
                result_class: verdict_class(verdict),
                rate: rate_text(compliance_rate(
                    members
                        .iter()
                        .map(|&m| (assessments[m].weight, assessments[m].effective())),
                )),
            }
        })
        .collect()
}

fn corrections(v: &View<'_>) -> Vec<CorrectionRow> {
    let (d, pairs, assessments, lang) = (v.d, &v.pairs[..], &v.assessments[..], v.lang);
    let results = &v.results;
    pairs
        .iter()
        .zip(assessments)
        .filter_map(|(p, a)| {
            let corrected = a.corrected?;
            let item = &d.items[p.item];
            let object = &d.objects[p.object];
            let r = results.get(&(item.id.as_str(), object.id))?;
            Some(CorrectionRow {
                item: format!("{} {}", item.id, item.control_point.get(lang)),
                object: clean(&object.name),
                raw: a.verdict.label(lang).to_string(),
                rationale: clean(&r.correction_rationale),
                corrected: corrected.label(lang).to_string(),
            })
        })
        .collect()
}

fn findings(v: &View<'_>, cases: &[Case]) -> Vec<FindingRow> {
    let (d, pairs, assessments, lang) = (v.d, &v.pairs[..], &v.assessments[..], v.lang);
    let results = &v.results;
    let mut rows: Vec<(u8, FindingRow)> = Vec::new();
    for (p, a) in pairs
        .iter()
        .zip(assessments)
        .filter(|(_, a)| a.verdict.is_finding())
    {
        let item = &d.items[p.item];
        let object = &d.objects[p.object];
        let Some(r) = results.get(&(item.id.as_str(), object.id)) else {
            continue;
        };
        let case = r.high_risk_case.as_ref().map(|id| {
            let title = cases
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.title.get(lang))
                .unwrap_or("");
            format!("{id} {title}")
        });
        let rank = Risk::rank(a.risk);
        rows.push((
            rank,
            FindingRow {
                number: 0,
                problem: clean(&r.record),
                item: item.id.clone(),
                control_point: item.control_point.get(lang).to_string(),
                object: clean(&object.name),
                verdict: a.effective().label(lang).to_string(),
                risk: a
                    .risk
                    .map(|x| x.label(lang).to_string())
                    .unwrap_or_else(|| "—".into()),
                risk_class: risk_class(a.risk),
                case,
                major: a.major_hidden_risk,
                remediated: r.remediated,
                remediation: clean(&r.remediation),
            },
        ));
    }
    rows.sort_by_key(|(rank, _)| *rank);
    rows.into_iter()
        .enumerate()
        .map(|(i, (_, mut f))| {
            f.number = i + 1;
            f
        })
        .collect()
}

fn records(v: &View<'_>) -> Vec<ObjectRecords> {
    let (d, pairs, assessments, lang) = (v.d, &v.pairs[..], &v.assessments[..], v.lang);
    let results = &v.results;
    d.objects
        .iter()
        .enumerate()
        .filter_map(|(o, object)| {
            let rows: Vec<RecordRow> = pairs
                .iter()
                .zip(assessments)
                .filter(|(p, _)| p.object == o)
                .map(|(p, a)| {
                    let item = &d.items[p.item];
                    let r = results.get(&(item.id.as_str(), object.id));
                    let record = match (a.verdict, r) {
                        (Verdict::NotApplicable, Some(r)) => r.na_reason.clone(),
                        (_, Some(r)) => r.record.clone(),
                        _ => String::new(),
                    };
                    RecordRow {
                        item: item.id.clone(),
                        control_point: item.control_point.get(lang).to_string(),
                        requirement: item.text.get(lang).to_string(),
                        verdict: a.verdict.label(lang).to_string(),
                        verdict_class: verdict_class(a.verdict),
                        record: clean(&record),
                        evidence: a.evidence,
                    }
                })
                .collect();
            (!rows.is_empty()).then(|| ObjectRecords {
                name: clean(&object.name),
                kind: object.kind.label(lang).to_string(),
                detail: clean(&object.detail),
                rows,
            })
        })
        .collect()
}

/// Last year's findings with where each stands in this engagement.
fn previous(v: &View<'_>, carried: &Carried) -> PreviousSection {
    let (d, lang, results) = (v.d, v.lang, &v.results);
    let rows = carried
        .findings
        .iter()
        .map(|p| {
            let item = d.items.iter().find(|i| i.id == p.item_id);
            let object = d.objects.iter().find(|o| o.name == p.object_name);
            let current = match (item, object) {
                (Some(i), Some(o)) if i.applies_to.contains(&o.kind) => Some(
                    results
                        .get(&(i.id.as_str(), o.id))
                        .map(|r| r.corrected_verdict.unwrap_or(r.verdict))
                        .unwrap_or(Verdict::NotAssessed),
                ),
                _ => None,
            };
            let follow_up = match current {
                None => FollowUp::OutOfScope,
                Some(Verdict::Compliant) => FollowUp::Remediated,
                Some(Verdict::Partial | Verdict::NonCompliant) => FollowUp::Open,
                Some(Verdict::NotApplicable) => FollowUp::NoLongerApplicable,
                Some(Verdict::NotAssessed) => FollowUp::Pending,
            };
            PreviousRow {
                item: p.item_id.clone(),
                object: clean(&p.object_name),
                verdict: p.verdict.label(lang).to_string(),
                record: clean(&p.record),
                risk: p
                    .risk
                    .map(|r| r.label(lang).to_string())
                    .unwrap_or_else(|| "—".into()),
                follow_up,
                current: current
                    .map(|v| v.label(lang).to_string())
                    .unwrap_or_else(|| "—".into()),
            }
        })
        .collect();
    let f = &carried.from;
    let source = if f.report_id.is_empty() {
        clean(&f.path)
    } else {
        clean(&f.report_id)
    };
    let period = match (f.starts_on.as_str(), f.ends_on.as_str()) {
        ("", "") => String::new(),
        (a, b) => clean(&format!("{a} — {b}")),
    };
    PreviousSection { source, period, rows }
}

fn evidence(input: &ReportInput<'_>) -> Vec<EvidenceEntry> {
    input
        .evidence
        .iter()
        .map(|e| {
            let links: Vec<String> = e
                .links
                .iter()
                .map(|l| format!("{} @ {}", l.item, clean(&l.object)))
                .collect();
            EvidenceEntry {
                id: e.id,
                name: if e.sensitive {
                    String::new()
                } else {
                    clean(&e.name)
                },
                sha256: e.sha256.clone(),
                size: e.size,
                captured_at: display_time(&e.captured_at),
                added_at: display_time(&e.added_at),
                added_by: clean(&e.added_by),
                links: links.join("; "),
                note: if e.sensitive {
                    String::new()
                } else {
                    clean(&e.note)
                },
                sensitive: e.sensitive,
                thumbnail: input.thumbnails.get(&e.id).cloned(),
            }
        })
        .collect()
}

fn method(d: &EngagementData, lang: Lang) -> Vec<String> {
    let rule = d.engagement.rule_set;
    let lines: &[&str] = match lang {
        Lang::Zh => &[
            "单项得分 x：符合记 1，部分符合记 0.5，不符合记 0；不适用项不参与计算；未测评项单独统计，存在未测评项时结论为暂定结论。",
            "符合率 R = 100 × Σ(w·x) / Σw，按“测评项 × 测评对象”逐一计算，w 为测评项权重（1.0 / 0.7 / 0.4 三档，取自测评要求包）；计算范围为基本要求和扩展要求，行业（医院）要求另行统计，不计入符合率；经整体测评修正的结果按修正后结果计算。",
            "控制点和安全类结果汇总（GB/T 28449）：全部符合为符合，全部不符合为不符合，全部不适用为不适用，其余为部分符合。",
            "结论规则 2025：R > 90 且无重大风险隐患为符合；60 ≤ R ≤ 90（或 R > 90 但存在重大风险隐患）为基本符合；R < 60 为不符合。",
            "结论规则 2021：存在高风险问题为差；否则 R ≥ 90 为优，R ≥ 80 为良，R ≥ 70 为中，R < 70 为差。",
            "官方得分公式未公开发布，本报告按上述规则计算，仅供参考。",
        ],
        Lang::En => &[
            "Item score x: compliant 1, partial 0.5, non-compliant 0; not-applicable results are left out; not-assessed results are counted separately and make the conclusion provisional.",
            "Compliance rate R = 100 × Σ(w·x) / Σw over every item × object result, w being the item's weight (classes 1.0 / 0.7 / 0.4 from the checklist pack); computed over the baseline and extension requirements, the sector (hospital) profile reported separately; results corrected by the overall evaluation count with their corrected verdict.",
            "Control-point and category roll-up (GB/T 28449): all compliant → compliant, all non-compliant → non-compliant, all not applicable → not applicable, else partially compliant.",
            "Rule set 2025: R > 90 with no major hidden risk → conforms; 60 ≤ R ≤ 90 (or R > 90 with a major hidden risk) → basically conforms; R < 60 → does not conform.",
            "Rule set 2021: any high-risk problem → poor; otherwise R ≥ 90 excellent, R ≥ 80 good, R ≥ 70 fair, R < 70 poor.",
            "The official score formula is not published; this report computes by the rules above, for reference.",
        ],
    };
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    let applied = match lang {
        Lang::Zh => format!("本报告采用结论规则：{}。", rule.label(lang)),
        Lang::En => format!("This report applies rule set: {}.", rule.label(lang)),
    };
    out.push(applied);
    out
}
