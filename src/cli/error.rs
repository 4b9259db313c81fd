//! Every error a command can end with, phrased for the command line: one sentence that
//! names the bad value and, where the user typed one, the flag.

use crate::evidence::CustodyError;
use crate::ops::{Field, OpsError};
use crate::output::OutputError;
use crate::report::ReportError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Custody(#[from] CustodyError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Tui(#[from] crate::tui::TuiError),
    #[error("{0}")]
    Usage(String),
    #[error("output: {0}")]
    Stdio(std::io::Error),
}

/// The flag that sets a field.
pub fn flag(field: Field) -> &'static str {
    match field {
        Field::File => "FILE",
        Field::System => "--system",
        Field::Org => "--org",
        Field::Level => "--level",
        Field::Item => "ITEM",
        Field::Object => "--asset",
        Field::ObjectName => "--name",
        Field::Verdict => "--verdict",
        Field::Record => "--record",
        Field::Risk => "--risk",
        Field::Reason => "--reason",
        Field::HighRiskCase => "--high-risk-case",
        Field::Correction => "--corrected",
        Field::Text => "--text",
        Field::Who => "--who",
        Field::Role => "--role",
        Field::At => "--at",
        Field::Summary => "--summary",
        Field::Where => "--where",
        Field::What => "--what",
        Field::StartsOn => "--starts-on",
        Field::EndsOn => "--ends-on",
        Field::Tool => "--tool",
    }
}

impl Error {
    pub fn stdio(e: std::io::Error) -> Error {
        Error::Stdio(e)
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdio(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> u8 {
        super::BAD_INPUT
    }

    /// The error as one sentence; `file` is the engagement the command worked on, named
    /// when SQLite reports damage midway without saying where.
    pub fn sentence(&self, file: Option<&str>) -> String {
        match self {
            Error::Ops(OpsError::Info(crate::domain::engagement::InfoViolation::EndsBeforeStart {
                starts_on,
                ends_on,
            })) => format!("--ends-on {ends_on} is before --starts-on {starts_on}"),
            Error::Ops(OpsError::WouldLose { name, results, links }) => format!(
                "removing '{name}' would take {results} results and {links} evidence links with it; pass --force to remove it anyway"
            ),
            Error::Ops(OpsError::Empty(field)) => format!("{} is empty; nothing was changed", flag(*field)),
            Error::Ops(OpsError::Object(o)) => match o {
                crate::domain::object::ObjectChoice::NeedsObject { .. } => {
                    o.to_string().replacen("name one", "name one with --asset", 1)
                }
                _ => o.to_string(),
            },
            Error::Ops(OpsError::Store(e)) | Error::Store(e) => store_sentence(e, file),
            Error::Custody(CustodyError::Store(e)) | Error::Report(ReportError::Store(e)) => {
                store_sentence(e, file)
            }
            Error::Output(e)
            | Error::Custody(CustodyError::Output(e))
            | Error::Report(ReportError::Output(e)) => output_sentence(e),
            other => other.to_string(),
        }
    }
}

fn output_sentence(e: &OutputError) -> String {
    match e {
        OutputError::Exists { target } => format!(
            "{target} already exists; choose another name (or pass --force to replace an earlier output of this engagement)"
        ),
        other => other.to_string(),
    }
}

/// A database error that surfaced mid-command, named with its file: damage SQLite
/// detects only when it reads the damaged page is reported like damage found at open.
fn store_sentence(e: &StoreError, file: Option<&str>) -> String {
    let path = file.unwrap_or("the engagement");
    match e {
        StoreError::Sqlite(s) => {
            let reason = s.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
            match s.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                    StoreError::Corrupt {
                        path: path.to_string(),
                        reason,
                    }
                    .to_string()
                }
                Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull { path: path.into() }.to_string(),
                Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { path: path.into() }.to_string(),
                _ => format!("{path}: {reason}"),
            }
        }
        other => other.to_string(),
    }
}
