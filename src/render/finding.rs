//! A finding in words. The engine says what happened (a rule, an entry, a
//! [`Note`]); this says it in Swedish or English, in the policy's own texts
//! where it has them. Every report that shows a finding words it here.

use crate::engine::{Finding, Note};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::{Body, Deadline, Policy};

/// What the trainee reads, in their language.
pub fn message(f: &Finding, policy: &Policy, lang: Lang) -> String {
    let rule = &policy.rules[f.rule()];
    match &f.note {
        Note::Rule => rule.message.get(lang).to_string(),
        Note::Outside => match &rule.body {
            Body::Budget {
                outside: Some(outside),
                ..
            } => outside.get(lang).to_string(),
            _ => rule.message.get(lang).to_string(),
        },
        // The title stands before the message (`V8 (…): …`): not said twice.
        Note::Unknown(field) => crate::msg!(lang =>
            "Kan inte kontrolleras: `{}` saknas",
            "Cannot be checked: `{}` is missing",
            field.name()
        ),
        Note::Overlaps(other) => crate::msg!(lang =>
            "{} (krockar med post {})",
            "{} (collides with entry {})",
            rule.message.get(lang),
            other
        ),
        Note::Inherited(id) => {
            // The budget rule rejects an entry only for lying outside the ST.
            let why = match &rule.body {
                Body::Budget {
                    outside: Some(outside),
                    pool,
                    ..
                } if !pool.unit.is_days() => outside.get(lang),
                _ => rule.message.get(lang),
            };
            crate::msg!(lang => "Som post {}: {}", "As entry {}: {}", id, why)
        }
        Note::ServiceGap { from, to } => crate::msg!(lang =>
            "Ingen tjänstgöringsperiod {}–{}: dagarna räknas som 100 %",
            "No service period covers {} to {}: those days count at 100 %",
            from,
            to
        ),
        Note::NoService => crate::msg!(lang =>
            "Inga tjänstgöringsperioder: hela {p} räknas som 100 %",
            "No service periods: the whole {p} counts at 100 %",
            p = policy.programme.label()
        ),
        Note::DaysOver(over) => {
            let unit = match &rule.body {
                Body::Budget { pool, .. } => pool.unit,
                _ => crate::policy::Unit::Days(crate::policy::DayCount::Calendar),
            };
            let q = |n: i64| super::policy::quantity(Amount::from_kronor(n), unit, lang);
            crate::msg!(lang =>
                "{message} Posten har {days}; kvar för den i potten: {left}.",
                "{message} The entry has {days}; left for it in the pool: {left}.",
                message = rule.message.get(lang),
                days = q(over.days),
                left = q(over.left)
            )
        }
        Note::UnknownSubject(id) => unknown_subject(&id.0, policy, lang),
        Note::NoBudget => crate::msg!(lang =>
            "Ingen budget i regelverket täcker posten: den ersätts inte.",
            "No budget of the policy covers this entry: it is not reimbursed."
        )
        .to_string(),
        Note::LateApproval(late) => {
            let crate::engine::Late {
                role,
                approved,
                due,
                from,
            } = &**late;
            let days = (*approved - *due).num_days();
            let late = crate::msg!(lang =>
                "Godkännandet av {role} kom {days} för sent: det är daterat {approved} och skulle ha daterats senast {due}, {what}. Ett sent godkännande räknas som inget.",
                "The approval by {role} came {days} too late: it is dated {approved}, and had to be dated on or before {due}, {what}. A late approval counts as none.",
                role = policy.role_name(role, lang).unwrap_or(role.as_str()),
                days = days_words(days, lang),
                approved = approved,
                due = due,
                what = deadline_words(*from, lang)
            );
            format!("{} {late}", rule.message.get(lang))
        }
    }
}

/// A course subject the policy does not list, with a guess at the one meant.
fn unknown_subject(id: &str, policy: &Policy, lang: Lang) -> String {
    let ids: Vec<&str> = policy.subjects.iter().map(|s| s.id.as_str()).collect();
    if ids.is_empty() {
        return crate::msg!(lang =>
            "Kursämnet {:?} täcker inget: regelverket listar inga obligatoriska kursämnen.",
            "The subject {:?} covers nothing: the policy lists no mandatory subjects.",
            id
        );
    }
    let guess = match crate::diag::did_you_mean(id, &ids) {
        Some(m) => crate::msg!(lang => "menade du {:?}?", "did you mean {:?}?", m),
        None => {
            crate::msg!(lang => "`policy show` listar dem", "`policy show` lists them").to_string()
        }
    };
    crate::msg!(lang =>
        "Kursämnet {id:?} finns inte bland regelverkets kursämnen och täcker inget ({guess}).",
        "The subject {id:?} is not one the policy lists and covers nothing ({guess}).",
        id = id,
        guess = guess
    )
}

/// "1 day", "5 days".
pub fn days_words(n: i64, lang: Lang) -> String {
    if n == 1 {
        crate::msg!(lang => "1 dag", "1 day").to_string()
    } else {
        crate::msg!(lang => "{} dagar", "{} days", n)
    }
}

/// The entry date a deadline is, in words.
pub fn deadline_words(d: Deadline, lang: Lang) -> &'static str {
    match d {
        Deadline::Date => crate::msg!(lang => "första dagen", "the first day"),
        Deadline::Applied => crate::msg!(lang =>
            "dagen för ansökan eller anmälan (--applied)",
            "the day of application or registration (--applied)",
        ),
        Deadline::CancelBy => crate::msg!(lang =>
            "sista avbokningsdag (--cancel-by)",
            "the last cancellation day (--cancel-by)",
        ),
    }
}
