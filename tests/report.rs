//! The printable report: content, both languages, escaping of everything users type,
//! DRAFT marking, template overrides, and printing through headless Chromium.

mod common;

use std::path::{Path, PathBuf};

use common::{dengbao, fixture};
use predicates::prelude::*;

const NOW: &str = "2026-11-20T08:00:00Z";

/// The binary with a fixed clock and the four-item test baseline.
fn db() -> assert_cmd::Command {
    let mut cmd = dengbao();
    cmd.env("DENGBAO_NOW", NOW)
        .env("TZ", "UTC")
        .arg("--packs")
        .arg(fixture("packs/tiny"));
    cmd
}

fn run(args: &[&str], file: &Path) {
    let words = if matches!(args[0], "asset") { 2 } else { 1 };
    db().args(&args[..words])
        .arg(file)
        .args(&args[words..])
        .assert()
        .success();
}

/// A small engagement on the test baseline with a finding, a correction, evidence and
/// an interview; `complete` assesses every pair so the quality gate passes.
fn small_engagement(dir: &Path, complete: bool) -> PathBuf {
    let file = dir.join("small.dengbao");
    db().arg("new")
        .arg(&file)
        .args([
            "--system",
            "预约挂号系统",
            "--org",
            "示例县人民医院",
            "--level",
            "3",
        ])
        .assert()
        .success();
    run(
        &[
            "asset",
            "add",
            "--kind",
            "machine-room",
            "--name",
            "主机房",
            "--detail",
            "门诊楼 3 层",
        ],
        &file,
    );
    run(
        &["asset", "add", "--kind", "server", "--name", "预约服务器"],
        &file,
    );
    run(
        &[
            "set",
            "L3-PES1-03",
            "--asset",
            "主机房",
            "--verdict",
            "compliant",
            "--record",
            "已部署电子门禁并保留 6 个月记录",
        ],
        &file,
    );
    run(
        &[
            "set",
            "L3-CES1-01",
            "--asset",
            "预约服务器",
            "--verdict",
            "non-compliant",
            "--record",
            "root 使用弱口令",
            "--risk",
            "high",
            "--high-risk-case",
            "6.4.1.1",
            "--remediation",
            "修改口令并启用复杂度策略",
            "--corrected",
            "partial",
            "--rationale",
            "堡垒机强制双因素登录",
        ],
        &file,
    );
    let shot = dir.join("口令策略.png");
    std::fs::write(&shot, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    run(
        &[
            "attach",
            shot.to_str().unwrap(),
            "--item",
            "L3-CES1-01",
            "--asset",
            "预约服务器",
            "--captured-at",
            "2026-11-18 10:00",
        ],
        &file,
    );
    run(
        &[
            "interview",
            "--item",
            "L3-PSS1-01",
            "--who",
            "刘强",
            "--role",
            "信息科主任",
            "--at",
            "2026-11-18T09:00:00+08:00",
            "--summary",
            "总体方针已发布",
        ],
        &file,
    );
    if complete {
        run(
            &[
                "set",
                "L3-CNS1-03",
                "--verdict",
                "compliant",
                "--record",
                "已按业务划分安全区域",
            ],
            &file,
        );
        run(
            &[
                "set",
                "L3-PSS1-01",
                "--verdict",
                "partial",
                "--record",
                "方针未经评审",
                "--risk",
                "low",
            ],
            &file,
        );
    }
    file
}

fn render(file: &Path, lang: &str) -> String {
    let out = file.with_extension(format!("{lang}.html"));
    db().arg("report")
        .arg(file)
        .arg("--out")
        .arg(&out)
        .args(["--lang", lang])
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

/// Hashes (64 hex digits) change with pack content and time, ids (UUIDs) with every
/// run; the snapshot keeps their place.
fn redact_hashes(html: &str) -> String {
    let is_uid = |run: &str| {
        let parts: Vec<usize> = run.split('-').map(str::len).collect();
        parts == [8, 4, 4, 4, 12]
    };
    let mut out = String::with_capacity(html.len());
    let mut run = String::new();
    for c in html.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() || (c == '-' && !run.is_empty()) {
            run.push(c);
            continue;
        }
        if run.len() == 64 {
            out.push_str("[sha256]")
        } else if is_uid(&run) {
            out.push_str("[uid]")
        } else {
            out.push_str(&run)
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

#[test]
fn report_snapshot_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), false);
    insta::assert_snapshot!("small_report_zh", redact_hashes(&render(&file, "zh")));
}

#[test]
fn report_snapshot_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), false);
    insta::assert_snapshot!("small_report_en", redact_hashes(&render(&file, "en")));
}

