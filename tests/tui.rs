//! The terminal UI through a [`Session`] (the real update and worker, no terminal) and
//! screens drawn with ratatui's `TestBackend` at 80×24 and wider, in both languages.

mod common;

use std::path::{Path, PathBuf};

use common::screen::draw;
use common::{dengbao, fixture};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dengbao::domain::{Lang, Verdict};
use dengbao::tui::Session;
use dengbao::tui::action::{Action, Tab};
use dengbao::tui::app::Screen;
use dengbao::tui::keymap::action_for;
use dengbao::tui::screens::checklist::Row;
use dengbao::tui::screens::workspace::Workspace;

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

/// A screen with what changes from run to run put in words of the same width: the
/// temporary folder, the working folder, and dates and times (of now).
fn redacted(screen: String, dir: &Path) -> String {
    let cwd = std::env::current_dir().unwrap().display().to_string();
    let screen = screen
        .replace(&dir.display().to_string(), "DIR")
        .replace(&cwd, "CWD");
    let digits = |c: &[char], at: &[usize]| at.iter().all(|&i| c.get(i).is_some_and(|d| d.is_ascii_digit()));
    let c: Vec<char> = screen.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        let date = digits(&c[i..], &[0, 1, 2, 3, 5, 6, 8, 9])
            && c.get(i + 4) == Some(&'-')
            && c.get(i + 7) == Some(&'-');
        if date {
            out.push_str("YYYY-MM-DD");
            i += 10;
            if c.get(i) == Some(&' ') && digits(&c[i..], &[1, 2, 4, 5]) && c.get(i + 3) == Some(&':') {
                out.push_str(" hh:mm");
                i += 6;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn down(s: &mut Session, n: usize) {
    for _ in 0..n {
        press(s, KeyCode::Down);
    }
}

/// The open form, if any.
/// The HTML report of the engagement once the session has closed it.
fn report_after(s: Session, file: &Path) -> String {
    drop(s);
    common::report_html(file)
}

fn form(s: &Session) -> Option<&dengbao::tui::overlays::form::Form> {
    match &s.app.overlay {
        Some(dengbao::tui::overlays::Overlay::Form(f)) => Some(f),
        _ => None,
    }
}

fn count(file: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_new_engagement_comes_from_the_home_form_with_errors_at_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    press(&mut s, KeyCode::Char('n'));
    assert!(form(&s).is_some(), "n opens the new-engagement form");
    insta::assert_snapshot!("new_engagement_80x24", redacted(draw(&s, 80, 24), dir.path()));
    // The file field starts at the working folder; give a name in the temp folder.
    let file = dir.path().join("门诊系统");
    for _ in 0..200 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, file.to_str().unwrap());
    // Submitting without a system name is refused at that field, in Chinese.
    ctrl(&mut s, 's');
    let f = form(&s).expect("the form stays open");
    let refused: Vec<_> = f.fields.iter().filter_map(|x| x.error.clone()).collect();
    assert_eq!(refused, ["系统名称不能为空"]);
    assert_eq!(f.fields[f.focus].key, "system");
    type_text(&mut s, "门诊医生工作站");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "示例县人民医院");
    down(&mut s, 6);
    type_text(&mut s, "某测评机构");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    let created = file.with_extension("dengbao");
    assert!(created.is_file());
    let w = w(&s);
    assert_eq!(w.snapshot.engagement.system, "门诊医生工作站");
    assert_eq!(w.snapshot.engagement.agency, "某测评机构");
    assert_eq!(w.tab, Tab::Checklist);
    // The same name again is refused at the file field: nothing is overwritten.
    press(&mut s, KeyCode::Char('q'));
    press(&mut s, KeyCode::Char('n'));
    for _ in 0..200 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, created.to_str().unwrap());
    ctrl(&mut s, 's');
    let f = form(&s).unwrap();
    assert!(
        f.fields[0].error.as_deref().unwrap().contains("已存在"),
        "{:?}",
        f.fields[0].error
    );
}

