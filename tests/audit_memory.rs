//! The audit's peak memory with large ledgers (docs/audit.md, "Cost"): one
//! larger than a batch is judged alone, after the ledgers before it are
//! written out, so an inbox of several costs about what the largest costs
//! alone; and a ledger's findings are worded and written a piece at a time, so
//! its output, however long, is never held whole.
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
/// each) of trainee `n` to `path`, an entry at a time; the first dated
/// `first`, the rest over the 1 900 days after it.
fn write_ledger(path: &Path, n: u32, entries: u32, first: chrono::NaiveDate) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    write!(
        f,
        "format = 1\nuid = \"{n:016}-00000000\"\n\n[trainee]\nname = \"Trainee {n}\"\n\
         id = \"T{n:06}\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n\
         certificate = 2031-02-07\nunit = \"Medicine\"\n\n[[service]]\n\
         from = 2025-10-03\npercent = 100\n"
    )
    .expect("written");
    for id in 1..=entries {
        let date = first + chrono::Days::new(u64::from(id % 1900));
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

/// Runs st-budget with `args` (exit 0 or 1), its output into the file `out`;
/// the peak of every child so far.
fn peak_of(args: &[&str], out: &Path) -> i64 {
    let status = St::new()
        .args(args)
        .command()
        .stdout(std::fs::File::create(out).expect("created"))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run st-budget");
    assert!(matches!(status.code(), Some(0 | 1)), "{args:?}: {status}");
    children_peak_kib()
}

/// Every ledger of the audit in `out` was read and judged; their findings.
fn judged(out: &Path) -> Vec<usize> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out).expect("read")).expect("JSON");
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert!(ledgers.iter().all(|l| l["totals"].is_object()), "{v}");
    let findings = |l: &serde_json::Value| l["findings"].as_array().map_or(0, Vec::len);
    ledgers.iter().map(findings).collect()
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// One test, in two steps in this order: the peak read is the largest of every
/// child so far, so the step whose children peak lower comes first.
#[test]
fn the_audit_holds_no_more_than_one_large_ledger_and_never_its_output() {
    let outs = tempfile::tempdir().expect("dir");
    let out = |name: &str| outs.path().join(name);

    // A ledger whose entries are mostly outside the ST: a finding on almost
    // every one, megabytes of output. The audit's peak, in every format, is
    // what judging it takes (`balance`), not that plus its findings in words
    // and its output (2.4 times `balance` before).
    let many = tempfile::tempdir().expect("dir");
    let ledger = many.path().join("a.toml");
    write_ledger(&ledger, 9, 40_000, day(2015, 1, 1));
    let ledger = ledger.to_str().expect("path");
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
    assert!(
        audits * 10 <= judging * 12,
        "the audits peaked at {audits} KiB, balance at {judging} KiB"
    );

    // Three ledgers larger than a batch: each judged alone.
    let one = tempfile::tempdir().expect("dir");
    let three = tempfile::tempdir().expect("dir");
    for (n, name) in (1..).zip(["a.toml", "b.toml", "c.toml"]) {
        write_ledger(&three.path().join(name), n, 40_000, day(2025, 10, 3));
    }
    std::fs::copy(three.path().join("a.toml"), one.path().join("a.toml")).expect("copied");
    // Each is over the 4 MiB of a batch.
    let size = std::fs::metadata(one.path().join("a.toml"))
        .expect("size")
        .len();
    assert!(size > 4 * 1024 * 1024, "{size}");
    let json = |dir: &Path, name: &str| {
        let dir = dir.to_str().expect("path").to_string();
        peak_of(&["audit", "--format", "json", &dir], &out(name))
    };
    let alone = json(one.path(), "one.json");
    let together = json(three.path(), "three.json");
    assert_eq!(judged(&out("one.json")).len(), 1);
    assert_eq!(judged(&out("three.json")).len(), 3);
    // Judged two at a time (one per thread) beside the one being written out,
    // three such ledgers took 1.9 times one alone in a release build, 1.35
    // times in this debug one.
    assert!(
        together * 10 <= alone * 12,
        "three large ledgers peaked at {together} KiB, one alone at {alone} KiB"
    );
}
