//! The report's view model: everything the template shows, resolved to one language
//! and pre-formatted. Built from data already read; no IO. User-typed text is passed as
//! plain strings (the template escapes it) with bidirectional controls removed, so it
//! can neither run nor disguise itself.

use std::collections::BTreeMap;

use serde::Serialize;

use super::chapters::{self, Numbers};
use super::charts;
use crate::domain::analysis::{Analysis, Coverage, PairResult, ScopeFigures};
use crate::domain::carry::Carried;
use crate::domain::snapshot::Snapshot;
use crate::domain::{Lang, Risk, Verdict, level_label};

/// Everything the report is made from.
pub struct ReportInput<'a> {
    pub snapshot: &'a Snapshot,
    pub analysis: &'a Analysis,
    /// Data URIs of thumbnails by evidence id (non-sensitive images only).
    pub thumbnails: &'a BTreeMap<i64, String>,
    pub generated_at: String,
    pub lang: Lang,
    /// The evidence appendix in full (every field, thumbnails), rather than one line a
    /// piece; `None` takes the engagement's setting.
    pub evidence_full: Option<bool>,
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
    pub packs: Vec<PackEntry>,
    pub front: chapters::Front,
    pub texts: chapters::Texts,
    pub categories: Vec<chapters::CategorySection>,
    pub risks: Vec<chapters::RiskRow>,
    pub assets: Vec<chapters::AssetClass>,
    pub staff: Vec<chapters::Named>,
    pub documents: Vec<chapters::Named>,
    pub major_risks: Vec<chapters::MajorRow>,
    pub not_applicable: Vec<chapters::NotApplicable>,
    pub evidence_full: bool,
    /// Tool reports: vulnerability scans (appendix E) and penetration tests (F).
    pub scans: Vec<ToolReportEntry>,
    pub pentests: Vec<ToolReportEntry>,
    /// What the report checker found (the report is a draft while any remains).
    pub problems: Vec<ProblemEntry>,
}

#[derive(Debug, Serialize)]
pub struct ProblemEntry {
    pub rule: &'static str,
    pub subject: String,
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
    pub unrated: usize,
    pub findings: usize,
    pub major_hidden: usize,
    pub major_hidden_remediated: usize,
    pub high_remediated: usize,
    pub audit_head: String,
    pub audit_rows: usize,
    pub gate_passed: bool,
    pub gate_problems: usize,
    /// The packs the figures above cover.
    pub covers: String,
    /// The sector profile's own figures, beside the MLPS ones.
    pub profile: Option<ProfileFigures>,
}

/// The hospital profile's figures on the conclusion page: not part of the conclusion.
#[derive(Debug, Serialize)]
pub struct ProfileFigures {
    pub covers: String,
    pub rate: String,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub unrated: usize,
    pub findings: usize,
    pub gate_problems: usize,
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    /// A row of the sector profile (not in the MLPS rate).
    pub profile: bool,
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
    pub profile: bool,
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
    /// A finding of the sector profile (counted in the profile's figures).
    pub profile: bool,
    pub problem: String,
    pub item: String,
    pub control_point: String,
    pub object: String,
    pub verdict: String,
    /// The recorded verdict, where the overall evaluation corrected it.
    pub raw_verdict: Option<String>,
    pub risk: String,
    pub risk_class: &'static str,
    pub case: Option<String>,
    pub major: bool,
    pub remediated: bool,
    pub remediation: String,
    pub cites: String,
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
    /// The recorded verdict, where the overall evaluation corrected it.
    pub raw_verdict: Option<String>,
    pub record: String,
    pub evidence: usize,
    /// Evidence numbers and methods, e.g. "E-001, E-004 · 核查、访谈".
    pub cites: String,
    pub profile: bool,
    /// The record still equals the preset it was started from.
    pub preset: bool,
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

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceEntry {
    pub id: i64,
    /// E-001, … in the order pieces were added.
    pub number: String,
    pub kind: String,
    pub method: String,
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

/// A tool report of appendix E or F: the piece of evidence and the tool that wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct ToolReportEntry {
    #[serde(flatten)]
    pub evidence: EvidenceEntry,
    pub tool: String,
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

/// A stored RFC 3339 time as people read it, in the report's time zone:
/// `2026-11-18 10:00 +08:00`. Text that is not a time is shown as it is.
pub fn display_time(stored: &str, tz: &jiff::tz::TimeZone) -> String {
    match stored.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M %:z")
            .to_string(),
        Err(_) => clean(stored),
    }
}

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.2}%")).unwrap_or_else(|| "—".into())
}