#[test]
fn objects_are_added_edited_and_removed_with_a_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('O'));
    press(&mut s, KeyCode::Char('a'));
    // Kind: ←/→ through the kinds; server is four steps right of machine room.
    for _ in 0..4 {
        press(&mut s, KeyCode::Right);
    }
    assert_eq!(form(&s).unwrap().get("kind"), "server");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "HIS数据库服务器");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "10.0.1.5");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM object WHERE name = 'HIS数据库服务器' AND ip = '10.0.1.5'"
        ),
        1
    );
    // A second object of the same name is refused at the name field.
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "HIS数据库服务器");
    ctrl(&mut s, 's');
    assert!(form(&s).unwrap().fields[1].error.is_some());
    press(&mut s, KeyCode::Esc);
    // Edit: select it and change its name.
    let at = w(&s)
        .snapshot
        .objects
        .iter()
        .position(|o| o.name == "HIS数据库服务器")
        .unwrap();
    press(&mut s, KeyCode::Char('g'));
    down(&mut s, at);
    press(&mut s, KeyCode::Char('e'));
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "-主");
    ctrl(&mut s, 's');
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM object WHERE name = 'HIS数据库服务器-主'"
        ),
        1
    );
    // Remove: a question first; n leaves it, y removes it.
    press(&mut s, KeyCode::Char('d'));
    assert!(matches!(
        s.app.overlay,
        Some(dengbao::tui::overlays::Overlay::Confirm(_))
    ));
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM object WHERE removed_at IS NULL AND name = 'HIS数据库服务器-主'"
        ),
        1
    );
    press(&mut s, KeyCode::Char('d'));
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM object WHERE removed_at IS NULL AND name LIKE 'HIS数据库服务器%'"
        ),
        0
    );
    // The system-level objects stay.
    let system = w(&s)
        .snapshot
        .objects
        .iter()
        .position(|o| o.system_level)
        .unwrap();
    press(&mut s, KeyCode::Char('g'));
    down(&mut s, system);
    press(&mut s, KeyCode::Char('d'));
    assert!(s.app.overlay.is_none());
    assert!(s.app.message.as_ref().unwrap().error);
}

#[test]
fn evidence_is_attached_noted_and_interviewed_while_assessing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    go_to(&mut s, "L3-CES1-01");
    let photo = dir.path().join("机房 照片.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 not really a jpeg").unwrap();
    press(&mut s, KeyCode::Char('a'));
    // A missing file is refused at the paths field, naming it.
    type_text(&mut s, "/nonexistent/x.png");
    press(&mut s, KeyCode::Enter);
    let why = form(&s).unwrap().fields[0].error.clone().unwrap();
    assert!(why.contains("/nonexistent/x.png"), "{why}");
    for _ in 0..40 {
        press(&mut s, KeyCode::Backspace);
    }
    // A name with a space, quoted as a terminal writes a dropped file.
    s.paste(&format!("'{}'", photo.display()));
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Right);
    press(&mut s, KeyCode::Right);
    assert_eq!(form(&s).unwrap().get("method"), "examine");
    ctrl(&mut s, 's');
    assert!(s.app.busy.is_none());
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM evidence WHERE name = '机房 照片.jpg' AND method = 'examine'"
        ),
        1
    );
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM evidence_link WHERE item_id = 'L3-CES1-01'"
        ),
        1
    );
    // A tool report names its tool: refused without one, a test by default.
    let scan = dir.path().join("scan.html");
    std::fs::write(&scan, b"<p>scan</p>").unwrap();
    press(&mut s, KeyCode::Char('a'));
    s.paste(&scan.display().to_string());
    for _ in 0..4 {
        press(&mut s, KeyCode::Down);
    }
    press(&mut s, KeyCode::Right);
    assert_eq!(form(&s).unwrap().get("report"), "scan");
    ctrl(&mut s, 's');
    let f = form(&s).expect("refused without a tool");
    assert_eq!(f.fields[f.focus].key, "tool");
    type_text(&mut s, "漏洞扫描系统 V6.0");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM evidence e JOIN detail d ON d.key = 'evidence.' || e.uid || '.tool' WHERE e.name = 'scan.html' AND e.method = 'test' AND d.value = '漏洞扫描系统 V6.0'"
        ),
        1
    );
    // A text note.
    press(&mut s, KeyCode::Char('t'));
    s.paste("第一行\n第二行");
    ctrl(&mut s, 's');
    assert_eq!(
        count(&file, "SELECT count(*) FROM evidence WHERE kind = 'text'"),
        1
    );
    // An interview, with the time defaulting to now; it goes to the journal too.
    press(&mut s, KeyCode::Char('i'));
    type_text(&mut s, "李工");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "信息科");
    down(&mut s, 2);
    type_text(&mut s, "口令每 90 天更换");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    assert_eq!(count(&file, "SELECT count(*) FROM journal WHERE who = '李工'"), 1);
    // The evidence screen: s marks a piece sensitive, on disk.
    press(&mut s, KeyCode::Char('E'));
    assert_eq!(w(&s).snapshot.evidence.len(), 4);
    press(&mut s, KeyCode::Char('g'));
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(
        count(&file, "SELECT count(*) FROM evidence WHERE sensitive = 1"),
        1
    );
    insta::assert_snapshot!("evidence_80x24", redacted(draw(&s, 80, 24), dir.path()));
}

