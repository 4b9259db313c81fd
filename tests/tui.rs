//! The terminal UI through a [`Session`] (the real update and worker, no terminal) and
//! screens drawn with ratatui's `TestBackend` at 80×24 and wider, in both languages.

mod common;

use std::path::{Path, PathBuf};

use common::{dengbao, fixture};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dengbao::domain::{Lang, Verdict};
use dengbao::tui::Session;
use dengbao::tui::action::{Action, Tab};
use dengbao::tui::app::Screen;
use dengbao::tui::keymap::action_for;
use dengbao::tui::screens::checklist::Row;
use dengbao::tui::screens::workspace::Workspace;
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

fn w(s: &Session) -> &Workspace {
    s.app.workspace().expect("an engagement is open")
}

fn press(s: &mut Session, code: KeyCode) -> bool {
    s.key(code)
}

fn ctrl(s: &mut Session, c: char) {
    s.key_event(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_text(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
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

/// The selected item's id and object's name.
fn selection(s: &Session) -> (String, String) {
    let w = w(s);
    let pair = &w.analysis.pairs[w.selected_pair().unwrap()];
    (
        w.snapshot.items[pair.item].id.clone(),
        w.snapshot.objects[pair.object].name.clone(),
    )
}

/// Moves to item `id` (first object) the way a user does: search, Enter.
fn go_to(s: &mut Session, id: &str) {
    press(s, KeyCode::Char('/'));
    type_text(s, id);
    press(s, KeyCode::Enter);
    press(s, KeyCode::Char('x'));
    assert_eq!(selection(s).0, id);
}

/// The screen as text, one line per row, wide characters drawn once.
fn draw(s: &Session, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| dengbao::tui::view::render(&s.app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut x = 0;
        let mut line = String::new();
        while x < width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= width as usize,
            "line {y} is wider than the terminal: {line}"
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn opening_lands_on_the_checklist_at_the_first_result_not_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = opened(dir.path());
    assert_eq!(w(&s).tab, Tab::Checklist);
    assert_eq!(selection(&s), ("L3-PES1-03".to_string(), "主机房".to_string()));
}

#[test]
fn a_verdict_key_saves_to_disk_at_once_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
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
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT action, detail FROM audit ORDER BY seq DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows[0].0, "undo-result");
    assert_eq!(rows[1].0, "set-result");
    let set: serde_json::Value = serde_json::from_str(&rows[1].1).unwrap();
    let undo: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(
        undo["undoes"], set["revision"],
        "the undo names the revision it takes back"
    );
}

#[test]
fn the_editor_takes_several_lines_and_saves_with_ctrl_s_and_risk_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('F'));
    press(&mut s, KeyCode::Enter);
    assert_eq!(w(&s).tab, Tab::Checklist);
    assert_eq!(
        selection(&s),
        ("L3-CES1-01".to_string(), "预约服务器".to_string())
    );
    press(&mut s, KeyCode::Char('e'));
    type_text(&mut s, "，root 口令为 123456");
    press(&mut s, KeyCode::Enter);
    type_text(&mut s, "第二行");
    assert!(
        stored(&file, "L3-CES1-01", "预约服务器").unwrap().1 == "弱口令",
        "not saved before Ctrl-S"
    );
    ctrl(&mut s, 's');
    assert_eq!(
        stored(&file, "L3-CES1-01", "预约服务器").unwrap().1,
        "弱口令，root 口令为 123456\n第二行"
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
fn escape_asks_before_discarding_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('e'));
    type_text(&mut s, "未保存");
    press(&mut s, KeyCode::Esc);
    assert!(s.app.overlay.is_some(), "still open, asking");
    press(&mut s, KeyCode::Char('n'));
    assert!(s.app.overlay.is_some(), "n keeps editing");
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('y'));
    assert!(s.app.overlay.is_none());
    assert_eq!(stored(&file, "L3-PES1-03", "主机房"), None);
}

#[test]
fn a_paste_is_text_in_the_editor_and_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('e'));
    s.paste("已配置门禁\n3 号机柜 f 区\nq");
    ctrl(&mut s, 's');
    assert_eq!(
        stored(&file, "L3-PES1-03", "主机房").unwrap(),
        (
            "compliant".to_string(),
            "已配置门禁\n3 号机柜 f 区\nq".to_string()
        ),
        "the 3, f and q of the paste ran nothing"
    );
    // Outside an editor a paste is ignored, with a message.
    s.paste("3");
    assert_eq!(stored(&file, "L3-PES1-03", "主机房").unwrap().0, "compliant");
    assert!(s.app.message.as_ref().unwrap().error);
}

#[test]
fn clearing_a_verdict_keeps_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('F'));
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('0'));
    assert_eq!(
        stored(&file, "L3-CES1-01", "预约服务器").unwrap(),
        ("not-assessed".to_string(), "弱口令".to_string())
    );
}

#[test]
fn risk_on_a_compliant_result_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('r'));
    assert!(s.app.message.as_ref().unwrap().error);
    assert_eq!(stored(&file, "L3-PES1-03", "主机房").unwrap().0, "compliant");
}

