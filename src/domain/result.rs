//! Results: the verdict and record of one item for one object, the rules a change must
//! obey, and the append-only history of revisions a result's current state heads.

use serde::Serialize;

use super::ids::Uid;
use super::vocab::{Risk, Verdict};

/// The current state of one item × object result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultState {
    pub item_id: String,
    pub object_id: i64,
    pub verdict: Verdict,
    pub record: String,
    pub risk: Option<Risk>,
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: bool,
    pub na_reason: String,
    pub corrected_verdict: Option<Verdict>,
    pub correction_rationale: String,
    pub remediation: String,
    pub remediated: bool,
    pub updated_by: String,
    pub updated_at: String,
    /// The revision this state is the head of.
    pub revision: Option<Uid>,
}

impl ResultState {
    /// A pair nobody has assessed.
    pub fn unassessed(item_id: &str, object_id: i64) -> Self {
        ResultState {
            item_id: item_id.to_string(),
            object_id,
            verdict: Verdict::NotAssessed,
            record: String::new(),
            risk: None,
            high_risk_case: None,
            major_hidden_risk: false,
            na_reason: String::new(),
            corrected_verdict: None,
            correction_rationale: String::new(),
            remediation: String::new(),
            remediated: false,
            updated_by: String::new(),
            updated_at: String::new(),
            revision: None,
        }
    }

    /// The verdict that scores: the corrected one where the overall evaluation made one.
    pub fn effective(&self) -> Verdict {
        self.corrected_verdict.unwrap_or(self.verdict)
    }

    /// Whether the content (not who or when) equals another state's.
    pub fn same_content(&self, other: &ResultState) -> bool {
        ResultUpdate::restoring(self) == ResultUpdate::restoring(other)
    }
}

/// A change to one result. `None` keeps what is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultUpdate {
    pub verdict: Option<Verdict>,
    pub record: Option<String>,
    pub risk: Option<Risk>,
    pub na_reason: Option<String>,
    /// An empty text clears the case.
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: Option<bool>,
    /// `NotAssessed` takes a correction back.
    pub corrected_verdict: Option<Verdict>,
    pub correction_rationale: Option<String>,
    pub remediation: Option<String>,
    pub remediated: Option<bool>,
}

/// A rule of results a change would break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    #[error("a risk rating belongs to partial or non-compliant results, not to '{0}'")]
    RiskWithoutFinding(Verdict),
    #[error("a reason belongs to not-applicable results, not to '{0}'")]
    ReasonWithoutNotApplicable(Verdict),
    #[error("a corrected verdict needs a compensation rationale")]
    CorrectionWithoutRationale,
    #[error("high-risk case '{0}' is not in this engagement's high-risk guide")]
    UnknownCase(String),
}

impl ResultUpdate {
    /// An update that puts every field back as `row` has it.
    pub fn restoring(row: &ResultState) -> Self {
        ResultUpdate {
            verdict: Some(row.verdict),
            record: Some(row.record.clone()),
            risk: row.risk,
            na_reason: (row.verdict == Verdict::NotApplicable).then(|| row.na_reason.clone()),
            high_risk_case: Some(row.high_risk_case.clone().unwrap_or_default()),
            major_hidden_risk: Some(row.major_hidden_risk),
            corrected_verdict: Some(row.corrected_verdict.unwrap_or(Verdict::NotAssessed)),
            correction_rationale: Some(row.correction_rationale.clone()),
            remediation: Some(row.remediation.clone()),
            remediated: Some(row.remediated),
        }
    }

    /// Applies the update to a stored state (or a fresh one), keeping the rules that tie
    /// fields to verdicts: only findings carry risks, only not-applicable carries a reason.
    pub fn apply(&self, mut row: ResultState) -> Result<ResultState, RuleViolation> {
        if let Some(v) = self.verdict {
            row.verdict = v;
        }
        let set = |slot: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *slot = v.clone();
            }
        };
        set(&mut row.record, &self.record);
        set(&mut row.na_reason, &self.na_reason);
        set(&mut row.correction_rationale, &self.correction_rationale);
        set(&mut row.remediation, &self.remediation);
        if self.risk.is_some() {
            row.risk = self.risk;
        }
        // An empty case clears it.
        if let Some(c) = &self.high_risk_case {
            row.high_risk_case = (!c.trim().is_empty()).then(|| c.trim().to_string());
        }
        if let Some(m) = self.major_hidden_risk {
            row.major_hidden_risk = m;
        }
        if let Some(r) = self.remediated {
            row.remediated = r;
        }
        // A correction to not-assessed takes the correction back.
        match self.corrected_verdict {
            Some(Verdict::NotAssessed) => row.corrected_verdict = None,
            Some(v) => row.corrected_verdict = Some(v),
            None => {}
        }
        let finding = row.verdict.is_finding();
        let asks_finding_fields = self.risk.is_some()
            || self.high_risk_case.as_ref().is_some_and(|c| !c.trim().is_empty())
            || self.major_hidden_risk == Some(true);
        if asks_finding_fields && !finding {
            return Err(RuleViolation::RiskWithoutFinding(row.verdict));
        }
        if self.na_reason.is_some() && row.verdict != Verdict::NotApplicable {
            return Err(RuleViolation::ReasonWithoutNotApplicable(row.verdict));
        }
        if self.corrected_verdict.is_some_and(|v| v != Verdict::NotAssessed)
            && self
                .correction_rationale
                .as_deref()
                .unwrap_or(&row.correction_rationale)
                .trim()
                .is_empty()
        {
            return Err(RuleViolation::CorrectionWithoutRationale);
        }
        if !finding {
            row.risk = None;
            row.high_risk_case = None;
            row.major_hidden_risk = false;
        }
        if row.verdict != Verdict::NotApplicable {
            row.na_reason.clear();
        }
        Ok(row)
    }
}

/// How a revision came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionOp {
    Set,
    Undo,
    Merge,
    Import,
}

impl RevisionOp {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionOp::Set => "set",
            RevisionOp::Undo => "undo",
            RevisionOp::Merge => "merge",
            RevisionOp::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            RevisionOp::Set,
            RevisionOp::Undo,
            RevisionOp::Merge,
            RevisionOp::Import,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> ResultState {
        ResultState::unassessed("L3-CES1-01", 4)
    }

    #[test]
    fn a_risk_on_a_compliant_result_is_refused() {
        let u = ResultUpdate {
            verdict: Some(Verdict::Compliant),
            risk: Some(Risk::High),
            ..Default::default()
        };
        assert_eq!(
            u.apply(fresh()),
            Err(RuleViolation::RiskWithoutFinding(Verdict::Compliant))
        );
    }

    #[test]
    fn leaving_a_finding_drops_its_risk_and_a_correction_needs_a_rationale() {
        let finding = ResultUpdate {
            verdict: Some(Verdict::NonCompliant),
            risk: Some(Risk::Medium),
            ..Default::default()
        }
        .apply(fresh())
        .unwrap();
        let ok = ResultUpdate {
            verdict: Some(Verdict::Compliant),
            ..Default::default()
        }
        .apply(finding.clone())
        .unwrap();
        assert_eq!(ok.risk, None);
        let corrected = ResultUpdate {
            corrected_verdict: Some(Verdict::Partial),
            ..Default::default()
        };
        assert_eq!(
            corrected.apply(finding),
            Err(RuleViolation::CorrectionWithoutRationale)
        );
    }
}
