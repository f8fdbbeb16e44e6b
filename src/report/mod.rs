//! Renderers of an [`Evaluation`]: tables for people, JSON and CSV for scripts.
//! JSON and CSV are machine formats whatever the language: plain decimals as
//! strings, ISO dates, stable field names.

pub mod audit;
pub mod csv;
pub mod json;
pub mod table;

use crate::engine::Evaluation;
use crate::ledger::Effective;
use crate::money::Amount;
use crate::policy::{Lang, Policy};

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
