//! The checklist: categories → items with their verdict glyphs, the selected item's
//! text and guidance, and its result for every object it applies to.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, List, ListItem, ListState, Paragraph, Row as TableRow, Table, TableState, Wrap,
};

use super::super::app::{Pane, Row, Workspace};
use super::super::theme;
use crate::catalog::Item;
use crate::domain::{Lang, Verdict};

pub fn render(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let [tree, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(42),
        Constraint::Percentage(58),
    ]));
    render_tree(w, lang, frame, tree);
    let [detail, objects] = right.layout(&Layout::vertical([
        Constraint::Percentage(55),
        Constraint::Percentage(45),
    ]));
    match w.selected_item() {
        Some(item) => {
            render_detail(item, lang, frame, detail);
            render_objects(w, item, lang, frame, objects);
        }
        None => {
            let text = if lang == Lang::Zh {
                "没有符合筛选条件的测评项。按 f 或 / 调整。"
            } else {
                "No item matches; press f or / to change."
            };
            frame.render_widget(Paragraph::new(text).block(Block::bordered()), right);
        }
    }
}

fn focus(block: Block<'_>, focused: bool) -> Block<'_> {
    if focused {
        block.border_style(theme::heading())
    } else {
        block
    }
}

fn render_tree(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let c = &w.checklist;
    let items: Vec<ListItem> = c
        .rows
        .iter()
        .map(|row| match row {
            Row::Category { code, name, .. } => ListItem::new(Line::styled(
                format!("{code} {}", name.get(lang)),
                theme::heading(),
            )),
            Row::Item(i) => {
                let item = &w.data.items[*i];
                let (verdict, assessed, total) = w.item_progress(item);
                let mark = if assessed == 0 {
                    " ".to_string()
                } else {
                    theme::glyph(verdict).to_string()
                };
                let count = if assessed > 0 && assessed < total {
                    format!(" {assessed}/{total}")
                } else {
                    String::new()
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {mark} "), theme::verdict_style(verdict)),
                    Span::raw(format!("{} ", item.id)),
                    Span::styled(item.control_point.get(lang).to_string(), theme::dim()),
                    Span::styled(count, theme::dim()),
                ]))
            }
        })
        .collect();
    let title = match lang {
        Lang::Zh => format!(" 测评项 [{}]{} ", c.filter.label(lang), search_note(&c.search)),
        Lang::En => format!(" Items [{}]{} ", c.filter.label(lang), search_note(&c.search)),
    };
    let block = focus(Block::bordered().title(title), c.pane == Pane::Items);
    let mut state = ListState::default().with_selected(Some(c.selected));
    frame.render_stateful_widget(
        List::new(items).block(block).highlight_style(theme::selected()),
        area,
        &mut state,
    );
}

fn search_note(search: &str) -> String {
    if search.is_empty() {
        String::new()
    } else {
        format!(" /{search}")
    }
}

fn render_detail(item: &Item, lang: Lang, frame: &mut Frame, area: Rect) {
    let grading = match item.level {
        Some(l) => format!("L{l}"),
        None => item
            .grades
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join("/"),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", item.id), theme::title()),
            Span::styled(
                format!(
                    "{grading} · {} · {} {} · w{}",
                    item.category, item.clause, item.letter, item.weight
                ),
                theme::dim(),
            ),
        ]),
        Line::styled(item.control_point.get(lang).to_string(), theme::heading()),
        Line::raw(item.text.get(lang).to_string()),
    ];
    if !item.high_risk.is_empty() {
        let label = if lang == Lang::Zh {
            "高风险判定："
        } else {
            "High-risk cases: "
        };
        lines.push(Line::styled(
            format!("{label}{}", item.high_risk.join(", ")),
            theme::error(),
        ));
    }
    let hints = match lang {
        Lang::Zh => &item.evidence_hints.zh,
        Lang::En => &item.evidence_hints.en,
    };
    if !hints.is_empty() {
        let label = if lang == Lang::Zh {
            "证据："
        } else {
            "Evidence: "
        };
        lines.push(Line::styled(format!("{label}{}", hints.join("; ")), theme::dim()));
    }
    lines.push(Line::raw(""));
    lines.extend(item.guidance.get(lang).lines().map(|l| Line::raw(l.to_string())));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        area,
    );
}

fn render_objects(w: &Workspace, item: &Item, lang: Lang, frame: &mut Frame, area: Rect) {
    let objects = w.objects_for(item);
    let rows: Vec<TableRow> = objects
        .iter()
        .map(|o| {
            let r = w.result(&item.id, o.id);
            let verdict = r.map_or(Verdict::NotAssessed, |r| r.verdict);
            let risk = r.and_then(|r| r.risk);
            let text = r
                .map(|r| {
                    if verdict == Verdict::NotApplicable {
                        r.na_reason.clone()
                    } else {
                        r.record.clone()
                    }
                })
                .unwrap_or_default();
            TableRow::new(vec![
                Line::styled(
                    format!("{} {}", theme::glyph(verdict), verdict.label(lang)),
                    theme::verdict_style(verdict),
                ),
                Line::raw(o.name.clone()),
                Line::styled(risk.map(|x| x.label(lang)).unwrap_or(""), theme::risk_style(risk)),
                Line::raw(text.replace('\n', " ")),
            ])
        })
        .collect();
    let title = if lang == Lang::Zh {
        " 测评对象与结果 "
    } else {
        " Objects and results "
    };
    let block = focus(Block::bordered().title(title), w.checklist.pane == Pane::Objects);
    let selected_style = if w.checklist.pane == Pane::Objects {
        theme::selected()
    } else {
        Style::new()
    };
    let (verdict_w, risk_w) = if lang == Lang::Zh { (11, 3) } else { (21, 7) };
    let widths = [
        Constraint::Length(verdict_w),
        Constraint::Length(16),
        Constraint::Length(risk_w),
        Constraint::Min(8),
    ];
    let table = Table::new(rows, widths)
        .block(block)
        .row_highlight_style(selected_style);
    let mut state = TableState::default().with_selected(Some(
        w.checklist.object_selected.min(objects.len().saturating_sub(1)),
    ));
    frame.render_stateful_widget(table, area, &mut state);
}
