//! Scoring and conclusion: pure functions over results (DESIGN §5).
//!
//! The official score formula is not public, so the tool uses one documented rule and
//! prints it in the report's method section:
//!
//! - item score x: compliant 1, partial 0.5, non-compliant 0; not-applicable is excluded;
//!   not-assessed is excluded and counted separately (an unfinished engagement says so);
//! - compliance rate R = 100 · Σ w·x / Σ w over the applicable item × object results,
//!   using the corrected verdict where the overall evaluation corrected one;
//! - control-point and category roll-up per GB/T 28449: all compliant → compliant, all
//!   non-compliant → non-compliant, all not-applicable → not-applicable, else partial;
//! - conclusion under rule set `2025`: R > 90 and no major hidden risk → 符合,
//!   60 ≤ R ≤ 90 (or R > 90 with a major hidden risk) → 基本符合, R < 60 → 不符合;
//!   under rule set `2021`: any high risk → 差, else 优 ≥ 90, 良 ≥ 80, 中 ≥ 70, 差 < 70.

use serde::Serialize;

use super::vocab::{Lang, RuleSet, Verdict};

/// Score of one verdict, or `None` when the verdict does not enter the rate.
pub fn item_score(verdict: Verdict) -> Option<f64> {
    match verdict {
        Verdict::Compliant => Some(1.0),
        Verdict::Partial => Some(0.5),
        Verdict::NonCompliant => Some(0.0),
        Verdict::NotApplicable | Verdict::NotAssessed => None,
    }
}

/// Weighted compliance rate in percent over `(weight, effective verdict)` pairs, or
/// `None` when nothing is scored yet.
pub fn compliance_rate(results: impl IntoIterator<Item = (f64, Verdict)>) -> Option<f64> {
    let (mut earned, mut possible) = (0.0_f64, 0.0_f64);
    for (weight, verdict) in results {
        if let Some(x) = item_score(verdict) {
            earned += weight * x;
            possible += weight;
        }
    }
    // Rounded to 1e-6 so that a rate of exactly 90 is not pushed over a threshold by
    // floating-point noise.
    (possible > 0.0).then(|| (100.0 * earned / possible * 1e6).round() / 1e6)
}

/// Roll-up of the verdicts of one control point or category (GB/T 28449 §8.2.2).
/// Not-assessed results are ignored; with nothing assessed the roll-up is not-assessed.
pub fn roll_up(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let assessed: Vec<Verdict> = verdicts
        .into_iter()
        .filter(|v| *v != Verdict::NotAssessed)
        .collect();
    if assessed.is_empty() {
        return Verdict::NotAssessed;
    }
    if assessed.iter().all(|v| *v == Verdict::NotApplicable) {
        return Verdict::NotApplicable;
    }
    let applicable = assessed.iter().filter(|v| **v != Verdict::NotApplicable);
    let mut all_compliant = true;
    let mut all_non_compliant = true;
    for v in applicable {
        all_compliant &= *v == Verdict::Compliant;
        all_non_compliant &= *v == Verdict::NonCompliant;
    }
    match (all_compliant, all_non_compliant) {
        (true, _) => Verdict::Compliant,
        (_, true) => Verdict::NonCompliant,
        _ => Verdict::Partial,
    }
}

/// The value of a conclusion, under either rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConclusionValue {
    /// 符合 (2025)
    Conforms,
    /// 基本符合 (2025)
    BasicallyConforms,
    /// 不符合 (2025)
    DoesNotConform,
    /// 优 (2021)
    Excellent,
    /// 良 (2021)
    Good,
    /// 中 (2021)
    Fair,
    /// 差 (2021)
    Poor,
}

impl ConclusionValue {
    pub fn label(self, lang: Lang) -> &'static str {
        use ConclusionValue::*;
        match (self, lang) {
            (Conforms, Lang::Zh) => "符合",
            (Conforms, Lang::En) => "Conforms",
            (BasicallyConforms, Lang::Zh) => "基本符合",
            (BasicallyConforms, Lang::En) => "Basically conforms",
            (DoesNotConform, Lang::Zh) => "不符合",
            (DoesNotConform, Lang::En) => "Does not conform",
            (Excellent, Lang::Zh) => "优",
            (Excellent, Lang::En) => "Excellent",
            (Good, Lang::Zh) => "良",
            (Good, Lang::En) => "Good",
            (Fair, Lang::Zh) => "中",
            (Fair, Lang::En) => "Fair",
            (Poor, Lang::Zh) => "差",
            (Poor, Lang::En) => "Poor",
        }
    }
}

