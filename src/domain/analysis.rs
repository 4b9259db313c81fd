//! One analysis of an engagement: every figure the command line, the terminal UI and the
//! report show, computed once from a [`Snapshot`], so they agree page by page and screen
//! by screen. Each figure says which packs it covers: the MLPS scope (baseline and
//! extension packs: the compliance rate and the conclusion) or the sector profile (the
//! hospital profile, with figures of its own).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::assessment::Assessment;
use super::gate::GateProblem;
use super::scoring::{ConclusionValue, RiskSignals, conclude};
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

/// A gate problem of one pair (index into the pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairProblem {
    pub pair: usize,
    pub problem: super::gate::Problem,
}

/// What a group (category, control point, category × kind) is; fixed for a snapshot.
#[derive(Debug, Clone)]
struct Group {
    pack: String,
    code: String,
    coverage: Coverage,
    /// Category: its name; control point: unused.
    name: Text,
    first_item: usize,
    items: usize,
    kind: Option<ObjectKind>,
}

/// The major hidden risk (重大风险隐患) a problem flagged as one belongs to: problems that
/// trigger the same high-risk case are one hidden risk (the case applies to the system);
/// a problem flagged without a case is a hidden risk of its own.
pub fn major_hidden_risk_key(s: &Snapshot, p: &PairResult) -> String {
    match p.result.and_then(|r| s.results[r].high_risk_case.as_deref()) {
        Some(case) => format!("case:{case}"),
        None => format!("pair:{}@{}", s.items[p.item].id, s.objects[p.object].uid),
    }
}

#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every pair in scope, in checklist then object order.
    pub pairs: Vec<PairResult>,
    by_pair: HashMap<(usize, usize), usize>,
    pair_category: Vec<usize>,
    pair_control_point: Vec<usize>,
    pair_summary: Vec<usize>,
    category_groups: Vec<Group>,
    control_point_groups: Vec<Group>,
    summary_groups: Vec<Group>,
    pub mlps: ScopeFigures,
    pub profile: Option<ScopeFigures>,
    pub conclusion: Conclusion,
    /// Gate problems of every pair in scope, both coverages, in pair order.
    pub gate: Vec<PairProblem>,
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

/// Figures accumulated over a group of pairs without keeping them.
#[derive(Debug, Clone, Default)]
struct Acc {
    applicable: usize,
    assessed: usize,
    earned: f64,
    possible: f64,
    /// Effective verdicts counted, for the roll-up.
    effective: ByVerdict,
}

impl Acc {
    fn add(&mut self, a: &Assessment) {
        self.applicable += 1;
        if a.verdict != Verdict::NotAssessed {
            self.assessed += 1;
        }
        if let Some(x) = super::scoring::item_score(a.effective()) {
            self.earned += a.weight * x;
            self.possible += a.weight;
        }
        self.effective.add(a.effective());
    }

    fn figures(&self) -> Figures {
        Figures {
            applicable: self.applicable,
            assessed: self.assessed,
            compliance_rate: (self.possible > 0.0)
                .then(|| (100.0 * self.earned / self.possible * 1e6).round() / 1e6),
        }
    }

    /// The GB/T 28449 roll-up, from counts (the rule of `scoring::roll_up`).
    fn rollup(&self) -> Verdict {
        let e = &self.effective;
        let scored = e.compliant + e.partial + e.non_compliant;
        if scored + e.not_applicable == 0 {
            Verdict::NotAssessed
        } else if scored == 0 {
            Verdict::NotApplicable
        } else if scored == e.compliant {
            Verdict::Compliant
        } else if scored == e.non_compliant {
            Verdict::NonCompliant
        } else {
            Verdict::Partial
        }
    }
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
                if let Some(r) = result {
                    fill(&mut a, &s.results[r]);
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
        let mut a = Analysis {
            by_pair: pairs
                .iter()
                .enumerate()
                .map(|(n, p)| ((p.item, p.object), n))
                .collect(),
            pairs,
            pair_category: Vec::new(),
            pair_control_point: Vec::new(),
            pair_summary: Vec::new(),
            category_groups: Vec::new(),
            control_point_groups: Vec::new(),
            summary_groups: Vec::new(),
            mlps: ScopeFigures::default(),
            profile: None,
            conclusion: Conclusion {
                rule_set: s.engagement.rule_set,
                value: None,
                label: None,
                provisional: false,
            },
            gate: Vec::new(),
            findings: Vec::new(),
            corrections: Vec::new(),
            categories: Vec::new(),
            packs: Vec::new(),
            areas: Vec::new(),
            control_points: Vec::new(),
            summary: Vec::new(),
            objects: Vec::new(),
            items: Vec::new(),
        };
        a.structure(s);
        a.figures(s);
        a
    }

