//! Renderers of an [`Evaluation`]: tables for people, JSON and CSV for scripts.
//! JSON and CSV are machine formats whatever the language: plain decimals as
//! strings, ISO dates, stable field names.

pub mod audit;
pub mod csv;
pub mod finding;
pub mod html;
pub mod json;
pub mod policy;
pub mod table;

use crate::engine::Evaluation;
use crate::i18n::Lang;
use crate::ledger::Effective;
use crate::money::Amount;
use crate::policy::Policy;

/// What a report needs: the judged ledger, its policy and the judgement.
pub struct View<'a> {
    pub policy: &'a Policy,
    pub ledger: &'a Effective,
    pub eval: &'a Evaluation,
    pub lang: Lang,
}

/// An amount as people read it in the chosen language.
pub fn money(a: Amount, lang: Lang) -> String {
    match lang {
        Lang::Sv => a.to_swedish(),
        Lang::En => a.to_english(),
    }
}

/// Picks the Swedish or English text.
pub fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// A kind of entry as people say it (the ledger and the flags keep the English word).
pub fn kind_word(k: crate::ledger::Kind, lang: Lang) -> &'static str {
    use crate::ledger::Kind::*;
    match lang {
        Lang::En => k.as_str(),
        Lang::Sv => match k {
            Course => "kurs",
            Literature => "litteratur",
            Digital => "digital utbildning",
            Travel => "resa",
            Lodging => "logi",
            Congress => "kongress",
            StudyCircle => "studiecirkel",
            Other => "övrigt",
        },
    }
}

/// An entry's status as people say it.
pub fn status_word(s: crate::ledger::Status, lang: Lang) -> &'static str {
    use crate::ledger::Status::*;
    match lang {
        Lang::En => s.as_str(),
        Lang::Sv => match s {
            Planned => "planerad",
            Booked => "bokad",
            Attended => "genomförd",
            Cancelled => "avbokad",
            CancelledLate => "avbokad för sent",
            NoShow => "uteblev",
        },
    }
}

/// A verdict as people say it.
pub fn verdict_word(v: crate::engine::Verdict, lang: Lang) -> &'static str {
    use crate::engine::Verdict::*;
    match (lang, v) {
        (Lang::Sv, Ok) => "ok",
        (Lang::Sv, Warning) => "varning",
        (Lang::Sv, Error) => "fel",
        (Lang::En, v) => v.as_str(),
    }
}

/// A severity as people say it.
pub fn severity_word(s: crate::policy::Severity, lang: Lang) -> &'static str {
    use crate::policy::Severity::*;
    match (lang, s) {
        (Lang::Sv, Error) => "fel",
        (Lang::Sv, Warning) => "varning",
        (Lang::Sv, Info) => "info",
        (Lang::En, s) => s.as_str(),
    }
}
