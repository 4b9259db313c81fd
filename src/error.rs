//! The errors a command can end with, and their exit codes (DESIGN §6): 2 for bad
//! usage or input. (A failed check is not an error: it is exit 1 from the command.)

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Bad input named in one sentence.
    #[error("{0}")]
    Input(String),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

impl Error {
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        2
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
