//! Phase 3 of DOMAIN.md's "Precedence": the money, in date order (ties by id).
//! An entry that phase 1 left on the budget meets the caps first, then the budget
//! of its own date's period, then overflow; a rejected or routed entry goes whole
//! to its payer.

use chrono::Datelike;

use super::eligibility::{Fate, Judged, Judgement, period_key};
use super::matching::number;
use super::pools::{Account, DaysDrawn, account_for, draw_days, fitting};
use super::result::{
    CapResult, EntryResult, Finding, InOre, Note, Part, PeriodResult, PoolResult, PushShort,
    Totals, Verdict,
};
use super::{Hashed, Scope};
use crate::few::Few;
use crate::ledger::Status;
use crate::money::Amount;
use crate::policy::{Body, Payer, Per, PeriodKind, Whose};

/// What phase 3 comes to.
pub(super) struct Charged {
    /// In date order, ties by id.
    pub entries: Vec<EntryResult>,
    pub periods: Vec<PeriodResult>,
    pub caps: Vec<CapResult>,
    pub pools: Vec<PoolResult>,
    pub totals: Totals,
}

/// What a cap has had drawn on it, by its key (its rule and period, or its
/// rule and entry).
type Used<K> = Hashed<K, Amount>;

/// What has been drawn so far, as the entries are paid in date order.
struct Till<'s, 'a> {
    scope: &'s Scope<'a>,
    /// Every budget, the main one first.
    accounts: Vec<Account<'a>>,
    /// Used of each cap rule, by period key.
    cap_used: Used<(usize, i32)>,
    /// Used of each cap kept per entry, by the entry it is kept for.
    per_used: Used<(usize, usize)>,
    /// The entry each one belongs to at the end of its links, to judge
    /// overflow on (itself when it belongs to none).
    roots: Vec<u32>,
    /// What the days pass concluded, by entry.
    days: Vec<DaysDrawn>,
    /// Per entry kind, the cap rules that can speak of it, in file order.
    caps: Vec<Vec<usize>>,
    /// Per entry kind, the overflow rules that can speak of it, in file order.
    overflows: Vec<Vec<usize>>,
}

/// Per entry kind, the rules of the scope that can speak of it whose body
/// `is` says yes to, in file order.
fn rules_of(scope: &Scope<'_>, is: impl Fn(&Body) -> bool) -> Vec<Vec<usize>> {
    crate::ledger::Kind::ALL
        .iter()
        .map(|&kind| {
            scope
                .rules_for(kind)
                .iter()
                .copied()
                .filter(|&ri| is(&scope.policy.rules[ri].body))
                .collect()
        })
        .collect()
}

/// Pays every entry of the scope, in date order: first the days of every
/// entry, then the money. Called once, out of line (as `eligibility::judge`).
#[inline(never)]
pub(super) fn charge<'a>(
    scope: &Scope<'a>,
    mut accounts: Vec<Account<'a>>,
    judgement: Judgement,
) -> Charged {
    let Judgement {
        results: mut entries,
        judged,
    } = judgement;
    let days = draw_days(scope, &mut accounts, &judged);
    let mut till = Till {
        scope,
        accounts,
        cap_used: Used::default(),
        per_used: Used::default(),
        roots: roots(judged.len(), |i| judged[i].parent()),
        days,
        caps: rules_of(scope, |b| matches!(b, Body::Cap { .. })),
        overflows: rules_of(scope, |b| matches!(b, Body::Overflow)),
    };
    // Paid where they stand, in date order.
    for (r, i) in entries.iter_mut().zip(scope.by_date()) {
        till.entry(i, &judged[i], r);
    }
    drop(judged);
    Charged {
        totals: totals(&entries),
        caps: cap_results(scope, &till.accounts[0].spans, &till.cap_used),
        periods: till.accounts[0].periods(),
        pools: till.accounts.iter().map(Account::result).collect(),
        entries,
    }
}

/// What phase 3 writes for one entry left on the budget: the budget's part,
/// the parts others pay (each with its rule), its findings and what it drew
/// on pools other than the main budget.
struct Bill<'a> {
    budget: &'a mut Amount,
    parts: &'a mut Few<Part>,
    findings: &'a mut Few<Finding>,
    pools: &'a mut Vec<(usize, Amount)>,
}

