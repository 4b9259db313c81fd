//! The screens: home, and for an open engagement the dashboard, checklist, findings,
//! objects and evidence. Each has its state (`mod.rs`), its update and its view.

pub mod checklist;
pub mod dashboard;
pub mod home;
pub mod lists;
pub mod workspace;
