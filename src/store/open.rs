//! Creating and opening engagement files.
//!
//! Writers take the file's writer lock and open it read-write. Readers never change the
//! file and never leave behind files its owner could not use: they read it in place
//! through SQLite when it is theirs (or they are root, whose files SQLite gives to the
//! owner), read it as immutable when the write-ahead log is empty and they may not or
//! cannot create SQLite's side files, and otherwise read a private copy of the file and
//! its log. The pre-open size check is only trusted when there is no write-ahead log:
//! with one, the log holds pages the file does not have yet, and SQLite recovers them.

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{ErrorCode, OpenFlags};

use super::{Access, Result, Store, StoreError, classify, corrupt, header, schema};

/// `path` with a suffix appended (`-wal`, `-shm`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The folder a file lives in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn io(path: &str) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| match e.raw_os_error() {
        Some(code) if is_enospc(code) => StoreError::DiskFull { path: path.into() },
        Some(code) if is_erofs(code) => StoreError::ReadOnly { path: path.into() },
        _ => StoreError::Io {
            path: path.into(),
            source: e,
        },
    }
}

#[cfg(unix)]
fn is_enospc(code: i32) -> bool {
    code == libc::ENOSPC || code == libc::EDQUOT
}
#[cfg(not(unix))]
fn is_enospc(code: i32) -> bool {
    // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
    code == 112 || code == 39
}
#[cfg(unix)]
fn is_erofs(code: i32) -> bool {
    code == libc::EROFS
}
#[cfg(not(unix))]
fn is_erofs(code: i32) -> bool {
    // ERROR_WRITE_PROTECT
    code == 19
}

/// Builds a new engagement under a temporary name beside `path`, then links it into
/// place (never replacing anything) and opens it for writing.
pub(super) fn create(path: &Path, actor: &str, init: impl FnOnce(&mut Store) -> Result<()>) -> Result<Store> {
    let display = path.display().to_string();
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(StoreError::Exists { path: display });
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(StoreError::Invalid(format!("{display}: not a file name")));
    };
    let dir = folder_of(path);
    // tempfile creates the file with mode 0600.
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".creating")
        .tempfile_in(&dir)
        .map_err(io(&display))?
        .into_temp_path();
    let built = build(&temp, path, actor, init);
    let side_files = || {
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sibling(&temp, suffix));
        }
    };
    if let Err(e) = built {
        side_files();
        return Err(classify(&display, e));
    }
    side_files();
    File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(io(&display))?;
    link_into_place(temp, path, &display)?;
    sync_folder(&dir);
    Store::open(path, Access::Write, actor)
}

fn build(temp: &Path, path: &Path, actor: &str, init: impl FnOnce(&mut Store) -> Result<()>) -> Result<()> {
    let conn = Store::connect(temp, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.pragma_update(None, "page_size", 65536)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        actor: actor.to_string(),
        _lock: None,
        _copy: None,
    };
    store.migrate()?;
    init(&mut store)?;
    // Everything goes into the file itself before it gets its name: its log is named
    // after the temporary name and would not follow it.
    store
        .conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))
        .and_then(|busy| {
            if busy == 0 {
                Ok(())
            } else {
                Err(rusqlite::Error::InvalidQuery)
            }
        })?;
    store.conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// Gives the finished file its name: a hard link fails when the name is taken, so a
/// file that appeared meanwhile is never replaced. File systems without hard links
/// (FAT on USB sticks) get a checked rename.
fn link_into_place(temp: tempfile::TempPath, path: &Path, display: &str) -> Result<()> {
    match std::fs::hard_link(&temp, path) {
        Ok(()) => {
            let _ = temp.close();
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::Exists { path: display.into() })
        }
        Err(_) if !path.exists() => {
            std::fs::rename(&temp, path).map_err(io(display))?;
            let _ = temp.keep();
            Ok(())
        }
        Err(_) => Err(StoreError::Exists { path: display.into() }),
    }
}

/// Makes a rename or link in `dir` durable (a no-op where folders cannot be synced).
pub fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Size of the write-ahead log, when there is one.
fn wal_len(path: &Path) -> Option<u64> {
    std::fs::metadata(sibling(path, "-wal")).ok().map(|m| m.len())
}

pub(super) fn open(path: &Path, access: Access, actor: &str) -> Result<Store> {
    let display = path.display().to_string();
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound {
            path: display.clone(),
        },
        _ => io(&display)(e),
    })?;
    if file.metadata().map_err(io(&display))?.is_dir() {
        return Err(StoreError::NotOurs {
            path: display,
            reason: "it is a directory".into(),
        });
    }
    let wal = wal_len(path).unwrap_or(0);
    // A hot rollback journal (a large change interrupted) also means the header may
    // describe pages that SQLite will roll back.
    let journal = std::fs::metadata(sibling(path, "-journal")).map_or(0, |m| m.len());
    let facts = header::read(&mut file, &display, wal == 0 && journal == 0)?;
    let upgrade = facts.version < schema::current_version();
    match access {
        Access::Write => writer(path, file, facts.wal, upgrade, actor),
        Access::Read if upgrade && can_write(path) => writer(path, file, facts.wal, upgrade, actor),
        Access::Read => {
            drop(file);
            // Reading around a hot journal needs it rolled back: on a copy, when the file
            // itself cannot be written.
            reader(path, wal, upgrade, journal > 0 && !writer_active(path), actor)
        }
    }
}

/// Whether a dengbao process holds the file's writer lock (its rollback journal, if any,
/// then belongs to a change in progress, not to an interrupted one).
fn writer_active(path: &Path) -> bool {
    File::open(path).is_ok_and(|f| matches!(f.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock)))
}

