//! Use cases: every user action as one function shared by the command line, the terminal
//! UI and the sample generator. Each validates its input with the domain's rules and
//! makes its change in one store transaction. Errors are typed ([`OpsError`]) and name
//! fields, never command-line flags: the caller phrases them.

pub mod attach;
pub mod engagement;
pub mod import;
pub mod merge;
pub mod objects;
pub mod results;

use crate::domain::object::ObjectChoice;
use crate::domain::result::RuleViolation;
use crate::store::StoreError;

/// A field of a user action, for messages: the command line names its flag, the
/// terminal UI its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    File,
    System,
    Org,
    Level,
    Item,
    Object,
    ObjectName,
    Verdict,
    Record,
    Risk,
    Reason,
    HighRiskCase,
    Correction,
    Text,
    Who,
    Role,
    At,
    Summary,
    Where,
    What,
    StartsOn,
    EndsOn,
    Tool,
}

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    #[error(transparent)]
    Object(#[from] ObjectChoice),
    #[error(transparent)]
    Info(#[from] crate::domain::engagement::InfoViolation),
    #[error(transparent)]
    Detail(#[from] crate::domain::details::DetailViolation),
    #[error("{0:?} is empty")]
    Empty(Field),
    #[error("unknown item '{id}' (closest: {})", closest.join(", "))]
    UnknownItem { id: String, closest: Vec<String> },
    #[error("item '{id}' belongs to {belongs}, not to this level-{level} engagement")]
    ItemElsewhere { id: String, belongs: String, level: u8 },
    #[error("unknown high-risk case '{0}'")]
    UnknownCase(String),
    #[error("{0}")]
    Catalog(String),
    #[error("{path}: {why}; nothing attached")]
    NotAttachable { path: String, why: String },
    #[error("'{0}' is a system-level object and stays in every engagement")]
    SystemObject(String),
    #[error("removing '{name}' would take {results} results and {links} evidence links with it")]
    WouldLose {
        name: String,
        results: usize,
        links: usize,
    },
    #[error("{0}")]
    Input(String),
}

impl OpsError {
    /// Whether the error is about what the user asked for (bad input), as opposed to the
    /// file or the machine.
    pub fn is_input(&self) -> bool {
        !matches!(self, OpsError::Store(e) if !matches!(e, StoreError::Invalid(_)))
    }
}

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

/// A text the user must fill in.
pub(crate) fn required(field: Field, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(OpsError::Empty(field));
    }
    Ok(())
}
