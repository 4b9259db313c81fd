//! Checklist packs → validated catalog.
//!
//! Shipped packs are compiled into the binary; packs in user folders (`--packs DIR`,
//! `DENGBAO_PACKS`) add to them or override them by pack id. A bad user pack is reported
//! and skipped, never fatal. References between packs (high-risk cases, profile items
//! relying on MLPS items) are resolved against the packs a pack `requires`.

pub mod diag;
pub mod load;
pub mod presets;
mod shipped;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use crate::domain::checklist::{
    Case, Category, ControlPoint, Extension, Item, Lowering, Pack, PackMeta, Scheme,
};
pub use diag::{Diagnostic, Severity};
pub use load::{ParsedPack, parse_pack};

use load::RefKind;

use crate::domain::engagement::Scope;
use crate::domain::{HospitalGrade, PackRole};

/// Pack ids the engagement logic relies on.
pub mod ids {
    pub const BASELINE: &str = "gbt22239-2019";
    pub const CLOUD: &str = "gbt22239-2019-cloud";
    pub const HOSPITAL: &str = "hospital-security";
    pub const HIGH_RISK: &str = "high-risk-2025";
    pub const MOBILE: &str = "gbt22239-2019-mobile";
    pub const IOT: &str = "gbt22239-2019-iot";
}

/// The largest pack file read: far beyond any real standard, small enough that a
/// mistaken path (a disk image, /dev/zero) is refused instead of read.
pub const MAX_PACK_BYTES: u64 = 256 << 20;

/// All packs available to this run, in a stable order (shipped order, then user packs).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    packs: Vec<Pack>,
}

impl Catalog {
    /// Shipped packs plus the user packs found in `user_dirs`. The diagnostics name
    /// every user pack that was skipped and why.
    pub fn load(user_dirs: &[PathBuf]) -> (Catalog, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let shipped = parse_all(
            shipped::PACKS
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string(), "shipped".to_string())),
            &mut diags,
        );
        let mut user = Vec::new();
        for dir in user_dirs {
            let files = read_dir_packs(dir, &mut diags);
            user.extend(parse_all(files.into_iter(), &mut diags));
        }
        let packs = merge_and_resolve(shipped, user, &mut diags);
        (Catalog { packs }, diags)
    }

    /// Only the shipped packs.
    pub fn shipped() -> (Catalog, Vec<Diagnostic>) {
        Self::load(&[])
    }

    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    pub fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.meta.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.packs.iter().flat_map(|p| &p.items).find(|i| i.id == id)
    }

    pub fn case(&self, id: &str) -> Option<&Case> {
        self.packs.iter().flat_map(|p| &p.cases).find(|c| c.id == id)
    }

    /// The packs, items and high-risk cases an engagement at this level (and hospital
    /// grade, and with the extensions asked for) evaluates.
    pub fn engagement_scope(&self, wanted: &ScopeRequest<'_>) -> Result<Scope, String> {
        let ScopeRequest {
            system,
            org,
            level,
            grade,
            extensions,
        } = *wanted;
        let mut wanted = vec![ids::BASELINE];
        for (on, id) in [
            (extensions.cloud, ids::CLOUD),
            (extensions.mobile, ids::MOBILE),
            (extensions.iot, ids::IOT),
        ] {
            if on {
                wanted.push(id);
            }
        }
        if grade.is_some() {
            wanted.push(ids::HOSPITAL);
        }
        wanted.push(ids::HIGH_RISK);
        let mut new = Scope {
            system: system.trim().to_string(),
            org: org.trim().to_string(),
            level,
            hospital_grade: grade,
            cloud: extensions.cloud,
            mobile: extensions.mobile,
            iot: extensions.iot,
            packs: Vec::new(),
            items: Vec::new(),
            cases: Vec::new(),
            objects: Vec::new(),
            carried: None,
        };
        for id in wanted {
            let pack = self.pack(id).ok_or_else(|| {
                format!("checklist pack '{id}' is not available (see `dengbao checklist list`)")
            })?;
            new.packs.push(pack.meta.clone());
            new.items.extend(
                pack.items
                    .iter()
                    .filter(|i| i.selected_for(level, grade))
                    .cloned(),
            );
            new.cases.extend(pack.cases.iter().cloned());
        }
        Ok(new)
    }
}

