//! The director's audit against a hostile trainee (issue 10): one test per
//! attack class, each driving the real binary on files made in a temp dir
//! (FIFOs, odd names, symlinks, look-alike names, rewritten histories, hostile
//! shapes), asserting what the director would notice: rows, findings, exit
//! codes, times.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::St;
use serde_json::Value;
use tempfile::TempDir;

fn bin(dir: &Path) -> St {
    St::new().dir(dir)
}

fn ok(dir: &Path, ledger: &str, args: &[&str]) {
    bin(dir).ledger(ledger).args(args).run().success();
}

/// A working ledger `file` of `name` (with trainee id `id`, if any) with one
/// approved course, exported to `export`.
fn ledger(dir: &Path, file: &str, name: &str, id: Option<&str>, policy: &str) {
    let mut init = vec![
        "init",
        "--policy",
        policy,
        "--name",
        name,
        "--start",
        "2024-01-08",
    ];
    if let Some(id) = id {
        init.extend(["--id", id]);
    }
    ok(dir, file, &init);
    ok(
        dir,
        file,
        &[
            "add",
            "course",
            "--date",
            "2024-02-12",
            "--amount",
            "12000",
            "--description",
            "Klinisk farmakologi",
            "--goal",
            "c",
            "--approved-by",
            "handledare=2024-01-15",
        ],
    );
}

/// `export -o TO`, replacing an earlier export (without `--force`, which would
/// leave its lock file beside it, in the inbox).
fn export(dir: &Path, file: &str, to: &str) {
    let _ = fs::remove_file(dir.join(to));
    ok(dir, file, &["export", "-o", to]);
}

/// `audit ARGS --format json`: (exit code, output).
fn audit_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = bin(dir)
        .arg("audit")
        .args(args)
        .args(["--format", "json"])
        .run();
    (out.exit.expect("exit code"), out.json())
}

fn rules(l: &Value) -> Vec<String> {
    l["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect()
}

fn finding<'a>(l: &'a Value, rule: &str) -> &'a Value {
    l["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {l:#}"))
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).expect("read");
    let new = f(text.clone());
    assert_ne!(text, new, "the edit changed nothing");
    fs::write(path, new).expect("write");
}

/// The text sealed as `export` would seal it, by hand: a seal is an unkeyed
/// hash, which anyone can compute.
fn reseal(text: &str) -> String {
    let l = st_budget::ledger::parse("x.toml", text).expect("parses");
    let c = st_budget::ledger::seal::chain(&l);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    format!("{text}{}", st_budget::ledger::seal::render(&c, day))
}

// ------------------------------------------------------------ 1. data is data

#[test]
fn an_unterminated_escape_in_a_name_erases_nothing_from_the_csv() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    fs::create_dir(d.join("in")).expect("mkdir");
    ledger(d, "a.toml", "Eve \u{1b}]0;owned", None, "kronoberg");
    export(d, "a.toml", "in/a.toml");
    for name in ["Bo", "Cid", "Dag"] {
        ledger(d, &format!("{name}.toml"), name, None, "kronoberg");
        export(d, &format!("{name}.toml"), &format!("in/{name}.toml"));
    }
    let r = bin(d)
        .args(["audit", "in", "--format", "csv"])
        .run()
        .success();
    let rows: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(rows.len(), 5, "{}", r.stdout);
    // The name is written as it is: data to a pipe is the data.
    assert!(
        rows[4].starts_with("in/a.toml,ledger,Eve \u{1b}]0;owned,"),
        "{rows:?}"
    );
    for (row, name) in rows[1..4].iter().zip(["Bo", "Cid", "Dag"]) {
        assert!(
            row.starts_with(&format!("in/{name}.toml,ledger,{name},")),
            "{row}"
        );
    }
}

#[test]
fn json_to_a_pipe_keeps_every_character() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    let name = "Del\u{7f}ta \u{9b}2J \u{202e}x";
    ledger(d, "a.toml", name, None, "kronoberg");
    export(d, "a.toml", "e.toml");
    let (code, v) = audit_json(d, &["e.toml"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["trainee"]["name"], name);
    // A table is for a terminal: there, nothing can repaint the screen.
    let table = bin(d).args(["audit", "e.toml"]).run().success().stdout;
    assert!(
        table.contains("Del\\u{7f}ta \\u{9b}2J \\u{202e}x"),
        "{table}"
    );
}

