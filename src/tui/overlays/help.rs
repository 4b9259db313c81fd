//! Help: the keys of the current screen, generated from the live key map; scrolls.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::text::{T, t};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Help {
    pub scroll: u16,
}

pub fn render(h: &Help, app: &App, frame: &mut Frame) {
    let bindings = keymap::visible(app, false);
    let mut lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>7}  ", b.label), theme::title()),
                Span::raw(b.describe(app.lang)),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(t(app.lang, T::PressAnyKey), theme::dim()));
    let area = frame.area();
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let rect = centered(area, 52.min(area.width.saturating_sub(2)), height);
    let max_scroll = (lines.len() as u16 + 2).saturating_sub(height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((h.scroll.min(max_scroll), 0))
            .block(Block::bordered().title(t(app.lang, T::Keys))),
        rect,
    );
}
