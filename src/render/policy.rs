//! The policy views: `policy list`, `policy show` (a policy in plain words,
//! rule by rule) and the line `policy check` ends with. One entry point per view;
//! each rule kind has its own sentence in [`effect_words`].

use super::finding::deadline_words;
use super::table::{cell, new_table};
use super::{kind_word, money, severity_word, status_word};
use crate::diag::sanitize;
use crate::i18n::Lang;
use crate::ledger::{Funder, Role};
use crate::policy::{
    Body, Bound, Catalog, CmpOp, Cond, Deadline, Field, FieldType, Need, Payer, PeriodKind, Policy,
    Rule, Severity, Test, TraineeDate, Val,
};

/// `policy list`: every policy a command can use, with where it comes from.
pub fn list(c: &Catalog, l: Lang) -> String {
    let mut t = new_table(&[
        "Id",
        crate::msg!(l => "Version", "Version"),
        crate::msg!(l => "Namn", "Name"),
        crate::msg!(l => "Källa", "From"),
    ]);
    for p in c.all() {
        t.add_row(vec![
            cell(&p.id),
            cell(&p.version),
            cell(p.name.get(l)),
            cell(&p.origin),
        ]);
    }
    format!("{t}\n")
}

/// `policy check`'s last line for a policy that loads (`file` as the user gave it).
/// In the language of messages, like the warnings before it.
pub fn checked(file: &str, p: &Policy) -> String {
    let missing = p.texts_without_english();
    let mut line = crate::msg!(
        "{}: ok, regelverk {} {} med {} regler",
        "{}: ok, policy {} {} with {} rules",
        sanitize(file),
        sanitize(&p.id),
        sanitize(&p.version),
        p.rules.len()
    );
    if missing > 0 {
        line.push_str(&crate::msg!(
            ", men {} texter saknar engelska (se varningarna ovan)",
            ", but {} texts have no English (see the warnings above)",
            missing
        ));
    }
    line.push('\n');
    line
}

/// `policy show`: a policy in plain words, rule by rule, the way a director of
/// studies would explain it to a new trainee: what each rule applies to, what
/// happens, and the policy's own words. Every text from the policy file is sanitised.
pub fn explain(p: &Policy, l: Lang) -> String {
    let s = |t: &str| sanitize(t).into_owned();
    let mut out = format!("{}\n", s(p.name.get(l)));
    out.push_str(&format!(
        "{} {} {}, {}: {}\n",
        crate::msg!(l => "Regelverk", "Policy"),
        s(&p.id),
        s(&p.version),
        crate::msg!(l => "källa", "source"),
        s(&p.source)
    ));
    if let Some(sum) = &p.summary {
        out.push_str(&format!("\n{}\n", s(sum.get(l))));
    }
    let b = p.budget();
    out.push_str(&format!(
        "\n{} {} {}{}.\n",
        crate::msg!(l => "Din budget:", "Your budget:"),
        money(b.amount, l),
        period_words(b.period, l),
        if b.prorate {
            crate::msg!(l =>
                ", räknat dag för dag efter din tjänstgöringsgrad (100 % hela året ger hela beloppet)",
                ", counted day by day by your service percentage (100 % all year gives the whole amount)",
            )
        } else {
            ""
        }
    ));
    if !b.split {
        out.push_str(&format!(
            "{}\n",
            crate::msg!(l =>
                "En kostnad som inte ryms hel i budgeten delas inte: ingenting av den tas från budgeten.",
                "A cost that does not fit whole in the budget is not split: none of it is taken from the budget.",
            )
        ));
    }
    if !p.roles.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            crate::msg!(l =>
                "Roller som regelverket inför (utöver de inbyggda), med sina id:",
                "Roles this policy declares (beyond the built-in ones), with their ids:",
            )
        ));
        for d in &p.roles {
            out.push_str(&format!("    {} ({})\n", s(d.name.get(l)), s(&d.id)));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        crate::msg!(l => "Regel för regel:", "Rule by rule:")
    ));
    // Rules of one DOMAIN ref stand together under it; their titles tell them apart.
    let mut refs: Vec<&str> = Vec::new();
    for r in &p.rules {
        if !refs.contains(&r.reference.as_str()) {
            refs.push(&r.reference);
        }
    }
    for reference in refs {
        for (i, r) in p
            .rules
            .iter()
            .filter(|r| r.reference == reference)
            .enumerate()
        {
            out.push_str(&rule_words(p, r, i == 0, l));
        }
    }
    out.push_str(&format!(
        "\n{}\n",
        crate::msg!(l =>
            "fel = ersätts inte (du betalar själv) · varning = kontrollera, men pengarna går som visat · info = bra att veta\n`st-budget add … --dry-run` visar vad reglerna säger om en kostnad innan du för in den.",
            "error = not reimbursed (you pay yourself) · warning = check it, but the money goes as shown · info = good to know\n`st-budget add … --dry-run` shows what the rules say of a cost before you record it.",
        )
    ));
    out
}

