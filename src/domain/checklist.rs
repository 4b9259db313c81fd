//! Checklist nouns: packs, categories, control points, items and high-risk cases, as the
//! catalog validates them and engagements snapshot them.
//!
//! Validated pack contents. An [`Item`] is self-contained (it carries its category and
//! control-point names), so an engagement can store it as a snapshot and never depend on
//! the pack again.

use serde::{Deserialize, Serialize};

use super::vocab::{Area, CloudScope, HospitalGrade, Method, ObjectKind, PackRole, Sga, Text, TextList};

/// How a pack grades its items: by protection level or by hospital grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    Level(Vec<u8>),
    Grade(Vec<HospitalGrade>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackMeta {
    pub id: String,
    pub version: String,
    pub role: PackRole,
    pub title: Text,
    pub standard: String,
    pub scheme: Scheme,
    pub note: Text,
    pub requires: Vec<String>,
    /// SHA-256 of the pack file's bytes.
    pub content_hash: String,
    /// Where the pack came from: `shipped` or the path of a user pack.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlPoint {
    pub id: String,
    pub category: String,
    pub name: Text,
}

/// One requirement item, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub pack: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub grades: Vec<HospitalGrade>,
    pub category: String,
    pub category_name: Text,
    pub control_point: Text,
    pub clause: String,
    pub letter: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sga: Option<Sga>,
    pub weight: f64,
    pub text: Text,
    pub guidance: Text,
    pub evidence_hints: TextList,
    pub methods: Vec<Method>,
    pub applies_to: Vec<ObjectKind>,
    pub areas: Vec<Area>,
    pub equivalent: Option<String>,
    pub high_risk: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub relies_on: Vec<String>,
    /// Profile items: the item that takes over at the grades above this one's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replaced_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scope: Option<CloudScope>,
}

impl Item {
    /// Whether the item is part of an engagement at this level and hospital grade.
    pub fn selected_for(&self, level: u8, grade: Option<HospitalGrade>) -> bool {
        match (self.level, grade) {
            (Some(l), _) => l == level,
            (None, Some(g)) => self.grades.contains(&g),
            (None, None) => false,
        }
    }

    /// Fields an item must have before it is fit for use on site.
    pub fn missing_content(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let checks = [
            ("text", self.text.is_complete()),
            ("guidance", self.guidance.is_complete()),
            ("evidence_hints", self.evidence_hints.is_complete()),
            ("methods", !self.methods.is_empty()),
            ("applies_to", !self.applies_to.is_empty()),
            ("areas", !self.areas.is_empty()),
        ];
        for (field, ok) in checks {
            if !ok {
                missing.push(field);
            }
        }
        missing
    }
}

/// Extension of GB/T 22239 a high-risk case belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Extension {
    General,
    Cloud,
    Mobile,
    Iot,
    Ics,
}

/// Whether the guide lets mitigating measures lower a case's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lowering {
    /// No measure lowers the rating: the case is high risk whenever its problem is found.
    None,
    /// The listed measures may lower the rating.
    Allowed,
    /// Only some of the case's problems may be lowered; `no_lowering` names the others.
    Partly,
}

/// A high-risk case of a reference pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub pack: String,
    pub extension: Extension,
    pub category: String,
    /// The guide's own case title (zh), with an English rendering.
    pub title: Text,
    /// This project's short paraphrase of the case.
    #[serde(default)]
    pub gloss: Text,
    pub min_level: u8,
    pub business_continuity_only: bool,
    pub key_industry_only: bool,
    pub scope: Text,
    pub problem: Text,
    pub threshold: Option<Text>,
    /// `None` only in snapshots taken before packs stated it.
    #[serde(default)]
    pub lowering: Option<Lowering>,
    pub mitigations: TextList,
    /// For `Lowering::Partly`: the problems of the case that no measure lowers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_lowering: Option<Text>,
}

/// A validated pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    pub meta: PackMeta,
    pub categories: Vec<Category>,
    pub control_points: Vec<ControlPoint>,
    pub items: Vec<Item>,
    pub cases: Vec<Case>,
}

impl Pack {
    /// Items per level or grade, in scheme order, for listings.
    pub fn counts(&self) -> Vec<(String, usize)> {
        match &self.meta.scheme {
            Scheme::Level(levels) if self.items.is_empty() => levels
                .iter()
                .map(|l| {
                    let n = self.cases.iter().filter(|c| c.min_level == *l).count();
                    (format!("L{l}"), n)
                })
                .collect(),
            Scheme::Level(levels) => levels
                .iter()
                .map(|l| {
                    let n = self.items.iter().filter(|i| i.level == Some(*l)).count();
                    (format!("L{l}"), n)
                })
                .collect(),
            Scheme::Grade(grades) => grades
                .iter()
                .map(|g| {
                    let n = self.items.iter().filter(|i| i.grades.contains(g)).count();
                    (g.as_str().to_string(), n)
                })
                .collect(),
        }
    }
}
