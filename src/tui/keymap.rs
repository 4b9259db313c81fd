//! Key bindings: one table, from which key handling, the footer and the help screen
//! are all derived.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Tab};
use super::app::{App, Popup, Screen};
use crate::domain::{Lang, Verdict};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Home,
    Engagement,
    Checklist,
    Findings,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    pub label: &'static str,
    pub scope: Scope,
    pub action: Action,
    pub help: (&'static str, &'static str),
    /// Shown in the footer of its scope.
    pub footer: bool,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.help.0,
            Lang::En => self.help.1,
        }
    }
}

const fn b(
    keys: &'static [KeyCode],
    label: &'static str,
    scope: Scope,
    action: Action,
    help: (&'static str, &'static str),
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        scope,
        action,
        help,
        footer,
    }
}

use KeyCode::{Char, Down, End, Enter, Esc, F, Home as HomeKey, PageDown, PageUp, Tab as TabKey, Up};

pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    vec![
        b(
            &[Char('j'), Down],
            "j/↓",
            Scope::Everywhere,
            Action::Down,
            ("下移", "move down"),
            false,
        ),
        b(
            &[Char('k'), Up],
            "k/↑",
            Scope::Everywhere,
            Action::Up,
            ("上移", "move up"),
            false,
        ),
        b(
            &[PageDown],
            "PgDn",
            Scope::Everywhere,
            Action::PageDown,
            ("下翻一页", "page down"),
            false,
        ),
        b(
            &[PageUp],
            "PgUp",
            Scope::Everywhere,
            Action::PageUp,
            ("上翻一页", "page up"),
            false,
        ),
        b(
            &[Char('g'), HomeKey],
            "g",
            Scope::Everywhere,
            Action::Top,
            ("到开头", "go to top"),
            false,
        ),
        b(
            &[Char('G'), End],
            "G",
            Scope::Everywhere,
            Action::Bottom,
            ("到末尾", "go to bottom"),
            false,
        ),
        b(
            &[Char('?')],
            "?",
            Scope::Everywhere,
            Action::Help,
            ("帮助", "help"),
            true,
        ),
        b(
            &[Char('L')],
            "L",
            Scope::Everywhere,
            Action::ToggleLang,
            ("中文/English", "中文/English"),
            true,
        ),
        b(
            &[Char('q'), Esc],
            "q",
            Scope::Everywhere,
            Action::Back,
            ("返回/退出", "back/quit"),
            true,
        ),
        b(
            &[Enter],
            "Enter",
            Scope::Home,
            Action::Enter,
            ("打开", "open"),
            true,
        ),
        b(
            &[Char('s')],
            "s",
            Scope::Home,
            Action::OpenSample,
            ("打开示例", "open the sample"),
            true,
        ),
        b(
            &[Char('o')],
            "o",
            Scope::Home,
            Action::OpenPath,
            ("打开文件…", "open a file…"),
            true,
        ),
        b(
            &[Char('D'), F(1)],
            "D",
            Scope::Engagement,
            Action::Show(Tab::Dashboard),
            ("总览", "dashboard"),
            false,
        ),
        b(
            &[Char('C'), F(2)],
            "C",
            Scope::Engagement,
            Action::Show(Tab::Checklist),
            ("测评项", "checklist"),
            false,
        ),
        b(
            &[Char('F'), F(3)],
            "F",
            Scope::Engagement,
            Action::Show(Tab::Findings),
            ("问题", "findings"),
            false,
        ),
        b(
            &[Char('O'), F(4)],
            "O",
            Scope::Engagement,
            Action::Show(Tab::Objects),
            ("测评对象", "objects"),
            false,
        ),
        b(
            &[Char('E'), F(5)],
            "E",
            Scope::Engagement,
            Action::Show(Tab::Evidence),
            ("证据", "evidence"),
            false,
        ),
        b(
            &[TabKey],
            "Tab",
            Scope::Checklist,
            Action::SwitchPane,
            ("切换窗格", "switch pane"),
            true,
        ),
        b(
            &[Char('1')],
            "1",
            Scope::Checklist,
            Action::SetVerdict(Verdict::Compliant),
            ("符合", "compliant"),
            true,
        ),
        b(
            &[Char('2')],
            "2",
            Scope::Checklist,
            Action::SetVerdict(Verdict::Partial),
            ("部分符合", "partial"),
            true,
        ),
        b(
            &[Char('3')],
            "3",
            Scope::Checklist,
            Action::SetVerdict(Verdict::NonCompliant),
            ("不符合", "non-compliant"),
            true,
        ),
        b(
            &[Char('4')],
            "4",
            Scope::Checklist,
            Action::SetVerdict(Verdict::NotApplicable),
            ("不适用", "not applicable"),
            true,
        ),
        b(
            &[Char('0')],
            "0",
            Scope::Checklist,
            Action::SetVerdict(Verdict::NotAssessed),
            ("清除结果", "clear result"),
            false,
        ),
        b(
            &[Char('r')],
            "r",
            Scope::Checklist,
            Action::CycleRisk,
            ("风险 高/中/低", "risk high/medium/low"),
            true,
        ),
        b(
            &[Char('e')],
            "e",
            Scope::Checklist,
            Action::EditText,
            ("编辑记录/理由", "edit record/reason"),
            true,
        ),
        b(
            &[Char('/')],
            "/",
            Scope::Checklist,
            Action::Search,
            ("搜索", "search"),
            true,
        ),
        b(
            &[Char('f')],
            "f",
            Scope::Checklist,
            Action::CycleFilter,
            ("筛选", "filter"),
            true,
        ),
        b(
            &[Char('u')],
            "u",
            Scope::Checklist,
            Action::Undo,
            ("撤销", "undo"),
            true,
        ),
        b(
            &[Enter],
            "Enter",
            Scope::Findings,
            Action::Enter,
            ("转到测评项", "go to item"),
            true,
        ),
    ]
});

