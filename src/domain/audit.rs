//! The pure half of the audit log: the hash chain, and the record of what each change
//! wrote, replayed to say what the engagement's content must be.
//!
//! Each row carries `hash = SHA-256(prev_hash ‖ canonical encoding of the row)`, where the
//! canonical encoding is the compact JSON array `[seq, at, actor, action, target, detail]`
//! and `prev_hash` of the first row is 64 zeros. Changing, removing or reordering any row
//! breaks every later link.
//!
//! Since schema 3 every row's `detail` also lists the rows the change left in the covered
//! tables (`changes`: table, key, and the row's values or, for the checklist snapshot, its
//! digest; or that it was deleted). Replaying them from the last baseline (the creation of
//! the engagement, or the upgrade of an older file) gives the content the tool wrote;
//! [`compare`] names every row that differs from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::hex::hex;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The bytes a row's hash covers, after the previous hash.
pub fn canonical(seq: i64, at: &str, actor: &str, action: &str, target: &str, detail: &str) -> String {
    serde_json::json!([seq, at, actor, action, target, detail]).to_string()
}

pub fn link_hash(prev_hash: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(canonical.as_bytes());
    hex(&h.finalize())
}

/// Where a chain walk stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's recorded hash does not match its content.
    Tampered { seq: i64 },
    /// The row does not point at the previous row's hash, or a row is missing.
    Unlinked { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Tampered { seq } => {
                write!(f, "row {seq} does not match its recorded hash (edited)")
            }
            ChainBreak::Unlinked { seq } => write!(
                f,
                "row {seq} does not follow the row before it (a row was removed, inserted or reordered)"
            ),
        }
    }
}

/// Walks the chain; `Ok(head hash)` when intact, else the first broken link.
pub fn verify_chain(rows: &[AuditRow]) -> Result<String, ChainBreak> {
    let mut walk = ChainWalk::default();
    for r in rows {
        walk.push(r)?;
    }
    Ok(walk.head().to_string())
}

/// A chain walked one row at a time (for logs read as a stream).
#[derive(Debug, Clone)]
pub struct ChainWalk {
    prev: String,
    rows: i64,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk {
            prev: GENESIS.to_string(),
            rows: 0,
        }
    }
}

impl ChainWalk {
    pub fn push(&mut self, r: &AuditRow) -> Result<(), ChainBreak> {
        if r.seq != self.rows + 1 || r.prev_hash != self.prev {
            return Err(ChainBreak::Unlinked { seq: r.seq });
        }
        let expected = link_hash(
            &self.prev,
            &canonical(r.seq, &r.at, &r.actor, &r.action, &r.target, &r.detail),
        );
        if expected != r.hash {
            return Err(ChainBreak::Tampered { seq: r.seq });
        }
        self.prev = r.hash.clone();
        self.rows += 1;
        Ok(())
    }

    /// The hash of the last row walked (64 zeros before the first).
    pub fn head(&self) -> &str {
        &self.prev
    }
}

/// A row's values, column name → value, as the store reads them.
pub type RowValues = BTreeMap<String, Value>;

/// One row a change left behind, as its audit row records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Table.
    pub t: String,
    /// Key of the row within the table.
    pub k: String,
    /// The row's values; absent when only its digest is kept or it was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<RowValues>,
    /// The digest of the row's values ([`digest`]), for bulky rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h: Option<String>,
    /// The row was deleted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub d: bool,
}

/// The digest of a row: SHA-256 of its values as compact JSON with sorted keys.
pub fn digest(row: &RowValues) -> String {
    let text = serde_json::to_string(row).unwrap_or_default();
    hex(&Sha256::digest(text.as_bytes()))
}

/// What the audit log says a row must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    Values(RowValues),
    Digest(String),
}

/// The content the audit log accounts for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expected {
    pub rows: BTreeMap<(String, String), Recorded>,
    /// The audit row from which the content is covered (`None`: nothing is).
    pub covered_from: Option<i64>,
}

/// A row of the audit log whose `changes` cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub seq: i64,
    pub why: String,
}

#[derive(Deserialize)]
struct DetailChanges {
    #[serde(default)]
    changes: Option<Vec<Change>>,
    #[serde(default)]
    baseline: bool,
}

/// Replays the `changes` of every row from the last baseline on.
pub fn replay(rows: &[AuditRow]) -> Result<Expected, Unreadable> {
    let mut expected = Expected::default();
    for r in rows {
        expected.push(r)?;
    }
    Ok(expected)
}

impl Expected {
    /// Applies one more row of the log.
    pub fn push(&mut self, r: &AuditRow) -> Result<(), Unreadable> {
        let parsed: DetailChanges = serde_json::from_str(&r.detail).map_err(|e| Unreadable {
            seq: r.seq,
            why: format!("its detail is not JSON ({e})"),
        })?;
        if parsed.baseline {
            self.rows.clear();
            self.covered_from = Some(r.seq);
        }
        let Some(changes) = parsed.changes else {
            return Ok(());
        };
        if self.covered_from.is_none() {
            // Changes recorded without a baseline before them (cannot happen in files
            // this tool wrote) cover nothing on their own.
            return Ok(());
        }
        for c in changes {
            let key = (c.t.clone(), c.k.clone());
            match (c.d, c.v, c.h) {
                (true, _, _) => {
                    self.rows.remove(&key);
                }
                (false, Some(v), _) => {
                    self.rows.insert(key, Recorded::Values(v));
                }
                (false, None, Some(h)) => {
                    self.rows.insert(key, Recorded::Digest(h));
                }
                (false, None, None) => {
                    return Err(Unreadable {
                        seq: r.seq,
                        why: format!("change of {} '{}' records neither values nor digest", c.t, c.k),
                    });
                }
            }
        }
        Ok(())
    }

