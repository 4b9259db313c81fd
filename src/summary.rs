//! Everything known about an engagement, loaded once, and the status derived from it:
//! the item × object pairs in scope, progress, compliance rate, conclusion, gate and
//! per-category figures. Pure once loaded.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::checklist::{Item, PackMeta};
use crate::domain::engagement::Engagement;
use crate::domain::gate::{GateProblem, gate};
use crate::domain::object::Object;
use crate::domain::result::ResultState;
use crate::domain::scoring::{ConclusionValue, RiskSignals, compliance_rate, conclude};
use crate::domain::{Assessment, Lang, PackRole, Risk, RuleSet, Text, Verdict};
use crate::store::{Store, StoreError};

/// An engagement as read from its file.
#[derive(Debug, Clone)]
pub struct EngagementData {
    pub engagement: Engagement,
    pub packs: Vec<PackMeta>,
    pub items: Vec<Item>,
    pub objects: Vec<Object>,
    pub results: Vec<ResultState>,
    pub evidence_counts: HashMap<(String, i64), usize>,
}

/// Results of an engagement by (item id, object id).
pub type ResultIndex<'a> = HashMap<(&'a str, i64), &'a ResultState>;

/// One item × object pair in scope, by index into `items` and `objects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub item: usize,
    pub object: usize,
}

impl EngagementData {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(EngagementData {
            engagement: store.engagement()?,
            packs: store.packs()?,
            items: store.items()?,
            objects: store.objects()?,
            results: store.results()?,
            evidence_counts: store.evidence_counts()?,
        })
    }

    /// Every pair whose object kind the item applies to, in checklist then object order.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut pairs = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            for (o, object) in self.objects.iter().enumerate() {
                if item.applies_to.contains(&object.kind) {
                    pairs.push(Pair { item: i, object: o });
                }
            }
        }
        pairs
    }

    /// Results by (item id, object id).
    pub fn result_index(&self) -> ResultIndex<'_> {
        self.results
            .iter()
            .map(|r| ((r.item_id.as_str(), r.object_id), r))
            .collect()
    }

    /// The assessment of every pair in scope, aligned with [`Self::pairs`].
    pub fn assessments(&self) -> Vec<Assessment> {
        let results = self.result_index();
        self.pairs()
            .into_iter()
            .map(|p| {
                let item = &self.items[p.item];
                let object = &self.objects[p.object];
                let mut a = Assessment::unassessed(&item.id, &object.name, item.weight);
                a.evidence = self
                    .evidence_counts
                    .get(&(item.id.clone(), object.id))
                    .copied()
                    .unwrap_or(0);
                if let Some(r) = results.get(&(item.id.as_str(), object.id)) {
                    a.verdict = r.verdict;
                    a.corrected = r.corrected_verdict;
                    a.record = r.record.clone();
                    a.risk = r.risk;
                    a.reason = r.na_reason.clone();
                    a.major_hidden_risk = r.major_hidden_risk;
                }
                a
            })
            .collect()
    }

    fn role_of(&self, pack: &str) -> Option<PackRole> {
        self.packs.iter().find(|p| p.id == pack).map(|p| p.role)
    }

    /// Whether an item counts towards the MLPS compliance rate and conclusion
    /// (baseline and extension packs; a profile has its own rate).
    pub fn is_scored(&self, item: &Item) -> bool {
        matches!(
            self.role_of(&item.pack),
            Some(PackRole::Baseline | PackRole::Extension)
        )
    }

    pub fn status(&self) -> Status {
        let pairs = self.pairs();
        let assessments = self.assessments();
        let scored: Vec<&Assessment> = pairs
            .iter()
            .zip(&assessments)
            .filter(|(p, _)| self.is_scored(&self.items[p.item]))
            .map(|(_, a)| a)
            .collect();
        let rate = compliance_rate(scored.iter().map(|a| (a.weight, a.effective())));
        let risks = RiskCounts::of(scored.iter().copied());
        let signals = RiskSignals {
            high_risks: risks.high,
            major_hidden_risks: risks.major_hidden,
        };
        let rule_set = self.engagement.rule_set;
        let value = conclude(rule_set, rate, signals);
        let problems = gate(&assessments);
        Status {
            engagement: StatusEngagement {
                system: self.engagement.system.clone(),
                org: self.engagement.org.clone(),
                level: self.engagement.level,
                hospital_grade: self.engagement.hospital_grade.map(|g| g.as_str().to_string()),
                cloud: self.engagement.cloud,
                mobile: self.engagement.mobile,
                iot: self.engagement.iot,
            },
            progress: Progress::of(scored.iter().copied()),
            compliance_rate: rate,
            conclusion: Conclusion {
                rule_set,
                value,
                label: value.map(|v| Text::new(v.label(Lang::Zh), v.label(Lang::En))),
                provisional: scored.iter().any(|a| a.verdict == Verdict::NotAssessed),
            },
            risks,
            gate: GateSummary {
                passed: problems.is_empty(),
                problems: problems.len(),
            },
            categories: self.categories(&pairs, &assessments),
            packs: self.pack_figures(&pairs, &assessments),
        }
    }

    fn categories(&self, pairs: &[Pair], assessments: &[Assessment]) -> Vec<CategoryFigures> {
        let mut out: Vec<CategoryFigures> = Vec::new();
        for item in &self.items {
            if !out.iter().any(|c| c.pack == item.pack && c.code == item.category) {
                out.push(CategoryFigures {
                    pack: item.pack.clone(),
                    code: item.category.clone(),
                    name: item.category_name.clone(),
                    figures: Figures::default(),
                });
            }
        }
        for c in &mut out {
            let of_category = pairs.iter().zip(assessments).filter(|(p, _)| {
                let item = &self.items[p.item];
                item.pack == c.pack && item.category == c.code
            });
            c.figures = Figures::of(of_category.map(|(_, a)| a));
        }
        out
    }

    fn pack_figures(&self, pairs: &[Pair], assessments: &[Assessment]) -> Vec<PackFigures> {
        self.packs
            .iter()
            .filter(|p| p.role != PackRole::Reference)
            .map(|p| {
                let of_pack = pairs
                    .iter()
                    .zip(assessments)
                    .filter(|(pair, _)| self.items[pair.item].pack == p.id);
                PackFigures {
                    id: p.id.clone(),
                    role: p.role,
                    version: p.version.clone(),
                    items: self.items.iter().filter(|i| i.pack == p.id).count(),
                    figures: Figures::of(of_pack.map(|(_, a)| a)),
                }
            })
            .collect()
    }

    /// The gate problems of every pair in scope.
    pub fn gate_problems(&self) -> Vec<GateProblem> {
        gate(&self.assessments())
    }
}

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

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    pub applicable: usize,
    pub assessed: usize,
    pub by_verdict: ByVerdict,
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

