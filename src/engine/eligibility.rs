//! Phases 1 and 2 of DOMAIN.md's "Precedence": whether each entry may draw on the
//! budget at all, or is paid by someone else or by nobody. Decided entry by
//! entry, independently of date order (rules, the ST window, overlaps, counts),
//! then what linked costs inherit from the entry they belong to. No money moves here.

use super::matching::{Ready, Subject, Tri, matches};
use super::result::{EntryResult, Finding, Late, Note};
use super::{Hashed, Scope};
use chrono::NaiveDate;

use crate::few::Few;
use crate::ledger::{Entry, Role};
use crate::money::Amount;
use crate::policy::{
    Body, Cond, CountBy, Deadline, Field, Need, Payer, PeriodKind, Rule, Severity, TraineeDate,
};

/// What phase 1 concluded about one entry, besides its findings (those are in
/// its result already). A large ledger keeps one per entry beside their
/// results until they are paid: made in the room of phase 1's [`State`]s, as
/// large as one and aligned alike, so that no second list stands beside them
/// (16 bytes).
pub(super) struct Judged {
    pub fate: Fate,
    /// Index of the entry this one belongs to, when a link rule says it does;
    /// [`NO_PARENT`] when none does ([`Judged::parent`]).
    parent: u32,
}

/// [`Judged::parent`] of an entry that belongs to none.
const NO_PARENT: u32 = u32::MAX;

impl Judged {
    /// Index of the entry this one belongs to, when a link rule says it does.
    pub fn parent(&self) -> Option<usize> {
        (self.parent != NO_PARENT).then_some(self.parent as usize)
    }
}

/// How an entry's eligibility and routing came out. Compact (a rule's index
/// as a `u32`): a large ledger keeps one per entry until it is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fate {
    /// Not reimbursed, by this rule (and note).
    Rejected {
        rule: u32,
        /// The index of the entry it inherits this from; [`NO_PARENT`]: its own.
        inherited_from: u32,
    },
    /// Paid by another payer, by this rule.
    Routed {
        payer: Payer,
        rule: u32,
        /// As in `Rejected`.
        inherited_from: u32,
    },
    /// Draws on the budget.
    Budget,
}

/// Phases 1 and 2's conclusions: each entry's result, in date order, with
/// its findings and nothing paid yet, and what else they concluded of each
/// entry, by index. Phase 3 pays the results where they stand.
pub(super) struct Judgement {
    pub results: Vec<EntryResult>,
    pub judged: Vec<Judged>,
}

/// What phase 1 holds of an entry: the first rule that rejects or routes it
/// wins. Compact (rules and entries by `u32` index, 16 bytes): phase 1 keeps
/// one per entry. Its findings go straight to its result ([`Case`]).
struct State {
    /// The rule that rejects it ([`State::rejected`]); [`NO_RULE`]: none.
    rejected: u32,
    routed: Option<(Payer, u32)>,
    /// As [`Judged::parent`].
    parent: u32,
}

/// [`State::rejected`] of an entry no rule rejects.
const NO_RULE: u32 = u32::MAX;

/// Where phase 1 puts each entry's findings: in its result, which stands in
/// date order (`at`, by the entry's index: 4 bytes an entry while phase 1
/// lasts, not a pointer beside each state until the entries are paid).
struct Places<'r> {
    results: &'r mut [EntryResult],
    at: Vec<u32>,
}

impl Places<'_> {
    /// Entry `i`'s findings.
    fn of(&mut self, i: usize) -> &mut Few<Finding> {
        &mut self.results[self.at[i] as usize].findings
    }
}

/// An entry while phase 1 looks at it: what it holds of it, and where its
/// findings go.
struct Case<'a> {
    st: &'a mut State,
    findings: &'a mut Few<Finding>,
}

impl State {
    /// The rule that rejects it, where one does.
    fn rejected(&self) -> Option<u32> {
        (self.rejected != NO_RULE).then_some(self.rejected)
    }

    /// Rejected by this rule, unless an earlier one rejects it.
    fn reject(&mut self, rule: u32) {
        if self.rejected == NO_RULE {
            self.rejected = rule;
        }
    }

    /// The entry it belongs to, where a link rule says it belongs to one.
    fn parent(&self) -> Option<u32> {
        (self.parent != NO_PARENT).then_some(self.parent)
    }

    fn outcome(&mut self, rule: usize, payer: Option<Payer>) {
        match payer {
            Some(Payer::SelfPaid) => {
                self.reject(rule_u32(rule));
            }
            Some(p @ (Payer::Unit | Payer::Central)) => {
                self.routed.get_or_insert((p, rule_u32(rule)));
            }
            Some(Payer::Budget) | None => {}
        }
    }
}

