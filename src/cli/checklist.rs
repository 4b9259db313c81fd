//! `dengbao checklist list | show | lint`.

use std::io::Write;

use serde::Serialize;

use super::args::ChecklistCommand;
use super::text::{plain, to_json};
use super::{CHECK_FAILED, Error, Exit, OK, Result};
use crate::catalog::{Case, Catalog, Lowering, Pack, Severity, lint};

pub fn run(catalog: &Catalog, cmd: ChecklistCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        ChecklistCommand::List { json } => list(catalog, json, out),
        ChecklistCommand::Show { id, level, json } => show(catalog, &id, level, json, out),
        ChecklistCommand::Lint { path }
            if path
                .file_name()
                .is_some_and(|n| n == crate::catalog::presets::FILE) =>
        {
            lint_presets(catalog, &path, out)
        }
        ChecklistCommand::Lint { path } => lint_file(&path, out),
    }
}

#[derive(Serialize)]
struct PackListing<'a> {
    id: &'a str,
    version: &'a str,
    role: &'a str,
    title: &'a crate::domain::Text,
    standard: &'a str,
    source: &'a str,
    content_hash: &'a str,
    items: usize,
    cases: usize,
    counts: Vec<(String, usize)>,
}

fn list(catalog: &Catalog, json: bool, out: &mut dyn Write) -> Result<Exit> {
    let listings: Vec<PackListing> = catalog
        .packs()
        .iter()
        .map(|p| PackListing {
            id: &p.meta.id,
            version: &p.meta.version,
            role: p.meta.role.as_str(),
            title: &p.meta.title,
            standard: &p.meta.standard,
            source: &p.meta.source,
            content_hash: &p.meta.content_hash,
            items: p.items.len(),
            cases: p.cases.len(),
            counts: p.counts(),
        })
        .collect();
    if json {
        writeln!(out, "{}", to_json(&listings)).map_err(Error::stdio)?;
        return Ok(OK);
    }
    for l in &listings {
        let unit = if l.items > 0 { "items" } else { "cases from level" };
        let counts: Vec<String> = l.counts.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        writeln!(
            out,
            "{:<22} {:<7} {:<10} {} {}",
            l.id, l.version, l.role, l.title.zh, l.title.en
        )
        .map_err(Error::stdio)?;
        writeln!(out, "{:<22} {unit} — {}   [{}]", "", counts.join("  "), l.source).map_err(Error::stdio)?;
    }
    Ok(OK)
}

/// A high-risk case with the items that cite it.
#[derive(Serialize)]
struct CaseView<'a> {
    #[serde(flatten)]
    case: &'a Case,
    judges: Vec<&'a str>,
}

fn show(catalog: &Catalog, id: &str, level: Option<u8>, json: bool, out: &mut dyn Write) -> Result<Exit> {
    let Some(pack) = catalog.pack(id) else {
        let ids: Vec<&str> = catalog.packs().iter().map(|p| p.meta.id.as_str()).collect();
        return Err(Error::usage(format!(
            "unknown pack '{}' (packs: {})",
            plain(id),
            ids.join(", ")
        )));
    };
    if !pack.cases.is_empty() {
        return show_cases(catalog, pack, level, json, out);
    }
    let items: Vec<_> = pack
        .items
        .iter()
        .filter(|i| level.is_none() || i.level == level)
        .collect();
    if json {
        writeln!(out, "{}", to_json(&items)).map_err(Error::stdio)?;
        return Ok(OK);
    }
    for i in items {
        let grading = match i.level {
            Some(l) => format!("L{l}"),
            None => i.grades.iter().map(|g| g.as_str()).collect::<Vec<_>>().join("/"),
        };
        writeln!(
            out,
            "{}  {grading}  {} {} / {}  {} {}  weight {}",
            i.id, i.category, i.category_name.zh, i.control_point.zh, i.clause, i.letter, i.weight
        )
        .map_err(Error::stdio)?;
        writeln!(out, "    {}", i.text.zh).map_err(Error::stdio)?;
        writeln!(out, "    {}", i.text.en).map_err(Error::stdio)?;
    }
    Ok(OK)
}

fn show_cases(
    catalog: &Catalog,
    pack: &Pack,
    level: Option<u8>,
    json: bool,
    out: &mut dyn Write,
) -> Result<Exit> {
    let views: Vec<CaseView> = pack
        .cases
        .iter()
        .filter(|c| level.is_none_or(|l| c.min_level <= l))
        .map(|c| CaseView {
            case: c,
            judges: catalog
                .packs()
                .iter()
                .flat_map(|p| &p.items)
                .filter(|i| i.high_risk.contains(&c.id))
                .map(|i| i.id.as_str())
                .collect(),
        })
        .collect();
    if json {
        writeln!(out, "{}", to_json(&views)).map_err(Error::stdio)?;
        return Ok(OK);
    }
    for v in views {
        writeln!(
            out,
            "{}  from L{}  {} / {}",
            v.case.id, v.case.min_level, v.case.title.zh, v.case.title.en
        )
        .map_err(Error::stdio)?;
        if !v.case.gloss.zh.is_empty() {
            writeln!(out, "    ({})", v.case.gloss.zh).map_err(Error::stdio)?;
        }
        let lowering = match v.case.lowering {
            Some(Lowering::None) => "no measure lowers the rating (不可降级)".to_string(),
            Some(Lowering::Allowed) => format!("may be lowered by: {}", v.case.mitigations.en.join("; ")),
            Some(Lowering::Partly) => format!(
                "partly: {} — not for: {}",
                v.case.mitigations.en.join("; "),
                v.case.no_lowering.as_ref().map(|t| t.en.as_str()).unwrap_or("")
            ),
            None => "not stated (an older snapshot)".to_string(),
        };
        writeln!(out, "    lowering: {lowering}").map_err(Error::stdio)?;
        if !v.judges.is_empty() {
            writeln!(out, "    judges: {}", v.judges.join(", ")).map_err(Error::stdio)?;
        }
    }
    Ok(OK)
}

/// A presets file (测评底稿) is checked against the packs it presets records for.
fn lint_presets(catalog: &Catalog, path: &std::path::Path, out: &mut dyn Write) -> Result<Exit> {
    let problems = crate::catalog::presets::lint(path, catalog);
    for p in &problems {
        writeln!(out, "{}", plain(p)).map_err(Error::stdio)?;
    }
    if problems.is_empty() {
        writeln!(out, "{}: clean", path.display()).map_err(Error::stdio)?;
        return Ok(OK);
    }
    writeln!(out, "{}: {} errors, 0 warnings", path.display(), problems.len()).map_err(Error::stdio)?;
    Ok(CHECK_FAILED)
}

fn lint_file(path: &std::path::Path, out: &mut dyn Write) -> Result<Exit> {
    let mut diags = lint(path).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    diags.sort_by_key(|d| (d.line, d.col));
    for d in &diags {
        writeln!(out, "{}", plain(&d.to_string())).map_err(Error::stdio)?;
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if diags.is_empty() {
        writeln!(out, "{}: clean", path.display()).map_err(Error::stdio)?;
        return Ok(OK);
    }
    writeln!(out, "{}: {errors} errors, {warnings} warnings", path.display()).map_err(Error::stdio)?;
    Ok(if errors > 0 || warnings > 0 {
        CHECK_FAILED
    } else {
        OK
    })
}
