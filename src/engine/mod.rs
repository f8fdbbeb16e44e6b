//! Pure evaluation: `(policy, ledger, today) -> Evaluation`.
//!
//! No I/O and no clock: everything the engine knows comes in as arguments, so
//! the same inputs always give the same splits. The order is DOMAIN.md's
//! "Precedence": each entry's eligibility and routing is decided first,
//! independently of date order (rules, overlaps, counts, then what linked costs
//! inherit); only then does the money follow date order, ties by id (caps, the
//! budget, overflow). An error's `self` beats routing and chargebacks, which beat
//! caps, which beat the budget, which beats overflow. Findings accumulate.

mod matching;
pub mod periods;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

pub use matching::{Subject, Tri, matches};
pub use periods::Span;

use crate::i18n::Lang;
use crate::ledger::{Effective, Entry, Kind, Status};
use crate::money::Amount;
use crate::policy::{Body, Field, Payer, PeriodKind, Policy, Severity};

/// Why a finding was made, beyond its rule's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The rule's message as written.
    Rule,
    /// The entry is dated outside the ST (the budget rule's `outside` text).
    Outside,
    /// A rule could not be checked: this field is missing.
    Unknown(Field),
    /// The entry shares the fate of the entry it belongs to (`for = ID`).
    Inherited(u32),
    /// Days of the ST before the first service period count at 100 %.
    ServiceGap { from: NaiveDate, to: NaiveDate },
    /// The ledger has no service periods: 100 % throughout.
    NoService,
}

/// Something a rule says of an entry or of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in the policy.
    pub rule: usize,
    pub severity: Severity,
    /// The entry it is about; `None` for the ledger as a whole.
    pub entry: Option<u32>,
    pub note: Note,
}

impl Finding {
    /// What the trainee reads, in their language.
    pub fn message(&self, policy: &Policy, lang: Lang) -> String {
        let rule = &policy.rules[self.rule];
        let sv = lang == Lang::Sv;
        match &self.note {
            Note::Rule => rule.message.get(lang).to_string(),
            Note::Outside => match &rule.body {
                Body::Budget { outside, .. } => outside.get(lang).to_string(),
                _ => rule.message.get(lang).to_string(),
            },
            Note::Unknown(field) if sv => {
                format!(
                    "{} kan inte kontrolleras: `{}` saknas",
                    rule.title.get(lang),
                    field.name()
                )
            }
            Note::Unknown(field) => format!(
                "{}: cannot be checked, `{}` is missing",
                rule.title.get(lang),
                field.name()
            ),
            Note::Inherited(id) => {
                // The budget rule rejects an entry only for lying outside the ST.
                let why = match &rule.body {
                    Body::Budget { outside, .. } => outside.get(lang),
                    _ => rule.message.get(lang),
                };
                if sv {
                    format!("Som post {id}: {why}")
                } else {
                    format!("As entry {id}: {why}")
                }
            }
            Note::ServiceGap { from, to } if sv => {
                format!("Ingen tjänstgöringsperiod {from}–{to}: dagarna räknas som 100 %")
            }
            Note::ServiceGap { from, to } => {
                format!("No service period covers {from} to {to}: those days count at 100 %")
            }
            Note::NoService if sv => {
                "Inga tjänstgöringsperioder: hela ST räknas som 100 %".to_string()
            }
            Note::NoService => "No service periods: the whole ST counts at 100 %".to_string(),
        }
    }
}

/// The overall judgement of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Ok,
    Warning,
    Error,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warning => "warning",
            Verdict::Error => "error",
        }
    }

    fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Verdict::Error,
            Some(Severity::Warning) => Verdict::Warning,
            _ => Verdict::Ok,
        }
    }
}

/// An entry's amount split between the four payers; the parts add up to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Payers {
    pub budget: Amount,
    pub central: Amount,
    pub unit: Amount,
    pub self_paid: Amount,
}