impl Case<'_> {
    /// A finding about the entry, to its result.
    fn find(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Rule `rule`'s payer takes the entry (as [`State::outcome`]).
    fn outcome(&mut self, rule: usize, payer: Option<Payer>) {
        self.st.outcome(rule, payer);
    }

    /// Rule `ri` is broken: its payer takes the entry, and a finding says so.
    fn broken(&mut self, ri: usize, rule: &Rule, entry: u32) {
        self.outcome(ri, rule.payer);
        self.find(Finding::of_rule(ri, rule.severity, entry));
    }

    /// A rule could not be decided for want of `field`: a finding if the rule asks for one.
    fn undecided(&mut self, ri: usize, field: Field, severity: Option<Severity>, entry: u32) {
        if let Some(severity) = severity {
            self.find(Finding::new(
                ri,
                severity,
                Some(entry),
                Note::Unknown(field),
            ));
        }
    }
}

/// Phases 1 and 2 for every entry of the scope. Called once: kept out of
/// line (as `money::charge` is), so that each phase's loops have the
/// registers to themselves (measured: fewer instructions an entry).
#[inline(never)]
pub(super) fn judge(scope: &Scope<'_>) -> Judgement {
    let entries = &scope.entries;
    let mut results: Vec<EntryResult> = scope
        .by_date()
        .map(|i| EntryResult::new(entries.get(i), entries.in_ledger(i), Amount::ZERO))
        .collect();
    let mut st: Vec<State> = (0..entries.len())
        .map(|_| State {
            rejected: NO_RULE,
            routed: None,
            parent: NO_PARENT,
        })
        .collect();
    // Each entry's findings, by index: where its result stands in date order.
    let mut at = vec![0; entries.len()];
    for (k, i) in scope.by_date().enumerate() {
        at[i] = u32::try_from(k).expect("a ledger has fewer than 2^32 entries");
    }
    let mut places = Places {
        results: &mut results,
        at,
    };
    let mut whens = Whens::new(scope.policy.rules.len());
    // The rules that override others: their `when`s are asked more than once an entry.
    let mut overriding = vec![false; scope.policy.rules.len()];
    for &o in scope.policy.overridden_by.iter().flatten() {
        overriding[o] = true;
    }
    // Per entry kind, what each rule judged here needs, side by side.
    let steps: Vec<Vec<Step<'_, '_>>> = crate::ledger::Kind::ALL
        .iter()
        .map(|&kind| {
            scope
                .entry_rules_for(kind)
                .iter()
                .map(|&ri| Step {
                    ri,
                    rule: &scope.policy.rules[ri],
                    when: &scope.whens[ri],
                    table: scope.tables[ri].as_ref(),
                    overriders: &scope.policy.overridden_by[ri],
                    overriding: overriding[ri],
                })
                .collect()
        })
        .collect();
    for (i, state) in st.iter_mut().enumerate() {
        let s = scope.subject(i);
        let case = &mut Case {
            st: state,
            findings: places.of(i),
        };
        whens.next_entry();
        // Every rule judged here speaks only of entries its `when` matches.
        for step in &steps[s.entry.kind as usize] {
            // Specific beats general: a rule that overrides this one matches.
            if !step.overriders.is_empty()
                && step
                    .overriders
                    .iter()
                    .any(|&o| whens.of(scope, o, &s).yes())
            {
                continue;
            }
            // Asked once an entry, unless it overrides others.
            let when = if step.overriding {
                whens.of(scope, step.ri, &s)
            } else {
                step.when.matches(&s)
            };
            entry_rule(scope, step, &s, when, case);
        }
        outside_the_st(scope, i, case);
    }
    overlaps(scope, &mut st, &mut places);
    counts(scope, &mut st, &mut places);
    let judged = inherit(scope, st, &mut places);
    Judgement { results, judged }
}

/// The `when` of each rule for the entry being judged, each worked out once
/// however many rules ask (a rule that overrides six others is asked six
/// times an entry): by entry, a stamp per rule says whether it is this one's.
struct Whens {
    entry: u32,
    stamps: Vec<u32>,
    found: Vec<Tri>,
}

impl Whens {
    fn new(rules: usize) -> Whens {
        Whens {
            entry: 0,
            stamps: vec![0; rules],
            found: vec![Tri::No; rules],
        }
    }

    /// From now on, for the next entry.
    fn next_entry(&mut self) {
        self.entry += 1;
    }

