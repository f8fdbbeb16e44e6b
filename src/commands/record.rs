//! What every command that records something does (`add`, `amend`, `approve`,
//! `cancel`, `attended`, `service`, `trainee`): judge the ledger before and
//! after the record, show what changes, then refuse, stop at a dry run, or
//! append. One place, so that every such command shows its consequences the
//! same way and none works them out itself.

use anyhow::Result;

use super::{Ctx, Opened, Outcome, append_record, ignore_broken_pipe, show};
use crate::diag::{report_error, report_warning};
use crate::engine::{self, Changes, Evaluation};
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

/// The ledger judged before and after a proposal, and what differs: what a
/// recording shows.
pub struct Consequences {
    before_ledger: Effective,
    before: Evaluation,
    after: Evaluation,
    changes: Changes,
}

impl Consequences {
    /// Judges the ledger `o` before and after `p`.
    pub fn of(ctx: &Ctx, o: &Opened, p: &Proposal<'_>) -> Consequences {
        let before_ledger = o.ledger.effective();
        let before = engine::evaluate(&o.policy, &before_ledger, ctx.today);
        let after = engine::evaluate(&o.policy, &p.after, ctx.today);
        let changes = engine::changes(&before, &after);
        Consequences {
            before_ledger,
            before,
            after,
            changes,
        }
    }

    /// The recording to show, not yet written.
    pub fn recorded<'a>(&'a self, ctx: &Ctx, o: &'a Opened, p: &'a Proposal<'_>) -> Recorded<'a> {
        let view = |ledger, eval| View {
            policy: &o.policy,
            ledger,
            eval,
            lang: ctx.lang,
            width: ctx.width,
        };
        Recorded {
            before: view(&self.before_ledger, &self.before),
            after: view(&p.after, &self.after),
            subject: p.subject,
            changes: &self.changes,
            recording: Recording::default(),
        }
    }
}

/// Why `r` is refused, if it may be refused at all (see [`Decision`]).
pub fn refusal(r: &Recorded<'_>, decision: Decision) -> Option<(String, String)> {
    match decision {
        Decision::Spending => render::record::refusal(r),
        Decision::Fact => None,
    }
}

/// Judges the ledger `o` before and after `p`, shows it, and appends the
/// record unless it is refused or a dry run. `done` is what is said on stderr
/// once it is written.
pub fn record(ctx: &Ctx, o: &Opened, p: Proposal<'_>, how: How, done: &str) -> Result<Outcome> {
    let c = Consequences::of(ctx, o, &p);
    let mut r = c.recorded(ctx, o, &p);
    let refusal = refusal(&r, p.decision);
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
    write(ctx, o, &p.record, &r, done)
}

/// Appends the record of `r` to the ledger `o` was read from (under the lock
/// the caller holds, and only if the file is still what `o` read), says
/// `done`, and warns of every entry it turned into an error.
pub fn write(ctx: &Ctx, o: &Opened, record: &str, r: &Recorded<'_>, done: &str) -> Result<Outcome> {
    append_record(&ctx.ledger_path, &o.text, record)?;
    eprintln!("{done}");
    for line in render::record::became_errors(r) {
        report_warning(&line, None);
    }
    Ok(Outcome::Clean)
}
