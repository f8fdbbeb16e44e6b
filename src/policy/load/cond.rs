//! Match tables (`when`, `require`, `with`, …): the only predicate language of a
//! policy. Every field, operator and value is checked against the field's type.

use toml::de::DeValue;

use super::role::known_role;
use crate::diag::{InputError, did_you_mean};
use crate::ledger::{Funder, Goal, Kind, Status};
use crate::policy::model::*;
use crate::tomlx::{Key, Reader, Value, in_file_order};

/// A trainee date written as `{ trainee = "certificate" }`.
pub(super) fn read_trainee_ref(
    r: &Reader<'_>,
    key: &str,
    v: &Value<'_>,
) -> Result<TraineeDate, InputError> {
    let hint = crate::msg!(
        "skriv {} = {{ trainee = \"certificate\" }}",
        "write {} = {{ trainee = \"certificate\" }}",
        key
    );
    let t = r.table(key, v).map_err(|e| e.with_hint(hint.clone()))?;
    let mut out = None;
    for (k, val) in t.iter() {
        if k.get_ref().as_ref() != "trainee" {
            return Err(r.unknown_key(k, &format!("`{key}`"), &["trainee"]));
        }
        let s = r.string("trainee", val)?;
        out = Some(match s.as_str() {
            "start" => TraineeDate::Start,
            "certificate" => TraineeDate::Certificate,
            _ => return Err(r.enum_error(val, "trainee date", &s, TraineeDate::NAMES)),
        });
    }
    out.ok_or_else(|| {
        r.err(
            v.span(),
            crate::msg!(
                "`{}` anger inget datum hos ST-läkaren",
                "`{}` names no trainee date",
                key
            ),
        )
        .with_hint(hint)
    })
}

/// Another field as the other side of a test (`{ entry = "cancel_by" }`, `{
/// parent = "days" }`), of the same type as `field`.
fn read_field_bound(
    r: &Reader<'_>,
    whose: Whose,
    field: Field,
    val: &Value<'_>,
) -> Result<Bound, InputError> {
    let s = r.string(whose.as_str(), val)?;
    let names: Vec<&str> = Field::NAMES
        .iter()
        .copied()
        .filter(|n| Field::parse(n).is_some_and(|f| f.is_bound() && f.ty() == field.ty()))
        .collect();
    let Some(other) = Field::parse(&s).filter(|f| f.is_bound()) else {
        let what = match field.ty() {
            FieldType::Date => format!("{} date", whose.as_str()),
            _ => format!("{} field", whose.as_str()),
        };
        return Err(r.enum_error(val, &what, &s, &names));
    };
    if other.ty() != field.ty() {
        return Err(r
            .err(
                val.span(),
                crate::msg!(
                    "`{}` kan inte jämföras med `{}`: de är av olika slag",
                    "`{}` cannot be compared with `{}`: they are of different types",
                    field.name(),
                    other.name()
                ),
            )
            .with_hint(crate::msg!(
                "jämförbara med `{}`: {}",
                "comparable with `{}`: {}",
                field.name(),
                names.join(", ")
            )));
    }
    Ok(Bound::Field(whose, other))
}

/// The other side of a comparison written as a table: a trainee date (`{
/// trainee = "certificate" }`, dates only), or another field of the entry or
/// of the entry it belongs to (`{ entry = "cancel_by" }`, `{ parent = "days" }`).
fn read_bound(r: &Reader<'_>, key: &str, field: Field, v: &Value<'_>) -> Result<Bound, InputError> {
    let t = r.table(key, v)?;
    let Some((k, val)) = t.iter().next().filter(|_| t.len() == 1) else {
        return Err(r
            .err(
                v.span(),
                crate::msg!(
                    "`{}` anger ett värde: {{ entry = \"…\" }}, {{ parent = \"…\" }} eller {{ trainee = \"…\" }}",
                    "`{}` names one value: {{ entry = \"…\" }}, {{ parent = \"…\" }} or {{ trainee = \"…\" }}",
                    key
                ),
            )
            .with_hint(crate::msg!(
                "skriv {} = {{ entry = \"cancel_by\" }}",
                "write {} = {{ entry = \"cancel_by\" }}",
                key
            )));
    };
    match k.get_ref().as_ref() {
        "trainee" if field.ty() == FieldType::Date => {
            Ok(Bound::Trainee(read_trainee_ref(r, key, v)?))
        }
        "entry" => read_field_bound(r, Whose::Entry, field, val),
        "parent" => read_field_bound(r, Whose::Parent, field, val),
        _ if field.ty() == FieldType::Date => {
            Err(r.unknown_key(k, &format!("`{key}`"), &["entry", "parent", "trainee"]))
        }
        _ => Err(r.unknown_key(k, &format!("`{key}`"), &["entry", "parent"])),
    }
}

