//! What each training unit owes, and whose money lapses soon: the director's
//! sums over an audit (docs/audit.md, "Units and lapsing funds").
//!
//! Per ledger the audit keeps only what these sums need (the money per calendar
//! year of its entries, the years it has a period in, its current period), so
//! that an audit of thousands of ledgers holds a few numbers per ledger, not its
//! evaluation. A ledger without a `unit` is summed under `None`, the "no unit"
//! group, which no unit name can be mistaken for.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::{Audited, LedgerAudit};
use crate::engine::{Evaluation, Payers};
use crate::money::Amount;
use crate::policy::{Payer, Policy};
use crate::store::Spool;

mod run;

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

/// What is handed each unit (`None`: no unit) and year, with its sums.
pub type EachUnitYear<'a> = dyn FnMut(Option<&str>, i32, &UnitYear) -> io::Result<()> + 'a;

/// One unit in one calendar year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitYear {
    /// The trainees of the unit whose ledger has a period in the year.
    pub trainees: usize,
    pub payers: Payers,
    pub unit_by_rule: BTreeMap<String, Amount>,
}

/// The sums are held in memory up to about this many bytes, then written to
/// a temporary file in order (a run) and begun anew; the runs are merged as
/// the sums are written out.
const IN_MEMORY: usize = 4 * 1024 * 1024;

/// At this many runs they are merged into one, so that an audit never holds
/// more than this many files open.
const MAX_RUNS: usize = 32;

/// What a sum in memory costs, about: the record (its place in the map, its
/// trainees, payers and map of refs), the first ref of a record (the map's
/// first node), each further ref, a unit's name beyond its text.
const RECORD: usize = 160;
const FIRST_REF: usize = 440;
const REF: usize = 48;
const NAME: usize = 64;

/// The sums per unit (`None`: no unit) and calendar year, in the order of
/// unit and year. Held in memory up to [`IN_MEMORY`], then in runs on disk:
/// a ledger whose unit is its own over 77 years (1950 to today) adds 77 of
/// them, and 4 000 such ledgers with names of 200 characters took 123 MB
/// when all were in memory. A unit's name is held once, shared by its years
/// (`names`).
#[derive(Debug, Default)]
pub struct Units {
    by: BTreeMap<(Option<Arc<str>>, i32), UnitYear>,
    names: BTreeSet<Arc<str>>,
    /// About how many bytes `by` and `names` take.
    held: usize,
    /// How many they may take before they are written to a run; `0`:
    /// [`IN_MEMORY`].
    limit: usize,
    runs: Vec<run::Run>,
    /// A run could not be written (no room in the temporary folder): the
    /// rest is held in memory, where nothing is lost.
    no_runs: bool,
    /// What the units pay in all, and by rule ref.
    unit: Amount,
    by_rule: BTreeMap<String, Amount>,
}

impl Units {
    /// Sums held in memory up to about `limit` bytes (tests).
    #[cfg(test)]
    fn with_limit(limit: usize) -> Units {
        Units {
            limit,
            ..Units::default()
        }
    }

    /// Counts a judged ledger in.
    pub fn add(&mut self, a: &Audited<'_>) {
        self.count(a.unit.as_deref(), a.active_years, &a.years);
    }

    /// Counts in a ledger of `unit`, with a period in the years `active` and
    /// money in `years`.
    fn count(&mut self, unit: Option<&str>, active: Option<(i32, i32)>, years: &[YearMoney]) {
        let unit = unit.map(|u| self.name(u));
        if let Some((from, to)) = active {
            for year in from..=to {
                self.year(&unit, year).trainees += 1;
            }
        }
        for y in years {
            self.unit += y.payers.unit;
            for (reference, amount) in &y.unit_by_rule {
                *self.by_rule.entry(reference.clone()).or_default() += *amount;
            }
            let u = self.year(&unit, y.year);
            u.payers.add_all(&y.payers);
            let mut added = 0;
            for (reference, amount) in &y.unit_by_rule {
                if !u.unit_by_rule.contains_key(reference) {
                    added += if u.unit_by_rule.is_empty() {
                        FIRST_REF
                    } else {
                        REF
                    };
                    added += reference.len();
                    u.unit_by_rule.insert(reference.clone(), Amount::ZERO);
                }
                *u.unit_by_rule.entry(reference.clone()).or_default() += *amount;
            }
            self.held += added;
        }
        let limit = if self.limit == 0 {
            IN_MEMORY
        } else {
            self.limit
        };
        if self.held > limit && !self.no_runs {
            self.spill();
        }
    }

    /// The sums of `unit` in `year`, begun at zero.
    fn year(&mut self, unit: &Option<Arc<str>>, year: i32) -> &mut UnitYear {
        match self.by.entry((unit.clone(), year)) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                self.held += RECORD;
                v.insert(UnitYear::default())
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
        self.held += NAME + unit.len();
        held
    }

