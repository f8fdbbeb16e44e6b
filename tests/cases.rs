//! One small ledger per rule and per edge case of DOMAIN.md, in
//! `tests/cases/<region>/NAME.toml` with the exact expected result beside it in
//! `NAME.expected.json` (the format of the acceptance scenarios; see
//! `common::expected::compare` for the few additions). Every such pair in every region's
//! folder is a case: there is no list to keep, and a ledger without its expected
//! file (or the other way round) fails.
//!
//! `every_policy_rule_is_load_bearing` proves the suite mechanical: for each
//! `[[rule]]` of each shipped policy it judges every ledger with a copy of the
//! policy that lacks that rule, and requires some expected figure, ref or verdict
//! to change. A rule no test notices missing fails the suite.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::expected::{Expected, cases_in, compare, judge_all};
use common::{St, balance_json, root};

/// The case folders, one per region: every `tests/cases/<region>/`.
fn regions() -> Vec<(String, PathBuf)> {
    let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    dirs.sort();
    dirs
}

/// Every case of every region, each judged on its own; the failure lists every
/// difference of every case by `region/name`.
#[test]
fn every_case_gives_its_expected_result() {
    let mut problems = Vec::new();
    let mut counts = Vec::new();
    for (region, dir) in regions() {
        let (n, p) = judge_all(&dir, &region);
        assert!(n > 0, "tests/cases/{region}/ has no case");
        counts.push(format!("{region}: {n}"));
        problems.extend(p);
    }
    assert!(!counts.is_empty(), "tests/cases/ has no region");
    eprintln!("cases judged: {}", counts.join(", "));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A shipped policy split into its text before the first rule and its rule blocks.
struct PolicyText {
    id: String,
    head: String,
    rules: Vec<String>,
}

/// The policy files of a folder, sorted.
fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The case folders whose own policies (`policies/`) are examples of the
/// language, each rule of which a case must notice too. (vgr-strict's policy is
/// a copy of a shipped one, held to it by its own test instead.)
const EXAMPLES: &[&str] = &["kronoberg-at", "language", "over-time", "pools", "subjects"];

/// The shipped policies, then the examples'.
fn policy_texts() -> Vec<PolicyText> {
    let mut files = policy_files(&root().join("policies"));
    for example in EXAMPLES {
        files.extend(policy_files(
            &root().join("tests/cases").join(example).join("policies"),
        ));
    }
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

/// A rule's text with `id` taken out of its `overrides` list (and the list
/// taken out when nothing is left in it).
fn without_override(rule: &str, id: &str) -> String {
    rule.lines()
        .filter_map(|l| {
            let Some(list) = l.strip_prefix("overrides = [") else {
                return Some(format!("{l}\n"));
            };
            let kept: Vec<&str> = list
                .trim_end_matches(']')
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty() && x.trim_matches('"') != id)
                .collect();
            (!kept.is_empty()).then(|| format!("overrides = [{}]\n", kept.join(", ")))
        })
        .collect()
}

/// Every ledger with expectations (scenarios and cases) that names `policy`.
fn ledgers_for(policy: &str) -> Vec<Expected> {
    std::iter::once(root().join("tests/scenarios"))
        .chain(regions().into_iter().map(|(_, dir)| dir))
        .flat_map(|d| cases_in(&d))
        .filter(|c| {
            let text = std::fs::read_to_string(&c.ledger).expect("read ledger");
            field(&text, "policy").as_deref() == Some(policy)
        })
        .collect()
}

/// The differences of every ledger of `policy` when judged with `file`; `Err`
/// with stderr when the policy is refused.
fn problems_with(file: &Path, policy: &str) -> Result<Vec<String>, String> {
    let out = St::new().args(["policy", "check"]).arg(file).run();
    if out.exit != Some(0) {
        return Err(out.stderr);
    }
    let flag = file.to_str().expect("utf-8 path");
    Ok(ledgers_for(policy)
        .iter()
        .flat_map(|c| {
            compare(
                &c.name,
                &balance_json(&c.ledger, &["--policy", flag]),
                &c.want,
            )
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
            if ["kronoberg", "vgr-allmanmedicin"].contains(&p.id.as_str()) {
                refs.insert(field(rule, "ref").expect("rule ref"));
            }
            // The policy without the rule: no other rule may still name it.
            let others: String = p
                .rules
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, r)| without_override(r, &rule_id))
                .collect();
            let file = common::write(
                tmp.path(),
                &format!("{}-without-{rule_id}.toml", p.id),
                &format!("{}{others}", p.head),
            );
            // The main budget (the first) is the only rule that cannot be left
            // out: a policy needs one, and the next budget cannot simply take its place.
            let main = p
                .rules
                .iter()
                .position(|r| field(r, "kind").as_deref() == Some("budget"));
            match problems_with(&file, &p.id) {
                Err(stderr) => assert!(
                    main == Some(i)
                        && (stderr.contains("no rule of kind \"budget\"")
                            || stderr.contains("main budget")),
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
        .chain((1..=12).map(|n| format!("V{n}")))
        .collect();
    assert_eq!(
        refs, want,
        "the shipped policies implement K1–K12 and V1–V12"
    );
}

/// The strict practice of V10 is what a local office writes: the shipped VGR
/// policy with another id, name and version, and in the V10 rule another
/// deadline (with its title and message). Nothing else may drift.
#[test]
fn the_strict_vgr_policy_is_the_shipped_one_with_another_deadline() {
    use st_budget::policy::{Body, Deadline, parse};
    let read = |p: PathBuf| {
        let text = std::fs::read_to_string(&p).expect("read policy");
        parse(&p.display().to_string(), &text)
            .unwrap_or_else(|e| panic!("{e}"))
            .policy
    };
    let shipped = read(root().join("policies/vgr-allmanmedicin.toml"));
    let strict = read(root().join("tests/cases/vgr-strict/policies/vgr-allmanmedicin-strict.toml"));
    assert_eq!(strict.id, "vgr-allmanmedicin-strict");
    assert_eq!(shipped.rules.len(), strict.rules.len());
    let mut differing = Vec::new();
    for (a, b) in shipped.rules.iter().zip(&strict.rules) {
        let mut b = b.clone();
        b.line = a.line;
        if *a == b {
            continue;
        }
        differing.push(a.id.clone());
        let deadline = |body: &Body| match body {
            Body::Approval { deadline, .. } => *deadline,
            _ => None,
        };
        assert_eq!(deadline(&a.body), Some(Deadline::CancelBy), "{}", a.id);
        assert_eq!(deadline(&b.body), Some(Deadline::Applied), "{}", a.id);
        b.body = a.body.clone();
        b.title = a.title.clone();
        b.message = a.message.clone();
        assert_eq!(*a, b, "{} differs beyond its deadline", a.id);
    }
    assert_eq!(differing, ["v10-director-approves-in-time"]);
}
