//! Pack TOML → validated [`Pack`]. Parsing is strict: unknown keys are errors, every
//! problem is a [`Diagnostic`] located at `file:line:col`. References inside the pack are
//! checked here; references to other packs are returned for the catalog to check.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::diag::{Diagnostic, Locator};
use crate::domain::checklist::{
    Case, Category, ControlPoint, Extension, Item, Lowering, Pack, PackMeta, Scheme,
};
use crate::domain::hex::hex;
use crate::domain::{Area, CloudScope, HospitalGrade, Method, ObjectKind, PackRole, Sga, Text, TextList};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawMeta,
    #[serde(default)]
    category: Vec<RawCategory>,
    #[serde(default)]
    control_point: Vec<RawControlPoint>,
}

/// One `[[item]]` section, parsed on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemChunk {
    item: Vec<RawItem>,
}

/// One `[[case]]` section, parsed on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseChunk {
    case: Vec<RawCase>,
}

/// A pack's text cut into parts that are parsed one at a time, so memory follows the
/// largest part rather than the whole file: every `[[item]]` and `[[case]]` section
/// (with its sub-tables) on its own, and the rest (pack, categories, control points)
/// with those sections blanked out, so offsets stay those of the file.
struct Sections<'a> {
    rest: String,
    items: Vec<(usize, &'a str)>,
    cases: Vec<(usize, &'a str)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Rest,
    Item,
    Case,
}

fn split(text: &str) -> Sections<'_> {
    let mut parts: Vec<(Part, usize)> = vec![(Part::Rest, 0)];
    let mut in_basic = false;
    let mut in_literal = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !in_basic && !in_literal {
            let head = line.trim_start();
            let part = if head.starts_with("[[item]]") {
                Some(Part::Item)
            } else if head.starts_with("[[case]]") {
                Some(Part::Case)
            } else if head.starts_with("[item.")
                || head.starts_with("[[item.")
                || head.starts_with("[case.")
                || head.starts_with("[[case.")
            {
                None
            } else if head.starts_with('[') {
                Some(Part::Rest)
            } else {
                None
            };
            if let Some(p) = part {
                parts.push((p, at));
            }
        }
        // Multi-line strings may hold lines that look like headers.
        let mut rest = line;
        while !rest.is_empty() {
            let basic = rest.find("\"\"\"");
            let literal = rest.find("'''");
            let next = match (basic, literal) {
                (Some(b), Some(l)) => Some(if b < l { (b, true) } else { (l, false) }),
                (Some(b), None) => Some((b, true)),
                (None, Some(l)) => Some((l, false)),
                (None, None) => None,
            };
            match next {
                Some((i, true)) if !in_literal => {
                    in_basic = !in_basic;
                    rest = &rest[i + 3..];
                }
                Some((i, false)) if !in_basic => {
                    in_literal = !in_literal;
                    rest = &rest[i + 3..];
                }
                Some((i, _)) => rest = &rest[i + 3..],
                None => break,
            }
        }
        at += line.len();
    }
    let mut rest = String::with_capacity(text.len());
    let mut items = Vec::new();
    let mut cases = Vec::new();
    for (n, &(part, start)) in parts.iter().enumerate() {
        let end = parts.get(n + 1).map_or(text.len(), |p| p.1);
        let chunk = &text[start..end];
        match part {
            Part::Rest => rest.push_str(chunk),
            Part::Item | Part::Case => {
                if part == Part::Item {
                    items.push((start, chunk));
                } else {
                    cases.push((start, chunk));
                }
                // Blank but as many bytes, line breaks kept: offsets stay the file's.
                rest.extend(chunk.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
            }
        }
    }
    Sections { rest, items, cases }
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum RawScheme {
    Level,
    Grade,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    id: Spanned<String>,
    version: String,
    role: PackRole,
    title: Text,
    #[serde(default)]
    standard: String,
    scheme: Spanned<RawScheme>,
    #[serde(default)]
    levels: Vec<Spanned<u8>>,
    #[serde(default)]
    grades: Vec<HospitalGrade>,
    #[serde(default)]
    note: Text,
    #[serde(default)]
    requires: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: Spanned<String>,
    name: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControlPoint {
    id: Spanned<String>,
    category: Spanned<String>,
    name: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    level: Option<Spanned<u8>>,
    grades: Option<Spanned<Vec<HospitalGrade>>>,
    control_point: Spanned<String>,
    #[serde(default)]
    letter: String,
    sga: Option<Sga>,
    weight: Spanned<f64>,
    #[serde(default)]
    text: Text,
    #[serde(default)]
    guidance: Text,
    #[serde(default)]
    evidence_hints: TextList,
    #[serde(default)]
    methods: Vec<Method>,
    #[serde(default)]
    applies_to: Vec<ObjectKind>,
    #[serde(default)]
    areas: Vec<Area>,
    equivalent: Option<Spanned<String>>,
    #[serde(default)]
    high_risk: Vec<Spanned<String>>,
    #[serde(default)]
    relies_on: Vec<Spanned<String>>,
    replaced_by: Option<Spanned<String>>,
    scope: Option<CloudScope>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: Spanned<String>,
    extension: Extension,
    category: Spanned<String>,
    title: Text,
    #[serde(default)]
    gloss: Text,
    min_level: Spanned<u8>,
    #[serde(default)]
    business_continuity_only: bool,
    #[serde(default)]
    key_industry_only: bool,
    #[serde(default)]
    scope: Text,
    #[serde(default)]
    problem: Text,
    threshold: Option<Text>,
    lowering: Spanned<Lowering>,
    #[serde(default)]
    mitigations: TextList,
    no_lowering: Option<Text>,
}

/// What a pack refers to in other packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    HighRiskCase,
    Item,
}

/// A reference from one pack into another, located for diagnostics.
#[derive(Debug, Clone)]
pub struct ExternalRef {
    pub kind: RefKind,
    pub id: String,
    pub from: String,
    pub at: Diagnostic,
}

/// A pack that passed its own checks, with its outward references still to resolve.
#[derive(Debug, Clone)]
pub struct ParsedPack {
    pub pack: Pack,
    pub refs: Vec<ExternalRef>,
    /// Content gaps (empty text, guidance, …): fine to load, not fine to ship.
    pub warnings: Vec<Diagnostic>,
    /// Where each item's id is written, for diagnostics found later.
    pub item_at: HashMap<String, Diagnostic>,
}

/// Levels a pack may declare: GB/T 22239 defines 1–5.
const VALID_LEVELS: std::ops::RangeInclusive<u8> = 1..=5;

/// Parses and checks one pack file.
pub fn parse_pack(file: &str, text: &str, source: &str) -> Result<ParsedPack, Vec<Diagnostic>> {
    let loc = Locator::new(file, text);
    let sections = split(text);
    let syntax = |offset: usize, e: toml::de::Error| {
        let span = e.span().unwrap_or(0..0);
        loc.error(
            offset + span.start..offset + span.end,
            e.message().trim().to_string(),
        )
    };
    let mut errors = Vec::new();
    let raw: Option<RawPack> = toml::from_str(&sections.rest)
        .map_err(|e| errors.push(syntax(0, e)))
        .ok();
    let mut items = Vec::new();
    let mut cases = Vec::new();
    for (offset, chunk) in &sections.items {
        match toml::from_str::<ItemChunk>(chunk) {
            Ok(c) => items.extend(c.item.into_iter().map(|i| (*offset, i))),
            Err(e) => errors.push(syntax(*offset, e)),
        }
    }
    for (offset, chunk) in &sections.cases {
        match toml::from_str::<CaseChunk>(chunk) {
            Ok(c) => cases.extend(c.case.into_iter().map(|i| (*offset, i))),
            Err(e) => errors.push(syntax(*offset, e)),
        }
    }
    let (Some(raw), true) = (raw, errors.is_empty()) else {
        errors.sort_by_key(|d| (d.line, d.col));
        errors.truncate(50);
        return Err(errors);
    };
    let mut v = Validator {
        loc: &loc,
        base: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
        refs: Vec::new(),
        item_at: HashMap::new(),
    };
    let pack = v.pack(raw, items, cases, text, source);
    if v.errors.is_empty() {
        Ok(ParsedPack {
            pack,
            refs: v.refs,
            warnings: v.warnings,
            item_at: v.item_at,
        })
    } else {
        Err(v.errors)
    }
}

struct Validator<'a> {
    loc: &'a Locator<'a>,
    /// Where the part being validated starts in the file (spans are relative to it).
    base: usize,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    refs: Vec<ExternalRef>,
    item_at: HashMap<String, Diagnostic>,
}

