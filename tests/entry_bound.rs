//! A ledger holds at most 100 000 entries (`ledger::MAX_ENTRIES`): a ledger
//! with one more is refused where that entry starts, in both languages, and
//! `add` to a ledger that holds as many refuses before it asks or writes
//! anything (docs/input-errors.md).

mod common;

use std::io::Write as _;
use std::path::Path;

use common::St;

/// Writes a ledger of `entries` of the shortest entries, as tightly as TOML
/// allows; line 15 is the first `[[entry]]`, each entry six lines.
fn write_tight(path: &Path, entries: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    write!(
        f,
        "format = 1\n\n[trainee]\nname = \"Many\"\npolicy = \"kronoberg\"\n\
         start = 2025-10-03\ncertificate = 2031-02-07\n\n[[service]]\n\
         from = 2025-10-03\npercent = 100\n\n\n"
    )
    .expect("written");
    let first = chrono::NaiveDate::from_ymd_opt(2025, 10, 4).expect("day");
    for id in 1..=entries {
        let date = first + chrono::Days::new(id as u64 % 1900);
        write!(
            f,
            "[[entry]]\nid={id}\ndate={date}\nkind=\"literature\"\ndescription=\"x\"\namount=\"1\"\n"
        )
        .expect("written");
    }
    f.flush().expect("written");
}

/// The line of the `[[entry]]` header of entry `n` (1-based).
fn header_line(n: usize) -> usize {
    14 + (n - 1) * 6
}

#[test]
fn a_ledger_of_more_than_the_most_entries_is_refused_where_the_one_too_many_starts() {
    let dir = tempfile::tempdir().expect("dir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("dir");
    let path = inbox.join("many.toml");
    write_tight(&path, 100_001);
    let shown = path.to_str().expect("path");
    let line = header_line(100_001);
    St::new()
        .ledger(&path)
        .arg("balance")
        .run()
        .code(2)
        .stderr_is(format!(
            "error: {shown}:{line}:1: more than 100,000 entries in one ledger\n\
             hint: no trainee's ledger holds that many (five years of an entry a day is \
             under 2,000); is the file a ledger st-budget wrote?\n"
        ));
    St::new()
        .ledger(&path)
        .lang("sv")
        .arg("balance")
        .run()
        .code(2)
        .stderr_is(format!(
            "fel: {shown}:{line}:1: fler än 100\u{a0}000 poster i en liggare\n\
             tips: ingen ST-läkares liggare har så många (fem år med en post om dagen är \
             under 2\u{a0}000); är filen en liggare som st-budget skrev?\n"
        ));
    // The audit reads it as a file it cannot read, and says why.
    let run = St::new()
        .args(["audit", "--format", "json"])
        .arg(&inbox)
        .run()
        .code(2);
    let v = run.json();
    assert_eq!(
        v["ledgers"][0]["error"],
        format!("{shown}:{line}:1: more than 100,000 entries in one ledger").as_str()
    );
    assert_eq!(v["summary"]["unreadable"], 1);
}

#[test]
fn a_ledger_of_the_most_entries_reads_and_add_refuses_one_more_without_writing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("full.toml");
    write_tight(&path, 100_000);
    let before = std::fs::read(&path).expect("read");
    let v = St::new()
        .ledger(&path)
        .args(["list", "--format", "json"])
        .run()
        .success()
        .json();
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(100_000));
    let add = [
        "add",
        "book",
        "--date",
        "2026-01-10",
        "--amount",
        "100",
        "--description",
        "Läkemedelsboken",
    ];
    St::new()
        .ledger(&path)
        .args(add)
        .run()
        .code(2)
        .stderr_is(format!(
            "error: {}: the ledger already holds 100,000 entries, as many as a ledger may: \
             nothing was written\n\
             hint: no trainee's ledger holds that many (five years of an entry a day is \
             under 2,000); is it the right file?\n",
            path.display()
        ));
    St::new()
        .ledger(&path)
        .lang("sv")
        .args(add)
        .run()
        .code(2)
        .stderr_is(format!(
            "fel: {}: liggaren har redan 100\u{a0}000 poster, så många som en liggare rymmer: \
             inget skrevs\n\
             tips: ingen ST-läkares liggare har så många (fem år med en post om dagen är \
             under 2\u{a0}000); är det rätt fil?\n",
            path.display()
        ));
    assert!(
        std::fs::read(&path).expect("read") == before,
        "the ledger changed"
    );
}
