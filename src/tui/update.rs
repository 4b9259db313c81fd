//! `update`: the only writer of [`App`]. It takes one message — a key, a paste, a mouse
//! event, a tick, or a worker's outcome — changes the state, and returns the jobs the
//! worker must run. No IO here.

use crossterm::event::{KeyCode, KeyEvent, MouseEvent, MouseEventKind};

use super::action::{Action, Tab};
use super::app::{App, Busy, Message, Screen};
use super::forms::{self, Submitted};
use super::keymap;
use super::overlays::Overlay;
use super::overlays::confirm::Then;
use super::overlays::editor::EditorEvent;
use super::overlays::filter::FilterEvent;
use super::overlays::form::FormEvent;
use super::overlays::help::Help;
use super::overlays::prompt::{PromptEvent, Purpose};
use super::phrase;
use super::screens::checklist::update as checklist;
use super::screens::home::{self, Home, HomeEffect};
use super::screens::lists;
use super::screens::workspace::Workspace;
use super::text::{T, t};
use super::worker::{Job, Note, Outcome, Progress};
use crate::domain::Lang;

/// What reaches the UI.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize,
    Tick,
    /// How far the worker's long job is.
    Progress(Progress),
    /// The worker finished a job.
    Done(Box<Outcome>),
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Job> {
    let jobs = match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Mouse(m) => on_mouse(app, m),
        Msg::Resize | Msg::Tick => Vec::new(),
        Msg::Progress(p) => {
            if let Some(b) = &mut app.busy {
                b.done = p.done;
                b.total = p.total;
            }
            Vec::new()
        }
        Msg::Done(outcome) => {
            app.pending = app.pending.saturating_sub(1);
            done(app, *outcome)
        }
    };
    for job in &jobs {
        if let Some(what) = long(job, app.lang) {
            app.cancel.store(false, std::sync::atomic::Ordering::SeqCst);
            app.busy = Some(Busy {
                what,
                done: 0,
                total: 0,
                started: std::time::Instant::now(),
            });
        }
    }
    app.pending += jobs.len();
    jobs
}

/// What a long job is called while it runs (the footer shows its progress).
fn long(job: &Job, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match job {
        Job::Attach { paths, .. } if zh => format!("正在附加 {} 个文件", paths.len()),
        Job::Attach { paths, .. } => format!("attaching {} files", paths.len()),
        Job::Report { .. } if zh => "正在生成报告".into(),
        Job::Report { .. } => "rendering the report".into(),
        Job::Create { .. } if zh => "正在创建测评文件".into(),
        Job::Create { .. } => "creating the engagement".into(),
        _ => return None,
    })
}

fn on_paste(app: &mut App, text: &str) -> Vec<Job> {
    match &mut app.overlay {
        Some(Overlay::Prompt(p)) => p.paste(text),
        Some(Overlay::Editor(e)) => e.paste(text),
        Some(Overlay::Form(f)) => f.paste(text),
        _ => app.message = Message::error(t(app.lang, T::PasteIgnored)),
    }
    Vec::new()
}

fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Job> {
    if app.overlay.is_some() {
        return Vec::new();
    }
    let action = match m.kind {
        MouseEventKind::ScrollDown => Action::Down,
        MouseEventKind::ScrollUp => Action::Up,
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            return match super::hits::at(m.column, m.row) {
                Some(target) => click(app, target),
                None => Vec::new(),
            };
        }
        _ => return Vec::new(),
    };
    act(app, action)
}

