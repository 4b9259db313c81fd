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
    /// Last year's compliance rates: the whole (MLPS) first under the key "", then per
    /// category under "PACK/CODE", for the year-over-year comparison.
    pub rates: Vec<(String, f64)>,
}

impl Carried {
    /// Last year's compliance rate of a category (`pack`, `code`), or of the whole with
    /// both empty; `None` where last year had none (or the engagement was carried forward
    /// before rates were kept).
    pub fn rate(&self, pack: &str, code: &str) -> Option<f64> {
        let key = if pack.is_empty() {
            String::new()
        } else {
            format!("{pack}/{code}")
        };
        self.rates.iter().find(|(k, _)| *k == key).map(|(_, r)| *r)
    }
}

/// The detail key last year's rate of a category (or of the whole, for "") is kept under.
pub fn rate_key(category: &str) -> String {
    if category.is_empty() {
        "previous.rate".to_string()
    } else {
        format!("previous.rate.{category}")
    }
}
