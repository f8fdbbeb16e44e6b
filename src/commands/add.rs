//! `st-budget add KIND`: load, evaluate with the new entry, render, append.

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use super::{Ctx, Opened, Outcome, emit_before_writing, open};
use crate::cli::{AddArgs, FieldArgs, Format};
use crate::diag::{InputError, sanitize};
use crate::engine::{self, EntryResult, Evaluation, Verdict};
use crate::ledger::{Effective, Entry, Fields, Goal, Status, write};
use crate::render::{View, json as rjson, money, table, tr};

pub fn run(ctx: &Ctx, a: AddArgs) -> Result<Outcome> {
    let _lock = if a.dry_run {
        None
    } else {
        Some(super::lock_ledger(&ctx.ledger_path)?)
    };
    let o = open(&ctx.ledger_path, &a.policies)?;
    let fields = fields_from(&a.fields, ctx.today)?;
    let mut entry = Entry::new(
        o.ledger.next_id(),
        a.date,
        a.kind,
        a.description.clone(),
        a.amount,
    );
    entry.offset = o.text.len();
    if a.description.trim().is_empty() {
        return Err(InputError::new(
            "--description",
            crate::i18n::t(
                "beskrivningen får inte vara tom",
                "the description must not be empty",
            ),
        )
        .into());
    }
    entry.apply(&fields);
    let mut eff = o.ledger.effective();
    check_entry(&eff, &entry)?;
    eff.entries.push(entry.clone());
    let eval = engine::evaluate(&o.policy, &eff, ctx.today);
    let result = eval
        .entry(entry.id)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the new entry was not evaluated"))?;
    let refused = result.verdict == Verdict::Error && !a.force && !a.dry_run;
    let write = !a.dry_run && !refused;
    let view = View {
        policy: &o.policy,
        ledger: &eff,
        eval: &eval,
        lang: ctx.lang,
    };
    match a.format {
        Format::Json => {
            let mut v = json!({
                "entry": rjson::entry(&view, &result),
                "period": period_json(&eval, &result),
                "recorded": write,
            });
            if refused {
                v["refused"] = json!(true);
            }
            emit_before_writing(&format!("{v:#}\n"))?;
        }
        Format::Csv => {
            super::ignore_broken_pipe(super::emit_data(&crate::render::csv::entries(&View {
                eval: &Evaluation {
                    entries: vec![result.clone()],
                    ..eval.clone()
                },
                ..view
            })))?
        }
        Format::Table => emit_before_writing(&verdict_text(&view, &result))?,
    }
    if refused {
        crate::diag::report_error(
            tr(
                ctx.lang,
                "posten har fel och registrerades inte; inget skrevs",
                "the entry has error findings and was refused; nothing was written",
            ),
            Some(tr(
                ctx.lang,
                "rätta posten, eller registrera den ändå med --force",
                "correct the entry, or record it anyway with --force",
            )),
        );
        return Ok(Outcome::Findings);
    }
    if a.dry_run {
        eprintln!(
            "{}",
            tr(
                ctx.lang,
                "(provkörning: inget skrevs)",
                "(dry run: nothing was written)"
            )
        );
        return Ok(if result.verdict == Verdict::Error {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }
    record(ctx, &o, &write::render_entry(&entry))?;
    eprintln!(
        "{} {} {}",
        tr(ctx.lang, "registrerade post", "recorded entry"),
        entry.id,
        sanitize(&ctx.ledger_path.display().to_string())
    );
    Ok(Outcome::Clean)
}

pub(super) fn record(ctx: &Ctx, o: &Opened, text: &str) -> Result<()> {
    super::append_record(&ctx.ledger_path, &o.text, text)
}

fn period_json(eval: &Evaluation, r: &EntryResult) -> serde_json::Value {
    match eval.period_of(r.date) {
        Some(p) => json!({
            "label": p.label,
            "from": p.from.to_string(),
            "to": p.to.map(|d| d.to_string()),
            "budget": p.budget.to_string(),
            "charged": p.charged.to_string(),
            "remaining": p.remaining.to_string(),
        }),
        None => serde_json::Value::Null,
    }
}

/// Where an entry's money goes and what is left in its period, for people.
pub(super) fn verdict_text(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let e = &v.ledger.entries[r.index];
    let mut out = format!(
        "#{} {} {} · {} · {}\n",
        r.id,
        r.date,
        crate::render::kind_word(r.kind, l),
        sanitize(&e.description),
        money(r.amount, l)
    );
    let parts = [
        (tr(l, "budget", "budget"), r.payers.budget),
        (tr(l, "centralt", "central"), r.payers.central),
        (tr(l, "enheten", "unit"), r.payers.unit),
        (tr(l, "egen kostnad", "self"), r.payers.self_paid),
    ];
    for (name, amount) in parts.iter().filter(|(_, a)| !a.is_zero()) {
        out.push_str(&format!("  {name:<13} {}\n", money(*amount, l)));
    }
    if r.status == Status::Cancelled {
        out.push_str(&format!(
            "  {}\n",
            tr(
                l,
                "avbokad i tid: kostar inget",
                "cancelled in time: costs nothing"
            )
        ));
    }
    let style = match r.verdict {
        Verdict::Ok => crate::color::OK,
        Verdict::Warning => crate::color::WARNING,
        Verdict::Error => crate::color::ERROR,
    };
    out.push_str(&format!(
        "  {}: {}\n",
        tr(l, "bedömning", "verdict"),
        crate::color::paint(style, crate::render::verdict_word(r.verdict, l))
    ));
    for f in &r.findings {
        out.push_str(&format!("  {}\n", table::finding_line(f, v.policy, l)));
    }
    if let Some(p) = v.eval.period_of(r.date) {
        out.push_str(&format!(
            "{} {}: {} {}, {} {}, {} {}\n",
            tr(l, "Period", "Period"),
            p.label,
            tr(l, "budget", "budget"),
            money(p.budget, l),
            tr(l, "belastat", "charged"),
            money(p.charged, l),
            tr(l, "kvar", "remaining"),
            money(p.remaining, l)
        ));
    }
    out
}

/// What no single field can say: references and dates against each other.
pub(super) fn check_entry(eff: &Effective, e: &Entry) -> Result<(), InputError> {
    if let Some(end) = e.end
        && end < e.date
    {
        return Err(InputError::new(
            "--end",
            crate::msg!(
                "slutdatumet ({}) är före datumet ({})",
                "the end ({}) is before the date ({})",
                end,
                e.date
            ),
        ));
    }
    if let Some(target) = e.for_entry {
        if target == e.id {
            return Err(InputError::new(
                "--for",
                crate::msg!(
                    "post {} kan inte höra till sig själv",
                    "entry {} cannot belong to itself",
                    target
                ),
            ));
        }
        if !eff.entries.iter().any(|x| x.id == target && x.id != e.id) {
            return Err(InputError::new(
                "--for",
                crate::msg!("det finns ingen post {}", "there is no entry {}", target),
            )
            .with_hint(crate::i18n::t(
                "`st-budget list` visar posterna och deras id",
                "`st-budget list` shows the entries and their ids",
            )));
        }
        // A cycle would come back to e through the chain of `for`.
        let mut cur = Some(target);
        let mut steps = 0;
        while let Some(id) = cur {
            if id == e.id || steps > eff.entries.len() {
                return Err(InputError::new(
                    "--for",
                    crate::msg!(
                        "`for = {}` skulle bli en cirkel",
                        "`for = {}` would make a cycle",
                        target
                    ),
                ));
            }
            cur = eff
                .entries
                .iter()
                .find(|x| x.id == id && x.id != e.id)
                .and_then(|x| x.for_entry);
            steps += 1;
        }
    }
    Ok(())
}

/// The entry fields given as flags.
pub(super) fn fields_from(a: &FieldArgs, today: NaiveDate) -> Result<Fields, InputError> {
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
                crate::i18n::t("får inte vara tom", "must not be empty"),
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
        approvals: a
            .approved_by
            .iter()
            .map(|(r, d)| (*r, d.unwrap_or(today)))
            .collect(),
        receipt: nonempty("--receipt", &a.receipt)?,
        note: a.note.clone(),
        ..Fields::default()
    })
}