#[test]
fn report_forbids_scripts_and_external_resources() {
    let dir = tempfile::tempdir().unwrap();
    let html = render(&small_engagement(dir.path(), false), "zh");
    assert!(html.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;"#));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(
        !html.contains("http://")
            || html
                .matches("http://")
                .all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert!(!html.contains("https://"));
    assert!(
        !html.contains("src=\"data:image/png;base64,"),
        "the compact evidence appendix lists pieces without thumbnails"
    );
    let full = dir.path().join("full.html");
    db().arg("report")
        .arg({
            let again = dir.path().join("again");
            std::fs::create_dir(&again).unwrap();
            small_engagement(&again, false)
        })
        .arg("--out")
        .arg(&full)
        .args(["--evidence", "full"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&full)
            .unwrap()
            .contains("src=\"data:image/png;base64,"),
        "the full appendix embeds the screenshot as a thumbnail"
    );
}

#[test]
fn draft_marks_a_report_that_fails_the_gate_and_only_such_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let draft = render(&small_engagement(dir.path(), false), "en");
    assert!(
        draft.contains("content: \"DRAFT\""),
        "the page margin carries DRAFT on every page"
    );
    assert!(draft.contains("class=\"draft-mark\""));
    let dir2 = tempfile::tempdir().unwrap();
    let file = small_engagement(dir2.path(), true);
    db().arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("gate passed"));
    let final_report = render(&file, "zh");
    assert!(
        !final_report.contains("draft-mark\""),
        "no DRAFT on a report that passes the gate"
    );
    assert!(!final_report.contains("@top-center"));
}

#[test]
fn check_lists_each_problem_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), false);
    db().arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("L3-CNS1-03   整体网络  not assessed"))
        .stdout(predicate::str::contains(
            "gate failed: 2 problems (2 not assessed)",
        ));
    let status = common::status_json(&file);
    assert_eq!(status["gate"]["problems"], 2);
}

const HOSTILE: &[&str] = &[
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% include \"report.css\" %}",
    "\u{202E}gnp.exe",
];

#[test]
fn everything_users_type_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.dengbao");
    let long_word = "W".repeat(10_000);
    let h = |i: usize| format!("{}-{i}", HOSTILE[i % HOSTILE.len()]);
    db().arg("new")
        .arg(&file)
        .args(["--system", &h(0), "--org", &h(1), "--level", "3"])
        .assert()
        .success();
    run(
        &[
            "asset",
            "add",
            "--kind",
            "server",
            "--name",
            &h(2),
            "--detail",
            &h(3),
        ],
        &file,
    );
    run(
        &["asset", "add", "--kind", "machine-room", "--name", &h(4)],
        &file,
    );
    run(
        &[
            "set",
            "L3-CES1-01",
            "--asset",
            &h(2),
            "--verdict",
            "non-compliant",
            "--record",
            &format!("{} {long_word}", h(0)),
            "--risk",
            "medium",
            "--remediation",
            &h(1),
            "--corrected",
            "partial",
            "--rationale",
            &h(3),
        ],
        &file,
    );
    run(
        &[
            "set",
            "L3-PES1-03",
            "--asset",
            &h(4),
            "--verdict",
            "not-applicable",
            "--reason",
            &h(1),
        ],
        &file,
    );
    let evil = dir.path().join(h(1).replace('/', "_"));
    std::fs::write(&evil, "x").unwrap();
    run(
        &[
            "attach",
            evil.to_str().unwrap(),
            "--item",
            "L3-CES1-01",
            "--asset",
            &h(2),
            "--note",
            &h(0),
        ],
        &file,
    );
    run(&["attach", "--text", &h(4), "--item", "L3-PSS1-01"], &file);
    run(
        &[
            "interview",
            "--item",
            "L3-PSS1-01",
            "--who",
            &h(0),
            "--role",
            &h(1),
            "--at",
            "2026-11-18",
            "--summary",
            &h(2),
        ],
        &file,
    );
    {
        let mut store = dengbao::store::Store::open(&file, dengbao::store::Access::Write, "test").unwrap();
        store
            .set_engagement_info(&dengbao::domain::engagement::EngagementInfo {
                agency: h(0),
                evaluators: h(1),
                report_id: h(2),
                starts_on: h(3),
                ends_on: h(4),
                rule_set: dengbao::domain::RuleSet::R2025,
            })
            .unwrap();
    }
    // Every report detail, and texts per category and per finding.
    let mut details: Vec<String> = dengbao::domain::details::DETAILS
        .iter()
        .filter(|d| {
            use dengbao::domain::details::Form;
            matches!(d.form, Form::Line | Form::Lines)
        })
        .enumerate()
        .map(|(i, d)| format!("{}={}", d.key, h(i)))
        .collect();
    details.push(format!("category.gbt22239-2019/CES.measures={}", h(0)));
    details.push(format!("category.gbt22239-2019/CES.problems={}", h(1)));
    for part in ["threat", "harm", "not-high"] {
        details.push(format!("finding.L3-CES1-01@{}.{part}={}", h(2), h(3)));
    }
    let mut info = db();
    info.arg("info").arg(&file);
    for d in &details {
        info.arg("--set").arg(d);
    }
    info.assert().success();
    for lang in ["zh", "en"] {
        let html = render(&file, lang);
        assert!(
            !html.to_lowercase().contains("<script"),
            "{lang}: unescaped <script>"
        );
        assert!(!html.contains("<img src=x"), "{lang}: unescaped img");
        assert!(!html.contains("onerror=alert(1)>"), "{lang}: unescaped attribute");
        if let Some(i) = html.find('\u{202E}') {
            panic!(
                "{lang}: bidi override survived: {}",
                &html[i.saturating_sub(200)..i]
            );
        }
        assert!(
            html.contains("&lt;script&gt;"),
            "{lang}: the text is still shown, escaped"
        );
        assert!(
            html.contains("{{ 7*7 }}"),
            "{lang}: template syntax in data stays literal"
        );
        assert!(!html.contains(">49<"), "{lang}");
        assert!(html.contains(&long_word), "{lang}: long words are kept whole");
        assert_eq!(
            html.matches("<img ").count(),
            0,
            "{lang}: no images but thumbnails, and none here"
        );
    }
}

