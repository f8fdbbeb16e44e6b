//! The audit as CSV for scripts: RFC 4180, one header row, plain decimals, ISO
//! dates, English words; columns are only ever added at the end. Three views:
//! the ledgers (default: a `ledger` row per ledger, a `finding` row per
//! finding, and `error`, `missing`, `skipped` rows), the sums per unit and year
//! (`--by-unit`), the money about to lapse (`--lapsing`). A spreadsheet is
//! `--xlsx`'s.

use std::io::{self, Write};

use super::words::{self, AuditFinding};
use super::{Options, Summary, error_text};
use crate::audit::register::Known;
use crate::audit::{LedgerAudit, Skipped};
use crate::policy::Severity;
use crate::render::csv::row;

/// The columns of the ledger view, in their order for good.
const LEDGER_COLUMNS: [&str; 22] = [
    "path",
    "row",
    "trainee",
    "trainee_id",
    "policy",
    "integrity",
    "record",
    "period",
    "budget",
    "charged",
    "remaining",
    "errors",
    "warnings",
    "entry",
    "severity",
    "rule",
    "ref",
    "message",
    "unit",
    "details",
    "subjects_missing",
    "subjects_missing_ids",
];

const UNIT_COLUMNS: [&str; 8] = [
    "unit",
    "year",
    "trainees",
    "budget",
    "central",
    "unit_pays",
    "self",
    "unit_by_rule",
];

const LAPSING_COLUMNS: [&str; 7] = [
    "path",
    "trainee",
    "trainee_id",
    "unit",
    "period",
    "remaining",
    "lapses_on",
];

fn header(columns: &[&str]) -> String {
    row(&columns.iter().map(|c| c.to_string()).collect::<Vec<_>>())
}

/// Which view: the ledgers, or a summary alone.
fn ledgers_view(opts: &Options) -> bool {
    !opts.by_unit && !opts.lapsing
}

pub(super) fn start(out: &mut impl Write, opts: &Options) -> io::Result<()> {
    let h = if opts.by_unit {
        header(&UNIT_COLUMNS)
    } else if opts.lapsing {
        header(&LAPSING_COLUMNS)
    } else {
        header(&LEDGER_COLUMNS)
    };
    out.write_all(h.as_bytes())
}

/// A row of the ledger view, blank but for `set`.
fn blank_row(set: &[(usize, String)]) -> String {
    let mut r: Vec<String> = vec![String::new(); LEDGER_COLUMNS.len()];
    for (i, v) in set {
        r[*i] = v.clone();
    }
    row(&r)
}

pub(super) fn ledger(out: &mut impl Write, l: &LedgerAudit<'_>, opts: &Options) -> io::Result<()> {
    if !ledgers_view(opts) {
        return Ok(());
    }
    let a = match &l.result {
        Err(e) => {
            let r = blank_row(&[
                (0, l.path.clone()),
                (1, "error".into()),
                (17, error_text(e, opts.lang)),
            ]);
            return out.write_all(r.as_bytes());
        }
        Ok(a) => a,
    };
    let p = a.current_period();
    let money = |f: fn(&crate::engine::PeriodResult) -> crate::money::Amount| {
        p.map(|p| f(p).to_string()).unwrap_or_default()
    };
    let unit = a.unit.clone().unwrap_or_default();
    let text = row(&[
        l.path.clone(),
        "ledger".to_string(),
        a.name.clone(),
        a.id.clone().unwrap_or_default(),
        a.policy_used().to_string(),
        a.integrity().to_string(),
        a.bad_record
            .as_ref()
            .map(|r| words::record_name(r, opts.lang))
            .unwrap_or_default(),
        p.map(|p| p.label.clone()).unwrap_or_default(),
        money(|p| p.budget),
        money(|p| p.charged),
        money(|p| p.remaining),
        a.count(Severity::Error).to_string(),
        a.count(Severity::Warning).to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        unit.clone(),
        String::new(),
        a.subjects
            .as_ref()
            .map(|t| t.missing.len().to_string())
            .unwrap_or_default(),
        missing_ids(a),
    ]);
    out.write_all(text.as_bytes())?;
    // Each finding worded as it is written: a large ledger has many.
    for f in super::shown(a, opts.details) {
        let f = words::word(f, a.judged_by, opts.lang);
        out.write_all(finding_row(&l.path, a, &f, &unit).as_bytes())?;
    }
    Ok(())
}

/// The ids of the mandatory subjects missing, space-separated.
fn missing_ids(a: &crate::audit::Audited<'_>) -> String {
    let ids: Vec<&str> = a
        .missing_subjects()
        .unwrap_or_default()
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    ids.join(" ")
}

fn finding_row(path: &str, a: &crate::audit::Audited<'_>, f: &AuditFinding, unit: &str) -> String {
    blank_row(&[
        (0, path.to_string()),
        (1, "finding".into()),
        (2, a.name.clone()),
        (3, a.id.clone().unwrap_or_default()),
        (4, a.policy.clone()),
        (13, f.entry.map(|e| e.to_string()).unwrap_or_default()),
        (14, f.severity.as_str().to_string()),
        (15, f.rule.to_string()),
        (16, f.reference.to_string()),
        (17, f.message.clone()),
        (18, unit.to_string()),
        (19, f.details.clone().unwrap_or_default()),
    ])
}

pub(super) fn rest(
    out: &mut impl Write,
    missing: &[&Known],
    skipped: &[Skipped],
    opts: &Options,
) -> io::Result<()> {
    if !ledgers_view(opts) {
        return Ok(());
    }
    for k in missing {
        let (message, details) = words::missing(k, opts.lang);
        let r = blank_row(&[
            (1, "missing".into()),
            (2, k.name.clone()),
            (3, k.id.clone().unwrap_or_default()),
            (4, k.policy.clone()),
            (14, "warning".into()),
            (15, "missing-from-inbox".into()),
            (16, "integrity".into()),
            (17, message),
            (19, details),
        ]);
        out.write_all(r.as_bytes())?;
    }
    for s in skipped {
        let r = blank_row(&[
            (0, s.path.clone()),
            (1, "skipped".into()),
            (17, s.why.clone()),
        ]);
        out.write_all(r.as_bytes())?;
    }
    Ok(())
}

/// The summary views, at the end.
pub(super) fn finish(out: &mut impl Write, s: &Summary, opts: &Options) -> io::Result<()> {
    if opts.by_unit {
        s.units.each(&mut |unit, year, u| {
            let by_rule: Vec<String> = u
                .unit_by_rule
                .iter()
                .map(|(r, a)| format!("{r}={a}"))
                .collect();
            out.write_all(
                row(&[
                    unit.unwrap_or_default().to_string(),
                    year.to_string(),
                    u.trainees.to_string(),
                    u.payers.budget.to_string(),
                    u.payers.central.to_string(),
                    u.payers.unit.to_string(),
                    u.payers.self_paid.to_string(),
                    by_rule.join(" "),
                ])
                .as_bytes(),
            )
        })?;
    } else if opts.lapsing {
        s.lapsing.each(&mut |l| {
            out.write_all(
                row(&[
                    l.path.to_string(),
                    l.name.to_string(),
                    l.id.unwrap_or_default().to_string(),
                    l.unit.unwrap_or_default().to_string(),
                    l.period.to_string(),
                    l.remaining.to_string(),
                    l.lapses_on.to_string(),
                ])
                .as_bytes(),
            )
        })?;
    }
    Ok(())
}