    /// Rule `ri`'s `when` for the entry `s` (the one being judged).
    #[inline]
    fn of(&mut self, scope: &Scope<'_>, ri: usize, s: &Subject<'_>) -> Tri {
        if self.stamps[ri] != self.entry {
            self.stamps[ri] = self.entry;
            self.found[ri] = scope.when(ri, s);
        }
        self.found[ri]
    }
}

/// Whether a rule of this kind judges an entry alone ([`entry_rule`]).
pub(super) fn judges_alone(body: &Body) -> bool {
    match body {
        Body::Expiry { .. }
        | Body::Require { .. }
        | Body::Approval { .. }
        | Body::Flag { .. }
        | Body::Route
        | Body::Chargeback
        | Body::Link { .. } => true,
        // Over the whole ledger, later in this phase: `overlaps`, `counts`.
        Body::Overlap { .. } | Body::Count { .. } => false,
        // Money, in phase 3 (`money.rs`).
        Body::Budget { .. } | Body::Overflow | Body::Cap { .. } => false,
    }
}

/// A rule phase 1 judges an entry by, with what it needs at hand.
struct Step<'s, 'a> {
    ri: usize,
    rule: &'a Rule,
    /// Its `when`, made ready.
    when: &'s Ready<'a>,
    /// Its second table, made ready ([`Scope::tables`]).
    table: Option<&'s Ready<'a>>,
    /// The rules that override it.
    overriders: &'a [usize],
    /// Whether it overrides others.
    overriding: bool,
}

/// One rule that looks at one entry alone, whose `when` came out `when`.
/// Every kind that [`judges_alone`] has its arm.
fn entry_rule(
    scope: &Scope<'_>,
    step: &Step<'_, '_>,
    s: &Subject<'_>,
    when: Tri,
    st: &mut Case<'_>,
) {
    let (ri, rule) = (step.ri, step.rule);
    match &rule.body {
        Body::Expiry { last_day, unless } => {
            expiry(ri, rule, s, when, *last_day, unless.as_ref(), st);
        }
        Body::Require { unknown, .. } => {
            let then = step.table.expect("a require rule's table is made ready");
            require(ri, rule, s, when, then, *unknown, st);
        }
        Body::Approval { .. } => {
            if when.yes() {
                approval(ri, rule, s.entry, st);
            }
        }
        Body::Flag { unknown } => flag(ri, rule, s, when, *unknown, st),
        Body::Route | Body::Chargeback => {
            // K4 (route), V9 (chargeback): paid by someone else.
            if when.yes() {
                st.broken(ri, rule, s.entry.id);
            }
        }
        Body::Link { .. } => {
            if when.yes() {
                let parent = step.table.expect("a link rule's table is made ready");
                link(scope, ri, rule, s.entry, parent, st);
            }
        }
        Body::Overlap { .. } | Body::Count { .. } => {}
        Body::Budget { .. } | Body::Overflow | Body::Cap { .. } => {}
    }
}

// K11: nothing after the last day, unless.
fn expiry(
    ri: usize,
    rule: &Rule,
    s: &Subject<'_>,
    when: Tri,
    last_day: TraineeDate,
    unless: Option<&Cond>,
    st: &mut Case<'_>,
) {
    let e = s.entry;
    let last = match last_day {
        TraineeDate::Start => Some(s.trainee.start),
        TraineeDate::Certificate => s.trainee.certificate,
    };
    // `unless` is tried only on an entry past the last day.
    let excepted = || unless.is_some_and(|u| matches(u, s).yes());
    if when.yes() && last.is_some_and(|l| e.date > l) && !excepted() {
        st.broken(ri, rule, e.id);
    }
}

// V3, V6, V8: when this, then that.
fn require(
    ri: usize,
    rule: &Rule,
    s: &Subject<'_>,
    when: Tri,
    require: &Ready<'_>,
    unknown: Option<Severity>,
    st: &mut Case<'_>,
) {
    let id = s.entry.id;
    match when {
        Tri::Yes => match require.matches(s) {
            Tri::Yes => {}
            Tri::No => st.broken(ri, rule, id),
            Tri::Unknown(f) => st.undecided(ri, f, unknown, id),
        },
        Tri::Unknown(f) => st.undecided(ri, f, unknown, id),
        Tri::No => {}
    }
}

