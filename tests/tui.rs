//! The terminal UI: key handling and effects through a [`Session`] (no terminal needed)
//! and screens rendered with ratatui's `TestBackend` at 80×24 and 120×40.

mod common;

use std::path::{Path, PathBuf};

use common::{dengbao, fixture};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dengbao::domain::Verdict;
use dengbao::tui::Session;
use dengbao::tui::action::{Action, Tab};
use dengbao::tui::app::Screen;
use dengbao::tui::keymap::action_for;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: &str = "2026-11-20T08:00:00Z";

/// A small engagement on the four-item test baseline, with one finding.
fn engagement(dir: &Path) -> PathBuf {
    let file = dir.join("tui.dengbao");
    let run = |args: &[&str]| {
        dengbao()
            .env("DENGBAO_NOW", NOW)
            .arg("--packs")
            .arg(fixture("packs/tiny"))
            .args(args)
            .assert()
            .success();
    };
    let f = file.to_str().unwrap();
    run(&[
        "new",
        f,
        "--system",
        "预约挂号系统",
        "--org",
        "示例县人民医院",
        "--level",
        "3",
    ]);
    run(&["asset", "add", f, "--kind", "machine-room", "--name", "主机房"]);
    run(&["asset", "add", f, "--kind", "server", "--name", "预约服务器"]);
    run(&[
        "set",
        f,
        "L3-CES1-01",
        "--asset",
        "预约服务器",
        "--verdict",
        "non-compliant",
        "--record",
        "弱口令",
        "--risk",
        "high",
    ]);
    file
}

fn session(dir: &Path) -> Session {
    let user = dir.join("packs");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::copy(
        fixture("packs/tiny/gbt22239-2019.toml"),
        user.join("gbt22239-2019.toml"),
    )
    .unwrap();
    Session::new(vec![user], "测评师甲", dir.join("home"))
}

/// A session with the test engagement open, and the engagement's path.
fn opened(dir: &Path) -> (PathBuf, Session) {
    let file = engagement(dir);
    let mut s = session(dir);
    s.open(&file).unwrap();
    (file, s)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(s: &mut Session, code: KeyCode) -> bool {
    let action = action_for(&s.app, key(code)).unwrap_or_else(|| panic!("{code:?} does nothing here"));
    s.handle(action)
}

/// The stored verdict and record of a pair, read the way another process would.
fn stored(file: &Path, item: &str, object: &str) -> Option<(String, String)> {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row(
        "SELECT r.verdict, r.record FROM result r JOIN object o ON o.id = r.object_id WHERE r.item_id = ?1 AND o.name = ?2",
        [item, object],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

/// The screen as text, one line per row, wide characters drawn once.
fn draw(s: &Session, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| dengbao::tui::views::render(&s.app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_verdict_key_saves_to_disk_at_once_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('C'));
    // The first item is L3-PES1-03 on 主机房.
    press(&mut s, KeyCode::Char('1'));
    assert_eq!(stored(&file, "L3-PES1-03", "主机房").unwrap().0, "compliant");
    let msg = s.app.message.clone().unwrap();
    assert!(!msg.error && msg.text.contains("L3-PES1-03 @ 主机房"), "{msg:?}");
    press(&mut s, KeyCode::Char('u'));
    assert_eq!(
        stored(&file, "L3-PES1-03", "主机房").map(|r| r.0),
        Some("not-assessed".to_string()),
        "undo of a first verdict leaves it not assessed"
    );
    let conn = rusqlite::Connection::open(&file).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit ORDER BY seq DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        actions,
        ["undo-result", "set-result"],
        "both the change and its undo are audited"
    );
}

#[test]
fn editing_a_record_and_cycling_risk_update_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('F'));
    press(&mut s, KeyCode::Enter);
    let Screen::Engagement(w) = &s.app.screen else {
        panic!()
    };
    assert_eq!(w.tab, Tab::Checklist);
    assert_eq!(w.selected_item().unwrap().id, "L3-CES1-01");
    assert_eq!(w.selected_object().unwrap().name, "预约服务器");
    press(&mut s, KeyCode::Char('e'));
    for c in "，root 口令为 123456".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        stored(&file, "L3-CES1-01", "预约服务器").unwrap().1,
        "弱口令，root 口令为 123456"
    );
    press(&mut s, KeyCode::Char('r'));
    let conn = rusqlite::Connection::open(&file).unwrap();
    let risk: String = conn
        .query_row("SELECT risk FROM result WHERE item_id = 'L3-CES1-01'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(risk, "medium", "high → medium");
}