#[test]
fn templates_folder_overrides_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), false);
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let labels = include_str!("../templates/labels.toml").replace("网络安全等级保护测评报告", "本院自查报告");
    std::fs::write(templates.join("labels.toml"), labels).unwrap();
    let out = dir.path().join("custom.html");
    db().arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .arg("--templates")
        .arg(&templates)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("<h1>本院自查报告</h1>")
    );
    std::fs::write(templates.join("report.html"), "{% if %}").unwrap();
    db().arg("report")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("broken.html"))
        .arg("--templates")
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("templates:"));
}

#[test]
fn pdf_without_chromium_says_how_to_install_it_and_keeps_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), false);
    let html = dir.path().join("r.html");
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    db().env("PATH", &empty)
        .env_remove("DENGBAO_CHROMIUM")
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&html)
        .arg("--pdf")
        .arg(dir.path().join("r.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Chromium is not installed (Debian/Ubuntu: apt-get install chromium",
        ));
    assert!(html.exists());
    assert!(!dir.path().join("r.pdf").exists());
}

fn tool(name: &str) -> std::process::Command {
    std::process::Command::new(name)
}

/// Prints the sample engagement with headless Chromium and reads the PDF back.
#[test]
fn demo_report_prints_to_a4_pdf_with_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.dengbao");
    dengbao()
        .env("DENGBAO_NOW", NOW)
        .arg("demo")
        .arg(&file)
        .assert()
        .success();
    let pdf = dir.path().join("demo.pdf");
    dengbao()
        .arg("report")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("demo.html"))
        .arg("--pdf")
        .arg(&pdf)
        .assert()
        .success();
    let info = tool("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages > 1, "{pages}");
    let text = tool("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("医院信息系统（HIS）"), "system name");
    assert!(
        text.contains("基本符合") || text.contains("不符合") || text.contains("符合"),
        "conclusion"
    );
    assert!(
        text.contains(&format!("第 2 页 / 共 {pages} 页")),
        "page-number footer"
    );
    assert!(!text.contains("第 1 页 / 共"), "no page number on the cover");
    // The 2025 template's order: front matter, then chapters 1 to 8, then appendices.
    let body = &text[text.find("1 测评项目概述\n1.1").expect("chapter 1")..];
    let mut at = 0;
    for heading in [
        "1 测评项目概述",
        "2 被测对象描述",
        "3 单项测评结果分析",
        "4 整体测评",
        "5 安全问题风险分析",
        "6 总体评价",
        "7 等级测评结论",
        "8 安全问题整改建议",
        "附录 A 被测对象资产",
        "附录 D 单项测评结果记录",
        "附录 G 重大风险隐患",
    ] {
        let found = body[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} after the one before"));
        at += found + heading.len();
    }
    for front in [
        "网络安全等级测评基本信息表",
        "声明",
        "目录",
        "委托单位",
        "示例市卫生健康委员会",
    ] {
        assert!(text.contains(front), "{front}");
    }
    // Sign-off names are printed.
    for name in ["李明", "张华", "刘强"] {
        assert!(text.contains(name), "{name}");
    }
    // Bookmarks from the headings.
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/Outlines"), "the PDF has an outline");
    assert!(
        raw.matches("/Title <FEFF").count() >= 20,
        "bookmarks for the headings"
    );
    assert!(
        text.contains("草稿"),
        "the sample fails the gate, so it is a draft"
    );
}
