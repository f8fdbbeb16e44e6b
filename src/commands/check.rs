//! `st-budget check`, like `hledger check`: every problem with the line of its
//! entry; exit 1 on errors.

use std::collections::HashMap;

use anyhow::Result;

use super::{Ctx, Judged, Outcome, judge, show};
use crate::cli::ReportArgs;
use crate::diag::LineStarts;
use crate::policy::Severity;
use crate::render;

pub fn run(ctx: &Ctx, a: ReportArgs) -> Result<Outcome> {
    let judged = judge(ctx, &a.policies, None)?;
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
struct EntryLines {
    lines: LineStarts,
    offsets: HashMap<u32, usize>,
}

impl EntryLines {
    fn new(j: &Judged) -> EntryLines {
        EntryLines {
            // Offsets are in the text without its byte order mark, as the parser saw it;
            // an amended entry keeps the offset of its `[[entry]]`.
            lines: LineStarts::new(crate::tomlx::strip_bom(&j.opened.text)),
            offsets: j.ledger.entries.iter().map(|e| (e.id, e.offset)).collect(),
        }
    }

    fn line(&self, id: u32) -> Option<usize> {
        self.offsets.get(&id).map(|&offset| self.lines.line(offset))
    }
}