// K3, K7, K9, K10, V5, V9, V10: roles that must have approved, all of them or
// any one, and, where the rule sets a deadline, in time: a late approval is no
// approval, and the finding says by how much it was late.
fn approval(ri: usize, rule: &Rule, e: &Entry, st: &mut Case<'_>) {
    let Body::Approval {
        roles,
        need,
        deadline,
    } = &rule.body
    else {
        return;
    };
    let (need, deadline) = (*need, *deadline);
    let in_time = |r: &Role| {
        e.approvals
            .get(r)
            .is_some_and(|&d| deadline.is_none_or(|dl| d <= due(dl, e).0))
    };
    let met = match need {
        Need::All => roles.iter().all(in_time),
        Need::Any => roles.iter().any(in_time),
    };
    if met {
        return;
    }
    // Missing beats late: an all-rule missing a role says that it is missing.
    let missing = match need {
        Need::All => roles.iter().any(|r| !e.approvals.contains_key(r)),
        Need::Any => roles.iter().all(|r| !e.approvals.contains_key(r)),
    };
    let late = deadline.filter(|_| !missing).and_then(|dl| {
        let (due, from) = due(dl, e);
        roles.iter().find_map(|r| {
            let approved = *e.approvals.get(r)?;
            (approved > due).then(|| {
                Note::LateApproval(Box::new(Late {
                    role: r.clone(),
                    approved,
                    due,
                    from,
                }))
            })
        })
    });
    match late {
        Some(note) => {
            st.outcome(ri, rule.payer);
            st.find(Finding::new(ri, rule.severity, Some(e.id), note));
        }
        None => st.broken(ri, rule, e.id),
    }
}

/// The approval rule with a deadline that an approval by `role` of `entry` is
/// held to, and the last day it may be dated: the first such rule that matches
/// the entry (with the approval in it) and names the role. `None` when no rule
/// times that role's approval of this entry.
pub fn approval_deadline(
    policy: &crate::policy::Policy,
    trainee: &crate::ledger::Trainee,
    entry: &Entry,
    role: &Role,
) -> Option<(usize, NaiveDate)> {
    let s = Subject {
        entry,
        parent: None,
        trainee,
        default_goal: policy.default_goal,
    };
    policy
        .rules
        .iter()
        .enumerate()
        .find_map(|(ri, rule)| match &rule.body {
            Body::Approval {
                roles,
                deadline: Some(dl),
                ..
            } if roles.contains(role)
                && matches(&rule.when, &s).yes()
                && !super::overridden(policy, ri, &s) =>
            {
                Some((ri, due(*dl, entry).0))
            }
            _ => None,
        })
}

/// The last day an approval may be dated under `deadline` (V10), and which of
/// the entry's dates that is: the one the deadline names where the entry
/// records it, else its first day.
pub(super) fn due(deadline: Deadline, e: &Entry) -> (NaiveDate, Deadline) {
    let recorded = match deadline {
        Deadline::Date => None,
        Deadline::Applied => e.applied(),
        Deadline::CancelBy => e.cancel_by(),
    };
    match recorded {
        Some(d) => (d, deadline),
        None => (e.date, Deadline::Date),
    }
}

// V7: a finding only.
fn flag(
    ri: usize,
    rule: &Rule,
    s: &Subject<'_>,
    when: Tri,
    unknown: Option<Severity>,
    st: &mut Case<'_>,
) {
    let id = s.entry.id;
    match when {
        Tri::Yes => st.find(Finding::of_rule(ri, rule.severity, id)),
        Tri::Unknown(f) => st.undecided(ri, f, unknown, id),
        Tri::No => {}
    }
}

// K2, V2: travel and lodging belong to an entry that may have them.
fn link(scope: &Scope<'_>, ri: usize, rule: &Rule, e: &Entry, parent: &Ready, case: &mut Case<'_>) {
    let p = e
        .for_entry()
        .and_then(|id| scope.index_of.get(id))
        .filter(|&p| parent.matches(&scope.subject(p)).yes());
    match p {
        Some(p) => case.st.parent = u32::try_from(p).unwrap_or(NO_PARENT),
        None => case.broken(ri, rule, e.id),
    }
}

// K1, V1: outside the ST nothing is reimbursed, citing the budget rule, unless an
// expiry rule already said why.
fn outside_the_st(scope: &Scope<'_>, i: usize, case: &mut Case<'_>) {
    let e = scope.entries.get(i);
    let policy = scope.policy;
    let expired = case
        .st
        .rejected()
        .is_some_and(|r| matches!(policy.rules[r as usize].body, Body::Expiry { .. }));
    if scope.outside_the_st(e.date) && !expired {
        let r = policy.budget_index;
        case.st.reject(rule_u32(r));
        case.find(Finding::new(r, Severity::Error, Some(e.id), Note::Outside));
    }
}