#[test]
fn a_cell_starting_with_tab_or_cr_is_not_a_formula() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    // `init` trims a name; a ledger made by hand need not.
    for (file, name) in [
        ("a-e.toml", r#"\t=HYPERLINK(\"http://x\")"#),
        ("b-e.toml", r"\r=1+1"),
    ] {
        let text = format!(
            "format = 1\nuid = \"{file}\"\n[trainee]\nname = \"{name}\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n"
        );
        fs::write(d.join(file), reseal(&text)).expect("write");
    }
    let csv = bin(d)
        .args(["audit", "a-e.toml", "b-e.toml", "--format", "csv"])
        .run()
        .success()
        .stdout;
    assert!(
        csv.contains("a-e.toml,ledger,\"'\t=HYPERLINK(\"\"http://x\"\")\","),
        "{csv:?}"
    );
    assert!(csv.contains("b-e.toml,ledger,\"'\r=1+1\","), "{csv:?}");
}

// ------------------------------------------------------ 2. identity you keep

#[test]
fn export_gives_a_ledger_without_a_uid_one_and_says_so() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", None, "kronoberg");
    edit(&d.join("w.toml"), |s| {
        s.lines()
            .filter(|l| !l.starts_with("uid = "))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let r = bin(d)
        .ledger("w.toml")
        .args(["export", "-o", "e.toml"])
        .run()
        .success();
    assert!(
        r.stderr.contains("w.toml had no uid and was given "),
        "{}",
        r.stderr
    );
    let working = fs::read_to_string(d.join("w.toml")).expect("working");
    let uid = working
        .lines()
        .find_map(|l| l.strip_prefix("uid = "))
        .expect("a uid written into the working ledger");
    assert!(working.starts_with("# st-budget ledger"));
    let exported = fs::read_to_string(d.join("e.toml")).expect("export");
    assert!(exported.contains(&format!("uid = {uid}\n")));
    let (code, v) = audit_json(d, &["e.toml"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["status"], "sealed");
}

#[test]
fn a_sealed_ledger_whose_uid_was_deleted_is_a_warning_and_an_error_under_a_register() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", Some("KRO-1"), "kronoberg");
    let text: String = fs::read_to_string(d.join("w.toml"))
        .expect("working")
        .lines()
        .filter(|l| !l.starts_with("uid = "))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(d.join("e.toml"), reseal(&text)).expect("write");
    let (code, v) = audit_json(d, &["e.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["status"], "sealed");
    assert_eq!(finding(l, "missing-uid")["severity"], "warning");
    assert_eq!(finding(l, "missing-uid")["ref"], "integrity");
    let (code, v) = audit_json(d, &["e.toml", "--register", "reg.toml"]);
    assert_eq!(code, 1, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(finding(l, "missing-uid")["severity"], "error");
    assert_eq!(l["integrity"]["register"], "not-entered");
}

/// A registered trainee, then a fresh ledger of `name` with `id`: the audit's
/// word on the fresh one.
fn fresh_start(registered: (&str, Option<&str>), fresh: (&str, Option<&str>)) -> (i32, Value) {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "old.toml", registered.0, registered.1, "kronoberg");
    export(d, "old.toml", "old-e.toml");
    let (code, v) = audit_json(d, &["old-e.toml", "--register", "reg.toml"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["register"], "new");
    ledger(d, "new.toml", fresh.0, fresh.1, "kronoberg");
    export(d, "new.toml", "new-e.toml");
    let (code, v) = audit_json(d, &["new-e.toml", "--register", "reg.toml"]);
    (code, v["ledgers"][0].clone())
}

#[test]
fn a_fresh_ledger_under_a_slightly_different_id_is_the_known_trainee() {
    for id in ["KRO-01", "kro-1", "KRO 1", "КRO-1"] {
        let (code, l) = fresh_start(
            ("Anna Lindqvist", Some("KRO-1")),
            ("A. Lindqvist", Some(id)),
        );
        assert_eq!(code, 1, "{id}: {l:#}");
        assert_eq!(l["integrity"]["status"], "rewritten", "{id}");
        assert_eq!(l["integrity"]["register"], "fresh-ledger", "{id}");
        let f = finding(&l, "fresh-ledger");
        assert_eq!(f["ref"], "integrity");
        assert_eq!(f["severity"], "error");
        assert!(
            f["message"]
                .as_str()
                .expect("message")
                .contains("is known to the register under another ledger"),
            "{f:#}"
        );
    }
}

#[test]
fn a_look_alike_name_is_the_known_trainee_where_there_is_no_id() {
    // A Cyrillic а, a zero-width space, other case and spacing.
    for name in [
        "Аnna Lindqvist",
        "Anna Lind\u{200b}qvist",
        "ANNA  lindqvist",
    ] {
        let (code, l) = fresh_start(("Anna Lindqvist", None), (name, None));
        assert_eq!(code, 1, "{name}: {l:#}");
        assert_eq!(l["integrity"]["register"], "fresh-ledger", "{name}");
    }
    // An id on one side only: the name decides.
    let (code, l) = fresh_start(("Anna Lindqvist", None), ("Anna Lindqvist", Some("KRO-9")));
    assert_eq!(code, 1, "{l:#}");
    // Namesakes with other ids are two doctors, perhaps: a warning.
    let (code, l) = fresh_start(
        ("Anna Lindqvist", Some("KRO-1")),
        ("Anna Lindqvist", Some("KRO-2")),
    );
    assert_eq!(code, 0, "{l:#}");
    assert_eq!(l["integrity"]["register"], "new");
    assert_eq!(finding(&l, "possible-duplicate")["severity"], "warning");
}

#[test]
fn the_same_uid_or_trainee_in_two_files_is_an_error_on_both_without_a_register() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    fs::create_dir(d.join("in")).expect("mkdir");
    ledger(d, "a.toml", "Anna", Some("KRO-1"), "kronoberg");
    export(d, "a.toml", "in/a1.toml");
    export(d, "a.toml", "in/a2.toml");
    ledger(d, "b.toml", "Bo", Some("KRO-2"), "kronoberg");
    export(d, "b.toml", "in/b1.toml");
    ledger(d, "b2.toml", "Bo B", Some("kro-02"), "kronoberg");
    export(d, "b2.toml", "in/b2.toml");
    ledger(d, "c.toml", "Cia", Some("KRO-3"), "kronoberg");
    export(d, "c.toml", "in/c.toml");
    let (code, v) = audit_json(d, &["in"]);
    assert_eq!(code, 1, "{v:#}");
    let l = v["ledgers"].as_array().expect("ledgers");
    assert_eq!(rules(&l[0]), ["duplicate-uid"]);
    assert_eq!(rules(&l[1]), ["duplicate-uid"]);
    assert!(
        finding(&l[0], "duplicate-uid")["message"]
            .as_str()
            .expect("message")
            .contains("in/a2.toml")
    );
    assert_eq!(rules(&l[2]), ["duplicate-trainee"]);
    assert_eq!(rules(&l[3]), ["duplicate-trainee"]);
    assert!(rules(&l[4]).is_empty());
    assert_eq!(v["summary"]["errors"], 4);
    // Neither of two is the reference: the register learns neither.
    let (_, v) = audit_json(d, &["in", "--register", "reg.toml"]);
    assert_eq!(v["ledgers"][0]["integrity"]["register"], "not-entered");
    assert_eq!(v["ledgers"][4]["integrity"]["register"], "new");
    let reg = fs::read_to_string(d.join("reg.toml")).expect("register");
    assert_eq!(reg.matches("[[trainee]]").count(), 1, "{reg}");
}

#[test]
fn a_known_ledger_missing_from_the_inbox_is_listed_in_every_output() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "a.toml", "Anna", Some("KRO-1"), "kronoberg");
    export(d, "a.toml", "a-e.toml");
    ledger(d, "b.toml", "Bo", Some("KRO-2"), "kronoberg");
    export(d, "b.toml", "b-e.toml");
    audit_json(d, &["a-e.toml", "b-e.toml", "--register", "reg.toml"]);
    let (code, v) = audit_json(d, &["a-e.toml", "--register", "reg.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let m = &v["missing"][0];
    assert_eq!(v["missing"].as_array().expect("missing").len(), 1);
    assert_eq!(m["trainee"]["name"], "Bo");
    assert_eq!(m["trainee"]["id"], "KRO-2");
    assert_eq!(m["rule"], "missing-from-inbox");
    assert_eq!(m["ref"], "integrity");
    assert_eq!(m["severity"], "warning");
    assert_eq!(m["records"], 2);
    assert_eq!(v["summary"]["missing"], 1);
    // Words for the director; the uid for scripts and --details.
    let seen = "known ledger missing from this inbox: 2 records seen, last audited 2026-11-22";
    assert_eq!(m["message"], seen);
    let uid = m["trainee"]["uid"].as_str().expect("uid");
    assert_eq!(m["details"], format!("uid {uid}"));
    let table = bin(d)
        .env("COLUMNS", "200")
        .args(["audit", "a-e.toml", "--register", "reg.toml"])
        .run()
        .success()
        .stdout;
    assert!(
        table.contains(&format!("Bo (KRO-2): warning integrity: {seen}\n")),
        "{table}"
    );
    assert!(!table.contains(uid), "{table}");
    let details = bin(d)
        .env("COLUMNS", "200")
        .args(["audit", "a-e.toml", "--register", "reg.toml", "--details"])
        .run()
        .success()
        .stdout;
    assert!(
        details.contains(&format!(
            "Bo (KRO-2): warning integrity (missing-from-inbox): {seen} [uid {uid}]\n"
        )),
        "{details}"
    );
    let csv = bin(d)
        .args([
            "audit",
            "a-e.toml",
            "--register",
            "reg.toml",
            "--format",
            "csv",
        ])
        .run()
        .success()
        .stdout;
    assert!(
        csv.contains(&format!(",missing,Bo,KRO-2,kronoberg,,,,,,,,,,warning,missing-from-inbox,integrity,\"{seen}\",,uid {uid},,\n")),
        "{csv}"
    );
    fs::create_dir(d.join("extra")).expect("mkdir");
    fs::write(d.join("extra/notes.txt"), "x").expect("write");
    bin(d)
        .args(["audit", "a-e.toml", "extra", "--register", "reg.toml"])
        .args(["--html", "page.html"])
        .run()
        .success();
    let page = fs::read_to_string(d.join("page.html")).expect("page");
    assert!(
        page.contains("<h2>Known ledgers missing from the inbox</h2>"),
        "{page}"
    );
    assert!(
        page.contains(&format!("<b>Bo (KRO-2)</b> {seen}</li>")),
        "{page}"
    );
    assert!(!page.contains(uid));
    assert!(page.contains("<h2>Paths skipped</h2>"));
    assert!(
        page.contains("<li>extra/notes.txt: not named *.toml</li>"),
        "{page}"
    );
}

// ------------------------------------------------- 3. changes since the audit

#[test]
fn records_appended_after_an_audit_that_change_what_it_saw_are_named() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", Some("KRO-1"), "kronoberg");
    export(d, "w.toml", "e.toml");
    audit_json(d, &["e.toml", "--register", "reg.toml"]);
    // After the audit: the amount lowered, an approval back-dated, a later
    // certificate, and a new course (which changes nothing seen).
    ok(d, "w.toml", &["amend", "1", "--amount", "100"]);
    ok(
        d,
        "w.toml",
        &[
            "approve",
            "1",
            "--by",
            "studierektor",
            "--date",
            "2024-01-20",
        ],
    );
    ok(d, "w.toml", &["trainee", "--certificate", "2030-01-01"]);
    ok(
        d,
        "w.toml",
        &[
            "add",
            "course",
            "--date",
            "2025-02-12",
            "--amount",
            "100",
            "--description",
            "Ny",
        ],
    );
    export(d, "w.toml", "e.toml");
    let (code, v) = audit_json(d, &["e.toml", "--register", "reg.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["register"], "extended");
    assert_eq!(l["integrity"]["status"], "sealed");
    let changed: Vec<&Value> = l["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "changed-since-audit")
        .collect();
    assert_eq!(changed.len(), 3, "{l:#}");
    for f in &changed {
        assert_eq!(f["ref"], "integrity");
        assert_eq!(f["severity"], "warning");
    }
    let m = |i: usize| changed[i]["message"].as_str().expect("message");
    assert_eq!(changed[0]["entry"], 1);
    assert!(
        m(0).starts_with("amendment 1 of entry 1 (line "),
        "{}",
        m(0)
    );
    assert!(
        m(0).ends_with("changes entry 1, seen at that audit: amount=100.00"),
        "{}",
        m(0)
    );
    assert!(
        m(1).contains("the approval by studierektor is dated 2024-01-20, before that audit"),
        "{}",
        m(1)
    );
    assert!(
        m(2).contains("changes the trainee data seen at that audit: certificate=2030-01-01"),
        "{}",
        m(2)
    );
    // In the table and the CSV too.
    ok(d, "w.toml", &["amend", "1", "--amount", "90"]);
    export(d, "w.toml", "e.toml");
    let table = bin(d)
        .args(["audit", "e.toml", "--register", "reg.toml"])
        .run()
        .success()
        .stdout;
    assert!(
        table.contains("  #1 warning integrity: amendment 3 of entry 1 (line "),
        "{table}"
    );
}

// ----------------------------------------------- 4. every file accounted for

#[cfg(unix)]
#[test]
fn every_path_is_audited_unreadable_or_skipped_with_why() {
    use std::os::unix::fs::symlink;
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    let inbox = d.join("in");
    fs::create_dir_all(inbox.join("sub")).expect("mkdir");
    for (i, name) in ["bob.TOML", ".toml", "trailing.toml ", "sub/deep.toml"]
        .iter()
        .enumerate()
    {
        ledger(
            d,
            &format!("w{i}.toml"),
            &format!("T{i}"),
            None,
            "kronoberg",
        );
        export(d, &format!("w{i}.toml"), &format!("in/{name}"));
    }
    fs::write(inbox.join("notes.txt"), "not a ledger").expect("write");
    fs::write(d.join("outside.toml"), "format = 1\n").expect("write");
    symlink(d.join("outside.toml"), inbox.join("leak.toml")).expect("symlink");
    symlink("nowhere.toml", inbox.join("dangling.toml")).expect("symlink");
    symlink(inbox.join("sub"), inbox.join("loop")).expect("symlink");
    let fifo = std::process::Command::new("mkfifo")
        .arg(inbox.join("pipe.toml"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    let started = Instant::now();
    let (code, v) = audit_json(d, &["in"]);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(code, 2, "{v:#}");
    let rows: Vec<(String, Option<String>)> = v["ledgers"]
        .as_array()
        .expect("ledgers")
        .iter()
        .map(|l| {
            (
                l["path"].as_str().expect("path").to_string(),
                l["error"].as_str().map(str::to_string),
            )
        })
        .collect();
    let paths: Vec<&str> = rows.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "in/.toml",
            "in/bob.TOML",
            "in/dangling.toml",
            "in/pipe.toml",
            "in/sub/deep.toml",
            "in/trailing.toml "
        ]
    );
    assert!(
        rows[0].1.is_none() && rows[1].1.is_none() && rows[4].1.is_none() && rows[5].1.is_none()
    );
    assert!(
        rows[2]
            .1
            .as_deref()
            .expect("error")
            .contains("a symbolic link to nowhere.toml, which does not exist"),
        "{rows:?}"
    );
    assert!(
        rows[3]
            .1
            .as_deref()
            .expect("error")
            .contains("not a regular file but a named pipe (FIFO): not read"),
        "{rows:?}"
    );
    let skipped: Vec<(String, String)> = v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().expect("path").into(),
                s["why"].as_str().expect("why").into(),
            )
        })
        .collect();
    let why = |p: &str| {
        skipped
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, w)| w.as_str())
            .unwrap_or_else(|| panic!("{p} not reported: {skipped:?}"))
    };
    assert!(why("in/leak.toml").starts_with("a symbolic link out of the folders given (to "));
    assert!(why("in/leak.toml").ends_with("outside.toml): not read"));
    assert!(why("in/loop").starts_with("a symbolic link to the folder "));
    assert_eq!(why("in/notes.txt"), "not named *.toml");
    assert_eq!(v["summary"]["skipped"], skipped.len());
    // The table says each one too.
    let table = bin(d).args(["audit", "in"]).run().code(2).stdout;
    assert!(
        table.contains("in/notes.txt: skipped: not named *.toml\n"),
        "{table}"
    );
}

