//! The director's table (`audit`, `--format table`): one line per ledger,
//! sorted by path, then the findings of the ledgers that have any, grouped by
//! ledger, then a line each for the units and the money about to lapse (in
//! full with `--by-unit` and `--lapsing`), then the counts.
//!
//! A sorted table needs every row before its first line, so the table keeps
//! each ledger's place in path order (to sort by) and writes its row's cells
//! (its path, names of up to 800 bytes each, figures, counts) to one spool,
//! which moves from memory to a temporary file past 8 MiB, and its findings,
//! as text, to another, past 1 MiB (`store::Spool`); the rows are read back
//! as they are laid out. The tables per unit and year and of the money about
//! to lapse are made from the summary as they are laid out. The ledgers'
//! evaluations are never kept: memory stays bounded by the ledgers the audit
//! holds at once plus a few numbers per ledger.
//!
//! Where the terminal is narrower than the table, whole columns are left out
//! rather than lines broken, in this order: budget, charged, period, policy,
//! id, unit. Path, trainee, integrity, remaining, errors and warnings stay.

use std::io::{self, Write};
use std::ops::Range;

use super::words::{self, AuditFinding, who};
use super::{Options, Summary, error_text, integrity_word, ref_word};
use crate::audit::register::{Check, Known};
use crate::audit::{Audited, LedgerAudit, Skipped};
use crate::diag::sanitize;
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;
use crate::render::table::{Packed, Rows, line, narrowed_to, number};
use crate::render::{money, severity_word};
use crate::store::Spool;

/// Findings are held in memory up to this much text, then in a temporary file.
const SPOOL_IN_MEMORY: usize = 1024 * 1024;

/// Rows are held in memory up to this much text, then in a temporary file.
const ROWS_IN_MEMORY: usize = 8 * 1024 * 1024;

/// One ledger's line of the table: its place in path order, to sort by, and
/// where the rest waits.
struct Row {
    /// Its place among the inputs sorted by path ([`LedgerAudit::rank`]).
    rank: u32,
    /// Its cells ([`Packed`], the path first) in the rows' spool.
    cells: Range<u64>,
    /// Its findings block in the findings' spool, when it has one to show.
    findings: Option<Range<u64>>,
}

/// The rows in order, read back from their spool as the table is laid out.
struct Spooled<'a> {
    rows: &'a [Row],
    spool: &'a mut Spool,
    buf: Vec<u8>,
}

impl Rows for Spooled<'_> {
    fn each(&mut self, f: &mut dyn FnMut(&Packed) -> io::Result<()>) -> io::Result<()> {
        for r in self.rows {
            self.spool.read(r.cells.clone(), &mut self.buf)?;
            let text = std::str::from_utf8(&self.buf).map_err(io::Error::other)?;
            f(&Packed::from_text(text))?;
        }
        Ok(())
    }
}

/// The rows and findings of the ledgers so far.
pub(super) struct Collected {
    rows: Vec<Row>,
    /// The rows' cells: a ledger's names are up to 800 bytes each.
    cells: Spool,
    spool: Spool,
    /// The register's missing ledgers and the skipped paths, a line each.
    tail: String,
    /// The spool could not be written: said at the end, the rest goes on.
    spool_error: Option<io::Error>,
    /// The folder every path is in, which the heading names.
    folder: String,
}

/// The columns: path, trainee, id, unit, policy, integrity, period, budget,
/// charged, remaining, errors, warnings.
const PERIOD: usize = 6;
const BUDGET: usize = 7;
const CHARGED: usize = 8;
const POLICY: usize = 4;
const ID: usize = 2;
const UNIT: usize = 3;
const TRAINEE: usize = 1;
const DROP: [usize; 6] = [BUDGET, CHARGED, PERIOD, POLICY, ID, UNIT];
const FIGURES: [usize; 5] = [7, 8, 9, 10, 11];

