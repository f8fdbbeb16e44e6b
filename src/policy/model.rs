//! A region's rules as data: typed rule kinds whose conditions are match tables.
//! See docs/policy.md for the format as policy authors write it.

use std::fmt;

use chrono::NaiveDate;

use super::kind::RuleKind;
use crate::i18n::Lang;
use crate::ledger::{Funder, Kind, Role, Status};
use crate::money::Amount;

/// The policy file format this build reads.
pub const FORMAT: i64 = 1;

/// A text in Swedish, and in English where the policy gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub sv: String,
    pub en: Option<String>,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => self.en.as_deref().unwrap_or(&self.sv),
        }
    }
}

/// Who pays a part of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Payer {
    /// The trainee's individual funds.
    Budget,
    /// The region's central funds.
    Central,
    /// The training unit (clinic or health centre).
    Unit,
    /// Nobody: not reimbursed.
    SelfPaid,
}

impl Payer {
    pub const NAMES: &'static [&'static str] = &["budget", "central", "unit", "self"];

    pub fn as_str(self) -> &'static str {
        match self {
            Payer::Budget => "budget",
            Payer::Central => "central",
            Payer::Unit => "unit",
            Payer::SelfPaid => "self",
        }
    }

    pub fn parse(s: &str) -> Option<Payer> {
        match s {
            "budget" => Some(Payer::Budget),
            "central" => Some(Payer::Central),
            "unit" => Some(Payer::Unit),
            "self" => Some(Payer::SelfPaid),
            _ => None,
        }
    }
}

impl fmt::Display for Payer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const NAMES: &'static [&'static str] = &["info", "warning", "error"];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The programme a policy is for: what the trainee is called, what the
/// whole span is called in reports ("ST", "AT"), and what its end date is
/// called unless the policy names it (`end_name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Programme {
    /// Specialist training (specialiseringstjänstgöring).
    St,
    /// The general internship (allmäntjänstgöring).
    At,
    /// The base service (bastjänstgöring).
    Bt,
}

impl Programme {
    pub const NAMES: &'static [&'static str] = &["ST", "AT", "BT"];

    /// As written in `programme = "…"`, in any case.
    pub fn parse(s: &str) -> Option<Programme> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ST" => Some(Programme::St),
            "AT" => Some(Programme::At),
            "BT" => Some(Programme::Bt),
            _ => None,
        }
    }

    /// The programme's abbreviation, the same in both languages.
    pub fn label(self) -> &'static str {
        Programme::NAMES[self as usize]
    }

    /// What the end date is called where the policy does not say.
    pub fn default_end_name(self) -> Text {
        let (sv, en) = match self {
            Programme::St => ("specialistbevis", "specialist certificate"),
            Programme::At => ("AT:s slut", "end of the AT"),
            Programme::Bt => ("BT:s slut", "end of the BT"),
        };
        Text {
            sv: sv.to_string(),
            en: Some(en.to_string()),
        }
    }
}

/// The span a budget, cap or count is kept over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    /// The whole ST, from its start to the certificate.
    St,
    /// Each calendar year of the ST.
    CalendarYear,
}

impl PeriodKind {
    pub const NAMES: &'static [&'static str] = &["st", "calendar-year"];

    pub fn parse(s: &str) -> Option<PeriodKind> {
        match s {
            "st" => Some(PeriodKind::St),
            "calendar-year" => Some(PeriodKind::CalendarYear),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::St => "st",
            PeriodKind::CalendarYear => "calendar-year",
        }
    }
}

/// A field a match table can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Kind,
    Goal,
    Provider,
    Catalogue,
    Online,
    Programme,
    International,
    Status,
    TravelMode,
    BookedVia,
    DistanceKm,
    Nights,
    Date,
    End,
    Amount,
    Applied,
    CancelBy,
    StatusRecorded,
    FundedBy,
    Approvals,
    Days,
    Event,
    Abroad,
    InRegion,
    Mandatory,
    Subject,
    LastDay,
    TraineeProgrammes,
    TraineeDoubleSpecialisation,
    TraineeUnit,
}