impl Payers {
    pub fn add(&mut self, payer: Payer, amount: Amount) {
        match payer {
            Payer::Budget => self.budget += amount,
            Payer::Central => self.central += amount,
            Payer::Unit => self.unit += amount,
            Payer::SelfPaid => self.self_paid += amount,
        }
    }

    pub fn total(&self) -> Amount {
        self.budget + self.central + self.unit + self.self_paid
    }
}

/// The verdict on one entry, with every amendment applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryResult {
    pub id: u32,
    /// Index of the entry in `Effective::entries`.
    pub index: usize,
    pub date: NaiveDate,
    pub kind: Kind,
    pub status: Status,
    pub amount: Amount,
    pub payers: Payers,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
}

/// A period's budget and what was charged to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodResult {
    pub label: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub budget: Amount,
    pub charged: Amount,
    pub remaining: Amount,
}

/// A cap's use in one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapResult {
    pub rule: usize,
    pub period: String,
    pub limit: Amount,
    pub used: Amount,
    pub remaining: Amount,
}

/// Sums over the entries that count (not cancelled in time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub amount: Amount,
    pub payers: Payers,
}

/// Everything the engine concludes about a ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub as_of: NaiveDate,
    pub periods: Vec<PeriodResult>,
    pub caps: Vec<CapResult>,
    pub totals: Totals,
    /// In date order, ties by id.
    pub entries: Vec<EntryResult>,
    /// About the ledger as a whole (service periods).
    pub findings: Vec<Finding>,
}

impl Evaluation {
    pub fn entry(&self, id: u32) -> Option<&EntryResult> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Every finding, the ledger's first, then the entries' in date order.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .chain(self.entries.iter().flat_map(|e| e.findings.iter()))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.all_findings()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The period an entry's date falls in.
    pub fn period_of(&self, date: NaiveDate) -> Option<&PeriodResult> {
        self.periods
            .iter()
            .find(|p| date >= p.from && p.to.is_none_or(|t| date <= t))
    }
}

/// How an entry's eligibility and routing came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Not reimbursed, by this rule (and note).
    Rejected {
        rule: usize,
        inherited_from: Option<u32>,
    },
    /// Paid by another payer, by this rule.
    Routed {
        payer: Payer,
        rule: usize,
        inherited_from: Option<u32>,
    },
    /// Draws on the budget.
    Budget,
}

#[derive(Default)]
struct State {
    rejected: Option<usize>,
    routed: Option<(Payer, usize)>,
    /// Index of the entry this one belongs to, when a link rule says it does.
    parent: Option<usize>,
    findings: Vec<Finding>,
}

