//! Pure evaluation: `(policy, ledger, today) -> Evaluation`.
//!
//! No I/O, no clock and no language: everything the engine knows comes in as
//! arguments, so the same inputs always give the same splits, and what it gives
//! back says what happened, never how to word it (the renderer does). The order
//! is DOMAIN.md's "Precedence": each entry's eligibility and routing is decided
//! first, independently of date order (rules, overlaps, counts, then what linked
//! costs inherit); only then does the money follow date order, ties by id (caps,
//! the budget, overflow). An error's `self` beats routing and chargebacks, which
//! beat caps, which beat the budget, which beats overflow. Findings accumulate.
//!
//! The files follow the phases: `eligibility.rs` (phases 1 and 2), `money.rs`
//! (phase 3), with `periods.rs` for the budget's periods, `matching.rs` for
//! match tables and `result.rs` for what comes out.

pub mod calendar;
mod changes;
mod eligibility;
mod matching;
mod money;
pub mod periods;
mod pools;
mod result;
pub mod subjects;
#[cfg(test)]
pub(crate) mod testing;

use chrono::{Datelike, NaiveDate};

pub use changes::{Changes, EntryChange, PeriodChange, PeriodFigures, Standing, changes};
pub use eligibility::approval_deadline;
use matching::Ready;
pub use matching::{Subject, Tri, matches};
pub use periods::Span;
pub use result::{
    CapResult, EntryResult, Evaluation, Finding, Late, Note, Over, Part, Payers, PeriodResult,
    PeriodState, PoolPeriod, PoolResult, ReserveResult, Totals, Verdict, Written,
};

use crate::ledger::{Effective, Entry, Kind, Trainee};
use crate::money::Amount;
use crate::policy::{Cond, Policy, Severity};

/// A hash map of what the engine counts as it goes (caps' use, counts per
/// period, events). Hashed by foldhash, with a seed drawn at random for each
/// run as the standard library's SipHash is seeded: the keys come from an
/// untrusted ledger's dates, entries and event names, and a ledger that does
/// not know the seed cannot make them collide. A SipHash of a cap's key cost
/// as much as the rest of its draw. Nothing is read from one in its order.
type Hashed<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Evaluates a ledger against a policy as of `today`.
pub fn evaluate(policy: &Policy, ledger: &Effective, today: NaiveDate) -> Evaluation {
    evaluate_at(policy, ledger, today, None)
}

/// As [`evaluate`], leaving out entries dated after `at` when it is given.
pub fn evaluate_at(
    policy: &Policy,
    ledger: &Effective,
    today: NaiveDate,
    at: Option<NaiveDate>,
) -> Evaluation {
    let scope = Scope::new(policy, ledger, at);
    // Every budget's periods (K1, V1), and what the service periods leave open.
    let accounts = budget_accounts(&scope, ledger, today);
    let findings = service_findings(&scope, ledger);
    // Phases 1 and 2: eligibility and routing, entry by entry, then what linked costs inherit.
    let judged = eligibility::judge(&scope);
    // Phase 3: the days, then the money, in date order.
    let mut charged = money::charge(&scope, accounts, judged);
    subjects::unknown(policy, &ledger.entries, &mut charged.entries);
    let as_of = at.unwrap_or(today);
    let subjects = subjects::progress(policy, scope.entries.iter(), as_of);
    Evaluation {
        as_of,
        periods: charged.periods,
        caps: charged.caps,
        pools: charged.pools,
        totals: charged.totals,
        entries: charged.entries,
        findings,
        subjects,
    }
}