/// What every section works from.
struct View<'a> {
    s: &'a Snapshot,
    a: &'a Analysis,
    lang: Lang,
    numbers: Numbers,
    tz: jiff::tz::TimeZone,
}

impl View<'_> {
    fn item(&self, p: &PairResult) -> &crate::domain::checklist::Item {
        &self.s.items[p.item]
    }

    fn object(&self, p: &PairResult) -> &crate::domain::object::Object {
        &self.s.objects[p.object]
    }

    fn result(&self, p: &PairResult) -> Option<&crate::domain::result::ResultState> {
        p.result.map(|r| &self.s.results[r])
    }

    /// The verdict that counts, and the recorded one where it was corrected.
    fn verdicts(&self, p: &PairResult) -> (Verdict, Option<String>) {
        let a = &p.assessment;
        let raw = a
            .corrected
            .filter(|c| *c != a.verdict)
            .map(|_| a.verdict.label(self.lang).to_string());
        (a.effective(), raw)
    }
}

pub fn build(input: &ReportInput<'_>) -> Report {
    let v = View {
        s: input.snapshot,
        a: input.analysis,
        lang: input.lang,
        numbers: chapters::numbers(input.snapshot),
        tz: input.snapshot.details.time_zone(),
    };
    let evidence_full = input
        .evidence_full
        .unwrap_or(input.snapshot.details.get("evidence-appendix") == "full");
    let all_evidence = evidence(input, &v, evidence_full);
    let tool_reports = |kind: crate::domain::ToolReportKind| -> Vec<ToolReportEntry> {
        all_evidence
            .iter()
            .zip(&input.snapshot.evidence)
            .filter_map(|(x, e)| {
                let (k, tool) = input.snapshot.details.tool_report(e.uid.as_str())?;
                (k == kind).then(|| ToolReportEntry {
                    evidence: x.clone(),
                    tool: clean(tool),
                })
            })
            .collect()
    };
    let scans = tool_reports(crate::domain::ToolReportKind::Scan);
    let pentests = tool_reports(crate::domain::ToolReportKind::Pentest);
    let lang = input.lang;
    let problems = super::check::check(v.s, v.a);
    let mlps_categories: Vec<_> =
        v.a.categories
            .iter()
            .filter(|c| c.coverage == Coverage::Mlps)
            .cloned()
            .collect();
    Report {
        lang: if lang == Lang::Zh { "zh" } else { "en" },
        verdict_labels: VerdictLabels {
            compliant: Verdict::Compliant.label(lang),
            partial: Verdict::Partial.label(lang),
            non_compliant: Verdict::NonCompliant.label(lang),
            not_applicable: Verdict::NotApplicable.label(lang),
            not_assessed: Verdict::NotAssessed.label(lang),
        },
        draft: !v.a.gate.is_empty() || !problems.is_empty(),
        generated_at: display_time(&input.generated_at, &v.tz),
        cover: cover(v.s, lang),
        conclusion: conclusion(&v),
        summary: summary(&v),
        charts: Charts {
            categories: charts::category_bars(&mlps_categories, lang),
            verdicts: charts::verdict_bar(&v.a.mlps.progress.by_verdict, lang),
        },
        control_points: control_points(&v),
        corrections: corrections(&v),
        findings: findings(&v),
        objects: records(&v),
        previous: v.s.carried.as_ref().map(|c| previous(&v, c)),
        evidence: all_evidence,
        journal: v
            .s
            .journal
            .iter()
            .map(|j| JournalEntry {
                at: display_time(&j.at, &v.tz),
                who: clean(&j.who),
                role: clean(&j.role),
                summary: clean(&j.summary),
            })
            .collect(),
        packs: v
            .s
            .packs
            .iter()
            .map(|p| PackEntry {
                id: p.id.clone(),
                title: p.title.get(lang).to_string(),
                version: p.version.clone(),
                content_hash: p.content_hash.clone(),
            })
            .collect(),
        front: chapters::front(v.s, v.a, lang),
        texts: chapters::texts(v.s, &v.numbers, input.thumbnails),
        categories: chapters::categories(v.s, v.a, lang),
        risks: chapters::risks(v.s, v.a, lang),
        assets: chapters::assets(v.s, lang),
        staff: chapters::list(&v.s.details, "staff"),
        documents: chapters::list(&v.s.details, "documents"),
        major_risks: chapters::major_risks(v.s, v.a, lang),
        not_applicable: chapters::not_applicable(v.s, v.a, lang),
        evidence_full,
        scans,
        pentests,
        problems: problems
            .iter()
            .map(|p| ProblemEntry {
                rule: p.rule.describe(lang),
                subject: clean(&p.subject),
            })
            .collect(),
    }
}

