//! The printable report: content, both languages, escaping of everything users type,
//! DRAFT marking, template overrides, and printing through headless Chromium.

mod common;
mod support;

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
        sign_off(&file);
    }
    file
}

/// Everything the report checker asks for: the front matter's details, a report number
/// of the right form, every asset's importance.
fn sign_off(file: &Path) {
    let mut info = db();
    info.arg("info").arg(file).args(["--agency", "示例测评中心"]);
    info.args(["--report-id", "44010000000-26001-26-0001-01"]);
    for set in [
        "client=示例市卫生健康委员会",
        "report-date=2026-12-01",
        "filing-number=44010000000-26001",
        "compiled-by=李明",
        "compiled-on=2026-11-25",
        "reviewed-by=张华",
        "reviewed-on=2026-11-28",
        "approved-by=刘强",
        "approved-on=2026-12-01",
    ] {
        info.args(["--set", set]);
    }
    info.assert().success();
    for asset in ["主机房", "预约服务器"] {
        run(&["asset", "edit", asset, "--importance", "key"], file);
    }
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
        .arg("--report")
        .assert()
        .success()
        .stdout(predicate::str::contains("gate passed"))
        .stdout(predicate::str::contains("report check passed"));
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
    // A partial labels file: one label, the rest stay the embedded ones.
    std::fs::write(
        templates.join("labels.toml"),
        "[zh]\nreport_title = \"本院自查报告\"\n",
    )
    .unwrap();
    // A house partial and a logo, used by a house copy of the main template.
    std::fs::write(
        templates.join("house.html"),
        "<div class=\"house\"><img src=\"{{ a.logo }}\" alt=\"\"> {{ r.cover.org }}</div>",
    )
    .unwrap();
    std::fs::write(templates.join("logo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let main =
        include_str!("../templates/report.html").replace("<main>", "<main>{% include \"house.html\" %}");
    std::fs::write(templates.join("report.html"), main).unwrap();
    let out = dir.path().join("custom.html");
    let render_with = |out: &Path| {
        let mut c = db();
        c.arg("report")
            .arg(&file)
            .arg("--out")
            .arg(out)
            .arg("--templates")
            .arg(&templates);
        c
    };
    render_with(&out).assert().success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<h1>本院自查报告</h1>"),
        "the label from the partial file"
    );
    assert!(
        html.contains("<h2>网络安全等级测评基本信息表</h2>"),
        "the other labels stay"
    );
    assert!(
        html.contains("<div class=\"house\"><img src=\"data:image/png;base64,"),
        "the partial and the image from the folder"
    );
    // A template error is one line naming the template, the place and what is wrong.
    std::fs::write(templates.join("house.html"), "<p>\n{{ r.cover.nothing }}</p>").unwrap();
    let broken = dir.path().join("broken.html");
    let failed = render_with(&broken).assert().code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("house.html:2:") && stderr.contains("nothing"),
        "{stderr}"
    );
    assert!(!broken.exists());
    std::fs::write(templates.join("report.html"), "{% if %}").unwrap();
    render_with(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("template report.html:1:"));
    // A labels file that is not TOML names itself.
    std::fs::remove_file(templates.join("report.html")).unwrap();
    std::fs::write(templates.join("labels.toml"), "[zh\n").unwrap();
    render_with(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("labels.toml:"));
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

/// Each rule of the report checker: the signed-off engagement passes; one change at a
/// time breaks exactly that rule, named.
#[test]
fn the_report_checker_names_each_rule() {
    let dir = tempfile::tempdir().unwrap();
    let good = small_engagement(dir.path(), true);
    let cases: [(&str, &[&[&str]], &str); 7] = [
        (
            "missing",
            &[&["info", "FILE", "--set", "client="]],
            "missing: client",
        ),
        (
            "dates",
            &[&["info", "FILE", "--set", "approved-on=2026-12-02"]],
            "report, approval and statement dates differ: report-date 2026-12-01 ≠ approved-on 2026-12-02",
        ),
        (
            "number",
            &[&["info", "FILE", "--report-id", "DB-2026-HIS-0001"]],
            "the report number is not FILING-YY-AGENCY-NN: DB-2026-HIS-0001",
        ),
        (
            "not-high",
            &[&[
                "set",
                "FILE",
                "L3-CES1-01",
                "--asset",
                "预约服务器",
                "--verdict",
                "non-compliant",
                "--record",
                "root 使用弱口令",
                "--risk",
                "medium",
            ]],
            "a high-risk case applies but the problem is not rated high, with no reason: L3-CES1-01 @ 预约服务器",
        ),
        (
            "importance",
            &[&["asset", "add", "FILE", "--kind", "server", "--name", "备用服务器"]],
            "asset without importance: 备用服务器",
        ),
        (
            "records",
            &[&[
                "asset",
                "add",
                "FILE",
                "--kind",
                "sensing-node",
                "--name",
                "温湿度传感器",
                "--importance",
                "general",
            ]],
            "asset with no record in appendix D: 温湿度传感器",
        ),
        (
            "unrated",
            &[&[
                "set",
                "FILE",
                "L3-PES1-03",
                "--asset",
                "主机房",
                "--verdict",
                "partial",
                "--record",
                "门禁记录仅 3 个月",
            ]],
            "problem without a risk rating, counted nowhere on the conclusion page: L3-PES1-03 @ 主机房",
        ),
    ];
    for (name, commands, says) in cases {
        let file = dir.path().join(format!("{name}.dengbao"));
        std::fs::copy(&good, &file).unwrap();
        for args in commands {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "FILE" { file.to_str().unwrap() } else { a })
                .collect();
            db().args(&args).assert().success();
        }
        let out = db().arg("check").arg(&file).arg("--report").assert().code(1);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("report: ")).collect();
        assert!(
            problems.iter().any(|p| p.contains(says)),
            "{name}: expected {says:?} in {problems:?}"
        );
        let html = render(&file, "en");
        assert!(
            html.contains("class=\"draft-mark\""),
            "{name}: the report is a draft"
        );
    }
    let report = db()
        .arg("check")
        .arg(&good)
        .args(["--report", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&report.get_output().stdout).unwrap();
    assert_eq!(json["report"], serde_json::json!([]));
}