/// The type of a field's values, which decides what a match table may say of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Bool,
    Number,
    Date,
    Amount,
    KindWord,
    StatusWord,
    GoalCode,
    TextList,
    FunderWord,
    /// The roles that approved an entry: a role matches when it approved.
    RoleList,
}

impl Field {
    pub const NAMES: &'static [&'static str] = &[
        "kind",
        "goal",
        "provider",
        "catalogue",
        "online",
        "programme",
        "international",
        "status",
        "travel_mode",
        "booked_via",
        "distance_km",
        "nights",
        "date",
        "end",
        "amount",
        "applied",
        "cancel_by",
        "status_recorded",
        "funded_by",
        "approvals",
        "days",
        "event",
        "abroad",
        "in_region",
        "mandatory",
        "subject",
        "last_day",
        "trainee.programmes",
        "trainee.double_specialisation",
        "trainee.unit",
    ];

    pub fn parse(s: &str) -> Option<Field> {
        Some(match s {
            "kind" => Field::Kind,
            "goal" => Field::Goal,
            "provider" => Field::Provider,
            "catalogue" => Field::Catalogue,
            "online" => Field::Online,
            "programme" => Field::Programme,
            "international" => Field::International,
            "status" => Field::Status,
            "travel_mode" => Field::TravelMode,
            "booked_via" => Field::BookedVia,
            "distance_km" => Field::DistanceKm,
            "nights" => Field::Nights,
            "date" => Field::Date,
            "end" => Field::End,
            "amount" => Field::Amount,
            "applied" => Field::Applied,
            "cancel_by" => Field::CancelBy,
            "status_recorded" => Field::StatusRecorded,
            "funded_by" => Field::FundedBy,
            "approvals" => Field::Approvals,
            "days" => Field::Days,
            "event" => Field::Event,
            "abroad" => Field::Abroad,
            "in_region" => Field::InRegion,
            "mandatory" => Field::Mandatory,
            "subject" => Field::Subject,
            "last_day" => Field::LastDay,
            "trainee.programmes" => Field::TraineeProgrammes,
            "trainee.double_specialisation" => Field::TraineeDoubleSpecialisation,
            "trainee.unit" => Field::TraineeUnit,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Field::NAMES[self as usize]
    }

    pub fn ty(self) -> FieldType {
        match self {
            Field::Kind => FieldType::KindWord,
            Field::Status => FieldType::StatusWord,
            Field::Goal => FieldType::GoalCode,
            Field::Provider
            | Field::Programme
            | Field::TravelMode
            | Field::BookedVia
            | Field::Event
            | Field::Subject
            | Field::TraineeUnit => FieldType::Text,
            Field::Catalogue
            | Field::Abroad
            | Field::InRegion
            | Field::Mandatory
            | Field::Online
            | Field::International
            | Field::TraineeDoubleSpecialisation => FieldType::Bool,
            Field::DistanceKm | Field::Nights | Field::Days => FieldType::Number,
            Field::Date
            | Field::End
            | Field::Applied
            | Field::CancelBy
            | Field::StatusRecorded
            | Field::LastDay => FieldType::Date,
            Field::Amount => FieldType::Amount,
            Field::TraineeProgrammes => FieldType::TextList,
            Field::FundedBy => FieldType::FunderWord,
            Field::Approvals => FieldType::RoleList,
        }
    }

    /// Whether the field is the trainee's, not the entry's.
    pub fn is_trainee(self) -> bool {
        matches!(
            self,
            Field::TraineeProgrammes | Field::TraineeDoubleSpecialisation | Field::TraineeUnit
        )
    }

    /// Whether a comparison or an equality may take this field of an entry as
    /// its other side (`{ entry = "cancel_by" }`, `{ parent = "days" }`): any
    /// field of the entry with one value (not its approvals).
    pub fn is_bound(self) -> bool {
        !self.is_trainee() && self != Field::Approvals
    }
}

/// Whose field a test or a bound reads: the entry's own, or that of the entry
/// it belongs to (`for`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whose {
    Entry,
    Parent,
}

impl Whose {
    pub fn as_str(self) -> &'static str {
        match self {
            Whose::Entry => "entry",
            Whose::Parent => "parent",
        }
    }
}

