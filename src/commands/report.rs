//! `dengbao report`.

use std::io::Write;

use super::{Exit, OK, stdio};
use crate::cli::ReportArgs;
use crate::error::{Error, Result};
use crate::report::{pdf, render};
use crate::store::{Access, Store, default_actor};

pub fn report(args: ReportArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let html = render(&store, args.lang, args.templates.as_deref())?;
    std::fs::write(&args.out, &html).map_err(|e| Error::Io {
        path: args.out.display().to_string(),
        source: e,
    })?;
    writeln!(out, "wrote {}", args.out.display()).map_err(stdio)?;
    if let Some(pdf_path) = &args.pdf {
        pdf::print(&args.out, pdf_path)?;
        writeln!(out, "wrote {}", pdf_path.display()).map_err(stdio)?;
    }
    Ok(OK)
}
