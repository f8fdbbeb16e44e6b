//! The director's audit page (`st-budget audit --html`): one row per ledger,
//! sortable, with its unit, integrity in words and symbols (not colour alone),
//! findings expandable, a button that shows only the ledgers with a problem;
//! then what each unit pays per year and whose money lapses soon.

use std::io::{Read, Seek, Write};

use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};

use super::{badge, col, finding_li, money_td, num, page, table, text};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;
use crate::render::audit::words::{self, who};
use crate::render::audit::{AuditFinding, Summary, ref_word, shown};

/// How an exported ledger's seal held up, for the audit page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// The seal is intact and nothing an earlier audit saw is missing.
    Intact,
    /// No seal: a ledger that was not exported.
    Unsealed,
    /// The seal is broken or entries went missing; the text says how.
    Broken(String),
}

/// One ledger on the audit page: plain data, so the audit command can fill it
/// from whatever it computed. Its findings are not held here: they are worded
/// one at a time as the row is written ([`AuditPage::row`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub path: String,
    pub name: String,
    /// The training unit, if the ledger names one.
    pub unit: Option<String>,
    /// Policy id and version.
    pub policy: String,
    pub integrity: Integrity,
    /// The current period's label, budget, charged and remaining.
    pub period: Option<(String, Amount, Amount, Amount)>,
    /// The current period is closed: what remains of it lapsed.
    pub lapsed: bool,
    pub errors: usize,
    pub warnings: usize,
    /// A finding shown is about the ledger's integrity or identity.
    pub flagged: bool,
    /// How many mandatory subjects are missing, when the policy lists any, and
    /// the line saying which when the programme ends soon
    /// ([`crate::render::audit::words::subjects_due`]).
    pub subjects: Option<(usize, Option<String>)>,
    /// The ledger could not be read: why. The other fields are then empty.
    pub error: Option<String>,
}

impl AuditRow {
    /// An error, a warning, an integrity problem, or a file that cannot be read:
    /// what the "only problems" filter keeps.
    pub fn has_problems(&self) -> bool {
        self.error.is_some()
            || self.errors > 0
            || self.warnings > 0
            || self.integrity != Integrity::Intact
            || self.flagged
    }
}

/// A row of the director's page from what `audit` concluded about one ledger.
pub fn audit_row(l: &crate::audit::LedgerAudit<'_>, lang: Lang, today: NaiveDate) -> AuditRow {
    let a = match &l.result {
        Err(e) => {
            return AuditRow {
                path: l.path.clone(),
                name: String::new(),
                unit: None,
                policy: String::new(),
                integrity: Integrity::Unsealed,
                period: None,
                lapsed: false,
                errors: 0,
                warnings: 0,
                flagged: false,
                subjects: None,
                error: Some(match &e.hint {
                    Some(h) => format!("{e} ({} {h})", crate::msg!(lang => "tips:", "hint:")),
                    None => e.to_string(),
                }),
            };
        }
        Ok(a) => a,
    };
    let integrity = match a.integrity() {
        "sealed" => Integrity::Intact,
        "unsealed" => Integrity::Unsealed,
        how => {
            let word = match how {
                "broken" => crate::msg!(lang => "förseglingen bruten", "the seal is broken"),
                _ => crate::msg!(lang =>
                    "historiken omskriven sedan förra granskningen",
                    "history rewritten since the last audit",
                ),
            };
            Integrity::Broken(match &a.bad_record {
                Some(r) => format!("{word}: {}", words::record_name(r, lang)),
                None => word.to_string(),
            })
        }
    };
    AuditRow {
        path: l.path.clone(),
        name: who(&a.name, a.id.as_deref()),
        unit: a.unit.clone(),
        policy: format!("{} {}", a.policy_used(), a.policy_version().unwrap_or("?")),
        integrity,
        period: a
            .current_period()
            .map(|p| (p.label.clone(), p.budget, p.charged, p.remaining)),
        lapsed: a
            .current_period()
            .is_some_and(|p| p.lapsed(today).is_some()),
        errors: a.count(Severity::Error),
        warnings: a.count(Severity::Warning),
        flagged: shown(a, false).any(|f| f.is_integrity()),
        subjects: a
            .subjects
            .as_ref()
            .map(|t| (t.missing.len(), words::subjects_due(a, today, lang))),
        error: None,
    }
}

