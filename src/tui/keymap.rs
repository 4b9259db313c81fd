//! Key bindings: one table, from which key handling, the footer and the help screen are
//! all derived. Overlays (prompt, editor, filter) read keys themselves. The embedded
//! defaults can be changed in `keymap.toml` in the user's configuration folder (see
//! [`load`]); a bad file is reported and ignored.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Tab};
use super::app::{App, Screen};
use crate::domain::{Lang, Verdict};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Home,
    Engagement,
    Checklist,
    Findings,
    Objects,
    Evidence,
    Journal,
    Report,
    Merge,
}

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::Everywhere,
        Scope::Home,
        Scope::Engagement,
        Scope::Checklist,
        Scope::Findings,
        Scope::Objects,
        Scope::Evidence,
        Scope::Journal,
        Scope::Report,
        Scope::Merge,
    ];
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<KeyCode>,
    pub label: String,
    pub scope: Scope,
    pub action: Action,
    pub help: (&'static str, &'static str),
    /// Place in the footer, most important first (0: help only).
    pub footer: u8,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.help.0,
            Lang::En => self.help.1,
        }
    }
}

fn b(
    keys: &'static [KeyCode],
    label: &'static str,
    scope: Scope,
    action: Action,
    help: (&'static str, &'static str),
    footer: u8,
) -> Binding {
    Binding {
        keys: keys.to_vec(),
        label: label.to_string(),
        scope,
        action,
        help,
        footer,
    }
}

use KeyCode::{
    Char, Down, End, Enter, Esc, F, Home as HomeKey, Left, PageDown, PageUp, Right, Tab as TabKey, Up,
};

pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    use Scope::*;
    vec![
        b(&[Char('?')], "?", Everywhere, Action::Help, ("帮助", "help"), 1),
        b(
            &[Char('q'), Esc],
            "q",
            Everywhere,
            Action::Back,
            ("返回/退出", "back/quit"),
            2,
        ),
        b(
            &[Char('L')],
            "L",
            Everywhere,
            Action::ToggleLang,
            ("中文/English", "中文/English"),
            40,
        ),
        b(
            &[Char('j'), Down],
            "j/↓",
            Everywhere,
            Action::Down,
            ("下移", "move down"),
            0,
        ),
        b(
            &[Char('k'), Up],
            "k/↑",
            Everywhere,
            Action::Up,
            ("上移", "move up"),
            0,
        ),
        b(
            &[PageDown],
            "PgDn",
            Everywhere,
            Action::PageDown,
            ("下翻一页", "page down"),
            0,
        ),
        b(
            &[PageUp],
            "PgUp",
            Everywhere,
            Action::PageUp,
            ("上翻一页", "page up"),
            0,
        ),
        b(
            &[Char('g'), HomeKey],
            "g",
            Everywhere,
            Action::Top,
            ("到开头", "go to top"),
            0,
        ),
        b(
            &[Char('G'), End],
            "G",
            Everywhere,
            Action::Bottom,
            ("到末尾", "go to bottom"),
            0,
        ),
        b(&[Enter], "Enter", Home, Action::Enter, ("打开", "open"), 3),
        b(
            &[Char('s')],
            "s",
            Home,
            Action::OpenSample,
            ("打开示例", "open the sample"),
            4,
        ),
        b(
            &[Char('o')],
            "o",
            Home,
            Action::OpenPath,
            ("打开文件…", "open a file…"),
            5,
        ),
        b(
            &[Char('n')],
            "n",
            Home,
            Action::NewEngagement,
            ("新建测评…", "new engagement…"),
            6,
        ),
        b(
            &[Char('D'), F(1)],
            "D",
            Engagement,
            Action::Show(Tab::Dashboard),
            ("总览", "dashboard"),
            0,
        ),
        b(
            &[Char('C'), F(2)],
            "C",
            Engagement,
            Action::Show(Tab::Checklist),
            ("测评项", "checklist"),
            0,
        ),
        b(
            &[Char('F'), F(3)],
            "F",
            Engagement,
            Action::Show(Tab::Findings),
            ("问题", "findings"),
            0,
        ),
        b(
            &[Char('O'), F(4)],
            "O",
            Engagement,
            Action::Show(Tab::Objects),
            ("测评对象", "objects"),
            0,
        ),
        b(
            &[Char('E'), F(5)],
            "E",
            Engagement,
            Action::Show(Tab::Evidence),
            ("证据", "evidence"),
            0,
        ),
        b(
            &[Char('J'), F(6)],
            "J",
            Engagement,
            Action::Show(Tab::Journal),
            ("测评日志", "journal"),
            0,
        ),
        b(
            &[Char('M')],
            "M",
            Engagement,
            Action::Show(Tab::Merge),
            ("合并冲突", "merge conflicts"),
            0,
        ),
        b(
            &[Char('o')],
            "o",
            Merge,
            Action::TakeOurs,
            ("取本机版本", "take ours"),
            3,
        ),
        b(
            &[Char('t')],
            "t",
            Merge,
            Action::TakeTheirs,
            ("取对方版本", "take theirs"),
            4,
        ),
        b(
            &[Enter],
            "Enter",
            Merge,
            Action::Enter,
            ("转到该结果", "go to the result"),
            5,
        ),
        b(
            &[Char('R'), F(7)],
            "R",
            Engagement,
            Action::Show(Tab::Report),
            ("报告", "report"),
            0,
        ),
        b(
            &[Char('1')],
            "1",
            Checklist,
            Action::SetVerdict(Verdict::Compliant),
            ("符合", "compliant"),
            10,
        ),
        b(
            &[Char('2')],
            "2",
            Checklist,
            Action::SetVerdict(Verdict::Partial),
            ("部分符合", "partial"),
            11,
        ),
        b(
            &[Char('3')],
            "3",
            Checklist,
            Action::SetVerdict(Verdict::NonCompliant),
            ("不符合", "non-compliant"),
            12,
        ),
        b(
            &[Char('4')],
            "4",
            Checklist,
            Action::SetVerdict(Verdict::NotApplicable),
            ("不适用", "not applicable"),
            13,
        ),
        b(
            &[Char('0')],
            "0",
            Checklist,
            Action::SetVerdict(Verdict::NotAssessed),
            ("清除结果（保留记录）", "clear the verdict (keeps the record)"),
            0,
        ),
        b(
            &[Char('e')],
            "e",
            Checklist,
            Action::Edit,
            ("编辑记录等", "edit record…"),
            14,
        ),
        b(
            &[Char('T')],
            "T",
            Checklist,
            Action::CategoryTexts,
            (
                "本安全类的措施与问题（报告第 3 章）",
                "category texts (report chapter 3)",
            ),
            0,
        ),
        b(
            &[Char('p')],
            "p",
            Checklist,
            Action::Preset,
            ("从底稿开始编辑记录", "edit the record from a preset"),
            0,
        ),
        b(
            &[Char('n')],
            "n",
            Checklist,
            Action::NextTodo,
            ("下一个未测评", "next not assessed"),
            15,
        ),
        b(
            &[Char('N')],
            "N",
            Checklist,
            Action::PreviousTodo,
            ("上一个未测评", "previous not assessed"),
            0,
        ),
        b(
            &[Char('r')],
            "r",
            Checklist,
            Action::CycleRisk,
            ("风险 高/中/低", "risk high/medium/low"),
            20,
        ),
        b(
            &[TabKey],
            "Tab",
            Checklist,
            Action::SwitchPane,
            ("切换窗格", "switch pane"),
            16,
        ),
        b(
            &[Char('/')],
            "/",
            Checklist,
            Action::Search,
            ("搜索", "search"),
            17,
        ),
        b(
            &[Char('f')],
            "f",
            Checklist,
            Action::Filter,
            ("筛选", "filter"),
            18,
        ),
        b(
            &[Char('x')],
            "x",
            Checklist,
            Action::ClearFilter,
            ("清除筛选和搜索", "clear filter and search"),
            0,
        ),
        b(&[Char('u')], "u", Checklist, Action::Undo, ("撤销", "undo"), 19),
        b(
            &[Char(' ')],
            "Space",
            Checklist,
            Action::Toggle,
            (
                "折叠/展开；对象窗格中标记对象",
                "fold/unfold; in the objects pane, mark",
            ),
            0,
        ),
        b(
            &[Char('*')],
            "*",
            Checklist,
            Action::MarkKind,
            ("标记同类型/同分组的对象", "mark all of the same kind or group"),
            0,
        ),
        b(
            &[Char('b')],
            "b",
            Checklist,
            Action::Bulk,
            ("批量应用到已标记对象", "bulk apply to the marked"),
            22,
        ),
        b(
            &[Char('a')],
            "a",
            Checklist,
            Action::Attach,
            ("附加证据文件", "attach files"),
            21,
        ),
        b(
            &[Char('t')],
            "t",
            Checklist,
            Action::Note,
            ("文字记录", "text note"),
            0,
        ),
        b(
            &[Char('i')],
            "i",
            Checklist,
            Action::Interview,
            ("访谈记录", "interview"),
            0,
        ),
        b(
            &[Enter],
            "Enter",
            Checklist,
            Action::Enter,
            ("展开/转到对象", "unfold / go to objects"),
            0,
        ),
        b(
            &[Left, Right],
            "←/→",
            Checklist,
            Action::Right,
            ("滚动说明", "scroll the guidance"),
            0,
        ),
        b(
            &[Enter],
            "Enter",
            Findings,
            Action::Enter,
            ("转到测评项", "go to item"),
            3,
        ),
        b(
            &[Char('e')],
            "e",
            Findings,
            Action::Change,
            ("威胁、危害分析", "threat and harm"),
            4,
        ),
        b(&[Char('a')], "a", Objects, Action::Add, ("添加对象", "add"), 3),
        b(
            &[Char('e'), Enter],
            "e",
            Objects,
            Action::Change,
            ("修改对象", "edit"),
            4,
        ),
        b(
            &[Char('d'), KeyCode::Delete],
            "d",
            Objects,
            Action::Remove,
            ("移除对象", "remove"),
            5,
        ),
        b(
            &[Enter],
            "Enter",
            Evidence,
            Action::Enter,
            ("用系统程序打开副本", "open a copy"),
            3,
        ),
        b(
            &[Char('s')],
            "s",
            Evidence,
            Action::ToggleSensitive,
            ("标记/取消敏感", "sensitive on/off"),
            4,
        ),
        b(
            &[Char('a')],
            "a",
            Journal,
            Action::Add,
            ("添加日志", "add an entry"),
            3,
        ),
        b(
            &[Char('r')],
            "r",
            Report,
            Action::Render,
            ("生成报告", "render the report"),
            3,
        ),
        b(
            &[Enter],
            "Enter",
            Report,
            Action::Enter,
            ("转到问题", "go to the problem"),
            4,
        ),
        b(
            &[Char('e'), Enter],
            "e",
            Journal,
            Action::Change,
            ("修改日志", "edit entry"),
            4,
        ),
        b(
            &[Char('e')],
            "e",
            Report,
            Action::Change,
            ("报告信息", "report details"),
            5,
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
                Tab::Objects => Some(Scope::Objects),
                Tab::Evidence => Some(Scope::Evidence),
                Tab::Journal => Some(Scope::Journal),
                Tab::Report => Some(Scope::Report),
                Tab::Merge => Some(Scope::Merge),
                Tab::Dashboard => None,
            };
            specific
                .into_iter()
                .chain([Scope::Engagement, Scope::Everywhere])
                .collect()
        }
    }
}

