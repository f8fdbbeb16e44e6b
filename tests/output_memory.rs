//! A ledger's output is written as it is put in words, never held whole
//! (docs/audit.md, "Cost"): the audit of a ledger with a finding on almost
//! every entry, megabytes of output, peaks at what judging it takes
//! (`balance`), in every format. A test binary of its own (see
//! `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use common::memory::{day, judged, peak_of, write_ledger};

#[test]
fn the_audit_of_a_ledger_with_many_findings_never_holds_its_output() {
    let many = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    let out = |name: &str| outs.path().join(name);
    // Entries mostly before the ST start: an error on almost every one.
    let ledger = many.path().join("a.toml");
    write_ledger(&ledger, 9, 40_000, day(2015, 1, 1));
    let ledger = ledger.to_str().expect("path");
    // `balance` first: the peak read is the largest so far.
    let judging = peak_of(&["--ledger", ledger, "balance"], &out("balance.txt"));
    let dir = many.path().to_str().expect("path");
    let mut audits = 0;
    for format in ["json", "csv", "table"] {
        let name = format!("many.{format}");
        audits = peak_of(&["audit", "--format", format, dir], &out(&name));
    }
    let found = judged(&out("many.json"));
    assert!(found[0] > 30_000, "{found:?}");
    assert!(std::fs::metadata(out("many.json")).expect("size").len() > 10_000_000);
    // Worded whole, then as JSON values, then as text: 2.4 times `balance`.
    assert!(
        audits * 10 <= judging * 12,
        "the audits peaked at {audits} KiB, balance at {judging} KiB"
    );
}
