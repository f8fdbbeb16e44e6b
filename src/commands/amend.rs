//! `st-budget approve` and `st-budget amend`: append an [[amendment]] that is
//! applied on top of the entry, so what was written before is never erased.

use anyhow::Result;

use super::add::{check_links, fields_from};
use super::{Ctx, Outcome, append_record, emit, open};
use crate::cli::{AmendArgs, ApproveArgs, PolicyArgs};
use crate::diag::InputError;
use crate::engine;
use crate::ledger::{Amendment, Fields, write};
use crate::render::{View, table};

pub fn approve(ctx: &Ctx, a: ApproveArgs) -> Result<Outcome> {
    let fields = Fields {
        approvals: [(a.by, a.date.unwrap_or(ctx.today))].into_iter().collect(),
        ..Fields::default()
    };
    amend_with(ctx, a.id, fields, &a.policies)
}

pub fn run(ctx: &Ctx, a: AmendArgs) -> Result<Outcome> {
    let mut fields = fields_from(&a.fields, ctx.today)?;
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
    if fields == Fields::default() {
        return Err(
            InputError::new("amend", crate::msg!("inget att ändra", "nothing to amend"))
                .with_hint(crate::msg!(
                    "ange vad som ändras, t.ex. --status cancelled eller --amount 4200",
                    "name what changes, e.g. --status cancelled or --amount 4200",
                ))
                .into(),
        );
    }
    amend_with(ctx, a.id, fields, &a.policies)
}

fn amend_with(ctx: &Ctx, id: u32, fields: Fields, policies: &PolicyArgs) -> Result<Outcome> {
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
    let amendment = Amendment {
        entry: id,
        recorded: Some(ctx.today),
        fields,
        offset: o.text.len(),
    };
    let mut eff = o.ledger.effective();
    let Some(entry) = eff.entries.iter_mut().find(|e| e.id == id) else {
        return Err(super::Bug(format!("entry {id} vanished")).into());
    };
    entry.apply(&amendment.fields);
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
