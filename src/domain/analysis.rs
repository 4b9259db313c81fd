//! One analysis of an engagement: every figure the command line, the terminal UI and the
//! report show, computed once from a [`Snapshot`], so they agree page by page and screen
//! by screen. Each figure says which packs it covers: the MLPS scope (baseline and
//! extension packs: the compliance rate and the conclusion) or the sector profile (the
//! hospital profile, with figures of its own).

use std::collections::HashMap;

use serde::Serialize;

use super::assessment::Assessment;
use super::gate::{GateProblem, gate};
use super::scoring::{ConclusionValue, RiskSignals, compliance_rate, conclude, roll_up};
use super::snapshot::Snapshot;
use super::vocab::{Area, Lang, ObjectKind, PackRole, Risk, RuleSet, Text, Verdict};

/// Which packs a figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Baseline and extension packs: the MLPS compliance rate and conclusion.
    Mlps,
    /// The sector profile (the hospital profile): its own rate, not in the conclusion.
    Profile,
}

impl Coverage {
    pub fn of(role: Option<PackRole>) -> Option<Coverage> {
        match role {
            Some(PackRole::Baseline | PackRole::Extension) => Some(Coverage::Mlps),
            Some(PackRole::Profile) => Some(Coverage::Profile),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Coverage::Mlps, Lang::Zh) => "等级保护（基本要求和扩展要求）",
            (Coverage::Mlps, Lang::En) => "MLPS (baseline and extensions)",
            (Coverage::Profile, Lang::Zh) => "行业要求（医院实践配置）",
            (Coverage::Profile, Lang::En) => "Sector profile (hospital practitioner profile)",
        }
    }
}

/// One item × object pair in scope with its assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct PairResult {
    /// Index into the snapshot's items and objects.
    pub item: usize,
    pub object: usize,
    pub coverage: Coverage,
    pub assessment: Assessment,
    /// Index into the snapshot's results, when one was ever recorded.
    pub result: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ByVerdict {
    pub compliant: usize,
    pub partial: usize,
    #[serde(rename = "non-compliant")]
    pub non_compliant: usize,
    #[serde(rename = "not-applicable")]
    pub not_applicable: usize,
    #[serde(rename = "not-assessed")]
    pub not_assessed: usize,
}

impl ByVerdict {
    fn add(&mut self, v: Verdict) {
        *match v {
            Verdict::Compliant => &mut self.compliant,
            Verdict::Partial => &mut self.partial,
            Verdict::NonCompliant => &mut self.non_compliant,
            Verdict::NotApplicable => &mut self.not_applicable,
            Verdict::NotAssessed => &mut self.not_assessed,
        } += 1;
    }

    pub fn get(&self, v: Verdict) -> usize {
        match v {
            Verdict::Compliant => self.compliant,
            Verdict::Partial => self.partial,
            Verdict::NonCompliant => self.non_compliant,
            Verdict::NotApplicable => self.not_applicable,
            Verdict::NotAssessed => self.not_assessed,
        }
    }

    pub fn total(&self) -> usize {
        Verdict::ALL.iter().map(|v| self.get(*v)).sum()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    pub applicable: usize,
    pub assessed: usize,
    /// Raw verdicts, as recorded (corrections are counted in the rate, not here).
    pub by_verdict: ByVerdict,
}

impl Progress {
    fn of<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> Progress {
        let mut p = Progress::default();
        for a in assessments {
            p.applicable += 1;
            p.by_verdict.add(a.verdict);
        }
        p.assessed = p.applicable - p.by_verdict.not_assessed;
        p
    }
}

/// Risks of the findings: results that remain partial or non-compliant after the
/// overall evaluation's corrections.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RiskCounts {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Findings without a rating yet (a gate problem).
    pub unrated: usize,
    pub major_hidden: usize,
    /// Of the high risks and major hidden risks, those marked remediated.
    pub high_remediated: usize,
    pub major_hidden_remediated: usize,
}

impl RiskCounts {
    /// Every finding counted once: high + medium + low + unrated = the findings.
    pub fn findings(&self) -> usize {
        self.high + self.medium + self.low + self.unrated
    }
}

/// A result that remains a finding after correction.
pub fn is_finding(a: &Assessment) -> bool {
    a.effective().is_finding()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub applicable: usize,
    pub assessed: usize,
    pub compliance_rate: Option<f64>,
}

impl Figures {
    fn of<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> Figures {
        let list: Vec<&Assessment> = assessments.into_iter().collect();
        Figures {
            applicable: list.len(),
            assessed: list.iter().filter(|a| a.verdict != Verdict::NotAssessed).count(),
            compliance_rate: compliance_rate(list.iter().map(|a| (a.weight, a.effective()))),
        }
    }
}