impl State {
    fn outcome(&mut self, rule: usize, payer: Option<Payer>) {
        match payer {
            Some(Payer::SelfPaid) => {
                self.rejected.get_or_insert(rule);
            }
            Some(p @ (Payer::Unit | Payer::Central)) => {
                self.routed.get_or_insert((p, rule));
            }
            Some(Payer::Budget) | None => {}
        }
    }
}

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
    let trainee = &ledger.trainee;
    let entries: Vec<&Entry> = ledger
        .entries
        .iter()
        .filter(|e| at.is_none_or(|a| e.date <= a))
        .collect();
    let n = entries.len();
    let subject = |i: usize| Subject {
        entry: entries[i],
        trainee,
        default_goal: policy.default_goal,
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (entries[i].date, entries[i].id));
    let index_of: HashMap<u32, usize> =
        entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();

    // The ST and its budget periods (K1, V1).
    let budget = policy.budget();
    // `open_when` speaks of the trainee only (K11: double specialisation).
    let open = budget.open_when.is_some_and(|c| trainee_only(c, trainee));
    let st_end = if open { None } else { trainee.certificate };
    let last_year = entries
        .iter()
        .map(|e| e.date.year())
        .max()
        .unwrap_or(today.year())
        .max(today.year());
    let spans = periods::spans(
        budget.period,
        budget.amount,
        budget.prorate,
        trainee.start,
        st_end,
        last_year,
        &ledger.services,
    );
    let mut ledger_findings = Vec::new();
    // DOMAIN "Service percentages" holds for every policy, pro-rated or not.
    service_findings(policy, ledger, st_end, &mut ledger_findings);

    // Eligibility and routing, entry by entry.
    let mut st: Vec<State> = (0..n).map(|_| State::default()).collect();
    for i in 0..n {
        judge_entry(policy, &subject(i), &index_of, &entries, &mut st[i]);
        let e = entries[i];
        let expired = st[i]
            .rejected
            .is_some_and(|r| matches!(policy.rules[r].body, Body::Expiry { .. }));
        let outside = e.date < trainee.start || st_end.is_some_and(|end| e.date > end);
        if outside && !expired {
            // Outside the ST: not reimbursed, citing the budget rule.
            let r = policy.budget_index;
            st[i].rejected.get_or_insert(r);
            st[i].findings.push(Finding {
                rule: r,
                severity: Severity::Error,
                entry: Some(e.id),
                note: Note::Outside,
            });
        }
    }
    overlaps(policy, &entries, &subject, &mut st);
    counts(policy, &entries, &order, &subject, &mut st);

    // What linked costs inherit from the entry they belong to.
    let mut fates: Vec<Option<Fate>> = vec![None; n];
    for i in 0..n {
        fate(i, &st, &entries, &mut fates);
    }

    // Money, in date order.
    let mut charged = vec![Amount::ZERO; spans.len()];
    let mut cap_used: HashMap<(usize, i32), Amount> = HashMap::new();
    let mut results: Vec<Option<EntryResult>> = vec![None; n];
    for &i in &order {
        let e = entries[i];
        let mut findings = std::mem::take(&mut st[i].findings);
        let mut payers = Payers::default();
        let f = fates[i].unwrap_or(Fate::Budget);
        if let Fate::Rejected {
            rule,
            inherited_from: Some(p),
        }
        | Fate::Routed {
            rule,
            inherited_from: Some(p),
            ..
        } = f
        {
            findings.push(Finding {
                rule,
                severity: policy.rules[rule].severity,
                entry: Some(e.id),
                note: Note::Inherited(p),
            });
        }
        if e.is_cancelled() {
            // Cancelled in time: costs nothing, counts nowhere, and no rule speaks of it.
            findings.clear();
        } else {
            match f {
                Fate::Rejected { .. } => payers.self_paid = e.amount,
                Fate::Routed { payer, .. } => payers.add(payer, e.amount),
                Fate::Budget => {
                    let mut rest = e.amount;
                    // Caps (K9): the part above the cap goes to the cap's payer.
                    for (ri, rule) in policy.rules.iter().enumerate() {
                        let Body::Cap { limit, period } = &rule.body else {
                            continue;
                        };
                        if !matches(&rule.when, &subject(i)).yes() {
                            continue;
                        }
                        let used = cap_used
                            .entry((ri, period_key(*period, e.date)))
                            .or_default();
                        let fits = rest.min(limit.saturating_sub(*used));
                        *used += fits;
                        let excess = rest - fits;
                        if excess.is_positive() {
                            payers.add(rule.payer.unwrap_or(Payer::SelfPaid), excess);
                            findings.push(finding(ri, rule.severity, e.id));
                        }
                        rest = fits;
                    }
                    // The budget of the entry's own period.
                    let p = spans.iter().position(|s| s.contains(e.date));
                    let take = match p {
                        Some(p) => rest.min(spans[p].budget.saturating_sub(charged[p])),
                        None => Amount::ZERO,
                    };
                    if let Some(p) = p {
                        charged[p] += take;
                    }
                    payers.budget += take;
                    rest -= take;
                    // Overflow (K5, K12): what the budget cannot cover; linked costs
                    // overflow when their entry would.
                    if rest.is_positive() {
                        let root = root_of(i, &st);
                        let over = policy.rules.iter().position(|r| {
                            matches!(r.body, Body::Overflow)
                                && matches(&r.when, &subject(root)).yes()
                        });
                        match over {
                            Some(ri) => {
                                let rule = &policy.rules[ri];
                                payers.add(rule.payer.unwrap_or(Payer::SelfPaid), rest);
                                findings.push(finding(ri, rule.severity, e.id));
                            }
                            None => {
                                let r = policy.budget_index;
                                payers.add(budget.rule.payer.unwrap_or(Payer::SelfPaid), rest);
                                findings.push(finding(r, budget.rule.severity, e.id));
                            }
                        }
                    }
                }
            }
        }
        results[i] = Some(EntryResult {
            id: e.id,
            index: i,
            date: e.date,
            kind: e.kind,
            status: e.status,
            amount: e.amount,
            payers,
            verdict: Verdict::of(&findings),
            findings,
        });
    }

    let entries_out: Vec<EntryResult> = order.iter().filter_map(|&i| results[i].take()).collect();
    let mut totals = Totals::default();
    for r in entries_out.iter().filter(|r| r.status != Status::Cancelled) {
        totals.amount += r.amount;
        totals.payers.budget += r.payers.budget;
        totals.payers.central += r.payers.central;
        totals.payers.unit += r.payers.unit;
        totals.payers.self_paid += r.payers.self_paid;
    }
    let periods: Vec<PeriodResult> = spans
        .iter()
        .zip(&charged)
        .map(|(s, c)| PeriodResult {
            label: s.label.clone(),
            from: s.from,
            to: s.to,
            budget: s.budget,
            charged: *c,
            remaining: s.budget.saturating_sub(*c),
        })
        .collect();
    let caps = cap_results(policy, &spans, &cap_used);
    Evaluation {
        as_of: at.unwrap_or(today),
        periods,
        caps,
        totals,
        entries: entries_out,
        findings: ledger_findings,
    }
}

