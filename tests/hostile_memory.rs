//! Files of the legal maximum size (16 MiB) that are valid TOML but that no
//! ledger is, built to make a reader hold much more than the file: a table of
//! two million keys, 200 000 entries in one inline array, one line of eight
//! million dotted keys. The audit refuses each, in words, on a line and
//! column, and stays under 64 MB (docs/input-errors.md): before the reader's
//! bounds (`stream::MAX_KEYS`, `stream::MAX_TOKENS`) they took 283, 201 and
//! 680 MiB. A test binary of its own (see `common::memory`).
#![cfg(target_os = "linux")]

mod common;

use std::io::Write as _;
use std::path::Path;

use common::memory::peak_exiting;

/// Just under the largest ledger st-budget reads.
const SIZE: usize = 16 * 1024 * 1024 - 1024;

const HEAD: &str = "format = 1\n";
const TRAINEE: &str = "[trainee]\nname = \"H\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n";

/// Writes `head`, then `line(i)` for i = 0, 1, … while the file stays under
/// [`SIZE`] with `tail` after them, then `tail`.
fn write(path: &Path, head: &str, line: impl Fn(usize) -> String, tail: &str) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    f.write_all(head.as_bytes()).expect("written");
    let mut size = head.len() + tail.len();
    for i in 0.. {
        let l = line(i);
        if size + l.len() > SIZE {
            break;
        }
        size += l.len();
        f.write_all(l.as_bytes()).expect("written");
    }
    f.write_all(tail.as_bytes()).expect("written");
    f.flush().expect("written");
}

#[test]
fn hostile_files_are_refused_in_bounded_memory() {
    let root = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    let inbox = |name: &str| {
        let dir = root.path().join(name);
        std::fs::create_dir(&dir).expect("dir");
        dir.join("a.toml")
    };
    let keys = inbox("keys");
    write(
        &keys,
        &format!("{HEAD}{TRAINEE}[x]\n"),
        |i| format!("k{i}=1\n"),
        "",
    );
    let inline = inbox("inline");
    write(
        &inline,
        &format!("{HEAD}entry = [\n"),
        |i| {
            format!(
                "{{id={},date=2025-10-04,kind=\"other\",description=\"x\",amount=\"1\"}},\n",
                i + 1
            )
        },
        &format!("]\n{TRAINEE}"),
    );
    let dotted = inbox("dotted");
    write(&dotted, HEAD, |_| "a.".to_string(), "a = 1\n");
    for path in [&keys, &inline, &dotted] {
        let size = std::fs::metadata(path).expect("size").len();
        assert!(size > 16 * 1024 * 1024 - 2048, "{size}");
    }
    let mut peak = 0;
    for (name, file) in [("keys", &keys), ("inline", &inline), ("dotted", &dotted)] {
        let dir = file.parent().and_then(Path::to_str).expect("path");
        let out = outs.path().join(format!("{name}.json"));
        peak = peak_exiting(&["audit", "--format", "json", dir], &out, &[2]);
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("JSON");
        let error = v["ledgers"][0]["error"].as_str().expect("an error");
        let (at, message) = match name {
            "keys" => (
                ":16384:1: ",
                "too many keys to read: more than 8,192 in the tables at once",
            ),
            "inline" => (
                ":2:1: ",
                "a key and its value too long to read: more than 262,144 parts \
                 (keys, values, punctuation)",
            ),
            _ => (
                ":2:1: ",
                "a key and its value too long to read: more than 262,144 parts \
                 (keys, values, punctuation)",
            ),
        };
        let file = file.to_str().expect("path");
        assert_eq!(error, format!("{file}{at}{message}"), "{name}");
        assert!(v["ledgers"][0]["hint"].is_string(), "{name}");
    }
    // The peak of the three: 64 MB is 62 500 KiB. (Each takes about 30 MiB
    // in a release build: the text and what the reader holds of it.)
    assert!(peak < 62_500, "a hostile file peaked at {peak} KiB");
}

/// Ledgers whose trainee name is most of 16 MiB, valid TOML otherwise: each
/// is an unreadable row (no name is longer than 200 characters), in every
/// format, and the audit stays under 64 MB. Before the bound (2026-12-03),
/// five such ledgers took 108 MB as JSON and 158 MB as the table: the name,
/// its key for the duplicate check and their copies, per ledger.
#[test]
fn ledgers_with_names_of_sixteen_mebibytes_are_refused_in_bounded_memory() {
    let root = tempfile::tempdir().expect("dir");
    let outs = tempfile::tempdir().expect("dir");
    let inbox = root.path().join("names");
    std::fs::create_dir(&inbox).expect("dir");
    let name = "Anna ".repeat((SIZE - 200) / 5);
    for i in 0..6 {
        let text = format!(
            "{HEAD}uid = \"u{i}\"\n\n[trainee]\nname = \"{name}\"\npolicy = \"kronoberg\"\nstart = 2025-10-03\n"
        );
        std::fs::write(inbox.join(format!("{i}.toml")), text).expect("written");
    }
    let dir = inbox.to_str().expect("path");
    // The count as the messages write it: 16,775,990.
    let digits = name.chars().count().to_string();
    let mut count = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            count.push(',');
        }
        count.push(c);
    }
    let mut peak = 0;
    for format in ["json", "table", "csv"] {
        let out = outs.path().join(format!("names.{format}"));
        peak = peak.max(peak_exiting(
            &["audit", "--format", format, dir],
            &out,
            &[2],
        ));
        if format == "json" {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("JSON");
            let rows = v["ledgers"].as_array().expect("rows");
            assert_eq!(rows.len(), 6);
            for row in rows {
                let error = row["error"].as_str().expect("an error");
                let want = format!(":5:8: `name` may be at most 200 characters, but is {count}");
                assert!(error.ends_with(&want), "{error}");
            }
        }
    }
    assert!(peak < 62_500, "an inbox of long names peaked at {peak} KiB");
}
