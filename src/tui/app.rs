//! The terminal UI's state. Rendering borrows it; only `update` (and the event loop,
//! when an effect completes) changes it.

use std::collections::HashMap;
use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::action::Tab;
use crate::catalog::Item;
use crate::domain::evidence::Evidence as EvidenceRow;
use crate::domain::object::Object;
use crate::domain::result::ResultState as ResultRow;
use crate::domain::scoring::roll_up;
use crate::domain::{Lang, Text, Verdict};
use crate::summary::{EngagementData, Status};

pub struct App {
    pub lang: Lang,
    pub screen: Screen,
    pub popup: Option<Popup>,
    /// The outcome of the last action, shown in the footer.
    pub message: Option<Message>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub enum Screen {
    Home(Home),
    Engagement(Box<Workspace>),
}

/// The home screen: the sample, recent engagements, and opening another file.
#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub recent: Vec<PathBuf>,
    pub selected: usize,
}

/// One entry of the home list.
#[derive(Debug, Clone, PartialEq)]
pub enum HomeEntry {
    Sample,
    Recent(PathBuf),
    OpenPath,
}

impl Home {
    pub fn entries(&self) -> Vec<HomeEntry> {
        let mut e = vec![HomeEntry::Sample];
        e.extend(self.recent.iter().cloned().map(HomeEntry::Recent));
        e.push(HomeEntry::OpenPath);
        e
    }
}

pub enum Popup {
    Help,
    Input {
        purpose: InputPurpose,
        text: Box<TextArea<'static>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum InputPurpose {
    /// The record of a result, or its reason when not applicable.
    Record {
        item: String,
        object_id: i64,
        object_name: String,
        reason: bool,
    },
    Search,
    OpenPath,
}

/// An open engagement.
pub struct Workspace {
    pub path: PathBuf,
    pub data: EngagementData,
    pub status: Status,
    pub evidence: Vec<EvidenceRow>,
    pub tab: Tab,
    pub checklist: Checklist,
    pub findings_selected: usize,
    pub objects_selected: usize,
    pub evidence_selected: usize,
    /// Results as they were before each change made in this session, newest last.
    pub undo: Vec<UndoEntry>,
    /// Index into `data.results` by item id, then object id.
    results: HashMap<String, HashMap<i64, usize>>,
    /// Figures derived from `data`, recomputed when it changes rather than per frame.
    findings: Vec<(usize, usize)>,
    areas: Vec<AreaFigures>,
    object_progress: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub item: String,
    pub object_id: i64,
    pub object_name: String,
    pub previous: Option<ResultRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub rows: Vec<Row>,
    pub selected: usize,
    pub pane: Pane,
    pub object_selected: usize,
    pub filter: Filter,
    pub search: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Items,
    Objects,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    NotAssessed,
    Findings,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::NotAssessed,
            Filter::NotAssessed => Filter::Findings,
            Filter::Findings => Filter::All,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Filter::All, Lang::Zh) => "全部",
            (Filter::All, Lang::En) => "all",
            (Filter::NotAssessed, Lang::Zh) => "未测评",
            (Filter::NotAssessed, Lang::En) => "not assessed",
            (Filter::Findings, Lang::Zh) => "问题项",
            (Filter::Findings, Lang::En) => "findings",
        }
    }
}

/// A line of the checklist tree: a category heading or an item (index into items).
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Category { pack: String, code: String, name: Text },
    Item(usize),
}

impl Workspace {
    pub fn new(path: PathBuf, data: EngagementData, evidence: Vec<EvidenceRow>) -> Self {
        let status = data.status();
        let mut w = Workspace {
            path,
            data,
            status,
            evidence,
            tab: Tab::Dashboard,
            checklist: Checklist {
                rows: Vec::new(),
                selected: 0,
                pane: Pane::Items,
                object_selected: 0,
                filter: Filter::All,
                search: String::new(),
            },
            findings_selected: 0,
            objects_selected: 0,
            evidence_selected: 0,
            undo: Vec::new(),
            results: HashMap::new(),
            findings: Vec::new(),
            areas: Vec::new(),
            object_progress: Vec::new(),
        };
        w.refresh();
        w.rebuild_rows();
        w
    }

    /// Takes fresh data after a change, keeping the selection on the same item.
    pub fn reload(&mut self, data: EngagementData, evidence: Vec<EvidenceRow>) {
        let keep = self.selected_item().map(|i| i.id.clone());
        self.data = data;
        self.evidence = evidence;
        self.refresh();
        self.rebuild_rows();
        if let Some(id) = keep {
            self.select_item(&id);
        }
    }

    /// Recomputes everything derived from `data`: status, result index, findings,
    /// area figures and per-object progress.
    fn refresh(&mut self) {
        let d = &self.data;
        self.status = d.status();
        self.results.clear();
        for (i, r) in d.results.iter().enumerate() {
            self.results
                .entry(r.item_id.clone())
                .or_default()
                .insert(r.object_id, i);
        }
        let pairs = d.pairs();
        let assessments = d.assessments();
        let mut findings: Vec<(u8, usize, usize)> = pairs
            .iter()
            .zip(&assessments)
            .filter(|(_, a)| a.verdict.is_finding())
            .map(|(p, a)| (crate::domain::Risk::rank(a.risk), p.item, p.object))
            .collect();
        findings.sort_by_key(|f| f.0);
        self.findings = findings.into_iter().map(|(_, i, o)| (i, o)).collect();
        self.areas = crate::domain::Area::ALL
            .iter()
            .map(|&area| {
                let of: Vec<&crate::domain::Assessment> = pairs
                    .iter()
                    .zip(&assessments)
                    .filter(|(p, _)| d.items[p.item].areas.contains(&area))
                    .map(|(_, a)| a)
                    .collect();
                AreaFigures {
                    area,
                    applicable: of.len(),
                    assessed: of.iter().filter(|a| a.verdict != Verdict::NotAssessed).count(),
                    rate: crate::domain::scoring::compliance_rate(
                        of.iter().map(|a| (a.weight, a.effective())),
                    ),
                }
            })
            .collect();
        self.object_progress = vec![(0, 0); d.objects.len()];
        for (p, a) in pairs.iter().zip(&assessments) {
            let slot = &mut self.object_progress[p.object];
            slot.1 += 1;
            slot.0 += usize::from(a.verdict != Verdict::NotAssessed);
        }
    }

