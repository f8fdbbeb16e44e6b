//! The director's audit page (`st-budget audit --html`): one row per ledger,
//! sortable, integrity in words and symbols (not colour alone), findings
//! expandable.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::{badge, col, finding_li, money_td, num, page, table, text};
use crate::audit::AuditFinding;
use crate::i18n::Lang;
use crate::money::Amount;
use crate::policy::Severity;

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
            Integrity::Broken(match a.bad_record.clone() {
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
            .cloned()
            .collect(),
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
    ) -> NotAudited {
        NotAudited {
            missing: missing
                .iter()
                .map(|k| {
                    (
                        crate::render::audit::who_known(k),
                        crate::render::audit::missing_message(k),
                    )
                })
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
    audit_report_with(rows, &NotAudited::default(), lang, as_of)
}

/// As [`audit_report`], with the ledgers missing from the inbox and the paths
/// skipped listed after the ledgers.
pub fn audit_report_with(
    rows: &[AuditRow],
    not: &NotAudited,
    lang: Lang,
    as_of: NaiveDate,
) -> String {
    let l = lang;
    let title = crate::msg!(l => "Granskning av ST-budgetar", "Audit of ST budgets");
    let cols = [
        col(crate::msg!(l => "ST-läkare", "Trainee")),
        col(crate::msg!(l => "Regelverk", "Policy")),
        col(crate::msg!(l => "Försegling", "Integrity")),
        col(crate::msg!(l => "Period", "Period")),
        num(crate::msg!(l => "Budget", "Budget")),
        num(crate::msg!(l => "Belastat", "Charged")),
        num(crate::msg!(l => "Kvar", "Remaining")),
        num(crate::msg!(l => "Fel", "Errors")),
        num(crate::msg!(l => "Varningar", "Warnings")),
        col(crate::msg!(l => "Fynd", "Findings")),
    ];
    let body = html! {
        header { h1 { (title) } p.meta { (crate::msg!(l => "per", "as of")) " " (as_of) } } "\n"
        (summary(rows, l)) "\n"
        div.scroll {
            (table(true, Some("ledgers"), &cols, html! {
                @for r in rows { (row(r, cols.len(), l)) "\n" }
            }))
        }
        "\n"
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
fn summary(rows: &[AuditRow], l: Lang) -> Markup {
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
        }
    }
}

/// One ledger's row; an unreadable one says why across the other columns.
fn row(r: &AuditRow, columns: usize, l: Lang) -> Markup {
    if let Some(err) = &r.error {
        return html! {
            tr.unreadable {
                td { (text(&r.path)) }
                td.error colspan=(columns - 1) {
                    (badge("error", crate::msg!(l => "kan inte läsas", "cannot be read"))) " " (text(err))
                }
            }
        };
    }
    html! {
        tr {
            td { (text(&r.name)) br; span.meta { (text(&r.path)) } }
            td { (text(&r.policy)) }
            (integrity(&r.integrity, l))
            @match &r.period {
                Some((label, budget, charged, remaining)) => {
                    td { (text(label)) }
                    (money_td(*budget, l)) (money_td(*charged, l)) (money_td(*remaining, l))
                }
                None => { td { "–" } td {} td {} td {} }
            }
            td.num.error[r.errors > 0] data-sort=(r.errors) { (r.errors) }
            td.num.warning[r.warnings > 0] data-sort=(r.warnings) { (r.warnings) }
            (findings(&r.findings, l))
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

/// The findings, folded away under their count.
fn findings(fs: &[AuditFinding], l: Lang) -> Markup {
    html! {
        td.findings data-sort=(fs.len()) {
            @if fs.is_empty() {
                (crate::msg!(l => "inga", "none"))
            } @else {
                details {
                    summary { (fs.len()) " " (crate::msg!(l => "fynd", "findings")) }
                    ul.findings {
                        "\n"
                        @for f in fs {
                            @let who = f.entry.map(|e| format!("#{e} ")).unwrap_or_default();
                            (finding_li(f.severity, &format!("{who}{}", f.reference), &f.message, l))
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
                rule: "k3".into(),
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
