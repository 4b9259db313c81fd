//! Taking evidence in: files streamed once (hash computed while the bytes go into the
//! engagement file), text notes, interview records and journal entries. A path that is
//! not a readable regular file is refused before anything is written for it.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use super::results::Pair;
use super::{Field, OpsError, Result, required};
use crate::domain::Method;
use crate::domain::evidence::{
    Evidence, EvidenceKind, Interview, JournalEntry, NewEvidence, NewJournalEntry, ToolReport,
};
use crate::domain::time::from_system_time;
use crate::store::{Store, now};

/// What the evaluator says about a piece of evidence when attaching it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttachOptions {
    pub method: Option<Method>,
    /// RFC 3339 UTC; defaults to the file's modification time (files) or now (notes).
    pub captured_at: Option<String>,
    pub sensitive: bool,
    pub note: String,
    /// Scanner or penetration-test output (its tool is named).
    pub tool_report: Option<ToolReport>,
}

/// How many leading bytes decide the media type.
const SNIFF_BYTES: usize = 8192;

/// Attaches one file. Directories, FIFOs, devices, sockets, missing and unreadable
/// paths are refused with a one-line reason; a symbolic link is followed and recorded.
/// `progress` hears the bytes read so far and answers whether to go on: `false` cancels
/// the attach, and nothing of it is stored.
pub fn file(
    store: &mut Store,
    path: &Path,
    pair: &Pair,
    opts: &AttachOptions,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Evidence> {
    // Escaped so that a name with a newline still makes a one-line message.
    let shown = path.display().to_string().escape_debug().to_string();
    let refuse = |why: String| OpsError::NotAttachable {
        path: shown.clone(),
        why,
    };
    let link = std::fs::symlink_metadata(path).map_err(|e| refuse(io_reason(&e)))?;
    let followed_symlink = link.file_type().is_symlink();
    let file = crate::files::open_without_blocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound if followed_symlink => refuse("a symbolic link to nothing".into()),
        _ => refuse(io_reason(&e)),
    })?;
    let meta = file.metadata().map_err(|e| refuse(io_reason(&e)))?;
    if !meta.file_type().is_file() {
        return Err(refuse(format!("is {}", crate::files::not_a_file(&meta))));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let source_path = if followed_symlink {
        let to = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        format!("{shown} -> {to}")
    } else {
        shown.clone()
    };
    let mut reader = SniffingReader::new(file, progress).map_err(|e| refuse(io_reason(&e)))?;
    let new = NewEvidence {
        kind: EvidenceKind::File,
        name,
        media_type: reader.media_type(),
        captured_at: opts
            .captured_at
            .clone()
            .or_else(|| meta.modified().ok().and_then(from_system_time))
            .unwrap_or_else(now),
        method: opts.method,
        sensitive: opts.sensitive,
        note: opts.note.clone(),
        source_path,
        followed_symlink,
        tool_report: tool_report(opts)?,
    };
    let mut add =
        |store: &mut Store| store.add_evidence(&mut reader, &new, &pair.item.id, pair.object.id, None);
    if meta.len() >= DIRECT_WRITE_BYTES {
        Ok(store.with_direct_writes(add)?)
    } else {
        Ok(add(store)?)
    }
}

/// A tool report names its tool.
fn tool_report(opts: &AttachOptions) -> Result<Option<ToolReport>> {
    match &opts.tool_report {
        Some(r) => {
            required(Field::Tool, &r.tool)?;
            Ok(Some(ToolReport {
                kind: r.kind,
                tool: r.tool.trim().to_string(),
            }))
        }
        None => Ok(None),
    }
}

/// From this size on, a file's bytes go straight into the engagement file instead of
/// through the write-ahead log (see [`Store::with_direct_writes`]).
const DIRECT_WRITE_BYTES: u64 = 16 << 20;

/// Attaches a text note as evidence.
pub fn text(store: &mut Store, text: &str, pair: &Pair, opts: &AttachOptions) -> Result<Evidence> {
    required(Field::Text, text)?;
    let new = NewEvidence {
        kind: EvidenceKind::Text,
        name: note_name(text),
        media_type: "text/plain; charset=utf-8".into(),
        captured_at: opts.captured_at.clone().unwrap_or_else(now),
        method: opts.method,
        sensitive: opts.sensitive,
        note: opts.note.clone(),
        source_path: String::new(),
        followed_symlink: false,
        tool_report: tool_report(opts)?,
    };
    let mut bytes = Cursor::new(text.as_bytes());
    Ok(store.add_evidence(&mut bytes, &new, &pair.item.id, pair.object.id, None)?)
}