/// An engagement with five servers in one sampling group.
fn five_servers(dir: &Path) -> PathBuf {
    let file = engagement(dir);
    for n in 1..=5 {
        dengbao()
            .env("DENGBAO_NOW", NOW)
            .args(["asset", "add"])
            .arg(&file)
            .args([
                "--kind",
                "server",
                "--name",
                &format!("前置机{n}"),
                "--group",
                "前置机",
            ])
            .assert()
            .success();
    }
    file
}

/// The five-server engagement open at L3-CES1-01 @ 前置机1, in the objects pane.
fn at_first_server(dir: &Path) -> (PathBuf, Session) {
    let file = five_servers(dir);
    let mut s = session(dir);
    s.open(&file).unwrap();
    go_to(&mut s, "L3-CES1-01");
    press(&mut s, KeyCode::Tab);
    while selection(&s).1 != "前置机1" {
        press(&mut s, KeyCode::Down);
    }
    (file, s)
}

#[test]
fn bulk_apply_to_five_servers_takes_few_keys_and_one_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = at_first_server(dir.path());
    // Record the first once.
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Char('e'));
    type_text(&mut s, "已启用口令复杂度策略");
    ctrl(&mut s, 's');
    // Then: * marks the group, b opens the form filled from this result, Enter, y.
    let keys = [KeyCode::Char('*'), KeyCode::Char('b'), KeyCode::Enter];
    for k in keys {
        press(&mut s, k);
    }
    let Some(dengbao::tui::overlays::Overlay::Confirm(c)) = &s.app.overlay else {
        panic!("a confirmation first: {:?}", s.app.message);
    };
    assert!(
        c.question[0].contains("将更改 4 个结果（共标记 5 个）"),
        "{:?}",
        c.question
    );
    press(&mut s, KeyCode::Char('y'));
    for n in 1..=5 {
        assert_eq!(
            stored(&file, "L3-CES1-01", &format!("前置机{n}")),
            Some(("compliant".into(), "已启用口令复杂度策略".into()))
        );
    }
    assert_eq!(
        count(&file, "SELECT count(*) FROM audit WHERE action = 'set-results'"),
        1
    );
    // One undo takes the whole bulk back; the result recorded by hand stays.
    press(&mut s, KeyCode::Char('u'));
    assert_eq!(
        stored(&file, "L3-CES1-01", "前置机2").map(|r| r.0),
        Some("not-assessed".into())
    );
    assert_eq!(
        stored(&file, "L3-CES1-01", "前置机1"),
        Some(("compliant".into(), "已启用口令复杂度策略".into()))
    );
    assert!(w(&s).marks.is_empty());
}

