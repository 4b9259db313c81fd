//! Writing a planned merge, and resolving one conflict, each in one transaction with its
//! audit row; every row written is recorded for `verify`.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Merge, MergeReport, Stance};
use crate::domain::hex::hex;
use crate::domain::ids::Uid;
use crate::store::covered::{Changes, Table};
use crate::store::{Result, Store, StoreError, now};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// A resolved conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub kept: Stance,
    pub open_conflicts: usize,
}

fn id_of(conn: &Connection, table: &str, column: &str, key: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE {column} = ?1"))?
        .query_row([key], |r| r.get(0))
}

const CONTENT_COLUMNS: &str =
    "verdict, record, risk, high_risk_case, major_hidden_risk, na_reason, corrected_verdict,
                               correction_rationale, remediation, remediated";

/// A new revision with the content of revision `source`, following `parent` and
/// joining `merged`; returns its uid.
fn join(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    source: &str,
    object_id: i64,
    parent: Option<&str>,
    merged: &str,
    actor: &str,
) -> Result<String> {
    let uid = Uid::random().to_string();
    tx.prepare_cached(&format!(
        "INSERT INTO result_revision (uid, item_id, object_id, parent, merged, op, {CONTENT_COLUMNS}, author, at)
         SELECT ?1, item_id, ?2, ?3, ?4, 'merge', {CONTENT_COLUMNS}, ?5, ?6 FROM result_revision WHERE uid = ?7"
    ))?
    .execute(params![uid, object_id, parent, merged, actor, now(), source])?;
    changes.wrote(tx, Table::Revision, "x.uid = ?1", [&uid])?;
    Ok(uid)
}

/// Makes revision `uid` the head of its pair (on `object_id`).
fn set_head(tx: &Transaction<'_>, changes: &mut Changes, uid: &str, object_id: i64) -> Result<()> {
    let item: String = tx.query_row("SELECT item_id FROM result_revision WHERE uid = ?1", [uid], |r| {
        r.get(0)
    })?;
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO result (item_id, object_id, {CONTENT_COLUMNS}, updated_by, updated_at, revision)
         SELECT item_id, ?2, {CONTENT_COLUMNS}, author, at, uid FROM result_revision WHERE uid = ?1"
    ))?
    .execute(params![uid, object_id])?;
    changes.wrote(
        tx,
        Table::Result,
        "x.item_id = ?1 AND x.object_id = ?2",
        params![item, object_id],
    )?;
    Ok(())
}

impl Store {
    /// Writes `merge` (planned from `other`) in one transaction whose audit row names
    /// both audit heads. Writes nothing when the merge brings nothing new.
    pub fn apply_merge(&mut self, other: &Store, merge: &Merge, other_file: &str) -> Result<MergeReport> {
        let report = merge.report.clone();
        if !report.changes {
            return Ok(report);
        }
        let actor = self.actor().to_string();
        let target = format!("engagement:{}", merge.other.engagement);
        self.mutate("merge", &target, |tx, changes| {
            write_merge(tx, changes, other.conn(), merge, other_file, &actor)?;
            let detail = json!({
                "other": other_file,
                "ours_head": report.ours_head,
                "theirs_head": report.theirs_head,
                "objects": report.objects.len(),
                "revisions": report.revisions,
                "took": report.took.len(),
                "conflicts": report.conflicts.len(),
                "evidence": report.evidence,
                "links": report.links,
                "journal": report.journal,
            });
            Ok((report.clone(), detail))
        })
    }

    /// Resolves the open conflict of one pair: `Theirs` makes their revision's content
    /// the result, `Ours` keeps ours; either way as a new revision joining both
    /// histories, so merging that copy again finds nothing to decide.
    pub fn resolve_conflict(&mut self, item: &str, object_id: i64, side: Side) -> Result<Option<Resolved>> {
        let open: Option<(i64, String, Option<String>, String)> = self
            .conn()
            .query_row(
                "SELECT c.id, c.theirs_revision, r.revision, o.uid FROM merge_conflict c
                 JOIN object o ON o.id = c.object_id
                 LEFT JOIN result r ON r.item_id = c.item_id AND r.object_id = c.object_id
                 WHERE c.item_id = ?1 AND c.object_id = ?2 AND c.resolved_at IS NULL",
                params![item, object_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, theirs, head, object_uid)) = open else {
            return Ok(None);
        };
        let source = match (side, &head) {
            (Side::Ours, Some(h)) => h.clone(),
            _ => theirs.clone(),
        };
        let actor = self.actor().to_string();
        let target = format!("result:{item}@{object_uid}");
        let resolved = self.mutate("resolve-conflict", &target, |tx, changes| {
            let uid = join(tx, changes, &source, object_id, head.as_deref(), &theirs, &actor)?;
            set_head(tx, changes, &uid, object_id)?;
            tx.execute(
                "UPDATE merge_conflict SET resolved_at = ?1, resolved_by = ?2, resolution = ?3 WHERE id = ?4",
                params![now(), actor, side.as_str(), id],
            )?;
            changes.wrote(tx, Table::Conflict, "x.id = ?1", [id])?;
            let kept = super::revision_by_uid(tx, &uid)?;
            let open = open_conflicts(tx)?;
            let detail = json!({ "take": side.as_str(), "revision": uid, "theirs": theirs, "ours": head });
            Ok((
                Resolved {
                    kept,
                    open_conflicts: open,
                },
                detail,
            ))
        })?;
        Ok(Some(resolved))
    }

    /// How many merge conflicts wait for someone to take a side.
    pub fn open_conflict_count(&self) -> Result<usize> {
        Ok(open_conflicts(self.conn())?)
    }
}

