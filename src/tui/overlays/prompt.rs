//! A one-line prompt: a search, or a path to open with Tab completion. A paste goes in as
//! text, line breaks folded into spaces.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::widgets::{Block, Clear};
use ratatui_textarea::TextArea;

use super::centered;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Search,
    OpenPath,
}

pub struct Prompt {
    pub purpose: Purpose,
    pub text: TextArea<'static>,
}

/// What a key did to the prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptEvent {
    Typing,
    Cancel,
    Submit(String),
}

impl Prompt {
    pub fn new(purpose: Purpose, title: &str) -> Prompt {
        let mut text = TextArea::default();
        text.set_block(Block::bordered().title(format!(" {title} ")));
        text.set_cursor_line_style(ratatui::style::Style::new());
        Prompt { purpose, text }
    }

    pub fn value(&self) -> String {
        self.text.lines().join(" ")
    }

    pub fn key(&mut self, key: KeyEvent) -> PromptEvent {
        match key.code {
            KeyCode::Esc => PromptEvent::Cancel,
            KeyCode::Enter => PromptEvent::Submit(self.value().trim().to_string()),
            KeyCode::Tab if self.purpose == Purpose::OpenPath => {
                let done = complete_path(&self.value());
                self.set(&done);
                PromptEvent::Typing
            }
            KeyCode::Char('m') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                PromptEvent::Submit(self.value().trim().to_string())
            }
            _ => {
                self.text.input(key);
                PromptEvent::Typing
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        let flat: String = text.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
        self.text.insert_str(flat);
    }

    fn set(&mut self, value: &str) {
        let block = self.text.block().cloned();
        let mut text = TextArea::new(vec![value.to_string()]);
        if let Some(b) = block {
            text.set_block(b);
        }
        text.set_cursor_line_style(ratatui::style::Style::new());
        text.move_cursor(ratatui_textarea::CursorMove::End);
        self.text = text;
    }
}

/// Completes a typed path: to the one entry that starts with it, or to the longest
/// prefix the entries share; folders get a trailing separator.
pub fn complete_path(typed: &str) -> String {
    let path = std::path::Path::new(typed);
    let (dir, stem) = if typed.ends_with(std::path::MAIN_SEPARATOR) || typed.is_empty() {
        (path.to_path_buf(), String::new())
    } else {
        (
            path.parent().map(|p| p.to_path_buf()).unwrap_or_default(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    };
    let listing = if dir.as_os_str().is_empty() {
        std::path::PathBuf::from(".")
    } else {
        dir.clone()
    };
    let Ok(entries) = std::fs::read_dir(&listing) else {
        return typed.to_string();
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir()))
        .filter(|(n, _)| n.starts_with(&stem) && (!n.starts_with('.') || stem.starts_with('.')))
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return typed.to_string();
    };
    let common = names.iter().fold(first.0.clone(), |acc, (n, _)| {
        acc.chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let mut out = dir.join(&common).to_string_lossy().into_owned();
    if names.len() == 1 && names[0].1 {
        out.push(std::path::MAIN_SEPARATOR);
    }
    out
}

pub fn render(p: &Prompt, frame: &mut Frame) {
    let area = frame.area();
    let rect = centered(area, area.width.saturating_sub(4).max(20), 3);
    frame.render_widget(Clear, rect);
    frame.render_widget(&p.text, rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_extends_to_the_one_match_and_the_shared_prefix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("his-2026.dengbao"), "").unwrap();
        std::fs::write(dir.path().join("his-2025.dengbao"), "").unwrap();
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        let base = dir.path().display().to_string();
        assert_eq!(complete_path(&format!("{base}/h")), format!("{base}/his-202"));
        assert_eq!(
            complete_path(&format!("{base}/his-2026")),
            format!("{base}/his-2026.dengbao")
        );
        assert_eq!(complete_path(&format!("{base}/rep")), format!("{base}/reports/"));
        assert_eq!(complete_path(&format!("{base}/zzz")), format!("{base}/zzz"));
    }
}