    /// Writes the sums in memory to a run and begins anew; at [`MAX_RUNS`]
    /// runs, merges them into one. Where a file cannot be written, the sums
    /// stay in memory.
    fn spill(&mut self) {
        let records = self
            .by
            .iter()
            .map(|((unit, year), u)| Ok::<_, io::Error>((unit.as_deref(), *year, u)));
        let Ok(written) = run::Run::write(records) else {
            self.no_runs = true;
            return;
        };
        self.runs.push(written);
        self.by.clear();
        self.names.clear();
        self.held = 0;
        if self.runs.len() >= MAX_RUNS {
            let mut merged = None;
            let all = run::merge(&self.runs, std::iter::empty(), &mut |records| {
                merged = Some(run::Run::write(records)?);
                Ok(())
            });
            match (all, merged) {
                (Ok(()), Some(one)) => self.runs = vec![one],
                // The runs stay as they are, and no more are written.
                _ => self.no_runs = true,
            }
        }
    }

    /// Whether no ledger was counted in.
    pub fn is_empty(&self) -> bool {
        self.by.is_empty() && self.runs.is_empty()
    }

    /// Hands every unit and year to `f` in order, with its sums (those of
    /// every run and of memory added up).
    pub fn each(&self, f: &mut EachUnitYear<'_>) -> io::Result<()> {
        if self.runs.is_empty() {
            return self
                .by
                .iter()
                .try_for_each(|((unit, year), u)| f(unit.as_deref(), *year, u));
        }
        let memory = self
            .by
            .iter()
            .map(|((unit, year), u)| (unit.as_deref().map(str::to_string), *year, u.clone()));
        run::merge(&self.runs, memory, &mut |records| {
            for r in records {
                let (unit, year, u) = r?;
                f(unit.as_deref(), year, &u)?;
            }
            Ok(())
        })
    }

    /// How many units are named, and whether some ledgers name none.
    pub fn named(&self) -> io::Result<(usize, bool)> {
        let (mut named, mut without) = (0, false);
        let mut last: Option<String> = None;
        self.each(&mut |unit, _, _| {
            match unit {
                None => without = true,
                Some(u) if last.as_deref() != Some(u) => {
                    named += 1;
                    last = Some(u.to_string());
                }
                Some(_) => {}
            }
            Ok(())
        })?;
        Ok((named, without))
    }

    /// What the units pay in all, and by rule ref (every ref some unit's
    /// part was sent by, in order).
    pub fn unit_total(&self) -> (Amount, BTreeMap<&str, Amount>) {
        let by_rule = self.by_rule.iter().map(|(r, a)| (r.as_str(), *a)).collect();
        (self.unit, by_rule)
    }
}

/// Money that lapses soon: a ledger's current period with money left that ends
/// within the days the director asked about. Its texts are borrowed from
/// [`Lapses`] for as long as it is looked at.
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

/// Texts of the lapses are held in memory up to this many bytes, then in a
/// temporary file.
const TEXTS_IN_MEMORY: usize = 1024 * 1024;

/// The money that lapses soon, of every ledger of an audit: its texts (path,
/// name, id, unit, period) in a spool (in memory up to [`TEXTS_IN_MEMORY`],
/// then a temporary file), each lapse its day, its money, its ledger's place
/// in path order (to sort by) and where its texts are: about 56 bytes a
/// lapse, where its texts in memory took 4 KiB for names of 200 characters.
#[derive(Default)]
pub struct Lapses {
    texts: Option<Spool>,
    /// Texts the spool could not take (no room in the temporary folder):
    /// held here, where nothing is lost.
    kept: Vec<u8>,
    items: Vec<Item>,
}

impl std::fmt::Debug for Lapses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lapses")
            .field("items", &self.items.len())
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug)]
struct Item {
    lapses_on: NaiveDate,
    remaining: Amount,
    /// Its ledger's place among the inputs sorted by path.
    rank: u32,
    /// Where its texts start, in the spool or (`in_kept`) in `kept`.
    at: u64,
    in_kept: bool,
    /// The lengths of its path, name, id, unit and period; [`Item::NONE`]
    /// for an id or unit it does not have.
    lens: [u32; 5],
}

impl Item {
    const NONE: u32 = u32::MAX;

    fn texts_len(&self) -> u64 {
        self.lens
            .iter()
            .filter(|&&n| n != Item::NONE)
            .map(|&n| u64::from(n))
            .sum()
    }
}

impl Lapses {
    /// The lapse of a ledger, if its money lapses within `days` of `today`.
    pub fn add(&mut self, l: &LedgerAudit<'_>, today: NaiveDate, days: i64) {
        let Ok(a) = &l.result else { return };
        let Some(p) = a.current_period() else { return };
        let (Some(_), Some(lapses_on)) = (p.lapses_within(today, days), p.to) else {
            return;
        };
        let texts = [
            Some(l.path.as_str()),
            Some(a.name.as_str()),
            a.id.as_deref(),
            a.unit.as_deref(),
            Some(p.label.as_str()),
        ];
        // Texts of 4 GiB cannot be (names are short, paths the system's).
        let len = |t: &str| u32::try_from(t.len()).ok().filter(|&n| n != Item::NONE);
        let mut lens = [Item::NONE; 5];
        let mut joined = Vec::new();
        for (n, t) in lens.iter_mut().zip(texts) {
            if let Some(t) = t {
                let Some(l) = len(t) else { return };
                joined.extend_from_slice(t.as_bytes());
                *n = l;
            }
        }
        let spool = self
            .texts
            .get_or_insert_with(|| Spool::new(TEXTS_IN_MEMORY));
        let (at, in_kept) = match spool.append(&joined) {
            Ok(r) => (r.start, false),
            Err(_) => {
                let at = self.kept.len() as u64;
                self.kept.extend_from_slice(&joined);
                (at, true)
            }
        };
        self.items.push(Item {
            lapses_on,
            remaining: p.remaining,
            rank: l.rank,
            at,
            in_kept,
            lens,
        });
    }

