//! The sealed evidence bundle for a client or reviewer: a zip with `evidence/`,
//! `manifest.json`, `audit-log.jsonl`, optionally `report.html`, and a `SHA256SUMS` over
//! all of them, checkable offline with `sha256sum -c` or `dengbao verify BUNDLE`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::export::{file_names, sums_line};
use crate::catalog::load::hex;
use crate::error::{Error, Result};
use crate::store::audit::{AuditRow, ChainBreak, verify_chain};
use crate::store::evidence::EvidenceRow;
use crate::store::{Engagement, Store};

pub const FORMAT: &str = "dengbao-bundle/1";

#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    pub format: &'static str,
    pub created_at: String,
    pub created_by: String,
    pub engagement: Engagement,
    pub audit: AuditHead,
    pub evidence: Vec<ManifestPiece<'a>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditHead {
    pub rows: usize,
    pub head: String,
}

/// A piece of evidence as the manifest lists it: its record, and where it is in the
/// bundle (`file`), or why it was left out.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestPiece<'a> {
    #[serde(flatten)]
    pub evidence: &'a EvidenceRow,
    pub file: Option<String>,
    pub left_out: Option<&'static str>,
}

/// What checking a bundle needs of the manifest.
#[derive(Debug, Clone, Deserialize)]
struct ManifestCheck {
    audit: AuditHead,
    evidence: Vec<PieceCheck>,
}

#[derive(Debug, Clone, Deserialize)]
struct PieceCheck {
    id: i64,
    name: String,
    sha256: String,
    file: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BundleSummary {
    pub included: usize,
    pub left_out: usize,
    pub audit_head: String,
}

/// Writes the bundle to `out` (refusing to replace a file), through a temporary file
/// renamed into place at the end so a failed run leaves nothing half-written.
pub fn write_bundle(
    store: &Store,
    out: &Path,
    include_sensitive: bool,
    report_html: Option<&str>,
) -> Result<BundleSummary> {
    let shown = out.display().to_string();
    if out.exists() {
        return Err(Error::input(format!(
            "{shown} already exists; choose another name or remove it first"
        )));
    }
    let partial = PathBuf::from(format!("{shown}.partial"));
    let result = write_zip(store, &partial, include_sensitive, report_html).and_then(|summary| {
        std::fs::rename(&partial, out).map_err(|e| Error::Io {
            path: shown.clone(),
            source: e,
        })?;
        Ok(summary)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn write_zip(
    store: &Store,
    path: &Path,
    include_sensitive: bool,
    report_html: Option<&str>,
) -> Result<BundleSummary> {
    let shown = path.display().to_string();
    let zip_err = |e: zip::result::ZipError| Error::Io {
        path: shown.clone(),
        source: std::io::Error::other(e),
    };
    let io = |e: std::io::Error| Error::Io {
        path: shown.clone(),
        source: e,
    };
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    let mut zip = ZipWriter::new(file);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);

    let pieces = store.evidence()?;
    let refs: Vec<&EvidenceRow> = pieces.iter().collect();
    let names = file_names(&refs);
    let mut sums = String::new();
    let mut manifest_pieces = Vec::new();
    let mut written = std::collections::HashSet::new();
    for (e, name) in pieces.iter().zip(&names) {
        let include = include_sensitive || !e.sensitive;
        let file = include.then(|| format!("evidence/{name}"));
        if let Some(entry) = &file
            && written.insert(entry.clone())
        {
            zip.start_file(entry.as_str(), stored.large_file(e.size >= u32::MAX as u64))
                .map_err(zip_err)?;
            store.read_content(e.content_id, &mut |chunk| zip.write_all(chunk))?;
            sums.push_str(&sums_line(&e.sha256, entry));
        }
        manifest_pieces.push(ManifestPiece {
            evidence: e,
            file,
            left_out: (!include).then_some("sensitive"),
        });
    }
    let rows = store.audit_rows()?;
    let head = rows
        .last()
        .map(|r| r.hash.clone())
        .unwrap_or_else(|| crate::store::audit::GENESIS.to_string());
    let mut jsonl = String::new();
    for r in &rows {
        jsonl.push_str(
            &serde_json::to_string(r).map_err(|e| Error::input(format!("cannot encode audit row: {e}")))?,
        );
        jsonl.push('\n');
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at: crate::store::now(),
        created_by: store.actor().to_string(),
        engagement: store.engagement()?,
        audit: AuditHead {
            rows: rows.len(),
            head: head.clone(),
        },
        evidence: manifest_pieces,
    };
    let manifest_text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Error::input(format!("cannot encode manifest: {e}")))?;
    let mut text_entries: Vec<(&str, &str)> =
        vec![("manifest.json", &manifest_text), ("audit-log.jsonl", &jsonl)];
    if let Some(html) = report_html {
        text_entries.push(("report.html", html));
    }
    for (entry, text) in text_entries {
        zip.start_file(entry, deflated).map_err(zip_err)?;
        zip.write_all(text.as_bytes()).map_err(io)?;
        sums.push_str(&sums_line(&hex(&Sha256::digest(text.as_bytes())), entry));
    }
    zip.start_file("SHA256SUMS", deflated).map_err(zip_err)?;
    zip.write_all(sums.as_bytes()).map_err(io)?;
    let file = zip.finish().map_err(zip_err)?;
    file.sync_all().map_err(io)?;
    let included = manifest.evidence.iter().filter(|p| p.file.is_some()).count();
    Ok(BundleSummary {
        included,
        left_out: manifest.evidence.len() - included,
        audit_head: head,
    })
}

/// What checking a bundle found.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleReport {
    pub files_checked: usize,
    pub problems: Vec<String>,
    pub audit_rows: usize,
    pub chain: Result<String, ChainBreak>,
}

impl BundleReport {
    pub fn intact(&self) -> bool {
        self.problems.is_empty() && self.chain.is_ok()
    }
}

/// Whether a file starts like a zip archive.
pub fn looks_like_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"PK\x03\x04"
}

