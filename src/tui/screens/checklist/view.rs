//! Drawing the checklist: the tree, the selected item's detail (scrolls with ←/→), and
//! its results on each object with verdict, risk, the record as wide as the pane allows
//! and the evidence count.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Row as TableRow, Table, TableState};

use super::super::workspace::Workspace;
use super::{Pane, Row};
use crate::domain::Lang;
use crate::domain::checklist::Item;
use crate::tui::text::{T, t};
use crate::tui::theme;

pub fn render(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let wide = area.width >= 100;
    let [tree, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(if wide { 38 } else { 42 }),
        Constraint::Fill(1),
    ]));
    render_tree(w, lang, frame, tree);
    let [detail, objects] = right.layout(&Layout::vertical([
        Constraint::Percentage(52),
        Constraint::Fill(1),
    ]));
    match w.selected_item() {
        Some(i) => {
            render_detail(w, &w.snapshot.items[i], lang, frame, detail);
            render_objects(w, i, lang, frame, objects);
        }
        None => {
            let lines: Vec<Line> = theme::wrap(t(lang, T::NoMatch), right.width.saturating_sub(2) as usize)
                .into_iter()
                .map(Line::raw)
                .collect();
            frame.render_widget(Paragraph::new(lines).block(Block::bordered()), right);
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
            Row::Category { key, code, name } => {
                let fold = if c.collapsed.contains(key) { "▸" } else { "▾" };
                ListItem::new(Line::styled(
                    format!("{fold}{code} {}", name.get(lang)),
                    theme::heading(),
                ))
            }
            Row::ControlPoint { key, name } => {
                let fold = if c.collapsed.contains(key) { "▸" } else { "▾" };
                ListItem::new(Line::styled(format!(" {fold}{}", name.get(lang)), theme::title()))
            }
            Row::Item(i) => {
                let item = &w.snapshot.items[*i];
                let (verdict, assessed, total) = w.item_progress(*i);
                let mark = if assessed == 0 { " " } else { theme::glyph(verdict) };
                let count = if assessed < total && total > 1 {
                    format!(" {assessed}/{total}")
                } else {
                    String::new()
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("  {mark} "), theme::verdict_style(verdict)),
                    Span::raw(item.id.clone()),
                    Span::styled(count, theme::dim()),
                ]))
            }
        })
        .collect();
    let search = if c.search.is_empty() {
        String::new()
    } else {
        format!(" /{}", c.search)
    };
    let title = format!(" {} [{}]{search} ", t(lang, T::Items), c.filter.describe(w, lang));
    let block = focus(Block::bordered().title(title), c.pane == Pane::Items);
    let mut state = ListState::default().with_selected(Some(c.selected));
    frame.render_stateful_widget(
        List::new(items).block(block).highlight_style(theme::selected()),
        area,
        &mut state,
    );
    crate::tui::hits::rows(
        crate::tui::hits::list_rows(area),
        crate::tui::hits::List::Items,
        state.offset(),
    );
}

