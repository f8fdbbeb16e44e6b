//! The audit's peak memory with ledgers larger than a batch (docs/audit.md,
//! "Cost"): each is judged alone, after the ledgers before it are written out,
//! so an inbox of several large ledgers costs about what the largest costs
//! alone, not one of them per thread plus the one being written out.
//!
//! A test binary of its own: the peak is read from `getrusage(RUSAGE_CHILDREN)`,
//! the largest of every child this process has waited for, so no other test's
//! children may run beside it.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write as _;
use std::path::Path;

use common::St;
use nix::sys::resource::{UsageWho, getrusage};

/// Writes a ledger of `entries` courses, books and trips (about 140 bytes
/// each) of trainee `n` to `path`, an entry at a time.
fn write_ledger(path: &Path, n: u32, entries: u32) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    write!(
        f,
        "format = 1\nuid = \"{n:016}-00000000\"\n\n[trainee]\nname = \"Trainee {n}\"\n\
         id = \"T{n:06}\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n\
         certificate = 2031-02-07\nunit = \"Medicine\"\n\n[[service]]\n\
         from = 2025-10-03\npercent = 100\n"
    )
    .expect("written");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 10, 3).expect("date");
    for id in 1..=entries {
        let date = start + chrono::Days::new(u64::from(id % 1900));
        let (kind, extra) = match id % 3 {
            0 => (
                "course",
                "goal = \"c7\"\napprovals = { handledare = 2025-08-25 }\n",
            ),
            1 => ("literature", "status = \"attended\"\n"),
            _ => ("travel", "travel_mode = \"train\"\ndistance_km = 129\n"),
        };
        writeln!(
            f,
            "\n[[entry]]\nid = {id}\ndate = {date}\nkind = \"{kind}\"\n\
             description = \"Entry {id}\"\namount = \"{}.50\"\n{extra}",
            100 + id % 900
        )
        .expect("written");
    }
    f.flush().expect("written");
}

/// The largest peak resident memory (KiB) of every child waited for so far.
/// Linux counts a child's peak from the memory of this process when it was
/// started, so this process stays small while the children run: the ledgers
/// are written an entry at a time and the outputs go to files, read after.
fn children_peak_kib() -> i64 {
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage")
        .max_rss()
}

/// Audits `dir` as JSON into the file `out`; its peak so far.
fn audit(dir: &Path, out: &Path) -> i64 {
    let status = St::new()
        .args(["audit", "--format", "json"])
        .arg(dir)
        .command()
        .stdout(std::fs::File::create(out).expect("created"))
        .status()
        .expect("run st-budget");
    assert!(matches!(status.code(), Some(0 | 1)), "{status}");
    children_peak_kib()
}

/// Every ledger of the audit in `out` was read and judged.
fn judged(out: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out).expect("read")).expect("JSON");
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert!(ledgers.iter().all(|l| l["totals"].is_object()), "{v}");
    ledgers.len()
}

#[test]
fn large_ledgers_are_judged_one_at_a_time() {
    let one = tempfile::tempdir().expect("dir");
    let three = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    for (n, name) in (1..).zip(["a.toml", "b.toml", "c.toml"]) {
        write_ledger(&three.path().join(name), n, 40_000);
    }
    std::fs::copy(three.path().join("a.toml"), one.path().join("a.toml")).expect("copied");
    // Each is over the 4 MiB of a batch.
    let size = std::fs::metadata(one.path().join("a.toml"))
        .expect("size")
        .len();
    assert!(size > 4 * 1024 * 1024, "{size}");

    let alone = audit(one.path(), &outs.path().join("one.json"));
    let together = audit(three.path(), &outs.path().join("three.json"));
    assert_eq!(judged(&outs.path().join("one.json")), 1);
    assert_eq!(judged(&outs.path().join("three.json")), 3);
    // Judged two at a time (one per thread) beside the one being written out,
    // three such ledgers took 1.9 times one alone in a release build, 1.35
    // times in this debug one.
    assert!(
        together * 10 <= alone * 12,
        "three large ledgers peaked at {together} KiB, one alone at {alone} KiB"
    );
}
