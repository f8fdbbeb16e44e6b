//! CSV for spreadsheets: one header row, RFC 4180 quoting, plain decimals.

use std::io::{self, Write};

use super::{View, plain_figure};
use crate::engine::{EntryResult, Finding};

/// Quotes a field when it needs it. A field that a spreadsheet would read as a
/// formula gets a leading apostrophe: one starting with `=`, `+`, `-` or `@`
/// (unless it is a plain number such as `-5`), or with a TAB or CR, which a
/// spreadsheet skips before it looks for a formula (OWASP, "CSV Injection").
pub fn field(s: &str) -> String {
    // By characters: a field may start with `Ö` (found by fuzzing: byte slicing panicked).
    let numeric = s.len() > 1 && s.chars().skip(1).all(|c| c.is_ascii_digit() || c == '.');
    let formula = s.starts_with(['=', '+', '-', '@']) && !numeric;
    let s = if formula || s.starts_with(['\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn row(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// The main budget's periods, then every other budget's (their `pool` and
/// `unit` in the last columns; days as whole numbers; no cap: empty).
pub fn periods(v: &View<'_>) -> String {
    let mut out = row(&[
        "period",
        "from",
        "to",
        "budget",
        "charged",
        "remaining",
        "state",
        "lapsed",
        "pool",
        "unit",
    ]
    .map(String::from));
    let as_of = v.eval.as_of;
    for r in &v.eval.pools {
        let rule = &v.policy.rules[r.rule];
        let unit = super::json::pool_unit(v.policy, r.rule);
        let figure = |a| plain_figure(a, unit);
        for p in &r.periods {
            out.push_str(&row(&[
                p.label.clone(),
                p.from.to_string(),
                p.to.map(|d| d.to_string()).unwrap_or_default(),
                p.amount.map(figure).unwrap_or_default(),
                figure(p.used),
                p.remaining.map(figure).unwrap_or_default(),
                p.state(as_of).as_str().to_string(),
                p.lapsed(as_of).map(figure).unwrap_or_default(),
                rule.id.clone(),
                unit.as_str().to_string(),
            ]));
        }
    }
    out
}

/// `balance --by year`: what was charged, and to whom, per calendar year.
pub fn years(v: &View<'_>) -> String {
    let mut out = row(&["year", "amount", "budget", "central", "unit", "self"].map(String::from));
    for (year, t) in super::by_year(v.eval) {
        out.push_str(&row(&[
            year.to_string(),
            t.amount.to_string(),
            t.payers.budget.to_string(),
            t.payers.central.to_string(),
            t.payers.unit.to_string(),
            t.payers.self_paid.to_string(),
        ]));
    }
    out
}

/// The entries `rows`, one row each, written as they are put in words.
pub fn entries<'a>(
    out: &mut dyn Write,
    v: &View<'_>,
    rows: impl Iterator<Item = &'a EntryResult>,
) -> io::Result<()> {
    let head = [
        "id",
        "date",
        "kind",
        "description",
        "status",
        "amount",
        "budget",
        "central",
        "unit",
        "self",
        "verdict",
        "refs",
        "pools",
    ];
    out.write_all(row(&head.map(String::from)).as_bytes())?;
    for r in rows {
        let e = &v.ledger.entries[r.index()];
        let refs = v.refs(r);
        let payers = r.payers();
        let line = row(&[
            r.id.to_string(),
            r.date.to_string(),
            r.kind.to_string(),
            e.description.to_string(),
            r.status.to_string(),
            r.amount().to_string(),
            payers.budget.to_string(),
            payers.central.to_string(),
            payers.unit.to_string(),
            payers.self_paid.to_string(),
            r.verdict.as_str().to_string(),
            refs.join(" "),
            r.pools()
                .iter()
                .map(|&(rule, used)| {
                    let figure = plain_figure(used, super::json::pool_unit(v.policy, rule));
                    format!("{}={figure}", v.policy.rules[rule].id)
                })
                .collect::<Vec<_>>()
                .join(" "),
        ]);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The findings `list`, one row each with its line, written as they are put
/// in words.
pub fn findings<'a>(
    out: &mut dyn Write,
    v: &View<'_>,
    list: impl Iterator<Item = &'a Finding>,
    line_of: &dyn Fn(u32) -> Option<usize>,
) -> io::Result<()> {
    let head = ["entry", "line", "severity", "rule", "ref", "message"];
    out.write_all(row(&head.map(String::from)).as_bytes())?;
    for f in list {
        let rule = &v.policy.rules[f.rule()];
        let line = row(&[
            f.entry().map(|e| e.to_string()).unwrap_or_default(),
            f.entry()
                .and_then(line_of)
                .map(|l| l.to_string())
                .unwrap_or_default(),
            f.severity().to_string(),
            rule.id.clone(),
            rule.reference.clone(),
            crate::render::finding::message(f, v.policy, v.lang),
        ]);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_neutralised() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("-5"), "-5");
        assert_eq!(field("-12.50"), "-12.50");
        assert_eq!(field("Öl"), "Öl");
    }
}
