//! The domain: the nouns of an evaluation and the rules over them. Pure: no SQL, files,
//! environment, clock or terminal.
//!
//! - [`vocab`]: closed vocabularies (verdicts, risks, object kinds, areas, …).
//! - [`checklist`]: packs, items and high-risk cases.
//! - [`engagement`], [`object`], [`result`], [`evidence`], [`carry`]: what an
//!   engagement holds, with the rules a change must obey ([`result::RuleViolation`]) and
//!   the rule that picks the object of a system-level item ([`object::resolve`]).
//! - [`ids`]: stable identity; [`hex`]: digests as text.
//! - [`audit`]: the hash chain and the replay of the content it records.
//! - [`merge`]: the 3-way decision for one result when two copies are merged.
//! - [`snapshot`]: an engagement read in one piece; [`analysis`]: every figure shown of
//!   it, computed once; [`assessment`], [`scoring`], [`gate`]: the rules those use.

pub mod analysis;
pub mod assessment;
pub mod audit;
pub mod carry;
pub mod checklist;
pub mod details;
pub mod engagement;
pub mod evidence;
pub mod gate;
pub mod hex;
pub mod ids;
pub mod merge;
pub mod object;
pub mod result;
pub mod scoring;
pub mod snapshot;
pub mod time;
pub mod vocab;

pub use assessment::Assessment;
pub use vocab::{
    Area, CloudScope, HospitalGrade, Importance, Lang, Method, ObjectKind, PackRole, Risk, RuleSet, Sga,
    Text, TextList, ToolReportKind, UnknownValue, Verdict, level_label,
};
