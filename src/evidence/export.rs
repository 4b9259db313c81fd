//! Exporting evidence as files plus a `SHA256SUMS` that `sha256sum -c` accepts.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use super::names::safe_name;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::evidence::EvidenceRow;

/// The exported file name of each piece: `<short hash>-<safe name>`, unique even on
/// file systems that ignore case. Pieces with the same bytes and name share one file.
pub fn file_names(pieces: &[&EvidenceRow]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut by_key: std::collections::HashMap<(String, String), String> = Default::default();
    pieces
        .iter()
        .map(|e| {
            let base = format!("{}-{}", &e.sha256[..12.min(e.sha256.len())], safe_name(&e.name));
            if let Some(shared) = by_key.get(&(e.sha256.clone(), base.clone())) {
                return shared.clone();
            }
            let mut name = base.clone();
            if used.contains(&name.to_lowercase()) {
                name = with_suffix(&base, &format!("-{}", e.id));
            }
            used.insert(name.to_lowercase());
            by_key.insert((e.sha256.clone(), base), name.clone());
            name
        })
        .collect()
}

fn with_suffix(name: &str, suffix: &str) -> String {
    match name.rfind('.') {
        Some(i) if i > 13 => format!("{}{suffix}{}", &name[..i], &name[i..]),
        _ => format!("{name}{suffix}"),
    }
}

/// One `SHA256SUMS` line.
pub fn sums_line(sha256: &str, file: &str) -> String {
    format!("{sha256}  {file}\n")
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    pub files: usize,
    pub bytes: u64,
}

/// Writes every piece of evidence into `dir` (created if missing, refused unless empty)
/// and `SHA256SUMS` last. Nothing is written outside `dir`.
pub fn export(store: &Store, dir: &Path) -> Result<ExportSummary> {
    let shown = dir.display().to_string();
    let io = |e: std::io::Error| Error::Io {
        path: shown.clone(),
        source: e,
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::input(format!("{shown} exists and is not a folder")));
        }
        if std::fs::read_dir(dir).map_err(io)?.next().is_some() {
            return Err(Error::input(format!(
                "{shown} is not empty; export into a new or empty folder"
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let pieces = store.evidence()?;
    let refs: Vec<&EvidenceRow> = pieces.iter().collect();
    let names = file_names(&refs);
    let mut sums = String::new();
    let mut written: HashSet<&str> = HashSet::new();
    let mut bytes = 0;
    for (e, name) in pieces.iter().zip(&names) {
        if !written.insert(name) {
            continue;
        }
        write_new(dir, name, |f| {
            store.read_content(e.content_id, &mut |chunk| f.write_all(chunk))?;
            Ok(())
        })?;
        bytes += e.size;
        sums.push_str(&sums_line(&e.sha256, name));
    }
    write_new(dir, "SHA256SUMS", |f| f.write_all(sums.as_bytes()).map_err(io))?;
    Ok(ExportSummary {
        files: written.len(),
        bytes,
    })
}

/// Creates `dir/name` (never replacing anything, never following a link) and fills it.
fn write_new(dir: &Path, name: &str, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    debug_assert!(!name.contains('/') && name != ".." && name != ".");
    let path = dir.join(name);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
    fill(&mut f)?;
    f.sync_all().map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })
}
