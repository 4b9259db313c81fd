//! The checklist: categories → control points → items (foldable), with aggregated
//! verdict glyphs; the selected item's text, guidance, hints and high-risk cases; and its
//! result on every object. Filters by verdict, area, category, object kind and object
//! combine; a search looks in ids and both languages. After a filter or a search the
//! selected item stays selected when it is still visible.

pub mod update;
pub mod view;

use std::collections::HashSet;

use super::workspace::Workspace;
use crate::domain::{Area, Lang, ObjectKind, Text, Verdict};
use crate::tui::text::{T, t};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checklist {
    pub rows: Vec<Row>,
    pub selected: usize,
    pub pane: Pane,
    /// Position among the selected item's visible pairs.
    pub object_selected: usize,
    pub filter: Filter,
    pub search: String,
    /// Folded headings, by key.
    pub collapsed: HashSet<String>,
    pub detail_scroll: u16,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Items,
    Objects,
}

/// A line of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Category { key: String, code: String, name: Text },
    ControlPoint { key: String, name: Text },
    Item(usize),
}

impl Row {
    pub fn key(&self) -> Option<&str> {
        match self {
            Row::Category { key, .. } | Row::ControlPoint { key, .. } => Some(key),
            Row::Item(_) => None,
        }
    }
}

/// Which results a filter lets through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VerdictFilter {
    #[default]
    All,
    NotAssessed,
    Findings,
    Is(Verdict),
}

impl VerdictFilter {
    pub const ALL: [VerdictFilter; 8] = [
        VerdictFilter::All,
        VerdictFilter::NotAssessed,
        VerdictFilter::Findings,
        VerdictFilter::Is(Verdict::Compliant),
        VerdictFilter::Is(Verdict::Partial),
        VerdictFilter::Is(Verdict::NonCompliant),
        VerdictFilter::Is(Verdict::NotApplicable),
        VerdictFilter::Is(Verdict::NotAssessed),
    ];

    pub fn admits(self, v: Verdict) -> bool {
        match self {
            VerdictFilter::All => true,
            VerdictFilter::NotAssessed => v == Verdict::NotAssessed,
            VerdictFilter::Findings => v.is_finding(),
            VerdictFilter::Is(x) => v == x,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            VerdictFilter::All => t(lang, T::All),
            VerdictFilter::NotAssessed => t(lang, T::NotAssessedYet),
            VerdictFilter::Findings => t(lang, T::Findings),
            VerdictFilter::Is(v) => v.label(lang),
        }
    }
}

/// The checklist's filter: every dimension set narrows it further.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub verdict: VerdictFilter,
    pub area: Option<Area>,
    /// (pack, category code).
    pub category: Option<(String, String)>,
    pub kind: Option<ObjectKind>,
    /// Object index.
    pub object: Option<usize>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter in words, for the tree's title.
    pub fn describe(&self, w: &Workspace, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.verdict != VerdictFilter::All {
            parts.push(self.verdict.label(lang).to_string());
        }
        if let Some(a) = self.area {
            parts.push(a.label(lang).to_string());
        }
        if let Some((_, code)) = &self.category {
            parts.push(code.clone());
        }
        if let Some(k) = self.kind {
            parts.push(k.label(lang).to_string());
        }
        if let Some(o) = self.object.and_then(|o| w.snapshot.objects.get(o)) {
            parts.push(o.name.clone());
        }
        if parts.is_empty() {
            t(lang, T::All).to_string()
        } else {
            parts.join(" · ")
        }
    }
}

impl Workspace {
    /// The selected item's pairs that the filter's object dimensions admit.
    pub fn visible_pairs(&self, item: usize) -> Vec<usize> {
        let f = &self.checklist.filter;
        self.item_pairs[item]
            .iter()
            .copied()
            .filter(|&n| {
                let p = &self.analysis.pairs[n];
                f.object.is_none_or(|o| o == p.object)
                    && f.kind.is_none_or(|k| self.snapshot.objects[p.object].kind == k)
            })
            .collect()
    }

    fn matches(&self, item: usize) -> bool {
        let f = &self.checklist.filter;
        let it = &self.snapshot.items[item];
        let pairs = self.visible_pairs(item);
        if pairs.is_empty() {
            return false;
        }
        let by_verdict = pairs.iter().any(|&n| f.verdict.admits(self.verdict_of_pair(n)));
        let by_area = f.area.is_none_or(|a| it.areas.contains(&a));
        let by_category = f
            .category
            .as_ref()
            .is_none_or(|(pack, code)| &it.pack == pack && &it.category == code);
        let needle = self.checklist.search.trim().to_lowercase();
        let by_search = needle.is_empty()
            || [
                &it.id,
                &it.text.zh,
                &it.text.en,
                &it.control_point.zh,
                &it.control_point.en,
            ]
            .iter()
            .any(|s| s.to_lowercase().contains(&needle));
        by_verdict && by_area && by_category && by_search
    }

