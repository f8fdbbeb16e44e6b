//! Tables for people (comfy-table), in Swedish or English. Every cell is made
//! with [`cell`], which sanitises it: comfy-table passes escape bytes through, so
//! without it a description could repaint the terminal. Colour is always
//! written and stripped by the output stream when it is off (see `color`).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{View, kind_word, money, severity_word, status_word, verdict_word};
use crate::color::paint;
use crate::diag::sanitize;
use crate::engine::{EntryResult, Finding};
use crate::i18n::Lang;
use crate::policy::Policy;

pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(cell));
    // Styles are always emitted; the output stream strips them when colour is
    // off (NO_COLOR, not a terminal), which comfy-table itself does not honour.
    t.enforce_styling();
    t
}

/// A table cell whose text cannot reach the terminal raw.
pub fn cell(text: impl std::fmt::Display) -> Cell {
    Cell::new(sanitize(&text.to_string()))
}

fn right(s: String) -> Cell {
    cell(s).set_alignment(CellAlignment::Right)
}

/// A verdict in its colour.
fn verdict_cell(v: crate::engine::Verdict, lang: Lang) -> Cell {
    let c = cell(verdict_word(v, lang));
    match v {
        crate::engine::Verdict::Ok => c.fg(Color::Green),
        crate::engine::Verdict::Warning => c.fg(Color::Yellow),
        crate::engine::Verdict::Error => c.fg(Color::Red),
    }
}

/// The first line of every report: who, which policy, as of when.
pub fn heading(v: &View<'_>) -> String {
    let t = &v.ledger.trainee;
    let cert = match t.certificate {
        Some(c) => format!(
            ", {} {c}",
            crate::msg!(v.lang => "specialistbevis", "certificate")
        ),
        None => String::new(),
    };
    format!(
        "{} · {} {} · ST {}{cert} · {} {}\n",
        sanitize(&t.name),
        sanitize(&v.policy.id),
        sanitize(&v.policy.version),
        t.start,
        crate::msg!(v.lang => "per", "as of"),
        v.eval.as_of
    )
}

pub fn periods(v: &View<'_>) -> String {
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Från", "From"),
        crate::msg!(l => "Till", "To"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Belastat", "Charged"),
        crate::msg!(l => "Kvar", "Remaining"),
    ]);
    let no_cap = || right(crate::msg!(l => "utan tak", "no cap").to_string());
    for p in &v.eval.periods {
        t.add_row(vec![
            cell(&p.label),
            cell(p.from),
            cell(p.to.map_or_else(|| "–".to_string(), |d| d.to_string())),
            if p.uncapped {
                no_cap()
            } else {
                right(money(p.budget, l))
            },
            right(money(p.charged, l)),
            if p.uncapped {
                no_cap()
            } else {
                right(money(p.remaining, l))
            },
        ]);
    }
    format!("{t}\n")
}

/// Whether the policy has pools beyond one capped budget in kronor: then
/// reports show every pool, with its unit.
pub fn has_pools(v: &View<'_>) -> bool {
    v.eval.pools.len() > 1 || v.eval.periods.iter().any(|p| p.uncapped)
}

/// Every budget (pool) with its unit, period by period, and what each keeps
/// for named uses; empty for a policy with one capped budget in kronor,
/// whose periods say it all.
pub fn pools(v: &View<'_>) -> String {
    if !has_pools(v) {
        return String::new();
    }
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Pott", "Pool"),
        crate::msg!(l => "Regel", "Rule"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Storlek", "Size"),
        crate::msg!(l => "Använt", "Used"),
        crate::msg!(l => "Kvar", "Remaining"),
    ]);
    for r in &v.eval.pools {
        let rule = &v.policy.rules[r.rule];
        let unit = super::json::pool_unit(v.policy, r.rule);
        let q = |a| super::policy::quantity(a, unit, l);
        let no_cap = || crate::msg!(l => "utan tak", "no cap").to_string();
        for p in &r.periods {
            t.add_row(vec![
                cell(rule.title.get(l)),
                cell(&rule.reference),
                cell(&p.label),
                right(p.amount.map_or_else(no_cap, q)),
                right(q(p.used)),
                right(p.remaining.map_or_else(no_cap, q)),
            ]);
            for k in &p.reserves {
                let title = match &rule.body {
                    crate::policy::Body::Budget { pool, .. } => {
                        pool.reserves.get(k.index).map_or("", |x| x.title.get(l))
                    }
                    _ => "",
                };
                t.add_row(vec![
                    cell(format!(
                        "  {} {title}",
                        crate::msg!(l => "varav för", "of which for")
                    )),
                    cell(""),
                    cell(&p.label),
                    right(q(k.amount)),
                    right(q(k.used)),
                    right(q(k.remaining)),
                ]);
            }
        }
    }
    format!("{t}\n")
}

