//! Report speed, side by side with a floor in the same run (`cargo bench --bench report`):
//! rendering the report of a large engagement (60 objects, every level-3 item assessed,
//! 5 000 pieces of evidence) vs `sqlite3 FILE .dump` of the same file, which reads all
//! the data once; plus the report's peak memory. Then, on the 60-object engagement with
//! the default (compact) evidence appendix: `report --pdf` beside Chromium printing the
//! same HTML directly (the floor of any PDF), with the page count; and `report --docx`
//! beside `report` alone. A plain `main` for the same reasons as the evidence
//! benchmark. Needs the `sqlite3` command and Chromium.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{median, run_ok, spread, timed};

const RUNS: usize = 3;

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-report");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_dengbao");
    let file = dir.join("large.dengbao");
    run_ok(Command::new(bin).arg("demo").arg(&file).args([
        "--objects",
        "60",
        "--evidence",
        "5000",
        "--assessed",
        "100",
        "--seed",
        "7",
    ]));
    if Command::new("sqlite3").arg("--version").output().is_err() {
        eprintln!(
            "the sqlite3 command is missing (apt-get install sqlite3); it is the reference of this benchmark"
        );
        std::process::exit(1);
    }
    let html = dir.join("report.html");
    let mut report = Vec::new();
    let mut dump = Vec::new();
    let mut rss = 0;
    for _ in 0..RUNS {
        let (t, r) = timed(
            Command::new(bin)
                .arg("report")
                .arg(&file)
                .arg("--out")
                .arg(&html)
                .arg("--force"),
        );
        report.push(t);
        rss = rss.max(r);
        let dump_cmd = format!("sqlite3 '{}' .dump > /dev/null", file.display());
        dump.push(timed(Command::new("sh").arg("-c").arg(dump_cmd)).0);
    }
    let size = std::fs::metadata(&html).map(|m| m.len()).unwrap_or(0);
    let spreads = [spread(&mut report), spread(&mut dump)];
    let (r, d) = (median(&mut report), median(&mut dump));
    println!(
        "report benchmark: 60 objects, all level-3 items, 5 000 pieces of evidence; median of {RUNS} runs"
    );
    println!(
        "  report                       {r:>8.2} s   ({:.1} MiB of HTML)",
        size as f64 / 1048576.0
    );
    println!("  sqlite3 FILE .dump           {d:>8.2} s");
    println!("  ratio report / dump          {:>8.2}     (goal <= 3)", r / d);
    println!("  spreads: report {}, dump {}", spreads[0], spreads[1]);
    println!(
        "  report peak RSS              {:>8.1} MiB (goal < 200)",
        rss as f64 / 1024.0
    );
    print_and_word(&dir, bin);
    let _ = std::fs::remove_dir_all(&dir);
}

/// PDF and Word copies of the 60-object engagement, each beside its floor.
fn print_and_word(dir: &std::path::Path, bin: &str) {
    let file = dir.join("sixty.dengbao");
    run_ok(Command::new(bin).arg("demo").arg(&file).args([
        "--objects",
        "60",
        "--evidence",
        "200",
        "--assessed",
        "40",
        "--seed",
        "3",
    ]));
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        eprintln!("Chromium is missing (apt-get install chromium); the PDF part is left out");
        return;
    };
    let (html, pdf, direct, docx) = (
        dir.join("sixty.html"),
        dir.join("sixty.pdf"),
        dir.join("direct.pdf"),
        dir.join("sixty.docx"),
    );
    let (mut ours, mut floor, mut html_only, mut word) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let profile = dir.join("profile");
    for _ in 0..RUNS {
        let report = |extra: &[&std::path::Path], flag: &str| {
            let mut c = Command::new(bin);
            c.arg("report").arg(&file).arg("--out").arg(&html).arg("--force");
            for p in extra {
                c.arg(flag).arg(p);
            }
            timed(&mut c).0
        };
        html_only.push(report(&[], ""));
        ours.push(report(&[&pdf], "--pdf"));
        word.push(report(&[&docx], "--docx"));
        floor.push(
            timed(
                Command::new(chromium)
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-pdf-header-footer",
                    ])
                    .arg(format!("--user-data-dir={}", profile.display()))
                    .arg(format!("--print-to-pdf={}", direct.display()))
                    .arg(format!("file://{}", html.display()))
                    .stderr(std::process::Stdio::null()),
            )
            .0,
        );
    }
    let pages = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into());
    let (o, f, h, w) = (
        median(&mut ours),
        median(&mut floor),
        median(&mut html_only),
        median(&mut word),
    );
    println!("60 objects, 200 pieces of evidence, compact evidence appendix; median of {RUNS} runs");
    println!("  report --pdf                 {o:>8.2} s   ({pages} pages, goal < 300)");
    println!("  Chromium prints the HTML     {f:>8.2} s");
    println!("  report (HTML only)           {h:>8.2} s");
    println!("  report --docx (HTML + Word)  {w:>8.2} s");
}
