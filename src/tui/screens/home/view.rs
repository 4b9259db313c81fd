//! Drawing the home screen; long texts wrap at word boundaries (CJK between characters).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use super::{Entry, Home};
use crate::domain::Lang;
use crate::tui::overlays::centered;
use crate::tui::text::{T, t};
use crate::tui::theme;

pub fn render(h: &Home, lang: Lang, frame: &mut Frame, area: Rect) {
    let box_area = centered(area, 76, area.height.saturating_sub(1).min(22));
    let block = Block::bordered().title(t(lang, T::HomeTitle));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [intro, list, hint] = inner.layout(&Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(2),
    ]));
    let wrapped = |text: &str, width: u16| -> Vec<Line<'static>> {
        theme::wrap(text, width as usize)
            .into_iter()
            .map(Line::raw)
            .collect()
    };
    frame.render_widget(Paragraph::new(wrapped(t(lang, T::HomeIntro), intro.width)), intro);
    let width = list.width as usize;
    let items: Vec<ListItem> = h
        .entries()
        .iter()
        .map(|e| {
            let line = match e {
                Entry::Sample => Line::from(vec![
                    Span::styled("s  ", theme::dim()),
                    Span::raw(t(lang, T::HomeSample)),
                ]),
                Entry::Recent(i) => {
                    let r = &h.recent[*i];
                    let path = theme::excerpt(&r.path.display().to_string(), width.saturating_sub(3));
                    let mut lines = vec![Line::from(vec![Span::raw("   "), Span::raw(path)])];
                    if let Some(s) = &r.summary {
                        lines.push(Line::styled(
                            format!("     {}", theme::excerpt(s, width.saturating_sub(5))),
                            theme::dim(),
                        ));
                    }
                    return ListItem::new(lines);
                }
                Entry::New => Line::from(vec![
                    Span::styled("n  ", theme::dim()),
                    Span::raw(t(lang, T::HomeNew)),
                ]),
                Entry::OpenPath => Line::from(vec![
                    Span::styled("o  ", theme::dim()),
                    Span::raw(t(lang, T::HomeOpen)),
                ]),
            };
            ListItem::new(line)
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(h.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme::selected()),
        list,
        &mut state,
    );
    match &h.notice {
        Some(n) => frame.render_widget(Paragraph::new(wrapped(n, hint.width)).style(theme::error()), hint),
        None => frame.render_widget(
            Paragraph::new(wrapped(t(lang, T::HomeNewHint), hint.width)).style(theme::dim()),
            hint,
        ),
    }
}
