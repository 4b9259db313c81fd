//! The sealed evidence bundle for a client or reviewer: a zip with `evidence/`,
//! `manifest.json` (every other entry with its SHA-256 and size, the engagement, the
//! evidence records and the audit chain head), `audit-log.jsonl`, optionally
//! `report.html`, optionally `manifest.json.minisig` (a minisign signature over the
//! manifest), and a `SHA256SUMS` over all of them. Checkable offline with
//! `sha256sum -c SHA256SUMS` and `minisign -Vm manifest.json -p KEY.pub`, or with
//! `dengbao verify BUNDLE [--key KEY.pub]`, which also reads the manifest against the
//! audit log. Reading a bundle is bounded: entries are read with size limits, so a zip
//! bomb cannot exhaust memory.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use minisign::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::export::{file_names, sums_line};
use super::keys;
use super::verify::{HeadCheck, find_head};
use super::{CustodyError, Result, io};
use crate::domain::audit::{AuditRow, ChainBreak, ChainWalk, Expected, GENESIS};
use crate::domain::engagement::Engagement;
use crate::domain::evidence::Evidence;
use crate::domain::hex::hex;
use crate::output::{self, Replace, marker};
use crate::store::Store;

pub const FORMAT: &str = "dengbao-bundle/2";
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.json.minisig";
const SUMS: &str = "SHA256SUMS";
const AUDIT: &str = "audit-log.jsonl";

/// Largest manifest, SHA256SUMS and signature read, and the longest audit-log line.
const MANIFEST_LIMIT: u64 = 256 << 20;
const SUMS_LIMIT: u64 = 16 << 20;
const SIGNATURE_LIMIT: u64 = 64 << 10;
const LINE_LIMIT: u64 = 64 << 20;

#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    pub format: &'static str,
    pub created_at: String,
    pub created_by: String,
    pub engagement: Engagement,
    pub audit: AuditHead,
    /// Every entry of the bundle but the manifest, its signature and `SHA256SUMS`.
    pub entries: Vec<Entry>,
    pub evidence: Vec<ManifestPiece<'a>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditHead {
    pub rows: usize,
    pub head: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// A piece of evidence as the manifest lists it: its record, and where it is in the
/// bundle (`file`), or why it was left out.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestPiece<'a> {
    #[serde(flatten)]
    pub evidence: &'a Evidence,
    pub file: Option<String>,
    pub left_out: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BundleSummary {
    pub included: usize,
    pub left_out: usize,
    pub audit_head: String,
    pub signed: bool,
}

/// How to sign a bundle.
pub struct Signer {
    pub secret: SecretKey,
    pub public: Option<PublicKey>,
}

/// What to put in a bundle.
pub struct BundleRequest<'a> {
    pub include_sensitive: bool,
    pub report_html: Option<&'a str>,
    pub signer: Option<&'a Signer>,
    /// Replace an earlier bundle of the same engagement at the target.
    pub replace: bool,
}

/// Writes the bundle to `out` through a temporary file renamed into place, so a failed
/// run leaves nothing half-written and nothing that was there is touched.
pub fn write_bundle(store: &Store, out: &Path, req: &BundleRequest<'_>) -> Result<BundleSummary> {
    let engagement = store.engagement()?;
    let uid = engagement.uid.to_string();
    let replace = if req.replace {
        Replace::EarlierOutput {
            uid: &uid,
            what: "bundle",
        }
    } else {
        Replace::Never
    };
    output::check(out, store.path(), replace)?;
    let mut failed: Option<CustodyError> = None;
    let mut summary = None;
    let written = output::write(out, store.path(), replace, |file| {
        match write_zip(store, engagement.clone(), file, req) {
            Ok(s) => {
                summary = Some(s);
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                failed = Some(e);
                Err(std::io::Error::other(message))
            }
        }
    });
    match (written, failed, summary) {
        (Ok(()), _, Some(s)) => Ok(s),
        (_, Some(e), _) => Err(e),
        (Err(e), None, _) => Err(e.into()),
        (Ok(()), None, None) => Err(CustodyError::NotABundle {
            path: out.display().to_string(),
            why: "nothing was written".into(),
        }),
    }
}