/// Checks a bundle offline: every `SHA256SUMS` line, that every file is listed, the
/// manifest against the files, and the audit chain against the manifest's head.
pub fn verify_bundle(path: &Path) -> Result<BundleReport> {
    let shown = path.display().to_string();
    let bad = |why: String| Error::input(format!("{shown}: not a dengbao bundle ({why})"));
    let file = File::open(path).map_err(|e| Error::Io {
        path: shown.clone(),
        source: e,
    })?;
    let mut zip = ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let sums = read_text(&mut zip, "SHA256SUMS").map_err(&bad)?;
    let mut problems = Vec::new();
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once("  ") {
            Some((hash, name)) => {
                listed.insert(name.to_string(), hash.to_string());
            }
            None => problems.push(format!("SHA256SUMS: malformed line '{line}'")),
        }
    }
    for (name, expected) in &listed {
        match hash_entry(&mut zip, name) {
            Ok(actual) if &actual == expected => {}
            Ok(actual) => problems.push(format!(
                "{name}: content hashes to {actual}, SHA256SUMS says {expected}"
            )),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    for i in 0..zip.len() {
        let name = zip
            .by_index(i)
            .ok()
            .and_then(|f| f.name().ok().map(|n| n.to_string()))
            .unwrap_or_default();
        if name != "SHA256SUMS" && !name.ends_with('/') && !listed.contains_key(&name) {
            problems.push(format!("{name}: not listed in SHA256SUMS"));
        }
    }
    let manifest: ManifestCheck = serde_json::from_str(&read_text(&mut zip, "manifest.json").map_err(&bad)?)
        .map_err(|e| bad(format!("manifest.json: {e}")))?;
    for p in &manifest.evidence {
        if let Some(f) = &p.file {
            match listed.get(f) {
                Some(h) if h == &p.sha256 => {}
                Some(h) => problems.push(format!(
                    "evidence {} '{}': manifest says {}, SHA256SUMS says {h}",
                    p.id, p.name, p.sha256
                )),
                None => problems.push(format!(
                    "evidence {} '{}': {f} is missing from the bundle",
                    p.id, p.name
                )),
            }
        }
    }
    let rows = read_audit(&mut zip).map_err(&bad)?;
    let mut chain = verify_chain(&rows);
    if let Ok(head) = &chain
        && (head != &manifest.audit.head || rows.len() != manifest.audit.rows)
    {
        problems.push(format!(
            "audit-log.jsonl: ends at {head} after {} rows, manifest says {} after {}",
            rows.len(),
            manifest.audit.head,
            manifest.audit.rows
        ));
        chain = Ok(head.clone());
    }
    Ok(BundleReport {
        files_checked: listed.len(),
        problems,
        audit_rows: rows.len(),
        chain,
    })
}

fn read_text(zip: &mut ZipArchive<File>, name: &str) -> std::result::Result<String, String> {
    let mut f = zip.by_name(name).map_err(|_| format!("{name} is missing"))?;
    let mut s = String::new();
    f.read_to_string(&mut s).map_err(|e| format!("{name}: {e}"))?;
    Ok(s)
}

fn hash_entry(zip: &mut ZipArchive<File>, name: &str) -> std::result::Result<String, String> {
    let mut f = zip
        .by_name(name)
        .map_err(|_| "listed in SHA256SUMS but missing from the bundle".to_string())?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| format!("cannot be read ({e})"))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn read_audit(zip: &mut ZipArchive<File>) -> std::result::Result<Vec<AuditRow>, String> {
    let f = zip
        .by_name("audit-log.jsonl")
        .map_err(|_| "audit-log.jsonl is missing".to_string())?;
    let mut rows = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("audit-log.jsonl: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let row: AuditRow =
            serde_json::from_str(&line).map_err(|e| format!("audit-log.jsonl line {}: {e}", i + 1))?;
        rows.push(row);
    }
    Ok(rows)
}
