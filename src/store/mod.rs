//! The engagement file: the only module that speaks SQL.
//!
//! One SQLite file per engagement (`.dengbao`), with our `application_id`, the schema
//! version in `user_version`, WAL, `synchronous=FULL`, `foreign_keys=ON`,
//! `trusted_schema=OFF` and a busy timeout. Every change is one transaction together
//! with its audit-log row, which records the rows the change wrote ([`Store::mutate`]).
//! A file that is not ours, is truncated, corrupt or from a newer schema is refused
//! before anything is written to it. New files are built under a temporary name and
//! appear whole. Reading works on read-only media and on files of other users without
//! leaving files behind that would block the owner ([`open`]).

pub mod audit;
pub mod carry;
pub mod covered;
pub mod engagement;
pub mod evidence;
mod header;
pub mod merge;
pub mod objects;
pub mod open;
pub mod results;
pub mod revisions;
pub mod schema;
mod snapshot;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use covered::Changes;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: already exists; choose another name or remove it first")]
    Exists { path: String },
    #[error("{path}: not a dengbao engagement ({reason})")]
    NotOurs { path: String, reason: String },
    #[error("{path}: the file is truncated ({reason}); it was not modified")]
    Truncated { path: String, reason: String },
    #[error("{path}: the file is damaged ({reason}); it was not modified")]
    Corrupt { path: String, reason: String },
    #[error(
        "{path}: written by a newer dengbao (schema {found}, this build reads up to {supported}); it was not modified"
    )]
    FromTheFuture {
        path: String,
        found: i32,
        supported: i32,
    },
    #[error("{path}: open for writing in another dengbao process; close it there first")]
    Locked { path: String },
    #[error("{path}: the disk is full; nothing was changed — free some space and try again")]
    DiskFull { path: String },
    #[error(
        "{path}: cannot be changed here (the file or its folder is read-only); reading commands still work"
    )]
    ReadOnly { path: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a command changes the engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// An open engagement file.
pub struct Store {
    // Field order matters: the connection must close before `lock` drops, because
    // closing any descriptor of the file releases the process's POSIX locks, which
    // SQLite relies on; and before `copy`, the private copy a reader may work on.
    conn: Connection,
    path: PathBuf,
    actor: String,
    _lock: Option<File>,
    _copy: Option<tempfile::TempDir>,
}

impl Store {
    /// Creates a new engagement file (mode 0600) from `scope`; refuses to overwrite
    /// anything. The file is built under a temporary name in the same folder and
    /// appears under `path` only when complete, so an interrupted `new` leaves nothing
    /// in the way of the next one.
    pub fn create(path: &Path, scope: &crate::domain::engagement::Scope, actor: &str) -> Result<Store> {
        open::create(path, actor, |store| engagement::initialise(store, scope))
    }

    /// Opens an existing engagement. `Write` also takes the file's writer lock, so a
    /// second writing process gets a clear message instead of interleaved changes.
    pub fn open(path: &Path, access: Access, actor: &str) -> Result<Store> {
        open::open(path, access, actor)
    }

    fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        if !flags.contains(OpenFlags::SQLITE_OPEN_READ_ONLY) {
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        Ok(conn)
    }

    /// Runs the pending migrations in one exclusive transaction; upgrading an existing
    /// engagement is recorded in its audit log with a baseline of its whole content.
    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let version: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version >= schema::current_version() {
            return Ok(());
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            schema::after(i + 1, &tx)?;
            tx.pragma_update(None, "user_version", i as i32 + 1)?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        if version > 0 {
            let mut changes = Changes::default();
            changes.baseline(&tx, true)?;
            let detail = changes.into_detail(serde_json::json!({
                "from": version,
                "to": schema::current_version()
            }));
            audit::append(&tx, &self.actor, "upgrade-schema", "engagement", &detail)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Reads the engagement row, which touches the schema and the first pages: a file
    /// damaged there fails here, before any command writes.
    fn sanity_check(&self) -> rusqlite::Result<()> {
        let version: i32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version != schema::current_version() {
            return Err(rusqlite::Error::InvalidQuery);
        }
        self.conn
            .query_row("SELECT count(*) FROM engagement", [], |r| r.get::<_, i64>(0))?;
        Ok(())
    }

    /// Skips fsync for a file being generated from scratch in one go (the sample and
    /// benchmark engagements): still one transaction and one audit row per change, but a
    /// crash midway leaves a file to delete, not one to trust.
    pub fn relax_durability_for_generation(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// Runs `f` (one large change, such as attaching a big file) with new pages written
    /// straight into the file: in WAL mode every page is written twice, once to the log
    /// and again when the log is copied back. For the duration SQLite's rollback journal
    /// keeps the change atomic instead (new pages need no journal); when another process
    /// is reading the file the switch is not possible and `f` runs in WAL mode as usual.
    pub fn with_direct_writes<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let switched = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        let out = f(self);
        if switched {
            let back = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
            if let (Ok(_), Err(e)) = (&out, back) {
                return Err(classify(&self.path.display().to_string(), StoreError::Sqlite(e)));
            }
        }
        out
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs one user action: `change` and the audit row describing it (with the rows
    /// `change` recorded in its [`Changes`]) commit together or not at all.
    pub fn mutate<T>(
        &mut self,
        action: &str,
        target: &str,
        change: impl FnOnce(&Transaction<'_>, &mut Changes) -> Result<(T, serde_json::Value)>,
    ) -> Result<T> {
        let path = self.path.display().to_string();
        let run = || -> Result<T> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut changes = Changes::default();
            let (out, detail) = change(&tx, &mut changes)?;
            audit::append(&tx, &self.actor, action, target, &changes.into_detail(detail))?;
            tx.commit()?;
            Ok(out)
        };
        run().map_err(|e| classify(&path, e))
    }
}

/// Turns SQLite's reports of a full disk or a read-only place into errors that say so.
pub(crate) fn classify(path: &str, e: StoreError) -> StoreError {
    let code = match &e {
        StoreError::Sqlite(s) => s.sqlite_error_code(),
        _ => None,
    };
    match code {
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path: path.into() },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path: path.into() },
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) if open::disk_is_full(Path::new(path)) => {
            StoreError::DiskFull { path: path.into() }
        }
        _ => e,
    }
}

fn corrupt(path: &str, e: rusqlite::Error) -> StoreError {
    match classify(path, StoreError::Sqlite(e)) {
        StoreError::Sqlite(e) => StoreError::Corrupt {
            path: path.to_string(),
            reason: one_line(&e.to_string()),
        },
        other => other,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name recorded as the author of changes: `DENGBAO_EVALUATOR`, else the account
/// name from the environment or, without one, from the system.
pub fn default_actor() -> String {
    ["DENGBAO_EVALUATOR", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(open::account_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// Now, as an RFC 3339 UTC timestamp with millisecond precision. `DENGBAO_NOW` fixes
/// the clock for reproducible runs (tests, demo files).
pub fn now() -> String {
    if let Ok(fixed) = std::env::var("DENGBAO_NOW")
        && let Ok(ts) = fixed.parse::<jiff::Timestamp>()
    {
        return ts.to_string();
    }
    jiff::Timestamp::now()
        .round(jiff::Unit::Millisecond)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| jiff::Timestamp::now().to_string())
}