/// The report's view model of an engagement file, built as `report` builds it.
fn model(file: &Path, lang: dengbao::domain::Lang) -> dengbao::report::model::Report {
    use dengbao::domain::analysis::Analysis;
    use dengbao::domain::snapshot::Snapshot;
    let store = dengbao::store::Store::open(file, dengbao::store::Access::Read, "test").unwrap();
    let snapshot = Snapshot::load(&store).unwrap();
    let analysis = Analysis::of(&snapshot);
    dengbao::report::model::build(&dengbao::report::model::ReportInput {
        snapshot: &snapshot,
        analysis: &analysis,
        thumbnails: &Default::default(),
        generated_at: NOW.into(),
        lang,
        evidence_full: None,
    })
}

/// Every count on the conclusion page equals the rows of the tables it summarises, per
/// scope, on the sample and on a large generated engagement; a corrected verdict is
/// printed wherever the verdict is, with the recorded one beside it.
#[test]
fn counts_agree_across_the_report_per_scope() {
    let dir = tempfile::tempdir().unwrap();
    for (name, objects) in [("sample", "27"), ("large", "60")] {
        let file = dir.path().join(format!("{name}.dengbao"));
        dengbao()
            .env("DENGBAO_NOW", NOW)
            .arg("demo")
            .arg(&file)
            .args(["--objects", objects, "--assessed", "70", "--evidence", "30"])
            .assert()
            .success();
        let r = model(&file, dengbao::domain::Lang::Zh);
        for profile in [false, true] {
            let rows: Vec<_> = r.risks.iter().filter(|x| x.profile == profile).collect();
            let by = |class: &str| rows.iter().filter(|x| x.risk_class == class).count();
            let (high, medium, low, unrated, findings) = match (&r.conclusion.profile, profile) {
                (_, false) => (
                    r.conclusion.high,
                    r.conclusion.medium,
                    r.conclusion.low,
                    r.conclusion.unrated,
                    r.conclusion.findings,
                ),
                (Some(p), true) => (p.high, p.medium, p.low, p.unrated, p.findings),
                (None, true) => (0, 0, 0, 0, 0),
            };
            assert_eq!(
                (by("high"), by("medium"), by("low"), by("none"), rows.len()),
                (high, medium, low, unrated, findings),
                "{name}, profile {profile}: conclusion page vs chapter 5"
            );
            let listed = r.findings.iter().filter(|f| f.profile == profile).count();
            assert_eq!(listed, findings, "{name}: chapter 3's problem table");
        }
        // The summary table's totals, per scope, against the figures.
        let store = dengbao::store::Store::open(&file, dengbao::store::Access::Read, "t").unwrap();
        let s = dengbao::domain::snapshot::Snapshot::load(&store).unwrap();
        let a = dengbao::domain::analysis::Analysis::of(&s);
        let mlps: Vec<_> = r.summary.iter().filter(|x| !x.profile).collect();
        let b = &a.mlps.progress.by_verdict;
        assert_eq!(
            mlps.iter().map(|x| x.not_assessed).sum::<usize>(),
            b.not_assessed,
            "{name}"
        );
        assert_eq!(
            mlps.iter().map(|x| x.compliant).sum::<usize>(),
            b.compliant,
            "{name}"
        );
        assert_eq!(
            mlps.iter().map(|x| x.tested).sum::<usize>(),
            a.mlps.progress.assessed,
            "{name}"
        );
        // Chapter 6's rate is chapter 7's.
        assert!(r.conclusion.rate.ends_with('%'));
        // The correction: partial, with the recorded non-compliant beside it.
        let finding = r
            .findings
            .iter()
            .find(|f| f.item == "L3-CES1-22" && f.object == "HIS 应用服务器 01")
            .expect("the corrected finding");
        assert_eq!(
            (finding.verdict.as_str(), finding.raw_verdict.as_deref()),
            ("部分符合", Some("不符合"))
        );
        let record = r
            .objects
            .iter()
            .find(|o| o.name == "HIS 应用服务器 01")
            .and_then(|o| o.rows.iter().find(|x| x.item == "L3-CES1-22"))
            .unwrap();
        assert_eq!(
            (record.verdict.as_str(), record.raw_verdict.as_deref()),
            ("部分符合", Some("不符合"))
        );
    }
}

