//! Colours and glyphs. Glyphs are chosen among characters every terminal draws one
//! column wide, also in East Asian locales. With `NO_COLOR` set (to anything), no
//! colour is used: bold, underline, reverse and dim still tell things apart.

use std::sync::LazyLock;

use ratatui::style::{Color, Modifier, Style};

static NO_COLOR: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));

/// A foreground colour, or its stand-in without colours.
fn fg(color: Color) -> Style {
    colour(color, *NO_COLOR)
}

fn colour(color: Color, none: bool) -> Style {
    match (none, color) {
        (false, c) => Style::new().fg(c),
        (true, Color::DarkGray) => Style::new().add_modifier(Modifier::DIM),
        (true, _) => Style::new(),
    }
}

use crate::domain::{Risk, Verdict};

pub fn glyph(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "✓",
        Verdict::Partial => "~",
        Verdict::NonCompliant => "✗",
        Verdict::NotApplicable => "-",
        Verdict::NotAssessed => " ",
    }
}

pub fn verdict_style(v: Verdict) -> Style {
    match v {
        Verdict::Compliant => fg(Color::Green),
        Verdict::Partial => fg(Color::Yellow),
        Verdict::NonCompliant => fg(Color::Red).add_modifier(Modifier::BOLD),
        Verdict::NotApplicable => fg(Color::DarkGray),
        Verdict::NotAssessed => Style::new(),
    }
}

pub fn risk_style(r: Option<Risk>) -> Style {
    match r {
        Some(Risk::High) => fg(Color::Red).add_modifier(Modifier::BOLD),
        Some(Risk::Medium) => fg(Color::Yellow),
        Some(Risk::Low) => fg(Color::Cyan),
        None => fg(Color::DarkGray),
    }
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// Text that is not yet the evaluator's own (a record still equal to its preset).
pub fn caution() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::ITALIC)
}

pub fn dim() -> Style {
    fg(Color::DarkGray)
}

pub fn heading() -> Style {
    fg(Color::Blue).add_modifier(Modifier::BOLD)
}

/// A text field: underlined, so that an empty one shows where to type.
pub fn field() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

pub fn field_focused() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
}

pub fn error() -> Style {
    fg(Color::Red)
}

pub fn ok() -> Style {
    fg(Color::Green)
}

/// `text` on one line, cut to `width` columns (CJK counted double) with an ellipsis.
pub fn excerpt(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if self::width(&flat) <= width {
        return flat;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in flat.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `text` broken into lines of at most `width` columns: between words, and between CJK
/// characters (Unicode line breaking), never inside an English word that fits a line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    text.lines()
        .flat_map(|line| {
            if line.is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(line, width)
                    .into_iter()
                    .map(|c| c.into_owned())
                    .collect()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_english_words_whole_and_lines_within_width() {
        let lines = wrap("Offline, keyboard-first evaluations for hospitals", 20);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("evaluations")), "{lines:?}");
        let zh = wrap("高风险判定 6.1.1.1 机房出入口访问控制措施缺失", 21);
        assert!(zh.iter().all(|l| width(l) <= 21), "{zh:?}");
        assert_eq!(excerpt("数据库审计系统", 9), "数据库审…");
        assert_eq!(excerpt("short", 9), "short");
    }
}

#[cfg(test)]
mod colour_tests {
    use super::*;

    #[test]
    fn without_colours_styles_keep_their_emphasis_only() {
        assert_eq!(colour(Color::Red, true), Style::new());
        assert_eq!(
            colour(Color::DarkGray, true),
            Style::new().add_modifier(Modifier::DIM)
        );
        assert_eq!(colour(Color::Green, false), Style::new().fg(Color::Green));
    }
}
