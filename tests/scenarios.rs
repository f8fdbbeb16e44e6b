//! The public acceptance scenarios, compared as `check.py` compares them: the
//! payers of each entry (unnamed payers 0.00), periods by `from`, caps by `ref`,
//! totals, `refs` among the entry's findings, `verdict`.

mod common;

use common::{assert_case, cases_in, root};

fn dir() -> std::path::PathBuf {
    root().join("tests/scenarios")
}

#[test]
fn kronoberg_basic() {
    assert_case(&dir(), "kronoberg-basic");
}

#[test]
fn vgr_basic() {
    assert_case(&dir(), "vgr-basic");
}

#[test]
fn vgr_prorated_plus() {
    assert_case(&dir(), "vgr-prorated-plus");
}

/// A scenario dropped into the folder is run by a test above, not forgotten.
#[test]
fn every_scenario_has_a_test() {
    let names: Vec<String> = cases_in(&dir()).into_iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        ["kronoberg-basic", "vgr-basic", "vgr-prorated-plus"],
        "add a #[test] for each new scenario"
    );
}

/// The comparison itself finds a wrong figure, a missing ref and a wrong verdict,
/// so a passing scenario means something.
#[test]
fn the_comparison_notices_differences() {
    let got = common::balance_json(&dir().join("kronoberg-basic.toml"), &[]);
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
    let problems = common::compare("probe", &got, &want);
    assert_eq!(problems.len(), 7, "{problems:#?}");
}
