//! The `[[subject]]` tables: the mandatory course subjects of the target
//! description a policy is for (a region's list of the mandatory subjects), each
//! with an id that ledgers write (`subject = "lakemedel"`) and names in Swedish
//! and English that people read.

use std::collections::HashSet;

use super::named::{Words, read_named};
use crate::diag::InputError;
use crate::policy::model::MandatorySubject;
use crate::tomlx::{Reader, Value};
use toml::de::DeValue;

/// How `[[subject]]` is spoken of.
const WORDS: Words = Words {
    table: "[[subject]]",
    key: "subject",
    example: || {
        crate::msg!(
            "ett kursämne har id, sv och en: {}",
            "a course subject has id, sv and en: {}",
            "id = \"lakemedel\", sv = \"Läkemedel\", en = \"Pharmaceuticals\""
        )
    },
    not_a_slug: |id| {
        crate::msg!(
            "kursämnets id {:?} får bara ha små bokstäver, siffror och bindestreck",
            "subject id {:?} must be lowercase letters, digits and dashes",
            id
        )
    },
    no_english: |id| {
        crate::msg!(
            "kursämnet {:?} saknar engelskt namn (`en`): engelska utskrifter visar det svenska",
            "the subject {:?} has no English name (`en`): English output will show the Swedish one",
            id
        )
    },
};

/// Reads every `[[subject]]`: ids unique slugs; a missing English name is a
/// warning, as for every text.
pub(super) fn read_subjects(
    r: &Reader<'_>,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<Vec<MandatorySubject>, InputError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for item in r.array("subject", v)? {
        let (id, id_value, name) = read_named(r, item, &WORDS, warnings)?;
        if !seen.insert(id.clone()) {
            return Err(r.err(
                id_value.span(),
                crate::msg!(
                    "kursämnet {:?} finns två gånger",
                    "the subject {:?} is listed twice",
                    id
                ),
            ));
        }
        out.push(MandatorySubject { id, name });
    }
    Ok(out)
}

/// Every course subject a rule names (`when = { subject = "lakemedel" }`, a
/// list of them, a `not`, under `parent.`) must be one the policy lists: a
/// misspelt id would match nothing, silently. Walks the rule as written, so
/// that the error points at the id.
pub(super) fn check_rule_subjects(
    r: &Reader<'_>,
    rule: &Value<'_>,
    subjects: &[MandatorySubject],
) -> Result<(), InputError> {
    let DeValue::Table(t) = rule.get_ref() else {
        return Ok(());
    };
    for (key, v) in t.iter() {
        if key.get_ref().as_ref() == "subject" {
            for id in named_ids(v) {
                known_subject(r, id, subjects)?;
            }
        } else {
            check_rule_subjects(r, v, subjects)?;
        }
    }
    Ok(())
}

/// The ids a test of `subject` names: a string, a list, a `not`; not the
/// field another field is compared with (`{ parent = "subject" }`).
fn named_ids<'v, 'i>(v: &'v Value<'i>) -> Vec<&'v Value<'i>> {
    match v.get_ref() {
        DeValue::String(_) => vec![v],
        DeValue::Array(items) => items.iter().flat_map(named_ids).collect(),
        DeValue::Table(t) => t
            .iter()
            .filter(|(k, _)| k.get_ref().as_ref() == "not")
            .flat_map(|(_, v)| named_ids(v))
            .collect(),
        _ => Vec::new(),
    }
}

/// An id the policy lists, else an error at it with a guess, or the ids.
fn known_subject(
    r: &Reader<'_>,
    v: &Value<'_>,
    subjects: &[MandatorySubject],
) -> Result<(), InputError> {
    let DeValue::String(s) = v.get_ref() else {
        return Ok(());
    };
    let id = super::cond::fold(s);
    if subjects.iter().any(|m| m.id == id) {
        return Ok(());
    }
    let ids: Vec<&str> = subjects.iter().map(|m| m.id.as_str()).collect();
    let err = r.err(
        v.span(),
        crate::msg!(
            "kursämnet {:?} finns inte bland regelverkets [[subject]]",
            "the subject {:?} is not one of the policy's [[subject]]",
            s.as_ref()
        ),
    );
    Err(
        match (crate::diag::did_you_mean(&id, &ids), ids.is_empty()) {
            (Some(m), _) => {
                err.with_hint(crate::msg!("menade du \"{}\"?", "did you mean \"{}\"?", m))
            }
            (None, true) => err.with_hint(crate::msg!(
                "regelverket listar inga kursämnen: lägg till [[subject]] med id, sv och en",
                "the policy lists no subjects: add [[subject]] with id, sv and en"
            )),
            (None, false) => err.with_hint(crate::msg!(
                "kursämnena: {}",
                "the subjects: {}",
                ids.join(", ")
            )),
        },
    )
}