fn open_conflicts(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row(
        "SELECT count(*) FROM merge_conflict WHERE resolved_at IS NULL",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as usize)
}

fn write_merge(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    other: &Connection,
    merge: &Merge,
    other_file: &str,
    actor: &str,
) -> Result<()> {
    let (plan, side) = (&merge.plan, &merge.other);
    let mut filled = std::collections::BTreeSet::new();
    for (uid, field, value) in &plan.fills {
        // `field` is one of the fixed DESCRIPTION columns, never input.
        tx.execute(
            &format!("UPDATE object SET {field} = ?1 WHERE uid = ?2"),
            params![value, uid],
        )?;
        filled.insert(uid);
    }
    for uid in filled {
        changes.wrote(tx, Table::Object, "x.uid = ?1", [uid])?;
    }
    for (i, name) in &plan.objects {
        side.objects
            .insert_into(tx, "object", *i, &["id"], &[("name", Value::Text(name.clone()))])?;
        changes.wrote(tx, Table::Object, "x.uid = ?1", [side.objects.text(*i, "uid")])?;
    }
    let revisions = &side.revisions;
    for &i in &plan.revisions {
        let object = id_of(tx, "object", "uid", &revisions.text(i, "object_uid"))?;
        revisions.insert_into(
            tx,
            "result_revision",
            i,
            &["id", "object_uid"],
            &[("object_id", Value::Integer(object))],
        )?;
        changes.wrote(tx, Table::Revision, "x.uid = ?1", [revisions.text(i, "uid")])?;
    }
    for m in &plan.heads {
        let object = id_of(tx, "object", "uid", &m.object)?;
        let head = match &m.parent {
            Some(parent) => join(tx, changes, &m.theirs, object, Some(parent), &m.theirs, actor)?,
            None => m.theirs.clone(),
        };
        set_head(tx, changes, &head, object)?;
    }
    let at = now();
    for c in &plan.conflicts {
        let object = id_of(tx, "object", "uid", &c.object)?;
        let head = &merge.report.theirs_head;
        let id = match c.replaces {
            Some(id) => {
                tx.execute(
                    "UPDATE merge_conflict SET ours_revision = ?1, theirs_revision = ?2, other_file = ?3,
                            other_head = ?4, found_at = ?5, found_by = ?6 WHERE id = ?7",
                    params![c.ours, c.theirs, other_file, head, at, actor, id],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO merge_conflict (item_id, object_id, ours_revision, theirs_revision, other_file,
                                                 other_head, found_at, found_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![c.item, object, c.ours, c.theirs, other_file, head, at, actor],
                )?;
                tx.last_insert_rowid()
            }
        };
        changes.wrote(tx, Table::Conflict, "x.id = ?1", [id])?;
    }
    for sha in &plan.contents {
        copy_content(tx, changes, other, sha, other_file)?;
    }
    let evidence = &side.evidence;
    for &i in &plan.evidence {
        let content = id_of(tx, "content", "sha256", &evidence.text(i, "content_sha256"))?;
        evidence.insert_into(
            tx,
            "evidence",
            i,
            &["id", "content_sha256"],
            &[("content_id", Value::Integer(content))],
        )?;
        changes.wrote(tx, Table::Evidence, "x.uid = ?1", [evidence.text(i, "uid")])?;
    }
    for (e, item, o) in &plan.links {
        let (e, o) = (id_of(tx, "evidence", "uid", e)?, id_of(tx, "object", "uid", o)?);
        tx.prepare_cached("INSERT INTO evidence_link (evidence_id, item_id, object_id) VALUES (?1, ?2, ?3)")?
            .execute(params![e, item, o])?;
        changes.wrote(
            tx,
            Table::Link,
            "x.evidence_id = ?1 AND x.item_id = ?2 AND x.object_id = ?3",
            params![e, item, o],
        )?;
    }
    let journal = &side.journal;
    for &i in &plan.journal {
        let evidence = match journal.opt(i, "evidence_uid") {
            Some(uid) => Value::Integer(id_of(tx, "evidence", "uid", &uid)?),
            None => Value::Null,
        };
        journal.insert_into(
            tx,
            "journal",
            i,
            &["id", "evidence_uid"],
            &[("evidence_id", evidence)],
        )?;
        changes.wrote(tx, Table::Journal, "x.uid = ?1", [journal.text(i, "uid")])?;
    }
    Ok(())
}

/// Copies the bytes with hash `sha` from the other copy, one chunk in memory at a time,
/// checking the hash as they stream.
fn copy_content(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    other: &Connection,
    sha: &str,
    other_file: &str,
) -> Result<()> {
    let (source, size): (i64, i64) =
        other.query_row("SELECT id, size FROM content WHERE sha256 = ?1", [sha], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    tx.execute("INSERT INTO content (sha256, size) VALUES (NULL, ?1)", [size])?;
    let id = tx.last_insert_rowid();
    let mut read = other.prepare_cached("SELECT seq, data FROM chunk WHERE content_id = ?1 ORDER BY seq")?;
    let mut insert = tx.prepare_cached("INSERT INTO chunk (content_id, seq, data) VALUES (?1, ?2, ?3)")?;
    let mut hasher = Sha256::new();
    let mut rows = read.query([source])?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let data = r.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        hasher.update(data);
        insert.execute(params![id, seq, data])?;
    }
    if hex(&hasher.finalize()) != sha {
        return Err(StoreError::Invalid(format!(
            "{other_file}: the stored bytes of content {sha} do not match their hash; nothing was merged (run dengbao verify on it)"
        )));
    }
    tx.execute("UPDATE content SET sha256 = ?1 WHERE id = ?2", params![sha, id])?;
    changes.wrote(tx, Table::Content, "x.id = ?1", [id])?;
    Ok(())
}
