//! Commands about evidence: attach, interview, evidence list/export, verify, bundle.

use std::io::Write;
use std::path::Path;

use super::engagement::to_json;
use super::scope::{find_item, find_object};
use super::{BAD_INPUT, CHECK_FAILED, Exit, OK, stdio};
use crate::catalog::Catalog;
use crate::cli::{AttachArgs, BundleArgs, EvidenceCommand, InterviewArgs, TargetArgs};
use crate::domain::Lang;
use crate::error::{Error, Result};
use crate::evidence::bundle::{looks_like_zip, verify_bundle, write_bundle};
use crate::evidence::export::export;
use crate::evidence::ingest::{AttachOptions, Interview, Target, attach_file, attach_text, record_interview};
use crate::evidence::verify::{describe_break, verify_engagement};
use crate::store::evidence::EvidenceRow;
use crate::store::{Access, Store, default_actor};

/// The item × object a piece of evidence goes to, resolved.
struct Resolved {
    item: String,
    object_id: i64,
    object_name: String,
}

impl Resolved {
    fn target(&self) -> Target<'_> {
        Target {
            item: &self.item,
            object_id: self.object_id,
            object_name: &self.object_name,
        }
    }
}

/// Opens the engagement for writing and resolves the item × object evidence goes to.
fn open_target(
    catalog: impl FnOnce() -> Result<Catalog>,
    file: &Path,
    t: &TargetArgs,
) -> Result<(Store, Resolved)> {
    let store = Store::open(file, Access::Write, &default_actor())?;
    let level = store.engagement()?.level;
    let items = store.items()?;
    let objects = store.objects()?;
    let item = &items[find_item(&items, &t.item, level, catalog)?];
    let object = &objects[find_object(&objects, item, t.asset.as_deref())?];
    let resolved = Resolved {
        item: item.id.clone(),
        object_id: object.id,
        object_name: object.name.clone(),
    };
    Ok((store, resolved))
}

