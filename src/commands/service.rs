//! `st-budget service`: a new service percentage from a day on, appended to the
//! ledger as a `[[service]]` period.

use anyhow::Result;

use super::record::{Decision, Proposal, record};
use super::{Ctx, Outcome, open};
use crate::cli::ServiceArgs;
use crate::diag::InputError;
use crate::ledger::{ServicePeriod, write};
use crate::render::Subject;

pub fn run(ctx: &Ctx, a: ServiceArgs) -> Result<Outcome> {
    let _lock = if a.record.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, &a.policies)?;
    if let Some(last) = o.ledger.services.last()
        && a.from <= last.from
    {
        return Err(InputError::new(
            "--from",
            crate::msg!(
                "en ny tjänstgöringsperiod måste börja efter den senaste ({})",
                "a new service period must start after the last one ({})",
                last.from
            ),
        )
        .with_hint(crate::msg!(
            "rätta en tidigare period genom att redigera liggaren för hand",
            "to correct an earlier period, edit the ledger by hand",
        ))
        .into());
    }
    if let Some(c) = o.ledger.effective().trainee.certificate
        && a.from > c
    {
        return Err(InputError::new(
            "--from",
            crate::msg!(
                "{} är efter specialistbeviset ({})",
                "{} is after the certificate ({})",
                a.from,
                c
            ),
        )
        .into());
    }
    let p = ServicePeriod {
        from: a.from,
        percent: a.percent,
        offset: 0,
    };
    let done = format!(
        "{} {} % {} {}",
        crate::msg!(ctx.lang => "registrerade tjänstgöring", "recorded service at"),
        a.percent,
        crate::msg!(ctx.lang => "från", "from"),
        a.from
    );
    let mut after = o.ledger.effective();
    after.services.push(p.clone());
    let proposal = Proposal {
        record: write::render_service(&p),
        after,
        subject: Subject::Service(&p),
        decision: Decision::Fact,
    };
    record(ctx, &o, proposal, super::amend::how(a.record, false), &done)
}
