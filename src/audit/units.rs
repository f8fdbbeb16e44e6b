//! What each training unit owes, and whose money lapses soon: the director's
//! sums over an audit (docs/audit.md, "Units and lapsing funds").
//!
//! Per ledger the audit keeps only what these sums need (the money per calendar
//! year of its entries, the years it has a period in, its current period), so
//! that an audit of thousands of ledgers holds a few numbers per ledger, not its
//! evaluation. A ledger without a `unit` is summed under `None`, the "no unit"
//! group, which no unit name can be mistaken for.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::{Audited, LedgerAudit};
use crate::engine::{Evaluation, Payers};
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

/// The sums per unit (`None`: no unit) and calendar year. A unit's name is
/// held once, shared by its years (`names`): a name of 200 characters in 20
/// years of 20 000 units took 107 MB as a name of each year's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Units {
    pub by: BTreeMap<(Option<Arc<str>>, i32), UnitYear>,
    names: BTreeSet<Arc<str>>,
}

impl Units {
    /// Counts a judged ledger in.
    pub fn add(&mut self, a: &Audited<'_>) {
        let unit = a.unit.as_deref().map(|u| self.name(u));
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

    /// The unit's name as held, the one of its other years.
    fn name(&mut self, unit: &str) -> Arc<str> {
        if let Some(held) = self.names.get(unit) {
            return Arc::clone(held);
        }
        let held: Arc<str> = Arc::from(unit);
        self.names.insert(Arc::clone(&held));
        held
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
/// within the days the director asked about. Its texts are borrowed from
/// [`Lapses`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lapse<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub id: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub period: &'a str,
    pub remaining: Amount,
    pub lapses_on: NaiveDate,
}

/// The money that lapses soon, of every ledger of an audit: the texts of all
/// in one block, each lapse its day, its money and where its texts are
/// (about 130 bytes a lapse, not the 290 of five strings of its own: an
/// inbox of 100 000 ledgers has tens of thousands).
#[derive(Clone, Debug, Default)]
pub struct Lapses {
    texts: String,
    items: Vec<Item>,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    lapses_on: NaiveDate,
    remaining: Amount,
    /// Where its texts start in `texts`.
    at: usize,
    /// The lengths of its path, name, id, unit and period; [`Item::NONE`]
    /// for an id or unit it does not have.
    lens: [u32; 5],
}

impl Item {
    const NONE: u32 = u32::MAX;
}

/// The same lapses in the same order, however their texts are laid out.
impl PartialEq for Lapses {
    fn eq(&self, other: &Lapses) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Lapses {}

impl Lapses {
    /// The lapse of a ledger, if its money lapses within `days` of `today`.
    pub fn add(&mut self, l: &LedgerAudit<'_>, today: NaiveDate, days: i64) {
        let Ok(a) = &l.result else { return };
        let Some(p) = a.current_period() else { return };
        let (Some(_), Some(lapses_on)) = (p.lapses_within(today, days), p.to) else {
            return;
        };
        let at = self.texts.len();
        let mut lens = [Item::NONE; 5];
        let texts = [
            Some(l.path.as_str()),
            Some(a.name.as_str()),
            a.id.as_deref(),
            a.unit.as_deref(),
            Some(p.label.as_str()),
        ];
        for (len, t) in lens.iter_mut().zip(texts) {
            if let Some(t) = t {
                // Texts of 4 GiB cannot be (names are short, paths the
                // system's).
                let Ok(n) = u32::try_from(t.len()).map(|n| n.min(Item::NONE - 1)) else {
                    self.texts.truncate(at);
                    return;
                };
                self.texts.push_str(t);
                *len = n;
            }
        }
        self.items.push(Item {
            lapses_on,
            remaining: p.remaining,
            at,
            lens,
        });
    }

    fn view(&self, x: &Item) -> Lapse<'_> {
        let mut at = x.at;
        let mut next = |len: u32| {
            (len != Item::NONE).then(|| {
                let t = &self.texts[at..at + len as usize];
                at += len as usize;
                t
            })
        };
        let [path, name, id, unit, period] = x.lens.map(&mut next);
        Lapse {
            path: path.unwrap_or_default(),
            name: name.unwrap_or_default(),
            id,
            unit,
            period: period.unwrap_or_default(),
            remaining: x.remaining,
            lapses_on: x.lapses_on,
        }
    }

    /// By day, then by path.
    pub fn sort(&mut self) {
        let mut items = std::mem::take(&mut self.items);
        items.sort_by(|a, b| {
            let (x, y) = (self.view(a), self.view(b));
            (x.lapses_on, x.path).cmp(&(y.lapses_on, y.path))
        });
        self.items = items;
    }

    pub fn iter(&self) -> impl Iterator<Item = Lapse<'_>> {
        self.items.iter().map(|x| self.view(x))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
