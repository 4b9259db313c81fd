//! Evidence metadata, links, content chunks and the on-site journal.
//!
//! Evidence bytes are content-addressed by SHA-256 and stored in chunks of
//! [`CHUNK_SIZE`]; the hash is computed while the bytes stream in, in the same
//! transaction, so a piece is either wholly stored with its hash or absent.

use std::io::Read;

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::covered::{Changes, Table};
use super::engagement::{parse_col, parse_uid};
use super::{Result, Store, StoreError, now};
use crate::domain::evidence::{
    Content, Evidence, EvidenceKind, JournalEntry, Link, NewEvidence, NewJournalEntry,
};
use crate::domain::hex::{hex, is_sha256};
use crate::domain::ids::Uid;

/// Bytes per stored chunk: far below SQLite's 1 GB BLOB limit, large enough that a
/// multi-GB capture is a few thousand rows.
pub const CHUNK_SIZE: usize = 1 << 20;

/// Streams `reader` into new chunks, hashing as it goes; returns the content id (an
/// existing one when the same bytes are already stored), the hash and the size.
fn stream_content(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    reader: &mut dyn Read,
) -> Result<(i64, String, u64)> {
    tx.execute("INSERT INTO content (sha256, size) VALUES (NULL, 0)", [])?;
    let content_id = tx.last_insert_rowid();
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK_SIZE];
    let mut size: u64 = 0;
    let mut insert = tx.prepare_cached("INSERT INTO chunk (content_id, seq, data) VALUES (?1, ?2, ?3)")?;
    for seq in 0.. {
        let n = fill(reader, &mut buf).map_err(|e| StoreError::Invalid(format!("reading failed: {e}")))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        insert.execute(params![content_id, seq, &buf[..n]])?;
        size += n as u64;
        if n < buf.len() {
            break;
        }
    }
    let sha256 = hex(&hasher.finalize());
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM content WHERE sha256 = ?1", [&sha256], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    match existing {
        Some(id) => {
            tx.execute("DELETE FROM chunk WHERE content_id = ?1", [content_id])?;
            tx.execute("DELETE FROM content WHERE id = ?1", [content_id])?;
            Ok((id, sha256, size))
        }
        None => {
            tx.execute(
                "UPDATE content SET sha256 = ?1, size = ?2 WHERE id = ?3",
                params![sha256, size as i64, content_id],
            )?;
            changes.wrote(tx, Table::Content, "x.id = ?1", [content_id])?;
            Ok((content_id, sha256, size))
        }
    }
}