impl Validator<'_> {
    fn shift(&self, span: Range<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        self.errors.push(self.loc.error(self.shift(span), message));
    }

    fn pack(
        &mut self,
        raw: RawPack,
        items: Vec<(usize, RawItem)>,
        cases: Vec<(usize, RawCase)>,
        text: &str,
        source: &str,
    ) -> Pack {
        let scheme = self.scheme(&raw.pack);
        let id = raw.pack.id.get_ref();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.error(
                raw.pack.id.span(),
                format!("pack id '{id}' must be lowercase letters, digits and '-'"),
            );
        }
        let categories = self.categories(&raw.category);
        let control_points = self.control_points(&raw.control_point, &categories);
        let meta = PackMeta {
            id: id.clone(),
            version: raw.pack.version.clone(),
            role: raw.pack.role,
            title: raw.pack.title.clone(),
            standard: raw.pack.standard.clone(),
            scheme,
            note: raw.pack.note.clone(),
            requires: raw.pack.requires.clone(),
            content_hash: hex(&Sha256::digest(text.as_bytes())),
            source: source.to_string(),
        };
        if meta.role == PackRole::Reference && !items.is_empty() {
            self.error(
                raw.pack.id.span(),
                "a reference pack holds cases, not items".into(),
            );
        }
        if meta.role != PackRole::Reference && !cases.is_empty() {
            self.error(raw.pack.id.span(), "only a reference pack holds cases".into());
        }
        let items = self.items(items, &meta, &categories, &control_points);
        let cases = self.cases(cases, &meta, &categories);
        self.base = 0;
        Pack {
            meta,
            categories,
            control_points,
            items,
            cases,
        }
    }

    fn scheme(&mut self, meta: &RawMeta) -> Scheme {
        match meta.scheme.get_ref() {
            RawScheme::Level => {
                if meta.levels.is_empty() {
                    self.error(
                        meta.scheme.span(),
                        "scheme \"level\" needs a non-empty `levels` list".into(),
                    );
                }
                for l in &meta.levels {
                    if !VALID_LEVELS.contains(l.get_ref()) {
                        self.error(
                            l.span(),
                            format!("level {} is not a protection level (1-5)", l.get_ref()),
                        );
                    }
                }
                Scheme::Level(meta.levels.iter().map(|l| *l.get_ref()).collect())
            }
            RawScheme::Grade => {
                if meta.grades.is_empty() {
                    self.error(
                        meta.scheme.span(),
                        "scheme \"grade\" needs a non-empty `grades` list".into(),
                    );
                }
                Scheme::Grade(meta.grades.clone())
            }
        }
    }

    fn categories(&mut self, raw: &[RawCategory]) -> Vec<Category> {
        let mut out: Vec<Category> = Vec::new();
        for c in raw {
            let code = c.code.get_ref();
            if out.iter().any(|seen| &seen.code == code) {
                self.error(c.code.span(), format!("duplicate category '{code}'"));
                continue;
            }
            out.push(Category {
                code: code.clone(),
                name: c.name.clone(),
            });
        }
        out
    }

    fn control_points(&mut self, raw: &[RawControlPoint], categories: &[Category]) -> Vec<ControlPoint> {
        let mut out: Vec<ControlPoint> = Vec::new();
        for cp in raw {
            let id = cp.id.get_ref();
            if out.iter().any(|seen| &seen.id == id) {
                self.error(cp.id.span(), format!("duplicate control point '{id}'"));
                continue;
            }
            if !categories.iter().any(|c| &c.code == cp.category.get_ref()) {
                self.error(
                    cp.category.span(),
                    format!("unknown category '{}'", cp.category.get_ref()),
                );
            }
            out.push(ControlPoint {
                id: id.clone(),
                category: cp.category.get_ref().clone(),
                name: cp.name.clone(),
            });
        }
        out
    }

    fn items(
        &mut self,
        raw: Vec<(usize, RawItem)>,
        meta: &PackMeta,
        categories: &[Category],
        control_points: &[ControlPoint],
    ) -> Vec<Item> {
        let control_points: HashMap<&str, &ControlPoint> =
            control_points.iter().map(|cp| (cp.id.as_str(), cp)).collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut items = Vec::with_capacity(raw.len());
        let mut equivalents = Vec::new();
        let mut replacements = Vec::new();
        for (base, r) in raw {
            self.base = base;
            let id = r.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                self.error(r.id.span(), format!("duplicate item '{id}'"));
                continue;
            }
            self.item_at
                .insert(id.clone(), self.loc.error(self.shift(r.id.span()), String::new()));
            let (level, grades) = self.item_grading(&r, meta);
            let w = *r.weight.get_ref();
            if !(w > 0.0 && w <= 1.0) {
                self.error(
                    r.weight.span(),
                    format!("weight {w} of item '{id}' is not in (0, 1]"),
                );
            }
            let Some(cp) = control_points.get(r.control_point.get_ref().as_str()).copied() else {
                self.error(
                    r.control_point.span(),
                    format!(
                        "unknown control point '{}' in item '{id}'",
                        r.control_point.get_ref()
                    ),
                );
                continue;
            };
            let category_name = categories
                .iter()
                .find(|c| c.code == cp.category)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            if let Some(eq) = &r.equivalent {
                equivalents.push((id.clone(), level, eq.clone(), base));
            }
            if let Some(rep) = &r.replaced_by {
                replacements.push((id.clone(), grades.clone(), rep.clone(), base));
            } else if let Scheme::Grade(declared) = &meta.scheme {
                self.grade_inclusion(&r, &grades, declared);
            }
            for hr in &r.high_risk {
                self.external(RefKind::HighRiskCase, hr, &id);
            }
            for dep in &r.relies_on {
                self.external(RefKind::Item, dep, &id);
            }
            let item = Item {
                id: id.clone(),
                pack: meta.id.clone(),
                level,
                grades,
                category: cp.category.clone(),
                category_name,
                control_point: cp.name.clone(),
                clause: cp.id.clone(),
                letter: r.letter,
                sga: r.sga,
                weight: w,
                text: r.text,
                guidance: r.guidance,
                evidence_hints: r.evidence_hints,
                methods: r.methods,
                applies_to: r.applies_to,
                areas: r.areas,
                equivalent: r.equivalent.map(|e| e.into_inner()),
                high_risk: r.high_risk.into_iter().map(|h| h.into_inner()).collect(),
                relies_on: r.relies_on.into_iter().map(|d| d.into_inner()).collect(),
                replaced_by: r.replaced_by.map(|d| d.into_inner()),
                scope: r.scope,
            };
            let missing = item.missing_content();
            if !missing.is_empty() {
                self.warnings.push(self.loc.warning(
                    self.shift(r.id.span()),
                    format!("item '{id}' is incomplete: no {}", missing.join(", ")),
                ));
            }
            items.push(item);
        }
        let levels: HashMap<&str, Option<u8>> = items.iter().map(|i| (i.id.as_str(), i.level)).collect();
        for (id, level, eq, base) in equivalents {
            self.base = base;
            match levels.get(eq.get_ref().as_str()) {
                None => self.error(
                    eq.span(),
                    format!("equivalent item '{}' of '{id}' is not in this pack", eq.get_ref()),
                ),
                Some(l) if *l == level => self.error(
                    eq.span(),
                    format!(
                        "equivalent item '{}' of '{id}' is at the same level",
                        eq.get_ref()
                    ),
                ),
                Some(_) => {}
            }
        }
        self.replacements(replacements, &items, meta);
        items
    }

    /// A higher grade includes the lower grades' items: an item's grades run without a
    /// gap from its lowest grade to the top one.
    fn grade_inclusion(&mut self, r: &RawItem, grades: &[HospitalGrade], declared: &[HospitalGrade]) {
        let Some(lowest) = declared.iter().position(|g| grades.contains(g)) else {
            return;
        };
        if let Some(missing) = declared[lowest..].iter().find(|g| !grades.contains(g)) {
            let id = r.id.get_ref();
            let span = r.grades.as_ref().map_or(r.id.span(), |g| g.span());
            self.error(
                span,
                format!(
                    "item '{id}' applies from grade {} but not at {missing}: a higher grade includes the lower grades' items (name the item that takes over with `replaced_by`)",
                    declared[lowest]
                ),
            );
        }
    }

    /// An item that stops below the top grade names the item that replaces it, which must
    /// apply at every grade above.
    fn replacements(
        &mut self,
        replacements: Vec<(String, Vec<HospitalGrade>, Spanned<String>, usize)>,
        items: &[Item],
        meta: &PackMeta,
    ) {
        let Scheme::Grade(declared) = &meta.scheme else {
            for (id, _, rep, base) in replacements {
                self.base = base;
                self.error(
                    rep.span(),
                    format!("`replaced_by` of item '{id}' belongs to grade packs"),
                );
            }
            return;
        };
        for (id, grades, rep, base) in replacements {
            self.base = base;
            let Some(by) = items.iter().find(|i| &i.id == rep.get_ref()) else {
                self.error(
                    rep.span(),
                    format!("replacing item '{}' of '{id}' is not in this pack", rep.get_ref()),
                );
                continue;
            };
            let top = declared
                .iter()
                .rposition(|g| grades.contains(g))
                .map_or(0, |i| i + 1);
            if let Some(gap) = declared[top..].iter().find(|g| !by.grades.contains(g)) {
                self.error(
                    rep.span(),
                    format!(
                        "item '{}' replaces '{id}' above its grades but does not apply at {gap}",
                        by.id
                    ),
                );
            }
        }
    }

    fn item_grading(&mut self, r: &RawItem, meta: &PackMeta) -> (Option<u8>, Vec<HospitalGrade>) {
        let id = r.id.get_ref();
        match (&meta.scheme, &r.level, &r.grades) {
            (Scheme::Level(levels), Some(l), None) => {
                if !levels.contains(l.get_ref()) {
                    let declared: Vec<String> = levels.iter().map(u8::to_string).collect();
                    self.error(
                        l.span(),
                        format!(
                            "level {} of item '{id}' is not one of the pack's levels ({})",
                            l.get_ref(),
                            declared.join(", ")
                        ),
                    );
                }
                (Some(*l.get_ref()), Vec::new())
            }
            (Scheme::Grade(declared), None, Some(g)) => {
                if g.get_ref().is_empty() {
                    self.error(g.span(), format!("item '{id}' has an empty `grades` list"));
                }
                for grade in g.get_ref() {
                    if !declared.contains(grade) {
                        self.error(
                            g.span(),
                            format!("grade {grade} of item '{id}' is not one of the pack's grades"),
                        );
                    }
                }
                (None, g.get_ref().clone())
            }
            (Scheme::Level(_), _, _) => {
                self.error(
                    r.id.span(),
                    format!("item '{id}' needs `level` (and no `grades`) in a level pack"),
                );
                (None, Vec::new())
            }
            (Scheme::Grade(_), _, _) => {
                self.error(
                    r.id.span(),
                    format!("item '{id}' needs `grades` (and no `level`) in a grade pack"),
                );
                (None, Vec::new())
            }
        }
    }

    fn external(&mut self, kind: RefKind, target: &Spanned<String>, from: &str) {
        self.refs.push(ExternalRef {
            kind,
            id: target.get_ref().clone(),
            from: from.to_string(),
            at: self.loc.error(self.shift(target.span()), String::new()),
        });
    }

    fn cases(&mut self, raw: Vec<(usize, RawCase)>, meta: &PackMeta, categories: &[Category]) -> Vec<Case> {
        let mut seen = HashSet::new();
        let mut cases = Vec::with_capacity(raw.len());
        for (base, r) in raw {
            self.base = base;
            let id = r.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                self.error(r.id.span(), format!("duplicate case '{id}'"));
                continue;
            }
            if !categories.iter().any(|c| &c.code == r.category.get_ref()) {
                self.error(
                    r.category.span(),
                    format!("unknown category '{}' in case '{id}'", r.category.get_ref()),
                );
            }
            if !VALID_LEVELS.contains(r.min_level.get_ref()) {
                self.error(
                    r.min_level.span(),
                    format!(
                        "min_level {} of case '{id}' is not a protection level (1-5)",
                        r.min_level.get_ref()
                    ),
                );
            }
            if !r.title.is_complete() || !r.problem.is_complete() {
                self.warnings.push(self.loc.warning(
                    self.shift(r.id.span()),
                    format!("case '{id}' is incomplete: title and problem need zh and en"),
                ));
            }
            self.lowering(&r, &id);
            cases.push(Case {
                id,
                pack: meta.id.clone(),
                extension: r.extension,
                category: r.category.into_inner(),
                title: r.title,
                gloss: r.gloss,
                min_level: r.min_level.into_inner(),
                business_continuity_only: r.business_continuity_only,
                key_industry_only: r.key_industry_only,
                scope: r.scope,
                problem: r.problem,
                threshold: r.threshold,
                lowering: Some(*r.lowering.get_ref()),
                mitigations: r.mitigations,
                no_lowering: r.no_lowering,
            });
        }
        cases
    }
}