pub fn caps(v: &View<'_>) -> String {
    if v.eval.caps.is_empty() {
        return String::new();
    }
    let l = v.lang;
    let mut t = new_table(&[
        crate::msg!(l => "Tak", "Cap"),
        crate::msg!(l => "Regel", "Rule"),
        crate::msg!(l => "Period", "Period"),
        crate::msg!(l => "Tak", "Limit"),
        crate::msg!(l => "Använt", "Used"),
        crate::msg!(l => "Kvar", "Remaining"),
    ]);
    for c in &v.eval.caps {
        let rule = &v.policy.rules[c.rule];
        t.add_row(vec![
            cell(rule.title.get(l)),
            cell(&rule.reference),
            cell(&c.period),
            right(money(c.limit, l)),
            right(money(c.used, l)),
            right(money(c.remaining, l)),
        ]);
    }
    format!("{t}\n")
}

pub fn totals(v: &View<'_>) -> String {
    let l = v.lang;
    let tt = &v.eval.totals;
    let mut t = new_table(&[
        crate::msg!(l => "Totalt", "Total"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit"),
        crate::msg!(l => "Egen kostnad", "Self"),
    ]);
    t.add_row(vec![
        right(money(tt.amount, l)),
        right(money(tt.payers.budget, l)),
        right(money(tt.payers.central, l)),
        right(money(tt.payers.unit, l)),
        right(money(tt.payers.self_paid, l)),
    ]);
    format!("{t}\n")
}

/// One line a finding: `#8 error K8 (k8-…): message`.
pub fn finding_line(f: &Finding, policy: &Policy, lang: Lang) -> String {
    let rule = &policy.rules[f.rule];
    let sev = paint(severity_style(f.severity), severity_word(f.severity, lang));
    let who = match f.entry {
        Some(id) => format!("#{id} "),
        None => String::new(),
    };
    format!(
        "{who}{sev} {} ({}): {}",
        sanitize(&rule.reference),
        sanitize(&rule.id),
        sanitize(&crate::render::finding::message(f, policy, lang))
    )
}

/// `check`: each finding after the place of its entry (`anna.toml:12: #3 error …`),
/// then the counts.
pub fn check<'a>(
    v: &View<'_>,
    path: &str,
    findings: impl Iterator<Item = &'a Finding>,
    line_of: &dyn Fn(u32) -> Option<usize>,
) -> String {
    let mut out = String::new();
    for f in findings {
        let at = f
            .entry
            .and_then(line_of)
            .map_or_else(|| path.to_string(), |l| format!("{path}:{l}"));
        out.push_str(&format!(
            "{}: {}\n",
            sanitize(&at),
            finding_line(f, v.policy, v.lang)
        ));
    }
    out.push_str(&counts(v));
    out
}

pub fn counts(v: &View<'_>) -> String {
    let errors = v.eval.count(crate::policy::Severity::Error);
    let warnings = v.eval.count(crate::policy::Severity::Warning);
    let error_word = match errors {
        1 => crate::msg!(v.lang => "fel", "error"),
        _ => crate::msg!(v.lang => "fel", "errors"),
    };
    let warning_word = match warnings {
        1 => crate::msg!(v.lang => "varning", "warning"),
        _ => crate::msg!(v.lang => "varningar", "warnings"),
    };
    format!("{errors} {error_word}, {warnings} {warning_word}\n")
}

pub fn balance(v: &View<'_>) -> String {
    let mut out = heading(v);
    out.push_str(&periods(v));
    out.push_str(&pools(v));
    out.push_str(&caps(v));
    out.push_str(&totals(v));
    for f in &v.eval.findings {
        out.push_str(&finding_line(f, v.policy, v.lang));
        out.push('\n');
    }
    out.push_str(&counts(v));
    out
}

fn entry_row(v: &View<'_>, r: &EntryResult) -> Vec<Cell> {
    let l = v.lang;
    let e = &v.ledger.entries[r.index];
    let refs = v.refs(r);
    let mut desc = sanitize(&e.description).into_owned();
    if r.status != crate::ledger::Status::Planned {
        desc = format!("{desc} [{}]", status_word(r.status, l));
    }
    vec![
        right(r.id.to_string()),
        cell(r.date),
        cell(kind_word(r.kind, l)),
        cell(desc),
        right(money(r.amount, l)),
        right(money(r.payers.budget, l)),
        right(money(r.payers.central, l)),
        right(money(r.payers.unit, l)),
        right(money(r.payers.self_paid, l)),
        verdict_cell(r.verdict, l),
        cell(refs.join(" ")),
    ]
}

