//! Renderers of an [`Evaluation`]: tables for people, JSON and CSV for scripts.
//! JSON and CSV are machine formats whatever the language: plain decimals as
//! strings, ISO dates, stable field names.
//!
//! Each view that comes as a table, JSON or CSV has one entry point here
//! ([`balance`], [`list`], [`check`], [`added`], and [`audit::AuditOutput`])
//! that takes the format and writes: the commands do not pick the renderer of a
//! format themselves. Nothing here reads a file or decides an exit code.

pub mod audit;
pub mod csv;
pub mod entry;
pub mod finding;
pub mod html;
pub mod json;
pub mod policy;
pub mod record;
pub mod table;

use std::io::{self, Write};

use crate::engine::{EntryResult, Evaluation, Totals};
use crate::i18n::Lang;
use crate::ledger::Effective;
use crate::money::Amount;
use crate::policy::{Policy, Severity};

pub use record::{Recorded, Recording, Subject};

/// What a report needs: the judged ledger, its policy and the judgement, the
/// language and, for tables, the width of the terminal (`None`: no limit).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub policy: &'a Policy,
    pub ledger: &'a Effective,
    pub eval: &'a Evaluation,
    pub lang: Lang,
    pub width: Option<u16>,
}

impl View<'_> {
    /// The DOMAIN refs of an entry's findings, in order (`K3`, `V9`, …).
    pub fn refs(&self, r: &EntryResult) -> Vec<&str> {
        r.findings
            .iter()
            .map(|f| self.policy.rules[f.rule()].reference.as_str())
            .collect()
    }
}

/// How a view is written: a table for people, JSON or CSV for scripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

impl Format {
    /// Whether the output is data to be passed on as it is (CSV), rather than
    /// text for a terminal, whose colour the output stream may strip.
    pub fn is_data(self) -> bool {
        self == Format::Csv
    }
}

/// `balance`: the periods, caps and totals, then the findings; `by_year`, the
/// money per calendar year instead of per period.
pub fn balance(out: &mut dyn Write, v: &View<'_>, format: Format, by_year: bool) -> io::Result<()> {
    match (format, by_year) {
        (Format::Table, false) => out.write_all(table::balance(v).as_bytes()),
        (Format::Table, true) => out.write_all(table::balance_by_year(v).as_bytes()),
        (Format::Json, _) => json::evaluation(out, v, by_year),
        (Format::Csv, false) => out.write_all(csv::periods(v).as_bytes()),
        (Format::Csv, true) => out.write_all(csv::years(v).as_bytes()),
    }
}

/// Each service period with its last day: the day before the next begins, else
/// the certificate, else none (DOMAIN "Service periods").
pub fn service_spans(
    ledger: &Effective,
) -> impl Iterator<Item = (&crate::ledger::ServicePeriod, Option<chrono::NaiveDate>)> {
    let s = &ledger.services;
    s.iter().enumerate().map(move |(i, p)| {
        let to = s
            .get(i + 1)
            .and_then(|n| n.from.pred_opt())
            .or(ledger.trainee.certificate);
        (p, to)
    })
}

/// What was charged, and to whom, per calendar year of the entries' dates.
pub fn by_year(eval: &Evaluation) -> Vec<(i32, Totals)> {
    eval.by_year()
}

/// `list`: every entry with its verdict, then the findings.
pub fn list(out: &mut dyn Write, v: &View<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(table::list(v).as_bytes()),
        Format::Json => json::evaluation(out, v, false),
        Format::Csv => csv::entries(out, v, v.eval.entries.iter()),
    }
}

/// `check`, like `hledger check`: every warning and error with the line of its
/// entry in the ledger at `path`. `line_of` gives an entry's line.
pub fn check(
    out: &mut dyn Write,
    v: &View<'_>,
    format: Format,
    path: &str,
    line_of: &dyn Fn(u32) -> Option<usize>,
) -> io::Result<()> {
    // Warnings and errors, and what is true of the whole ledger (no service periods).
    let findings = || {
        v.eval
            .all_findings()
            .filter(|f| f.severity() > Severity::Info || f.entry().is_none())
    };
    match format {
        Format::Table => out.write_all(table::check(v, path, findings(), line_of).as_bytes()),
        Format::Json => json::check(out, v, path, findings(), line_of),
        Format::Csv => csv::findings(out, v, findings(), line_of),
    }
}

/// What a command that records something shows: the entry, service period or
/// trainee change recorded, and every other entry whose payers or verdict
/// change (before → after).
pub fn recorded(out: &mut dyn Write, r: &Recorded<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(record::table(r).as_bytes()),
        Format::Json => json::recorded(out, r),
        Format::Csv => match r.subject {
            Subject::Entry { id, .. } => {
                csv::entries(out, &r.after, r.after.eval.entry(id).into_iter())
            }
            _ => json::recorded(out, r),
        },
    }
}

