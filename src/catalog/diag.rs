//! Diagnostics about pack files, always located as `file:line:col`.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.col)?;
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Turns byte offsets of one file's text into diagnostics. Line starts are indexed
/// once, so locating is a binary search: a pack of any size is located in linear time.
pub struct Locator<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            file,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (line, col)
    }

    pub fn at(&self, span: Range<usize>, severity: Severity, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(span.start);
        Diagnostic {
            file: self.file.to_string(),
            line,
            col,
            severity,
            message: message.into(),
        }
    }

    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.at(span, Severity::Error, message)
    }

    pub fn warning(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.at(span, Severity::Warning, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a = 1\nname = \"机房\" x\n";
        let loc = Locator::new("p.toml", text);
        let offset = text.find('x').unwrap();
        assert_eq!(loc.line_col(offset), (2, 13));
        assert_eq!(loc.line_col(0), (1, 1));
    }

    #[test]
    fn diagnostics_print_as_file_line_col_message() {
        let loc = Locator::new("p.toml", "a\nb\n");
        assert_eq!(loc.error(2..3, "bad").to_string(), "p.toml:2:1: bad");
        assert_eq!(loc.warning(0..1, "meh").to_string(), "p.toml:1:1: warning: meh");
    }
}
