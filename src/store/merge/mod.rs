//! Merging a colleague's copy of the same engagement into this one, and resolving the
//! conflicts a merge leaves.
//!
//! Everything that travels is matched by uid: objects, result revisions, evidence (its
//! bytes by SHA-256), evidence links and journal entries are united; each result takes
//! the state [`crate::domain::merge::decide`] picks. The other copy is only read. The
//! whole merge is one transaction with one audit row naming both audit heads; a merge
//! that would bring nothing new writes nothing.

mod rows;
mod side;
mod write;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Result, Store};
pub use crate::domain::merge::{ConflictLine, Stance};
use crate::domain::merge::{Head, History, Outcome, decide};
use rows::Rows;
use side::{PairKey, Revision, Side, revision};
pub use write::{Resolved, Side as Take};

/// One pair whose state the merge settled (taken, or kept over a not-assessed one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairLine {
    pub item: String,
    pub object: String,
    pub outcome: Outcome,
    pub ours: Option<String>,
    pub theirs: String,
}

/// An object both copies added under the same name, as distinct objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    pub name: String,
    pub added_as: String,
}

/// A description field of an object both copies hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectField {
    pub object: String,
    /// The column: `detail`, `ip`, `os`, `location`, `importance`, `purpose`,
    /// `sampling_group`; among differences also `name`, and `removed` for an object
    /// their copy took out of the scope.
    pub field: &'static str,
    pub ours: String,
    pub theirs: String,
}

/// The description fields of an object that a merge fills in where this copy left them
/// empty; where both copies filled one in differently it is listed and left alone (an
/// object has no history to tell which side changed it).
const DESCRIPTION: &[&str] = &[
    "detail",
    "ip",
    "os",
    "location",
    "importance",
    "purpose",
    "sampling_group",
];

/// What a merge brings (or, dry, would bring).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MergeReport {
    pub ours_head: String,
    pub theirs_head: String,
    pub objects: Vec<String>,
    pub renamed: Vec<Renamed>,
    /// Description fields of shared objects filled in from their copy.
    pub filled: Vec<ObjectField>,
    /// Fields of shared objects both copies set differently: left as they are here.
    pub differs: Vec<ObjectField>,
    pub revisions: usize,
    pub took: Vec<PairLine>,
    pub kept: Vec<PairLine>,
    pub same: usize,
    pub evidence: usize,
    pub contents: usize,
    pub links: usize,
    pub journal: usize,
    /// Their results on objects removed here or items this copy lacks: not taken.
    pub skipped: usize,
    /// Conflicts this merge found, new or still open from an earlier merge.
    pub conflicts: Vec<ConflictLine>,
    /// Open conflicts after the merge, these and earlier ones.
    pub open_conflicts: usize,
    /// Whether the merge writes anything.
    pub changes: bool,
}

/// A head the merge moves: to their revision, or (`parent` set) to a new revision with
/// their content joining both histories.
#[derive(Debug)]
struct HeadMove {
    object: String,
    theirs: String,
    parent: Option<String>,
}

#[derive(Debug)]
struct NewConflict {
    item: String,
    object: String,
    ours: String,
    theirs: String,
    replaces: Option<i64>,
}

/// What a merge writes, by rows of the other copy.
#[derive(Debug, Default)]
struct Plan {
    objects: Vec<(usize, String)>,
    /// Shared objects' empty fields to fill: object uid, column, their value.
    fills: Vec<(String, &'static str, String)>,
    revisions: Vec<usize>,
    heads: Vec<HeadMove>,
    conflicts: Vec<NewConflict>,
    contents: Vec<String>,
    evidence: Vec<usize>,
    links: Vec<(String, String, String)>,
    journal: Vec<usize>,
}

/// A merge worked out from both copies, ready to write.
pub struct Merge {
    pub report: MergeReport,
    other: Side,
    plan: Plan,
}

/// The copies are of different engagements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrelated {
    pub ours: String,
    pub theirs: String,
}

impl Store {
    /// Works out what merging `other` into this copy does, writing nothing.
    pub fn plan_merge(&self, other: &Store) -> Result<std::result::Result<Merge, Unrelated>> {
        let ours = Side::read(self.conn())?;
        let theirs = Side::read(other.conn())?;
        if ours.engagement != theirs.engagement {
            return Ok(Err(Unrelated {
                ours: ours.engagement,
                theirs: theirs.engagement,
            }));
        }
        let (plan, report) = plan(&ours, &theirs);
        Ok(Ok(Merge {
            report,
            other: theirs,
            plan,
        }))
    }
}