/// The figures of one coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScopeFigures {
    /// The packs counted.
    pub covers: Vec<String>,
    pub progress: Progress,
    pub compliance_rate: Option<f64>,
    pub risks: RiskCounts,
    pub gate_problems: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conclusion {
    pub rule_set: RuleSet,
    pub value: Option<ConclusionValue>,
    pub label: Option<Text>,
    /// Some applicable pairs are not assessed yet: the conclusion may still change.
    pub provisional: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    pub pack: String,
    pub code: String,
    pub name: Text,
    pub coverage: Coverage,
    #[serde(flatten)]
    pub figures: Figures,
    /// The category's roll-up over its results (GB/T 28449).
    #[serde(skip)]
    pub rollup: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackFigures {
    pub id: String,
    pub role: PackRole,
    pub version: String,
    pub items: usize,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub area: Area,
    pub figures: Figures,
}

/// A control point's roll-up over its items and objects.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlPointFigures {
    pub pack: String,
    pub coverage: Coverage,
    /// Index of its first item.
    pub first_item: usize,
    pub items: usize,
    pub rollup: Verdict,
    pub figures: Figures,
}

/// Results of one category on one kind of object (the report's summary table).
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub pack: String,
    pub category: String,
    pub coverage: Coverage,
    pub kind: ObjectKind,
    pub by_verdict: ByVerdict,
}

/// An item over its objects: roll-up of the (effective) verdicts, assessed and total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFigures {
    pub rollup: Verdict,
    pub assessed: usize,
    pub applicable: usize,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every pair in scope, in checklist then object order.
    pub pairs: Vec<PairResult>,
    by_pair: HashMap<(usize, usize), usize>,
    pub mlps: ScopeFigures,
    pub profile: Option<ScopeFigures>,
    pub conclusion: Conclusion,
    /// Gate problems of every pair in scope, both coverages, in pair order.
    pub gate: Vec<GateProblem>,
    /// Findings (pair indexes): highest risk first, then checklist order.
    pub findings: Vec<usize>,
    /// Corrected results (pair indexes).
    pub corrections: Vec<usize>,
    pub categories: Vec<CategoryFigures>,
    pub packs: Vec<PackFigures>,
    pub areas: Vec<AreaFigures>,
    pub control_points: Vec<ControlPointFigures>,
    pub summary: Vec<SummaryRow>,
    /// By object index.
    pub objects: Vec<Figures>,
    /// By item index.
    pub items: Vec<ItemFigures>,
}