/// The Word copy: the chapters as heading styles (what Word's navigation pane and table
/// of contents use), the conclusion and risk tables with the HTML's counts.
#[test]
fn the_word_copy_holds_the_chapters_as_headings_and_the_same_counts() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let file = small_engagement(dir.path(), true);
    let docx = dir.path().join("r.docx");
    let html = dir.path().join("r.html");
    db().arg("report")
        .arg(&file)
        .arg("--out")
        .arg(&html)
        .arg("--docx")
        .arg(&docx)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Each paragraph, from its start tag to its end tag.
    let paragraphs: Vec<&str> = xml
        .split("<w:p ")
        .skip(1)
        .map(|p| &p[..p.find("</w:p>").unwrap_or(p.len())])
        .collect();
    assert!(paragraphs.len() > 50, "{} paragraphs", paragraphs.len());
    let heading = |level: u8, text: &str| {
        let style = format!("<w:pStyle w:val=\"Heading{level}\" />");
        paragraphs.iter().any(|p| p.contains(&style) && p.contains(text))
    };
    for (level, text) in [
        (1, "网络安全等级测评基本信息表"),
        (1, "1 测评项目概述"),
        (1, "5 安全问题风险分析"),
        (1, "8 安全问题整改建议"),
        (1, "附录 A 被测对象资产"),
        (1, "附录 G 重大风险隐患"),
        (2, "1.1 测评目的"),
    ] {
        assert!(heading(level, text), "heading {level} {text}");
    }
    assert!(xml.contains("TOC \\o"), "a table of contents field");
    // Every paragraph names its style (readers that do not fall back to Word's default
    // style see none otherwise).
    for p in &paragraphs {
        assert!(
            p.contains("<w:pStyle "),
            "a paragraph without a style: {}",
            &p[..p.len().min(200)]
        );
    }
    let model = model(&file, dengbao::domain::Lang::Zh);
    let c = &model.conclusion;
    for (label, value) in [
        (
            "高风险问题",
            format!("{}（{} 已整改）", c.high, c.high_remediated),
        ),
        ("低风险问题", c.low.to_string()),
        ("符合率", c.rate.clone()),
    ] {
        let row = xml
            .split("<w:tr>")
            .find(|r| r.contains(&format!(">{label}<")))
            .unwrap_or_else(|| panic!("a row for {label}"));
        assert!(row.contains(&format!(">{value}<")), "{label}: {value}");
    }
    // Rendering again refuses to overwrite without --force and replaces with it.
    let again = |force: bool| {
        let mut c = db();
        c.arg("report")
            .arg(&file)
            .arg("--out")
            .arg(&html)
            .arg("--docx")
            .arg(&docx);
        if force {
            c.arg("--force");
        }
        c.assert()
    };
    again(false).code(2);
    again(true).success();
    // A file that is not this engagement's output is never replaced.
    std::fs::write(&docx, "someone's document").unwrap();
    again(true).code(2);
    assert_eq!(std::fs::read_to_string(&docx).unwrap(), "someone's document");
}

