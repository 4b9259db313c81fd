//! `dengbao merge`: what a merge took and what conflicted, and `--take` for one conflict.

use std::io::Write;

use super::text::plain;
use super::{CHECK_FAILED, Error, Exit, OK, Result};
use crate::catalog::Catalog;
use crate::cli::args::MergeArgs;
use crate::domain::merge::Outcome;
use crate::ops;
use crate::store::merge::{ConflictLine, MergeReport, Stance, Take};
use crate::store::{Access, Store, default_actor};

pub fn run(catalog: impl FnOnce() -> Option<Catalog>, args: MergeArgs, out: &mut dyn Write) -> Result<Exit> {
    let file = args.file.display().to_string();
    if let Some(take) = &args.take {
        let side = match take[0].as_str() {
            "ours" => Take::Ours,
            "theirs" => Take::Theirs,
            other => {
                return Err(Error::usage(format!(
                    "--take '{other}': say ours or theirs, then the item and the asset"
                )));
            }
        };
        let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
        let pair = ops::results::pair(&store, &take[1], take.get(2).map(String::as_str), catalog)?;
        let resolved = ops::merge::take(&mut store, &pair, side)?;
        let w = |e| Error::stdio(e);
        writeln!(
            out,
            "{} @ {}: took {} — {}",
            pair.item.id,
            plain(&pair.object.name),
            side.as_str(),
            describe(&resolved.kept)
        )
        .map_err(w)?;
        return finish(&store.open_conflicts()?, &file, out);
    }
    let other = args
        .other
        .as_deref()
        .ok_or_else(|| Error::usage("name the colleague's copy to merge"))?;
    let mut store = Store::open(&args.file, Access::Write, &default_actor())?;
    let report = ops::merge::merge(&mut store, other, args.dry_run)?;
    print_report(&report, &file, &other.display().to_string(), args.dry_run, out).map_err(Error::stdio)?;
    let open = store.open_conflicts()?;
    if args.dry_run {
        for c in &report.conflicts {
            print_conflict(c, &file, out).map_err(Error::stdio)?;
        }
        writeln!(
            out,
            "{} open merge conflict(s) after this merge",
            report.open_conflicts
        )
        .map_err(Error::stdio)?;
        return Ok(if report.open_conflicts > 0 {
            CHECK_FAILED
        } else {
            OK
        });
    }
    finish(&open, &file, out)
}

/// Lists the conflicts still open; exit 1 while there are any.
fn finish(open: &[ConflictLine], file: &str, out: &mut dyn Write) -> Result<Exit> {
    if open.is_empty() {
        writeln!(out, "no open merge conflicts").map_err(Error::stdio)?;
        return Ok(OK);
    }
    writeln!(out, "{} open merge conflict(s):", open.len()).map_err(Error::stdio)?;
    for c in open {
        print_conflict(c, file, out).map_err(Error::stdio)?;
    }
    Ok(CHECK_FAILED)
}

fn print_report(
    r: &MergeReport,
    file: &str,
    other: &str,
    dry_run: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if !r.changes {
        writeln!(out, "nothing new: {file} already has everything in {other}")?;
        return print_objects(r, out);
    }
    let verb = if dry_run { "would merge" } else { "merged" };
    writeln!(
        out,
        "{verb} {other} into {file}{}",
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "results: {} taken, {} kept (assessed over not-assessed), {} the same on both sides, {} conflicting",
        r.took.len(),
        r.kept.len(),
        r.same,
        r.conflicts.len()
    )?;
    writeln!(
        out,
        "added: {} objects, {} revisions, {} pieces of evidence ({} new contents), {} links, {} journal entries",
        r.objects.len(),
        r.revisions,
        r.evidence,
        r.contents,
        r.links,
        r.journal
    )?;
    if r.skipped > 0 {
        writeln!(
            out,
            "skipped: {} of their results on objects removed here",
            r.skipped
        )?;
    }
    for n in &r.renamed {
        writeln!(
            out,
            "same name: '{}' was added on both sides as different objects; theirs is added as '{}' (rename or remove one with `dengbao asset`)",
            plain(&n.name),
            plain(&n.added_as)
        )?;
    }
    print_objects(r, out)?;
    for p in r.took.iter().chain(&r.kept) {
        let how = match p.outcome {
            Outcome::KeepAssessed => "kept",
            _ => "took",
        };
        writeln!(
            out,
            "{how}  {} @ {}: {} (ours {}, theirs {})",
            p.item,
            plain(&p.object),
            if how == "kept" {
                p.ours.as_deref().unwrap_or("-")
            } else {
                &p.theirs
            },
            p.ours.as_deref().unwrap_or("none"),
            p.theirs
        )?;
    }
    Ok(())
}

/// Shared objects: fields filled in from their copy, and those both set differently.
fn print_objects(r: &MergeReport, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &r.filled {
        writeln!(
            out,
            "filled: {} {} = '{}' from their copy",
            plain(&f.object),
            f.field,
            plain(&f.theirs)
        )?;
    }
    for f in &r.differs {
        if f.field == "removed" {
            writeln!(
                out,
                "differs: their copy removed {} from the scope ({}); kept here (`dengbao asset remove` to follow)",
                plain(&f.object),
                f.theirs
            )?;
        } else {
            writeln!(
                out,
                "differs: {} {}: ours '{}', theirs '{}'; left as it is here (`dengbao asset edit` to change)",
                plain(&f.object),
                f.field,
                plain(&f.ours),
                plain(&f.theirs)
            )?;
        }
    }
    Ok(())
}

fn describe(s: &Stance) -> String {
    let mut text = s.content.verdict.clone();
    if !s.content.record.is_empty() {
        text.push_str(&format!(" “{}”", plain(&s.content.record)));
    }
    format!("{text} ({}, {})", plain(&s.by), s.at)
}

fn print_conflict(c: &ConflictLine, file: &str, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "conflict  {} @ {}", c.item, plain(&c.object))?;
    writeln!(out, "  ours:   {}", describe(&c.ours))?;
    writeln!(out, "  theirs: {}", describe(&c.theirs))?;
    let (a, b) = (
        serde_json::to_value(&c.ours.content).unwrap_or_default(),
        serde_json::to_value(&c.theirs.content).unwrap_or_default(),
    );
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, v) in a {
            if k != "verdict" && k != "record" && b.get(k) != Some(v) {
                let w = b.get(k).cloned().unwrap_or_default();
                writeln!(
                    out,
                    "  {k}: {} | {}",
                    plain(&v.to_string()),
                    plain(&w.to_string())
                )?;
            }
        }
    }
    writeln!(
        out,
        "  resolve: dengbao merge {} --take ours|theirs {} '{}'",
        plain(file),
        c.item,
        plain(&c.object)
    )
}
