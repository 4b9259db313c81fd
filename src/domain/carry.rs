//! Carry-forward: last year's findings travel into this year's engagement so the report
//! can say whether each was remediated.

use serde::Serialize;

use super::vocab::{Risk, Verdict};

/// Where a carried-forward engagement came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedFrom {
    pub path: String,
    pub system: String,
    pub report_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub audit_head: String,
}

/// A finding of the previous engagement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviousFinding {
    pub item_id: String,
    pub object_name: String,
    pub verdict: Verdict,
    pub record: String,
    pub risk: Option<Risk>,
    pub high_risk_case: Option<String>,
    pub major_hidden_risk: bool,
    pub remediation: String,
}

/// What a new engagement takes over from an old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    pub from: CarriedFrom,
    pub findings: Vec<PreviousFinding>,
}
