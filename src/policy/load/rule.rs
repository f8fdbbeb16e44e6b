//! One `[[rule]]`: its kind and keys checked against the kind table, the part
//! every rule shares, then one small reader per kind. The checks run in a fixed
//! order, so a file with several mistakes always reports the same one first.

use super::cond::{read_cond, read_trainee_ref};
use super::role::known_role;
use super::{is_slug, text_value};
use crate::diag::{InputError, did_you_mean};
use crate::policy::kind::{KindSpec, RuleKind};
use crate::policy::model::*;
use crate::tomlx::{Reader, Value};

/// A rule's table while it is read: its keys, and where to point when one is missing.
struct Fields<'t, 'i> {
    r: &'t Reader<'i>,
    table: &'t toml::de::DeTable<'i>,
    /// The whole `[[rule]]`, which a missing key has no place of its own in.
    whole: &'t Value<'i>,
    spec: &'static KindSpec,
    /// The roles the policy declares.
    roles: &'t [DeclaredRole],
}

impl<'t, 'i> Fields<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    fn need(&self, key: &str) -> Result<&'t Value<'i>, InputError> {
        self.get(key).ok_or_else(|| {
            let kind = self.spec.name;
            self.r.err(
                self.whole.span(),
                crate::msg!(
                    "en regel av sorten {kind:?} behöver `{key}`",
                    "a rule of kind {kind:?} needs `{key}`",
                    kind = kind,
                    key = key
                ),
            )
        })
    }

    /// A severity given under `key` (`unknown = "warning"`), if any.
    fn severity(&self, key: &str) -> Result<Option<Severity>, InputError> {
        self.word(key, Severity::parse, Severity::NAMES)
    }

    fn period(&self, key: &str) -> Result<PeriodKind, InputError> {
        let p = self.need(key)?;
        let s = self.r.string(key, p)?;
        PeriodKind::parse(&s).ok_or_else(|| self.r.enum_error(p, key, &s, PeriodKind::NAMES))
    }

    fn cond(&self, key: &str) -> Result<Cond, InputError> {
        read_cond(self.r, self.roles, key, self.need(key)?)
    }

    fn cond_if_given(&self, key: &str) -> Result<Option<Cond>, InputError> {
        self.get(key)
            .map(|c| read_cond(self.r, self.roles, key, c))
            .transpose()
    }

    /// `split`: whether an entry may be split at a limit (default yes).
    fn split(&self) -> Result<bool, InputError> {
        self.get("split")
            .map_or(Ok(true), |v| self.r.bool("split", v))
    }

    /// A word of a small set under `key`, if given.
    fn word<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Result<Option<T>, InputError> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let s = self.r.string(key, v)?;
        parse(&s)
            .map(Some)
            .ok_or_else(|| self.r.enum_error(v, key, &s, names))
    }
}

/// Reads and checks one rule.
pub(super) fn read_rule(
    r: &Reader<'_>,
    v: &Value<'_>,
    roles: &[DeclaredRole],
    warnings: &mut Vec<InputError>,
) -> Result<Rule, InputError> {
    let table = r.table("rule", v)?;
    let spec = read_kind(r, table, v)?;
    let f = Fields {
        r,
        table,
        whole: v,
        spec,
        roles,
    };
    check_keys(&f)?;
    let (id, reference) = read_id_and_ref(&f)?;
    let title = text_value(r, "title", f.need("title")?, warnings)?;
    let message = text_value(r, "message", f.need("message")?, warnings)?;
    let sev_value = f.need("severity")?;
    let sev_text = r.string("severity", sev_value)?;
    let severity = Severity::parse(&sev_text)
        .ok_or_else(|| r.enum_error(sev_value, "severity", &sev_text, Severity::NAMES))?;
    let payer = read_payer(&f)?;
    let when = f.cond_if_given("when")?.unwrap_or_default();
    check_payer(&f, payer, severity, sev_value)?;
    let body = read_body(&f, warnings)?;
    Ok(Rule {
        id,
        reference,
        title,
        message,
        severity,
        payer,
        when,
        body,
        line: r.src.line(v.span().start),
    })
}

