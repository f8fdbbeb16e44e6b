//! Shared helpers of the integration tests: run the real binary on real files in
//! temporary directories, and compare its `balance --format json` with an
//! expected file the way the public acceptance script (`check.py`) does.
//!
//! Nothing here reads outside the crate: the scenarios and cases live in
//! `tests/scenarios/` and `tests/cases/`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;

/// The day every test takes as today, so that output never depends on the clock.
pub const TODAY: &str = "2026-11-22";

/// The crate's own directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test, with an environment that cannot leak in from the
/// developer's shell: no ledger from the environment, English, a fixed today.
pub fn st() -> Command {
    let mut c = Command::cargo_bin("st-budget").expect("the st-budget binary is built");
    c.env_remove("ST_BUDGET_LEDGER")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("ST_BUDGET_TODAY", TODAY);
    c
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}

/// `st-budget balance --ledger LEDGER --format json [extra…]`, parsed.
/// Panics with stderr when the command does not print JSON.
pub fn balance_json(ledger: &Path, extra: &[&str]) -> Value {
    let out = st()
        .arg("balance")
        .arg("--ledger")
        .arg(ledger)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run st-budget");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "no JSON from balance of {} (exit {:?}): {}",
            ledger.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

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
/// `severity` and, when given, the exact `message`).
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

/// Every `NAME.toml` with a `NAME.expected.json` beside it in `dir`, sorted.
pub fn cases_in(dir: &Path) -> Vec<(String, PathBuf, Value)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read case directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    files.sort();
    for expected in files {
        let file = expected
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let name = file.trim_end_matches(".expected.json").to_string();
        let ledger = expected.with_file_name(format!("{name}.toml"));
        assert!(ledger.is_file(), "{} has no ledger beside it", file);
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected).expect("read expected file"))
                .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        out.push((name, ledger, want));
    }
    out
}

/// Runs one case and panics with every difference.
pub fn assert_case(dir: &Path, name: &str) {
    let ledger = dir.join(format!("{name}.toml"));
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
            .expect("read expected file"),
    )
    .expect("expected file is JSON");
    let got = balance_json(&ledger, &[]);
    let problems = compare(name, &got, &want);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
