//! `st-budget approve`, `amend`, `cancel` and `attended`: append an
//! [[amendment]] that is applied on top of the entry, so what was written
//! before is never erased. A new amount or date is a spending decision and may
//! be refused for what it does to other entries; everything else is a fact,
//! recorded with its consequences shown.

use anyhow::Result;
use chrono::NaiveDate;

use super::add::{
    approvals_given, check_links, fields_from, free_only_for_an_event, known_subject,
};
use super::record::{Decision, How, Proposal, record};
use super::{Ctx, Outcome, open};
use crate::cli::{AmendArgs, ApproveArgs, AttendedArgs, CancelArgs, FactArgs, PolicyArgs};
use crate::diag::InputError;
use crate::ledger::{Amendment, Fields, Role, Status, write};
use crate::render::Subject;

/// What an amendment records: its fields, and approvals as given (roles as
/// typed, dates where given), which are held to the policy once it is known.
struct Change {
    fields: Fields,
    approvals: Vec<(Role, Option<NaiveDate>)>,
    /// The flags that name an approval's role and date, for messages.
    flags: (&'static str, &'static str),
}

impl Change {
    fn of(fields: Fields) -> Change {
        Change {
            fields,
            approvals: Vec::new(),
            flags: ("--approved-by", "--approved-by"),
        }
    }
}

pub fn approve(ctx: &Ctx, a: ApproveArgs) -> Result<Outcome> {
    let change = Change {
        fields: Fields::default(),
        approvals: vec![(a.by, a.date)],
        flags: ("--by", "--date"),
    };
    amend_with(ctx, a.id, change, &a.policies, how(a.record, false))
}

/// `cancel ID [--late]`: the status `cancelled` or `cancelled-late`.
pub fn cancel(ctx: &Ctx, a: CancelArgs) -> Result<Outcome> {
    let status = if a.late {
        Status::CancelledLate
    } else {
        Status::Cancelled
    };
    amend_status(ctx, a.id, status, &a.policies, a.record)
}

/// `attended ID`: the status `attended`.
pub fn attended(ctx: &Ctx, a: AttendedArgs) -> Result<Outcome> {
    amend_status(ctx, a.id, Status::Attended, &a.policies, a.record)
}

fn amend_status(
    ctx: &Ctx,
    id: u32,
    status: Status,
    policies: &PolicyArgs,
    record: FactArgs,
) -> Result<Outcome> {
    let fields = Fields {
        status: Some(status),
        ..Fields::default()
    };
    amend_with(ctx, id, Change::of(fields), policies, how(record, false))
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
        fields.description = Some(d.as_str().into());
    }
    if fields == Fields::default() && a.fields.approved_by.is_empty() {
        return Err(
            InputError::new("amend", crate::msg!("inget att ändra", "nothing to amend"))
                .with_hint(crate::msg!(
                    "ange vad som ändras, t.ex. --amount 4200 eller --distance-km 140; avboka med `st-budget cancel ID`",
                    "name what changes, e.g. --amount 4200 or --distance-km 140; cancel with `st-budget cancel ID`",
                ))
                .into(),
        );
    }
    let change = Change {
        fields,
        approvals: a.fields.approved_by,
        flags: ("--approved-by", "--approved-by"),
    };
    amend_with(ctx, a.id, change, &a.policies, how(a.record, a.force))
}

pub(super) fn how(a: FactArgs, force: bool) -> How {
    How {
        dry_run: a.dry_run,
        force,
        format: match a.format {
            crate::cli::RecordFormat::Table => crate::render::Format::Table,
            crate::cli::RecordFormat::Json => crate::render::Format::Json,
        },
    }
}

fn amend_with(
    ctx: &Ctx,
    id: u32,
    change: Change,
    policies: &PolicyArgs,
    how: How,
) -> Result<Outcome> {
    let _lock = if how.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, policies)?;
    if let Some(subject) = &change.fields.subject {
        known_subject(&o.policy, subject)?;
    }
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
    // A new amount, date or number of days decides how money (or a pool in
    // days) is spent; the rest are facts.
    let decision = if change.fields.amount.is_some()
        || change.fields.date.is_some()
        || change.fields.days.is_some()
    {
        Decision::Spending
    } else {
        Decision::Fact
    };
    let mut fields = change.fields;
    let mut amendment = Amendment::new(id, Some(ctx.today), fields.clone(), o.text.len());
    let mut after = o.ledger.effective();
    let Some(entry) = after.entries.iter_mut().find(|e| e.id == id) else {
        return Err(super::Bug(format!("entry {id} vanished")).into());
    };
    // The approvals are judged on the entry as the rest of the amendment leaves it.
    entry.amend(&amendment);
    fields.approvals = approvals_given(
        ctx,
        &o.policy,
        &after.trainee,
        entry,
        &change.approvals,
        change.flags,
    )?;
    amendment.set_fields(fields);
    entry.amend(&amendment);
    if amendment.amount().is_some() {
        free_only_for_an_event(entry)?;
    }
    check_links(&after, id)?;
    let done = format!(
        "{} {id}",
        crate::msg!(ctx.lang =>
            "registrerade ändring av post",
            "recorded amendment of entry"
        )
    );
    let proposal = Proposal {
        record: write::render_amendment(&amendment),
        after,
        subject: Subject::Entry { id, new: false },
        decision,
    };
    record(ctx, &o, proposal, how, &done)
}
