//! Popups: help (generated from the live key bindings) and text input.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::app::{App, Popup};
use super::super::{keymap, theme};
use super::centered;
use crate::domain::Lang;

pub fn render(app: &App, frame: &mut Frame) {
    match &app.popup {
        None => {}
        Some(Popup::Help) => {
            let bindings = keymap::visible(app, false);
            let mut lines: Vec<Line> = bindings
                .iter()
                .map(|b| {
                    Line::from(vec![
                        Span::styled(format!("{:>6}  ", b.label), theme::title()),
                        Span::raw(b.describe(app.lang)),
                    ])
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                if app.lang == Lang::Zh {
                    "按任意键关闭"
                } else {
                    "Any key closes this"
                },
                theme::dim(),
            ));
            let area = centered(frame.area(), 44, lines.len() as u16 + 2);
            let title = if app.lang == Lang::Zh {
                " 按键 "
            } else {
                " Keys "
            };
            frame.render_widget(Clear, area);
            frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), area);
        }
        Some(Popup::Input { text, .. }) => {
            let area = centered(frame.area(), frame.area().width.saturating_sub(6).max(20), 5);
            frame.render_widget(Clear, area);
            frame.render_widget(&**text, area);
        }
    }
}