impl Analysis {
    pub fn of(s: &Snapshot) -> Analysis {
        let coverage: Vec<Option<Coverage>> =
            s.items.iter().map(|i| Coverage::of(s.role_of(&i.pack))).collect();
        let results: HashMap<(&str, i64), usize> = s
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.item_id.as_str(), r.object_id), i))
            .collect();
        let evidence = s.evidence_counts();
        let mut pairs = Vec::new();
        for (i, item) in s.items.iter().enumerate() {
            let Some(cov) = coverage[i] else { continue };
            for (o, object) in s.objects.iter().enumerate() {
                if !item.applies_to.contains(&object.kind) {
                    continue;
                }
                let mut a = Assessment::unassessed(&item.id, &object.name, item.weight);
                a.evidence = evidence.get(&(item.id.as_str(), object.id)).copied().unwrap_or(0);
                let result = results.get(&(item.id.as_str(), object.id)).copied();
                if let Some(r) = result.map(|r| &s.results[r]) {
                    a.verdict = r.verdict;
                    a.corrected = r.corrected_verdict;
                    a.record = r.record.clone();
                    a.risk = r.risk;
                    a.reason = r.na_reason.clone();
                    a.major_hidden_risk = r.major_hidden_risk;
                }
                pairs.push(PairResult {
                    item: i,
                    object: o,
                    coverage: cov,
                    assessment: a,
                    result,
                });
            }
        }
        let by_pair = pairs
            .iter()
            .enumerate()
            .map(|(n, p)| ((p.item, p.object), n))
            .collect();
        let gate_all = gate(pairs.iter().map(|p| &p.assessment));
        let remediated = |p: &PairResult| p.result.is_some_and(|r| s.results[r].remediated);
        let scope = |c: Coverage| -> Option<ScopeFigures> {
            let of: Vec<&PairResult> = pairs.iter().filter(|p| p.coverage == c).collect();
            let covers: Vec<String> = s
                .packs
                .iter()
                .filter(|p| Coverage::of(Some(p.role)) == Some(c))
                .map(|p| p.id.clone())
                .collect();
            if covers.is_empty() {
                return None;
            }
            let mut risks = RiskCounts::default();
            for p in of.iter().filter(|p| is_finding(&p.assessment)) {
                let a = &p.assessment;
                match a.risk {
                    Some(Risk::High) => risks.high += 1,
                    Some(Risk::Medium) => risks.medium += 1,
                    Some(Risk::Low) => risks.low += 1,
                    None => risks.unrated += 1,
                }
                risks.major_hidden += usize::from(a.major_hidden_risk);
                if remediated(p) {
                    risks.high_remediated += usize::from(a.risk == Some(Risk::High));
                    risks.major_hidden_remediated += usize::from(a.major_hidden_risk);
                }
            }
            Some(ScopeFigures {
                covers,
                progress: Progress::of(of.iter().map(|p| &p.assessment)),
                compliance_rate: compliance_rate(
                    of.iter().map(|p| (p.assessment.weight, p.assessment.effective())),
                ),
                risks,
                gate_problems: gate(of.iter().map(|p| &p.assessment)).len(),
            })
        };
        let mlps = scope(Coverage::Mlps).unwrap_or_default();
        let profile = scope(Coverage::Profile);
        let rule_set = s.engagement.rule_set;
        let value = conclude(
            rule_set,
            mlps.compliance_rate,
            RiskSignals {
                high_risks: mlps.risks.high,
                major_hidden_risks: mlps.risks.major_hidden,
            },
        );
        let conclusion = Conclusion {
            rule_set,
            value,
            label: value.map(|v| Text::new(v.label(Lang::Zh), v.label(Lang::En))),
            provisional: mlps.progress.by_verdict.not_assessed > 0,
        };
        let mut findings: Vec<usize> = (0..pairs.len())
            .filter(|&n| is_finding(&pairs[n].assessment))
            .collect();
        findings.sort_by_key(|&n| Risk::rank(pairs[n].assessment.risk));
        let corrections = (0..pairs.len())
            .filter(|&n| pairs[n].assessment.corrected.is_some())
            .collect();
        let mut a = Analysis {
            by_pair,
            mlps,
            profile,
            conclusion,
            gate: gate_all,
            findings,
            corrections,
            categories: Vec::new(),
            packs: Vec::new(),
            areas: Vec::new(),
            control_points: Vec::new(),
            summary: Vec::new(),
            objects: Vec::new(),
            items: Vec::new(),
            pairs,
        };
        a.groups(s, &coverage);
        a
    }

    /// The figures by category, pack, area, control point, category × kind, object and
    /// item.
    fn groups(&mut self, s: &Snapshot, coverage: &[Option<Coverage>]) {
        let pairs = &self.pairs;
        // Categories and control points in checklist order.
        let mut cat_members: Vec<((String, String), Vec<usize>)> = Vec::new();
        let mut cp_members: Vec<((String, String), Vec<usize>)> = Vec::new();
        let mut cat_at: HashMap<(String, String), usize> = HashMap::new();
        let mut cp_at: HashMap<(String, String), usize> = HashMap::new();
        for (i, item) in s.items.iter().enumerate() {
            if coverage[i].is_none() {
                continue;
            }
            let ck = (item.pack.clone(), item.category.clone());
            if !cat_at.contains_key(&ck) {
                cat_at.insert(ck.clone(), cat_members.len());
                cat_members.push((ck, Vec::new()));
            }
            let pk = (item.pack.clone(), item.clause.clone());
            if !cp_at.contains_key(&pk) {
                cp_at.insert(pk.clone(), cp_members.len());
                cp_members.push((pk, Vec::new()));
            }
        }
        let mut item_pairs: Vec<Vec<usize>> = vec![Vec::new(); s.items.len()];
        let mut object_pairs: Vec<Vec<usize>> = vec![Vec::new(); s.objects.len()];
        let mut summary_at: HashMap<(String, String, ObjectKind), usize> = HashMap::new();
        for (n, p) in pairs.iter().enumerate() {
            let item = &s.items[p.item];
            cat_members[cat_at[&(item.pack.clone(), item.category.clone())]]
                .1
                .push(n);
            cp_members[cp_at[&(item.pack.clone(), item.clause.clone())]]
                .1
                .push(n);
            item_pairs[p.item].push(n);
            object_pairs[p.object].push(n);
            let kind = s.objects[p.object].kind;
            let key = (item.pack.clone(), item.category.clone(), kind);
            let at = *summary_at.entry(key).or_insert_with(|| {
                self.summary.push(SummaryRow {
                    pack: item.pack.clone(),
                    category: item.category.clone(),
                    coverage: p.coverage,
                    kind,
                    by_verdict: ByVerdict::default(),
                });
                self.summary.len() - 1
            });
            self.summary[at].by_verdict.add(p.assessment.verdict);
        }
        let of = |members: &[usize]| Figures::of(members.iter().map(|&n| &pairs[n].assessment));
        let rollup = |members: &[usize]| roll_up(members.iter().map(|&n| pairs[n].assessment.effective()));
        self.categories = cat_members
            .iter()
            .map(|((pack, code), members)| {
                let item = s.items.iter().find(|i| &i.pack == pack && &i.category == code);
                CategoryFigures {
                    pack: pack.clone(),
                    code: code.clone(),
                    name: item.map(|i| i.category_name.clone()).unwrap_or_default(),
                    coverage: Coverage::of(s.role_of(pack)).unwrap_or(Coverage::Mlps),
                    figures: of(members),
                    rollup: rollup(members),
                }
            })
            .collect();
        self.control_points = cp_members
            .iter()
            .map(|((pack, clause), members)| {
                let first_item = s
                    .items
                    .iter()
                    .position(|i| &i.pack == pack && &i.clause == clause)
                    .unwrap_or(0);
                let mut items: Vec<usize> = members.iter().map(|&n| pairs[n].item).collect();
                items.dedup();
                ControlPointFigures {
                    pack: pack.clone(),
                    coverage: Coverage::of(s.role_of(pack)).unwrap_or(Coverage::Mlps),
                    first_item,
                    items: items.len(),
                    rollup: rollup(members),
                    figures: of(members),
                }
            })
            .collect();
        self.packs = s
            .packs
            .iter()
            .filter(|p| p.role != PackRole::Reference)
            .map(|p| PackFigures {
                id: p.id.clone(),
                role: p.role,
                version: p.version.clone(),
                items: s.items.iter().filter(|i| i.pack == p.id).count(),
                figures: Figures::of(
                    pairs
                        .iter()
                        .filter(|x| s.items[x.item].pack == p.id)
                        .map(|x| &x.assessment),
                ),
            })
            .collect();
        self.areas = Area::ALL
            .iter()
            .map(|&area| AreaFigures {
                area,
                figures: Figures::of(
                    pairs
                        .iter()
                        .filter(|p| s.items[p.item].areas.contains(&area))
                        .map(|p| &p.assessment),
                ),
            })
            .collect();
        self.objects = object_pairs.iter().map(|m| of(m)).collect();
        self.items = item_pairs
            .iter()
            .map(|m| ItemFigures {
                rollup: rollup(m),
                assessed: m
                    .iter()
                    .filter(|&&n| pairs[n].assessment.verdict != Verdict::NotAssessed)
                    .count(),
                applicable: m.len(),
            })
            .collect();
    }

    /// The pair of item `item` and object `object` (indexes), when it is in scope.
    pub fn pair(&self, item: usize, object: usize) -> Option<&PairResult> {
        self.by_pair.get(&(item, object)).map(|&n| &self.pairs[n])
    }

    /// The findings of one coverage, in order.
    pub fn findings_of(&self, c: Coverage) -> impl Iterator<Item = &PairResult> {
        self.findings
            .iter()
            .map(|&n| &self.pairs[n])
            .filter(move |p| p.coverage == c)
    }

    /// The figures of a coverage.
    pub fn scope(&self, c: Coverage) -> Option<&ScopeFigures> {
        match c {
            Coverage::Mlps => Some(&self.mlps),
            Coverage::Profile => self.profile.as_ref(),
        }
    }
}

