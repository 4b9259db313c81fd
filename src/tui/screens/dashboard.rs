//! The dashboard: progress, rate, conclusion, risks and gate of the MLPS scope, the
//! sector profile's own figures, and per category and per area.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Row, Table};

use super::workspace::Workspace;
use crate::domain::analysis::Coverage;
use crate::domain::{Lang, Risk};
use crate::tui::text::{T, t};
use crate::tui::theme;

/// A percentage, or a dash when there is none.
pub fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.1}%")).unwrap_or_else(|| "—".into())
}

pub fn render(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let [top, gauge, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(8),
        Constraint::Length(1),
        Constraint::Min(3),
    ]));
    render_facts(w, lang, frame, top);
    let p = &w.analysis.mlps.progress;
    let ratio = if p.applicable == 0 {
        0.0
    } else {
        p.assessed as f64 / p.applicable as f64
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(format!("{}/{}", p.assessed, p.applicable))
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

fn risk_spans(r: &crate::domain::analysis::RiskCounts, lang: Lang) -> Vec<Span<'static>> {
    vec![
        Span::styled(
            format!("{} {} ", Risk::High.label(lang), r.high),
            theme::risk_style(Some(Risk::High)),
        ),
        Span::styled(
            format!("{} {} ", Risk::Medium.label(lang), r.medium),
            theme::risk_style(Some(Risk::Medium)),
        ),
        Span::styled(
            format!("{} {} ", Risk::Low.label(lang), r.low),
            theme::risk_style(Some(Risk::Low)),
        ),
        Span::raw(format!("· {} {}", t(lang, T::Major), r.major_hidden)),
    ]
}

fn render_facts(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let a = &w.analysis;
    let e = &w.snapshot.engagement;
    let level = crate::domain::level_label(e.level, lang);
    let grade = e
        .hospital_grade
        .map(|g| format!(" · {}", g.label(lang)))
        .unwrap_or_default();
    let conclusion = a
        .conclusion
        .label
        .as_ref()
        .map(|l| l.get(lang).to_string())
        .unwrap_or_else(|| "—".into());
    let provisional = if a.conclusion.provisional {
        t(lang, T::Provisional)
    } else {
        ""
    };
    let gate = if a.gate.is_empty() {
        Span::styled(t(lang, T::GatePassed), theme::ok())
    } else {
        Span::styled(
            format!("{} {}", a.gate.len(), t(lang, T::Problems)),
            theme::error(),
        )
    };
    let label = |k: T| Line::styled(t(lang, k), theme::dim());
    let mut rows = vec![
        Row::new(vec![label(T::Level), Line::raw(format!("{level}{grade}"))]),
        Row::new(vec![
            label(T::Rate),
            Line::from(
                [Span::styled(pct(a.mlps.compliance_rate), theme::title())]
                    .into_iter()
                    .chain(w.snapshot.carried.as_ref().and_then(|c| c.rate("", "")).map(|r| {
                        Span::styled(
                            format!("  ({} {})", t(lang, T::LastYear), pct(Some(r))),
                            theme::dim(),
                        )
                    }))
                    .collect::<Vec<_>>(),
            ),
        ]),
        Row::new(vec![
            label(T::Conclusion),
            Line::raw(format!("{conclusion}{provisional} ({})", a.conclusion.rule_set)),
        ]),
        Row::new(vec![
            label(T::RisksLine),
            Line::from(risk_spans(&a.mlps.risks, lang)),
        ]),
        Row::new(vec![label(T::Gate), Line::from(gate)]),
    ];
    if !w.snapshot.conflicts.is_empty() {
        let n = w.snapshot.conflicts.len();
        let (name, text) = match lang {
            Lang::Zh => ("合并冲突", format!("{n} 个未解决 · M 查看")),
            Lang::En => ("Conflicts", format!("{n} open · M to resolve")),
        };
        rows.push(Row::new(vec![
            Line::styled(name, theme::dim()),
            Line::styled(text, theme::error()),
        ]));
    }
    if let Some(p) = a.scope(Coverage::Profile) {
        rows.push(Row::new(vec![
            label(T::ProfileScope),
            Line::from(
                [
                    vec![Span::raw(format!(
                        "{} {} · ",
                        t(lang, T::Rate),
                        pct(p.compliance_rate)
                    ))],
                    risk_spans(&p.risks, lang),
                ]
                .concat(),
            ),
        ]));
    }
    let block = Block::bordered().title(Line::styled(
        format!(" {} — {} ", e.system, e.org),
        theme::title(),
    ));
    frame.render_widget(
        Table::new(rows, [Constraint::Length(10), Constraint::Min(10)]).block(block),
        area,
    );
}

fn render_categories(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    // A carried-forward engagement shows last year's rate beside this year's, with the
    // change in points.
    let last = w.snapshot.carried.as_ref().filter(|c| !c.rates.is_empty());
    let rows: Vec<Row> = w
        .analysis
        .categories
        .iter()
        .map(|c| {
            let name = if c.coverage == Coverage::Profile {
                format!("{} *", c.name.get(lang))
            } else {
                c.name.get(lang).to_string()
            };
            let mut cells = vec![
                Line::raw(c.code.clone()),
                Line::raw(name),
                Line::raw(format!("{}/{}", c.figures.assessed, c.figures.applicable)),
                Line::raw(pct(c.figures.compliance_rate)),
            ];
            if let Some(last) = last {
                let before = last.rate(&c.pack, &c.code);
                cells.push(Line::styled(pct(before), theme::dim()));
                cells.push(match (before, c.figures.compliance_rate) {
                    (Some(b), Some(n)) => Line::styled(
                        format!("{:+.1}", n - b),
                        if n + 0.05 < b { theme::error() } else { theme::ok() },
                    ),
                    _ => Line::raw(""),
                });
            }
            Row::new(cells)
        })
        .collect();
    let title = match lang {
        Lang::Zh => " 安全类（* 行业要求） ",
        Lang::En => " Categories (* sector profile) ",
    };
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Min(8),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let mut table_title = title.to_string();
    if last.is_some() {
        widths.extend([Constraint::Length(6), Constraint::Length(5)]);
        table_title = format!("{}· {} ", title.trim_end(), t(lang, T::LastYearColumns));
    }
    let table = Table::new(rows, widths).block(Block::bordered().title(table_title));
    frame.render_widget(table, area);
}

fn render_areas(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let rows: Vec<Row> = w
        .analysis
        .areas
        .iter()
        .map(|a| {
            Row::new(vec![
                a.area.label(lang).to_string(),
                format!("{}/{}", a.figures.assessed, a.figures.applicable),
                pct(a.figures.compliance_rate),
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