/// The entries judged: all of the ledger's (borrowed as they are, no list
/// beside them), or those up to a date (by their indices in the ledger).
enum Judging<'a> {
    All(&'a [Entry]),
    UpTo { all: &'a [Entry], kept: Vec<u32> },
}

impl<'a> Judging<'a> {
    /// Entry `i`.
    #[inline]
    fn get(&self, i: usize) -> &'a Entry {
        match self {
            Judging::All(all) => &all[i],
            Judging::UpTo { all, kept } => &all[kept[i] as usize],
        }
    }

    fn len(&self) -> usize {
        match self {
            Judging::All(all) => all.len(),
            Judging::UpTo { kept, .. } => kept.len(),
        }
    }

    /// The index in the ledger of entry `i`.
    fn in_ledger(&self, i: usize) -> usize {
        match self {
            Judging::All(_) => i,
            Judging::UpTo { kept, .. } => kept[i] as usize,
        }
    }

    /// In ledger order.
    fn iter(&self) -> impl ExactSizeIterator<Item = &'a Entry> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// What every phase looks at: the policy, the entries judged, and the ST.
struct Scope<'a> {
    policy: &'a Policy,
    trainee: &'a Trainee,
    /// The entries judged (all, or those up to a date), in ledger order.
    entries: Judging<'a>,
    /// Indices of `entries` in date order, ties by id ([`Scope::by_date`]).
    order: Vec<u32>,
    /// Whether `order` has its ties in ledger order too (ids rising with
    /// their entries' places in the ledger on each day).
    ties_in_ledger_order: bool,
    index_of: crate::ids::IdIndex,
    /// The index of the entry each one names with `for`, where it is judged;
    /// `u32::MAX` where none is (see [`Scope::parent`]).
    parents: Vec<u32>,
    /// The last day of the ST; `None` while it has no end.
    st_end: Option<NaiveDate>,
    /// Per rule, its `when` made ready: the entry kinds it can match (none
    /// where its tests of the trainee rule it out; a rule is not tried on an
    /// entry of another kind), and its plan for those.
    whens: Vec<Ready<'a>>,
    /// Per rule that tests a second table, that table made ready: what a
    /// `require` rule requires of the entry, what a `link` rule requires of
    /// the entry it belongs to.
    tables: Vec<Option<Ready<'a>>>,
    /// Per entry kind, the rules that can speak of it, in file order.
    for_kind: Vec<Vec<usize>>,
    /// Per entry kind, those of them that judge an entry alone
    /// ([`eligibility`]'s phase 1), in file order.
    entry_rules: Vec<Vec<usize>>,
}

impl<'a> Scope<'a> {
    fn new(policy: &'a Policy, ledger: &'a Effective, at: Option<NaiveDate>) -> Scope<'a> {
        let trainee = &ledger.trainee;
        let all = &ledger.entries[..];
        let entries = if at.is_none_or(|a| all.iter().all(|e| e.date <= a)) {
            Judging::All(all)
        } else {
            let kept = (0..all.len())
                .filter(|&i| at.is_none_or(|a| all[i].date <= a))
                .map(|i| u32::try_from(i).expect("a ledger has fewer than 2^32 entries"))
                .collect();
            Judging::UpTo { all, kept }
        };
        let (order, ties_in_ledger_order) = date_order(&entries);
        let index_of = crate::ids::IdIndex::new(entries.iter().map(|e| e.id));
        let parents = entries
            .iter()
            .map(|e| {
                let parent = e.for_entry().and_then(|id| index_of.get(id));
                // An index fits: a ledger has fewer than 2^32 − 1 entries.
                parent
                    .and_then(|p| u32::try_from(p).ok())
                    .unwrap_or(u32::MAX)
            })
            .collect();
        // `open_when` speaks of the trainee only (K11: double specialisation).
        let open = policy
            .budget()
            .open_when
            .is_some_and(|c| trainee_only(c, trainee));
        let whens: Vec<Ready<'a>> = policy
            .rules
            .iter()
            .map(|r| Ready::new(&r.when, trainee))
            .collect();
        let for_kind: Vec<Vec<usize>> = Kind::ALL
            .iter()
            .map(|&k| {
                (0..policy.rules.len())
                    .filter(|&ri| whens[ri].may_match(k))
                    .collect()
            })
            .collect();
        let entry_rules = for_kind
            .iter()
            .map(|rules| {
                rules
                    .iter()
                    .copied()
                    .filter(|&ri| eligibility::judges_alone(&policy.rules[ri].body))
                    .collect()
            })
            .collect();
        let tables = policy
            .rules
            .iter()
            .map(|r| match &r.body {
                crate::policy::Body::Require { require: table, .. }
                | crate::policy::Body::Link { parent: table } => Some(Ready::new(table, trainee)),
                _ => None,
            })
            .collect();
        Scope {
            policy,
            trainee,
            entries,
            order,
            ties_in_ledger_order,
            index_of,
            parents,
            st_end: if open { None } else { trainee.certificate },
            whens,
            tables,
            for_kind,
            entry_rules,
        }
    }

    /// Indices of the entries in date order, ties by id.
    fn by_date(&self) -> impl Iterator<Item = usize> + '_ {
        self.order.iter().map(|&i| i as usize)
    }

    /// The index of the entry `i` names with `for`, where it is judged.
    fn parent(&self, i: usize) -> Option<usize> {
        let p = self.parents[i];
        (p != u32::MAX).then_some(p as usize)
    }

    /// Entry `i` with what match tables need around it.
    #[inline(always)]
    fn subject(&self, i: usize) -> Subject<'a> {
        Subject {
            entry: self.entries.get(i),
            parent: self.parent(i).map(|p| self.entries.get(p)),
            trainee: self.trainee,
            default_goal: self.policy.default_goal,
        }
    }

    /// Whether rule `ri` speaks of the entry `s`: its `when` matches and no rule
    /// that overrides it matches (specific beats general, docs/policy.md).
    #[inline]
    fn applies(&self, ri: usize, s: &Subject<'_>) -> bool {
        self.when(ri, s).yes()
            && (self.policy.overridden_by[ri].is_empty() || !self.overridden(ri, s))
    }

    /// Whether rule `ri`'s `when` matches the entry `s`: not where its kinds
    /// or its tests of the trainee rule the entry out, else by its other tests.
    #[inline]
    fn when(&self, ri: usize, s: &Subject<'_>) -> Tri {
        self.whens[ri].matches(s)
    }

    /// The rules that can speak of an entry of this kind, in file order.
    fn rules_for(&self, kind: Kind) -> &[usize] {
        &self.for_kind[kind as usize]
    }

    /// Those of them that judge an entry alone (phase 1), in file order.
    fn entry_rules_for(&self, kind: Kind) -> &[usize] {
        &self.entry_rules[kind as usize]
    }

    /// Whether a rule that overrides rule `ri` matches the entry `s`.
    fn overridden(&self, ri: usize, s: &Subject<'_>) -> bool {
        self.policy.overridden_by[ri]
            .iter()
            .any(|&o| self.when(o, s).yes())
    }

    fn outside_the_st(&self, date: NaiveDate) -> bool {
        date < self.trainee.start || self.st_end.is_some_and(|end| date > end)
    }
}

