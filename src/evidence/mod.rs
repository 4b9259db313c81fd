//! Evidence custody: export with `SHA256SUMS`; verification of engagements (content
//! against the audit log, evidence bytes against their hashes, SQLite's own integrity
//! check) and of sealed, optionally signed, bundles. SQL stays in [`crate::store`]; this
//! module deals with files and archives.

pub mod bundle;
pub mod export;
pub mod keys;
pub mod names;
pub mod verify;

use crate::output::OutputError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CustodyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: not a dengbao bundle ({why})")]
    NotABundle { path: String, why: String },
    #[error("{path}: {why}")]
    Key { path: String, why: String },
    #[error("{path} is not empty; export into a new or empty folder")]
    NotEmpty { path: String },
    #[error("{path} exists and is not a folder")]
    NotAFolder { path: String },
}

pub type Result<T, E = CustodyError> = std::result::Result<T, E>;

fn io(path: &std::path::Path) -> impl Fn(std::io::Error) -> CustodyError + '_ {
    move |e| CustodyError::Io {
        path: path.display().to_string(),
        source: e,
    }
}
