//! Renderers of `st-budget audit`, one ledger at a time so that output streams:
//! a text block, a JSON object (inside `{"ledgers": […], "summary": {…}}`) or
//! CSV rows per ledger, and a summary at the end. [`AuditOutput`] is the one
//! entry point; the JSON objects are typed structs, written compactly, one line
//! per ledger, with their fields in alphabetical order.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::json::{
    Counts, PeriodJson, PoolJson, TotalsJson, period_json, pool_json_of, totals_json,
};
use super::{Format, csv, money, severity_word};
use crate::audit::register::Known;
use crate::audit::{AuditFinding, Audited, LedgerAudit, Skipped};
use crate::diag::{InputError, sanitize};
use crate::i18n::Lang;
use crate::ledger::seal::SealCheck;
use crate::policy::Severity;

/// `audit`'s output as it streams: [`start`](Self::start), then
/// [`ledger`](Self::ledger) for each ledger as it comes, then
/// [`finish`](Self::finish) with the summary. The caller decides when what was
/// written reaches the terminal (between redraws of its progress bar).
pub struct AuditOutput {
    format: Format,
    lang: Lang,
    summary: Summary,
}

impl AuditOutput {
    pub fn new(format: Format, lang: Lang) -> AuditOutput {
        AuditOutput {
            format,
            lang,
            summary: Summary::default(),
        }
    }

    /// What comes before the first ledger.
    pub fn start(&self, out: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Table => Ok(()),
            Format::Json => out.write_all(b"{\n\"ledgers\": [\n"),
            Format::Csv => out.write_all(csv_header().as_bytes()),
        }
    }

    /// One ledger, counted into the summary.
    pub fn ledger(&mut self, out: &mut impl Write, l: &LedgerAudit) -> io::Result<()> {
        match self.format {
            Format::Table => out.write_all(block(l, self.lang).as_bytes())?,
            Format::Json => {
                if self.summary.ledgers > 0 {
                    out.write_all(b",\n")?;
                }
                ledger_json(out, l)?;
            }
            Format::Csv => out.write_all(csv_rows(l).as_bytes())?,
        }
        self.summary.add(l);
        Ok(())
    }

    /// After the ledgers: the register's ledgers that this audit did not see,
    /// and the paths it skipped.
    pub fn rest(
        &mut self,
        out: &mut impl Write,
        missing: &[&Known],
        skipped: &[Skipped],
    ) -> io::Result<()> {
        self.summary.missing = missing.len();
        self.summary.skipped = skipped.len();
        let lang = self.lang;
        match self.format {
            Format::Table => {
                for k in missing {
                    writeln!(
                        out,
                        "{}: {} {} (missing-from-inbox): {}",
                        sanitize(&who_known(k)),
                        severity_word(Severity::Warning, lang),
                        ref_word("integrity", lang),
                        missing_message(k)
                    )?;
                }
                for s in skipped {
                    writeln!(
                        out,
                        "{}: {}: {}",
                        sanitize(&s.path),
                        crate::msg!(lang => "hoppade över", "skipped"),
                        sanitize(&s.why)
                    )?;
                }
                Ok(())
            }
            Format::Json => {
                out.write_all(b"\n],\n\"missing\": [")?;
                for (i, k) in missing.iter().enumerate() {
                    out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                    serde_json::to_writer(&mut *out, &missing_json(k))?;
                }
                out.write_all(b"\n],\n\"skipped\": [")?;
                for (i, s) in skipped.iter().enumerate() {
                    out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                    serde_json::to_writer(
                        &mut *out,
                        &SkippedJson {
                            path: &s.path,
                            why: &s.why,
                        },
                    )?;
                }
                Ok(())
            }
            Format::Csv => {
                for k in missing {
                    let mut r: Vec<String> = std::iter::repeat_with(String::new).take(18).collect();
                    r[1] = "missing".to_string();
                    r[2] = k.name.clone();
                    r[3] = k.id.clone().unwrap_or_default();
                    r[4] = k.policy.clone();
                    r[14] = "warning".to_string();
                    r[15] = "missing-from-inbox".to_string();
                    r[16] = "integrity".to_string();
                    r[17] = missing_message(k);
                    out.write_all(csv::row(&r).as_bytes())?;
                }
                for sk in skipped {
                    let mut r: Vec<String> = std::iter::repeat_with(String::new).take(18).collect();
                    r[0] = sk.path.clone();
                    r[1] = "skipped".to_string();
                    r[17] = sk.why.clone();
                    out.write_all(csv::row(&r).as_bytes())?;
                }
                Ok(())
            }
        }
    }

    /// The summary: at the end of the output, or for CSV, whose rows are all
    /// alike, as a `note` to stderr.
    pub fn finish(&self, out: &mut impl Write, note: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Table => out.write_all(self.summary.line(self.lang).as_bytes()),
            Format::Json => {
                out.write_all(b"\n],\n\"summary\": ")?;
                serde_json::to_writer(&mut *out, &self.summary.json())?;
                out.write_all(b"\n}\n")
            }
            Format::Csv => note.write_all(self.summary.line(self.lang).as_bytes()),
        }
    }

    /// The counts so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

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
    /// The register's ledgers missing from this audit's inbox.
    pub missing: usize,
    /// Paths the walk did not audit.
    pub skipped: usize,
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

    fn json(&self) -> SummaryJson {
        SummaryJson {
            audited: self.audited(),
            clean: self.clean,
            errors: self.errors,
            integrity: IntegrityCounts {
                broken: self.broken,
                rewritten: self.rewritten,
                sealed: self.sealed,
                unsealed: self.unsealed,
            },
            ledgers: self.ledgers,
            missing: self.missing,
            skipped: self.skipped,
            unreadable: self.unreadable,
            warnings: self.warnings,
        }
    }

    pub fn line(&self, lang: Lang) -> String {
        let mut line = crate::msg!(lang =>
            "{} liggare: {} granskade, {} oläsbara; {} förseglade, {} utan försegling, {} brutna, {} omskrivna; {} fel, {} varningar\n",
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
        );
        if self.missing > 0 || self.skipped > 0 {
            line.pop();
            line.push_str(&crate::msg!(lang =>
                "; {} kända liggare saknas i inkorgen, {} sökvägar överhoppade\n",
                "; {} known ledgers missing from the inbox, {} paths skipped\n",
                self.missing,
                self.skipped
            ));
        }
        line
    }
}