/// Reads until `buf` is full or the reader ends.
fn fill(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

impl Store {
    /// Stores one piece of evidence and its link to `item` × `object` (row id), with its
    /// audit row (and its journal entry for interviews), in one transaction.
    pub fn add_evidence(
        &mut self,
        reader: &mut dyn Read,
        new: &NewEvidence,
        item: &str,
        object_id: i64,
        journal: Option<&NewJournalEntry>,
    ) -> Result<Evidence> {
        let actor = self.actor().to_string();
        let action = format!("attach-{}", new.kind.as_str());
        let uid = Uid::random();
        let (object_uid, object_name): (String, String) =
            self.conn()
                .query_row("SELECT uid, name FROM object WHERE id = ?1", [object_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let target = format!("evidence:{uid}");
        self.mutate(&action, &target, |tx, changes| {
            let (content_id, sha256, size) = stream_content(tx, changes, reader)?;
            let added_at = now();
            tx.execute(
                "INSERT INTO evidence (uid, content_id, kind, name, media_type, captured_at, added_at, added_by,
                                       method, sensitive, note, source_path, followed_symlink)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    uid.as_str(),
                    content_id,
                    new.kind.as_str(),
                    new.name,
                    new.media_type,
                    new.captured_at,
                    added_at,
                    actor,
                    new.method.map(|m| m.as_str()),
                    new.sensitive,
                    new.note,
                    new.source_path,
                    new.followed_symlink,
                ],
            )?;
            let id = tx.last_insert_rowid();
            changes.wrote(tx, Table::Evidence, "x.id = ?1", [id])?;
            tx.execute(
                "INSERT INTO evidence_link (evidence_id, item_id, object_id) VALUES (?1, ?2, ?3)",
                params![id, item, object_id],
            )?;
            changes.wrote(
                tx,
                Table::Link,
                "x.evidence_id = ?1 AND x.item_id = ?2 AND x.object_id = ?3",
                params![id, item, object_id],
            )?;
            if let Some(j) = journal {
                insert_journal(tx, changes, j, &actor, Some(id))?;
            }
            if let Some(report) = &new.tool_report {
                for (key, value) in crate::domain::details::tool_report_details(uid.as_str(), report) {
                    tx.execute("INSERT INTO detail (key, value) VALUES (?1, ?2)", params![key, value])?;
                    changes.wrote(tx, Table::Detail, "x.key = ?1", [&key])?;
                }
            }
            let row = Evidence {
                id,
                uid: uid.clone(),
                kind: new.kind,
                name: new.name.clone(),
                sha256: sha256.clone(),
                size,
                media_type: new.media_type.clone(),
                captured_at: new.captured_at.clone(),
                added_at,
                added_by: actor.clone(),
                method: new.method,
                sensitive: new.sensitive,
                note: new.note.clone(),
                source_path: new.source_path.clone(),
                followed_symlink: new.followed_symlink,
                links: vec![Link {
                    item: item.to_string(),
                    object: object_name.clone(),
                    object_uid: parse_uid(&object_uid)?,
                }],
                content_id,
            };
            let detail = json!({
                "evidence": uid.as_str(),
                "name": new.name,
                "sha256": sha256,
                "size": size,
                "media_type": new.media_type,
                "captured_at": new.captured_at,
                "method": new.method.map(|m| m.as_str()),
                "sensitive": new.sensitive,
                "followed_symlink": new.followed_symlink,
                "item": item,
                "object": object_uid,
            });
            Ok((row, detail))
        })
    }

    /// Adds an entry to the on-site journal.
    pub fn add_journal(&mut self, entry: &NewJournalEntry) -> Result<JournalEntry> {
        let actor = self.actor().to_string();
        self.mutate("add-journal", "journal", |tx, changes| {
            let id = insert_journal(tx, changes, entry, &actor, None)?;
            let row = tx.query_row(&format!("{JOURNAL} WHERE id = ?1"), [id], journal_from)?;
            let detail = json!({ "journal": row.uid.as_str(), "at": entry.at, "who": entry.who, "where": entry.location });
            Ok((row, detail))
        })
    }

    /// Changes the time, place, people and text of a journal entry (its kind, role and
    /// the interview it belongs to stay), with the values before in the audit row.
    pub fn edit_journal(&mut self, id: i64, entry: &NewJournalEntry) -> Result<JournalEntry> {
        self.mutate("edit-journal", &format!("journal:{id}"), |tx, changes| {
            let before = tx.query_row(&format!("{JOURNAL} WHERE id = ?1"), [id], journal_from)?;
            tx.execute(
                "UPDATE journal SET at = ?1, who = ?2, location = ?3, summary = ?4 WHERE id = ?5",
                params![entry.at, entry.who, entry.location, entry.summary, id],
            )?;
            changes.wrote(tx, Table::Journal, "x.id = ?1", [id])?;
            let row = tx.query_row(&format!("{JOURNAL} WHERE id = ?1"), [id], journal_from)?;
            let detail = json!({
                "journal": row.uid.as_str(),
                "before": { "at": before.at, "who": before.who, "where": before.location, "what": before.summary },
            });
            Ok((row, detail))
        })
    }

    /// Every piece of evidence with its links, oldest first.
    pub fn evidence(&self) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.kind, e.name, c.sha256, c.size, e.media_type, e.captured_at, e.added_at,
                    e.added_by, e.method, e.sensitive, e.note, e.source_path, e.followed_symlink, e.content_id, e.uid
             FROM evidence e JOIN content c ON c.id = e.content_id ORDER BY e.id",
        )?;
        let mut rows = stmt
            .query_map([], |r| {
                let method: Option<String> = r.get(9)?;
                let id: i64 = r.get(0)?;
                let kind: String = r.get(1)?;
                let sha256: Option<String> = r.get(3)?;
                let sha256 = sha256.filter(|h| is_sha256(h)).ok_or_else(|| {
                    damaged(format!(
                        "the stored hash of evidence {id} is not a SHA-256 digest"
                    ))
                })?;
                Ok(Evidence {
                    id,
                    uid: parse_uid(&r.get::<_, String>(15)?)?,
                    kind: EvidenceKind::parse(&kind)
                        .ok_or_else(|| damaged(format!("unknown evidence kind '{kind}'")))?,
                    name: r.get(2)?,
                    sha256,
                    size: r.get::<_, i64>(4)? as u64,
                    media_type: r.get(5)?,
                    captured_at: r.get(6)?,
                    added_at: r.get(7)?,
                    added_by: r.get(8)?,
                    method: method.map(|m| parse_col(&m)).transpose()?,
                    sensitive: r.get(10)?,
                    note: r.get(11)?,
                    source_path: r.get(12)?,
                    followed_symlink: r.get(13)?,
                    links: Vec::new(),
                    content_id: r.get(14)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut links = self.conn().prepare_cached(
            "SELECT l.evidence_id, l.item_id, o.name, o.uid FROM evidence_link l JOIN object o ON o.id = l.object_id
             ORDER BY l.evidence_id, l.item_id, o.id",
        )?;
        let all: Vec<(i64, Link)> = links
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Link {
                        item: r.get(1)?,
                        object: r.get(2)?,
                        object_uid: parse_uid(&r.get::<_, String>(3)?)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, link) in all {
            if let Ok(i) = rows.binary_search_by_key(&id, |e| e.id) {
                rows[i].links.push(link);
            }
        }
        Ok(rows)
    }

    pub fn contents(&self) -> Result<Vec<Content>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, coalesce(sha256, ''), size FROM content ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Content {
                    id: r.get(0)?,
                    sha256: r.get(1)?,
                    size: r.get::<_, i64>(2)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Calls `sink` with each chunk of a content, in order, one chunk in memory at a time.
    pub fn read_content(
        &self,
        content_id: i64,
        sink: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<()> {
        let count: i64 = self.conn().query_row(
            "SELECT count(*) FROM chunk WHERE content_id = ?1",
            [content_id],
            |r| r.get(0),
        )?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT data FROM chunk WHERE content_id = ?1 AND seq = ?2")?;
        for seq in 0..count {
            let data: Vec<u8> = stmt.query_row(params![content_id, seq], |r| r.get(0))?;
            sink(&data).map_err(|e| StoreError::Invalid(format!("writing evidence failed: {e}")))?;
        }
        Ok(())
    }

    pub fn journal(&self) -> Result<Vec<JournalEntry>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{JOURNAL} ORDER BY at, id"))?;
        let rows = stmt
            .query_map([], journal_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The audit log, oldest first.
    pub fn audit_rows(&self) -> Result<Vec<crate::domain::audit::AuditRow>> {
        super::audit::rows(self.conn())
    }

    /// How many audit rows there are and the hash of the last (empty when none),
    /// without reading the log.
    pub fn audit_head(&self) -> Result<(usize, String)> {
        let (rows, head): (i64, Option<String>) = self.conn().query_row(
            "SELECT count(*), (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) FROM audit",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((rows as usize, head.unwrap_or_default()))
    }

    /// The time of the last audit row: when the engagement last changed.
    pub fn changed_at(&self) -> Result<String> {
        let at: Option<String> = self
            .conn()
            .query_row("SELECT at FROM audit ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
            .optional()?;
        Ok(at.unwrap_or_default())
    }
}

const JOURNAL: &str =
    "SELECT id, uid, at, kind, who, role, location, summary, recorded_by, evidence_id FROM journal";

fn journal_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        id: r.get(0)?,
        uid: parse_uid(&r.get::<_, String>(1)?)?,
        at: r.get(2)?,
        kind: r.get(3)?,
        who: r.get(4)?,
        role: r.get(5)?,
        location: r.get(6)?,
        summary: r.get(7)?,
        recorded_by: r.get(8)?,
        evidence_id: r.get(9)?,
    })
}

fn insert_journal(
    tx: &Transaction<'_>,
    changes: &mut Changes,
    j: &NewJournalEntry,
    actor: &str,
    evidence: Option<i64>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO journal (uid, at, kind, who, role, location, summary, recorded_by, evidence_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            Uid::random().as_str(),
            j.at,
            j.kind,
            j.who,
            j.role,
            j.location,
            j.summary,
            actor,
            evidence
        ],
    )?;
    let id = tx.last_insert_rowid();
    changes.wrote(tx, Table::Journal, "x.id = ?1", [id])?;
    Ok(id)
}

/// A stored value that cannot be right: reported like other damage, never a panic.
fn damaged(why: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, why.into())
}

impl Store {
    /// Marks a piece of evidence sensitive (kept out of bundles, by hash in reports) or
    /// not.
    pub fn set_sensitive(&mut self, id: i64, sensitive: bool) -> Result<()> {
        let uid: String = self
            .conn()
            .query_row("SELECT uid FROM evidence WHERE id = ?1", [id], |r| r.get(0))?;
        self.mutate(
            "set-evidence-sensitive",
            &format!("evidence:{uid}"),
            |tx, changes| {
                tx.execute(
                    "UPDATE evidence SET sensitive = ?1 WHERE id = ?2",
                    params![sensitive, id],
                )?;
                changes.wrote(tx, Table::Evidence, "x.id = ?1", [id])?;
                Ok(((), json!({ "sensitive": sensitive })))
            },
        )
    }

    /// Links an existing piece of evidence to another item × object as well.
    pub fn link_evidence(&mut self, id: i64, item: &str, object_id: i64) -> Result<()> {
        let uid: String = self
            .conn()
            .query_row("SELECT uid FROM evidence WHERE id = ?1", [id], |r| r.get(0))?;
        self.mutate("link-evidence", &format!("evidence:{uid}"), |tx, changes| {
            tx.execute(
                "INSERT OR IGNORE INTO evidence_link (evidence_id, item_id, object_id) VALUES (?1, ?2, ?3)",
                params![id, item, object_id],
            )?;
            changes.wrote(
                tx,
                Table::Link,
                "x.evidence_id = ?1 AND x.item_id = ?2 AND x.object_id = ?3",
                params![id, item, object_id],
            )?;
            Ok(((), json!({ "item": item, "object": object_id })))
        })
    }
}