fn finding(rule: usize, severity: Severity, entry: u32) -> Finding {
    Finding {
        rule,
        severity,
        entry: Some(entry),
        note: Note::Rule,
    }
}

/// A table that speaks only of the trainee, tested without an entry.
fn trainee_only(c: &crate::policy::Cond, trainee: &crate::ledger::Trainee) -> bool {
    let probe = Entry::new(0, trainee.start, Kind::Other, String::new(), Amount::ZERO);
    matches(
        c,
        &Subject {
            entry: &probe,
            trainee,
            default_goal: None,
        },
    )
    .yes()
}

fn period_key(kind: PeriodKind, d: NaiveDate) -> i32 {
    match kind {
        PeriodKind::St => 0,
        PeriodKind::CalendarYear => d.year(),
    }
}

/// The rules that look at one entry alone.
fn judge_entry(
    policy: &Policy,
    s: &Subject<'_>,
    index_of: &HashMap<u32, usize>,
    entries: &[&Entry],
    st: &mut State,
) {
    let e = s.entry;
    for (ri, rule) in policy.rules.iter().enumerate() {
        let when = || matches(&rule.when, s);
        let unknown_finding = |st: &mut State, field: Field, sev: Option<Severity>| {
            if let Some(sev) = sev {
                st.findings.push(Finding {
                    rule: ri,
                    severity: sev,
                    entry: Some(e.id),
                    note: Note::Unknown(field),
                });
            }
        };
        match &rule.body {
            // K11: nothing after the last day, unless.
            Body::Expiry { last_day, unless } => {
                let last = match last_day {
                    crate::policy::TraineeDate::Start => Some(s.trainee.start),
                    crate::policy::TraineeDate::Certificate => s.trainee.certificate,
                };
                let excepted = unless.as_ref().is_some_and(|u| matches(u, s).yes());
                if when().yes() && last.is_some_and(|l| e.date > l) && !excepted {
                    st.outcome(ri, rule.payer);
                    st.findings.push(finding(ri, rule.severity, e.id));
                }
            }
            // V3, V6, V8: when this, then that.
            Body::Require { require, unknown } => match when() {
                Tri::Yes => match matches(require, s) {
                    Tri::Yes => {}
                    Tri::No => {
                        st.outcome(ri, rule.payer);
                        st.findings.push(finding(ri, rule.severity, e.id));
                    }
                    Tri::Unknown(f) => unknown_finding(st, f, *unknown),
                },
                Tri::Unknown(f) => unknown_finding(st, f, *unknown),
                Tri::No => {}
            },
            // K3, K7, K9, K10, V5, V9: roles that must have approved.
            Body::Approval { roles } => {
                if when().yes() && roles.iter().any(|r| !e.approvals.contains_key(r)) {
                    st.outcome(ri, rule.payer);
                    st.findings.push(finding(ri, rule.severity, e.id));
                }
            }
            // V7: a finding only.
            Body::Flag { unknown } => match when() {
                Tri::Yes => st.findings.push(finding(ri, rule.severity, e.id)),
                Tri::Unknown(f) => unknown_finding(st, f, *unknown),
                Tri::No => {}
            },
            // K4 (route), V9 (chargeback): paid by someone else.
            Body::Route | Body::Chargeback => {
                if when().yes() {
                    st.outcome(ri, rule.payer);
                    st.findings.push(finding(ri, rule.severity, e.id));
                }
            }
            // K2, V2: travel and lodging belong to an entry that may have them.
            Body::Link { parent } => {
                if when().yes() {
                    let p = e
                        .for_entry
                        .and_then(|id| index_of.get(&id).copied())
                        .filter(|&p| {
                            matches(
                                parent,
                                &Subject {
                                    entry: entries[p],
                                    ..*s
                                },
                            )
                            .yes()
                        });
                    match p {
                        Some(p) => st.parent = Some(p),
                        None => {
                            st.outcome(ri, rule.payer);
                            st.findings.push(finding(ri, rule.severity, e.id));
                        }
                    }
                }
            }
            Body::Budget { .. }
            | Body::Overflow
            | Body::Cap { .. }
            | Body::Count { .. }
            | Body::Overlap { .. } => {}
        }
    }
}