/// The indices of `entries` in date order, ties by id (then by index), and
/// whether that order also has its ties in ledger order (as it has where the
/// ids of each day's entries rise with their place in the ledger).
///
/// Counted out by day where the days span no more than a few times the
/// number of entries (a ledger's days are its ST's years, a few thousand
/// whatever its length): one pass to count, one to place, linear in the
/// entries; ties, placed in ledger order, put in id order only where a day's
/// ids do not already rise. Else sorted by one integer key each.
fn date_order(entries: &Judging<'_>) -> (Vec<u32>, bool) {
    let n = entries.len();
    // Keys fit 28 bits ([`day_key`]).
    let days: Vec<u32> = entries.iter().map(|e| day_key(e.date) as u32).collect();
    if n == 0 {
        return (Vec::new(), true);
    }
    let (low, high) = days
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let span = (high - low) as usize + 1;
    if span > 4 * n + 4096 {
        return (sorted_by_key(entries), false);
    }
    // Where each day's entries begin, then each entry in its place.
    let mut next = vec![0u32; span];
    for &d in &days {
        next[(d - low) as usize] += 1;
    }
    let mut at = 0u32;
    for slot in &mut next {
        let count = *slot;
        *slot = at;
        at += count;
    }
    let mut order = vec![0u32; n];
    for (i, &d) in days.iter().enumerate() {
        let slot = &mut next[(d - low) as usize];
        // An index fits: a ledger has fewer than 2^32 entries.
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    // A day's entries, in ledger order, into id order where their ids do not rise.
    let mut in_ledger_order = true;
    let mut first = 0;
    while first < n {
        let day = days[order[first] as usize];
        let mut end = first + 1;
        let mut rising = true;
        while end < n && days[order[end] as usize] == day {
            rising &=
                entries.get(order[end - 1] as usize).id <= entries.get(order[end] as usize).id;
            end += 1;
        }
        if !rising {
            in_ledger_order = false;
            order[first..end].sort_unstable_by_key(|&i| (entries.get(i as usize).id, i));
        }
        first = end;
    }
    (order, in_ledger_order)
}

/// [`date_order`]'s order by sorting: date, id and index in one number each,
/// one comparison each.
fn sorted_by_key(entries: &Judging<'_>) -> Vec<u32> {
    let mut keyed: Vec<u128> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| u128::from(day_key(e.date) << 32 | u64::from(e.id)) << 32 | i as u128)
        .collect();
    keyed.sort_unstable();
    // Into a vector of its own: collected in place, it would keep the room of
    // the keys, four times its size, for the whole evaluation.
    let mut order = Vec::with_capacity(keyed.len());
    order.extend(keyed.iter().map(|&k| k as u32));
    order
}

/// A date as a non-negative number that sorts as the date does, in 28 bits:
/// its year (chrono's lie within 2^18 of the common era) and its day of the
/// year (at most 366, 9 bits), both read off the date as chrono keeps it,
/// without working out a count of days.
fn day_key(d: NaiveDate) -> u64 {
    ((i64::from(d.year()) + (1 << 18)) as u64) << 9 | u64::from(d.ordinal())
}

/// Whether a rule that overrides rule `ri` matches the entry `s`.
fn overridden(policy: &Policy, ri: usize, s: &Subject<'_>) -> bool {
    policy.overridden_by[ri]
        .iter()
        .any(|&o| matches(&policy.rules[o].when, s).yes())
}