#[test]
fn bulk_links_the_evidence_and_undo_unlinks_it() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = at_first_server(dir.path());
    press(&mut s, KeyCode::Char('t'));
    type_text(&mut s, "策略截图说明");
    ctrl(&mut s, 's');
    press(&mut s, KeyCode::Char('*'));
    press(&mut s, KeyCode::Char('b'));
    press(&mut s, KeyCode::Right);
    down(&mut s, 3);
    press(&mut s, KeyCode::Char(' '));
    ctrl(&mut s, 's');
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(count(&file, "SELECT count(*) FROM evidence_link"), 5);
    press(&mut s, KeyCode::Char('u'));
    assert_eq!(count(&file, "SELECT count(*) FROM evidence_link"), 1);
    // The log still replays: the undo accounts for the links it took away.
    dengbao().arg("verify").arg(&file).assert().success();
}

#[test]
fn bulk_without_marks_says_how_to_mark() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    go_to(&mut s, "L3-CES1-01");
    press(&mut s, KeyCode::Char('b'));
    ctrl(&mut s, 's');
    let f = form(&s).unwrap();
    assert!(f.fields[0].error.as_deref().unwrap().contains("Space"));
}

#[test]
fn the_journal_screen_adds_entries() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('J'));
    insta::assert_snapshot!("journal_empty_80x24", draw(&s, 80, 24));
    press(&mut s, KeyCode::Char('a'));
    // A time that is not one is refused at its field.
    for _ in 0..20 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "昨天");
    ctrl(&mut s, 's');
    assert!(
        form(&s).unwrap().fields[0]
            .error
            .as_deref()
            .unwrap()
            .contains("昨天")
    );
    for _ in 0..2 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "2026-11-20 09:30");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "主机房");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "张工、王工");
    press(&mut s, KeyCode::Down);
    s.paste("核查机房门禁\n查看监控录像");
    ctrl(&mut s, 's');
    assert_eq!(
        count(&file, "SELECT count(*) FROM journal WHERE location = '主机房'"),
        1
    );
    insta::assert_snapshot!("journal_80x24", draw(&s, 80, 24));
    // `e` changes the selected entry: the form comes filled, and only it changes.
    press(&mut s, KeyCode::Char('e'));
    assert_eq!(form(&s).unwrap().get("where"), "主机房");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "（二层）");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    assert_eq!(
        count(
            &file,
            "SELECT count(*) FROM journal WHERE location = '主机房（二层）' AND summary = '核查机房门禁
查看监控录像'"
        ),
        1
    );
    assert_eq!(count(&file, "SELECT count(*) FROM journal"), 1);
    drop(s);
    dengbao().arg("verify").arg(&file).assert().success();
}

#[test]
fn the_report_screen_lists_the_gate_and_renders_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('R'));
    let problems = w(&s).analysis.gate_problems().len();
    assert!(problems > 0);
    press(&mut s, KeyCode::Char('r'));
    let html = file.with_file_name("tui.report.zh.html");
    assert!(html.is_file(), "{:?}", s.app.message);
    assert!(w(&s).report.is_some());
    // Rendering again replaces the earlier report (it is ours), nothing else.
    press(&mut s, KeyCode::Char('r'));
    assert!(!s.app.message.as_ref().unwrap().error, "{:?}", s.app.message);
    // Enter goes to the first problem's item.
    press(&mut s, KeyCode::Enter);
    assert_eq!(w(&s).tab, Tab::Checklist);
}

#[test]
fn screens_language_and_filter_are_remembered_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "口令");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('L'));
    press(&mut s, KeyCode::Char('F'));
    press(&mut s, KeyCode::Char('q'));
    assert!(matches!(s.app.screen, Screen::Home(_)));
    press(&mut s, KeyCode::Char('L'));
    assert_eq!(s.app.lang, Lang::Zh);
    s.open(&file).unwrap();
    assert_eq!(s.app.lang, Lang::En);
    assert_eq!(w(&s).tab, Tab::Findings);
    assert_eq!(w(&s).checklist.search, "口令");
}