/// The director's page, written as the ledgers come. Each ledger's row goes to
/// a file with no name beside the page as soon as the ledger is judged, its
/// findings worded one at a time, so the page takes the memory of one finding,
/// not of the inbox's: built whole, the page of 600 000 findings took 393 MiB,
/// and that of 10 000 ordinary ledgers 378 MiB (docs/performance.md). What
/// stands above the rows is known only at the end: the counts, and whether
/// there is a column of mandatory subjects (when a ledger's policy lists
/// any). So each row is written both ways where it differs, and [`finish`]
/// copies the rows into the page the one way.
///
/// [`finish`]: AuditPage::finish
pub struct AuditPage {
    rows: Counted<std::io::BufWriter<std::fs::File>>,
    /// For each row, where its two ways lie in `rows`: with the subjects'
    /// column from `[0]` to `[1]`, without it from `[1]` to `[2]`.
    forks: Vec<[u64; 3]>,
    counts: Counts,
    lang: Lang,
    as_of: NaiveDate,
}

/// The page's counts over all ledgers ([`summary`]).
#[derive(Default)]
struct Counts {
    ledgers: usize,
    with_errors: usize,
    broken: usize,
    unreadable: usize,
    /// Ledgers whose policy lists mandatory subjects: the page has their column.
    with_subjects: usize,
    subjects_due: usize,
}

/// What has been written through it, in bytes.
struct Counted<W> {
    inner: W,
    at: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where the page's rows go in the page made with it in [`AuditPage::finish`]:
/// no text of a ledger holds it (every text is sanitised, which writes a NUL
/// as `\u{0}`).
const ROWS_HERE: &str = "\u{0}rows\u{0}";

/// Where the rows per unit and year stand in the page ([`write_below`]).
const UNITS_HERE: &str = "\u{0}units\u{0}";

/// Where the rows of money about to lapse stand in the page ([`write_below`]).
const LAPSES_HERE: &str = "\u{0}lapses\u{0}";

impl AuditPage {
    /// A page whose rows wait in `scratch`, an empty file open for reading and
    /// writing (`store::scratch_beside` the page).
    pub fn new(scratch: std::fs::File, lang: Lang, as_of: NaiveDate) -> AuditPage {
        AuditPage {
            rows: Counted {
                inner: std::io::BufWriter::with_capacity(64 * 1024, scratch),
                at: 0,
            },
            forks: Vec::new(),
            counts: Counts::default(),
            lang,
            as_of,
        }
    }

    /// One ledger's row, from what `audit` concluded about it.
    pub fn ledger(
        &mut self,
        l: &crate::audit::LedgerAudit<'_>,
        today: NaiveDate,
    ) -> std::io::Result<()> {
        let r = audit_row(l, self.lang, today);
        match &l.result {
            Ok(a) => {
                let n = shown(a, false).count();
                let lang = self.lang;
                let words = shown(a, false).map(|f| words::word(f, a.judged_by, lang));
                self.row(&r, n, words)
            }
            Err(_) => self.row(&r, 0, std::iter::empty()),
        }
    }

    /// One ledger's row, with its `n` findings.
    pub fn row<'f>(
        &mut self,
        r: &AuditRow,
        n: usize,
        findings: impl IntoIterator<Item = AuditFinding<'f>>,
    ) -> std::io::Result<()> {
        let l = self.lang;
        let c = &mut self.counts;
        c.ledgers += 1;
        c.with_errors += usize::from(r.errors > 0);
        c.broken += usize::from(matches!(r.integrity, Integrity::Broken(_)));
        c.unreadable += usize::from(r.error.is_some());
        c.with_subjects += usize::from(r.subjects.is_some());
        c.subjects_due += usize::from(r.subjects.as_ref().is_some_and(|(_, due)| due.is_some()));
        let w = &mut self.rows;
        if let Some(err) = &r.error {
            let fork = w.at;
            w.write_all(unreadable(r, err, COLUMNS + 1, l).0.as_bytes())?;
            let without = w.at;
            w.write_all(unreadable(r, err, COLUMNS, l).0.as_bytes())?;
            self.forks.push([fork, without, w.at]);
            return w.write_all(b"\n");
        }
        let class = if r.has_problems() { "problem" } else { "clean" };
        write!(w, "<tr class=\"{class}\">")?;
        w.write_all(cells(r, l).0.as_bytes())?;
        let fork = w.at;
        let subjects = match &r.subjects {
            Some((n, _)) => html! { td.num data-sort=(n) { (n) } },
            None => html! { td data-sort="-1" { "–" } },
        };
        w.write_all(subjects.0.as_bytes())?;
        self.forks.push([fork, w.at, w.at]);
        let due = r.subjects.as_ref().and_then(|(_, due)| due.as_deref());
        write_findings(w, n, findings, due, l)?;
        w.write_all(b"</tr>\n")
    }

