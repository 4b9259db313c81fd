//! Evidence metadata, links, content chunks and the on-site journal.
//!
//! Evidence bytes are content-addressed by SHA-256 and stored in chunks of
//! [`CHUNK_SIZE`]; the hash is computed while the bytes stream in, in the same
//! transaction, so a piece is either wholly stored with its hash or absent.

use std::io::Read;

use rusqlite::{Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError, now};
use crate::catalog::load::hex;
use crate::domain::Method;

/// Bytes per stored chunk: far below SQLite's 1 GB BLOB limit, large enough that a
/// multi-GB capture is a few thousand rows.
pub const CHUNK_SIZE: usize = 1 << 20;

/// Kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    File,
    Text,
    Interview,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::File => "file",
            EvidenceKind::Text => "text",
            EvidenceKind::Interview => "interview",
        }
    }

    fn parse(s: &str) -> rusqlite::Result<Self> {
        match s {
            "file" => Ok(EvidenceKind::File),
            "text" => Ok(EvidenceKind::Text),
            "interview" => Ok(EvidenceKind::Interview),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown evidence kind '{other}'").into(),
            )),
        }
    }
}

/// Metadata of a piece of evidence about to be stored.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    pub name: String,
    pub media_type: String,
    pub captured_at: String,
    pub method: Option<Method>,
    pub sensitive: bool,
    pub note: String,
    pub source_path: String,
    pub followed_symlink: bool,
}

/// An interview to record in the journal together with its evidence.
#[derive(Debug, Clone)]
pub struct JournalEntry {
    pub at: String,
    pub who: String,
    pub role: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub item: String,
    pub object: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRow {
    pub id: i64,
    pub kind: EvidenceKind,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub captured_at: String,
    pub added_at: String,
    pub added_by: String,
    pub method: Option<Method>,
    pub sensitive: bool,
    pub note: String,
    pub source_path: String,
    pub followed_symlink: bool,
    pub links: Vec<Link>,
    #[serde(skip)]
    pub content_id: i64,
}

/// Stored content, for verification.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentRow {
    pub id: i64,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalRow {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub who: String,
    pub role: String,
    pub location: String,
    pub summary: String,
    pub recorded_by: String,
    pub evidence_id: Option<i64>,
}

/// Streams `reader` into new chunks, hashing as it goes; returns the content id (an
/// existing one when the same bytes are already stored), the hash and the size.
fn stream_content(tx: &Transaction<'_>, reader: &mut dyn Read) -> Result<(i64, String, u64)> {
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
    /// Stores one piece of evidence and its link to `item` × `object`, with its audit row
    /// (and its journal entry for interviews), in one transaction.
    pub fn add_evidence(
        &mut self,
        reader: &mut dyn Read,
        new: &NewEvidence,
        item: &str,
        object: (i64, &str),
        journal: Option<&JournalEntry>,
    ) -> Result<EvidenceRow> {
        let actor = self.actor().to_string();
        let action = format!("attach-{}", new.kind.as_str());
        let target = format!("{item} @ {}", object.1);
        self.mutate(&action, &target, |tx| {
            let (content_id, sha256, size) = stream_content(tx, reader)?;
            let added_at = now();
            tx.execute(
                "INSERT INTO evidence (content_id, kind, name, media_type, captured_at, added_at, added_by,
                                       method, sensitive, note, source_path, followed_symlink)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
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
            tx.execute(
                "INSERT INTO evidence_link (evidence_id, item_id, object_id) VALUES (?1, ?2, ?3)",
                params![id, item, object.0],
            )?;
            if let Some(j) = journal {
                tx.execute(
                    "INSERT INTO journal (at, kind, who, role, summary, recorded_by, evidence_id)
                     VALUES (?1, 'interview', ?2, ?3, ?4, ?5, ?6)",
                    params![j.at, j.who, j.role, j.summary, actor, id],
                )?;
            }
            let row = EvidenceRow {
                id,
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
                    object: object.1.to_string(),
                }],
                content_id,
            };
            let detail = serde_json::json!({
                "evidence": id,
                "name": new.name,
                "sha256": sha256,
                "size": size,
                "media_type": new.media_type,
                "captured_at": new.captured_at,
                "method": new.method.map(|m| m.as_str()),
                "sensitive": new.sensitive,
                "followed_symlink": new.followed_symlink,
            });
            Ok((row, detail))
        })
    }

    /// Every piece of evidence with its links, oldest first.
    pub fn evidence(&self) -> Result<Vec<EvidenceRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.kind, e.name, c.sha256, c.size, e.media_type, e.captured_at, e.added_at,
                    e.added_by, e.method, e.sensitive, e.note, e.source_path, e.followed_symlink, e.content_id
             FROM evidence e JOIN content c ON c.id = e.content_id ORDER BY e.id",
        )?;
        let mut rows = stmt
            .query_map([], |r| {
                let method: Option<String> = r.get(9)?;
                Ok(EvidenceRow {
                    id: r.get(0)?,
                    kind: EvidenceKind::parse(&r.get::<_, String>(1)?)?,
                    name: r.get(2)?,
                    sha256: r.get(3)?,
                    size: r.get::<_, i64>(4)? as u64,
                    media_type: r.get(5)?,
                    captured_at: r.get(6)?,
                    added_at: r.get(7)?,
                    added_by: r.get(8)?,
                    method: method.map(|m| super::engagement::parse_col(&m)).transpose()?,
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
            "SELECT l.evidence_id, l.item_id, o.name FROM evidence_link l JOIN object o ON o.id = l.object_id
             ORDER BY l.evidence_id, l.item_id, o.id",
        )?;
        let all: Vec<(i64, Link)> = links
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Link {
                        item: r.get(1)?,
                        object: r.get(2)?,
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

    pub fn contents(&self) -> Result<Vec<ContentRow>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, coalesce(sha256, ''), size FROM content ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ContentRow {
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

    pub fn journal(&self) -> Result<Vec<JournalRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, kind, who, role, location, summary, recorded_by, evidence_id FROM journal ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(JournalRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    kind: r.get(2)?,
                    who: r.get(3)?,
                    role: r.get(4)?,
                    location: r.get(5)?,
                    summary: r.get(6)?,
                    recorded_by: r.get(7)?,
                    evidence_id: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The audit log, oldest first.
    pub fn audit_rows(&self) -> Result<Vec<super::audit::AuditRow>> {
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
}
