//! What the user asks for ([`Action`]) and what the event loop must do about it
//! ([`Effect`]). `update` turns actions into state changes and effects; only the loop
//! performs effects (storage, files, exit), so `update` stays pure and testable.

use std::path::PathBuf;

use crate::domain::result::ResultUpdate;
use crate::domain::{Risk, Verdict};

/// The engagement screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Dashboard,
    Checklist,
    Findings,
    Objects,
    Evidence,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Dashboard,
        Tab::Checklist,
        Tab::Findings,
        Tab::Objects,
        Tab::Evidence,
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Back,
    Help,
    ToggleLang,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Switch focus between the item tree and the object results.
    SwitchPane,
    Enter,
    Show(Tab),
    /// Record this verdict for the selected item × object.
    SetVerdict(Verdict),
    /// Cycle the risk of the selected finding: high → medium → low.
    CycleRisk,
    /// Edit the record (or the reason, for not-applicable results).
    EditText,
    Search,
    /// Cycle the checklist filter: all → not assessed → findings.
    CycleFilter,
    Undo,
    /// Open the sample engagement from the home screen.
    OpenSample,
    /// Type a path to open from the home screen.
    OpenPath,
    /// A key typed into the open text input.
    Input(crossterm::event::KeyEvent),
    /// Finish the open text input (save / run it).
    Submit,
    /// Close the popup without doing anything.
    Cancel,
}

/// A change the loop carries out, with the previous state kept for undo.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    SaveResult {
        item: String,
        object_id: i64,
        object_name: String,
        update: ResultUpdate,
    },
    ClearResult {
        item: String,
        object_id: i64,
        object_name: String,
    },
    Open(PathBuf),
    OpenSample,
    /// Close the engagement and go back home.
    Close,
    Quit,
}

/// Risk after `r` in the cycle high → medium → low → high.
pub fn next_risk(r: Option<Risk>) -> Risk {
    match r {
        None | Some(Risk::Low) => Risk::High,
        Some(Risk::High) => Risk::Medium,
        Some(Risk::Medium) => Risk::Low,
    }
}
