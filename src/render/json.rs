//! The JSON of SPEC.md: one object for `balance` and `list`, one for `check`,
//! one for `add`; amounts as strings.
//!
//! Objects are typed structs serialised straight to the writer, never
//! `serde_json::Value` trees: a 10 000-entry `list --format json` spent four
//! fifths of its time building and walking those trees. Fields are declared in
//! alphabetical order, the order `Value` printed them in, so the output is byte
//! for byte what it was; a script may rely on it.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::{Recording, View};
use crate::engine::{EntryResult, Finding, Payers, PeriodResult, PoolResult, Totals};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::{Body, DayCount, Policy, Severity, Unit};

/// A date as the JSON writes it: `"2024-03-11"`.
#[derive(Clone, Copy)]
pub(super) struct Day(NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

pub(super) fn day(d: Option<NaiveDate>) -> Option<Day> {
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
    /// What it drew on budgets other than the main one (whose part is
    /// `payers.budget`); left out when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pools: Vec<DrawnJson<'a>>,
    status: &'static str,
    verdict: &'static str,
}

/// A figure in a pool's unit: kronor as a decimal string, days as a number.
#[derive(Clone, Copy)]
pub(super) struct Figure(Amount, Unit);

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Unit::Kronor => self.0.serialize(s),
            Unit::Days(_) => s.serialize_i64((self.0.ore() / 100) as i64),
        }
    }
}

#[derive(Serialize)]
struct DrawnJson<'a> {
    id: &'a str,
    unit: &'static str,
    used: Figure,
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
        pools: r
            .pools
            .iter()
            .map(|&(rule, used)| {
                let unit = pool_unit(v.policy, rule);
                DrawnJson {
                    id: &v.policy.rules[rule].id,
                    unit: unit.as_str(),
                    used: Figure(used, unit),
                }
            })
            .collect(),
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

/// A period of the main budget; an uncapped budget has no `budget` or
/// `remaining` (null).
#[derive(Serialize)]
pub(super) struct PeriodJson<'a> {
    budget: Option<Amount>,
    charged: Amount,
    from: Day,
    label: &'a str,
    remaining: Option<Amount>,
    to: Option<Day>,
}

pub(super) fn period_json(p: &PeriodResult) -> PeriodJson<'_> {
    PeriodJson {
        budget: (!p.uncapped).then_some(p.budget),
        charged: p.charged,
        from: Day(p.from),
        label: &p.label,
        remaining: (!p.uncapped).then_some(p.remaining),
        to: day(p.to),
    }
}

/// The unit of a budget rule's pool.
pub(super) fn pool_unit(policy: &Policy, rule: usize) -> Unit {
    match &policy.rules[rule].body {
        Body::Budget { pool, .. } => pool.unit,
        _ => Unit::Kronor,
    }
}

/// One budget (a pool) with its unit and its periods: `pools` of `balance`,
/// `list` and `audit`.
#[derive(Serialize)]
pub(super) struct PoolJson<'a> {
    count: Option<&'static str>,
    id: &'a str,
    periods: Vec<PoolPeriodJson<'a>>,
    #[serde(rename = "ref")]
    reference: &'a str,
    unit: &'static str,
}

#[derive(Serialize)]
struct PoolPeriodJson<'a> {
    amount: Option<Figure>,
    from: Day,
    label: &'a str,
    remaining: Option<Figure>,
    reserved: Vec<ReservedJson<'a>>,
    to: Option<Day>,
    used: Figure,
}

#[derive(Serialize)]
struct ReservedJson<'a> {
    amount: Figure,
    remaining: Figure,
    title: &'a str,
    used: Figure,
}

pub(super) fn pool_json<'a>(policy: &'a Policy, r: &'a PoolResult, lang: Lang) -> PoolJson<'a> {
    let rule = &policy.rules[r.rule];
    let reserves: Vec<&'a str> = match &rule.body {
        Body::Budget { pool, .. } => pool.reserves.iter().map(|x| x.title.get(lang)).collect(),
        _ => Vec::new(),
    };
    pool_json_of(
        &rule.id,
        &rule.reference,
        pool_unit(policy, r.rule),
        &reserves,
        r,
    )
}

/// A pool's JSON from its id, ref, unit and the titles of its reserves.
pub(super) fn pool_json_of<'a>(
    id: &'a str,
    reference: &'a str,
    unit: Unit,
    reserve_titles: &[&'a str],
    r: &'a PoolResult,
) -> PoolJson<'a> {
    PoolJson {
        count: match unit {
            Unit::Kronor => None,
            Unit::Days(DayCount::Calendar) => Some("calendar-days"),
            Unit::Days(DayCount::Working { .. }) => Some("working-days"),
        },
        id,
        periods: r
            .periods
            .iter()
            .map(|p| PoolPeriodJson {
                amount: p.amount.map(|a| Figure(a, unit)),
                from: Day(p.from),
                label: &p.label,
                remaining: p.remaining.map(|a| Figure(a, unit)),
                reserved: p
                    .reserves
                    .iter()
                    .map(|v| ReservedJson {
                        amount: Figure(v.amount, unit),
                        remaining: Figure(v.remaining, unit),
                        title: reserve_titles.get(v.index).copied().unwrap_or(""),
                        used: Figure(v.used, unit),
                    })
                    .collect(),
                to: day(p.to),
                used: Figure(p.used, unit),
            })
            .collect(),
        reference,
        unit: unit.as_str(),
    }
}