    /// Rebuilds the tree for the current filter, search and folds, keeping the selected
    /// item (or heading) when it is still there.
    pub fn rebuild_rows(&mut self) {
        let keep = self.checklist.rows.get(self.checklist.selected).cloned();
        let mut rows = Vec::new();
        let mut last_cat: Option<String> = None;
        let mut last_cp: Option<String> = None;
        for (i, item) in self.snapshot.items.iter().enumerate() {
            if self.item_pairs[i].is_empty() || !self.matches(i) {
                continue;
            }
            let cat = format!("{}/{}", item.pack, item.category);
            if last_cat.as_ref() != Some(&cat) {
                rows.push(Row::Category {
                    key: cat.clone(),
                    code: item.category.clone(),
                    name: item.category_name.clone(),
                });
                last_cat = Some(cat.clone());
                last_cp = None;
            }
            if self.checklist.collapsed.contains(&cat) {
                continue;
            }
            let cp = format!("{}/{}", item.pack, item.clause);
            if last_cp.as_ref() != Some(&cp) {
                rows.push(Row::ControlPoint {
                    key: cp.clone(),
                    name: item.control_point.clone(),
                });
                last_cp = Some(cp.clone());
            }
            if self.checklist.collapsed.contains(&cp) {
                continue;
            }
            rows.push(Row::Item(i));
        }
        self.checklist.rows = rows;
        let found = keep.and_then(|k| self.checklist.rows.iter().position(|r| *r == k));
        match found {
            Some(at) => self.checklist.selected = at,
            None => {
                self.checklist.selected = self
                    .checklist
                    .selected
                    .min(self.checklist.rows.len().saturating_sub(1));
                self.step_to_item(true);
            }
        }
    }

    /// Moves the selection off a heading onto the nearest item (forward or back),
    /// staying put when there is none.
    pub fn step_to_item(&mut self, forward: bool) {
        let rows = &self.checklist.rows;
        let mut at = self.checklist.selected;
        while let Some(r) = rows.get(at) {
            if matches!(r, Row::Item(_)) {
                self.checklist.selected = at;
                return;
            }
            if forward {
                at += 1;
            } else if at == 0 {
                break;
            } else {
                at -= 1;
            }
        }
    }

    pub fn selected_item(&self) -> Option<usize> {
        match self.checklist.rows.get(self.checklist.selected) {
            Some(Row::Item(i)) => Some(*i),
            _ => None,
        }
    }

    /// The selected pair (index into the analysis' pairs).
    pub fn selected_pair(&self) -> Option<usize> {
        let pairs = self.visible_pairs(self.selected_item()?);
        pairs
            .get(self.checklist.object_selected.min(pairs.len().saturating_sub(1)))
            .copied()
    }

    /// Selects item `item` and its pair with `object`, clearing what hides them.
    pub fn select(&mut self, item: usize, object: usize) {
        if !self.checklist.rows.contains(&Row::Item(item)) {
            self.checklist.filter = Filter::default();
            self.checklist.search.clear();
            let it = &self.snapshot.items[item];
            self.checklist
                .collapsed
                .remove(&format!("{}/{}", it.pack, it.category));
            self.checklist
                .collapsed
                .remove(&format!("{}/{}", it.pack, it.clause));
            self.rebuild_rows();
        }
        if let Some(at) = self.checklist.rows.iter().position(|r| *r == Row::Item(item)) {
            self.checklist.selected = at;
        }
        self.checklist.object_selected = self
            .visible_pairs(item)
            .iter()
            .position(|&n| self.analysis.pairs[n].object == object)
            .unwrap_or(0);
        self.checklist.detail_scroll = 0;
    }

    /// The visible pairs in tree order, as (item, position among its visible pairs).
    fn visible_in_order(&self) -> Vec<(usize, usize, usize)> {
        self.checklist
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Item(i) => Some(*i),
                _ => None,
            })
            .flat_map(|i| {
                self.visible_pairs(i)
                    .into_iter()
                    .enumerate()
                    .map(move |(pos, n)| (i, pos, n))
            })
            .collect()
    }

    /// Moves to the next (or previous) pair not assessed yet, wrapping around; false
    /// when there is none.
    pub fn next_todo(&mut self, forward: bool) -> bool {
        let order = self.visible_in_order();
        if order.is_empty() {
            return false;
        }
        let here = self
            .selected_item()
            .and_then(|i| {
                let pos = self.checklist.object_selected;
                order.iter().position(|&(oi, op, _)| oi == i && op == pos)
            })
            .unwrap_or(order.len() - 1);
        let len = order.len();
        for step in 1..=len {
            let at = if forward {
                (here + step) % len
            } else {
                (here + len - step % len) % len
            };
            let (i, _, n) = order[at];
            if self.verdict_of_pair(n) == Verdict::NotAssessed {
                let object = self.analysis.pairs[n].object;
                self.select(i, object);
                self.checklist.pane = Pane::Objects;
                return true;
            }
        }
        false
    }

    /// On opening: the first pair not assessed yet, else the first item.
    pub fn first_todo(&mut self) {
        self.checklist.selected = 0;
        self.step_to_item(true);
        self.checklist.object_selected = 0;
        if let Some(n) = self.selected_pair()
            && self.verdict_of_pair(n) == Verdict::NotAssessed
        {
            return;
        }
        if !self.next_todo(true) {
            self.checklist.pane = Pane::Items;
        }
    }

    /// An item over its visible objects: roll-up, assessed, applicable.
    pub fn item_progress(&self, item: usize) -> (Verdict, usize, usize) {
        let pairs = self.visible_pairs(item);
        let verdicts: Vec<Verdict> = pairs
            .iter()
            .map(|&n| self.analysis.pairs[n].assessment.effective())
            .collect();
        let assessed = pairs
            .iter()
            .filter(|&&n| self.verdict_of_pair(n) != Verdict::NotAssessed)
            .count();
        (crate::domain::scoring::roll_up(verdicts), assessed, pairs.len())
    }
}