/// A table that speaks only of the trainee, tested without an entry.
fn trainee_only(c: &Cond, trainee: &Trainee) -> bool {
    let probe = Entry::new(0, trainee.start, Kind::Other, "".into(), Amount::ZERO);
    matches(
        c,
        &Subject {
            entry: &probe,
            parent: None,
            trainee,
            default_goal: None,
        },
    )
    .yes()
}

/// Every budget's periods from the ST start to its end, each with nothing
/// drawn yet, the main budget first; an open calendar-year budget runs through
/// the later of the last entry's year and this year.
fn budget_accounts<'a>(
    scope: &Scope<'a>,
    ledger: &Effective,
    today: NaiveDate,
) -> Vec<pools::Account<'a>> {
    let last_year = scope
        .entries
        .iter()
        .map(|e| e.date.year())
        .max()
        .unwrap_or(today.year())
        .max(today.year());
    scope
        .policy
        .budgets()
        .map(|b| {
            let spans = periods::spans(
                scope.policy.programme.label(),
                b.period,
                periods::Amounts {
                    amount: b.pool.amount.unwrap_or(Amount::ZERO),
                    dated: &b.pool.dated,
                    prorated: b.prorate,
                },
                scope.trainee.start,
                scope.st_end,
                last_year,
                &ledger.services,
            );
            pools::Account::new(b.index, b.pool, spans)
        })
        .collect()
}

/// DOMAIN "Service percentages", for every policy, pro-rated or not: days of the
/// ST that no service period covers count at 100 %, with a finding.
fn service_findings(scope: &Scope<'_>, ledger: &Effective) -> Vec<Finding> {
    let r = scope.policy.budget_index;
    let start = scope.trainee.start;
    match ledger.services.first() {
        None => vec![Finding::new(r, Severity::Info, None, Note::NoService)],
        Some(first) if first.from > start => {
            let to = first.from.pred_opt().unwrap_or(first.from);
            let to = scope.st_end.map_or(to, |e| e.min(to));
            vec![Finding::new(
                r,
                Severity::Warning,
                None,
                Note::ServiceGap { from: start, to },
            )]
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Judging, date_order, day_key, sorted_by_key};
    use crate::ledger::{Entry, Kind};
    use crate::money::Amount;

    /// Keys sort as their dates do, day by day across leap and common years
    /// (the century rules too) and at chrono's first and last dates, and fit
    /// 28 bits.
    #[test]
    fn day_keys_sort_as_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let mut runs = vec![
            (day(1899, 12, 1), 500),
            (day(1999, 12, 1), 500),
            (day(2023, 12, 1), 2000),
            (day(2099, 12, 1), 500),
            (day(-1, 12, 1), 500),
        ];
        runs.push((NaiveDate::MIN, 400));
        runs.push((NaiveDate::MAX - chrono::Days::new(399), 400));
        for (first, n) in runs {
            let mut d = first;
            for _ in 1..n {
                let next = d.succ_opt().expect("a next day");
                assert!(day_key(d) < day_key(next), "{d} {next}");
                d = next;
            }
        }
        assert!(day_key(NaiveDate::MIN) < day_key(day(2026, 1, 1)));
        assert!(day_key(NaiveDate::MAX) < 1 << 28);
    }

    /// The date order counted out by day is the order sorted by date, id
    /// and index, whether the days are few or span centuries (sorted then),
    /// ids rise or not; and it says its ties are in ledger order only where
    /// they are (always, where it counted them out).
    #[test]
    fn the_date_order_is_by_date_then_id_then_place() {
        let mut next = super::testing::numbers(7);
        let start = NaiveDate::from_ymd_opt(2024, 12, 30).expect("a date");
        for case in 0..400 {
            let n = next(60) as usize;
            let days = [3, 40, 800, 4000, 200_000][case % 5];
            let entries: Vec<Entry> = (0..n)
                .map(|i| {
                    let id = match case % 4 {
                        0 => i as u32 + 1,
                        1 => next(8) as u32,
                        _ => next(1000) as u32,
                    };
                    let date = start + chrono::Days::new(next(days));
                    Entry::new(id, date, Kind::Other, "".into(), Amount::ZERO)
                })
                .collect();
            let judging = Judging::All(&entries);
            let (order, ties_in_ledger_order) = date_order(&judging);
            assert_eq!(order, sorted_by_key(&judging), "case {case}");
            let mut by_place: Vec<u32> = (0..n as u32).collect();
            by_place.sort_by_key(|&i| entries[i as usize].date);
            // Never said where untrue; always said where counted out (days
            // within a few years) and true.
            assert!(!ties_in_ledger_order || order == by_place, "case {case}");
            if days <= 800 {
                assert_eq!(ties_in_ledger_order, order == by_place, "case {case}");
            }
        }
    }
}
