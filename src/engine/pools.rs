//! The budgets as pools (K1, V1, and the pools in days of docs/policy.md):
//! each one's periods and what has been drawn on them, in kronor or in days,
//! with the parts kept for named uses. And the first pass of phase 3: the
//! days, in date order, before the money, since an entry whose days do not
//! fit in a pool that takes it whole or not at all moves whole to the pool's
//! payer, and its linked costs with it.

use chrono::NaiveDate;

use super::Scope;
use super::calendar::working_days;
use super::eligibility::{Fate, Judged};
use super::matching::{Subject, matches};
use super::periods::Span;
use super::result::{
    Finding, Note, PeriodResult, PoolPeriod, PoolResult, PushShort, ReserveResult,
};
use crate::ledger::Entry;
use crate::money::Amount;
use crate::policy::{DayCount, Payer, Pool, Unit};

/// A budget's account: its periods, and what has been drawn on each, in all
/// and on each part kept for a named use.
pub(super) struct Account<'a> {
    /// Index of the budget rule.
    pub rule: usize,
    pub pool: &'a Pool,
    pub spans: Vec<Span>,
    used: Vec<Amount>,
    /// Per period, per reserve.
    reserved: Vec<Vec<Amount>>,
}

impl<'a> Account<'a> {
    pub fn new(rule: usize, pool: &'a Pool, spans: Vec<Span>) -> Account<'a> {
        let n = spans.len();
        Account {
            rule,
            pool,
            used: vec![Amount::ZERO; n],
            reserved: vec![vec![Amount::ZERO; pool.reserves.len()]; n],
            spans,
        }
    }

    /// The period a date falls in (a binary search: the periods are in date order).
    pub fn span_of(&self, date: NaiveDate) -> Option<usize> {
        super::periods::containing(&self.spans, date, |s| s.from, |s| s.to)
    }

    /// What is left in period `p` for an entry that may use reserve `reserve`:
    /// the part no reserve keeps, and its own reserve's rest. `None`: uncapped.
    fn room(&self, p: usize, reserve: Option<usize>) -> Option<Amount> {
        self.pool.amount?;
        if self.pool.reserves.is_empty() {
            return Some(self.spans[p].budget.saturating_sub(self.used[p]));
        }
        let kept: Amount = self.pool.reserves.iter().map(|r| r.amount).sum();
        let used_kept: Amount = self.reserved[p].iter().copied().sum();
        let general = (self.spans[p].budget - kept).saturating_sub(self.used[p] - used_kept);
        let own = reserve.map_or(Amount::ZERO, |r| {
            self.pool.reserves[r]
                .amount
                .saturating_sub(self.reserved[p][r])
        });
        Some(general + own)
    }

    /// Draws what fits of `want` for an entry dated `date` that may use reserve
    /// `reserve` (its own reserve first), and returns it with what was left
    /// before. Outside every period nothing is drawn.
    pub fn draw(
        &mut self,
        date: NaiveDate,
        want: Amount,
        reserve: Option<usize>,
    ) -> (Amount, Option<Amount>) {
        let Some(p) = self.span_of(date) else {
            return (Amount::ZERO, Some(Amount::ZERO));
        };
        let room = self.room(p, reserve);
        let take = match room {
            None => want,
            Some(room) => fitting(want, room, self.pool.split),
        };
        if let Some(r) = reserve.filter(|_| take.is_positive()) {
            let own = self.pool.reserves[r]
                .amount
                .saturating_sub(self.reserved[p][r]);
            self.reserved[p][r] += take.min(own);
        }
        self.used[p] += take;
        (take, room)
    }

    /// The first part kept for a named use that the entry `s` may use.
    pub fn reserve_for(&self, s: &Subject<'_>) -> Option<usize> {
        if self.pool.reserves.is_empty() {
            return None;
        }
        self.pool
            .reserves
            .iter()
            .position(|r| matches(&r.when, s).yes())
    }

    /// The periods as the main budget reports them (`periods`).
    pub fn periods(&self) -> Vec<PeriodResult> {
        let uncapped = self.pool.amount.is_none();
        self.spans
            .iter()
            .zip(&self.used)
            .map(|(s, c)| PeriodResult {
                label: s.label.clone(),
                from: s.from,
                to: s.to,
                budget: if uncapped { Amount::ZERO } else { s.budget },
                charged: *c,
                remaining: if uncapped {
                    Amount::ZERO
                } else {
                    s.budget.saturating_sub(*c)
                },
                uncapped,
            })
            .collect()
    }

    /// The pool as every report shows it.
    pub fn result(&self) -> PoolResult {
        let capped = self.pool.amount.is_some();
        let periods = self
            .spans
            .iter()
            .enumerate()
            .map(|(p, s)| PoolPeriod {
                label: s.label.clone(),
                from: s.from,
                to: s.to,
                amount: capped.then_some(s.budget),
                used: self.used[p],
                remaining: capped.then(|| s.budget.saturating_sub(self.used[p])),
                reserves: self
                    .pool
                    .reserves
                    .iter()
                    .enumerate()
                    .map(|(r, v)| ReserveResult {
                        index: r,
                        amount: v.amount,
                        used: self.reserved[p][r],
                        remaining: v.amount.saturating_sub(self.reserved[p][r]),
                    })
                    .collect(),
            })
            .collect();
        PoolResult {
            rule: self.rule,
            periods,
        }
    }
}

/// How much of `amount` a limit with `room` left takes: as much as fits, or,
/// when it does not split, all of it or nothing.
pub(super) fn fitting(amount: Amount, room: Amount, split: bool) -> Amount {
    if split || amount <= room {
        amount.min(room)
    } else {
        Amount::ZERO
    }
}

/// The account of the budget in days (`days`) or in kronor that takes the
/// entry `s`: the first of the other budgets, in file order, that speaks of it
/// (its `when` matches and no rule overrides it for `s`), else the main one
/// (accounts[0]), the general budget, if it speaks of it.
pub(super) fn account_for(
    scope: &Scope<'_>,
    accounts: &[Account<'_>],
    days: bool,
    s: &Subject<'_>,
) -> Option<usize> {
    let speaks = |a: &Account<'_>| a.pool.unit.is_days() == days && scope.applies(a.rule, s);
    // The common case, a policy with one budget: no other to try first.
    if accounts.len() == 1 {
        return speaks(&accounts[0]).then_some(0);
    }
    match accounts[1..].iter().position(speaks) {
        Some(k) => Some(k + 1),
        None => speaks(&accounts[0]).then_some(0),
    }
}

/// An entry's days as a pool in days counts them: `days` where the entry
/// records them, else its calendar or working days from `date` to `end`.
pub fn entry_days(e: &Entry, unit: Unit) -> i64 {
    match (e.stated_days(), unit) {
        (Some(d), _) => i64::from(d),
        (None, Unit::Days(DayCount::Working { eves_off })) => {
            working_days(e.date, e.last_day(), eves_off)
        }
        (None, _) => e.days(),
    }
}

/// What the days pass concluded about one entry.
#[derive(Default)]
pub(super) struct DaysDrawn {
    pub findings: Vec<Finding>,
    /// The budget in days (with a payer) it does not fit in: the whole entry
    /// goes to that payer; `Some(id)` when it follows the entry `id` it belongs to.
    pub moved: Option<(Payer, usize, Option<u32>)>,
    /// (budget rule, days drawn).
    pub drawn: Option<(usize, Amount)>,
}

/// Phase 3, first pass: every entry left on the budget draws its days on the
/// first pool in days that speaks of it, in date order (empty when the policy
/// has no pool in days). Days that do not fit
/// make a finding; with the pool's payer the whole entry moves there, and its
/// linked costs follow it.
pub(super) fn draw_days(
    scope: &Scope<'_>,
    accounts: &mut [Account<'_>],
    judged: &[Judged],
) -> Vec<DaysDrawn> {
    // No pool in days: nothing to draw, and nothing to keep per entry.
    if !accounts.iter().any(|a| a.pool.unit.is_days()) {
        return Vec::new();
    }
    let mut out: Vec<DaysDrawn> = (0..judged.len()).map(|_| DaysDrawn::default()).collect();
    for i in scope.by_date() {
        let e = scope.entries.get(i);
        if e.is_cancelled() || judged[i].fate != Fate::Budget {
            continue;
        }
        let s = scope.subject(i);
        let Some(a) = account_for(scope, accounts, true, &s) else {
            continue;
        };
        let account = &mut accounts[a];
        let days = entry_days(e, account.pool.unit);
        if days <= 0 {
            continue;
        }
        let reserve = account.reserve_for(&s);
        let (took, room) = account.draw(e.date, Amount::from_kronor(days), reserve);
        if took.is_positive() {
            out[i].drawn = Some((account.rule, took));
        }
        if took < Amount::from_kronor(days) {
            let rule = &scope.policy.rules[account.rule];
            let left = room.map_or(days, |r| r.ore() as i64 / 100);
            out[i].findings.push_short(Finding::new(
                account.rule,
                rule.severity,
                Some(e.id),
                Note::DaysOver(Box::new(crate::engine::Over { days, left })),
            ));
            if let Some(payer) = rule.payer {
                out[i].moved = Some((payer, account.rule, None));
            }
        }
    }
    // Linked costs follow the entry they belong to.
    let roots = super::money::roots(judged.len(), |i| judged[i].parent());
    for i in 0..judged.len() {
        let root = roots[i] as usize;
        if root == i || out[i].moved.is_some() || judged[i].fate != Fate::Budget {
            continue;
        }
        if let Some((payer, rule, _)) = out[root].moved {
            let id = scope.entries.get(root).id;
            out[i].moved = Some((payer, rule, Some(id)));
            out[i].findings.push_short(Finding::new(
                rule,
                scope.policy.rules[rule].severity,
                Some(scope.entries.get(i).id),
                Note::Inherited(id),
            ));
        }
    }
    out
}
