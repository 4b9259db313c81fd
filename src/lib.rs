//! dengbao: offline, keyboard-first graded-protection (等保 2.0) evaluations.
//!
//! Data flows one way: checklist TOML → [`catalog`] (validated packs) → [`domain`]
//! types → [`store`] (the only module that speaks SQL) → [`summary`] and the command
//! line ([`cli`], [`commands`]).
//!
//! - [`domain`]: vocabularies, assessments, scoring, the quality gate; pure.
//! - [`catalog`]: pack parsing and validation with `file:line:col` diagnostics.
//! - [`store`]: the `.dengbao` SQLite file, migrations, audit chain.
//! - [`summary`]: an engagement loaded once, with its status figures.
//! - [`cli`] / [`commands`]: the command-line contract of DESIGN §6.
//! - [`tui`]: the terminal UI.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod domain;
pub mod error;
pub mod evidence;
pub mod report;
pub mod store;
pub mod summary;
pub mod tui;
