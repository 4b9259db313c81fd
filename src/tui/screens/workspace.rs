//! An open engagement: its snapshot and analysis, and the state of each of its screens.

use std::path::PathBuf;

use super::checklist::Checklist;
use crate::domain::Verdict;
use crate::domain::analysis::Analysis;
use crate::domain::result::ResultState;
use crate::domain::snapshot::Snapshot;
use crate::tui::action::Tab;

pub struct Workspace {
    pub path: PathBuf,
    pub snapshot: Snapshot,
    pub analysis: Analysis,
    /// For each item (index), its pairs (indexes into `analysis.pairs`).
    pub item_pairs: Vec<Vec<usize>>,
    pub tab: Tab,
    pub checklist: Checklist,
    pub findings_selected: usize,
    pub objects_selected: usize,
    pub evidence_selected: usize,
    pub journal_selected: usize,
    pub merge_selected: usize,
    /// Results as they were before each change made in this session, newest last.
    pub undo: Vec<Undo>,
    /// Pairs marked for a bulk change (indexes into the analysis' pairs).
    pub marks: std::collections::BTreeSet<usize>,
    /// The language chosen while this engagement was open (remembered with it).
    pub lang: Option<crate::domain::Lang>,
    /// The gate problem selected on the report screen.
    pub report_selected: usize,
    /// The last report rendered in this session.
    pub report: Option<Rendered>,
    /// Record presets (测评底稿) for the editor.
    pub presets: Vec<crate::catalog::presets::Preset>,
}

/// Where a rendered report went.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub html: PathBuf,
    pub pdf: Option<PathBuf>,
    pub pdf_error: Option<String>,
}

/// What the UI remembers of an engagement between sessions: the screen, the language,
/// the filter and search, the selected item. Kept by the worker in the data folder.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewState {
    pub tab: String,
    pub lang: Option<String>,
    pub search: String,
    pub verdict: String,
    pub area: Option<String>,
    pub category: Option<(String, String)>,
    pub kind: Option<String>,
    pub object: Option<String>,
    pub item: Option<String>,
}

fn tab_name(t: Tab) -> &'static str {
    match t {
        Tab::Dashboard => "dashboard",
        Tab::Checklist => "checklist",
        Tab::Findings => "findings",
        Tab::Objects => "objects",
        Tab::Evidence => "evidence",
        Tab::Journal => "journal",
        Tab::Report => "report",
        Tab::Merge => "merge",
    }
}

/// One change the user can take back: a single result, or a whole bulk change.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    One(Box<UndoEntry>),
    /// A bulk change; `links` are the evidence links it made, known once it is saved.
    Many {
        entries: Vec<UndoEntry>,
        links: Vec<crate::store::results::NewLink>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub item: String,
    pub object_id: i64,
    pub previous: Option<ResultState>,
}

impl Workspace {
    /// Opens on the checklist at the first result not assessed yet.
    pub fn new(path: PathBuf, snapshot: Snapshot) -> Self {
        let analysis = Analysis::of(&snapshot);
        let mut w = Workspace {
            path,
            item_pairs: Vec::new(),
            analysis,
            snapshot,
            tab: Tab::Checklist,
            checklist: Checklist::default(),
            findings_selected: 0,
            objects_selected: 0,
            evidence_selected: 0,
            journal_selected: 0,
            merge_selected: 0,
            undo: Vec::new(),
            marks: Default::default(),
            lang: None,
            report_selected: 0,
            report: None,
            presets: Vec::new(),
        };
        w.index_pairs();
        w.rebuild_rows();
        w.first_todo();
        w
    }

    fn index_pairs(&mut self) {
        let mut by_item = vec![Vec::new(); self.snapshot.items.len()];
        for (n, p) in self.analysis.pairs.iter().enumerate() {
            by_item[p.item].push(n);
        }
        self.item_pairs = by_item;
    }

    /// Takes a snapshot read again after a change of structure (objects, evidence,
    /// journal), keeping the tab and the selected item.
    pub fn replace(&mut self, snapshot: Snapshot) {
        let keep = self.selected_item().map(|i| self.snapshot.items[i].id.clone());
        self.snapshot = snapshot;
        self.analysis = Analysis::of(&self.snapshot);
        self.index_pairs();
        self.marks.clear();
        self.checklist.filter.object = None;
        self.rebuild_rows();
        if let Some(id) = keep
            && let Some(i) = self.snapshot.items.iter().position(|x| x.id == id)
            && let Some(at) = self
                .checklist
                .rows
                .iter()
                .position(|r| *r == super::checklist::Row::Item(i))
        {
            self.checklist.selected = at;
        }
        self.objects_selected = self
            .objects_selected
            .min(self.snapshot.objects.len().saturating_sub(1));
        self.evidence_selected = self
            .evidence_selected
            .min(self.snapshot.evidence.len().saturating_sub(1));
    }

