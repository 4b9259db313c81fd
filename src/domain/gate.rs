//! The quality gate (DESIGN §5): what must hold before a report can leave DRAFT.
//!
//! Every applicable item × object is assessed; every non-compliant or partial result has
//! a record and a risk rating; every not-applicable result has a reason; every high-risk
//! finding has at least one piece of evidence; no merge conflict is left open.

use serde::Serialize;

use super::assessment::Assessment;
use super::vocab::{Lang, Risk, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    NotAssessed,
    MissingRecord,
    MissingRisk,
    MissingReason,
    HighRiskWithoutEvidence,
    /// A merge left two versions of the result; one must be taken.
    MergeConflict,
}

impl Problem {
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Problem::NotAssessed, Lang::Zh) => "未测评",
            (Problem::NotAssessed, Lang::En) => "not assessed",
            (Problem::MissingRecord, Lang::Zh) => "问题项缺少结果记录",
            (Problem::MissingRecord, Lang::En) => "finding has no record",
            (Problem::MissingRisk, Lang::Zh) => "问题项缺少风险等级",
            (Problem::MissingRisk, Lang::En) => "finding has no risk rating",
            (Problem::MissingReason, Lang::Zh) => "不适用项缺少理由",
            (Problem::MissingReason, Lang::En) => "not-applicable result has no reason",
            (Problem::HighRiskWithoutEvidence, Lang::Zh) => "高风险问题缺少证据",
            (Problem::HighRiskWithoutEvidence, Lang::En) => "high-risk finding has no evidence",
            (Problem::MergeConflict, Lang::Zh) => "合并冲突未解决",
            (Problem::MergeConflict, Lang::En) => "merge conflict not resolved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateProblem {
    pub item: String,
    pub object: String,
    pub problem: Problem,
}

/// Every gate problem of the given assessments, in their order.
pub fn gate<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> Vec<GateProblem> {
    let mut out = Vec::new();
    for a in assessments {
        problems_of(a, |problem| {
            out.push(GateProblem {
                item: a.item.clone(),
                object: a.object.clone(),
                problem,
            })
        });
    }
    out
}

/// Calls `found` with each gate problem of one assessment.
pub fn problems_of(a: &Assessment, mut found: impl FnMut(Problem)) {
    match a.verdict {
        Verdict::NotAssessed => found(Problem::NotAssessed),
        Verdict::NotApplicable if a.reason.trim().is_empty() => found(Problem::MissingReason),
        v if v.is_finding() => {
            if a.record.trim().is_empty() {
                found(Problem::MissingRecord);
            }
            match a.risk {
                None => found(Problem::MissingRisk),
                Some(Risk::High) if a.evidence == 0 => found(Problem::HighRiskWithoutEvidence),
                Some(_) => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(verdict: Verdict) -> Assessment {
        Assessment {
            verdict,
            ..Assessment::unassessed("L3-PES1-01", "主机房", 0.4)
        }
    }

    fn problems(x: &Assessment) -> Vec<Problem> {
        gate([x]).into_iter().map(|p| p.problem).collect()
    }

    #[test]
    fn unassessed_pairs_fail_the_gate() {
        assert_eq!(problems(&a(Verdict::NotAssessed)), [Problem::NotAssessed]);
    }

    #[test]
    fn compliant_result_passes_without_record() {
        assert!(problems(&a(Verdict::Compliant)).is_empty());
    }

    #[test]
    fn not_applicable_needs_a_reason() {
        assert_eq!(problems(&a(Verdict::NotApplicable)), [Problem::MissingReason]);
        let with_reason = Assessment {
            reason: "云上部署，机房由云服务商负责".into(),
            ..a(Verdict::NotApplicable)
        };
        assert!(problems(&with_reason).is_empty());
    }

    #[test]
    fn finding_needs_record_and_risk() {
        assert_eq!(
            problems(&a(Verdict::Partial)),
            [Problem::MissingRecord, Problem::MissingRisk]
        );
        let complete = Assessment {
            record: "未配置登录失败处理".into(),
            risk: Some(Risk::Medium),
            ..a(Verdict::NonCompliant)
        };
        assert!(problems(&complete).is_empty());
    }

    #[test]
    fn high_risk_finding_needs_evidence() {
        let high = Assessment {
            record: "存在弱口令".into(),
            risk: Some(Risk::High),
            ..a(Verdict::NonCompliant)
        };
        assert_eq!(problems(&high), [Problem::HighRiskWithoutEvidence]);
        assert!(problems(&Assessment { evidence: 1, ..high }).is_empty());
    }
}
