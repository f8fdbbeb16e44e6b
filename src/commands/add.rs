//! `st-budget add KIND`: load, evaluate with the new entry, render, append.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;

use super::{Bug, Ctx, Opened, Outcome, append_record, ignore_broken_pipe, open, show};
use crate::cli::{AddArgs, FieldArgs};
use crate::diag::{InputError, sanitize};
use crate::engine::{self, Verdict};
use crate::ledger::{self, Effective, Entry, Fields, Goal, LinkProblem, Role, Trainee, write};
use crate::policy::Policy;
use crate::render::{self, Recording, View};

pub fn run(ctx: &Ctx, a: AddArgs) -> Result<Outcome> {
    // Load: the ledger (locked, unless nothing will be written) and the new entry.
    let _lock = if a.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, &a.policies)?;
    let mut eff = o.ledger.effective();
    let entry = new_entry(ctx, &a, &o, &eff.trainee)?;
    let (id, record) = (entry.id, write::render_entry(&entry));
    eff.entries.push(entry);
    check_links(&eff, id)?;

    // Evaluate the ledger with it.
    let eval = engine::evaluate(&o.policy, &eff, ctx.today);
    let result = eval
        .entry(id)
        .ok_or_else(|| Bug("the new entry was not evaluated".to_string()))?;
    let refused = result.verdict == Verdict::Error && !a.force && !a.dry_run;
    let rec = Recording {
        recorded: !a.dry_run && !refused,
        refused,
    };

    // Render. A reader that went away (`st-budget add … | head -0`) must not
    // cost the entry.
    let view = View {
        policy: &o.policy,
        ledger: &eff,
        eval: &eval,
        lang: ctx.lang,
    };
    let format = a.format.into();
    ignore_broken_pipe(show(format, |out| {
        render::added(out, &view, result, format, rec)
    }))?;

    // Append, unless refused or a dry run.
    if !rec.recorded {
        say_not_written(ctx, refused);
        return Ok(if result.verdict == Verdict::Error {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }
    append_record(&ctx.ledger_path, &o.text, &record)?;
    eprintln!(
        "{} {} {}",
        crate::msg!(ctx.lang => "registrerade post", "recorded entry"),
        id,
        sanitize(&ctx.ledger_path.display().to_string())
    );
    Ok(Outcome::Clean)
}

/// Why nothing was written: the entry was refused, or this was a dry run.
fn say_not_written(ctx: &Ctx, refused: bool) {
    if refused {
        crate::diag::report_error(
            crate::msg!(ctx.lang =>
                "posten har fel och registrerades inte; inget skrevs",
                "the entry has error findings and was refused; nothing was written",
            ),
            Some(crate::msg!(ctx.lang =>
                "rätta posten, eller registrera den ändå med --force",
                "correct the entry, or record it anyway with --force",
            )),
        );
    } else {
        eprintln!(
            "{}",
            crate::msg!(ctx.lang =>
                "(provkörning: inget skrevs)",
                "(dry run: nothing was written)"
            )
        );
    }
}

/// The entry the flags describe, with the ledger's next id, placed at its end.
fn new_entry(ctx: &Ctx, a: &AddArgs, o: &Opened, trainee: &Trainee) -> Result<Entry, InputError> {
    let fields = fields_from(&a.fields)?;
    if a.description.trim().is_empty() {
        return Err(InputError::new(
            "--description",
            crate::msg!(
                "beskrivningen får inte vara tom",
                "the description must not be empty",
            ),
        ));
    }
    let mut entry = Entry::new(
        o.ledger.next_id(),
        a.date,
        a.kind,
        a.description.clone(),
        a.amount,
    );
    entry.offset = o.text.len();
    entry.apply(&fields);
    free_only_for_an_event(&entry)?;
    entry.approvals = approvals_given(
        ctx,
        &o.policy,
        trainee,
        &entry,
        &a.fields.approved_by,
        ("--approved-by", "--approved-by"),
    )?;
    Ok(entry)
}

/// The approvals given on the command line for `entry` (as it will stand,
/// without them), held to the policy: each role one it knows, by its id; a
/// missing date is today, except where that would not be honest: when the
/// entry's first day is past and a rule times that role's approval, the day
/// must be given (an approval dated today would be late, or back-filled).
/// `flags` are the flags that give the role and the date (`--approved-by`
/// twice, or `--by` and `--date`).
pub(super) fn approvals_given(
    ctx: &Ctx,
    policy: &Policy,
    trainee: &Trainee,
    entry: &Entry,
    given: &[(Role, Option<NaiveDate>)],
    flags: (&str, &str),
) -> Result<BTreeMap<Role, NaiveDate>, InputError> {
    let (role_flag, flag) = flags;
    let mut out = BTreeMap::new();
    for (typed, date) in given {
        let role = policy
            .role(typed)
            .map_err(|m| InputError::new(role_flag, m))?;
        let date = match date {
            Some(d) => *d,
            None => {
                let mut probe = entry.clone();
                probe.approvals.insert(role.clone(), ctx.today);
                match engine::approval_deadline(policy, trainee, &probe, &role) {
                    Some((ri, due)) if entry.date < ctx.today => {
                        return Err(undated(ctx, policy, entry, &role, ri, due, flag));
                    }
                    _ => ctx.today,
                }
            }
        };
        out.insert(role, date);
    }
    Ok(out)
}

/// Item 2 of the approvals dated honestly: the entry began before today and a
/// rule times this approval, so the day it was given must be said.
fn undated(
    ctx: &Ctx,
    policy: &Policy,
    entry: &Entry,
    role: &Role,
    rule: usize,
    due: NaiveDate,
    flag: &str,
) -> InputError {
    let l = ctx.lang;
    let name = policy.role_name(role, l).unwrap_or(role.as_str());
    let r = &policy.rules[rule];
    let how = if flag == "--approved-by" {
        format!("--approved-by {}=", role.as_str()) + crate::msg!(l => "DATUM", "DATE")
    } else {
        format!("--by {} --date ", role.as_str()) + crate::msg!(l => "DATUM", "DATE")
    };
    let late = (ctx.today - due).num_days();
    InputError::new(
        flag,
        crate::msg!(l =>
            "postens första dag, {date}, har redan varit (i dag är det {today}): ange dagen då {role} godkände den",
            "the entry's first day, {date}, is past (today is {today}): give the day {role} approved it",
            date = entry.date,
            today = ctx.today,
            role = sanitize(name)
        ),
    )
    .with_hint(crate::msg!(l =>
        "skriv {how}; ett godkännande daterat i dag vore {days} för sent enligt {reference} ({title}), som kräver att det är daterat senast {due}",
        "write {how}; an approval dated today would be {days} too late under {reference} ({title}), which needs it dated on or before {due}",
        how = how,
        days = crate::render::finding::days_words(late, l),
        reference = sanitize(&r.reference),
        title = sanitize(r.title.get(l)),
        due = due
    ))
}

/// An entry may cost nothing only when it is an event (as a ledger file
/// holds it: `ledger::Entry::may_be_free`), which `--amount 0` must say with `--event`.
pub(super) fn free_only_for_an_event(entry: &Entry) -> Result<(), InputError> {
    if entry.amount.is_zero() && !entry.may_be_free() {
        return Err(InputError::new(
            "--amount",
            crate::msg!(
                "beloppet måste vara mer än noll (fick {})",
                "the amount must be more than zero (got {})",
                entry.amount
            ),
        )
        .with_hint(crate::msg!(
            "bara ett evenemang (--event) kan kosta noll",
            "only an event (--event) may cost nothing",
        )));
    }
    Ok(())
}

/// The ledger's rules for an entry's dates and `for` link (see
/// [`ledger::check_links`]), applied to entry `id` of `eff` and worded for the
/// flags that set them.
pub(super) fn check_links(eff: &Effective, id: u32) -> Result<(), InputError> {
    ledger::check_links(&eff.entries, id).map_err(|p| match p {
        LinkProblem::EndBeforeDate { end, date } => InputError::new(
            "--end",
            crate::msg!(
                "slutdatumet ({}) är före datumet ({})",
                "the end ({}) is before the date ({})",
                end,
                date
            ),
        ),
        LinkProblem::ForItself => InputError::new(
            "--for",
            crate::msg!(
                "post {} kan inte höra till sig själv",
                "entry {} cannot belong to itself",
                id
            ),
        ),
        LinkProblem::ForMissing { target } => InputError::new(
            "--for",
            crate::msg!("det finns ingen post {}", "there is no entry {}", target),
        )
        .with_hint(crate::msg!(
            "`st-budget list` visar posterna och deras id",
            "`st-budget list` shows the entries and their ids",
        )),
        LinkProblem::Cycle { target } => InputError::new(
            "--for",
            crate::msg!(
                "`for = {}` skulle bli en cirkel",
                "`for = {}` would make a cycle",
                target
            ),
        ),
    })
}

/// The entry fields given as flags, but the approvals (see [`approvals_given`]).
pub(super) fn fields_from(a: &FieldArgs) -> Result<Fields, InputError> {
    let goal = match &a.goal {
        Some(g) => Some(Goal::parse(g).ok_or_else(|| {
            InputError::new(
                "--goal",
                crate::msg!(
                    "väntade en nivå a, b, c eller en målkod som c12 eller STc7, fick {:?}",
                    "expected a level a, b, c or a goal code such as c12 or STc7, got {:?}",
                    g
                ),
            )
        })?),
        None => None,
    };
    let nonempty = |flag: &str, v: &Option<String>| -> Result<Option<String>, InputError> {
        match v {
            Some(s) if s.trim().is_empty() => Err(InputError::new(
                flag,
                crate::msg!("får inte vara tom", "must not be empty"),
            )),
            other => Ok(other.clone()),
        }
    };
    Ok(Fields {
        end: a.end,
        provider: nonempty("--provider", &a.provider)?,
        goal,
        online: a.online,
        catalogue: a.catalogue,
        programme: nonempty("--programme", &a.programme)?.map(|s| s.trim().to_string()),
        international: a.international,
        for_entry: a.for_entry,
        travel_mode: nonempty("--travel-mode", &a.travel_mode)?,
        booked_via: nonempty("--booked-via", &a.booked_via)?,
        distance_km: a.distance_km,
        nights: a.nights,
        status: a.status,
        applied: a.applied,
        cancel_by: a.cancel_by,
        funded_by: a.funded_by,
        days: a.days,
        event: nonempty("--event", &a.event)?.map(|s| s.trim().to_string()),
        receipt: nonempty("--receipt", &a.receipt)?,
        note: a.note.clone(),
        ..Fields::default()
    })
}
