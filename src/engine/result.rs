//! What the engine concludes, as plain data: per entry, per period, per cap,
//! and the findings with what happened (never how it is worded: that is the
//! renderer's, in `render/finding.rs`).

use std::num::NonZeroU32;

use chrono::{Datelike, NaiveDate};

use crate::few::Few;
use crate::ledger::{Kind, Role, Status};
use crate::money::Amount;
use crate::policy::{Deadline, Field, Payer, Severity};

/// What happened, beyond which rule says so (`render::finding` words it).
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
    /// The entry's dates overlap those of this entry (an overlap rule).
    Overlaps(u32),
    /// Days of the ST before the first service period count at 100 %.
    ServiceGap { from: NaiveDate, to: NaiveDate },
    /// The ledger has no service periods: 100 % throughout.
    NoService,
    /// An approval came after its deadline, so it counts as none (V10): dated
    /// `approved`, it had to be dated on or before `due`, the entry's date the
    /// deadline names (or its first day, where the entry does not record it).
    LateApproval(Box<Late>),
    /// The entry's days do not fit in a pool in days ([`Over`], boxed).
    DaysOver(Box<Over>),
    /// No budget in kronor covers the entry (none whose `when` matches).
    NoBudget,
    /// The entry names a course subject (as written) the policy does not list.
    UnknownSubject(Box<Written>),
}

/// Days that do not fit a pool ([`Note::DaysOver`]), boxed as [`Late`] is: the
/// entry has `days`, and only `left` were left for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Over {
    pub days: i64,
    pub left: i64,
}

/// A text as the ledger writes it ([`Note::UnknownSubject`]), boxed as a
/// whole so that the note holds one thin pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written(pub Box<str>);

/// A late approval ([`Note::LateApproval`]), boxed: few findings are one, and
/// every finding is as large as the largest note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Late {
    pub role: Role,
    pub approved: NaiveDate,
    pub due: NaiveDate,
    /// The entry date `due` is; `Deadline::Date` when it fell back to the first day.
    pub from: Deadline,
}

/// Something a rule says of an entry or of the ledger. Compact (24 bytes):
/// most entries of a large ledger keep one in their result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in the policy ([`Finding::rule`]), with the
    /// severity in the top [`SEVERITY_BITS`] ([`Finding::severity`]).
    rule: u32,
    /// The entry it is about ([`Finding::entry`]); ids are 1 or more.
    entry: Option<NonZeroU32>,
    pub note: Note,
}

/// The bits of [`Finding::rule`] that hold its severity, at the top.
const SEVERITY_BITS: u32 = 2;
/// Where they start.
const SEVERITY_SHIFT: u32 = u32::BITS - SEVERITY_BITS;

impl Finding {
    /// A finding of rule `rule` (its index in the policy).
    pub fn new(rule: usize, severity: Severity, entry: Option<u32>, note: Note) -> Finding {
        let rule = u32::try_from(rule)
            .ok()
            .filter(|r| r >> SEVERITY_SHIFT == 0)
            .expect("a policy has fewer than 2^30 rules");
        debug_assert_ne!(entry, Some(0), "entry ids are 1 or more");
        let severity: u32 = match severity {
            Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        };
        Finding {
            rule: rule | severity << SEVERITY_SHIFT,
            entry: entry.and_then(NonZeroU32::new),
            note,
        }
    }

    /// Read by a table, not a branch each: a verdict asks it of every
    /// finding of every entry.
    #[inline]
    pub fn severity(&self) -> Severity {
        const BY_BITS: [Severity; 4] = [
            Severity::Info,
            Severity::Warning,
            Severity::Error,
            Severity::Error,
        ];
        BY_BITS[(self.rule >> SEVERITY_SHIFT) as usize & 3]
    }

    /// The entry it is about; `None` for the ledger as a whole.
    pub fn entry(&self) -> Option<u32> {
        self.entry.map(NonZeroU32::get)
    }

    /// A finding in the words of its rule's `message`.
    pub(super) fn of_rule(rule: usize, severity: Severity, entry: u32) -> Finding {
        Finding::new(rule, severity, Some(entry), Note::Rule)
    }

    /// Index of the rule in the policy.
    pub fn rule(&self) -> usize {
        (self.rule & ((1 << SEVERITY_SHIFT) - 1)) as usize
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

    pub(super) fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity()).max() {
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

    /// Adds every part of `other`.
    pub fn add_all(&mut self, other: &Payers) {
        self.budget += other.budget;
        self.central += other.central;
        self.unit += other.unit;
        self.self_paid += other.self_paid;
    }

    pub fn total(&self) -> Amount {
        self.budget + self.central + self.unit + self.self_paid
    }
}

/// A part of an entry that the budget does not pay: who pays it, and the rule
/// that sent it there (a rejection, a routing or chargeback, a cap, an overflow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub payer: Payer,
    /// Index of the rule in the policy ([`Part::rule`]).
    rule: u32,
    amount: Amount,
}

