//! The `[[role]]` tables: approval roles a policy declares beyond the five built
//! in, each with an id that ledgers and rules write and names in Swedish and
//! English that people read.

use std::collections::HashSet;

use super::named::{Words, read_named};
use crate::diag::InputError;
use crate::ledger::Role;
use crate::policy::model::DeclaredRole;
use crate::tomlx::{Reader, Value};

/// Reads every `[[role]]`: ids unique, none a built-in role; a missing English
/// name is a warning, as for every text.
pub(super) fn read_roles(
    r: &Reader<'_>,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<Vec<DeclaredRole>, InputError> {
    let mut out: Vec<DeclaredRole> = Vec::new();
    let mut seen = HashSet::new();
    for item in r.array("role", v)? {
        let role = read_role(r, item, warnings)?;
        if !seen.insert(role.id.clone()) {
            return Err(r.err(
                item.span(),
                crate::msg!(
                    "rollen {:?} deklareras två gånger",
                    "the role {:?} is declared twice",
                    role.id
                ),
            ));
        }
        out.push(role);
    }
    Ok(out)
}

/// How `[[role]]` is spoken of.
const WORDS: Words = Words {
    table: "[[role]]",
    key: "role",
    example: || {
        crate::msg!(
            "en roll har id, sv och en: id = \"klinikchef\", sv = \"klinikchef\", en = \"head of clinic\"",
            "a role has id, sv and en: id = \"klinikchef\", sv = \"klinikchef\", en = \"head of clinic\"",
        )
        .to_string()
    },
    not_a_slug: |id| {
        crate::msg!(
            "roll-id {:?} får bara ha små bokstäver, siffror och bindestreck",
            "role id {:?} must be lowercase letters, digits and dashes",
            id
        )
    },
    no_english: |id| {
        crate::msg!(
            "rollen {:?} saknar engelskt namn (`en`): engelska utskrifter visar det svenska",
            "the role {:?} has no English name (`en`): English output will show the Swedish one",
            id
        )
    },
};

fn read_role(
    r: &Reader<'_>,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<DeclaredRole, InputError> {
    let (id, id_value, name) = read_named(r, v, &WORDS, warnings)?;
    if Role::parse(&id).is_some() {
        return Err(r.err(
            id_value.span(),
            crate::msg!(
                "{:?} är redan en inbyggd roll; deklarera bara nya roller",
                "{:?} is a built-in role already; declare only new ones",
                id
            ),
        ));
    }
    Ok(DeclaredRole {
        id,
        name,
        line: r.src.line(v.span().start),
    })
}

/// A role a rule names (`roles = [...]`, `approvals = "…"`): a built-in one, or
/// one the policy declares, spelt as its id.
pub(super) fn known_role(
    r: &Reader<'_>,
    declared: &[DeclaredRole],
    v: &Value<'_>,
    key: &str,
) -> Result<Role, InputError> {
    let s = r.string(key, v)?;
    if let Some(role) = Role::parse(&s) {
        return Ok(role);
    }
    if declared.iter().any(|d| d.id == s) {
        return Ok(Role::Declared(s));
    }
    let known: Vec<&str> = Role::NAMES
        .iter()
        .copied()
        .chain(declared.iter().map(|d| d.id.as_str()))
        .collect();
    Err(r.enum_error(v, "role", &s, &known).with_hint(
        match crate::diag::did_you_mean(&s, &known) {
            Some(m) => crate::msg!(
                "menade du {:?}? En ny roll deklareras med [[role]] (id, sv, en)",
                "did you mean {:?}? A new role is declared with [[role]] (id, sv, en)",
                m
            ),
            None => crate::msg!(
                "rollerna är: {}; en ny roll deklareras med [[role]] (id, sv, en)",
                "roles are: {}; a new role is declared with [[role]] (id, sv, en)",
                known.join(", ")
            ),
        },
    ))
}