fn write_zip(
    store: &Store,
    engagement: Engagement,
    file: &mut File,
    req: &BundleRequest<'_>,
) -> Result<BundleSummary> {
    let zip_err = |e: zip::result::ZipError| CustodyError::Io {
        path: store.path().display().to_string(),
        source: std::io::Error::other(e),
    };
    let ioe = |e: std::io::Error| CustodyError::Io {
        path: "bundle".into(),
        source: e,
    };
    let mut zip = ZipWriter::new(file);
    zip.set_comment(marker(engagement.uid.as_str()))
        .map_err(zip_err)?;
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);

    let pieces = store.evidence()?;
    let refs: Vec<&Evidence> = pieces.iter().collect();
    let names = file_names(&refs);
    let mut entries: Vec<Entry> = Vec::new();
    let mut manifest_pieces = Vec::new();
    let mut written = HashSet::new();
    for (e, name) in pieces.iter().zip(&names) {
        let include = req.include_sensitive || !e.sensitive;
        let file = include.then(|| format!("evidence/{name}"));
        if let Some(entry) = &file
            && written.insert(entry.clone())
        {
            zip.start_file(entry.as_str(), stored.large_file(e.size >= u32::MAX as u64))
                .map_err(zip_err)?;
            store.read_content(e.content_id, &mut |chunk| zip.write_all(chunk))?;
            entries.push(Entry {
                name: entry.clone(),
                sha256: e.sha256.clone(),
                size: e.size,
            });
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
        .unwrap_or_else(|| GENESIS.to_string());
    let mut jsonl = String::new();
    for r in &rows {
        jsonl.push_str(&serde_json::to_string(r).unwrap_or_default());
        jsonl.push('\n');
    }
    let mut texts: Vec<(&str, &str)> = vec![(AUDIT, &jsonl)];
    if let Some(html) = req.report_html {
        texts.push(("report.html", html));
    }
    for (entry, text) in &texts {
        zip.start_file(*entry, deflated).map_err(zip_err)?;
        zip.write_all(text.as_bytes()).map_err(ioe)?;
        entries.push(Entry {
            name: entry.to_string(),
            sha256: hex(&Sha256::digest(text.as_bytes())),
            size: text.len() as u64,
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at: crate::store::now(),
        created_by: store.actor().to_string(),
        engagement,
        audit: AuditHead {
            rows: rows.len(),
            head: head.clone(),
        },
        entries,
        evidence: manifest_pieces,
    };
    let manifest_text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    zip.start_file(MANIFEST, deflated).map_err(zip_err)?;
    zip.write_all(manifest_text.as_bytes()).map_err(ioe)?;
    let mut sums = String::new();
    for e in &manifest.entries {
        sums.push_str(&sums_line(&e.sha256, &e.name));
    }
    sums.push_str(&sums_line(
        &hex(&Sha256::digest(manifest_text.as_bytes())),
        MANIFEST,
    ));
    if let Some(signer) = req.signer {
        let trusted = format!(
            "dengbao bundle of engagement {} audit head {head}",
            manifest.engagement.uid
        );
        let signature = keys::sign(
            &signer.secret,
            signer.public.as_ref(),
            manifest_text.as_bytes(),
            &trusted,
        )?;
        zip.start_file(SIGNATURE, deflated).map_err(zip_err)?;
        zip.write_all(signature.as_bytes()).map_err(ioe)?;
        sums.push_str(&sums_line(&hex(&Sha256::digest(signature.as_bytes())), SIGNATURE));
    }
    zip.start_file(SUMS, deflated).map_err(zip_err)?;
    zip.write_all(sums.as_bytes()).map_err(ioe)?;
    zip.finish().map_err(zip_err)?;
    let included = manifest.evidence.iter().filter(|p| p.file.is_some()).count();
    Ok(BundleSummary {
        included,
        left_out: manifest.evidence.len() - included,
        audit_head: head,
        signed: req.signer.is_some(),
    })
}

/// What checking a bundle found.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleReport {
    pub files_checked: usize,
    pub problems: Vec<String>,
    pub audit_rows: usize,
    pub chain: std::result::Result<String, ChainBreak>,
    /// `Some(Ok(trusted comment))` when a key was given and the signature holds.
    pub signature: Option<std::result::Result<String, String>>,
    /// The bundle carries a signature (checked or not).
    pub signed: bool,
    pub head: Option<HeadCheck>,
}

impl BundleReport {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
            && self.chain.is_ok()
            && !matches!(self.signature, Some(Err(_)))
            && !matches!(self.head, Some(HeadCheck::Missing))
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

/// What checking needs of the manifest.
#[derive(Debug, Clone, Deserialize)]
struct ManifestCheck {
    format: String,
    audit: AuditHead,
    #[serde(default)]
    entries: Option<Vec<Entry>>,
    evidence: Vec<PieceCheck>,
}

#[derive(Debug, Clone, Deserialize)]
struct PieceCheck {
    id: i64,
    #[serde(default)]
    uid: Option<String>,
    name: String,
    sha256: String,
    size: u64,
    file: Option<String>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

/// A zip entry name that could write outside the folder it is unpacked into.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("an empty name")
    } else if name.starts_with('/') || name.starts_with('\\') || name.as_bytes().get(1) == Some(&b':') {
        Some("an absolute path")
    } else if name.contains('\\') {
        Some("a backslash in its name")
    } else if name.split('/').any(|part| part == "..") {
        Some("'..' in its path")
    } else if name.chars().any(|c| c.is_control()) {
        Some("a control character in its name")
    } else {
        None
    }
}

/// At most `n` characters of `s`, escaped, for messages about hostile content.
fn excerpt(s: &str, n: usize) -> String {
    let cut: String = s.chars().take(n).collect();
    let more = if s.chars().count() > n { "…" } else { "" };
    format!("{}{more}", cut.escape_debug())
}

/// Checks a bundle offline: entry names, every `SHA256SUMS` line, that every entry is
/// listed, the manifest against the entries, the signature (with `key`), the audit chain
/// against the manifest's head (and `expect_head`), and the manifest's evidence records
/// against what the audit log says was stored.
pub fn verify_bundle(
    path: &Path,
    key: Option<&PublicKey>,
    expect_head: Option<&str>,
) -> Result<BundleReport> {
    let shown = path.display().to_string();
    let bad = |why: String| CustodyError::NotABundle {
        path: shown.clone(),
        why,
    };
    let file = File::open(path).map_err(io(path))?;
    let mut zip = ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let mut problems = Vec::new();
    // Names from the central directory itself: the archive reader keeps one entry per
    // name, so a duplicate would otherwise go unseen.
    let raw = central_directory_names(path).map_err(&bad)?;
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for name in raw {
        let name = String::from_utf8_lossy(&name).into_owned();
        if let Some(why) = unsafe_name(&name) {
            problems.push(format!("{}: refused, it has {why}", excerpt(&name, 120)));
        }
        if !seen.insert(name.clone()) {
            problems.push(format!("{}: appears more than once", excerpt(&name, 120)));
            continue;
        }
        names.push(name);
    }
    let sums = read_limited(&mut zip, SUMS, SUMS_LIMIT).map_err(&bad)?;
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once("  ") {
            Some((hash, name)) if crate::domain::hex::is_sha256(hash) => {
                if listed.insert(name.to_string(), hash.to_string()).is_some() {
                    problems.push(format!("{SUMS}: {} is listed twice", excerpt(name, 120)));
                }
            }
            _ => problems.push(format!("{SUMS}: malformed line '{}'", excerpt(line, 120))),
        }
    }
    for (name, expected) in &listed {
        if let Some(why) = unsafe_name(name) {
            problems.push(format!("{SUMS}: lists {}, which has {why}", excerpt(name, 120)));
            continue;
        }
        match hash_entry(&mut zip, name) {
            Ok((actual, _)) if &actual == expected => {}
            Ok((actual, _)) => problems.push(format!(
                "{name}: content hashes to {actual}, {SUMS} says {expected}"
            )),
            Err(e) => problems.push(format!("{}: {e}", excerpt(name, 120))),
        }
    }
    for name in &names {
        if name != SUMS && !name.ends_with('/') && !listed.contains_key(name) {
            problems.push(format!("{}: not listed in {SUMS}", excerpt(name, 120)));
        }
    }
    let manifest_bytes = read_limited(&mut zip, MANIFEST, MANIFEST_LIMIT).map_err(&bad)?;
    let manifest: ManifestCheck =
        serde_json::from_str(&manifest_bytes).map_err(|e| bad(format!("{MANIFEST}: {e}")))?;
    let signed = names.iter().any(|n| n == SIGNATURE);
    let signature = key.map(|pk| {
        let sig = read_limited(&mut zip, SIGNATURE, SIGNATURE_LIMIT)
            .map_err(|_| format!("the bundle is not signed ({SIGNATURE} is missing)"))?;
        keys::check(pk, &sig, manifest_bytes.as_bytes())
    });
    if manifest.format == FORMAT {
        check_entries(&manifest, &names, &listed, &mut problems);
    } else if manifest.format != "dengbao-bundle/1" {
        problems.push(format!(
            "{MANIFEST}: unknown format '{}'",
            excerpt(&manifest.format, 40)
        ));
    }
    for p in &manifest.evidence {
        if let Some(f) = &p.file {
            match listed.get(f) {
                Some(h) if h == &p.sha256 => {}
                Some(h) => problems.push(format!(
                    "evidence {} '{}': manifest says {}, {SUMS} says {h}",
                    p.id,
                    excerpt(&p.name, 80),
                    p.sha256
                )),
                None => problems.push(format!(
                    "evidence {} '{}': {} is missing from the bundle",
                    p.id,
                    excerpt(&p.name, 80),
                    excerpt(f, 120)
                )),
            }
        }
    }
    let (rows, chain, expected, hashes) = read_audit(&mut zip, &mut problems).map_err(&bad)?;
    if let Ok(head) = &chain
        && (head != &manifest.audit.head || rows != manifest.audit.rows)
    {
        problems.push(format!(
            "{AUDIT}: ends at {head} after {rows} rows, manifest says {} after {}",
            excerpt(&manifest.audit.head, 64),
            manifest.audit.rows
        ));
    }
    if let Some(expected) = &expected {
        check_pieces(&manifest, expected, &mut problems);
    }
    Ok(BundleReport {
        files_checked: listed.len(),
        problems,
        audit_rows: rows,
        chain,
        signature,
        signed,
        head: expect_head.map(|h| find_head(&hashes, h)),
    })
}

/// A version-2 manifest lists exactly the other entries, with their hashes and sizes.
fn check_entries(
    m: &ManifestCheck,
    names: &[String],
    listed: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    let entries = m.entries.as_deref().unwrap_or_default();
    let in_manifest: HashSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    for e in entries {
        match listed.get(&e.name) {
            Some(h) if *h == e.sha256 => {}
            Some(h) => problems.push(format!(
                "{}: manifest says {}, {SUMS} says {h}",
                excerpt(&e.name, 120),
                excerpt(&e.sha256, 64)
            )),
            None => problems.push(format!(
                "{}: in the manifest but not in {SUMS}",
                excerpt(&e.name, 120)
            )),
        }
    }
    for n in names {
        if ![MANIFEST, SIGNATURE, SUMS].contains(&n.as_str())
            && !n.ends_with('/')
            && !in_manifest.contains(n.as_str())
        {
            problems.push(format!("{}: not listed in the manifest", excerpt(n, 120)));
        }
    }
}

/// Each piece of the manifest against the evidence and content rows the audit log says
/// the tool stored.
fn check_pieces(m: &ManifestCheck, expected: &Expected, problems: &mut Vec<String>) {
    for p in &m.evidence {
        let Some(uid) = &p.uid else { continue };
        let who = format!("evidence {} '{}'", p.id, excerpt(&p.name, 80));
        let Some(row) = expected.values("evidence", uid) else {
            problems.push(format!("{who}: the audit log records no such piece"));
            continue;
        };
        let mut differs = Vec::new();
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        for field in [
            "name",
            "kind",
            "media_type",
            "captured_at",
            "added_at",
            "added_by",
            "method",
            "note",
            "source_path",
        ] {
            let manifest = if field == "name" {
                Some(p.name.clone())
            } else {
                text(p.rest.get(field))
            };
            if manifest != text(row.get(field)) {
                differs.push(field);
            }
        }
        let sensitive = p.rest.get("sensitive").and_then(Value::as_bool).unwrap_or(false);
        if row.get("sensitive").and_then(Value::as_i64).map(|v| v != 0) != Some(sensitive) {
            differs.push("sensitive");
        }
        let content = row
            .get("content_id")
            .and_then(Value::as_i64)
            .and_then(|c| expected.values("content", &c.to_string()));
        match content {
            Some(c) => {
                if c.get("sha256").and_then(Value::as_str) != Some(p.sha256.as_str()) {
                    differs.push("sha256");
                }
                if c.get("size").and_then(Value::as_u64) != Some(p.size) {
                    differs.push("size");
                }
            }
            None => differs.push("sha256"),
        }
        if !differs.is_empty() {
            problems.push(format!(
                "{who}: {} in the manifest differ from what the audit log recorded",
                differs.join(", ")
            ));
        }
    }
}

/// The entry names of a zip archive's central directory, read directly (zip64 too),
/// with bounds: at most a million entries and names of at most 64 KiB.
fn central_directory_names(path: &Path) -> std::result::Result<Vec<Vec<u8>>, String> {
    use std::io::{Seek, SeekFrom};
    let mut f = File::open(path).map_err(|e| e.to_string())?;
    let len = f.seek(SeekFrom::End(0)).map_err(|e| e.to_string())?;
    let tail_len = len.min(65_557 + 20);
    let mut tail = vec![0u8; tail_len as usize];
    f.seek(SeekFrom::Start(len - tail_len))
        .map_err(|e| e.to_string())?;
    f.read_exact(&mut tail).map_err(|e| e.to_string())?;
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as u64;
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as u64;
    let le64 = |b: &[u8], at: usize| {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(x)
    };
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or("no end of central directory")?;
    let (mut entries, mut offset) = (le16(&tail, eocd + 10), le32(&tail, eocd + 16));
    if (entries == 0xFFFF || offset == 0xFFFF_FFFF)
        && eocd >= 20
        && tail[eocd - 20..eocd - 16] == [0x50, 0x4b, 0x06, 0x07]
    {
        let at = le64(&tail, eocd - 20 + 8);
        let mut rec = [0u8; 56];
        f.seek(SeekFrom::Start(at)).map_err(|e| e.to_string())?;
        f.read_exact(&mut rec).map_err(|e| e.to_string())?;
        if rec[..4] != [0x50, 0x4b, 0x06, 0x06] {
            return Err("a damaged zip64 directory".into());
        }
        entries = le64(&rec, 32);
        offset = le64(&rec, 48);
    }
    if entries > 1_000_000 {
        return Err(format!("{entries} entries"));
    }
    f.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
    let mut r = BufReader::new(f);
    let mut names = Vec::with_capacity(entries as usize);
    for _ in 0..entries {
        let mut h = [0u8; 46];
        r.read_exact(&mut h)
            .map_err(|_| "a truncated central directory")?;
        if h[..4] != [0x50, 0x4b, 0x01, 0x02] {
            return Err("a damaged central directory".into());
        }
        let (n, extra, comment) = (le16(&h, 28), le16(&h, 30), le16(&h, 32));
        let mut name = vec![0u8; n as usize];
        r.read_exact(&mut name)
            .map_err(|_| "a truncated central directory")?;
        std::io::copy(&mut (&mut r).take(extra + comment), &mut std::io::sink())
            .map_err(|e| e.to_string())?;
        names.push(name);
    }
    Ok(names)
}

fn read_limited(zip: &mut ZipArchive<File>, name: &str, limit: u64) -> std::result::Result<String, String> {
    let f = zip.by_name(name).map_err(|_| format!("{name} is missing"))?;
    let mut bytes = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{name} is larger than {} MiB", limit >> 20));
    }
    String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8 text"))
}

