//! The public acceptance scenarios, compared as `check.py` compares them: the
//! payers of each entry (unnamed payers 0.00), periods by `from`, caps by `ref`,
//! totals, `refs` among the entry's findings, `verdict`. Every `NAME.toml` with a
//! `NAME.expected.json` in `tests/scenarios/` is one; there is no list to keep.

mod common;

use common::expected::{compare, judge_all};
use common::{balance_json, root};

fn dir() -> std::path::PathBuf {
    root().join("tests/scenarios")
}

#[test]
fn every_scenario_gives_its_expected_result() {
    let (n, problems) = judge_all(&dir(), "");
    assert!(n >= 3, "the three public scenarios, found {n}");
    eprintln!("scenarios judged: {n}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The comparison itself finds a wrong figure, a missing ref and a wrong verdict,
/// so a passing scenario means something.
#[test]
fn the_comparison_notices_differences() {
    let got = balance_json(&dir().join("kronoberg-basic.toml"), &[]);
    let want = serde_json::json!({
        "entries": {
            "1": {"budget": "12000.01"},
            "4": {"central": "3500.00", "refs": ["K5"]},
            "8": {"self": "9000.00", "verdict": "ok"},
            "99": {}
        },
        "periods": [{"from": "2024-01-09", "budget": "0", "charged": "0", "remaining": "0"}],
        "caps": [{"ref": "K9", "limit": "5000.00", "used": "4999.99", "remaining": "0.00"}],
        "totals": {"self": "0.00"}
    });
    let problems = compare("probe", &got, &want);
    assert_eq!(problems.len(), 7, "{problems:#?}");
}
