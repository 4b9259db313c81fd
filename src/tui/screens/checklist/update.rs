//! Keys on the checklist. Saving is optimistic: the change shows at once (the snapshot in
//! memory is patched and re-analysed) and the worker writes it; a failed write takes it
//! back and says why.

use super::super::workspace::{Undo, UndoEntry, Workspace};
use super::{Pane, Row};
use crate::domain::result::{ResultState, ResultUpdate};
use crate::domain::{Lang, Risk, Verdict};
use crate::tui::action::Action;
use crate::tui::app::Message;
use crate::tui::overlays::Overlay;
use crate::tui::overlays::editor::Editor;
use crate::tui::overlays::filter::FilterForm;
use crate::tui::overlays::prompt::{Prompt, Purpose};
use crate::tui::text::{T, t};
use crate::tui::worker::Job;

/// Rows moved by PageUp / PageDown.
pub const PAGE: usize = 10;

/// What a key on the checklist leads to.
#[derive(Default)]
pub struct Effects {
    pub jobs: Vec<Job>,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
}

impl Effects {
    fn job(job: Job) -> Effects {
        Effects {
            jobs: vec![job],
            ..Default::default()
        }
    }

    fn say(message: Option<Message>) -> Effects {
        Effects {
            message,
            ..Default::default()
        }
    }
}

