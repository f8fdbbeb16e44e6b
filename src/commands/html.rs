//! `st-budget report`: the ledger as one self-contained HTML page.

use anyhow::Result;

use super::{Ctx, Outcome, emit, evaluate, open};
use crate::cli::HtmlArgs;
use crate::diag::sanitize;
use crate::render::{View, html};

pub fn report(ctx: &Ctx, a: HtmlArgs) -> Result<Outcome> {
    let o = open(&ctx.ledger_path, &a.policies)?;
    let (eff, eval) = evaluate(&o, ctx.today, a.at);
    let page = html::trainee_report(&View {
        policy: &o.policy,
        ledger: &eff,
        eval: &eval,
        lang: ctx.lang,
    });
    match &a.output {
        None => emit(&page)?,
        Some(path) => {
            crate::store::replace(path, page.as_bytes())?;
            eprintln!(
                "{}",
                crate::msg!(
                    "skrev {}",
                    "wrote {}",
                    sanitize(&path.display().to_string())
                )
            );
        }
    }
    Ok(Outcome::Clean)
}
