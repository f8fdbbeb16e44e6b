use std::process::ExitCode;

use clap::Parser;
use st_budget::cli::Cli;
use st_budget::commands::{self, BrokenPipe, Outcome};
use st_budget::diag::{InputError, sanitize};

fn main() -> ExitCode {
    match commands::run(Cli::parse()) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Unreadable) => ExitCode::from(2),
        Err(e) if e.is::<BrokenPipe>() => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<InputError>() {
                Some(ie) => {
                    eprintln!("error: {}", sanitize(&ie.to_string()));
                    if let Some(h) = &ie.hint {
                        eprintln!("hint: {}", sanitize(h));
                    }
                }
                None => eprintln!("error: {}", sanitize(&format!("{e:#}"))),
            }
            ExitCode::from(2)
        }
    }
}