    /// What to remember of this engagement's screens.
    pub fn view_state(&self) -> ViewState {
        use super::checklist::VerdictFilter;
        let f = &self.checklist.filter;
        ViewState {
            tab: tab_name(self.tab).into(),
            lang: self.lang.map(|l| l.as_str().to_string()),
            search: self.checklist.search.clone(),
            verdict: match f.verdict {
                VerdictFilter::All => String::new(),
                VerdictFilter::NotAssessed => "not-assessed-yet".into(),
                VerdictFilter::Findings => "findings".into(),
                VerdictFilter::Is(v) => v.as_str().into(),
            },
            area: f.area.map(|a| a.as_str().to_string()),
            category: f.category.clone(),
            kind: f.kind.map(|k| k.as_str().to_string()),
            object: f
                .object
                .and_then(|o| self.snapshot.objects.get(o))
                .map(|o| o.name.clone()),
            item: self.selected_item().map(|i| self.snapshot.items[i].id.clone()),
        }
    }

    /// Goes back to a remembered state; what no longer exists (an object, an item) is
    /// left out.
    pub fn restore_state(&mut self, s: &ViewState) {
        use super::checklist::VerdictFilter;
        if let Some(t) = Tab::ALL.iter().find(|t| tab_name(**t) == s.tab) {
            self.tab = *t;
        }
        self.lang = s.lang.as_deref().and_then(|l| l.parse().ok());
        let f = &mut self.checklist.filter;
        f.verdict = match s.verdict.as_str() {
            "" => VerdictFilter::All,
            "not-assessed-yet" => VerdictFilter::NotAssessed,
            "findings" => VerdictFilter::Findings,
            v => v.parse().map(VerdictFilter::Is).unwrap_or_default(),
        };
        f.area = s.area.as_deref().and_then(|a| a.parse().ok());
        f.category = s.category.clone();
        f.kind = s.kind.as_deref().and_then(|k| k.parse().ok());
        f.object = s
            .object
            .as_ref()
            .and_then(|name| self.snapshot.objects.iter().position(|o| &o.name == name));
        self.checklist.search = s.search.clone();
        self.rebuild_rows();
        let item = s
            .item
            .as_ref()
            .and_then(|id| self.snapshot.items.iter().position(|x| &x.id == id));
        match item.and_then(|i| {
            self.checklist
                .rows
                .iter()
                .position(|r| *r == super::checklist::Row::Item(i))
        }) {
            Some(at) => self.checklist.selected = at,
            None => {
                self.checklist.selected = 0;
                self.step_to_item(true);
            }
        }
    }

    /// Recomputes the figures from the snapshot in memory (after a change), keeping the
    /// selection.
    pub fn reanalyse(&mut self) {
        let objects = self.analysis.objects.len();
        self.analysis = Analysis::of(&self.snapshot);
        if objects != self.analysis.objects.len() {
            self.index_pairs();
        }
        self.rebuild_rows();
    }

    /// The stored result of an item × object (indexes), if any.
    pub fn result(&self, item: usize, object: usize) -> Option<&ResultState> {
        let item = &self.snapshot.items[item];
        let object = &self.snapshot.objects[object];
        self.snapshot
            .results
            .iter()
            .find(|r| r.object_id == object.id && r.item_id == item.id)
    }

    /// The evidence (ids) linked to an item × object (indexes).
    pub fn evidence_of(&self, item: usize, object: usize) -> Vec<i64> {
        let item = &self.snapshot.items[item].id;
        let object = &self.snapshot.objects[object].uid;
        self.snapshot
            .evidence
            .iter()
            .filter(|e| e.links.iter().any(|l| &l.item == item && &l.object_uid == object))
            .map(|e| e.id)
            .collect()
    }

    /// Whether the record of an item × object (indexes) is still the preset it was
    /// started from.
    pub fn record_is_preset(&self, item: usize, object: usize) -> bool {
        let record = self.result(item, object).map(|r| r.record.as_str()).unwrap_or("");
        self.snapshot.details.is_preset(
            &self.snapshot.items[item].id,
            self.snapshot.objects[object].uid.as_str(),
            record,
        )
    }

    pub fn verdict_of_pair(&self, pair: usize) -> Verdict {
        self.analysis.pairs[pair].assessment.verdict
    }

    /// Puts a result into the snapshot (what was just saved, or what a failed save
    /// leaves) and recomputes the figures from memory.
    pub fn put(&mut self, row: ResultState) {
        let (item, object_id) = (row.item_id.clone(), row.object_id);
        self.snapshot.put_result(row);
        self.refresh(&item, object_id);
    }

    /// Takes back a result that could not be saved.
    pub fn restore(&mut self, item: &str, object_id: i64, previous: Option<ResultState>) {
        match previous {
            Some(row) => self.snapshot.put_result(row),
            None => self
                .snapshot
                .results
                .retain(|r| !(r.item_id == item && r.object_id == object_id)),
        }
        self.refresh(item, object_id);
    }

    /// Recomputes after one result changed.
    fn refresh(&mut self, item: &str, object_id: i64) {
        let i = self.snapshot.items.iter().position(|x| x.id == item);
        let o = self.snapshot.objects.iter().position(|x| x.id == object_id);
        match (i, o) {
            (Some(i), Some(o)) => {
                self.analysis.refresh(&self.snapshot, i, o);
                self.rebuild_rows();
            }
            _ => self.reanalyse(),
        }
    }
}