fn header(l: Lang) -> [&'static str; 12] {
    [
        crate::msg!(l => "Fil", "Path"),
        crate::msg!(l => "ST-läkare", "Trainee"),
        crate::msg!(l => "Id", "Id"),
        crate::msg!(l => "Enhet", "Unit"),
        crate::msg!(l => "Regelverk", "Policy"),
        crate::msg!(l => "Försegling", "Integrity"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Belastat", "Charged"),
        crate::msg!(l => "Kvar", "Remaining"),
        crate::msg!(l => "Fel", "Err"),
        crate::msg!(l => "Varn", "Warn"),
    ]
}

impl Collected {
    pub(super) fn new() -> Collected {
        Collected {
            rows: Vec::new(),
            cells: Spool::new(ROWS_IN_MEMORY),
            spool: Spool::new(SPOOL_IN_MEMORY),
            tail: String::new(),
            spool_error: None,
            folder: String::new(),
        }
    }

    pub(super) fn ledger(&mut self, l: &LedgerAudit<'_>, opts: &Options) -> io::Result<()> {
        if self.folder.is_empty() && opts.folder > 0 {
            self.folder = l.path.get(..opts.folder).unwrap_or_default().to_string();
        }
        let wanted = match &l.result {
            Err(_) => true,
            Ok(a) => !opts.problems || a.has_problems(),
        };
        if !wanted {
            return Ok(());
        }
        let start = self.spool.len();
        let findings = match self.spool_error {
            Some(_) => None,
            None => match block(l, opts, &mut |t| self.spool.append(t.as_bytes()).map(drop)) {
                Ok(()) => (self.spool.len() > start).then(|| start..self.spool.len()),
                Err(e) => {
                    self.spool_error = Some(e);
                    None
                }
            },
        };
        let packed = Packed::new(&cells(l, opts));
        self.rows.push(Row {
            rank: l.rank,
            cells: self.cells.append(packed.text().as_bytes())?,
            findings,
        });
        Ok(())
    }

    pub(super) fn rest(&mut self, missing: &[&Known], skipped: &[Skipped], opts: &Options) {
        let lang = opts.lang;
        for k in missing {
            let (message, details) = words::missing(k, lang);
            let mut text = format!(
                "{}: {} {}",
                who(&k.name, k.id.as_deref()),
                severity_word(Severity::Warning, lang),
                ref_word("integrity", lang),
            );
            if opts.details {
                text.push_str(&format!(" (missing-from-inbox): {message} [{details}]"));
            } else {
                text.push_str(&format!(": {message}"));
            }
            self.tail.push_str(&line(0, &sanitize(&text), opts.width));
        }
        for s in skipped {
            let text = format!(
                "{}: {}: {}",
                s.path,
                crate::msg!(lang => "hoppade över", "skipped"),
                s.why
            );
            self.tail.push_str(&line(0, &sanitize(&text), opts.width));
        }
    }

    pub(super) fn finish(
        &mut self,
        out: &mut impl Write,
        s: &Summary,
        opts: &Options,
    ) -> io::Result<()> {
        self.rows.sort_unstable_by_key(|r| r.rank);
        let lang = opts.lang;
        out.write_all(heading(opts, &self.folder).as_bytes())?;
        if !self.rows.is_empty() {
            let (head, w) = (header(lang), opts.width);
            let rows = Spooled {
                rows: &self.rows,
                spool: &mut self.cells,
                buf: Vec::new(),
            };
            narrowed_to(out, &head, rows, &FIGURES, &DROP, TRAINEE, w)?;
        }
        for r in &self.rows {
            if let Some(range) = r.findings.clone() {
                self.spool.copy_to(range, out)?;
            }
        }
        if let Some(e) = &self.spool_error {
            writeln!(
                out,
                "{}",
                crate::msg!(lang =>
                    "(fynden kunde inte hållas till slutet av tabellen: {}; --format json visar dem)",
                    "(the findings could not be held until the end of the table: {}; --format json shows them)",
                    e
                )
            )?;
        }
        out.write_all(self.tail.as_bytes())?;
        units(out, s, opts)?;
        lapsing(out, s, opts)?;
        out.write_all(subjects(s, opts).as_bytes())?;
        for l in s.line(lang).lines() {
            out.write_all(line(0, l, opts.width).as_bytes())?;
        }
        Ok(())
    }
}

/// A path as the table shows it: without the folder the heading names.
fn shown<'p>(path: &'p str, opts: &Options) -> &'p str {
    path.get(opts.folder..)
        .filter(|p| !p.is_empty())
        .unwrap_or(path)
}

