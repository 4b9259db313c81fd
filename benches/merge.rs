//! Merge speed, side by side in the same run (`cargo bench --bench merge`): two copies
//! of a 600-object engagement, 1 000 results changed on each side of which 100 both
//! sides changed differently (conflicts); `dengbao merge` of one into the other beside
//! opening both files (`dengbao status --json` of each, which reads everything once).
//! Goal: the merge under a second. A plain `main` for the same reasons as the evidence
//! benchmark.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{median, run_ok, spread, timed};
use dengbao::domain::analysis::Analysis;
use dengbao::domain::result::ResultUpdate;
use dengbao::domain::snapshot::Snapshot;
use dengbao::domain::{Risk, Verdict};
use dengbao::store::{Access, Store};

const RUNS: usize = 3;
const CHANGED: usize = 1000;
const CONFLICTS: usize = 100;

/// Sets `range` of the engagement's pairs (in checklist order) to one partial result.
fn change(file: &Path, range: std::ops::Range<usize>, record: &str) {
    let mut store = Store::open(file, Access::Write, "bench").unwrap();
    let s = Snapshot::load(&store).unwrap();
    let a = Analysis::of(&s);
    let pairs: Vec<(String, i64)> = a.pairs[range]
        .iter()
        .map(|p| (s.items[p.item].id.clone(), s.objects[p.object].id))
        .collect();
    let update = ResultUpdate {
        verdict: Some(Verdict::Partial),
        record: Some(record.into()),
        risk: Some(Risk::Low),
        ..Default::default()
    };
    dengbao::ops::results::bulk(&mut store, &pairs, &update, &[]).unwrap();
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-merge");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_dengbao");
    let base = dir.join("base.dengbao");
    run_ok(Command::new(bin).arg("demo").arg(&base).args([
        "--objects",
        "600",
        "--evidence",
        "200",
        "--assessed",
        "50",
        "--seed",
        "11",
    ]));
    let (ours, theirs) = (dir.join("ours.dengbao"), dir.join("theirs.dengbao"));
    std::fs::copy(&base, &ours).unwrap();
    std::fs::copy(&base, &theirs).unwrap();
    change(&ours, 0..CHANGED, "本机测评师的记录");
    let from = CHANGED - CONFLICTS;
    change(&theirs, from..from + CHANGED, "对方测评师的记录");
    let results = {
        let store = Store::open(&ours, Access::Read, "bench").unwrap();
        Analysis::of(&Snapshot::load(&store).unwrap()).pairs.len()
    };
    let work = dir.join("work.dengbao");
    let (mut merge, mut open) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        std::fs::copy(&ours, &work).unwrap();
        let mut cmd = Command::new(bin);
        cmd.arg("merge").arg(&work).arg(&theirs);
        let start = std::time::Instant::now();
        let status = cmd.stdout(std::process::Stdio::null()).status().unwrap();
        merge.push(start.elapsed().as_secs_f64());
        assert_eq!(status.code(), Some(1), "the merge leaves the conflicts open");
        let mut both = 0.0;
        for f in [&ours, &theirs] {
            both += timed(Command::new(bin).arg("status").arg(f).arg("--json")).0;
        }
        open.push(both);
    }
    let conflicts = {
        let store = Store::open(&work, Access::Read, "bench").unwrap();
        store.open_conflicts().unwrap().len()
    };
    assert_eq!(conflicts, CONFLICTS);
    run_ok(Command::new(bin).arg("verify").arg(&work));
    let spreads = [spread(&mut merge), spread(&mut open)];
    let (m, o) = (median(&mut merge), median(&mut open));
    println!(
        "merge benchmark: 600 objects, {results} results, {CHANGED} changed on each side, {conflicts} conflicts; median of {RUNS} runs"
    );
    println!("  dengbao merge                {m:>8.2} s   (goal < 1 s)");
    println!("  status --json of both files  {o:>8.2} s");
    println!("  spreads: merge {}, open {}", spreads[0], spreads[1]);
    let _ = std::fs::remove_dir_all(&dir);
}