impl Part {
    /// What `payer` pays of an entry, by rule `rule` (its index in the policy).
    pub fn new(payer: Payer, rule: usize, amount: Amount) -> Part {
        Part {
            payer,
            rule: u32::try_from(rule).expect("a policy has fewer than 2^32 rules"),
            amount,
        }
    }

    /// Index of the rule in the policy.
    pub fn rule(&self) -> usize {
        self.rule as usize
    }

    /// What the payer pays.
    pub fn amount(&self) -> Amount {
        self.amount
    }
}

/// What an entry drew on budgets other than the main one, boxed once more so
/// that a result holds one thin pointer for it ([`EntryResult::pools`]).
type Drawn = Box<[(usize, Amount)]>;

/// An amount of one entry (at most `MAX_AMOUNT`) in öre.
fn ore(a: Amount) -> i64 {
    i64::try_from(a.ore()).expect("one entry's amount fits 64 bits")
}

/// The verdict on one entry, with every amendment applied. Compact: a ledger
/// of 80 000 entries keeps 80 000 of them (88 bytes each; its two amounts in
/// öre, its findings and the parts others pay each a [`Few`], one of them
/// inline, as most entries have, and the payers other than the budget follow
/// from the parts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryResult {
    pub id: u32,
    /// Index of the entry in `Effective::entries`.
    pub(super) index: u32,
    pub date: NaiveDate,
    pub kind: Kind,
    pub status: Status,
    pub verdict: Verdict,
    /// The entry's amount in öre ([`EntryResult::amount`]): one entry's
    /// amount is at most `MAX_AMOUNT`, so it fits.
    amount: i64,
    /// What the budget pays of it, in öre ([`EntryResult::budget`]); the other
    /// payers' parts are `parts`.
    budget: i64,
    /// The parts the budget does not pay, each with its payer and rule (what
    /// the unit owes by rule ref, in an audit).
    pub parts: Few<Part>,
    pub findings: Few<Finding>,
    /// What it drew on budgets other than the main one: (rule, amount in the
    /// pool's unit). The main budget's part is `payers().budget`.
    ///
    /// Few entries draw on other budgets: one thin pointer, none where it
    /// drew on none ([`EntryResult::pools`]).
    pools: Option<Box<Drawn>>,
}

impl EntryResult {
    /// An entry's result; `index` is its index in `Effective::entries`.
    #[inline]
    pub(super) fn new(e: &crate::ledger::Entry, index: usize, budget: Amount) -> EntryResult {
        EntryResult {
            id: e.id,
            index: u32::try_from(index).expect("a ledger has fewer than 2^32 entries"),
            date: e.date,
            kind: e.kind,
            status: e.status,
            verdict: Verdict::Ok,
            amount: ore(e.amount()),
            budget: ore(budget),
            parts: Few::None,
            findings: Few::None,
            pools: None,
        }
    }

    /// Index of the entry in `Effective::entries`.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// What it drew on budgets other than the main one: (rule, amount in the
    /// pool's unit).
    pub fn pools(&self) -> &[(usize, Amount)] {
        self.pools.as_deref().map_or(&[], |p| &p[..])
    }

    /// Sets what the budget pays of it.
    pub(super) fn set_budget(&mut self, budget: Amount) {
        self.budget = ore(budget);
    }

    /// Sets what it drew on budgets other than the main one.
    pub(super) fn set_pools(&mut self, pools: Vec<(usize, Amount)>) {
        self.pools = (!pools.is_empty()).then(|| Box::new(pools.into_boxed_slice()));
    }

    /// The entry's amount.
    pub fn amount(&self) -> Amount {
        Amount::from_ore_i64(self.amount)
    }

    /// What the budget pays of it.
    pub(super) fn budget(&self) -> Amount {
        Amount::from_ore_i64(self.budget)
    }

    /// Its amount split between the four payers: the budget's part, and the
    /// sum of the parts each other payer pays.
    #[inline]
    pub fn payers(&self) -> Payers {
        let mut p = Payers {
            budget: self.budget(),
            ..Payers::default()
        };
        for part in &self.parts {
            p.add(part.payer, part.amount());
        }
        p
    }
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
    /// The budget has no cap: `budget` and `remaining` mean nothing (0.00).
    pub uncapped: bool,
}

