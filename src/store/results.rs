//! Results: the current verdict and record of each item × object (the head of its
//! revision history) and the append-only revisions.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::covered::{Changes, Table};
use super::engagement::{parse_col, parse_uid};
use super::{Result, Store, StoreError, now};
use crate::domain::ids::Uid;
use crate::domain::result::{ResultState, ResultUpdate, RevisionOp};
use crate::domain::vocab::Verdict;

const COLUMNS: &str = "item_id, object_id, verdict, record, risk, high_risk_case, major_hidden_risk,
    na_reason, corrected_verdict, correction_rationale, remediation, remediated, updated_by, updated_at, revision";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ResultState> {
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(ResultState {
        item_id: r.get(0)?,
        object_id: r.get(1)?,
        verdict: parse_col(&r.get::<_, String>(2)?)?,
        record: r.get(3)?,
        risk: opt(4)?.map(|s| parse_col(&s)).transpose()?,
        high_risk_case: opt(5)?,
        major_hidden_risk: r.get(6)?,
        na_reason: r.get(7)?,
        corrected_verdict: opt(8)?.map(|s| parse_col(&s)).transpose()?,
        correction_rationale: r.get(9)?,
        remediation: r.get(10)?,
        remediated: r.get(11)?,
        updated_by: r.get(12)?,
        updated_at: r.get(13)?,
        revision: opt(14)?.map(|s| parse_uid(&s)).transpose()?,
    })
}

impl Store {
    /// Every stored result of objects in scope (not-assessed ones included where a
    /// result was cleared).
    pub fn results(&self) -> Result<Vec<ResultState>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM result WHERE object_id IN (SELECT id FROM object WHERE removed_at IS NULL)"
        ))?;
        let rows = stmt
            .query_map([], row_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The result of one pair, if one was ever recorded.
    pub fn result(&self, item_id: &str, object_id: i64) -> Result<Option<ResultState>> {
        Ok(stored(self.conn(), item_id, object_id)?)
    }

    /// Applies `update` to one result; the caller has checked that the item applies to
    /// the object. Returns the new state.
    pub fn set_result(
        &mut self,
        item_id: &str,
        object_id: i64,
        update: &ResultUpdate,
    ) -> Result<ResultState> {
        let actor = self.actor().to_string();
        let target = target(self, item_id, object_id)?;
        self.mutate("set-result", &target, |tx, changes| {
            let stored = stored(tx, item_id, object_id)?;
            let previous = stored.as_ref().map(|r| r.verdict).unwrap_or(Verdict::NotAssessed);
            let base = stored.unwrap_or_else(|| ResultState::unassessed(item_id, object_id));
            let row = update
                .apply(base)
                .map_err(|v| StoreError::Invalid(v.to_string()))?;
            let conflict = open_conflict(tx, item_id, object_id)?;
            let row = write(tx, changes, row, RevisionOp::Set, None, &actor)?;
            let mut detail = state_detail(&row);
            detail["previous"] = json!(previous.as_str());
            if let Some((id, theirs)) = conflict {
                detail["settles_conflict"] = json!({ "id": id, "theirs": theirs });
            }
            Ok((row, detail))
        })
    }

    /// Puts a result back as it was before `undone` (the revision being taken back):
    /// a new revision with the earlier content.
    pub fn undo_result(
        &mut self,
        item_id: &str,
        object_id: i64,
        earlier: Option<&ResultState>,
        undone: &Uid,
    ) -> Result<ResultState> {
        let actor = self.actor().to_string();
        let target = target(self, item_id, object_id)?;
        self.mutate("undo-result", &target, |tx, changes| {
            let content = earlier
                .cloned()
                .unwrap_or_else(|| ResultState::unassessed(item_id, object_id));
            let row = write(tx, changes, content, RevisionOp::Undo, Some(undone), &actor)?;
            let mut detail = state_detail(&row);
            detail["undoes"] = json!(undone.as_str());
            Ok((row, detail))
        })
    }

    /// Pieces of evidence linked to each item × object pair.
    pub fn evidence_counts(&self) -> Result<HashMap<(String, i64), usize>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT item_id, object_id, count(*) FROM evidence_link GROUP BY item_id, object_id",
        )?;
        let counts = stmt
            .query_map([], |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
                    r.get::<_, i64>(2)? as usize,
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(counts)
    }
}

/// The audit target of a result: the item and the object's uid.
fn target(store: &Store, item_id: &str, object_id: i64) -> Result<String> {
    let uid: Option<String> = store
        .conn()
        .query_row("SELECT uid FROM object WHERE id = ?1", [object_id], |r| r.get(0))
        .optional()?;
    let uid = uid.ok_or_else(|| StoreError::Invalid(format!("object {object_id} does not exist")))?;
    Ok(format!("result:{item_id}@{uid}"))
}

pub(super) fn stored(
    conn: &rusqlite::Connection,
    item_id: &str,
    object_id: i64,
) -> rusqlite::Result<Option<ResultState>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM result WHERE item_id = ?1 AND object_id = ?2"
    ))?
    .query_row(params![item_id, object_id], row_from)
    .optional()
}

