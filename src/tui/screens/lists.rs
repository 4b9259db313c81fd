//! Findings (with the gate's problems), objects and evidence as tables; Enter on a
//! finding or a gate problem goes to its item and object.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Row, Table, TableState};

use super::workspace::Workspace;
use crate::domain::Lang;
use crate::domain::hex::short;
use crate::tui::theme;

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

/// The rows of the findings screen: findings first, then the gate's other problems.
pub fn finding_rows(w: &Workspace) -> Vec<(usize, usize, Option<crate::domain::gate::Problem>)> {
    let a = &w.analysis;
    let mut out: Vec<(usize, usize, Option<crate::domain::gate::Problem>)> = a
        .findings
        .iter()
        .map(|&n| (a.pairs[n].item, a.pairs[n].object, None))
        .collect();
    for g in &a.gate {
        if g.problem == crate::domain::gate::Problem::NotAssessed {
            continue;
        }
        let p = &a.pairs[g.pair];
        out.push((p.item, p.object, Some(g.problem)));
    }
    out
}

pub fn findings(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let record_w = area.width.saturating_sub(6 + 12 + 16 + 10 + 6) as usize;
    let rows: Vec<Row> = finding_rows(w)
        .into_iter()
        .map(|(i, o, problem)| {
            let p = w.analysis.pair(i, o);
            let a = p.map(|p| &p.assessment);
            let risk = a.and_then(|a| a.risk);
            let what = match problem {
                Some(pr) => format!("⚠ {}", pr.describe(lang)),
                None => a.map(|a| a.record.clone()).unwrap_or_default(),
            };
            Row::new(vec![
                Line::styled(
                    risk.map(|x| x.label(lang)).unwrap_or("?"),
                    theme::risk_style(risk),
                ),
                Line::raw(w.snapshot.items[i].id.clone()),
                Line::raw(w.snapshot.objects[o].name.clone()),
                Line::raw(a.map(|a| a.effective().label(lang)).unwrap_or("")),
                Line::raw(theme::excerpt(&what, record_w)),
            ])
        })
        .collect();
    let gate = w.analysis.gate.len();
    let count = w.analysis.findings.len();
    let title = if zh {
        format!(" 问题 {count} · 质量检查待解决 {gate} ")
    } else {
        format!(" Findings {count} · gate problems {gate} ")
    };
    let header = if zh {
        vec!["风险", "测评项", "对象", "结果", "记录 / 问题"]
    } else {
        vec!["Risk", "Item", "Object", "Result", "Record / problem"]
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
        .snapshot
        .objects
        .iter()
        .enumerate()
        .map(|(o, object)| {
            let f = &w.analysis.objects[o];
            Row::new(vec![
                object.kind.label(lang).to_string(),
                object.name.clone(),
                format!("{}/{}", f.assessed, f.applicable),
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
        Constraint::Length(12),
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
        .snapshot
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
                short(&e.sha256).to_string(),
                format!("{}", e.size),
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
        vec!["编号", "名称", "SHA-256", "字节", "关联"]
    } else {
        vec!["ID", "Name", "SHA-256", "Bytes", "Linked to"]
    };
    let widths = [
        Constraint::Length(5),
        Constraint::Min(16),
        Constraint::Length(13),
        Constraint::Length(9),
        Constraint::Min(12),
    ];
    let (t, mut state) = table(rows, &widths, header, title, w.evidence_selected);
    frame.render_stateful_widget(t, area, &mut state);
}
