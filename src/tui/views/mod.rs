//! Rendering: every function borrows the state and draws; nothing here changes it.

mod checklist;
mod dashboard;
mod home;
mod lists;
mod popup;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Tab;
use super::app::{App, Screen, Workspace};
use super::keymap;
use super::theme;
use crate::domain::Lang;

pub fn render(app: &App, frame: &mut Frame) {
    let [header, body, footer] = frame.area().layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    match &app.screen {
        Screen::Home(h) => {
            frame.render_widget(
                Paragraph::new(Line::styled(" dengbao 等保测评", theme::title())),
                header,
            );
            home::render(h, app.lang, frame, body);
        }
        Screen::Engagement(w) => {
            render_tabs(w, app.lang, frame, header);
            match w.tab {
                Tab::Dashboard => dashboard::render(w, app.lang, frame, body),
                Tab::Checklist => checklist::render(w, app.lang, frame, body),
                Tab::Findings => lists::findings(w, app.lang, frame, body),
                Tab::Objects => lists::objects(w, app.lang, frame, body),
                Tab::Evidence => lists::evidence(w, app.lang, frame, body),
            }
        }
    }
    render_footer(app, frame, footer);
    popup::render(app, frame);
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
    }
}

fn render_tabs(w: &Workspace, lang: Lang, frame: &mut Frame, area: Rect) {
    let keys = ["D", "C", "F", "O", "E"];
    let mut spans = vec![Span::styled(
        format!(" {} ", w.data.engagement.system),
        theme::title(),
    )];
    for (tab, key) in Tab::ALL.iter().zip(keys) {
        let style = if *tab == w.tab {
            theme::selected()
        } else {
            theme::dim()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("{key} {}", tab_label(*tab, lang)), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let line = match &app.message {
        Some(m) => Line::styled(
            format!(" {}", m.text),
            if m.error { theme::error() } else { theme::ok() },
        ),
        None => {
            let mut spans = Vec::new();
            for b in keymap::visible(app, true) {
                spans.push(Span::styled(format!(" {}", b.label), theme::title()));
                spans.push(Span::styled(format!(" {}", b.describe(app.lang)), theme::dim()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A rectangle of `w` × `h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A percentage, or a dash when there is none.
pub fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.1}%")).unwrap_or_else(|| "—".into())
}
