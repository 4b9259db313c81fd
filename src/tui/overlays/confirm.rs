//! A question before a change that touches many results or cannot be taken back:
//! y (or Enter) goes ahead, n (or Esc) leaves everything as it was.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::domain::result::ResultUpdate;
use crate::tui::theme;

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: Vec<String>,
    pub then: Then,
}

/// What a yes does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Apply one change to these pairs (indexes into the analysis' pairs).
    Bulk {
        pairs: Vec<usize>,
        update: ResultUpdate,
        links: Vec<i64>,
    },
    RemoveObject {
        name: String,
    },
}

pub fn render(c: &Confirm, frame: &mut Frame) {
    let full = frame.area();
    let width = full.width.saturating_sub(4).clamp(20, 70);
    let inner = width.saturating_sub(2) as usize;
    let lines: Vec<Line> = c
        .question
        .iter()
        .flat_map(|q| theme::wrap(q, inner))
        .map(Line::raw)
        .collect();
    let rect = centered(full, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().border_style(theme::heading())),
        rect,
    );
}
