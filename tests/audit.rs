//! `st-budget export` and `st-budget audit`, run as the real binary in temp dirs:
//! a sealed export audits clean, every kind of tampering is named, unreadable
//! ledgers are rows of their own, and the register catches rewritten history.

mod common;

use std::fs;
use std::path::Path;

use common::St;
use serde_json::Value;
use tempfile::TempDir;

/// st-budget in `dir`.
fn bin(dir: &Path) -> St {
    St::new().dir(dir)
}

fn ok(dir: &Path, ledger: &str, args: &[&str]) {
    bin(dir).ledger(ledger).args(args).run().success();
}

/// A working ledger with a service period, two entries and an amendment.
fn working(dir: &Path, name: &str, file: &str) {
    ok(
        dir,
        file,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            name,
            "--start",
            "2024-01-08",
            "--certificate",
            "2028-12-31",
            "--percent",
            "100",
            "--id",
            &format!("id-{name}"),
        ],
    );
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
    ok(
        dir,
        file,
        &[
            "add",
            "literature",
            "--date",
            "2024-03-01",
            "--amount",
            "800",
            "--description",
            "Bok",
            "--approved-by",
            "handledare=2024-02-20",
        ],
    );
    ok(dir, file, &["amend", "1", "--status", "attended"]);
}

/// A temp dir with `work.toml` exported to `export.toml`.
fn exported() -> TempDir {
    let t = TempDir::new().expect("temp dir");
    working(t.path(), "Anna Lindqvist", "work.toml");
    ok(t.path(), "work.toml", &["export", "-o", "export.toml"]);
    t
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).expect("read");
    let new = f(text.clone());
    assert_ne!(text, new, "the edit changed nothing");
    fs::write(path, new).expect("write");
}

/// Runs `audit --format json` and returns (exit code, parsed output).
fn audit_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = bin(dir)
        .arg("audit")
        .args(args)
        .args(["--format", "json"])
        .run();
    (out.exit.expect("exit code"), out.json())
}

/// The one ledger of an audit of `export.toml`.
fn audit_export(t: &TempDir) -> (i32, Value) {
    let (code, v) = audit_json(t.path(), &["export.toml"]);
    assert_eq!(v["ledgers"].as_array().expect("ledgers").len(), 1);
    (code, v["ledgers"][0].clone())
}

fn assert_broken(t: &TempDir, record: &str, entry: Option<u64>) {
    let (code, l) = audit_export(t);
    assert_eq!(code, 1, "{l:#}");
    assert_eq!(l["integrity"]["status"], "broken", "{l:#}");
    let named = l["integrity"]["record"]
        .as_str()
        .expect("a record is named");
    assert!(
        named.starts_with(record),
        "named {named:?}, want {record:?}"
    );
    let f = &l["findings"][0];
    assert_eq!(f["rule"], "broken");
    assert_eq!(f["ref"], "integrity");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["entry"].as_u64(), entry, "{f:#}");
    assert!(f["message"].as_str().expect("message").contains(record));
}

