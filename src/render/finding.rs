//! A finding in words. The engine says what happened (a rule, an entry, a
//! [`Note`]); this says it in Swedish or English, in the policy's own texts
//! where it has them. Every report that shows a finding words it here.

use crate::engine::{Finding, Note};
use crate::i18n::Lang;
use crate::policy::{Body, Policy};

/// What the trainee reads, in their language.
pub fn message(f: &Finding, policy: &Policy, lang: Lang) -> String {
    let rule = &policy.rules[f.rule];
    let sv = lang == Lang::Sv;
    match &f.note {
        Note::Rule => rule.message.get(lang).to_string(),
        Note::Outside => match &rule.body {
            Body::Budget { outside, .. } => outside.get(lang).to_string(),
            _ => rule.message.get(lang).to_string(),
        },
        Note::Unknown(field) if sv => {
            format!(
                "{} kan inte kontrolleras: `{}` saknas",
                rule.title.get(lang),
                field.name()
            )
        }
        Note::Unknown(field) => format!(
            "{}: cannot be checked, `{}` is missing",
            rule.title.get(lang),
            field.name()
        ),
        Note::Inherited(id) => {
            // The budget rule rejects an entry only for lying outside the ST.
            let why = match &rule.body {
                Body::Budget { outside, .. } => outside.get(lang),
                _ => rule.message.get(lang),
            };
            if sv {
                format!("Som post {id}: {why}")
            } else {
                format!("As entry {id}: {why}")
            }
        }
        Note::ServiceGap { from, to } if sv => {
            format!("Ingen tjänstgöringsperiod {from}–{to}: dagarna räknas som 100 %")
        }
        Note::ServiceGap { from, to } => {
            format!("No service period covers {from} to {to}: those days count at 100 %")
        }
        Note::NoService if sv => "Inga tjänstgöringsperioder: hela ST räknas som 100 %".to_string(),
        Note::NoService => "No service periods: the whole ST counts at 100 %".to_string(),
    }
}