fn cover(s: &Snapshot, lang: Lang) -> Cover {
    let e = &s.engagement;
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

fn covers(f: &ScopeFigures) -> String {
    f.covers.join(", ")
}

fn conclusion(v: &View<'_>) -> ConclusionPage {
    let (a, lang) = (v.a, v.lang);
    let r = &a.mlps.risks;
    ConclusionPage {
        value: a
            .conclusion
            .label
            .as_ref()
            .map(|l| l.get(lang).to_string())
            .unwrap_or_else(|| "—".into()),
        rule_set: a.conclusion.rule_set.label(lang).to_string(),
        rate: rate_text(a.mlps.compliance_rate),
        provisional: a.conclusion.provisional,
        high: r.high,
        medium: r.medium,
        low: r.low,
        unrated: r.unrated,
        findings: r.findings(),
        major_hidden: r.major_hidden,
        major_hidden_remediated: r.major_hidden_remediated,
        high_remediated: r.high_remediated,
        audit_head: v.s.audit_head.clone(),
        audit_rows: v.s.audit_rows,
        gate_passed: a.gate.is_empty(),
        gate_problems: a.gate.len(),
        covers: covers(&a.mlps),
        profile: a.profile.as_ref().map(|p| ProfileFigures {
            covers: covers(p),
            rate: rate_text(p.compliance_rate),
            high: p.risks.high,
            medium: p.risks.medium,
            low: p.risks.low,
            unrated: p.risks.unrated,
            findings: p.risks.findings(),
            gate_problems: p.gate_problems,
        }),
    }
}

fn category_label(v: &View<'_>, pack: &str, code: &str) -> String {
    let name =
        v.s.items
            .iter()
            .find(|i| i.pack == pack && i.category == code)
            .map(|i| i.category_name.get(v.lang).to_string())
            .unwrap_or_default();
    format!("{code} {name}")
}

fn summary(v: &View<'_>) -> Vec<SummaryRow> {
    v.a.summary
        .iter()
        .map(|row| {
            let b = &row.by_verdict;
            SummaryRow {
                profile: row.coverage == Coverage::Profile,
                category: category_label(v, &row.pack, &row.category),
                kind: row.kind.label(v.lang).to_string(),
                tested: b.total() - b.not_assessed,
                compliant: b.compliant,
                partial: b.partial,
                non_compliant: b.non_compliant,
                not_applicable: b.not_applicable,
                not_assessed: b.not_assessed,
            }
        })
        .collect()
}

fn control_points(v: &View<'_>) -> Vec<ControlPointRow> {
    v.a.control_points
        .iter()
        .map(|c| {
            let first = &v.s.items[c.first_item];
            ControlPointRow {
                profile: c.coverage == Coverage::Profile,
                category: format!("{} {}", first.category, first.category_name.get(v.lang)),
                clause: first.clause.clone(),
                name: first.control_point.get(v.lang).to_string(),
                items: c.items,
                result: c.rollup.label(v.lang).to_string(),
                result_class: verdict_class(c.rollup),
                rate: rate_text(c.figures.compliance_rate),
            }
        })
        .collect()
}

fn corrections(v: &View<'_>) -> Vec<CorrectionRow> {
    v.a.corrections
        .iter()
        .map(|&n| &v.a.pairs[n])
        .filter_map(|p| {
            let corrected = p.assessment.corrected?;
            let item = v.item(p);
            let r = v.result(p)?;
            Some(CorrectionRow {
                item: format!("{} {}", item.id, item.control_point.get(v.lang)),
                object: clean(&v.object(p).name),
                raw: p.assessment.verdict.label(v.lang).to_string(),
                rationale: clean(&r.correction_rationale),
                corrected: corrected.label(v.lang).to_string(),
            })
        })
        .collect()
}

/// The findings of the MLPS scope, then those of the profile: each counted once, in the
/// figures of its own scope.
fn findings(v: &View<'_>) -> Vec<FindingRow> {
    let lang = v.lang;
    [Coverage::Mlps, Coverage::Profile]
        .into_iter()
        .flat_map(|c| v.a.findings_of(c))
        .enumerate()
        .map(|(i, p)| {
            let item = v.item(p);
            let r = v.result(p);
            let a = &p.assessment;
            let case = r.and_then(|r| r.high_risk_case.as_ref()).map(|id| {
                let title = v.s.case(id).map(|c| c.title.get(lang)).unwrap_or("");
                format!("{id} {title}")
            });
            let (verdict, raw_verdict) = v.verdicts(p);
            FindingRow {
                number: i + 1,
                profile: p.coverage == Coverage::Profile,
                problem: clean(&a.record),
                item: item.id.clone(),
                control_point: item.control_point.get(lang).to_string(),
                object: clean(&v.object(p).name),
                verdict: verdict.label(lang).to_string(),
                raw_verdict,
                risk: a
                    .risk
                    .map(|x| x.label(lang).to_string())
                    .unwrap_or_else(|| "—".into()),
                risk_class: risk_class(a.risk),
                case,
                major: a.major_hidden_risk,
                remediated: r.is_some_and(|r| r.remediated),
                remediation: r.map(|r| clean(&r.remediation)).unwrap_or_default(),
                cites: v.numbers.cite(v.s, p, lang),
            }
        })
        .collect()
}

fn records(v: &View<'_>) -> Vec<ObjectRecords> {
    let lang = v.lang;
    let mut by_object: Vec<Vec<RecordRow>> = (0..v.s.objects.len()).map(|_| Vec::new()).collect();
    for p in &v.a.pairs {
        let item = v.item(p);
        let a = &p.assessment;
        let record = match (a.verdict, v.result(p)) {
            (Verdict::NotApplicable, Some(r)) => r.na_reason.clone(),
            (_, Some(r)) => r.record.clone(),
            _ => String::new(),
        };
        let (verdict, raw_verdict) = v.verdicts(p);
        by_object[p.object].push(RecordRow {
            item: item.id.clone(),
            control_point: item.control_point.get(lang).to_string(),
            requirement: item.text.get(lang).to_string(),
            verdict: verdict.label(lang).to_string(),
            verdict_class: verdict_class(verdict),
            raw_verdict,
            record: clean(&record),
            evidence: a.evidence,
            cites: v.numbers.cite(v.s, p, lang),
            profile: p.coverage == Coverage::Profile,
            preset: v
                .s
                .details
                .is_preset(&item.id, v.object(p).uid.as_str(), &a.record),
        });
    }
    v.s.objects
        .iter()
        .zip(by_object)
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(object, rows)| ObjectRecords {
            name: clean(&object.name),
            kind: object.kind.label(lang).to_string(),
            detail: if object.system_level {
                in_language(&object.detail, lang)
            } else {
                clean(&object.detail)
            },
            rows,
        })
        .collect()
}