#[test]
fn an_export_audits_clean_field_by_field() {
    let t = exported();
    let text = fs::read_to_string(t.path().join("export.toml")).expect("export");
    assert!(text.contains("[seal]\nalgorithm = \"sha256-chain-v1\""));
    // The working ledger is untouched.
    assert!(
        !fs::read_to_string(t.path().join("work.toml"))
            .expect("work")
            .contains("[seal]")
    );
    let (code, v) = audit_json(t.path(), &["export.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["path"], "export.toml");
    assert_eq!(l["trainee"]["name"], "Anna Lindqvist");
    assert_eq!(l["trainee"]["id"], "id-Anna Lindqvist");
    assert_eq!(l["trainee"]["uid"].as_str().expect("uid").len(), 32);
    assert_eq!(l["policy"]["id"], "kronoberg");
    assert!(l["policy"]["version"].is_string());
    assert_eq!(l["integrity"]["status"], "sealed");
    assert_eq!(l["integrity"]["seal"], "sealed");
    assert_eq!(l["integrity"]["records"], 5);
    assert_eq!(l["integrity"]["record"], Value::Null);
    assert_eq!(l["current_period"]["budget"], "110000.00");
    assert_eq!(l["current_period"]["charged"], "12800.00");
    assert_eq!(l["current_period"]["remaining"], "97200.00");
    assert_eq!(l["current_period"]["from"], "2024-01-08");
    assert_eq!(l["current_period"]["to"], "2028-12-31");
    assert_eq!(l["periods"].as_array().expect("periods").len(), 1);
    assert_eq!(l["totals"]["amount"], "12800.00");
    assert_eq!(l["totals"]["budget"], "12800.00");
    assert_eq!(l["totals"]["central"], "0.00");
    assert_eq!(l["totals"]["unit"], "0.00");
    assert_eq!(l["totals"]["self"], "0.00");
    assert_eq!(l["findings"], serde_json::json!([]));
    assert_eq!(l["counts"]["errors"], 0);
    assert_eq!(l["counts"]["warnings"], 0);
    let s = &v["summary"];
    assert_eq!(s["ledgers"], 1);
    assert_eq!(s["audited"], 1);
    assert_eq!(s["unreadable"], 0);
    assert_eq!(s["clean"], 1);
    assert_eq!(s["integrity"]["sealed"], 1);
    assert_eq!(s["errors"], 0);

    // The table: a line per ledger with its period's figures, and the summary
    // line last.
    let stdout = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "export.toml"])
        .run()
        .success()
        .stdout;
    assert!(stdout.starts_with("Audit · as of 2026-11-22 · amounts in SEK\nPath "));
    assert!(
        stdout.contains(
            "\nexport.toml  Anna Lindqvist  id-Anna Lindqvist  –     kronoberg  sealed     ST      110,000.00  12,800.00  97,200.00    0     0\n"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with(
        "1 ledger: 1 audited, 0 unreadable; 1 sealed, 0 unsealed, 0 broken, 0 rewritten; 0 errors, 0 warnings\n"
    ));
    // One of a thing is said in the singular, in Swedish too.
    let stdout = bin(t.path())
        .lang("sv")
        .env("COLUMNS", "200")
        .args(["audit", "export.toml"])
        .run()
        .success()
        .stdout;
    assert!(
        stdout.ends_with(
            "1 liggare: 1 granskad, 0 oläsbara; 1 förseglad, 0 utan försegling, 0 brutna, 0 omskrivna; 0 fel, 0 varningar\n"
        ),
        "{stdout}"
    );
}

#[test]
fn an_edited_amount_breaks_the_seal_at_that_entry() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replacen("amount = \"800.00\"", "amount = \"80.00\"", 1)
    });
    assert_broken(&t, "entry 2 (line", Some(2));
}

#[test]
fn a_deleted_entry_is_named() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        let a = s.find("[[entry]]\nid = 2").expect("entry 2");
        let b = s.find("[[amendment]]").expect("amendment");
        format!("{}{}", &s[..a], &s[b..])
    });
    assert_broken(&t, "entry 2", Some(2));
}

#[test]
fn reordered_entries_are_named() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        let a = s.find("[[entry]]\nid = 1").expect("entry 1");
        let b = s.find("[[entry]]\nid = 2").expect("entry 2");
        let c = s.find("[[amendment]]").expect("amendment");
        format!("{}{}\n{}{}", &s[..a], &s[b..c], &s[a..b], &s[c..])
    });
    assert_broken(&t, "entry 1", Some(1));
}

#[test]
fn a_moved_certificate_date_breaks_the_trainee_record() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replace("certificate = 2028-12-31", "certificate = 2029-06-30")
    });
    assert_broken(&t, "the [trainee] data", None);
}

#[test]
fn a_changed_service_percentage_is_named() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replace("percent = 100", "percent = 50")
    });
    assert_broken(&t, "service period 1 (line", None);
}

#[test]
fn a_changed_policy_id_breaks_the_trainee_record() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replace("policy = \"kronoberg\"", "policy = \"vgr-allmanmedicin\"")
    });
    assert_broken(&t, "the [trainee] data", None);
}

#[test]
fn a_hand_written_entry_after_the_export_is_named() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s + "\n[[entry]]\nid = 3\ndate = 2024-05-02\nkind = \"course\"\ndescription = \"Extra\"\namount = \"5000.00\"\n"
    });
    assert_broken(&t, "entry 3 (line", Some(3));
}

#[test]
fn an_altered_seal_is_broken() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replacen("records = 5", "records = 4", 1)
    });
    let (code, l) = audit_export(&t);
    assert_eq!(code, 1);
    assert_eq!(l["integrity"]["status"], "broken");
}

#[test]
fn reformatting_and_comments_keep_the_seal() {
    let t = exported();
    edit(&t.path().join("export.toml"), |s| {
        s.replace("amount = \"12000.00\"", "amount = 12000   # the fee")
            .replace("start = 2024-01-08", "start = \"2024-01-08\"")
            .replace("[[entry]]\nid = 2", "# books\n[[entry]]\n  id   =   2")
            .replace("\n\n", "\n\n\n")
    });
    let (code, l) = audit_export(&t);
    assert_eq!(code, 0, "{l:#}");
    assert_eq!(l["integrity"]["status"], "sealed");
}

#[test]
fn a_hand_written_ledger_is_unsealed_with_a_warning() {
    let t = exported();
    let (code, v) = audit_json(t.path(), &["work.toml"]);
    assert_eq!(code, 0);
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["status"], "unsealed");
    assert_eq!(l["findings"][0]["rule"], "unsealed");
    assert_eq!(l["findings"][0]["severity"], "warning");
    assert_eq!(l["counts"]["warnings"], 1);
}

