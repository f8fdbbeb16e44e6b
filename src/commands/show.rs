//! `st-budget show ID`: one entry, with its history (the entry as written and
//! every amendment of it, in file order, each with its line), who pays and
//! why, and the costs that belong to it.

use anyhow::Result;

use super::{Ctx, Outcome, judge_keeping, show};
use crate::cli::{RecordFormat, ShowArgs};
use crate::diag::{InputError, LineStarts};
use crate::ledger::Record;
use crate::render::{self, Format, entry::Shown};

pub fn run(ctx: &Ctx, a: ShowArgs) -> Result<Outcome> {
    let judged = judge_keeping(ctx, &a.policies)?;
    let ledger = &judged.opened.ledger;
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
    // Offsets are in the text without its byte order mark, as the parser saw it.
    let lines = LineStarts::new(crate::tomlx::strip_bom(&judged.opened.text));
    let amendments = ledger
        .records
        .iter()
        .filter_map(|r| match *r {
            Record::Amendment(i) => Some(&ledger.amendments[i]),
            _ => None,
        })
        .filter(|am| am.entry == a.id)
        .map(|am| (am, Some(lines.line(am.offset))))
        .collect();
    let shown = Shown {
        view: judged.view(ctx),
        id: a.id,
        written,
        line: Some(lines.line(written.offset)),
        amendments,
    };
    let format = match a.format {
        RecordFormat::Table => Format::Table,
        RecordFormat::Json => Format::Json,
    };
    show(format, |out| render::show(out, &shown, format))?;
    Ok(Outcome::Clean)
}
