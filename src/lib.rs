//! dengbao: offline, keyboard-first graded-protection (等保 2.0) evaluations.
//!
//! Data flows one way; every module imports only those below it:
//!
//! ```text
//! checklists/*.toml ─► catalog ─┐
//!                               ├─► domain   (pure: nouns, rules, scoring, audit chain)
//!                       store ──┘
//!                         ▲
//!                        ops     (use cases: validate with domain, one store transaction)
//!                         ▲
//!   cli · tui · report · export · evidence (export, bundles, verify) · demo
//! ```
//!
//! - [`domain`]: checklist items, engagement, objects, results, evidence, ids, the rules a
//!   change must obey, scoring, the quality gate, the pure half of the audit chain.
//! - [`catalog`]: pack TOML → domain checklist types, with `file:line:col` diagnostics.
//! - [`store`]: the `.dengbao` SQLite file — the only module that speaks SQL.
//! - [`ops`]: every user action as one function, shared by the CLI, the TUI and the demo.
//! - [`cli`]: the command-line contract of DESIGN §6.
//! - [`tui`]: the terminal UI.
//! - [`report`]: the printable report; [`evidence`]: export, bundles, verification.
//! - [`export`]: json, csv and the 测评记录 workbook, and reading a filled-in workbook back.
//! - [`oscal`]: OSCAL 1.1.2 assessment results and plan of action and milestones.
//! - [`output`]: writing output files without ever destroying one; [`files`]: opening
//!   files users name without hanging on a FIFO or reading without limit.
//! - [`demo`]: the sample engagement and the large ones the benchmarks use.

pub mod catalog;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod evidence;
pub mod export;
pub mod files;
pub mod ops;
pub mod oscal;
pub mod output;
pub mod report;
pub mod store;
pub mod tui;