fn items(s: &Session) -> Vec<String> {
    let w = w(s);
    w.checklist
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Item(i) => Some(w.snapshot.items[*i].id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn filters_combine_search_starts_empty_and_the_selected_item_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    assert_eq!(items(&s).len(), 4);
    go_to(&mut s, "L3-CES1-01");
    // Verdict filter → findings.
    press(&mut s, KeyCode::Char('f'));
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Enter);
    assert_eq!(items(&s), ["L3-CES1-01"], "findings only");
    assert_eq!(selection(&s).0, "L3-CES1-01", "the selected item stays selected");
    press(&mut s, KeyCode::Char('x'));
    assert_eq!(items(&s).len(), 4);
    assert_eq!(selection(&s).0, "L3-CES1-01", "and after clearing too");
    // Object kind filter (row 4) → machine room only.
    press(&mut s, KeyCode::Char('f'));
    for _ in 0..3 {
        press(&mut s, KeyCode::Down);
    }
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Enter);
    assert_eq!(items(&s), ["L3-PES1-03"]);
    press(&mut s, KeyCode::Char('x'));
    // Search starts empty each time and selects the first match.
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "划分");
    press(&mut s, KeyCode::Enter);
    assert_eq!(items(&s), ["L3-CNS1-03"]);
    assert_eq!(selection(&s).0, "L3-CNS1-03");
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "l3-pss");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        items(&s),
        ["L3-PSS1-01"],
        "a new search, not appended to the last"
    );
}

#[test]
fn n_and_shift_n_walk_the_results_not_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    let at = |s: &Session| selection(s).0;
    assert_eq!(at(&s), "L3-PES1-03");
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(at(&s), "L3-CNS1-03");
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(at(&s), "L3-PSS1-01", "L3-CES1-01 is assessed on its only object");
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(at(&s), "L3-PES1-03", "wraps around");
    press(&mut s, KeyCode::Char('N'));
    assert_eq!(at(&s), "L3-PSS1-01");
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('1'));
        press(&mut s, KeyCode::Char('n'));
    }
    assert!(
        s.app.message.as_ref().unwrap().text.contains("全部已测评"),
        "{:?}",
        s.app.message
    );
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
fn opening_a_file_another_process_writes_says_so_in_the_ui_language() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let holder = std::fs::File::open(&file).unwrap();
    holder.try_lock().unwrap();
    let mut s = session(dir.path());
    press(&mut s, KeyCode::Char('o'));
    s.paste(file.to_str().unwrap());
    press(&mut s, KeyCode::Enter);
    let msg = s.app.message.clone().unwrap();
    assert!(
        msg.error && msg.text.contains("已在另一个 dengbao 进程中打开"),
        "{msg:?}"
    );
    assert!(matches!(s.app.screen, Screen::Home(_)));
}

#[test]
fn help_lists_the_live_bindings_and_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('?'));
    let screen = draw(&s, 100, 60);
    for b in dengbao::tui::keymap::visible(&s.app, false) {
        assert!(
            screen.contains(b.describe(Lang::Zh)),
            "{} missing from help",
            b.label
        );
    }
    press(&mut s, KeyCode::Char('j'));
    assert!(s.app.overlay.is_some(), "j scrolls");
    press(&mut s, KeyCode::Char('z'));
    assert!(s.app.overlay.is_none());
}

#[test]
fn the_footer_fits_80_columns_and_always_offers_help() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        s.app.lang = lang;
        s.app.message = None;
        let screen = draw(&s, 80, 24);
        let footer = screen.lines().last().unwrap();
        assert!(footer.contains(" ? "), "{footer}");
    }
}

#[test]
fn screens_at_80x24_and_wider_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let mut s = session(dir.path());
    insta::assert_snapshot!("home_80x24", draw(&s, 80, 24));
    s.open(&file).unwrap();
    insta::assert_snapshot!("checklist_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Char('D'));
    insta::assert_snapshot!("dashboard_80x24", draw(&s, 80, 24));
    insta::assert_snapshot!("dashboard_160x48", draw(&s, 160, 48));
    press(&mut s, KeyCode::Char('C'));
    press(&mut s, KeyCode::Char('L'));
    insta::assert_snapshot!("checklist_en_160x48", draw(&s, 160, 48));
    press(&mut s, KeyCode::Char('F'));
    insta::assert_snapshot!("findings_en_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Char('L'));
    insta::assert_snapshot!("findings_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Char('C'));
    press(&mut s, KeyCode::Char('e'));
    insta::assert_snapshot!("editor_80x24", draw(&s, 80, 24));
}

#[test]
fn verdict_keys_map_to_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = opened(dir.path());
    for (c, v) in [
        ('1', Verdict::Compliant),
        ('2', Verdict::Partial),
        ('3', Verdict::NonCompliant),
        ('4', Verdict::NotApplicable),
    ] {
        assert_eq!(
            action_for(&s.app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            Some(Action::SetVerdict(v))
        );
    }
}
