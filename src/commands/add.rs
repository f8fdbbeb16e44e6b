//! `st-budget add KIND`: load, evaluate with the new entry, render, append
//! (`record` does the last three for every command that records something).

use anyhow::Result;
use chrono::NaiveDate;

use super::record::{Decision, How, Proposal, record};
use super::{Ctx, Opened, Outcome, open};
use crate::cli::{AddArgs, FieldArgs};
use crate::diag::{InputError, sanitize};
use crate::engine::{self, Subject, matches};
use crate::ledger::{self, Approvals, Effective, Entry, Fields, LinkProblem, Role, Trainee, write};
use crate::policy::{Body, Cond, Policy};
use crate::render;

pub fn run(ctx: &Ctx, a: AddArgs) -> Result<Outcome> {
    // On a terminal without its required flags (`cli::parse` lets that through
    // only there): ask for what is missing.
    if super::guided::wanted(&a) {
        return super::guided::run(ctx, a);
    }
    // Load: the ledger (locked, unless nothing will be written) and the new entry.
    let _lock = if a.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, &a.policies)?;
    let (id, proposal) = propose(ctx, &a, &o)?;
    if !a.force
        && let Some((message, hint, choices)) = belongs_nowhere(&o, &proposal.after, id)
    {
        crate::diag::report_error(&message, Some(&hint));
        for line in choices {
            eprintln!("{line}");
        }
        return Ok(Outcome::Findings);
    }

    // Evaluate the ledger with it, show it, and append it unless refused.
    let how = How {
        dry_run: a.dry_run,
        force: a.force,
        format: a.format.into(),
    };
    record(ctx, &o, proposal, how, &recorded(ctx, id))
}

/// What is said on stderr once entry `id` is written.
pub(super) fn recorded(ctx: &Ctx, id: u32) -> String {
    format!(
        "{} {} {}",
        crate::msg!(ctx.lang => "registrerade post", "recorded entry"),
        id,
        sanitize(&ctx.ledger_path.display().to_string())
    )
}

/// The new entry `a` describes, appended to the ledger `o` as it will be
/// recorded: its id and the proposal to record.
pub(super) fn propose(
    ctx: &Ctx,
    a: &AddArgs,
    o: &Opened,
) -> Result<(u32, Proposal<'static>), InputError> {
    let mut after = o.ledger.effective();
    let entry = new_entry(ctx, a, o, &after.trainee)?;
    let (id, text) = (entry.id, write::render_entry(&entry));
    after.entries.push(entry);
    check_links(&after, id)?;
    Ok((
        id,
        Proposal {
            record: text,
            after,
            subject: render::Subject::Entry { id, new: true },
            decision: Decision::Spending,
        },
    ))
}

/// A travel or lodging cost that a link rule (K2, V2) wants to belong to an
/// entry, and that names none, or one it cannot belong to: the message, naming
/// `--for`, and a hint listing the entries it can belong to (id, date,
/// description), nearest in date first.
pub(super) fn belongs_nowhere(
    o: &Opened,
    eff: &Effective,
    id: u32,
) -> Option<(String, String, Vec<String>)> {
    let new = eff.entries.iter().find(|e| e.id == id)?;
    let (parent, choices) = link_choices(&o.policy, eff, new)?;
    let index = by_id(eff);
    let subject = |e| Subject {
        entry: e,
        parent: e.for_entry().and_then(|f| index.get(&f).copied()),
        trainee: &eff.trainee,
        default_goal: o.policy.default_goal,
    };
    let target = new
        .for_entry()
        .and_then(|f| eff.entries.iter().find(|e| e.id == f));
    if target.is_some_and(|t| matches(parent, &subject(t)).yes()) {
        return None;
    }
    Some(render::record::link_problem(
        new,
        target,
        &choices,
        crate::i18n::current(),
    ))
}

/// The entries of `eff` by id: where a table's tests of the entry one belongs
/// to (`parent.kind`) find it.
fn by_id(eff: &Effective) -> std::collections::HashMap<u32, &Entry> {
    eff.entries.iter().map(|e| (e.id, e)).collect()
}

/// The entries of `eff` that `new` can belong to under the link rule that
/// speaks of it, nearest in date first (cancelled ones left out), and the
/// table they match; `None` when no link rule speaks of it.
pub(super) fn link_choices<'e, 'p>(
    policy: &'p Policy,
    eff: &'e Effective,
    new: &Entry,
) -> Option<(&'p Cond, Vec<&'e Entry>)> {
    let index = by_id(eff);
    let subject = |e| Subject {
        entry: e,
        parent: e.for_entry().and_then(|f| index.get(&f).copied()),
        trainee: &eff.trainee,
        default_goal: policy.default_goal,
    };
    let parent = policy.rules.iter().find_map(|r| match &r.body {
        Body::Link { parent } if matches(&r.when, &subject(new)).yes() => Some(parent),
        _ => None,
    })?;
    let mut choices: Vec<&Entry> = eff
        .entries
        .iter()
        .filter(|e| e.id != new.id && !e.is_cancelled() && matches(parent, &subject(e)).yes())
        .collect();
    choices.sort_by_key(|e| ((e.date - new.date).num_days().abs(), e.id));
    Some((parent, choices))
}