    /// The values the log recorded for a row, where it kept them.
    pub fn values(&self, table: &str, key: &str) -> Option<&RowValues> {
        match self.rows.get(&(table.to_string(), key.to_string())) {
            Some(Recorded::Values(v)) => Some(v),
            _ => None,
        }
    }
}

/// A row whose content is not what the audit log says the tool wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The row differs; `fields` names the columns where the log kept the values.
    Changed {
        table: String,
        key: String,
        fields: Vec<String>,
    },
    /// The row exists but no change in the log wrote it.
    Unrecorded { table: String, key: String },
    /// The log says the row exists, but it is gone.
    Missing { table: String, key: String },
}

/// Every difference between the content the log accounts for and `actual`.
pub fn compare(expected: &Expected, actual: &BTreeMap<(String, String), RowValues>) -> Vec<Difference> {
    let mut out = Vec::new();
    for ((table, key), recorded) in &expected.rows {
        let Some(row) = actual.get(&(table.clone(), key.clone())) else {
            out.push(Difference::Missing {
                table: table.clone(),
                key: key.clone(),
            });
            continue;
        };
        let fields = match recorded {
            Recorded::Values(v) if v != row => {
                let mut names: Vec<String> = v
                    .keys()
                    .chain(row.keys())
                    .filter(|c| v.get(*c) != row.get(*c))
                    .cloned()
                    .collect();
                names.dedup();
                names.sort();
                names.dedup();
                names
            }
            Recorded::Digest(h) if *h != digest(row) => Vec::new(),
            _ => continue,
        };
        out.push(Difference::Changed {
            table: table.clone(),
            key: key.clone(),
            fields,
        });
    }
    for (table, key) in actual.keys() {
        if !expected.rows.contains_key(&(table.clone(), key.clone())) {
            out.push(Difference::Unrecorded {
                table: table.clone(),
                key: key.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(details: &[String]) -> Vec<AuditRow> {
        let mut prev = GENESIS.to_string();
        details
            .iter()
            .enumerate()
            .map(|(i, detail)| {
                let seq = i as i64 + 1;
                let hash = link_hash(
                    &prev,
                    &canonical(seq, "2026-01-01T00:00:00Z", "li", "set", "X", detail),
                );
                let row = AuditRow {
                    seq,
                    at: "2026-01-01T00:00:00Z".into(),
                    actor: "li".into(),
                    action: "set".into(),
                    target: "X".into(),
                    detail: detail.clone(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    fn numbered(n: i64) -> Vec<AuditRow> {
        chain(&(1..=n).map(|i| format!("{{\"n\":{i}}}")).collect::<Vec<_>>())
    }

    #[test]
    fn intact_chain_verifies_to_its_head() {
        let rows = numbered(3);
        assert_eq!(verify_chain(&rows), Ok(rows[2].hash.clone()));
        assert_eq!(verify_chain(&[]), Ok(GENESIS.to_string()));
    }

    #[test]
    fn edited_row_is_named() {
        let mut rows = numbered(4);
        rows[1].detail = "{\"n\":99}".into();
        assert_eq!(verify_chain(&rows), Err(ChainBreak::Tampered { seq: 2 }));
    }

    #[test]
    fn removed_row_breaks_the_next_link() {
        let mut rows = numbered(4);
        rows.remove(2);
        assert_eq!(verify_chain(&rows), Err(ChainBreak::Unlinked { seq: 4 }));
    }

    fn values(pairs: &[(&str, Value)]) -> RowValues {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn replay_names_edited_missing_and_unrecorded_rows() {
        let a = values(&[("verdict", "compliant".into()), ("record", "已落实".into())]);
        let b = values(&[("name", "HIS-DB".into())]);
        let details = [
            serde_json::json!({"baseline": true, "changes": [
                {"t": "object", "k": "o1", "v": b},
                {"t": "item", "k": "L3-X", "h": digest(&b)},
            ]})
            .to_string(),
            serde_json::json!({"changes": [{"t": "result", "k": "r1", "v": a}]}).to_string(),
            serde_json::json!({"changes": [{"t": "object", "k": "o2", "v": b}]}).to_string(),
            serde_json::json!({"changes": [{"t": "object", "k": "o2", "d": true}]}).to_string(),
        ];
        let expected = replay(&chain(&details)).unwrap();
        assert_eq!(expected.covered_from, Some(1));
        let mut actual = BTreeMap::new();
        let edited = values(&[("verdict", "compliant".into()), ("record", "未落实".into())]);
        actual.insert(("result".to_string(), "r1".to_string()), edited);
        actual.insert(("item".to_string(), "L3-X".to_string()), b.clone());
        actual.insert(("object".to_string(), "o3".to_string()), b.clone());
        let diffs = compare(&expected, &actual);
        assert_eq!(
            diffs,
            [
                Difference::Missing {
                    table: "object".into(),
                    key: "o1".into()
                },
                Difference::Changed {
                    table: "result".into(),
                    key: "r1".into(),
                    fields: vec!["record".into()]
                },
                Difference::Unrecorded {
                    table: "object".into(),
                    key: "o3".into()
                },
            ]
        );
    }

    #[test]
    fn rows_before_the_first_baseline_cover_nothing() {
        let details = [
            "{\"n\":1}".to_string(),
            serde_json::json!({"changes": [{"t": "object", "k": "o1", "v": {}}]}).to_string(),
        ];
        let expected = replay(&chain(&details)).unwrap();
        assert_eq!(expected.covered_from, None);
        assert!(expected.rows.is_empty());
    }
}