/// Counts of the risks that move a conclusion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskSignals {
    pub high_risks: usize,
    pub major_hidden_risks: usize,
}

/// The conclusion for a compliance rate, or `None` when there is no rate yet.
pub fn conclude(rule_set: RuleSet, rate: Option<f64>, risks: RiskSignals) -> Option<ConclusionValue> {
    let r = rate?;
    Some(match rule_set {
        RuleSet::R2025 => {
            if r > 90.0 && risks.major_hidden_risks == 0 {
                ConclusionValue::Conforms
            } else if r >= 60.0 {
                ConclusionValue::BasicallyConforms
            } else {
                ConclusionValue::DoesNotConform
            }
        }
        RuleSet::R2021 => {
            if risks.high_risks > 0 || r < 70.0 {
                ConclusionValue::Poor
            } else if r >= 90.0 {
                ConclusionValue::Excellent
            } else if r >= 80.0 {
                ConclusionValue::Good
            } else {
                ConclusionValue::Fair
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;
    use rstest::rstest;

    #[test]
    fn rate_weighs_partial_as_half_and_skips_not_applicable_and_not_assessed() {
        let results = [
            (1.0, Compliant),
            (0.7, Partial),
            (0.4, NonCompliant),
            (1.0, NotApplicable),
            (1.0, NotAssessed),
        ];
        // (1.0 + 0.35 + 0) / (1.0 + 0.7 + 0.4) = 1.35 / 2.1
        let r = compliance_rate(results).unwrap();
        assert!((r - 64.285714).abs() < 1e-6, "{r}");
    }

    #[test]
    fn rate_is_none_when_nothing_is_scored() {
        assert_eq!(compliance_rate([(1.0, NotApplicable), (0.7, NotAssessed)]), None);
        assert_eq!(compliance_rate([]), None);
    }

    #[test]
    fn rate_of_exactly_ninety_stays_ninety() {
        let mut results = vec![(0.7, Compliant); 9];
        results.push((0.7, NonCompliant));
        assert_eq!(compliance_rate(results), Some(90.0));
    }

    #[rstest]
    #[case(&[Compliant, Compliant], Compliant)]
    #[case(&[NonCompliant, NonCompliant, NotApplicable], NonCompliant)]
    #[case(&[NotApplicable, NotApplicable], NotApplicable)]
    #[case(&[Compliant, NonCompliant], Partial)]
    #[case(&[Partial], Partial)]
    #[case(&[Compliant, NotApplicable, NotAssessed], Compliant)]
    #[case(&[NotAssessed], NotAssessed)]
    #[case(&[], NotAssessed)]
    fn roll_up_follows_gbt_28449(#[case] verdicts: &[Verdict], #[case] expected: Verdict) {
        assert_eq!(roll_up(verdicts.iter().copied()), expected);
    }

    #[rstest]
    #[case(Some(95.0), 0, 0, Some(ConclusionValue::Conforms))]
    #[case(Some(95.0), 3, 0, Some(ConclusionValue::Conforms))]
    #[case(Some(95.0), 0, 1, Some(ConclusionValue::BasicallyConforms))]
    #[case(Some(90.0), 0, 0, Some(ConclusionValue::BasicallyConforms))]
    #[case(Some(60.0), 0, 2, Some(ConclusionValue::BasicallyConforms))]
    #[case(Some(59.99), 0, 0, Some(ConclusionValue::DoesNotConform))]
    #[case(None, 0, 0, None)]
    fn conclusion_2025(
        #[case] rate: Option<f64>,
        #[case] high_risks: usize,
        #[case] major_hidden_risks: usize,
        #[case] expected: Option<ConclusionValue>,
    ) {
        let risks = RiskSignals {
            high_risks,
            major_hidden_risks,
        };
        assert_eq!(conclude(RuleSet::R2025, rate, risks), expected);
    }

    #[rstest]
    #[case(Some(90.0), 0, Some(ConclusionValue::Excellent))]
    #[case(Some(89.9), 0, Some(ConclusionValue::Good))]
    #[case(Some(80.0), 0, Some(ConclusionValue::Good))]
    #[case(Some(70.0), 0, Some(ConclusionValue::Fair))]
    #[case(Some(69.9), 0, Some(ConclusionValue::Poor))]
    #[case(Some(99.0), 1, Some(ConclusionValue::Poor))]
    fn conclusion_2021(
        #[case] rate: Option<f64>,
        #[case] high_risks: usize,
        #[case] expected: Option<ConclusionValue>,
    ) {
        let risks = RiskSignals {
            high_risks,
            major_hidden_risks: 0,
        };
        assert_eq!(conclude(RuleSet::R2021, rate, risks), expected);
    }
}
