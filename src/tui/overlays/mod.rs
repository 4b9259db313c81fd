//! Overlays over a screen: help (from the live key map), a one-line prompt (search, a
//! path with Tab completion), the result editor, the filter form, the other forms and
//! confirmations. While one is open
//! it takes every key and every paste.

pub mod confirm;
pub mod editor;
pub mod filter;
pub mod form;
pub mod help;
pub mod prompt;

use ratatui::Frame;

use crate::tui::app::App;

pub enum Overlay {
    Help(help::Help),
    Prompt(Box<prompt::Prompt>),
    Editor(Box<editor::Editor>),
    Filter(filter::FilterForm),
    Form(Box<form::Form>),
    Confirm(confirm::Confirm),
}

impl Overlay {
    /// Whether a paste goes in as text.
    pub fn takes_text(&self) -> bool {
        matches!(self, Overlay::Prompt(_) | Overlay::Editor(_) | Overlay::Form(_))
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    match &app.overlay {
        None => {}
        Some(Overlay::Help(h)) => help::render(h, app, frame),
        Some(Overlay::Prompt(p)) => prompt::render(p, frame),
        Some(Overlay::Editor(e)) => editor::render(e, app.lang, frame),
        Some(Overlay::Form(f)) => form::render(f, frame),
        Some(Overlay::Confirm(c)) => confirm::render(c, frame),
        Some(Overlay::Filter(f)) => {
            if let Some(w) = app.workspace() {
                filter::render(f, w, app.lang, frame)
            }
        }
    }
}

/// A rectangle of `w` × `h` centred in `area` (clamped to it).
pub fn centered(area: ratatui::layout::Rect, w: u16, h: u16) -> ratatui::layout::Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    ratatui::layout::Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