/// The director's register kept inside the inbox is skipped, not audited:
/// where it lies, through a path written another way, and through a link.
#[cfg(unix)]
#[test]
fn the_directors_own_files_in_the_inbox_are_skipped_and_said_so() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    fs::create_dir_all(d.join("in/sub")).expect("mkdir");
    ledger(d, "w.toml", "Anna", None, "kronoberg");
    export(d, "w.toml", "in/anna.toml");
    // The first audit writes the register; the second finds it in the inbox.
    let register = ["--register", "in/./sub/../sub/register.toml"];
    let (code, _) = audit_json(d, &[&["in"][..], &register].concat());
    assert_eq!(code, 0);
    assert!(d.join("in/sub/register.toml").is_file());
    std::os::unix::fs::symlink(d.join("in/sub/register.toml"), d.join("in/reg.toml"))
        .expect("symlink");
    let (code, v) = audit_json(d, &[&["in"][..], &register].concat());
    assert_eq!(code, 0, "{v:#}");
    let paths: Vec<&str> = v["ledgers"]
        .as_array()
        .expect("ledgers")
        .iter()
        .map(|l| l["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["in/anna.toml"]);
    let skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().expect("path"),
                s["why"].as_str().expect("why"),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("in/reg.toml", "the audit register"),
            // The register's lock file, beside it: no ledger either.
            ("in/sub/.register.toml.lock", "not named *.toml"),
            ("in/sub/register.toml", "the audit register")
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_never_hangs_the_audit() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", None, "kronoberg");
    export(d, "w.toml", "e.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(d.join("f.toml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let mut child = bin(d)
        .args(["audit", "f.toml", "e.toml", "--format", "json"])
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the audit hangs on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        v["ledgers"][0]["error"]
            .as_str()
            .expect("error")
            .contains("named pipe (FIFO)")
    );
    assert_eq!(v["ledgers"][1]["integrity"]["status"], "sealed");
}

#[test]
fn an_audit_that_finds_no_ledger_is_an_error() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    fs::create_dir(d.join("in")).expect("mkdir");
    fs::write(d.join("in/notes.txt"), "x").expect("write");
    bin(d)
        .args(["audit", "in"])
        .run()
        .code(2)
        .stderr_has("warning: skipped in/notes.txt: not named *.toml")
        .stderr_has("error: in: no ledger (*.toml) found; 1 path skipped")
        .stdout_is("");
}

