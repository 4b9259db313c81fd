//! The `dengbao` binary: parse the command line and hand over to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    ExitCode::from(dengbao::cli::main_with(std::env::args_os(), &mut out, &mut err))
}
