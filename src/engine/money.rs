//! Phase 3 of DOMAIN.md's "Precedence": the money, in date order (ties by id).
//! An entry that phase 1 left on the budget meets the caps first, then the budget
//! of its own date's period, then overflow; a rejected or routed entry goes whole
//! to its payer.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::Scope;
use super::eligibility::{Fate, Judged, period_key};
use super::matching::matches;
use super::periods::Span;
use super::result::{
    CapResult, EntryResult, Finding, Note, Part, Payers, PeriodResult, Totals, Verdict,
};
use crate::ledger::Status;
use crate::money::Amount;
use crate::policy::{Body, Payer, PeriodKind};

/// What phase 3 comes to.
pub(super) struct Charged {
    /// In date order, ties by id.
    pub entries: Vec<EntryResult>,
    pub periods: Vec<PeriodResult>,
    pub caps: Vec<CapResult>,
    pub totals: Totals,
}

/// What has been drawn so far, as the entries are paid in date order.
struct Till<'s, 'a> {
    scope: &'s Scope<'a>,
    spans: &'s [Span],
    /// Charged to each span's budget.
    charged: Vec<Amount>,
    /// Used of each cap rule, by period key.
    cap_used: HashMap<(usize, i32), Amount>,
    /// The entry each one belongs to (a link), to judge overflow on.
    parents: Vec<Option<usize>>,
}

/// Pays every entry of the scope, in date order.
pub(super) fn charge(scope: &Scope<'_>, spans: &[Span], mut judged: Vec<Judged>) -> Charged {
    let mut till = Till {
        scope,
        spans,
        charged: vec![Amount::ZERO; spans.len()],
        cap_used: HashMap::new(),
        parents: judged.iter().map(|j| j.parent).collect(),
    };
    let entries: Vec<EntryResult> = scope
        .order
        .iter()
        .map(|&i| till.entry(i, &mut judged[i]))
        .collect();
    let periods = spans
        .iter()
        .zip(&till.charged)
        .map(|(s, c)| PeriodResult {
            label: s.label.clone(),
            from: s.from,
            to: s.to,
            budget: s.budget,
            charged: *c,
            remaining: s.budget.saturating_sub(*c),
        })
        .collect();
    Charged {
        totals: totals(&entries),
        caps: cap_results(scope, spans, &till.cap_used),
        periods,
        entries,
    }
}

impl Till<'_, '_> {
    fn entry(&mut self, i: usize, judged: &mut Judged) -> EntryResult {
        let e = self.scope.entries[i];
        let mut findings = std::mem::take(&mut judged.findings);
        let mut payers = Payers::default();
        let mut parts = Vec::new();
        if e.is_cancelled() {
            // Cancelled in time: costs nothing, counts nowhere, and no rule speaks
            // of it but one whose `when` names the status (a cancellation
            // recorded after `cancel_by`, DOMAIN after V12).
            let rules = &self.scope.policy.rules;
            findings.retain(|f| {
                !matches!(f.note, Note::Inherited(_))
                    && rules[f.rule].when.names_status(Status::Cancelled)
            });
        } else {
            match judged.fate {
                Fate::Rejected { rule, .. } => parts.push(Part {
                    payer: Payer::SelfPaid,
                    rule,
                    amount: e.amount,
                }),
                Fate::Routed { payer, rule, .. } => parts.push(Part {
                    payer,
                    rule,
                    amount: e.amount,
                }),
                Fate::Budget => {
                    let rest = self.caps(i, e.amount, &mut parts, &mut findings);
                    let rest = self.budget(e.date, rest, &mut payers);
                    if rest.is_positive() {
                        self.overflow(i, rest, &mut parts, &mut findings);
                    }
                }
            }
            for p in &parts {
                payers.add(p.payer, p.amount);
            }
        }
        EntryResult {
            id: e.id,
            index: i,
            date: e.date,
            kind: e.kind,
            status: e.status,
            amount: e.amount,
            payers,
            parts,
            verdict: Verdict::of(&findings),
            findings,
        }
    }

