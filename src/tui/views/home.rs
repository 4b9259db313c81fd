//! The home screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::super::app::{Home, HomeEntry};
use super::super::theme;
use super::centered;
use crate::domain::Lang;

pub fn render(h: &Home, lang: Lang, frame: &mut Frame, area: Rect) {
    let box_area = centered(area, 72, 20);
    let block = Block::bordered().title(match lang {
        Lang::Zh => " 网络安全等级保护测评 ",
        Lang::En => " Graded-protection evaluations ",
    });
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [intro, list, hint] = inner.layout(&Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(3),
    ]));
    let intro_text = match lang {
        Lang::Zh => "离线、键盘操作的等保测评工具。打开示例先看一看，或打开一个测评文件（.dengbao）。",
        Lang::En => {
            "Offline, keyboard-first evaluations. Open the sample to look around, or open an engagement file (.dengbao)."
        }
    };
    frame.render_widget(Paragraph::new(intro_text).wrap(Wrap { trim: true }), intro);
    let items: Vec<ListItem> = h
        .entries()
        .iter()
        .map(|e| {
            let line = match e {
                HomeEntry::Sample => Line::from(vec![
                    Span::styled("s  ", theme::dim()),
                    Span::raw(match lang {
                        Lang::Zh => "打开示例：示例市第一人民医院 HIS（第三级，三级甲等）",
                        Lang::En => "Open the sample: a hospital HIS (level 3, grade III-A)",
                    }),
                ]),
                HomeEntry::Recent(p) => Line::from(vec![
                    Span::styled("   ", theme::dim()),
                    Span::raw(p.display().to_string()),
                ]),
                HomeEntry::OpenPath => Line::from(vec![
                    Span::styled("o  ", theme::dim()),
                    Span::raw(match lang {
                        Lang::Zh => "打开文件…",
                        Lang::En => "Open a file…",
                    }),
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
    let hint_text = match lang {
        Lang::Zh => "新建测评：dengbao new FILE --system 名称 --org 单位 --level 3 [--hospital-grade III-A]",
        Lang::En => {
            "New engagement: dengbao new FILE --system NAME --org NAME --level 3 [--hospital-grade III-A]"
        }
    };
    frame.render_widget(
        Paragraph::new(hint_text)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        hint,
    );
}
