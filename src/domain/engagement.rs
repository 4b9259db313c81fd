//! The engagement: one evaluation of one system (定级对象) at one level, and the checklist
//! scope it is created with.

use serde::Serialize;

use super::carry::Carried;
use super::checklist::{Case, Item, PackMeta};
use super::ids::Uid;
use super::object::NewObject;
use super::vocab::{HospitalGrade, RuleSet};

/// What creating an engagement needs: its identity and the checklist scope it evaluates.
#[derive(Debug, Clone)]
pub struct Scope {
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<HospitalGrade>,
    pub cloud: bool,
    pub mobile: bool,
    pub iot: bool,
    pub packs: Vec<PackMeta>,
    pub items: Vec<Item>,
    pub cases: Vec<Case>,
    /// Objects beyond the system-level ones.
    pub objects: Vec<NewObject>,
    /// What a carried-forward engagement takes over from last year's.
    pub carried: Option<Carried>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    pub uid: Uid,
    pub system: String,
    pub org: String,
    pub level: u8,
    pub hospital_grade: Option<HospitalGrade>,
    pub cloud: bool,
    pub mobile: bool,
    pub iot: bool,
    pub rule_set: RuleSet,
    pub agency: String,
    pub evaluators: String,
    pub report_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub created_at: String,
    pub created_by: String,
}

/// Cover details of the report: who evaluates, when, under which report id.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementInfo {
    pub agency: String,
    pub evaluators: String,
    pub report_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub rule_set: RuleSet,
}

/// A rule the cover details must obey.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InfoViolation {
    #[error("the last day on site ({ends_on}) is before the first ({starts_on})")]
    EndsBeforeStart { starts_on: String, ends_on: String },
}

impl EngagementInfo {
    /// The details as they stand in an engagement.
    pub fn of(e: &Engagement) -> Self {
        EngagementInfo {
            agency: e.agency.clone(),
            evaluators: e.evaluators.clone(),
            report_id: e.report_id.clone(),
            starts_on: e.starts_on.clone(),
            ends_on: e.ends_on.clone(),
            rule_set: e.rule_set,
        }
    }

    pub fn check(&self) -> Result<(), InfoViolation> {
        if !self.starts_on.is_empty() && !self.ends_on.is_empty() && self.ends_on < self.starts_on {
            return Err(InfoViolation::EndsBeforeStart {
                starts_on: self.starts_on.clone(),
                ends_on: self.ends_on.clone(),
            });
        }
        Ok(())
    }
}
