//! `update`: the only writer of [`App`]. It takes one message — a key, a paste, a mouse
//! event, a tick, or a worker's outcome — changes the state, and returns the jobs the
//! worker must run. No IO here.

use crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};

use super::action::{Action, Tab};
use super::app::{App, Message, Screen};
use super::keymap;
use super::overlays::Overlay;
use super::overlays::editor::EditorEvent;
use super::overlays::filter::FilterEvent;
use super::overlays::help::Help;
use super::overlays::prompt::{PromptEvent, Purpose};
use super::phrase;
use super::screens::checklist::update as checklist;
use super::screens::home::{self, Home, HomeEffect};
use super::screens::lists;
use super::screens::workspace::Workspace;
use super::text::{T, t};
use super::worker::{Job, Outcome};
use crate::domain::Lang;

/// What reaches the UI.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize,
    Tick,
    /// The worker finished a job.
    Done(Box<Outcome>),
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Job> {
    let jobs = match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Mouse(m) => on_mouse(app, m),
        Msg::Resize | Msg::Tick => Vec::new(),
        Msg::Done(outcome) => {
            app.pending = app.pending.saturating_sub(1);
            done(app, *outcome)
        }
    };
    app.pending += jobs.len();
    jobs
}

fn on_paste(app: &mut App, text: &str) -> Vec<Job> {
    match &mut app.overlay {
        Some(Overlay::Prompt(p)) => p.paste(text),
        Some(Overlay::Editor(e)) => e.paste(text),
        _ => app.message = Message::error(t(app.lang, T::PasteIgnored)),
    }
    Vec::new()
}

fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Job> {
    let action = match m.kind {
        MouseEventKind::ScrollDown => Action::Down,
        MouseEventKind::ScrollUp => Action::Up,
        _ => return Vec::new(),
    };
    if app.overlay.is_some() {
        return Vec::new();
    }
    act(app, action)
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    if app.overlay.is_some() {
        return overlay_key(app, key);
    }
    app.message = None;
    match keymap::action_for(app, key) {
        Some(action) => act(app, action),
        None => Vec::new(),
    }
}

fn overlay_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let lang = app.lang;
    let Some(overlay) = app.overlay.take() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help(mut h) => {
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => h.scroll += 1,
                KeyCode::Char('k') | KeyCode::Up => h.scroll = h.scroll.saturating_sub(1),
                _ => return Vec::new(),
            }
            app.overlay = Some(Overlay::Help(h));
            Vec::new()
        }
        Overlay::Prompt(mut p) => match p.key(key) {
            PromptEvent::Typing => {
                app.overlay = Some(Overlay::Prompt(p));
                Vec::new()
            }
            PromptEvent::Cancel => Vec::new(),
            PromptEvent::Submit(value) => match p.purpose {
                Purpose::OpenPath if value.is_empty() => Vec::new(),
                Purpose::OpenPath => {
                    app.message = Message::info(t(lang, T::Opening));
                    vec![Job::Open(value.into())]
                }
                Purpose::Search => {
                    if let Some(w) = app.workspace_mut() {
                        w.checklist.search = value;
                        w.rebuild_rows();
                        if w.selected_item().is_none() {
                            w.checklist.selected = 0;
                            w.step_to_item(true);
                        }
                    }
                    Vec::new()
                }
            },
        },
        Overlay::Editor(mut e) => match e.key(key) {
            EditorEvent::Editing => {
                app.overlay = Some(Overlay::Editor(e));
                Vec::new()
            }
            EditorEvent::Discard => Vec::new(),
            EditorEvent::Save(update) => {
                let Some(w) = app.workspace_mut() else {
                    return Vec::new();
                };
                let Some(pair) = w
                    .analysis
                    .pairs
                    .iter()
                    .position(|p| p.item == e.item && p.object == e.object)
                else {
                    return Vec::new();
                };
                let fx = checklist::save(w, pair, update, lang);
                if fx.jobs.is_empty() {
                    // Refused by the rules: the editor stays open with the message.
                    app.message = fx.message;
                    app.overlay = Some(Overlay::Editor(e));
                }
                fx.jobs
            }
        },
        Overlay::Filter(mut f) => {
            let Some(w) = app.workspace_mut() else {
                return Vec::new();
            };
            match f.key(key, w) {
                FilterEvent::Editing => app.overlay = Some(Overlay::Filter(f)),
                FilterEvent::Cancel => {}
                FilterEvent::Apply(filter) => {
                    w.checklist.filter = filter;
                    w.rebuild_rows();
                }
            }
            Vec::new()
        }
    }
}

