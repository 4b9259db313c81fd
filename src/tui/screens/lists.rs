//! Findings (with the gate's problems), objects, evidence, the journal and the report
//! screen as tables; Enter on a finding or a gate problem goes to its item and object.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use super::workspace::Workspace;
use crate::domain::Lang;
use crate::tui::hits;
use crate::tui::text::{T, t};
use crate::tui::theme;

/// Draws a bordered table with a header, `selected` highlighted, and records its rows
/// for mouse clicks.
#[allow(clippy::too_many_arguments)]
fn table(
    frame: &mut Frame,
    area: Rect,
    rows: Vec<Row>,
    widths: &[Constraint],
    header: Vec<&str>,
    title: String,
    selected: usize,
    list: hits::List,
) {
    let t = Table::new(rows, widths.to_vec())
        .header(Row::new(header).style(theme::title()))
        .block(Block::bordered().title(title))
        .row_highlight_style(theme::selected());
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(t, area, &mut state);
    hits::rows(hits::table_rows(area), list, state.offset());
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
    table(
        frame,
        area,
        rows,
        &widths,
        header,
        title,
        w.findings_selected,
        hits::List::Findings,
    );
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
            let p = &object.profile;
            let detail: Vec<&str> = [
                p.ip.as_str(),
                p.os.as_str(),
                p.location.as_str(),
                object.detail.as_str(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
            Row::new(vec![
                object.kind.label(lang).to_string(),
                object.name.clone(),
                p.importance.map(|i| i.label(lang)).unwrap_or("").to_string(),
                p.group.clone(),
                format!("{}/{}", f.assessed, f.applicable),
                detail.join(" · "),
            ])
        })
        .collect();
    let title = if zh {
        format!(" 测评对象 {} · a 添加 · e 修改 · d 移除 ", rows.len())
    } else {
        format!(" Objects {} · a add · e edit · d remove ", rows.len())
    };
    let header = if zh {
        vec!["类型", "名称", "重要程度", "分组", "已测评", "说明"]
    } else {
        vec!["Kind", "Name", "Importance", "Group", "Assessed", "Detail"]
    };
    let widths = [
        Constraint::Length(12),
        Constraint::Length(20),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Min(10),
    ];
    table(
        frame,
        area,
        rows,
        &widths,
        header,
        title,
        w.objects_selected,
        hits::List::Objects,
    );
}

/// A size for people: bytes, KiB, MiB, GiB.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A stored time (RFC 3339 UTC) as local date and time, minutes.
pub fn local(at: &str) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(ts) => {
            let dt = jiff::tz::TimeZone::system().to_datetime(ts);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minute()
            )
        }
        Err(_) => at.to_string(),
    }
}

pub fn evidence(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let [list, detail] = area.layout(&Layout::vertical([Constraint::Min(4), Constraint::Length(7)]));
    let rows: Vec<Row> = w
        .snapshot
        .evidence
        .iter()
        .map(|e| {
            let name = if e.sensitive {
                format!("⚑ {}", e.name)
            } else {
                e.name.clone()
            };
            Row::new(vec![
                e.id.to_string(),
                name,
                size(e.size),
                local(&e.captured_at),
                e.links.len().to_string(),
            ])
        })
        .collect();
    let title = if zh {
        format!(" 证据 {} · Enter 打开 · s 敏感 ", rows.len())
    } else {
        format!(" Evidence {} · Enter open · s sensitive ", rows.len())
    };
    let header = if zh {
        vec!["编号", "名称", "大小", "采集时间", "关联"]
    } else {
        vec!["ID", "Name", "Size", "Captured", "Links"]
    };
    let widths = [
        Constraint::Length(5),
        Constraint::Min(16),
        Constraint::Length(10),
        Constraint::Length(17),
        Constraint::Length(5),
    ];
    table(
        frame,
        list,
        rows,
        &widths,
        header,
        title,
        w.evidence_selected,
        hits::List::Evidence,
    );
    let Some(e) = w.snapshot.evidence.get(w.evidence_selected) else {
        return;
    };
    let width = detail.width.saturating_sub(2) as usize;
    let links: Vec<String> = e
        .links
        .iter()
        .map(|l| format!("{} @ {}", l.item, l.object))
        .collect();
    let (added, by, linked, sensitive, method) = if zh {
        ("添加", "添加人", "关联", "敏感", "方法")
    } else {
        ("Added", "by", "Linked to", "Sensitive", "Method")
    };
    let lines = vec![
        Line::raw(theme::excerpt(
            &format!("SHA-256 {}  {}", e.sha256, e.media_type),
            width,
        )),
        Line::raw(theme::excerpt(
            &format!(
                "{added} {} · {by} {} · {method} {} · {sensitive} {}",
                local(&e.added_at),
                e.added_by,
                e.method.map(|m| m.label(lang)).unwrap_or("-"),
                if e.sensitive { "✓" } else { "-" }
            ),
            width,
        )),
        Line::raw(theme::excerpt(&format!("{linked}: {}", links.join(", ")), width)),
        Line::styled(theme::excerpt(&e.note, width), theme::dim()),
        Line::styled(theme::excerpt(&e.source_path, width), theme::dim()),
    ];
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), detail);
}