// V4, V5: entries whose dates overlap others'. Cancelled entries are invisible.
// In n log n: the others sorted by first day, with the two latest last days
// among each prefix, so that one very long course costs no more than a short one.
// Entry by entry, each entry's overlap rules in file order (its findings come
// in that order, and the first rule that rejects or routes it wins), so that
// an entry no overlap rule speaks of is passed over once, not once a rule.
// Once an evaluation, out of line as `judge` is.
#[inline(never)]
fn overlaps(scope: &Scope<'_>, st: &mut [State], places: &mut Places<'_>) {
    let entries = &scope.entries;
    // The `with` tables, each once however many rules share it.
    let mut withs: Vec<&Cond> = Vec::new();
    // The overlap rules that can speak of an entry, each with its table.
    let mut rules: Vec<(usize, &Rule, usize)> = Vec::new();
    for (ri, rule) in scope.policy.rules.iter().enumerate() {
        let Body::Overlap { with } = &rule.body else {
            continue;
        };
        // A rule that speaks of no entry of this ledger (its trainee) needs no others.
        if scope.whens[ri].kinds == 0 {
            continue;
        }
        let k = match withs.iter().position(|w| *w == with) {
            Some(k) => k,
            None => {
                withs.push(with);
                withs.len() - 1
            }
        };
        rules.push((ri, rule, k));
    }
    let tables = Others::of(scope, &withs);
    // A rule with no others finds no overlap.
    rules.retain(|&(.., k)| !tables[k].starts.is_empty());
    if rules.is_empty() {
        return;
    }
    let kinds = rules
        .iter()
        .fold(0, |kinds, &(ri, ..)| kinds | scope.whens[ri].kinds);
    // Per table, where the last search ended: ledgers come mostly in date
    // order, so the next entry's others end near there.
    let mut near = vec![0; tables.len()];
    for (i, state) in st.iter_mut().enumerate() {
        // The entry's kind first, before what else it is tested with is gathered.
        let e = entries.get(i);
        if kinds & super::matching::kind_bit(e.kind) == 0 || e.is_cancelled() {
            continue;
        }
        let s = scope.subject(i);
        let last = super::day_key(e.last_day()) as u32;
        for &(ri, rule, k) in &rules {
            if !scope.whens[ri].may_match(e.kind) || !scope.applies(ri, &s) {
                continue;
            }
            // The others that start by the entry's last day; one of them, not the
            // entry itself, must last until its first day.
            let Others { starts, reach } = &tables[k];
            let started = started_by(starts, near[k], last);
            near[k] = started;
            let Some(&(first, second)) = started.checked_sub(1).map(|k| &reach[k]) else {
                continue;
            };
            let latest = if first.1 as usize == i {
                second
            } else {
                Some(first)
            };
            if let Some((_, j)) = latest.filter(|(day, _)| *day >= e.date) {
                // As `broken`, naming the entry it collides with.
                state.outcome(ri, rule.payer);
                places.of(i).push(Finding::new(
                    ri,
                    rule.severity,
                    Some(e.id),
                    Note::Overlaps(entries.get(j as usize).id),
                ));
            }
        }
    }
}

/// How many of `starts` (sorted) are at most `last`, searched from `near`
/// outward in steps that double, then by halves: as `partition_point`, in a
/// few steps where the answer is near, in twice its steps where it is not.
fn started_by(starts: &[u32], near: usize, last: u32) -> usize {
    let n = starts.len();
    let near = near.min(n);
    if near < n && starts[near] <= last {
        // Further on. Every day before `lo` is at most `last`.
        let (mut lo, mut step) = (near + 1, 1);
        loop {
            let hi = lo + step;
            if hi >= n || starts[hi] > last {
                return lo + starts[lo..hi.min(n)].partition_point(|&d| d <= last);
            }
            (lo, step) = (hi + 1, step * 2);
        }
    }
    // Here or before. Every day from `hi` on is after `last`.
    let (mut hi, mut step) = (near, 1);
    while hi > 0 {
        let lo = hi.saturating_sub(step);
        if starts[lo] <= last {
            return lo + 1 + starts[lo + 1..hi].partition_point(|&d| d <= last);
        }
        (hi, step) = (lo, step * 2);
    }
    0
}

/// The entries an overlap rule compares with (those its `with` table
/// matches, cancelled ones left out), sorted by first day, ties in ledger
/// order.
struct Others {
    /// Their first days, as [`super::day_key`]s (which fit 32 bits).
    starts: Vec<u32>,
    /// Per prefix of them, the latest two last days ([`latest_two`]).
    reach: Vec<Latest>,
}

