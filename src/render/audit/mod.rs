//! Renderers of `st-budget audit`, one ledger at a time. [`AuditOutput`] is the
//! one entry point: JSON and CSV stream (a JSON object per ledger, on a line of
//! its own, inside `{"ledgers": […], "summary": {…}}`; CSV rows), the table
//! collects one small row per ledger and spools its findings (`table.rs`), and
//! every format ends with the summary: the counts, the sums per unit and year,
//! and the money about to lapse.
//!
//! The words are here (`words.rs`): the audit's findings are data.

mod csv;
mod json;
mod table;
pub mod words;
pub mod xlsx;

use std::io::{self, Write};

use chrono::NaiveDate;

use super::Format;
use crate::audit::register::Known;
use crate::audit::units::{Lapses, Units};
use crate::audit::{LedgerAudit, Skipped};
use crate::diag::InputError;
use crate::i18n::Lang;
use crate::policy::Severity;

pub use words::AuditFinding;

/// How the director asked to see the audit.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub format: Format,
    pub lang: Lang,
    /// The width the table fits; `None`: no limit.
    pub width: Option<u16>,
    pub today: NaiveDate,
    /// Only ledgers with an error, a warning or an integrity problem.
    pub problems: bool,
    /// Every finding, info too, with its details, and every ledger's particulars.
    pub details: bool,
    /// The sums per unit and year in full.
    pub by_unit: bool,
    /// The money about to lapse, trainee by trainee.
    pub lapsing: bool,
    /// What "about to lapse" means, in days from today.
    pub lapsing_within: i64,
    /// How much of every path the table leaves out: the folder all of them are
    /// in, which its heading names once ([`common_folder`]).
    pub folder: usize,
}

/// The length of the folder every path is in (`inkorg/2026-11/`), up to and
/// including its last separator; 0 when they share none.
pub fn common_folder<S: AsRef<str>>(paths: impl IntoIterator<Item = S>) -> usize {
    let mut paths = paths.into_iter();
    let Some(first) = paths.next() else {
        return 0;
    };
    let mut len = first.as_ref().len();
    for p in paths {
        let common = first
            .as_ref()
            .bytes()
            .zip(p.as_ref().bytes())
            .take_while(|(a, b)| a == b)
            .count();
        len = len.min(common);
    }
    first.as_ref()[..len]
        .rfind(std::path::is_separator)
        .map_or(0, |i| i + 1)
}

impl Options {
    pub fn new(format: Format, lang: Lang, today: NaiveDate) -> Options {
        Options {
            format,
            lang,
            width: None,
            today,
            problems: false,
            details: false,
            by_unit: false,
            lapsing: false,
            lapsing_within: 90,
            folder: 0,
        }
    }
}

/// `audit`'s output as it streams: [`start`](Self::start), then
/// [`ledger`](Self::ledger) for each ledger as it comes, then
/// [`rest`](Self::rest) and [`finish`](Self::finish) with the summary. The
/// caller decides when what was written reaches the terminal (between redraws
/// of its progress bar).
pub struct AuditOutput {
    opts: Options,
    summary: Summary,
    table: Option<table::Collected>,
}

impl AuditOutput {
    pub fn new(opts: Options) -> AuditOutput {
        AuditOutput {
            opts,
            summary: Summary::new(opts.today, opts.lapsing_within),
            table: (opts.format == Format::Table).then(table::Collected::new),
        }
    }

    /// What comes before the first ledger.
    pub fn start(&self, out: &mut impl Write) -> io::Result<()> {
        match self.opts.format {
            Format::Table => Ok(()),
            Format::Json => out.write_all(b"{\n\"ledgers\": [\n"),
            Format::Csv => csv::start(out, &self.opts),
        }
    }

