//! Renderers of `st-budget audit`, one ledger at a time so that output streams:
//! a text block, a JSON object (inside `{"ledgers": […], "summary": {…}}`) or
//! CSV rows per ledger, and a summary at the end.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{csv, json, money, tr};
use crate::audit::{AuditFinding, Audited, LedgerAudit};
use crate::diag::{InputError, sanitize};
use crate::i18n::Lang;
use crate::policy::Severity;

/// Counts over every ledger audited so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub ledgers: usize,
    pub unreadable: usize,
    pub sealed: usize,
    pub unsealed: usize,
    pub broken: usize,
    pub rewritten: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Ledgers read without any error finding.
    pub clean: usize,
}

impl Summary {
    pub fn add(&mut self, l: &LedgerAudit) {
        self.ledgers += 1;
        match &l.result {
            Err(_) => self.unreadable += 1,
            Ok(a) => {
                match a.integrity() {
                    "sealed" => self.sealed += 1,
                    "unsealed" => self.unsealed += 1,
                    "broken" => self.broken += 1,
                    _ => self.rewritten += 1,
                }
                let errors = a.count(Severity::Error);
                self.errors += errors;
                self.warnings += a.count(Severity::Warning);
                if errors == 0 {
                    self.clean += 1;
                }
            }
        }
    }

    pub fn audited(&self) -> usize {
        self.ledgers - self.unreadable
    }

    pub fn json(&self) -> Value {
        json!({
            "ledgers": self.ledgers,
            "audited": self.audited(),
            "unreadable": self.unreadable,
            "clean": self.clean,
            "integrity": {
                "sealed": self.sealed,
                "unsealed": self.unsealed,
                "broken": self.broken,
                "rewritten": self.rewritten,
            },
            "errors": self.errors,
            "warnings": self.warnings,
        })
    }

    pub fn line(&self, lang: Lang) -> String {
        match lang {
            Lang::Sv => format!(
                "{} liggare: {} granskade, {} oläsbara; {} förseglade, {} utan försegling, {} brutna, {} omskrivna; {} fel, {} varningar\n",
                self.ledgers,
                self.audited(),
                self.unreadable,
                self.sealed,
                self.unsealed,
                self.broken,
                self.rewritten,
                self.errors,
                self.warnings
            ),
            Lang::En => format!(
                "{} ledgers: {} audited, {} unreadable; {} sealed, {} unsealed, {} broken, {} rewritten; {} errors, {} warnings\n",
                self.ledgers,
                self.audited(),
                self.unreadable,
                self.sealed,
                self.unsealed,
                self.broken,
                self.rewritten,
                self.errors,
                self.warnings
            ),
        }
    }
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match (lang, s) {
        (Lang::Sv, Severity::Error) => "fel",
        (Lang::Sv, Severity::Warning) => "varning",
        (Lang::Sv, Severity::Info) => "info",
        (Lang::En, s) => s.as_str(),
    }
}

fn error_text(e: &InputError) -> String {
    match &e.hint {
        Some(h) => format!("{e} ({} {h})", crate::i18n::t("tips:", "hint:")),
        None => e.to_string(),
    }
}

/// The text block of one ledger: a line about it, then one line per finding.
pub fn block(l: &LedgerAudit, lang: Lang) -> String {
    let path = sanitize(&l.path);
    let a = match &l.result {
        Err(e) => {
            return format!(
                "{path}: {}: {}\n",
                tr(lang, "oläsbar", "unreadable"),
                sanitize(&error_text(e))
            );
        }
        Ok(a) => a,
    };
    let version = a.policy_version.as_deref().unwrap_or("?");
    let period = match a.current_period() {
        Some(p) => format!(
            "{} {}: {} {}, {} {}, {} {}",
            tr(lang, "period", "period"),
            p.label,
            tr(lang, "budget", "budget"),
            money(p.budget, lang),
            tr(lang, "belastat", "charged"),
            money(p.charged, lang),
            tr(lang, "kvar", "remaining"),
            money(p.remaining, lang)
        ),
        None => tr(lang, "ingen period", "no period").to_string(),
    };
    let errors = a.count(Severity::Error);
    let warnings = a.count(Severity::Warning);
    let mut out = format!(
        "{path}: {} · {} {version} · {} · {period} · {errors} {}, {warnings} {}\n",
        sanitize(&who(a)),
        sanitize(&a.policy),
        integrity_word(a.integrity(), lang),
        match (lang, errors) {
            (Lang::Sv, _) => "fel",
            (Lang::En, 1) => "error",
            (Lang::En, _) => "errors",
        },
        match (lang, warnings) {
            (Lang::Sv, 1) => "varning",
            (Lang::Sv, _) => "varningar",
            (Lang::En, 1) => "warning",
            (Lang::En, _) => "warnings",
        },
    );
    // Written in place: a ledger has dozens of findings and an audit thousands of ledgers.
    for f in &a.findings {
        out.push_str("  ");
        if let Some(e) = f.entry {
            let _ = write!(out, "#{e} ");
        }
        let _ = writeln!(
            out,
            "{} {} ({}): {}",
            severity(f.severity, lang),
            sanitize(&f.reference),
            sanitize(&f.rule),
            sanitize(&f.message)
        );
    }
    out
}