/// One budget (a pool in kronor or in days) and its use, period by period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolResult {
    /// Index of the budget rule.
    pub rule: usize,
    pub periods: Vec<PoolPeriod>,
}

/// A pool's period: its size (`None`: uncapped), what was drawn, what is left,
/// and what is kept for named uses. Days are whole amounts (`3.00` is 3 days).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolPeriod {
    pub label: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub amount: Option<Amount>,
    pub used: Amount,
    pub remaining: Option<Amount>,
    pub reserves: Vec<ReserveResult>,
}

/// The part of a pool kept for a named use, in one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReserveResult {
    /// Index in the budget's `reserves`.
    pub index: usize,
    pub amount: Amount,
    pub used: Amount,
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

/// [`Totals`] while they are summed: whole öre, each amount taken apart once
/// instead of at every sum (a report or an audit sums every entry twice).
#[derive(Clone, Copy, Default)]
pub(crate) struct InOre([i128; 5]);

impl InOre {
    /// Counts in an entry of `amount` that `payers` pay.
    pub fn add(&mut self, amount: Amount, p: &Payers) {
        for (s, a) in self
            .0
            .iter_mut()
            .zip([amount, p.budget, p.central, p.unit, p.self_paid])
        {
            *s += a.ore();
        }
    }

    /// Counts in an entry's result: its amount and what each payer pays,
    /// as [`InOre::add`] of its amount and [`EntryResult::payers`], read
    /// straight off its öre.
    pub fn add_entry(&mut self, r: &EntryResult) {
        self.0[0] += i128::from(r.amount);
        self.0[1] += i128::from(r.budget);
        for part in &r.parts {
            let k = match part.payer {
                Payer::Budget => 1,
                Payer::Central => 2,
                Payer::Unit => 3,
                Payer::SelfPaid => 4,
            };
            self.0[k] += part.amount().ore();
        }
    }

    pub fn totals(self) -> Totals {
        let [amount, budget, central, unit, self_paid] = self.0.map(Amount::from_ore);
        Totals {
            amount,
            payers: Payers {
                budget,
                central,
                unit,
                self_paid,
            },
        }
    }
}

/// Everything the engine concludes about a ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub as_of: NaiveDate,
    pub periods: Vec<PeriodResult>,
    pub caps: Vec<CapResult>,
    /// Every budget, the main one first (its periods are `periods`).
    pub pools: Vec<PoolResult>,
    pub totals: Totals,
    /// In date order, ties by id.
    pub entries: Vec<EntryResult>,
    /// About the ledger as a whole (service periods).
    pub findings: Vec<Finding>,
    /// The mandatory course subjects the policy lists, each with where it stands.
    pub subjects: Vec<super::subjects::SubjectResult>,
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
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// The period an entry's date falls in.
    pub fn period_of(&self, date: NaiveDate) -> Option<&PeriodResult> {
        super::periods::containing(&self.periods, date, |p| p.from, |p| p.to)
            .map(|i| &self.periods[i])
    }

    /// What was charged, and to whom, per calendar year of the entries' dates
    /// (entries cancelled in time cost nothing and are left out).
    pub fn by_year(&self) -> Vec<(i32, Totals)> {
        // Summed in öre, made amounts once at the end.
        let mut years: Vec<(i32, InOre)> = Vec::new();
        for r in &self.entries {
            // Who pays what, worked out once for the test and the sum.
            let payers = r.payers();
            if payers.total().is_zero() {
                continue;
            }
            let y = r.date.year();
            let i = match years.iter().position(|(year, _)| *year == y) {
                Some(i) => i,
                None => {
                    years.push((y, InOre::default()));
                    years.len() - 1
                }
            };
            years[i].1.add(r.amount(), &payers);
        }
        years.sort_by_key(|(y, _)| *y);
        years
            .into_iter()
            .map(|(y, sum)| (y, sum.totals()))
            .collect()
    }

    /// The entries dated in period `p`, a slice of `entries` (which are in date
    /// order) found by binary search.
    pub fn entries_in(&self, p: &PeriodResult) -> &[EntryResult] {
        let lo = self.entries.partition_point(|r| r.date < p.from);
        let hi = match p.to {
            Some(t) => self.entries.partition_point(|r| r.date <= t),
            None => self.entries.len(),
        };
        &self.entries[lo..hi.max(lo)]
    }
}