/// The extensions of GB/T 22239 an engagement evaluates besides the general requirements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extensions {
    pub cloud: bool,
    pub mobile: bool,
    pub iot: bool,
}

/// What an engagement is created for.
#[derive(Debug, Clone, Copy)]
pub struct ScopeRequest<'a> {
    pub system: &'a str,
    pub org: &'a str,
    pub level: u8,
    pub grade: Option<HospitalGrade>,
    pub extensions: Extensions,
}

/// Checks one pack file as a user pack would be loaded: its own rules, and its
/// references against the shipped packs (or itself, where it replaces one).
pub fn lint(path: &Path) -> Result<Vec<Diagnostic>, String> {
    let text = crate::files::read_text(path, MAX_PACK_BYTES)?;
    let file = path.display().to_string();
    let parsed = match parse_pack(&file, &text, &file) {
        Ok(p) => p,
        Err(errors) => return Ok(errors),
    };
    let (shipped, _) = Catalog::shipped();
    let others: Vec<Pack> = shipped
        .packs
        .into_iter()
        .filter(|p| p.meta.id != parsed.pack.meta.id)
        .collect();
    let mut diags = dangling(&parsed, &others);
    diags.extend(clashes(&parsed, &others));
    diags.extend(parsed.warnings);
    Ok(diags)
}

/// Item ids of `parsed` that another pack already uses: ids are unique across packs,
/// because an engagement holds items of several packs side by side.
fn clashes(parsed: &ParsedPack, others: &[Pack]) -> Vec<Diagnostic> {
    let taken: HashMap<&str, &str> = others
        .iter()
        .filter(|p| p.meta.id != parsed.pack.meta.id)
        .flat_map(|p| p.items.iter().map(move |i| (i.id.as_str(), p.meta.id.as_str())))
        .collect();
    parsed
        .pack
        .items
        .iter()
        .filter_map(|i| {
            taken.get(i.id.as_str()).map(|owner| {
                let mut d = parsed
                    .item_at
                    .get(&i.id)
                    .cloned()
                    .unwrap_or_else(|| located_at_top(&parsed.pack.meta.source, String::new()));
                d.message = format!("item id '{}' is already used by pack '{owner}'", i.id);
                d
            })
        })
        .collect()
}

