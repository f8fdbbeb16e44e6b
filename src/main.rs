use std::process::ExitCode;

use st_budget::commands::{self, BrokenPipe, Outcome};
use st_budget::diag::{InputError, report_error};

fn main() -> ExitCode {
    st_budget::i18n::set(st_budget::i18n::early(std::env::args_os()));
    match commands::run(st_budget::cli::parse()) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Unreadable) => ExitCode::from(2),
        Err(e) if e.is::<BrokenPipe>() => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<InputError>() {
                Some(ie) => report_error(&ie.to_string(), ie.hint.as_deref()),
                None => report_error(&format!("{e:#}"), None),
            }
            ExitCode::from(2)
        }
    }
}
