//! The audit as JSON: one object per ledger, on a line of its own, fields in
//! alphabetical order; the register's missing ledgers, the skipped paths and
//! the summary (counts, `units`, `lapsing`) after them. Amounts are decimal
//! strings, dates ISO; messages are in the language chosen.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use super::words::{self, AuditFinding};
use crate::audit::register::Known;
use crate::audit::units::{Lapse, Lapses, Units};
use crate::audit::{LedgerAudit, Skipped};
use crate::i18n::Lang;
use crate::ledger::seal::SealCheck;
use crate::money::Amount;
use crate::policy::Severity;
use crate::render::json::{
    Counts, Day, Once, PayersJson, PeriodJson, TotalsJson, compact, period_json_at, totals_json,
};

#[derive(Serialize)]
struct FindingJson<'a> {
    details: Option<&'a str>,
    entry: Option<u32>,
    message: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    rule: &'a str,
    severity: &'static str,
}

fn finding_json<'a>(f: &'a AuditFinding<'_>) -> FindingJson<'a> {
    FindingJson {
        details: f.details.as_deref(),
        entry: f.entry,
        message: &f.message,
        reference: &f.reference,
        rule: &f.rule,
        severity: f.severity.as_str(),
    }
}

/// A worded finding, written as [`FindingJson`].
struct Owned<'a>(AuditFinding<'a>);

impl Serialize for Owned<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        finding_json(&self.0).serialize(s)
    }
}

#[derive(Serialize)]
struct IntegrityJson {
    message: Option<String>,
    record: Option<String>,
    records: usize,
    register: Option<&'static str>,
    seal: &'static str,
    status: &'static str,
}

#[derive(Serialize)]
struct PolicyJson<'a> {
    /// The policy the ledger was judged by (or would have been).
    id: &'a str,
    known: bool,
    /// The policy the ledger itself names.
    named: &'a str,
    /// Why another policy than the one it names judged it, when the director pinned one.
    pinned: Option<&'a str>,
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct TraineeJson<'a> {
    id: Option<&'a str>,
    name: &'a str,
    uid: Option<&'a str>,
    unit: Option<&'a str>,
}

/// A ledger that was read and judged.
#[derive(Serialize)]
#[serde(bound(serialize = "Once<F>: Serialize"))]
struct LedgerJson<'a, F> {
    counts: Counts,
    current_period: Option<PeriodJson<'a>>,
    /// The findings worth showing (warnings and errors), each worded as it is
    /// written: a large ledger may have hundreds of thousands.
    findings: Once<F>,
    integrity: IntegrityJson,
    path: &'a str,
    periods: Vec<PeriodJson<'a>>,
    policy: PolicyJson<'a>,
    pools: Vec<crate::render::json::PoolJson<'a>>,
    /// `null` when the policy lists no mandatory subjects.
    subjects: Option<SubjectsJson<'a>>,
    totals: Option<TotalsJson>,
    trainee: TraineeJson<'a>,
}

/// A ledger's mandatory subjects in counts, and the ids of those missing.
#[derive(Serialize)]
struct SubjectsJson<'a> {
    done: usize,
    missing: usize,
    missing_ids: Vec<&'a str>,
    /// Subjects are missing and the programme ends within
    /// `summary.subjects.within_days` (or has ended).
    near_end: bool,
    planned: usize,
}

fn subjects_json<'a>(
    a: &'a crate::audit::Audited<'_>,
    today: chrono::NaiveDate,
) -> Option<SubjectsJson<'a>> {
    let t = a.subjects.as_ref()?;
    Some(SubjectsJson {
        done: t.done,
        missing: t.missing.len(),
        missing_ids: a
            .missing_subjects()?
            .into_iter()
            .map(|m| m.id.as_str())
            .collect(),
        near_end: a.subjects_due(today).is_some(),
        planned: t.planned,
    })
}

/// A ledger that could not be read.
#[derive(Serialize)]
struct UnreadableJson<'a> {
    error: String,
    hint: Option<&'a str>,
    path: &'a str,
}

