//! The comparison of `balance --format json` with an expected file, the way the
//! public acceptance script (`check.py`) does it, and the discovery of the
//! ledgers that have one (`NAME.toml` beside `NAME.expected.json`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::St;

fn dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => Decimal::from_str(s).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

const PAYERS: [&str; 4] = ["budget", "central", "unit", "self"];

/// A finding as `REF:severity`.
fn ref_sev(f: &Value) -> String {
    format!("{}:{}", text(&f["ref"]), text(&f["severity"]))
}

/// The differences between `got` (the JSON of `balance`) and `want`, as `check.py`
/// reports them: per entry the four payers (a payer not named is 0.00), `refs`
/// that must all appear among the entry's findings, `verdict`; periods matched by
/// `from`; caps by `ref`; totals.
///
/// Beyond `check.py`, for the cases of this suite: a ref may be written
/// `REF:severity` to require a finding of that ref with that severity;
/// `absent_refs` must not appear; `period_count` fixes the number of periods;
/// `ledger_findings` lists findings about the ledger as a whole (`ref`,
/// `severity` and, when given, the exact `message`); `pools` and an entry's
/// `pools` (see `compare_pools`); a period's `budget` or `remaining` of null
/// (an uncapped budget) must be null.
pub fn compare(name: &str, got: &Value, want: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut p = |s: String| problems.push(format!("{name}: {s}"));
    let entries: BTreeMap<String, &Value> = got["entries"]
        .as_array()
        .map(|a| a.iter().map(|e| (text(&e["id"]), e)).collect())
        .unwrap_or_default();
    if let Some(want_entries) = want["entries"].as_object() {
        for (eid, exp) in want_entries {
            let Some(entry) = entries.get(eid) else {
                p(format!("entry {eid} missing from output"));
                continue;
            };
            for payer in PAYERS {
                let expected = exp.get(payer).map_or(Some(Decimal::ZERO), dec);
                let actual = dec(&entry["payers"][payer]);
                if expected != actual {
                    p(format!(
                        "entry {eid} {payer}: expected {}, got {}",
                        exp.get(payer).map_or("0.00".to_string(), text),
                        text(&entry["payers"][payer])
                    ));
                }
            }
            let findings = entry["findings"].as_array().cloned().unwrap_or_default();
            let refs: Vec<String> = findings.iter().map(|f| text(&f["ref"])).collect();
            let with_sev: Vec<String> = findings.iter().map(ref_sev).collect();
            for r in exp["refs"].as_array().into_iter().flatten() {
                let r = text(r);
                let found = if r.contains(':') {
                    with_sev.contains(&r)
                } else {
                    refs.contains(&r)
                };
                if !found {
                    p(format!(
                        "entry {eid}: no finding cites {r} (got {with_sev:?})"
                    ));
                }
            }
            for r in exp["absent_refs"].as_array().into_iter().flatten() {
                let r = text(r);
                if refs.contains(&r) {
                    p(format!(
                        "entry {eid}: a finding cites {r}, none should (got {with_sev:?})"
                    ));
                }
            }
            if let Some(v) = exp.get("verdict")
                && entry["verdict"] != *v
            {
                p(format!(
                    "entry {eid} verdict: expected {}, got {}",
                    text(v),
                    text(&entry["verdict"])
                ));
            }
        }
    }
    let periods: BTreeMap<String, &Value> = got["periods"]
        .as_array()
        .map(|a| a.iter().map(|x| (text(&x["from"]), x)).collect())
        .unwrap_or_default();
    for exp in want["periods"].as_array().into_iter().flatten() {
        let from = text(&exp["from"]);
        let Some(period) = periods.get(&from) else {
            p(format!(
                "no period starting {from} (got {:?})",
                periods.keys().collect::<Vec<_>>()
            ));
            continue;
        };
        for key in ["budget", "charged", "remaining"] {
            // An uncapped budget has no budget and no remaining: null.
            if exp[key].is_null() && period[key].is_null() {
                continue;
            }
            if dec(&period[key]).is_none() || dec(&period[key]) != dec(&exp[key]) {
                p(format!(
                    "period {from} {key}: expected {}, got {}",
                    text(&exp[key]),
                    text(&period[key])
                ));
            }
        }
        if let Some(to) = exp.get("to")
            && period["to"] != *to
        {
            p(format!(
                "period {from} to: expected {}, got {}",
                text(to),
                text(&period["to"])
            ));
        }
    }
    if let Some(n) = want.get("period_count").and_then(Value::as_u64)
        && periods.len() as u64 != n
    {
        p(format!(
            "expected {n} periods, got {:?}",
            periods.keys().collect::<Vec<_>>()
        ));
    }
    let caps: BTreeMap<String, &Value> = got["caps"]
        .as_array()
        .map(|a| a.iter().map(|x| (text(&x["ref"]), x)).collect())
        .unwrap_or_default();
    for exp in want["caps"].as_array().into_iter().flatten() {
        let r = text(&exp["ref"]);
        let Some(cap) = caps.get(&r) else {
            p(format!("no cap citing {r}"));
            continue;
        };
        for key in ["limit", "used", "remaining"] {
            if dec(&cap[key]).is_none() || dec(&cap[key]) != dec(&exp[key]) {
                p(format!(
                    "cap {r} {key}: expected {}, got {}",
                    text(&exp[key]),
                    text(&cap[key])
                ));
            }
        }
    }
    if let Some(totals) = want["totals"].as_object() {
        for (key, value) in totals {
            let actual = &got["totals"][key];
            if dec(actual).is_none() || dec(actual) != dec(value) {
                p(format!(
                    "totals.{key}: expected {}, got {}",
                    text(value),
                    text(actual)
                ));
            }
        }
    }
    compare_pools(got, want, &mut p);
    for exp in want["ledger_findings"].as_array().into_iter().flatten() {
        let found = got["findings"].as_array().into_iter().flatten().any(|f| {
            f["ref"] == exp["ref"]
                && f["severity"] == exp["severity"]
                && exp.get("message").is_none_or(|m| f["message"] == *m)
        });
        if !found {
            p(format!(
                "no ledger finding {} (got {})",
                exp, got["findings"]
            ));
        }
    }
    problems
}