/// The action a key press asks for on the current screen (no overlay open).
pub fn action_for(app: &App, key: KeyEvent) -> Option<Action> {
    let bindings = &app.keys;
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    if app.busy.is_some() && key.code == Esc {
        return Some(Action::CancelJob);
    }
    let code = key.code;
    for scope in scopes(app) {
        if let Some(b) = bindings
            .iter()
            .find(|b| b.scope == scope && b.keys.contains(&code))
        {
            // ←/→ share a binding; the key says which way.
            return Some(match (b.action, code) {
                (Action::Right, Left) => Action::Left,
                (a, _) => a,
            });
        }
    }
    None
}

/// Bindings to show on the current screen: all of them (help), or the footer's in order.
pub fn visible(app: &App, footer_only: bool) -> Vec<&Binding> {
    let scopes = scopes(app);
    let mut out: Vec<&Binding> = scopes
        .iter()
        .flat_map(|s| app.keys.iter().filter(move |b| b.scope == *s))
        .filter(|b| !footer_only || b.footer > 0)
        .collect();
    if footer_only {
        out.sort_by_key(|b| b.footer);
    }
    out
}

impl Scope {
    /// The scope's name in `keymap.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Everywhere => "everywhere",
            Scope::Home => "home",
            Scope::Engagement => "engagement",
            Scope::Checklist => "checklist",
            Scope::Findings => "findings",
            Scope::Objects => "objects",
            Scope::Evidence => "evidence",
            Scope::Journal => "journal",
            Scope::Report => "report",
            Scope::Merge => "merge",
        }
    }
}

