//! Evidence: files, text notes and interview records, hashed when taken in and linked to
//! the results they support; and the on-site journal.

use serde::Serialize;

use super::ids::Uid;
use super::vocab::Method;

/// Kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    File,
    Text,
    Interview,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 3] = [EvidenceKind::File, EvidenceKind::Text, EvidenceKind::Interview];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::File => "file",
            EvidenceKind::Text => "text",
            EvidenceKind::Interview => "interview",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: super::Lang) -> &'static str {
        match (self, lang) {
            (EvidenceKind::File, super::Lang::Zh) => "文件",
            (EvidenceKind::File, super::Lang::En) => "File",
            (EvidenceKind::Text, super::Lang::Zh) => "文字记录",
            (EvidenceKind::Text, super::Lang::En) => "Text note",
            (EvidenceKind::Interview, super::Lang::Zh) => "访谈记录",
            (EvidenceKind::Interview, super::Lang::En) => "Interview",
        }
    }
}

/// Metadata of a piece of evidence about to be stored.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    pub name: String,
    pub media_type: String,
    pub captured_at: String,
    pub method: Option<Method>,
    pub sensitive: bool,
    pub note: String,
    pub source_path: String,
    pub followed_symlink: bool,
    /// Scanner or penetration-test output, listed in the report's appendix E or F.
    pub tool_report: Option<ToolReport>,
}

/// A tool report: what it is and the tool that wrote it (name and version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolReport {
    pub kind: super::ToolReportKind,
    pub tool: String,
}

/// The item × object a piece of evidence supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub item: String,
    pub object: String,
    pub object_uid: Uid,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub uid: Uid,
    pub kind: EvidenceKind,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    pub captured_at: String,
    pub added_at: String,
    pub added_by: String,
    pub method: Option<Method>,
    pub sensitive: bool,
    pub note: String,
    pub source_path: String,
    pub followed_symlink: bool,
    pub links: Vec<Link>,
    #[serde(skip)]
    pub content_id: i64,
}

/// Stored bytes of evidence, for verification.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub id: i64,
    pub sha256: String,
    pub size: u64,
}

/// An interview as typed: `at` is RFC 3339 UTC.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    pub who: String,
    pub role: String,
    pub at: String,
    pub summary: String,
}

/// A journal entry about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJournalEntry {
    pub at: String,
    pub kind: String,
    pub who: String,
    pub role: String,
    pub location: String,
    pub summary: String,
}

/// One entry of the on-site journal (who was interviewed or what was inspected, when,
/// where).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    pub id: i64,
    pub uid: Uid,
    pub at: String,
    pub kind: String,
    pub who: String,
    pub role: String,
    pub location: String,
    pub summary: String,
    pub recorded_by: String,
    pub evidence_id: Option<i64>,
}
