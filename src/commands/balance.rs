//! `st-budget balance`: the periods, caps and totals as of a day.

use anyhow::Result;

use super::{Ctx, Outcome, judge, show};
use crate::cli::BalanceArgs;
use crate::render;

pub fn run(ctx: &Ctx, a: BalanceArgs) -> Result<Outcome> {
    let judged = judge(ctx, &a.policies, a.at)?;
    let format = a.format.into();
    show(format, |out| {
        render::balance(
            out,
            &judged.view(ctx),
            format,
            a.by == crate::cli::BalanceBy::Year,
        )
    })?;
    Ok(Outcome::Clean)
}
