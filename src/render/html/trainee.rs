//! The trainee's report (`st-budget report`): headline figures, periods, a
//! burn-down chart per period, caps, who pays, and every entry with its payers
//! and findings, sortable.

use maud::{Markup, html};

use super::{badge, chart, col, finding_li, money_td, num, page, table, text};
use crate::engine::{EntryResult, Finding, PeriodState};
use crate::policy::Severity;
use crate::render::policy::quantity;
use crate::render::table::state_word;
use crate::render::{View, kind_word, money, status_word, verdict_word};

/// The trainee's report as one page.
pub fn trainee_report(v: &View<'_>) -> String {
    let l = v.lang;
    let title = format!(
        "{} – {}",
        crate::msg!(l => "Utbildningsbudget", "Education budget"),
        v.ledger.trainee.name
    );
    let body = html! {
        (header(v, &title)) "\n"
        (cards(v)) "\n"
        section #periods { h2 { (crate::msg!(l => "Perioder", "Periods")) } (periods(v)) } "\n"
        @if !v.ledger.services.is_empty() {
            section #service {
                h2 { (crate::msg!(l => "Tjänstgöring", "Service")) }
                p.meta { (crate::msg!(l =>
                    "Budgeten följer tjänstgöringsgraden: ledighet och deltid ger mindre.",
                    "The budget follows the service percentage: leave and part time give less.",
                )) }
                (services(v))
            }
            "\n"
        }
        section #burndown {
            h2 { (crate::msg!(l => "Budgeten över tid", "The budget over time")) }
            div.charts { @for p in v.eval.periods.iter().filter(|p| !p.uncapped) { (chart::burndown(v, p)) } }
        }
        "\n"
        @if crate::render::table::has_pools(v) {
            section #pools { h2 { (crate::msg!(l => "Potter", "Pools")) } (pools(v)) } "\n"
        }
        @if !v.eval.caps.is_empty() {
            section #caps { h2 { (crate::msg!(l => "Tak", "Caps")) } (caps(v)) } "\n"
        }
        @if !v.eval.subjects.is_empty() {
            section #subjects {
                h2 { (crate::msg!(l => "Obligatoriska kursämnen", "Mandatory course subjects")) }
                p { (text(&crate::render::subjects_line(v))) }
                (subjects(v))
            }
            "\n"
        }
        section #totals { h2 { (crate::msg!(l => "Vem betalar", "Who pays")) } (totals(v)) } "\n"
        section #entries {
            h2 { (crate::msg!(l => "Poster", "Entries")) }
            div.scroll { (entries(v)) }
        }
        "\n"
        @if !v.eval.findings.is_empty() {
            section #ledger-findings {
                h2 { (crate::msg!(l => "Om liggaren", "About the ledger")) }
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
    let reference = &v.policy.rules[f.rule()].reference;
    finding_li(
        f.severity(),
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
                " · " (v.policy.programme.label()) " " (crate::msg!(l => "från", "from")) " " (t.start)
                @if let Some(c) = t.certificate {
                    " · " (text(v.policy.end_name.get(l))) " " (c)
                }
                @if let Some(u) = &t.unit { " · " (text(u)) }
                " · " (crate::msg!(l => "per", "as of")) " " (v.eval.as_of)
            }
        }
    }
}

/// The headline numbers: the period of today (or the last one), what is left
/// and the day it lapses, or what lapsed.
fn cards(v: &View<'_>) -> Markup {
    let l = v.lang;
    let Some(p) = v
        .eval
        .period_of(v.eval.as_of)
        .or_else(|| v.eval.periods.last())
    else {
        return html! {};
    };
    let lapsed = p.lapsed(v.eval.as_of);
    html! {
        #current.cards {
            .card { (crate::msg!(l => "Budget", "Budget")) " (" (text(&p.label)) ")" b { (figure(p.budget, p.uncapped, l)) } }
            .card { (crate::msg!(l => "Belastat", "Charged")) b { (money(p.charged, l)) } }
            @match lapsed {
                Some(a) => .card { (crate::msg!(l => "Förföll", "Lapsed")) b { (money(a, l)) } },
                None => .card {
                    (crate::msg!(l => "Kvar", "Remaining"))
                    b { (figure(p.remaining, p.uncapped, l)) }
                    @if let (false, Some(to)) = (p.uncapped, p.to) { (crate::msg!(l => "förfaller", "lapses on")) " " (to) }
                },
            }
            .card {
                (crate::msg!(l => "Fel / varningar", "Errors / warnings"))
                b { (v.eval.count(Severity::Error)) " / " (v.eval.count(Severity::Warning)) }
            }
        }
    }
}