#[test]
fn exporting_an_export_reseals_it_and_never_overwrites() {
    let t = exported();
    // The export, used as a ledger, takes a new entry after its seal and is exported again.
    ok(
        t.path(),
        "export.toml",
        &[
            "add",
            "congress",
            "--date",
            "2025-05-01",
            "--amount",
            "3000",
            "--description",
            "Congress",
        ],
    );
    ok(t.path(), "export.toml", &["export", "-o", "again.toml"]);
    let text = fs::read_to_string(t.path().join("again.toml")).expect("again");
    assert_eq!(text.matches("[seal]").count(), 1);
    let (code, v) = audit_json(t.path(), &["again.toml"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["status"], "sealed");
    assert_eq!(v["ledgers"][0]["integrity"]["records"], 6);
    // An existing file is refused without --force, replaced with it.
    bin(t.path())
        .args(["--ledger", "work.toml", "export", "-o", "again.toml"])
        .run()
        .code(2);
    assert_eq!(
        fs::read_to_string(t.path().join("again.toml")).expect("again"),
        text
    );
    ok(
        t.path(),
        "work.toml",
        &["export", "-o", "again.toml", "--force"],
    );
    assert_ne!(
        fs::read_to_string(t.path().join("again.toml")).expect("again"),
        text
    );
}

#[test]
fn a_folder_of_fifty_with_two_unreadable_audits_the_rest() {
    let t = exported();
    let sealed = fs::read_to_string(t.path().join("export.toml")).expect("export");
    let dir = t.path().join("exports");
    fs::create_dir_all(dir.join("sub")).expect("mkdir");
    for i in 0..48 {
        let sub = if i % 2 == 0 { "" } else { "sub/" };
        fs::write(dir.join(format!("{sub}l{i:02}.toml")), &sealed).expect("write");
    }
    fs::write(
        dir.join("bad-toml.toml"),
        "format = 1\n[trainee\nname = 1\n",
    )
    .expect("write");
    fs::write(
        dir.join("sub/bad-type.toml"),
        sealed.replace("amount = \"800.00\"", "amount = 800.5"),
    )
    .expect("write");
    fs::write(dir.join("notes.txt"), "not a ledger").expect("write");
    let (code, v) = audit_json(t.path(), &["exports"]);
    assert_eq!(code, 2);
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert_eq!(ledgers.len(), 50);
    let errors: Vec<&Value> = ledgers
        .iter()
        .filter(|l| l.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0]["error"]
            .as_str()
            .expect("error")
            .starts_with("exports/bad-toml.toml:2:")
    );
    assert!(
        errors[1]["error"]
            .as_str()
            .expect("error")
            .contains("bad-type.toml:")
    );
    assert!(
        errors[1]["error"]
            .as_str()
            .expect("error")
            .contains("floating-point")
    );
    assert_eq!(v["summary"]["ledgers"], 50);
    assert_eq!(v["summary"]["audited"], 48);
    assert_eq!(v["summary"]["unreadable"], 2);
    assert_eq!(v["summary"]["integrity"]["sealed"], 48);
    // In sorted path order.
    let paths: Vec<&str> = ledgers
        .iter()
        .map(|l| l["path"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn an_unknown_policy_is_a_finding_not_a_crash() {
    let t = TempDir::new().expect("temp dir");
    fs::write(
        t.path().join("odd.toml"),
        "format = 1\n[trainee]\nname = \"Bo\"\npolicy = \"atlantis\"\nstart = 2024-01-08\n",
    )
    .expect("write");
    let (code, v) = audit_json(t.path(), &["odd.toml"]);
    assert_eq!(code, 1);
    let l = &v["ledgers"][0];
    assert_eq!(l["policy"]["id"], "atlantis");
    assert_eq!(l["policy"]["known"], false);
    let f = l["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "policy")
        .expect("a policy finding");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().expect("message").contains("atlantis"));
    assert_eq!(l["current_period"], Value::Null);
    assert_eq!(l["counts"]["errors"], 1);
}

#[test]
fn the_register_catches_a_rewritten_history() {
    let t = exported();
    let reg = "register.toml";
    // First sight: entered.
    let (code, v) = audit_json(t.path(), &["export.toml", "--register", reg]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["register"], "new");
    let text = fs::read_to_string(t.path().join(reg)).expect("register");
    assert!(text.contains("records = 5"));
    // The trainee adds an entry and exports again: the history is extended.
    ok(
        t.path(),
        "work.toml",
        &[
            "add",
            "congress",
            "--date",
            "2025-05-01",
            "--amount",
            "3000",
            "--description",
            "Congress",
        ],
    );
    ok(
        t.path(),
        "work.toml",
        &["export", "-o", "export.toml", "--force"],
    );
    let (code, v) = audit_json(t.path(), &["export.toml", "--register", reg]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["register"], "extended");
    assert!(
        fs::read_to_string(t.path().join(reg))
            .expect("register")
            .contains("records = 6")
    );
    // Now the trainee rewrites an amount the director has seen and exports a
    // freshly sealed copy: the seal holds, the register does not.
    edit(&t.path().join("work.toml"), |s| {
        s.replace("amount = \"800.00\"", "amount = \"8000.00\"")
    });
    ok(
        t.path(),
        "work.toml",
        &["export", "-o", "export.toml", "--force"],
    );
    let (code, v) = audit_json(t.path(), &["export.toml", "--register", reg]);
    assert_eq!(code, 1, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["seal"], "sealed");
    assert_eq!(l["integrity"]["status"], "rewritten");
    assert_eq!(l["integrity"]["register"], "rewritten");
    assert!(
        l["integrity"]["record"]
            .as_str()
            .expect("record")
            .starts_with("entry 2 (line")
    );
    assert_eq!(l["findings"][0]["rule"], "rewritten");
    assert_eq!(l["findings"][0]["entry"], 2);
    // A rewrite does not advance the register.
    assert!(
        fs::read_to_string(t.path().join(reg))
            .expect("register")
            .contains("records = 6")
    );
}

#[test]
fn the_register_catches_a_removed_record() {
    let t = exported();
    let reg = "register.toml";
    audit_json(t.path(), &["export.toml", "--register", reg]);
    // A fresh export of a ledger that lost its amendment.
    edit(&t.path().join("work.toml"), |s| {
        let a = s.find("[[amendment]]").expect("amendment");
        s[..a].to_string()
    });
    ok(
        t.path(),
        "work.toml",
        &["export", "-o", "export.toml", "--force"],
    );
    let (code, v) = audit_json(t.path(), &["export.toml", "--register", reg]);
    assert_eq!(code, 1);
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["status"], "rewritten");
    assert!(
        l["integrity"]["message"]
            .as_str()
            .expect("message")
            .contains("record 5 and after were removed")
    );
}

#[test]
fn the_register_flags_a_fresh_ledger_for_a_known_trainee() {
    let t = exported();
    let reg = "register.toml";
    audit_json(t.path(), &["export.toml", "--register", reg]);
    // The same trainee starts over with a new ledger (a new uid).
    working(t.path(), "Anna Lindqvist", "fresh.toml");
    ok(
        t.path(),
        "fresh.toml",
        &["export", "-o", "fresh-export.toml"],
    );
    let (code, v) = audit_json(t.path(), &["fresh-export.toml", "--register", reg]);
    assert_eq!(code, 1, "{v:#}");
    let l = &v["ledgers"][0];
    assert_eq!(l["integrity"]["status"], "rewritten");
    assert!(
        l["integrity"]["message"]
            .as_str()
            .expect("message")
            .contains("known to the register under another ledger")
    );
    // Another trainee is simply new.
    working(t.path(), "Bertil Ek", "bertil.toml");
    ok(
        t.path(),
        "bertil.toml",
        &["export", "-o", "bertil-export.toml"],
    );
    let (code, v) = audit_json(t.path(), &["bertil-export.toml", "--register", reg]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["ledgers"][0]["integrity"]["register"], "new");
}

#[test]
fn csv_has_a_row_per_ledger_and_per_finding() {
    let t = exported();
    // Another trainee's working ledger: the same ledger twice would be an error.
    working(t.path(), "Bertil Ek", "bertil.toml");
    let stdout = bin(t.path())
        .args(["audit", "export.toml", "bertil.toml", "--format", "csv"])
        .run()
        .success()
        .stdout;
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("path,row,trainee,trainee_id,policy,integrity,"));
    assert!(lines[1].starts_with("export.toml,ledger,Anna Lindqvist,id-Anna Lindqvist,kronoberg,sealed,,ST,110000.00,12800.00,97200.00,0,0"));
    assert!(lines[2].starts_with("bertil.toml,ledger,"));
    assert!(
        lines[3].starts_with("bertil.toml,finding,")
            && lines[3].contains(",warning,unsealed,integrity,")
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn a_missing_path_is_an_error_row_and_the_rest_is_audited() {
    let t = exported();
    let (code, v) = audit_json(t.path(), &["nope.toml", "export.toml"]);
    assert_eq!(code, 2);
    assert!(
        v["ledgers"][0]["error"]
            .as_str()
            .expect("error")
            .starts_with("nope.toml")
    );
    assert_eq!(v["ledgers"][1]["integrity"]["status"], "sealed");
}
