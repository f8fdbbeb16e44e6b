//! `st-budget report`: the ledger as one self-contained HTML page.

use anyhow::Result;

use super::{Ctx, Outcome, Stdout, judge, write_page, write_stdout};
use crate::cli::HtmlArgs;
use crate::render::html;

pub fn run(ctx: &Ctx, a: HtmlArgs) -> Result<Outcome> {
    let judged = judge(ctx, &a.policies, a.at)?;
    let page = html::trainee_report(&judged.view(ctx));
    match &a.output {
        None => write_stdout(Stdout::Html, page.as_bytes())?,
        Some(path) => write_page(path, &page)?,
    }
    Ok(Outcome::Clean)
}
