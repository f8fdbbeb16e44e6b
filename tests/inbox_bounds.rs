//! The bounds of one audit (docs/audit.md, "Cost"): at most 50 000 files and
//! folders, their paths at most 8 MB together. What the audit keeps of each
//! ledger until its end then fits in 64 MB whatever the inbox holds; a larger
//! inbox is refused before any ledger is read, in both languages, with the
//! way out, and the director's register is left as it was.

mod common;

use std::path::Path;

use common::{St, root};

/// Empty files named `n00000.txt` … in `dir`, from `from` up to `to`: paths
/// the walk looks at (and skips) without reading them.
fn others(dir: &Path, from: usize, to: usize) {
    for i in from..to {
        std::fs::File::create(dir.join(format!("n{i:05}.txt"))).expect("created");
    }
}

fn audit(dir: &Path, register: &Path, lang: &str) -> common::Run {
    St::new()
        .lang(lang)
        .args(["audit", "--format", "json", "--policy-dir"])
        .arg(root().join("examples/policies"))
        .arg("--register")
        .arg(register)
        .arg(dir)
        .run()
}

#[test]
fn an_inbox_of_more_than_50_000_paths_is_refused_before_any_ledger_is_read() {
    let tmp = tempfile::tempdir().expect("dir");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).expect("made");
    std::fs::copy(
        root().join("examples/kronoberg-anna.toml"),
        inbox.join("anna.toml"),
    )
    .expect("copied");
    // The folder, the ledger and 49 998 other files: 50 000 paths.
    others(&inbox, 0, 49_998);
    let register = tmp.path().join("register.toml");
    let run = audit(&inbox, &register, "en").code(0);
    let v = run.json();
    assert_eq!(v["ledgers"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["skipped"].as_array().map(Vec::len), Some(49_998));
    let before = std::fs::read(&register).expect("the register written");

    // One more: refused, nothing written, the register as it was.
    others(&inbox, 49_998, 49_999);
    let shown = inbox.display();
    audit(&inbox, &register, "en")
        .code(2)
        .stdout_is("")
        .stderr_is(format!(
            "error: {shown}: too many files for one audit: more than 50,000 files and folders\n\
             hint: audit one folder at a time, a clinic or a year say; one audit reads at most \
             50,000 files and folders, their paths at most 8 MB together\n"
        ));
    audit(&inbox, &register, "sv")
        .code(2)
        .stdout_is("")
        .stderr_is(format!(
            "fel: {shown}: för många filer för en granskning: fler än 50\u{a0}000 filer och mappar\n\
             tips: granska en mapp i taget, till exempel en klinik eller ett år; en granskning \
             läser högst 50\u{a0}000 filer och mappar, med sökvägar på högst 8 MB tillsammans\n"
        ));
    assert_eq!(std::fs::read(&register).expect("still there"), before);
}

#[test]
fn paths_longer_than_8_mb_together_are_refused() {
    let tmp = tempfile::tempdir().expect("dir");
    let inbox = tmp.path().join("inbox");
    // Folders within folders, each name 200 bytes: paths of about 4 000
    // bytes, 2 200 of them (8.8 MB).
    let mut deep = inbox.clone();
    for d in 0..19 {
        deep.push(format!("{d:02}{}", "a".repeat(198)));
    }
    std::fs::create_dir_all(&deep).expect("made");
    for i in 0..2_200 {
        let name = format!("{i:04}{}.toml", "b".repeat(190));
        std::fs::File::create(deep.join(name)).expect("created");
    }
    let register = tmp.path().join("register.toml");
    let shown = inbox.display();
    audit(&inbox, &register, "en")
        .code(2)
        .stdout_is("")
        .stderr_is(format!(
            "error: {shown}: paths too long for one audit: more than 8 MB together\n\
             hint: audit one folder at a time, a clinic or a year say; one audit reads at most \
             50,000 files and folders, their paths at most 8 MB together\n"
        ));
    audit(&inbox, &register, "sv")
        .code(2)
        .stderr_has("fel: ")
        .stderr_has(": för långa sökvägar för en granskning: mer än 8 MB tillsammans\n");
    assert!(!register.exists(), "no register made");
}
