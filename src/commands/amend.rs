//! `st-budget approve` and `st-budget amend`: append an [[amendment]] that is
//! applied on top of the entry, so what was written before is never erased.

use anyhow::Result;
use chrono::NaiveDate;

use super::add::{approvals_given, check_links, fields_from, free_only_for_an_event};
use super::{Ctx, Outcome, append_record, emit, open};
use crate::cli::{AmendArgs, ApproveArgs, PolicyArgs};
use crate::diag::InputError;
use crate::engine;
use crate::ledger::{Amendment, Fields, Role, write};
use crate::render::{View, table};

/// What an amendment records: its fields, and approvals as given (roles as
/// typed, dates where given), which are held to the policy once it is known.
struct Change {
    fields: Fields,
    approvals: Vec<(Role, Option<NaiveDate>)>,
    /// The flags that name an approval's role and date, for messages.
    flags: (&'static str, &'static str),
}

pub fn approve(ctx: &Ctx, a: ApproveArgs) -> Result<Outcome> {
    let change = Change {
        fields: Fields::default(),
        approvals: vec![(a.by, a.date)],
        flags: ("--by", "--date"),
    };
    amend_with(ctx, a.id, change, &a.policies)
}

pub fn run(ctx: &Ctx, a: AmendArgs) -> Result<Outcome> {
    let mut fields = fields_from(&a.fields)?;
    fields.date = a.date;
    fields.amount = a.amount;
    fields.kind = a.kind;
    if let Some(d) = &a.description {
        if d.trim().is_empty() {
            return Err(InputError::new(
                "--description",
                crate::msg!("får inte vara tom", "must not be empty"),
            )
            .into());
        }
        fields.description = Some(d.clone());
    }
    if fields == Fields::default() && a.fields.approved_by.is_empty() {
        return Err(
            InputError::new("amend", crate::msg!("inget att ändra", "nothing to amend"))
                .with_hint(crate::msg!(
                    "ange vad som ändras, t.ex. --status cancelled eller --amount 4200",
                    "name what changes, e.g. --status cancelled or --amount 4200",
                ))
                .into(),
        );
    }
    let change = Change {
        fields,
        approvals: a.fields.approved_by,
        flags: ("--approved-by", "--approved-by"),
    };
    amend_with(ctx, a.id, change, &a.policies)
}

fn amend_with(ctx: &Ctx, id: u32, change: Change, policies: &PolicyArgs) -> Result<Outcome> {
    let _lock = super::lock_ledger(&ctx.ledger_path)?;
    let o = open(&ctx.ledger_path, policies)?;
    if o.ledger.entry(id).is_none() {
        return Err(InputError::new(
            ctx.ledger_path.display().to_string(),
            crate::msg!("det finns ingen post {}", "there is no entry {}", id),
        )
        .with_hint(crate::msg!(
            "`st-budget list` visar posterna och deras id",
            "`st-budget list` shows the entries and their ids",
        ))
        .into());
    }
    let mut amendment = Amendment {
        entry: id,
        recorded: Some(ctx.today),
        fields: change.fields,
        offset: o.text.len(),
    };
    let mut eff = o.ledger.effective();
    let Some(entry) = eff.entries.iter_mut().find(|e| e.id == id) else {
        return Err(super::Bug(format!("entry {id} vanished")).into());
    };
    // The approvals are judged on the entry as the rest of the amendment leaves it.
    entry.amend(&amendment);
    amendment.fields.approvals = approvals_given(
        ctx,
        &o.policy,
        &eff.trainee,
        entry,
        &change.approvals,
        change.flags,
    )?;
    entry.amend(&amendment);
    if amendment.fields.amount.is_some() {
        free_only_for_an_event(entry)?;
    }
    check_links(&eff, id)?;
    let eval = engine::evaluate(&o.policy, &eff, ctx.today);
    append_record(
        &ctx.ledger_path,
        &o.text,
        &write::render_amendment(&amendment),
    )?;
    if let Some(r) = eval.entry(id) {
        let view = View {
            policy: &o.policy,
            ledger: &eff,
            eval: &eval,
            lang: ctx.lang,
        };
        emit(&table::verdict(&view, r))?;
    }
    eprintln!(
        "{} {id}",
        crate::msg!(ctx.lang =>
            "registrerade ändring av post",
            "recorded amendment of entry"
        )
    );
    Ok(Outcome::Clean)
}