impl Till<'_, '_> {
    /// Pays entry `i`, whose result (with phase 1's findings, and nothing
    /// paid yet) is `r`: its parts and findings are written where they stand.
    fn entry(&mut self, i: usize, judged: &Judged, r: &mut EntryResult) {
        let e = self.scope.entries.get(i);
        let findings = &mut r.findings;
        let parts = &mut r.parts;
        let mut budget = Amount::ZERO;
        let mut pools = Vec::new();
        if e.is_cancelled() {
            // Cancelled in time: costs nothing, counts nowhere, and no rule speaks
            // of it but one whose `when` names the status (a cancellation
            // recorded after `cancel_by`, DOMAIN after V12).
            let rules = &self.scope.policy.rules;
            findings.retain(|f| {
                !matches!(f.note, Note::Inherited(_))
                    && rules[f.rule()].when.names_status(Status::Cancelled)
            });
        } else {
            match judged.fate {
                Fate::Rejected { rule, .. } => {
                    parts.push(Part::new(Payer::SelfPaid, rule as usize, e.amount()))
                }
                Fate::Routed { payer, rule, .. } => {
                    parts.push(Part::new(payer, rule as usize, e.amount()))
                }
                Fate::Budget => {
                    // What the days pass concluded, where a pool in days was drawn on.
                    let moved = match self.days.get_mut(i).map(std::mem::take) {
                        Some(days) => {
                            findings.extend(days.findings);
                            pools.extend(days.drawn);
                            days.moved
                        }
                        None => None,
                    };
                    match moved {
                        // Its days do not fit a pool that takes it whole (or
                        // those of the entry it belongs to): all of it moves.
                        Some((payer, rule, _)) => parts.push(Part::new(payer, rule, e.amount())),
                        None => {
                            let mut bill = Bill {
                                budget: &mut budget,
                                parts,
                                findings,
                                pools: &mut pools,
                            };
                            self.money(i, &mut bill);
                        }
                    }
                }
            }
        }
        r.set_budget(budget);
        r.verdict = Verdict::of(&r.findings);
        if !pools.is_empty() {
            r.set_pools(pools);
        }
    }

    /// The money of an entry left on the budget: caps, then the budget in
    /// kronor that takes it (judged on the entry a linked cost belongs to),
    /// then overflow.
    fn money(&mut self, i: usize, bill: &mut Bill<'_>) {
        let e = self.scope.entries.get(i);
        let rest = self.caps(i, e.amount(), bill);
        let root = self.scope.subject(self.roots[i] as usize);
        let Some(a) = account_for(self.scope, &self.accounts, false, &root) else {
            // No budget in kronor speaks of it.
            if rest.is_positive() {
                let main = self.scope.policy.budget_index;
                bill.parts.push(Part::new(Payer::SelfPaid, main, rest));
                bill.findings.push(Finding::new(
                    main,
                    crate::policy::Severity::Error,
                    Some(e.id),
                    Note::NoBudget,
                ));
            }
            return;
        };
        // K1, V1: the budget of the period of the entry's own date; one that
        // does not split takes an entry whole or not at all.
        let reserve = self.accounts[a].reserve_for(&root);
        let (take, _) = self.accounts[a].draw(e.date, rest, reserve);
        *bill.budget += take;
        if a != 0 && take.is_positive() {
            bill.pools.push_short((self.accounts[a].rule, take));
        }
        let rest = rest - take;
        if rest.is_positive() {
            let budget = self.accounts[a].rule;
            self.overflow(i, rest, budget, bill);
        }
    }

    // K9: the part above a cap goes to the cap's payer; `used` counts the part
    // that fits, whoever then pays it. A cap that does not split takes an entry
    // whole or not at all. A cap `per` unit of a number is kept per entry (or
    // per the entry it belongs to), its limit that many times over. Returns
    // what is left for the budget.
    fn caps(&mut self, i: usize, amount: Amount, bill: &mut Bill<'_>) -> Amount {
        let e = self.scope.entries.get(i);
        let caps = &self.caps[e.kind as usize];
        if caps.is_empty() {
            return amount;
        }
        let s = self.scope.subject(i);
        let mut rest = amount;
        for &ri in caps {
            let rule = &self.scope.policy.rules[ri];
            let Body::Cap {
                limit,
                period,
                per,
                split,
            } = &rule.body
            else {
                continue;
            };
            if !self.scope.applies(ri, &s) {
                continue;
            }
            let (used, limit) = match (per, period) {
                (Some(per), _) => match self.per_limit(i, *per, *limit) {
                    Some((owner, limit)) => (self.per_used.entry((ri, owner)).or_default(), limit),
                    // Nothing to count the limit by: the cap does not apply.
                    None => continue,
                },
                (None, Some(period)) => (
                    self.cap_used
                        .entry((ri, period_key(*period, e.date)))
                        .or_default(),
                    *limit,
                ),
                (None, None) => continue,
            };
            let fits = fitting(rest, limit.saturating_sub(*used), *split);
            *used += fits;
            let excess = rest - fits;
            if excess.is_positive() {
                bill.parts
                    .push(Part::new(rule.payer.unwrap_or(Payer::SelfPaid), ri, excess));
                bill.findings
                    .push(Finding::of_rule(ri, rule.severity, e.id));
            }
            rest = fits;
        }
        rest
    }

