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

use std::collections::BTreeMap;

use super::entry::{Shown, fields};
use super::{Recorded, View};
use crate::engine::{
    EntryResult, Finding, Payers, PeriodFigures, PeriodResult, PoolResult, Standing, Totals,
};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::{Body, DayCount, Policy, Severity, Unit};

/// A date as the JSON writes it: `"2024-03-11"`.
#[derive(Clone, Copy)]
pub(super) struct Day(NaiveDate);

impl Day {
    pub(super) fn of(d: NaiveDate) -> Day {
        Day(d)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A year of four digits (every ledger's) written from its numbers:
        // through `Display`, chrono writes a date a letter at a time, and
        // each letter went through the JSON writer's escaping on its own.
        match iso_digits(self.0) {
            Some(digits) => {
                s.serialize_str(std::str::from_utf8(&digits).expect("digits and hyphens are ASCII"))
            }
            None => s.collect_str(&self.0),
        }
    }
}

/// `YYYY-MM-DD` for a year from 0 to 9999, as `Display` writes it.
fn iso_digits(d: NaiveDate) -> Option<[u8; 10]> {
    use chrono::Datelike;
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32, place: u32| b'0' + (n / place % 10) as u8;
    let (m, day) = (d.month(), d.day());
    Some([
        digit(year, 1000),
        digit(year, 100),
        digit(year, 10),
        digit(year, 1),
        b'-',
        digit(m, 10),
        digit(m, 1),
        b'-',
        digit(day, 10),
        digit(day, 1),
    ])
}

pub(super) fn day(d: Option<NaiveDate>) -> Option<Day> {
    d.map(Day)
}

#[derive(Serialize)]
pub(super) struct PayersJson {
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
    let rule = &policy.rules[f.rule()];
    FindingJson {
        entry: f.entry(),
        message: crate::render::finding::message(f, policy, lang),
        reference: &rule.reference,
        rule: &rule.id,
        severity: f.severity().as_str(),
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
    let e = &v.ledger.entries[r.index()];
    EntryJson {
        amount: r.amount(),
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
        payers: PayersJson::from(&r.payers()),
        pools: r
            .pools()
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
    /// What lapsed unused, when the period is closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    lapsed: Option<Amount>,
    remaining: Option<Amount>,
    /// `closed`, `current` or `future`, where the day it is judged on is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
    to: Option<Day>,
}

pub(super) fn period_json(p: &PeriodResult) -> PeriodJson<'_> {
    PeriodJson {
        budget: (!p.uncapped).then_some(p.budget),
        charged: p.charged,
        from: Day(p.from),
        label: &p.label,
        lapsed: None,
        remaining: (!p.uncapped).then_some(p.remaining),
        state: None,
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

/// A period as of a day: with its `state` and, when closed, what `lapsed`.
pub(super) fn period_json_at(p: &PeriodResult, as_of: NaiveDate) -> PeriodJson<'_> {
    PeriodJson {
        lapsed: p.lapsed(as_of),
        state: Some(p.state(as_of).as_str()),
        ..period_json(p)
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
    /// `ST`, `AT` or `BT`.
    programme: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
pub(super) struct Counts {
    pub(super) errors: usize,
    pub(super) warnings: usize,
}

#[derive(Serialize)]
#[serde(bound(serialize = "Once<E>: Serialize"))]
struct EvaluationJson<'a, E> {
    as_of: Day,
    caps: Vec<CapJson<'a>>,
    counts: Counts,
    /// Every entry, put in words as it is written.
    entries: Once<E>,
    findings: Vec<FindingJson<'a>>,
    periods: Vec<PeriodJson<'a>>,
    policy: PolicyJson<'a>,
    pools: Vec<PoolJson<'a>>,
    services: Vec<ServiceJson>,
    /// The mandatory course subjects the policy lists; left out when it lists none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subjects: Vec<SubjectJson<'a>>,
    totals: TotalsJson,
    trainee: TraineeJson<'a>,
    /// `balance --by year` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    years: Option<Vec<YearJson>>,
}

/// A mandatory course subject: where it stands and the entries that cover it.
#[derive(Serialize)]
pub(super) struct SubjectJson<'a> {
    pub(super) entries: &'a [u32],
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) status: &'static str,
}

pub(super) fn subjects_json<'a>(v: &View<'a>) -> Vec<SubjectJson<'a>> {
    v.eval
        .subjects
        .iter()
        .map(|s| SubjectJson {
            entries: &s.entries,
            id: &v.policy.subjects[s.index].id,
            name: v.policy.subjects[s.index].name.get(v.lang),
            status: s.progress.as_str(),
        })
        .collect()
}