// ------------------------------------------------- 5. the director's policy

/// A VGR trainee whose ledger names Kronoberg's policy, exported to `in/`.
fn vgr_as_kronoberg(d: &Path) {
    fs::create_dir_all(d.join("in/vgr")).expect("mkdir");
    ledger(d, "w.toml", "Vera", Some("VGR-1"), "kronoberg");
    export(d, "w.toml", "in/vgr/vera.toml");
}

#[test]
fn the_director_pins_the_policy_and_a_ledger_naming_another_is_an_error() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    vgr_as_kronoberg(d);
    let (code, v) = audit_json(d, &["in"]);
    assert_eq!(code, 0, "{v:#}");
    let (code, v) = audit_json(d, &["in", "--policy", "vgr-allmanmedicin"]);
    assert_eq!(code, 1, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["policy"]["id"], "vgr-allmanmedicin");
    assert_eq!(l["policy"]["named"], "kronoberg");
    assert_eq!(l["policy"]["pinned"], "--policy");
    let f = finding(l, "policy-mismatch");
    assert_eq!(f["ref"], "policy");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        f["message"],
        "the ledger names policy \"kronoberg\", but the director judges it by \"vgr-allmanmedicin\", as pinned by --policy"
    );
    // Judged by VGR: its yearly budget, not Kronoberg's 110 000 kr for the whole ST.
    assert_eq!(l["current_period"]["label"], "2026");
    // A policy file works the same: a file that exists wins over an id.
    let file = common::root().join("policies/vgr-allmanmedicin.toml");
    let (code, v) = audit_json(d, &["in", "--policy", file.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert_eq!(v["ledgers"][0]["policy"]["id"], "vgr-allmanmedicin");
}

#[test]
fn a_policy_map_pins_by_folder_trainee_or_uid_never_by_what_the_trainee_writes() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    vgr_as_kronoberg(d);
    ledger(d, "k.toml", "Kim", Some("KRO-5"), "kronoberg");
    export(d, "k.toml", "in/kim.toml");
    fs::write(
        d.join("map.toml"),
        "[folders]\n\"in/vgr\" = \"vgr-allmanmedicin\"\n",
    )
    .expect("write");
    // Without --policy, a ledger the map does not name cannot be judged.
    let (code, v) = audit_json(d, &["in", "--policy-map", "map.toml"]);
    assert_eq!(code, 1, "{v:#}");
    let kim = &v["ledgers"][0];
    assert_eq!(kim["path"], "in/kim.toml");
    assert!(
        finding(kim, "policy-unmapped")["message"]
            .as_str()
            .expect("message")
            .starts_with("map.toml names no policy for this ledger")
    );
    let vera = &v["ledgers"][1];
    assert_eq!(vera["policy"]["id"], "vgr-allmanmedicin");
    assert_eq!(vera["policy"]["pinned"], "map.toml: folder in/vgr");
    assert_eq!(rules(vera)[0], "policy-mismatch");
    // With --policy for the rest; and by trainee id (normalised) over the folder.
    fs::write(
        d.join("map.toml"),
        "[folders]\n\"in/vgr\" = \"vgr-allmanmedicin\"\n\n[trainees]\n\"vgr 01\" = \"kronoberg\"\n",
    )
    .expect("write");
    let (code, v) = audit_json(
        d,
        &["in", "--policy-map", "map.toml", "--policy", "kronoberg"],
    );
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["policy"]["pinned"], "--policy");
    assert_eq!(
        v["ledgers"][1]["policy"]["pinned"],
        "map.toml: trainee vgr 01"
    );
    // A map naming a policy nobody has is bad input before any ledger is judged.
    fs::write(d.join("map.toml"), "[folders]\n\"in\" = \"atlantis\"\n").expect("write");
    bin(d)
        .args(["audit", "in", "--policy-map", "map.toml"])
        .run()
        .code(2)
        .stderr_has("map.toml:2:8: unknown policy \"atlantis\"")
        .stdout_is("");
}