fn act(app: &mut App, action: Action) -> Vec<Job> {
    let lang = app.lang;
    match action {
        Action::Quit => {
            app.quit = true;
            return Vec::new();
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help(Help::default()));
            return Vec::new();
        }
        Action::ToggleLang => {
            app.lang = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
            return Vec::new();
        }
        _ => {}
    }
    match &mut app.screen {
        Screen::Home(h) => match home::update(h, action, lang) {
            HomeEffect::None => Vec::new(),
            HomeEffect::Job(job) => {
                app.message = Message::info(t(lang, T::Opening));
                vec![*job]
            }
            HomeEffect::Overlay(o) => {
                app.overlay = Some(*o);
                Vec::new()
            }
            HomeEffect::Quit => {
                app.quit = true;
                Vec::new()
            }
        },
        Screen::Engagement(w) => engagement(w, action, lang, &mut app.overlay, &mut app.message),
    }
}

fn engagement(
    w: &mut Workspace,
    action: Action,
    lang: Lang,
    overlay: &mut Option<Overlay>,
    message: &mut Option<Message>,
) -> Vec<Job> {
    match action {
        Action::Back => return vec![Job::Close],
        Action::Show(tab) => {
            w.tab = tab;
            return Vec::new();
        }
        _ => {}
    }
    match w.tab {
        Tab::Checklist => {
            let fx = checklist::update(w, action, lang);
            if fx.overlay.is_some() {
                *overlay = fx.overlay;
            }
            if fx.message.is_some() {
                *message = fx.message;
            }
            fx.jobs
        }
        Tab::Findings => {
            let rows = lists::finding_rows(w);
            match action {
                a if checklist::is_move(a) => {
                    w.findings_selected = checklist::moved(w.findings_selected, rows.len(), a)
                }
                Action::Enter => {
                    if let Some(&(i, o, _)) = rows.get(w.findings_selected) {
                        w.select(i, o);
                        w.checklist.pane = super::screens::checklist::Pane::Objects;
                        w.tab = Tab::Checklist;
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Tab::Objects => {
            if checklist::is_move(action) {
                w.objects_selected = checklist::moved(w.objects_selected, w.snapshot.objects.len(), action);
            }
            Vec::new()
        }
        Tab::Evidence => {
            if checklist::is_move(action) {
                w.evidence_selected =
                    checklist::moved(w.evidence_selected, w.snapshot.evidence.len(), action);
            }
            Vec::new()
        }
        Tab::Dashboard => Vec::new(),
    }
}

fn done(app: &mut App, outcome: Outcome) -> Vec<Job> {
    let lang = app.lang;
    match outcome {
        Outcome::Opened { path, snapshot } => {
            app.screen = Screen::Engagement(Box::new(Workspace::new(path, *snapshot)));
            app.message = None;
        }
        Outcome::Saved { row, undo } => {
            if let Some(w) = app.workspace_mut() {
                let item = row.item_id.clone();
                let object = w
                    .snapshot
                    .objects
                    .iter()
                    .find(|o| o.id == row.object_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                let verdict = row.verdict.label(lang);
                let same = w
                    .snapshot
                    .results
                    .iter()
                    .find(|r| r.item_id == row.item_id && r.object_id == row.object_id)
                    .is_some_and(|r| r.same_content(&row));
                w.snapshot.put_result(row);
                if !same {
                    w.reanalyse();
                }
                let what = t(lang, if undo { T::Undone } else { T::Saved });
                app.message = Message::info(format!("{what}: {item} @ {object} → {verdict}"));
            }
        }
        Outcome::Closed(recent) => {
            app.screen = Screen::Home(Home::new(recent));
            app.message = None;
        }
        Outcome::Failed { job, error } => {
            if let (Job::Save { item, object_id, .. }, Some(w)) = (&job, app.workspace_mut()) {
                // Take back the change the screen already showed.
                if let Some(at) = w
                    .undo
                    .iter()
                    .rposition(|u| &u.item == item && u.object_id == *object_id)
                {
                    let u = w.undo.remove(at);
                    w.restore(&u.item, u.object_id, u.previous);
                }
            }
            app.message = Message::error(phrase::error(&error, lang));
        }
    }
    Vec::new()
}