/// A value in a match table, already in the field's type. Text is compared
/// ignoring case and surrounding spaces, so it is stored folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Bool(bool),
    Number(i64),
    Date(NaiveDate),
    Amount(Amount),
    Kind(Kind),
    Status(Status),
    Funder(Funder),
    Role(Role),
}

/// A date taken from the trainee instead of written in the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraineeDate {
    Start,
    Certificate,
}

impl TraineeDate {
    pub const NAMES: &'static [&'static str] = &["start", "certificate"];
}

/// The other side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    Val(Val),
    /// A trainee date; a date the trainee does not have is no bound at all.
    Trainee(TraineeDate),
    /// Another field of the same type, of the entry or of the entry it
    /// belongs to; a value that is not there cannot be compared with.
    Field(Whose, Field),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
}

/// What a match table says of one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// Equals (for a list-valued field: contains); for a goal, a level matches its codes.
    Eq(Val),
    /// One of.
    OneOf(Vec<Val>),
    /// None of; a field the entry does not have is none of them.
    Not(Vec<Val>),
    /// Every comparison holds.
    Cmp(Vec<(CmpOp, Bound)>),
    /// Equals another field (`programme = { parent = "programme" }`): two
    /// missing values are equal, one missing is not.
    Same(Whose, Field),
}

/// The days a rule or an amount is in force (`from`, `to`, both included;
/// either may be left open). The default is always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InForce {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl InForce {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A match table: every field's test must hold (keys are ANDed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cond {
    pub tests: Vec<(Field, Test)>,
    /// Tests of the entry it belongs to (`parent.kind = "course"`).
    pub parent_tests: Vec<(Field, Test)>,
    /// A rule's `from` and `to`: the table matches only entries whose first
    /// day (`date`) lies in them (rules over time).
    pub in_force: InForce,
}

impl Cond {
    pub fn is_empty(&self) -> bool {
        self.tests.is_empty() && self.parent_tests.is_empty() && self.in_force.is_always()
    }

    /// Does the table name this status outright (`status = "cancelled"`, or
    /// among the ones of a list)? A rule that does speaks of entries with it.
    pub fn names_status(&self, status: Status) -> bool {
        self.tests.iter().any(|(f, t)| {
            *f == Field::Status
                && match t {
                    Test::Eq(v) => *v == Val::Status(status),
                    Test::OneOf(vs) => vs.contains(&Val::Status(status)),
                    Test::Not(_) | Test::Cmp(_) | Test::Same(..) => false,
                }
        })
    }
}

/// Whether an approval rule needs every one of its roles, or any one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    All,
    Any,
}

impl Need {
    pub const NAMES: &'static [&'static str] = &["all", "any"];

    pub fn parse(s: &str) -> Option<Need> {
        match s {
            "all" => Some(Need::All),
            "any" => Some(Need::Any),
            _ => None,
        }
    }
}

/// The day an approval must be dated on or before (V10): the entry's first
/// day, or a date it records, falling back to the first day where it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// The first day (`date`).
    Date,
    /// The day the trainee applied or registered (`applied`), else the first day.
    Applied,
    /// The provider's last cancellation day (`cancel_by`), else the first day.
    CancelBy,
}

impl Deadline {
    pub const NAMES: &'static [&'static str] = &["date", "applied", "cancel_by"];

    pub fn parse(s: &str) -> Option<Deadline> {
        match s {
            "date" => Some(Deadline::Date),
            "applied" => Some(Deadline::Applied),
            "cancel_by" => Some(Deadline::CancelBy),
            _ => None,
        }
    }

    /// The entry field it reads.
    pub fn field(self) -> Field {
        match self {
            Deadline::Date => Field::Date,
            Deadline::Applied => Field::Applied,
            Deadline::CancelBy => Field::CancelBy,
        }
    }
}

/// How a pool in days counts an entry's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayCount {
    /// Every day from the first to the last.
    Calendar,
    /// Monday to Friday except Swedish public holidays, and, with `eves_off`,
    /// midsommarafton, julafton and nyårsafton.
    Working { eves_off: bool },
}

impl DayCount {
    pub const NAMES: &'static [&'static str] = &["calendar-days", "working-days"];
}

/// What a pool is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Kronor,
    Days(DayCount),
}

