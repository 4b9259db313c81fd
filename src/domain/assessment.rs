//! One item × object pair in the scope of an engagement, with its result: the unit that
//! scoring, the quality gate and reports work on.

use super::vocab::{Risk, Verdict};

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub item: String,
    pub object: String,
    pub weight: f64,
    pub verdict: Verdict,
    /// Verdict after the overall evaluation (整体测评), when it was corrected.
    pub corrected: Option<Verdict>,
    pub record: String,
    pub risk: Option<Risk>,
    /// Why the item does not apply, for not-applicable verdicts.
    pub reason: String,
    pub major_hidden_risk: bool,
    /// Pieces of evidence linked to this item × object.
    pub evidence: usize,
}

impl Assessment {
    /// A pair nobody has assessed yet.
    pub fn unassessed(item: &str, object: &str, weight: f64) -> Self {
        Assessment {
            item: item.to_string(),
            object: object.to_string(),
            weight,
            verdict: Verdict::NotAssessed,
            corrected: None,
            record: String::new(),
            risk: None,
            reason: String::new(),
            major_hidden_risk: false,
            evidence: 0,
        }
    }

    /// The verdict that scores: the corrected one where there is one.
    pub fn effective(&self) -> Verdict {
        self.corrected.unwrap_or(self.verdict)
    }
}
