//! `st-budget show ID`: one entry, with its history (the entry as written and
//! every amendment of it, in file order, each with its line), who pays and
//! why, and the costs that belong to it.

use anyhow::Result;

use super::{Ctx, Outcome, judge_keeping, show};
use crate::cli::{RecordFormat, ShowArgs};
use crate::diag::InputError;
use crate::ledger::Record;
use crate::render::{self, Format, entry::Shown};

pub fn run(ctx: &Ctx, a: ShowArgs) -> Result<Outcome> {
    let judged = judge_keeping(ctx, &a.policies)?;
    let Some(ledger) = &judged.written else {
        return Err(super::Bug("show judged without the ledger as written".into()).into());
    };
    let Some(written) = ledger.entry(a.id) else {
        return Err(InputError::new(
            ctx.ledger_path.display().to_string(),
            crate::msg!("det finns ingen post {}", "there is no entry {}", a.id),
        )
        .with_hint(crate::msg!(
            "`st-budget list` visar posterna och deras id",
            "`st-budget list` shows the entries and their ids",
        ))
        .into());
    };
    let lines = judged.lines.as_ref();
    let amendments = ledger
        .records
        .iter()
        .filter_map(|r| match *r {
            Record::Amendment(i) => Some(&ledger.amendments[i as usize]),
            _ => None,
        })
        .filter(|am| am.entry == a.id)
        .map(|am| (am, lines.map(|l| l.line(am.offset))))
        .collect();
    let shown = Shown {
        view: judged.view(ctx),
        id: a.id,
        written,
        line: lines.map(|l| l.line(written.offset())),
        amendments,
    };
    let format = match a.format {
        RecordFormat::Table => Format::Table,
        RecordFormat::Json => Format::Json,
    };
    show(format, |out| render::show(out, &shown, format))?;
    Ok(Outcome::Clean)
}
