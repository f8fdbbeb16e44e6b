//! The JSON of SPEC.md: one object for `balance` and `list`, amounts as strings.
//!
//! Objects are typed structs serialised straight to text, not `serde_json::Value`
//! trees: a 10 000-entry `list --format json` spent four fifths of its time
//! building and walking those trees. Fields are declared in alphabetical order,
//! the order `Value` printed them in, so the output is byte for byte what it was.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::View;
use crate::engine::{EntryResult, Finding, Payers, PeriodResult, Totals};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::{Policy, Severity};

/// A date as the JSON writes it: `"2024-03-11"`.
#[derive(Clone, Copy)]
struct Day(NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn day(d: Option<NaiveDate>) -> Option<Day> {
    d.map(Day)
}

#[derive(Serialize)]
struct PayersJson {
    budget: Amount,
    central: Amount,
    #[serde(rename = "self")]
    self_paid: Amount,
    unit: Amount,
}

impl From<&Payers> for PayersJson {
    fn from(p: &Payers) -> PayersJson {
        PayersJson {
            budget: p.budget,
            central: p.central,
            self_paid: p.self_paid,
            unit: p.unit,
        }
    }
}

#[derive(Serialize)]
struct FindingJson<'a> {
    entry: Option<u32>,
    message: String,
    #[serde(rename = "ref")]
    reference: &'a str,
    rule: &'a str,
    severity: &'static str,
}

fn finding_json<'a>(f: &Finding, policy: &'a Policy, lang: Lang) -> FindingJson<'a> {
    let rule = &policy.rules[f.rule];
    FindingJson {
        entry: f.entry,
        message: crate::render::finding::message(f, policy, lang),
        reference: &rule.reference,
        rule: &rule.id,
        severity: f.severity.as_str(),
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    amount: Amount,
    date: Day,
    description: &'a str,
    end: Option<Day>,
    findings: Vec<FindingJson<'a>>,
    id: u32,
    kind: &'static str,
    payers: PayersJson,
    status: &'static str,
    verdict: &'static str,
}

fn entry_json<'a>(v: &View<'a>, r: &EntryResult) -> EntryJson<'a> {
    let e = &v.ledger.entries[r.index];
    EntryJson {
        amount: r.amount,
        date: Day(r.date),
        description: &e.description,
        end: day(e.end),
        findings: r
            .findings
            .iter()
            .map(|f| finding_json(f, v.policy, v.lang))
            .collect(),
        id: r.id,
        kind: r.kind.as_str(),
        payers: PayersJson::from(&r.payers),
        status: r.status.as_str(),
        verdict: r.verdict.as_str(),
    }
}

#[derive(Serialize)]
struct TraineeJson<'a> {
    certificate: Option<Day>,
    double_specialisation: bool,
    id: Option<&'a str>,
    name: &'a str,
    programmes: &'a [String],
    start: Day,
    unit: Option<&'a str>,
}

fn trainee_json<'a>(v: &View<'a>) -> TraineeJson<'a> {
    let t = &v.ledger.trainee;
    TraineeJson {
        certificate: day(t.certificate),
        double_specialisation: t.double_specialisation,
        id: t.id.as_deref(),
        name: &t.name,
        programmes: &t.programmes,
        start: Day(t.start),
        unit: t.unit.as_deref(),
    }
}

#[derive(Serialize)]
struct PeriodJson<'a> {
    budget: Amount,
    charged: Amount,
    from: Day,
    label: &'a str,
    remaining: Amount,
    to: Option<Day>,
}

fn period_json(p: &PeriodResult) -> PeriodJson<'_> {
    PeriodJson {
        budget: p.budget,
        charged: p.charged,
        from: Day(p.from),
        label: &p.label,
        remaining: p.remaining,
        to: day(p.to),
    }
}

#[derive(Serialize)]
struct TotalsJson {
    amount: Amount,
    budget: Amount,
    central: Amount,
    #[serde(rename = "self")]
    self_paid: Amount,
    unit: Amount,
}

fn totals_json(v: &View<'_>) -> TotalsJson {
    totals_of_json(&v.eval.totals)
}

fn totals_of_json(t: &Totals) -> TotalsJson {
    TotalsJson {
        amount: t.amount,
        budget: t.payers.budget,
        central: t.payers.central,
        self_paid: t.payers.self_paid,
        unit: t.payers.unit,
    }
}

#[derive(Serialize)]
struct CapJson<'a> {
    id: &'a str,
    limit: Amount,
    period: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    remaining: Amount,
    used: Amount,
}

#[derive(Serialize)]
struct PolicyJson<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct EvaluationJson<'a> {
    as_of: Day,
    caps: Vec<CapJson<'a>>,
    counts: Counts,
    entries: Vec<EntryJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    periods: Vec<PeriodJson<'a>>,
    policy: PolicyJson<'a>,
    totals: TotalsJson,
    trainee: TraineeJson<'a>,
}

fn evaluation_json<'a>(v: &View<'a>) -> EvaluationJson<'a> {
    let caps = v
        .eval
        .caps
        .iter()
        .map(|c| {
            let rule = &v.policy.rules[c.rule];
            CapJson {
                id: &rule.id,
                limit: c.limit,
                period: &c.period,
                reference: &rule.reference,
                remaining: c.remaining,
                used: c.used,
            }
        })
        .collect();
    EvaluationJson {
        as_of: Day(v.eval.as_of),
        caps,
        counts: Counts {
            errors: v.eval.count(Severity::Error),
            warnings: v.eval.count(Severity::Warning),
        },
        entries: v.eval.entries.iter().map(|r| entry_json(v, r)).collect(),
        findings: v
            .eval
            .findings
            .iter()
            .map(|f| finding_json(f, v.policy, v.lang))
            .collect(),
        periods: v.eval.periods.iter().map(period_json).collect(),
        policy: PolicyJson {
            id: &v.policy.id,
            version: &v.policy.version,
        },
        totals: totals_json(v),
        trainee: trainee_json(v),
    }
}

/// A serialisable value as a `Value`, for callers that add fields to it.
fn value<T: Serialize>(t: T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

pub fn finding(f: &Finding, policy: &Policy, lang: Lang) -> Value {
    value(finding_json(f, policy, lang))
}

pub fn entry(v: &View<'_>, r: &EntryResult) -> Value {
    value(entry_json(v, r))
}

pub fn trainee(v: &View<'_>) -> Value {
    value(trainee_json(v))
}

/// One period: label, from, to, budget, charged, remaining.
pub fn period(p: &PeriodResult) -> Value {
    value(period_json(p))
}

pub fn periods(v: &View<'_>) -> Value {
    value(v.eval.periods.iter().map(period_json).collect::<Vec<_>>())
}

pub fn totals(v: &View<'_>) -> Value {
    value(totals_json(v))
}

/// The totals: amount and each payer's part.
pub fn totals_of(t: &Totals) -> Value {
    value(totals_of_json(t))
}

/// The object `balance` and `list` print.
pub fn evaluation(v: &View<'_>) -> Value {
    value(evaluation_json(v))
}

/// The object `balance` and `list` print, as pretty-printed text with a final
/// newline, written without an intermediate `Value`.
pub fn evaluation_text(v: &View<'_>) -> String {
    let mut out = serde_json::to_string_pretty(&evaluation_json(v)).unwrap_or_default();
    out.push('\n');
    out
}