    pub fn result(&self, item: &str, object_id: i64) -> Option<&ResultRow> {
        self.results
            .get(item)?
            .get(&object_id)
            .map(|&i| &self.data.results[i])
    }

    /// The objects an item is recorded against, in object order.
    pub fn objects_for(&self, item: &Item) -> Vec<&Object> {
        self.data
            .objects
            .iter()
            .filter(|o| item.applies_to.contains(&o.kind))
            .collect()
    }

    /// The verdict of an item × object pair (not assessed without a result).
    pub fn verdict(&self, item: &Item, object: &Object) -> Verdict {
        self.result(&item.id, object.id)
            .map_or(Verdict::NotAssessed, |r| r.verdict)
    }

    /// An item over its objects: the roll-up of the assessed results, how many are
    /// assessed, and of how many.
    pub fn item_progress(&self, item: &Item) -> (Verdict, usize, usize) {
        let verdicts: Vec<Verdict> = self
            .objects_for(item)
            .iter()
            .map(|o| self.verdict(item, o))
            .collect();
        let assessed = verdicts.iter().filter(|v| **v != Verdict::NotAssessed).count();
        (roll_up(verdicts.iter().copied()), assessed, verdicts.len())
    }

    fn matches(&self, item: &Item) -> bool {
        let objects = self.objects_for(item);
        if objects.is_empty() {
            return false;
        }
        let by_filter = match self.checklist.filter {
            Filter::All => true,
            Filter::NotAssessed => objects
                .iter()
                .any(|o| self.verdict(item, o) == Verdict::NotAssessed),
            Filter::Findings => objects.iter().any(|o| self.verdict(item, o).is_finding()),
        };
        let needle = self.checklist.search.trim().to_lowercase();
        let by_search = needle.is_empty()
            || [
                &item.id,
                &item.text.zh,
                &item.text.en,
                &item.control_point.zh,
                &item.control_point.en,
            ]
            .iter()
            .any(|t| t.to_lowercase().contains(&needle));
        by_filter && by_search
    }

    /// Rebuilds the tree for the current filter and search.
    pub fn rebuild_rows(&mut self) {
        let mut rows = Vec::new();
        let mut last: Option<(String, String)> = None;
        for (i, item) in self.data.items.iter().enumerate() {
            if !self.matches(item) {
                continue;
            }
            let key = (item.pack.clone(), item.category.clone());
            if last.as_ref() != Some(&key) {
                rows.push(Row::Category {
                    pack: key.0.clone(),
                    code: key.1.clone(),
                    name: item.category_name.clone(),
                });
                last = Some(key);
            }
            rows.push(Row::Item(i));
        }
        self.checklist.rows = rows;
        self.checklist.selected = self
            .checklist
            .selected
            .min(self.checklist.rows.len().saturating_sub(1));
        if matches!(
            self.checklist.rows.get(self.checklist.selected),
            Some(Row::Category { .. })
        ) {
            self.checklist.selected =
                (self.checklist.selected + 1).min(self.checklist.rows.len().saturating_sub(1));
        }
    }

    pub fn selected_item(&self) -> Option<&Item> {
        match self.checklist.rows.get(self.checklist.selected) {
            Some(Row::Item(i)) => self.data.items.get(*i),
            _ => None,
        }
    }

    /// The object selected in the results pane for the selected item.
    pub fn selected_object(&self) -> Option<&Object> {
        let item = self.selected_item()?;
        let objects = self.objects_for(item);
        objects
            .get(
                self.checklist
                    .object_selected
                    .min(objects.len().saturating_sub(1)),
            )
            .copied()
    }

    pub fn select_item(&mut self, id: &str) -> bool {
        let found = self
            .checklist
            .rows
            .iter()
            .position(|r| matches!(r, Row::Item(i) if self.data.items[*i].id == id));
        if let Some(pos) = found {
            self.checklist.selected = pos;
        }
        found.is_some()
    }

    /// Findings (partial or non-compliant results) as (item index, object index),
    /// highest risk first, then in checklist order.
    pub fn findings(&self) -> &[(usize, usize)] {
        &self.findings
    }

    /// Figures per mission area over every pair in scope.
    pub fn area_figures(&self) -> &[AreaFigures] {
        &self.areas
    }

    /// Assessed and applicable pairs of the object at `index`.
    pub fn object_progress(&self, index: usize) -> (usize, usize) {
        self.object_progress.get(index).copied().unwrap_or((0, 0))
    }
}

/// Progress and rate of one mission area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub area: crate::domain::Area,
    pub applicable: usize,
    pub assessed: usize,
    pub rate: Option<f64>,
}