#[test]
fn a_paste_goes_into_the_focused_form_field() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('J'));
    press(&mut s, KeyCode::Char('a'));
    press(&mut s, KeyCode::Down);
    // A paste with newlines into a one-line field is one line, and no key runs.
    s.paste("信息科\n3");
    let f = form(&s).unwrap();
    assert_eq!(f.get("where"), "信息科 3");
}

#[test]
fn a_user_key_map_rebinds_keys_and_a_bad_one_is_reported_on_home() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let keymap = dir.path().join("keymap.toml");
    std::fs::write(&keymap, "[checklist]\nnext-todo = \"z\"\n").unwrap();
    let mut s = session(dir.path());
    s.use_keymap(&keymap);
    s.open(&file).unwrap();
    let before = selection(&s);
    press(&mut s, KeyCode::Char('z'));
    assert_ne!(
        selection(&s),
        before,
        "z now goes to the next result not assessed"
    );
    assert!(
        draw(&s, 160, 48).contains("z 下一个未测评"),
        "the footer shows the new key"
    );

    std::fs::write(&keymap, "[checklist]\nnext-todo = \"1\"\n").unwrap();
    let mut s = session(dir.path());
    s.use_keymap(&keymap);
    let home = draw(&s, 80, 24);
    assert!(home.contains("bound twice"), "{home}");
    assert_eq!(
        action_for(&s.app, KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
        Some(Action::OpenSample)
    );
}

fn click(s: &mut Session, column: u16, row: u16) {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    s.send(dengbao::tui::update::Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

#[test]
fn a_click_selects_tabs_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = opened(dir.path());
    let screen = draw(&s, 80, 24);
    // The tab "F 问题" in the header: find its column (wide characters count twice).
    let header = screen.lines().next().unwrap();
    let before = &header[..header.find("F 问题").unwrap()];
    let column = unicode_width::UnicodeWidthStr::width(before) as u16 + 1;
    click(&mut s, column, 0);
    assert_eq!(w(&s).tab, Tab::Findings);
    click(&mut s, column - 10, 0);
    assert_ne!(w(&s).tab, Tab::Findings);
    press(&mut s, KeyCode::Char('C'));
    draw(&s, 80, 24);
    // The third row of the tree (inside the border, under the title line).
    click(&mut s, 5, 4);
    assert_eq!(w(&s).checklist.selected, 2);
    // A click on the object results moves the focus there.
    let rows = draw(&s, 80, 24);
    let y = rows.lines().position(|l| l.contains("测评对象与结果")).unwrap() as u16 + 1;
    click(&mut s, 50, y);
    assert_eq!(
        w(&s).checklist.pane,
        dengbao::tui::screens::checklist::Pane::Objects
    );
}

#[test]
fn report_details_and_a_findings_threat_and_harm_are_typed_in_forms() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    press(&mut s, KeyCode::Char('R'));
    press(&mut s, KeyCode::Char('e'));
    assert_eq!(form(&s).unwrap().fields[0].key, "client");
    type_text(&mut s, "某市卫生健康委员会");
    press(&mut s, KeyCode::Down);
    type_text(&mut s, "2026-13-01");
    ctrl(&mut s, 's');
    // A date that is not one is refused at its field, in Chinese.
    let f = form(&s).expect("refused");
    assert_eq!(f.fields[f.focus].key, "report-date");
    assert!(f.fields[f.focus].error.as_deref().unwrap().contains("不是日期"));
    for _ in 0..5 {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "12-01");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    assert_eq!(w(&s).snapshot.details.get("client"), "某市卫生健康委员会");
    assert_eq!(w(&s).snapshot.details.get("report-date"), "2026-12-01");
    // The form scrolls: at 80×24 the focused field is always drawn.
    press(&mut s, KeyCode::Char('e'));
    for _ in 0..30 {
        press(&mut s, KeyCode::Down);
    }
    let focused = form(&s).unwrap();
    let label = focused.fields[focused.focus].label.clone();
    assert!(draw(&s, 80, 24).contains(&label), "{label} is on screen");
    press(&mut s, KeyCode::Esc);
    // A finding's threat and harm, from the findings screen.
    press(&mut s, KeyCode::Char('F'));
    press(&mut s, KeyCode::Char('g'));
    press(&mut s, KeyCode::Char('e'));
    type_text(&mut s, "口令猜测");
    press(&mut s, KeyCode::Tab);
    type_text(&mut s, "服务器被冒用");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    let html = report_after(s, &file);
    assert!(
        html.contains("<td>口令猜测</td><td>服务器被冒用</td>"),
        "chapter 5 shows them"
    );
    assert!(html.contains("某市卫生健康委员会"));
}

