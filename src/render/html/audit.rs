//! The director's audit page (`st-budget audit --html`): one row per ledger,
//! sortable, with its unit, integrity in words and symbols (not colour alone),
//! findings expandable, a button that shows only the ledgers with a problem;
//! then what each unit pays per year and whose money lapses soon.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::{badge, col, finding_li, money_td, num, page, table, text};
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;
use crate::render::audit::words::{self, who};
use crate::render::audit::{AuditFinding, Summary, ref_word};

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
/// from whatever it computed.
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
    pub findings: Vec<AuditFinding<'static>>,
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
            || self.findings.iter().any(|f| f.reference == "integrity")
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
                findings: Vec::new(),
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
        findings: (crate::render::audit::worded(a, false, lang).into_iter())
            .map(AuditFinding::into_owned)
            .collect(),
        subjects: a
            .subjects
            .as_ref()
            .map(|t| (t.missing.len(), words::subjects_due(a, today, lang))),
        error: None,
    }
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

/// The director's page: one row per ledger, sortable, findings expandable,
/// integrity marked in words and symbols (not colour alone).
pub fn audit_report(rows: &[AuditRow], lang: Lang, as_of: NaiveDate) -> String {
    audit_report_with(rows, &NotAudited::default(), None, lang, as_of)
}

/// As [`audit_report`], with the ledgers missing from the inbox and the paths
/// skipped listed after the ledgers, and the audit's sums: what each unit pays
/// per year, and whose money lapses soon.
pub fn audit_report_with(
    rows: &[AuditRow],
    not: &NotAudited,
    sums: Option<&Summary>,
    lang: Lang,
    as_of: NaiveDate,
) -> String {
    let l = lang;
    let title = crate::msg!(l => "Granskning av ST-budgetar", "Audit of ST budgets");
    // The subjects' column only where a policy lists mandatory subjects.
    let with_subjects = rows.iter().any(|r| r.subjects.is_some());
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
        (summary(rows, with_subjects, l)) "\n"
        p.no-print {
            button.filter type="button" hidden data-table="ledgers" aria-pressed="false" {
                (crate::msg!(l => "Visa bara liggare med problem", "Show only ledgers with problems"))
            }
        }
        div.scroll {
            (table(true, Some("ledgers"), &cols, html! {
                @for r in rows { (row(r, cols.len(), with_subjects, l)) "\n" }
            }))
        }
        "\n"
        @if let Some(s) = sums {
            (units(s, l)) "\n"
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
fn summary(rows: &[AuditRow], with_subjects: bool, l: Lang) -> Markup {
    let count = |f: fn(&AuditRow) -> bool| rows.iter().filter(|r| f(r)).count();
    html! {
        #summary.cards {
            .card { (crate::msg!(l => "Liggare", "Ledgers")) b { (rows.len()) } }
            .card.error { (crate::msg!(l => "Med fel", "With errors")) b { (count(|r| r.errors > 0)) } }
            .card.error {
                (crate::msg!(l => "Bruten försegling", "Seal broken"))
                b { (count(|r| matches!(r.integrity, Integrity::Broken(_)))) }
            }
            .card { (crate::msg!(l => "Olästa", "Unreadable")) b { (count(|r| r.error.is_some())) } }
            @if with_subjects {
                .card.warning {
                    (crate::msg!(l =>
                        "Saknar kursämnen, högst {} dagar kvar",
                        "Missing subjects, {} days or less left",
                        crate::audit::SUBJECTS_WITHIN_DAYS
                    ))
                    b { (count(|r| r.subjects.as_ref().is_some_and(|(_, due)| due.is_some()))) }
                }
            }
        }
    }
}

/// One ledger's row; an unreadable one says why across the other columns.
fn row(r: &AuditRow, columns: usize, with_subjects: bool, l: Lang) -> Markup {
    if let Some(err) = &r.error {
        return html! {
            tr.unreadable.problem {
                td { (text(&r.path)) }
                td.error colspan=(columns - 1) {
                    (badge("error", crate::msg!(l => "kan inte läsas", "cannot be read"))) " " (text(err))
                }
            }
        };
    }
    html! {
        tr class=(if r.has_problems() { "problem" } else { "clean" }) {
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
            @if with_subjects {
                @match &r.subjects {
                    Some((n, _)) => td.num data-sort=(n) { (n) },
                    None => td data-sort="-1" { "–" },
                }
            }
            (findings(&r.findings, r.subjects.as_ref().and_then(|(_, due)| due.as_deref()), l))
        }
    }
}

/// What each unit pays per calendar year: the trainees, each payer, the
/// unit's part by rule.
fn units(s: &Summary, l: Lang) -> Markup {
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
                (table(true, Some("unit-years"), &cols, html! {
                    @for ((unit, year), u) in &s.units.by {
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
                }))
            }
        }
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
    let total: Amount = s.lapsing.iter().map(|x| x.remaining).sum();
    html! {
        section #lapsing {
            h2 { (crate::msg!(l => "Förfaller inom {} dagar", "Lapsing within {} days", s.lapsing_within)) }
            @if s.lapsing.is_empty() {
                p { (crate::msg!(l => "Inga pengar förfaller så snart.", "No money lapses that soon.")) }
            } @else {
                p { (crate::msg!(l => "{}, sammanlagt {}.", "{}, {} in all.", crate::i18n::count(s.lapsing.len(), crate::msg!(l => "ST-läkare", "trainee"), crate::msg!(l => "ST-läkare", "trainees")), crate::render::money(total, l))) }
                div.scroll {
                    (table(true, Some("lapsing-list"), &cols, html! {
                        @for x in &s.lapsing {
                            tr {
                                td { (text(&who(&x.name, x.id.as_deref()))) br; span.meta { (text(&x.path)) } }
                                td { (text(x.unit.as_deref().unwrap_or("–"))) }
                                td { (text(&x.period)) }
                                (money_td(x.remaining, l))
                                td { (x.lapses_on) }
                            }
                            "\n"
                        }
                    }))
                }
            }
        }
    }
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

/// The findings, folded away under their count; the mandatory subjects still
/// missing near the end of the programme above them, in full.
fn findings(fs: &[AuditFinding], subjects_due: Option<&str>, l: Lang) -> Markup {
    html! {
        td.findings data-sort=(fs.len()) {
            @if let Some(due) = subjects_due {
                p.subjects.warning { (text(due)) }
            }
            @if fs.is_empty() {
                (crate::msg!(l => "inga", "none"))
            } @else {
                details {
                    summary { (fs.len()) " " (crate::msg!(l => "fynd", "findings")) }
                    ul.findings {
                        "\n"
                        @for f in fs {
                            @let who = f.entry.map(|e| format!("#{e} ")).unwrap_or_default();
                            (finding_li(f.severity, &format!("{who}{}", ref_word(&f.reference, l)), &f.message, l))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> AuditRow {
        AuditRow {
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
            findings: vec![AuditFinding {
                entry: Some(3),
                rule: "k3".into(),
                severity: Severity::Warning,
                reference: "K3".into(),
                title: None,
                message: "Handledarens godkännande saknas".into(),
                details: None,
            }],
            subjects: None,
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