/// Each period with its state, and what is left or, once closed, what lapsed.
fn periods(v: &View<'_>) -> Markup {
    let l = v.lang;
    let as_of = v.eval.as_of;
    let cols = [
        col(crate::msg!(l => "Period", "Period")),
        col(crate::msg!(l => "Läge", "State")),
        col(crate::msg!(l => "Från", "From")),
        col(crate::msg!(l => "Till", "To")),
        num(crate::msg!(l => "Budget", "Budget")),
        num(crate::msg!(l => "Belastat", "Charged")),
        num(crate::msg!(l => "Kvar", "Remaining")),
        num(crate::msg!(l => "Förföll", "Lapsed")),
    ];
    let rows = html! {
        @for p in &v.eval.periods {
            @let state = p.state(as_of);
            tr class=[(state == PeriodState::Closed).then_some("closed")] {
                td { (text(&p.label)) }
                td { (state_word(state, l)) }
                td { (p.from) }
                td { @match p.to { Some(d) => (d), None => "–" } }
                (figure_td(p.budget, p.uncapped, l)) (money_td(p.charged, l))
                @match p.lapsed(as_of) {
                    Some(a) => { td {} (money_td(a, l)) },
                    None => { (figure_td(p.remaining, p.uncapped, l)) td {} },
                }
            }
            "\n"
        }
    };
    table(false, None, &cols, rows)
}

/// The service periods the budgets follow.
fn services(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(crate::msg!(l => "Från", "From")),
        col(crate::msg!(l => "Till", "To")),
        num(crate::msg!(l => "Tjänstgöringsgrad", "Service percentage")),
    ];
    let rows = html! {
        @for (p, to) in crate::render::service_spans(v.ledger) {
            tr {
                td { (p.from) }
                td { @match to { Some(d) => (d), None => "–" } }
                td.num { (p.percent) "\u{a0}%" }
            }
            "\n"
        }
    };
    table(false, None, &cols, rows)
}

/// An amount of the main budget, or that it has no cap.
fn figure(a: crate::money::Amount, uncapped: bool, l: crate::i18n::Lang) -> String {
    if uncapped {
        crate::msg!(l => "utan tak", "no cap").to_string()
    } else {
        money(a, l)
    }
}

/// [`figure`] in a cell of its own.
fn figure_td(a: crate::money::Amount, uncapped: bool, l: crate::i18n::Lang) -> Markup {
    if uncapped {
        html! { td.num { (figure(a, true, l)) } }
    } else {
        money_td(a, l)
    }
}

fn caps(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(crate::msg!(l => "Tak", "Cap")),
        col(crate::msg!(l => "Regel", "Rule")),
        col(crate::msg!(l => "Period", "Period")),
        num(crate::msg!(l => "Tak", "Limit")),
        num(crate::msg!(l => "Använt", "Used")),
        num(crate::msg!(l => "Kvar", "Remaining")),
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

/// Each mandatory subject the policy lists: done, planned or missing, and the
/// entries that cover it (as `balance` shows them).
fn subjects(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(crate::msg!(l => "Obligatoriskt kursämne", "Mandatory course subject")),
        col(crate::msg!(l => "Läge", "Status")),
        col(crate::msg!(l => "Poster", "Entries")),
    ];
    let rows = html! {
        @for s in &v.eval.subjects {
            @let word = crate::render::progress_word(s.progress, l);
            tr {
                td { (text(v.policy.subjects[s.index].name.get(l))) }
                @if s.progress == crate::engine::subjects::Progress::Missing {
                    td.warning { (word) }
                } @else {
                    td { (word) }
                }
                td { @for (i, id) in s.entries.iter().enumerate() { @if i > 0 { " " } "#" (id) } }
            }
            "\n"
        }
    };
    table(false, None, &cols, rows)
}

