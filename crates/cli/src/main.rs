//! The `pullaway` binary: flags in, validated options, import, analysis,
//! rendering out. Libraries return typed errors; here they become one line
//! on stderr and exit code 2.

mod args;
mod commands;
mod progress;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli.command, cli.color) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`pullaway … | head`) anywhere in the chain is no error.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            // An error may quote a file name, a zip entry or a contact name
            // from the export: no control character reaches the terminal.
            let text: String = format!("{e:#}")
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\n' {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect();
            let _ = writeln!(std::io::stderr(), "error: {text}");
            ExitCode::from(2)
        }
    }
}
