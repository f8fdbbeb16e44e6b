//! Reading and validating a policy file: every mistake with file:line:col and,
//! for a misspelt key or value, the one that was probably meant.

use std::collections::HashSet;

use toml::de::DeValue;

use super::model::*;
use crate::diag::{InputError, Source, did_you_mean};
use crate::ledger::{Goal, Kind, Role, Status};
use crate::tomlx::{Key, Reader, Value, in_file_order, parse_document, strip_bom};

const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "name",
    "source",
    "summary",
    "default_goal",
    "rule",
];
const COMMON: &[&str] = &["id", "ref", "kind", "title", "message", "severity"];
const KINDS: &[&str] = &[
    "budget",
    "overflow",
    "expiry",
    "route",
    "chargeback",
    "require",
    "approval",
    "flag",
    "cap",
    "count",
    "overlap",
    "link",
];

/// A validated policy and what `policy check` should point out without refusing it.
pub struct Loaded {
    pub policy: Policy,
    pub warnings: Vec<InputError>,
}

/// Parses and validates a policy. `origin` names it in messages (a path or `built-in:ID`).
pub fn parse(origin: &str, text: &str) -> Result<Loaded, InputError> {
    let text = strip_bom(text);
    let src = Source::new(origin, text);
    if text.trim().is_empty() {
        return Err(src
            .whole(crate::i18n::t("regelverket är tomt", "the policy is empty"))
            .at(1, 1));
    }
    let doc = parse_document(&src)?;
    let r = Reader::new(src);
    let mut warnings = Vec::new();
    let (mut format, mut id, mut version, mut name, mut source, mut summary, mut default_goal) =
        (None, None, None, None, None, None, None);
    let mut rules = Vec::new();
    for (key, value) in in_file_order(doc.get_ref()) {
        match key.get_ref().as_ref() {
            "format" => {
                let f = r.integer("format", value)?;
                if f != FORMAT {
                    return Err(r.err(
                        value.span(),
                        crate::msg!("regelverksformat {f} stöds inte; den här st-budget läser format {FORMAT}", "unsupported policy format {f}; this st-budget reads format {FORMAT}"
                        ),
                    ));
                }
                format = Some(f);
            }
            "id" => {
                let s = r.text("id", value)?;
                if !is_slug(&s) {
                    return Err(r.err(
                        value.span(),
                        crate::msg!("regelverkets id {s:?} får bara ha små bokstäver, siffror och bindestreck", "policy id {s:?} must be lowercase letters, digits and dashes"),
                    ));
                }
                id = Some(s);
            }
            "version" => version = Some(r.text("version", value)?),
            "name" => name = Some(text_value(&r, "name", value, &mut warnings)?),
            "source" => source = Some(r.text("source", value)?),
            "summary" => summary = Some(text_value(&r, "summary", value, &mut warnings)?),
            "default_goal" => {
                let s = r.string("default_goal", value)?;
                let g = Goal::parse(&s)
                    .filter(|g| g.code.len() == 1)
                    .ok_or_else(|| {
                        r.err(
                            value.span(),
                            crate::msg!(
                                "`default_goal` ska vara en nivå a, b eller c, fick {s:?}",
                                "`default_goal` must be a level a, b or c, got {s:?}"
                            ),
                        )
                    })?;
                default_goal = Some(g.level);
            }
            "rule" => {
                for v in r.array("rule", value)? {
                    rules.push(read_rule(&r, v, &mut warnings)?);
                }
            }
            _ => return Err(r.unknown_key(key, "the policy", TOP_KEYS)),
        }
    }
    // What is missing has no place of its own: point at the top, as TOML does.
    let missing = |key: &str| {
        src.whole(crate::msg!(
            "regelverket saknar `{key}`",
            "the policy is missing `{key}`"
        ))
        .at(1, 1)
    };
    format.ok_or_else(|| {
        missing("format").with_hint(crate::msg!(
            "lägg till `format = {FORMAT}` överst",
            "add `format = {FORMAT}` at the top"
        ))
    })?;
    let id = id.ok_or_else(|| missing("id"))?;
    let version = version.ok_or_else(|| missing("version"))?;
    let name = name.ok_or_else(|| missing("name"))?;
    let source = source.ok_or_else(|| missing("source"))?;
    let mut seen = HashSet::new();
    for rule in &rules {
        if !seen.insert(rule.id.as_str()) {
            return Err(InputError::new(
                origin,
                crate::msg!(
                    "regel-id {:?} finns två gånger",
                    "duplicate rule id {:?}",
                    rule.id
                ),
            )
            .at(rule.line, 1));
        }
    }
    let budgets: Vec<usize> = rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.body, Body::Budget { .. }))
        .map(|(i, _)| i)
        .collect();
    let budget_index = match budgets.as_slice() {
        [one] => *one,
        [] => {
            return Err(src
                .whole(crate::i18n::t("regelverket har ingen regel av sorten \"budget\"", "the policy has no rule of kind \"budget\""))
                .at(1, 1)
                .with_hint(crate::i18n::t("varje regelverk behöver exakt en budgetregel: potten som ST-läkarens kostnader dras från", "every policy needs exactly one budget rule: the pool the trainee's costs draw on")));
        }
        [_, second, ..] => {
            return Err(InputError::new(
                origin,
                crate::i18n::t(
                    "regelverket har mer än en regel av sorten \"budget\"",
                    "the policy has more than one rule of kind \"budget\"",
                ),
            )
            .at(rules[*second].line, 1));
        }
    };
    Ok(Loaded {
        policy: Policy {
            id,
            version,
            name,
            source,
            summary,
            default_goal,
            rules,
            budget_index,
            origin: origin.to_string(),
        },
        warnings,
    })
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

