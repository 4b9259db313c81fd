//! Drawing: the header (the engagement's tabs), the screen, the footer (the message, or
//! the most important keys that fit the width, `?` always among them), then any overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::action::Tab;
use super::app::{App, Screen};
use super::screens::workspace::Workspace;
use super::screens::{checklist, dashboard, home, lists};
use super::text::{T, t};
use super::{keymap, overlays, theme};
use crate::domain::Lang;

pub fn render(app: &App, frame: &mut Frame) {
    // A full redraw on every frame keeps a resized terminal clean.
    frame.render_widget(Clear, frame.area());
    super::hits::clear();
    let [header, body, footer] = frame.area().layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    match &app.screen {
        Screen::Home(h) => {
            frame.render_widget(
                Paragraph::new(Line::styled(t(app.lang, T::AppTitle), theme::title())),
                header,
            );
            home::view::render(h, app.lang, frame, body);
        }
        Screen::Engagement(w) => {
            render_tabs(app, w, frame, header);
            match w.tab {
                Tab::Dashboard => dashboard::render(w, app.lang, frame, body),
                Tab::Checklist => checklist::view::render(w, app.lang, frame, body),
                Tab::Findings => lists::findings(w, app.lang, frame, body),
                Tab::Objects => lists::objects(w, app.lang, frame, body),
                Tab::Evidence => lists::evidence(w, app.lang, frame, body),
                Tab::Journal => lists::journal(w, app.lang, frame, body),
                Tab::Report => lists::report(w, app.lang, frame, body),
                Tab::Merge => lists::merge(w, app.lang, frame, body),
            }
        }
    }
    render_footer(app, frame, footer);
    overlays::render(app, frame);
}

pub fn tab_label(tab: Tab, lang: Lang) -> &'static str {
    match (tab, lang) {
        (Tab::Dashboard, Lang::Zh) => "总览",
        (Tab::Dashboard, Lang::En) => "Dashboard",
        (Tab::Checklist, Lang::Zh) => "测评项",
        (Tab::Checklist, Lang::En) => "Checklist",
        (Tab::Findings, Lang::Zh) => "问题",
        (Tab::Findings, Lang::En) => "Findings",
        (Tab::Objects, Lang::Zh) => "对象",
        (Tab::Objects, Lang::En) => "Objects",
        (Tab::Evidence, Lang::Zh) => "证据",
        (Tab::Evidence, Lang::En) => "Evidence",
        (Tab::Journal, Lang::Zh) => "日志",
        (Tab::Journal, Lang::En) => "Journal",
        (Tab::Report, Lang::Zh) => "报告",
        (Tab::Report, Lang::En) => "Report",
        (Tab::Merge, Lang::Zh) => "合并冲突",
        (Tab::Merge, Lang::En) => "Conflicts",
    }
}

fn render_tabs(app: &App, w: &Workspace, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let mut tabs = Vec::new();
    let mut used = 0;
    // The conflicts tab is there while a merge left some (or while it is open).
    let merge = (!w.snapshot.conflicts.is_empty() || w.tab == Tab::Merge).then_some(Tab::Merge);
    for tab in Tab::ALL.into_iter().chain(merge) {
        let key = app
            .keys
            .iter()
            .find(|b| b.action == super::action::Action::Show(tab))
            .map(|b| b.label.as_str())
            .unwrap_or("");
        let text = format!(" {key} {}", tab_label(tab, lang));
        let width = theme::width(&text);
        used += width;
        let style = if tab == w.tab {
            theme::selected()
        } else {
            theme::dim()
        };
        tabs.push((Span::styled(text, style), width, tab));
    }
    let room = (area.width as usize).saturating_sub(used + 2);
    let title = format!(" {} ", theme::excerpt(&w.snapshot.engagement.system, room));
    let mut x = area.x + theme::width(&title) as u16;
    let mut spans = vec![Span::styled(title, theme::title())];
    for (span, width, tab) in tabs {
        let width = (width as u16).min((area.x + area.width).saturating_sub(x));
        super::hits::tab(Rect::new(x, area.y, width, 1), tab);
        x += width;
        spans.push(span);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    if let Some(b) = &app.busy {
        render_busy(b, app.lang, frame, area);
        return;
    }
    let line = match &app.message {
        Some(m) => Line::styled(
            format!(" {}", theme::excerpt(&m.text, width.saturating_sub(1))),
            if m.error { theme::error() } else { theme::ok() },
        ),
        None => {
            let mut spans = Vec::new();
            let mut used = 0;
            for b in keymap::visible(app, true) {
                let key = format!(" {}", b.label);
                let what = format!(" {}", b.describe(app.lang));
                let w = theme::width(&key) + theme::width(&what);
                if used + w > width {
                    // `?` is first in the order, so it is always there.
                    continue;
                }
                used += w;
                spans.push(Span::styled(key, theme::title()));
                spans.push(Span::styled(what, theme::dim()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A long job's progress: what, how far, how fast, and how to stop it.
fn render_busy(b: &super::app::Busy, lang: Lang, frame: &mut Frame, area: Rect) {
    let secs = b.started.elapsed().as_secs_f64().max(0.001);
    let rate = b.done as f64 / secs / (1024.0 * 1024.0);
    let cancel = if lang == Lang::Zh {
        "Esc 取消"
    } else {
        "Esc cancels"
    };
    let label = if b.total > 0 {
        format!(
            "{} {} / {} · {rate:.0} MiB/s · {cancel}",
            b.what,
            lists::size(b.done),
            lists::size(b.total)
        )
    } else {
        format!("{}… · {cancel}", b.what)
    };
    let ratio = if b.total == 0 {
        0.0
    } else {
        (b.done as f64 / b.total as f64).clamp(0.0, 1.0)
    };
    frame.render_widget(
        ratatui::widgets::Gauge::default()
            .ratio(ratio)
            .label(theme::excerpt(&label, area.width as usize))
            .gauge_style(theme::ok()),
        area,
    );
}