fn render_detail(w: &Workspace, item: &Item, lang: Lang, frame: &mut Frame, area: Rect) {
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
    if w.snapshot.role_of(&item.pack) == Some(crate::domain::PackRole::Profile) {
        lines.push(Line::styled(
            format!(
                "{}（{}）",
                t(lang, T::ProfileScope),
                t(lang, T::PractitionerProfile)
            ),
            theme::dim(),
        ));
    }
    for id in &item.high_risk {
        let title = w.snapshot.case(id).map(|c| c.title.get(lang)).unwrap_or("");
        lines.push(Line::styled(
            format!("{} {id} {title}", t(lang, T::HighRiskCases)),
            theme::error(),
        ));
    }
    if let Some(eq) = &item.equivalent {
        lines.push(Line::styled(
            format!("{}: {eq}", t(lang, T::Equivalent)),
            theme::dim(),
        ));
    }
    let hints = match lang {
        Lang::Zh => &item.evidence_hints.zh,
        Lang::En => &item.evidence_hints.en,
    };
    if !hints.is_empty() {
        lines.push(Line::styled(
            format!("{}: {}", t(lang, T::EvidenceHints), hints.join("; ")),
            theme::dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(item.guidance.get(lang).lines().map(|l| Line::raw(l.to_string())));
    // Wrapped here rather than by the widget, so wide characters never reach the border.
    let inner = area.width.saturating_sub(2) as usize;
    let wrapped: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| {
            let style = line.spans.first().map(|s| s.style).unwrap_or_default();
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            theme::wrap(&text, inner)
                .into_iter()
                .map(move |l| Line::styled(l, style))
                .collect::<Vec<_>>()
        })
        .collect();
    frame.render_widget(
        Paragraph::new(wrapped)
            .scroll((w.checklist.detail_scroll, 0))
            .block(Block::bordered()),
        area,
    );
}

fn render_objects(w: &Workspace, item: usize, lang: Lang, frame: &mut Frame, area: Rect) {
    let pairs = w.visible_pairs(item);
    let (verdict_w, risk_w, ev_w) = if lang == Lang::Zh { (10, 2, 4) } else { (16, 6, 4) };
    // Names are what tells objects apart: as wide as the longest (and a mark), within
    // reason, the record excerpt taking the rest.
    let longest = pairs
        .iter()
        .map(|&n| theme::width(&w.snapshot.objects[w.analysis.pairs[n].object].name))
        .max()
        .unwrap_or(8) as u16
        + 2;
    let name_w = longest.clamp(8, (area.width / 2).max(8));
    let record_w = area
        .width
        .saturating_sub(verdict_w + risk_w + ev_w + name_w + 2 + 5) as usize;
    let rows: Vec<TableRow> = pairs
        .iter()
        .map(|&n| {
            let p = &w.analysis.pairs[n];
            let a = &p.assessment;
            let verdict = a.effective();
            let text = if a.verdict == crate::domain::Verdict::NotApplicable {
                &a.reason
            } else {
                &a.record
            };
            TableRow::new(vec![
                Line::styled(
                    format!("{} {}", theme::glyph(verdict), verdict.label(lang)),
                    theme::verdict_style(verdict),
                ),
                if w.marks.contains(&n) {
                    Line::styled(
                        format!("● {}", w.snapshot.objects[p.object].name),
                        theme::heading(),
                    )
                } else {
                    Line::raw(w.snapshot.objects[p.object].name.clone())
                },
                Line::styled(
                    a.risk.map(|x| x.label(lang)).unwrap_or(""),
                    theme::risk_style(a.risk),
                ),
                Line::styled(
                    if a.evidence > 0 {
                        format!("[{}]", a.evidence)
                    } else {
                        String::new()
                    },
                    theme::dim(),
                ),
                if w.record_is_preset(p.item, p.object) {
                    let mark = t(lang, T::PresetMark);
                    let rest = record_w.saturating_sub(theme::width(mark) + 1);
                    Line::from(vec![
                        Span::styled(mark, theme::caution()),
                        Span::raw(" "),
                        Span::raw(theme::excerpt(text, rest)),
                    ])
                } else {
                    Line::raw(theme::excerpt(text, record_w))
                },
            ])
        })
        .collect();
    let marked = pairs.iter().filter(|n| w.marks.contains(n)).count();
    let title = if marked > 0 {
        format!(
            " {} · {} {marked} · b ",
            t(lang, T::ObjectsAndResults),
            t(lang, T::Marked)
        )
    } else {
        format!(" {} ", t(lang, T::ObjectsAndResults))
    };
    let block = focus(Block::bordered().title(title), w.checklist.pane == Pane::Objects);
    let style = if w.checklist.pane == Pane::Objects {
        theme::selected()
    } else {
        Style::new()
    };
    let widths = [
        Constraint::Length(verdict_w),
        Constraint::Length(name_w),
        Constraint::Length(risk_w),
        Constraint::Length(ev_w),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths).block(block).row_highlight_style(style);
    let mut state = TableState::default().with_selected(Some(
        w.checklist.object_selected.min(pairs.len().saturating_sub(1)),
    ));
    frame.render_stateful_widget(table, area, &mut state);
    crate::tui::hits::rows(
        crate::tui::hits::list_rows(area),
        crate::tui::hits::List::Pairs,
        state.offset(),
    );
}
