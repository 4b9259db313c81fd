//! Pure domain types and functions: vocabularies, assessments, scoring and the quality
//! gate. Nothing here does IO.

pub mod assessment;
pub mod gate;
pub mod scoring;
pub mod time;
pub mod vocab;

pub use assessment::Assessment;
pub use vocab::{
    Area, CloudScope, HospitalGrade, Lang, Method, ObjectKind, PackRole, Risk, RuleSet, Sga, Text, TextList,
    UnknownValue, Verdict, level_label,
};
