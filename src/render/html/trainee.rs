//! The trainee's report (`st-budget report`): headline figures, periods, a
//! burn-down chart per period, caps, who pays, and every entry with its payers
//! and findings, sortable.

use maud::{Markup, html};

use super::{badge, chart, col, finding_li, money_td, num, page, table, text};
use crate::engine::{EntryResult, Finding};
use crate::policy::Severity;
use crate::render::{View, kind_word, money, status_word, tr, verdict_word};

/// The trainee's report as one page.
pub fn trainee_report(v: &View<'_>) -> String {
    let l = v.lang;
    let title = format!(
        "{} – {}",
        tr(l, "Utbildningsbudget", "Education budget"),
        v.ledger.trainee.name
    );
    let body = html! {
        (header(v, &title)) "\n"
        (cards(v)) "\n"
        section #periods { h2 { (tr(l, "Perioder", "Periods")) } (periods(v)) } "\n"
        section #burndown {
            h2 { (tr(l, "Budgeten över tid", "The budget over time")) }
            div.charts { @for p in &v.eval.periods { (chart::burndown(v, p)) } }
        }
        "\n"
        @if !v.eval.caps.is_empty() {
            section #caps { h2 { (tr(l, "Tak", "Caps")) } (caps(v)) } "\n"
        }
        section #totals { h2 { (tr(l, "Vem betalar", "Who pays")) } (totals(v)) } "\n"
        section #entries {
            h2 { (tr(l, "Poster", "Entries")) }
            div.scroll { (entries(v)) }
        }
        "\n"
        @if !v.eval.findings.is_empty() {
            section #ledger-findings {
                h2 { (tr(l, "Om liggaren", "About the ledger")) }
                ul.findings { @for f in &v.eval.findings { (finding(v, f)) } }
            }
            "\n"
        }
        (footer(v)) "\n"
    };
    page(l, &title, body)
}

/// One finding of the engine's, worded in the page's language. The one place
/// this page asks for a finding's message.
fn finding(v: &View<'_>, f: &Finding) -> Markup {
    let reference = &v.policy.rules[f.rule].reference;
    finding_li(
        f.severity,
        reference,
        &crate::render::finding::message(f, v.policy, v.lang),
        v.lang,
    )
}

/// The title and a line of who, under which policy, since when.
fn header(v: &View<'_>, title: &str) -> Markup {
    let l = v.lang;
    let t = &v.ledger.trainee;
    html! {
        header {
            h1 { (text(title)) }
            p.meta {
                (text(v.policy.name.get(l))) " " (text(&v.policy.version))
                " · ST " (tr(l, "från", "from")) " " (t.start)
                @if let Some(c) = t.certificate {
                    " · " (tr(l, "specialistbevis", "specialist certificate")) " " (c)
                }
                @if let Some(u) = &t.unit { " · " (text(u)) }
                " · " (tr(l, "per", "as of")) " " (v.eval.as_of)
            }
        }
    }
}

/// The headline numbers: the period of today (or the last one).
fn cards(v: &View<'_>) -> Markup {
    let l = v.lang;
    let Some(p) = v
        .eval
        .period_of(v.eval.as_of)
        .or_else(|| v.eval.periods.last())
    else {
        return html! {};
    };
    html! {
        #current.cards {
            .card { (tr(l, "Budget", "Budget")) " (" (text(&p.label)) ")" b { (money(p.budget, l)) } }
            .card { (tr(l, "Belastat", "Charged")) b { (money(p.charged, l)) } }
            .card { (tr(l, "Kvar", "Remaining")) b { (money(p.remaining, l)) } }
            .card {
                (tr(l, "Fel / varningar", "Errors / warnings"))
                b { (v.eval.count(Severity::Error)) " / " (v.eval.count(Severity::Warning)) }
            }
        }
    }
}

fn periods(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(tr(l, "Period", "Period")),
        col(tr(l, "Från", "From")),
        col(tr(l, "Till", "To")),
        num(tr(l, "Budget", "Budget")),
        num(tr(l, "Belastat", "Charged")),
        num(tr(l, "Kvar", "Remaining")),
    ];
    let rows = html! {
        @for p in &v.eval.periods {
            tr {
                td { (text(&p.label)) }
                td { (p.from) }
                td { @match p.to { Some(d) => (d), None => "–" } }
                (money_td(p.budget, l)) (money_td(p.charged, l)) (money_td(p.remaining, l))
            }
            "\n"
        }
    };
    table(false, None, &cols, rows)
}