/// A text without its English: the tool prints the Swedish text in English
/// output, which `policy check` reports so the policy author can add it.
fn missing_english(r: &Reader<'_>, v: &Value<'_>, key: &str) -> InputError {
    r.err(
        v.span(),
        crate::msg!(
            "`{}` saknar engelsk text (`en`): engelska utskrifter visar den svenska",
            "`{}` has no English text (`en`): English output will show the Swedish text",
            key
        ),
    )
    .with_hint(format!("{key} = {{ sv = \"…\", en = \"…\" }}"))
}

fn text_value(
    r: &Reader<'_>,
    key: &str,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<Text, InputError> {
    match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => {
            warnings.push(missing_english(r, v, key));
            Ok(Text {
                sv: s.to_string(),
                en: None,
            })
        }
        DeValue::Table(t) => {
            let (mut sv, mut en) = (None, None);
            for (k, val) in t.iter() {
                match k.get_ref().as_ref() {
                    "sv" => sv = Some(r.text("sv", val)?),
                    "en" => en = Some(r.text("en", val)?),
                    _ => return Err(r.unknown_key(k, &format!("`{key}`"), &["sv", "en"])),
                }
            }
            let sv = sv.ok_or_else(|| {
                r.err(
                    v.span(),
                    crate::msg!(
                        "`{key}` saknar sin svenska text `sv`",
                        "`{key}` is missing its Swedish text `sv`"
                    ),
                )
            })?;
            if en.is_none() {
                warnings.push(missing_english(r, v, key));
            }
            Ok(Text { sv, en })
        }
        _ => Err(r
            .err(
                v.span(),
                crate::msg!(
                    "`{key}` ska vara en text eller {{ sv = \"…\", en = \"…\" }}",
                    "`{key}` must be a text or {{ sv = \"…\", en = \"…\" }}"
                ),
            )
            .with_hint(crate::msg!(
                "skriv {key} = {{ sv = \"…\", en = \"…\" }}",
                "write {key} = {{ sv = \"…\", en = \"…\" }}"
            ))),
    }
}