    /// By day, then by path.
    pub fn sort(&mut self) {
        self.items.sort_by_key(|x| (x.lapses_on, x.rank));
    }

    /// Hands every lapse to `f`, in their order, its texts read back.
    pub fn each(&self, f: &mut dyn FnMut(Lapse<'_>) -> io::Result<()>) -> io::Result<()> {
        let mut buf = Vec::new();
        for x in &self.items {
            let len = x.texts_len();
            let bytes: &[u8] = if x.in_kept {
                let at = usize::try_from(x.at).map_err(io::Error::other)?;
                let end = usize::try_from(len).map_err(io::Error::other)? + at;
                &self.kept[at..end]
            } else {
                let spool = self.texts.as_ref().ok_or(io::ErrorKind::NotFound)?;
                spool.read(x.at..x.at + len, &mut buf)?;
                &buf
            };
            let text = std::str::from_utf8(bytes).map_err(io::Error::other)?;
            let mut at = 0;
            let mut next = |len: u32| {
                (len != Item::NONE).then(|| {
                    let t = text.get(at..at + len as usize).unwrap_or_default();
                    at += len as usize;
                    t
                })
            };
            let [path, name, id, unit, period] = x.lens.map(&mut next);
            f(Lapse {
                path: path.unwrap_or_default(),
                name: name.unwrap_or_default(),
                id,
                unit,
                period: period.unwrap_or_default(),
                remaining: x.remaining,
                lapses_on: x.lapses_on,
            })?;
        }
        Ok(())
    }

    /// Each lapse's day and money, in their order (without their texts).
    pub fn money(&self) -> impl Iterator<Item = (NaiveDate, Amount)> + '_ {
        self.items.iter().map(|x| (x.lapses_on, x.remaining))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger's unit, the years it has a period in and its money by year.
    type Ledger = (Option<String>, (i32, i32), Vec<YearMoney>);

    /// Ledgers of 40 units (and some of none) over many years, each with
    /// money in some of them, by a simple sequence of numbers.
    fn ledgers() -> Vec<Ledger> {
        let mut next = crate::engine::testing::numbers(7);
        (0..3_000)
            .map(|_| {
                let unit = match next(41) {
                    40 => None,
                    u => Some(format!("enhet {u:02} {}", "𝔄".repeat(u as usize))),
                };
                let from = 1990 + next(30) as i32;
                let to = from + next(12) as i32;
                let mut years = Vec::new();
                for year in from..=to {
                    if next(3) != 0 {
                        continue;
                    }
                    let mut y = YearMoney {
                        year,
                        ..YearMoney::default()
                    };
                    y.payers.budget = Amount::from_ore(i128::from(next(1_000_000)));
                    y.payers.unit = Amount::from_ore(i128::from(next(50_000)));
                    for r in ["K4", "V2", "V7"] {
                        if next(2) == 0 {
                            let a = Amount::from_kronor(next(900) as i64);
                            y.unit_by_rule.insert(r.to_string(), a);
                        }
                    }
                    years.push(y);
                }
                (unit, (from, to), years)
            })
            .collect()
    }

    fn all(u: &Units) -> Vec<(Option<String>, i32, UnitYear)> {
        let mut out = Vec::new();
        u.each(&mut |unit, year, sums| {
            out.push((unit.map(str::to_string), year, sums.clone()));
            Ok(())
        })
        .expect("read back");
        out
    }

    #[test]
    fn sums_written_to_runs_and_merged_are_those_held_in_memory() {
        let (mut memory, mut runs) = (Units::default(), Units::with_limit(4_000));
        for (unit, active, years) in ledgers() {
            memory.count(unit.as_deref(), Some(active), &years);
            runs.count(unit.as_deref(), Some(active), &years);
        }
        assert!(memory.runs.is_empty());
        // More than `MAX_RUNS` were written, merged into one, and more after.
        assert!(
            (2..MAX_RUNS).contains(&runs.runs.len()),
            "{} runs",
            runs.runs.len()
        );
        let expected = all(&memory);
        assert!(expected.len() > 1_000, "{} sums", expected.len());
        assert!(all(&runs) == expected, "the sums merged from runs differ");
        assert_eq!(runs.named().expect("read"), memory.named().expect("read"));
        assert_eq!(runs.named().expect("read"), (40, true));
        assert_eq!(runs.unit_total(), memory.unit_total());
        // Gone over again, the same.
        assert!(all(&runs) == expected, "the sums differ the second time");
    }
}