/// A known ledger as the register names it.
pub(crate) fn who_known(k: &Known) -> String {
    match &k.id {
        Some(id) => format!("{} ({id})", k.name),
        None => k.name.clone(),
    }
}

pub(crate) fn missing_message(k: &Known) -> String {
    crate::msg!(
        "känd liggare saknas i den här inkorgen (uid {}, {} poster sedda, senast granskad {})",
        "known ledger missing from this inbox (uid {}, {} records seen, last audited {})",
        k.uid,
        k.records,
        k.last_seen
    )
}

#[derive(Serialize)]
struct MissingJson<'a> {
    last_seen: String,
    message: String,
    records: usize,
    #[serde(rename = "ref")]
    reference: &'static str,
    rule: &'static str,
    severity: &'static str,
    trainee: AuditTraineeJson<'a>,
}

fn missing_json(k: &Known) -> MissingJson<'_> {
    MissingJson {
        last_seen: k.last_seen.to_string(),
        message: missing_message(k),
        records: k.records,
        reference: "integrity",
        rule: "missing-from-inbox",
        severity: "warning",
        trainee: AuditTraineeJson {
            id: k.id.as_deref(),
            name: &k.name,
            uid: Some(&k.uid),
        },
    }
}

#[derive(Serialize)]
struct SkippedJson<'a> {
    path: &'a str,
    why: &'a str,
}