fn can_write(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok() && shared_is_safe(path)
}

fn writer(path: &Path, file: File, wal_mode: bool, upgrade: bool, actor: &str) -> Result<Store> {
    let display = path.display().to_string();
    file.try_lock().map_err(|_| StoreError::Locked {
        path: display.clone(),
    })?;
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
        let denied = e.kind() == std::io::ErrorKind::PermissionDenied;
        let mapped = io(&display)(e);
        return Err(if denied {
            StoreError::ReadOnly { path: display }
        } else {
            mapped
        });
    }
    let conn = Store::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| corrupt(&display, e))?;
    if !wal_mode {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| corrupt(&display, e))?;
    }
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        actor: actor.to_string(),
        _lock: Some(file),
        _copy: None,
    };
    if upgrade {
        store.migrate().map_err(|e| match classify(&display, e) {
            StoreError::Sqlite(e) => corrupt(&display, e),
            e => e,
        })?;
    }
    store.sanity_check().map_err(|e| corrupt(&display, e))?;
    Ok(store)
}

/// Whether SQLite may create its side files beside `path`: they then belong to us, so
/// only when the file is ours too (or we are root, whose files SQLite hands to the
/// file's owner).
fn shared_is_safe(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions.
        let euid = unsafe { libc::geteuid() };
        let owner = std::fs::metadata(path).map(|m| m.uid()).unwrap_or(u32::MAX);
        euid == 0 || owner == euid || (sibling(path, "-wal").exists() && sibling(path, "-shm").exists())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

fn reader(path: &Path, wal: u64, upgrade: bool, hot_journal: bool, actor: &str) -> Result<Store> {
    let display = path.display().to_string();
    let first = if shared_is_safe(path) && !upgrade && !hot_journal {
        match in_place(path, actor, OpenFlags::SQLITE_OPEN_READ_ONLY, path) {
            Ok(store) => return Ok(store),
            Err(e) if !may_fall_back(&e) => return Err(classify(&display, e)),
            Err(e) => Some(e),
        }
    } else {
        None
    };
    let fallback = if wal == 0 && !upgrade && !hot_journal {
        in_place(path, actor, immutable_flags(), &immutable_uri(path))
    } else {
        private_copy(path, wal > 0 || hot_journal, upgrade, actor)
    };
    fallback
        .map_err(|e| match (first, classify(&display, e)) {
            (Some(original), _) => classify(&display, original),
            (None, e) => e,
        })
        .map_err(|e| match e {
            StoreError::Sqlite(e) => corrupt(&display, e),
            e => e,
        })
}

/// Errors that say SQLite could not use the file in place, rather than that it is
/// damaged.
fn may_fall_back(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(s) => !matches!(
            s.sqlite_error_code(),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase | ErrorCode::DatabaseBusy)
        ),
        StoreError::Corrupt { .. } => false,
        _ => true,
    }
}

fn in_place(path: &Path, actor: &str, flags: OpenFlags, target: &Path) -> Result<Store> {
    let conn = Store::connect(target, flags)?;
    let store = Store {
        conn,
        path: path.to_path_buf(),
        actor: actor.to_string(),
        _lock: None,
        _copy: None,
    };
    store.sanity_check()?;
    Ok(store)
}

fn immutable_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI
}

/// A `file:` URI for `path` with `immutable=1`: SQLite then takes no locks and creates
/// no side files.
fn immutable_uri(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().into_owned();
    if cfg!(windows) {
        text = format!("/{}", text.replace('\\', "/"));
    }
    let mut uri = String::from("file://");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    PathBuf::from(uri)
}

/// Reads a private copy of the file and its write-ahead log (and upgrades the copy when
/// the file is from an older dengbao), leaving the original untouched.
fn private_copy(path: &Path, with_wal: bool, upgrade: bool, actor: &str) -> Result<Store> {
    let display = path.display().to_string();
    let dir = tempfile::tempdir().map_err(io(&display))?;
    let copy = dir.path().join("engagement.dengbao");
    std::fs::copy(path, &copy).map_err(io(&display))?;
    if with_wal {
        for suffix in ["-wal", "-journal"] {
            if sibling(path, suffix).exists() {
                std::fs::copy(sibling(path, suffix), sibling(&copy, suffix)).map_err(io(&display))?;
            }
        }
    }
    let conn = Store::connect(&copy, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let mut store = Store {
        conn,
        path: path.to_path_buf(),
        actor: actor.to_string(),
        _lock: None,
        _copy: Some(dir),
    };
    if upgrade {
        store.migrate()?;
    }
    store.sanity_check()?;
    Ok(store)
}

/// Whether the file system holding `path` has (almost) no space left.
pub(super) fn disk_is_full(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = folder_of(path);
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: a valid C string and a zeroed out-struct.
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return false;
        }
        (s.f_bavail as u64).saturating_mul(s.f_frsize as u64) < 1 << 20
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The account name of the current user, from the system's user database.
pub(super) fn account_name() -> Option<String> {
    #[cfg(unix)]
    {
        let mut buf = vec![0u8; 4096];
        // SAFETY: a zeroed passwd and a buffer we own, as getpwuid_r requires.
        let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
        let mut out: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwuid_r(
                libc::geteuid(),
                &mut pw,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut out,
            )
        };
        if rc != 0 || out.is_null() || pw.pw_name.is_null() {
            return None;
        }
        // SAFETY: getpwuid_r succeeded, so pw_name points at a C string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pw.pw_name) };
        Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty())
    }
    #[cfg(not(unix))]
    None
}
