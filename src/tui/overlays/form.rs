//! A form: labelled fields — one-line or several-line text, a path (Tab completes), a
//! choice (←/→), a toggle (Space) — for adding objects, attaching evidence, notes,
//! interviews, journal entries, bulk changes and new engagements. Tab and ↑/↓ move
//! between fields, Enter in a one-line field (or Ctrl-S anywhere) submits, Esc cancels.
//! A field the last submission was refused for shows why, in the UI language.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::centered;
use super::prompt::complete_path;
use crate::domain::Lang;
use crate::tui::theme;

/// What a form is for; `update` acts on the values when it is submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    NewEngagement,
    AddObject,
    EditObject {
        object: usize,
    },
    Attach {
        pair: usize,
    },
    Note {
        pair: usize,
    },
    Interview {
        pair: usize,
    },
    Journal,
    /// Changing journal entry `id`.
    EditJournal {
        id: i64,
    },
    Bulk {
        pairs: Vec<usize>,
    },
    /// The report's details (`info --set`).
    Details,
    /// A category's existing measures and main problems (chapter 3).
    CategoryTexts {
        pack: String,
        code: String,
    },
    /// A finding's threat, harm and why it is not rated high.
    FindingTexts {
        item: String,
        object: String,
    },
}

pub enum Input {
    Line(Box<TextArea<'static>>),
    Lines(Box<TextArea<'static>>),
    Path(Box<TextArea<'static>>),
    /// (value, label)
    Choice {
        options: Vec<(String, String)>,
        at: usize,
    },
    Toggle(bool),
}

pub struct FormField {
    pub key: &'static str,
    pub label: String,
    pub input: Input,
    pub error: Option<String>,
}

fn area(initial: &str) -> Box<TextArea<'static>> {
    let lines: Vec<String> = if initial.is_empty() {
        vec![String::new()]
    } else {
        initial.lines().map(str::to_string).collect()
    };
    let mut a = TextArea::new(lines);
    a.move_cursor(ratatui_textarea::CursorMove::Bottom);
    a.move_cursor(ratatui_textarea::CursorMove::End);
    a.set_cursor_line_style(ratatui::style::Style::new());
    Box::new(a)
}

impl FormField {
    pub fn line(key: &'static str, label: &str, initial: &str) -> FormField {
        FormField {
            key,
            label: label.into(),
            input: Input::Line(area(initial)),
            error: None,
        }
    }

    pub fn lines(key: &'static str, label: &str, initial: &str) -> FormField {
        FormField {
            key,
            label: label.into(),
            input: Input::Lines(area(initial)),
            error: None,
        }
    }

    pub fn path(key: &'static str, label: &str, initial: &str) -> FormField {
        FormField {
            key,
            label: label.into(),
            input: Input::Path(area(initial)),
            error: None,
        }
    }

    pub fn choice(
        key: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        current: &str,
    ) -> FormField {
        let at = options.iter().position(|(v, _)| v == current).unwrap_or(0);
        FormField {
            key,
            label: label.into(),
            input: Input::Choice { options, at },
            error: None,
        }
    }

    pub fn toggle(key: &'static str, label: &str, on: bool) -> FormField {
        FormField {
            key,
            label: label.into(),
            input: Input::Toggle(on),
            error: None,
        }
    }

    pub fn value(&self) -> String {
        match &self.input {
            Input::Line(a) | Input::Path(a) => a.lines().join(" ").trim().to_string(),
            Input::Lines(a) => a.lines().join("\n").trim_end().to_string(),
            Input::Choice { options, at } => options.get(*at).map(|o| o.0.clone()).unwrap_or_default(),
            Input::Toggle(b) => b.to_string(),
        }
    }

    fn height(&self, focused: bool) -> u16 {
        let body = match (&self.input, focused) {
            (Input::Lines(_), true) => 6,
            (Input::Lines(_), false) => 3,
            _ => 1,
        };
        body + u16::from(self.error.is_some())
    }
}

pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub help: String,
    /// A line about what to type, above the keys.
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormEvent {
    Editing,
    Cancel,
    Submit,
}

impl Form {
    pub fn new(purpose: Purpose, title: impl Into<String>, fields: Vec<FormField>, lang: Lang) -> Form {
        let help = match lang {
            Lang::Zh => "Tab/↑↓ 切换 · ←/→ 选择 · Space 勾选 · Enter 或 Ctrl-S 提交 · Esc 取消",
            Lang::En => "Tab/↑↓ move · ←/→ choose · Space tick · Enter or Ctrl-S submit · Esc cancel",
        };
        Form {
            purpose,
            title: title.into(),
            fields,
            focus: 0,
            help: help.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: &str) -> Form {
        self.hint = Some(hint.to_string());
        self
    }

    pub fn get(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(FormField::value)
            .unwrap_or_default()
    }

    pub fn flag(&self, key: &str) -> bool {
        self.get(key) == "true"
    }

    /// Marks a field as refused, with the reason; focuses it.
    pub fn refuse(&mut self, key: &str, why: String) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            if f.key == key {
                f.error = Some(why.clone());
                self.focus = i;
                return;
            }
        }
        if let Some(f) = self.fields.first_mut() {
            f.error = Some(why);
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> FormEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let n = self.fields.len();
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Char('s') if ctrl => return FormEvent::Submit,
            KeyCode::Tab | KeyCode::Down
                if !matches!(self.fields[self.focus].input, Input::Path(_)) || key.code == KeyCode::Down =>
            {
                self.focus = (self.focus + 1) % n;
                return FormEvent::Editing;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + n - 1) % n;
                return FormEvent::Editing;
            }
            _ => {}
        }
        let field = &mut self.fields[self.focus];
        field.error = None;
        match &mut field.input {
            Input::Line(a) => match key.code {
                KeyCode::Enter => return FormEvent::Submit,
                _ => {
                    a.input(key);
                }
            },
            Input::Path(a) => match key.code {
                KeyCode::Enter => return FormEvent::Submit,
                KeyCode::Tab => {
                    let typed = a.lines().join(" ");
                    let done = complete_path(&typed);
                    **a = *area(&done);
                }
                _ => {
                    a.input(key);
                }
            },
            Input::Lines(a) => {
                a.input(key);
            }
            Input::Choice { options, at } => match key.code {
                KeyCode::Left => *at = (*at + options.len() - 1) % options.len().max(1),
                KeyCode::Right | KeyCode::Char(' ') => *at = (*at + 1) % options.len().max(1),
                KeyCode::Enter => return FormEvent::Submit,
                _ => {}
            },
            Input::Toggle(b) => match key.code {
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => *b = !*b,
                KeyCode::Enter => return FormEvent::Submit,
                _ => {}
            },
        }
        FormEvent::Editing
    }