/// A service period, as the budgets follow it.
#[derive(Serialize)]
struct ServiceJson {
    from: Day,
    percent: u8,
}

/// What was charged, and to whom, in a calendar year.
#[derive(Serialize)]
struct YearJson {
    #[serde(flatten)]
    totals: TotalsJson,
    year: i32,
}

/// A sequence written from an iterator as it is serialized, each item put in
/// words as it is written: a long list (every entry, every finding) is never
/// held whole. It can be written once.
pub(crate) struct Once<I>(std::cell::RefCell<Option<I>>);

impl<I> Once<I> {
    pub(crate) fn new(items: I) -> Once<I> {
        Once(std::cell::RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Once<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let items = self.0.borrow_mut().take();
        s.collect_seq(items.ok_or_else(|| S::Error::custom("a sequence written twice"))?)
    }
}

fn evaluation_json<'a, 'v>(
    v: &'v View<'a>,
    by_year: bool,
) -> EvaluationJson<'a, impl Iterator<Item = EntryJson<'a>> + 'v> {
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
        entries: Once::new(v.eval.entries.iter().map(move |r| entry_json(v, r))),
        findings: v
            .eval
            .findings
            .iter()
            .map(|f| finding_json(f, v.policy, v.lang))
            .collect(),
        periods: v
            .eval
            .periods
            .iter()
            .map(|p| period_json_at(p, v.eval.as_of))
            .collect(),
        policy: PolicyJson {
            id: &v.policy.id,
            version: &v.policy.version,
            programme: v.policy.programme.label(),
        },
        pools: v
            .eval
            .pools
            .iter()
            .map(|p| pool_json(v.policy, p, v.lang))
            .collect(),
        services: v
            .ledger
            .services
            .iter()
            .map(|s| ServiceJson {
                from: Day(s.from),
                percent: s.percent,
            })
            .collect(),
        subjects: subjects_json(v),
        totals: totals_json(&v.eval.totals),
        trainee: trainee_json(v),
        years: by_year.then(|| {
            super::by_year(v.eval)
                .iter()
                .map(|(year, t)| YearJson {
                    totals: totals_json(t),
                    year: *year,
                })
                .collect()
        }),
    }
}

/// Writes `value` compact, on one line (no newline): the audit's lines.
pub(crate) fn compact(out: &mut (impl Write + ?Sized), value: &impl Serialize) -> io::Result<()> {
    write(out, value, false)
}

/// Writes `value` pretty-printed, with a final newline.
fn pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    write(out, value, true)?;
    out.write_all(b"\n")
}

/// Every JSON st-budget prints is serialised here, by `sonic-rs`: its output
/// is `serde_json`'s byte for byte, but it escapes strings many bytes at a
/// time, where `serde_json` looks at each byte of each key and value (a
/// twentieth of an audit's time). Made in a buffer the thread keeps and
/// handed to `out` every [`Pieces::WHOLE`] bytes: a ledger's object of many
/// megabytes is never held whole.
fn write(out: &mut (impl Write + ?Sized), value: &impl Serialize, pretty: bool) -> io::Result<()> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        let mut pieces = Pieces { buf, out };
        let done = if pretty {
            sonic_rs::to_writer_pretty(&mut pieces, value)
        } else {
            sonic_rs::to_writer(&mut pieces, value)
        };
        done.map_err(io::Error::from)?;
        pieces.out.write_all(pieces.buf)
    })
}

/// JSON as `sonic-rs` writes it, gathered in `buf` and passed on to `out` in
/// pieces of [`Pieces::WHOLE`] bytes or more (the last one by the caller).
struct Pieces<'a, W: ?Sized> {
    buf: &'a mut Vec<u8>,
    out: &'a mut W,
}

impl<W: Write + ?Sized> Pieces<'_, W> {
    const WHOLE: usize = 64 * 1024;
}

impl<W: Write + ?Sized> Write for Pieces<'_, W> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[allow(unsafe_code)]
impl<W: Write + ?Sized> sonic_rs::writer::WriteExt for Pieces<'_, W> {
    #[inline]
    fn reserve_with(&mut self, additional: usize) -> io::Result<&mut [std::mem::MaybeUninit<u8>]> {
        if self.buf.len() >= Self::WHOLE {
            self.out.write_all(self.buf)?;
            self.buf.clear();
        }
        self.buf.reserve_with(additional)
    }

    #[inline]
    unsafe fn flush_len(&mut self, additional: usize) -> io::Result<()> {
        // SAFETY: the caller's promise (`additional` bytes written into what
        // `reserve_with` gave) is `Vec`'s, which gave it.
        unsafe { self.buf.flush_len(additional) }
    }
}