#[test]
fn a_preset_starts_a_record_and_stays_marked_until_edited() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/presets.toml"),
        "[[preset]]\nitem = \"L3-PES1-03\"\nkinds = [\"machine-room\"]\nplatform = \"甲\"\ntext = \"机房位于 [ ] 楼\"\n\n\
         [[preset]]\nitem = \"L3-PES1-03\"\nkinds = [\"machine-room\"]\nplatform = \"乙\"\ntext = \"机房设于独立建筑\"\n",
    )
    .unwrap();
    let mut s = session(dir.path());
    s.open(&file).unwrap();
    assert_eq!(selection(&s), ("L3-PES1-03".to_string(), "主机房".to_string()));
    // `p` opens the editor with the first preset; Ctrl-P replaces it with the next.
    press(&mut s, KeyCode::Char('p'));
    ctrl(&mut s, 'p');
    ctrl(&mut s, 's');
    assert_eq!(
        stored(&file, "L3-PES1-03", "主机房").unwrap().1,
        "机房设于独立建筑"
    );
    let screen = draw(&s, 100, 30);
    assert!(screen.contains("[底稿]"), "{screen}");
    // The report checker and the report say so too.
    let out = dengbao()
        .args(["check", "--report", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains("\"preset\"") && json.contains("L3-PES1-03 @ 主机房"),
        "{json}"
    );
    assert!(report_after(s, &file).contains("底稿未改"));
    // Edited, it is the evaluator's record: no mark.
    let mut s = session(dir.path());
    s.open(&file).unwrap();
    go_to(&mut s, "L3-PES1-03");
    press(&mut s, KeyCode::Char('e'));
    type_text(&mut s, "，门禁有记录");
    ctrl(&mut s, 's');
    assert!(!draw(&s, 100, 30).contains("[底稿]"));
    assert!(!report_after(s, &file).contains("底稿未改"));
    // A record already typed keeps its text and the preset goes in at the cursor.
    let mut s = session(dir.path());
    s.open(&file).unwrap();
    go_to(&mut s, "L3-CES1-01");
    press(&mut s, KeyCode::Char('p'));
    ctrl(&mut s, 's');
    let record = stored(&file, "L3-CES1-01", "预约服务器").unwrap().1;
    assert!(
        record.contains("弱口令") && record.contains("login.defs"),
        "{record}"
    );
    // Without a preset for the item and kind, the message says so.
    go_to(&mut s, "L3-PSS1-01");
    press(&mut s, KeyCode::Char('p'));
    assert!(s.app.overlay.is_none());
    assert!(format!("{:?}", s.app.message).contains("没有底稿"));
    // The editor's keys fit 80 columns in English too.
    press(&mut s, KeyCode::Char('L'));
    press(&mut s, KeyCode::Char('e'));
    let screen = draw(&s, 80, 24);
    assert!(
        screen.contains("Ctrl-P preset · Ctrl-S save · Esc back"),
        "{screen}"
    );
}