/// The integrity word of the text output, in the language (JSON and CSV keep
/// the English word).
fn integrity_word(word: &'static str, lang: Lang) -> &'static str {
    match (lang, word) {
        (Lang::Sv, "sealed") => "förseglad",
        (Lang::Sv, "unsealed") => "ej förseglad",
        (Lang::Sv, "broken") => "bruten försegling",
        (Lang::Sv, "rewritten") => "omskriven",
        _ => word,
    }
}

fn who(a: &Audited) -> String {
    match &a.id {
        Some(id) => format!("{} ({id})", a.name),
        None => a.name.clone(),
    }
}

fn line_json(f: &AuditFinding) -> Value {
    json!({
        "entry": f.entry,
        "rule": f.rule,
        "ref": f.reference,
        "severity": f.severity.as_str(),
        "message": f.message,
    })
}

/// The JSON object of one ledger.
pub fn ledger_json(l: &LedgerAudit) -> Value {
    let a = match &l.result {
        Err(e) => {
            return json!({
                "path": l.path,
                "error": e.to_string(),
                "hint": e.hint,
            });
        }
        Ok(a) => a,
    };
    let (seal_message, register_message) = integrity_messages(a);
    let periods: Vec<Value> = a.periods.iter().map(json::period).collect();
    json!({
        "path": l.path,
        "trainee": {"name": a.name, "id": a.id, "uid": a.uid},
        "policy": {"id": a.policy, "version": a.policy_version, "known": a.policy_version.is_some()},
        "integrity": {
            "status": a.integrity(),
            "records": a.records,
            "seal": match &a.seal {
                crate::ledger::seal::SealCheck::Sealed => "sealed",
                crate::ledger::seal::SealCheck::Unsealed => "unsealed",
                crate::ledger::seal::SealCheck::Broken { .. } => "broken",
            },
            "register": a.register.as_ref().map(|r| r.as_str()),
            "record": a.first_bad_record(),
            "message": seal_message.or(register_message),
        },
        "current_period": a.current.map(|i| periods[i].clone()),
        "periods": periods,
        "totals": a.totals.as_ref().map(json::totals_of),
        "findings": a.findings.iter().map(line_json).collect::<Vec<_>>(),
        "counts": {"errors": a.count(Severity::Error), "warnings": a.count(Severity::Warning)},
    })
}

fn integrity_messages(a: &Audited) -> (Option<String>, Option<String>) {
    let find = |rule: &str| {
        a.findings
            .iter()
            .find(|f| f.reference == "integrity" && f.rule == rule)
            .map(|f| f.message.clone())
    };
    (find("broken"), find("rewritten"))
}

/// The header of the audit CSV: one `ledger` row per ledger, a `finding` row per
/// finding, an `error` row per ledger that cannot be read.
pub fn csv_header() -> String {
    csv::row(
        &[
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
        ]
        .map(String::from),
    )
}

pub fn csv_rows(l: &LedgerAudit) -> String {
    let blank = String::new;
    let a = match &l.result {
        Err(e) => {
            let mut r: Vec<String> = std::iter::repeat_with(blank).take(18).collect();
            r[0] = l.path.clone();
            r[1] = "error".to_string();
            r[17] = error_text(e);
            return csv::row(&r);
        }
        Ok(a) => a,
    };
    let p = a.current_period();
    let mut out = csv::row(&[
        l.path.clone(),
        "ledger".to_string(),
        a.name.clone(),
        a.id.clone().unwrap_or_default(),
        a.policy.clone(),
        a.integrity().to_string(),
        a.first_bad_record().unwrap_or_default(),
        p.map(|p| p.label.clone()).unwrap_or_default(),
        p.map(|p| p.budget.to_string()).unwrap_or_default(),
        p.map(|p| p.charged.to_string()).unwrap_or_default(),
        p.map(|p| p.remaining.to_string()).unwrap_or_default(),
        a.count(Severity::Error).to_string(),
        a.count(Severity::Warning).to_string(),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
    ]);
    for f in &a.findings {
        out.push_str(&csv::row(&[
            l.path.clone(),
            "finding".to_string(),
            a.name.clone(),
            a.id.clone().unwrap_or_default(),
            a.policy.clone(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            blank(),
            f.entry.map(|e| e.to_string()).unwrap_or_default(),
            f.severity.as_str().to_string(),
            f.rule.clone(),
            f.reference.clone(),
            f.message.clone(),
        ]));
    }
    out
}
