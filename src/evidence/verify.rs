//! Verification of an engagement file: SQLite's integrity check, every stored content
//! re-hashed (streaming), the audit chain walked, and the content of every covered table
//! compared with what the audit log says the tool wrote.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::Result;
use crate::domain::audit::{ChainBreak, Difference, replay, verify_chain};
use crate::domain::hex::{hex, is_sha256};
use crate::store::Store;

/// A stored content whose bytes no longer match its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub sha256: String,
    /// What the stored bytes hash to, or why they could not be read.
    pub found: String,
    /// Evidence pieces (id, name) that use the content.
    pub pieces: Vec<(i64, String)>,
}

/// Whether the log accounts for the content.
#[derive(Debug, Clone, PartialEq)]
pub enum ContentCheck {
    /// Covered from audit row `from`; each difference named in one line.
    Covered { from: i64, differences: Vec<String> },
    /// No row of the log records content (cannot happen in files this tool wrote).
    NotCovered,
    /// A row's record of its changes cannot be read.
    Unreadable { seq: i64, why: String },
}

/// Where an expected chain head was found.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadCheck {
    /// At row `seq`, with `later` rows written since.
    Found { seq: i64, later: usize },
    /// Not in the log: rows were removed (or the head belongs to another engagement).
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    /// SQLite's integrity-check findings; empty when the structure is sound.
    pub structure: Vec<String>,
    pub pieces: usize,
    pub contents: usize,
    pub bytes: u64,
    pub damaged: Vec<Damage>,
    pub audit_rows: usize,
    pub chain: Result<String, ChainBreak>,
    pub content: ContentCheck,
    pub head: Option<HeadCheck>,
}

impl VerifyReport {
    pub fn intact(&self) -> bool {
        self.structure.is_empty()
            && self.damaged.is_empty()
            && self.chain.is_ok()
            && matches!(&self.content, ContentCheck::Covered { differences, .. } if differences.is_empty())
            && !matches!(self.head, Some(HeadCheck::Missing))
    }
}

/// Where a head hash stands in a chain.
pub fn find_head(hashes: &[String], expected: &str) -> HeadCheck {
    match hashes
        .iter()
        .position(|h| h.eq_ignore_ascii_case(expected.trim()))
    {
        Some(i) => HeadCheck::Found {
            seq: i as i64 + 1,
            later: hashes.len() - i - 1,
        },
        None => HeadCheck::Missing,
    }
}