/// The JSON object of one ledger, on one line.
pub(super) fn ledger(
    out: &mut impl Write,
    l: &LedgerAudit<'_>,
    lang: Lang,
    today: chrono::NaiveDate,
) -> io::Result<()> {
    let a = match &l.result {
        Err(e) => {
            let unreadable = UnreadableJson {
                error: e.to_string(),
                hint: e.hint.as_deref(),
                path: &l.path,
            };
            return compact(out, &unreadable);
        }
        Ok(a) => a,
    };
    // The seal's or the register's word on the history: integrity findings only.
    let integrity: Vec<AuditFinding> = (a.findings.iter())
        .filter(|f| f.severity() > Severity::Info && f.is_integrity())
        .map(|f| words::word(f, a.judged_by, lang))
        .collect();
    let as_of = |p| period_json_at(p, today);
    let json = LedgerJson {
        counts: Counts {
            errors: a.count(Severity::Error),
            warnings: a.count(Severity::Warning),
        },
        current_period: a.current_period().map(as_of),
        findings: Once::new(
            super::shown(a, false).map(|f| Owned(words::word(f, a.judged_by, lang))),
        ),
        integrity: IntegrityJson {
            message: integrity_message(&integrity),
            record: a.bad_record.as_ref().map(|r| words::record_name(r, lang)),
            records: a.records,
            register: a.register.as_ref().map(|r| r.as_str()),
            seal: match &a.seal {
                SealCheck::Sealed => "sealed",
                SealCheck::Unsealed => "unsealed",
                SealCheck::Broken { .. } => "broken",
            },
            status: a.integrity(),
        },
        path: &l.path,
        periods: a.periods.iter().map(as_of).collect(),
        policy: PolicyJson {
            id: a.policy_used(),
            known: a.judged_by.is_some(),
            named: &a.policy,
            pinned: a.pinned.as_ref().map(|(_, why)| why.as_str()),
            version: a.policy_version(),
        },
        pools: match a.judged_by {
            Some(policy) => a
                .pools
                .iter()
                .map(|p| crate::render::json::pool_json(policy, p, lang))
                .collect(),
            None => Vec::new(),
        },
        subjects: subjects_json(a, today),
        totals: a.totals.as_ref().map(totals_json),
        trainee: TraineeJson {
            id: a.id.as_deref(),
            name: &a.name,
            uid: a.uid.as_deref(),
            unit: a.unit.as_deref(),
        },
    };
    compact(out, &json)
}

/// What the seal or the register says of the ledger's history, in words.
fn integrity_message(findings: &[AuditFinding]) -> Option<String> {
    let find = |rule: &str| {
        findings
            .iter()
            .find(|f| f.reference == "integrity" && f.rule == rule)
            .map(|f| f.message.clone())
    };
    find("broken")
        .or_else(|| find("rewritten"))
        .or_else(|| find("fresh-ledger"))
}

#[derive(Serialize)]
struct MissingJson<'a> {
    details: String,
    last_seen: String,
    message: String,
    records: usize,
    #[serde(rename = "ref")]
    reference: &'static str,
    rule: &'static str,
    severity: &'static str,
    trainee: TraineeJson<'a>,
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    path: &'a str,
    why: &'a str,
}

/// The register's ledgers missing from the inbox, and the paths skipped.
pub(super) fn rest(
    out: &mut impl Write,
    missing: &[&Known],
    skipped: &[Skipped],
    lang: Lang,
) -> io::Result<()> {
    out.write_all(b"\n],\n\"missing\": [")?;
    for (i, k) in missing.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let (message, details) = words::missing(k, lang);
        let m = MissingJson {
            details,
            last_seen: k.last_seen.to_string(),
            message,
            records: k.records,
            reference: "integrity",
            rule: "missing-from-inbox",
            severity: "warning",
            trainee: TraineeJson {
                id: k.id.as_deref(),
                name: &k.name,
                uid: Some(&k.uid),
                unit: None,
            },
        };
        compact(&mut *out, &m)?;
    }
    out.write_all(b"\n],\n\"skipped\": [")?;
    for (i, s) in skipped.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let s = SkippedJson {
            path: &s.path,
            why: &s.why,
        };
        compact(&mut *out, &s)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    audited: usize,
    clean: usize,
    errors: usize,
    integrity: IntegrityCounts,
    lapsing: LapsingJson<'a>,
    lapsing_within: i64,
    ledgers: usize,
    missing: usize,
    skipped: usize,
    subjects: SubjectCounts,
    units: UnitsJson<'a>,
    unreadable: usize,
    warnings: usize,
}