fn read_rule(
    r: &Reader<'_>,
    v: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<Rule, InputError> {
    let t = r.table("rule", v)?;
    let line = r.src.line(v.span().start);
    let kind_value = t.get("kind").ok_or_else(|| {
        r.err(
            v.span(),
            crate::i18n::t("en regel saknar `kind`", "a rule is missing `kind`"),
        )
        .with_hint(crate::msg!(
            "kind är ett av: {}",
            "kind is one of: {}",
            KINDS.join(", ")
        ))
    })?;
    let kind = r.string("kind", kind_value)?;
    if !KINDS.contains(&kind.as_str()) {
        let err = r.err(
            kind_value.span(),
            crate::msg!("okänd regelsort {kind:?}", "unknown rule kind {kind:?}"),
        );
        return Err(match did_you_mean(&kind, KINDS) {
            Some(m) => err.with_hint(crate::msg!("menade du {m:?}?", "did you mean {m:?}?")),
            None => err.with_hint(crate::msg!(
                "kind är ett av: {}",
                "kind is one of: {}",
                KINDS.join(", ")
            )),
        });
    }
    let extra: &[&str] = match kind.as_str() {
        "budget" => &[
            "amount",
            "period",
            "prorate",
            "open_when",
            "outside",
            "payer",
        ],
        "overflow" | "route" | "chargeback" => &["when", "payer"],
        "expiry" => &["when", "last_day", "unless", "payer"],
        "require" => &["when", "require", "payer", "unknown"],
        "approval" => &["when", "roles", "payer"],
        "flag" => &["when", "unknown"],
        "cap" => &["when", "limit", "period", "payer"],
        "count" => &["when", "max", "period", "payer"],
        "overlap" => &["when", "with", "payer"],
        _ => &["when", "parent", "payer"],
    };
    let known: Vec<&str> = COMMON.iter().chain(extra).copied().collect();
    for (key, _) in t.iter() {
        if !known.contains(&key.get_ref().as_ref()) {
            return Err(r.unknown_key(
                key,
                &crate::msg!("en regel av sorten {kind:?}", "a rule of kind {kind:?}"),
                &known,
            ));
        }
    }
    let get = |key: &str| t.get(key);
    let need = |key: &str| {
        t.get(key).ok_or_else(|| {
            r.err(
                v.span(),
                crate::msg!(
                    "en regel av sorten {kind:?} behöver `{key}`",
                    "a rule of kind {kind:?} needs `{key}`"
                ),
            )
        })
    };
    let id = r.text("id", need("id")?)?;
    if !is_slug(&id) {
        return Err(r.err(
            need("id")?.span(),
            crate::msg!(
                "regel-id {id:?} får bara ha små bokstäver, siffror och bindestreck",
                "rule id {id:?} must be lowercase letters, digits and dashes"
            ),
        ));
    }
    let reference = r.text("ref", need("ref")?)?;
    if reference.contains(char::is_whitespace) {
        return Err(r.err(
            need("ref")?.span(),
            crate::i18n::t(
                "`ref` är ett regel-id i DOMAIN.md som \"K9\", utan mellanslag",
                "`ref` is a rule id of DOMAIN.md such as \"K9\", without spaces",
            ),
        ));
    }
    let title = text_value(r, "title", need("title")?, warnings)?;
    let message = text_value(r, "message", need("message")?, warnings)?;
    let sev_value = need("severity")?;
    let sev_text = r.string("severity", sev_value)?;
    let severity = Severity::parse(&sev_text)
        .ok_or_else(|| r.enum_error(sev_value, "severity", &sev_text, Severity::NAMES))?;
    let payer = match get("payer") {
        Some(p) => {
            let s = r.string("payer", p)?;
            Some(Payer::parse(&s).ok_or_else(|| r.enum_error(p, "payer", &s, Payer::NAMES))?)
        }
        None => None,
    };
    let when = match get("when") {
        Some(w) => read_cond(r, "when", w)?,
        None => Cond::default(),
    };
    let needs_payer = matches!(
        kind.as_str(),
        "overflow" | "route" | "chargeback" | "expiry" | "cap" | "count" | "link"
    );
    if needs_payer && payer.is_none() {
        return Err(r
            .err(
                v.span(),
                crate::msg!(
                    "en regel av sorten {kind:?} behöver `payer`",
                    "a rule of kind {kind:?} needs `payer`"
                ),
            )
            .with_hint(crate::msg!(
                "payer är ett av: {}",
                "payer is one of: {}",
                Payer::NAMES.join(", ")
            )));
    }
    if matches!(kind.as_str(), "route" | "chargeback" | "overflow") && payer == Some(Payer::Budget)
    {
        return Err(r.err(
            get("payer").map_or(v.span(), |p| p.span()),
            crate::msg!(
                "en {kind}-regel måste flytta pengar från budgeten",
                "a {kind} rule must move money away from the budget"
            ),
        ));
    }
    if severity == Severity::Error && payer.is_some_and(|p| p != Payer::SelfPaid) {
        return Err(r
            .err(
                sev_value.span(),
                crate::i18n::t(
                    "severity \"error\" är för pengar som ingen betalar (payer \"self\")",
                    "severity \"error\" is for money nobody pays (payer \"self\")",
                ),
            )
            .with_hint(crate::i18n::t(
                "en kostnad som flyttas till en annan betalare är en varning eller info",
                "a cost moved to another payer is a warning or info",
            )));
    }
    let unknown = |key: &str| -> Result<Option<Severity>, InputError> {
        match get(key) {
            Some(u) => {
                let s = r.string(key, u)?;
                Ok(Some(Severity::parse(&s).ok_or_else(|| {
                    r.enum_error(u, key, &s, Severity::NAMES)
                })?))
            }
            None => Ok(None),
        }
    };
    let period = |key: &str| -> Result<PeriodKind, InputError> {
        let p = need(key)?;
        let s = r.string(key, p)?;
        PeriodKind::parse(&s).ok_or_else(|| r.enum_error(p, key, &s, PeriodKind::NAMES))
    };
    let body = match kind.as_str() {
        "budget" => {
            let amount = r.amount("amount", need("amount")?)?;
            let prorate = match get("prorate") {
                Some(p) => {
                    let s = r.string("prorate", p)?;
                    match s.as_str() {
                        "none" => false,
                        "service" => true,
                        _ => return Err(r.enum_error(p, "prorate", &s, &["none", "service"])),
                    }
                }
                None => false,
            };
            let open_when = match get("open_when") {
                Some(c) => Some(read_cond(r, "open_when", c)?),
                None => None,
            };
            let outside = text_value(r, "outside", need("outside")?, warnings)?;
            let period = period("period")?;
            if prorate && period != PeriodKind::CalendarYear {
                return Err(r
                    .err(
                        need("prorate")?.span(),
                        crate::i18n::t(
                            "prorate = \"service\" kräver period = \"calendar-year\"",
                            "prorate = \"service\" needs period = \"calendar-year\"",
                        ),
                    )
                    .with_hint(crate::i18n::t(
                        "en budget för hela ST räknas inte om; skriv prorate = \"none\"",
                        "a whole-ST budget is not pro-rated; write prorate = \"none\"",
                    )));
            }
            Body::Budget {
                amount,
                period,
                prorate,
                open_when,
                outside,
            }
        }
        "overflow" => Body::Overflow,
        "route" => Body::Route,
        "chargeback" => Body::Chargeback,
        "expiry" => {
            let d = need("last_day")?;
            let bound = read_trainee_ref(r, "last_day", d)?;
            let unless = match get("unless") {
                Some(c) => Some(read_cond(r, "unless", c)?),
                None => None,
            };
            Body::Expiry {
                last_day: bound,
                unless,
            }
        }
        "require" => Body::Require {
            require: read_cond(r, "require", need("require")?)?,
            unknown: unknown("unknown")?,
        },
        "approval" => {
            let roles_value = need("roles")?;
            let mut roles = Vec::new();
            for item in r.array("roles", roles_value)? {
                let s = r.string("roles", item)?;
                roles.push(
                    Role::parse(&s).ok_or_else(|| r.enum_error(item, "role", &s, Role::NAMES))?,
                );
            }
            if roles.is_empty() {
                return Err(r.err(
                    roles_value.span(),
                    crate::i18n::t("`roles` anger ingen roll", "`roles` names no role"),
                ));
            }
            Body::Approval { roles }
        }
        "flag" => Body::Flag {
            unknown: unknown("unknown")?,
        },
        "cap" => {
            let limit = r.amount("limit", need("limit")?)?;
            Body::Cap {
                limit,
                period: period("period")?,
            }
        }
        "count" => {
            let max = r.int_in("max", need("max")?, 0..=10_000)? as u32;
            Body::Count {
                max,
                period: period("period")?,
            }
        }
        "overlap" => Body::Overlap {
            with: read_cond(r, "with", need("with")?)?,
        },
        _ => Body::Link {
            parent: read_cond(r, "parent", need("parent")?)?,
        },
    };
    Ok(Rule {
        id,
        reference,
        title,
        message,
        severity,
        payer,
        when,
        body,
        line,
    })
}

fn read_trainee_ref(r: &Reader<'_>, key: &str, v: &Value<'_>) -> Result<TraineeDate, InputError> {
    let hint = crate::msg!(
        "skriv {key} = {{ trainee = \"certificate\" }}",
        "write {key} = {{ trainee = \"certificate\" }}"
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
                "`{key}` anger inget datum hos ST-läkaren",
                "`{key}` names no trainee date"
            ),
        )
        .with_hint(hint)
    })
}