/// 重大风险隐患 are records of their own: problems of the same high-risk case on several
/// objects are one hidden risk, counted once on the conclusion page and listed once in
/// appendix G with every problem that triggers it; it is remediated when all are.
#[test]
fn major_hidden_risks_of_one_case_are_one_record_with_their_triggers() {
    use dengbao::domain::result::ResultUpdate;
    use dengbao::domain::{Risk, Verdict};
    let dir = tempfile::tempdir().unwrap();
    let mut b = support::Builder::level3(dir.path(), "m.dengbao");
    let major = |record: &str, case: &str, remediated: bool| ResultUpdate {
        verdict: Some(Verdict::NonCompliant),
        record: Some(record.into()),
        risk: Some(Risk::High),
        high_risk_case: Some(case.into()),
        major_hidden_risk: Some(true),
        remediation: Some("启用口令复杂度".into()),
        remediated: Some(remediated),
        ..Default::default()
    };
    b.set(
        "L3-CES1-01",
        Some("HIS-APP-01"),
        major("应用服务器弱口令", "6.4.1.1", true),
    )
    .set(
        "L3-CES1-01",
        Some("HIS-DB"),
        major("数据库弱口令", "6.4.1.1", false),
    );
    let file = b.done();
    let count = |file: &Path| {
        let m = model(file, dengbao::domain::Lang::Zh);
        (
            m.conclusion.major_hidden,
            m.conclusion.major_hidden_remediated,
            m.major_risks,
        )
    };
    let (n, done, rows) = count(&file);
    assert_eq!((n, done), (1, 0), "one hidden risk, not yet remediated");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].case.starts_with("6.4.1.1"));
    let triggers: Vec<(&str, bool)> = rows[0]
        .triggers
        .iter()
        .map(|t| (t.asset.as_str(), t.remediated))
        .collect();
    assert_eq!(triggers, [("HIS-APP-01", true), ("HIS-DB", false)]);
    // Remediating the second closes it; a problem flagged without a case is its own.
    let mut b = support::Builder {
        store: dengbao::store::Store::open(&file, dengbao::store::Access::Write, support::ACTOR).unwrap(),
        path: file.clone(),
    };
    b.set(
        "L3-CES1-01",
        Some("HIS-DB"),
        ResultUpdate {
            remediated: Some(true),
            ..Default::default()
        },
    )
    .set(
        "L3-PES1-03",
        Some("主机房"),
        ResultUpdate {
            verdict: Some(Verdict::NonCompliant),
            record: Some("机房漏水".into()),
            risk: Some(Risk::Medium),
            major_hidden_risk: Some(true),
            ..Default::default()
        },
    );
    let file = b.done();
    let (n, done, rows) = count(&file);
    assert_eq!((n, done), (2, 1));
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .any(|r| r.case.is_empty() && r.triggers.len() == 1 && !r.remediated)
    );
    let html = common::report_html(&file);
    assert!(
        html.contains("<dt>重大风险隐患</dt><dd>2（1 已整改）</dd>"),
        "the conclusion page counts the records"
    );
    assert!(html.contains("（未关联高风险判定指引）"));
}
