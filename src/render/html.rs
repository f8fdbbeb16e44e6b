//! HTML for people who read in a browser or on paper: the trainee's report
//! (`st-budget report`) and the director's audit page.
//!
//! Each page is one self-contained file: inline CSS and SVG, a few lines of
//! inline script for sorting, a Content-Security-Policy that forbids every
//! request, and print styles. It must never load anything from the network, and
//! every text that comes from a file (names, descriptions, paths, policy texts)
//! goes through [`text`]: HTML-escaped and stripped of control characters.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{View, kind_word, money, severity_word, status_word, tr, verdict_word};
use crate::diag::sanitize;
use crate::engine::{EntryResult, PeriodResult, Verdict};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from a file, safe for HTML: control characters made visible, then escaped.
pub fn text(s: &str) -> String {
    escape(&sanitize(s))
}

const STYLE: &str = r#"
:root { --ok: #1a7f37; --warn: #9a6700; --err: #cf222e; --muted: #57606a; --line: #d0d7de; --bar: #0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 1280px; padding: 0 1rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
td.date { white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " ↕"; color: var(--muted); font-size: .8em; }
table.sortable th[data-dir="asc"]::after { content: " ↑"; }
table.sortable th[data-dir="desc"]::after { content: " ↓"; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .85em; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.ok { color: var(--ok); } .warning { color: var(--warn); } .error { color: var(--err); } .info { color: var(--muted); }
ul.findings { margin: .2rem 0 0; padding-left: 1.1rem; font-size: .9em; }
ul.findings li { margin: .1rem 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; }
figcaption { font-weight: 600; margin-bottom: .25rem; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: .75rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .8rem; min-width: 11rem; }
.card b { display: block; font-size: 1.25rem; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; }
td.findings { min-width: 8rem; }
.scroll { overflow-x: auto; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  table.sortable th::after { content: ""; }
  details > summary { list-style: none; }
  details:not([open]) > *:not(summary) { display: block; }
  .badge, .ok, .warning, .error { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .no-print { display: none; }
}
"#;

/// Sorting by a click on a column heading; cells may carry `data-sort`.
const SORT_SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    th.tabIndex = 0;
    var sort = function () {
      var asc = th.dataset.dir !== "asc";
      Array.prototype.forEach.call(heads, function (h) { delete h.dataset.dir; });
      th.dataset.dir = asc ? "asc" : "desc";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (r) {
        var c = r.cells.length === heads.length ? r.cells[i] : null;
        if (!c) { return ""; }
        return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim();
      };
      var keys = rows.map(key).filter(function (k) { return k !== ""; });
      var numeric = keys.length > 0 && keys.every(function (k) { return !isNaN(Number(k)); });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === "" || y === "") { return (x === "") - (y === ""); }
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
});
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
"#;

/// The page around a body: head with inline style, and the sorting script.
fn page(lang: Lang, title: &str, body: &str) -> String {
    let code = match lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"generator\" content=\"st-budget {version}\">\n\
<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
    )
}

fn badge(class: &str, label: &str) -> String {
    format!("<span class=\"badge {class}\">{}</span>", escape(label))
}

fn verdict_badge(v: Verdict, lang: Lang) -> String {
    badge(v.as_str(), verdict_word(v, lang))
}

fn severity_class(s: Severity) -> &'static str {
    s.as_str()
}

/// A money cell that sorts by öre.
fn money_td(a: Amount, lang: Lang) -> String {
    format!(
        "<td class=\"num\" data-sort=\"{}\">{}</td>",
        a.ore(),
        escape(&money(a, lang))
    )
}

