//! `st-budget policy list|show|check`: load, render, print.

use anyhow::Result;

use super::{Ctx, Outcome, catalog, emit};
use crate::cli::PolicyCommand;
use crate::render::policy as view;

pub fn run(ctx: &Ctx, p: PolicyCommand) -> Result<Outcome> {
    match p {
        PolicyCommand::List(args) => {
            let c = catalog(&args)?;
            emit(&view::list(&c, ctx.lang))?;
        }
        PolicyCommand::Show { id, at, policies } => {
            // An id, or a policy file (an existing file wins), as `--policy` takes it.
            let p = catalog(&policies)?.resolve(&id, &id)?;
            emit(&view::explain(&p, ctx.lang, at))?;
        }
        PolicyCommand::Check { file } => {
            let loaded = crate::policy::load_file_checked(&file)?;
            for w in &loaded.warnings {
                crate::diag::report_warning(&w.to_string(), w.hint.as_deref());
            }
            emit(&view::checked(&file.display().to_string(), &loaded.policy))?;
        }
    }
    Ok(Outcome::Clean)
}
