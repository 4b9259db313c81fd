//! The audit log: append-only and hash-chained.
//!
//! Each row carries `hash = SHA-256(prev_hash ‖ canonical encoding of the row)`, where the
//! canonical encoding is the compact JSON array `[seq, at, actor, action, target, detail]`
//! (`detail` is itself JSON with sorted keys) and `prev_hash` of the first row is 64
//! zeros. Changing, removing or reordering any row breaks every later link.

use rusqlite::{Connection, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Result, now};
use crate::catalog::load::hex;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
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

/// Appends one row; call inside the transaction of the change it records.
pub fn append(
    conn: &Connection,
    actor: &str,
    action: &str,
    target: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let (seq, prev): (i64, String) = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_string())),
            e => Err(e),
        })?;
    let seq = seq + 1;
    let at = now();
    let detail = detail.to_string();
    let hash = link_hash(&prev, &canonical(seq, &at, actor, action, target, &detail));
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, actor, action, target, detail, prev, hash],
    )?;
    Ok(())
}

pub fn rows(conn: &Connection) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AuditRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                target: r.get(4)?,
                detail: r.get(5)?,
                prev_hash: r.get(6)?,
                hash: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Where a chain walk stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's recorded hash does not match its content.
    Tampered { seq: i64 },
    /// The row does not point at the previous row's hash, or a row is missing.
    Unlinked { seq: i64 },
}

/// Walks the chain; `Ok(head hash)` when intact, else the first broken link.
pub fn verify_chain(rows: &[AuditRow]) -> std::result::Result<String, ChainBreak> {
    let mut prev = GENESIS.to_string();
    for (i, r) in rows.iter().enumerate() {
        if r.seq != i as i64 + 1 || r.prev_hash != prev {
            return Err(ChainBreak::Unlinked { seq: r.seq });
        }
        let expected = link_hash(
            &prev,
            &canonical(r.seq, &r.at, &r.actor, &r.action, &r.target, &r.detail),
        );
        if expected != r.hash {
            return Err(ChainBreak::Tampered { seq: r.seq });
        }
        prev = r.hash.clone();
    }
    Ok(prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRow> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let detail = format!("{{\"n\":{seq}}}");
                let hash = link_hash(
                    &prev,
                    &canonical(seq, "2026-01-01T00:00:00Z", "li", "set", "X", &detail),
                );
                let row = AuditRow {
                    seq,
                    at: "2026-01-01T00:00:00Z".into(),
                    actor: "li".into(),
                    action: "set".into(),
                    target: "X".into(),
                    detail,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies_to_its_head() {
        let rows = chain(3);
        assert_eq!(verify_chain(&rows), Ok(rows[2].hash.clone()));
        assert_eq!(verify_chain(&[]), Ok(GENESIS.to_string()));
    }

    #[test]
    fn edited_row_is_named() {
        let mut rows = chain(4);
        rows[1].detail = "{\"n\":99}".into();
        assert_eq!(verify_chain(&rows), Err(ChainBreak::Tampered { seq: 2 }));
    }

    #[test]
    fn removed_row_breaks_the_next_link() {
        let mut rows = chain(4);
        rows.remove(2);
        assert_eq!(verify_chain(&rows), Err(ChainBreak::Unlinked { seq: 4 }));
    }
}