/// Beyond `check.py`: `pools` lists periods of pools by `id` and `from`, with
/// their `unit` (when given), `amount`, `used`, `remaining` (null for no cap) and
/// `reserved` parts in order; an entry's `pools` maps a pool id to what it drew.
fn compare_pools(got: &Value, want: &Value, p: &mut impl FnMut(String)) {
    let pools: BTreeMap<String, &Value> = got["pools"]
        .as_array()
        .map(|a| a.iter().map(|x| (text(&x["id"]), x)).collect())
        .unwrap_or_default();
    let same = |a: &Value, b: &Value| {
        (a.is_null() && b.is_null()) || (dec(a).is_some() && dec(a) == dec(b))
    };
    for exp in want["pools"].as_array().into_iter().flatten() {
        let id = text(&exp["id"]);
        let Some(pool) = pools.get(&id) else {
            p(format!(
                "no pool {id} (got {:?})",
                pools.keys().collect::<Vec<_>>()
            ));
            continue;
        };
        if let Some(unit) = exp.get("unit")
            && pool["unit"] != *unit
        {
            p(format!(
                "pool {id} unit: expected {}, got {}",
                text(unit),
                text(&pool["unit"])
            ));
        }
        let from = text(&exp["from"]);
        let Some(period) = pool["periods"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| text(&x["from"]) == from)
        else {
            p(format!("pool {id}: no period starting {from}"));
            continue;
        };
        for key in ["amount", "used", "remaining"] {
            if let Some(e) = exp.get(key)
                && !same(&period[key], e)
            {
                p(format!(
                    "pool {id} {from} {key}: expected {}, got {}",
                    text(e),
                    text(&period[key])
                ));
            }
        }
        let got_reserved = period["reserved"].as_array().cloned().unwrap_or_default();
        for (k, e) in exp["reserved"].as_array().into_iter().flatten().enumerate() {
            for key in ["amount", "used", "remaining"] {
                if let Some(v) = e.get(key)
                    && !got_reserved.get(k).is_some_and(|r| same(&r[key], v))
                {
                    p(format!(
                        "pool {id} {from} reserve {k} {key}: expected {}, got {:?}",
                        text(v),
                        got_reserved.get(k)
                    ));
                }
            }
        }
    }
    let entries: BTreeMap<String, &Value> = got["entries"]
        .as_array()
        .map(|a| a.iter().map(|e| (text(&e["id"]), e)).collect())
        .unwrap_or_default();
    for (eid, exp) in want["entries"].as_object().into_iter().flatten() {
        let Some(drawn) = exp["pools"].as_object() else {
            continue;
        };
        let got_drawn: BTreeMap<String, Value> = entries
            .get(eid)
            .and_then(|e| e["pools"].as_array())
            .map(|a| {
                a.iter()
                    .map(|d| (text(&d["id"]), d["used"].clone()))
                    .collect()
            })
            .unwrap_or_default();
        let want_drawn: BTreeMap<String, Value> =
            drawn.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if want_drawn.len() != got_drawn.len()
            || want_drawn
                .iter()
                .any(|(k, v)| !got_drawn.get(k).is_some_and(|g| same(g, v)))
        {
            p(format!(
                "entry {eid} pools: expected {want_drawn:?}, got {got_drawn:?}"
            ));
        }
    }
}