/// V4, V5: entries whose dates overlap others'. Cancelled entries are invisible.
fn overlaps<'a>(
    policy: &Policy,
    entries: &[&'a Entry],
    subject: &dyn Fn(usize) -> Subject<'a>,
    st: &mut [State],
) {
    for (ri, rule) in policy.rules.iter().enumerate() {
        let Body::Overlap { with } = &rule.body else {
            continue;
        };
        let live = |i: &usize| !entries[*i].is_cancelled();
        let mut others: Vec<usize> = (0..entries.len())
            .filter(live)
            .filter(|&i| matches(with, &subject(i)).yes())
            .collect();
        if others.is_empty() {
            continue;
        }
        others.sort_by_key(|&i| entries[i].date);
        let longest = others
            .iter()
            .map(|&i| (entries[i].last_day() - entries[i].date).num_days())
            .max()
            .unwrap_or(0);
        for i in (0..entries.len()).filter(live) {
            if !matches(&rule.when, &subject(i)).yes() {
                continue;
            }
            let e = entries[i];
            let earliest = e.date - chrono::Duration::days(longest);
            let lo = others.partition_point(|&j| entries[j].date < earliest);
            let hit = others[lo..]
                .iter()
                .take_while(|&&j| entries[j].date <= e.last_day())
                .any(|&j| j != i && entries[j].last_day() >= e.date);
            if hit {
                st[i].outcome(ri, rule.payer);
                st[i].findings.push(finding(ri, rule.severity, e.id));
            }
        }
    }
}

