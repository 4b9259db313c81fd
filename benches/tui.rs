//! Terminal UI latency (`cargo bench --bench tui`): key press → next frame drawn into
//! ratatui's `TestBackend`, for moving, filtering, searching and setting a verdict, on
//! the 60-object engagement and on a 600-object one (about 16 000 results), with the
//! first frame after opening. The verdict's write goes to the worker and is not waited
//! for (the frame never waits on the disk), so it is not part of the time. Goal: p99
//! under 5 ms, first frame under 150 ms.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::run_ok;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dengbao::tui::Session;
use dengbao::tui::update::{Msg, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PRESSES: usize = 200;

/// The keys of one press, by its number.
type Keys = Box<dyn Fn(usize) -> Vec<Msg>>;

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn p(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn bench(file: &Path, label: &str) {
    let home = file.with_extension("home");
    let start = Instant::now();
    let mut s = Session::new(Vec::new(), "bench", home);
    s.open(file).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    terminal.draw(|f| dengbao::tui::view::render(&s.app, f)).unwrap();
    let first = start.elapsed().as_secs_f64() * 1000.0;
    let results = s.app.workspace().map(|w| w.analysis.pairs.len()).unwrap_or(0);
    println!("{label}: {results} item × object results; first frame after open {first:.0} ms (goal < 150)");
    let mut frame = |s: &mut Session, msgs: Vec<Msg>| -> f64 {
        let t = Instant::now();
        for m in msgs {
            // Jobs are what the worker would run meanwhile; the frame does not wait.
            let _jobs = update(&mut s.app, m);
        }
        terminal.draw(|f| dengbao::tui::view::render(&s.app, f)).unwrap();
        t.elapsed().as_secs_f64() * 1000.0
    };
    let cases: [(&str, Keys); 4] = [
        (
            "move",
            Box::new(|i| {
                vec![key(if i % 20 < 10 {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                })]
            }),
        ),
        ("next not assessed", Box::new(|_| vec![key(KeyCode::Char('n'))])),
        (
            "filter findings / clear",
            Box::new(|i| {
                if i % 2 == 0 {
                    vec![
                        key(KeyCode::Char('f')),
                        key(KeyCode::Right),
                        key(KeyCode::Right),
                        key(KeyCode::Enter),
                    ]
                } else {
                    vec![key(KeyCode::Char('x'))]
                }
            }),
        ),
        (
            "verdict",
            Box::new(|i| {
                vec![
                    key(KeyCode::Char(if i % 2 == 0 { '1' } else { '2' })),
                    key(KeyCode::Char('j')),
                ]
            }),
        ),
    ];
    for (name, msgs) in cases.iter() {
        let mut times: Vec<f64> = (0..PRESSES).map(|i| frame(&mut s, msgs(i))).collect();
        println!(
            "  {name:<24} median {:>6.2} ms   p99 {:>6.2} ms   (goal p99 < 5)",
            p(&mut times, 0.5),
            p(&mut times, 0.99)
        );
    }
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-tui");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_dengbao");
    for (objects, name) in [(60, "60 objects"), (600, "600 objects")] {
        let file = dir.join(format!("e{objects}.dengbao"));
        run_ok(Command::new(bin).arg("demo").arg(&file).args([
            "--objects",
            &objects.to_string(),
            "--evidence",
            "200",
            "--assessed",
            "40",
            "--seed",
            "3",
        ]));
        bench(&file, name);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
