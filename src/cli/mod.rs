//! The command line (DESIGN §6): parsing ([`args`]), carrying out each command through
//! [`crate::ops`] and the read-side modules, printing human and `--json` output, and
//! turning any error into one sentence (with the flag names the user typed) and an exit
//! code: 0 ok, 1 a check failed, 2 bad usage or input.

pub mod args;
mod checklist;
mod engagement;
mod error;
mod evidence;
mod export;
mod report;
mod text;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

use crate::catalog::Catalog;
use args::{Cli, Command};
pub use error::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
    let file = cli
        .command
        .as_ref()
        .and_then(Command::file)
        .map(|f| f.display().to_string());
    match dispatch(cli, out, err) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => OK,
        Err(e) => {
            let _ = writeln!(err, "error: {}", text::one_line(&e.sentence(file.as_deref())));
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
            let _ = writeln!(err, "error: {}", text::one_line(line));
            BAD_INPUT
        }
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let actor = crate::store::default_actor();
    let Some(command) = cli.command else {
        crate::tui::run(&cli.packs, &actor, None)?;
        return Ok(OK);
    };
    let packs = &cli.packs;
    match command {
        Command::Open { file } => {
            crate::tui::run(packs, &actor, Some(&file))?;
            Ok(OK)
        }
        Command::New(args) => engagement::new(&load_catalog(packs, err)?, args, out),
        Command::Demo(args) => engagement::demo(&load_catalog(packs, err)?, args, out),
        Command::CarryForward { old, new } => {
            engagement::carry_forward(&load_catalog(packs, err)?, &old, &new, out)
        }
        Command::Info(args) => engagement::info(args, out),
        Command::Asset(cmd) => engagement::asset(cmd, out),
        Command::Set(args) => engagement::set(|| quiet_catalog(packs), args, out),
        Command::Status(args) => engagement::status(args, out),
        Command::Check(args) => engagement::check(args, out),
        Command::Report(args) => report::report(args, out),
        Command::Export(args) => export::export(args, out),
        Command::Attach(args) => evidence::attach(|| quiet_catalog(packs), args, out, err),
        Command::Interview(args) => evidence::interview(|| quiet_catalog(packs), args, out),
        Command::Journal(cmd) => evidence::journal(cmd, out),
        Command::Evidence(cmd) => evidence::evidence(cmd, out),
        Command::Verify(args) => evidence::verify(args, out),
        Command::Bundle(args) => evidence::bundle(args, out),
        Command::Key(cmd) => evidence::key(cmd, out),
        Command::Checklist(cmd) => checklist::run(&load_catalog(packs, err)?, cmd, out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "dengbao", out);
            Ok(OK)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(out).map_err(Error::stdio)?;
            Ok(OK)
        }
    }
}

/// Shipped packs plus user packs; a bad user pack is reported on stderr and skipped.
fn load_catalog(user_dirs: &[PathBuf], err: &mut dyn Write) -> Result<Catalog> {
    let (catalog, diags) = Catalog::load(user_dirs);
    for d in diags {
        writeln!(err, "warning: pack skipped: {}", text::plain(&d.to_string())).map_err(Error::stdio)?;
    }
    Ok(catalog)
}

/// The catalog for hints in error messages only (its warnings are not worth repeating).
fn quiet_catalog(user_dirs: &[PathBuf]) -> Option<Catalog> {
    Some(Catalog::load(user_dirs).0)
}
