//! Reading and validating a policy file: every mistake with file:line:col and,
//! for a misspelt key or value, the one that was probably meant. The top of the
//! file is read here; a rule in `rule.rs`, its match tables in `cond.rs`.

mod cond;
mod named;
mod role;
mod rule;
mod subject;

use std::collections::HashSet;

use toml::de::DeValue;

pub use cond::fold;

use super::model::*;
use crate::diag::{InputError, Source};
use crate::ledger::Goal;
use crate::tomlx::{Key, Reader, Value, in_file_order, parse_document, strip_bom};

const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "name",
    "source",
    "summary",
    "programme",
    "end_name",
    "default_goal",
    "role",
    "subject",
    "rule",
];

/// A validated policy and what `policy check` should point out without refusing it.
pub struct Loaded {
    pub policy: Policy,
    pub warnings: Vec<InputError>,
}

/// The top of a policy as read, before what must be there is checked.
#[derive(Default)]
struct Top {
    format: Option<i64>,
    id: Option<String>,
    version: Option<String>,
    name: Option<Text>,
    source: Option<String>,
    summary: Option<Text>,
    programme: Option<Programme>,
    end_name: Option<Text>,
    default_goal: Option<char>,
    roles: Vec<DeclaredRole>,
    subjects: Vec<MandatorySubject>,
    rules: Vec<rule::ReadRule>,
}

/// Parses and validates a policy. `origin` names it in messages (a path or `built-in:ID`).
pub fn parse(origin: &str, text: &str) -> Result<Loaded, InputError> {
    let text = strip_bom(text);
    let src = Source::new(origin, text);
    if text.trim().is_empty() {
        return Err(src
            .whole(crate::msg!("regelverket är tomt", "the policy is empty"))
            .at(1, 1));
    }
    let doc = parse_document(&src)?;
    let r = Reader::new(src);
    let mut warnings = Vec::new();
    let mut top = Top::default();
    // The roles first, wherever they stand: rules name them.
    if let Some(v) = doc.get_ref().get("role") {
        top.roles = role::read_roles(&r, v, &mut warnings)?;
    }
    // The subjects too: rules name them.
    if let Some(v) = doc.get_ref().get("subject") {
        top.subjects = subject::read_subjects(&r, v, &mut warnings)?;
    }
    for (key, value) in in_file_order(doc.get_ref()) {
        read_top_key(&r, &mut top, key, value, &mut warnings)?;
    }
    let policy = finish(&src, top)?;
    Ok(Loaded { policy, warnings })
}

fn read_top_key(
    r: &Reader<'_>,
    top: &mut Top,
    key: &Key<'_>,
    value: &Value<'_>,
    warnings: &mut Vec<InputError>,
) -> Result<(), InputError> {
    match key.get_ref().as_ref() {
        "format" => {
            let f = r.integer("format", value)?;
            if f != FORMAT {
                return Err(r.err(
                    value.span(),
                    crate::msg!(
                        "regelverksformat {0} stöds inte; den här st-budget läser format {1}",
                        "unsupported policy format {0}; this st-budget reads format {1}",
                        f,
                        FORMAT
                    ),
                ));
            }
            top.format = Some(f);
        }
        "id" => {
            let s = r.text("id", value)?;
            if !is_slug(&s) {
                return Err(r.err(
                    value.span(),
                    crate::msg!(
                        "regelverkets id {:?} får bara ha små bokstäver, siffror och bindestreck",
                        "policy id {:?} must be lowercase letters, digits and dashes",
                        s
                    ),
                ));
            }
            top.id = Some(s);
        }
        "version" => top.version = Some(r.text("version", value)?),
        "name" => top.name = Some(text_value(r, "name", value, warnings)?),
        "source" => top.source = Some(r.text("source", value)?),
        "summary" => top.summary = Some(text_value(r, "summary", value, warnings)?),
        "programme" => {
            let s = r.string("programme", value)?;
            let p = Programme::parse(&s)
                .ok_or_else(|| r.enum_error(value, "programme", &s, Programme::NAMES))?;
            top.programme = Some(p);
        }
        "end_name" => top.end_name = Some(text_value(r, "end_name", value, warnings)?),
        "default_goal" => {
            let s = r.string("default_goal", value)?;
            let g = Goal::parse(&s)
                .filter(|g| g.code().len() == 1)
                .ok_or_else(|| {
                    r.err(
                        value.span(),
                        crate::msg!(
                            "`default_goal` ska vara en nivå a, b eller c, fick {:?}",
                            "`default_goal` must be a level a, b or c, got {:?}",
                            s
                        ),
                    )
                })?;
            top.default_goal = Some(g.level());
        }
        "role" | "subject" => {}
        "rule" => {
            for v in r.array("rule", value)? {
                top.rules.push(rule::read_rule(r, v, &top.roles, warnings)?);
                subject::check_rule_subjects(r, v, &top.subjects)?;
            }
        }
        _ => {
            let what = crate::msg!("regelverket", "the policy");
            return Err(r.unknown_key(key, what, TOP_KEYS));
        }
    }
    Ok(())
}

