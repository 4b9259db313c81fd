//! The dashboard: progress, rate, conclusion, risks and gate, per category and area.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Row, Table};

use super::super::app::Workspace;
use super::super::theme;
use super::pct;
use crate::domain::{Lang, Risk};

pub fn render(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let [top, gauge, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(7),
        Constraint::Length(1),
        Constraint::Min(3),
    ]));
    render_facts(w, lang, frame, top);
    let p = &w.status.progress;
    let ratio = if p.applicable == 0 {
        0.0
    } else {
        p.assessed as f64 / p.applicable as f64
    };
    let label = format!("{}/{}", p.assessed, p.applicable);
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(label)
            .gauge_style(theme::ok()),
        gauge,
    );
    let [cats, areas] = bottom.layout(&Layout::horizontal([
        Constraint::Percentage(60),
        Constraint::Percentage(40),
    ]));
    render_categories(w, lang, frame, cats);
    render_areas(w, lang, frame, areas);
}

fn render_facts(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let s = &w.status;
    let e = &w.data.engagement;
    let zh = lang == Lang::Zh;
    let level = crate::domain::level_label(e.level, lang);
    let grade = e
        .hospital_grade
        .map(|g| format!(" · {}", g.label(lang)))
        .unwrap_or_default();
    let conclusion = s
        .conclusion
        .label
        .as_ref()
        .map(|l| l.get(lang).to_string())
        .unwrap_or_else(|| "—".into());
    let provisional = if s.conclusion.provisional {
        if zh { "（暂定）" } else { " (provisional)" }
    } else {
        ""
    };
    let r = &s.risks;
    let gate = if s.gate.passed {
        Span::styled(if zh { "通过" } else { "passed" }, theme::ok())
    } else {
        Span::styled(
            format!("{} {}", s.gate.problems, if zh { "个问题" } else { "problems" }),
            theme::error(),
        )
    };
    let label = |zh_text: &'static str, en_text: &'static str| {
        Line::styled(if zh { zh_text } else { en_text }, theme::dim())
    };
    let risks = Line::from(vec![
        Span::styled(
            format!("{} {} ", if zh { "高" } else { "high" }, r.high),
            theme::risk_style(Some(Risk::High)),
        ),
        Span::styled(
            format!("{} {} ", if zh { "中" } else { "medium" }, r.medium),
            theme::risk_style(Some(Risk::Medium)),
        ),
        Span::styled(
            format!("{} {} ", if zh { "低" } else { "low" }, r.low),
            theme::risk_style(Some(Risk::Low)),
        ),
        Span::raw(format!(
            "· {} {}",
            if zh { "重大风险隐患" } else { "major hidden" },
            r.major_hidden
        )),
    ]);
    let rows = vec![
        Row::new(vec![label("等级", "Level"), Line::raw(format!("{level}{grade}"))]),
        Row::new(vec![
            label("符合率", "Rate"),
            Line::styled(pct(s.compliance_rate), theme::title()),
        ]),
        Row::new(vec![
            label("结论", "Conclusion"),
            Line::raw(format!("{conclusion}{provisional} ({})", s.conclusion.rule_set)),
        ]),
        Row::new(vec![label("风险", "Risks"), risks]),
        Row::new(vec![label("质量检查", "Gate"), Line::from(gate)]),
    ];
    let title = format!(" {} — {} ", e.system, e.org);
    let block = Block::bordered().title(Line::styled(title, theme::title()));
    frame.render_widget(
        Table::new(rows, [Constraint::Length(10), Constraint::Min(10)]).block(block),
        area,
    );
}

fn render_categories(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let rows: Vec<Row> = w
        .status
        .categories
        .iter()
        .map(|c| {
            Row::new(vec![
                c.code.clone(),
                c.name.get(lang).to_string(),
                format!("{}/{}", c.figures.assessed, c.figures.applicable),
                pct(c.figures.compliance_rate),
            ])
        })
        .collect();
    let title = if lang == Lang::Zh {
        " 安全类 "
    } else {
        " Categories "
    };
    let table = Table::new(
        rows,
        [
            Constraint::Length(4),
            Constraint::Min(8),
            Constraint::Length(9),
            Constraint::Length(7),
        ],
    )
    .block(Block::bordered().title(title));
    frame.render_widget(table, area);
}

fn render_areas(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let rows: Vec<Row> = w
        .area_figures()
        .iter()
        .map(|a| {
            Row::new(vec![
                a.area.label(lang).to_string(),
                format!("{}/{}", a.assessed, a.applicable),
                pct(a.rate),
            ])
        })
        .collect();
    let title = if lang == Lang::Zh { " 领域 " } else { " Areas " };
    let table = Table::new(
        rows,
        [Constraint::Min(6), Constraint::Length(9), Constraint::Length(7)],
    )
    .block(Block::bordered().title(title));
    frame.render_widget(table, area);
}
