//! What each training unit owes, and whose money lapses soon: the director's
//! sums over an audit (docs/audit.md, "Units and lapsing funds").
//!
//! Per ledger the audit keeps only what these sums need (the money per calendar
//! year of its entries, the years it has a period in, its current period), so
//! that an audit of thousands of ledgers holds a few numbers per ledger, not its
//! evaluation. A ledger without a `unit` is summed under `None`, the "no unit"
//! group, which no unit name can be mistaken for.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Audited, LedgerAudit};
use crate::engine::{Evaluation, Payers, PeriodResult};
use crate::money::Amount;
use crate::policy::{Payer, Policy};

/// What one ledger's entries dated in one calendar year cost, and to whom; the
/// unit's part by the DOMAIN ref of the rule that sent it there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearMoney {
    pub year: i32,
    pub payers: Payers,
    pub unit_by_rule: BTreeMap<String, Amount>,
}

/// The money of a ledger per calendar year of its entries' own dates.
pub fn years(policy: &Policy, eval: &Evaluation) -> Vec<YearMoney> {
    let mut out: Vec<YearMoney> = eval
        .by_year()
        .into_iter()
        .map(|(year, t)| YearMoney {
            year,
            payers: t.payers,
            unit_by_rule: BTreeMap::new(),
        })
        .collect();
    for r in &eval.entries {
        for part in r.parts.iter().filter(|p| p.payer == Payer::Unit) {
            let Some(y) = out.iter_mut().find(|y| y.year == r.date.year()) else {
                continue;
            };
            let reference = policy.rules[part.rule()].reference.clone();
            *y.unit_by_rule.entry(reference).or_default() += part.amount();
        }
    }
    out
}

/// The calendar years a ledger has a period in: from its first period's first
/// day to its last period's last day; an open period runs through today's year
/// or its last entry's, whichever is later.
pub fn active_years(eval: &Evaluation, today: NaiveDate) -> Option<(i32, i32)> {
    let first = eval.periods.first()?;
    let last = eval.periods.last()?;
    let end = match last.to {
        Some(to) => to.year(),
        None => {
            let last_entry = eval.entries.last().map_or(today.year(), |e| e.date.year());
            today.year().max(last_entry)
        }
    };
    Some((first.from.year(), end.max(first.from.year())))
}

/// One unit in one calendar year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitYear {
    /// The trainees of the unit whose ledger has a period in the year.
    pub trainees: usize,
    pub payers: Payers,
    pub unit_by_rule: BTreeMap<String, Amount>,
}

/// The sums per unit (`None`: no unit) and calendar year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Units {
    pub by: BTreeMap<(Option<String>, i32), UnitYear>,
}

impl Units {
    /// Counts a judged ledger in.
    pub fn add(&mut self, a: &Audited<'_>) {
        let unit = a.unit.clone();
        if let Some((from, to)) = a.active_years {
            for year in from..=to {
                self.by.entry((unit.clone(), year)).or_default().trainees += 1;
            }
        }
        for y in &a.years {
            let u = self.by.entry((unit.clone(), y.year)).or_default();
            u.payers.add_all(&y.payers);
            for (reference, amount) in &y.unit_by_rule {
                *u.unit_by_rule.entry(reference.clone()).or_default() += *amount;
            }
        }
    }

    /// What the units pay in all, and by rule ref.
    pub fn unit_total(&self) -> (Amount, BTreeMap<&str, Amount>) {
        let mut by_rule: BTreeMap<&str, Amount> = BTreeMap::new();
        let mut total = Amount::ZERO;
        for u in self.by.values() {
            total += u.payers.unit;
            for (r, a) in &u.unit_by_rule {
                *by_rule.entry(r.as_str()).or_default() += *a;
            }
        }
        (total, by_rule)
    }
}

/// Money that lapses soon: a ledger's current period with money left that ends
/// within the days the director asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lapse {
    pub path: String,
    pub name: String,
    pub id: Option<String>,
    pub unit: Option<String>,
    pub period: String,
    pub remaining: Amount,
    pub lapses_on: NaiveDate,
}

impl Lapse {
    /// The lapse of a ledger, if its money lapses within `days` of `today`.
    pub fn of(l: &LedgerAudit<'_>, today: NaiveDate, days: i64) -> Option<Lapse> {
        let a = l.result.as_ref().ok()?;
        let p: &PeriodResult = a.current_period()?;
        p.lapses_within(today, days)?;
        Some(Lapse {
            path: l.path.clone(),
            name: a.name.clone(),
            id: a.id.clone(),
            unit: a.unit.clone(),
            period: p.label.clone(),
            remaining: p.remaining,
            lapses_on: p.to?,
        })
    }
}