/// Moves an index within `len` entries.
pub fn moved(current: usize, len: usize, action: Action) -> usize {
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

pub fn is_move(a: Action) -> bool {
    matches!(
        a,
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
    )
}

pub fn update(w: &mut Workspace, action: Action, lang: Lang) -> Effects {
    match action {
        a if is_move(a) => {
            match w.checklist.pane {
                Pane::Items => {
                    let before = w.checklist.selected;
                    w.checklist.selected = moved(before, w.checklist.rows.len(), a);
                    if before != w.checklist.selected {
                        w.checklist.object_selected = 0;
                        w.checklist.detail_scroll = 0;
                    }
                }
                Pane::Objects => {
                    let n = w.selected_item().map(|i| w.visible_pairs(i).len()).unwrap_or(0);
                    w.checklist.object_selected = moved(w.checklist.object_selected, n, a);
                }
            }
            Effects::default()
        }
        Action::Left | Action::Right => {
            let by: i32 = if action == Action::Right { 3 } else { -3 };
            w.checklist.detail_scroll = (i32::from(w.checklist.detail_scroll) + by).max(0) as u16;
            Effects::default()
        }
        Action::SwitchPane => {
            w.checklist.pane = match w.checklist.pane {
                Pane::Items if w.selected_item().is_some() => Pane::Objects,
                _ => Pane::Items,
            };
            Effects::default()
        }
        Action::Toggle if w.checklist.pane == Pane::Objects => update(w, Action::Mark, lang),
        Action::Enter | Action::Toggle => match w.checklist.rows.get(w.checklist.selected).cloned() {
            Some(row @ (Row::Category { .. } | Row::ControlPoint { .. })) => {
                let key = row.key().unwrap_or_default().to_string();
                if !w.checklist.collapsed.remove(&key) {
                    w.checklist.collapsed.insert(key);
                }
                w.rebuild_rows();
                Effects::default()
            }
            Some(Row::Item(_)) if action == Action::Enter => {
                w.checklist.pane = Pane::Objects;
                Effects::default()
            }
            _ => Effects::default(),
        },
        Action::Search => Effects {
            overlay: Some(Overlay::Prompt(Box::new(Prompt::new(
                Purpose::Search,
                t(lang, T::SearchPrompt),
            )))),
            ..Default::default()
        },
        Action::Filter => Effects {
            overlay: Some(Overlay::Filter(FilterForm::new(w.checklist.filter.clone()))),
            ..Default::default()
        },
        Action::ClearFilter => {
            w.checklist.filter = Default::default();
            w.checklist.search.clear();
            w.rebuild_rows();
            Effects::default()
        }
        Action::NextTodo | Action::PreviousTodo => {
            if w.next_todo(action == Action::NextTodo) {
                Effects::default()
            } else {
                Effects::say(Message::info(t(lang, T::AllAssessed)))
            }
        }
        Action::Undo => match w.undo.pop() {
            Some(Undo::One(u)) => {
                let job = Job::Undo {
                    item: u.item.clone(),
                    object_id: u.object_id,
                    earlier: u.previous.clone(),
                };
                w.restore(&u.item, u.object_id, u.previous);
                Effects::job(job)
            }
            Some(Undo::Many { entries, links }) => {
                let earlier = entries
                    .iter()
                    .map(|u| ((u.item.clone(), u.object_id), u.previous.clone()))
                    .collect();
                for u in entries {
                    w.restore(&u.item, u.object_id, u.previous);
                }
                Effects::job(Job::UndoBulk { earlier, links })
            }
            None => Effects::say(Message::error(t(lang, T::NothingToUndo))),
        },
        Action::Mark | Action::MarkKind => {
            let Some(n) = w.selected_pair() else {
                return Effects::default();
            };
            if action == Action::Mark {
                if !w.marks.remove(&n) {
                    w.marks.insert(n);
                }
            } else {
                let p = &w.analysis.pairs[n];
                let like = &w.snapshot.objects[p.object];
                let same: Vec<usize> = w.item_pairs[p.item]
                    .iter()
                    .copied()
                    .filter(|&m| {
                        let o = &w.snapshot.objects[w.analysis.pairs[m].object];
                        o.kind == like.kind
                            && (like.profile.group.is_empty() || o.profile.group == like.profile.group)
                    })
                    .collect();
                w.marks.extend(same);
            }
            Effects::default()
        }
        Action::Attach | Action::Note | Action::Interview | Action::Bulk => {
            let Some(n) = w.selected_pair() else {
                return Effects::default();
            };
            Effects {
                overlay: Some(crate::tui::forms::for_pair(w, n, action, lang)),
                ..Default::default()
            }
        }
        Action::SetVerdict(v) => {
            let Some(n) = w.selected_pair() else {
                return Effects::default();
            };
            let update = ResultUpdate {
                verdict: Some(v),
                ..Default::default()
            };
            save(w, n, update, lang)
        }
        Action::CycleRisk => {
            let Some(n) = w.selected_pair() else {
                return Effects::default();
            };
            let a = &w.analysis.pairs[n].assessment;
            if !a.verdict.is_finding() {
                return Effects::say(Message::error(t(lang, T::RiskOnlyForFindings)));
            }
            let update = ResultUpdate {
                risk: Some(next_risk(a.risk)),
                ..Default::default()
            };
            save(w, n, update, lang)
        }
        Action::CategoryTexts => {
            // The category of the selected item, or of the first item below a heading.
            let rows = &w.checklist.rows[w.checklist.selected.min(w.checklist.rows.len())..];
            let Some(item) = rows.iter().find_map(|r| match r {
                Row::Item(i) => Some(*i),
                _ => None,
            }) else {
                return Effects::default();
            };
            Effects {
                overlay: Some(crate::tui::forms::category_texts(w, item, lang)),
                ..Default::default()
            }
        }
        Action::Edit | Action::Preset => {
            let Some(n) = w.selected_pair() else {
                return Effects::default();
            };
            let p = &w.analysis.pairs[n];
            let mut editor = Editor::new(w, p.item, p.object, lang);
            if action == Action::Preset && !editor.next_preset() {
                return Effects::say(Message::error(t(lang, T::NoPreset)));
            }
            Effects {
                overlay: Some(Overlay::Editor(Box::new(editor))),
                ..Default::default()
            }
        }
        _ => Effects::default(),
    }
}

/// Risk after `r` in the cycle high → medium → low → high.
pub fn next_risk(r: Option<Risk>) -> Risk {
    match r {
        None | Some(Risk::Low) => Risk::High,
        Some(Risk::High) => Risk::Medium,
        Some(Risk::Medium) => Risk::Low,
    }
}

/// Applies `update` to the pair at once (checked by the domain's rules), remembers the
/// earlier state for undo, and asks the worker to save it.
pub fn save(w: &mut Workspace, pair: usize, update: ResultUpdate, lang: Lang) -> Effects {
    let p = &w.analysis.pairs[pair];
    let (item, object) = (p.item, p.object);
    let item_id = w.snapshot.items[item].id.clone();
    let object_id = w.snapshot.objects[object].id;
    let previous = w.result(item, object).cloned();
    let base = previous
        .clone()
        .unwrap_or_else(|| ResultState::unassessed(&item_id, object_id));
    if update.verdict == Some(Verdict::NotAssessed) && base.verdict == Verdict::NotAssessed {
        return Effects::default();
    }
    let next = match update.apply(base) {
        Ok(next) => next,
        Err(v) => return Effects::say(Message::error(crate::tui::phrase::violation(&v, lang))),
    };
    w.undo.push(Undo::One(Box::new(UndoEntry {
        item: item_id.clone(),
        object_id,
        previous,
    })));
    w.put(next);
    Effects::job(Job::Save {
        item: item_id,
        object_id,
        update,
    })
}

/// Applies `update` to several pairs at once (shown at once, saved by the worker in one
/// transaction), remembered as one change for undo.
pub fn save_bulk(
    w: &mut Workspace,
    pairs: &[usize],
    update: &ResultUpdate,
    links: Vec<i64>,
    lang: Lang,
) -> Effects {
    let mut entries = Vec::new();
    let mut next = Vec::new();
    for &n in pairs {
        let p = &w.analysis.pairs[n];
        let item_id = w.snapshot.items[p.item].id.clone();
        let object_id = w.snapshot.objects[p.object].id;
        let previous = w.result(p.item, p.object).cloned();
        let base = previous
            .clone()
            .unwrap_or_else(|| ResultState::unassessed(&item_id, object_id));
        match update.apply(base) {
            Ok(row) => next.push(row),
            Err(v) => return Effects::say(Message::error(crate::tui::phrase::violation(&v, lang))),
        }
        entries.push(UndoEntry {
            item: item_id,
            object_id,
            previous,
        });
    }
    let ids = entries.iter().map(|u| (u.item.clone(), u.object_id)).collect();
    w.undo.push(Undo::Many {
        entries,
        links: Vec::new(),
    });
    for row in next {
        w.snapshot.put_result(row);
    }
    w.reanalyse();
    w.marks.clear();
    Effects::job(Job::Bulk {
        pairs: ids,
        update: update.clone(),
        links,
    })
}