fn error_text(e: &InputError) -> String {
    match &e.hint {
        Some(h) => format!("{e} ({} {h})", crate::msg!("tips:", "hint:")),
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
                crate::msg!(lang => "oläsbar", "unreadable"),
                sanitize(&error_text(e))
            );
        }
        Ok(a) => a,
    };
    let version = a.policy_version.as_deref().unwrap_or("?");
    let period = match a.current_period() {
        Some(p) => format!(
            "{} {}: {} {}, {} {}, {} {}",
            crate::msg!(lang => "period", "period"),
            p.label,
            crate::msg!(lang => "budget", "budget"),
            money(p.budget, lang),
            crate::msg!(lang => "belastat", "charged"),
            money(p.charged, lang),
            crate::msg!(lang => "kvar", "remaining"),
            money(p.remaining, lang)
        ),
        None => crate::msg!(lang => "ingen period", "no period").to_string(),
    };
    let errors = a.count(Severity::Error);
    let warnings = a.count(Severity::Warning);
    let mut out = format!(
        "{path}: {} · {} {version} · {} · {period} · {errors} {}, {warnings} {}\n",
        sanitize(&who(a)),
        sanitize(a.policy_used()),
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
            severity_word(f.severity, lang),
            ref_word(&f.reference, lang),
            sanitize(&f.rule),
            sanitize(&f.message)
        );
    }
    out
}

/// A finding's reference in the text output: a DOMAIN rule id as it is, the
/// audit's own `integrity` and `policy` in the language (JSON and CSV keep them).
fn ref_word(reference: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    match reference {
        "integrity" => crate::msg!(lang => "integritet", "integrity").into(),
        "policy" => crate::msg!(lang => "regelverk", "policy").into(),
        other => sanitize(other),
    }
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

#[derive(Serialize)]
struct SummaryJson {
    audited: usize,
    clean: usize,
    errors: usize,
    integrity: IntegrityCounts,
    ledgers: usize,
    missing: usize,
    skipped: usize,
    unreadable: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct IntegrityCounts {
    broken: usize,
    rewritten: usize,
    sealed: usize,
    unsealed: usize,
}

#[derive(Serialize)]
struct AuditFindingJson<'a> {
    entry: Option<u32>,
    message: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    rule: &'a str,
    severity: &'static str,
}

fn audit_finding_json(f: &AuditFinding) -> AuditFindingJson<'_> {
    AuditFindingJson {
        entry: f.entry,
        message: &f.message,
        reference: &f.reference,
        rule: &f.rule,
        severity: f.severity.as_str(),
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
struct AuditPolicyJson<'a> {
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
struct AuditTraineeJson<'a> {
    id: Option<&'a str>,
    name: &'a str,
    uid: Option<&'a str>,
}

/// A ledger that was read and judged.
#[derive(Serialize)]
struct LedgerJson<'a> {
    counts: Counts,
    current_period: Option<PeriodJson<'a>>,
    findings: Vec<AuditFindingJson<'a>>,
    integrity: IntegrityJson,
    path: &'a str,
    periods: Vec<PeriodJson<'a>>,
    policy: AuditPolicyJson<'a>,
    pools: Vec<PoolJson<'a>>,
    totals: Option<TotalsJson>,
    trainee: AuditTraineeJson<'a>,
}

/// A ledger that could not be read.
#[derive(Serialize)]
struct UnreadableJson<'a> {
    error: String,
    hint: Option<&'a str>,
    path: &'a str,
}

