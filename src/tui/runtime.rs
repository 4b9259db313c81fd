//! The runtime: one channel fed by an input thread (keys, pastes, mouse, resizes), the
//! worker thread (outcomes) and a tick; the loop draws, takes every message waiting,
//! hands each to `update`, and passes the jobs it returns to the worker. The UI thread
//! never waits on a file. The terminal is restored on exit, on error and on panic.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyEventKind,
};
use crossterm::execute;

use super::app::App;
use super::screens::home::Home;
use super::update::{Msg, update};
use super::worker::{Job, Outcome, Progress, Worker};
use super::{TuiError, data_dir, recent, view};

const TICK: Duration = Duration::from_millis(250);
const PROGRESS: Duration = Duration::from_millis(50);

/// Runs the UI in the terminal, on the home screen or on `open`.
pub fn run(packs: &[std::path::PathBuf], actor: &str, open: Option<&Path>) -> Result<(), TuiError> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(TuiError::NoTerminal);
    }
    let dir = data_dir();
    let mut worker = Worker::new(packs.to_vec(), actor, dir.clone());
    let mut app = App::new(Home::new(recent(&dir)));
    super::use_keymap(&mut app, super::keymap::user_file().as_deref());
    if let Some(path) = open {
        // A file named on the command line that cannot be opened is an error before the
        // UI starts, like any other command's.
        match worker.run(Job::Open(path.to_path_buf())) {
            Outcome::Failed { error, .. } => return Err(TuiError::Ops(error)),
            outcome => {
                update(&mut app, Msg::Done(Box::new(outcome)));
                app.pending = 0;
            }
        }
    }
    let (tx, rx) = mpsc::channel::<Msg>();
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    {
        let tx = tx.clone();
        let cancel = app.cancel.clone();
        std::thread::spawn(move || {
            for job in jobs_rx {
                // Progress at most every PROGRESS, so that a fast disk does not flood
                // the UI; the answer says whether to go on.
                let mut last = std::time::Instant::now();
                let mut progress = |p: Progress| {
                    if last.elapsed() >= PROGRESS {
                        last = std::time::Instant::now();
                        let _ = tx.send(Msg::Progress(p));
                    }
                    !cancel.load(std::sync::atomic::Ordering::SeqCst)
                };
                let outcome = worker.run_with(job, &mut progress);
                if tx.send(Msg::Done(Box::new(outcome))).is_err() {
                    break;
                }
            }
        });
    }
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            while let Ok(e) = event::read() {
                let msg = match e {
                    Event::Key(k) if k.kind != KeyEventKind::Release => Msg::Key(k),
                    Event::Paste(text) => Msg::Paste(text),
                    Event::Mouse(m) => Msg::Mouse(m),
                    Event::Resize(..) => Msg::Resize,
                    _ => continue,
                };
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
    }
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            while tx.send(Msg::Tick).is_ok() {
                std::thread::sleep(TICK);
            }
        });
    }
    install_panic_hook();
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture);
    let result = event_loop(&mut app, &mut terminal, &rx, &jobs_tx);
    restore();
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    rx: &mpsc::Receiver<Msg>,
    jobs: &mpsc::Sender<Job>,
) -> Result<(), TuiError> {
    let io = |e: std::io::Error| TuiError::Io {
        path: "terminal".into(),
        source: e,
    };
    loop {
        terminal.draw(|frame| view::render(app, frame)).map_err(io)?;
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        for msg in batch {
            for job in update(app, msg) {
                let _ = jobs.send(job);
            }
        }
        if app.quit {
            // What the screen shows as saved must be on disk before the UI goes.
            while app.pending > 0 {
                match rx.recv_timeout(Duration::from_secs(30)) {
                    Ok(msg @ Msg::Done(_)) => {
                        update(app, msg);
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            if let Some(m) = &app.message
                && m.error
            {
                eprintln!("{}", m.text);
            }
            return Ok(());
        }
    }
}

fn restore() {
    let _ = execute!(std::io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
}

/// Leaves bracketed paste and mouse capture before ratatui's own hook restores the rest.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
}