/// A ledger that holds [`ledger::MAX_ENTRIES`] has room for no more: the
/// reader would refuse it with one more (`add`, the guided one first of all).
pub(super) fn room_for_an_entry(ctx: &Ctx, ledger: &ledger::Ledger) -> Result<(), InputError> {
    if ledger.entries.len() < ledger::MAX_ENTRIES {
        return Ok(());
    }
    let most = crate::i18n::whole(ledger::MAX_ENTRIES as u64, ctx.lang);
    Err(InputError::new(
        ctx.ledger_path.display().to_string(),
        crate::msg!(
            "liggaren har redan {} poster, så många som en liggare rymmer: inget skrevs",
            "the ledger already holds {} entries, as many as a ledger may: nothing was written",
            most
        ),
    )
    .with_hint(crate::msg!(
        "ingen ST-läkares liggare har så många (fem år med en post om dagen är under 2\u{a0}000); är det rätt fil?",
        "no trainee's ledger holds that many (five years of an entry a day is under 2,000); is it the right file?",
    )))
}

/// The entry the flags describe, with the ledger's next id, placed at its end.
fn new_entry(ctx: &Ctx, a: &AddArgs, o: &Opened, trainee: &Trainee) -> Result<Entry, InputError> {
    room_for_an_entry(ctx, &o.ledger)?;
    let fields = fields_from(&a.fields)?;
    if let Some(id) = &fields.subject {
        known_subject(&o.policy, id)?;
    }
    let description = description(a.description.as_deref().unwrap_or_default())
        .map_err(|m| InputError::new("--description", m))?;
    let mut entry = Entry::new(
        o.ledger.next_id(),
        given(a.date, "--date")?,
        given(a.kind, "KIND")?,
        description.into(),
        given(a.amount, "--amount")?,
    );
    entry.set_offset(o.text.len());
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

/// `--subject ID` must be a subject the policy lists (`add`, `amend`): an id
/// it does not would cover nothing. The hint guesses the one meant, else lists
/// them.
pub(super) fn known_subject(policy: &Policy, id: &str) -> Result<(), InputError> {
    let ids: Vec<&str> = policy.subjects.iter().map(|s| s.id.as_str()).collect();
    if ids.contains(&id) {
        return Ok(());
    }
    let err = InputError::new(
        "--subject",
        crate::msg!(
            "regelverket {} listar inget kursämne {:?}",
            "policy {} lists no subject {:?}",
            policy.id,
            id
        ),
    );
    Err(match crate::diag::did_you_mean(id, &ids) {
        _ if ids.is_empty() => err.with_hint(crate::msg!(
            "regelverket listar inga obligatoriska kursämnen: utelämna --subject",
            "the policy lists no mandatory subjects: leave out --subject"
        )),
        Some(m) => err.with_hint(crate::msg!(
            "menade du {:?}? kursämnena: {}",
            "did you mean {:?}? the subjects: {}",
            m,
            ids.join(", ")
        )),
        None => err.with_hint(crate::msg!(
            "kursämnena: {}",
            "the subjects: {}",
            ids.join(", ")
        )),
    })
}

/// A description, which must say something.
pub(super) fn description(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err(crate::msg!(
            "beskrivningen får inte vara tom",
            "the description must not be empty",
        )
        .to_string());
    }
    Ok(text.to_string())
}

/// A required value: clap asks for it, and so does the guided `add`.
fn given<T>(value: Option<T>, flag: &str) -> Result<T, InputError> {
    value.ok_or_else(|| InputError::new(flag, crate::msg!("saknas", "is missing")))
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
) -> Result<Approvals, InputError> {
    let (role_flag, flag) = flags;
    let mut out = Approvals::default();
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
    if entry.amount().is_zero() && !entry.may_be_free() {
        return Err(InputError::new(
            "--amount",
            crate::msg!(
                "beloppet måste vara mer än noll (fick {})",
                "the amount must be more than zero (got {})",
                entry.amount()
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
        LinkProblem::EndBeforeDate { end, date } => {
            InputError::new("--end", end_before_date(end, date))
        }
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

/// Why an end cannot be: it is before the first day.
pub(super) fn end_before_date(end: NaiveDate, date: NaiveDate) -> String {
    crate::msg!(
        "slutdatumet ({}) är före datumet ({})",
        "the end ({}) is before the date ({})",
        end,
        date
    )
}

/// The entry fields given as flags, but the approvals (see [`approvals_given`]).
pub(super) fn fields_from(a: &FieldArgs) -> Result<Fields, InputError> {
    let goal = a
        .goal
        .as_deref()
        .map(crate::cli::parse_goal)
        .transpose()
        .map_err(|m| InputError::new("--goal", m))?;
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
        provider: nonempty("--provider", &a.provider)?.map(Into::into),
        goal,
        online: a.online,
        catalogue: a.catalogue,
        programme: nonempty("--programme", &a.programme)?.map(|s| s.trim().to_string()),
        international: a.international,
        for_entry: a.for_entry,
        travel_mode: nonempty("--travel-mode", &a.travel_mode)?
            .map(|m| ledger::words::travel_mode(&m).into()),
        booked_via: nonempty("--booked-via", &a.booked_via)?,
        distance_km: a.distance_km,
        nights: a.nights,
        status: a.status,
        applied: a.applied,
        cancel_by: a.cancel_by,
        funded_by: a.funded_by,
        days: a.days,
        event: nonempty("--event", &a.event)?.map(|s| s.trim().to_string()),
        abroad: a.abroad,
        in_region: a.in_region,
        mandatory: a.mandatory,
        subject: nonempty("--subject", &a.subject)?.map(|s| s.trim().to_string()),
        receipt: nonempty("--receipt", &a.receipt)?,
        note: a.note.clone(),
        ..Fields::default()
    })
}
