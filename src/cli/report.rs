//! `dengbao report`.

use std::io::Write;

use super::args::ReportArgs;
use super::{Error, Exit, OK, Result};
use crate::cli::args::EvidenceLayout;
use crate::output::{self, Replace};
use crate::report::{pdf, render};
use crate::store::{Access, Store, default_actor};

pub fn report(args: ReportArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let uid = store.engagement()?.uid.to_string();
    let replace = if args.force {
        Replace::EarlierOutput {
            uid: &uid,
            what: "report",
        }
    } else {
        Replace::Never
    };
    // Both targets are checked before anything is rendered or written.
    output::check(&args.out, &args.file, replace)?;
    if let Some(pdf_path) = &args.pdf {
        if pdf_path == &args.out {
            return Err(Error::usage(format!(
                "--pdf {} is the same file as --out",
                pdf_path.display()
            )));
        }
        output::check(pdf_path, &args.file, replace)?;
    }
    if let Some(docx_path) = &args.docx {
        if docx_path == &args.out || Some(docx_path) == args.pdf.as_ref() {
            return Err(Error::usage(format!(
                "--docx {} is the same file as another output",
                docx_path.display()
            )));
        }
        output::check(docx_path, &args.file, replace)?;
    }
    let options = crate::report::Options {
        templates: args.templates.as_deref(),
        evidence_full: args.evidence.map(|e| e == EvidenceLayout::Full),
    };
    let html = render(&store, args.lang, options)?;
    output::write(&args.out, &args.file, replace, |f| f.write_all(html.as_bytes()))?;
    writeln!(out, "wrote {}", args.out.display()).map_err(Error::stdio)?;
    if let Some(docx_path) = &args.docx {
        let bytes = crate::report::render_docx(&store, args.lang, options)?;
        output::write(docx_path, &args.file, replace, |f| f.write_all(&bytes))?;
        writeln!(out, "wrote {}", docx_path.display()).map_err(Error::stdio)?;
    }
    let snapshot = crate::domain::snapshot::Snapshot::load(&store)?;
    let analysis = crate::domain::analysis::Analysis::of(&snapshot);
    let (gate, checked) = (
        analysis.gate.len(),
        crate::report::check::check(&snapshot, &analysis).len(),
    );
    if gate + checked > 0 {
        writeln!(
            out,
            "the report is a DRAFT: {gate} gate problems, {checked} report problems (dengbao check {} --report lists them)",
            args.file.display()
        )
        .map_err(Error::stdio)?;
    }
    if let Some(pdf_path) = &args.pdf {
        let spinner = super::text::spinner("PDF");
        let printed = pdf::print(&args.out, pdf_path, &args.file, &uid, replace);
        spinner.finish_and_clear();
        printed?;
        writeln!(out, "wrote {}", pdf_path.display()).map_err(Error::stdio)?;
    }
    Ok(OK)
}