#[test]
fn two_policies_with_one_id_in_the_policy_dir_are_refused_and_a_replaced_built_in_is_said() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", None, "kronoberg");
    export(d, "w.toml", "e.toml");
    let policy =
        fs::read_to_string(common::root().join("policies/kronoberg.toml")).expect("policy");
    fs::create_dir(d.join("pol")).expect("mkdir");
    fs::write(d.join("pol/a.toml"), &policy).expect("write");
    bin(d)
        .args(["audit", "e.toml", "--policy-dir", "pol"])
        .run()
        .success()
        .stderr_has("warning: pol/a.toml replaces the built-in policy \"kronoberg\"");
    fs::write(d.join("pol/b.toml"), &policy).expect("write");
    bin(d)
        .args(["audit", "e.toml", "--policy-dir", "pol"])
        .run()
        .code(2)
        .stderr_has("error: pol/b.toml: policy \"kronoberg\" is also in pol/a.toml: two files with one id, and only one can hold")
        .stdout_is("");
}

// ------------------------------------------------------ 6. bounded cost

/// A ledger head for `policy` starting on `start`, without a certificate.
fn head(policy: &str, start: &str) -> String {
    format!(
        "format = 1\nuid = \"u-{start}\"\n[trainee]\nname = \"Big\"\npolicy = \"{policy}\"\nstart = {start}\n"
    )
}

