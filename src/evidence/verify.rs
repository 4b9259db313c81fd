//! Verification of an engagement file: every stored content re-hashed (streaming) and
//! the audit chain walked.

use sha2::{Digest, Sha256};

use crate::catalog::load::hex;
use crate::error::Result;
use crate::store::Store;
use crate::store::audit::{ChainBreak, verify_chain};

/// A stored content whose bytes no longer match its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub sha256: String,
    /// What the stored bytes hash to, or why they could not be read.
    pub found: String,
    /// Evidence pieces (id, name) that use the content.
    pub pieces: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    pub pieces: usize,
    pub contents: usize,
    pub bytes: u64,
    pub damaged: Vec<Damage>,
    pub audit_rows: usize,
    pub chain: Result<String, ChainBreak>,
}

impl VerifyReport {
    pub fn intact(&self) -> bool {
        self.damaged.is_empty() && self.chain.is_ok()
    }
}

pub fn verify_engagement(store: &Store) -> Result<VerifyReport> {
    let pieces = store.evidence()?;
    let contents = store.contents()?;
    let mut damaged = Vec::new();
    let mut bytes = 0;
    for c in &contents {
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let read = store.read_content(c.id, &mut |chunk| {
            hasher.update(chunk);
            size += chunk.len() as u64;
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
            pieces: pieces
                .iter()
                .filter(|p| p.content_id == c.id)
                .map(|p| (p.id, p.name.clone()))
                .collect(),
        });
    }
    let rows = store.audit_rows()?;
    Ok(VerifyReport {
        pieces: pieces.len(),
        contents: contents.len(),
        bytes,
        damaged,
        audit_rows: rows.len(),
        chain: verify_chain(&rows),
    })
}

/// One line about a chain break, naming the first broken row.
pub fn describe_break(b: &ChainBreak) -> String {
    match b {
        ChainBreak::Tampered { seq } => {
            format!("row {seq} does not match its recorded hash (edited)")
        }
        ChainBreak::Unlinked { seq } => {
            format!("row {seq} does not follow the row before it (a row was removed, inserted or reordered)")
        }
    }
}