    // K9: the part above a cap goes to the cap's payer; `used` counts the part
    // that fits, whoever then pays it. A cap that does not split takes an entry
    // whole or not at all. Returns what is left for the budget.
    fn caps(
        &mut self,
        i: usize,
        amount: Amount,
        parts: &mut Vec<Part>,
        findings: &mut Vec<Finding>,
    ) -> Amount {
        let e = self.scope.entries[i];
        let mut rest = amount;
        for (ri, rule) in self.scope.policy.rules.iter().enumerate() {
            let Body::Cap {
                limit,
                period,
                split,
            } = &rule.body
            else {
                continue;
            };
            if !matches(&rule.when, &self.scope.subject(i)).yes() {
                continue;
            }
            let used = self
                .cap_used
                .entry((ri, period_key(*period, e.date)))
                .or_default();
            let fits = fitting(rest, limit.saturating_sub(*used), *split);
            *used += fits;
            let excess = rest - fits;
            if excess.is_positive() {
                parts.push(Part {
                    payer: rule.payer.unwrap_or(Payer::SelfPaid),
                    rule: ri,
                    amount: excess,
                });
                findings.push(Finding::of_rule(ri, rule.severity, e.id));
            }
            rest = fits;
        }
        rest
    }

    // K1, V1: the budget of the period of the entry's own date; one that does
    // not split takes an entry whole or not at all. Returns what it cannot cover.
    fn budget(&mut self, date: NaiveDate, rest: Amount, payers: &mut Payers) -> Amount {
        let split = self.scope.policy.budget().split;
        let p = super::periods::containing(self.spans, date, |s| s.from, |s| s.to);
        let take = match p {
            Some(p) => fitting(
                rest,
                self.spans[p].budget.saturating_sub(self.charged[p]),
                split,
            ),
            None => Amount::ZERO,
        };
        if let Some(p) = p {
            self.charged[p] += take;
        }
        payers.budget += take;
        rest - take
    }

    // K5, K12: what the budget cannot cover goes to the first overflow rule with
    // a payer that matches (judged on the entry a linked cost belongs to), else
    // to the budget rule's payer. V12: an overflow rule without a payer is a
    // remark on the excess, made wherever the excess goes.
    fn overflow(&self, i: usize, rest: Amount, parts: &mut Vec<Part>, findings: &mut Vec<Finding>) {
        let policy = self.scope.policy;
        let root = self.scope.subject(root_of(i, &self.parents));
        let id = self.scope.entries[i].id;
        let applies = |r: &crate::policy::Rule| {
            matches!(r.body, Body::Overflow) && matches(&r.when, &root).yes()
        };
        let ri = policy
            .rules
            .iter()
            .position(|r| r.payer.is_some() && applies(r))
            .unwrap_or(policy.budget_index);
        let rule = &policy.rules[ri];
        parts.push(Part {
            payer: rule.payer.unwrap_or(Payer::SelfPaid),
            rule: ri,
            amount: rest,
        });
        findings.push(Finding::of_rule(ri, rule.severity, id));
        for (ri, rule) in policy.rules.iter().enumerate() {
            if rule.payer.is_none() && applies(rule) {
                findings.push(Finding::of_rule(ri, rule.severity, id));
            }
        }
    }
}

/// How much of `amount` a limit with `room` left takes: as much as fits, or,
/// when it does not split, all of it or nothing.
fn fitting(amount: Amount, room: Amount, split: bool) -> Amount {
    if split || amount <= room {
        amount.min(room)
    } else {
        Amount::ZERO
    }
}

/// The entry at the top of a chain of `for` links.
fn root_of(mut i: usize, parents: &[Option<usize>]) -> usize {
    let mut steps = 0;
    while let Some(p) = parents[i] {
        i = p;
        steps += 1;
        if steps > parents.len() {
            break;
        }
    }
    i
}

/// Sums over the entries that count (not cancelled in time).
fn totals(entries: &[EntryResult]) -> Totals {
    let mut totals = Totals::default();
    for r in entries.iter().filter(|r| r.status != Status::Cancelled) {
        totals.add(r);
    }
    totals
}

/// Each cap's use per period: one for the whole ST, or one per budget year.
fn cap_results(
    scope: &Scope<'_>,
    spans: &[Span],
    used: &HashMap<(usize, i32), Amount>,
) -> Vec<CapResult> {
    let mut out = Vec::new();
    for (ri, rule) in scope.policy.rules.iter().enumerate() {
        let Body::Cap { limit, period, .. } = &rule.body else {
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