fn course(id: u32, date: &str, end: &str) -> String {
    format!(
        "\n[[entry]]\nid = {id}\ndate = {date}\nend = {end}\nkind = \"course\"\ndescription = \"K\"\namount = \"100\"\ncatalogue = true\n"
    )
}

/// Runs `args` in `d`, returns the run and how long it took.
fn timed(d: &Path, args: &[&str]) -> (common::Run, Duration) {
    let started = Instant::now();
    let r = bin(d).args(args).run();
    (r, started.elapsed())
}

// The bounds are for a debug build on a loaded two-core machine; the release
// figures are in docs/audit.md. Each shape took tens of seconds or more before.

#[test]
fn a_hundred_byte_ledger_cannot_make_ten_thousand_periods() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    fs::write(
        d.join("tiny.toml"),
        format!(
            "{}certificate = 9999-12-31\n",
            head("vgr-allmanmedicin", "0001-01-01")
        ),
    )
    .expect("write");
    let (r, took) = timed(d, &["audit", "tiny.toml", "--format", "json"]);
    let r = r.code(2);
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(
        r.json()["ledgers"][0]["error"]
            .as_str()
            .expect("error")
            .starts_with("tiny.toml:6:9: `start` (0001-01-01) is before 1950-01-01")
    );
    // The most periods a ledger may have: from 1950, open, to this year and 25 on.
    let mut text = head("vgr-allmanmedicin", "1950-01-01");
    for (i, year) in (1950..=1974).enumerate() {
        text.push_str(&course(
            i as u32 + 1,
            &format!("{year}-03-01"),
            &format!("{year}-03-02"),
        ));
    }
    fs::write(d.join("long.toml"), &text).expect("write");
    let (r, took) = timed(d, &["audit", "long.toml", "--format", "json"]);
    assert!(took < Duration::from_secs(20), "{took:?}");
    let v = r.success().json();
    assert_eq!(
        v["ledgers"][0]["periods"]
            .as_array()
            .expect("periods")
            .len(),
        77
    );
    let (r, took) = timed(d, &["--ledger", "long.toml", "report", "-o", "r.html"]);
    r.success();
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn one_course_of_25_years_among_many_is_checked_for_overlaps_in_n_log_n() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    let mut text = head("vgr-allmanmedicin", "2024-01-01");
    text.push_str(&course(1, "2024-01-02", "2048-12-31"));
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    for id in 2..=20_000u32 {
        let day = start + chrono::Days::new(u64::from(id % 9000));
        text.push_str(&course(id, &day.to_string(), &day.to_string()));
    }
    fs::write(d.join("wide.toml"), &text).expect("write");
    let (r, took) = timed(d, &["audit", "wide.toml", "--format", "json"]);
    let v = r.json();
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert!(
        v["ledgers"][0]["error"].is_null(),
        "{:#}",
        v["ledgers"][0]["error"]
    );
    let overlapping = v["ledgers"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("overlaps"))
        })
        .count();
    assert_eq!(overlapping, 20_000);
}