/// What only this kind of rule says. One reader per kind.
fn read_body(f: &Fields<'_, '_>, warnings: &mut Vec<InputError>) -> Result<Body, InputError> {
    Ok(match f.spec.kind {
        RuleKind::Budget => budget(f, warnings)?,
        RuleKind::Overflow => Body::Overflow,
        RuleKind::Expiry => expiry(f)?,
        RuleKind::Route => Body::Route,
        RuleKind::Chargeback => Body::Chargeback,
        RuleKind::Require => Body::Require {
            require: f.cond("require")?,
            unknown: f.severity("unknown")?,
        },
        RuleKind::Approval => approval(f)?,
        RuleKind::Flag => Body::Flag {
            unknown: f.severity("unknown")?,
        },
        RuleKind::Cap => Body::Cap {
            limit: f.r.amount("limit", f.need("limit")?)?,
            period: f.period("period")?,
            split: f.split()?,
        },
        RuleKind::Count => Body::Count {
            max: f.r.int_in("max", f.need("max")?, 0..=10_000)? as u32,
            period: f.period("period")?,
        },
        RuleKind::Overlap => Body::Overlap {
            with: f.cond("with")?,
        },
        RuleKind::Link => Body::Link {
            parent: f.cond("parent")?,
        },
    })
}

/// `kind`, which decides every other key: missing, or not a kind, is the first mistake.
fn read_kind(
    r: &Reader<'_>,
    table: &toml::de::DeTable<'_>,
    v: &Value<'_>,
) -> Result<&'static KindSpec, InputError> {
    let names = RuleKind::names();
    let one_of = || crate::msg!("kind är ett av: {}", "kind is one of: {}", names.join(", "));
    let kind_value = table.get("kind").ok_or_else(|| {
        r.err(
            v.span(),
            crate::msg!("en regel saknar `kind`", "a rule is missing `kind`"),
        )
        .with_hint(one_of())
    })?;
    let kind = r.string("kind", kind_value)?;
    match RuleKind::parse(&kind) {
        Some(k) => Ok(k.spec()),
        None => {
            let err = r.err(
                kind_value.span(),
                crate::msg!("okänd regelsort {:?}", "unknown rule kind {:?}", kind),
            );
            Err(match did_you_mean(&kind, &names) {
                Some(m) => err.with_hint(crate::msg!("menade du {:?}?", "did you mean {:?}?", m)),
                None => err.with_hint(one_of()),
            })
        }
    }
}

/// Every key must be one the kind allows, in file order.
fn check_keys(f: &Fields<'_, '_>) -> Result<(), InputError> {
    let known = f.spec.allowed_keys();
    let kind = f.spec.name;
    for (key, _) in f.table.iter() {
        if !known.contains(&key.get_ref().as_ref()) {
            return Err(f.r.unknown_key(
                key,
                &crate::msg!("en regel av sorten {:?}", "a rule of kind {:?}", kind),
                &known,
            ));
        }
    }
    Ok(())
}

fn read_id_and_ref(f: &Fields<'_, '_>) -> Result<(String, String), InputError> {
    let r = f.r;
    let id = r.text("id", f.need("id")?)?;
    if !is_slug(&id) {
        return Err(r.err(
            f.need("id")?.span(),
            crate::msg!(
                "regel-id {:?} får bara ha små bokstäver, siffror och bindestreck",
                "rule id {:?} must be lowercase letters, digits and dashes",
                id
            ),
        ));
    }
    let reference = r.text("ref", f.need("ref")?)?;
    if reference.contains(char::is_whitespace) {
        return Err(r.err(
            f.need("ref")?.span(),
            crate::msg!(
                "`ref` är ett regel-id i DOMAIN.md som \"K9\", utan mellanslag",
                "`ref` is a rule id of DOMAIN.md such as \"K9\", without spaces",
            ),
        ));
    }
    Ok((id, reference))
}

fn read_payer(f: &Fields<'_, '_>) -> Result<Option<Payer>, InputError> {
    let Some(p) = f.get("payer") else {
        return Ok(None);
    };
    let s = f.r.string("payer", p)?;
    Payer::parse(&s)
        .map(Some)
        .ok_or_else(|| f.r.enum_error(p, "payer", &s, Payer::NAMES))
}