/// The scopes active on the current screen, most specific first.
pub fn scopes(app: &App) -> Vec<Scope> {
    match &app.screen {
        Screen::Home(_) => vec![Scope::Home, Scope::Everywhere],
        Screen::Engagement(w) => {
            let specific = match w.tab {
                Tab::Checklist => Some(Scope::Checklist),
                Tab::Findings => Some(Scope::Findings),
                _ => None,
            };
            specific
                .into_iter()
                .chain([Scope::Engagement, Scope::Everywhere])
                .collect()
        }
    }
}

/// The action a key press asks for on the current screen.
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    match &app.popup {
        Some(Popup::Help) => return Some(Action::Cancel),
        Some(Popup::Input { .. }) => {
            return Some(match key.code {
                Esc => Action::Cancel,
                Enter => Action::Submit,
                _ => Action::Input(key),
            });
        }
        None => {}
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    for scope in scopes(app) {
        if let Some(b) = BINDINGS
            .iter()
            .find(|b| b.scope == scope && b.keys.contains(&key.code))
        {
            return Some(b.action.clone());
        }
    }
    None
}

/// Bindings to show on the current screen (help lists all, the footer the marked ones).
pub fn visible(app: &App, footer_only: bool) -> Vec<&'static Binding> {
    let scopes = scopes(app);
    scopes
        .iter()
        .flat_map(|s| BINDINGS.iter().filter(move |b| b.scope == *s))
        .filter(|b| !footer_only || b.footer)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for scope in [
            Scope::Everywhere,
            Scope::Home,
            Scope::Engagement,
            Scope::Checklist,
            Scope::Findings,
        ] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.scope == scope) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in {scope:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_binding_has_help_in_both_languages() {
        for b in BINDINGS.iter() {
            assert!(!b.help.0.is_empty() && !b.help.1.is_empty(), "{}", b.label);
        }
    }
}
