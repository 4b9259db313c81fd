//! Findings, objects and evidence as tables.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Row, Table, TableState};

use super::super::app::Workspace;
use super::super::theme;
use crate::domain::Lang;

fn table<'a>(
    rows: Vec<Row<'a>>,
    widths: &[Constraint],
    header: Vec<&'a str>,
    title: String,
    selected: usize,
) -> (Table<'a>, TableState) {
    let t = Table::new(rows, widths.to_vec())
        .header(Row::new(header).style(theme::title()))
        .block(Block::bordered().title(title))
        .row_highlight_style(theme::selected());
    (t, TableState::default().with_selected(Some(selected)))
}

pub fn findings(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let rows: Vec<Row> = w
        .findings()
        .iter()
        .map(|&(i, o)| {
            let item = &w.data.items[i];
            let object = &w.data.objects[o];
            let r = w.result(&item.id, object.id);
            let risk = r.and_then(|r| r.risk);
            let verdict = r.map(|r| r.verdict.label(lang)).unwrap_or("");
            Row::new(vec![
                Line::styled(
                    risk.map(|x| x.label(lang)).unwrap_or("?"),
                    theme::risk_style(risk),
                ),
                Line::raw(item.id.clone()),
                Line::raw(object.name.clone()),
                Line::raw(verdict),
                Line::raw(r.map(|r| r.record.replace('\n', " ")).unwrap_or_default()),
            ])
        })
        .collect();
    let title = if zh {
        format!(
            " 问题 {} · 质量检查待解决 {} ",
            rows.len(),
            w.status.gate.problems
        )
    } else {
        format!(
            " Findings {} · gate problems {} ",
            rows.len(),
            w.status.gate.problems
        )
    };
    let header = if zh {
        vec!["风险", "测评项", "对象", "结果", "记录"]
    } else {
        vec!["Risk", "Item", "Object", "Result", "Record"]
    };
    let widths = [
        Constraint::Length(6),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Length(10),
        Constraint::Min(10),
    ];
    let (t, mut state) = table(rows, &widths, header, title, w.findings_selected);
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn objects(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let rows: Vec<Row> = w
        .data
        .objects
        .iter()
        .enumerate()
        .map(|(o, object)| {
            let (assessed, applicable) = w.object_progress(o);
            Row::new(vec![
                object.kind.label(lang).to_string(),
                object.name.clone(),
                format!("{assessed}/{applicable}"),
                object.detail.clone(),
            ])
        })
        .collect();
    let title = if zh {
        format!(" 测评对象 {} ", rows.len())
    } else {
        format!(" Objects {} ", rows.len())
    };
    let header = if zh {
        vec!["类型", "名称", "已测评", "说明"]
    } else {
        vec!["Kind", "Name", "Assessed", "Detail"]
    };
    let widths = [
        Constraint::Length(10),
        Constraint::Length(20),
        Constraint::Length(9),
        Constraint::Min(10),
    ];
    let (t, mut state) = table(rows, &widths, header, title, w.objects_selected);
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn evidence(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let rows: Vec<Row> = w
        .evidence
        .iter()
        .map(|e| {
            let links: Vec<String> = e
                .links
                .iter()
                .map(|l| format!("{} @ {}", l.item, l.object))
                .collect();
            let name = if e.sensitive {
                format!("{} ⚑", e.name)
            } else {
                e.name.clone()
            };
            Row::new(vec![
                e.id.to_string(),
                name,
                e.sha256[..12].to_string(),
                links.join(", "),
            ])
        })
        .collect();
    let title = if zh {
        format!(" 证据 {} ", rows.len())
    } else {
        format!(" Evidence {} ", rows.len())
    };
    let header = if zh {
        vec!["编号", "名称", "SHA-256", "关联"]
    } else {
        vec!["ID", "Name", "SHA-256", "Linked to"]
    };
    let widths = [
        Constraint::Length(5),
        Constraint::Min(16),
        Constraint::Length(13),
        Constraint::Min(12),
    ];
    let (t, mut state) = table(rows, &widths, header, title, w.evidence_selected);
    frame.render_stateful_widget(t, area, &mut state);
}
