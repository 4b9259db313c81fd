//! One row per item × object pair in scope (the pairs `status --json` counts, plus the
//! sector profile's, told apart by `coverage`), UTF-8 with a byte-order mark so that
//! spreadsheet programs read the Chinese text. Verdicts are wire names
//! (`compliant`, `not-assessed`, …) so scripts can count them.

use std::io::Write;

use crate::domain::analysis::{Analysis, Coverage};
use crate::domain::snapshot::Snapshot;

/// The columns, in order. A CSV cannot carry the engagement's marker without adding a
/// row or a column of its own, so `export --force` recognises an earlier CSV export by
/// its first line: [`first_line`].
pub const HEADER: [&str; 14] = [
    "item",
    "pack",
    "category",
    "control_point",
    "requirement",
    "object",
    "object_kind",
    "verdict",
    "effective_verdict",
    "record",
    "risk",
    "na_reason",
    "evidence_count",
    "coverage",
];

const BOM: &str = "\u{feff}";

/// The first line of every CSV export: the byte-order mark and the header.
pub fn first_line() -> String {
    format!("{BOM}{}\n", HEADER.join(","))
}

/// Writes the CSV of `s` to `out`.
pub fn write(s: &Snapshot, a: &Analysis, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(HEADER)?;
    for p in &a.pairs {
        let (item, object, x) = (&s.items[p.item], &s.objects[p.object], &p.assessment);
        let coverage = match p.coverage {
            Coverage::Mlps => "mlps",
            Coverage::Profile => "profile",
        };
        w.write_record([
            item.id.as_str(),
            item.pack.as_str(),
            item.category_name.zh.as_str(),
            item.control_point.zh.as_str(),
            item.text.zh.as_str(),
            object.name.as_str(),
            object.kind.as_str(),
            x.verdict.as_str(),
            x.effective().as_str(),
            x.record.as_str(),
            x.risk.map(|r| r.as_str()).unwrap_or(""),
            x.reason.as_str(),
            x.evidence.to_string().as_str(),
            coverage,
        ])?;
    }
    w.flush()
}