/// The line above the table: which folder, as of when, and the currency of
/// its figures.
fn heading(opts: &Options, folder: &str) -> String {
    let l = opts.lang;
    let mut parts = vec![
        match folder {
            "" => crate::msg!(l => "Granskning", "Audit").to_string(),
            f => crate::msg!(l => "Liggarna i {}", "Ledgers in {}", sanitize(f)),
        },
        format!("{} {}", crate::msg!(l => "per", "as of"), opts.today),
        crate::msg!(l => "belopp i kr", "amounts in SEK").to_string(),
    ];
    if opts.problems {
        parts.push(
            crate::msg!(l => "bara liggare med problem (--problems)", "only ledgers with problems (--problems)")
            .to_string(),
        );
    }
    line(0, &parts.join(" · "), opts.width)
}

/// The cells of a ledger's row.
fn cells(l: &LedgerAudit<'_>, opts: &Options) -> Vec<String> {
    let lang = opts.lang;
    let mut c = vec![String::new(); 12];
    c[0] = shown(&l.path, opts).to_string();
    let a = match &l.result {
        Err(_) => {
            c[5] = crate::msg!(lang => "oläsbar", "unreadable").to_string();
            return c;
        }
        Ok(a) => a,
    };
    c[1] = a.name.clone();
    c[2] = a.id.clone().unwrap_or_else(|| "–".to_string());
    c[3] = a.unit.clone().unwrap_or_else(|| "–".to_string());
    c[4] = a.policy_used().to_string();
    c[5] = integrity_word(a.integrity(), lang).to_string();
    if let Some(p) = a.current_period() {
        c[6] = p.label.clone();
        let no_cap = || crate::msg!(lang => "utan tak", "no cap").to_string();
        c[7] = if p.uncapped {
            no_cap()
        } else {
            number(p.budget, lang)
        };
        c[8] = number(p.charged, lang);
        // A closed period's money lapsed: never called remaining.
        c[9] = match p.lapsed(opts.today) {
            Some(_) => crate::msg!(lang => "förföll", "lapsed").to_string(),
            None if p.uncapped => no_cap(),
            None => number(p.remaining, lang),
        };
    }
    c[10] = a.count(Severity::Error).to_string();
    c[11] = a.count(Severity::Warning).to_string();
    c
}

/// A ledger's findings under its name, when it has any to show; with
/// `--details`, every ledger with its particulars. Handed to `put` in pieces
/// of about 64 KiB, each finding worded as it is written.
fn block(
    l: &LedgerAudit<'_>,
    opts: &Options,
    put: &mut dyn FnMut(&str) -> io::Result<()>,
) -> io::Result<()> {
    const PIECE: usize = 64 * 1024;
    let lang = opts.lang;
    let a = match &l.result {
        Err(e) => {
            let text = format!(
                "{}: {}: {}",
                shown(&l.path, opts),
                crate::msg!(lang => "oläsbar", "unreadable"),
                error_text(e, lang)
            );
            return put(&line(0, &sanitize(&text), opts.width));
        }
        Ok(a) => a,
    };
    let subjects = words::subjects_due(a, opts.today, lang);
    if super::shown(a, opts.details).next().is_none() && subjects.is_none() && !opts.details {
        return Ok(());
    }
    let mut title = format!(
        "{}: {}",
        shown(&l.path, opts),
        who(&a.name, a.id.as_deref())
    );
    if let Some(u) = &a.unit {
        title.push_str(&format!(" · {u}"));
    }
    let mut out = line(0, &sanitize(&title), opts.width);
    if opts.details {
        out.push_str(&line(2, &sanitize(&particulars(a, opts)), opts.width));
    }
    for text in other_pools(a, opts).iter().chain(&subjects) {
        out.push_str(&line(2, &sanitize(text), opts.width));
    }
    for f in super::shown(a, opts.details) {
        let f = words::word(f, a.judged_by, lang);
        let mut text = String::new();
        if let Some(e) = f.entry {
            text.push_str(&format!("#{e} "));
        }
        text.push_str(&format!(
            "{} {}{}: {}",
            severity_word(f.severity, lang),
            ref_word(&f.reference, lang),
            named(&f, opts.details),
            f.message
        ));
        if let (true, Some(d)) = (opts.details, &f.details) {
            text.push_str(&format!(" [{d}]"));
        }
        out.push_str(&line(2, &sanitize(&text), opts.width));
        if out.len() >= PIECE {
            put(&out)?;
            out.clear();
        }
    }
    put(&out)
}