/// Reads a match table; `roles` are the ones the policy declares.
pub(super) fn read_cond(
    r: &Reader<'_>,
    roles: &[DeclaredRole],
    key: &str,
    v: &Value<'_>,
) -> Result<Cond, InputError> {
    let t = r.table(key, v).map_err(|e| {
        e.with_hint(crate::msg!(
            "skriv {} = {{ kind = \"course\" }}",
            "write {} = {{ kind = \"course\" }}",
            key
        ))
    })?;
    let mut cond = Cond::default();
    for (k, val) in in_file_order(t) {
        let name: &str = k.get_ref();
        // A dotted key `trainee.programmes = …` or `parent.kind = …` arrives as
        // a nested table.
        if name == "trainee" || name == "parent" {
            let inner = r.table(name, val)?;
            for (k2, val2) in in_file_order(inner) {
                let full = format!("{name}.{}", k2.get_ref());
                let (field, test) = if name == "trainee" {
                    let field = field_of(r, k2, &full)?;
                    (field, read_test(r, roles, field, val2)?)
                } else {
                    let field = parent_field_of(r, k2)?;
                    (field, read_test(r, roles, field, val2)?)
                };
                if name == "trainee" {
                    cond.tests.push((field, test));
                } else {
                    cond.parent_tests.push((field, test));
                }
            }
            continue;
        }
        let field = field_of(r, k, name)?;
        cond.tests.push((field, read_test(r, roles, field, val)?));
    }
    Ok(cond)
}

/// A field of the entry a cost belongs to, as `parent.FIELD` names it.
fn parent_field_of(r: &Reader<'_>, k: &Key<'_>) -> Result<Field, InputError> {
    let name: &str = k.get_ref();
    let own: Vec<&str> = Field::NAMES
        .iter()
        .copied()
        .filter(|n| Field::parse(n).is_some_and(|f| !f.is_trainee()))
        .collect();
    match Field::parse(name).filter(|f| !f.is_trainee()) {
        Some(f) => Ok(f),
        None => {
            let err = r.err(
                k.span(),
                crate::msg!(
                    "okänt fält `parent.{}` i en villkorstabell",
                    "unknown field `parent.{}` in a match table",
                    name
                ),
            );
            Err(match did_you_mean(name, &own) {
                Some(m) => err.with_hint(crate::msg!(
                    "menade du `parent.{}`?",
                    "did you mean `parent.{}`?",
                    m
                )),
                None => err.with_hint(crate::msg!(
                    "`parent.` tar postens egna fält: {}",
                    "`parent.` takes an entry's own fields: {}",
                    own.join(", ")
                )),
            })
        }
    }
}

fn field_of(r: &Reader<'_>, k: &Key<'_>, name: &str) -> Result<Field, InputError> {
    Field::parse(name).ok_or_else(|| {
        if name == "payer" {
            // Who pays is what rules decide; what an entry records is who agreed to.
            return r
                .err(
                    k.span(),
                    crate::msg!(
                        "okänt fält `payer` i en villkorstabell: vem som betalar avgör reglerna",
                        "unknown field `payer` in a match table: who pays is what the rules decide",
                    ),
                )
                .with_hint(crate::msg!(
                    "en betalare som kommits överens om i förväg är `funded_by` (\"unit\" eller \"central\")",
                    "a payer agreed beforehand is `funded_by` (\"unit\" or \"central\")",
                ));
        }
        let err = r.err(
            k.span(),
            crate::msg!(
                "okänt fält `{}` i en villkorstabell",
                "unknown field `{}` in a match table",
                name
            ),
        );
        match did_you_mean(name, Field::NAMES) {
            Some(m) => err.with_hint(crate::msg!("menade du `{}`?", "did you mean `{}`?", m)),
            None => err.with_hint(crate::msg!(
                "fälten är: {}",
                "fields are: {}",
                Field::NAMES.join(", ")
            )),
        }
    })
}

