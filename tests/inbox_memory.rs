//! The audit's peak memory with many small ledgers (docs/audit.md, "Cost"):
//! what it keeps of each ledger to its end (its path, its identity packed,
//! the duplicate check's word on it, its lapse) is a few hundred bytes, and
//! the room for kept texts shrinks as the ledgers grow in number, so that an
//! inbox of tens of thousands stays far under 64 MB. A test binary of its own
//! (see `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use common::memory::{peak_of, write_inbox};

/// Ledgers in the inbox: every one a namesake of five others under other
/// ids (a warning each names), every one with money that lapses this year.
const LEDGERS: usize = 30_000;

#[test]
fn many_small_ledgers_are_audited_in_bounded_memory() {
    let inbox = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    write_inbox(inbox.path(), LEDGERS, |i| {
        format!(
            "name = \"Trainee {}\"\nid = \"T{i:06}\"\npolicy = \"kronoberg\"\n\
             start = 2021-06-07\ncertificate = 2026-12-31\nunit = \"Medicine\"\n",
            i % (LEDGERS / 6)
        )
    });
    let out = outs.path().join("inbox.json");
    let dir = inbox.path().to_str().expect("path");
    let peak = peak_of(&["audit", "--format", "json", dir], &out);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("JSON");
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert_eq!(ledgers.len(), LEDGERS);
    let named = |l: &serde_json::Value| {
        (l["findings"].as_array().expect("findings").iter())
            .any(|f| f["rule"] == "possible-duplicate")
    };
    assert!(ledgers.iter().all(named));
    assert_eq!(
        v["summary"]["lapsing"].as_array().map(Vec::len),
        Some(LEDGERS)
    );
    // Before (ba91c5d) about 1.3 KiB a ledger was kept, and the room for
    // kept texts stayed 24 MiB whatever their number: this inbox took
    // 53 424 KiB in a release build (f683e47: 57 340); now 28 524, and
    // 36 884 in a debug build.
    assert!(
        peak < 45_000,
        "{LEDGERS} small ledgers peaked at {peak} KiB"
    );
}
