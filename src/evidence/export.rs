//! Exporting evidence as files plus a `SHA256SUMS` that `sha256sum -c` accepts.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use super::names::safe_name;
use super::{CustodyError, Result, io};
use crate::domain::evidence::Evidence;
use crate::domain::hex::short;
use crate::output::{self, Replace};
use crate::store::Store;

/// The exported file name of each piece: `<short hash>-<safe name>`, unique even on
/// file systems that ignore case. Pieces with the same bytes and name share one file.
pub fn file_names(pieces: &[&Evidence]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut by_key: std::collections::HashMap<(String, String), String> = Default::default();
    pieces
        .iter()
        .map(|e| {
            let base = format!("{}-{}", short(&e.sha256), safe_name(&e.name));
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
/// and `SHA256SUMS` last. Nothing is written outside `dir`; each file appears whole.
pub fn export(store: &Store, dir: &Path) -> Result<ExportSummary> {
    let shown = dir.display().to_string();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(CustodyError::NotAFolder { path: shown });
        }
        if std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
            return Err(CustodyError::NotEmpty { path: shown });
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let pieces = store.evidence()?;
    let refs: Vec<&Evidence> = pieces.iter().collect();
    let names = file_names(&refs);
    let mut sums = String::new();
    let mut written: HashSet<&str> = HashSet::new();
    let mut bytes = 0;
    for (e, name) in pieces.iter().zip(&names) {
        if !written.insert(name) {
            continue;
        }
        let mut failed = None;
        output::write(&dir.join(name), store.path(), Replace::Never, |f| {
            store
                .read_content(e.content_id, &mut |chunk| f.write_all(chunk))
                .map_err(|err| {
                    let message = err.to_string();
                    failed = Some(err);
                    std::io::Error::other(message)
                })
        })
        .map_err(|err| match failed.take() {
            Some(store_error) => CustodyError::Store(store_error),
            None => CustodyError::Output(err),
        })?;
        bytes += e.size;
        sums.push_str(&sums_line(&e.sha256, name));
    }
    output::write(&dir.join("SHA256SUMS"), store.path(), Replace::Never, |f| {
        f.write_all(sums.as_bytes())
    })?;
    Ok(ExportSummary {
        files: written.len(),
        bytes,
    })
}