/// The trainee's report: periods, a burn-down chart per period, caps, totals,
/// and every entry with its payers and findings.
pub fn trainee_report(v: &View<'_>) -> String {
    let l = v.lang;
    let t = &v.ledger.trainee;
    let mut b = String::new();
    let title = format!(
        "{} – {}",
        tr(l, "Utbildningsbudget", "Education budget"),
        t.name
    );
    let _ = writeln!(b, "<header>\n<h1>{}</h1>", text(&title));
    let mut meta = vec![
        format!("{} {}", text(v.policy.name.get(l)), text(&v.policy.version)),
        format!("ST {} {}", tr(l, "från", "from"), t.start),
    ];
    if let Some(c) = t.certificate {
        meta.push(format!(
            "{} {c}",
            tr(l, "specialistbevis", "specialist certificate")
        ));
    }
    if let Some(u) = &t.unit {
        meta.push(text(u));
    }
    meta.push(format!("{} {}", tr(l, "per", "as of"), v.eval.as_of));
    let _ = writeln!(b, "<p class=\"meta\">{}</p>\n</header>", meta.join(" · "));

    // The headline numbers: the period of today (or the last one).
    if let Some(p) = v
        .eval
        .period_of(v.eval.as_of)
        .or_else(|| v.eval.periods.last())
    {
        let _ = writeln!(
            b,
            "<div class=\"cards\" id=\"current\">\
<div class=\"card\">{} ({})<b>{}</b></div>\
<div class=\"card\">{}<b>{}</b></div>\
<div class=\"card\">{}<b>{}</b></div>\
<div class=\"card\">{}<b>{}</b></div></div>",
            tr(l, "Budget", "Budget"),
            text(&p.label),
            escape(&money(p.budget, l)),
            tr(l, "Belastat", "Charged"),
            escape(&money(p.charged, l)),
            tr(l, "Kvar", "Remaining"),
            escape(&money(p.remaining, l)),
            tr(l, "Fel / varningar", "Errors / warnings"),
            format_args!(
                "{} / {}",
                v.eval.count(Severity::Error),
                v.eval.count(Severity::Warning)
            ),
        );
    }

    // Periods.
    let _ = writeln!(
        b,
        "<section id=\"periods\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>",
        tr(l, "Perioder", "Periods"),
        tr(l, "Period", "Period"),
        tr(l, "Från", "From"),
        tr(l, "Till", "To"),
        tr(l, "Budget", "Budget"),
        tr(l, "Belastat", "Charged"),
        tr(l, "Kvar", "Remaining"),
    );
    for p in &v.eval.periods {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td>{}{}{}</tr>",
            text(&p.label),
            p.from,
            p.to.map_or_else(|| "–".to_string(), |d| d.to_string()),
            money_td(p.budget, l),
            money_td(p.charged, l),
            money_td(p.remaining, l),
        );
    }
    b.push_str("</tbody>\n</table>\n</section>\n");

    // Burn-down charts.
    let _ = writeln!(
        b,
        "<section id=\"burndown\">\n<h2>{}</h2>\n<div class=\"charts\">",
        tr(l, "Budgeten över tid", "The budget over time")
    );
    for p in &v.eval.periods {
        b.push_str(&burndown(v, p));
    }
    b.push_str("</div>\n</section>\n");

    // Caps.
    if !v.eval.caps.is_empty() {
        let _ = writeln!(
            b,
            "<section id=\"caps\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>",
            tr(l, "Tak", "Caps"),
            tr(l, "Tak", "Cap"),
            tr(l, "Regel", "Rule"),
            tr(l, "Period", "Period"),
            tr(l, "Tak", "Limit"),
            tr(l, "Använt", "Used"),
            tr(l, "Kvar", "Remaining"),
        );
        for c in &v.eval.caps {
            let rule = &v.policy.rules[c.rule];
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td>{}{}{}</tr>",
                text(rule.title.get(l)),
                text(&rule.reference),
                text(&c.period),
                money_td(c.limit, l),
                money_td(c.used, l),
                money_td(c.remaining, l),
            );
        }
        b.push_str("</tbody>\n</table>\n</section>\n");
    }

    // Totals per payer.
    let tt = &v.eval.totals;
    let _ = writeln!(
        b,
        "<section id=\"totals\">\n<h2>{}</h2>\n<table>\n<thead><tr><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody><tr>{}{}{}{}{}</tr></tbody>\n</table>\n</section>",
        tr(l, "Vem betalar", "Who pays"),
        tr(l, "Totalt", "Total"),
        tr(l, "Budget", "Budget"),
        tr(l, "Centralt", "Central"),
        tr(l, "Enheten", "Unit"),
        tr(l, "Egen kostnad", "Self"),
        money_td(tt.amount, l),
        money_td(tt.payers.budget, l),
        money_td(tt.payers.central, l),
        money_td(tt.payers.unit, l),
        money_td(tt.payers.self_paid, l),
    );

    // Entries.
    let _ = writeln!(
        b,
        "<section id=\"entries\">\n<h2>{}</h2>\n<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th class=\"num\">#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        tr(l, "Poster", "Entries"),
        tr(l, "Datum", "Date"),
        tr(l, "Slag", "Kind"),
        tr(l, "Beskrivning", "Description"),
        tr(l, "Status", "Status"),
        tr(l, "Belopp", "Amount"),
        tr(l, "Betalas av", "Paid by"),
        tr(l, "Bedömning", "Verdict"),
    );
    for r in &v.eval.entries {
        b.push_str(&entry_row(v, r));
    }
    if v.eval.entries.is_empty() {
        let _ = writeln!(
            b,
            "<tr><td colspan=\"8\">{}</td></tr>",
            tr(l, "Inga poster ännu.", "No entries yet.")
        );
    }
    b.push_str("</tbody>\n</table></div>\n</section>\n");

    // Findings about the ledger as a whole.
    if !v.eval.findings.is_empty() {
        let _ = writeln!(
            b,
            "<section id=\"ledger-findings\">\n<h2>{}</h2>\n<ul class=\"findings\">",
            tr(l, "Om liggaren", "About the ledger")
        );
        for f in &v.eval.findings {
            b.push_str(&finding_li(
                f.severity,
                &v.policy.rules[f.rule].reference,
                &crate::render::finding::message(f, v.policy, l),
                l,
            ));
        }
        b.push_str("</ul>\n</section>\n");
    }

    let _ = writeln!(
        b,
        "<footer>{} st-budget {} · {} {} · {}</footer>",
        tr(l, "Skapad av", "Made by"),
        env!("CARGO_PKG_VERSION"),
        tr(l, "källa", "source"),
        text(&v.policy.source),
        escape(&format!(
            "{} {}, {}",
            tr(l, "fel", "errors"),
            v.eval.count(Severity::Error),
            counts_word(v.eval.count(Severity::Warning), l)
        )),
    );
    page(l, &text(&title), &b)
}