    /// For a cap kept `per` unit of a number: the entry it is kept for (this
    /// one, or the one it belongs to) and its limit, `limit` times that number.
    fn per_limit(&self, i: usize, per: Per, limit: Amount) -> Option<(usize, Amount)> {
        let owner = match per.whose {
            Whose::Entry => i,
            Whose::Parent => self.scope.parent(i)?,
        };
        let n = number(&self.scope.subject(owner), per.field)?.max(0);
        Some((owner, Amount::from_ore(limit.ore() * i128::from(n))))
    }

    // K5, K12: what the budget cannot cover goes to the first overflow rule with
    // a payer that matches (judged on the entry a linked cost belongs to), else
    // to the payer of the budget it drew on. V12: an overflow rule without a
    // payer is a remark on the excess, made wherever the excess goes.
    fn overflow(&self, i: usize, rest: Amount, budget: usize, bill: &mut Bill<'_>) {
        let policy = self.scope.policy;
        let root = self.scope.subject(self.roots[i] as usize);
        let id = self.scope.entries.get(i).id;
        let applies = |ri: usize| self.scope.applies(ri, &root);
        let rules = &self.overflows[root.entry.kind as usize];
        let ri = rules
            .iter()
            .copied()
            .find(|&ri| policy.rules[ri].payer.is_some() && applies(ri))
            .unwrap_or(budget);
        let rule = &policy.rules[ri];
        bill.parts
            .push(Part::new(rule.payer.unwrap_or(Payer::SelfPaid), ri, rest));
        bill.findings.push(Finding::of_rule(ri, rule.severity, id));
        for &ri in rules {
            let rule = &policy.rules[ri];
            if rule.payer.is_none() && applies(ri) {
                bill.findings.push(Finding::of_rule(ri, rule.severity, id));
            }
        }
    }
}

/// For each entry, the one at the top of its chain of `for` links (as link
/// rules found them), in time linear in the entries.
pub(super) fn roots(n: usize, parent: impl Fn(usize) -> Option<usize>) -> Vec<u32> {
    // Each entry is walked once: a walk stops at an entry whose root is known,
    // so a long chain costs its length, not its length squared. A cycle (the
    // loader refuses them) ends at the entry where it closes. Indices as
    // `u32`: a large ledger keeps one per entry while it is paid.
    const UNKNOWN: u32 = u32::MAX;
    let mut root = vec![UNKNOWN; n];
    let mut on_path = vec![false; n];
    let mut path = Vec::new();
    for start in 0..n {
        let mut i = start;
        let r = loop {
            if root[i] != UNKNOWN {
                break root[i];
            }
            if on_path[i] {
                break i as u32;
            }
            on_path[i] = true;
            path.push(i);
            match parent(i) {
                Some(p) => i = p,
                None => break i as u32,
            }
        };
        for j in path.drain(..) {
            root[j] = r;
            on_path[j] = false;
        }
    }
    root
}

/// Sums over the entries that count (not cancelled in time), in öre.
fn totals(entries: &[EntryResult]) -> Totals {
    let mut sum = InOre::default();
    for r in entries.iter().filter(|r| r.status != Status::Cancelled) {
        sum.add_entry(r);
    }
    sum.totals()
}

/// Each cap's use per period: one for the whole ST, or one per budget year.
/// A cap kept per entry has no such figure.
fn cap_results(
    scope: &Scope<'_>,
    spans: &[super::periods::Span],
    used: &Used<(usize, i32)>,
) -> Vec<CapResult> {
    let mut out = Vec::new();
    for (ri, rule) in scope.policy.rules.iter().enumerate() {
        let Body::Cap {
            limit,
            period: Some(period),
            ..
        } = &rule.body
        else {
            continue;
        };
        let keys: Vec<(String, i32)> = match period {
            PeriodKind::St => vec![("ST".to_string(), 0)],
            PeriodKind::CalendarYear => spans
                .iter()
                .map(|s| (s.label.clone(), s.from.year()))
                .collect(),
        };
        for (label, key) in keys {
            let u = used.get(&(ri, key)).copied().unwrap_or_default();
            out.push(CapResult {
                rule: ri,
                period: label,
                limit: *limit,
                used: u,
                remaining: limit.saturating_sub(u),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::roots;

    #[test]
    fn roots_of_chains_forks_and_cycles() {
        // 0 ← 1 ← 2, 3 alone, 4 → 2; 5 ⇄ 6 (a cycle the loader would refuse).
        let parents = [None, Some(0), Some(1), None, Some(2), Some(6), Some(5)];
        assert_eq!(
            roots(parents.len(), |i| parents[i]),
            vec![0, 0, 0, 3, 0, 5, 5]
        );
    }

    #[test]
    fn a_long_chain_is_walked_once() {
        // 200 000 entries each belonging to the one before: quadratic walking
        // would take minutes; this takes milliseconds.
        let n: usize = 200_000;
        let parents: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        assert!(roots(n, |i| parents[i]).iter().all(|&r| r == 0));
    }
}