#[test]
fn risk_on_a_compliant_result_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('C'));
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('r'));
    assert!(s.app.message.as_ref().unwrap().error);
    assert_eq!(stored(&file, "L3-PES1-03", "主机房").unwrap().0, "compliant");
}

#[test]
fn filter_and_search_narrow_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('C'));
    let items = |s: &Session| -> Vec<String> {
        let Screen::Engagement(w) = &s.app.screen else {
            panic!()
        };
        w.checklist
            .rows
            .iter()
            .filter_map(|r| match r {
                dengbao::tui::app::Row::Item(i) => Some(w.data.items[*i].id.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(items(&s).len(), 4);
    press(&mut s, KeyCode::Char('f'));
    press(&mut s, KeyCode::Char('f'));
    assert_eq!(items(&s), ["L3-CES1-01"], "findings only");
    press(&mut s, KeyCode::Char('f'));
    press(&mut s, KeyCode::Char('/'));
    for c in "划分".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    assert_eq!(items(&s), ["L3-CNS1-03"]);
}

#[test]
fn the_sample_opens_from_home_and_q_goes_back_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(Vec::new(), "测评师甲", dir.path().join("home"));
    assert!(press(&mut s, KeyCode::Char('s')));
    assert!(
        matches!(s.app.screen, Screen::Engagement(_)),
        "{:?}",
        s.app.message
    );
    assert!(dir.path().join("home/sample.dengbao").exists());
    assert!(press(&mut s, KeyCode::Char('q')));
    assert!(matches!(s.app.screen, Screen::Home(_)));
    assert!(!press(&mut s, KeyCode::Char('q')), "q on home quits");
}

#[test]
fn opening_a_file_another_process_writes_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let holder = std::fs::File::open(&file).unwrap();
    holder.try_lock().unwrap();
    let mut s = session(dir.path());
    s.handle(Action::OpenPath);
    for c in file.to_str().unwrap().chars() {
        s.handle(Action::Input(key(KeyCode::Char(c))));
    }
    s.handle(Action::Submit);
    let msg = s.app.message.clone().unwrap();
    assert!(
        msg.error && msg.text.contains("open for writing in another dengbao process"),
        "{msg:?}"
    );
    assert!(matches!(s.app.screen, Screen::Home(_)));
}

#[test]
fn help_lists_the_live_bindings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('C'));
    press(&mut s, KeyCode::Char('?'));
    let screen = draw(&s, 100, 40);
    for b in dengbao::tui::keymap::visible(&s.app, false) {
        assert!(
            screen.contains(b.describe(dengbao::domain::Lang::Zh)),
            "{} missing from help",
            b.label
        );
    }
    press(&mut s, KeyCode::Char('x'));
    assert!(s.app.popup.is_none());
}

#[test]
fn screens_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let mut s = session(dir.path());
    insta::assert_snapshot!("home_80x24", draw(&s, 80, 24));
    s.open(&file).unwrap();
    insta::assert_snapshot!("dashboard_80x24", draw(&s, 80, 24));
    insta::assert_snapshot!("dashboard_120x40", draw(&s, 120, 40));
    press(&mut s, KeyCode::Char('C'));
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Char('j'));
    insta::assert_snapshot!("checklist_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Char('L'));
    insta::assert_snapshot!("checklist_en_120x40", draw(&s, 120, 40));
    press(&mut s, KeyCode::Char('F'));
    insta::assert_snapshot!("findings_80x24", draw(&s, 80, 24));
}

#[test]
fn verdict_keys_map_to_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('C'));
    for (c, v) in [
        ('1', Verdict::Compliant),
        ('2', Verdict::Partial),
        ('3', Verdict::NonCompliant),
        ('4', Verdict::NotApplicable),
    ] {
        assert_eq!(
            action_for(&s.app, key(KeyCode::Char(c))),
            Some(Action::SetVerdict(v))
        );
    }
}
