//! `st-budget list`: every entry with what it costs whom, and its verdict.

use anyhow::Result;

use super::{Ctx, Outcome, judge, show};
use crate::cli::ReportArgs;
use crate::render;

pub fn run(ctx: &Ctx, a: ReportArgs) -> Result<Outcome> {
    let judged = judge(ctx, &a.policies, None)?;
    let format = a.format.into();
    show(format, |out| render::list(out, &judged.view(ctx), format))?;
    Ok(Outcome::Clean)
}