/// Reads a match table.
fn read_cond(r: &Reader<'_>, key: &str, v: &Value<'_>) -> Result<Cond, InputError> {
    let t = r.table(key, v).map_err(|e| {
        e.with_hint(crate::msg!(
            "skriv {key} = {{ kind = \"course\" }}",
            "write {key} = {{ kind = \"course\" }}"
        ))
    })?;
    let mut cond = Cond::default();
    for (k, val) in in_file_order(t) {
        let name: &str = k.get_ref();
        if name == "trainee" {
            // A dotted key `trainee.programmes = …` arrives as a nested table.
            let inner = r.table("trainee", val)?;
            for (k2, val2) in in_file_order(inner) {
                let full = format!("trainee.{}", k2.get_ref());
                let field = field_of(r, k2, &full)?;
                cond.tests.push((field, read_test(r, field, val2)?));
            }
            continue;
        }
        let field = field_of(r, k, name)?;
        cond.tests.push((field, read_test(r, field, val)?));
    }
    Ok(cond)
}

fn field_of(r: &Reader<'_>, k: &Key<'_>, name: &str) -> Result<Field, InputError> {
    Field::parse(name).ok_or_else(|| {
        let err = r.err(
            k.span(),
            crate::msg!(
                "okänt fält `{name}` i en villkorstabell",
                "unknown field `{name}` in a match table"
            ),
        );
        match did_you_mean(name, Field::NAMES) {
            Some(m) => err.with_hint(crate::msg!("menade du `{m}`?", "did you mean `{m}`?")),
            None => err.with_hint(crate::msg!(
                "fälten är: {}",
                "fields are: {}",
                Field::NAMES.join(", ")
            )),
        }
    })
}