/// The JSON object of one ledger, on one line.
fn ledger_json(out: &mut impl Write, l: &LedgerAudit) -> io::Result<()> {
    let a = match &l.result {
        Err(e) => {
            let unreadable = UnreadableJson {
                error: e.to_string(),
                hint: e.hint.as_deref(),
                path: &l.path,
            };
            return Ok(serde_json::to_writer(out, &unreadable)?);
        }
        Ok(a) => a,
    };
    let (seal_message, register_message) = integrity_messages(a);
    let json = LedgerJson {
        counts: Counts {
            errors: a.count(Severity::Error),
            warnings: a.count(Severity::Warning),
        },
        current_period: a.current_period().map(period_json),
        findings: a.findings.iter().map(audit_finding_json).collect(),
        integrity: IntegrityJson {
            message: seal_message.or(register_message),
            record: a.bad_record.clone(),
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
        periods: a.periods.iter().map(period_json).collect(),
        policy: AuditPolicyJson {
            id: a.policy_used(),
            known: a.policy_version.is_some(),
            named: &a.policy,
            pinned: a.pinned.as_ref().map(|(_, why)| why.as_str()),
            version: a.policy_version.as_deref(),
        },
        pools: a
            .pools
            .iter()
            .map(|p| {
                let titles: Vec<&str> = p.reserve_titles.iter().map(String::as_str).collect();
                pool_json_of(&p.id, &p.reference, p.unit, &titles, &p.result)
            })
            .collect(),
        totals: a.totals.as_ref().map(totals_json),
        trainee: AuditTraineeJson {
            id: a.id.as_deref(),
            name: &a.name,
            uid: a.uid.as_deref(),
        },
    };
    Ok(serde_json::to_writer(out, &json)?)
}

fn integrity_messages(a: &Audited) -> (Option<String>, Option<String>) {
    let find = |rule: &str| {
        a.findings
            .iter()
            .find(|f| f.reference == "integrity" && f.rule == rule)
            .map(|f| f.message.clone())
    };
    (
        find("broken"),
        find("rewritten").or_else(|| find("fresh-ledger")),
    )
}

/// The header of the audit CSV: one `ledger` row per ledger, a `finding` row per
/// finding, an `error` row per ledger that cannot be read.
fn csv_header() -> String {
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

fn csv_rows(l: &LedgerAudit) -> String {
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
        a.policy_used().to_string(),
        a.integrity().to_string(),
        a.bad_record.clone().unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Catalog;

    #[test]
    fn the_audit_json_streams_one_object_per_line_as_a_value_tree_printed_it() {
        let catalog = Catalog::builtin().expect("catalogue");
        let policy = catalog.all().next().expect("a policy");
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("a.toml");
        let text = format!(
            "format = 1\n[trainee]\nname = \"A\"\npolicy = \"{}\"\nstart = 2024-01-08\n\n\
             [[entry]]\nid = 1\ndate = 2024-03-11\nkind = \"course\"\ndescription = \"K\"\namount = \"4500\"\n",
            policy.id
        );
        std::fs::write(&good, text).expect("written");
        let bad = dir.path().join("b.toml");
        std::fs::write(&bad, "format = 1\n").expect("written");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");

        let mut output = AuditOutput::new(Format::Json, Lang::En);
        let mut out = Vec::new();
        output.start(&mut out).expect("written");
        for path in [&good, &bad] {
            let pins = crate::audit::pin::Pins::default();
            let none = std::collections::HashMap::new();
            let ctx = crate::audit::Context {
                catalog: &catalog,
                pins: &pins,
                register: None,
                identities: &none,
                first_pass: &[],
                today,
                lang: Lang::En,
                word: crate::render::finding::message,
            };
            let l = crate::audit::audit_one(0, path, &ctx);
            output.ledger(&mut out, &l).expect("written");
        }
        output.finish(&mut out, &mut io::sink()).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        let whole: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(whole["summary"]["ledgers"], 2);
        assert_eq!(whole["summary"]["unreadable"], 1);
        // Each ledger and the summary on a line of its own, keys in order.
        let lines: Vec<&str> = text.lines().collect();
        for line in [lines[2], lines[3]] {
            let line = line.trim_end_matches(',');
            let v: serde_json::Value = serde_json::from_str(line).expect("a ledger's object");
            assert_eq!(v.to_string(), line);
        }
        let summary = lines[5].trim_start_matches("\"summary\": ");
        let v: serde_json::Value = serde_json::from_str(summary).expect("the summary");
        assert_eq!(v.to_string(), summary);
        assert_eq!(output.summary().unreadable, 1);
    }
}