    /// The page, written to `out`: what stands above the rows, the rows, what
    /// comes after them.
    pub fn finish(
        self,
        not: &NotAudited,
        sums: Option<&Summary>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let page = frame(&self.counts, not, sums, self.lang, self.as_of);
        let (above, below) = page.split_once(ROWS_HERE).unwrap_or((&page, ""));
        out.write_all(above.as_bytes())?;
        let with_subjects = self.counts.with_subjects > 0;
        let mut scratch = self.rows.inner.into_inner().map_err(|e| e.into_error())?;
        scratch.seek(std::io::SeekFrom::Start(0))?;
        let mut rows = std::io::BufReader::with_capacity(64 * 1024, scratch);
        let mut at = 0;
        for [fork, without, end] in self.forks {
            let skip = if with_subjects {
                without..end
            } else {
                fork..without
            };
            std::io::copy(&mut (&mut rows).take(skip.start - at), out)?;
            std::io::copy(
                &mut (&mut rows).take(skip.end - skip.start),
                &mut std::io::sink(),
            )?;
            at = skip.end;
        }
        std::io::copy(&mut rows, out)?;
        write_below(below, sums, self.lang, out)
    }
}

/// The page's columns without the mandatory subjects'.
const COLUMNS: usize = 11;

/// The director's page over `rows`, each with its findings, made in memory
/// (its rows waiting in a temporary file): for tests and small pages.
pub fn audit_report(
    rows: &[(AuditRow, Vec<AuditFinding<'_>>)],
    lang: Lang,
    as_of: NaiveDate,
) -> std::io::Result<String> {
    let mut page = AuditPage::new(tempfile::tempfile()?, lang, as_of);
    for (r, fs) in rows {
        page.row(r, fs.len(), fs.iter().cloned())?;
    }
    let mut out = Vec::new();
    page.finish(&NotAudited::default(), None, &mut out)?;
    String::from_utf8(out).map_err(std::io::Error::other)
}

/// What the audit did not judge, for the end of the page: the register's ledgers
/// missing from the inbox and the paths skipped, each with what and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotAudited {
    pub missing: Vec<(String, String)>,
    pub skipped: Vec<(String, String)>,
}

impl NotAudited {
    pub fn new(
        missing: &[&crate::audit::register::Known],
        skipped: &[crate::audit::Skipped],
        lang: Lang,
    ) -> NotAudited {
        NotAudited {
            missing: missing
                .iter()
                .map(|k| (who(&k.name, k.id.as_deref()), words::missing(k, lang).0))
                .collect(),
            skipped: skipped
                .iter()
                .map(|s| (s.path.clone(), s.why.clone()))
                .collect(),
        }
    }
}

/// The page around its rows, which stand where [`ROWS_HERE`] is: one row per
/// ledger, sortable, findings expandable, integrity marked in words and
/// symbols (not colour alone); the ledgers missing from the inbox and the
/// paths skipped after them, and the audit's sums: what each unit pays per
/// year, and whose money lapses soon.
fn frame(
    counts: &Counts,
    not: &NotAudited,
    sums: Option<&Summary>,
    lang: Lang,
    as_of: NaiveDate,
) -> String {
    let l = lang;
    let title = crate::msg!(l => "Granskning av ST-budgetar", "Audit of ST budgets");
    // The subjects' column only where a policy lists mandatory subjects.
    let with_subjects = counts.with_subjects > 0;
    let mut cols = vec![
        col(crate::msg!(l => "ST-läkare", "Trainee")),
        col(crate::msg!(l => "Enhet", "Unit")),
        col(crate::msg!(l => "Regelverk", "Policy")),
        col(crate::msg!(l => "Försegling", "Integrity")),
        col(crate::msg!(l => "Period", "Period")),
        num(crate::msg!(l => "Budget", "Budget")),
        num(crate::msg!(l => "Belastat", "Charged")),
        num(crate::msg!(l => "Kvar", "Remaining")),
        num(crate::msg!(l => "Fel", "Errors")),
        num(crate::msg!(l => "Varningar", "Warnings")),
    ];
    if with_subjects {
        cols.push(num(
            crate::msg!(l => "Kursämnen saknas", "Subjects missing"),
        ));
    }
    cols.push(col(crate::msg!(l => "Fynd", "Findings")));
    let body = html! {
        header { h1 { (title) } p.meta { (crate::msg!(l => "per", "as of")) " " (as_of) } } "\n"
        (summary(counts, with_subjects, l)) "\n"
        p.no-print {
            button.filter type="button" hidden data-table="ledgers" aria-pressed="false" {
                (crate::msg!(l => "Visa bara liggare med problem", "Show only ledgers with problems"))
            }
        }
        div.scroll {
            (table(true, Some("ledgers"), &cols, PreEscaped(ROWS_HERE.to_string())))
        }
        "\n"
        @if let Some(s) = sums {
            (units(l)) "\n"
            (lapsing(s, l)) "\n"
        }
        @if !not.missing.is_empty() {
            section #missing {
                h2 { (crate::msg!(l => "Kända liggare som saknas i inkorgen", "Known ledgers missing from the inbox")) }
                ul.findings { @for (who, why) in &not.missing {
                    (finding_li(Severity::Warning, who, why, l))
                } }
            }
            "\n"
        }
        @if !not.skipped.is_empty() {
            section #skipped {
                h2 { (crate::msg!(l => "Överhoppade sökvägar", "Paths skipped")) }
                ul { @for (path, why) in &not.skipped { li { (text(path)) ": " (text(why)) } "\n" } }
            }
            "\n"
        }
        footer { (crate::msg!(l => "Skapad av", "Made by")) " st-budget " (env!("CARGO_PKG_VERSION")) }
    };
    page(l, title, body)
}

