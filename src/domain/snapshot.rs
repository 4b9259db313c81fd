//! An engagement as read from its file, in one piece: the scope it was created with
//! (packs, items, high-risk cases — never changed afterwards) and the state that changes
//! (cover details, objects, results, evidence, journal). Everything that shows figures
//! computes them from a snapshot through [`super::analysis::Analysis`]; the terminal UI
//! patches its snapshot with the change it just saved instead of reading the file again.

use std::collections::HashMap;

use super::carry::Carried;
use super::checklist::{Case, Item, PackMeta};
use super::engagement::Engagement;
use super::evidence::{Evidence, JournalEntry};
use super::object::Object;
use super::result::ResultState;
use super::vocab::PackRole;

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub engagement: Engagement,
    pub packs: Vec<PackMeta>,
    pub items: Vec<Item>,
    pub cases: Vec<Case>,
    pub objects: Vec<Object>,
    pub results: Vec<ResultState>,
    pub evidence: Vec<Evidence>,
    pub journal: Vec<JournalEntry>,
    pub carried: Option<Carried>,
    pub details: super::details::Details,
    /// Merge conflicts not yet resolved (a colleague's copy changed a result differently).
    pub conflicts: Vec<super::merge::ConflictLine>,
    pub audit_rows: usize,
    pub audit_head: String,
    /// When the engagement last changed (the time of its last audit row), RFC 3339 UTC;
    /// as loaded (the UI's patches leave it).
    pub changed_at: String,
}

impl Snapshot {
    /// The role of a pack in this engagement.
    pub fn role_of(&self, pack: &str) -> Option<PackRole> {
        self.packs.iter().find(|p| p.id == pack).map(|p| p.role)
    }

    /// Replaces the result of its pair (or adds it): what the UI does after a save.
    pub fn put_result(&mut self, row: ResultState) {
        match self
            .results
            .iter_mut()
            .find(|r| r.item_id == row.item_id && r.object_id == row.object_id)
        {
            Some(slot) => *slot = row,
            None => self.results.push(row),
        }
    }

    /// Drops the open merge conflict of a pair the store has just recorded anew (which
    /// settles it); returns whether there was one.
    pub fn settle(&mut self, item_id: &str, object_id: i64) -> bool {
        let Some(name) = self.objects.iter().find(|o| o.id == object_id).map(|o| &o.name) else {
            return false;
        };
        let open = self.conflicts.len();
        self.conflicts
            .retain(|c| !(c.item == item_id && &c.object == name));
        self.conflicts.len() != open
    }

    /// Adds a piece of evidence (what the UI does after an attach).
    pub fn put_evidence(&mut self, piece: Evidence) {
        match self.evidence.iter_mut().find(|e| e.id == piece.id) {
            Some(slot) => *slot = piece,
            None => self.evidence.push(piece),
        }
    }

    /// Pieces of evidence linked to each (item id, object row id).
    pub fn evidence_counts(&self) -> HashMap<(&str, i64), usize> {
        let ids: HashMap<&str, i64> = self.objects.iter().map(|o| (o.uid.as_str(), o.id)).collect();
        let mut counts = HashMap::new();
        for e in &self.evidence {
            for l in &e.links {
                if let Some(&object) = ids.get(l.object_uid.as_str()) {
                    *counts.entry((l.item.as_str(), object)).or_insert(0) += 1;
                }
            }
        }
        counts
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }
}
