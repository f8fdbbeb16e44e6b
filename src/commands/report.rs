//! `st-budget report`: the ledger as one self-contained HTML page.

use anyhow::Result;

use super::{Ctx, Outcome, emit, judge, write_page};
use crate::cli::HtmlArgs;
use crate::render::html;

pub fn run(ctx: &Ctx, a: HtmlArgs) -> Result<Outcome> {
    let judged = judge(ctx, &a.policies, a.at)?;
    let page = html::trainee_report(&judged.view(ctx));
    match &a.output {
        None => emit(&page)?,
        Some(path) => write_page(path, &page)?,
    }
    Ok(Outcome::Clean)
}