/// The counts over all ledgers: read, with errors, seal broken, unreadable.
fn summary(c: &Counts, with_subjects: bool, l: Lang) -> Markup {
    html! {
        #summary.cards {
            .card { (crate::msg!(l => "Liggare", "Ledgers")) b { (c.ledgers) } }
            .card.error { (crate::msg!(l => "Med fel", "With errors")) b { (c.with_errors) } }
            .card.error {
                (crate::msg!(l => "Bruten försegling", "Seal broken"))
                b { (c.broken) }
            }
            .card { (crate::msg!(l => "Olästa", "Unreadable")) b { (c.unreadable) } }
            @if with_subjects {
                .card.warning {
                    (crate::msg!(l =>
                        "Saknar kursämnen, högst {} dagar kvar",
                        "Missing subjects, {} days or less left",
                        crate::audit::SUBJECTS_WITHIN_DAYS
                    ))
                    b { (c.subjects_due) }
                }
            }
        }
    }
}

/// An unreadable ledger's row, saying why across the page's other `columns`.
fn unreadable(r: &AuditRow, err: &str, columns: usize, l: Lang) -> Markup {
    html! {
        tr.unreadable.problem {
            td { (text(&r.path)) }
            td.error colspan=(columns - 1) {
                (badge("error", crate::msg!(l => "kan inte läsas", "cannot be read"))) " " (text(err))
            }
        }
    }
}

/// A readable ledger's cells before the mandatory subjects' and the findings'.
fn cells(r: &AuditRow, l: Lang) -> Markup {
    html! {
        td { (text(&r.name)) br; span.meta { (text(&r.path)) } }
        td { (text(r.unit.as_deref().unwrap_or("–"))) }
        td { (text(&r.policy)) }
        (integrity(&r.integrity, l))
        @match &r.period {
            Some((label, budget, charged, remaining)) => {
                td { (text(label)) }
                (money_td(*budget, l)) (money_td(*charged, l))
                @if r.lapsed {
                    td.num.lapsed data-sort=(remaining.ore()) {
                        (crate::msg!(l => "förföll", "lapsed")) " " (crate::render::money(*remaining, l))
                    }
                } @else {
                    (money_td(*remaining, l))
                }
            }
            None => { td { "–" } td {} td {} td {} }
        }
        td.num.error[r.errors > 0] data-sort=(r.errors) { (r.errors) }
        td.num.warning[r.warnings > 0] data-sort=(r.warnings) { (r.warnings) }
    }
}