/// What the kind table and the severity say of `payer`.
fn check_payer(
    f: &Fields<'_, '_>,
    payer: Option<Payer>,
    severity: Severity,
    sev_value: &Value<'_>,
) -> Result<(), InputError> {
    let r = f.r;
    let kind = f.spec.name;
    if f.spec.needs_payer && payer.is_none() {
        return Err(r
            .err(
                f.whole.span(),
                crate::msg!(
                    "en regel av sorten {:?} behöver `payer`",
                    "a rule of kind {:?} needs `payer`",
                    kind
                ),
            )
            .with_hint(crate::msg!(
                "payer är ett av: {}",
                "payer is one of: {}",
                Payer::NAMES.join(", ")
            )));
    }
    if f.spec.off_budget && payer == Some(Payer::Budget) {
        return Err(r.err(
            f.get("payer").map_or(f.whole.span(), |p| p.span()),
            crate::msg!(
                "en {}-regel måste flytta pengar från budgeten",
                "a {} rule must move money away from the budget",
                kind
            ),
        ));
    }
    if severity == Severity::Error && payer.is_some_and(|p| p != Payer::SelfPaid) {
        return Err(r
            .err(
                sev_value.span(),
                crate::msg!(
                    "severity \"error\" är för pengar som ingen betalar (payer \"self\")",
                    "severity \"error\" is for money nobody pays (payer \"self\")",
                ),
            )
            .with_hint(crate::msg!(
                "en kostnad som flyttas till en annan betalare är en varning eller info",
                "a cost moved to another payer is a warning or info",
            )));
    }
    Ok(())
}

// K1, V1: the pool, its periods, and what lies outside the ST.
fn budget(f: &Fields<'_, '_>, warnings: &mut Vec<InputError>) -> Result<Body, InputError> {
    let r = f.r;
    let amount = r.amount("amount", f.need("amount")?)?;
    let prorate = match f.get("prorate") {
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
    let open_when = f.cond_if_given("open_when")?;
    let outside = text_value(r, "outside", f.need("outside")?, warnings)?;
    let period = f.period("period")?;
    if prorate && period != PeriodKind::CalendarYear {
        return Err(r
            .err(
                f.need("prorate")?.span(),
                crate::msg!(
                    "prorate = \"service\" kräver period = \"calendar-year\"",
                    "prorate = \"service\" needs period = \"calendar-year\"",
                ),
            )
            .with_hint(crate::msg!(
                "en budget för hela ST räknas inte om; skriv prorate = \"none\"",
                "a whole-ST budget is not pro-rated; write prorate = \"none\"",
            )));
    }
    Ok(Body::Budget {
        amount,
        period,
        prorate,
        open_when,
        outside,
        split: f.split()?,
    })
}

// K11: nothing after a trainee date, unless.
fn expiry(f: &Fields<'_, '_>) -> Result<Body, InputError> {
    let last_day = read_trainee_ref(f.r, "last_day", f.need("last_day")?)?;
    let unless = f.cond_if_given("unless")?;
    Ok(Body::Expiry { last_day, unless })
}

// K3, K7, K9, K10, V5, V9, V10: the roles that must have approved, all of them
// or any one, and by when.
fn approval(f: &Fields<'_, '_>) -> Result<Body, InputError> {
    let r = f.r;
    let roles_value = f.need("roles")?;
    let mut roles = Vec::new();
    for item in r.array("roles", roles_value)? {
        roles.push(known_role(r, f.roles, item, "roles")?);
    }
    if roles.is_empty() {
        return Err(r.err(
            roles_value.span(),
            crate::msg!("`roles` anger ingen roll", "`roles` names no role"),
        ));
    }
    Ok(Body::Approval {
        roles,
        need: f
            .word("need", Need::parse, Need::NAMES)?
            .unwrap_or(Need::All),
        deadline: f.word("deadline", Deadline::parse, Deadline::NAMES)?,
    })
}
