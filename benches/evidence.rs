//! Evidence speed, side by side with a reference in the same run (`cargo bench --bench
//! evidence`):
//!
//! - attaching a 1 GiB file vs `cp FILE copy && sha256sum FILE` on the same file, with
//!   the bytes each wrote to storage (each evidence byte is written once);
//! - `dengbao verify` of that engagement vs `sha256sum FILE`;
//! - peak memory (max RSS) of the attaching process.
//!
//! A plain `main` rather than criterion: the subjects are whole processes (the binary and
//! coreutils), timed a few times each, and the peak RSS comes from `wait4`, which a
//! statistics harness does not give. `DENGBAO_BENCH_MIB` changes the file size.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{measure, median, run_ok, spread, timed, write_pseudo_random};

const RUNS: usize = 3;

fn main() {
    let mib: u64 = std::env::var("DENGBAO_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-evidence");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("capture.bin");
    write_pseudo_random(&data, mib << 20);
    let bin = env!("CARGO_BIN_EXE_dengbao");

    let mut attach = Vec::new();
    let mut attach_rss = 0;
    let mut attach_written = 0;
    let mut reference_written = 0;
    let mut verify = Vec::new();
    let mut reference = Vec::new();
    let mut sha_only = Vec::new();
    for run in 0..RUNS {
        let file = dir.join(format!("run{run}.dengbao"));
        let copy = dir.join("copy.bin");
        run_ok(
            Command::new(bin)
                .arg("new")
                .arg(&file)
                .args(["--system", "bench", "--org", "bench", "--level", "3"]),
        );
        let cost = measure(
            Command::new(bin)
                .arg("attach")
                .arg(&file)
                .arg(&data)
                .args(["--item", "L3-PSS1-01"]),
        );
        attach.push(cost.secs);
        attach_rss = attach_rss.max(cost.rss_kib);
        attach_written = attach_written.max(cost.written);
        verify.push(timed(Command::new(bin).arg("verify").arg(&file)).0);
        let cp_and_hash = format!(
            "cp '{}' '{}' && sha256sum '{}'",
            data.display(),
            copy.display(),
            data.display()
        );
        let cost = measure(Command::new("sh").arg("-c").arg(cp_and_hash));
        reference.push(cost.secs);
        reference_written = reference_written.max(cost.written);
        sha_only.push(timed(Command::new("sha256sum").arg(&data)).0);
        let _ = std::fs::remove_file(&copy);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    let spreads = [
        spread(&mut attach),
        spread(&mut reference),
        spread(&mut verify),
        spread(&mut sha_only),
    ];
    let (a, r, v, s) = (
        median(&mut attach),
        median(&mut reference),
        median(&mut verify),
        median(&mut sha_only),
    );
    println!("evidence benchmark, {mib} MiB file, median (min–max) of {RUNS} runs");
    println!(
        "  attach                       {:>8.2} s   {:>7.0} MiB/s",
        a,
        mib as f64 / a
    );
    println!(
        "  cp FILE copy && sha256sum    {:>8.2} s   {:>7.0} MiB/s",
        r,
        mib as f64 / r
    );
    println!("  ratio attach / reference     {:>8.2}     (goal <= 1.0)", a / r);
    println!(
        "  written: attach {:.0} MiB, cp {:.0} MiB (goal: about the file once)",
        attach_written as f64 / 1048576.0,
        reference_written as f64 / 1048576.0
    );
    println!(
        "  spreads: attach {}, reference {}, verify {}, sha256sum {}",
        spreads[0], spreads[1], spreads[2], spreads[3]
    );
    println!(
        "  attach peak RSS              {:>8.1} MiB (goal < 64)",
        attach_rss as f64 / 1024.0
    );
    println!("  verify                       {:>8.2} s", v);
    println!("  sha256sum FILE               {:>8.2} s", s);
    println!("  ratio verify / sha256sum     {:>8.2}", v / s);
    let _ = std::fs::remove_dir_all(&dir);
}
