//! Writing output files — reports, bundles, exports — without ever destroying anything:
//! a target that is the engagement (or its SQLite side files) is refused, an existing
//! file is only replaced when asked and when it is recognisably an earlier output of the
//! same engagement, and every output is written to a temporary file in the target's
//! folder, synced, and renamed into place, so a full disk or a crash leaves the previous
//! file as it was. Only files this module created are ever removed.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::store::open::{folder_of, sibling, sync_folder};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{target}: refusing to write over the engagement file itself")]
    IsEngagement { target: String },
    #[error("{target} already exists")]
    Exists { target: String },
    #[error("{target} exists and is not an earlier {what} of this engagement; it was left as it is")]
    NotOurs { target: String, what: &'static str },
    #[error("{target}: the folder {folder} does not exist; nothing was written")]
    NoFolder { target: String, folder: String },
    #[error("{target}: is a folder")]
    IsFolder { target: String },
    #[error("{target}: the disk is full; nothing was written (a file already there is unchanged)")]
    DiskFull { target: String },
    #[error("{target}: {source}")]
    Io { target: String, source: std::io::Error },
}

/// Whether an existing target may be replaced.
#[derive(Debug, Clone, Copy)]
pub enum Replace<'a> {
    Never,
    /// Only an earlier output carrying this engagement's marker ([`marker`]).
    EarlierOutput {
        uid: &'a str,
        what: &'static str,
    },
    /// Only an earlier output that starts with these bytes: for formats that cannot
    /// carry the marker (a CSV starts with its header line).
    StartingWith {
        prefix: &'a [u8],
        what: &'static str,
    },
}

/// The text an output carries so that a later run can recognise it as its own: in an
/// HTML comment, a PDF comment after its end, or a zip archive's comment.
pub fn marker(uid: &str) -> String {
    format!("dengbao-engagement {uid}")
}

/// Whether the file at `path` carries `marker` in its first or last 64 KiB.
fn carries(path: &Path, marker: &str) -> bool {
    const WINDOW: u64 = 64 << 10;
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut look = |from: u64| -> bool {
        let mut buf = Vec::new();
        f.seek(SeekFrom::Start(from)).is_ok()
            && (&mut f).take(WINDOW).read_to_end(&mut buf).is_ok()
            && buf.windows(marker.len()).any(|w| w == marker.as_bytes())
    };
    look(0) || (len > WINDOW && look(len - WINDOW))
}

/// Refuses targets that are the engagement or its side files (by path, and by file
/// identity where the target exists, so a hard link or a `..` path is caught too).
fn check_not_engagement(target: &Path, engagement: &Path) -> Result<(), OutputError> {
    let shown = target.display().to_string();
    let resolved = resolve(target);
    let engagement = resolve(engagement);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        if resolved == sibling(&engagement, suffix) {
            return Err(OutputError::IsEngagement { target: shown });
        }
    }
    if same_file(target, &engagement) {
        return Err(OutputError::IsEngagement { target: shown });
    }
    Ok(())
}

/// `path` with its folder made absolute and symbolic links in it resolved.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let dir = std::fs::canonicalize(folder_of(path)).unwrap_or_else(|_| folder_of(path));
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

fn io_error(target: &str, e: std::io::Error) -> OutputError {
    let full = matches!(e.raw_os_error(), Some(c) if is_disk_full(c));
    if full {
        OutputError::DiskFull {
            target: target.into(),
        }
    } else {
        OutputError::Io {
            target: target.into(),
            source: e,
        }
    }
}

#[cfg(unix)]
fn is_disk_full(code: i32) -> bool {
    code == libc::ENOSPC || code == libc::EDQUOT
}

#[cfg(not(unix))]
fn is_disk_full(code: i32) -> bool {
    code == 112 || code == 39
}

/// Checks `target` before anything is produced: not the engagement, not a folder, and
/// either free or replaceable. Returns whether it will replace a file.
pub fn check(target: &Path, engagement: &Path, replace: Replace<'_>) -> Result<bool, OutputError> {
    let shown = target.display().to_string();
    check_not_engagement(target, engagement)?;
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        let folder = folder_of(target);
        if !folder.is_dir() {
            return Err(OutputError::NoFolder {
                target: shown,
                folder: folder.display().to_string(),
            });
        }
        return Ok(false);
    };
    if meta.is_dir() {
        return Err(OutputError::IsFolder { target: shown });
    }
    match replace {
        Replace::Never => Err(OutputError::Exists { target: shown }),
        Replace::EarlierOutput { uid, what } => {
            if meta.is_file() && carries(target, &marker(uid)) {
                Ok(true)
            } else {
                Err(OutputError::NotOurs { target: shown, what })
            }
        }
        Replace::StartingWith { prefix, what } => {
            if meta.is_file() && starts_with(target, prefix) {
                Ok(true)
            } else {
                Err(OutputError::NotOurs { target: shown, what })
            }
        }
    }
}

