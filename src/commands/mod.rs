//! Carries out parsed commands. Each command writes its normal output to `out` and
//! returns the exit code; errors travel up as [`Error`] for the caller to print.

mod checklist;
mod engagement;
mod evidence;
mod report;
mod scope;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

use crate::catalog::Catalog;
use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::store::StoreError;

/// Exit code of a command that ran to the end.
pub type Exit = u8;
pub const OK: Exit = 0;
pub const CHECK_FAILED: Exit = 1;
pub const BAD_INPUT: Exit = 2;

/// Parses `args` and runs the command; returns the process exit code.
pub fn main_with(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e, out, err),
    };
    match run(cli, out, err) {
        Ok(code) => code,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            e.exit_code()
        }
    }
}

/// Help and version go to stdout with exit 0; usage errors are squeezed into one line.
fn clap_error(e: clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(out, "{}", e.render());
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                BAD_INPUT
            } else {
                OK
            }
        }
        _ => {
            let rendered = e.render().to_string();
            let line = rendered
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty() && !l.starts_with("For more information") && !l.starts_with("Usage:")
                })
                .collect::<Vec<_>>()
                .join(" ");
            let line = line.strip_prefix("error: ").unwrap_or(&line);
            let _ = writeln!(err, "error: {line}");
            BAD_INPUT
        }
    }
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let file = cli
        .command
        .as_ref()
        .and_then(Command::file)
        .map(|f| f.display().to_string());
    dispatch(cli, out, err).map_err(|e| match (e, file) {
        (Error::Store(StoreError::Sqlite(e)), Some(path)) => Error::Store(located(e, path)),
        (e, _) => e,
    })
}

/// A database error that surfaced mid-command, named with its file: damage SQLite
/// detects only when it reads the damaged page is reported like damage found at open.
fn located(e: rusqlite::Error, path: String) -> StoreError {
    let reason = e.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            StoreError::Corrupt { path, reason }
        }
        _ => StoreError::Invalid(format!("{path}: {reason}")),
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let Some(command) = cli.command else {
        crate::tui::run(&cli.packs, &crate::store::default_actor(), None)?;
        return Ok(OK);
    };
    match command {
        Command::Open { file } => {
            crate::tui::run(&cli.packs, &crate::store::default_actor(), Some(&file))?;
            Ok(OK)
        }
        Command::New(args) => engagement::new(&load_catalog(&cli.packs, err)?, args, out),
        Command::Demo(args) => engagement::demo(&load_catalog(&cli.packs, err)?, args, out),
        Command::CarryForward { old, new } => {
            engagement::carry_forward(&load_catalog(&cli.packs, err)?, &old, &new, out)
        }
        Command::Info(args) => engagement::info(args, out),
        Command::Asset(cmd) => engagement::asset(cmd, out),
        Command::Set(args) => engagement::set(|| load_catalog(&cli.packs, err), args, out),
        Command::Status(args) => engagement::status(args, out),
        Command::Check(args) => engagement::check(args, out),
        Command::Report(args) => report::report(args, out),
        Command::Attach(args) => {
            let packs = &cli.packs;
            let mut warnings = Vec::new();
            let code = evidence::attach(|| load_catalog(packs, &mut warnings), args, out, err);
            err.write_all(&warnings).map_err(stdio)?;
            code
        }
        Command::Interview(args) => evidence::interview(|| load_catalog(&cli.packs, err), args, out),
        Command::Evidence(cmd) => evidence::evidence(cmd, out),
        Command::Verify { target } => evidence::verify(&target, out),
        Command::Bundle(args) => evidence::bundle(args, out),
        Command::Checklist(cmd) => checklist::run(&load_catalog(&cli.packs, err)?, cmd, out),
    }
}

/// Shipped packs plus user packs; a bad user pack is reported on stderr and skipped.
fn load_catalog(user_dirs: &[PathBuf], err: &mut dyn Write) -> Result<Catalog> {
    let (catalog, diags) = Catalog::load(user_dirs);
    for d in diags {
        writeln!(err, "warning: pack skipped: {d}").map_err(stdio)?;
    }
    Ok(catalog)
}

/// Errors writing to stdout/stderr.
fn stdio(e: std::io::Error) -> Error {
    Error::Io {
        path: "output".into(),
        source: e,
    }
}
