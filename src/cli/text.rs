//! Text for the terminal: user-typed values printed so they can neither run terminal
//! escape sequences nor disguise themselves (control and bidirectional characters are
//! shown escaped), messages kept to one line, JSON pretty-printed.

/// Characters that reorder or hide text (bidi overrides and isolates, zero-width marks).
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` with control and formatting characters escaped (`\n`, `\u{1b}`, `\u{202e}`).
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || is_format_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A message on one line: line breaks of messages made of several sentences folded.
pub fn one_line(s: &str) -> String {
    plain(
        &s.split(['\n', '\r'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A progress bar on stderr when it is a terminal (hidden otherwise, so scripts and
/// pipes see nothing of it).
pub fn bar(total: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// A spinner on stderr when it is a terminal, for work without a size.
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let s = indicatif::ProgressBar::new_spinner();
    s.set_message(what.to_string());
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_shown_not_run() {
        assert_eq!(plain("HIS\u{1b}[2J"), "HIS\\u{1b}[2J");
        assert_eq!(plain("a\u{202e}gnp.exe"), "a\\u{202e}gnp.exe");
        assert_eq!(plain("一\n二"), "一\\n二");
        assert_eq!(plain("主机房 A3"), "主机房 A3");
        assert_eq!(one_line("first\nsecond"), "first second");
    }
}