    /// A paste goes into the focused text field: several lines where the field takes
    /// them, folded into one line otherwise.
    pub fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        match &mut field.input {
            Input::Lines(a) => {
                a.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            Input::Line(a) | Input::Path(a) => {
                let flat: String = text.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
                a.insert_str(flat);
            }
            _ => {}
        }
    }
}

/// The fields `first..last` to draw in `room` lines: as many as fit, the focused one
/// among them.
fn window(heights: &[u16], focus: usize, room: u16) -> (usize, usize) {
    let mut first = 0;
    loop {
        let mut used = 0;
        let mut last = first;
        while last < heights.len() && used + heights[last] <= room {
            used += heights[last];
            last += 1;
        }
        if focus < last || first >= focus {
            return (first, last.max(first + 1).min(heights.len()));
        }
        first += 1;
    }
}

pub fn render(form: &Form, frame: &mut Frame) {
    let full = frame.area();
    let width = full.width.saturating_sub(4).clamp(20, 90);
    let hint_lines: Vec<String> = form
        .hint
        .as_deref()
        .map(|h| theme::wrap(h, width.saturating_sub(3) as usize))
        .unwrap_or_default();
    let hint = (hint_lines.len() as u16).min(3);
    let wanted: u16 = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.height(i == form.focus))
        .sum::<u16>()
        + 3
        + hint;
    // Help on the last line; when the terminal is short the fields keep what they need.
    let rect = centered(full, width, wanted.min(full.height.saturating_sub(2)));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" {} ", form.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // The fields that fit, a window that keeps the focused one in view.
    let room = inner.height.saturating_sub(hint + 1);
    let heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| f.height(i == form.focus))
        .collect();
    let (first, last) = window(&heights, form.focus, room);
    let constraints: Vec<Constraint> = heights[first..last]
        .iter()
        .map(|h| Constraint::Length(*h))
        .chain([
            Constraint::Min(0),
            Constraint::Length(hint),
            Constraint::Length(1),
        ])
        .collect();
    let areas = Layout::vertical(constraints).split(inner);
    let label_w = label_width(form, inner.width);
    for (slot, i) in (first..last).enumerate() {
        render_field(&form.fields[i], i == form.focus, label_w, frame, areas[slot]);
    }
    if first > 0 || last < form.fields.len() {
        let more = format!(" {}/{} ", form.focus + 1, form.fields.len());
        let at = Rect::new(
            rect.x + rect.width.saturating_sub(more.len() as u16 + 2),
            rect.y,
            more.len() as u16,
            1,
        );
        frame.render_widget(Paragraph::new(Line::styled(more, theme::dim())), at);
    }
    if !hint_lines.is_empty() {
        let at = areas[areas.len() - 2];
        let lines: Vec<Line> = hint_lines
            .iter()
            .map(|l| Line::styled(format!(" {l}"), theme::dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), at);
    }
    if let Some(last) = areas.last() {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", form.help), theme::dim())),
            *last,
        );
    }
}