fn plan(ours: &Side, theirs: &Side) -> (Plan, MergeReport) {
    let mut plan = Plan::default();
    let mut report = MergeReport {
        ours_head: ours.audit_head.clone(),
        theirs_head: theirs.audit_head.clone(),
        ..Default::default()
    };
    let names = plan_objects(ours, theirs, &mut plan, &mut report);
    let name_of = |uid: &str| {
        ours.object_name(uid)
            .or_else(|| names.get(uid).cloned())
            .unwrap_or_else(|| uid.to_string())
    };
    let mut history = History::default();
    for side in [ours, theirs] {
        let r = &side.revisions;
        for i in 0..r.len() {
            let (p, m) = (r.opt(i, "parent"), r.opt(i, "merged"));
            history.add(&r.text(i, "uid"), p.as_deref(), m.as_deref());
        }
    }
    let r = &theirs.revisions;
    plan.revisions = (0..r.len())
        .filter(|&i| {
            !ours.revision_at.contains_key(&r.text(i, "uid")) && ours.items.contains(&r.text(i, "item_id"))
        })
        .collect();
    let lookup = |uid: &str| -> Option<Revision> {
        ours.revision_at
            .get(uid)
            .map(|&i| revision(&ours.revisions, i))
            .or_else(|| {
                theirs
                    .revision_at
                    .get(uid)
                    .map(|&i| revision(&theirs.revisions, i))
            })
    };
    let mut pairs: Vec<(&PairKey, &String)> = theirs.heads.iter().collect();
    pairs.sort();
    let mut open = ours.conflicts.len();
    for ((item, object), their_head) in pairs {
        if !ours.items.contains(item) || ours.removed(object) {
            report.skipped += 1;
            continue;
        }
        let our_head = ours.heads.get(&(item.clone(), object.clone()));
        let (Some(t), o) = (lookup(their_head), our_head.and_then(|h| lookup(h))) else {
            continue;
        };
        let outcome = decide(
            &history,
            our_head.zip(o.as_ref()).map(|(h, o)| Head {
                revision: h,
                content: &o.content,
            }),
            Some(Head {
                revision: their_head,
                content: &t.content,
            }),
        );
        let line = || PairLine {
            item: item.clone(),
            object: name_of(object),
            outcome,
            ours: o.as_ref().map(|o| o.content.verdict.clone()),
            theirs: t.content.verdict.clone(),
        };
        match outcome {
            Outcome::UpToDate => {}
            Outcome::Same => report.same += 1,
            Outcome::KeepAssessed => report.kept.push(line()),
            Outcome::Take | Outcome::TakeAssessed => {
                report.took.push(line());
                plan.heads.push(HeadMove {
                    object: object.clone(),
                    theirs: their_head.clone(),
                    parent: (outcome == Outcome::TakeAssessed)
                        .then(|| our_head.cloned())
                        .flatten(),
                });
            }
            Outcome::Conflict => {
                let (Some(our_head), Some(o)) = (our_head, o) else {
                    continue;
                };
                let stored = ours.conflicts.get(&(item.clone(), object.clone()));
                if stored.is_none_or(|(_, t)| t != their_head) {
                    open += usize::from(stored.is_none());
                    plan.conflicts.push(NewConflict {
                        item: item.clone(),
                        object: object.clone(),
                        ours: our_head.clone(),
                        theirs: their_head.clone(),
                        replaces: stored.map(|(id, _)| *id),
                    });
                }
                report.conflicts.push(ConflictLine {
                    item: item.clone(),
                    object: name_of(object),
                    ours: stance(our_head, o),
                    theirs: stance(their_head, t),
                });
            }
        }
    }
    report.open_conflicts = open;
    plan_evidence(ours, theirs, &mut plan);
    report.objects = plan.objects.iter().map(|(_, n)| n.clone()).collect();
    report.revisions = plan.revisions.len();
    report.evidence = plan.evidence.len();
    report.contents = plan.contents.len();
    report.links = plan.links.len();
    report.journal = plan.journal.len();
    report.changes = !(plan.objects.is_empty()
        && plan.fills.is_empty()
        && plan.revisions.is_empty()
        && plan.heads.is_empty()
        && plan.conflicts.is_empty()
        && plan.evidence.is_empty()
        && plan.links.is_empty()
        && plan.journal.is_empty());
    (plan, report)
}

fn stance(revision: &str, r: Revision) -> Stance {
    Stance {
        revision: revision.to_string(),
        content: r.content,
        by: r.author,
        at: r.at,
    }
}