fn counts_word(warnings: usize, l: Lang) -> String {
    format!("{} {warnings}", tr(l, "varningar", "warnings"))
}

fn finding_li(sev: Severity, reference: &str, message: &str, l: Lang) -> String {
    format!(
        "<li class=\"{}\">{} <b>{}</b> {}</li>\n",
        severity_class(sev),
        badge(severity_class(sev), severity_word(sev, l)),
        text(reference),
        text(message)
    )
}

fn entry_row(v: &View<'_>, r: &EntryResult) -> String {
    let l = v.lang;
    let e = &v.ledger.entries[r.index];
    let mut payers = Vec::new();
    for (name, a) in [
        (tr(l, "budget", "budget"), r.payers.budget),
        (tr(l, "centralt", "central"), r.payers.central),
        (tr(l, "enheten", "unit"), r.payers.unit),
        (tr(l, "egen kostnad", "self"), r.payers.self_paid),
    ] {
        if !a.is_zero() {
            payers.push(format!("{name} {}", escape(&money(a, l))));
        }
    }
    if payers.is_empty() {
        payers.push(tr(l, "kostar inget", "costs nothing").to_string());
    }
    let mut desc = text(&e.description);
    if let Some(end) = e.end.filter(|d| *d != e.date) {
        let _ = write!(desc, " <span class=\"meta\">(–{end})</span>");
    }
    if let Some(p) = &e.provider {
        let _ = write!(desc, "<br><span class=\"meta\">{}</span>", text(p));
    }
    if let Some(f) = e.for_entry {
        let _ = write!(
            desc,
            "<br><span class=\"meta\">{} #{f}</span>",
            tr(l, "hör till", "belongs to")
        );
    }
    let findings = if r.findings.is_empty() {
        String::new()
    } else {
        let mut s = String::from("<ul class=\"findings\">\n");
        for f in &r.findings {
            s.push_str(&finding_li(
                f.severity,
                &v.policy.rules[f.rule].reference,
                &crate::render::finding::message(f, v.policy, l),
                l,
            ));
        }
        s.push_str("</ul>");
        s
    };
    format!(
        "<tr id=\"entry-{id}\"><td class=\"num\" data-sort=\"{id}\">{id}</td><td class=\"date\">{date}</td><td>{kind}</td><td>{desc}</td><td>{status}</td>{amount}<td>{payers}</td><td data-sort=\"{vs}\">{verdict}{findings}</td></tr>\n",
        id = r.id,
        date = r.date,
        kind = escape(kind_word(r.kind, l)),
        status = escape(status_word(r.status, l)),
        amount = money_td(r.amount, l),
        payers = payers.join("<br>"),
        vs = r.verdict as u8,
        verdict = verdict_badge(r.verdict, l),
    )
}