impl Unit {
    pub const NAMES: &'static [&'static str] = &["kronor", "days"];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Kronor => "kronor",
            Unit::Days(_) => "days",
        }
    }

    pub fn is_days(self) -> bool {
        matches!(self, Unit::Days(_))
    }
}

/// Part of a pool kept for a named use: only matching entries may use it
/// (ten study days, one kept for the exam).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reserve {
    /// In the pool's unit (whole days for a pool in days).
    pub amount: Amount,
    pub when: Cond,
    pub title: Text,
}

/// What a budget holds: its unit, its size per period (`None`: uncapped),
/// whether it splits an entry, and what it keeps for named uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    pub unit: Unit,
    /// In the unit: kronor, or whole days (as an amount without öre).
    pub amount: Option<Amount>,
    /// `false`: an entry that does not fit whole takes nothing.
    pub split: bool,
    /// Amounts over time (`amount = [{ amount, from, to }, …]`), in date
    /// order; empty for one amount (`amount` above). `amount` is then the first.
    pub dated: Vec<(InForce, Amount)>,
    pub reserves: Vec<Reserve>,
}

/// A cap kept per unit of a number of the entry or of the entry it belongs
/// to (`per = { parent = "days" }`: per course day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Per {
    pub whose: Whose,
    pub field: Field,
}

/// What a count counts: entries, or distinct events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountBy {
    Entry,
    Event,
}

impl CountBy {
    pub const NAMES: &'static [&'static str] = &["entry", "event"];
}

/// A role a policy declares beyond the five built in (`[[role]]`), with its
/// names in Swedish and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredRole {
    /// As ledgers and rules write it: `at-chef`.
    pub id: String,
    pub name: Text,
    pub line: usize,
}

/// A mandatory course subject of the target description a policy is for
/// (`[[subject]]`): ledgers name it by id (`subject = "lakemedel"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MandatorySubject {
    pub id: String,
    pub name: Text,
}

/// What a rule does, by kind: one variant per [`RuleKind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// A pool per period, in kronor or in days (K1, V1). The first budget of
    /// a policy is its main one, in kronor: it says where the ST ends.
    Budget {
        pool: Pool,
        period: PeriodKind,
        /// Pro-rate each period by the service percentage, day by day.
        prorate: bool,
        /// When this matches the trainee, the last period stays open past the
        /// certificate (the main budget only).
        open_when: Option<Cond>,
        /// The finding for an entry outside the ST (the main budget only).
        outside: Option<Text>,
    },
    /// Who pays what the budget cannot cover (K5, K12).
    Overflow,
    /// No funds after a trainee date, unless (K11).
    Expiry {
        last_day: TraineeDate,
        unless: Option<Cond>,
    },
    /// Matching entries are paid by another payer (K4).
    Route,
    /// A status moves the cost to another payer (V9).
    Chargeback,
    /// When `when` matches, `require` must match too (V3, V6, V8).
    Require {
        require: Cond,
        unknown: Option<Severity>,
    },
    /// Roles that must have approved, all or any one, and by when (K3, K7, K9,
    /// K10, V5, V9, V10).
    Approval {
        roles: Vec<Role>,
        need: Need,
        deadline: Option<Deadline>,
    },
    /// A finding only (V7).
    Flag { unknown: Option<Severity> },
    /// A shared limit over a period; the excess goes to `payer` (K9). With
    /// `split` false an entry that does not fit whole goes whole to `payer`.
    Cap {
        limit: Amount,
        /// `None` for a cap kept `per` entry or per the entry it belongs to.
        period: Option<PeriodKind>,
        per: Option<Per>,
        split: bool,
    },
    /// At most `max` granted matching entries (or events) per period (K8).
    Count {
        max: u32,
        period: PeriodKind,
        by: CountBy,
    },
    /// Matching entries must not overlap in dates with entries matching `with` (V4, V5).
    Overlap { with: Cond },
    /// Costs that belong to another entry and share its fate (K2, V2).
    Link { parent: Cond },
}