/// The label column's width: the widest label, within a third of the form.
fn label_width(form: &Form, inner: u16) -> u16 {
    let widest = form
        .fields
        .iter()
        .map(|f| theme::width(&f.label))
        .max()
        .unwrap_or(8) as u16;
    (widest + 3).min(inner / 3).max(6)
}

fn render_field(f: &FormField, focused: bool, label_w: u16, frame: &mut Frame, area: Rect) {
    let label_style = if focused { theme::heading() } else { theme::title() };
    let (body, error) = if f.error.is_some() {
        let [b, e] = area.layout(&Layout::vertical([Constraint::Min(1), Constraint::Length(1)]));
        (b, Some(e))
    } else {
        (area, None)
    };
    let marker = if focused { "▸" } else { " " };
    let label = Line::styled(
        format!(
            "{marker}{} ",
            theme::excerpt(&f.label, label_w.saturating_sub(2) as usize)
        ),
        label_style,
    );
    match &f.input {
        Input::Line(a) | Input::Path(a) => {
            let [l, v] = body.layout(&Layout::horizontal([
                Constraint::Length(label_w),
                Constraint::Min(1),
            ]));
            frame.render_widget(Paragraph::new(label), l);
            let mut shown = (**a).clone();
            shown.set_style(if focused {
                theme::field_focused()
            } else {
                theme::field()
            });
            if !focused {
                shown.set_cursor_style(ratatui::style::Style::new());
            }
            frame.render_widget(&shown, v);
        }
        Input::Lines(a) => {
            let mut shown = (**a).clone();
            shown.set_block(Block::bordered().title(label).border_style(if focused {
                theme::heading()
            } else {
                theme::dim()
            }));
            if !focused {
                shown.set_cursor_style(ratatui::style::Style::new());
            }
            frame.render_widget(&shown, body);
        }
        Input::Choice { options, at } => {
            let [l, v] = body.layout(&Layout::horizontal([
                Constraint::Length(label_w),
                Constraint::Min(1),
            ]));
            frame.render_widget(Paragraph::new(label), l);
            let value = options.get(*at).map(|o| o.1.as_str()).unwrap_or("");
            let style = if focused {
                theme::selected()
            } else {
                theme::field()
            };
            frame.render_widget(Paragraph::new(Line::styled(format!("◂ {value} ▸"), style)), v);
        }
        Input::Toggle(on) => {
            let [l, v] = body.layout(&Layout::horizontal([
                Constraint::Length(label_w),
                Constraint::Min(1),
            ]));
            frame.render_widget(Paragraph::new(label), l);
            let style = if focused {
                theme::selected()
            } else {
                theme::field()
            };
            frame.render_widget(
                Paragraph::new(Line::styled(if *on { "[x]" } else { "[ ]" }, style)),
                v,
            );
        }
    }
    if let (Some(e), Some(why)) = (error, &f.error) {
        let text = theme::excerpt(why, e.width.saturating_sub(3) as usize);
        frame.render_widget(
            Paragraph::new(Line::styled(format!("   {text}"), theme::error())),
            e,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_window_keeps_the_focused_field_in_view() {
        let heights = [1, 1, 6, 1, 1, 1, 1];
        assert_eq!(window(&heights, 0, 5), (0, 2));
        assert_eq!(window(&heights, 2, 8), (0, 3));
        assert_eq!(window(&heights, 6, 5), (3, 7));
        assert_eq!(
            window(&heights, 2, 3),
            (2, 3),
            "a field taller than the room still shows"
        );
        assert_eq!(window(&heights, 3, 100), (0, 7));
    }
}