fn hash_entry(zip: &mut ZipArchive<File>, name: &str) -> std::result::Result<(String, u64), String> {
    let mut f = zip
        .by_name(name)
        .map_err(|_| format!("listed in {SUMS} but missing from the bundle"))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0;
    loop {
        let n = f.read(&mut buf).map_err(|e| format!("cannot be read ({e})"))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex(&hasher.finalize()), size))
}

type AuditRead = (
    usize,
    std::result::Result<String, ChainBreak>,
    Option<Expected>,
    Vec<String>,
);

/// Streams the audit log: the chain walked and the content replayed row by row, lines
/// bounded in length.
fn read_audit(
    zip: &mut ZipArchive<File>,
    problems: &mut Vec<String>,
) -> std::result::Result<AuditRead, String> {
    let f = zip.by_name(AUDIT).map_err(|_| format!("{AUDIT} is missing"))?;
    let mut reader = BufReader::new(f);
    let mut walk = ChainWalk::default();
    let mut chain: std::result::Result<(), ChainBreak> = Ok(());
    let mut expected = Some(Expected::default());
    let mut hashes = Vec::new();
    let mut rows = 0;
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let n = (&mut reader)
            .take(LINE_LIMIT + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{AUDIT}: {e}"))?;
        if n == 0 {
            break;
        }
        if n as u64 > LINE_LIMIT {
            return Err(format!(
                "{AUDIT} line {number} is longer than {} MiB",
                LINE_LIMIT >> 20
            ));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let row: AuditRow =
            serde_json::from_slice(&line).map_err(|e| format!("{AUDIT} line {number}: {e}"))?;
        rows += 1;
        hashes.push(row.hash.clone());
        if chain.is_ok() {
            chain = walk.push(&row);
        }
        if let Some(e) = &mut expected
            && let Err(u) = e.push(&row)
        {
            problems.push(format!("{AUDIT}: row {} cannot be replayed: {}", u.seq, u.why));
            expected = None;
        }
    }
    let expected = expected.filter(|e| e.covered_from.is_some());
    Ok((rows, chain.map(|()| walk.head().to_string()), expected, hashes))
}

/// Signing material for `bundle --sign`: the secret key (`DENGBAO_KEY_PASSPHRASE` opens an
/// encrypted one) and its public key beside it when there is one.
pub fn signer(secret: &Path) -> Result<Signer> {
    let sk = keys::secret_key(secret, keys::passphrase_from_env())?;
    let public = keys::public_key(&keys::public_beside(secret)).ok();
    Ok(Signer { secret: sk, public })
}
