//! One small ledger per rule and per edge case of DOMAIN.md, in
//! `tests/cases/<region>/NAME.toml` with the exact expected result beside it in
//! `NAME.expected.json` (the format of the acceptance scenarios; see
//! `common::compare` for the few additions).
//!
//! `every_policy_rule_is_load_bearing` proves the suite mechanical: for each
//! `[[rule]]` of each shipped policy it judges every ledger with a copy of the
//! policy that lacks that rule, and requires some expected figure, ref or verdict
//! to change. A rule no test notices missing fails the suite.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{assert_case, balance_json, cases_in, compare, root, st};

fn kronoberg() -> PathBuf {
    root().join("tests/cases/kronoberg")
}

fn vgr() -> PathBuf {
    root().join("tests/cases/vgr")
}

macro_rules! cases {
    ($dir:ident: $($test:ident = $name:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                assert_case(&$dir(), $name);
            }
        )+
        mod $dir {
            pub const NAMES: &[&str] = &[$($name),+];
        }
    };
}

cases! { kronoberg:
    k01_budget_then_unit = "k01-budget-then-unit",
    k02_linked_costs = "k02-linked-costs",
    k03_supervisor = "k03-supervisor",
    k04_central = "k04-central",
    k06_online = "k06-online",
    k07_study_circle = "k07-study-circle",
    k08_one_international_congress = "k08-one-international-congress",
    k09_cap_used_when_budget_is_empty = "k09-cap-used-when-budget-is-empty",
    k09_literature_cap = "k09-literature-cap",
    k10_other_use = "k10-other-use",
    k11_until_certificate = "k11-until-certificate",
    k12_double_specialisation = "k12-double-specialisation",
    k13_course_details = "k13-course-details",
    k14_date_order = "k14-date-order",
    k15_cancelled_and_service = "k15-cancelled-and-service",
}

cases! { vgr:
    v01_yearly_budget_and_kinds = "v01-yearly-budget-and-kinds",
    v02_linked_costs = "v02-linked-costs",
    v03_green_tick = "v03-green-tick",
    v04_not_in_plus = "v04-not-in-plus",
    v04_plus_first = "v04-plus-first",
    v05_approval_and_overlaps = "v05-approval-and-overlaps",
    v06_v07_booking_and_travel = "v06-v07-booking-and-travel",
    v08_no_lodging_within_commute = "v08-no-lodging-within-commute",
    v09_chargebacks = "v09-chargebacks",
    v10_prorating = "v10-prorating",
    v11_outside_the_st = "v11-outside-the-st",
    v12_service_gap = "v12-service-gap",
    v13_no_service = "v13-no-service",
    v14_linked_costs_in_their_own_year = "v14-linked-costs-in-their-own-year",
}

/// A case file dropped into a folder without a test above is not silently skipped.
#[test]
fn every_case_file_has_a_test() {
    for (dir, names) in [(kronoberg(), kronoberg::NAMES), (vgr(), vgr::NAMES)] {
        let found: Vec<String> = cases_in(&dir).into_iter().map(|c| c.0).collect();
        assert_eq!(found, names, "cases in {}", dir.display());
    }
}

/// A shipped policy split into its text before the first rule and its rule blocks.
struct PolicyText {
    id: String,
    head: String,
    rules: Vec<String>,
}

fn policy_texts() -> Vec<PolicyText> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .expect("policies/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read policy");
            let mut parts = text.split("\n[[rule]]\n");
            let head = parts.next().expect("text before the rules").to_string();
            let rules: Vec<String> = parts.map(|r| format!("\n[[rule]]\n{r}")).collect();
            let id = field(&head, "id").expect("policy id");
            PolicyText { id, head, rules }
        })
        .collect()
}

/// The string value of the first `key = "…"` line of a TOML text.
fn field(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Every ledger with expectations (scenarios and cases) that names `policy`.
fn ledgers_for(policy: &str) -> Vec<(String, PathBuf, serde_json::Value)> {
    [root().join("tests/scenarios"), kronoberg(), vgr()]
        .iter()
        .flat_map(|d| cases_in(d))
        .filter(|(_, ledger, _)| {
            let text = std::fs::read_to_string(ledger).expect("read ledger");
            field(&text, "policy").as_deref() == Some(policy)
        })
        .collect()
}

/// The differences of every ledger of `policy` when judged with `file`; `Err`
/// with stderr when the policy is refused.
fn problems_with(file: &Path, policy: &str) -> Result<Vec<String>, String> {
    let out = st()
        .args(["policy", "check"])
        .arg(file)
        .output()
        .expect("run st-budget");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let flag = file.to_str().expect("utf-8 path");
    Ok(ledgers_for(policy)
        .iter()
        .flat_map(|(name, ledger, want)| {
            compare(name, &balance_json(ledger, &["--policy", flag]), want)
        })
        .collect())
}

#[test]
fn every_policy_rule_is_load_bearing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut refs = BTreeSet::new();
    let mut unnoticed = Vec::new();
    for p in policy_texts() {
        assert!(
            !ledgers_for(&p.id).is_empty(),
            "no test ledger for policy {}",
            p.id
        );
        // The copy with every rule judges exactly like the built-in policy.
        let whole = common::write(
            tmp.path(),
            &format!("{}-whole.toml", p.id),
            &format!("{}{}", p.head, p.rules.concat()),
        );
        assert_eq!(problems_with(&whole, &p.id), Ok(vec![]), "{}", p.id);
        for (i, rule) in p.rules.iter().enumerate() {
            let rule_id = field(rule, "id").expect("rule id");
            refs.insert(field(rule, "ref").expect("rule ref"));
            let others: String = p
                .rules
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, r)| r.as_str())
                .collect();
            let file = common::write(
                tmp.path(),
                &format!("{}-without-{rule_id}.toml", p.id),
                &format!("{}{others}", p.head),
            );
            match problems_with(&file, &p.id) {
                // Only the budget rule cannot be left out: a policy needs one.
                Err(stderr) => assert!(
                    stderr.contains("no rule of kind \"budget\""),
                    "{} without {rule_id} is refused: {stderr}",
                    p.id
                ),
                Ok(problems) if problems.is_empty() => {
                    unnoticed.push(format!("{}: {rule_id}", p.id));
                }
                Ok(_) => {}
            }
        }
    }
    assert!(
        unnoticed.is_empty(),
        "no test notices these rules missing: {unnoticed:?}"
    );
    let want: BTreeSet<String> = (1..=12)
        .map(|n| format!("K{n}"))
        .chain((1..=9).map(|n| format!("V{n}")))
        .collect();
    assert_eq!(
        refs, want,
        "the shipped policies implement K1–K12 and V1–V9"
    );
}
