//! The audit log's SQL half: appending a row inside the change's transaction and reading
//! the log back. The chain rules live in [`crate::domain::audit`].

use rusqlite::{Connection, params};

use super::{Result, now};
use crate::domain::audit::{AuditRow, GENESIS, canonical, link_hash};

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
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![seq, at, actor, action, target, detail, prev, hash])?;
    Ok(())
}

/// The audit log, oldest first.
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
