//! One `[[rule]]`: its kind and keys checked against the kind table, the part
//! every rule shares, then one small reader per kind. The checks run in a fixed
//! order, so a file with several mistakes always reports the same one first.

use super::cond::{read_cond, read_trainee_ref};
use super::role::known_role;
use super::{is_slug, text_value};
use crate::diag::{InputError, did_you_mean};
use crate::money::Amount;
use crate::policy::kind::{KindSpec, RuleKind};
use crate::policy::model::*;
use crate::tomlx::{Reader, Value};
use toml::de::DeValue;

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

    /// `from` and `to` of `table` (a rule, or one amount of several): the
    /// days it is in force, both included; `to` not before `from`.
    fn in_force(
        &self,
        table: &toml::de::DeTable<'_>,
        whole: &Value<'_>,
    ) -> Result<InForce, InputError> {
        let date = |k: &str| table.get(k).map(|v| self.r.date(k, v)).transpose();
        let f = InForce {
            from: date("from")?,
            to: date("to")?,
        };
        if let (Some(a), Some(b)) = (f.from, f.to)
            && b < a
        {
            let at = table.get("to").map_or(whole.span(), |v| v.span());
            return Err(self.r.err(
                at,
                crate::msg!(
                    "`to` ({}) är före `from` ({})",
                    "`to` ({}) is before `from` ({})",
                    b,
                    a
                ),
            ));
        }
        Ok(f)
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

/// A rule as read, with the ids of the rules it overrides and where each
/// stands: they are resolved once every rule is read.
pub(super) struct ReadRule {
    pub rule: Rule,
    pub overrides: Vec<(String, std::ops::Range<usize>)>,
}

/// Reads and checks one rule.
pub(super) fn read_rule(
    r: &Reader<'_>,
    v: &Value<'_>,
    roles: &[DeclaredRole],
    warnings: &mut Vec<InputError>,
) -> Result<ReadRule, InputError> {
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
    let mut when = f.cond_if_given("when")?.unwrap_or_default();
    when.in_force = f.in_force(f.table, f.whole)?;
    check_payer(&f, payer, severity, sev_value)?;
    let body = read_body(&f, warnings)?;
    check_pool_payer(&f, &body, payer, severity, sev_value)?;
    let overrides = read_overrides(&f)?;
    Ok(ReadRule {
        rule: Rule {
            id,
            reference,
            title,
            message,
            severity,
            payer,
            when,
            body,
            overrides: Vec::new(),
            line: r.src.line(v.span().start),
        },
        overrides,
    })
}

/// `overrides = ["rule-id", …]`: the ids as written, with where each stands.
fn read_overrides(f: &Fields<'_, '_>) -> Result<Vec<(String, std::ops::Range<usize>)>, InputError> {
    let Some(v) = f.get("overrides") else {
        return Ok(Vec::new());
    };
    let items = f.r.array("overrides", v).map_err(|e| {
        e.with_hint(crate::msg!(
            "skriv overrides = [\"regel-id\"]",
            "write overrides = [\"rule-id\"]"
        ))
    })?;
    items
        .iter()
        .map(|i| Ok((f.r.text("overrides", i)?, i.span())))
        .collect()
}

/// What a pool in days may say of `payer`: money moves only when an entry's
/// days do not fit, so then the whole entry moves (`split = false`); without
/// a payer its excess is a remark, not an error.
fn check_pool_payer(
    f: &Fields<'_, '_>,
    body: &Body,
    payer: Option<Payer>,
    severity: Severity,
    sev_value: &Value<'_>,
) -> Result<(), InputError> {
    let Body::Budget { pool, .. } = body else {
        return Ok(());
    };
    if !pool.unit.is_days() {
        return Ok(());
    }
    if payer.is_some() && pool.split {
        return Err(f
            .r
            .err(
                f.get("payer").map_or(f.whole.span(), |p| p.span()),
                crate::msg!(
                    "en pott i dagar med `payer` tar en post hel eller inte alls: dagarna delas, men inte pengarna",
                    "a pool in days with `payer` takes an entry whole or not at all: its days can be split, its money cannot",
                ),
            )
            .with_hint(crate::msg!(
                "skriv split = false, eller ta bort `payer` för en anmärkning om dagarna utöver potten",
                "write split = false, or leave out `payer` for a remark on the days beyond the pool",
            )));
    }
    if payer.is_none() && severity == Severity::Error {
        return Err(f.r.err(
            sev_value.span(),
            crate::msg!(
                "en pott i dagar utan `payer` gör en anmärkning (varning eller info); severity \"error\" är för pengar som ingen betalar",
                "a pool in days without `payer` makes a remark (warning or info); severity \"error\" is for money nobody pays",
            ),
        ));
    }
    Ok(())
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
        RuleKind::Cap => cap(f)?,
        RuleKind::Count => Body::Count {
            max: f.r.int_in("max", f.need("max")?, 0..=10_000)? as u32,
            period: f.period("period")?,
            by: f
                .word("by", count_by, CountBy::NAMES)?
                .unwrap_or(CountBy::Entry),
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

fn count_by(s: &str) -> Option<CountBy> {
    match s {
        "entry" => Some(CountBy::Entry),
        "event" => Some(CountBy::Event),
        _ => None,
    }
}

// K1, V1: a pool, in kronor or in days, its periods, and (the main budget)
// what lies outside the ST.
fn budget(f: &Fields<'_, '_>, warnings: &mut Vec<InputError>) -> Result<Body, InputError> {
    let r = f.r;
    let unit = unit(f)?;
    let (amount, dated) = pool_amount(f, unit)?;
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
    let outside = f
        .get("outside")
        .map(|o| text_value(r, "outside", o, warnings))
        .transpose()?;
    let period = f.period("period")?;
    if let (true, Some(p)) = (prorate, f.get("prorate")) {
        if period != PeriodKind::CalendarYear {
            return Err(r
                .err(
                    p.span(),
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
        if unit.is_days() || amount.is_none() {
            return Err(r
                .err(
                    p.span(),
                    crate::msg!(
                        "bara en budget i kronor med ett belopp räknas om efter tjänstgöringsgraden",
                        "only a budget in kronor with an amount is pro-rated by the service percentage",
                    ),
                )
                .with_hint(crate::msg!("skriv prorate = \"none\"", "write prorate = \"none\"")));
        }
    }
    let reserves = reserves(f, unit, amount, warnings)?;
    Ok(Body::Budget {
        pool: Pool {
            unit,
            amount,
            split: f.split()?,
            reserves,
            dated,
        },
        period,
        prorate,
        open_when,
        outside,
    })
}

/// `unit` (kronor by default), and for days how they are counted: `count`,
/// and, for working days, `eves`.
fn unit(f: &Fields<'_, '_>) -> Result<Unit, InputError> {
    let r = f.r;
    let days = match f.get("unit") {
        None => false,
        Some(u) => {
            let s = r.string("unit", u)?;
            match s.as_str() {
                "kronor" => false,
                "days" => true,
                _ => return Err(r.enum_error(u, "unit", &s, Unit::NAMES)),
            }
        }
    };
    let count = f.word(
        "count",
        |s| match s {
            "calendar-days" => Some(false),
            "working-days" => Some(true),
            _ => None,
        },
        DayCount::NAMES,
    )?;
    let eves = f.word(
        "eves",
        |s| match s {
            "off" => Some(true),
            "working" => Some(false),
            _ => None,
        },
        &["off", "working"],
    )?;
    let only = |key: &str, message: String| -> Result<(), InputError> {
        match f.get(key) {
            Some(v) => Err(r.err(v.span(), message)),
            None => Ok(()),
        }
    };
    if !days {
        only(
            "count",
            crate::msg!(
                "`count` är för en pott i dagar (unit = \"days\")",
                "`count` is for a pool in days (unit = \"days\")",
            )
            .into(),
        )?;
        only(
            "eves",
            crate::msg!(
                "`eves` är för en pott i arbetsdagar",
                "`eves` is for a pool in working days",
            )
            .into(),
        )?;
        return Ok(Unit::Kronor);
    }
    match count {
        None => Err(r
            .err(
                f.whole.span(),
                crate::msg!(
                    "en budget i dagar behöver `count`",
                    "a budget in days needs `count`",
                ),
            )
            .with_hint(crate::msg!(
                "skriv count = \"working-days\" (måndag–fredag utom helgdagar) eller count = \"calendar-days\"",
                "write count = \"working-days\" (Monday to Friday but public holidays) or count = \"calendar-days\"",
            ))),
        Some(false) => {
            only(
                "eves",
                crate::msg!(
                    "`eves` är för en pott i arbetsdagar (count = \"working-days\")",
                    "`eves` is for a pool in working days (count = \"working-days\")",
                )
                .into(),
            )?;
            Ok(Unit::Days(DayCount::Calendar))
        }
        Some(true) => Ok(Unit::Days(DayCount::Working {
            eves_off: eves.unwrap_or(true),
        })),
    }
}

/// `amount`: kronor, or `"unlimited"` for an uncapped budget in kronor; a
/// whole number for a pool in days.
fn pool_amount(f: &Fields<'_, '_>, unit: Unit) -> Result<(Option<Amount>, Dated), InputError> {
    let v = f.need("amount")?;
    if let DeValue::Array(_) = v.get_ref() {
        let dated = dated_amounts(f, unit, v)?;
        return Ok((dated.first().map(|(_, a)| *a), dated));
    }
    Ok((one_amount(f, unit, v)?, Vec::new()))
}

type Dated = Vec<(InForce, Amount)>;

/// `amount = [{ amount = "30000.00", to = 2025-12-31 }, { amount =
/// "32000.00", from = 2026-01-01 }]`: amounts in kronor over time, in date
/// order and not overlapping.
fn dated_amounts(f: &Fields<'_, '_>, unit: Unit, v: &Value<'_>) -> Result<Dated, InputError> {
    let r = f.r;
    let hint = || {
        crate::msg!(
            "skriv {}",
            "write {}",
            "amount = [{ amount = \"30000.00\", to = 2025-12-31 }, { amount = \"32000.00\", from = 2026-01-01 }]"
        )
    };
    if unit.is_days() {
        return Err(r.err(
            v.span(),
            crate::msg!(
                "en pott i dagar har ett antal dagar, inte belopp över tid",
                "a pool in days has one number of days, not amounts over time",
            ),
        ));
    }
    let mut out: Dated = Vec::new();
    for item in r.array("amount", v)? {
        let t = r.table("amount", item).map_err(|e| e.with_hint(hint()))?;
        for (k, _) in t.iter() {
            if !["amount", "from", "to"].contains(&k.get_ref().as_ref()) {
                return Err(r.unknown_key(k, "`amount`", &["amount", "from", "to"]));
            }
        }
        let a = t
            .get("amount")
            .ok_or_else(|| {
                r.err(
                    item.span(),
                    crate::msg!(
                        "ett belopp över tid saknar `amount`",
                        "an amount over time is missing `amount`"
                    ),
                )
                .with_hint(hint())
            })
            .and_then(|a| r.amount("amount", a))?;
        let when = f.in_force(t, item)?;
        if let Some((prev, _)) = out.last()
            && (prev.to.is_none()
                || when
                    .from
                    .is_none_or(|from| prev.to.is_some_and(|to| from <= to)))
        {
            return Err(r
                .err(
                    item.span(),
                    crate::msg!(
                        "beloppen över tid ska stå i datumordning utan att överlappa: det här börjar innan det förra slutar",
                        "amounts over time must be in date order without overlapping: this one starts before the one before it ends",
                    ),
                )
                .with_hint(hint()));
        }
        out.push((when, a));
    }
    if out.is_empty() {
        return Err(r
            .err(
                v.span(),
                crate::msg!("`amount` är en tom lista", "`amount` is an empty list"),
            )
            .with_hint(hint()));
    }
    Ok(out)
}

fn one_amount(f: &Fields<'_, '_>, unit: Unit, v: &Value<'_>) -> Result<Option<Amount>, InputError> {
    let r = f.r;
    if unit.is_days() {
        let n = r.int_in("amount", v, 0..=100_000).map_err(|e| {
            e.with_hint(crate::msg!(
                "en pott i dagar har ett antal dagar: amount = 10",
                "a pool in days has a number of days: amount = 10",
            ))
        })?;
        return Ok(Some(Amount::from_kronor(n)));
    }
    if let DeValue::String(s) = v.get_ref()
        && s.trim() == "unlimited"
    {
        return Ok(None);
    }
    r.amount("amount", v).map(Some)
}

/// `reserve = [{ amount, when, title }, …]`: parts kept for named uses, which
/// together fit in the pool.
fn reserves(
    f: &Fields<'_, '_>,
    unit: Unit,
    amount: Option<Amount>,
    warnings: &mut Vec<InputError>,
) -> Result<Vec<Reserve>, InputError> {
    let r = f.r;
    let Some(v) = f.get("reserve") else {
        return Ok(Vec::new());
    };
    let Some(total) = amount else {
        return Err(r.err(
            v.span(),
            crate::msg!(
                "en budget utan tak har inget att reservera",
                "a budget without a cap has nothing to reserve",
            ),
        ));
    };
    let mut out = Vec::new();
    let mut sum = Amount::ZERO;
    // One reserve may be written as a table, several as an array of them.
    let items: Vec<&Value<'_>> = match v.get_ref() {
        DeValue::Table(_) => vec![v],
        _ => r.array("reserve", v)?.iter().collect(),
    };
    for item in items {
        let t = r.table("reserve", item)?;
        for (k, _) in t.iter() {
            if !["amount", "when", "title"].contains(&k.get_ref().as_ref()) {
                return Err(r.unknown_key(k, "`reserve`", &["amount", "when", "title"]));
            }
        }
        let need = |key: &str| {
            t.get(key).ok_or_else(|| {
                r.err(
                    item.span(),
                    crate::msg!("`reserve` behöver `{}`", "`reserve` needs `{}`", key),
                )
            })
        };
        let a = if unit.is_days() {
            Amount::from_kronor(r.int_in("amount", need("amount")?, 0..=100_000)?)
        } else {
            r.amount("amount", need("amount")?)?
        };
        sum += a;
        if sum > total {
            return Err(r.err(
                item.span(),
                crate::msg!(
                    "reservationerna är större än potten",
                    "the reserves are larger than the pool",
                ),
            ));
        }
        out.push(Reserve {
            amount: a,
            when: read_cond(r, f.roles, "when", need("when")?)?,
            title: text_value(r, "title", need("title")?, warnings)?,
        });
    }
    Ok(out)
}

// K9: a shared limit over a period, or one kept per entry or per the entry it
// belongs to, the limit multiplied by one of its numbers (per course day).
fn cap(f: &Fields<'_, '_>) -> Result<Body, InputError> {
    let r = f.r;
    let per = match f.get("per") {
        None => None,
        Some(v) => {
            let hint = crate::msg!(
                "skriv per = {} (per kursdag) eller per = {}",
                "write per = {} (per course day) or per = {}",
                "{ parent = \"days\" }",
                "{ entry = \"nights\" }"
            );
            let t = r.table("per", v).map_err(|e| e.with_hint(hint.clone()))?;
            let Some((k, val)) = t.iter().next().filter(|_| t.len() == 1) else {
                return Err(r
                    .err(
                        v.span(),
                        crate::msg!("`per` anger ett tal", "`per` names one number"),
                    )
                    .with_hint(hint));
            };
            let whose = match k.get_ref().as_ref() {
                "entry" => Whose::Entry,
                "parent" => Whose::Parent,
                _ => return Err(r.unknown_key(k, "`per`", &["entry", "parent"])),
            };
            let s = r.string(whose.as_str(), val)?;
            let numbers: Vec<&str> = Field::NAMES
                .iter()
                .copied()
                .filter(|n| Field::parse(n).is_some_and(|f| f.ty() == FieldType::Number))
                .collect();
            let field = Field::parse(&s)
                .filter(|f| f.ty() == FieldType::Number)
                .ok_or_else(|| r.enum_error(val, "number", &s, &numbers))?;
            Some(Per { whose, field })
        }
    };
    let period = match (per, f.get("period")) {
        (Some(_), Some(p)) => {
            return Err(r.err(
                p.span(),
                crate::msg!(
                    "ett tak med `per` hålls per post, inte per period: ta bort `period`",
                    "a cap with `per` is kept per entry, not per period: leave out `period`",
                ),
            ));
        }
        (Some(_), None) => None,
        (None, _) => Some(f.period("period")?),
    };
    Ok(Body::Cap {
        limit: r.amount("limit", f.need("limit")?)?,
        period,
        per,
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