/// What names a finding after its ref: the rule's title in the language
/// chosen, as `check` names it; with `--details` the rule's stable id (the
/// audit's own findings have no title: their ref and message say it).
fn named(f: &AuditFinding, details: bool) -> String {
    match (details, &f.title) {
        (true, _) => format!(" ({})", f.rule),
        (false, Some(t)) => format!(" ({t})"),
        (false, None) => String::new(),
    }
}

/// What `--details` says of every ledger: uid, seal, register, policy, period.
fn particulars(a: &Audited<'_>, opts: &Options) -> String {
    let lang = opts.lang;
    let mut parts = vec![format!("uid {}", a.uid.as_deref().unwrap_or("–"))];
    parts.push(format!(
        "{}, {} {}",
        integrity_word(a.integrity(), lang),
        a.records,
        match a.records {
            1 => crate::msg!(lang => "post", "record"),
            _ => crate::msg!(lang => "poster", "records"),
        }
    ));
    if let Some(r) = &a.register {
        parts.push(format!(
            "{}: {}",
            crate::msg!(lang => "registret", "register"),
            register_word(r, lang)
        ));
    }
    let mut policy = format!("{} {}", a.policy_used(), a.policy_version().unwrap_or("?"));
    if let Some((_, why)) = &a.pinned {
        policy.push_str(&format!(" ({why})"));
    }
    parts.push(policy);
    if let Some(p) = a.current_period() {
        let (budget, left) = if p.uncapped {
            let no_cap = crate::msg!(lang => "utan tak", "no cap");
            (no_cap.to_string(), no_cap.to_string())
        } else {
            (money(p.budget, lang), money(p.remaining, lang))
        };
        parts.push(format!(
            "{} {}: {} {budget}, {} {}, {} {left}",
            crate::msg!(lang => "period", "period"),
            p.label,
            crate::msg!(lang => "budget", "budget"),
            crate::msg!(lang => "belastat", "charged"),
            money(p.charged, lang),
            match p.lapsed(opts.today) {
                Some(_) => crate::msg!(lang => "förföll", "lapsed"),
                None => crate::msg!(lang => "kvar", "remaining"),
            },
        ));
    }
    parts.join(" · ")
}

/// The policy's budgets beside the main one (a pool in days, a second pot),
/// a line each for the period containing today (else the last): its title,
/// what was used of its size and what is left, in its unit.
fn other_pools(a: &Audited<'_>, opts: &Options) -> Vec<String> {
    let lang = opts.lang;
    let Some(policy) = a.judged_by else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in a.pools.iter().filter(|r| r.rule != policy.budget_index) {
        let Some(p) = r
            .periods
            .iter()
            .find(|p| p.contains(opts.today))
            .or(r.periods.last())
        else {
            continue;
        };
        let unit = crate::render::json::pool_unit(policy, r.rule);
        let q = |x| crate::render::policy::quantity(x, unit, lang);
        let size = p
            .amount
            .map_or_else(|| crate::msg!(lang => "utan tak", "no cap").to_string(), q);
        let mut text = crate::msg!(lang => "{} ({}): använt {} av {}", "{} ({}): used {} of {}",
            policy.rules[r.rule].title.get(lang), p.label, q(p.used), size);
        if let Some(left) = p.remaining {
            text.push_str(&crate::msg!(lang => ", kvar {}", ", {} left", q(left)));
        }
        out.push(text);
    }
    out
}