#[test]
fn thousands_of_service_periods_cost_little() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    // Service periods may start before the ST: from 1950, one a day.
    let mut text = head("vgr-allmanmedicin", "2024-01-01");
    let start = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("date");
    for i in 0..20_000u64 {
        let day = start + chrono::Days::new(i);
        text.push_str(&format!(
            "\n[[service]]\nfrom = {day}\npercent = {}\n",
            50 + i % 51
        ));
    }
    fs::write(d.join("service.toml"), &text).expect("write");
    let (r, took) = timed(d, &["audit", "service.toml", "--format", "json"]);
    assert!(took < Duration::from_secs(60), "{took:?}");
    let v = r.success().json();
    assert!(v["ledgers"][0]["error"].is_null(), "{:#}", v["ledgers"][0]);
    assert_eq!(
        v["ledgers"][0]["periods"]
            .as_array()
            .expect("periods")
            .len(),
        3
    );
}

#[test]
fn a_ledger_of_the_largest_legal_size_is_still_audited() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    let mut text = head("kronoberg", "2024-01-08");
    text.push_str(&course(1, "2024-02-01", "2024-02-02"));
    let pad = format!("# {}\n", "x".repeat(1000));
    let most = 16 * 1024 * 1024;
    while text.len() + pad.len() <= most {
        text.push_str(&pad);
    }
    fs::write(d.join("big.toml"), &text).expect("write");
    let small = head("kronoberg", "2025-01-08").replace("Big", "Small");
    fs::write(d.join("small.toml"), small).expect("write");
    let (r, took) = timed(d, &["audit", "big.toml", "small.toml", "--format", "json"]);
    assert!(took < Duration::from_secs(60), "{took:?}");
    let v = r.success().json();
    assert!(v["ledgers"][0]["error"].is_null());
    assert_eq!(v["summary"]["audited"], 2);
}