    /// Takes in the result of one item × object (indexes) from the snapshot and
    /// recomputes the figures, without rebuilding the pairs: what the UI does after a
    /// change.
    pub fn refresh(&mut self, s: &Snapshot, item: usize, object: usize) {
        let Some(&n) = self.by_pair.get(&(item, object)) else {
            return;
        };
        let (item_id, object_id) = (&s.items[item].id, s.objects[object].id);
        let result = s
            .results
            .iter()
            .position(|r| r.object_id == object_id && &r.item_id == item_id);
        let p = &mut self.pairs[n];
        let evidence = p.assessment.evidence;
        let mut a = Assessment::unassessed(item_id, &s.objects[object].name, s.items[item].weight);
        a.evidence = evidence;
        if let Some(r) = result {
            fill(&mut a, &s.results[r]);
        }
        p.assessment = a;
        p.result = result;
        self.figures(s);
    }

    /// The groups each pair belongs to; fixed as long as items and objects are.
    fn structure(&mut self, s: &Snapshot) {
        let mut cat_at: HashMap<(&str, &str), usize> = HashMap::new();
        let mut cp_at: HashMap<(&str, &str), usize> = HashMap::new();
        let mut sum_at: HashMap<(&str, &str, ObjectKind), usize> = HashMap::new();
        let mut last_item = usize::MAX;
        for p in &self.pairs {
            let item = &s.items[p.item];
            let cat = *cat_at.entry((&item.pack, &item.category)).or_insert_with(|| {
                self.category_groups.push(Group {
                    pack: item.pack.clone(),
                    code: item.category.clone(),
                    coverage: p.coverage,
                    name: item.category_name.clone(),
                    first_item: p.item,
                    items: 0,
                    kind: None,
                });
                self.category_groups.len() - 1
            });
            let cp = *cp_at.entry((&item.pack, &item.clause)).or_insert_with(|| {
                self.control_point_groups.push(Group {
                    pack: item.pack.clone(),
                    code: item.clause.clone(),
                    coverage: p.coverage,
                    name: item.control_point.clone(),
                    first_item: p.item,
                    items: 0,
                    kind: None,
                });
                self.control_point_groups.len() - 1
            });
            if p.item != last_item {
                self.control_point_groups[cp].items += 1;
                last_item = p.item;
            }
            let kind = s.objects[p.object].kind;
            let sum = *sum_at
                .entry((&item.pack, &item.category, kind))
                .or_insert_with(|| {
                    self.summary_groups.push(Group {
                        pack: item.pack.clone(),
                        code: item.category.clone(),
                        coverage: p.coverage,
                        name: Text::default(),
                        first_item: p.item,
                        items: 0,
                        kind: Some(kind),
                    });
                    self.summary_groups.len() - 1
                });
            self.pair_category.push(cat);
            self.pair_control_point.push(cp);
            self.pair_summary.push(sum);
        }
    }

