//! The director's workbook (`audit --xlsx FILE`), with rust_xlsxwriter: four
//! sheets, trainees, findings, units and lapsing funds (Swedish names and
//! headers with `--lang sv`); amounts as numbers in a kronor format, dates as
//! dates, the header row frozen and filters on.
//!
//! A workbook is a file: its cells hold the data as the ledgers say it, with no
//! terminal sanitising, and every text is written as a string, never a formula,
//! whatever it starts with (`=`, `+`, `-`, `@`, a TAB). The trainees and
//! findings sheets stream to temporary files as the ledgers come (the crate's
//! constant-memory mode), so that a workbook of thousands of ledgers holds
//! little in memory until it is zipped at the end.

use chrono::NaiveDate;
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};

use super::{Summary, integrity_word, ref_word};
use crate::audit::LedgerAudit;
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;

/// The sheets, in their order.
const TRAINEES: usize = 0;
const FINDINGS: usize = 1;
const UNITS: usize = 2;
const LAPSING: usize = 3;

/// A column: its header and its width in characters.
type Col = (&'static str, u8);

fn sheet_names(l: Lang) -> [&'static str; 4] {
    [
        crate::msg!(l => "ST-läkare", "Trainees"),
        crate::msg!(l => "Fynd", "Findings"),
        crate::msg!(l => "Enheter", "Units"),
        crate::msg!(l => "Förfaller", "Lapsing"),
    ]
}

fn trainee_cols(l: Lang) -> Vec<Col> {
    vec![
        (crate::msg!(l => "Fil", "Path"), 30),
        (crate::msg!(l => "ST-läkare", "Trainee"), 24),
        (crate::msg!(l => "Id", "Id"), 14),
        (crate::msg!(l => "Enhet", "Unit"), 24),
        (crate::msg!(l => "Regelverk", "Policy"), 18),
        (crate::msg!(l => "Version", "Version"), 9),
        (crate::msg!(l => "Försegling", "Integrity"), 12),
        (crate::msg!(l => "Period", "Period"), 8),
        (crate::msg!(l => "Från", "From"), 11),
        (crate::msg!(l => "Till", "To"), 11),
        (crate::msg!(l => "Budget", "Budget"), 14),
        (crate::msg!(l => "Belastat", "Charged"), 14),
        (crate::msg!(l => "Kvar", "Remaining"), 14),
        (crate::msg!(l => "Förföll", "Lapsed"), 14),
        (crate::msg!(l => "Fel", "Errors"), 7),
        (crate::msg!(l => "Varningar", "Warnings"), 9),
        (crate::msg!(l => "Kan inte läsas", "Unreadable"), 40),
        (crate::msg!(l => "Slutdatum", "End date"), 11),
        (crate::msg!(l => "Kursämnen klara", "Subjects done"), 9),
        (
            crate::msg!(l => "Kursämnen planerade", "Subjects planned"),
            9,
        ),
        (crate::msg!(l => "Kursämnen saknas", "Subjects missing"), 9),
        (
            crate::msg!(l => "Kursämnen som saknas", "Missing subjects"),
            40,
        ),
    ]
}

fn finding_cols(l: Lang) -> Vec<Col> {
    vec![
        (crate::msg!(l => "Fil", "Path"), 30),
        (crate::msg!(l => "ST-läkare", "Trainee"), 24),
        (crate::msg!(l => "Id", "Id"), 14),
        (crate::msg!(l => "Enhet", "Unit"), 24),
        (crate::msg!(l => "Post", "Entry"), 6),
        (crate::msg!(l => "Allvar", "Severity"), 9),
        (crate::msg!(l => "Referens", "Ref"), 10),
        (crate::msg!(l => "Regel", "Rule"), 24),
        (crate::msg!(l => "Meddelande", "Message"), 80),
        (crate::msg!(l => "Detaljer", "Details"), 40),
        (crate::msg!(l => "Regelns rubrik", "Rule title"), 40),
    ]
}

fn lapsing_cols(l: Lang) -> Vec<Col> {
    vec![
        (crate::msg!(l => "Fil", "Path"), 30),
        (crate::msg!(l => "ST-läkare", "Trainee"), 24),
        (crate::msg!(l => "Id", "Id"), 14),
        (crate::msg!(l => "Enhet", "Unit"), 24),
        (crate::msg!(l => "Period", "Period"), 8),
        (crate::msg!(l => "Kvar", "Remaining"), 14),
        (crate::msg!(l => "Förfaller", "Lapses on"), 11),
    ]
}

/// The workbook as it fills.
pub struct Book {
    book: Workbook,
    lang: Lang,
    today: NaiveDate,
    /// The next row of the trainees and findings sheets.
    rows: [RowNum; 2],
    kr: Format,
    date: Format,
    bold: Format,
}

impl Book {
    pub fn new(lang: Lang, today: NaiveDate) -> Result<Book, XlsxError> {
        let mut book = Workbook::new();
        let names = sheet_names(lang);
        for name in names {
            book.add_worksheet_with_constant_memory()?.set_name(name)?;
        }
        let mut b = Book {
            book,
            lang,
            today,
            rows: [1, 1],
            kr: Format::new().set_num_format("#,##0.00 \"kr\""),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            bold: Format::new().set_bold(),
        };
        b.header(TRAINEES, &trainee_cols(lang))?;
        b.header(FINDINGS, &finding_cols(lang))?;
        Ok(b)
    }

    fn sheet(&mut self, i: usize) -> Result<&mut Worksheet, XlsxError> {
        self.book.worksheet_from_index(i)
    }

    /// The header row, frozen, with the columns' widths.
    fn header(&mut self, sheet: usize, cols: &[Col]) -> Result<(), XlsxError> {
        let bold = self.bold.clone();
        let s = self.sheet(sheet)?;
        for (c, (name, width)) in cols.iter().enumerate() {
            let c = c as ColNum;
            s.write_string_with_format(0, c, *name, &bold)?;
            s.set_column_width(c, *width)?;
        }
        s.set_freeze_panes(1, 0)?;
        Ok(())
    }

    /// Filters on every column over the rows written.
    fn filter(&mut self, sheet: usize, cols: usize, rows: RowNum) -> Result<(), XlsxError> {
        let last = rows.saturating_sub(1).max(1);
        self.sheet(sheet)?
            .autofilter(0, 0, last, cols.saturating_sub(1) as ColNum)?;
        Ok(())
    }

    /// One ledger: its row of trainees and a row per finding.
    pub fn ledger(&mut self, l: &LedgerAudit<'_>) -> Result<(), XlsxError> {
        let (lang, today) = (self.lang, self.today);
        let (kr, date) = (self.kr.clone(), self.date.clone());
        let r = self.rows[TRAINEES];
        self.rows[TRAINEES] += 1;
        let s = self.sheet(TRAINEES)?;
        s.write_string(r, 0, &l.path)?;
        let a = match &l.result {
            Err(e) => {
                s.write_string(r, 6, crate::msg!(lang => "oläsbar", "unreadable"))?;
                s.write_string(r, 16, super::error_text(e, lang))?;
                return Ok(());
            }
            Ok(a) => a,
        };
        text(s, r, 1, Some(&a.name))?;
        text(s, r, 2, a.id.as_deref())?;
        text(s, r, 3, a.unit.as_deref())?;
        text(s, r, 4, Some(a.policy_used()))?;
        text(s, r, 5, a.policy_version())?;
        s.write_string(r, 6, integrity_word(a.integrity(), lang))?;
        if let Some(p) = a.current_period() {
            s.write_string(r, 7, &p.label)?;
            s.write_with_format(r, 8, &p.from, &date)?;
            if let Some(to) = &p.to {
                s.write_with_format(r, 9, to, &date)?;
            }
            amount(s, r, 10, p.budget, &kr)?;
            amount(s, r, 11, p.charged, &kr)?;
            match p.lapsed(today) {
                Some(lapsed) => amount(s, r, 13, lapsed, &kr)?,
                None => amount(s, r, 12, p.remaining, &kr)?,
            }
        }
        s.write_number(r, 14, a.count(Severity::Error) as u32)?;
        s.write_number(r, 15, a.count(Severity::Warning) as u32)?;
        if let Some(end) = &a.end {
            s.write_with_format(r, 17, end, &date)?;
        }
        if let (Some(t), Some(policy)) = (&a.subjects, a.judged_by) {
            s.write_number(r, 18, t.done as u32)?;
            s.write_number(r, 19, t.planned as u32)?;
            s.write_number(r, 20, t.missing.len() as u32)?;
            let names = super::words::subject_names(policy, &t.missing, lang);
            s.write_string(r, 21, names)?;
        }
        for f in super::shown(a, false) {
            let f = super::words::word(f, a.judged_by, lang);
            let r = self.rows[FINDINGS];
            self.rows[FINDINGS] += 1;
            let s = self.sheet(FINDINGS)?;
            s.write_string(r, 0, &l.path)?;
            s.write_string(r, 1, &a.name)?;
            text(s, r, 2, a.id.as_deref())?;
            text(s, r, 3, a.unit.as_deref())?;
            if let Some(e) = f.entry {
                s.write_number(r, 4, e)?;
            }
            s.write_string(r, 5, crate::render::severity_word(f.severity, lang))?;
            s.write_string(r, 6, ref_word(&f.reference, lang))?;
            s.write_string(r, 7, f.rule.as_ref())?;
            s.write_string(r, 8, &f.message)?;
            text(s, r, 9, f.details.as_deref())?;
            text(s, r, 10, f.title.as_deref())?;
        }
        Ok(())
    }

    /// The units and lapsing sheets, the filters, and the file's bytes.
    /// The workbook, written to `out` as it is zipped: the findings sheet of
    /// 10 000 ledgers is 20 MB zipped, and held whole it raised the audit's
    /// peak by as much (docs/performance.md).
    pub fn finish_to(
        mut self,
        summary: &Summary,
        out: &mut (dyn std::io::Write + Send),
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        self.filter(TRAINEES, trainee_cols(lang).len(), self.rows[TRAINEES])?;
        self.filter(FINDINGS, finding_cols(lang).len(), self.rows[FINDINGS])?;
        self.units(summary)?;
        self.lapsing(summary)?;
        self.book.save_to_writer(out)
    }

    /// Per unit and year: the trainees, each payer, and the unit's part per
    /// rule ref, a column each.
    fn units(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        let l = self.lang;
        // Every ref some unit's part was sent by, in order.
        let (_, by_rule) = summary.units.unit_total();
        let refs: Vec<&str> = by_rule.into_keys().collect();
        let mut cols: Vec<Col> = vec![
            (crate::msg!(l => "Enhet", "Unit"), 24),
            (crate::msg!(l => "År", "Year"), 6),
            (crate::msg!(l => "ST-läkare", "Trainees"), 10),
            (crate::msg!(l => "Budget", "Budget"), 14),
            (crate::msg!(l => "Centralt", "Central"), 14),
            (crate::msg!(l => "Enheten", "Unit pays"), 14),
            (crate::msg!(l => "Egen kostnad", "Self"), 14),
        ];
        let fixed = cols.len();
        let headers: Vec<String> = refs
            .iter()
            .map(|r| crate::msg!(l => "Enheten {}", "Unit {}", r))
            .collect();
        self.header(UNITS, &cols)?;
        let (kr, bold) = (self.kr.clone(), self.bold.clone());
        let s = self.sheet(UNITS)?;
        for (i, h) in headers.iter().enumerate() {
            let c = (fixed + i) as ColNum;
            s.write_string_with_format(0, c, h, &bold)?;
            s.set_column_width(c, 14)?;
        }
        let mut r: RowNum = 1;
        let mut failed = None;
        let read = summary.units.each(&mut |unit, year, u| {
            let row = |s: &mut Worksheet| -> Result<(), XlsxError> {
                match unit {
                    Some(u) => s.write_string(r, 0, u)?,
                    None => s.write_string(r, 0, crate::msg!(l => "(ingen enhet)", "(no unit)"))?,
                };
                s.write_number(r, 1, year)?;
                s.write_number(r, 2, u.trainees as u32)?;
                amount(s, r, 3, u.payers.budget, &kr)?;
                amount(s, r, 4, u.payers.central, &kr)?;
                amount(s, r, 5, u.payers.unit, &kr)?;
                amount(s, r, 6, u.payers.self_paid, &kr)?;
                for (i, reference) in refs.iter().enumerate() {
                    let a = u.unit_by_rule.get(*reference).copied().unwrap_or_default();
                    amount(s, r, (fixed + i) as ColNum, a, &kr)?;
                }
                Ok(())
            };
            row(&mut *s).map_err(|e| stopped(&mut failed, e))?;
            r += 1;
            Ok(())
        });
        finished(failed, read)?;
        cols.extend(headers.iter().map(|_| ("", 14)));
        self.filter(UNITS, cols.len(), r)
    }

    /// Whose money lapses soon, by day.
    fn lapsing(&mut self, summary: &Summary) -> Result<(), XlsxError> {
        let cols = lapsing_cols(self.lang);
        self.header(LAPSING, &cols)?;
        let (kr, date) = (self.kr.clone(), self.date.clone());
        let s = self.sheet(LAPSING)?;
        let mut r: RowNum = 1;
        let mut failed = None;
        let read = summary.lapsing.each(&mut |x| {
            let row = |s: &mut Worksheet| -> Result<(), XlsxError> {
                s.write_string(r, 0, x.path)?;
                s.write_string(r, 1, x.name)?;
                text(s, r, 2, x.id)?;
                text(s, r, 3, x.unit)?;
                s.write_string(r, 4, x.period)?;
                amount(s, r, 5, x.remaining, &kr)?;
                s.write_with_format(r, 6, &x.lapses_on, &date)?;
                Ok(())
            };
            row(&mut *s).map_err(|e| stopped(&mut failed, e))?;
            r += 1;
            Ok(())
        });
        finished(failed, read)?;
        self.filter(LAPSING, cols.len(), r)
    }
}

/// Keeps the workbook's error that stopped the sums being gone over, to be
/// returned as itself.
fn stopped(failed: &mut Option<XlsxError>, e: XlsxError) -> std::io::Error {
    *failed = Some(e);
    std::io::Error::other("writing the workbook")
}

/// The workbook's error that stopped the sums being gone over, else the one
/// reading them back.
fn finished(failed: Option<XlsxError>, read: std::io::Result<()>) -> Result<(), XlsxError> {
    match failed {
        Some(e) => Err(e),
        None => read.map_err(XlsxError::IoError),
    }
}

/// A text cell, left empty for none. Always a string: never a formula.
fn text(s: &mut Worksheet, r: RowNum, c: ColNum, v: Option<&str>) -> Result<(), XlsxError> {
    if let Some(v) = v {
        s.write_string(r, c, v)?;
    }
    Ok(())
}

/// An amount as a number in the kronor format.
fn amount(
    s: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    a: Amount,
    kr: &Format,
) -> Result<(), XlsxError> {
    s.write_with_format(r, c, a.decimal(), kr)?;
    Ok(())
}
