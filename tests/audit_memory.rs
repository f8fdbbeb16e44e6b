//! The audit's peak memory with ledgers larger than a batch (docs/audit.md,
//! "Cost"): each is judged alone, after the ledgers before it are written
//! out, so an inbox of several costs about what one costs alone, not one per
//! thread beside the one being written out. A test binary of its own (see
//! `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use common::memory::{day, judged, peak_of, write_ledger};

#[test]
fn large_ledgers_are_judged_one_at_a_time() {
    let one = tempfile::tempdir().expect("dir");
    let three = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    let out = |name: &str| outs.path().join(name);
    for (n, name) in (1..).zip(["a.toml", "b.toml", "c.toml"]) {
        write_ledger(&three.path().join(name), n, 40_000, day(2025, 10, 3));
    }
    std::fs::copy(three.path().join("a.toml"), one.path().join("a.toml")).expect("copied");
    // Each is over the 4 MiB of a batch.
    let size = std::fs::metadata(one.path().join("a.toml"))
        .expect("size")
        .len();
    assert!(size > 4 * 1024 * 1024, "{size}");
    let json = |dir: &std::path::Path, name: &str| {
        let dir = dir.to_str().expect("path").to_string();
        peak_of(&["audit", "--format", "json", &dir], &out(name))
    };
    // The one alone first: the peak read is the largest so far.
    let alone = json(one.path(), "one.json");
    let together = json(three.path(), "three.json");
    assert_eq!(judged(&out("one.json")).len(), 1);
    assert_eq!(judged(&out("three.json")).len(), 3);
    // Judged two at a time (one per thread) beside the one being written out,
    // three such ledgers took 1.8 times one alone in this debug build (66.5
    // against 37.0 MiB); judged alone, 1.24 times (the allocator keeps some
    // of each ledger's room).
    assert!(
        together * 10 <= alone * 15,
        "three large ledgers peaked at {together} KiB, one alone at {alone} KiB"
    );
}