fn parse_all(
    files: impl Iterator<Item = (String, String, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ParsedPack> {
    let mut out = Vec::new();
    for (file, text, source) in files {
        match parse_pack(&file, &text, &source) {
            Ok(p) => out.push(p),
            Err(errors) => diags.extend(errors),
        }
    }
    out
}

/// `*.toml` files of a user folder, sorted by name; unreadable ones are reported.
fn read_dir_packs(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, String, String)> {
    let problem = |file: String, message: String| Diagnostic {
        file,
        line: 1,
        col: 1,
        severity: Severity::Error,
        message,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(problem(
                dir.display().to_string(),
                format!("cannot read pack folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| p.file_name().is_none_or(|n| n != presets::FILE))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let file = p.display().to_string();
        match crate::files::read_text(&p, MAX_PACK_BYTES) {
            Ok(text) => out.push((file.clone(), text, file)),
            Err(e) => diags.push(problem(file, format!("the file {e}"))),
        }
    }
    out
}

/// Overrides shipped packs by user packs of the same id, then drops every pack whose
/// references do not resolve (a dropped user pack gives its shipped pack back).
fn merge_and_resolve(
    shipped: Vec<ParsedPack>,
    user: Vec<ParsedPack>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Pack> {
    let mut chosen: Vec<ParsedPack> = shipped.clone();
    let mut seen_user: HashMap<String, String> = HashMap::new();
    for u in user {
        let id = u.pack.meta.id.clone();
        if let Some(first) = seen_user.get(&id) {
            diags.push(located_at_top(
                &u.pack.meta.source,
                format!("pack id '{id}' is already defined by {first}; skipped"),
            ));
            continue;
        }
        seen_user.insert(id.clone(), u.pack.meta.source.clone());
        match chosen.iter_mut().find(|p| p.pack.meta.id == id) {
            Some(slot) => *slot = u,
            None => chosen.push(u),
        }
    }
    loop {
        let packs: Vec<Pack> = chosen.iter().map(|p| p.pack.clone()).collect();
        let mut revert: Vec<String> = Vec::new();
        let mut dropped: Vec<String> = Vec::new();
        let mut drop_diags: Vec<Diagnostic> = Vec::new();
        for p in &chosen {
            let mut d = dangling(p, &packs);
            if is_user(p) {
                d.extend(clashes(p, &packs));
            }
            if d.is_empty() {
                continue;
            }
            if is_user(p) {
                diags.extend(d);
                revert.push(p.pack.meta.id.clone());
                continue;
            }
            let culprits: Vec<&ParsedPack> = chosen
                .iter()
                .filter(|u| is_user(u) && p.pack.meta.requires.contains(&u.pack.meta.id))
                .collect();
            if p.pack.meta.role == PackRole::Baseline {
                // The baseline is essential: the user packs that break it go.
                for user in culprits {
                    diags.push(located_at_top(
                        &user.pack.meta.source,
                        format!(
                            "pack '{}' lacks entries the shipped pack '{}' refers to, e.g. {}; skipped",
                            user.pack.meta.id, p.pack.meta.id, d[0].message
                        ),
                    ));
                    revert.push(user.pack.meta.id.clone());
                }
            } else {
                // An optional shipped pack (extension, profile) yields to the user's pack.
                let by: Vec<&str> = culprits.iter().map(|u| u.pack.meta.source.as_str()).collect();
                drop_diags.push(located_at_top(
                    &p.pack.meta.source,
                    format!(
                        "shipped pack '{}' skipped: it refers to entries missing from {} (e.g. {})",
                        p.pack.meta.id,
                        by.join(", "),
                        d[0].message
                    ),
                ));
                dropped.push(p.pack.meta.id.clone());
            }
        }
        if revert.is_empty() && dropped.is_empty() {
            return packs;
        }
        if revert.is_empty() {
            diags.extend(drop_diags);
            chosen.retain(|p| is_user(p) || !dropped.contains(&p.pack.meta.id));
            continue;
        }
        // Reverting may mend the optional packs too: decide about them in the next round.
        chosen.retain(|p| !(is_user(p) && revert.contains(&p.pack.meta.id)));
        for id in revert {
            if let Some(original) = shipped.iter().find(|s| s.pack.meta.id == id)
                && !chosen.iter().any(|c| c.pack.meta.id == id)
            {
                chosen.push(original.clone());
            }
        }
    }
}

fn located_at_top(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: 1,
        col: 1,
        severity: Severity::Error,
        message,
    }
}

fn is_user(p: &ParsedPack) -> bool {
    p.pack.meta.source != "shipped"
}

/// References of `parsed` that no required pack among `packs` holds.
fn dangling(parsed: &ParsedPack, packs: &[Pack]) -> Vec<Diagnostic> {
    let required: Vec<&Pack> = packs
        .iter()
        .filter(|p| parsed.pack.meta.requires.contains(&p.meta.id))
        .collect();
    let cases: std::collections::HashSet<&str> = required
        .iter()
        .flat_map(|p| &p.cases)
        .map(|c| c.id.as_str())
        .collect();
    let items: std::collections::HashSet<&str> = required
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.id.as_str())
        .collect();
    let mut out = Vec::new();
    for r in &parsed.refs {
        let found = match r.kind {
            RefKind::HighRiskCase => cases.contains(r.id.as_str()),
            RefKind::Item => items.contains(r.id.as_str()),
        };
        if !found {
            let what = match r.kind {
                RefKind::HighRiskCase => "high-risk case",
                RefKind::Item => "item",
            };
            let mut d = r.at.clone();
            d.message = format!(
                "{what} '{}' referenced by '{}' is not in the required packs ({})",
                r.id,
                r.from,
                parsed.pack.meta.requires.join(", ")
            );
            out.push(d);
        }
    }
    out
}
