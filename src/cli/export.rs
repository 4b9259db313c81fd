//! `dengbao export`: the OSCAL documents of an engagement, written whole or not at all.

use std::io::Write;

use super::args::{ExportArgs, ExportFormat};
use super::{Error, Exit, OK, Result};
use crate::domain::analysis::Analysis;
use crate::domain::snapshot::Snapshot;
use crate::output::{self, Replace};
use crate::store::{Access, Store, default_actor};

pub fn export(args: ExportArgs, out: &mut dyn Write) -> Result<Exit> {
    let store = Store::open(&args.file, Access::Read, &default_actor())?;
    let snapshot = Snapshot::load(&store)?;
    let uid = snapshot.engagement.uid.to_string();
    let replace = if args.force {
        Replace::EarlierOutput {
            uid: &uid,
            what: "export",
        }
    } else {
        Replace::Never
    };
    output::check(&args.out, &args.file, replace)?;
    let analysis = Analysis::of(&snapshot);
    let doc = match args.format {
        ExportFormat::Oscal => crate::oscal::assessment_results(&snapshot, &analysis),
        ExportFormat::OscalPoam => crate::oscal::poam(&snapshot, &analysis),
    };
    let bytes = crate::oscal::to_bytes(&doc);
    output::write(&args.out, &args.file, replace, |f| f.write_all(&bytes))?;
    writeln!(out, "wrote {}", args.out.display()).map_err(Error::stdio)?;
    Ok(OK)
}