    /// One ledger, counted into the summary.
    pub fn ledger(&mut self, out: &mut impl Write, l: &LedgerAudit<'_>) -> io::Result<()> {
        match (&mut self.table, self.opts.format) {
            (Some(t), _) => t.ledger(l, &self.opts)?,
            (None, Format::Json) => {
                if self.summary.ledgers > 0 {
                    out.write_all(b",\n")?;
                }
                json::ledger(out, l, self.opts.lang, self.opts.today)?;
            }
            (None, _) => csv::ledger(out, l, &self.opts)?,
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
        match (&mut self.table, self.opts.format) {
            (Some(t), _) => {
                t.rest(missing, skipped, &self.opts);
                Ok(())
            }
            (None, Format::Json) => json::rest(out, missing, skipped, self.opts.lang),
            (None, _) => csv::rest(out, missing, skipped, &self.opts),
        }
    }

    /// The summary: at the end of the output, or for CSV, whose rows are all
    /// alike, as a `note` to stderr.
    pub fn finish(&mut self, out: &mut impl Write, note: &mut impl Write) -> io::Result<()> {
        self.summary.lapsing.sort();
        match (&mut self.table, self.opts.format) {
            (Some(t), _) => t.finish(out, &self.summary, &self.opts),
            (None, Format::Json) => {
                out.write_all(b"\n],\n\"summary\": ")?;
                json::summary(out, &self.summary, self.opts.lang)?;
                out.write_all(b"\n}\n")
            }
            (None, _) => {
                csv::finish(out, &self.summary, &self.opts)?;
                note.write_all(self.summary.line(self.opts.lang).as_bytes())
            }
        }
    }

    /// The counts and sums so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

/// Counts and sums over every ledger audited so far.
#[derive(Debug)]
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
    /// Per unit and calendar year.
    pub units: Units,
    /// Money that lapses within `lapsing_within` days of `today` (by day, then
    /// path, once [`AuditOutput::finish`] sorted it).
    pub lapsing: Lapses,
    pub today: NaiveDate,
    pub lapsing_within: i64,
    /// Ledgers judged by a policy that lists mandatory subjects.
    pub subjects_listed: usize,
    /// Of those, the ones missing some near the end of the programme
    /// ([`crate::audit::Audited::subjects_due`]).
    pub subjects_due: usize,
}

impl Summary {
    pub fn new(today: NaiveDate, lapsing_within: i64) -> Summary {
        Summary {
            ledgers: 0,
            unreadable: 0,
            sealed: 0,
            unsealed: 0,
            broken: 0,
            rewritten: 0,
            errors: 0,
            warnings: 0,
            clean: 0,
            missing: 0,
            skipped: 0,
            units: Units::default(),
            lapsing: Lapses::default(),
            today,
            lapsing_within,
            subjects_listed: 0,
            subjects_due: 0,
        }
    }

    pub fn add(&mut self, l: &LedgerAudit<'_>) {
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
                self.units.add(a);
                self.subjects_listed += usize::from(a.subjects.is_some());
                self.subjects_due += usize::from(a.subjects_due(self.today).is_some());
                self.lapsing.add(l, self.today, self.lapsing_within);
            }
        }
    }

    pub fn audited(&self) -> usize {
        self.ledgers - self.unreadable
    }

    /// The counts in a line; when a ledger could not be read (exit 2), it says
    /// too how many error findings the others have, which exit 1 would have said.
    pub fn line(&self, lang: Lang) -> String {
        use crate::i18n::count;
        use crate::msg;
        // Every count with its word in the number it takes ("1 warning",
        // "1 granskad"; "liggare" and "fel" are one word for both).
        let mut line = msg!(lang =>
            "{}: {}, {}; {}, {} utan försegling, {}, {}; {}, {}\n",
            "{}: {}, {}; {}, {} unsealed, {}, {}; {}, {}\n",
            count(self.ledgers, msg!(lang => "liggare", "ledger"), msg!(lang => "liggare", "ledgers")),
            count(self.audited(), msg!(lang => "granskad", "audited"), msg!(lang => "granskade", "audited")),
            count(self.unreadable, msg!(lang => "oläsbar", "unreadable"), msg!(lang => "oläsbara", "unreadable")),
            count(self.sealed, msg!(lang => "förseglad", "sealed"), msg!(lang => "förseglade", "sealed")),
            self.unsealed,
            count(self.broken, msg!(lang => "bruten", "broken"), msg!(lang => "brutna", "broken")),
            count(self.rewritten, msg!(lang => "omskriven", "rewritten"), msg!(lang => "omskrivna", "rewritten")),
            count(self.errors, msg!(lang => "fel", "error"), msg!(lang => "fel", "errors")),
            count(self.warnings, msg!(lang => "varning", "warning"), msg!(lang => "varningar", "warnings")),
        );
        if self.missing > 0 || self.skipped > 0 {
            line.pop();
            line.push_str(&msg!(lang =>
                "; {} saknas i inkorgen, {}\n",
                "; {} missing from the inbox, {}\n",
                count(self.missing, msg!(lang => "känd liggare", "known ledger"), msg!(lang => "kända liggare", "known ledgers")),
                count(self.skipped, msg!(lang => "sökväg överhoppad", "path skipped"), msg!(lang => "sökvägar överhoppade", "paths skipped")),
            ));
        }
        if self.unreadable > 0 {
            let others = match self.audited() {
                1 => msg!(lang => "den andra har", "the other has").to_string(),
                k => msg!(lang => "de {k} andra har", "the {k} others have", k = k),
            };
            line.push_str(&msg!(lang =>
                "slutstatus 2: {} kunde inte läsas; {} {}\n",
                "exit status 2: {} could not be read; {} {}\n",
                count(self.unreadable, msg!(lang => "liggare", "ledger"), msg!(lang => "liggare", "ledgers")),
                others,
                count(self.errors, msg!(lang => "fel", "error finding"), msg!(lang => "fel", "error findings")),
            ));
        }
        line
    }
}

