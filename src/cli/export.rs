//! `dengbao export` and `dengbao import --workbook`.

use std::collections::HashMap;
use std::io::Write;

use super::args::{ExportArgs, ExportFormat, ImportArgs, ImportAs};
use super::text::plain;
use super::{CHECK_FAILED, Error, Exit, OK, Result};
use crate::domain::analysis::Analysis;
use crate::domain::snapshot::Snapshot;
use crate::domain::vocab::Verdict;
use crate::export;
use crate::ops;
use crate::output::{self, Replace};
use crate::store::{Access, Store, default_actor};

pub fn export(args: ExportArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let uid = store.engagement()?.uid.to_string();
    let header = export::csv::first_line();
    let replace = match (args.force, args.format) {
        (false, _) => Replace::Never,
        (true, ExportFormat::Csv) => Replace::StartingWith {
            prefix: header.as_bytes(),
            what: "CSV export",
        },
        (true, _) => Replace::EarlierOutput {
            uid: &uid,
            what: "export",
        },
    };
    output::check(&args.out, &args.file, replace)?;
    let snapshot = Snapshot::load(&store)?;
    let analysis = Analysis::of(&snapshot);
    match args.format {
        ExportFormat::Json => {
            let revisions = store.revisions()?;
            let doc = export::json::export(&snapshot, &analysis, &revisions);
            let text = serde_json::to_string_pretty(&doc).map_err(|e| Error::usage(e.to_string()))?;
            output::write(&args.out, &args.file, replace, |f| {
                f.write_all(text.as_bytes())?;
                f.write_all(b"\n")
            })?;
        }
        ExportFormat::Csv => {
            output::write(&args.out, &args.file, replace, |f| {
                let mut buf = std::io::BufWriter::new(f);
                export::csv::write(&snapshot, &analysis, &mut buf)?;
                buf.flush()
            })?;
        }
        ExportFormat::Xlsx => {
            let bytes = export::xlsx::render(&snapshot, &analysis)
                .map_err(|e| Error::usage(format!("{}: {e}", args.out.display())))?;
            output::write(&args.out, &args.file, replace, |f| f.write_all(&bytes))?;
        }
        ExportFormat::Oscal | ExportFormat::OscalPoam => {
            let doc = if args.format == ExportFormat::Oscal {
                crate::oscal::assessment_results(&snapshot, &analysis)
            } else {
                crate::oscal::poam(&snapshot, &analysis)
            };
            let bytes = crate::oscal::to_bytes(&doc);
            output::write(&args.out, &args.file, replace, |f| f.write_all(&bytes))?;
        }
    }
    writeln!(out, "wrote {}", args.out.display()).map_err(Error::stdio)?;
    Ok(OK)
}

pub fn import(args: ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let (rows, mut problems) = export::workbook::read(&args.workbook).map_err(|e| Error::usage(plain(&e)))?;
    let access = if args.dry_run { Access::Read } else { Access::Write };
    let mut store = Store::open(&args.file, access, &default_actor())?;
    let snapshot = Snapshot::load(&store)?;
    let source = args.workbook.display().to_string();
    let refuse = |problems: &[export::workbook::Problem], err: &mut dyn Write| -> Result<Exit> {
        for p in problems {
            writeln!(err, "{}", plain(&p.to_string())).map_err(Error::stdio)?;
        }
        Err(Error::usage(format!(
            "{source}: {} rows cannot be read or matched (listed above); nothing was imported",
            problems.len()
        )))
    };
    if args.as_ == ImportAs::Previous {
        let previous = ops::import::plan_previous(&snapshot, &rows, &mut problems);
        if !problems.is_empty() {
            return refuse(&problems, err);
        }
        let system = rows.first().map(|r| r.system.clone()).unwrap_or_default();
        for f in &previous.findings {
            let risk = f.risk.map(|r| format!(", risk {r}")).unwrap_or_default();
            writeln!(
                out,
                "previous {} @ {}: {}{risk}",
                f.item_id, f.object_name, f.verdict
            )
            .map_err(Error::stdio)?;
        }
        let rate = match previous.rates.first() {
            Some((whole, r)) if whole.is_empty() => format!("; last year's rate {r:.2} %"),
            _ => String::new(),
        };
        if args.dry_run {
            writeln!(
                out,
                "dry run: {} of last year's findings would be recorded{rate}",
                previous.findings.len()
            )
            .map_err(Error::stdio)?;
            return Ok(OK);
        }
        let n = ops::import::import_previous(&mut store, &source, &system, previous)?;
        writeln!(out, "recorded {n} of last year's findings from {source}{rate}").map_err(Error::stdio)?;
        return Ok(OK);
    }
    let exported: HashMap<String, (Verdict, String)> = store
        .revisions()?
        .into_iter()
        .filter_map(|r| Some((r.uid, (r.verdict.parse().ok()?, r.record))))
        .collect();
    let plan = ops::import::plan_results(&snapshot, &rows, problems, &exported);
    if !plan.problems.is_empty() {
        return refuse(&plan.problems, err);
    }
    for c in &plan.changes {
        writeln!(
            out,
            "sheet {} row {}: {} @ {}: {} -> {}",
            plain(&c.sheet),
            c.row,
            c.item,
            plain(&c.object),
            c.before,
            c.verdict
        )
        .map_err(Error::stdio)?;
    }
    for c in &plan.conflicts {
        writeln!(
            out,
            "conflict: sheet {} row {}: {} @ {} changed in the engagement since the export (now {}, the workbook says {}); left as it is",
            plain(&c.sheet),
            c.row,
            c.item,
            plain(&c.object),
            c.engagement,
            c.workbook
        )
        .map_err(Error::stdio)?;
    }
    let (changed, conflicts) = (plan.changes.len(), plan.conflicts.len());
    if args.dry_run {
        writeln!(
            out,
            "dry run: {changed} results would change, {} unchanged, {conflicts} conflicts; nothing was written",
            plan.unchanged
        )
        .map_err(Error::stdio)?;
    } else {
        if changed > 0 {
            ops::import::import_results(&mut store, &source, &plan)?;
        }
        writeln!(
            out,
            "imported {changed} results, {} unchanged, {conflicts} conflicts left as they are",
            plan.unchanged
        )
        .map_err(Error::stdio)?;
    }
    Ok(if conflicts > 0 { CHECK_FAILED } else { OK })
}