/// One rule: its reference (for the `first` rule of it) and title, what it
/// applies to, what happens, its message.
fn rule_words(p: &Policy, r: &Rule, first: bool, l: Lang) -> String {
    let s = |t: &str| sanitize(t).into_owned();
    let reference = s(&r.reference);
    let mut out = if first {
        format!("\n{reference} · {}\n", s(r.title.get(l)))
    } else {
        format!(
            "{} · {}\n",
            " ".repeat(reference.chars().count()),
            s(r.title.get(l))
        )
    };
    if !r.when.tests.is_empty() {
        out.push_str(&format!(
            "    {} {}\n",
            crate::msg!(l => "Gäller:", "Applies to:"),
            cond_words(p, &r.when, l)
        ));
    }
    out.push_str(&format!(
        "    {} {}\n",
        crate::msg!(l => "Vad som händer:", "What happens:"),
        effect_words(p, r, l)
    ));
    out.push_str(&format!(
        "    {} \"{}\"\n",
        crate::msg!(l => "Regelverket:", "In the policy's words:"),
        s(r.message.get(l))
    ));
    out
}

fn period_words(k: PeriodKind, l: Lang) -> &'static str {
    match k {
        PeriodKind::St => crate::msg!(l => "för hela ST", "for the whole ST"),
        PeriodKind::CalendarYear => crate::msg!(l => "per kalenderår", "per calendar year"),
    }
}

fn payer_words(p: Payer, l: Lang) -> &'static str {
    match p {
        Payer::Budget => crate::msg!(l => "dina individuella medel", "your individual funds"),
        Payer::Central => {
            crate::msg!(l => "regionens centrala medel", "the region's central funds")
        }
        Payer::Unit => crate::msg!(l =>
            "den utbildande enheten (klinik eller vårdcentral)",
            "the training unit (clinic or health centre)",
        ),
        Payer::SelfPaid => crate::msg!(l => "ingen: du betalar själv", "nobody: you pay yourself"),
    }
}

/// A role as a rule explains it: a built-in one in words, a declared one by
/// its name in the language.
fn role_words(p: &Policy, r: &Role, l: Lang) -> String {
    match r {
        Role::Handledare => crate::msg!(l => "handledaren", "your supervisor (handledare)").into(),
        Role::Studierektor => {
            crate::msg!(l => "studierektorn", "the director of studies (studierektor)").into()
        }
        Role::OvergripandeStudierektor => crate::msg!(l =>
            "övergripande studierektor",
            "the overarching director of studies (övergripande studierektor)",
        )
        .into(),
        Role::Verksamhetschef => crate::msg!(l =>
            "verksamhetschefen",
            "the head of department (verksamhetschef)",
        )
        .into(),
        Role::Vardcentralchef => crate::msg!(l =>
            "vårdcentralchefen",
            "the head of the health centre (vårdcentralchef)",
        )
        .into(),
        Role::Declared(id) => sanitize(p.role_name(r, l).unwrap_or(id)).into_owned(),
    }
}

fn field_words(f: Field, l: Lang) -> &'static str {
    match f {
        Field::Kind => crate::msg!(l => "slag", "kind"),
        Field::Goal => crate::msg!(l => "delmål", "goal"),
        Field::Provider => crate::msg!(l => "kursgivare", "provider"),
        Field::Catalogue => crate::msg!(l =>
            "i kurskatalogen (grön bock)",
            "in the catalogue (green tick)",
        ),
        Field::Online => crate::msg!(l => "internetbaserad", "online"),
        Field::Programme => crate::msg!(l => "program", "programme"),
        Field::International => crate::msg!(l => "internationell", "international"),
        Field::Status => crate::msg!(l => "status", "status"),
        Field::TravelMode => crate::msg!(l => "färdsätt", "travel mode"),
        Field::BookedVia => crate::msg!(l => "bokad via", "booked via"),
        Field::DistanceKm => crate::msg!(l => "avstånd i km", "distance in km"),
        Field::Nights => crate::msg!(l => "nätter", "nights"),
        Field::Date => crate::msg!(l => "datum", "date"),
        Field::End => crate::msg!(l => "slutdatum", "end"),
        Field::Amount => crate::msg!(l => "belopp", "amount"),
        Field::Applied => crate::msg!(l =>
            "dagen för ansökan eller anmälan",
            "the day of application or registration",
        ),
        Field::CancelBy => crate::msg!(l => "sista avbokningsdag", "the last cancellation day"),
        Field::StatusRecorded => crate::msg!(l =>
            "dagen statusen registrerades",
            "the day the status was recorded",
        ),
        Field::FundedBy => crate::msg!(l =>
            "i förväg överenskommen betalare:",
            "payer agreed beforehand:",
        ),
        Field::Approvals => crate::msg!(l => "godkänd av", "approved by"),
        Field::TraineeProgrammes => {
            crate::msg!(l => "du går i programmet", "you take part in the programme")
        }
        Field::TraineeDoubleSpecialisation => crate::msg!(l =>
            "du har dubbelspecialisering",
            "you have a double specialisation",
        ),
        Field::TraineeUnit => crate::msg!(l => "din enhet", "your unit"),
    }
}

