//! The JSON of SPEC.md: one object for `balance` and `list`, amounts as strings.

use serde_json::{Value, json};

use super::View;
use crate::engine::{EntryResult, Finding, Payers, PeriodResult, Totals};
use crate::policy::Policy;

fn payers(p: &Payers) -> Value {
    json!({
        "budget": p.budget.to_string(),
        "central": p.central.to_string(),
        "unit": p.unit.to_string(),
        "self": p.self_paid.to_string(),
    })
}

pub fn finding(f: &Finding, policy: &Policy, lang: crate::policy::Lang) -> Value {
    let rule = &policy.rules[f.rule];
    json!({
        "rule": rule.id,
        "ref": rule.reference,
        "severity": f.severity.as_str(),
        "entry": f.entry,
        "message": f.message(policy, lang),
    })
}

pub fn entry(v: &View<'_>, r: &EntryResult) -> Value {
    let e = &v.ledger.entries[r.index];
    json!({
        "id": r.id,
        "date": r.date.to_string(),
        "end": e.end.map(|d| d.to_string()),
        "kind": r.kind.as_str(),
        "description": e.description,
        "status": r.status.as_str(),
        "amount": r.amount.to_string(),
        "payers": payers(&r.payers),
        "verdict": r.verdict.as_str(),
        "findings": r.findings.iter().map(|f| finding(f, v.policy, v.lang)).collect::<Vec<_>>(),
    })
}

pub fn trainee(v: &View<'_>) -> Value {
    let t = &v.ledger.trainee;
    json!({
        "name": t.name,
        "id": t.id,
        "start": t.start.to_string(),
        "certificate": t.certificate.map(|d| d.to_string()),
        "double_specialisation": t.double_specialisation,
        "programmes": t.programmes,
        "unit": t.unit,
    })
}

/// One period: label, from, to, budget, charged, remaining.
pub fn period(p: &PeriodResult) -> Value {
    json!({
        "label": p.label,
        "from": p.from.to_string(),
        "to": p.to.map(|d| d.to_string()),
        "budget": p.budget.to_string(),
        "charged": p.charged.to_string(),
        "remaining": p.remaining.to_string(),
    })
}

pub fn periods(v: &View<'_>) -> Value {
    Value::Array(v.eval.periods.iter().map(period).collect())
}

pub fn totals(v: &View<'_>) -> Value {
    totals_of(&v.eval.totals)
}

/// The totals: amount and each payer's part.
pub fn totals_of(t: &Totals) -> Value {
    json!({
        "amount": t.amount.to_string(),
        "budget": t.payers.budget.to_string(),
        "central": t.payers.central.to_string(),
        "unit": t.payers.unit.to_string(),
        "self": t.payers.self_paid.to_string(),
    })
}

/// The object `balance` and `list` print.
pub fn evaluation(v: &View<'_>) -> Value {
    let caps: Vec<Value> = v
        .eval
        .caps
        .iter()
        .map(|c| {
            let rule = &v.policy.rules[c.rule];
            json!({
                "id": rule.id,
                "ref": rule.reference,
                "period": c.period,
                "limit": c.limit.to_string(),
                "used": c.used.to_string(),
                "remaining": c.remaining.to_string(),
            })
        })
        .collect();
    json!({
        "trainee": trainee(v),
        "policy": {"id": v.policy.id, "version": v.policy.version},
        "as_of": v.eval.as_of.to_string(),
        "periods": periods(v),
        "caps": caps,
        "totals": totals(v),
        "entries": v.eval.entries.iter().map(|r| entry(v, r)).collect::<Vec<_>>(),
        "findings": v.eval.findings.iter().map(|f| finding(f, v.policy, v.lang)).collect::<Vec<_>>(),
        "counts": {
            "errors": v.eval.count(crate::policy::Severity::Error),
            "warnings": v.eval.count(crate::policy::Severity::Warning),
        },
    })
}
