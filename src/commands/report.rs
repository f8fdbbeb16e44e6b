//! `st-budget balance`, `list` and `check`: evaluate and render.

use anyhow::Result;

use super::{Ctx, Outcome, emit, emit_data, evaluate, open};
use crate::cli::{BalanceArgs, Format, ReportArgs};
use crate::policy::Severity;
use crate::render::{View, csv, json, table};

/// Loads, evaluates and renders with `render`: what balance and list share.
fn report(
    ctx: &Ctx,
    policies: &crate::cli::PolicyArgs,
    at: Option<chrono::NaiveDate>,
    render: impl FnOnce(&View<'_>) -> Result<()>,
) -> Result<Outcome> {
    let o = open(&ctx.ledger_path, policies)?;
    let (eff, eval) = evaluate(&o, ctx.today, at);
    render(&View {
        policy: &o.policy,
        ledger: &eff,
        eval: &eval,
        lang: ctx.lang,
    })?;
    Ok(Outcome::Clean)
}

pub fn balance(ctx: &Ctx, a: BalanceArgs) -> Result<Outcome> {
    report(ctx, &a.policies, a.at, |v| match a.format {
        Format::Table => emit(&table::balance(v)),
        Format::Json => emit(&json::evaluation_text(v)),
        Format::Csv => emit_data(&csv::periods(v)),
    })
}

pub fn list(ctx: &Ctx, a: ReportArgs) -> Result<Outcome> {
    report(ctx, &a.policies, None, |v| match a.format {
        Format::Table => emit(&table::list(v)),
        Format::Json => emit(&json::evaluation_text(v)),
        Format::Csv => emit_data(&csv::entries(v)),
    })
}

/// Like `hledger check`: every problem with the line of its entry; exit 1 on errors.
pub fn check(ctx: &Ctx, a: ReportArgs) -> Result<Outcome> {
    let o = open(&ctx.ledger_path, &a.policies)?;
    let (eff, eval) = evaluate(&o, ctx.today, None);
    let v = View {
        policy: &o.policy,
        ledger: &eff,
        eval: &eval,
        lang: ctx.lang,
    };
    let path = ctx.ledger_path.display().to_string();
    // Every finding names its line: index the lines and the entries once. Offsets
    // are in the text without its byte order mark, as the parser saw it.
    let lines = crate::diag::LineStarts::new(crate::tomlx::strip_bom(&o.text));
    let offsets: std::collections::HashMap<u32, usize> =
        o.ledger.entries.iter().map(|e| (e.id, e.offset)).collect();
    let line_of = |id: Option<u32>| {
        id.and_then(|id| offsets.get(&id))
            .map(|&offset| lines.line(offset))
    };
    let findings: Vec<_> = eval
        .all_findings()
        .filter(|f| f.severity > Severity::Info)
        .collect();
    let csv_out = matches!(a.format, Format::Csv);
    let text = match a.format {
        Format::Table => {
            let mut out = String::new();
            for f in &findings {
                let at = line_of(f.entry).map_or_else(|| path.clone(), |l| format!("{path}:{l}"));
                out.push_str(&format!(
                    "{}: {}\n",
                    crate::diag::sanitize(&at),
                    table::finding_line(f, v.policy, v.lang)
                ));
            }
            out.push_str(&table::counts(&v));
            out
        }
        Format::Json => {
            let list: Vec<_> = findings
                .iter()
                .map(|f| {
                    let mut j = json::finding(f, v.policy, v.lang);
                    j["line"] = serde_json::json!(line_of(f.entry));
                    j
                })
                .collect();
            format!(
                "{:#}\n",
                serde_json::json!({
                    "path": path,
                    "policy": {"id": v.policy.id, "version": v.policy.version},
                    "findings": list,
                    "counts": {"errors": eval.count(Severity::Error), "warnings": eval.count(Severity::Warning)},
                })
            )
        }
        Format::Csv => csv::findings(&v, findings.iter().copied(), &line_of),
    };
    if csv_out {
        emit_data(&text)?;
    } else {
        emit(&text)?;
    }
    Ok(if eval.count(Severity::Error) > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