/// An action's name in `keymap.toml`: its name in kebab case, e.g. `next-todo`,
/// `set-verdict-compliant`, `show-journal`.
pub fn action_name(a: Action) -> String {
    let debug = format!("{a:?}");
    let mut out = String::new();
    for c in debug.chars() {
        match c {
            '(' | ')' => {}
            c if c.is_ascii_uppercase() => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// A key as written in `keymap.toml`: one character, or Enter, Esc, Tab, Backspace,
/// Delete, Space, Up, Down, Left, Right, PageUp, PageDown, Home, End, F1–F12.
pub fn parse_key(text: &str) -> Option<KeyCode> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(Char(c));
    }
    Some(match text {
        "Enter" => Enter,
        "Esc" => Esc,
        "Tab" => TabKey,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Space" => Char(' '),
        "Up" => Up,
        "Down" => Down,
        "Left" => Left,
        "Right" => Right,
        "PageUp" => PageUp,
        "PageDown" => PageDown,
        "Home" => HomeKey,
        "End" => End,
        f if f.starts_with('F') => F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?),
        _ => return None,
    })
}

fn key_label(k: KeyCode) -> String {
    match k {
        Char(' ') => "Space".into(),
        Char(c) => c.to_string(),
        Up => "↑".into(),
        Down => "↓".into(),
        Left => "←".into(),
        Right => "→".into(),
        F(n) => format!("F{n}"),
        Esc => "Esc".into(),
        Enter => "Enter".into(),
        TabKey => "Tab".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        HomeKey => "Home".into(),
        End => "End".into(),
        other => format!("{other:?}"),
    }
}

/// Where the user's key map is: `$XDG_CONFIG_HOME/dengbao/keymap.toml`, else
/// `~/.config/dengbao/keymap.toml` (on Windows `%APPDATA%\dengbao\keymap.toml`).
pub fn user_file() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            if cfg!(windows) {
                std::env::var_os("APPDATA").map(std::path::PathBuf::from)
            } else {
                std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".config"))
            }
        })?;
    Some(base.join("dengbao").join("keymap.toml"))
}

/// The defaults with the user's file merged over them, or the defaults and why the file
/// was ignored.
pub fn load(file: Option<&std::path::Path>) -> (Vec<Binding>, Option<String>) {
    let defaults = BINDINGS.clone();
    let Some(file) = file.filter(|f| f.exists()) else {
        return (defaults, None);
    };
    let text = match crate::files::read_text(file, 1 << 20) {
        Ok(t) => t,
        Err(e) => {
            return (
                defaults,
                Some(format!("{}: {e}; the default keys are used", file.display())),
            );
        }
    };
    match merge(defaults.clone(), &text) {
        Ok(b) => (b, None),
        Err(why) => (
            defaults,
            Some(format!("{}: {why}; the default keys are used", file.display())),
        ),
    }
}