/// What the register made of a ledger, in the language (JSON keeps the
/// English word, `integrity.register`).
fn register_word(c: &Check, lang: Lang) -> &'static str {
    match c {
        Check::New => crate::msg!(lang => "ny", "new"),
        Check::Consistent { added: 0 } => crate::msg!(lang => "sedd", "seen"),
        Check::Consistent { .. } => crate::msg!(lang => "utökad", "extended"),
        Check::Rewritten { .. } => crate::msg!(lang => "omskriven", "rewritten"),
        Check::FreshLedger => crate::msg!(lang => "ny liggare", "fresh-ledger"),
        Check::NotEntered => crate::msg!(lang => "inte införd", "not-entered"),
    }
}

/// The units in a line, or with `--by-unit` a table per unit and year.
fn units(out: &mut impl Write, s: &Summary, opts: &Options) -> io::Result<()> {
    let l = opts.lang;
    if opts.by_unit {
        return unit_table(out, s, opts);
    }
    if s.units.is_empty() {
        return Ok(());
    }
    let (total, by_rule) = s.units.unit_total();
    let rules: Vec<String> = by_rule
        .iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(r, a)| format!("{r} {}", money(*a, l)))
        .collect();
    let (named, without) = s.units.named()?;
    let units = match (named, without) {
        (0, _) => crate::msg!(l => "ingen liggare anger en", "no ledger names one").to_string(),
        (n, false) => n.to_string(),
        (n, true) => {
            crate::msg!(l => "{} och liggare utan enhet", "{} and ledgers without a unit", n)
        }
    };
    let mut text = crate::msg!(l =>
        "Enheter: {units}; enheterna betalar {total}",
        "Units: {units}; the units pay {total}",
        units = units,
        total = money(total, l)
    );
    if !rules.is_empty() {
        text.push_str(&crate::msg!(l => ", varav {}", ", of which {}", rules.join(", ")));
    }
    text.push_str(crate::msg!(l =>
        " (--by-unit per enhet och år)",
        " (--by-unit for each unit and year)"
    ));
    out.write_all(line(0, &sanitize(&text), opts.width).as_bytes())
}

/// `--by-unit`: per unit and calendar year, the trainees, what each payer pays
/// and the unit's part by rule. Where the terminal is narrower than the table,
/// central, self and budget are left out in that order: what the unit pays
/// stays.
fn unit_table(out: &mut impl Write, s: &Summary, opts: &Options) -> io::Result<()> {
    let l = opts.lang;
    let header = [
        crate::msg!(l => "Enhet", "Unit"),
        crate::msg!(l => "År", "Year"),
        crate::msg!(l => "ST-läkare", "Trainees"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit pays"),
        crate::msg!(l => "Egen kostnad", "Self"),
        crate::msg!(l => "Enheten per regel", "Unit by rule"),
    ];
    let (figures, drop) = ([1, 2, 3, 4, 5, 6], [4, 6, 3]);
    narrowed_to(
        out,
        &header,
        UnitRows(&s.units, l),
        &figures,
        &drop,
        7,
        opts.width,
    )
}

/// The rows per unit and year, made as the sums are merged each time they
/// are gone over.
struct UnitRows<'a>(&'a crate::audit::units::Units, Lang);

impl Rows for UnitRows<'_> {
    fn each(&mut self, f: &mut dyn FnMut(&Packed) -> io::Result<()>) -> io::Result<()> {
        let l = self.1;
        self.0.each(&mut |unit, year, u| {
            let by_rule: Vec<String> = u
                .unit_by_rule
                .iter()
                .filter(|(_, a)| !a.is_zero())
                .map(|(r, a)| format!("{r}\u{a0}{}", number(*a, l)))
                .collect();
            f(&Packed::new(&[
                match unit {
                    Some(u) => u.to_string(),
                    None => crate::msg!(l => "(ingen enhet)", "(no unit)").to_string(),
                },
                year.to_string(),
                u.trainees.to_string(),
                number(u.payers.budget, l),
                number(u.payers.central, l),
                number(u.payers.unit, l),
                number(u.payers.self_paid, l),
                by_rule.join(", "),
            ]))
        })
    }
}

