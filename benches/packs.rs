//! Pack loading speed (`cargo bench --bench packs`): `dengbao checklist lint` of a 50 MB
//! generated pack, beside parsing the same text as plain TOML in this process (the floor
//! any loader pays), with the lint's peak memory. Goal: under 5 s and 500 MiB.
//! `DENGBAO_BENCH_PACK_ITEMS` changes the item count.

#[path = "../tests/common/pack.rs"]
mod pack;

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use common::{measure, median, spread};

const RUNS: usize = 3;

fn main() {
    let items: usize = std::env::var("DENGBAO_BENCH_PACK_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(90_000);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-packs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.toml");
    std::fs::write(&file, pack::big_pack(items)).unwrap();
    let bin = env!("CARGO_BIN_EXE_dengbao");
    let mut lint = Vec::new();
    let mut toml_only = Vec::new();
    let mut rss = 0;
    // The children first, while this process is small: a child's peak memory counts the
    // parent's pages it was forked from.
    for _ in 0..RUNS {
        let cost = measure(Command::new(bin).args(["checklist", "lint"]).arg(&file));
        lint.push(cost.secs);
        rss = rss.max(cost.rss_kib);
    }
    let text = std::fs::read_to_string(&file).unwrap();
    for _ in 0..RUNS {
        let start = Instant::now();
        let table: toml::Table = toml::from_str(&text).unwrap();
        std::hint::black_box(table);
        toml_only.push(start.elapsed().as_secs_f64());
    }
    println!(
        "pack loading benchmark: {items} items, {:.1} MB; median (min–max) of {RUNS} runs",
        text.len() as f64 / 1e6
    );
    println!("  dengbao checklist lint       {}", spread(&mut lint));
    println!("  toml::from_str (reference)   {}", spread(&mut toml_only));
    println!(
        "  ratio lint / TOML parse      {:>8.2}",
        median(&mut lint) / median(&mut toml_only)
    );
    println!(
        "  lint peak RSS                {:>8.1} MiB (goal < 500)",
        rss as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