/// `status --json`: the engagement, the MLPS figures (as before), the profile's, the
/// gate over both, and the per-category and per-pack figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub engagement: StatusEngagement,
    pub progress: Progress,
    pub compliance_rate: Option<f64>,
    pub conclusion: Conclusion,
    pub risks: RiskCounts,
    pub gate: GateSummary,
    pub categories: Vec<CategoryFigures>,
    pub packs: Vec<PackFigures>,
    /// The packs `progress`, `compliance_rate` and `risks` cover.
    pub covers: Vec<String>,
    /// The sector profile's own figures, when the engagement has one.
    pub profile: Option<ScopeFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEngagement {
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<String>,
    pub cloud: bool,
    pub mobile: bool,
    pub iot: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateSummary {
    pub passed: bool,
    pub problems: usize,
}

impl Status {
    pub fn of(s: &Snapshot, a: &Analysis) -> Status {
        let e = &s.engagement;
        Status {
            engagement: StatusEngagement {
                system: e.system.clone(),
                org: e.org.clone(),
                level: e.level,
                hospital_grade: e.hospital_grade.map(|g| g.as_str().to_string()),
                cloud: e.cloud,
                mobile: e.mobile,
                iot: e.iot,
            },
            progress: a.mlps.progress.clone(),
            compliance_rate: a.mlps.compliance_rate,
            conclusion: a.conclusion.clone(),
            risks: a.mlps.risks.clone(),
            gate: GateSummary {
                passed: a.gate.is_empty(),
                problems: a.gate.len(),
            },
            categories: a.categories.clone(),
            packs: a.packs.clone(),
            covers: a.mlps.covers.clone(),
            profile: a.profile.clone(),
        }
    }
}
