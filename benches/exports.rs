//! Export speed, side by side in the same run (`cargo bench --bench exports`): the XLSX
//! workbook of the 60-object engagement beside the CSV export of the same file (one
//! row per result either way; the workbook adds a sheet per object, styles and the
//! zip), and the JSON and OSCAL exports beside them. A plain `main` for the same reasons
//! as the evidence benchmark.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{median, run_ok, spread, timed};

const RUNS: usize = 5;

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-exports");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_dengbao");
    let file = dir.join("sixty.dengbao");
    run_ok(Command::new(bin).arg("demo").arg(&file).args([
        "--objects",
        "60",
        "--evidence",
        "200",
        "--assessed",
        "100",
        "--seed",
        "3",
    ]));
    let formats = ["csv", "xlsx", "json", "oscal"];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); formats.len()];
    for _ in 0..RUNS {
        for (format, t) in formats.iter().zip(times.iter_mut()) {
            let out = dir.join(format!("export.{format}"));
            t.push(
                timed(
                    Command::new(bin)
                        .arg("export")
                        .arg(&file)
                        .args(["--format", format, "--out"])
                        .arg(&out)
                        .arg("--force"),
                )
                .0,
            );
        }
    }
    println!("export benchmark: 60 objects, every level-3 item assessed; median of {RUNS} runs");
    let csv = median(&mut times[0].clone());
    for (format, t) in formats.iter().zip(times.iter_mut()) {
        let size = std::fs::metadata(dir.join(format!("export.{format}")))
            .map(|m| m.len())
            .unwrap_or(0);
        let spread = spread(t);
        let m = median(t);
        println!(
            "  export --format {format:<6} {m:>8.3} s   {:>7.1} KiB   {:>5.2}× csv   spread {spread}",
            size as f64 / 1024.0,
            m / csv
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