/// Every budget with its unit, period by period (kronor or days; no cap: –).
fn pools(v: &View<'_>) -> Markup {
    let l = v.lang;
    let cols = [
        col(crate::msg!(l => "Pott", "Pool")),
        col(crate::msg!(l => "Regel", "Rule")),
        col(crate::msg!(l => "Period", "Period")),
        num(crate::msg!(l => "Storlek", "Size")),
        num(crate::msg!(l => "Använt", "Used")),
        num(crate::msg!(l => "Kvar", "Remaining")),
    ];
    let no_cap = crate::msg!(l => "utan tak", "no cap");
    let rows = html! {
        @for r in &v.eval.pools {
            @let rule = &v.policy.rules[r.rule];
            @let unit = crate::render::json::pool_unit(v.policy, r.rule);
            @for p in &r.periods {
                tr {
                    td { (text(rule.title.get(l))) }
                    td { (text(&rule.reference)) }
                    td { (text(&p.label)) }
                    td.num { @match p.amount { Some(a) => (quantity(a, unit, l)), None => (no_cap) } }
                    td.num { (quantity(p.used, unit, l)) }
                    td.num { @match p.remaining { Some(a) => (quantity(a, unit, l)), None => (no_cap) } }
                }
                "\n"
            }
        }
    };
    table(false, None, &cols, rows)
}

/// What all entries cost, and who pays it.
fn totals(v: &View<'_>) -> Markup {
    let l = v.lang;
    let t = &v.eval.totals;
    let cols = [
        num(crate::msg!(l => "Totalt", "Total")),
        num(crate::msg!(l => "Budget", "Budget")),
        num(crate::msg!(l => "Centralt", "Central")),
        num(crate::msg!(l => "Enheten", "Unit")),
        num(crate::msg!(l => "Egen kostnad", "Self")),
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
        col(crate::msg!(l => "Datum", "Date")),
        col(crate::msg!(l => "Slag", "Kind")),
        col(crate::msg!(l => "Beskrivning", "Description")),
        col(crate::msg!(l => "Status", "Status")),
        num(crate::msg!(l => "Belopp", "Amount")),
        col(crate::msg!(l => "Betalas av", "Paid by")),
        col(crate::msg!(l => "Bedömning", "Verdict")),
    ];
    let rows = html! {
        @for r in &v.eval.entries { (entry_row(v, r)) "\n" }
        @if v.eval.entries.is_empty() {
            tr { td colspan=(cols.len()) { (crate::msg!(l => "Inga poster ännu.", "No entries yet.")) } }
        }
    };
    table(true, None, &cols, rows)
}

fn entry_row(v: &View<'_>, r: &EntryResult) -> Markup {
    let l = v.lang;
    let e = &v.ledger.entries[r.index()];
    let payers: Vec<(&str, _)> = [
        (crate::msg!(l => "budget", "budget"), r.payers().budget),
        (crate::msg!(l => "centralt", "central"), r.payers().central),
        (crate::msg!(l => "enheten", "unit"), r.payers().unit),
        (
            crate::msg!(l => "egen kostnad", "self"),
            r.payers().self_paid,
        ),
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
                @if let Some(f) = e.for_entry() {
                    br; span.meta { (crate::msg!(l => "hör till", "belongs to")) " #" (f) }
                }
            }
            td { (status_word(r.status, l)) }
            (money_td(r.amount(), l))
            td {
                @for (i, (name, a)) in payers.iter().enumerate() {
                    @if i > 0 { br; }
                    (name) " " (money(*a, l))
                }
                @if payers.is_empty() { (crate::msg!(l => "kostar inget", "costs nothing")) }
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
            (crate::msg!(l => "Skapad av", "Made by")) " st-budget " (env!("CARGO_PKG_VERSION"))
            " · " (crate::msg!(l => "källa", "source")) " " (text(&v.policy.source))
            " · " (crate::msg!(l => "fel", "errors")) " " (v.eval.count(Severity::Error))
            ", " (crate::msg!(l => "varningar", "warnings")) " " (v.eval.count(Severity::Warning))
        }
    }
}