/// An SVG step chart of what remains of a period's budget, day by day, with a
/// marker for today. Coordinates are whole tenths of a pixel (integers, like the
/// money): no floating point anywhere.
fn burndown(v: &View<'_>, p: &PeriodResult) -> String {
    let l = v.lang;
    // Tenths of a pixel.
    let (w, h): (i64, i64) = (5200, 2200);
    let (left, right, top, bottom): (i64, i64, i64, i64) = (80, 80, 180, 240);
    let last_entry = v
        .eval
        .entries
        .iter()
        .filter(|r| v.eval.period_of(r.date).is_some_and(|q| q.from == p.from))
        .map(|r| r.date)
        .max();
    let end =
        p.to.or_else(|| [Some(v.eval.as_of), last_entry].into_iter().flatten().max())
            .unwrap_or(p.from)
            .max(p.from + chrono::Days::new(1));
    let span = (end - p.from).num_days().max(1);
    let x =
        |d: NaiveDate| left + (w - left - right) * (d - p.from).num_days().clamp(0, span) / span;
    let max = p.budget.ore().max(p.charged.ore()).max(1);
    let y = |ore: i128| {
        let drop = i128::from(h - top - bottom) * (max - ore.clamp(0, max)) / max;
        top + i64::try_from(drop).unwrap_or(h - top - bottom)
    };
    let mut remaining = p.budget.ore();
    let mut points = vec![(x(p.from), y(remaining))];
    let mut dots = String::new();
    for r in v.eval.entries.iter().filter(|r| {
        !r.payers.budget.is_zero() && r.date >= p.from && p.to.is_none_or(|t| r.date <= t)
    }) {
        let xd = x(r.date);
        points.push((xd, y(remaining)));
        remaining -= r.payers.budget.ore();
        points.push((xd, y(remaining)));
        let _ = write!(
            dots,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"var(--bar)\"><title>#{} {} {}</title></circle>",
            px(xd),
            px(y(remaining)),
            r.id,
            r.date,
            escape(&money(r.payers.budget, l))
        );
    }
    points.push((x(end), y(remaining)));
    let path: Vec<String> = points
        .iter()
        .map(|(a, b)| format!("{},{}", px(*a), px(*b)))
        .collect();
    let today = if v.eval.as_of >= p.from && v.eval.as_of <= end {
        let xt = px(x(v.eval.as_of));
        format!(
            "<line x1=\"{xt}\" y1=\"{}\" x2=\"{xt}\" y2=\"{}\" stroke=\"var(--warn)\" stroke-dasharray=\"4 3\"/><text x=\"{xt}\" y=\"12\" text-anchor=\"middle\">{}</text>",
            px(top),
            px(h - bottom),
            tr(l, "i dag", "today")
        )
    } else {
        String::new()
    };
    let label = format!(
        "{} {}: {} {} {}",
        tr(l, "Period", "Period"),
        p.label,
        money(p.remaining, l),
        tr(l, "kvar av", "left of"),
        money(p.budget, l)
    );
    format!(
        "<figure class=\"burndown\"><figcaption>{cap}</figcaption>\
<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{cap}\">\
<rect x=\"{left}\" y=\"{top}\" width=\"{iw}\" height=\"{ih}\" fill=\"#f6f8fa\"/>\
<line x1=\"{left}\" y1=\"{base}\" x2=\"{xr}\" y2=\"{base}\" stroke=\"#8c959f\"/>\
{today}\
<polyline points=\"{pts}\" fill=\"none\" stroke=\"var(--bar)\" stroke-width=\"2\"/>{dots}\
<text x=\"{left}\" y=\"{ty}\">{from}</text><text x=\"{xr}\" y=\"{ty}\" text-anchor=\"end\">{to}</text>\
<text x=\"{left}\" y=\"{tb}\">{budget}</text>\
</svg></figure>\n",
        cap = text(&label),
        w = px(w),
        h = px(h),
        left = px(left),
        top = px(top),
        iw = px(w - left - right),
        ih = px(h - top - bottom),
        base = px(h - bottom),
        xr = px(w - right),
        pts = path.join(" "),
        ty = px(h - 80),
        tb = px(top - 40),
        from = p.from,
        to = end,
        budget = escape(&money(p.budget, l)),
    )
}

