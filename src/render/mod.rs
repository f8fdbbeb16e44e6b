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
pub mod finding;
pub mod html;
pub mod json;
pub mod policy;
pub mod table;

use std::io::{self, Write};

use crate::engine::{EntryResult, Evaluation};
use crate::i18n::Lang;
use crate::ledger::Effective;
use crate::money::Amount;
use crate::policy::{Policy, Severity};

/// What a report needs: the judged ledger, its policy and the judgement.
pub struct View<'a> {
    pub policy: &'a Policy,
    pub ledger: &'a Effective,
    pub eval: &'a Evaluation,
    pub lang: Lang,
}

impl View<'_> {
    /// The DOMAIN refs of an entry's findings, in order (`K3`, `V9`, …).
    pub fn refs(&self, r: &EntryResult) -> Vec<&str> {
        r.findings
            .iter()
            .map(|f| self.policy.rules[f.rule].reference.as_str())
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

/// `balance`: the periods, caps and totals, then the findings.
pub fn balance(out: &mut dyn Write, v: &View<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(table::balance(v).as_bytes()),
        Format::Json => json::evaluation(out, v),
        Format::Csv => out.write_all(csv::periods(v).as_bytes()),
    }
}

/// `list`: every entry with its verdict, then the findings.
pub fn list(out: &mut dyn Write, v: &View<'_>, format: Format) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(table::list(v).as_bytes()),
        Format::Json => json::evaluation(out, v),
        Format::Csv => out.write_all(csv::entries(v, v.eval.entries.iter()).as_bytes()),
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
    let findings = || {
        v.eval
            .all_findings()
            .filter(|f| f.severity > Severity::Info)
    };
    match format {
        Format::Table => out.write_all(table::check(v, path, findings(), line_of).as_bytes()),
        Format::Json => json::check(out, v, path, findings(), line_of),
        Format::Csv => out.write_all(csv::findings(v, findings(), line_of).as_bytes()),
    }
}

/// What became of an entry `add` was asked to record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recording {
    /// It is being written to the ledger.
    pub recorded: bool,
    /// It has error findings and was refused (no `--force`).
    pub refused: bool,
}

/// `add`: the new entry as judged (`r`, one of `v`'s entries) and what is left
/// in its period.
pub fn added(
    out: &mut dyn Write,
    v: &View<'_>,
    r: &EntryResult,
    format: Format,
    rec: Recording,
) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(table::verdict(v, r).as_bytes()),
        Format::Json => json::added(out, v, r, rec),
        Format::Csv => out.write_all(csv::entries(v, std::iter::once(r)).as_bytes()),
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

/// A kind of entry as people say it (the ledger and the flags keep the English word).
pub fn kind_word(k: crate::ledger::Kind, lang: Lang) -> &'static str {
    use crate::ledger::Kind::*;
    match lang {
        Lang::En => k.as_str(),
        Lang::Sv => match k {
            Course => "kurs",
            Literature => "litteratur",
            Digital => "digital utbildning",
            Travel => "resa",
            Lodging => "logi",
            Congress => "kongress",
            StudyCircle => "studiecirkel",
            Other => "övrigt",
        },
    }
}

/// An entry's status as people say it.
pub fn status_word(s: crate::ledger::Status, lang: Lang) -> &'static str {
    use crate::ledger::Status::*;
    match lang {
        Lang::En => s.as_str(),
        Lang::Sv => match s {
            Planned => "planerad",
            Booked => "bokad",
            Attended => "genomförd",
            Cancelled => "avbokad",
            CancelledLate => "avbokad för sent",
            NoShow => "uteblev",
        },
    }
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