/// Their objects this copy lacks; one whose name is taken here by another object is
/// added under its name with the start of its uid, and reported. Returns uid → name.
fn plan_objects(
    ours: &Side,
    theirs: &Side,
    plan: &mut Plan,
    report: &mut MergeReport,
) -> HashMap<String, String> {
    let mut taken = ours.names();
    let mut names = HashMap::new();
    let o = &theirs.objects;
    for i in 0..o.len() {
        let uid = o.text(i, "uid");
        if let Some(&here) = ours.object_at.get(&uid) {
            compare_object(&ours.objects, here, o, i, plan, report);
            continue;
        }
        let name = o.text(i, "name");
        let added_as = if !taken.contains(&name) {
            name.clone()
        } else {
            let short = format!("{name} ({})", uid.get(..8).unwrap_or(&uid));
            if taken.contains(&short) {
                format!("{name} ({uid})")
            } else {
                short
            }
        };
        if added_as != name {
            report.renamed.push(Renamed {
                name,
                added_as: added_as.clone(),
            });
        }
        taken.insert(added_as.clone());
        names.insert(uid, added_as.clone());
        plan.objects.push((i, added_as));
    }
    names
}

/// One object both copies hold (row `here` of ours, `there` of theirs): their
/// description fills our empty fields; what both set differently is listed.
fn compare_object(
    ours: &Rows,
    here: usize,
    theirs: &Rows,
    there: usize,
    plan: &mut Plan,
    report: &mut MergeReport,
) {
    let object = ours.text(here, "name");
    let line = |field, ours: String, theirs: String| ObjectField {
        object: object.clone(),
        field,
        ours,
        theirs,
    };
    for &field in DESCRIPTION {
        let (a, b) = (ours.text(here, field), theirs.text(there, field));
        if b.is_empty() || a == b {
            continue;
        }
        if a.is_empty() {
            plan.fills.push((ours.text(here, "uid"), field, b.clone()));
            report.filled.push(line(field, a, b));
        } else {
            report.differs.push(line(field, a, b));
        }
    }
    let (a, b) = (ours.text(here, "name"), theirs.text(there, "name"));
    if a != b {
        report.differs.push(line("name", a, b));
    }
    if let (None, Some(at)) = (ours.opt(here, "removed_at"), theirs.opt(there, "removed_at")) {
        report.differs.push(line("removed", String::new(), at));
    }
}

/// Their evidence, bytes, links and journal entries this copy lacks.
fn plan_evidence(ours: &Side, theirs: &Side, plan: &mut Plan) {
    let e = &theirs.evidence;
    let mut contents = HashSet::new();
    for i in 0..e.len() {
        if ours.evidence_uids.contains(&e.text(i, "uid")) {
            continue;
        }
        let sha = e.text(i, "content_sha256");
        if !ours.contents.contains(&sha) && contents.insert(sha.clone()) {
            plan.contents.push(sha);
        }
        plan.evidence.push(i);
    }
    let mut links: Vec<_> = theirs
        .links
        .iter()
        .filter(|l| !ours.links.contains(*l) && ours.items.contains(&l.1) && !ours.removed(&l.2))
        .cloned()
        .collect();
    links.sort();
    plan.links = links;
    let j = &theirs.journal;
    plan.journal = (0..j.len())
        .filter(|&i| !ours.journal_uids.contains(&j.text(i, "uid")))
        .collect();
}

/// The revision `uid` of this copy, as one side of a conflict.
fn revision_by_uid(conn: &rusqlite::Connection, uid: &str) -> rusqlite::Result<Stance> {
    let rows = Rows::read(conn, "SELECT * FROM result_revision WHERE uid = ?1", [uid])?;
    if rows.len() == 0 {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    Ok(stance(uid, revision(&rows, 0)))
}

impl Store {
    /// The open merge conflicts, in checklist order.
    pub fn open_conflicts(&self) -> Result<Vec<ConflictLine>> {
        let open: Vec<(String, String, String, String)> = self
            .conn()
            .prepare(
                "SELECT c.item_id, o.name, c.ours_revision, c.theirs_revision FROM merge_conflict c
                 JOIN object o ON o.id = c.object_id JOIN item i ON i.id = c.item_id
                 WHERE c.resolved_at IS NULL ORDER BY i.ordinal, o.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        open.into_iter()
            .map(|(item, object, ours, theirs)| {
                Ok(ConflictLine {
                    item,
                    object,
                    ours: revision_by_uid(self.conn(), &ours)?,
                    theirs: revision_by_uid(self.conn(), &theirs)?,
                })
            })
            .collect()
    }
}
