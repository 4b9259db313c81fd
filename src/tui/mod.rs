//! The terminal UI (ratatui + crossterm): home, dashboard, checklist, findings, objects
//! and evidence screens.
//!
//! Layers: [`app`] holds state; [`keymap`] turns keys into [`action::Action`]s;
//! [`update`] applies them and returns [`action::Effect`]s; [`Session`] performs the
//! effects — it alone owns the engagement [`Store`], so what the screen shows as saved
//! is on disk; [`views`] draw by borrowing the state.

pub mod action;
pub mod app;
pub mod keymap;
mod theme;
pub mod update;
pub mod views;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crossterm::event::{self, Event, KeyEventKind};

use action::Effect;
use app::{App, Home, Message, Screen, Workspace};

use crate::catalog::Catalog;
use crate::demo::{DemoOptions, generate};
use crate::domain::Lang;
use crate::domain::result::ResultState;
use crate::ops::OpsError;
use crate::store::{Access, Store, StoreError};

/// What can end the terminal UI or an action in it.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error("the terminal UI needs a terminal; run it in one, or use the commands (dengbao --help)")]
    NoTerminal,
    #[error("no engagement is open")]
    NothingOpen,
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

type Result<T, E = TuiError> = std::result::Result<T, E>;
use crate::summary::EngagementData;

/// How many recent engagements the home screen remembers.
const RECENT: usize = 8;

/// The UI with the engagement it has open.
pub struct Session {
    pub app: App,
    store: Option<Store>,
    /// User pack folders; the catalog is loaded only when the sample is generated.
    packs: Vec<PathBuf>,
    actor: String,
    data_dir: PathBuf,
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

impl Session {
    pub fn new(packs: Vec<PathBuf>, actor: &str, data_dir: PathBuf) -> Self {
        let recent = read_recent(&data_dir);
        Session {
            app: App {
                lang: Lang::Zh,
                screen: Screen::Home(Home { recent, selected: 0 }),
                popup: None,
                message: None,
            },
            store: None,
            packs,
            actor: actor.to_string(),
            data_dir,
        }
    }

    /// Applies one action and carries out its effects. Returns false when the UI ends.
    pub fn handle(&mut self, action: action::Action) -> bool {
        self.app.message = None;
        for effect in update::update(&mut self.app, action) {
            match effect {
                Effect::Quit => return false,
                e => {
                    if let Err(err) = self.perform(e) {
                        self.app.message = Some(Message {
                            text: err.to_string(),
                            error: true,
                        });
                    }
                }
            }
        }
        true
    }

    fn perform(&mut self, effect: Effect) -> Result<()> {
        match effect {
            Effect::SaveResult {
                item,
                object_id,
                object_name,
                update,
            } => {
                let result = self.store_mut()?.set_result(&item, object_id, &update);
                self.after_change(
                    result.map(|r| r.verdict.label(self.app.lang).to_string()),
                    &item,
                    &object_name,
                )
            }
            Effect::ClearResult {
                item,
                object_id,
                object_name,
            } => {
                let store = self.store_mut()?;
                let result = match store.result(&item, object_id) {
                    Ok(Some(ResultState {
                        revision: Some(head), ..
                    })) => store.undo_result(&item, object_id, None, &head).map(|_| ()),
                    Ok(_) => Ok(()),
                    Err(e) => Err(e),
                };
                let label = crate::domain::Verdict::NotAssessed
                    .label(self.app.lang)
                    .to_string();
                self.after_change(result.map(|()| label), &item, &object_name)
            }
            Effect::Open(path) => self.open(&path),
            Effect::OpenSample => {
                let path = self.data_dir.join("sample.dengbao");
                if !path.exists() {
                    std::fs::create_dir_all(&self.data_dir).map_err(|e| TuiError::Io {
                        path: self.data_dir.display().to_string(),
                        source: e,
                    })?;
                    let (catalog, _) = Catalog::load(&self.packs);
                    generate(&catalog, &path, DemoOptions::default(), &self.actor)?;
                }
                self.open(&path)
            }
            Effect::Close => {
                self.store = None;
                self.app.screen = Screen::Home(Home {
                    recent: read_recent(&self.data_dir),
                    selected: 0,
                });
                Ok(())
            }
            Effect::Quit => Ok(()),
        }
    }

    fn store_mut(&mut self) -> Result<&mut Store> {
        self.store.as_mut().ok_or(TuiError::NothingOpen)
    }

    /// After a write: on success reload what the screens show from disk; on failure
    /// forget the undo entry of the change that did not happen.
    fn after_change(
        &mut self,
        outcome: std::result::Result<String, StoreError>,
        item: &str,
        object: &str,
    ) -> Result<()> {
        match outcome {
            Ok(label) => {
                self.reload()?;
                let saved = if self.app.lang == Lang::Zh {
                    "已保存"
                } else {
                    "saved"
                };
                self.app.message = Some(Message {
                    text: format!("{saved}: {item} @ {object} → {label}"),
                    error: false,
                });
                Ok(())
            }
            Err(e) => {
                if let Screen::Engagement(w) = &mut self.app.screen {
                    w.undo.pop();
                }
                Err(e.into())
            }
        }
    }

    fn reload(&mut self) -> Result<()> {
        let Some(store) = &self.store else { return Ok(()) };
        let data = EngagementData::load(store)?;
        let evidence = store.evidence()?;
        if let Screen::Engagement(w) = &mut self.app.screen {
            w.reload(data, evidence);
        }
        Ok(())
    }

    /// Opens an engagement for writing (holding its writer lock while open).
    pub fn open(&mut self, path: &Path) -> Result<()> {
        let store = Store::open(path, Access::Write, &self.actor)?;
        let data = EngagementData::load(&store)?;
        let evidence = store.evidence()?;
        self.store = Some(store);
        self.app.screen = Screen::Engagement(Box::new(Workspace::new(path.to_path_buf(), data, evidence)));
        remember(&self.data_dir, path);
        Ok(())
    }
}

fn read_recent(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join("recent"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .take(RECENT)
        .collect()
}

/// Puts `path` first in the recent list; failing to write the list is not worth an error.
fn remember(dir: &Path, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut list = read_recent(dir);
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(RECENT);
    let text: Vec<String> = list.iter().map(|p| p.display().to_string()).collect();
    let _ = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(dir.join("recent"), text.join("\n") + "\n"));
}

/// Runs the UI in the terminal, on the home screen or on `open`.
pub fn run(packs: &[PathBuf], actor: &str, open: Option<&Path>) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(TuiError::NoTerminal);
    }
    let mut session = Session::new(packs.to_vec(), actor, data_dir());
    if let Some(path) = open {
        session.open(path)?;
    }
    // ratatui::init installs a panic hook that restores the terminal before the report.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut session, &mut terminal);
    ratatui::restore();
    result
}

fn event_loop(session: &mut Session, terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    let io = |e: std::io::Error| TuiError::Io {
        path: "terminal".into(),
        source: e,
    };
    loop {
        terminal
            .draw(|frame| views::render(&session.app, frame))
            .map_err(io)?;
        match event::read().map_err(io)? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if let Some(action) = keymap::action_for(&session.app, key)
                    && !session.handle(action)
                {
                    return Ok(());
                }
            }
            // A resize simply redraws on the next turn.
            _ => {}
        }
    }
}