#[derive(Serialize)]
pub(super) struct TotalsJson {
    amount: Amount,
    budget: Amount,
    central: Amount,
    #[serde(rename = "self")]
    self_paid: Amount,
    unit: Amount,
}

pub(super) fn totals_json(t: &Totals) -> TotalsJson {
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
pub(super) struct Counts {
    pub(super) errors: usize,
    pub(super) warnings: usize,
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
    pools: Vec<PoolJson<'a>>,
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
        pools: v
            .eval
            .pools
            .iter()
            .map(|p| pool_json(v.policy, p, v.lang))
            .collect(),
        totals: totals_json(&v.eval.totals),
        trainee: trainee_json(v),
    }
}

/// Writes `value` pretty-printed, with a final newline.
fn pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// The object `balance` and `list` print.
pub fn evaluation(out: &mut dyn Write, v: &View<'_>) -> io::Result<()> {
    pretty(out, &evaluation_json(v))
}

/// A finding of `check`: the finding and the line of its entry.
#[derive(Serialize)]
struct CheckFindingJson<'a> {
    entry: Option<u32>,
    line: Option<usize>,
    message: String,
    #[serde(rename = "ref")]
    reference: &'a str,
    rule: &'a str,
    severity: &'static str,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    counts: Counts,
    findings: Vec<CheckFindingJson<'a>>,
    path: &'a str,
    policy: PolicyJson<'a>,
}

/// The object `check` prints: the findings it lists, each with its line.
pub fn check<'a>(
    out: &mut dyn Write,
    v: &View<'_>,
    path: &str,
    findings: impl Iterator<Item = &'a Finding>,
    line_of: &dyn Fn(u32) -> Option<usize>,
) -> io::Result<()> {
    let findings = findings
        .map(|f| {
            let FindingJson {
                entry,
                message,
                reference,
                rule,
                severity,
            } = finding_json(f, v.policy, v.lang);
            CheckFindingJson {
                entry,
                line: entry.and_then(line_of),
                message,
                reference,
                rule,
                severity,
            }
        })
        .collect();
    pretty(
        out,
        &CheckJson {
            counts: Counts {
                errors: v.eval.count(Severity::Error),
                warnings: v.eval.count(Severity::Warning),
            },
            findings,
            path,
            policy: PolicyJson {
                id: &v.policy.id,
                version: &v.policy.version,
            },
        },
    )
}

#[derive(Serialize)]
struct AddedJson<'a> {
    entry: EntryJson<'a>,
    period: Option<PeriodJson<'a>>,
    recorded: bool,
    /// Only there when the entry was refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    refused: bool,
}

/// The object `add` prints: the entry as judged, its period, and whether it
/// was recorded.
pub fn added(out: &mut dyn Write, v: &View<'_>, r: &EntryResult, rec: Recording) -> io::Result<()> {
    pretty(
        out,
        &AddedJson {
            entry: entry_json(v, r),
            period: v.eval.period_of(r.date).map(period_json),
            recorded: rec.recorded,
            refused: rec.refused,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Catalog;

    /// The text `serde_json::Value` would print for the same JSON: keys sorted,
    /// pretty-printed. The typed output must be byte for byte that.
    fn as_value_prints_it(text: &[u8]) -> String {
        let v: serde_json::Value = serde_json::from_slice(text).expect("valid JSON");
        format!("{v:#}\n")
    }

    #[test]
    fn the_json_of_balance_check_and_add_is_what_a_value_tree_printed() {
        let catalog = Catalog::builtin().expect("catalogue");
        let policy = catalog.all().next().expect("a policy");
        let text = format!(
            "format = 1\n[trainee]\nname = \"A\"\npolicy = \"{}\"\nstart = 2024-01-08\n\n\
             [[entry]]\nid = 1\ndate = 2024-03-11\nkind = \"course\"\ndescription = \"K\"\namount = \"4500\"\n\n\
             [[entry]]\nid = 2\ndate = 2024-03-12\nkind = \"travel\"\ndescription = \"T\"\namount = \"900\"\nfor = 1\n",
            policy.id
        );
        let ledger = crate::ledger::parse("t.toml", &text).expect("parses");
        let eff = ledger.effective();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let eval = crate::engine::evaluate(policy, &eff, today);
        let v = View {
            policy,
            ledger: &eff,
            eval: &eval,
            lang: Lang::En,
        };
        let mut out = Vec::new();
        evaluation(&mut out, &v).expect("written");
        assert_eq!(String::from_utf8_lossy(&out), as_value_prints_it(&out));

        let mut out = Vec::new();
        let findings = eval.all_findings();
        check(&mut out, &v, "t.toml", findings, &|id| {
            Some(id as usize + 6)
        })
        .expect("written");
        assert_eq!(String::from_utf8_lossy(&out), as_value_prints_it(&out));
        assert!(String::from_utf8_lossy(&out).contains("\"line\": 7"));

        for rec in [
            Recording {
                recorded: true,
                refused: false,
            },
            Recording {
                recorded: false,
                refused: true,
            },
        ] {
            let mut out = Vec::new();
            added(&mut out, &v, &eval.entries[1], rec).expect("written");
            let shown = String::from_utf8_lossy(&out);
            assert_eq!(shown, as_value_prints_it(&out));
            assert_eq!(shown.contains("\"refused\": true"), rec.refused);
        }
    }
}