fn caps(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(tr(l, "Tak", "Cap")),
        col(tr(l, "Regel", "Rule")),
        col(tr(l, "Period", "Period")),
        num(tr(l, "Tak", "Limit")),
        num(tr(l, "Använt", "Used")),
        num(tr(l, "Kvar", "Remaining")),
    ];
    let rows = html! {
        @for c in &v.eval.caps {
            @let rule = &v.policy.rules[c.rule];
            tr {
                td { (text(rule.title.get(l))) }
                td { (text(&rule.reference)) }
                td { (text(&c.period)) }
                (money_td(c.limit, l)) (money_td(c.used, l)) (money_td(c.remaining, l))
            }
            "\n"
        }
    };
    table(false, None, &cols, rows)
}

/// What all entries cost, and who pays it.
fn totals(v: &View<'_>) -> Markup {
    let l = v.lang;
    let t = &v.eval.totals;
    let cols = [
        num(tr(l, "Totalt", "Total")),
        num(tr(l, "Budget", "Budget")),
        num(tr(l, "Centralt", "Central")),
        num(tr(l, "Enheten", "Unit")),
        num(tr(l, "Egen kostnad", "Self")),
    ];
    let row = html! {
        tr {
            (money_td(t.amount, l)) (money_td(t.payers.budget, l)) (money_td(t.payers.central, l))
            (money_td(t.payers.unit, l)) (money_td(t.payers.self_paid, l))
        }
    };
    table(false, None, &cols, row)
}

/// Every entry, sortable.
fn entries(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        num("#"),
        col(tr(l, "Datum", "Date")),
        col(tr(l, "Slag", "Kind")),
        col(tr(l, "Beskrivning", "Description")),
        col(tr(l, "Status", "Status")),
        num(tr(l, "Belopp", "Amount")),
        col(tr(l, "Betalas av", "Paid by")),
        col(tr(l, "Bedömning", "Verdict")),
    ];
    let rows = html! {
        @for r in &v.eval.entries { (entry_row(v, r)) "\n" }
        @if v.eval.entries.is_empty() {
            tr { td colspan=(cols.len()) { (tr(l, "Inga poster ännu.", "No entries yet.")) } }
        }
    };
    table(true, None, &cols, rows)
}

fn entry_row(v: &View<'_>, r: &EntryResult) -> Markup {
    let l = v.lang;
    let e = &v.ledger.entries[r.index];
    let payers: Vec<(&str, _)> = [
        (tr(l, "budget", "budget"), r.payers.budget),
        (tr(l, "centralt", "central"), r.payers.central),
        (tr(l, "enheten", "unit"), r.payers.unit),
        (tr(l, "egen kostnad", "self"), r.payers.self_paid),
    ]
    .into_iter()
    .filter(|(_, a)| !a.is_zero())
    .collect();
    html! {
        tr id={ "entry-" (r.id) } {
            td.num data-sort=(r.id) { (r.id) }
            td.date { (r.date) }
            td { (kind_word(r.kind, l)) }
            td {
                (text(&e.description))
                @if let Some(end) = e.end.filter(|d| *d != e.date) {
                    " " span.meta { "(–" (end) ")" }
                }
                @if let Some(p) = &e.provider { br; span.meta { (text(p)) } }
                @if let Some(f) = e.for_entry {
                    br; span.meta { (tr(l, "hör till", "belongs to")) " #" (f) }
                }
            }
            td { (status_word(r.status, l)) }
            (money_td(r.amount, l))
            td {
                @for (i, (name, a)) in payers.iter().enumerate() {
                    @if i > 0 { br; }
                    (name) " " (money(*a, l))
                }
                @if payers.is_empty() { (tr(l, "kostar inget", "costs nothing")) }
            }
            td data-sort=(r.verdict as u8) {
                (badge(r.verdict.as_str(), verdict_word(r.verdict, l)))
                @if !r.findings.is_empty() {
                    ul.findings { "\n" @for f in &r.findings { (finding(v, f)) } }
                }
            }
        }
    }
}

/// Who made the page from what, and the count of findings.
fn footer(v: &View<'_>) -> Markup {
    let l = v.lang;
    html! {
        footer {
            (tr(l, "Skapad av", "Made by")) " st-budget " (env!("CARGO_PKG_VERSION"))
            " · " (tr(l, "källa", "source")) " " (text(&v.policy.source))
            " · " (tr(l, "fel", "errors")) " " (v.eval.count(Severity::Error))
            ", " (tr(l, "varningar", "warnings")) " " (v.eval.count(Severity::Warning))
        }
    }
}