/// The object `balance` and `list` print; `by_year` adds the money per calendar year.
pub fn evaluation(out: &mut dyn Write, v: &View<'_>, by_year: bool) -> io::Result<()> {
    pretty(out, &evaluation_json(v, by_year))
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
#[serde(bound(serialize = "Once<F>: Serialize"))]
struct CheckJson<'a, F> {
    counts: Counts,
    findings: Once<F>,
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
    let findings = findings.map(|f| {
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
    });
    pretty(
        out,
        &CheckJson {
            counts: Counts {
                errors: v.eval.count(Severity::Error),
                warnings: v.eval.count(Severity::Warning),
            },
            findings: Once::new(findings),
            path,
            policy: PolicyJson {
                id: &v.policy.id,
                version: &v.policy.version,
                programme: v.policy.programme.label(),
            },
        },
    )
}

/// An entry's payers and verdict, before or after a recording.
#[derive(Serialize)]
struct StandingJson {
    payers: PayersJson,
    verdict: &'static str,
}

fn standing_json(s: &Standing) -> StandingJson {
    StandingJson {
        payers: PayersJson::from(&s.payers),
        verdict: s.verdict.as_str(),
    }
}

/// An entry whose payers or verdict change: SPEC's `changes`.
#[derive(Serialize)]
struct ChangeJson {
    after: Option<StandingJson>,
    before: Option<StandingJson>,
    id: u32,
}

#[derive(Serialize)]
struct FiguresJson {
    budget: Amount,
    charged: Amount,
    remaining: Amount,
}

#[derive(Serialize)]
struct PeriodChangeJson<'a> {
    after: Option<FiguresJson>,
    before: Option<FiguresJson>,
    label: &'a str,
}

fn figures_json(f: &PeriodFigures) -> FiguresJson {
    FiguresJson {
        budget: f.budget,
        charged: f.charged,
        remaining: f.remaining,
    }
}

/// What a command that records something prints.
#[derive(Serialize)]
struct RecordedJson<'a> {
    changes: Vec<ChangeJson>,
    /// The entry recorded or changed, as judged after.
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<EntryJson<'a>>,
    /// Its period, as judged after (`null` outside every period).
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<Option<PeriodJson<'a>>>,
    period_changes: Vec<PeriodChangeJson<'a>>,
    recorded: bool,
    /// Only there when it was refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    refused: bool,
}

/// The object `add`, `amend`, `approve`, `cancel`, `attended`, `service` and
/// `trainee` print: the entry recorded (if one is), every entry whose payers
/// or verdict change, and whether it was recorded.
pub fn recorded(out: &mut dyn Write, r: &Recorded<'_>) -> io::Result<()> {
    let v = &r.after;
    let entry = r.entry_id().and_then(|id| v.eval.entry(id));
    pretty(
        out,
        &RecordedJson {
            changes: r
                .changes
                .entries
                .iter()
                .map(|c| ChangeJson {
                    after: c.after.as_ref().map(standing_json),
                    before: c.before.as_ref().map(standing_json),
                    id: c.id,
                })
                .collect(),
            entry: entry.map(|e| entry_json(v, e)),
            period: entry.map(|e| {
                v.eval
                    .period_of(e.date)
                    .map(|p| period_json_at(p, v.eval.as_of))
            }),
            period_changes: r
                .changes
                .periods
                .iter()
                .map(|p| PeriodChangeJson {
                    after: p.after.as_ref().map(figures_json),
                    before: p.before.as_ref().map(figures_json),
                    label: &p.label,
                })
                .collect(),
            recorded: r.recording.recorded,
            refused: r.recording.refused,
        },
    )
}

/// A step of an entry's history: each field it set, as the ledger stores it.
#[derive(Serialize)]
struct StepJson {
    changes: BTreeMap<&'static str, Option<super::entry::Stored>>,
    line: Option<usize>,
    recorded: Option<Day>,
}

/// What `show ID --format json` prints.
#[derive(Serialize)]
struct ShownJson<'a> {
    entry: EntryJson<'a>,
    fields: BTreeMap<&'static str, super::entry::Stored>,
    history: Vec<StepJson>,
    line: Option<usize>,
    linked: Vec<u32>,
    period: Option<PeriodJson<'a>>,
}