impl Others {
    /// The others of each of the tables `withs`, found in one pass over the entries.
    fn of(scope: &Scope<'_>, withs: &[&Cond]) -> Vec<Others> {
        let entries = &scope.entries;
        let withs: Vec<Ready<'_>> = withs.iter().map(|w| Ready::new(w, scope.trainee)).collect();
        let kinds = withs.iter().fold(0, |kinds, w| kinds | w.kinds);
        // By first day, ties in ledger order: one integer key each, taken in
        // the date order (sorted again only where its ties are not in ledger order).
        let mut keyed: Vec<Vec<u64>> = withs.iter().map(|_| Vec::new()).collect();
        for i in scope.by_date() {
            // The entry's kind first, before what else it is tested with is gathered.
            let e = entries.get(i);
            if kinds & super::matching::kind_bit(e.kind) == 0 || e.is_cancelled() {
                continue;
            }
            let s = scope.subject(i);
            for (with, keyed) in withs.iter().zip(&mut keyed) {
                if with.matches(&s).yes() {
                    keyed.push(super::day_key(e.date) << 32 | i as u64);
                }
            }
        }
        keyed
            .into_iter()
            .map(|mut keyed| {
                if !scope.ties_in_ledger_order {
                    keyed.sort_unstable();
                }
                let starts = keyed.iter().map(|k| (k >> 32) as u32).collect();
                // Indices as `u32` (a ledger has fewer than 2^32 entries), the keys
                // let go before the reach is made.
                let order: Vec<u32> = keyed.iter().map(|k| *k as u32).collect();
                drop(keyed);
                let reach = latest_two(order.iter().copied(), |j| {
                    entries.get(j as usize).last_day()
                });
                Others { starts, reach }
            })
            .collect()
    }
}

/// Per prefix of `items`, the latest and the second latest `last(item)`, with
/// their items (20 bytes: one per entry an overlap rule compares with).
type Latest = ((chrono::NaiveDate, u32), Option<(chrono::NaiveDate, u32)>);

fn latest_two(
    items: impl ExactSizeIterator<Item = u32>,
    last: impl Fn(u32) -> chrono::NaiveDate,
) -> Vec<Latest> {
    let mut out: Vec<Latest> = Vec::with_capacity(items.len());
    for j in items {
        let here = (last(j), j);
        let next = match out.last() {
            None => (here, None),
            Some(&(first, _)) if here.0 > first.0 => (here, Some(first)),
            Some(&(first, second)) => match second {
                Some(s) if s.0 >= here.0 => (first, Some(s)),
                _ => (first, Some(here)),
            },
        };
        out.push(next);
    }
    out
}

// K8: at most `max` granted matching entries (or distinct events) per period,
// first come first served in date order. Entries rejected for another reason
// are not granted. Counted by event, the entries of an event share its fate:
// the event is granted or refused when its first entry comes.
// Once an evaluation, out of line as `judge` is.
#[inline(never)]
fn counts(scope: &Scope<'_>, st: &mut [State], places: &mut Places<'_>) {
    for (ri, rule) in scope.policy.rules.iter().enumerate() {
        let Body::Count { max, period, by } = &rule.body else {
            continue;
        };
        let mut seen: Hashed<i32, u32> = Hashed::default();
        // Counted by event: each event's verdict, by period and folded name.
        let mut events: Hashed<(i32, String), bool> = Hashed::default();
        for i in scope.by_date() {
            let e = scope.entries.get(i);
            if e.is_cancelled()
                || st[i].rejected().is_some()
                || !scope.whens[ri].may_match(e.kind)
                || !scope.applies(ri, &scope.subject(i))
            {
                continue;
            }
            let key = period_key(*period, e.date);
            let event = match (by, e.event()) {
                (CountBy::Event, Some(name)) => Some((key, crate::policy::fold(name))),
                _ => None,
            };
            if let Some(granted) = event.as_ref().and_then(|k| events.get(k)) {
                if !granted {
                    Case {
                        st: &mut st[i],
                        findings: places.of(i),
                    }
                    .broken(ri, rule, e.id);
                }
                continue;
            }
            let n = seen.entry(key).or_default();
            let granted = *n < *max;
            if granted {
                *n += 1;
            } else {
                Case {
                    st: &mut st[i],
                    findings: places.of(i),
                }
                .broken(ri, rule, e.id);
            }
            if let Some(k) = event {
                events.insert(k, granted);
            }
        }
    }
}

