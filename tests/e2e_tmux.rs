//! The real binary in a real terminal (tmux): an evaluation from the new-engagement form
//! to quitting — objects, verdicts, a two-line record, a paste with newlines, a 200 MB
//! attachment while the UI keeps answering, a bulk apply to five terminals, a journal
//! entry — then the command line shows all of it, and nothing else.
//!
//! Needs tmux (`scripts/test` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::dengbao;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path, width: u16, height: u16) -> Tmux {
        let socket = format!("dengbao-e2e-{}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_dengbao");
        let command = format!(
            "env DENGBAO_HOME={home} XDG_CONFIG_HOME={config} DENGBAO_EVALUATOR=测评师甲 {bin}",
            home = dir.join("home").display(),
            config = dir.join("config").display(),
        );
        let t = Tmux { socket };
        let ok = t
            .cmd()
            .args(["new-session", "-d", "-s", "e2e", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg("-c")
            .arg(dir)
            .arg(command)
            .status()
            .expect("tmux runs (scripts/test installs it)");
        assert!(ok.success(), "tmux new-session failed");
        t
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    /// Keys by tmux name (Enter, Down, C-s) or single characters.
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = self.cmd().args(["send-keys", "-t", "e2e", k]).status().unwrap();
            assert!(ok.success());
        }
    }

    /// Text typed literally.
    fn text(&self, text: &str) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", "e2e", "-l", text])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// A bracketed paste, as a terminal sends one.
    fn paste(&self, text: &str) {
        assert!(
            self.cmd()
                .args(["set-buffer", "--", text])
                .status()
                .unwrap()
                .success()
        );
        assert!(
            self.cmd()
                .args(["paste-buffer", "-p", "-t", "e2e"])
                .status()
                .unwrap()
                .success()
        );
    }

    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits for `text` on the screen; fails with the screen after 60 s.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "waited for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn running(&self) -> bool {
        self.cmd()
            .args(["has-session", "-t", "e2e"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

fn json(args: &[&str], file: &Path) -> serde_json::Value {
    let out = dengbao().args(args).arg(file).arg("--json").assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn add_object(t: &Tmux, rights: usize, name: &str, group: &str) {
    t.keys(&["a"]);
    t.wait_for("添加测评对象");
    for _ in 0..rights {
        t.keys(&["Right"]);
    }
    t.keys(&["Down"]);
    t.text(name);
    for _ in 0..6 {
        t.keys(&["Down"]);
    }
    t.text(group);
    t.keys(&["C-s"]);
    t.wait_for(name);
}

#[test]
fn an_evaluation_in_the_terminal_from_form_to_quit() {
    let dir = tempfile::tempdir().unwrap();
    let big: PathBuf = dir.path().join("交换机配置备份.bin");
    {
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(200 * 1024 * 1024).unwrap();
    }
    let t = Tmux::start(dir.path(), 100, 30);
    t.wait_for("新建测评");

    // The new-engagement form.
    t.keys(&["n"]);
    t.wait_for("系统名称");
    t.text(&dir.path().join("his").display().to_string());
    t.keys(&["Down"]);
    t.text("HIS 医院信息系统");
    t.keys(&["Down"]);
    t.text("示例县人民医院");
    t.keys(&["C-s"]);
    t.wait_for("测评项 [");
    let file = dir.path().join("his.dengbao");
    assert!(file.is_file());

    // Objects: a server, then five terminals in one sampling group.
    t.keys(&["O"]);
    t.wait_for("测评对象 3");
    add_object(&t, 4, "HIS服务器", "");
    for n in 1..=5 {
        add_object(&t, 8, &format!("门诊终端{n}"), "门诊");
    }
    t.wait_for("测评对象 9");

    // A verdict and a two-line record on the server, with a paste that holds a
    // newline and a "3": text, never keys.
    t.keys(&["C", "/"]);
    t.text("L3-CES1-01");
    t.keys(&["Enter", "Tab"]);
    t.wait_for("HIS服务器");
    t.keys(&["3", "e"]);
    t.wait_for("结果记录");
    t.text("第一行");
    t.keys(&["Enter"]);
    t.text("第二行");
    t.keys(&["Enter"]);
    t.paste("粘贴一\n3\nf粘贴二");
    t.keys(&["C-s"]);
    t.wait_for("已保存");

    // A 200 MB file on the first terminal; the UI answers keys while it is hashed.
    t.keys(&["j", "a"]);
    t.wait_for("附加证据文件");
    t.text(&big.display().to_string());
    t.keys(&["Enter", "J"]);
    let during = t.wait_for("测评日志");
    assert!(
        during.contains("正在附加"),
        "the journal tab shows while the file is still being attached:\n{during}"
    );
    t.wait_for("已附加 1 份证据");

    // Bulk: the terminal's verdict, then * marks the group, b, Enter, y.
    t.keys(&["C"]);
    t.wait_for("门诊终端1");
    t.keys(&["1", "*", "b"]);
    t.wait_for("批量应用");
    t.keys(&["Enter"]);
    t.wait_for("将更改 4 个结果（共标记 5 个）");
    t.keys(&["y"]);
    t.wait_for("已保存：5 个结果");

    // A journal entry.
    t.keys(&["J", "a"]);
    t.wait_for("参与人员");
    t.keys(&["Down"]);
    t.text("主机房");
    t.keys(&["Down"]);
    t.text("张工");
    t.keys(&["Down"]);
    t.text("核查机房门禁");
    t.keys(&["C-s"]);
    t.wait_for("测评日志 1");

    // Quit: home, then out.
    t.keys(&["q"]);
    t.wait_for("打开示例");
    t.keys(&["q"]);
    let start = Instant::now();
    while t.running() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!t.running(), "q on the home screen quits");

    // The command line sees all of it.
    let status = json(&["status"], &file);
    assert_eq!(status["progress"]["assessed"], 6, "{status:#}");
    let evidence = json(&["evidence", "list"], &file);
    let pieces = evidence.as_array().unwrap();
    assert_eq!(pieces.len(), 1);
    assert_eq!(pieces[0]["size"], 200 * 1024 * 1024);
    assert_eq!(pieces[0]["name"], "交换机配置备份.bin");
    let journal = json(&["journal", "list"], &file);
    assert_eq!(journal.as_array().unwrap().len(), 1);
    assert_eq!(journal[0]["location"], "主机房");

    // The record is the two typed lines and the pasted text; the paste's "3" and "f"
    // did nothing of their own.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let (verdict, record): (String, String) = conn
        .query_row(
            "SELECT r.verdict, r.record FROM result r JOIN object o ON o.id = r.object_id
             WHERE r.item_id = 'L3-CES1-01' AND o.name = 'HIS服务器'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(verdict, "non-compliant");
    assert_eq!(record, "第一行\n第二行\n粘贴一\n3\nf粘贴二");
    let terminals: i64 = conn
        .query_row(
            "SELECT count(*) FROM result r JOIN object o ON o.id = r.object_id
             WHERE o.name LIKE '门诊终端%' AND r.verdict = 'compliant' AND r.item_id = 'L3-CES1-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(terminals, 5);
    // Nothing else: six results, nine objects, one piece of evidence, one entry.
    let results: i64 = conn
        .query_row(
            "SELECT count(*) FROM result WHERE verdict != 'not-assessed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(results, 6);
    dengbao().arg("verify").arg(&file).assert().success();
}
