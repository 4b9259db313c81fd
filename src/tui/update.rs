//! `update`: applies an [`Action`] to the [`App`] and returns the [`Effect`]s the event
//! loop must carry out. No IO here.

use ratatui_textarea::TextArea;

use super::action::{Action, Effect, Tab, next_risk};
use super::app::{App, HomeEntry, InputPurpose, Message, Pane, Popup, Row, Screen, UndoEntry, Workspace};
use crate::domain::result::ResultUpdate;
use crate::domain::{Lang, Verdict};

/// Rows moved by PageUp / PageDown.
const PAGE: usize = 10;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => vec![Effect::Quit],
        Action::Help => {
            app.popup = Some(Popup::Help);
            vec![]
        }
        Action::Cancel => {
            app.popup = None;
            vec![]
        }
        Action::ToggleLang => {
            app.lang = if app.lang == Lang::Zh { Lang::En } else { Lang::Zh };
            vec![]
        }
        Action::Input(key) => {
            if let Some(Popup::Input { text, .. }) = &mut app.popup {
                text.input(key);
            }
            vec![]
        }
        Action::Submit => submit(app),
        other => match &mut app.screen {
            Screen::Home(_) => home(app, other),
            Screen::Engagement(_) => engagement(app, other),
        },
    }
}

/// Moves an index within `len` entries.
fn moved(current: usize, len: usize, action: &Action) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => current.saturating_sub(1),
        Action::Down => (current + 1).min(last),
        Action::PageUp => current.saturating_sub(PAGE),
        Action::PageDown => (current + PAGE).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => current,
    }
}

fn is_move(a: &Action) -> bool {
    matches!(
        a,
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
    )
}

fn input(purpose: InputPurpose, initial: &str, title: &str) -> Popup {
    let mut text = TextArea::new(vec![initial.to_string()]);
    text.move_cursor(ratatui_textarea::CursorMove::End);
    text.set_block(ratatui::widgets::Block::bordered().title(format!(" {title} ")));
    Popup::Input {
        purpose,
        text: Box::new(text),
    }
}

fn home(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Home(h) = &mut app.screen else {
        return vec![];
    };
    let entries = h.entries();
    if is_move(&action) {
        h.selected = moved(h.selected, entries.len(), &action);
        return vec![];
    }
    let open_path = |app: &mut App| {
        let title = if app.lang == Lang::Zh {
            "打开文件（输入路径，Enter 确认，Esc 取消）"
        } else {
            "Open a file (type a path, Enter, Esc)"
        };
        app.popup = Some(input(InputPurpose::OpenPath, "", title));
        vec![]
    };
    match action {
        Action::Back => vec![Effect::Quit],
        Action::OpenSample => vec![Effect::OpenSample],
        Action::OpenPath => open_path(app),
        Action::Enter => match entries.get(h.selected) {
            Some(HomeEntry::Sample) => vec![Effect::OpenSample],
            Some(HomeEntry::Recent(p)) => vec![Effect::Open(p.clone())],
            Some(HomeEntry::OpenPath) => open_path(app),
            None => vec![],
        },
        _ => vec![],
    }
}

fn engagement(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Engagement(w) = &mut app.screen else {
        return vec![];
    };
    match action {
        Action::Back => vec![Effect::Close],
        Action::Show(tab) => {
            w.tab = tab;
            vec![]
        }
        a if is_move(&a) => {
            move_selection(w, &a);
            vec![]
        }
        Action::Enter if w.tab == Tab::Findings => {
            if let Some((i, o)) = w.findings().get(w.findings_selected).copied() {
                let id = w.data.items[i].id.clone();
                let object_id = w.data.objects[o].id;
                w.checklist.filter = super::app::Filter::All;
                w.checklist.search.clear();
                w.rebuild_rows();
                w.select_item(&id);
                let item = &w.data.items[i];
                w.checklist.object_selected = w
                    .objects_for(item)
                    .iter()
                    .position(|x| x.id == object_id)
                    .unwrap_or(0);
                w.checklist.pane = Pane::Objects;
                w.tab = Tab::Checklist;
            }
            vec![]
        }
        a if w.tab == Tab::Checklist => checklist(app, a, lang),
        _ => vec![],
    }
}

fn move_selection(w: &mut Workspace, a: &Action) {
    match w.tab {
        Tab::Checklist => match w.checklist.pane {
            Pane::Items => move_in_tree(w, a),
            Pane::Objects => {
                let n = w.selected_item().map(|i| w.objects_for(i).len()).unwrap_or(0);
                w.checklist.object_selected = moved(w.checklist.object_selected, n, a);
            }
        },
        Tab::Findings => w.findings_selected = moved(w.findings_selected, w.findings().len(), a),
        Tab::Objects => w.objects_selected = moved(w.objects_selected, w.data.objects.len(), a),
        Tab::Evidence => w.evidence_selected = moved(w.evidence_selected, w.evidence.len(), a),
        Tab::Dashboard => {}
    }
}

/// Moves in the tree, stepping over category headings.
fn move_in_tree(w: &mut Workspace, a: &Action) {
    let rows = &w.checklist.rows;
    let mut at = moved(w.checklist.selected, rows.len(), a);
    let forward = matches!(a, Action::Down | Action::PageDown | Action::Top);
    while matches!(rows.get(at), Some(Row::Category { .. })) {
        let next = if forward { at + 1 } else { at.wrapping_sub(1) };
        if next >= rows.len() {
            at = w.checklist.selected;
            break;
        }
        at = next;
    }
    if at != w.checklist.selected {
        w.checklist.object_selected = 0;
    }
    w.checklist.selected = at;
}