pub fn journal(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    if w.snapshot.journal.is_empty() {
        frame.render_widget(
            Paragraph::new(t(lang, T::NoJournal))
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(" {} ", t(lang, T::Journal)))),
            area,
        );
        return;
    }
    let what_w = area.width.saturating_sub(17 + 14 + 16 + 8) as usize;
    let rows: Vec<Row> = w
        .snapshot
        .journal
        .iter()
        .map(|j| {
            let who = if j.role.is_empty() {
                j.who.clone()
            } else {
                format!("{}（{}）", j.who, j.role)
            };
            Row::new(vec![
                local(&j.at),
                j.location.clone(),
                who,
                theme::excerpt(&j.summary.replace('\n', " "), what_w),
            ])
        })
        .collect();
    let title = if zh {
        format!(" 测评日志 {} · a 添加 · e 修改 ", rows.len())
    } else {
        format!(" Journal {} · a add · e edit ", rows.len())
    };
    let header = if zh {
        vec!["时间", "地点", "人员", "内容"]
    } else {
        vec!["Time", "Place", "Who", "What"]
    };
    let widths = [
        Constraint::Length(17),
        Constraint::Length(14),
        Constraint::Length(16),
        Constraint::Min(10),
    ];
    table(
        frame,
        area,
        rows,
        &widths,
        header,
        title,
        w.journal_selected,
        hits::List::Journal,
    );
}