/// The part of a tool-written "中文 / English" text in the report's language.
fn in_language(text: &str, lang: Lang) -> String {
    match (text.split_once(" / "), lang) {
        (Some((zh, _)), Lang::Zh) => clean(zh),
        (Some((_, en)), Lang::En) => clean(en),
        (None, _) => clean(text),
    }
}

/// Last year's findings with where each stands in this engagement.
fn previous(v: &View<'_>, carried: &Carried) -> PreviousSection {
    let (s, lang) = (v.s, v.lang);
    let rows = carried
        .findings
        .iter()
        .map(|p| {
            let item = s.items.iter().position(|i| i.id == p.item_id);
            let object = s.objects.iter().position(|o| o.name == p.object_name);
            let current = match (item, object) {
                (Some(i), Some(o)) => v.a.pair(i, o).map(|x| x.assessment.effective()),
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

fn evidence(input: &ReportInput<'_>, v: &View<'_>, full: bool) -> Vec<EvidenceEntry> {
    let lang = v.lang;
    // The compact appendix shows the topology diagram only; the full one every image.
    let topology = v
        .numbers
        .by_number
        .get(v.s.details.get("topology-evidence").to_uppercase().as_str())
        .copied();
    input
        .snapshot
        .evidence
        .iter()
        .map(|e| {
            let links: Vec<String> = e
                .links
                .iter()
                .map(|l| format!("{} @ {}", l.item, clean(&l.object)))
                .collect();
            let thumbnail = if full || Some(e.id) == topology {
                input.thumbnails.get(&e.id).cloned()
            } else {
                None
            };
            EvidenceEntry {
                id: e.id,
                number: v.numbers.of.get(&e.id).cloned().unwrap_or_default(),
                kind: e.kind.label(lang).to_string(),
                method: e.method.map(|m| m.label(lang).to_string()).unwrap_or_default(),
                name: if e.sensitive {
                    String::new()
                } else {
                    clean(&e.name)
                },
                sha256: e.sha256.clone(),
                size: e.size,
                captured_at: display_time(&e.captured_at, &v.tz),
                added_at: display_time(&e.added_at, &v.tz),
                added_by: clean(&e.added_by),
                links: links.join("; "),
                note: if e.sensitive {
                    String::new()
                } else {
                    clean(&e.note)
                },
                sensitive: e.sensitive,
                thumbnail,
            }
        })
        .collect()
}