/// `show ID`: one entry, its history, who pays and why, and its linked costs.
pub fn show(out: &mut dyn Write, s: &entry::Shown<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Json => json::shown(out, s),
        _ => out.write_all(entry::table(s).as_bytes()),
    }
}

/// An amount as people read it in the chosen language.
pub fn money(a: Amount, lang: Lang) -> String {
    match lang {
        Lang::Sv => a.to_swedish(),
        Lang::En => a.to_english(),
    }
}

/// A figure of a pool as machines read it: kronor as a plain decimal, days as
/// a whole number.
pub fn plain_figure(a: Amount, unit: crate::policy::Unit) -> String {
    match unit {
        crate::policy::Unit::Kronor => a.to_string(),
        crate::policy::Unit::Days(_) => (a.ore() / 100).to_string(),
    }
}

/// A kind of entry as people say it (the ledger stores the English word; the
/// words are `ledger::words`).
pub fn kind_word(k: crate::ledger::Kind, lang: Lang) -> &'static str {
    crate::ledger::words::name(crate::ledger::words::KINDS, k, lang)
}

/// An entry's status as people say it.
pub fn status_word(s: crate::ledger::Status, lang: Lang) -> &'static str {
    crate::ledger::words::name(crate::ledger::words::STATUSES, s, lang)
}

/// An approving role as people say it, in either language: a built-in role by
/// its Swedish title (`vårdcentralchef`), the domain's own word; a role the
/// policy declares by the policy's name for it in `lang`.
pub fn role_word<'a>(p: &'a Policy, r: &'a crate::ledger::Role, lang: Lang) -> &'a str {
    p.role_name(r, lang)
        .or_else(|| crate::ledger::words::role_swedish(r.as_str()))
        .unwrap_or(r.as_str())
}

/// A verdict as people say it.
pub fn verdict_word(v: crate::engine::Verdict, lang: Lang) -> &'static str {
    use crate::engine::Verdict::*;
    match (lang, v) {
        (Lang::Sv, Ok) => "ok",
        (Lang::Sv, Warning) => "varning",
        (Lang::Sv, Error) => "fel",
        (Lang::En, v) => v.as_str(),
    }
}

/// A severity as people say it.
pub fn severity_word(s: crate::policy::Severity, lang: Lang) -> &'static str {
    use crate::policy::Severity::*;
    match (lang, s) {
        (Lang::Sv, Error) => "fel",
        (Lang::Sv, Warning) => "varning",
        (Lang::Sv, Info) => "info",
        (Lang::En, s) => s.as_str(),
    }
}

/// What is left of the main budget in the periods not yet closed (`None`:
/// uncapped): what the subjects still missing must be paid from.
pub fn budget_left(v: &View<'_>) -> Option<crate::money::Amount> {
    let open = v
        .eval
        .periods
        .iter()
        .filter(|p| p.state(v.eval.as_of) != crate::engine::PeriodState::Closed);
    let mut sum = crate::money::Amount::ZERO;
    for p in open {
        if p.uncapped {
            return None;
        }
        sum += p.remaining;
    }
    Some(sum)
}

/// The mandatory subjects in a sentence: how many are done, planned and
/// missing, and what the budget left must still cover (`balance`, the report).
pub fn subjects_line(v: &View<'_>) -> String {
    let l = v.lang;
    let t = crate::engine::subjects::Tally::of(&v.eval.subjects);
    let missing = t.missing.len();
    let mut out = crate::msg!(l =>
        "Kursämnen ({n}): klara {d}, planerade {p}, saknas {m}.",
        "Course subjects: {d} done, {p} planned, {m} missing of {n}.",
        d = t.done, p = t.planned, m = missing, n = t.total()
    );
    if missing > 0 {
        out.push_str(&match budget_left(v) {
            Some(left) => crate::msg!(l =>
                " Kvar i budgeten: {a}, som också ska räcka till ämnena som saknas ({m}): prioritera de obligatoriska kurserna.",
                " Left in the budget: {a}, which must also cover the {m} missing subjects: give the mandatory courses priority.",
                a = money(left, l), m = missing
            ),
            None => crate::msg!(l =>
                " Prioritera de obligatoriska kurserna: ämnen som saknas {m}.",
                " Give the mandatory courses priority: {m} subjects are missing.",
                m = missing
            ),
        });
    }
    out
}

/// How a mandatory subject stands, as people say it.
pub fn progress_word(p: crate::engine::subjects::Progress, l: Lang) -> &'static str {
    use crate::engine::subjects::Progress;
    match p {
        Progress::Done => crate::msg!(l => "klar", "done"),
        Progress::Planned => crate::msg!(l => "planerad", "planned"),
        Progress::Missing => crate::msg!(l => "saknas", "missing"),
    }
}