/// What must be there, once the whole file is read: the top keys, unique rule
/// ids, and exactly one budget.
fn finish(src: &Source<'_>, top: Top) -> Result<Policy, InputError> {
    let origin = src.path;
    // What is missing has no place of its own: point at the top, as TOML does.
    let missing = |key: &str| {
        src.whole(crate::msg!(
            "regelverket saknar `{}`",
            "the policy is missing `{}`",
            key
        ))
        .at(1, 1)
    };
    top.format.ok_or_else(|| {
        missing("format").with_hint(crate::msg!(
            "lägg till `format = {}` överst",
            "add `format = {}` at the top",
            FORMAT
        ))
    })?;
    let id = top.id.ok_or_else(|| missing("id"))?;
    let version = top.version.ok_or_else(|| missing("version"))?;
    let name = top.name.ok_or_else(|| missing("name"))?;
    let source = top.source.ok_or_else(|| missing("source"))?;
    let mut seen = HashSet::new();
    for read in &top.rules {
        let rule = &read.rule;
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
    let programme = top.programme.unwrap_or(Programme::St);
    let end_name = top.end_name.unwrap_or_else(|| programme.default_end_name());
    let (rules, overridden_by) = resolve_overrides(src, top.rules)?;
    let budget_index = the_budgets(src, &rules)?;
    Ok(Policy {
        id,
        version,
        name,
        source,
        summary: top.summary,
        programme,
        end_name,
        default_goal: top.default_goal,
        roles: top.roles,
        subjects: top.subjects,
        rules,
        budget_index,
        overridden_by,
        origin: origin.to_string(),
    })
}

/// `overrides` by rule id, resolved to rule indices: each names another rule
/// of the policy. Returns the rules, and for each rule the rules that override it.
fn resolve_overrides(
    src: &Source<'_>,
    read: Vec<rule::ReadRule>,
) -> Result<(Vec<Rule>, Vec<Vec<usize>>), InputError> {
    let ids: Vec<String> = read.iter().map(|r| r.rule.id.clone()).collect();
    let mut overridden_by = vec![Vec::new(); read.len()];
    let mut rules = Vec::with_capacity(read.len());
    for (i, r) in read.into_iter().enumerate() {
        let mut rule = r.rule;
        for (id, span) in r.overrides {
            // Where the id is written, found only for an error.
            let at = |m: String| src.error(span.clone(), m);
            let Some(j) = ids.iter().position(|x| *x == id) else {
                let names: Vec<&str> = ids.iter().map(String::as_str).collect();
                let err = at(crate::msg!(
                    "`overrides` anger regeln {:?}, som inte finns",
                    "`overrides` names rule {:?}, which does not exist",
                    id
                ));
                return Err(match crate::diag::did_you_mean(&id, &names) {
                    Some(m) => {
                        err.with_hint(crate::msg!("menade du {:?}?", "did you mean {:?}?", m))
                    }
                    None => err.with_hint(crate::msg!(
                        "`overrides` tar id för andra regler i regelverket",
                        "`overrides` takes the ids of other rules of the policy",
                    )),
                });
            };
            if j == i {
                return Err(at(crate::msg!(
                    "regeln {:?} kan inte gå före sig själv",
                    "rule {:?} cannot override itself",
                    id
                )));
            }
            if !rule.overrides.contains(&j) {
                rule.overrides.push(j);
                overridden_by[j].push(i);
            }
        }
        rules.push(rule);
    }
    for (i, rule) in rules.iter().enumerate() {
        if let Some(&j) = rule
            .overrides
            .iter()
            .find(|&&j| rules[j].overrides.contains(&i))
        {
            return Err(InputError::new(
                src.path,
                crate::msg!(
                    "reglerna {:?} och {:?} går före varandra: bara den mer specifika ska ange den andra i `overrides`",
                    "rules {:?} and {:?} override each other: only the more specific one names the other in `overrides`",
                    rule.id,
                    rules[j].id
                ),
            )
            .at(rule.line, 1));
        }
    }
    Ok((rules, overridden_by))
}

/// The index of the main budget: the first budget rule, which must be in
/// kronor and say what lies outside the ST; the others may not (the main one
/// says where the ST ends).
fn the_budgets(src: &Source<'_>, rules: &[Rule]) -> Result<usize, InputError> {
    let budgets: Vec<usize> = rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.body, Body::Budget { .. }))
        .map(|(i, _)| i)
        .collect();
    let Some(&main) = budgets.first() else {
        return Err(src
            .whole(crate::msg!("regelverket har ingen regel av sorten \"budget\"", "the policy has no rule of kind \"budget\""))
            .at(1, 1)
            .with_hint(crate::msg!("varje regelverk behöver en budgetregel: potten som ST-läkarens kostnader dras från", "every policy needs a budget rule: the pool the trainee's costs draw on")));
    };
    for &i in &budgets {
        let Body::Budget {
            pool,
            outside,
            open_when,
            ..
        } = &rules[i].body
        else {
            continue;
        };
        let at = |m: &str| InputError::new(src.path, m).at(rules[i].line, 1);
        if i == main && pool.unit.is_days() {
            return Err(at(crate::msg!(
                "den första budgeten är regelverkets huvudbudget och räknas i kronor",
                "the first budget is the policy's main budget, counted in kronor",
            ))
            .with_hint(crate::msg!(
                "skriv budgeten i kronor först (amount = \"unlimited\" för en utan tak), potten i dagar efter den",
                "write the budget in kronor first (amount = \"unlimited\" for one without a cap), the pool in days after it",
            )));
        }
        if i == main && !rules[i].when.in_force.is_always() {
            return Err(at(crate::msg!(
                "huvudbudgeten gäller alltid: den har inte `from` eller `to`",
                "the main budget is always in force: it has no `from` or `to`",
            ))
            .with_hint(crate::msg!(
                "ett belopp som ändras ges med datum: {}",
                "an amount that changes is given with dates: {}",
                "amount = [{ amount = \"…\", to = … }, { amount = \"…\", from = … }]"
            )));
        }
        if i == main && outside.is_none() {
            return Err(at(crate::msg!(
                "huvudbudgeten behöver `outside`: texten för en kostnad utanför ST-tiden",
                "the main budget needs `outside`: the text for a cost outside the ST",
            )));
        }
        if i != main && (outside.is_some() || open_when.is_some()) {
            return Err(at(crate::msg!(
                "bara huvudbudgeten (den första) säger var ST-tiden slutar: `outside` och `open_when` hör till den",
                "only the main budget (the first) says where the ST ends: `outside` and `open_when` belong to it",
            )));
        }
    }
    Ok(main)
}

pub(super) fn is_slug(s: &str) -> bool {
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

pub(super) fn text_value(
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
                        "`{}` saknar sin svenska text `sv`",
                        "`{}` is missing its Swedish text `sv`",
                        key
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
                    "`{}` ska vara en text eller {{ sv = \"…\", en = \"…\" }}",
                    "`{}` must be a text or {{ sv = \"…\", en = \"…\" }}",
                    key
                ),
            )
            .with_hint(crate::msg!(
                "skriv {} = {{ sv = \"…\", en = \"…\" }}",
                "write {} = {{ sv = \"…\", en = \"…\" }}",
                key
            ))),
    }
}