/// Merges a key map text over `bindings`: `[scope]` tables of `action = "key"` or
/// `action = ["key", …]`, each replacing that binding's keys.
pub fn merge(mut bindings: Vec<Binding>, text: &str) -> Result<Vec<Binding>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    for (scope_name, actions) in &table {
        let scope = Scope::ALL
            .into_iter()
            .find(|s| s.name() == scope_name)
            .ok_or_else(|| {
                let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
                format!("unknown screen '{scope_name}' (one of {})", names.join(", "))
            })?;
        let actions = actions
            .as_table()
            .ok_or_else(|| format!("[{scope_name}] must be a table of action = keys"))?;
        for (action, keys) in actions {
            let keys: Vec<&str> = match keys {
                toml::Value::String(k) => vec![k.as_str()],
                toml::Value::Array(list) => list.iter().filter_map(|v| v.as_str()).collect(),
                _ => {
                    return Err(format!(
                        "{scope_name}.{action}: keys must be a text or a list of texts"
                    ));
                }
            };
            let codes = keys
                .iter()
                .map(|k| parse_key(k).ok_or_else(|| format!("{scope_name}.{action}: unknown key '{k}'")))
                .collect::<Result<Vec<_>, _>>()?;
            if codes.is_empty() {
                return Err(format!("{scope_name}.{action}: no key given"));
            }
            let binding = bindings
                .iter_mut()
                .find(|b| b.scope == scope && action_name(b.action) == *action)
                .ok_or_else(|| format!("{scope_name}.{action}: no such action on this screen"))?;
            binding.label = key_label(codes[0]);
            binding.keys = codes;
        }
    }
    for scope in Scope::ALL {
        let mut seen: Vec<KeyCode> = Vec::new();
        for b in bindings.iter().filter(|b| b.scope == scope) {
            for k in &b.keys {
                if seen.contains(k) {
                    return Err(format!(
                        "{}: key '{}' is bound twice",
                        scope.name(),
                        key_label(*k)
                    ));
                }
                seen.push(*k);
            }
        }
    }
    Ok(bindings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_file_replaces_keys_and_labels() {
        let b = merge(
            BINDINGS.clone(),
            "[checklist]\nnext-todo = [\"Space\", \"F9\"]\ntoggle = \"z\"\n",
        )
        .unwrap();
        let next = b.iter().find(|b| b.action == Action::NextTodo).unwrap();
        assert_eq!(next.keys, vec![Char(' '), F(9)]);
        assert_eq!(next.label, "Space");
    }

    #[test]
    fn bad_files_are_refused_naming_what_is_wrong() {
        for (text, says) in [
            ("[nowhere]\nquit = \"q\"", "unknown screen 'nowhere'"),
            ("[checklist]\nfly = \"q\"", "checklist.fly: no such action"),
            ("[checklist]\nundo = \"Ctrl-z\"", "unknown key 'Ctrl-z'"),
            ("[checklist]\nundo = \"1\"", "key '1' is bound twice"),
            ("[checklist\n", "unclosed table"),
        ] {
            let e = merge(BINDINGS.clone(), text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn action_names_are_kebab_case() {
        assert_eq!(action_name(Action::NextTodo), "next-todo");
        assert_eq!(
            action_name(Action::SetVerdict(Verdict::Compliant)),
            "set-verdict-compliant"
        );
        assert_eq!(action_name(Action::Show(Tab::Journal)), "show-journal");
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        // Merging nothing runs the same check as merging a user's file.
        assert!(merge(BINDINGS.clone(), "").is_ok());
    }

    #[test]
    fn every_binding_has_help_in_both_languages() {
        for b in BINDINGS.iter() {
            assert!(!b.help.0.is_empty() && !b.help.1.is_empty(), "{}", b.label);
        }
    }
}
