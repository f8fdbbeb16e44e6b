//! Match tables against an entry and its trainee, in three values: a table
//! matches, does not, or cannot be decided because a compared field is missing
//! (V7, V8: a lodging without `distance_km`).

use chrono::NaiveDate;

use crate::ledger::{Entry, Kind, Role, Trainee};
use crate::money::Amount;
use crate::policy::{Bound, CmpOp, Cond, Field, FieldType, Test, TraineeDate, Val, Whose};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    /// Undecided: this field is missing.
    Unknown(Field),
}

impl Tri {
    pub fn yes(self) -> bool {
        self == Tri::Yes
    }
}

/// What an entry or trainee has for a field.
#[derive(PartialEq)]
enum Have<'a> {
    Text(Option<&'a str>),
    Bool(bool),
    Number(Option<i64>),
    Date(Option<NaiveDate>),
    Amount(Amount),
    Kind(crate::ledger::Kind),
    Status(crate::ledger::Status),
    /// A goal as (code, level).
    Goal(Option<(&'a str, char)>),
    List(&'a [String]),
    Funder(Option<crate::ledger::Funder>),
    /// The roles that approved, whatever the date.
    Roles(&'a crate::ledger::Approvals),
}

/// The entry a table is tested against, with what it needs around it.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub entry: &'a Entry,
    /// The entry it belongs to (`for`), where it names one that is judged.
    pub parent: Option<&'a Entry>,
    pub trainee: &'a Trainee,
    pub default_goal: Option<char>,
}

impl<'a> Subject<'a> {
    /// The entry it belongs to, as a subject of its own.
    fn of_parent(&self) -> Option<Subject<'a>> {
        self.parent.map(|p| Subject {
            entry: p,
            parent: None,
            ..*self
        })
    }

    /// Whose field: this entry's own, or its parent's (`None`: it has none).
    fn whose(&self, w: Whose) -> Option<Subject<'a>> {
        match w {
            Whose::Entry => Some(*self),
            Whose::Parent => self.of_parent(),
        }
    }
}

fn have<'a>(s: &Subject<'a>, field: Field) -> Have<'a> {
    let e = s.entry;
    let t = s.trainee;
    match field {
        Field::Kind => Have::Kind(e.kind),
        Field::Goal => Have::Goal(match &e.goal {
            Some(g) => Some((g.code(), g.level())),
            None if e.kind == crate::ledger::Kind::Course => s.default_goal.map(|l| ("", l)),
            None => None,
        }),
        Field::Provider
        | Field::Subject
        | Field::Programme
        | Field::TravelMode
        | Field::BookedVia
        | Field::Event
        | Field::TraineeUnit => Have::Text(text_of(s, field)),
        Field::Catalogue
        | Field::Online
        | Field::Abroad
        | Field::InRegion
        | Field::Mandatory
        | Field::International
        | Field::TraineeDoubleSpecialisation => Have::Bool(flag_of(s, field)),
        Field::Status => Have::Status(e.status),
        Field::DistanceKm => Have::Number(e.distance_km().map(i64::from)),
        Field::Nights => Have::Number(e.nights().map(i64::from)),
        Field::Date => Have::Date(Some(e.date)),
        Field::End => Have::Date(e.end),
        Field::Amount => Have::Amount(e.amount()),
        Field::Applied => Have::Date(e.applied()),
        Field::CancelBy => Have::Date(e.cancel_by()),
        Field::StatusRecorded => Have::Date(e.status_recorded()),
        Field::FundedBy => Have::Funder(e.funded_by()),
        Field::Approvals => Have::Roles(&e.approvals),
        Field::Days => Have::Number(Some(e.days())),
        Field::LastDay => Have::Date(Some(e.last_day())),
        Field::TraineeProgrammes => Have::List(&t.programmes),
    }
}

/// A text field of the entry or the trainee ([`have`]'s `Have::Text`), where
/// it has it; `None` for a field that is no text.
#[inline]
fn text_of<'a>(s: &Subject<'a>, field: Field) -> Option<&'a str> {
    let e = s.entry;
    match field {
        Field::Provider => e.provider.as_deref(),
        Field::Subject => e.subject(),
        Field::Programme => e.programme(),
        Field::TravelMode => e.travel_mode.as_deref(),
        Field::BookedVia => e.booked_via(),
        Field::Event => e.event(),
        Field::TraineeUnit => s.trainee.unit.as_deref(),
        _ => None,
    }
}

/// A yes-or-no field of the entry or the trainee ([`have`]'s `Have::Bool`);
/// no for a field that is none.
#[inline]
fn flag_of(s: &Subject<'_>, field: Field) -> bool {
    let e = s.entry;
    match field {
        Field::Catalogue => e.catalogue,
        Field::Online => e.online,
        Field::Abroad => e.abroad(),
        Field::InRegion => e.in_region(),
        // A course that names a mandatory subject is mandatory.
        Field::Mandatory => e.mandatory() || e.subject().is_some(),
        Field::International => e.international(),
        Field::TraineeDoubleSpecialisation => s.trainee.double_specialisation,
        _ => false,
    }
}

/// A number of the entry (`days`, `nights`, `distance_km`), where it has it.
pub fn number(s: &Subject<'_>, field: Field) -> Option<i64> {
    match have(s, field) {
        Have::Number(n) => n,
        _ => None,
    }
}