impl Body {
    /// The kind of rule this is; its row of the kind table says what it may hold.
    pub fn kind(&self) -> RuleKind {
        match self {
            Body::Budget { .. } => RuleKind::Budget,
            Body::Overflow => RuleKind::Overflow,
            Body::Expiry { .. } => RuleKind::Expiry,
            Body::Route => RuleKind::Route,
            Body::Chargeback => RuleKind::Chargeback,
            Body::Require { .. } => RuleKind::Require,
            Body::Approval { .. } => RuleKind::Approval,
            Body::Flag { .. } => RuleKind::Flag,
            Body::Cap { .. } => RuleKind::Cap,
            Body::Count { .. } => RuleKind::Count,
            Body::Overlap { .. } => RuleKind::Overlap,
            Body::Link { .. } => RuleKind::Link,
        }
    }
}

/// One rule of a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    /// The DOMAIN rule it implements (`K9`, `V8`, …).
    pub reference: String,
    pub title: Text,
    pub message: Text,
    pub severity: Severity,
    /// Who pays when the rule moves money; `None` for rules that only warn.
    pub payer: Option<Payer>,
    pub when: Cond,
    pub body: Body,
    /// The rules this one beats: for an entry its `when` matches, they do not apply.
    pub overrides: Vec<usize>,
    pub line: usize,
}

/// A region's rule set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub id: String,
    pub version: String,
    pub name: Text,
    pub source: String,
    pub summary: Option<Text>,
    /// The programme the policy is for (`programme`, default ST).
    pub programme: Programme,
    /// What the trainee's end date (the ledger's `certificate`) is called:
    /// the specialist certificate, the end of employment (`end_name`).
    pub end_name: Text,
    /// The goal level of a course that names none.
    pub default_goal: Option<char>,
    /// Roles declared beyond the five built in.
    pub roles: Vec<DeclaredRole>,
    /// The mandatory course subjects of its target description, in order.
    pub subjects: Vec<MandatorySubject>,
    pub rules: Vec<Rule>,
    /// Which rule is the main budget (the first one, in kronor).
    pub budget_index: usize,
    /// For each rule, the rules that override it.
    pub overridden_by: Vec<Vec<usize>>,
    /// Where it was loaded from: a path, or `built-in`.
    pub origin: String,
}

/// A budget rule of a policy, unpacked.
pub struct BudgetRule<'a> {
    pub index: usize,
    pub rule: &'a Rule,
    pub pool: &'a Pool,
    pub period: PeriodKind,
    pub prorate: bool,
    pub open_when: Option<&'a Cond>,
    pub outside: Option<&'a Text>,
}

impl Policy {
    /// How many of the policy's texts have no English (`policy check` says so).
    pub fn texts_without_english(&self) -> usize {
        let mut texts: Vec<&Text> = vec![&self.name];
        texts.extend(&self.summary);
        texts.push(&self.end_name);
        texts.extend(self.roles.iter().map(|r| &r.name));
        texts.extend(self.subjects.iter().map(|s| &s.name));
        for r in &self.rules {
            texts.push(&r.title);
            texts.push(&r.message);
            if let Body::Budget { outside, pool, .. } = &r.body {
                texts.extend(outside);
                texts.extend(pool.reserves.iter().map(|v| &v.title));
            }
        }
        texts.iter().filter(|t| t.en.is_none()).count()
    }

    /// The main budget: a validated policy has one, at `budget_index`.
    pub fn budget(&self) -> BudgetRule<'_> {
        self.budget_at(self.budget_index).unwrap_or_else(|| {
            panic!(
                "policy {} was built without validation: rule {} is not a budget",
                self.id, self.budget_index
            )
        })
    }

    /// Every budget, the main one first, the others in file order.
    pub fn budgets(&self) -> impl Iterator<Item = BudgetRule<'_>> {
        std::iter::once(self.budget()).chain(
            (0..self.rules.len())
                .filter(|&i| i != self.budget_index)
                .filter_map(|i| self.budget_at(i)),
        )
    }

    fn budget_at(&self, index: usize) -> Option<BudgetRule<'_>> {
        let rule = self.rules.get(index)?;
        match &rule.body {
            Body::Budget {
                pool,
                period,
                prorate,
                open_when,
                outside,
            } => Some(BudgetRule {
                index,
                rule,
                pool,
                period: *period,
                prorate: *prorate,
                open_when: open_when.as_ref(),
                outside: outside.as_ref(),
            }),
            _ => None,
        }
    }
}