fn read_test(
    r: &Reader<'_>,
    roles: &[DeclaredRole],
    field: Field,
    v: &Value<'_>,
) -> Result<Test, InputError> {
    let read_val = |i: &Value<'_>| read_val(r, roles, field, i);
    match v.get_ref() {
        DeValue::Array(items) => {
            let vals = items.iter().map(read_val).collect::<Result<Vec<_>, _>>()?;
            if vals.is_empty() {
                return Err(r.err(
                    v.span(),
                    crate::msg!(
                        "`{}` är en tom lista, som ingenting matchar",
                        "`{}` is an empty list, which nothing matches",
                        field.name()
                    ),
                ));
            }
            Ok(Test::OneOf(vals))
        }
        DeValue::Table(t)
            if t.len() == 1 && (t.contains_key("entry") || t.contains_key("parent")) =>
        {
            // Equals another field: `programme = { parent = "programme" }`.
            let Bound::Field(whose, other) = read_bound(r, field.name(), field, v)? else {
                return Err(r.err(
                    v.span(),
                    crate::msg!("ett fält väntades", "a field was expected"),
                ));
            };
            if !field.is_bound() {
                return Err(r.err(
                    v.span(),
                    crate::msg!(
                        "`{}` kan inte jämföras med ett annat fält",
                        "`{}` cannot be compared with another field",
                        field.name()
                    ),
                ));
            }
            Ok(Test::Same(whose, other))
        }
        DeValue::Table(t) => {
            let mut cmps = Vec::new();
            let mut not = None;
            for (k, val) in in_file_order(t) {
                let op = match k.get_ref().as_ref() {
                    "not" => {
                        not = Some(match val.get_ref() {
                            DeValue::Array(items) => {
                                items.iter().map(read_val).collect::<Result<Vec<_>, _>>()?
                            }
                            _ => vec![read_val(val)?],
                        });
                        continue;
                    }
                    "lt" => CmpOp::Lt,
                    "le" => CmpOp::Le,
                    "gt" => CmpOp::Gt,
                    "ge" => CmpOp::Ge,
                    _ => {
                        return Err(r.unknown_key(
                            k,
                            &crate::msg!("testet av `{}`", "the test of `{}`", field.name()),
                            &["not", "lt", "le", "gt", "ge", "entry", "parent"],
                        ));
                    }
                };
                if !matches!(
                    field.ty(),
                    FieldType::Number | FieldType::Date | FieldType::Amount
                ) {
                    return Err(r.err(k.span(), crate::msg!("`{}` kan inte jämföras med `{}`; bara tal, datum och belopp kan", "`{}` cannot be compared with `{}`; only numbers, dates and amounts can", field.name(), k.get_ref())));
                }
                let bound = match val.get_ref() {
                    DeValue::Table(_) => read_bound(r, k.get_ref(), field, val)?,
                    _ => Bound::Val(read_val(val)?),
                };
                cmps.push((op, bound));
            }
            match (not, cmps.is_empty()) {
                (Some(n), true) => Ok(Test::Not(n)),
                (None, false) => Ok(Test::Cmp(cmps)),
                (Some(_), false) => Err(r.err(
                    v.span(),
                    crate::msg!(
                        "ett test är antingen `not` eller jämförelser, inte båda; skriv två regler",
                        "a test is either `not` or comparisons, not both; write two rules",
                    ),
                )),
                (None, true) => Err(r.err(
                    v.span(),
                    crate::msg!(
                        "testet av `{}` är tomt",
                        "the test of `{}` is empty",
                        field.name()
                    ),
                )),
            }
        }
        _ => Ok(Test::Eq(read_val(v)?)),
    }
}

fn read_val(
    r: &Reader<'_>,
    roles: &[DeclaredRole],
    field: Field,
    v: &Value<'_>,
) -> Result<Val, InputError> {
    let key = field.name();
    Ok(match field.ty() {
        FieldType::Text | FieldType::TextList => Val::Text(fold(&r.text(key, v)?)),
        FieldType::Bool => Val::Bool(r.bool(key, v)?),
        FieldType::Number => Val::Number(r.integer(key, v)?),
        FieldType::Date => Val::Date(r.date(key, v)?),
        FieldType::Amount => Val::Amount(r.amount(key, v)?),
        FieldType::KindWord => {
            let s = r.string(key, v)?;
            Val::Kind(Kind::parse(&s).ok_or_else(|| r.enum_error(v, "kind", &s, Kind::NAMES))?)
        }
        FieldType::StatusWord => {
            let s = r.string(key, v)?;
            Val::Status(
                Status::parse(&s).ok_or_else(|| r.enum_error(v, "status", &s, Status::NAMES))?,
            )
        }
        FieldType::GoalCode => {
            let s = r.string(key, v)?;
            let g = Goal::parse(&s).ok_or_else(|| {
                r.err(
                    v.span(),
                    crate::msg!(
                        "`goal` ska vara en nivå a, b, c eller en målkod som c12, fick {:?}",
                        "`goal` must be a level a, b, c or a goal code such as c12, got {:?}",
                        s
                    ),
                )
            })?;
            Val::Text(fold(g.code()))
        }
        FieldType::FunderWord => {
            let s = r.string(key, v)?;
            Val::Funder(Funder::parse(&s).ok_or_else(|| r.enum_error(v, key, &s, Funder::NAMES))?)
        }
        FieldType::RoleList => Val::Role(known_role(r, roles, v, key)?),
    })
}

/// Text as match tables compare it: without surrounding spaces, in lower case.
pub fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}