/// Text equality ignoring case and surrounding spaces; `folded` is already folded.
/// Letter by letter: an ASCII letter lowers to one byte, any other to the bytes
/// of its lower case, compared with `folded`'s next bytes (a whole letter of
/// it each time, since each comparison starts where one of its letters does).
fn text_eq(have: &str, folded: &str) -> bool {
    // The common case first: the same bytes but for the case of ASCII letters.
    // Then `have` lowers to `folded` (lowering what is already lower keeps it),
    // and has no space around it (`folded` has none).
    if have.len() == folded.len() && have.as_bytes().eq_ignore_ascii_case(folded.as_bytes()) {
        return true;
    }
    // A quick no: an ASCII first letter that is no space (which trimming
    // keeps first) and does not lower to `folded`'s first byte.
    if let (Some(&a), Some(&b)) = (have.as_bytes().first(), folded.as_bytes().first())
        && a.is_ascii()
        && !char::from(a).is_whitespace()
        && a.to_ascii_lowercase() != b
    {
        return false;
    }
    let have = have.trim();
    let (h, f) = (have.as_bytes(), folded.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < h.len() {
        if h[i].is_ascii() {
            if f.get(j) != Some(&h[i].to_ascii_lowercase()) {
                return false;
            }
            i += 1;
            j += 1;
            continue;
        }
        let Some(c) = have[i..].chars().next() else {
            return false;
        };
        for lower in c.to_lowercase() {
            let mut buf = [0; 4];
            let lower = lower.encode_utf8(&mut buf).as_bytes();
            if f.get(j..j + lower.len()) != Some(lower) {
                return false;
            }
            j += lower.len();
        }
        i += c.len_utf8();
    }
    j == f.len()
}

/// Does the value equal (for a list: contain) `want`? `None` when the field is missing.
fn equals(h: &Have<'_>, want: &Val) -> Option<bool> {
    Some(match (h, want) {
        (Have::Text(v), Val::Text(w)) => text_eq((*v)?, w),
        (Have::Bool(v), Val::Bool(w)) => v == w,
        (Have::Number(v), Val::Number(w)) => (*v)? == *w,
        (Have::Date(v), Val::Date(w)) => (*v)? == *w,
        (Have::Amount(v), Val::Amount(w)) => v == w,
        (Have::Kind(v), Val::Kind(w)) => v == w,
        (Have::Status(v), Val::Status(w)) => v == w,
        (Have::Goal(v), Val::Text(w)) => {
            let (code, level) = (*v)?;
            // A level matches every code of that level: "c" matches "c7" and "STc7".
            if w.len() == 1 {
                w.starts_with(level)
            } else {
                text_eq(code, w)
            }
        }
        (Have::List(items), Val::Text(w)) => items.iter().any(|i| text_eq(i, w)),
        (Have::Funder(v), Val::Funder(w)) => (*v)? == *w,
        (Have::Roles(approved), Val::Role(w)) => approved.contains_key(w),
        _ => false,
    })
}

/// `None` when the field, or the entry date it is compared with, is missing.
fn compare(h: &Have<'_>, op: CmpOp, bound: &Bound, s: &Subject<'_>) -> Option<bool> {
    use std::cmp::Ordering;
    let t = s.trainee;
    let ord: Ordering = match (h, bound) {
        (Have::Date(v), Bound::Trainee(which)) => {
            let b = match which {
                TraineeDate::Start => Some(t.start),
                TraineeDate::Certificate => t.certificate,
            };
            match b {
                Some(b) => (*v)?.cmp(&b),
                // A date the trainee does not have is no bound: the comparison holds.
                None => return v.map(|_| true),
            }
        }
        (Have::Date(v), Bound::Val(Val::Date(w))) => (*v)?.cmp(w),
        (Have::Number(v), Bound::Val(Val::Number(w))) => (*v)?.cmp(w),
        (Have::Amount(v), Bound::Val(Val::Amount(w))) => v.cmp(w),
        (h, Bound::Field(whose, other)) => match (h, have(&s.whose(*whose)?, *other)) {
            (Have::Date(v), Have::Date(w)) => (*v)?.cmp(&w?),
            (Have::Number(v), Have::Number(w)) => (*v)?.cmp(&w?),
            (Have::Amount(v), Have::Amount(w)) => v.cmp(&w),
            _ => return Some(false),
        },
        _ => return Some(false),
    };
    Some(match op {
        CmpOp::Lt => ord.is_lt(),
        CmpOp::Le => ord.is_le(),
        CmpOp::Gt => ord.is_gt(),
        CmpOp::Ge => ord.is_ge(),
    })
}

/// A test of equality with another field, out of the way of the common case.
#[inline(never)]
fn same_field(s: &Subject<'_>, h: &Have<'_>, whose: Whose, other: Field) -> Tri {
    match s.whose(whose) {
        Some(o) if same(h, &have(&o, other)) => Tri::Yes,
        Some(_) => Tri::No,
        None => Tri::Unknown(other),
    }
}

/// Whether a field equals another field: two missing values are equal, one
/// missing is not; text ignoring case and surrounding spaces.
fn same(a: &Have<'_>, b: &Have<'_>) -> bool {
    match (a, b) {
        (Have::Text(x), Have::Text(y)) => match (x, y) {
            (Some(x), Some(y)) => text_eq(x, &crate::policy::fold(y)),
            (x, y) => x.is_none() && y.is_none(),
        },
        (Have::Goal(x), Have::Goal(y)) => match (x, y) {
            (Some((c, l)), Some((d, m))) => l == m && text_eq(c, &crate::policy::fold(d)),
            (x, y) => x.is_none() && y.is_none(),
        },
        _ => a == b,
    }
}

#[inline(always)]
fn test(s: &Subject<'_>, field: Field, t: &Test) -> Tri {
    if field == Field::Kind
        && let Some(mask) = kind_mask(t)
    {
        return if mask & kind_bit(s.entry.kind) != 0 {
            Tri::Yes
        } else {
            Tri::No
        };
    }
    let h = have(s, field);
    let decided = match t {
        Test::Eq(v) => equals(&h, v).unwrap_or(false),
        Test::OneOf(vs) => vs.iter().any(|v| equals(&h, v).unwrap_or(false)),
        Test::Not(vs) => !vs.iter().any(|v| equals(&h, v).unwrap_or(false)),
        Test::Same(whose, other) => return same_field(s, &h, *whose, *other),
        Test::Cmp(cmps) => {
            let mut all = true;
            for (op, b) in cmps {
                match compare(&h, *op, b, s) {
                    Some(true) => {}
                    Some(false) => all = false,
                    // The missing one: this field, else the one it is compared with.
                    None => {
                        return Tri::Unknown(match (&h, b) {
                            (
                                Have::Date(Some(_)) | Have::Number(Some(_)),
                                Bound::Field(_, other),
                            ) => *other,
                            _ => field,
                        });
                    }
                }
            }
            all
        }
    };
    if decided { Tri::Yes } else { Tri::No }
}

/// The kinds a test of the entry's kind lets through, one bit per kind
/// ([`kind_bit`]), where it names kinds (`=`, one of, not one of): such a
/// test is decided by its mask, here and in [`kinds`]. `None` for a
/// comparison or `same as`.
#[inline(always)]
fn kind_mask(t: &Test) -> Option<u16> {
    let named = |vs: &[Val]| {
        vs.iter().fold(0, |m, v| match v {
            Val::Kind(k) => m | kind_bit(*k),
            _ => m,
        })
    };
    match t {
        Test::Eq(v) => Some(named(std::slice::from_ref(v))),
        Test::OneOf(vs) => Some(named(vs)),
        Test::Not(vs) => Some(!named(vs)),
        Test::Cmp(_) | Test::Same(..) => None,
    }
}

/// The entry kinds a table can match, one bit per kind ([`kind_bit`]): an
/// entry of a kind its `kind` tests rule out is not matched, so it need not be
/// tested. Tests that do not name kinds outright (a comparison, `same as`)
/// rule nothing out.
pub fn kinds(cond: &Cond) -> u16 {
    cond.tests
        .iter()
        .filter(|(f, _)| *f == Field::Kind)
        .fold(u16::MAX, |m, (_, t)| m & kind_mask(t).unwrap_or(u16::MAX))
}

/// Whether the table's tests of the trainee alone (a value of the trainee's
/// compared with the policy's own) rule it out for this trainee: they answer
/// the same for every entry, so none matches.
pub fn trainee_rules_out(cond: &Cond, trainee: &Trainee) -> bool {
    let probe = Entry::new(0, trainee.start, Kind::Other, "".into(), Amount::ZERO);
    let s = Subject {
        entry: &probe,
        parent: None,
        trainee,
        default_goal: None,
    };
    cond.tests
        .iter()
        .any(|(f, t)| f.is_trainee() && decided_before(*f, t) && test(&s, *f, t) == Tri::No)
}

/// A kind's bit in [`kinds`].
pub fn kind_bit(k: Kind) -> u16 {
    1 << (k as u16)
}

/// A table made ready to be tried on many entries (a rule's `when`, what a
/// rule requires): a test of the entry's status, its funder or a yes/no field
/// by one of the values named (`=`, one of, not one of) becomes the set of the
/// values that pass, one bit each, decided with one AND; the other tests are
/// tried as [`matches`] tries them. It answers as [`matches`] does.
pub struct Plan<'p> {
    cond: &'p Cond,
    /// The statuses and funders its tests let through ([`status_bit`],
    /// [`funder_bit`]; every one where it tests none): tried first, inline.
    /// They are never unknown, so a `No` from them is the table's answer
    /// whatever its other tests say.
    statuses: u32,
    funders: u32,
    /// Its other tests, in their order.
    checks: Box<[Check<'p>]>,
    /// No test is left to try and the table holds at any date: it matches
    /// every entry let through.
    decided: bool,
    /// One test is left, of the entry itself, and the table holds at any
    /// date: its answer is the table's.
    single: bool,
}

/// One test of a [`Plan`].
enum Check<'p> {
    /// The entry's status is among these ([`status_bit`]). A plan keeps
    /// none among its checks: [`Plan::new`] takes it into `statuses`.
    Status(u32),
    /// The entry's funder is among these ([`funder_bit`]; an entry without one
    /// has a bit of its own, which only `not one of` lets through). Taken
    /// into a plan's `funders` as a status is into its `statuses`.
    Funder(u32),
    /// A yes/no field's value is among these (bit 0: no, bit 1: yes).
    Flag(Field, u8),
    /// A text field's value is one of these texts (ignoring case and spaces
    /// around it; a missing one is none), or, with `not`, none of them.
    Text {
        field: Field,
        texts: Box<[&'p str]>,
        not: bool,
    },
    /// One of these roles approved the entry, or, with `not`, none did.
    Approved { roles: Box<[&'p Role]>, not: bool },
    /// The entry's goal is of one of these levels (bit `level − 'a'`) or has
    /// one of these codes (as [`equals`] reads a goal), or, with `not`,
    /// neither; an entry without a goal has none of them.
    Goal {
        levels: u32,
        codes: Box<[&'p str]>,
        not: bool,
    },
    /// The entry's first day lies from the one to the other, both included
    /// (a comparison of `date` with dates of the policy's and the
    /// trainee's, worked out for this trainee; empty where it never holds).
    DateIn(NaiveDate, NaiveDate),
    /// Any other test, tried as [`matches`] tries it.
    Test(Field, &'p Test),
}

/// The bit of a goal's level (`a` to `z`); none for anything else.
fn level_bit(level: Option<char>) -> u32 {
    match level {
        Some(l @ 'a'..='z') => 1 << (l as u32 - 'a' as u32),
        _ => 0,
    }
}

/// The days a comparison of the entry's first day with dates of the
/// policy's and the trainee's lets through, from and to (both included; the
/// one after the other where none is), as [`compare`] answers for this
/// trainee: a date the trainee does not have bounds nothing, a value that is
/// no date lets nothing through. `None` for a comparison with another field.
fn date_range(cmps: &[(CmpOp, Bound)], trainee: &Trainee) -> Option<(NaiveDate, NaiveDate)> {
    // A field that may be missing can leave the test undecided: tried as it is.
    if cmps.iter().any(|(_, b)| matches!(b, Bound::Field(..))) {
        return None;
    }
    let never = Some((NaiveDate::MAX, NaiveDate::MIN));
    let (mut from, mut to) = (NaiveDate::MIN, NaiveDate::MAX);
    for (op, bound) in cmps {
        let b = match bound {
            Bound::Trainee(TraineeDate::Start) => trainee.start,
            Bound::Trainee(TraineeDate::Certificate) => match trainee.certificate {
                Some(c) => c,
                None => continue,
            },
            Bound::Val(Val::Date(d)) => *d,
            Bound::Val(_) => return never,
            // Left out above.
            Bound::Field(..) => return None,
        };
        match op {
            CmpOp::Lt => match b.pred_opt() {
                Some(t) => to = to.min(t),
                None => return never,
            },
            CmpOp::Le => to = to.min(b),
            CmpOp::Gt => match b.succ_opt() {
                Some(f) => from = from.max(f),
                None => return never,
            },
            CmpOp::Ge => from = from.max(b),
        }
    }
    Some((from, to))
}

fn status_bit(st: crate::ledger::Status) -> u32 {
    1 << (st as u32)
}

/// Whether the entry's goal is of one of these levels ([`level_bit`]) or
/// has one of these codes, as [`Check::Goal`] asks: the level first, and a
/// goal's code made only where codes are named. Apart from the plan's other
/// tests, which it would otherwise slow by being inlined among them.
#[inline(never)]
fn goal_among(s: &Subject<'_>, levels: u32, codes: &[&str]) -> bool {
    let e = s.entry;
    match (&e.goal, s.default_goal) {
        (Some(g), _) => {
            levels & level_bit(Some(g.level())) != 0 || codes.iter().any(|w| text_eq(g.code(), w))
        }
        // A course without a goal has the policy's default level, and no code.
        (None, Some(level)) if e.kind == crate::ledger::Kind::Course => {
            levels & level_bit(Some(level)) != 0 || codes.iter().any(|w| w.is_empty())
        }
        (None, _) => false,
    }
}

/// The bit of an entry's funder, or of having none.
fn funder_bit(f: Option<crate::ledger::Funder>) -> u32 {
    match f {
        Some(f) => 1 << (f as u32),
        None => 1 << 31,
    }
}

/// A table made ready to be tried on every entry as a rule's `when` is: the
/// entry kinds it can match for its trainee ([`kinds`]; none where its tests
/// of the trainee rule it out, [`trainee_rules_out`]), and its [`Plan`] for
/// the entries those let through. It answers as [`matches`] does: a test that
/// fails makes a table fail, whatever else is unknown, and the tests of the
/// kind and of the trainee are never unknown.
pub struct Ready<'p> {
    pub kinds: u16,
    plan: Plan<'p>,
}

impl<'p> Ready<'p> {
    pub fn new(cond: &'p Cond, trainee: &Trainee) -> Ready<'p> {
        Ready {
            kinds: if trainee_rules_out(cond, trainee) {
                0
            } else {
                kinds(cond)
            },
            plan: Plan::new(cond, true, trainee),
        }
    }

    /// Whether it can match an entry of this kind at all.
    #[inline]
    pub fn may_match(&self, kind: Kind) -> bool {
        self.kinds & kind_bit(kind) != 0
    }

    /// Most entries are decided by their kind alone, or by a table that
    /// always holds: those answers are inlined where they are asked for.
    #[inline(always)]
    pub fn matches(&self, s: &Subject<'_>) -> Tri {
        if self.may_match(s.entry.kind) {
            self.plan.matches(s)
        } else {
            Tri::No
        }
    }
}

impl<'p> Plan<'p> {
    /// The plan of `cond` for entries of `trainee`'s; `let_through`: for a
    /// rule's `when`, tried only on entries that its kinds ([`kinds`]) and
    /// its trainee ([`trainee_rules_out`]) let through, leaving out the tests
    /// those decide (the entry's kind named outright, the trainee's values
    /// compared with the policy's): they all hold.
    pub fn new(cond: &'p Cond, let_through: bool, trainee: &Trainee) -> Plan<'p> {
        let (mut statuses, mut funders) = (u32::MAX, u32::MAX);
        let checks: Box<[Check<'p>]> = cond
            .tests
            .iter()
            .filter(|(f, t)| !(let_through && decided_before(*f, t)))
            .map(|(f, t)| Check::of(*f, t, trainee))
            .filter(|c| match c {
                Check::Status(mask) => {
                    statuses &= mask;
                    false
                }
                Check::Funder(mask) => {
                    funders &= mask;
                    false
                }
                _ => true,
            })
            .collect();
        Plan {
            cond,
            decided: checks.is_empty()
                && statuses == u32::MAX
                && funders == u32::MAX
                && cond.parent_tests.is_empty()
                && cond.in_force.is_always(),
            single: checks.len() == 1 && cond.parent_tests.is_empty() && cond.in_force.is_always(),
            statuses,
            funders,
            checks,
        }
    }

    /// As [`matches`] of the table on `s` (for a rule's `when`, on an entry
    /// its kinds and trainee let through).
    #[inline(always)]
    pub fn matches(&self, s: &Subject<'_>) -> Tri {
        if self.decided {
            return Tri::Yes;
        }
        if self.named_out(s.entry) {
            return Tri::No;
        }
        self.tests(s)
    }

    /// Whether its statuses or funders leave the entry out. An entry's funder
    /// is one of its rarer fields, looked up only where the plan tests it.
    #[inline(always)]
    fn named_out(&self, e: &crate::ledger::Entry) -> bool {
        (self.statuses != u32::MAX && self.statuses & status_bit(e.status) == 0)
            || (self.funders != u32::MAX && self.funders & funder_bit(e.funded_by()) == 0)
    }

    /// Its tests, in turn: out of line, so that the answers decided without
    /// them are not slowed by the registers these need.
    #[inline(never)]
    fn tests(&self, s: &Subject<'_>) -> Tri {
        if self.single {
            return self.checks[0].test(s);
        }
        all_of(self.cond, s, self.checks.iter().map(|c| c.test(s)))
    }
}

impl<'p> Check<'p> {
    fn of(field: Field, t: &'p Test, trainee: &Trainee) -> Check<'p> {
        // The values named, and whether the test is `not one of` them.
        let (named, not): (&[Val], bool) = match t {
            Test::Eq(v) => (std::slice::from_ref(v), false),
            Test::OneOf(vs) => (vs, false),
            Test::Not(vs) => (vs, true),
            Test::Cmp(cmps) if field == Field::Date => {
                return date_range(cmps, trainee)
                    .map_or(Check::Test(field, t), |(from, to)| Check::DateIn(from, to));
            }
            Test::Cmp(_) | Test::Same(..) => return Check::Test(field, t),
        };
        // A value of another type equals nothing (as in `equals`).
        let set = |bit: &dyn Fn(&Val) -> u32| {
            let mask = named.iter().fold(0, |m, v| m | bit(v));
            if not { !mask } else { mask }
        };
        // The texts named (a value of another type equals no text).
        let texts = || {
            named.iter().filter_map(|v| match v {
                Val::Text(w) => Some(w.as_str()),
                _ => None,
            })
        };
        match field {
            Field::Status => Check::Status(set(&|v| match v {
                Val::Status(st) => status_bit(*st),
                _ => 0,
            })),
            Field::FundedBy => Check::Funder(set(&|v| match v {
                Val::Funder(f) => funder_bit(Some(*f)),
                _ => 0,
            })),
            // Every yes-or-no field and every text field (as the policy's
            // loader types them), read by `flag_of` and `text_of`.
            _ if field.ty() == FieldType::Bool => Check::Flag(
                field,
                set(&|v| match v {
                    Val::Bool(b) => 1 << u32::from(*b),
                    _ => 0,
                }) as u8,
            ),
            _ if field.ty() == FieldType::Text => Check::Text {
                field,
                texts: texts().collect(),
                not,
            },
            Field::Goal => {
                // A level alone (one letter) matches every code of that level.
                let levels = texts()
                    .filter(|w| w.len() == 1)
                    .fold(0, |m, w| m | level_bit(w.chars().next()));
                Check::Goal {
                    levels,
                    codes: texts().filter(|w| w.len() != 1).collect(),
                    not,
                }
            }
            Field::Approvals => Check::Approved {
                roles: named
                    .iter()
                    .filter_map(|v| match v {
                        Val::Role(r) => Some(r),
                        _ => None,
                    })
                    .collect(),
                not,
            },
            _ => Check::Test(field, t),
        }
    }

    #[inline(always)]
    fn test(&self, s: &Subject<'_>) -> Tri {
        let pass = match self {
            Check::Status(mask) => mask & status_bit(s.entry.status) != 0,
            Check::Funder(mask) => mask & funder_bit(s.entry.funded_by()) != 0,
            Check::Flag(field, mask) => mask & (1 << u8::from(flag_of(s, *field))) != 0,
            Check::Text { field, texts, not } => {
                let found = text_of(s, *field).is_some_and(|v| texts.iter().any(|w| text_eq(v, w)));
                found != *not
            }
            Check::Approved { roles, not } => {
                roles.iter().any(|r| s.entry.approvals.contains_key(r)) != *not
            }
            Check::Goal { levels, codes, not } => goal_among(s, *levels, codes) != *not,
            Check::DateIn(from, to) => (*from..=*to).contains(&s.entry.date),
            Check::Test(field, t) => return test(s, *field, t),
        };
        if pass { Tri::Yes } else { Tri::No }
    }
}

/// Does the table match? An empty table matches everything. A field that is
/// decidedly off beats one that cannot be decided. A test of the entry it
/// belongs to (`parent.kind`) cannot be decided for an entry that belongs to none.
pub fn matches(cond: &Cond, s: &Subject<'_>) -> Tri {
    all_of(cond, s, cond.tests.iter().map(|(f, t)| test(s, *f, t)))
}

/// Whether the entry's kind and the trainee, checked before, decide this test.
fn decided_before(field: Field, t: &Test) -> bool {
    (field == Field::Kind || field.is_trainee())
        && matches!(t, Test::Eq(_) | Test::OneOf(_) | Test::Not(_))
}

/// [`matches`] of `cond` on `s`, its tests of the entry answered by `tests`
/// (tried in turn, up to the first that fails).
#[inline(always)]
fn all_of(cond: &Cond, s: &Subject<'_>, tests: impl Iterator<Item = Tri>) -> Tri {
    if !cond.in_force.contains(s.entry.date) {
        return Tri::No;
    }
    let mut unknown = None;
    for tri in tests {
        match tri {
            Tri::No => return Tri::No,
            Tri::Unknown(f) => unknown = unknown.or(Some(f)),
            Tri::Yes => {}
        }
    }
    if !cond.parent_tests.is_empty() {
        match parent_matches(cond, s) {
            Tri::No => return Tri::No,
            Tri::Unknown(f) => unknown = unknown.or(Some(f)),
            Tri::Yes => {}
        }
    }
    unknown.map_or(Tri::Yes, Tri::Unknown)
}

/// The tests of the entry it belongs to; out of the way of the common case.
#[inline(never)]
fn parent_matches(cond: &Cond, s: &Subject<'_>) -> Tri {
    let Some(p) = s.of_parent() else {
        return Tri::Unknown(cond.parent_tests[0].0);
    };
    let mut unknown = None;
    for (field, t) in &cond.parent_tests {
        match test(&p, *field, t) {
            Tri::No => return Tri::No,
            Tri::Unknown(f) => unknown = unknown.or(Some(f)),
            Tri::Yes => {}
        }
    }
    unknown.map_or(Tri::Yes, Tri::Unknown)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Subject, Tri, kind_bit, kinds, matches, text_eq};
    use crate::ledger::{Entry, Kind, Status, Trainee};
    use crate::money::Amount;
    use crate::policy::{Cond, Field, Test, Val};

    /// The comparison `text_eq` stands for, letter by letter.
    fn by_letters(have: &str, folded: &str) -> bool {
        have.trim()
            .chars()
            .flat_map(char::to_lowercase)
            .eq(folded.chars())
    }

    #[test]
    fn text_eq_agrees_with_comparing_letter_by_letter() {
        let words = [
            "",
            " ",
            "plus",
            "Plus",
            " PLUS ",
            "plu",
            "pluss",
            "Resebyrå AB",
            "resebyrå ab",
            "RESEBYRÅ AB",
            "resebyra ab",
            "Östra",
            "östra",
            "ÖSTRA",
            "Σ",
            "σ",
            "ς",
            "İ",
            "i̇",
            "i",
            "ß",
            "ss",
            "K",
            "k",
            "Å",
            "å",
            "a\u{30a}",
            "ab\u{0}",
            "a",
            // Spaces around as trimming knows them (a vertical tab is one, a
            // file separator is none), and a first letter off.
            "\u{b}plus",
            "\u{1c}plus",
            "\tPlus",
            "xplus",
        ];
        for have in words {
            for want in words {
                // `folded` is folded as a policy's text is: trimmed, lower case.
                let folded = crate::policy::fold(want);
                assert_eq!(
                    text_eq(have, &folded),
                    by_letters(have, &folded),
                    "{have:?} against {folded:?}"
                );
            }
        }
    }

    /// `text_eq`'s first test takes a text that is `folded` but for the case of
    /// ASCII letters as equal without lowering it: sound because every letter
    /// that lowering gives (and the final sigma `fold` gives) lowers to itself.
    #[test]
    fn lowering_what_is_lowered_keeps_it() {
        let lowered = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .flat_map(char::to_lowercase)
            .chain(['ς']);
        for l in lowered {
            assert!(l.to_lowercase().eq([l]), "{l:?} lowers to something else");
        }
        assert!(text_eq("Resebyrå AB", "resebyrå ab"));
        assert!(!text_eq("Resebyrå AB", "resebyra ab"));
        assert!(text_eq(" RESEBYRÅ AB ", "resebyrå ab"));
    }

    /// A plan answers as `matches` does, for every table of tests of one or
    /// two fields (each field a plan decides by a set of values, and others)
    /// and every entry of many kinds, statuses, funders, texts and approvals;
    /// a rule's `when` plan answers so wherever its kinds and trainee let the
    /// entry through.
    #[test]
    fn a_plan_answers_as_matches() {
        use super::{Plan, Ready, trainee_rules_out};
        use crate::ledger::{Approvals, Fields, Funder, Goal, Role};
        use crate::policy::{Bound, CmpOp, TraineeDate, Whose};
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).expect("day");
        let end = NaiveDate::from_ymd_opt(2029, 6, 30).expect("day");
        let text = |t: &str| Val::Text(crate::policy::fold(t));
        let mut fields: Vec<(Field, Vec<Val>)> = vec![
            (
                Field::Status,
                Status::ALL.iter().map(|&st| Val::Status(st)).collect(),
            ),
            (
                Field::FundedBy,
                Funder::ALL.iter().map(|&f| Val::Funder(f)).collect(),
            ),
            (
                Field::Approvals,
                vec![
                    Val::Role(Role::Studierektor),
                    Val::Role(Role::Handledare),
                    Val::Role(Role::Declared("at-chef".into())),
                ],
            ),
            (
                Field::Kind,
                vec![Val::Kind(Kind::Course), Val::Kind(Kind::Travel)],
            ),
            (
                Field::Goal,
                vec![text("c"), text("STc7"), text("b"), text("")],
            ),
            (Field::Nights, vec![Val::Number(2)]),
        ];
        for f in [
            Field::Catalogue,
            Field::Online,
            Field::Abroad,
            Field::Mandatory,
        ] {
            fields.push((f, vec![Val::Bool(true), Val::Bool(false)]));
        }
        for f in [
            Field::Provider,
            Field::BookedVia,
            Field::TravelMode,
            Field::Programme,
        ] {
            fields.push((
                f,
                vec![text("Kursgivaren Nord"), text("flyg"), text("Resebyrå AB")],
            ));
        }
        fields.push((Field::TraineeUnit, vec![text("Enheten Ä")]));
        fields.push((Field::TraineeDoubleSpecialisation, vec![Val::Bool(true)]));
        // Every field's tests: each value, two of them, none of them, and a
        // value of another type (which equals nothing).
        let mut tests: Vec<(Field, Test)> = Vec::new();
        for (f, vals) in &fields {
            let other = if matches!(vals[0], Val::Text(_)) {
                Val::Bool(true)
            } else {
                text("cancelled")
            };
            for v in vals.iter().chain([&other]) {
                tests.push((*f, Test::Eq(v.clone())));
                tests.push((*f, Test::Not(vec![v.clone()])));
            }
            let two: Vec<Val> = vals.iter().take(2).cloned().chain([other]).collect();
            tests.push((*f, Test::OneOf(two.clone())));
            tests.push((*f, Test::Not(two)));
        }
        // Comparisons of the first day: with the policy's dates, the
        // trainee's (one trainee has no certificate), a value of another
        // type, another field, and several at once.
        let bounds = [
            Bound::Val(Val::Date(day)),
            Bound::Val(Val::Date(NaiveDate::MIN)),
            Bound::Val(Val::Date(NaiveDate::MAX)),
            Bound::Trainee(TraineeDate::Start),
            Bound::Trainee(TraineeDate::Certificate),
            Bound::Val(Val::Number(3)),
            Bound::Field(Whose::Entry, Field::CancelBy),
        ];
        for op in [CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge] {
            for b in &bounds {
                tests.push((Field::Date, Test::Cmp(vec![(op, b.clone())])));
            }
        }
        for pair in bounds.windows(2) {
            tests.push((
                Field::Date,
                Test::Cmp(vec![
                    (CmpOp::Ge, pair[0].clone()),
                    (CmpOp::Lt, pair[1].clone()),
                ]),
            ));
        }
        let mut entries = Vec::new();
        let texts = [
            None,
            Some("Kursgivaren Nord"),
            Some(" KURSGIVAREN nord "),
            Some("Resebyrå ab"),
        ];
        for (n, &status) in Status::ALL.iter().enumerate() {
            for funder in [None, Some(Funder::Unit), Some(Funder::Central)] {
                for (k, t) in texts.iter().enumerate() {
                    let kind = Kind::ALL[(n + k) % Kind::ALL.len()];
                    // Days around the start, the certificate and the policy's date.
                    let date = [day.pred_opt(), Some(day), day.succ_opt(), end.succ_opt()]
                        [(n + 2 * k) % 4]
                        .expect("a day");
                    let mut e = Entry::new(1, date, kind, "".into(), Amount::ZERO);
                    let mut approvals = Approvals::default();
                    if k % 2 == 1 {
                        approvals.insert(Role::Studierektor, day);
                    }
                    if n % 3 == 0 {
                        approvals.insert(Role::Declared("at-chef".into()), day);
                    }
                    e.apply(&Fields {
                        status: Some(status),
                        funded_by: funder,
                        catalogue: Some(k % 2 == 0),
                        online: Some(n % 2 == 0),
                        provider: t.map(Into::into),
                        booked_via: texts[(k + 1) % 4].map(Into::into),
                        travel_mode: texts[(k + n) % 4].map(Into::into),
                        programme: texts[(k + 2) % 4].map(Into::into),
                        goal: Goal::parse(["", "c7", "STb12", "a"][(n + k) % 4]),
                        cancel_by: (k == 2).then_some(day),
                        approvals,
                        ..Fields::default()
                    });
                    entries.push(e);
                }
            }
        }
        let mut certified = trainee(day, vec!["plus".into()], Some("Enheten ä".into()));
        certified.certificate = Some(end);
        let trainees = [trainee(day, Vec::new(), None), certified];
        let mut compared = 0;
        for (a, ta) in tests.iter().enumerate() {
            for tb in tests.iter().skip(a % 5).step_by(5) {
                let cond = Cond {
                    tests: vec![ta.clone(), tb.clone()],
                    ..Cond::default()
                };
                for trainee in &trainees {
                    let plan = Plan::new(&cond, false, trainee);
                    let when = Plan::new(&cond, true, trainee);
                    let ready = Ready::new(&cond, trainee);
                    let ruled_out = trainee_rules_out(&cond, trainee);
                    for e in &entries {
                        let s = Subject {
                            entry: e,
                            parent: None,
                            trainee,
                            default_goal: Some('c'),
                        };
                        let want = matches(&cond, &s);
                        assert_eq!(plan.matches(&s), want, "{cond:?} on {e:?}");
                        // Made ready as a rule's `when` is, on every entry.
                        assert_eq!(ready.matches(&s), want, "ready {cond:?} on {e:?}");
                        if !ruled_out && kinds(&cond) & kind_bit(e.kind) != 0 {
                            assert_eq!(when.matches(&s), want, "`when` {cond:?} on {e:?}");
                        }
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared} compared");
        // One test alone, in force only from the policy's date, or with a
        // test of the entry it belongs to (which it has, of either kind, or
        // has not): a plan of one test still answers as the table.
        let in_force = crate::policy::InForce {
            from: Some(day),
            to: None,
        };
        let parents = [None, Some(&entries[0]), Some(&entries[1])];
        assert_ne!(entries[0].kind, entries[1].kind);
        for t in &tests {
            let alone = Cond {
                tests: vec![t.clone()],
                ..Cond::default()
            };
            let dated = Cond {
                in_force,
                ..alone.clone()
            };
            let of_parent = Cond {
                parent_tests: vec![(Field::Kind, Test::Eq(Val::Kind(entries[0].kind)))],
                ..alone.clone()
            };
            for cond in [alone, dated, of_parent] {
                for trainee in &trainees {
                    let ready = Ready::new(&cond, trainee);
                    for e in &entries {
                        for parent in parents {
                            let s = Subject {
                                entry: e,
                                parent,
                                trainee,
                                default_goal: Some('c'),
                            };
                            let want = matches(&cond, &s);
                            assert_eq!(ready.matches(&s), want, "{cond:?} on {e:?} of {parent:?}");
                        }
                    }
                }
            }
        }
    }

    /// Every field a policy may name that the loader types as text or as yes
    /// or no is read by `text_of` or `flag_of`, which fall back to "none" for
    /// a field they do not list: a field added to the policy language but not
    /// to them would read as absent on every entry. An entry and a trainee
    /// with every such field set show each one as set.
    #[test]
    fn every_text_and_yes_or_no_field_is_read() {
        use crate::policy::FieldType;
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).expect("day");
        let mut t = trainee(day, Vec::new(), Some("Vårdcentralen".into()));
        t.double_specialisation = true;
        let mut e = Entry::new(1, day, Kind::Course, "kurs".into(), Amount::ZERO);
        e.provider = Some("SFAM".into());
        e.travel_mode = Some("tåg".into());
        e.set_subject("Ledarskap");
        e.set_programme("ST");
        e.set_booked_via("Resebyrån");
        e.set_event("ST-forum");
        e.catalogue = true;
        e.online = true;
        e.set_abroad(true);
        e.set_in_region(true);
        e.set_mandatory(true);
        e.set_international(true);
        let s = Subject {
            entry: &e,
            parent: None,
            trainee: &t,
            default_goal: None,
        };
        let (mut texts, mut flags) = (0, 0);
        for name in Field::NAMES {
            let field = Field::parse(name).expect("a field's name");
            match field.ty() {
                FieldType::Text => {
                    assert!(super::text_of(&s, field).is_some(), "{name}");
                    texts += 1;
                }
                FieldType::Bool => {
                    assert!(super::flag_of(&s, field), "{name}");
                    flags += 1;
                }
                _ => {}
            }
        }
        assert_eq!((texts, flags), (7, 7));
    }

    /// A trainee who started on `day`, in these programmes and this unit.
    fn trainee(day: NaiveDate, programmes: Vec<String>, unit: Option<String>) -> Trainee {
        Trainee {
            name: String::new(),
            id: None,
            policy: String::new(),
            start: day,
            certificate: None,
            double_specialisation: false,
            programmes,
            unit,
        }
    }

    /// Wherever `kinds` leaves a kind out, the table does not match an entry
    /// of that kind, whatever else the entry has.
    #[test]
    fn a_kind_left_out_is_never_matched() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).expect("day");
        let trainee = trainee(day, Vec::new(), None);
        let all = Kind::ALL;
        let k = |i: usize| Val::Kind(all[i % all.len()]);
        let mut tests: Vec<Test> = Vec::new();
        for i in 0..all.len() {
            tests.push(Test::Eq(k(i)));
            tests.push(Test::OneOf(vec![k(i), k(i + 3)]));
            tests.push(Test::Not(vec![k(i), k(i + 5)]));
            tests.push(Test::Eq(Val::Text("course".into())));
            tests.push(Test::Not(vec![Val::Status(Status::Planned)]));
        }
        for (a, ta) in tests.iter().enumerate() {
            for tb in tests.iter().skip(a % 7).step_by(7) {
                let cond = Cond {
                    tests: vec![(Field::Kind, ta.clone()), (Field::Kind, tb.clone())],
                    ..Cond::default()
                };
                let mask = kinds(&cond);
                for &kind in all {
                    let entry = Entry::new(1, day, kind, "".into(), Amount::ZERO);
                    let s = Subject {
                        entry: &entry,
                        parent: None,
                        trainee: &trainee,
                        default_goal: None,
                    };
                    let matched = matches(&cond, &s);
                    assert_eq!(
                        mask & kind_bit(kind) != 0,
                        matched != Tri::No,
                        "{cond:?} for {kind}"
                    );
                }
            }
        }
        assert_eq!(kinds(&Cond::default()), u16::MAX);
    }

    /// Where the tests of the trainee rule a table out, no entry matches it;
    /// where they do not, an entry the rest of the table fits matches.
    #[test]
    fn a_table_the_trainee_rules_out_matches_no_entry() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).expect("day");
        let text = |t: &str| Val::Text(t.into());
        for programmes in [
            vec![],
            vec!["plus".to_string()],
            vec!["x".into(), "plus".into()],
        ] {
            for unit in [None, Some("Enheten Ä".to_string())] {
                let trainee = trainee(day, programmes.clone(), unit.clone());
                for t in [
                    (Field::TraineeProgrammes, Test::Eq(text("plus"))),
                    (Field::TraineeProgrammes, Test::Not(vec![text("plus")])),
                    (Field::TraineeUnit, Test::Eq(text("enheten ä"))),
                    (Field::TraineeUnit, Test::OneOf(vec![text("a"), text("b")])),
                    (
                        Field::TraineeDoubleSpecialisation,
                        Test::Eq(Val::Bool(true)),
                    ),
                ] {
                    let cond = Cond {
                        tests: vec![(Field::Kind, Test::Eq(Val::Kind(Kind::Course))), t],
                        ..Cond::default()
                    };
                    let entry = Entry::new(1, day, Kind::Course, "".into(), Amount::ZERO);
                    let s = Subject {
                        entry: &entry,
                        parent: None,
                        trainee: &trainee,
                        default_goal: None,
                    };
                    assert_eq!(
                        super::trainee_rules_out(&cond, &trainee),
                        matches(&cond, &s) == Tri::No,
                        "{cond:?} for {trainee:?}"
                    );
                }
            }
        }
    }
}
