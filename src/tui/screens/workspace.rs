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
    /// Results as they were before each change made in this session, newest last.
    pub undo: Vec<UndoEntry>,
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
            undo: Vec::new(),
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
