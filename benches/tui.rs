//! Terminal UI latency (`cargo bench --bench tui`): key press → next frame drawn into
//! ratatui's `TestBackend`, for moving, filtering, searching and setting a verdict, on
//! the 60-object engagement and on a 600-object one (about 16 000 results), with the
//! first frame after opening. The verdict's write goes to the worker and is not waited
//! for (the frame never waits on the disk), so it is not part of the time. Goal: p99
//! under 5 ms, first frame under 150 ms.
//!
//! Then a 1 GiB attach from the UI (the worker on its thread reporting progress, the UI
//! loop drawing on every message and tick, as the runtime does) side by side with
//! `dengbao attach` of the same file: goal within 1.1× the command's time, with at
//! least 10 frames a second drawn meanwhile. `DENGBAO_BENCH_MIB` changes the size.

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
    let cases: [(&str, Keys); 5] = [
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
            "search / clear",
            Box::new(|i| {
                if i % 2 == 0 {
                    let mut keys = vec![key(KeyCode::Char('/'))];
                    keys.extend("口令".chars().map(|c| key(KeyCode::Char(c))));
                    keys.push(key(KeyCode::Enter));
                    keys
                } else {
                    vec![key(KeyCode::Char('x'))]
                }
            }),
        ),
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
    attach(&dir, bin);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 1 GiB attach from the UI next to the command line's.
fn attach(dir: &Path, bin: &str) {
    use dengbao::tui::worker::{Job, Progress, Worker};
    let mib: u64 = std::env::var("DENGBAO_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let data = dir.join("capture.bin");
    common::write_pseudo_random(&data, mib << 20);
    let mut cli = Vec::new();
    let mut ui = Vec::new();
    let mut fps = Vec::new();
    for run in 0..3 {
        let file = dir.join(format!("attach-cli{run}.dengbao"));
        run_ok(
            Command::new(bin)
                .arg("new")
                .arg(&file)
                .args(["--system", "b", "--org", "b", "--level", "3"]),
        );
        cli.push(
            common::measure(
                Command::new(bin)
                    .arg("attach")
                    .arg(&file)
                    .arg(&data)
                    .args(["--item", "L3-PSS1-01"]),
            )
            .secs,
        );

        let file = dir.join(format!("attach-ui{run}.dengbao"));
        run_ok(
            Command::new(bin)
                .arg("new")
                .arg(&file)
                .args(["--system", "b", "--org", "b", "--level", "3"]),
        );
        let mut worker = Worker::new(Vec::new(), "bench", dir.join("home"));
        let mut app = dengbao::tui::app::App::new(dengbao::tui::screens::home::Home::new(Vec::new()));
        update(&mut app, Msg::Done(Box::new(worker.run(Job::Open(file.clone())))));
        let w = app.workspace().unwrap();
        let object_id = w
            .snapshot
            .objects
            .iter()
            .find(|o| o.name == "安全管理")
            .unwrap()
            .id;
        let job = Job::Attach {
            item: "L3-PSS1-01".into(),
            object_id,
            paths: vec![data.clone()],
            opts: Default::default(),
        };
        let (tx, rx) = std::sync::mpsc::channel::<Msg>();
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
        let start = Instant::now();
        let progress_tx = tx.clone();
        let thread = std::thread::spawn(move || {
            let mut last = Instant::now();
            let outcome = worker.run_with(job, &mut |p: Progress| {
                if last.elapsed() >= std::time::Duration::from_millis(50) {
                    last = Instant::now();
                    let _ = progress_tx.send(Msg::Progress(p));
                }
                true
            });
            let _ = tx.send(Msg::Done(Box::new(outcome)));
        });
        let mut frames = 0u32;
        loop {
            terminal.draw(|f| dengbao::tui::view::render(&app, f)).unwrap();
            frames += 1;
            match rx.recv_timeout(std::time::Duration::from_millis(250)) {
                Ok(msg @ Msg::Done(_)) => {
                    update(&mut app, msg);
                    break;
                }
                Ok(msg) => {
                    update(&mut app, msg);
                }
                Err(_) => {}
            }
        }
        let secs = start.elapsed().as_secs_f64();
        thread.join().unwrap();
        assert!(
            app.message.as_ref().is_some_and(|m| !m.error),
            "{:?}",
            app.message
        );
        ui.push(secs);
        fps.push(f64::from(frames) / secs);
    }
    let (c, u, f) = (p(&mut cli, 0.5), p(&mut ui, 0.5), p(&mut fps, 0.5));
    println!(
        "attach {mib} MiB, median of 3: dengbao attach {c:.2} s, from the UI {u:.2} s, ratio {:.2} (goal <= 1.1)",
        u / c
    );
    println!("  frames drawn meanwhile: {f:.0} per second (goal >= 10)");
}