/// The key of the period a date falls in, for what is counted per period.
pub(super) fn period_key(kind: PeriodKind, d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    match kind {
        PeriodKind::St => 0,
        PeriodKind::CalendarYear => d.year(),
    }
}

/// Phase 2: each entry's fate, with what a linked cost inherits (K2, V2) and the
/// finding that says so ("As entry N: …").
// Once an evaluation, out of line as `judge` is.
#[inline(never)]
fn inherit(scope: &Scope<'_>, st: Vec<State>, places: &mut Places<'_>) -> Vec<Judged> {
    // Fates worked out once each, where an entry inherits from another: none
    // needed where none belongs to another (a fate is then the entry's own).
    let fates: Vec<Fate> = if st.iter().any(|s| s.parent().is_some()) {
        fates(&st)
    } else {
        Vec::new()
    };
    // Into the states' room (`Judged` is as large and aligned alike).
    st.into_iter()
        .enumerate()
        .map(|(i, s)| {
            let fate = match fates.get(i) {
                Some(&f) => f,
                None => own_fate(&s),
            };
            if let Fate::Rejected {
                rule,
                inherited_from: p,
            }
            | Fate::Routed {
                rule,
                inherited_from: p,
                ..
            } = fate
                && p != NO_PARENT
            {
                let rule = rule as usize;
                places.of(i).push(Finding::new(
                    rule,
                    scope.policy.rules[rule].severity,
                    Some(scope.entries.get(i).id),
                    Note::Inherited(scope.entries.get(p as usize).id),
                ));
            }
            Judged {
                fate,
                parent: s.parent,
            }
        })
        .collect()
}

/// The fate of an entry that inherits nothing: its own rejection, else its
/// own routing, else the budget.
fn own_fate(s: &State) -> Fate {
    combined(s, None)
}

/// Every entry's fate, in one pass where each entry belongs to an earlier
/// one (as `for` names an earlier entry in a ledger written in order), else
/// by walking to the entries they belong to ([`fate`]).
fn fates(st: &[State]) -> Vec<Fate> {
    let mut out: Vec<Fate> = Vec::with_capacity(st.len());
    for (i, s) in st.iter().enumerate() {
        let f = match s.parent() {
            None => own_fate(s),
            Some(p) if (p as usize) < i => combined(s, Some((p, out[p as usize]))),
            Some(_) => {
                let mut memo = vec![None; st.len()];
                return (0..st.len()).map(|i| fate(i, st, &mut memo, 0)).collect();
            }
        };
        out.push(f);
    }
    out
}

/// The fate of entry `i`, with those of the entries it belongs to, each
/// worked out once.
fn fate(i: usize, st: &[State], memo: &mut Vec<Option<Fate>>, depth: usize) -> Fate {
    if let Some(f) = memo[i] {
        return f;
    }
    let s = &st[i];
    let parent = s.parent().filter(|_| depth < st.len()).map(|p| {
        let pf = fate(p as usize, st, memo, depth + 1);
        (p, pf)
    });
    let f = combined(s, parent);
    memo[i] = Some(f);
    f
}

/// An entry's fate, given that of the entry it belongs to (`parent`, by its
/// index): its own rejection beats what it inherits, which beats its own
/// routing, which beats inherited routing.
fn combined(s: &State, parent: Option<(u32, Fate)>) -> Fate {
    if let Some(rule) = s.rejected() {
        Fate::Rejected {
            rule,
            inherited_from: NO_PARENT,
        }
    } else if let Some((pid, Fate::Rejected { rule, .. })) = parent {
        Fate::Rejected {
            rule,
            inherited_from: pid,
        }
    } else if let Some((payer, rule)) = s.routed {
        Fate::Routed {
            payer,
            rule,
            inherited_from: NO_PARENT,
        }
    } else if let Some((pid, Fate::Routed { payer, rule, .. })) = parent {
        Fate::Routed {
            payer,
            rule,
            inherited_from: pid,
        }
    } else {
        Fate::Budget
    }
}

/// A rule's index as a [`Fate`] keeps it.
fn rule_u32(rule: usize) -> u32 {
    u32::try_from(rule).expect("a policy has fewer than 2^32 rules")
}

#[cfg(test)]
mod tests {
    /// What phases 1 and 2 keep of each entry beside its result until phase 3
    /// is compact, and made in the room of phase 1's states: a ledger of
    /// 80 000 entries keeps one each.
    #[test]
    fn a_judged_entry_takes_the_room_of_a_state() {
        use std::mem::{align_of, size_of};
        assert_eq!(size_of::<super::State>(), 16);
        assert_eq!(size_of::<super::Judged>(), size_of::<super::State>());
        assert_eq!(align_of::<super::Judged>(), align_of::<super::State>());
    }

