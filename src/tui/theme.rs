//! Colours and glyphs. Glyphs are chosen among characters every terminal draws one
//! column wide, also in East Asian locales.

use ratatui::style::{Color, Modifier, Style};

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
        Verdict::Compliant => Style::new().fg(Color::Green),
        Verdict::Partial => Style::new().fg(Color::Yellow),
        Verdict::NonCompliant => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Verdict::NotApplicable => Style::new().fg(Color::DarkGray),
        Verdict::NotAssessed => Style::new(),
    }
}

pub fn risk_style(r: Option<Risk>) -> Style {
    match r {
        Some(Risk::High) => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Some(Risk::Medium) => Style::new().fg(Color::Yellow),
        Some(Risk::Low) => Style::new().fg(Color::Cyan),
        None => Style::new().fg(Color::DarkGray),
    }
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn heading() -> Style {
    Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}