/// Tenths of a pixel as an SVG number: `1234` → `123.4`.
fn px(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

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

/// One finding on the audit page, already in the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFinding {
    pub entry: Option<u32>,
    pub severity: Severity,
    pub reference: String,
    pub message: String,
}

/// One ledger on the audit page: plain data, so the audit command can fill it
/// from whatever it computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub path: String,
    pub name: String,
    /// Policy id and version.
    pub policy: String,
    pub integrity: Integrity,
    /// The current period's label, budget, charged and remaining.
    pub period: Option<(String, Amount, Amount, Amount)>,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<AuditFinding>,
    /// The ledger could not be read: why. The other fields are then empty.
    pub error: Option<String>,
}

/// A row of the director's page from what `audit` concluded about one ledger.
pub fn audit_row(l: &crate::audit::LedgerAudit, lang: Lang) -> AuditRow {
    let a = match &l.result {
        Err(e) => {
            return AuditRow {
                path: l.path.clone(),
                name: String::new(),
                policy: String::new(),
                integrity: Integrity::Unsealed,
                period: None,
                errors: 0,
                warnings: 0,
                findings: Vec::new(),
                error: Some(match &e.hint {
                    Some(h) => format!("{e} ({} {h})", tr(lang, "tips:", "hint:")),
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
                "broken" => tr(lang, "förseglingen bruten", "the seal is broken"),
                _ => tr(
                    lang,
                    "historiken omskriven sedan förra granskningen",
                    "history rewritten since the last audit",
                ),
            };
            Integrity::Broken(match a.first_bad_record() {
                Some(r) => format!("{word}: {r}"),
                None => word.to_string(),
            })
        }
    };
    let name = match &a.id {
        Some(id) => format!("{} ({id})", a.name),
        None => a.name.clone(),
    };
    AuditRow {
        path: l.path.clone(),
        name,
        policy: format!(
            "{} {}",
            a.policy,
            a.policy_version.as_deref().unwrap_or("?")
        ),
        integrity,
        period: a
            .current_period()
            .map(|p| (p.label.clone(), p.budget, p.charged, p.remaining)),
        errors: a.count(Severity::Error),
        warnings: a.count(Severity::Warning),
        findings: a
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Info)
            .map(|f| AuditFinding {
                entry: f.entry,
                severity: f.severity,
                reference: f.reference.clone(),
                message: f.message.clone(),
            })
            .collect(),
        error: None,
    }
}

/// The director's page: one row per ledger, sortable, findings expandable,
/// integrity marked in words and symbols (not colour alone).
pub fn audit_report(rows: &[AuditRow], lang: Lang, as_of: NaiveDate) -> String {
    let l = lang;
    let mut b = String::new();
    let title = tr(l, "Granskning av ST-budgetar", "Audit of ST budgets");
    let unreadable = rows.iter().filter(|r| r.error.is_some()).count();
    let with_errors = rows.iter().filter(|r| r.errors > 0).count();
    let broken = rows
        .iter()
        .filter(|r| matches!(r.integrity, Integrity::Broken(_)))
        .count();
    let _ = writeln!(
        b,
        "<header>\n<h1>{title}</h1>\n<p class=\"meta\">{} {as_of}</p>\n</header>",
        tr(l, "per", "as of")
    );
    let _ = writeln!(
        b,
        "<div class=\"cards\" id=\"summary\">\
<div class=\"card\">{}<b>{}</b></div>\
<div class=\"card error\">{}<b>{with_errors}</b></div>\
<div class=\"card error\">{}<b>{broken}</b></div>\
<div class=\"card\">{}<b>{unreadable}</b></div></div>",
        tr(l, "Liggare", "Ledgers"),
        rows.len(),
        tr(l, "Med fel", "With errors"),
        tr(l, "Bruten försegling", "Seal broken"),
        tr(l, "Olästa", "Unreadable"),
    );
    let _ = writeln!(
        b,
        "<div class=\"scroll\"><table class=\"sortable\" id=\"ledgers\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        tr(l, "ST-läkare", "Trainee"),
        tr(l, "Regelverk", "Policy"),
        tr(l, "Försegling", "Integrity"),
        tr(l, "Period", "Period"),
        tr(l, "Budget", "Budget"),
        tr(l, "Belastat", "Charged"),
        tr(l, "Kvar", "Remaining"),
        tr(l, "Fel", "Errors"),
        tr(l, "Varningar", "Warnings"),
        tr(l, "Fynd", "Findings"),
    );
    for r in rows {
        if let Some(err) = &r.error {
            let _ = writeln!(
                b,
                "<tr class=\"unreadable\"><td>{}</td><td colspan=\"9\" class=\"error\">{} {}</td></tr>",
                text(&r.path),
                badge("error", tr(l, "kan inte läsas", "cannot be read")),
                text(err)
            );
            continue;
        }
        let integrity = match &r.integrity {
            Integrity::Intact => format!(
                "<td data-sort=\"0\">{}</td>",
                badge("ok", &format!("✔ {}", tr(l, "intakt", "intact")))
            ),
            Integrity::Unsealed => format!(
                "<td data-sort=\"1\">{}</td>",
                badge(
                    "warning",
                    &format!("– {}", tr(l, "ej förseglad", "not sealed"))
                )
            ),
            Integrity::Broken(why) => format!(
                "<td data-sort=\"2\">{}<br><span class=\"error\">{}</span></td>",
                badge("error", &format!("✖ {}", tr(l, "bruten", "broken"))),
                text(why)
            ),
        };
        let period = match &r.period {
            Some((label, budget, charged, remaining)) => format!(
                "<td>{}</td>{}{}{}",
                text(label),
                money_td(*budget, l),
                money_td(*charged, l),
                money_td(*remaining, l)
            ),
            None => "<td>–</td><td></td><td></td><td></td>".to_string(),
        };
        let findings = if r.findings.is_empty() {
            format!(
                "<td class=\"findings\" data-sort=\"0\">{}</td>",
                tr(l, "inga", "none")
            )
        } else {
            let mut s = format!(
                "<td class=\"findings\" data-sort=\"{}\"><details><summary>{} {}</summary><ul class=\"findings\">\n",
                r.findings.len(),
                r.findings.len(),
                tr(l, "fynd", "findings")
            );
            for f in &r.findings {
                let who = f.entry.map(|e| format!("#{e} ")).unwrap_or_default();
                s.push_str(&finding_li(
                    f.severity,
                    &format!("{who}{}", f.reference),
                    &f.message,
                    l,
                ));
            }
            s.push_str("</ul></details></td>");
            s
        };
        let _ = writeln!(
            b,
            "<tr><td>{}<br><span class=\"meta\">{}</span></td><td>{}</td>{integrity}{period}<td class=\"num{}\" data-sort=\"{e}\">{e}</td><td class=\"num{}\" data-sort=\"{w}\">{w}</td>{findings}</tr>",
            text(&r.name),
            text(&r.path),
            text(&r.policy),
            if r.errors > 0 { " error" } else { "" },
            if r.warnings > 0 { " warning" } else { "" },
            e = r.errors,
            w = r.warnings,
        );
    }
    b.push_str("</tbody>\n</table></div>\n");
    let _ = writeln!(
        b,
        "<footer>{} st-budget {}</footer>",
        tr(l, "Skapad av", "Made by"),
        env!("CARGO_PKG_VERSION")
    );
    page(l, title, &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\"\u{1b}[2J"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\\u{1b}[2J"
        );
    }

    fn row(name: &str) -> AuditRow {
        AuditRow {
            path: format!("in/{name}.toml"),
            name: name.to_string(),
            policy: "region-x 2024.1".into(),
            integrity: Integrity::Intact,
            period: Some((
                "ST".into(),
                Amount::from_kronor(100_000),
                Amount::from_kronor(4_500),
                Amount::from_kronor(95_500),
            )),
            errors: 0,
            warnings: 1,
            findings: vec![AuditFinding {
                entry: Some(3),
                severity: Severity::Warning,
                reference: "K3".into(),
                message: "Handledarens godkännande saknas".into(),
            }],
            error: None,
        }
    }

    #[test]
    fn the_audit_page_has_one_row_per_ledger_marks_integrity_and_escapes() {
        let mut hostile = row("<img src=x onerror=alert(1)>");
        hostile.integrity = Integrity::Broken("entry 4 is missing".into());
        hostile.errors = 2;
        let unreadable = AuditRow {
            error: Some("in/bad.toml:3:1: expected a date".into()),
            ..row("bad")
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let html = audit_report(&[row("Anna"), hostile, unreadable], Lang::Sv, day);
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
