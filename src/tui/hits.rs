//! What a mouse click can hit: the areas the last frame drew tabs and list rows in.
//! Drawing records them (on the UI thread, which also handles the click); `update`
//! asks which target a click falls on.

use std::cell::RefCell;

use ratatui::layout::Rect;

use super::action::Tab;

/// A list of rows a click selects in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Items,
    Pairs,
    Findings,
    Objects,
    Evidence,
    Journal,
    Report,
    Merge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Tab(Tab),
    /// Row `n` of a list.
    Row(List, usize),
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    area: Rect,
    tab: Option<Tab>,
    list: Option<(List, usize)>,
}

thread_local! {
    static HITS: RefCell<Vec<Hit>> = const { RefCell::new(Vec::new()) };
}

/// Forgets the previous frame's areas.
pub fn clear() {
    HITS.with(|h| h.borrow_mut().clear());
}

pub fn tab(area: Rect, tab: Tab) {
    HITS.with(|h| {
        h.borrow_mut().push(Hit {
            area,
            tab: Some(tab),
            list: None,
        })
    });
}

/// `rows` is where the rows are drawn, one line each, the first showing row `offset`.
pub fn rows(rows: Rect, list: List, offset: usize) {
    HITS.with(|h| {
        h.borrow_mut().push(Hit {
            area: rows,
            tab: None,
            list: Some((list, offset)),
        })
    });
}

/// What is at column `x`, row `y` of the last frame.
pub fn at(x: u16, y: u16) -> Option<Target> {
    HITS.with(|h| {
        h.borrow().iter().rev().find_map(|hit| {
            let a = hit.area;
            if x < a.x || x >= a.x + a.width || y < a.y || y >= a.y + a.height {
                return None;
            }
            match (hit.tab, hit.list) {
                (Some(t), _) => Some(Target::Tab(t)),
                (None, Some((list, offset))) => Some(Target::Row(list, offset + usize::from(y - a.y))),
                _ => None,
            }
        })
    })
}

/// The rows area of a bordered table with a one-line header.
pub fn table_rows(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 2,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    )
}

/// The rows area of a bordered list.
pub fn list_rows(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}