pub fn attach(
    catalog: impl FnOnce() -> Result<Catalog>,
    args: AttachArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Exit> {
    if args.paths.is_empty() && args.text.is_none() {
        return Err(Error::input("give the files to attach, or --text for a note"));
    }
    let (mut store, resolved) = open_target(catalog, &args.file, &args.target)?;
    let target = resolved.target();
    let opts = AttachOptions {
        method: args.method,
        captured_at: args.captured_at,
        sensitive: args.sensitive,
        note: args.note,
    };
    if let Some(text) = &args.text {
        let row = attach_text(&mut store, text, target, &opts)?;
        print_attached(&row, out)?;
        return Ok(OK);
    }
    let mut failed = 0;
    for path in &args.paths {
        match attach_file(&mut store, path, target, &opts) {
            Ok(row) => print_attached(&row, out)?,
            Err(e @ Error::Input(_)) => {
                failed += 1;
                writeln!(err, "error: {e}").map_err(stdio)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(if failed > 0 { BAD_INPUT } else { OK })
}

fn print_attached(row: &EvidenceRow, out: &mut dyn Write) -> Result<()> {
    let link = if row.followed_symlink {
        " (symbolic link followed)"
    } else {
        ""
    };
    let name = row.name.escape_debug();
    writeln!(
        out,
        "attached {} '{name}' {} bytes sha256 {}{link}",
        row.id, row.size, row.sha256
    )
    .map_err(stdio)
}

pub fn interview(
    catalog: impl FnOnce() -> Result<Catalog>,
    args: InterviewArgs,
    out: &mut dyn Write,
) -> Result<Exit> {
    let (mut store, resolved) = open_target(catalog, &args.file, &args.target)?;
    let target = resolved.target();
    let interview = Interview {
        who: args.who,
        role: args.role,
        at: args.at,
        summary: args.summary,
    };
    let row = record_interview(&mut store, &interview, target)?;
    writeln!(
        out,
        "recorded interview {} '{}' sha256 {}",
        row.id, row.name, row.sha256
    )
    .map_err(stdio)?;
    Ok(OK)
}

pub fn evidence(cmd: EvidenceCommand, out: &mut dyn Write) -> Result<Exit> {
    match cmd {
        EvidenceCommand::List(args) => {
            let store = Store::open(&args.file, Access::Read, &default_actor())?;
            let rows = store.evidence()?;
            if args.json {
                writeln!(out, "{}", to_json(&rows)?).map_err(stdio)?;
                return Ok(OK);
            }
            for r in &rows {
                let links: Vec<String> = r
                    .links
                    .iter()
                    .map(|l| format!("{} @ {}", l.item, l.object))
                    .collect();
                let sensitive = if r.sensitive { " [sensitive]" } else { "" };
                writeln!(
                    out,
                    "{:>4}  {:<9} {}  {:>10}  {}{sensitive}  → {}",
                    r.id,
                    r.kind.as_str(),
                    &r.sha256[..12],
                    r.size,
                    r.name.escape_debug(),
                    links.join(", ")
                )
                .map_err(stdio)?;
            }
            Ok(OK)
        }
        EvidenceCommand::Export { file, out: dir } => {
            let store = Store::open(&file, Access::Read, &default_actor())?;
            let summary = export(&store, &dir)?;
            writeln!(
                out,
                "exported {} files ({} bytes) and SHA256SUMS to {}",
                summary.files,
                summary.bytes,
                dir.display()
            )
            .map_err(stdio)?;
            Ok(OK)
        }
    }
}

pub fn verify(target: &Path, out: &mut dyn Write) -> Result<Exit> {
    if looks_like_zip(target) {
        let report = verify_bundle(target)?;
        for p in &report.problems {
            writeln!(out, "damaged: {p}").map_err(stdio)?;
        }
        writeln!(
            out,
            "bundle: {} files checked against SHA256SUMS",
            report.files_checked
        )
        .map_err(stdio)?;
        print_chain(report.audit_rows, &report.chain, out)?;
        return Ok(if report.intact() { OK } else { CHECK_FAILED });
    }
    let store = Store::open(target, Access::Read, &default_actor())?;
    let report = verify_engagement(&store)?;
    for d in &report.damaged {
        let pieces: Vec<String> = d
            .pieces
            .iter()
            .map(|(id, name)| format!("evidence {id} '{}'", name.escape_debug()))
            .collect();
        writeln!(
            out,
            "damaged: {} (sha256 {}): {}",
            pieces.join(", "),
            d.sha256,
            d.found
        )
        .map_err(stdio)?;
    }
    writeln!(
        out,
        "evidence: {} pieces, {} stored contents, {} bytes re-hashed, {} damaged",
        report.pieces,
        report.contents,
        report.bytes,
        report.damaged.len()
    )
    .map_err(stdio)?;
    print_chain(report.audit_rows, &report.chain, out)?;
    Ok(if report.intact() { OK } else { CHECK_FAILED })
}

fn print_chain(
    rows: usize,
    chain: &std::result::Result<String, crate::store::audit::ChainBreak>,
    out: &mut dyn Write,
) -> Result<()> {
    match chain {
        Ok(head) => writeln!(out, "audit log: {rows} rows, chain intact, head {head}"),
        Err(b) => writeln!(out, "audit log: {rows} rows, chain broken: {}", describe_break(b)),
    }
    .map_err(stdio)
}

pub fn bundle(args: BundleArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let report = crate::report::render(&store, Lang::Zh, None)?;
    let summary = write_bundle(&store, &args.out, args.include_sensitive, Some(&report))?;
    writeln!(
        out,
        "wrote {}: {} pieces of evidence, {} left out as sensitive, audit head {}",
        args.out.display(),
        summary.included,
        summary.left_out,
        summary.audit_head
    )
    .map_err(stdio)?;
    Ok(OK)
}
