//! The terminal UI (ratatui + crossterm).
//!
//! - [`runtime`]: the loop over one channel fed by an input thread, the [`worker`] and a
//!   tick; draws with [`view`], hands every message to [`update`].
//! - [`update`]: the only writer of the state ([`app`]); returns jobs for the worker.
//! - [`worker`]: owns the engagement's store and runs the jobs (ops) off the UI thread.
//! - [`screens`]: one folder per screen (state, update, view); [`overlays`]: help,
//!   prompt, result editor, filter.
//! - [`keymap`]: key bindings as data, from which help and the footer are generated;
//!   [`text`] and [`phrase`]: every word of the UI in both languages.

pub mod action;
pub mod app;
pub mod forms;
pub mod hits;
pub mod keymap;
pub mod overlays;
pub mod phrase;
pub mod runtime;
pub mod screens;
pub mod text;
mod theme;
pub mod update;
pub mod view;
pub mod worker;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use runtime::run;

use app::App;
use screens::home::{Home, Recent};
use update::Msg;
use worker::{Job, Outcome, Worker};

use crate::ops::OpsError;
use crate::store::StoreError;

/// How many recent engagements the home screen remembers.
const RECENT: usize = 8;

/// What can end the terminal UI.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error("the terminal UI needs a terminal; run it in one, or use the commands (dengbao --help)")]
    NoTerminal,
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Where dengbao keeps its own files (the sample, the recent list):
/// `DENGBAO_HOME`, else `$XDG_DATA_HOME/dengbao`, else `~/.local/share/dengbao`.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("DENGBAO_HOME") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(d).join("dengbao");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".local/share/dengbao")
}

fn recent_paths(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join("recent"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .take(RECENT)
        .collect()
}

/// The recent engagements, each described (system, level, progress, last change) when
/// it can be read.
pub fn recent(dir: &Path) -> Vec<Recent> {
    recent_paths(dir)
        .into_iter()
        .map(|path| Recent {
            summary: describe(&path),
            path,
        })
        .collect()
}

fn describe(path: &Path) -> Option<String> {
    let store = crate::store::Store::open(path, crate::store::Access::Read, "reader").ok()?;
    let snapshot = crate::domain::snapshot::Snapshot::load(&store).ok()?;
    let a = crate::domain::analysis::Analysis::of(&snapshot);
    let e = &snapshot.engagement;
    let last = snapshot
        .results
        .iter()
        .map(|r| r.updated_at.as_str())
        .max()
        .unwrap_or(&e.created_at)
        .get(..10)
        .unwrap_or("")
        .to_string();
    Some(format!(
        "{} · L{} · {}/{} · {last}",
        e.system, e.level, a.mlps.progress.assessed, a.mlps.progress.applicable
    ))
}

/// Puts `path` first in the recent list; failing to write the list is not worth an error.
fn remember(dir: &Path, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut list = recent_paths(dir);
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(RECENT);
    let text: Vec<String> = list.iter().map(|p| p.display().to_string()).collect();
    let _ = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(dir.join("recent"), text.join("\n") + "\n"));
}

/// Takes the key map from `file` (merged over the defaults); a bad file is reported on
/// the home screen and ignored.
pub fn use_keymap(app: &mut App, file: Option<&Path>) {
    let (keys, problem) = keymap::load(file);
    app.keys = keys;
    if let app::Screen::Home(h) = &mut app.screen {
        h.notice = problem;
    }
}

/// The remembered screens of engagements, by canonical path.
fn states(dir: &Path) -> std::collections::BTreeMap<String, screens::workspace::ViewState> {
    std::fs::read_to_string(dir.join("screens.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn state_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// How the screens of `path` were left, if remembered.
pub fn load_state(dir: &Path, path: &Path) -> Option<screens::workspace::ViewState> {
    states(dir).remove(&state_key(path))
}

/// Remembers the screens of `path` (for the engagements opened most recently); failing
/// to write is not worth an error.
pub fn save_state(dir: &Path, path: &Path, state: &screens::workspace::ViewState) {
    let mut all = states(dir);
    all.insert(state_key(path), state.clone());
    let keep: Vec<String> = recent_paths(dir).iter().map(|p| state_key(p)).collect();
    all.retain(|k, _| keep.contains(k) || *k == state_key(path));
    if let Ok(text) = serde_json::to_string_pretty(&all) {
        let _ = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join("screens.json"), text));
    }
}

/// The UI without a terminal: the same state, update and worker, with every job run at
/// once. Tests drive it key by key and draw it with a test backend.
pub struct Session {
    pub app: App,
    worker: Worker,
}

impl Session {
    pub fn new(packs: Vec<PathBuf>, actor: &str, data_dir: PathBuf) -> Self {
        let app = App::new(Home::new(recent(&data_dir)));
        Session {
            app,
            worker: Worker::new(packs, actor, data_dir),
        }
    }

    /// Hands a message to `update` and runs the jobs it returns (and theirs) to the end.
    pub fn send(&mut self, msg: Msg) {
        let mut queue: std::collections::VecDeque<Job> = update::update(&mut self.app, msg).into();
        while let Some(job) = queue.pop_front() {
            let outcome = self.worker.run(job);
            queue.extend(update::update(&mut self.app, Msg::Done(Box::new(outcome))));
        }
    }

    /// Uses the key map in `file`, as the terminal UI does with the user's.
    pub fn use_keymap(&mut self, file: &Path) {
        use_keymap(&mut self.app, Some(file));
    }

    /// A key press; false once the UI has quit.
    pub fn key(&mut self, code: KeyCode) -> bool {
        self.key_event(KeyEvent::new(code, KeyModifiers::NONE))
    }

    pub fn key_event(&mut self, key: KeyEvent) -> bool {
        self.send(Msg::Key(key));
        !self.app.quit
    }

    pub fn paste(&mut self, text: &str) {
        self.send(Msg::Paste(text.to_string()));
    }

    /// Opens an engagement as `dengbao open` does.
    pub fn open(&mut self, path: &Path) -> Result<(), String> {
        match self.worker.run(Job::Open(path.to_path_buf())) {
            Outcome::Failed { error, .. } => Err(phrase::error(&error, self.app.lang)),
            outcome => {
                self.send(Msg::Done(Box::new(outcome)));
                self.app.pending = 0;
                Ok(())
            }
        }
    }
}