impl Validator<'_> {
    /// A case says whether its rating may be lowered, and its mitigations agree: none
    /// listed when none is allowed, some listed otherwise, and a partly-lowerable case
    /// names the problems that cannot be lowered.
    fn lowering(&mut self, r: &RawCase, id: &str) {
        let listed = !r.mitigations.zh.is_empty() || !r.mitigations.en.is_empty();
        let span = r.lowering.span();
        match r.lowering.get_ref() {
            Lowering::None if listed => self.error(
                span,
                format!("case '{id}' says no mitigation lowers it (lowering = \"none\") but lists mitigations"),
            ),
            Lowering::None if r.no_lowering.is_some() => self.error(
                span,
                format!("case '{id}': `no_lowering` belongs to cases with lowering = \"partly\""),
            ),
            Lowering::Allowed | Lowering::Partly if !r.mitigations.is_complete() => self.error(
                span,
                format!("case '{id}' may be lowered but lists no mitigations in both languages"),
            ),
            Lowering::Partly if !r.no_lowering.as_ref().is_some_and(Text::is_complete) => self.error(
                span,
                format!("case '{id}' is partly lowerable: name the problems that cannot be lowered in `no_lowering` (zh and en)"),
            ),
            Lowering::Allowed if r.no_lowering.is_some() => self.error(
                span,
                format!("case '{id}': `no_lowering` belongs to cases with lowering = \"partly\""),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keep_offsets_and_headers_inside_strings_stay_text() {
        let text = "[pack]\nid = \"x\"\n\n[[item]]\nid = \"A\"\nguidance.zh = \"\"\"\n[[item]]\n不是新条目\n\"\"\"\n[item.text]\nzh = \"甲\"\n\n[[category]]\ncode = \"C\"\n[[case]]\nid = \"1\"\n";
        let s = split(text);
        assert_eq!(s.rest.len(), text.len(), "the rest keeps every offset");
        assert_eq!(s.items.len(), 1, "the header inside the string is text");
        assert!(s.items[0].1.contains("不是新条目") && s.items[0].1.contains("[item.text]"));
        assert_eq!(&text[s.items[0].0..s.items[0].0 + 8], "[[item]]");
        assert_eq!(s.cases.len(), 1);
        assert!(s.rest.contains("[[category]]") && !s.rest.contains("[[item]]"));
    }
}