    /// Every figure, from the pairs' assessments.
    fn figures(&mut self, s: &Snapshot) {
        let pairs = &self.pairs;
        let remediated = |p: &PairResult| p.result.is_some_and(|r| s.results[r].remediated);
        let mut gate = Vec::new();
        for (n, p) in pairs.iter().enumerate() {
            super::gate::problems_of(&p.assessment, |problem| {
                gate.push(PairProblem { pair: n, problem })
            });
            let (item, object) = (&s.items[p.item].id, &s.objects[p.object].name);
            if s.conflicts.iter().any(|c| c.item == *item && c.object == *object) {
                gate.push(PairProblem {
                    pair: n,
                    problem: super::gate::Problem::MergeConflict,
                });
            }
        }
        let scope = |c: Coverage| -> Option<ScopeFigures> {
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
            // Major hidden risks, one per high-risk case (or per problem without one):
            // whether every problem that triggers it is remediated.
            let mut majors: BTreeMap<String, bool> = BTreeMap::new();
            let mut acc = Acc::default();
            let mut progress = Progress::default();
            for p in pairs.iter().filter(|p| p.coverage == c) {
                let a = &p.assessment;
                acc.add(a);
                progress.applicable += 1;
                progress.by_verdict.add(a.verdict);
                if !is_finding(a) {
                    continue;
                }
                match a.risk {
                    Some(Risk::High) => risks.high += 1,
                    Some(Risk::Medium) => risks.medium += 1,
                    Some(Risk::Low) => risks.low += 1,
                    None => risks.unrated += 1,
                }
                if a.major_hidden_risk {
                    let all = majors.entry(major_hidden_risk_key(s, p)).or_insert(true);
                    *all &= remediated(p);
                }
                if remediated(p) {
                    risks.high_remediated += usize::from(a.risk == Some(Risk::High));
                }
            }
            risks.major_hidden = majors.len();
            risks.major_hidden_remediated = majors.values().filter(|&&r| r).count();
            progress.assessed = progress.applicable - progress.by_verdict.not_assessed;
            Some(ScopeFigures {
                covers,
                progress,
                compliance_rate: acc.figures().compliance_rate,
                risks,
                gate_problems: gate.iter().filter(|g| pairs[g.pair].coverage == c).count(),
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
        self.conclusion = Conclusion {
            rule_set,
            value,
            label: value.map(|v| Text::new(v.label(Lang::Zh), v.label(Lang::En))),
            provisional: mlps.progress.by_verdict.not_assessed > 0,
        };
        self.mlps = mlps;
        self.profile = profile;
        let mut findings: Vec<usize> = (0..pairs.len())
            .filter(|&n| is_finding(&pairs[n].assessment))
            .collect();
        findings.sort_by_key(|&n| Risk::rank(pairs[n].assessment.risk));
        self.findings = findings;
        self.corrections = (0..pairs.len())
            .filter(|&n| pairs[n].assessment.corrected.is_some())
            .collect();
        self.gate = gate;
        self.groups(s);
    }

    fn groups(&mut self, s: &Snapshot) {
        let pairs = &self.pairs;
        let mut cats = vec![Acc::default(); self.category_groups.len()];
        let mut cps = vec![Acc::default(); self.control_point_groups.len()];
        let mut sums = vec![ByVerdict::default(); self.summary_groups.len()];
        let mut objects = vec![Acc::default(); s.objects.len()];
        let mut items = vec![Acc::default(); s.items.len()];
        let mut areas = vec![Acc::default(); Area::ALL.len()];
        let mut packs: HashMap<&str, Acc> = HashMap::new();
        for (n, p) in pairs.iter().enumerate() {
            let a = &p.assessment;
            cats[self.pair_category[n]].add(a);
            cps[self.pair_control_point[n]].add(a);
            sums[self.pair_summary[n]].add(a.verdict);
            objects[p.object].add(a);
            items[p.item].add(a);
            let item = &s.items[p.item];
            for (i, area) in Area::ALL.iter().enumerate() {
                if item.areas.contains(area) {
                    areas[i].add(a);
                }
            }
            packs.entry(item.pack.as_str()).or_default().add(a);
        }
        self.categories = self
            .category_groups
            .iter()
            .zip(&cats)
            .map(|(g, acc)| CategoryFigures {
                pack: g.pack.clone(),
                code: g.code.clone(),
                name: g.name.clone(),
                coverage: g.coverage,
                figures: acc.figures(),
                rollup: acc.rollup(),
            })
            .collect();
        self.control_points = self
            .control_point_groups
            .iter()
            .zip(&cps)
            .map(|(g, acc)| ControlPointFigures {
                pack: g.pack.clone(),
                coverage: g.coverage,
                first_item: g.first_item,
                items: g.items,
                rollup: acc.rollup(),
                figures: acc.figures(),
            })
            .collect();
        self.summary = self
            .summary_groups
            .iter()
            .zip(sums)
            .map(|(g, by_verdict)| SummaryRow {
                pack: g.pack.clone(),
                category: g.code.clone(),
                coverage: g.coverage,
                kind: g.kind.unwrap_or(ObjectKind::Management),
                by_verdict,
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
                figures: packs.get(p.id.as_str()).map(Acc::figures).unwrap_or_default(),
            })
            .collect();
        self.areas = Area::ALL
            .iter()
            .zip(&areas)
            .map(|(&area, acc)| AreaFigures {
                area,
                figures: acc.figures(),
            })
            .collect();
        self.objects = objects.iter().map(Acc::figures).collect();
        self.items = items
            .iter()
            .map(|acc| ItemFigures {
                rollup: acc.rollup(),
                assessed: acc.assessed,
                applicable: acc.applicable,
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

    /// The gate's problems named by item and object, for `check`.
    /// The compliance rates next year's engagement compares with: the whole (MLPS)
    /// under the key "", then each category under "PACK/CODE"; only those with a rate.
    pub fn year_rates(&self) -> Vec<(String, f64)> {
        self.mlps
            .compliance_rate
            .map(|r| (String::new(), r))
            .into_iter()
            .chain(self.categories.iter().filter_map(|c| {
                c.figures
                    .compliance_rate
                    .map(|r| (format!("{}/{}", c.pack, c.code), r))
            }))
            .collect()
    }

    pub fn gate_problems(&self) -> Vec<GateProblem> {
        self.gate
            .iter()
            .map(|g| GateProblem {
                item: self.pairs[g.pair].assessment.item.clone(),
                object: self.pairs[g.pair].assessment.object.clone(),
                problem: g.problem,
            })
            .collect()
    }
}

/// An assessment takes a stored result's fields.
fn fill(a: &mut Assessment, r: &super::result::ResultState) {
    a.verdict = r.verdict;
    a.corrected = r.corrected_verdict;
    a.record = r.record.clone();
    a.risk = r.risk;
    a.reason = r.na_reason.clone();
    a.major_hidden_risk = r.major_hidden_risk;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::{Item, PackMeta, Scheme};
    use crate::domain::engagement::Engagement;
    use crate::domain::ids::Uid;
    use crate::domain::object::{Object, Profile};
    use crate::domain::result::ResultState;
    use crate::domain::vocab::{Method, TextList};

    fn pack(id: &str, role: PackRole) -> PackMeta {
        PackMeta {
            id: id.into(),
            version: "1".into(),
            role,
            title: Text::new("包", "pack"),
            standard: String::new(),
            scheme: Scheme::Level(vec![3]),
            note: Text::default(),
            requires: vec![],
            content_hash: String::new(),
            source: "test".into(),
        }
    }

    fn item(id: &str, pack: &str, category: &str, weight: f64, kinds: &[ObjectKind]) -> Item {
        Item {
            id: id.into(),
            pack: pack.into(),
            level: Some(3),
            grades: vec![],
            category: category.into(),
            category_name: Text::new(category, category),
            control_point: Text::new("控制点", "point"),
            clause: format!("{category}-1"),
            letter: "a".into(),
            sga: None,
            weight,
            text: Text::default(),
            guidance: Text::default(),
            evidence_hints: TextList::default(),
            methods: vec![Method::Examine],
            applies_to: kinds.to_vec(),
            areas: vec![Area::Datacenter],
            equivalent: None,
            high_risk: vec![],
            relies_on: vec![],
            replaced_by: None,
            scope: None,
        }
    }

    fn object(id: i64, kind: ObjectKind, name: &str) -> Object {
        Object {
            id,
            uid: Uid::from_random_bytes([id as u8; 16]),
            kind,
            name: name.into(),
            detail: String::new(),
            system_level: false,
            created_at: String::new(),
            profile: Profile::default(),
        }
    }

    fn result(item: &str, object: i64, verdict: Verdict, risk: Option<Risk>) -> ResultState {
        ResultState {
            verdict,
            risk,
            record: "记录".into(),
            ..ResultState::unassessed(item, object)
        }
    }

    /// Two MLPS items (weights 1.0 and 0.4) on two servers, one profile item on one.
    fn snapshot() -> Snapshot {
        let server = [ObjectKind::Server];
        Snapshot {
            engagement: Engagement {
                uid: Uid::from_random_bytes([9; 16]),
                system: "HIS".into(),
                org: "医院".into(),
                level: 3,
                hospital_grade: None,
                cloud: false,
                mobile: false,
                iot: false,
                rule_set: RuleSet::R2025,
                agency: String::new(),
                evaluators: String::new(),
                report_id: String::new(),
                starts_on: String::new(),
                ends_on: String::new(),
                created_at: String::new(),
                created_by: String::new(),
            },
            packs: vec![pack("base", PackRole::Baseline), pack("hosp", PackRole::Profile)],
            items: vec![
                item("A", "base", "CES", 1.0, &server),
                item("B", "base", "CES", 0.4, &server),
                item("H", "hosp", "DC", 0.7, &server),
            ],
            cases: vec![],
            objects: vec![
                object(1, ObjectKind::Server, "S1"),
                object(2, ObjectKind::Server, "S2"),
            ],
            results: vec![
                result("A", 1, Verdict::Compliant, None),
                result("A", 2, Verdict::NonCompliant, Some(Risk::High)),
                result("B", 1, Verdict::Partial, Some(Risk::Low)),
                result("H", 1, Verdict::NonCompliant, Some(Risk::Medium)),
            ],
            evidence: vec![],
            journal: vec![],
            carried: None,
            details: Default::default(),
            conflicts: Vec::new(),
            audit_rows: 0,
            audit_head: String::new(),
            changed_at: String::new(),
        }
    }

    #[test]
    fn figures_a_reviewer_computes_by_hand_each_in_its_own_scope() {
        let a = Analysis::of(&snapshot());
        // MLPS: A/S1 1.0×1, A/S2 1.0×0, B/S1 0.4×0.5, B/S2 not assessed.
        // R = 100 × (1 + 0 + 0.2) / (1 + 1 + 0.4) = 50.
        assert_eq!(a.mlps.compliance_rate, Some(50.0));
        assert_eq!(a.mlps.progress.applicable, 4);
        assert_eq!(a.mlps.progress.assessed, 3);
        assert_eq!(
            (a.mlps.risks.high, a.mlps.risks.medium, a.mlps.risks.low),
            (1, 0, 1)
        );
        assert_eq!(a.mlps.risks.findings(), 2);
        let profile = a.profile.as_ref().unwrap();
        assert_eq!(
            (profile.risks.high, profile.risks.medium),
            (0, 1),
            "the profile finding counts in the profile"
        );
        assert_eq!(profile.compliance_rate, Some(0.0));
        assert_eq!(a.findings.len(), 3, "every finding listed once");
        assert_eq!(
            a.findings_of(Coverage::Mlps).count() + a.findings_of(Coverage::Profile).count(),
            a.mlps.risks.findings() + profile.risks.findings(),
            "the risk table's rows equal the risk counts, scope by scope"
        );
        // Gate: B/S2 and H/S2 not assessed; the high risk A/S2 has no evidence.
        assert_eq!(a.gate.len(), 3);
        assert_eq!((a.mlps.gate_problems, profile.gate_problems), (2, 1));
        assert_eq!(a.conclusion.value, Some(ConclusionValue::DoesNotConform));
        let ces = a.categories.iter().find(|c| c.code == "CES").unwrap();
        assert_eq!(ces.rollup, Verdict::Partial);
        let sum: usize = a
            .summary
            .iter()
            .filter(|r| r.coverage == Coverage::Mlps)
            .map(|r| r.by_verdict.total())
            .sum();
        assert_eq!(
            sum, a.mlps.progress.applicable,
            "the summary table adds up to the progress"
        );
    }

    #[test]
    fn the_roll_up_from_counts_is_the_scoring_rule() {
        use Verdict::*;
        let cases: &[&[Verdict]] = &[
            &[],
            &[NotAssessed],
            &[NotApplicable, NotApplicable],
            &[Compliant, NotApplicable, NotAssessed],
            &[NonCompliant, NotApplicable],
            &[Compliant, NonCompliant],
            &[Partial],
        ];
        for verdicts in cases {
            let mut acc = Acc::default();
            for v in verdicts.iter() {
                acc.effective.add(*v);
            }
            assert_eq!(
                acc.rollup(),
                crate::domain::scoring::roll_up(verdicts.iter().copied()),
                "{verdicts:?}"
            );
        }
    }

    #[test]
    fn a_correction_counts_with_its_corrected_verdict() {
        let mut s = snapshot();
        s.results[1].corrected_verdict = Some(Verdict::Compliant);
        let a = Analysis::of(&s);
        // A/S2 now 1.0×1: (1 + 1 + 0.2) / 2.4.
        assert_eq!(a.mlps.compliance_rate, Some(91.666667));
        assert_eq!(a.mlps.risks.high, 0, "no longer a finding");
        assert_eq!(a.corrections.len(), 1);
    }

    #[test]
    fn refreshing_one_result_gives_the_same_figures_as_a_new_analysis() {
        let mut s = snapshot();
        let mut a = Analysis::of(&s);
        s.put_result(result("B", 2, Verdict::NonCompliant, Some(Risk::Medium)));
        a.refresh(&s, 1, 1);
        let fresh = Analysis::of(&s);
        assert_eq!(a.mlps, fresh.mlps);
        assert_eq!(a.findings, fresh.findings);
        assert_eq!(a.gate, fresh.gate);
        assert_eq!(a.categories, fresh.categories);
        assert_eq!(a.items, fresh.items);
    }
}