/// A click on a tab shows it; on a row selects it.
fn click(app: &mut App, target: super::hits::Target) -> Vec<Job> {
    use super::hits::{List, Target};
    use super::screens::checklist::Pane;
    let Some(w) = app.workspace_mut() else {
        return Vec::new();
    };
    match target {
        Target::Tab(tab) => w.tab = tab,
        Target::Row(list, n) => {
            let within = |len: usize, at: &mut usize| {
                if n < len {
                    *at = n;
                }
            };
            match list {
                List::Items if n < w.checklist.rows.len() => {
                    if w.checklist.selected != n {
                        w.checklist.object_selected = 0;
                        w.checklist.detail_scroll = 0;
                    }
                    w.checklist.selected = n;
                    w.checklist.pane = Pane::Items;
                }
                List::Items => {}
                List::Pairs => {
                    let len = w.selected_item().map(|i| w.visible_pairs(i).len()).unwrap_or(0);
                    if n < len {
                        w.checklist.object_selected = n;
                        w.checklist.pane = Pane::Objects;
                    }
                }
                List::Findings => within(lists::finding_rows(w).len(), &mut w.findings_selected),
                List::Objects => within(w.snapshot.objects.len(), &mut w.objects_selected),
                List::Evidence => within(w.snapshot.evidence.len(), &mut w.evidence_selected),
                List::Journal => within(w.snapshot.journal.len(), &mut w.journal_selected),
                List::Report => within(w.analysis.gate.len(), &mut w.report_selected),
                List::Merge => within(w.snapshot.conflicts.len(), &mut w.merge_selected),
            }
        }
    }
    Vec::new()
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
                // A record saved as it came from a preset is marked as such until edited.
                let preset = e.unedited_preset().map(|p| {
                    let key = format!(
                        "preset.{}@{}",
                        w.snapshot.items[e.item].id, w.snapshot.objects[e.object].uid
                    );
                    Job::SetDetails(vec![(key, p.to_string())])
                });
                let mut fx = checklist::save(w, pair, update, lang);
                if fx.jobs.is_empty() {
                    // Refused by the rules: the editor stays open with the message.
                    app.message = fx.message;
                    app.overlay = Some(Overlay::Editor(e));
                } else {
                    fx.jobs.extend(preset);
                }
                fx.jobs
            }
        },
        Overlay::Form(mut f) => match f.key(key) {
            FormEvent::Editing => {
                app.overlay = Some(Overlay::Form(f));
                Vec::new()
            }
            FormEvent::Cancel => Vec::new(),
            FormEvent::Submit => match forms::submit(&mut f, app.workspace(), lang) {
                Submitted::Refused => {
                    app.overlay = Some(Overlay::Form(f));
                    Vec::new()
                }
                Submitted::Confirm(c) => {
                    app.overlay = Some(Overlay::Confirm(c));
                    Vec::new()
                }
                Submitted::Job(job) => {
                    // Kept until the worker answers: a refusal reopens it at the field.
                    app.waiting_form = Some(f);
                    vec![job]
                }
            },
        },
        Overlay::Confirm(c) => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => confirmed(app, c.then),
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                app.message = Message::info(t(lang, T::Cancelled));
                Vec::new()
            }
            _ => {
                app.overlay = Some(Overlay::Confirm(c));
                Vec::new()
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
            return match app.workspace() {
                Some(w) => vec![Job::Remember(Box::new(w.view_state()))],
                None => Vec::new(),
            };
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help(Help::default()));
            return Vec::new();
        }
        Action::ToggleLang => {
            let next = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
            app.lang = next;
            if let Some(w) = app.workspace_mut() {
                w.lang = Some(next);
            }
            return Vec::new();
        }
        Action::CancelJob => {
            if app.busy.is_some() {
                app.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
                app.message = Message::info(t(lang, T::Cancelling));
            }
            return Vec::new();
        }
        Action::Back if app.busy.is_some() => {
            app.message = Message::error(t(lang, T::BusyWait));
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
        Action::Back => return vec![Job::Close(Box::new(w.view_state()))],
        Action::Show(tab) => {
            w.tab = tab;
            return Vec::new();
        }
        _ => {}
    }
    let mut open = |o: Overlay| *overlay = Some(o);
    match w.tab {
        Tab::Checklist => {
            let fx = checklist::update(w, action, lang);
            if let Some(o) = fx.overlay {
                open(o);
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
                Action::Change => match rows.get(w.findings_selected) {
                    Some(&(i, o, None)) => open(forms::finding_texts(w, i, o, lang)),
                    Some(_) => *message = Message::error(t(lang, T::NotAFinding)),
                    None => {}
                },
                _ => {}
            }
            Vec::new()
        }
        Tab::Objects => {
            let at = w.objects_selected;
            match action {
                a if checklist::is_move(a) => {
                    w.objects_selected = checklist::moved(at, w.snapshot.objects.len(), a);
                }
                Action::Add => open(forms::object(None, lang)),
                Action::Change | Action::Enter => match w.snapshot.objects.get(at) {
                    Some(o) if o.system_level => *message = Message::error(t(lang, T::SystemObjectFixed)),
                    Some(o) => open(forms::object(Some((at, o)), lang)),
                    None => {}
                },
                Action::Remove if at < w.snapshot.objects.len() => match forms::remove_object(w, at, lang) {
                    Ok(c) => open(Overlay::Confirm(c)),
                    Err(why) => *message = Message::error(why),
                },
                _ => {}
            }
            Vec::new()
        }
        Tab::Evidence => {
            let at = w.evidence_selected;
            match action {
                a if checklist::is_move(a) => {
                    w.evidence_selected = checklist::moved(at, w.snapshot.evidence.len(), a);
                    Vec::new()
                }
                Action::ToggleSensitive => match w.snapshot.evidence.get(at) {
                    Some(e) => vec![Job::Sensitive {
                        id: e.id,
                        sensitive: !e.sensitive,
                    }],
                    None => Vec::new(),
                },
                Action::Enter => match w.snapshot.evidence.get(at) {
                    Some(e) => vec![Job::View { id: e.id }],
                    None => Vec::new(),
                },
                _ => Vec::new(),
            }
        }
        Tab::Journal => {
            match action {
                a if checklist::is_move(a) => {
                    w.journal_selected = checklist::moved(w.journal_selected, w.snapshot.journal.len(), a);
                }
                Action::Add => open(forms::journal(lang)),
                Action::Change => {
                    if let Some(j) = w.snapshot.journal.get(w.journal_selected) {
                        open(forms::edit_journal(j, lang));
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Tab::Report => match action {
            Action::Change => {
                open(forms::details(w, lang));
                Vec::new()
            }
            Action::Render => {
                let (html, pdf) = report_paths(&w.path, lang);
                let pdf = crate::report::pdf::available().then_some(pdf);
                vec![Job::Report { lang, html, pdf }]
            }
            a if checklist::is_move(a) => {
                let n = w.analysis.gate.len() + crate::report::check::check(&w.snapshot, &w.analysis).len();
                w.report_selected = checklist::moved(w.report_selected, n, a);
                Vec::new()
            }
            Action::Enter => {
                if let Some(g) = w.analysis.gate.get(w.report_selected) {
                    let p = &w.analysis.pairs[g.pair];
                    let (i, o) = (p.item, p.object);
                    w.select(i, o);
                    w.checklist.pane = super::screens::checklist::Pane::Objects;
                    w.tab = Tab::Checklist;
                }
                Vec::new()
            }
            _ => Vec::new(),
        },
        Tab::Merge => {
            let at = w.merge_selected;
            let Some(c) = w.snapshot.conflicts.get(at) else {
                return Vec::new();
            };
            let object = w.snapshot.objects.iter().position(|o| o.name == c.object);
            let item = w.snapshot.items.iter().position(|i| i.id == c.item);
            match action {
                a if checklist::is_move(a) => {
                    w.merge_selected = checklist::moved(at, w.snapshot.conflicts.len(), a);
                    Vec::new()
                }
                Action::TakeOurs | Action::TakeTheirs => match object {
                    Some(o) => vec![Job::Take {
                        item: c.item.clone(),
                        object_id: w.snapshot.objects[o].id,
                        theirs: action == Action::TakeTheirs,
                    }],
                    None => Vec::new(),
                },
                Action::Enter => {
                    if let (Some(i), Some(o)) = (item, object) {
                        w.select(i, o);
                        w.checklist.pane = super::screens::checklist::Pane::Objects;
                        w.tab = Tab::Checklist;
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        Tab::Dashboard => Vec::new(),
    }
}

/// Where the report of an engagement goes: beside it, named after it and the language.
pub fn report_paths(engagement: &std::path::Path, lang: Lang) -> (std::path::PathBuf, std::path::PathBuf) {
    let stem = engagement
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let dir = engagement.parent().unwrap_or(std::path::Path::new(""));
    let lang = lang.as_str();
    (
        dir.join(format!("{stem}.report.{lang}.html")),
        dir.join(format!("{stem}.report.{lang}.pdf")),
    )
}

/// A confirmed change.
fn confirmed(app: &mut App, then: Then) -> Vec<Job> {
    let lang = app.lang;
    let Some(w) = app.workspace_mut() else {
        return Vec::new();
    };
    match then {
        Then::Bulk { pairs, update, links } => {
            let fx = checklist::save_bulk(w, &pairs, &update, links, lang);
            if fx.message.is_some() {
                app.message = fx.message;
            }
            fx.jobs
        }
        Then::RemoveObject { name } => vec![Job::RemoveObject { name }],
    }
}

fn done(app: &mut App, outcome: Outcome) -> Vec<Job> {
    let lang = app.lang;
    if !matches!(outcome, Outcome::Saved { .. } | Outcome::BulkSaved { .. }) {
        app.busy = None;
    }
    let form = app.waiting_form.take();
    match outcome {
        Outcome::Opened {
            path,
            snapshot,
            state,
            presets,
            preset_problems,
        } => {
            let mut w = Workspace::new(path, *snapshot);
            w.presets = presets;
            if let Some(state) = state {
                w.restore_state(&state);
                if let Some(l) = w.lang {
                    app.lang = l;
                }
            }
            app.screen = Screen::Engagement(Box::new(w));
            app.message = match preset_problems.first() {
                Some(p) => Message::error(format!("{}: {p}", t(lang, T::PresetsSkipped))),
                None => None,
            };
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
                let settled = w.snapshot.settle(&row.item_id, row.object_id);
                w.snapshot.put_result(row);
                if !same || settled {
                    w.reanalyse();
                }
                let what = t(lang, if undo { T::Undone } else { T::Saved });
                app.message = Message::info(format!("{what}: {item} @ {object} → {verdict}"));
            }
        }
        Outcome::BulkSaved {
            rows,
            links,
            undo,
            snapshot,
        } => {
            if let Some(w) = app.workspace_mut() {
                let n = rows.len();
                if !undo
                    && let Some(super::screens::workspace::Undo::Many { entries, links: made }) = w
                        .undo
                        .iter_mut()
                        .rev()
                        .find(|u| matches!(u, super::screens::workspace::Undo::Many { entries, .. } if entries.len() == n))
                    && entries.iter().zip(&rows).all(|(e, r)| e.item == r.item_id && e.object_id == r.object_id)
                {
                    *made = links;
                }
                match snapshot {
                    Some(s) => w.replace(*s),
                    None => {
                        for row in rows {
                            w.snapshot.settle(&row.item_id, row.object_id);
                            w.snapshot.put_result(row);
                        }
                        w.reanalyse();
                    }
                }
                let what = t(lang, if undo { T::Undone } else { T::Saved });
                app.message = Message::info(if lang == Lang::Zh {
                    format!("{what}：{n} 个结果")
                } else {
                    format!("{what}: {n} results")
                });
            }
        }
        Outcome::Reloaded { snapshot, note } => {
            if let Some(w) = app.workspace_mut() {
                w.replace(*snapshot);
            }
            app.message = noted(&note, lang);
        }
        Outcome::Reported { html, pdf, pdf_error } => {
            app.message = Message::info(format!("{}: {}", t(lang, T::ReportWritten), html.display()));
            if let Some(w) = app.workspace_mut() {
                w.report = Some(super::screens::workspace::Rendered { html, pdf, pdf_error });
            }
        }
        Outcome::Viewing(path) => {
            app.message = Message::info(format!("{}: {}", t(lang, T::ViewingCopy), path.display()));
        }
        Outcome::Remembered => {}
        Outcome::Closed(recent) => {
            app.screen = Screen::Home(Home::new(recent));
            app.message = None;
        }
        Outcome::Failed { job, error } => {
            match (&job, app.workspace_mut()) {
                (Job::Save { item, object_id, .. }, Some(w)) => {
                    // Take back the change the screen already showed.
                    if let Some(at) = w.undo.iter().rposition(|u| {
                        matches!(u, super::screens::workspace::Undo::One(e) if &e.item == item && e.object_id == *object_id)
                    }) && let super::screens::workspace::Undo::One(u) = w.undo.remove(at)
                    {
                        w.restore(&u.item, u.object_id, u.previous);
                    }
                }
                (Job::Bulk { pairs, .. }, Some(w)) => {
                    if let Some(at) = w.undo.iter().rposition(|u| {
                        matches!(u, super::screens::workspace::Undo::Many { entries, .. } if entries.len() == pairs.len())
                    }) && let super::screens::workspace::Undo::Many { entries, .. } = w.undo.remove(at)
                    {
                        for u in entries {
                            w.restore(&u.item, u.object_id, u.previous);
                        }
                    }
                }
                _ => {}
            }
            let stopped = app.cancel.load(std::sync::atomic::Ordering::SeqCst);
            let text = if stopped {
                t(lang, T::Cancelled).to_string()
            } else {
                phrase::error(&error, lang)
            };
            // A form's job refused by the worker: the form comes back, showing why.
            if let Some(mut f) = form
                && !stopped
            {
                match forms::refusal(&error) {
                    Some(key) => f.refuse(key, text.clone()),
                    None => f.refuse("", text.clone()),
                }
                app.overlay = Some(Overlay::Form(f));
            }
            app.message = Message::error(text);
        }
    }
    Vec::new()
}

/// What to say after a change of structure.
fn noted(note: &Note, lang: Lang) -> Option<Message> {
    let zh = lang == Lang::Zh;
    match note {
        Note::Attached { count, failed } if failed.is_empty() => Message::info(if zh {
            format!("已附加 {count} 份证据")
        } else {
            format!("{count} pieces of evidence attached")
        }),
        Note::Attached { count, failed } => Message::error(if zh {
            format!(
                "已附加 {count} 份，{} 个未附加：{}",
                failed.len(),
                failed.join("；")
            )
        } else {
            format!("{count} attached, {} not: {}", failed.len(), failed.join("; "))
        }),
        Note::Added => Message::info(if zh { "已添加" } else { "Added" }),
        Note::Changed => Message::info(if zh { "已修改" } else { "Changed" }),
        Note::Removed { results, links } => Message::info(if zh {
            format!("已移除（连同 {results} 个结果、{links} 个证据关联）")
        } else {
            format!("Removed, with {results} results and {links} evidence links")
        }),
    }
}
