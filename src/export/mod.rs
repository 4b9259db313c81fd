//! Exports of an engagement for other tools: the whole engagement as JSON ([`json`]), one
//! row per item × object as CSV ([`csv`]) and the 测评记录 workbook ([`xlsx`]); and the
//! reading half of the workbook round trip ([`workbook`]), which turns a filled-in
//! workbook into rows for `dengbao import`. Exports read a `Snapshot` and its
//! `Analysis` and format them; they never compute a figure the analysis does not have.

pub mod csv;
pub mod json;
pub mod workbook;

pub mod xlsx;

/// The standard named on each object sheet of the workbook.
pub const STANDARD: &str = "GB/T 22239-2019";