    use chrono::NaiveDate;

    use super::latest_two;

    /// Whether interval `i` overlaps another of `spans`, as `overlaps` decides it
    /// (sorted by first day, the latest two last days per prefix), and by brute force.
    fn both_ways(spans: &[(i64, i64)], i: usize) -> (bool, bool) {
        let day = |n: i64| {
            NaiveDate::from_ymd_opt(2024, 1, 1).expect("day") + chrono::Days::new(n as u64)
        };
        let mut order: Vec<u32> = (0..spans.len() as u32).collect();
        order.sort_by_key(|&j| spans[j as usize].0);
        let reach = latest_two(order.iter().copied(), |j| day(spans[j as usize].1));
        let (from, to) = spans[i];
        let started = order.partition_point(|&j| spans[j as usize].0 <= to);
        let fast = started.checked_sub(1).is_some_and(|k| {
            let (first, second) = reach[k];
            let latest = if first.1 as usize == i {
                second
            } else {
                Some(first)
            };
            latest.is_some_and(|(d, _)| d >= day(from))
        });
        let slow = (0..spans.len()).any(|j| j != i && spans[j].0 <= to && spans[j].1 >= from);
        (fast, slow)
    }

    /// Fates found in one pass (each entry belonging to an earlier one) are
    /// those found by walking to the entries they belong to; where one
    /// belongs to a later entry, the walk is taken, and agrees with itself.
    #[test]
    fn fates_in_one_pass_are_those_of_the_walk() {
        use super::{Fate, NO_PARENT, NO_RULE, State, fate, fates};
        use crate::policy::Payer;
        let mut numbers = crate::engine::testing::numbers(5);
        let mut next = move |below: u64| numbers(below) as u32;
        let mut kinds = [0usize; 4];
        for case in 0..400 {
            let n = 1 + next(12) as usize;
            let later = case % 2 == 1;
            let st: Vec<State> = (0..n)
                .map(|i| State {
                    rejected: if next(4) == 0 { next(3) } else { NO_RULE },
                    routed: (next(4) == 0).then(|| (Payer::Unit, 7 + next(3))),
                    parent: match next(3) {
                        0 => NO_PARENT,
                        _ if later => next(n as u64),
                        _ if i > 0 => next(i as u64),
                        _ => NO_PARENT,
                    },
                })
                .collect();
            let mut memo = vec![None; n];
            let walked: Vec<Fate> = (0..n).map(|i| fate(i, &st, &mut memo, 0)).collect();
            let found = fates(&st);
            assert_eq!(found, walked, "case {case}");
            for f in found {
                kinds[match f {
                    Fate::Budget => 0,
                    Fate::Rejected { inherited_from, .. } if inherited_from != NO_PARENT => 1,
                    Fate::Routed { inherited_from, .. } if inherited_from != NO_PARENT => 2,
                    _ => 3,
                }] += 1;
            }
        }
        // Every kind of fate came out, inherited ones too.
        assert!(kinds.iter().all(|&k| k > 0), "{kinds:?}");
    }

    /// Searching from anywhere, before, at or after the answer, the list
    /// empty or not, days repeated, finds what a binary search finds.
    #[test]
    fn started_by_agrees_with_partition_point() {
        let mut numbers = crate::engine::testing::numbers(11);
        let mut next = move |below: u64| numbers(below) as u32;
        for case in 0..300 {
            let n = next(70) as usize;
            let mut starts: Vec<u32> = (0..n).map(|_| next(40)).collect();
            starts.sort_unstable();
            for _ in 0..40 {
                let (near, last) = (next(80) as usize, next(44).wrapping_sub(2));
                assert_eq!(
                    super::started_by(&starts, near, last),
                    starts.partition_point(|&d| d <= last),
                    "case {case}: {starts:?} from {near} for {last}"
                );
            }
        }
    }

    #[test]
    fn overlaps_found_by_sorting_agree_with_every_pair() {
        let mut next = crate::engine::testing::numbers(7);
        for _ in 0..300 {
            let n = 1 + next(8) as usize;
            let mut spans: Vec<(i64, i64)> = Vec::new();
            for _ in 0..n {
                let from = next(40) as i64;
                let long = next(5) == 0;
                spans.push((from, from + next(if long { 400 } else { 4 }) as i64));
            }
            for i in 0..n {
                let (fast, slow) = both_ways(&spans, i);
                assert_eq!(fast, slow, "{spans:?}, entry {i}");
            }
        }
    }
}
