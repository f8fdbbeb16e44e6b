//! Peak memory of st-budget's runs, for the tests that hold it to a bound
//! (`tests/audit_memory.rs`, `tests/output_memory.rs`): the peak of a child is
//! read from `getrusage(RUSAGE_CHILDREN)`, the largest of every child this
//! process has waited for, so each such test is a test binary of its own, with
//! its children run in the order their peaks are compared, and nothing of
//! their output read until the last has run. Linux also counts a child's peak
//! from this process's own memory when it was started, so this process stays
//! small: ledgers are written an entry at a time, outputs go to files.

use std::io::Write as _;
use std::path::Path;

use nix::sys::resource::{UsageWho, getrusage};

use super::St;

/// Writes a ledger of `entries` courses, books and trips (about 140 bytes
/// each) of trainee `n` to `path`, an entry at a time; the first dated
/// `first`, the rest over the 1 900 days after it.
pub fn write_ledger(path: &Path, n: u32, entries: u32, first: chrono::NaiveDate) {
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

/// Writes an inbox of `ledgers` ledgers of one book each (250.00, attended,
/// 2026-03-02), a thousand to a folder (`00/t000000.toml` …), the
/// `[trainee]` table of ledger `i` the lines `trainee(i)` gives.
pub fn write_inbox(dir: &Path, ledgers: usize, trainee: impl Fn(usize) -> String) {
    write_inbox_dated(dir, ledgers, "2026-03-02", trainee);
}

/// A text of 200 characters, 794 bytes, of ledger `i` alone: a trainee's
/// name, id or unit as long as a ledger allows.
pub fn long(i: usize) -> String {
    format!("{}{i:06}", "𝔄".repeat(194))
}

/// [`write_inbox`], the book bought on `date`.
pub fn write_inbox_dated(
    dir: &Path,
    ledgers: usize,
    date: &str,
    trainee: impl Fn(usize) -> String,
) {
    for i in 0..ledgers {
        let folder = dir.join(format!("{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir(&folder).expect("dir");
        }
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(folder.join(format!("t{i:06}.toml"))).expect("created"),
        );
        write!(
            f,
            "format = 1\nuid = \"{i:016}-00000000\"\n\n[trainee]\n{}\n[[entry]]\nid = 1\n\
             date = {date}\nkind = \"literature\"\ndescription = \"Book\"\n\
             amount = \"250.00\"\nstatus = \"attended\"\n",
            trainee(i)
        )
        .expect("written");
        f.flush().expect("written");
    }
}

/// The largest peak resident memory (KiB) of every child waited for so far.
fn children_peak_kib() -> i64 {
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage")
        .max_rss()
}

/// Runs st-budget with `args` (exit 0 or 1), its output into the file `out`;
/// the peak of every child so far.
pub fn peak_of(args: &[&str], out: &Path) -> i64 {
    peak_exiting(args, out, &[0, 1])
}

/// [`peak_of`], for a run that exits with one of `codes`.
pub fn peak_exiting(args: &[&str], out: &Path, codes: &[i32]) -> i64 {
    let status = St::new()
        .args(args)
        .command()
        .stdout(std::fs::File::create(out).expect("created"))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run st-budget");
    assert!(
        status.code().is_some_and(|c| codes.contains(&c)),
        "{args:?}: {status}"
    );
    children_peak_kib()
}

/// Every ledger of the audit in `out` was read and judged; their findings.
pub fn judged(out: &Path) -> Vec<usize> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out).expect("read")).expect("JSON");
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert!(ledgers.iter().all(|l| l["totals"].is_object()), "{v}");
    let findings = |l: &serde_json::Value| l["findings"].as_array().map_or(0, Vec::len);
    ledgers.iter().map(findings).collect()
}

pub fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}