fn read_test(r: &Reader<'_>, field: Field, v: &Value<'_>) -> Result<Test, InputError> {
    match v.get_ref() {
        DeValue::Array(items) => {
            let vals = items
                .iter()
                .map(|i| read_val(r, field, i))
                .collect::<Result<Vec<_>, _>>()?;
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
        DeValue::Table(t) => {
            let mut cmps = Vec::new();
            let mut not = None;
            for (k, val) in in_file_order(t) {
                let op = match k.get_ref().as_ref() {
                    "not" => {
                        not = Some(match val.get_ref() {
                            DeValue::Array(items) => items
                                .iter()
                                .map(|i| read_val(r, field, i))
                                .collect::<Result<Vec<_>, _>>()?,
                            _ => vec![read_val(r, field, val)?],
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
                            &["not", "lt", "le", "gt", "ge"],
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
                    DeValue::Table(_) if field.ty() == FieldType::Date => {
                        Bound::Trainee(read_trainee_ref(r, k.get_ref(), val)?)
                    }
                    _ => Bound::Val(read_val(r, field, val)?),
                };
                cmps.push((op, bound));
            }
            match (not, cmps.is_empty()) {
                (Some(n), true) => Ok(Test::Not(n)),
                (None, false) => Ok(Test::Cmp(cmps)),
                (Some(_), false) => Err(r.err(
                    v.span(),
                    crate::i18n::t(
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
        _ => Ok(Test::Eq(read_val(r, field, v)?)),
    }
}

fn read_val(r: &Reader<'_>, field: Field, v: &Value<'_>) -> Result<Val, InputError> {
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
                        "`goal` ska vara en nivå a, b, c eller en målkod som c12, fick {s:?}",
                        "`goal` must be a level a, b, c or a goal code such as c12, got {s:?}"
                    ),
                )
            })?;
            Val::Text(fold(&g.code))
        }
    })
}

/// Text as match tables compare it: without surrounding spaces, in lower case.
pub fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}