/// What each unit pays per calendar year: the trainees, each payer, the
/// unit's part by rule.
fn units(l: Lang) -> Markup {
    let cols = [
        col(crate::msg!(l => "Enhet", "Unit")),
        num(crate::msg!(l => "År", "Year")),
        num(crate::msg!(l => "ST-läkare", "Trainees")),
        num(crate::msg!(l => "Budget", "Budget")),
        num(crate::msg!(l => "Centralt", "Central")),
        num(crate::msg!(l => "Enheten", "Unit pays")),
        num(crate::msg!(l => "Egen kostnad", "Self")),
        col(crate::msg!(l => "Enheten per regel", "Unit by rule")),
    ];
    html! {
        section #units {
            h2 { (crate::msg!(l => "Per enhet och år", "Per unit and year")) }
            div.scroll {
                (table(true, Some("unit-years"), &cols, PreEscaped(UNITS_HERE.to_string())))
            }
        }
    }
}

/// A unit's row of one calendar year.
fn unit_row(unit: Option<&str>, year: i32, u: &crate::audit::units::UnitYear, l: Lang) -> Markup {
    html! {
        tr {
            td { @match unit {
                Some(u) => (text(u)),
                None => em { (crate::msg!(l => "(ingen enhet)", "(no unit)")) },
            } }
            td.num { (year) }
            td.num { (u.trainees) }
            (money_td(u.payers.budget, l)) (money_td(u.payers.central, l))
            (money_td(u.payers.unit, l)) (money_td(u.payers.self_paid, l))
            td { @for (r, a) in &u.unit_by_rule {
                (text(r)) " " (crate::render::money(*a, l)) br;
            } }
        }
        "\n"
    }
}

/// Whose money lapses within the days asked about, by day.
fn lapsing(s: &Summary, l: Lang) -> Markup {
    let cols = [
        col(crate::msg!(l => "ST-läkare", "Trainee")),
        col(crate::msg!(l => "Enhet", "Unit")),
        col(crate::msg!(l => "Period", "Period")),
        num(crate::msg!(l => "Kvar", "Remaining")),
        col(crate::msg!(l => "Förfaller", "Lapses on")),
    ];
    let total: Amount = s.lapsing.money().map(|(_, a)| a).sum();
    html! {
        section #lapsing {
            h2 { (crate::msg!(l => "Förfaller inom {} dagar", "Lapsing within {} days", s.lapsing_within)) }
            @if s.lapsing.is_empty() {
                p { (crate::msg!(l => "Inga pengar förfaller så snart.", "No money lapses that soon.")) }
            } @else {
                p { (crate::msg!(l => "{}, sammanlagt {}.", "{}, {} in all.", crate::i18n::count(s.lapsing.len(), crate::msg!(l => "ST-läkare", "trainee"), crate::msg!(l => "ST-läkare", "trainees")), crate::render::money(total, l))) }
                div.scroll {
                    (table(true, Some("lapsing-list"), &cols, PreEscaped(LAPSES_HERE.to_string())))
                }
            }
        }
    }
}

/// A trainee's row of money about to lapse.
fn lapse_row(x: &crate::audit::units::Lapse<'_>, l: Lang) -> Markup {
    html! {
        tr {
            td { (text(&who(x.name, x.id))) br; span.meta { (text(x.path)) } }
            td { (text(x.unit.unwrap_or("–"))) }
            td { (text(x.period)) }
            (money_td(x.remaining, l))
            td { (x.lapses_on) }
        }
        "\n"
    }
}

/// The page after its rows, the rows per unit and year and of money about to
/// lapse written where [`UNITS_HERE`] and [`LAPSES_HERE`] are, a row at a
/// time: as one text, 8 000 units of names of 200 characters over eleven
/// years took 150 MB.
fn write_below(
    below: &str,
    sums: Option<&Summary>,
    l: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut rest = below;
    for marker in [UNITS_HERE, LAPSES_HERE] {
        let Some((before, after)) = rest.split_once(marker) else {
            continue;
        };
        out.write_all(before.as_bytes())?;
        if let Some(s) = sums {
            if marker == UNITS_HERE {
                s.units.each(&mut |unit, year, u| {
                    out.write_all(unit_row(unit, year, u, l).into_string().as_bytes())
                })?;
            } else {
                s.lapsing
                    .each(&mut |x| out.write_all(lapse_row(&x, l).into_string().as_bytes()))?;
            }
        }
        rest = after;
    }
    out.write_all(rest.as_bytes())
}