/// The report screen: the quality gate's problems one by one (Enter goes to one), what
/// rendering will write, and where the last report went.
pub fn report(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let [top, list] = area.layout(&Layout::vertical([Constraint::Length(6), Constraint::Min(3)]));
    let width = top.width.saturating_sub(2) as usize;
    let (html, pdf) = crate::tui::update::report_paths(&w.path, lang);
    let mut lines: Vec<Line> = theme::wrap(t(lang, T::ReportHint), width)
        .into_iter()
        .map(Line::raw)
        .collect();
    match &w.report {
        Some(r) => {
            lines.push(Line::styled(
                theme::excerpt(&format!("HTML  {}", r.html.display()), width),
                theme::ok(),
            ));
            match (&r.pdf, &r.pdf_error) {
                (Some(p), _) => lines.push(Line::styled(
                    theme::excerpt(&format!("PDF   {}", p.display()), width),
                    theme::ok(),
                )),
                (None, Some(e)) => lines.push(Line::styled(
                    theme::excerpt(&format!("PDF   {e}"), width),
                    theme::error(),
                )),
                (None, None) => lines.push(Line::styled(t(lang, T::ReportNoBrowser), theme::dim())),
            }
        }
        None => {
            lines.push(Line::styled(
                theme::excerpt(&format!("→ {}", html.display()), width),
                theme::dim(),
            ));
            if crate::report::pdf::available() {
                lines.push(Line::styled(
                    theme::excerpt(&format!("→ {}", pdf.display()), width),
                    theme::dim(),
                ));
            } else {
                lines.push(Line::styled(t(lang, T::ReportNoBrowser), theme::dim()));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", t(lang, T::ReportTitle)))),
        top,
    );
    let problems = w.analysis.gate_problems();
    let checked = crate::report::check::check(&w.snapshot, &w.analysis);
    let mut rows: Vec<Row> = problems
        .iter()
        .map(|p| {
            Row::new(vec![
                Line::raw(p.item.clone()),
                Line::raw(p.object.clone()),
                Line::styled(p.problem.describe(lang), theme::error()),
            ])
        })
        .collect();
    rows.extend(checked.iter().map(|p| {
        Row::new(vec![
            Line::styled(t(lang, T::ReportTitle), theme::dim()),
            Line::raw(p.subject.clone()),
            Line::styled(p.rule.describe(lang), theme::error()),
        ])
    }));
    let title = match (problems.is_empty() && checked.is_empty(), zh) {
        (true, true) => " 质量检查和报告检查通过 ".to_string(),
        (true, false) => " Gate and report check passed ".to_string(),
        (false, true) => format!(
            " 质量检查 {} 个、报告检查 {} 个待解决问题（Enter 转到） ",
            problems.len(),
            checked.len()
        ),
        (false, false) => format!(
            " Gate: {} problems, report check: {} (Enter goes there) ",
            problems.len(),
            checked.len()
        ),
    };
    let header = if zh {
        vec!["测评项", "对象", "问题"]
    } else {
        vec!["Item", "Object", "Problem"]
    };
    let widths = [
        Constraint::Length(14),
        Constraint::Length(20),
        Constraint::Min(10),
    ];
    table(
        frame,
        list,
        rows,
        &widths,
        header,
        title,
        w.report_selected,
        hits::List::Report,
    );
}

/// The merge conflicts a colleague's copy left: the list, and the selected one's two
/// versions side by side. `o` keeps this copy's, `t` takes the colleague's, Enter goes
/// to the result, where recording it anew (an edit of either version) settles the conflict.
pub fn merge(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let zh = lang == Lang::Zh;
    let conflicts = &w.snapshot.conflicts;
    let title = if zh {
        format!(
            " 合并冲突 {} · o 取本机 · t 取对方 · Enter 转到 ",
            conflicts.len()
        )
    } else {
        format!(
            " Merge conflicts {} · o ours · t theirs · Enter go to ",
            conflicts.len()
        )
    };
    if conflicts.is_empty() {
        let none = if zh {
            "没有未解决的合并冲突。"
        } else {
            "No merge conflict is open."
        };
        frame.render_widget(Paragraph::new(none).block(Block::bordered().title(title)), area);
        return;
    }
    let [list, sides] = area.layout(&Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Min(6),
    ]));
    let verdict = |v: &str| -> String {
        v.parse::<crate::domain::Verdict>()
            .map(|v| v.label(lang).to_string())
            .unwrap_or_else(|_| v.to_string())
    };
    let rows: Vec<Row> = conflicts
        .iter()
        .map(|c| {
            Row::new(vec![
                c.item.clone(),
                c.object.clone(),
                verdict(&c.ours.content.verdict),
                verdict(&c.theirs.content.verdict),
            ])
        })
        .collect();
    let header = if zh {
        vec!["测评项", "对象", "本机", "对方"]
    } else {
        vec!["Item", "Object", "Ours", "Theirs"]
    };
    let widths = [
        Constraint::Length(12),
        Constraint::Min(10),
        Constraint::Length(14),
        Constraint::Length(14),
    ];
    let at = w.merge_selected.min(conflicts.len() - 1);
    table(frame, list, rows, &widths, header, title, at, hits::List::Merge);
    let c = &conflicts[at];
    let [ours, theirs] = sides.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    for (area, stance, name) in [
        (ours, &c.ours, if zh { " 本机 " } else { " Ours " }),
        (theirs, &c.theirs, if zh { " 对方 " } else { " Theirs " }),
    ] {
        let x = &stance.content;
        let risk = x
            .risk
            .as_deref()
            .and_then(|r| r.parse::<crate::domain::Risk>().ok())
            .map(|r| r.label(lang).to_string())
            .unwrap_or_else(|| "—".into());
        let width = area.width.saturating_sub(2) as usize;
        let mut lines = vec![
            Line::styled(format!("{} · {risk}", verdict(&x.verdict)), theme::title()),
            Line::styled(format!("{} · {}", stance.by, local(&stance.at)), theme::dim()),
        ];
        let text = if x.record.is_empty() {
            &x.na_reason
        } else {
            &x.record
        };
        lines.extend(theme::wrap(text, width).into_iter().map(Line::raw));
        if !x.remediation.is_empty() {
            lines.push(Line::styled(t(lang, T::Remediation).to_string(), theme::dim()));
            lines.extend(theme::wrap(&x.remediation, width).into_iter().map(Line::raw));
        }
        frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(name)), area);
    }
}
