//! The result editor: the record (several lines: Enter is a new line), and as the verdict
//! calls for them the reason, risk, high-risk case (from the item's cases), major hidden
//! risk, remediation, and the overall-evaluation correction with its rationale. Ctrl-S
//! saves; Esc asks before throwing changes away. A paste goes into the focused field as
//! text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui_textarea::TextArea;

use crate::domain::result::ResultUpdate;
use crate::domain::{Lang, Risk, Verdict};
use crate::tui::screens::workspace::Workspace;
use crate::tui::text::{T, t};
use crate::tui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Record,
    Reason,
    Risk,
    Case,
    Major,
    Remediation,
    Corrected,
    Rationale,
}

impl FieldKind {
    fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                FieldKind::Record => T::Record,
                FieldKind::Reason => T::Reason,
                FieldKind::Risk => T::Risk,
                FieldKind::Case => T::HighRiskCase,
                FieldKind::Major => T::Major,
                FieldKind::Remediation => T::Remediation,
                FieldKind::Corrected => T::Corrected,
                FieldKind::Rationale => T::Rationale,
            },
        )
    }
}

pub enum Value {
    Text(Box<TextArea<'static>>),
    /// Wire values ("" for none) with their labels.
    Choice {
        options: Vec<(String, String)>,
        at: usize,
    },
    Toggle(bool),
}

pub struct Field {
    pub kind: FieldKind,
    pub value: Value,
}

impl Field {
    fn text(kind: FieldKind, initial: &str) -> Field {
        let lines: Vec<String> = if initial.is_empty() {
            vec![String::new()]
        } else {
            initial.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            kind,
            value: Value::Text(Box::new(area)),
        }
    }

    fn choice(kind: FieldKind, options: Vec<(String, String)>, current: &str) -> Field {
        let at = options.iter().position(|(v, _)| v == current).unwrap_or(0);
        Field {
            kind,
            value: Value::Choice { options, at },
        }
    }

    fn text_value(&self) -> String {
        match &self.value {
            Value::Text(a) => a.lines().join("\n").trim_end().to_string(),
            Value::Choice { options, at } => options[*at].0.clone(),
            Value::Toggle(b) => b.to_string(),
        }
    }
}

pub struct Editor {
    pub item: usize,
    pub object: usize,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub confirm_discard: bool,
    original: Vec<String>,
    /// Record presets for this item and object kind, and the one put in last.
    pub presets: Vec<String>,
    pub preset: Option<usize>,
}

/// What a key did to the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorEvent {
    Editing,
    Discard,
    Save(ResultUpdate),
}

impl Editor {
    pub fn new(w: &Workspace, item: usize, object: usize, lang: Lang) -> Editor {
        let it = &w.snapshot.items[item];
        let o = &w.snapshot.objects[object];
        let r = w.result(item, object);
        let verdict = r.map_or(Verdict::NotAssessed, |r| r.verdict);
        let mut fields = vec![Field::text(
            FieldKind::Record,
            r.map(|r| r.record.as_str()).unwrap_or(""),
        )];
        if verdict == Verdict::NotApplicable {
            fields.push(Field::text(
                FieldKind::Reason,
                r.map(|r| r.na_reason.as_str()).unwrap_or(""),
            ));
        }
        if verdict.is_finding() {
            let risks = Risk::ALL
                .iter()
                .map(|r| (r.as_str().to_string(), r.label(lang).to_string()))
                .collect();
            let risk = r.and_then(|r| r.risk).map(|r| r.as_str()).unwrap_or("high");
            fields.push(Field::choice(FieldKind::Risk, risks, risk));
            if !it.high_risk.is_empty() {
                let mut cases = vec![(String::new(), t(lang, T::None).to_string())];
                for id in &it.high_risk {
                    let title = w.snapshot.case(id).map(|c| c.title.get(lang)).unwrap_or("");
                    cases.push((id.clone(), format!("{id} {title}")));
                }
                let current = r.and_then(|r| r.high_risk_case.clone()).unwrap_or_default();
                fields.push(Field::choice(FieldKind::Case, cases, &current));
            }
            fields.push(Field {
                kind: FieldKind::Major,
                value: Value::Toggle(r.is_some_and(|r| r.major_hidden_risk)),
            });
            fields.push(Field::text(
                FieldKind::Remediation,
                r.map(|r| r.remediation.as_str()).unwrap_or(""),
            ));
        }
        if verdict != Verdict::NotAssessed {
            let mut options = vec![(
                Verdict::NotAssessed.as_str().to_string(),
                t(lang, T::None).to_string(),
            )];
            for v in [Verdict::Compliant, Verdict::Partial, Verdict::NonCompliant] {
                options.push((v.as_str().to_string(), v.label(lang).to_string()));
            }
            let current = r
                .and_then(|r| r.corrected_verdict)
                .unwrap_or(Verdict::NotAssessed)
                .as_str()
                .to_string();
            fields.push(Field::choice(FieldKind::Corrected, options, &current));
            fields.push(Field::text(
                FieldKind::Rationale,
                r.map(|r| r.correction_rationale.as_str()).unwrap_or(""),
            ));
        }
        let original = fields.iter().map(Field::text_value).collect();
        let presets = crate::catalog::presets::for_pair(&w.presets, &it.id, o.kind)
            .into_iter()
            .map(|p| p.text.trim().to_string())
            .collect();
        Editor {
            item,
            object,
            title: format!("{} @ {} · {}", it.id, o.name, verdict.label(lang)),
            fields,
            focus: 0,
            confirm_discard: false,
            original,
            presets,
            preset: None,
        }
    }

