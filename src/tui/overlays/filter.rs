//! The checklist's filter form: verdict, area, category, object kind and object, each
//! changed with ←/→; they combine.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::domain::{Area, Lang, ObjectKind};
use crate::tui::screens::checklist::{Filter, VerdictFilter};
use crate::tui::screens::workspace::Workspace;
use crate::tui::text::{T, t};
use crate::tui::theme;

pub struct FilterForm {
    pub filter: Filter,
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterEvent {
    Editing,
    Cancel,
    Apply(Filter),
}

const ROWS: usize = 5;

/// Cycles `current` through `None` then each option, by `step` (±1).
fn cycle<V: Clone + PartialEq>(current: &Option<V>, options: &[V], step: isize) -> Option<V> {
    let n = options.len() as isize + 1;
    let at = current
        .as_ref()
        .and_then(|c| options.iter().position(|o| o == c))
        .map_or(0, |p| p as isize + 1);
    let next = (at + step).rem_euclid(n);
    (next > 0).then(|| options[next as usize - 1].clone())
}

fn categories(w: &Workspace) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for i in &w.snapshot.items {
        let key = (i.pack.clone(), i.category.clone());
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

fn kinds(w: &Workspace) -> Vec<ObjectKind> {
    ObjectKind::ALL
        .iter()
        .copied()
        .filter(|k| w.snapshot.objects.iter().any(|o| o.kind == *k))
        .collect()
}

impl FilterForm {
    pub fn new(filter: Filter) -> FilterForm {
        FilterForm { filter, row: 0 }
    }

    pub fn key(&mut self, key: KeyEvent, w: &Workspace) -> FilterEvent {
        let step = match key.code {
            KeyCode::Esc => return FilterEvent::Cancel,
            KeyCode::Enter => return FilterEvent::Apply(self.filter.clone()),
            KeyCode::Char('x') => {
                self.filter = Filter::default();
                return FilterEvent::Editing;
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.row = (self.row + ROWS - 1) % ROWS;
                return FilterEvent::Editing;
            }
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => {
                self.row = (self.row + 1) % ROWS;
                return FilterEvent::Editing;
            }
            KeyCode::Left | KeyCode::Char('h') => -1,
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => 1,
            _ => return FilterEvent::Editing,
        };
        let f = &mut self.filter;
        match self.row {
            0 => {
                let all = VerdictFilter::ALL;
                let at = all.iter().position(|v| *v == f.verdict).unwrap_or(0) as isize;
                f.verdict = all[(at + step).rem_euclid(all.len() as isize) as usize];
            }
            1 => f.area = cycle(&f.area, Area::ALL, step),
            2 => f.category = cycle(&f.category, &categories(w), step),
            3 => {
                f.kind = cycle(&f.kind, &kinds(w), step);
                f.object = None;
            }
            _ => {
                let objects: Vec<usize> = (0..w.snapshot.objects.len())
                    .filter(|&o| f.kind.is_none_or(|k| w.snapshot.objects[o].kind == k))
                    .collect();
                f.object = cycle(&f.object, &objects, step);
            }
        }
        FilterEvent::Editing
    }
}

pub fn render(form: &FilterForm, w: &Workspace, lang: Lang, frame: &mut Frame) {
    let f = &form.filter;
    let all = t(lang, T::All).to_string();
    let values = [
        (T::Verdict, f.verdict.label(lang).to_string()),
        (
            T::Area,
            f.area
                .map(|a| a.label(lang).to_string())
                .unwrap_or_else(|| all.clone()),
        ),
        (
            T::Category,
            f.category
                .as_ref()
                .map(|(pack, code)| {
                    let name = w
                        .snapshot
                        .items
                        .iter()
                        .find(|i| &i.pack == pack && &i.category == code)
                        .map(|i| i.category_name.get(lang))
                        .unwrap_or("");
                    format!("{code} {name}")
                })
                .unwrap_or_else(|| all.clone()),
        ),
        (
            T::Kind,
            f.kind
                .map(|k| k.label(lang).to_string())
                .unwrap_or_else(|| all.clone()),
        ),
        (
            T::Object,
            f.object
                .and_then(|o| w.snapshot.objects.get(o))
                .map(|o| o.name.clone())
                .unwrap_or_else(|| all.clone()),
        ),
    ];
    let mut lines: Vec<Line> = values
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let style = if i == form.row {
                theme::selected()
            } else {
                theme::title()
            };
            Line::from(vec![
                Span::styled(format!(" {:<10}", t(lang, *label)), theme::title()),
                Span::styled(format!("◂ {value} ▸"), style),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {}", t(lang, T::FilterHelp)), theme::dim()));
    let rect = centered(frame.area(), 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(t(lang, T::FilterTitle))),
        rect,
    );
}