/// The money about to lapse in a line, or with `--lapsing` a line per trainee.
fn lapsing(out: &mut impl Write, s: &Summary, opts: &Options) -> io::Result<()> {
    let l = opts.lang;
    let Some(last) = s.lapsing.money().map(|(day, _)| day).max() else {
        let none = crate::msg!(l =>
            "Inga pengar förfaller inom {} dagar.",
            "No money lapses within {} days.",
            s.lapsing_within
        );
        return out.write_all(line(0, &none, opts.width).as_bytes());
    };
    if opts.lapsing {
        return lapsing_table(out, s, opts);
    }
    let total: Amount = s.lapsing.money().map(|(_, a)| a).sum();
    let text = crate::msg!(l =>
        "{n} ST-läkare: {total} förfaller senast {last} (inom {days} dagar; --lapsing listar dem)",
        "{n}: {total} lapses by {last} (within {days} days; --lapsing lists them)",
        n = match (l, s.lapsing.len()) {
            (Lang::En, 1) => "1 trainee".to_string(),
            (Lang::En, n) => format!("{n} trainees"),
            (Lang::Sv, n) => n.to_string(),
        },
        total = money(total, l),
        last = last,
        days = s.lapsing_within
    );
    out.write_all(line(0, &text, opts.width).as_bytes())
}

/// The trainees near the end of their programme who still miss mandatory
/// subjects, in a line; nothing when no ledger's policy lists subjects.
fn subjects(s: &Summary, opts: &Options) -> String {
    if s.subjects_listed == 0 {
        return String::new();
    }
    let l = opts.lang;
    let text = crate::msg!(l =>
        "Obligatoriska kursämnen: {n} av {of} ST-läkare saknar några med högst {days} dagar kvar",
        "Mandatory subjects: {n} of {of} trainees miss some with {days} days or less left",
        n = s.subjects_due,
        of = s.subjects_listed,
        days = crate::audit::SUBJECTS_WITHIN_DAYS
    );
    line(0, &text, opts.width)
}

/// The rows of the money about to lapse, made as the lapses' texts are read
/// back each time they are gone over.
struct LapseRows<'a>(&'a crate::audit::units::Lapses, &'a Options);

impl Rows for LapseRows<'_> {
    fn each(&mut self, f: &mut dyn FnMut(&Packed) -> io::Result<()>) -> io::Result<()> {
        let opts = self.1;
        self.0.each(&mut |x| {
            f(&Packed::new(&[
                shown(x.path, opts).to_string(),
                who(x.name, x.id),
                x.unit.unwrap_or("–").to_string(),
                x.period.to_string(),
                number(x.remaining, opts.lang),
                x.lapses_on.to_string(),
            ]))
        })
    }
}

/// `--lapsing`: who, how much, which day.
fn lapsing_table(out: &mut impl Write, s: &Summary, opts: &Options) -> io::Result<()> {
    let l = opts.lang;
    let title = crate::msg!(l =>
        "Förfaller inom {} dagar:",
        "Lapsing within {} days:",
        s.lapsing_within
    );
    out.write_all(line(0, &title, opts.width).as_bytes())?;
    let header = [
        crate::msg!(l => "Fil", "Path"),
        crate::msg!(l => "ST-läkare", "Trainee"),
        crate::msg!(l => "Enhet", "Unit"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Kvar", "Remaining"),
        crate::msg!(l => "Förfaller", "Lapses on"),
    ];
    let rows = LapseRows(&s.lapsing, opts);
    narrowed_to(out, &header, rows, &[4], &[3, 2], 1, opts.width)?;
    let total: Amount = s.lapsing.money().map(|(_, a)| a).sum();
    let total = crate::msg!(l => "Summa: {}", "Total: {}", money(total, l));
    out.write_all(line(0, &total, opts.width).as_bytes())
}