/// The ledgers whose policy lists mandatory subjects, and how many of them
/// miss some near the end of the programme.
#[derive(Serialize)]
struct SubjectCounts {
    listed: usize,
    missing_near_end: usize,
    within_days: i64,
}

#[derive(Serialize)]
struct IntegrityCounts {
    broken: usize,
    rewritten: usize,
    sealed: usize,
    unsealed: usize,
}

#[derive(Serialize)]
struct LapseTrainee<'a> {
    id: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct LapseJson<'a> {
    lapses_on: Day,
    path: &'a str,
    period: &'a str,
    remaining: Amount,
    trainee: LapseTrainee<'a>,
    unit: Option<&'a str>,
}

fn lapse_json(l: Lapse<'_>) -> LapseJson<'_> {
    LapseJson {
        lapses_on: Day::of(l.lapses_on),
        path: l.path,
        period: l.period,
        remaining: l.remaining,
        trainee: LapseTrainee {
            id: l.id,
            name: l.name,
        },
        unit: l.unit,
    }
}

/// The lapses, written one at a time (not gathered first).
struct LapsingJson<'a>(&'a Lapses);

impl Serialize for LapsingJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let read = self.0.each(&mut |x| {
            seq.serialize_element(&lapse_json(x))
                .map_err(|e| stopped(&mut failed, e))
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

/// Keeps the error that stopped the serialiser, to be returned as itself
/// once the sums that were being gone over have stopped.
fn stopped<E>(failed: &mut Option<E>, e: E) -> io::Error {
    *failed = Some(e);
    io::Error::other("serialising")
}

#[derive(Serialize)]
struct UnitJson<'a> {
    payers: PayersJson,
    trainees: usize,
    /// `null`: the ledgers without a unit.
    unit: Option<&'a str>,
    unit_by_rule: &'a BTreeMap<String, Amount>,
    year: i32,
}

/// The sums per unit and year, written one at a time as they are merged
/// (`Units::each`), not gathered first.
struct UnitsJson<'a>(&'a Units);

impl Serialize for UnitsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let read = self.0.each(&mut |unit, year, u| {
            let json = UnitJson {
                payers: PayersJson::from(&u.payers),
                trainees: u.trainees,
                unit,
                unit_by_rule: &u.unit_by_rule,
                year,
            };
            seq.serialize_element(&json)
                .map_err(|e| stopped(&mut failed, e))
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

/// The summary object, on one line.
pub(super) fn summary(out: &mut impl Write, s: &Summary, _lang: Lang) -> io::Result<()> {
    let json = SummaryJson {
        audited: s.audited(),
        clean: s.clean,
        errors: s.errors,
        integrity: IntegrityCounts {
            broken: s.broken,
            rewritten: s.rewritten,
            sealed: s.sealed,
            unsealed: s.unsealed,
        },
        lapsing: LapsingJson(&s.lapsing),
        lapsing_within: s.lapsing_within,
        ledgers: s.ledgers,
        missing: s.missing,
        skipped: s.skipped,
        subjects: SubjectCounts {
            listed: s.subjects_listed,
            missing_near_end: s.subjects_due,
            within_days: crate::audit::SUBJECTS_WITHIN_DAYS,
        },
        units: UnitsJson(&s.units),
        unreadable: s.unreadable,
        warnings: s.warnings,
    };
    compact(out, &json)
}
