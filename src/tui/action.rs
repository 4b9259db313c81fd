//! What the user asks for: the key map turns keys into these, `update` carries them out.

use crate::domain::Verdict;

/// The engagement screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Dashboard,
    Checklist,
    Findings,
    Objects,
    Evidence,
    Journal,
    Report,
    /// Merge conflicts: shown only while a merge left some.
    Merge,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Dashboard,
        Tab::Checklist,
        Tab::Findings,
        Tab::Objects,
        Tab::Evidence,
        Tab::Journal,
        Tab::Report,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    Left,
    Right,
    /// Switch focus between the item tree and the object results.
    SwitchPane,
    Enter,
    Show(Tab),
    /// Record this verdict for the selected item × object.
    SetVerdict(Verdict),
    /// Cycle the risk of the selected finding: high → medium → low.
    CycleRisk,
    /// Edit the result (record, reason, risk, remediation, case, correction).
    Edit,
    /// Edit the result starting from a record preset (测评底稿).
    Preset,
    /// Type the selected item's category texts for chapter 3 (existing measures, main problems).
    CategoryTexts,
    /// Resolve the selected merge conflict with this copy's / the colleague's version.
    TakeOurs,
    TakeTheirs,
    Search,
    Filter,
    /// The next / previous result not assessed yet.
    NextTodo,
    PreviousTodo,
    Undo,
    /// Fold or unfold the selected heading.
    Toggle,
    /// Open the sample engagement from the home screen.
    OpenSample,
    /// Type a path to open from the home screen.
    OpenPath,
    /// Save the open editor.
    Save,
    /// Close the open overlay without doing anything.
    Cancel,
    /// Complete the path typed so far.
    Complete,
    /// Answers of a confirmation.
    Yes,
    No,
    /// Clear the filter.
    ClearFilter,
    /// Attach files to the selected result.
    Attach,
    /// A text note as evidence.
    Note,
    /// An interview record.
    Interview,
    /// Mark or unmark the selected object for a bulk change.
    Mark,
    /// Mark every object of the selected one's kind (and sampling group).
    MarkKind,
    /// Apply one change to the marked objects.
    Bulk,
    /// Add (an object, a journal entry).
    Add,
    /// Change the selected object.
    Change,
    /// Remove the selected object.
    Remove,
    /// Mark the selected evidence sensitive or not.
    ToggleSensitive,
    /// Render the report.
    Render,
    /// A new engagement, from the home screen.
    NewEngagement,
    /// Stop the running job.
    CancelJob,
}