// ------------------------------------------------------ 7. the register

#[test]
fn a_hand_broken_register_stops_the_audit_before_any_ledger() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    ledger(d, "w.toml", "Anna", None, "kronoberg");
    export(d, "w.toml", "e.toml");
    audit_json(d, &["e.toml", "--register", "reg.toml"]);
    let reg = d.join("reg.toml");
    let good = fs::read_to_string(&reg).expect("register");
    for (broken, want) in [
        (
            good.replacen("uid = ", "ledger = ", 1),
            "unknown field `ledger` in [[trainee]]",
        ),
        (
            good.replacen("hash = \"", "hash = \"zz", 1),
            "`hash` must be 64 hexadecimal digits",
        ),
        (
            good.replacen("records = 2", "records = 3", 1),
            "`trail` must be 24 hexadecimal digits",
        ),
        (
            good.replacen("records = 2", "records = \"2\"", 1),
            "`records` must be",
        ),
        (
            good.replacen("[[trainee]]", "[[trainee]\n", 1),
            "not an audit register",
        ),
        (
            good.replacen("format = 2", "format = 7", 1),
            "unsupported register format 7",
        ),
    ] {
        fs::write(&reg, &broken).expect("write");
        let r = bin(d)
            .args(["audit", "e.toml", "--register", "reg.toml"])
            .run()
            .code(2)
            .stdout_is("");
        assert!(r.stderr.starts_with("error: reg.toml:"), "{}", r.stderr);
        assert!(r.stderr.contains(want), "{want}: {}", r.stderr);
        // Nothing was written over it.
        assert_eq!(fs::read_to_string(&reg).expect("register"), broken);
    }
}
