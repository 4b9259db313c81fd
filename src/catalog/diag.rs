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

/// Turns byte offsets of one file's text into diagnostics.
pub struct Locator<'a> {
    file: &'a str,
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Locator { file, text }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
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
