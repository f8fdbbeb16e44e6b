//! `st-budget check`, like `hledger check`: every problem with the line of its
//! entry; exit 1 on errors.

use std::collections::HashMap;

use anyhow::Result;

use super::{Ctx, Judged, Outcome, judge_citing, show};
use crate::cli::ReportArgs;
use crate::diag::LineStarts;
use crate::policy::Severity;
use crate::render;

pub fn run(ctx: &Ctx, a: ReportArgs) -> Result<Outcome> {
    let judged = judge_citing(ctx, &a.policies)?;
    let lines = EntryLines::new(&judged);
    let path = ctx.ledger_path.display().to_string();
    let format = a.format.into();
    show(format, |out| {
        let line_of = |id| lines.line(id);
        render::check(out, &judged.view(ctx), format, &path, &line_of)
    })?;
    Ok(if judged.eval.count(Severity::Error) > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The line of each entry in the ledger's text, indexed once: every finding
/// names its line.
struct EntryLines<'a> {
    lines: Option<&'a LineStarts>,
    offsets: HashMap<u32, usize>,
}

impl EntryLines<'_> {
    fn new(j: &Judged) -> EntryLines<'_> {
        EntryLines {
            // An amended entry keeps the offset of its `[[entry]]`.
            lines: j.lines.as_ref(),
            offsets: j
                .ledger
                .entries
                .iter()
                .map(|e| (e.id, e.offset()))
                .collect(),
        }
    }

    fn line(&self, id: u32) -> Option<usize> {
        let lines = self.lines?;
        self.offsets.get(&id).map(|&offset| lines.line(offset))
    }
}