#[test]
fn a_merge_conflict_is_resolved_on_the_conflicts_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let copy = dir.path().join("colleague.dengbao");
    std::fs::copy(&file, &copy).unwrap();
    let set = |f: &Path, record: &str| {
        dengbao()
            .arg("set")
            .arg(f)
            .args([
                "L3-CES1-01",
                "--asset",
                "预约服务器",
                "--verdict",
                "partial",
                "--record",
                record,
                "--risk",
                "medium",
            ])
            .assert()
            .success();
    };
    set(&file, "本机：口令长度 8 位");
    set(&copy, "对方：口令长度 6 位");
    dengbao().arg("merge").arg(&file).arg(&copy).assert().code(1);
    let check = || {
        let out = dengbao().arg("check").arg(&file).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let gate = check();
    assert!(
        gate.contains("merge conflict not resolved") && gate.contains("--take ours|theirs"),
        "the gate counts it and says how to settle it: {gate}"
    );
    let mut s = session(dir.path());
    s.open(&file).unwrap();
    assert_eq!(w(&s).snapshot.conflicts.len(), 1);
    press(&mut s, KeyCode::Char('D'));
    assert!(draw(&s, 80, 24).contains("合并冲突"), "the dashboard says so");
    press(&mut s, KeyCode::Char('M'));
    assert_eq!(w(&s).tab, Tab::Merge);
    let screen = draw(&s, 80, 24);
    assert!(
        screen.contains("本机：口令长度 8 位") && screen.contains("对方：口令长度 6 位"),
        "{screen}"
    );
    press(&mut s, KeyCode::Char('t'));
    assert!(w(&s).snapshot.conflicts.is_empty(), "{:?}", s.app.message);
    assert_eq!(
        stored(&file, "L3-CES1-01", "预约服务器").unwrap(),
        ("partial".to_string(), "对方：口令长度 6 位".to_string())
    );
    drop(s);
    dengbao().arg("verify").arg(&file).assert().success();
    assert!(!check().contains("merge conflict"));
}

#[test]
fn going_to_a_conflict_and_recording_it_anew_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = engagement(dir.path());
    let copy = dir.path().join("colleague.dengbao");
    std::fs::copy(&file, &copy).unwrap();
    for (f, verdict) in [(&file, "partial"), (&copy, "non-compliant")] {
        dengbao()
            .arg("set")
            .arg(f)
            .args(["L3-CES1-01", "--asset", "预约服务器", "--verdict", verdict])
            .args(["--record", "口令长度不足", "--risk", "medium"])
            .assert()
            .success();
    }
    dengbao().arg("merge").arg(&file).arg(&copy).assert().code(1);
    let mut s = session(dir.path());
    s.open(&file).unwrap();
    press(&mut s, KeyCode::Char('M'));
    press(&mut s, KeyCode::Enter);
    assert_eq!(w(&s).tab, Tab::Checklist);
    press(&mut s, KeyCode::Char('1'));
    assert!(w(&s).snapshot.conflicts.is_empty(), "{:?}", s.app.message);
    assert_eq!(stored(&file, "L3-CES1-01", "预约服务器").unwrap().0, "compliant");
    drop(s);
    dengbao().arg("verify").arg(&file).assert().success();
    // Merging the colleague's copy again decides nothing: the edit joined both histories.
    dengbao().arg("merge").arg(&file).arg(&copy).assert().code(0);
}

#[test]
fn a_categorys_measures_and_problems_are_typed_from_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut s) = opened(dir.path());
    go_to(&mut s, "L3-CES1-01");
    press(&mut s, KeyCode::Char('T'));
    assert_eq!(form(&s).unwrap().fields[0].key, "measures");
    type_text(&mut s, "服务器已部署主机加固");
    press(&mut s, KeyCode::Tab);
    type_text(&mut s, "口令策略未统一");
    ctrl(&mut s, 's');
    assert!(form(&s).is_none(), "{:?}", s.app.message);
    let pack = w(&s)
        .snapshot
        .items
        .iter()
        .find(|i| i.id == "L3-CES1-01")
        .unwrap()
        .pack
        .clone();
    assert_eq!(
        w(&s).snapshot.details.category(&pack, "CES", "problems"),
        "口令策略未统一"
    );
    let html = report_after(s, &file);
    assert!(html.contains("服务器已部署主机加固") && html.contains("口令策略未统一"));
}
