//! One copy of the engagement as a merge reads it: everything that can travel between
//! copies, keyed by uid.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::rows::Rows;
use crate::domain::merge::Content;

/// A pair: item id and object uid.
pub(super) type PairKey = (String, String);

pub(super) struct Side {
    pub engagement: String,
    pub audit_head: String,
    pub objects: Rows,
    pub object_at: HashMap<String, usize>,
    pub revisions: Rows,
    pub revision_at: HashMap<String, usize>,
    pub heads: HashMap<PairKey, String>,
    pub items: HashSet<String>,
    pub evidence: Rows,
    pub evidence_uids: HashSet<String>,
    pub contents: HashSet<String>,
    pub links: HashSet<(String, String, String)>,
    pub journal: Rows,
    pub journal_uids: HashSet<String>,
    /// Open conflicts: pair → (row id, their revision).
    pub conflicts: HashMap<PairKey, (i64, String)>,
}

fn index(rows: &Rows, column: &str) -> HashMap<String, usize> {
    (0..rows.len()).map(|i| (rows.text(i, column), i)).collect()
}

fn set_of<T: std::hash::Hash + Eq>(
    conn: &Connection,
    sql: &str,
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<HashSet<T>> {
    conn.prepare(sql)?.query_map([], f)?.collect()
}

impl Side {
    pub fn read(conn: &Connection) -> rusqlite::Result<Side> {
        let engagement = conn.query_row("SELECT uid FROM engagement WHERE id = 1", [], |r| r.get(0))?;
        let audit_head: Option<String> = conn
            .query_row("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let objects = Rows::read(conn, "SELECT * FROM object ORDER BY id", [])?;
        let revisions = Rows::read(
            conn,
            "SELECT r.*, o.uid AS object_uid FROM result_revision r JOIN object o ON o.id = r.object_id
             ORDER BY r.id",
            [],
        )?;
        let heads = conn
            .prepare(
                "SELECT r.item_id, o.uid, r.revision FROM result r JOIN object o ON o.id = r.object_id
                 WHERE r.revision IS NOT NULL",
            )?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let evidence = Rows::read(
            conn,
            "SELECT e.*, c.sha256 AS content_sha256 FROM evidence e JOIN content c ON c.id = e.content_id
             ORDER BY e.id",
            [],
        )?;
        let journal = Rows::read(
            conn,
            "SELECT j.*, e.uid AS evidence_uid FROM journal j LEFT JOIN evidence e ON e.id = j.evidence_id
             ORDER BY j.id",
            [],
        )?;
        let conflicts = conn
            .prepare(
                "SELECT c.item_id, o.uid, c.id, c.theirs_revision FROM merge_conflict c
                 JOIN object o ON o.id = c.object_id WHERE c.resolved_at IS NULL",
            )?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Side {
            engagement,
            audit_head: audit_head.unwrap_or_default(),
            object_at: index(&objects, "uid"),
            revision_at: index(&revisions, "uid"),
            evidence_uids: index(&evidence, "uid").into_keys().collect(),
            journal_uids: index(&journal, "uid").into_keys().collect(),
            objects,
            revisions,
            heads,
            items: set_of(conn, "SELECT id FROM item", |r| r.get(0))?,
            evidence,
            contents: set_of(conn, "SELECT sha256 FROM content WHERE sha256 IS NOT NULL", |r| {
                r.get(0)
            })?,
            links: set_of(
                conn,
                "SELECT e.uid, l.item_id, o.uid FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id
                 JOIN object o ON o.id = l.object_id",
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?,
            journal,
            conflicts,
        })
    }

    /// Whether the object `uid` is here and removed from the scope.
    pub fn removed(&self, uid: &str) -> bool {
        self.object_at
            .get(uid)
            .is_some_and(|&i| self.objects.opt(i, "removed_at").is_some())
    }

    pub fn object_name(&self, uid: &str) -> Option<String> {
        self.object_at.get(uid).map(|&i| self.objects.text(i, "name"))
    }

    pub fn names(&self) -> HashSet<String> {
        (0..self.objects.len())
            .map(|i| self.objects.text(i, "name"))
            .collect()
    }
}

/// A revision as the merge compares and reports it.
#[derive(Debug, Clone)]
pub(super) struct Revision {
    pub content: Content,
    pub author: String,
    pub at: String,
}

pub(super) fn revision(rows: &Rows, i: usize) -> Revision {
    Revision {
        content: Content {
            verdict: rows.text(i, "verdict"),
            record: rows.text(i, "record"),
            risk: rows.opt(i, "risk"),
            high_risk_case: rows.opt(i, "high_risk_case"),
            major_hidden_risk: rows.flag(i, "major_hidden_risk"),
            na_reason: rows.text(i, "na_reason"),
            corrected_verdict: rows.opt(i, "corrected_verdict"),
            correction_rationale: rows.text(i, "correction_rationale"),
            remediation: rows.text(i, "remediation"),
            remediated: rows.flag(i, "remediated"),
        },
        author: rows.text(i, "author"),
        at: rows.text(i, "at"),
    }
}