/// Records an interview: evidence (the record as text, hashed) plus a journal entry.
pub fn interview(store: &mut Store, interview: &Interview, pair: &Pair) -> Result<Evidence> {
    required(Field::Who, &interview.who)?;
    required(Field::Role, &interview.role)?;
    required(Field::Summary, &interview.summary)?;
    let record = format!(
        "访谈记录 / Interview record\n访谈对象 Interviewee: {}\n角色 Role: {}\n时间 Time: {}\n测评项 Item: {} @ {}\n摘要 Summary:\n{}\n",
        interview.who, interview.role, interview.at, pair.item.id, pair.object.name, interview.summary
    );
    let date = interview.at.get(..10).unwrap_or(&interview.at);
    let new = NewEvidence {
        kind: EvidenceKind::Interview,
        name: format!("访谈-{}-{date}.txt", interview.who.trim()),
        media_type: "text/plain; charset=utf-8".into(),
        captured_at: interview.at.clone(),
        method: Some(Method::Interview),
        sensitive: false,
        note: String::new(),
        source_path: String::new(),
        followed_symlink: false,
        tool_report: None,
    };
    let journal = NewJournalEntry {
        at: interview.at.clone(),
        kind: "interview".into(),
        who: interview.who.clone(),
        role: interview.role.clone(),
        location: String::new(),
        summary: interview.summary.clone(),
    };
    let mut bytes = Cursor::new(record.into_bytes());
    Ok(store.add_evidence(&mut bytes, &new, &pair.item.id, pair.object.id, Some(&journal))?)
}

/// Adds an entry to the on-site journal.
pub fn journal(store: &mut Store, entry: &NewJournalEntry) -> Result<JournalEntry> {
    required(Field::At, &entry.at)?;
    required(Field::Who, &entry.who)?;
    required(Field::What, &entry.summary)?;
    Ok(store.add_journal(entry)?)
}

/// A journal entry, by the number `journal list` shows or by its uid.
pub fn find_journal(store: &Store, id: &str) -> Result<JournalEntry> {
    store
        .journal()?
        .into_iter()
        .find(|j| j.id.to_string() == id || j.uid.as_str() == id)
        .ok_or_else(|| OpsError::Input(format!("no journal entry '{id}' in this engagement")))
}

/// Changes the time, place, people and text of journal entry `id`.
pub fn edit_journal(store: &mut Store, id: i64, entry: &NewJournalEntry) -> Result<JournalEntry> {
    required(Field::At, &entry.at)?;
    required(Field::Who, &entry.who)?;
    required(Field::What, &entry.summary)?;
    Ok(store.edit_journal(id, entry)?)
}

/// A name for a text note: its first words.
fn note_name(text: &str) -> String {
    let head: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(32)
        .collect();
    format!("{head}.txt")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".into(),
        _ => format!("cannot be read ({e})"),
    }
}

/// A reader that keeps the first bytes of a file to sniff its media type, then yields
/// the whole file once, telling `progress` how far it got.
struct SniffingReader<'p> {
    head: Cursor<Vec<u8>>,
    rest: File,
    read: u64,
    progress: &'p mut dyn FnMut(u64) -> bool,
}

impl<'p> SniffingReader<'p> {
    fn new(mut file: File, progress: &'p mut dyn FnMut(u64) -> bool) -> std::io::Result<Self> {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
        Ok(SniffingReader {
            head: Cursor::new(head),
            rest: file,
            read: 0,
            progress,
        })
    }

    fn media_type(&self) -> String {
        media_type_of(self.head.get_ref())
    }
}

impl Read for SniffingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match self.head.read(buf)? {
            0 => self.rest.read(buf)?,
            n => n,
        };
        self.read += n as u64;
        if !(self.progress)(self.read) {
            return Err(std::io::Error::other("cancelled"));
        }
        Ok(n)
    }
}

/// Media type from the leading bytes: known signatures, else UTF-8 text, else binary.
pub fn media_type_of(head: &[u8]) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_string();
    }
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A multi-byte character cut at the end of the sniffed bytes is still text.
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
    };
    if text && !head.contains(&0) {
        "text/plain; charset=utf-8".into()
    } else {
        "application/octet-stream".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_content_not_names() {
        assert_eq!(media_type_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(
            media_type_of("检查记录：已启用".as_bytes()),
            "text/plain; charset=utf-8"
        );
        assert_eq!(media_type_of(&[0, 1, 2, 0xff]), "application/octet-stream");
        assert_eq!(
            media_type_of(&"中文".as_bytes()[..4]),
            "text/plain; charset=utf-8"
        );
    }
}