fn checklist(app: &mut App, action: Action, lang: Lang) -> Vec<Effect> {
    let Screen::Engagement(w) = &mut app.screen else {
        return vec![];
    };
    let say = |text: &str| {
        Some(Message {
            text: text.to_string(),
            error: true,
        })
    };
    match action {
        Action::SwitchPane => {
            w.checklist.pane = if w.checklist.pane == Pane::Items {
                Pane::Objects
            } else {
                Pane::Items
            };
            vec![]
        }
        Action::CycleFilter => {
            w.checklist.filter = w.checklist.filter.next();
            w.rebuild_rows();
            vec![]
        }
        Action::Search => {
            let title = if lang == Lang::Zh {
                "搜索测评项（编号或文字，Enter 确认）"
            } else {
                "Search items (id or words, Enter)"
            };
            app.popup = Some(input(InputPurpose::Search, &w.checklist.search, title));
            vec![]
        }
        Action::Undo => match w.undo.pop() {
            Some(u) => match &u.previous {
                Some(row) => vec![Effect::SaveResult {
                    item: u.item.clone(),
                    object_id: u.object_id,
                    object_name: u.object_name.clone(),
                    update: ResultUpdate::restoring(row),
                }],
                None => vec![Effect::ClearResult {
                    item: u.item,
                    object_id: u.object_id,
                    object_name: u.object_name,
                }],
            },
            None => {
                app.message = say(if lang == Lang::Zh {
                    "没有可撤销的修改"
                } else {
                    "nothing to undo"
                });
                vec![]
            }
        },
        Action::SetVerdict(v) => {
            let Some(t) = target(w) else { return vec![] };
            match (v, w.result(&t.0, t.1).is_some()) {
                (Verdict::NotAssessed, false) => vec![],
                (Verdict::NotAssessed, true) => save(w, t, None),
                _ => save(
                    w,
                    t,
                    Some(ResultUpdate {
                        verdict: Some(v),
                        ..ResultUpdate::default()
                    }),
                ),
            }
        }
        Action::CycleRisk => {
            let Some(t) = target(w) else { return vec![] };
            match w
                .result(&t.0, t.1)
                .filter(|r| r.verdict.is_finding())
                .map(|r| r.risk)
            {
                Some(risk) => save(
                    w,
                    t,
                    Some(ResultUpdate {
                        risk: Some(next_risk(risk)),
                        ..ResultUpdate::default()
                    }),
                ),
                None => {
                    app.message = say(if lang == Lang::Zh {
                        "风险等级只用于部分符合或不符合的结果"
                    } else {
                        "a risk belongs to partial or non-compliant results"
                    });
                    vec![]
                }
            }
        }
        Action::EditText => {
            let Some((item, object_id, object_name)) = target(w) else {
                return vec![];
            };
            let current = w.result(&item, object_id);
            let reason = current.is_some_and(|r| r.verdict == Verdict::NotApplicable);
            let initial = current
                .map(|r| {
                    if reason {
                        r.na_reason.clone()
                    } else {
                        r.record.clone()
                    }
                })
                .unwrap_or_default();
            let title = match (lang, reason) {
                (Lang::Zh, true) => format!("{item} @ {object_name}：不适用理由（Enter 保存，Esc 取消）"),
                (Lang::Zh, false) => format!("{item} @ {object_name}：结果记录（Enter 保存，Esc 取消）"),
                (Lang::En, true) => format!("{item} @ {object_name}: reason (Enter saves, Esc cancels)"),
                (Lang::En, false) => format!("{item} @ {object_name}: record (Enter saves, Esc cancels)"),
            };
            let purpose = InputPurpose::Record {
                item,
                object_id,
                object_name,
                reason,
            };
            app.popup = Some(input(purpose, &initial, &title));
            vec![]
        }
        _ => vec![],
    }
}

/// Records the pair's current result for undo, then asks for `update` to be saved
/// (`None` clears the result).
fn save(
    w: &mut Workspace,
    (item, object_id, object_name): (String, i64, String),
    update: Option<ResultUpdate>,
) -> Vec<Effect> {
    let previous = w.result(&item, object_id).cloned();
    w.undo.push(UndoEntry {
        item: item.clone(),
        object_id,
        object_name: object_name.clone(),
        previous,
    });
    vec![match update {
        Some(update) => Effect::SaveResult {
            item,
            object_id,
            object_name,
            update,
        },
        None => Effect::ClearResult {
            item,
            object_id,
            object_name,
        },
    }]
}

/// The selected item × object of the checklist.
fn target(w: &Workspace) -> Option<(String, i64, String)> {
    let item = w.selected_item()?;
    let object = w.selected_object()?;
    Some((item.id.clone(), object.id, object.name.clone()))
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Some(Popup::Input { purpose, text }) = app.popup.take() else {
        return vec![];
    };
    let value = text.lines().join("\n").trim().to_string();
    match purpose {
        InputPurpose::OpenPath if value.is_empty() => vec![],
        InputPurpose::OpenPath => vec![Effect::Open(value.into())],
        InputPurpose::Search => {
            if let Screen::Engagement(w) = &mut app.screen {
                w.checklist.search = value;
                w.rebuild_rows();
            }
            vec![]
        }
        InputPurpose::Record {
            item,
            object_id,
            object_name,
            reason,
        } => {
            let Screen::Engagement(w) = &mut app.screen else {
                return vec![];
            };
            let update = if reason {
                ResultUpdate {
                    na_reason: Some(value),
                    ..ResultUpdate::default()
                }
            } else {
                ResultUpdate {
                    record: Some(value),
                    ..ResultUpdate::default()
                }
            };
            save(w, (item, object_id, object_name), Some(update))
        }
    }
}