impl Progress {
    fn of<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> Progress {
        let mut p = Progress::default();
        for a in assessments {
            p.applicable += 1;
            let slot = match a.verdict {
                Verdict::Compliant => &mut p.by_verdict.compliant,
                Verdict::Partial => &mut p.by_verdict.partial,
                Verdict::NonCompliant => &mut p.by_verdict.non_compliant,
                Verdict::NotApplicable => &mut p.by_verdict.not_applicable,
                Verdict::NotAssessed => &mut p.by_verdict.not_assessed,
            };
            *slot += 1;
        }
        p.assessed = p.applicable - p.by_verdict.not_assessed;
        p
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conclusion {
    pub rule_set: RuleSet,
    pub value: Option<ConclusionValue>,
    pub label: Option<Text>,
    /// Some applicable pairs are not assessed yet: the conclusion may still change.
    pub provisional: bool,
}

/// Risks of the findings that remain findings after correction.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RiskCounts {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub major_hidden: usize,
}

impl RiskCounts {
    fn of<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> RiskCounts {
        let mut c = RiskCounts::default();
        for a in assessments
            .into_iter()
            .filter(|a| a.verdict.is_finding() && a.effective().is_finding())
        {
            match a.risk {
                Some(Risk::High) => c.high += 1,
                Some(Risk::Medium) => c.medium += 1,
                Some(Risk::Low) => c.low += 1,
                None => {}
            }
            c.major_hidden += usize::from(a.major_hidden_risk);
        }
        c
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateSummary {
    pub passed: bool,
    pub problems: usize,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigures {
    pub pack: String,
    pub code: String,
    pub name: Text,
    #[serde(flatten)]
    pub figures: Figures,
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
