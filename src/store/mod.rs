//! The engagement file: the only module that speaks SQL.
//!
//! One SQLite file per engagement (`.dengbao`), with our `application_id`, the schema
//! version in `user_version`, WAL, `synchronous=FULL`, `foreign_keys=ON`,
//! `trusted_schema=OFF` and a busy timeout. Every change is one transaction together
//! with its audit-log row ([`Store::mutate`]). A file that is not ours, is truncated,
//! corrupt or from a newer schema is refused before anything is written to it.

pub mod audit;
pub mod carry;
pub mod engagement;
pub mod evidence;
mod header;
pub mod objects;
pub mod results;
pub mod schema;

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use engagement::{Engagement, EngagementInfo, NewEngagement};
pub use objects::Object;
pub use results::{ResultRow, ResultUpdate};

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
    // SQLite relies on.
    conn: Connection,
    path: PathBuf,
    actor: String,
    _lock: Option<File>,
}

impl Store {
    /// Creates a new engagement file (mode 0600); refuses to overwrite anything.
    pub fn create(path: &Path, new: &NewEngagement, actor: &str) -> Result<Store> {
        let display = path.display().to_string();
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Exists {
                    path: display.clone(),
                },
                _ => StoreError::Io {
                    path: display.clone(),
                    source: e,
                },
            })?;
        lock.try_lock().map_err(|_| StoreError::Locked {
            path: display.clone(),
        })?;
        let built = Self::connect(path).map_err(StoreError::from).and_then(|conn| {
            conn.pragma_update(None, "page_size", 65536)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
                actor: actor.to_string(),
                _lock: None,
            };
            store.migrate()?;
            engagement::initialise(&mut store, new)?;
            Ok(store)
        });
        match built {
            Ok(mut store) => {
                store._lock = Some(lock);
                Ok(store)
            }
            Err(e) => {
                drop(lock);
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
                Err(e)
            }
        }
    }

    /// Opens an existing engagement. `Write` also takes the file's writer lock, so a
    /// second writing process gets a clear message instead of interleaved changes.
    pub fn open(path: &Path, access: Access, actor: &str) -> Result<Store> {
        let display = path.display().to_string();
        let mut file = File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound {
                path: display.clone(),
            },
            _ => StoreError::Io {
                path: display.clone(),
                source: e,
            },
        })?;
        if path.is_dir() {
            return Err(StoreError::NotOurs {
                path: display,
                reason: "it is a directory".into(),
            });
        }
        let facts = header::read(&mut file, &display)?;
        let upgrade = facts.version < schema::current_version();
        // Writing, and upgrading an older file (even to read it), take the writer lock.
        let lock = if access == Access::Write || upgrade {
            file.try_lock().map_err(|_| StoreError::Locked {
                path: display.clone(),
            })?;
            Some(file)
        } else {
            drop(file);
            None
        };
        let conn = Self::connect(path).map_err(|e| corrupt(&display, e))?;
        if !facts.wal {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| corrupt(&display, e))?;
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: actor.to_string(),
            _lock: lock,
        };
        if upgrade {
            store.migrate().map_err(|e| match e {
                StoreError::Sqlite(e) => corrupt(&display, e),
                e => e,
            })?;
        }
        store.sanity_check().map_err(|e| corrupt(&display, e))?;
        Ok(store)
    }

    fn connect(path: &Path) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(conn)
    }

    /// Runs the pending migrations in one exclusive transaction; upgrading an existing
    /// engagement is recorded in its audit log.
    fn migrate(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let version: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i32 + 1)?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        if version > 0 {
            let detail = serde_json::json!({ "from": version, "to": schema::current_version() });
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

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs one user action: `change` and the audit row describing it commit together
    /// or not at all.
    pub fn mutate<T>(
        &mut self,
        action: &str,
        target: &str,
        change: impl FnOnce(&Transaction<'_>) -> Result<(T, serde_json::Value)>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (out, detail) = change(&tx)?;
        audit::append(&tx, &self.actor, action, target, &detail)?;
        tx.commit()?;
        Ok(out)
    }
}

fn corrupt(path: &str, e: rusqlite::Error) -> StoreError {
    StoreError::Corrupt {
        path: path.to_string(),
        reason: one_line(&e.to_string()),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name recorded as the author of changes: `DENGBAO_EVALUATOR`, else the OS user.
pub fn default_actor() -> String {
    ["DENGBAO_EVALUATOR", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
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
