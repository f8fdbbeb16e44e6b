//! The audit's peak memory when every ledger names a unit of its own, with a
//! name, id and unit of 200 characters of four bytes each, over a programme of
//! eleven calendar years: a unit's name is held once for all its years, the
//! director's table holds its rows' cells in a spool, not in memory, and the
//! tables per unit and year (on the terminal and the page) are written a
//! piece at a time (docs/audit.md, "Cost"). A test binary of its own (see `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use common::memory::{long, peak_of, write_inbox};

const LEDGERS: usize = 8_000;

#[test]
fn ledgers_of_units_of_their_own_with_long_names_are_tabled_and_paged_in_bounded_memory() {
    let inbox = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    write_inbox(inbox.path(), LEDGERS, |i| {
        let t = long(i);
        format!(
            "name = \"{t}\"\nid = \"{t}\"\npolicy = \"kronoberg\"\n\
             start = 2021-06-07\ncertificate = 2031-12-31\nunit = \"{t}\"\n"
        )
    });
    let out = outs.path().join("inbox.txt");
    let dir = inbox.path().to_str().expect("path");
    let peak = peak_of(&["audit", "--by-unit", dir], &out);
    let page = outs.path().join("page.html");
    let json = outs.path().join("inbox.json");
    let html = page.to_str().expect("path");
    let peak = peak.max(peak_of(
        &["audit", "--format", "json", "--html", html, dir],
        &json,
    ));
    let text = std::fs::read_to_string(&out).expect("read");
    // The page has a row per unit and year: one of 2031 for each unit.
    let page = std::fs::read_to_string(&page).expect("read");
    assert_eq!(page.matches("<td class=\"num\">2031</td>").count(), LEDGERS);
    // A row per ledger in path order, its trainee's name wrapped within 100
    // columns (its findings after the table start with the path and a colon).
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(".toml  ")).collect();
    assert_eq!(rows.len(), LEDGERS);
    for (i, row) in rows.iter().enumerate() {
        assert!(
            row.starts_with(&format!("{:02}/t{i:06}.toml  𝔄𝔄𝔄", i / 1000))
                && row.ends_with("unsealed   109,750.00    0     2"),
            "row {i}: {row}"
        );
    }
    // The table per unit and year after it (laid out as comfy-table lays
    // the whole of it, tested in render::table), and every ledger counted.
    let units = text.find("Unit by rule").expect("the table per unit");
    assert!(
        units
            > text
                .find(&format!("07/t{:06}.toml  ", LEDGERS - 1))
                .expect("row")
    );
    assert!(text.contains("8000 ledgers: 8000 audited, 0 unreadable; 0 sealed, 8000 unsealed"));
    // Before (c8d7660) each year of a unit held the unit's name, the table
    // every row's cells, comfy-table the whole table per unit and year, and
    // the page its rows as one text: this inbox took 777 792 KiB in a
    // release build (the page 288 244); now 61 756 (61 448).
    assert!(peak < 80_000, "{LEDGERS} ledgers peaked at {peak} KiB");
}