    /// Puts the next preset into the record: in place of the record when it is empty or
    /// still the preset put in before, at the cursor otherwise. False when there is none.
    pub fn next_preset(&mut self) -> bool {
        if self.presets.is_empty() {
            return false;
        }
        let next = self.preset.map_or(0, |p| (p + 1) % self.presets.len());
        let text = self.presets[next].clone();
        let record = self.fields[0].text_value();
        let replace =
            record.trim().is_empty() || self.preset.is_some_and(|p| self.presets[p] == record.trim());
        if let Value::Text(area) = &mut self.fields[0].value {
            if replace {
                **area = TextArea::new(text.lines().map(str::to_string).collect());
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
            } else {
                area.insert_str(&text);
            }
        }
        self.focus = 0;
        self.preset = Some(next);
        true
    }

    /// The preset the record still equals, if it was started from one.
    pub fn unedited_preset(&self) -> Option<&str> {
        let record = self.fields[0].text_value();
        self.preset
            .map(|p| self.presets[p].as_str())
            .filter(|p| p.trim() == record.trim())
    }

    pub fn changed(&self) -> bool {
        self.fields.iter().map(Field::text_value).collect::<Vec<_>>() != self.original
    }

    pub fn key(&mut self, key: KeyEvent) -> EditorEvent {
        if self.confirm_discard {
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => EditorEvent::Discard,
                _ => {
                    self.confirm_discard = false;
                    EditorEvent::Editing
                }
            };
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => return EditorEvent::Save(self.update()),
            KeyCode::Char('p') if ctrl => {
                self.next_preset();
                return EditorEvent::Editing;
            }
            KeyCode::Esc if self.changed() => {
                self.confirm_discard = true;
                return EditorEvent::Editing;
            }
            KeyCode::Esc => return EditorEvent::Discard,
            KeyCode::Tab => {
                self.focus = (self.focus + 1) % self.fields.len();
                return EditorEvent::Editing;
            }
            KeyCode::BackTab => {
                self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                return EditorEvent::Editing;
            }
            _ => {}
        }
        match &mut self.fields[self.focus].value {
            Value::Text(area) => {
                area.input(key);
            }
            Value::Choice { options, at } => match key.code {
                KeyCode::Left => *at = (*at + options.len() - 1) % options.len(),
                KeyCode::Right | KeyCode::Char(' ') => *at = (*at + 1) % options.len(),
                _ => {}
            },
            Value::Toggle(b) => {
                if matches!(key.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) {
                    *b = !*b;
                }
            }
        }
        EditorEvent::Editing
    }

    /// A paste goes into the focused text field as it is, line breaks kept.
    pub fn paste(&mut self, text: &str) {
        if let Value::Text(area) = &mut self.fields[self.focus].value {
            area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    /// The change the fields describe.
    pub fn update(&self) -> ResultUpdate {
        let mut u = ResultUpdate::default();
        for f in &self.fields {
            let v = f.text_value();
            match f.kind {
                FieldKind::Record => u.record = Some(v),
                FieldKind::Reason => u.na_reason = Some(v),
                FieldKind::Risk => u.risk = v.parse().ok(),
                FieldKind::Case => u.high_risk_case = Some(v),
                FieldKind::Major => u.major_hidden_risk = Some(v == "true"),
                FieldKind::Remediation => u.remediation = Some(v),
                FieldKind::Corrected => u.corrected_verdict = v.parse().ok(),
                FieldKind::Rationale => u.correction_rationale = Some(v),
            }
        }
        u
    }
}

pub fn render(e: &Editor, lang: Lang, frame: &mut Frame) {
    // The whole body, between the header and the footer.
    let area = frame.area();
    let rect = ratatui::layout::Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(format!(" {} ", e.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let constraints: Vec<Constraint> = e
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| match (&f.value, i == e.focus) {
            (Value::Text(_), true) => Constraint::Min(4),
            (Value::Text(_), false) => Constraint::Length(3),
            _ => Constraint::Length(1),
        })
        .chain([Constraint::Length(1)])
        .collect();
    let areas = Layout::vertical(constraints).split(inner);
    for (i, f) in e.fields.iter().enumerate() {
        let focused = i == e.focus;
        let label_style = if focused { theme::heading() } else { theme::title() };
        match &f.value {
            Value::Text(text) => {
                let mut shown = (**text).clone();
                shown.set_block(
                    Block::bordered()
                        .title(Span::styled(format!(" {} ", f.kind.label(lang)), label_style))
                        .border_style(if focused { theme::heading() } else { theme::dim() }),
                );
                if !focused {
                    shown.set_cursor_style(ratatui::style::Style::new());
                }
                shown.set_cursor_line_style(ratatui::style::Style::new());
                frame.render_widget(&shown, areas[i]);
            }
            Value::Choice { options, at } => {
                let line = Line::from(vec![
                    Span::styled(format!(" {}: ", f.kind.label(lang)), label_style),
                    Span::styled(
                        format!("◂ {} ▸", options[*at].1),
                        if focused { theme::selected() } else { theme::dim() },
                    ),
                ]);
                frame.render_widget(Paragraph::new(line), areas[i]);
            }
            Value::Toggle(on) => {
                let mark = if *on { "[x]" } else { "[ ]" };
                let line = Line::from(vec![
                    Span::styled(format!(" {}: ", f.kind.label(lang)), label_style),
                    Span::styled(mark, if focused { theme::selected() } else { theme::dim() }),
                ]);
                frame.render_widget(Paragraph::new(line), areas[i]);
            }
        }
    }
    let footer = if e.confirm_discard {
        Line::styled(
            format!(" {} {}", t(lang, T::DiscardChanges), t(lang, T::YesNo)),
            theme::error(),
        )
    } else {
        Line::styled(format!(" {}", t(lang, T::EditorHelp)), theme::dim())
    };
    if let Some(last) = areas.last() {
        frame.render_widget(Paragraph::new(footer), *last);
    }
}