/// K8: at most `max` granted matching entries per period, first come first served
/// in date order. Entries rejected for another reason are not granted.
fn counts<'a>(
    policy: &Policy,
    entries: &[&'a Entry],
    order: &[usize],
    subject: &dyn Fn(usize) -> Subject<'a>,
    st: &mut [State],
) {
    for (ri, rule) in policy.rules.iter().enumerate() {
        let Body::Count { max, period } = &rule.body else {
            continue;
        };
        let mut seen: HashMap<i32, u32> = HashMap::new();
        for &i in order {
            let e = entries[i];
            if e.is_cancelled()
                || st[i].rejected.is_some()
                || !matches(&rule.when, &subject(i)).yes()
            {
                continue;
            }
            let n = seen.entry(period_key(*period, e.date)).or_default();
            if *n >= *max {
                st[i].outcome(ri, rule.payer);
                st[i].findings.push(finding(ri, rule.severity, e.id));
            } else {
                *n += 1;
            }
        }
    }
}

/// The entry at the top of a chain of `for` links.
fn root_of(mut i: usize, st: &[State]) -> usize {
    let mut steps = 0;
    while let Some(p) = st[i].parent {
        i = p;
        steps += 1;
        if steps > st.len() {
            break;
        }
    }
    i
}

/// An entry's own rejection beats what it inherits, which beats its own routing,
/// which beats inherited routing.
fn fate(i: usize, st: &[State], entries: &[&Entry], memo: &mut Vec<Option<Fate>>) -> Fate {
    fate_depth(i, st, entries, memo, 0)
}

fn fate_depth(
    i: usize,
    st: &[State],
    entries: &[&Entry],
    memo: &mut Vec<Option<Fate>>,
    depth: usize,
) -> Fate {
    if let Some(f) = memo[i] {
        return f;
    }
    let s = &st[i];
    let parent = s.parent.filter(|_| depth < st.len()).map(|p| {
        let pf = fate_depth(p, st, entries, memo, depth + 1);
        (entries[p].id, pf)
    });
    let f = if let Some(rule) = s.rejected {
        Fate::Rejected {
            rule,
            inherited_from: None,
        }
    } else if let Some((pid, Fate::Rejected { rule, .. })) = parent {
        Fate::Rejected {
            rule,
            inherited_from: Some(pid),
        }
    } else if let Some((payer, rule)) = s.routed {
        Fate::Routed {
            payer,
            rule,
            inherited_from: None,
        }
    } else if let Some((pid, Fate::Routed { payer, rule, .. })) = parent {
        Fate::Routed {
            payer,
            rule,
            inherited_from: Some(pid),
        }
    } else {
        Fate::Budget
    };
    memo[i] = Some(f);
    f
}

/// Days of the ST that no service period covers count at 100 %, with a finding.
fn service_findings(
    policy: &Policy,
    ledger: &Effective,
    st_end: Option<NaiveDate>,
    out: &mut Vec<Finding>,
) {
    let r = policy.budget_index;
    let start = ledger.trainee.start;
    match ledger.services.first() {
        None => out.push(Finding {
            rule: r,
            severity: Severity::Info,
            entry: None,
            note: Note::NoService,
        }),
        Some(first) if first.from > start => {
            let to = first.from.pred_opt().unwrap_or(first.from);
            let to = st_end.map_or(to, |e| e.min(to));
            out.push(Finding {
                rule: r,
                severity: Severity::Warning,
                entry: None,
                note: Note::ServiceGap { from: start, to },
            });
        }
        Some(_) => {}
    }
}

fn cap_results(
    policy: &Policy,
    spans: &[Span],
    used: &HashMap<(usize, i32), Amount>,
) -> Vec<CapResult> {
    let mut out = Vec::new();
    for (ri, rule) in policy.rules.iter().enumerate() {
        let Body::Cap { limit, period } = &rule.body else {
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
