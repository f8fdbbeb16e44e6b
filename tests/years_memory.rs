//! The audit's peak memory when every ledger names a unit of its own with a
//! name of 200 characters of four bytes each, and has a period in each of 77
//! calendar years (an ST begun in 1950, still open): 77 sums per unit and
//! year per ledger. The sums are held in memory up to 4 MiB, then written to
//! runs on disk and merged as they are written out (docs/audit.md, "Cost").
//! A test binary of its own (see `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use common::memory::{long, peak_of, write_inbox_dated};

const LEDGERS: usize = 3_000;

#[test]
fn the_sums_of_units_of_their_own_over_77_years_are_held_in_bounded_memory() {
    let inbox = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    write_inbox_dated(inbox.path(), LEDGERS, "1974-03-02", |i| {
        let t = long(i);
        format!(
            "name = \"{t}\"\nid = \"{t}\"\npolicy = \"kronoberg\"\n\
             start = 1950-01-01\nunit = \"{t}\"\n"
        )
    });
    let dir = inbox.path().to_str().expect("path");
    let json = outs.path().join("inbox.json");
    let peak = peak_of(&["audit", "--format", "json", dir], &json);
    let csv = outs.path().join("units.csv");
    let peak = peak.max(peak_of(
        &["audit", "--format", "csv", "--by-unit", dir],
        &csv,
    ));
    // A row per unit and year, in order: every unit from 1950 to 2026 (the
    // test's today), one trainee each, the book in 1974.
    let csv = std::fs::read_to_string(&csv).expect("read");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), LEDGERS * 77);
    for (i, unit) in rows.chunks(77).enumerate() {
        for (k, row) in unit.iter().enumerate() {
            let year = 1950 + k;
            let money = if year == 1974 { "250.00" } else { "0.00" };
            let expected = format!("{},{year},1,{money},0.00,0.00,0.00,", long(i));
            assert_eq!(*row, expected, "unit {i}, year {year}");
        }
    }
    // The JSON's summary has the same sums.
    let json = std::fs::read_to_string(&json).expect("read");
    let audit: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let units = audit["summary"]["units"].as_array().expect("units");
    assert_eq!(units.len(), LEDGERS * 77);
    assert_eq!(units[24]["unit"], long(0));
    assert_eq!(units[24]["year"], 1974);
    assert_eq!(units[24]["payers"]["budget"], "250.00");
    // Held in memory, the sums of this inbox took 94 040 KiB as JSON (cf9d714,
    // a release build); in runs on disk 25 016 (a debug build: 34 808).
    assert!(peak < 48_000, "{LEDGERS} ledgers peaked at {peak} KiB");
}