pub fn entries_table(v: &View<'_>, rows: &[&EntryResult]) -> String {
    let l = v.lang;
    let mut t = new_table(&[
        "#",
        crate::msg!(l => "Datum", "Date"),
        crate::msg!(l => "Slag", "Kind"),
        crate::msg!(l => "Beskrivning", "Description"),
        crate::msg!(l => "Belopp", "Amount"),
        crate::msg!(l => "Budget", "Budget"),
        crate::msg!(l => "Centralt", "Central"),
        crate::msg!(l => "Enheten", "Unit"),
        crate::msg!(l => "Egen", "Self"),
        crate::msg!(l => "Bedömning", "Verdict"),
        crate::msg!(l => "Regler", "Rules"),
    ]);
    for r in rows {
        t.add_row(entry_row(v, r));
    }
    format!("{t}\n")
}

pub fn list(v: &View<'_>) -> String {
    let mut out = heading(v);
    let rows: Vec<&EntryResult> = v.eval.entries.iter().collect();
    out.push_str(&entries_table(v, &rows));
    out.push_str(&pools(v));
    for f in v.eval.all_findings() {
        out.push_str(&finding_line(f, v.policy, v.lang));
        out.push('\n');
    }
    out.push_str(&counts(v));
    out
}

/// The style of a severity or verdict word.
pub fn severity_style(s: crate::policy::Severity) -> anstyle::Style {
    use crate::color::{DIM, ERROR, WARNING};
    match s {
        crate::policy::Severity::Error => ERROR,
        crate::policy::Severity::Warning => WARNING,
        crate::policy::Severity::Info => DIM,
    }
}

/// One entry as `add` and `amend` show it: where its money goes, its verdict and
/// findings, and what is left in its period.
pub fn verdict(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let e = &v.ledger.entries[r.index];
    let mut out = format!(
        "#{} {} {} · {} · {}\n",
        r.id,
        r.date,
        kind_word(r.kind, l),
        sanitize(&e.description),
        money(r.amount, l)
    );
    let parts = [
        (crate::msg!(l => "budget", "budget"), r.payers.budget),
        (crate::msg!(l => "centralt", "central"), r.payers.central),
        (crate::msg!(l => "enheten", "unit"), r.payers.unit),
        (crate::msg!(l => "egen kostnad", "self"), r.payers.self_paid),
    ];
    for (name, amount) in parts.iter().filter(|(_, a)| !a.is_zero()) {
        out.push_str(&format!("  {name:<13} {}\n", money(*amount, l)));
    }
    for &(rule, used) in &r.pools {
        let unit = super::json::pool_unit(v.policy, rule);
        out.push_str(&format!(
            "  {}: {}\n",
            sanitize(v.policy.rules[rule].title.get(l)),
            super::policy::quantity(used, unit, l)
        ));
    }
    if r.status == crate::ledger::Status::Cancelled {
        out.push_str(&format!(
            "  {}\n",
            crate::msg!(l =>
                "avbokad i tid: kostar inget",
                "cancelled in time: costs nothing"
            )
        ));
    }
    let style = match r.verdict {
        crate::engine::Verdict::Ok => crate::color::OK,
        crate::engine::Verdict::Warning => crate::color::WARNING,
        crate::engine::Verdict::Error => crate::color::ERROR,
    };
    out.push_str(&format!(
        "  {}: {}\n",
        crate::msg!(l => "bedömning", "verdict"),
        paint(style, verdict_word(r.verdict, l))
    ));
    for f in &r.findings {
        out.push_str(&format!("  {}\n", finding_line(f, v.policy, l)));
    }
    if let Some(p) = v.eval.period_of(r.date).filter(|p| !p.uncapped) {
        out.push_str(&format!(
            "{} {}: {} {}, {} {}, {} {}\n",
            crate::msg!(l => "Period", "Period"),
            p.label,
            crate::msg!(l => "budget", "budget"),
            money(p.budget, l),
            crate::msg!(l => "belastat", "charged"),
            money(p.charged, l),
            crate::msg!(l => "kvar", "remaining"),
            money(p.remaining, l)
        ));
    }
    out
}
