//! The policy views: `policy list`, `policy show` (a policy in plain words,
//! rule by rule) and the line `policy check` ends with. One entry point per view;
//! each rule kind has its own sentence in [`effect_words`].

use super::finding::deadline_words;
use super::table::{cell, new_table};
use super::{kind_word, money, severity_word, status_word};
use crate::diag::sanitize;
use crate::i18n::Lang;
use crate::ledger::{Funder, Role};
use crate::money::Amount;
use crate::policy::{
    Body, Bound, Catalog, CmpOp, Cond, CountBy, DayCount, Deadline, Field, FieldType, InForce,
    Need, Payer, Per, PeriodKind, Policy, Pool, Programme, Rule, Severity, Test, TraineeDate, Unit,
    Val, Whose,
};
use chrono::NaiveDate;

/// `policy list`: every policy a command can use, with where it comes from.
pub fn list(c: &Catalog, l: Lang) -> String {
    let mut t = new_table(&[
        "Id",
        crate::msg!(l => "Version", "Version"),
        crate::msg!(l => "Program", "Programme"),
        crate::msg!(l => "Namn", "Name"),
        crate::msg!(l => "Källa", "From"),
    ]);
    for p in c.all() {
        t.add_row(vec![
            cell(&p.id),
            cell(&p.version),
            cell(p.programme.label()),
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
pub fn explain(p: &Policy, l: Lang, at: Option<NaiveDate>) -> String {
    let on_day;
    let p = match at {
        Some(d) => {
            on_day = in_force_on(p, d);
            &on_day
        }
        None => p,
    };
    let shown = |ri: usize| at.is_none_or(|d| p.rules[ri].when.in_force.contains(d));
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
    out.push_str(&crate::msg!(l =>
        "För {p}; slutdatumet är dagen för {e}, som liggaren anger.\n",
        "For {p}; its end date ({e}) is the ledger's `certificate`.\n",
        p = p.programme.label(),
        e = s(p.end_name.get(l))
    ));
    if let Some(d) = at {
        out.push_str(&crate::msg!(l =>
            "Reglerna och beloppen som gäller {d}: en post dagtecknad då bedöms med dem.\n",
            "The rules and amounts in force on {d}: an entry dated then is judged by them.\n",
            d = d
        ));
    }
    if let Some(sum) = &p.summary {
        out.push_str(&format!("\n{}\n", s(sum.get(l))));
    }
    out.push_str(&budgets_words(p, l, at));
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
    if !p.subjects.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            crate::msg!(l =>
                "De obligatoriska kursämnena i målbeskrivningen (en kurs anger det ämne den täcker med sitt id, inom parentes nedan; saldot visar vilka som är klara, planerade och saknas):",
                "The mandatory course subjects of the target description (a course names its own with `--subject ID`; `balance` shows which are done, planned and missing):",
            )
        ));
        for (i, m) in p.subjects.iter().enumerate() {
            out.push_str(&format!(
                "    {}. {} ({})\n",
                i + 1,
                s(m.name.get(l)),
                s(&m.id)
            ));
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
        for (i, ri) in (0..p.rules.len())
            .filter(|&ri| p.rules[ri].reference == reference && shown(ri))
            .enumerate()
        {
            out.push_str(&rule_words(p, ri, i == 0, l));
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

/// The lines under the heading: the main budget, then every other pool.
fn budgets_words(p: &Policy, l: Lang, at: Option<NaiveDate>) -> String {
    let mut out = String::new();
    for b in p
        .budgets()
        .filter(|b| at.is_none_or(|d| b.rule.when.in_force.contains(d)))
    {
        let what = match (b.index == p.budget_index, b.pool.amount) {
            (true, Some(a)) => format!(
                "{} {} {}",
                crate::msg!(l => "Din budget:", "Your budget:"),
                amount_words(b.pool, a, l),
                period_words(b.period, p.programme, l)
            ),
            (true, None) => format!(
                "{} {}",
                crate::msg!(l => "Din budget:", "Your budget:"),
                crate::msg!(l => "utan tak", "without a cap"),
            ),
            (false, _) => format!(
                "{} {} – {}",
                crate::msg!(l => "Dessutom:", "Also:"),
                sanitize(b.rule.title.get(l)),
                pool_size(p, b.pool, b.period, l)
            ),
        };
        let prorate = if b.prorate {
            crate::msg!(l =>
                ", räknat dag för dag efter din tjänstgöringsgrad (100 % hela året ger hela beloppet)",
                ", counted day by day by your service percentage (100 % all year gives the whole amount)",
            )
        } else {
            ""
        };
        out.push_str(&format!(
            "{}{what}{prorate}.\n",
            if out.is_empty() { "\n" } else { "" }
        ));
        if !b.pool.split && !b.pool.unit.is_days() && b.pool.amount.is_some() {
            out.push_str(&format!(
                "{}\n",
                crate::msg!(l =>
                    "En kostnad som inte ryms hel i budgeten delas inte: ingenting av den tas från budgeten.",
                    "A cost that does not fit whole in the budget is not split: none of it is taken from the budget.",
                )
            ));
        }
    }
    out
}

/// A pool's size and how it counts: "30 000,00 kr per calendar year", "10
/// working days for the whole ST (Monday to Friday but …)".
fn pool_size(p: &Policy, pool: &Pool, period: PeriodKind, l: Lang) -> String {
    match (pool.unit, pool.amount) {
        (_, None) => crate::msg!(l => "utan tak", "without a cap").to_string(),
        (Unit::Kronor, Some(a)) => format!(
            "{} {}",
            amount_words(pool, a, l),
            period_words(period, p.programme, l)
        ),
        (Unit::Days(count), Some(a)) => format!(
            "{} {}, {}",
            quantity(a, pool.unit, l),
            period_words(period, p.programme, l),
            count_words(count, l)
        ),
    }
}

/// An amount in a pool's unit: kronor, calendar days or working days.
pub fn quantity(a: Amount, unit: Unit, l: Lang) -> String {
    let n = a.ore() / 100;
    match unit {
        Unit::Kronor => money(a, l),
        Unit::Days(DayCount::Calendar) if n == 1 => {
            crate::msg!(l => "1 kalenderdag", "1 calendar day").into()
        }
        Unit::Days(DayCount::Calendar) => {
            crate::msg!(l => "{} kalenderdagar", "{} calendar days", n)
        }
        Unit::Days(DayCount::Working { .. }) if n == 1 => {
            crate::msg!(l => "1 arbetsdag", "1 working day").into()
        }
        Unit::Days(DayCount::Working { .. }) => {
            crate::msg!(l => "{} arbetsdagar", "{} working days", n)
        }
    }
}

/// How a pool in days counts an entry's days.
fn count_words(c: DayCount, l: Lang) -> &'static str {
    match c {
        DayCount::Calendar => crate::msg!(l =>
            "där varje dag från postens första till sista dag räknas",
            "where every day from the entry's first to its last day counts",
        ),
        DayCount::Working { eves_off: true } => crate::msg!(l =>
            "där måndag–fredag räknas utom helgdagar, midsommarafton, julafton och nyårsafton",
            "where Monday to Friday count except public holidays, midsommarafton, julafton and nyårsafton",
        ),
        DayCount::Working { eves_off: false } => crate::msg!(l =>
            "där måndag–fredag räknas utom helgdagar (midsommarafton, julafton och nyårsafton är arbetsdagar)",
            "where Monday to Friday count except public holidays (midsommarafton, julafton and nyårsafton are working days)",
        ),
    }
}

/// One rule: its reference (for the `first` rule of it) and title, what it
/// applies to, what happens, what it beats or is beaten by, its message.
fn rule_words(p: &Policy, ri: usize, first: bool, l: Lang) -> String {
    let r = &p.rules[ri];
    let s = |t: &str| sanitize(t).into_owned();
    let named = |rules: &[usize]| -> String {
        rules
            .iter()
            .map(|&o| {
                format!(
                    "{} ({})",
                    s(&p.rules[o].reference),
                    s(p.rules[o].title.get(l))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
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
    if !(r.when.tests.is_empty() && r.when.parent_tests.is_empty()) {
        out.push_str(&format!(
            "    {} {}\n",
            crate::msg!(l => "Gäller:", "Applies to:"),
            cond_words(p, &r.when, l)
        ));
    }
    if !r.when.in_force.is_always() {
        out.push_str(&format!(
            "    {} {}\n",
            crate::msg!(l => "I kraft:", "In force:"),
            in_force_words(r.when.in_force, l)
        ));
    }
    out.push_str(&format!(
        "    {} {}\n",
        crate::msg!(l => "Vad som händer:", "What happens:"),
        effect_words(p, r, l)
    ));
    if !r.overrides.is_empty() {
        out.push_str(&format!(
            "    {} {}: {}\n",
            crate::msg!(l => "Går före:", "Beats:"),
            named(&r.overrides),
            crate::msg!(l =>
                "de gäller inte för det som den här regeln gäller",
                "they do not apply to what this rule applies to"
            )
        ));
    }
    if !p.overridden_by[ri].is_empty() {
        out.push_str(&format!(
            "    {} {}\n",
            crate::msg!(l =>
                "Gäller inte där den här mer specifika regeln gäller:",
                "Does not apply where this more specific rule applies:"
            ),
            named(&p.overridden_by[ri])
        ));
    }
    out.push_str(&format!(
        "    {} \"{}\"\n",
        crate::msg!(l => "Regelverket:", "In the policy's words:"),
        s(r.message.get(l))
    ));
    out
}

/// The policy as it stands on `d`: each budget with the amount in force that
/// day (rules not in force are left out where they are shown).
fn in_force_on(p: &Policy, d: NaiveDate) -> Policy {
    let mut q = p.clone();
    for r in &mut q.rules {
        if let Body::Budget { pool, .. } = &mut r.body
            && !pool.dated.is_empty()
        {
            pool.amount = Some(
                pool.dated
                    .iter()
                    .find(|(f, _)| f.contains(d))
                    .map_or(Amount::ZERO, |(_, a)| *a),
            );
            pool.dated.clear();
        }
    }
    q
}

/// "from 2026-01-01 to 2027-12-31 (both included)", or one side of it.
fn in_force_words(f: InForce, l: Lang) -> String {
    match (f.from, f.to) {
        (Some(a), Some(b)) => {
            crate::msg!(l => "från {a} till och med {b}", "from {a} to {b} (both included)", a = a, b = b)
        }
        (Some(a), None) => crate::msg!(l => "från {a}", "from {a}", a = a),
        (None, Some(b)) => crate::msg!(l => "till och med {b}", "until {b} (included)", b = b),
        (None, None) => crate::msg!(l => "alltid", "always").to_string(),
    }
}

/// A budget's amount in kronor: one, or each with the days it is in force.
fn amount_words(pool: &Pool, a: Amount, l: Lang) -> String {
    if pool.dated.is_empty() {
        return money(a, l);
    }
    pool.dated
        .iter()
        .map(|(f, a)| format!("{} ({})", money(*a, l), in_force_words(*f, l)))
        .collect::<Vec<_>>()
        .join(crate::msg!(l => ", sedan ", ", then "))
}

fn period_words(k: PeriodKind, prog: Programme, l: Lang) -> String {
    match k {
        PeriodKind::St => crate::msg!(l => "för hela {p}", "for the whole {p}", p = prog.label()),
        PeriodKind::CalendarYear => {
            crate::msg!(l => "per kalenderår", "per calendar year").to_string()
        }
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
        Field::Days => crate::msg!(l => "dagar", "days"),
        Field::Event => crate::msg!(l => "evenemang", "event"),
        Field::Abroad => crate::msg!(l => "utomlands", "abroad"),
        Field::InRegion => crate::msg!(l => "inom regionen", "within the region"),
        Field::Mandatory => crate::msg!(l => "obligatorisk", "mandatory"),
        Field::Subject => crate::msg!(l => "kursämne", "course subject"),
        Field::LastDay => crate::msg!(l => "sista dag", "last day"),
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

/// A match table in words: "course; goal a or b; provider …", then what it
/// says of the entry a cost belongs to.
fn cond_words(p: &Policy, c: &Cond, l: Lang) -> String {
    let mut parts: Vec<String> = c
        .tests
        .iter()
        .map(|(f, t)| test_words(p, *f, t, l))
        .collect();
    if !c.parent_tests.is_empty() {
        let of_parent: Vec<String> = c
            .parent_tests
            .iter()
            .map(|(f, t)| test_words(p, *f, t, l))
            .collect();
        parts.push(format!(
            "{} {}",
            crate::msg!(l => "posten den hör till:", "the entry it belongs to:"),
            of_parent.join(", ")
        ));
    }
    parts.join(", ")
}

/// One test of a match table in words.
fn test_words(p: &Policy, f: Field, t: &Test, l: Lang) -> String {
    let name = field_words(f, l);
    let not = crate::msg!(l => "inte", "not");
    match t {
        Test::Eq(Val::Kind(k)) => kind_word(*k, l).to_string(),
        Test::OneOf(vs) if f == Field::Kind => or_list(p, vs, l),
        Test::Eq(Val::Bool(true)) => name.to_string(),
        Test::Eq(Val::Bool(false)) => format!("{not} {name}"),
        Test::Eq(Val::Funder(fu)) => crate::msg!(l =>
            "{} har i förväg åtagit sig att betala",
            "{} has agreed beforehand to pay",
            val_words(p, &Val::Funder(*fu), l)
        ),
        // A way to travel in the reader's words (`flight` is `flyg`).
        Test::Eq(Val::Text(t)) if f == Field::TravelMode => {
            format!("{name} {}", crate::ledger::words::travel_mode_word(t, l))
        }
        Test::Eq(v) => format!("{name} {}", val_words(p, v, l)),
        Test::OneOf(vs) => format!("{name} {}", or_list(p, vs, l)),
        // "not approved by …" reads better than "approved by not …".
        Test::Not(vs) if f == Field::Approvals => {
            format!("{not} {name} {}", or_list(p, vs, l))
        }
        Test::Not(vs) if f == Field::FundedBy => crate::msg!(l =>
            "ingen överenskommelse om att {} betalar",
            "no agreement that {} pays",
            or_list(p, vs, l)
        ),
        Test::Not(vs) => format!("{name} {not} {}", or_list(p, vs, l)),
        Test::Same(whose, other) => format!(
            "{name} {} {}",
            crate::msg!(l => "samma som", "the same as"),
            other_field_words(*whose, *other, l)
        ),
        Test::Cmp(cs) => cs
            .iter()
            .map(|(op, bound)| {
                let b = match bound {
                    Bound::Val(v) => val_words(p, v, l),
                    Bound::Trainee(d) => trainee_date_words(*d, p, l),
                    Bound::Field(whose, other) => other_field_words(*whose, *other, l),
                };
                format!("{name} {} {b}", cmp_words(*op, f.ty(), l))
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Another field as the other side of a test: of the same entry, or of the
/// entry it belongs to.
fn other_field_words(whose: Whose, f: Field, l: Lang) -> String {
    match whose {
        Whose::Entry => entry_date_words(f, l).to_string(),
        Whose::Parent => crate::msg!(l =>
            "{} hos posten den hör till",
            "the {} of the entry it belongs to",
            field_words(f, l)
        ),
    }
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
        Body::Budget { pool, period, .. } => budget_words(p, r, pool, *period, &then, l),
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
            per,
            split,
        } => format!(
            "{} {} {}; {} {then}.",
            crate::msg!(l => "högst", "at most"),
            money(*limit, l),
            match (per, period) {
                (Some(per), _) => per_words(*per, l),
                (None, Some(period)) => period_words(*period, p.programme, l).to_string(),
                (None, None) => String::new(),
            },
            if *split {
                crate::msg!(l => "delen över taket:", "the part above the cap:")
            } else {
                crate::msg!(l =>
                    "en kostnad som inte ryms hel under taket delas inte, hela kostnaden:",
                    "a cost that does not fit whole under the cap is not split, all of it:"
                )
            }
        ),
        Body::Count { max, period, by } => format!(
            "{} {max} {}; {} {then}.",
            crate::msg!(l => "högst", "at most"),
            match by {
                CountBy::Entry => period_words(*period, p.programme, l).to_string(),
                CountBy::Event => format!(
                    "{} {}",
                    crate::msg!(l =>
                        "evenemang (poster med samma evenemang räknas en gång)",
                        "events (entries of one event count once)"
                    ),
                    period_words(*period, p.programme, l)
                ),
            },
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

// K1, V1: the main budget, another budget in kronor, or a pool in days.
fn budget_words(
    p: &Policy,
    r: &Rule,
    pool: &Pool,
    period: PeriodKind,
    then: &str,
    l: Lang,
) -> String {
    let main = std::ptr::eq(r, &p.rules[p.budget_index]);
    let mut out = match (pool.unit, main) {
        (Unit::Kronor, true) => match pool.amount {
            Some(a) => format!(
                "{} {} {}.",
                crate::msg!(l => "dina individuella medel är", "your individual funds are"),
                amount_words(pool, a, l),
                period_words(period, p.programme, l)
            ),
            None => crate::msg!(l =>
                "dina individuella medel har inget tak: allt som reglerna godkänner betalas.",
                "your individual funds have no cap: all that the rules grant is paid."
            )
            .to_string(),
        },
        (Unit::Kronor, false) => format!(
            "{} {}; {}",
            crate::msg!(l => "en egen pott:", "a pool of its own:"),
            pool_size(p, pool, period, l),
            crate::msg!(l =>
                "det som den tar tas inte ur huvudbudgeten, och den går före huvudbudgeten för det den gäller.",
                "what it takes does not come from the main budget, and it goes before the main budget for what it applies to."
            )
        ),
        (Unit::Days(_), _) => format!(
            "{} {}; {}",
            crate::msg!(l => "en pott i dagar:", "a pool in days:"),
            pool_size(p, pool, period, l),
            crate::msg!(l =>
                "en post drar sina dagar (från första till sista dagen, eller `days` där posten anger dem).",
                "an entry draws its days (from its first to its last day, or `days` where the entry records them)."
            )
        ),
    };
    for v in &pool.reserves {
        out.push_str(&crate::msg!(l =>
            " Av dem hålls för {title} ({when}): {amount}, som andra poster inte kan använda.",
            " Of them, kept for {title} ({when}): {amount}, which other entries cannot use.",
            amount = quantity(v.amount, pool.unit, l),
            title = sanitize(v.title.get(l)),
            when = cond_words(p, &v.when, l)
        ));
    }
    let prog = p.programme.label();
    let excess = match (pool.unit, main, pool.split, pool.amount.is_some()) {
        (Unit::Days(_), _, true, _) => {
            crate::msg!(l => "Dagar utöver potten:", "Days beyond the pool:").to_string()
        }
        (Unit::Days(_), _, false, _) => crate::msg!(l =>
            "En post vars dagar inte ryms hela (den delas inte), hela posten:",
            "An entry whose days do not fit whole (it is not split), all of it:"
        )
        .to_string(),
        (Unit::Kronor, true, _, false) => {
            crate::msg!(l => "Kostnader utanför {p}-tiden:", "Costs outside the {p}:", p = prog)
        }
        (Unit::Kronor, true, true, _) => crate::msg!(l =>
            "Det som inte ryms, och kostnader utanför {p}-tiden:",
            "What does not fit, and costs outside the {p}:",
            p = prog
        ),
        (Unit::Kronor, true, false, _) => crate::msg!(l =>
            "En kostnad som inte ryms hel (den delas inte), och kostnader utanför {p}-tiden:",
            "A cost that does not fit whole (it is not split), and costs outside the {p}:",
            p = prog
        ),
        (Unit::Kronor, false, true, _) => {
            crate::msg!(l => "Det som inte ryms:", "What does not fit:").to_string()
        }
        (Unit::Kronor, false, false, _) => crate::msg!(l =>
            "En kostnad som inte ryms hel (den delas inte):",
            "A cost that does not fit whole (it is not split):"
        )
        .to_string(),
    };
    if pool.amount.is_some() || main {
        out.push_str(&format!(" {excess} {then}."));
    }
    out
}

/// A cap kept per unit of a number: "per day of the entry it belongs to".
fn per_words(per: Per, l: Lang) -> String {
    let unit = match per.field {
        Field::Days => crate::msg!(l => "dag", "day"),
        Field::Nights => crate::msg!(l => "natt", "night"),
        Field::DistanceKm => crate::msg!(l => "km", "km"),
        other => field_words(other, l),
    };
    match per.whose {
        Whose::Entry => crate::msg!(l => "per {} av posten", "per {} of the entry", unit),
        Whose::Parent => crate::msg!(l =>
            "per {} av posten den hör till, för alla dess poster tillsammans",
            "per {} of the entry it belongs to, for all its entries together",
            unit
        ),
    }
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
        trainee_date_words(last_day, p, l),
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

fn trainee_date_words(d: TraineeDate, p: &Policy, l: Lang) -> String {
    match d {
        TraineeDate::Start => {
            crate::msg!(l => "din {p}-start", "your {p} start", p = p.programme.label())
        }
        TraineeDate::Certificate => {
            crate::msg!(l => "dagen för {e}", "the {e}", e = sanitize(p.end_name.get(l)))
        }
    }
}