fn val_words(p: &Policy, v: &Val, l: Lang) -> String {
    match v {
        Val::Text(t) => sanitize(t).into_owned(),
        Val::Bool(true) => crate::msg!(l => "ja", "yes").into(),
        Val::Bool(false) => crate::msg!(l => "nej", "no").into(),
        Val::Number(n) => n.to_string(),
        Val::Date(d) => d.to_string(),
        Val::Amount(a) => money(*a, l),
        Val::Kind(k) => kind_word(*k, l).into(),
        Val::Status(st) => status_word(*st, l).into(),
        Val::Funder(Funder::Unit) => payer_words(Payer::Unit, l).into(),
        Val::Funder(Funder::Central) => payer_words(Payer::Central, l).into(),
        Val::Role(r) => role_words(p, r, l),
    }
}

fn or_list(p: &Policy, vals: &[Val], l: Lang) -> String {
    let words: Vec<String> = vals.iter().map(|v| val_words(p, v, l)).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!(
                "{} {} {last}",
                rest.join(", "),
                crate::msg!(l => "eller", "or")
            )
        }
        _ => words.join(""),
    }
}

/// A match table in words: "course; goal a or b; provider …".
fn cond_words(p: &Policy, c: &Cond, l: Lang) -> String {
    let parts: Vec<String> = c
        .tests
        .iter()
        .map(|(f, t)| {
            let name = field_words(*f, l);
            let not = crate::msg!(l => "inte", "not");
            match t {
                Test::Eq(Val::Kind(k)) => kind_word(*k, l).to_string(),
                Test::OneOf(vs) if *f == Field::Kind => or_list(p, vs, l),
                Test::Eq(Val::Bool(true)) => name.to_string(),
                Test::Eq(Val::Bool(false)) => format!("{not} {name}"),
                Test::Eq(Val::Funder(f)) => crate::msg!(l =>
                    "{} har i förväg åtagit sig att betala",
                    "{} has agreed beforehand to pay",
                    val_words(p, &Val::Funder(*f), l)
                ),
                // A way to travel in the reader's words (`flight` is `flyg`).
                Test::Eq(Val::Text(t)) if *f == Field::TravelMode => {
                    format!("{name} {}", crate::ledger::words::travel_mode_word(t, l))
                }
                Test::Eq(v) => format!("{name} {}", val_words(p, v, l)),
                Test::OneOf(vs) => format!("{name} {}", or_list(p, vs, l)),
                // "not approved by …" reads better than "approved by not …".
                Test::Not(vs) if *f == Field::Approvals => {
                    format!("{not} {name} {}", or_list(p, vs, l))
                }
                Test::Not(vs) if *f == Field::FundedBy => crate::msg!(l =>
                    "ingen överenskommelse om att {} betalar",
                    "no agreement that {} pays",
                    or_list(p, vs, l)
                ),
                Test::Not(vs) => format!("{name} {not} {}", or_list(p, vs, l)),
                Test::Cmp(cs) => cs
                    .iter()
                    .map(|(op, bound)| {
                        let b = match bound {
                            Bound::Val(v) => val_words(p, v, l),
                            Bound::Trainee(d) => trainee_date_words(*d, l).into(),
                            Bound::Entry(other) => entry_date_words(*other, l).into(),
                        };
                        format!("{name} {} {b}", cmp_words(*op, f.ty(), l))
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    parts.join(", ")
}

/// Another date of the same entry, as the other side of a comparison.
fn entry_date_words(f: Field, l: Lang) -> &'static str {
    match f {
        Field::Date => crate::msg!(l => "postens första dag", "its first day"),
        Field::End => crate::msg!(l => "postens sista dag", "its last day"),
        Field::StatusRecorded => crate::msg!(l =>
            "dagen postens status registrerades",
            "the day its status was recorded",
        ),
        other => field_words(other, l),
    }
}

/// A comparison in words: dates come before and after, numbers below and above.
fn cmp_words(op: CmpOp, ty: FieldType, l: Lang) -> &'static str {
    match (op, ty == FieldType::Date) {
        (CmpOp::Lt, false) => crate::msg!(l => "under", "below"),
        (CmpOp::Le, false) => crate::msg!(l => "högst", "at most"),
        (CmpOp::Gt, false) => crate::msg!(l => "över", "above"),
        (CmpOp::Ge, false) => crate::msg!(l => "minst", "at least"),
        (CmpOp::Lt, true) => crate::msg!(l => "före", "before"),
        (CmpOp::Le, true) => crate::msg!(l => "senast", "on or before"),
        (CmpOp::Gt, true) => crate::msg!(l => "efter", "after"),
        (CmpOp::Ge, true) => crate::msg!(l => "tidigast", "on or after"),
    }
}

/// What breaking the rule, or meeting it, does with the money.
fn consequence(r: &Rule, l: Lang) -> String {
    let sev = severity_word(r.severity, l);
    match (r.payer, r.severity) {
        (Some(Payer::SelfPaid), _) => format!(
            "{} ({sev})",
            crate::msg!(l =>
                "ersätts inte, du betalar själv",
                "not reimbursed, you pay yourself"
            )
        ),
        (Some(p), _) => format!(
            "{} {} ({sev})",
            crate::msg!(l => "betalas av", "paid by"),
            payer_words(p, l)
        ),
        (None, _) => format!(
            "{} ({sev})",
            crate::msg!(l =>
                "en anmärkning, pengarna påverkas inte",
                "a remark, the money is not affected"
            )
        ),
    }
}

/// What a rule does, by kind: one sentence each.
fn effect_words(p: &Policy, r: &Rule, l: Lang) -> String {
    let then = consequence(r, l);
    match &r.body {
        Body::Budget {
            amount,
            period,
            split,
            ..
        } => budget_words(*amount, *period, *split, &then, l),
        Body::Overflow if r.payer.is_none() => format!(
            "{} ({}).",
            crate::msg!(l =>
                "när medlen är slut: en anmärkning om det som inte ryms, som går dit de andra reglerna säger",
                "when the funds run out: a remark on what does not fit, which goes where the other rules say"
            ),
            severity_word(r.severity, l)
        ),
        Body::Overflow => format!(
            "{} {then}.",
            crate::msg!(l => "när medlen är slut:", "when the funds run out:")
        ),
        Body::Expiry { last_day, unless } => expiry_words(p, *last_day, unless.as_ref(), &then, l),
        Body::Route => route_words(r, l),
        Body::Chargeback => format!("{then}."),
        Body::Require { require, unknown } => require_words(p, require, *unknown, &then, l),
        Body::Approval {
            roles,
            need,
            deadline,
        } => approval_words(p, roles, *need, *deadline, &then, l),
        Body::Flag { .. } => format!("{then}."),
        Body::Cap {
            limit,
            period,
            split,
        } => format!(
            "{} {} {}; {} {then}.",
            crate::msg!(l => "högst", "at most"),
            money(*limit, l),
            period_words(*period, l),
            if *split {
                crate::msg!(l => "delen över taket:", "the part above the cap:")
            } else {
                crate::msg!(l =>
                    "en kostnad som inte ryms hel under taket delas inte, hela kostnaden:",
                    "a cost that does not fit whole under the cap is not split, all of it:"
                )
            }
        ),
        Body::Count { max, period } => format!(
            "{} {max} {}; {} {then}.",
            crate::msg!(l => "högst", "at most"),
            period_words(*period, l),
            crate::msg!(l => "fler än så:", "any more:")
        ),
        Body::Overlap { with } => format!(
            "{} {}; {} {then}.",
            crate::msg!(l =>
                "får inte krocka i datum med",
                "must not overlap in dates with"
            ),
            cond_words(p, with, l),
            crate::msg!(l => "vid krock:", "if it does:")
        ),
        Body::Link { parent } => format!(
            "{} {} ({}); {} {then}.",
            crate::msg!(l => "ska höra till en", "must belong to a"),
            cond_words(p, parent, l),
            crate::msg!(l => "ange --for ID", "give --for ID"),
            crate::msg!(l => "annars", "otherwise")
        ),
    }
}

// K1, V1
fn budget_words(
    amount: crate::money::Amount,
    period: PeriodKind,
    split: bool,
    then: &str,
    l: Lang,
) -> String {
    format!(
        "{} {} {}. {} {then}.",
        crate::msg!(l => "dina individuella medel är", "your individual funds are"),
        money(amount, l),
        period_words(period, l),
        if split {
            crate::msg!(l =>
                "Det som inte ryms, och kostnader utanför ST-tiden:",
                "What does not fit, and costs outside the ST:"
            )
        } else {
            crate::msg!(l =>
                "En kostnad som inte ryms hel (den delas inte), och kostnader utanför ST-tiden:",
                "A cost that does not fit whole (it is not split), and costs outside the ST:"
            )
        },
    )
}

// K11
fn expiry_words(
    p: &Policy,
    last_day: TraineeDate,
    unless: Option<&Cond>,
    then: &str,
    l: Lang,
) -> String {
    format!(
        "{} {}{}: {then}.",
        crate::msg!(l => "kostnader efter", "costs after"),
        trainee_date_words(last_day, l),
        unless
            .map(|c| format!(
                ", {} {}",
                crate::msg!(l => "utom när", "except when"),
                cond_words(p, c, l)
            ))
            .unwrap_or_default(),
    )
}

// K4: the payer is named, and that it is not the trainee's funds.
fn route_words(r: &Rule, l: Lang) -> String {
    format!(
        "{} {}, {} ({}).",
        crate::msg!(l => "betalas av", "paid by"),
        r.payer.map_or("", |p| payer_words(p, l)),
        crate::msg!(l => "inte av dina medel", "not from your funds"),
        severity_word(r.severity, l)
    )
}

// V3, V6, V8
fn require_words(
    p: &Policy,
    require: &Cond,
    unknown: Option<Severity>,
    then: &str,
    l: Lang,
) -> String {
    let mut t = format!(
        "{} {}; {} {then}.",
        crate::msg!(l => "kräver:", "requires:"),
        cond_words(p, require, l),
        crate::msg!(l => "annars", "otherwise")
    );
    if let Some(u) = unknown {
        t.push_str(&format!(
            " {} ({}).",
            crate::msg!(l =>
                "Saknas uppgiften går det inte att kontrollera",
                "If the field is missing it cannot be checked"
            ),
            severity_word(u, l)
        ));
    }
    t
}

// K3, K7, K9, K10, V5, V9, V10
fn approval_words(
    p: &Policy,
    roles: &[Role],
    need: Need,
    deadline: Option<Deadline>,
    then: &str,
    l: Lang,
) -> String {
    let who: Vec<String> = roles.iter().map(|r| role_words(p, r, l)).collect();
    let who = match (need, who.split_last()) {
        (Need::Any, Some((last, rest))) if !rest.is_empty() => format!(
            "{} {} {} {last}",
            crate::msg!(l => "någon av", "one of"),
            rest.join(", "),
            crate::msg!(l => "eller", "or")
        ),
        _ => who.join(crate::msg!(l => " och ", " and ")),
    };
    let when = deadline.map(|d| match d {
        Deadline::Date => crate::msg!(l =>
            ", daterat senast första dagen; ett senare godkännande räknas som inget",
            ", dated on or before the first day; a later approval counts as none"
        )
        .to_string(),
        _ => crate::msg!(l =>
            ", daterat senast {} där posten anger den, annars senast första dagen; ett senare godkännande räknas som inget",
            ", dated on or before {} where the entry records it, else on or before the first day; a later approval counts as none",
            deadline_words(d, l)
        ),
    });
    format!(
        "{} {who}{}; {} {then}. {}",
        crate::msg!(l => "ska godkännas av", "must be approved by"),
        when.unwrap_or_default(),
        crate::msg!(l => "utan godkännande:", "without the approval:"),
        if deadline.is_some() {
            crate::msg!(l =>
                "Registrera med `st-budget approve ID --by ROLL --date DATUM` (godkännandets dag).",
                "Record it with `st-budget approve ID --by ROLE --date DATE` (the day it was given)."
            )
        } else {
            crate::msg!(l =>
                "Registrera med `st-budget approve ID --by ROLL`.",
                "Record it with `st-budget approve ID --by ROLE`."
            )
        }
    )
}

fn trainee_date_words(d: TraineeDate, l: Lang) -> &'static str {
    match d {
        TraineeDate::Start => crate::msg!(l => "din ST-start", "your ST start"),
        TraineeDate::Certificate => {
            crate::msg!(l => "ditt specialistbevis", "your specialist certificate")
        }
    }
}