/// `file:line:col: message (hint: …)`.
fn error_text(e: &InputError, lang: Lang) -> String {
    match &e.hint {
        Some(h) => format!("{e} ({} {h})", crate::msg!(lang => "tips:", "hint:")),
        None => e.to_string(),
    }
}

/// The integrity word of the text outputs, in the language (JSON and CSV keep
/// the English word).
pub fn integrity_word(word: &'static str, lang: Lang) -> &'static str {
    match (lang, word) {
        (Lang::Sv, "sealed") => "förseglad",
        (Lang::Sv, "unsealed") => "ej förseglad",
        (Lang::Sv, "broken") => "bruten",
        (Lang::Sv, "rewritten") => "omskriven",
        _ => word,
    }
}

/// A finding's reference in the table, the page and the workbook: a DOMAIN
/// rule id as it is, the audit's own `integrity` and `policy` in the language
/// (JSON and CSV keep them).
pub(crate) fn ref_word(reference: &str, lang: Lang) -> &str {
    match reference {
        "integrity" => crate::msg!(lang => "integritet", "integrity"),
        "policy" => crate::msg!(lang => "regelverk", "policy"),
        other => other,
    }
}

/// The findings of a ledger worth showing: warnings and errors, and with
/// `details` info too.
pub fn shown<'a>(
    a: &'a crate::audit::Audited<'_>,
    details: bool,
) -> impl Iterator<Item = &'a crate::audit::Finding> {
    (a.findings.iter()).filter(move |f| details || f.severity() > Severity::Info)
}

/// The words of every finding of a ledger worth showing (see [`shown`]).
pub fn worded<'a>(
    a: &'a crate::audit::Audited<'_>,
    details: bool,
    lang: Lang,
) -> Vec<AuditFinding<'a>> {
    shown(a, details)
        .map(|f| words::word(f, a.judged_by, lang))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Catalog;

    #[test]
    fn the_common_folder_ends_at_a_separator() {
        assert_eq!(common_folder(["in/00/a.toml", "in/00/b.toml"]), 6);
        assert_eq!(common_folder(["in/00/a.toml", "in/01/b.toml"]), 3);
        assert_eq!(common_folder(["in/a.toml", "inbox/b.toml"]), 0);
        assert_eq!(common_folder(["a.toml"]), 0);
        assert_eq!(common_folder(["in/t1.toml", "in/t10.toml"]), 3);
        assert_eq!(common_folder::<&str>([]), 0);
    }

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

        let mut output = AuditOutput::new(Options::new(Format::Json, Lang::En, today));
        let mut out = Vec::new();
        output.start(&mut out).expect("written");
        let pins = crate::audit::pin::Pins::default();
        let ctx = crate::audit::Context {
            inputs: &[],
            ranks: &[],
            catalog: &catalog,
            pins: &pins,
            register: None,
            identities: &Default::default(),
            first_pass: &Default::default(),
            kept: &Default::default(),
            today,
            details: false,
        };
        for path in [&good, &bad] {
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