/// A ledger with the result expected of it.
pub struct Expected {
    /// The file name without `.toml`.
    pub name: String,
    pub ledger: PathBuf,
    pub want: Value,
}

/// Every `NAME.toml` in `dir` with its `NAME.expected.json`, sorted by name. A
/// ledger without an expected file, or the other way round, fails: a file dropped
/// into the folder is a case, never silently skipped.
pub fn cases_in(dir: &Path) -> Vec<Expected> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|f| {
            f.strip_suffix(".expected.json")
                .or_else(|| f.strip_suffix(".toml"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let ledger = dir.join(format!("{name}.toml"));
            let expected = dir.join(format!("{name}.expected.json"));
            assert!(
                ledger.is_file(),
                "{} has no {name}.toml beside it",
                expected.display()
            );
            assert!(
                expected.is_file(),
                "{} has no {name}.expected.json beside it",
                ledger.display()
            );
            let text = std::fs::read_to_string(&expected).expect("read expected file");
            let want: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", expected.display()));
            Expected { name, ledger, want }
        })
        .collect()
}

/// Judges every case of `dir` with `balance --format json` (with the policies
/// of `dir/policies/`, when it has them) and returns every difference, each line naming its case (`REGION/NAME: …` when `label` is the
/// region), and the number of cases judged.
pub fn judge_all(dir: &Path, label: &str) -> (usize, Vec<String>) {
    let cases = cases_in(dir);
    let problems = cases
        .iter()
        .flat_map(|c| {
            let name = if label.is_empty() {
                c.name.clone()
            } else {
                format!("{label}/{}", c.name)
            };
            let mut st = St::new()
                .ledger(&c.ledger)
                .args(["balance", "--format", "json"]);
            // A folder may bring the policies its ledgers name (an example of
            // another region, a variant of a shipped one).
            let own = dir.join("policies");
            if own.is_dir() {
                st = st.arg("--policy-dir").arg(&own);
            }
            let run = st.output();
            match serde_json::from_str(&run.stdout) {
                Ok(got) if !run.panicked() => compare(&name, &got, &c.want),
                _ => vec![format!(
                    "{name}: no JSON from balance (exit {:?}): {}",
                    run.exit, run.stderr
                )],
            }
        })
        .collect();
    (cases.len(), problems)
}