/// Writes `row` as a new revision (following the pair's current head) and as the
/// pair's current state, recording both rows in `changes`.
pub(super) fn write(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    mut row: ResultState,
    op: RevisionOp,
    undoes: Option<&Uid>,
    actor: &str,
) -> Result<ResultState> {
    let parent: Option<String> = tx
        .query_row(
            "SELECT revision FROM result WHERE item_id = ?1 AND object_id = ?2",
            params![row.item_id, row.object_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let revision = Uid::random();
    row.updated_by = actor.to_string();
    row.updated_at = now();
    row.revision = Some(revision.clone());
    let conflict = open_conflict(tx, &row.item_id, row.object_id)?;
    tx.prepare_cached(
        "INSERT INTO result_revision (uid, item_id, object_id, parent, merged, op, undoes, verdict, record,
                                      risk, high_risk_case, major_hidden_risk, na_reason, corrected_verdict,
                                      correction_rationale, remediation, remediated, author, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        revision.as_str(),
        row.item_id,
        row.object_id,
        parent,
        conflict.as_ref().map(|(_, theirs)| theirs),
        op.as_str(),
        undoes.map(|u| u.as_str()),
        row.verdict.as_str(),
        row.record,
        row.risk.map(|r| r.as_str()),
        row.high_risk_case,
        row.major_hidden_risk,
        row.na_reason,
        row.corrected_verdict.map(|v| v.as_str()),
        row.correction_rationale,
        row.remediation,
        row.remediated,
        row.updated_by,
        row.updated_at,
    ])?;
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO result ({COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?
    .execute(params![
        row.item_id,
        row.object_id,
        row.verdict.as_str(),
        row.record,
        row.risk.map(|r| r.as_str()),
        row.high_risk_case,
        row.major_hidden_risk,
        row.na_reason,
        row.corrected_verdict.map(|v| v.as_str()),
        row.correction_rationale,
        row.remediation,
        row.remediated,
        row.updated_by,
        row.updated_at,
        revision.as_str(),
    ])?;
    changes.wrote(
        tx,
        Table::Result,
        "x.item_id = ?1 AND x.object_id = ?2",
        params![row.item_id, row.object_id],
    )?;
    changes.wrote(tx, Table::Revision, "x.uid = ?1", [revision.as_str()])?;
    if let Some((id, _)) = conflict {
        tx.execute(
            "UPDATE merge_conflict SET resolved_at = ?1, resolved_by = ?2, resolution = 'edited' WHERE id = ?3",
            params![row.updated_at, actor, id],
        )?;
        changes.wrote(tx, Table::Conflict, "x.id = ?1", [id])?;
    }
    Ok(row)
}

/// The open merge conflict of a pair (its id and their revision): recording the pair
/// anew settles it, the new revision joining their history as well as ours.
fn open_conflict(
    tx: &Transaction<'_>,
    item_id: &str,
    object_id: i64,
) -> rusqlite::Result<Option<(i64, String)>> {
    tx.prepare_cached(
        "SELECT id, theirs_revision FROM merge_conflict
         WHERE item_id = ?1 AND object_id = ?2 AND resolved_at IS NULL",
    )?
    .query_row(params![item_id, object_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The human part of a result change's audit detail.
fn state_detail(row: &ResultState) -> serde_json::Value {
    json!({
        "revision": row.revision.as_ref().map(|r| r.as_str()),
        "verdict": row.verdict.as_str(),
        "record": row.record,
        "risk": row.risk.map(|r| r.as_str()),
        "high_risk_case": row.high_risk_case,
        "major_hidden_risk": row.major_hidden_risk,
        "reason": row.na_reason,
        "corrected_verdict": row.corrected_verdict.map(|v| v.as_str()),
        "correction_rationale": row.correction_rationale,
        "remediation": row.remediation,
        "remediated": row.remediated,
    })
}

/// One pair of a bulk change: item id and object row id.
pub type PairId = (String, i64);

/// An evidence link a bulk change made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    pub evidence: i64,
    pub item: String,
    pub object: i64,
}

impl Store {
    /// Applies `update` to every pair in one transaction with one audit row (a bulk
    /// apply), linking each piece of evidence in `links` to every pair as well; the whole
    /// change stands or falls together. Returns the new states and the links that were
    /// new (an undo takes those away again).
    pub fn set_results(
        &mut self,
        pairs: &[PairId],
        update: &ResultUpdate,
        links: &[i64],
    ) -> Result<(Vec<ResultState>, Vec<NewLink>)> {
        let actor = self.actor().to_string();
        let target = format!("results:{}", pairs.len());
        self.mutate("set-results", &target, |tx, changes| {
            let mut rows = Vec::with_capacity(pairs.len());
            let mut added = Vec::new();
            for (item, object) in pairs {
                let base =
                    stored(tx, item, *object)?.unwrap_or_else(|| ResultState::unassessed(item, *object));
                let row = update
                    .apply(base)
                    .map_err(|v| StoreError::Invalid(format!("{item}: {v}")))?;
                rows.push(write(tx, changes, row, RevisionOp::Set, None, &actor)?);
                for &evidence in links {
                    let n = tx.execute(
                        "INSERT OR IGNORE INTO evidence_link (evidence_id, item_id, object_id) VALUES (?1, ?2, ?3)",
                        params![evidence, item, object],
                    )?;
                    if n == 0 {
                        continue;
                    }
                    changes.wrote(
                        tx,
                        Table::Link,
                        "x.evidence_id = ?1 AND x.item_id = ?2 AND x.object_id = ?3",
                        params![evidence, item, object],
                    )?;
                    added.push(NewLink {
                        evidence,
                        item: item.clone(),
                        object: *object,
                    });
                }
            }
            let detail = json!({
                "results": rows.len(),
                "pairs": pairs.iter().map(|(i, o)| format!("{i}@{o}")).collect::<Vec<_>>(),
                "verdict": update.verdict.map(|v| v.as_str()),
                "links": added.len(),
            });
            Ok(((rows, added), detail))
        })
    }

    /// Takes a bulk change back in one transaction: each pair returns to its earlier
    /// state, as a new revision naming the one it undoes.
    pub fn undo_results(
        &mut self,
        earlier: &[(PairId, Option<ResultState>)],
        links: &[NewLink],
    ) -> Result<Vec<ResultState>> {
        let actor = self.actor().to_string();
        let target = format!("results:{}", earlier.len());
        self.mutate("undo-results", &target, |tx, changes| {
            let mut rows = Vec::new();
            let mut undone = Vec::new();
            for l in links {
                let at = "x.evidence_id = ?1 AND x.item_id = ?2 AND x.object_id = ?3";
                changes.deleting(tx, Table::Link, at, params![l.evidence, l.item, l.object])?;
                tx.execute(
                    "DELETE FROM evidence_link WHERE evidence_id = ?1 AND item_id = ?2 AND object_id = ?3",
                    params![l.evidence, l.item, l.object],
                )?;
            }
            for ((item, object), before) in earlier {
                let head: Option<String> = tx
                    .query_row(
                        "SELECT revision FROM result WHERE item_id = ?1 AND object_id = ?2",
                        params![item, object],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                let head = head.and_then(|h| Uid::parse(&h));
                let content = before
                    .clone()
                    .unwrap_or_else(|| ResultState::unassessed(item, *object));
                undone.extend(head.iter().map(|h| h.to_string()));
                rows.push(write(
                    tx,
                    changes,
                    content,
                    RevisionOp::Undo,
                    head.as_ref(),
                    &actor,
                )?);
            }
            Ok((rows, json!({ "undoes": undone, "unlinked": links.len() })))
        })
    }
}

/// What moving the security-management-centre results did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SmcMove {
    /// SMC items that now apply to the system-level centre.
    pub items: usize,
    /// Results copied from the chosen object to the centre.
    pub results: usize,
}

impl Store {
    /// Upgrades an engagement made before the system-level security management centre:
    /// its SMC items apply to the centre from now on, and the results recorded on `from`
    /// (a security device, or none) become the centre's, as new revisions (the device's
    /// own results and their history stay). One transaction with its audit row.
    pub fn move_smc(&mut self, from: Option<i64>) -> Result<SmcMove> {
        use crate::domain::ObjectKind;
        let centre = self
            .objects()?
            .into_iter()
            .find(|o| o.system_level && o.kind == ObjectKind::ManagementCentre)
            .ok_or_else(|| {
                StoreError::Invalid("this engagement has no security management centre object".into())
            })?;
        let stale: Vec<crate::domain::checklist::Item> = self
            .items()?
            .into_iter()
            .filter(|i| i.category == "SMC" && !i.applies_to.contains(&ObjectKind::ManagementCentre))
            .collect();
        let actor = self.actor().to_string();
        self.mutate("move-smc", &format!("object:{}", centre.uid), |tx, changes| {
            let mut moved = 0;
            for item in &stale {
                let mut upgraded = item.clone();
                upgraded.applies_to = vec![ObjectKind::ManagementCentre];
                let data = serde_json::to_string(&upgraded)
                    .map_err(|e| StoreError::Invalid(format!("{}: {e}", item.id)))?;
                tx.execute("UPDATE item SET data = ?1 WHERE id = ?2", params![data, item.id])?;
                changes.wrote(tx, Table::Item, "x.id = ?1", [&item.id])?;
                let Some(from) = from else { continue };
                let (Some(source), None) = (stored(tx, &item.id, from)?, stored(tx, &item.id, centre.id)?)
                else {
                    continue;
                };
                let mut row = source;
                row.object_id = centre.id;
                write(tx, changes, row, RevisionOp::Set, None, &actor)?;
                moved += 1;
            }
            let result = SmcMove {
                items: stale.len(),
                results: moved,
            };
            Ok((
                result.clone(),
                json!({ "items": result.items, "results": moved, "from": from }),
            ))
        })
    }
}
