//! What every command that records something does (`add`, `amend`, `approve`,
//! `cancel`, `attended`, `service`, `trainee`): judge the ledger before and
//! after the record, show what changes, then refuse, stop at a dry run, or
//! append. One place, so that every such command shows its consequences the
//! same way and none works them out itself.

use anyhow::Result;

use super::{Ctx, Opened, Outcome, append_record, ignore_broken_pipe, show};
use crate::diag::{report_error, report_warning};
use crate::engine;
use crate::ledger::Effective;
use crate::render::{self, Format, Recorded, Recording, Subject, View};

/// Whether what is recorded may be refused for what it does to the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A new spending decision (`add`, a new amount or date): refused when it
    /// is an error itself, when a rule cannot judge it for a missing field
    /// (new entries), or when it turns another entry into an error.
    Spending,
    /// A fact (a status, an approval, a service change, a certificate): never
    /// refused for its consequences, which are shown.
    Fact,
}

/// How the command was asked to record.
#[derive(Clone, Copy, Debug)]
pub struct How {
    pub dry_run: bool,
    pub force: bool,
    pub format: Format,
}

/// A record to append, and the ledger as it would be with it.
pub struct Proposal<'a> {
    pub record: String,
    pub after: Effective,
    pub subject: Subject<'a>,
    pub decision: Decision,
}

/// Judges the ledger `o` before and after `p`, shows it, and appends the
/// record unless it is refused or a dry run. `done` is what is said on stderr
/// once it is written.
pub fn record(ctx: &Ctx, o: &Opened, p: Proposal<'_>, how: How, done: &str) -> Result<Outcome> {
    let before_ledger = o.ledger.effective();
    let before = engine::evaluate(&o.policy, &before_ledger, ctx.today);
    let after = engine::evaluate(&o.policy, &p.after, ctx.today);
    let changes = engine::changes(&before, &after);
    let view = |ledger, eval| View {
        policy: &o.policy,
        ledger,
        eval,
        lang: ctx.lang,
        width: ctx.width,
    };
    let mut r = Recorded {
        before: view(&before_ledger, &before),
        after: view(&p.after, &after),
        subject: p.subject,
        changes: &changes,
        recording: Recording::default(),
    };
    let refusal = match p.decision {
        Decision::Spending => render::record::refusal(&r),
        Decision::Fact => None,
    };
    let refused = refusal.is_some() && !how.force && !how.dry_run;
    r.recording = Recording {
        recorded: !how.dry_run && !refused,
        refused,
    };

    // A reader that went away (`st-budget add … | head -0`) must not cost the record.
    ignore_broken_pipe(show(how.format, |out| {
        render::recorded(out, &r, how.format)
    }))?;

    if let Some((message, hint)) = refusal.as_ref().filter(|_| !how.force) {
        report_error(message, Some(hint));
        return Ok(Outcome::Findings);
    }
    if how.dry_run {
        eprintln!(
            "{}",
            crate::msg!(ctx.lang =>
                "(provkörning: inget skrevs)",
                "(dry run: nothing was written)"
            )
        );
        return Ok(Outcome::Clean);
    }
    append_record(&ctx.ledger_path, &o.text, &p.record)?;
    eprintln!("{done}");
    for line in render::record::became_errors(&r) {
        report_warning(&line, None);
    }
    Ok(Outcome::Clean)
}