/// Verifies `store`; `progress` hears the evidence bytes re-hashed so far, of the total.
pub fn verify_engagement(
    store: &Store,
    expect_head: Option<&str>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<VerifyReport> {
    let structure = store.integrity_problems()?;
    if !structure.is_empty() {
        // Reading on through a damaged structure could fail anywhere; the damage is
        // the finding.
        return Ok(VerifyReport {
            structure,
            pieces: 0,
            contents: 0,
            bytes: 0,
            damaged: Vec::new(),
            audit_rows: 0,
            chain: Ok(String::new()),
            content: ContentCheck::NotCovered,
            head: None,
        });
    }
    let names = store.evidence_names()?;
    let contents = store.contents()?;
    let mut damaged = Vec::new();
    let mut bytes = 0;
    let total: u64 = contents.iter().map(|c| c.size).sum();
    for c in &contents {
        let pieces = || {
            names
                .iter()
                .filter(|(_, content, _)| *content == c.id)
                .map(|(id, _, name)| (*id, name.clone()))
                .collect()
        };
        if !is_sha256(&c.sha256) {
            damaged.push(Damage {
                sha256: c.sha256.escape_debug().to_string(),
                found: "the stored hash is not a SHA-256 digest".into(),
                pieces: pieces(),
            });
            continue;
        }
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let read = store.read_content(c.id, &mut |chunk| {
            hasher.update(chunk);
            size += chunk.len() as u64;
            progress(bytes + size, total);
            Ok(())
        });
        bytes += size;
        let found = match read {
            Ok(()) => {
                let actual = hex(&hasher.finalize());
                if actual == c.sha256 && size == c.size {
                    continue;
                }
                format!("bytes hash to {actual} ({size} of {} bytes)", c.size)
            }
            Err(e) => format!("bytes cannot be read ({e})"),
        };
        damaged.push(Damage {
            sha256: c.sha256.clone(),
            found,
            pieces: pieces(),
        });
    }
    let rows = store.audit_rows()?;
    let chain = verify_chain(&rows);
    let content = match replay(&rows) {
        Err(u) => ContentCheck::Unreadable {
            seq: u.seq,
            why: u.why,
        },
        Ok(expected) => match expected.covered_from {
            None => ContentCheck::NotCovered,
            Some(from) => {
                let actual = store.covered_rows()?;
                let labels = Labels::of(store)?;
                let differences = crate::domain::audit::compare(&expected, &actual)
                    .iter()
                    .map(|d| labels.describe(d))
                    .collect();
                ContentCheck::Covered { from, differences }
            }
        },
    };
    let hashes: Vec<String> = rows.iter().map(|r| r.hash.clone()).collect();
    Ok(VerifyReport {
        structure,
        pieces: names.len(),
        contents: contents.len(),
        bytes,
        damaged,
        audit_rows: rows.len(),
        chain,
        content,
        head: expect_head.map(|h| find_head(&hashes, h)),
    })
}

/// Names for the keys of covered rows, read from the file as it is.
struct Labels {
    objects: HashMap<String, String>,
    evidence: HashMap<String, (i64, String)>,
}

impl Labels {
    fn of(store: &Store) -> Result<Labels> {
        let (objects, evidence) = store.uid_names()?;
        Ok(Labels { objects, evidence })
    }

    fn object(&self, uid: &str) -> String {
        match self.objects.get(uid) {
            Some(name) => format!("'{}'", name.escape_debug()),
            None => uid.to_string(),
        }
    }

    fn piece(&self, uid: &str) -> String {
        match self.evidence.get(uid) {
            Some((id, name)) => format!("evidence {id} '{}'", name.escape_debug()),
            None => format!("evidence {uid}"),
        }
    }

    /// What a row of `table` with `key` is, in words.
    fn what(&self, table: &str, key: &str) -> String {
        match table {
            "engagement" => "the engagement record".into(),
            "pack" => format!("the snapshot of pack {key}"),
            "item" => format!("the snapshot of item {key}"),
            "hr_case" => format!("the snapshot of high-risk case {key}"),
            "object" => format!("object {}", self.object(key)),
            "result" => match key.split_once('@') {
                Some((item, object)) => format!("result {item} @ {}", self.object(object)),
                None => format!("result {key}"),
            },
            "result_revision" => format!("result revision {key}"),
            "content" => format!("stored content {key}"),
            "evidence" => self.piece(key),
            "evidence_link" => {
                let parts: Vec<&str> = key.split('|').collect();
                match parts[..] {
                    [e, item, o] => format!("the link of {} to {item} @ {}", self.piece(e), self.object(o)),
                    _ => format!("evidence link {key}"),
                }
            }
            "journal" => format!("journal entry {key}"),
            "carried_from" => "the record of the carried-forward engagement".into(),
            "previous_finding" => format!("previous finding {key}"),
            "merge_conflict" => format!("merge conflict {key}"),
            other => format!("{other} {key}"),
        }
    }

    fn describe(&self, d: &Difference) -> String {
        match d {
            Difference::Changed { table, key, fields } if fields.is_empty() => {
                format!(
                    "{}: differs from what the audit log recorded",
                    self.what(table, key)
                )
            }
            Difference::Changed { table, key, fields } => format!(
                "{}: {} {} from what the audit log recorded",
                self.what(table, key),
                fields.join(", "),
                if fields.len() == 1 { "differs" } else { "differ" }
            ),
            Difference::Unrecorded { table, key } => format!(
                "{}: not in the audit log (added or changed outside dengbao)",
                self.what(table, key)
            ),
            Difference::Missing { table, key } => format!(
                "{}: missing, although the audit log records it",
                self.what(table, key)
            ),
        }
    }
}