/// `show ID` for scripts: the entry as `list` prints it, its fields as a
/// person reads them, and its history.
pub fn shown(out: &mut dyn Write, s: &Shown<'_>) -> io::Result<()> {
    let v = &s.view;
    let Some(r) = v.eval.entry(s.id) else {
        return Ok(());
    };
    let e = &v.ledger.entries[r.index()];
    pretty(
        out,
        &ShownJson {
            entry: entry_json(v, r),
            fields: fields(e, v.policy, v.lang)
                .into_iter()
                .map(|f| (f.key, f.stored))
                .collect(),
            history: s
                .history()
                .into_iter()
                .map(|step| StepJson {
                    changes: step
                        .changes
                        .into_iter()
                        .map(|c| (c.key, c.stored))
                        .collect(),
                    line: step.line,
                    recorded: day(step.recorded),
                })
                .collect(),
            line: s.line,
            linked: v
                .ledger
                .entries
                .iter()
                .filter(|x| x.for_entry() == Some(s.id))
                .map(|x| x.id)
                .collect(),
            period: v
                .eval
                .period_of(r.date)
                .map(|p| period_json_at(p, v.eval.as_of)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Catalog;

    /// A day is written as chrono's `Display` writes it: every day of two
    /// years apart, the ends of the four-digit years, and years beyond them
    /// (written by `Display` itself).
    #[test]
    fn a_day_is_written_as_display_writes_it() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let mut days: Vec<NaiveDate> = ymd(2023, 12, 25).iter_days().take(800).collect();
        days.extend([
            ymd(0, 1, 1),
            ymd(9, 9, 9),
            ymd(999, 12, 31),
            ymd(1000, 1, 1),
        ]);
        days.extend([ymd(9999, 12, 31), ymd(10000, 1, 1), ymd(-1, 12, 31)]);
        for d in days {
            let json = serde_json::to_string(&Day(d)).expect("JSON");
            assert_eq!(json, format!("\"{d}\""));
        }
    }

    /// The text `serde_json::Value` would print for the same JSON: keys sorted,
    /// pretty-printed. The typed output must be byte for byte that.
    fn as_value_prints_it(text: &[u8]) -> String {
        let v: serde_json::Value = serde_json::from_slice(text).expect("valid JSON");
        format!("{v:#}\n")
    }

    #[test]
    fn the_json_of_balance_check_and_add_is_what_a_value_tree_printed() {
        let catalog = Catalog::builtin().expect("catalogue");
        // The first ST policy (file order): its rules speak of the entries below.
        let policy = catalog
            .all()
            .find(|p| p.programme == crate::policy::Programme::St)
            .expect("an ST policy");
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
            width: None,
        };
        for by_year in [false, true] {
            let mut out = Vec::new();
            evaluation(&mut out, &v, by_year).expect("written");
            assert_eq!(String::from_utf8_lossy(&out), as_value_prints_it(&out));
            assert_eq!(String::from_utf8_lossy(&out).contains("\"years\""), by_year);
        }

        let mut out = Vec::new();
        let findings = eval.all_findings();
        check(&mut out, &v, "t.toml", findings, &|id| {
            Some(id as usize + 6)
        })
        .expect("written");
        assert_eq!(String::from_utf8_lossy(&out), as_value_prints_it(&out));
        assert!(String::from_utf8_lossy(&out).contains("\"line\": 7"));

        let mut before_ledger = eff.clone();
        before_ledger.entries.pop();
        let before_eval = crate::engine::evaluate(policy, &before_ledger, today);
        let changes = crate::engine::changes(&before_eval, &eval);
        for recording in [
            super::super::Recording {
                recorded: true,
                refused: false,
            },
            super::super::Recording {
                recorded: false,
                refused: true,
            },
        ] {
            let r = Recorded {
                before: View {
                    ledger: &before_ledger,
                    eval: &before_eval,
                    ..v
                },
                after: v,
                subject: super::super::Subject::Entry { id: 2, new: true },
                changes: &changes,
                recording,
            };
            let mut out = Vec::new();
            recorded(&mut out, &r).expect("written");
            let shown = String::from_utf8_lossy(&out);
            assert_eq!(shown, as_value_prints_it(&out));
            assert_eq!(shown.contains("\"refused\": true"), recording.refused);
            assert!(shown.contains("\"changes\": ["), "{shown}");
        }
    }
}