fn starts_with(path: &Path, prefix: &[u8]) -> bool {
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(prefix.len() as u64).read_to_end(&mut head))
        .is_ok()
        && head == prefix
}

/// A zip archive (`.docx`, `.xlsx`) with `comment` as its archive comment, which is
/// where [`check`] finds the marker of an earlier output.
pub fn zip_with_comment(mut zip: Vec<u8>, comment: &str) -> Result<Vec<u8>, String> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let at = zip
        .windows(4)
        .rposition(|w| w == EOCD)
        .filter(|&at| zip.len() == at + 22)
        .ok_or("the archive has no plain end record")?;
    let len = u16::try_from(comment.len()).map_err(|_| "comment too long")?;
    zip[at + 20..at + 22].copy_from_slice(&len.to_le_bytes());
    zip.extend_from_slice(comment.as_bytes());
    Ok(zip)
}

/// Writes `target` through a temporary file in its folder: `fill` writes the content,
/// which is synced and renamed into place.
pub fn write(
    target: &Path,
    engagement: &Path,
    replace: Replace<'_>,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    write_by_path(target, engagement, replace, |path| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        fill(&mut f)?;
        f.flush()
    })
}

/// Like [`write`], for producers that want a path to write to (a browser printing a
/// PDF): `fill` gets the temporary file's path.
pub fn write_by_path(
    target: &Path,
    engagement: &Path,
    replace: Replace<'_>,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let shown = target.display().to_string();
    let replacing = check(target, engagement, replace)?;
    let dir = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(&dir)
        .map_err(|e| io_error(&shown, e))?;
    fill(temp.path()).map_err(|e| io_error(&shown, e))?;
    File::open(temp.path())
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(&shown, e))?;
    let placed = if replacing {
        temp.persist(target).map(|_| ())
    } else {
        temp.persist_noclobber(target).map(|_| ())
    };
    placed.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => OutputError::Exists {
            target: shown.clone(),
        },
        _ => io_error(&shown, e.error),
    })?;
    sync_folder(&dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engagement_and_its_side_files_are_never_targets() {
        let dir = tempfile::tempdir().unwrap();
        let e = dir.path().join("e.dengbao");
        std::fs::write(&e, b"engagement").unwrap();
        for t in ["e.dengbao", "e.dengbao-wal", "e.dengbao-shm"] {
            let r = write(&dir.path().join(t), &e, Replace::Never, |f| f.write_all(b"x"));
            assert!(matches!(r, Err(OutputError::IsEngagement { .. })), "{t}: {r:?}");
        }
        let dotted = dir.path().join(".").join("e.dengbao");
        assert!(matches!(
            check(&dotted, &e, Replace::Never),
            Err(OutputError::IsEngagement { .. })
        ));
        assert_eq!(std::fs::read(&e).unwrap(), b"engagement");
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_it_is_an_earlier_output() {
        let dir = tempfile::tempdir().unwrap();
        let e = dir.path().join("e.dengbao");
        let out = dir.path().join("r.html");
        std::fs::write(&out, b"someone else's notes").unwrap();
        let again = Replace::EarlierOutput {
            uid: "u1",
            what: "report",
        };
        assert!(matches!(
            write(&out, &e, Replace::Never, |f| f.write_all(b"x")),
            Err(OutputError::Exists { .. })
        ));
        assert!(matches!(
            write(&out, &e, again, |f| f.write_all(b"x")),
            Err(OutputError::NotOurs { .. })
        ));
        assert_eq!(std::fs::read(&out).unwrap(), b"someone else's notes");
        std::fs::write(&out, format!("<!-- {} -->", marker("u1"))).unwrap();
        write(&out, &e, again, |f| f.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let e = dir.path().join("e.dengbao");
        let out = dir.path().join("r.html");
        std::fs::write(&out, marker("u1")).unwrap();
        let r = write(
            &out,
            &e,
            Replace::EarlierOutput {
                uid: "u1",
                what: "report",
            },
            |_| Err(std::io::Error::other("no space")),
        );
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), marker("u1"));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the earlier report is there");
    }
}