/// The seal in a symbol and a word, sorting intact first.
fn integrity(i: &Integrity, l: Lang) -> Markup {
    html! {
        @match i {
            Integrity::Intact => td data-sort="0" {
                (badge("ok", &format!("✔ {}", crate::msg!(l => "intakt", "intact"))))
            },
            Integrity::Unsealed => td data-sort="1" {
                (badge("warning", &format!("– {}", crate::msg!(l => "ej förseglad", "not sealed"))))
            },
            Integrity::Broken(why) => td data-sort="2" {
                (badge("error", &format!("✖ {}", crate::msg!(l => "bruten", "broken"))))
                br; span.error { (text(why)) }
            },
        }
    }
}

/// The findings' cell: the findings folded away under their count `n`, each
/// worded and written as it comes; the mandatory subjects still missing near
/// the end of the programme above them, in full.
fn write_findings<'f>(
    w: &mut impl Write,
    n: usize,
    findings: impl IntoIterator<Item = AuditFinding<'f>>,
    subjects_due: Option<&str>,
    l: Lang,
) -> std::io::Result<()> {
    write!(w, "<td class=\"findings\" data-sort=\"{n}\">")?;
    if let Some(due) = subjects_due {
        w.write_all(html! { p.subjects.warning { (text(due)) } }.0.as_bytes())?;
    }
    if n == 0 {
        w.write_all(crate::msg!(l => "inga", "none").as_bytes())?;
    } else {
        let head = html! { summary { (n) " " (crate::msg!(l => "fynd", "findings")) } };
        writeln!(w, "<details>{}<ul class=\"findings\">", head.0)?;
        for f in findings {
            let who = f.entry.map(|e| format!("#{e} ")).unwrap_or_default();
            let li = finding_li(
                f.severity,
                &format!("{who}{}", ref_word(&f.reference, l)),
                &f.message,
                l,
            );
            w.write_all(li.0.as_bytes())?;
        }
        w.write_all(b"</ul></details>")?;
    }
    w.write_all(b"</td>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> (AuditRow, Vec<AuditFinding<'static>>) {
        let r = AuditRow {
            path: format!("in/{name}.toml"),
            name: name.to_string(),
            unit: Some("VC Centrum".into()),
            policy: "region-x 2024.1".into(),
            integrity: Integrity::Intact,
            period: Some((
                "ST".into(),
                Amount::from_kronor(100_000),
                Amount::from_kronor(4_500),
                Amount::from_kronor(95_500),
            )),
            lapsed: false,
            errors: 0,
            warnings: 1,
            flagged: false,
            subjects: None,
            error: None,
        };
        let finding = AuditFinding {
            entry: Some(3),
            rule: "k3".into(),
            severity: Severity::Warning,
            reference: "K3".into(),
            title: None,
            message: "Handledarens godkännande saknas".into(),
            details: None,
        };
        (r, vec![finding])
    }

    #[test]
    fn the_audit_page_has_one_row_per_ledger_marks_integrity_and_escapes() {
        let mut hostile = row("<img src=x onerror=alert(1)>");
        hostile.0.integrity = Integrity::Broken("entry 4 is missing".into());
        hostile.0.errors = 2;
        let unreadable = AuditRow {
            error: Some("in/bad.toml:3:1: expected a date".into()),
            ..row("bad").0
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let rows = [row("Anna"), hostile, (unreadable, Vec::new())];
        let html = audit_report(&rows, Lang::Sv, day).expect("page");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("✔ intakt"));
        assert!(html.contains("✖ bruten"));
        assert!(html.contains("entry 4 is missing"));
        assert!(html.contains("kan inte läsas"));
        assert!(
            html.contains("<td class=\"num\" data-sort=\"10000000\">100\u{a0}000,00\u{a0}kr</td>")
        );
        assert!(html.contains("<details><summary>1 fynd</summary>"));
        assert_eq!(html.matches("<tbody>").count(), 1);
        // Two readable rows and one unreadable: every row of the body.
        let body = &html[html.find("<tbody>").expect("body")..html.find("</tbody>").expect("end")];
        assert_eq!(body.matches("<tr").count(), 3);
        assert_no_network(&html);
    }

    /// No request can leave the page: no external source, link or import.
    pub(crate) fn assert_no_network(html: &str) {
        for bad in [
            "src=\"http",
            "href=\"http",
            "@import",
            "url(",
            "<link",
            "<iframe",
            "src=\"",
        ] {
            assert!(!html.contains(bad), "found {bad:?}");
        }
        assert!(html.contains("Content-Security-Policy"));
    }
}