/// Where a period stands on a day (SPEC "What the numbers mean"): its money can
/// still be used (`Current`), not yet (`Future`), or no more (`Closed`: what
/// was not used has lapsed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodState {
    Closed,
    Current,
    Future,
}

impl PeriodState {
    /// The word JSON writes: `closed`, `current`, `future`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodState::Closed => "closed",
            PeriodState::Current => "current",
            PeriodState::Future => "future",
        }
    }
}

impl PeriodState {
    /// Where the period from `from` to `to` (none: open) stands on `day`:
    /// closed once its last day is past.
    pub fn of(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> PeriodState {
        if to.is_some_and(|t| t < day) {
            PeriodState::Closed
        } else if from > day {
            PeriodState::Future
        } else {
            PeriodState::Current
        }
    }
}

impl PeriodResult {
    /// The period's state on `day`: closed once its last day is past.
    pub fn state(&self, day: NaiveDate) -> PeriodState {
        PeriodState::of(self.from, self.to, day)
    }

    /// The days until its unused money lapses, when the period is current on
    /// `day`, has a cap and money left, and ends within `days` of it.
    pub fn lapses_within(&self, day: NaiveDate, days: i64) -> Option<i64> {
        let left = (self.to? - day).num_days();
        (!self.uncapped
            && self.remaining.is_positive()
            && self.state(day) == PeriodState::Current
            && left <= days)
            .then_some(left)
    }

    /// What lapsed unused, if the period is closed on `day` (a budget without
    /// a cap has nothing to lapse).
    pub fn lapsed(&self, day: NaiveDate) -> Option<Amount> {
        (self.state(day) == PeriodState::Closed && !self.uncapped).then_some(self.remaining)
    }
}

impl PoolPeriod {
    /// Whether `date` falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|t| date <= t)
    }

    /// The period's state on `day`, as a budget period's.
    pub fn state(&self, day: NaiveDate) -> PeriodState {
        PeriodState::of(self.from, self.to, day)
    }

    /// What lapsed unused (kronor or days), if the period is closed on `day`
    /// and the pool has a size.
    pub fn lapsed(&self, day: NaiveDate) -> Option<Amount> {
        self.remaining
            .filter(|_| self.state(day) == PeriodState::Closed)
    }
}

/// Pushing onto the short lists phase 3 keeps for an entry while it pays it
/// (the pools it drew on, the findings of the days it drew): most keep one
/// or none, so the first push makes room for one, not the four `Vec` would.
/// (An entry's findings and parts are a [`Few`], one of them inline.)
pub(super) trait PushShort<T> {
    fn push_short(&mut self, item: T);
}

impl<T> PushShort<T> for Vec<T> {
    fn push_short(&mut self, item: T) {
        if self.capacity() == 0 {
            self.reserve_exact(1);
        }
        self.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::PushShort;

    /// A finding stays compact: a large ledger has hundreds of thousands.
    #[test]
    fn a_finding_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<super::Finding>(), 24);
    }

    /// A finding's rule, severity and entry read back as made, at the ends
    /// of what each may be.
    #[test]
    fn a_finding_reads_back_as_made() {
        use super::{Finding, Note};
        use crate::policy::Severity;
        for severity in [Severity::Info, Severity::Warning, Severity::Error] {
            for rule in [0, 1, (1 << 30) - 1] {
                for entry in [None, Some(1), Some(u32::MAX)] {
                    let f = Finding::new(rule, severity, entry, Note::Rule);
                    assert_eq!((f.rule(), f.severity(), f.entry()), (rule, severity, entry));
                }
            }
        }
    }

    /// An entry's result stays compact: a ledger of 80 000 entries keeps one each.
    #[test]
    fn an_entry_result_takes_88_bytes() {
        assert_eq!(std::mem::size_of::<super::EntryResult>(), 88);
    }

    /// A finding and a part are held inline where there is one: no more room
    /// than the value itself for a finding, and a word more for a part.
    #[test]
    fn one_finding_or_part_takes_no_room_of_its_own() {
        use crate::few::Few;
        assert_eq!(std::mem::size_of::<Few<super::Finding>>(), 24);
        assert_eq!(std::mem::size_of::<Few<super::Part>>(), 24);
    }

    /// One element takes room for one; more grow as a `Vec` does, in order.
    #[test]
    fn a_short_list_makes_room_for_one_first() {
        let mut v: Vec<u64> = Vec::new();
        v.push_short(7);
        assert_eq!((v.len(), v.capacity()), (1, 1));
        for x in 8..20 {
            v.push_short(x);
        }
        assert_eq!(v, (7..20).collect::<Vec<_>>());
    }
}
