//! `st-budget trainee`: a change of the trainee's data (name, certificate,
//! programmes …), appended to the ledger as a `[[trainee_change]]`.

use anyhow::Result;

use super::record::{Decision, Proposal, record};
use super::{Ctx, Outcome, open};
use crate::cli::TraineeArgs;
use crate::diag::InputError;
use crate::ledger::{TraineeChange, write};
use crate::render::Subject;

pub fn run(ctx: &Ctx, a: TraineeArgs) -> Result<Outcome> {
    let _lock = if a.record.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, &a.policies)?;
    let change = TraineeChange {
        recorded: Some(ctx.today),
        name: a.name.clone(),
        id: a.id.clone(),
        certificate: a.certificate,
        double_specialisation: a.double_specialisation,
        programmes: (!a.programmes.is_empty()).then(|| a.programmes.clone()),
        unit: a.unit.clone(),
        offset: 0,
    };
    if change
        == (TraineeChange {
            recorded: Some(ctx.today),
            ..TraineeChange::default()
        })
    {
        return Err(InputError::new(
            "trainee",
            crate::msg!("inget att ändra", "nothing to change"),
        )
        .with_hint(crate::msg!(
            "ange vad som ändras, t.ex. --certificate 2029-01-07",
            "name what changes, e.g. --certificate 2029-01-07",
        ))
        .into());
    }
    for (flag, v) in [("--name", &a.name), ("--id", &a.id), ("--unit", &a.unit)] {
        if v.as_ref().is_some_and(|s| s.trim().is_empty()) {
            return Err(InputError::new(
                flag,
                crate::msg!("får inte vara tomt", "must not be empty"),
            )
            .into());
        }
    }
    if let Some(c) = a.certificate
        && c < o.ledger.trainee.start
    {
        return Err(InputError::new(
            "--certificate",
            crate::msg!(
                "specialistbeviset ({}) är före ST-starten ({})",
                "the certificate ({}) is before the ST start ({})",
                c,
                o.ledger.trainee.start
            ),
        )
        .into());
    }
    let mut after = o.ledger.effective();
    after.trainee.apply(&change);
    let proposal = Proposal {
        record: write::render_change(&change),
        after,
        subject: Subject::Trainee(&change),
        decision: Decision::Fact,
    };
    let done = crate::msg!(ctx.lang => "registrerade ändringen", "recorded the change");
    record(ctx, &o, proposal, super::amend::how(a.record, false), done)
}
