//! The trainee's commands end to end on real files: init → add → approve →
//! amend → service → trainee → balance, with the exact bytes each command
//! appends, the figures that follow, and the exit codes of SPEC.md.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, St, balance_json, write};
use serde_json::Value;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read ledger")
}

/// `st-budget --ledger LEDGER ARGS…`.
fn on(ledger: &Path, args: &[&str]) -> Run {
    St::new().ledger(ledger).args(args).run()
}

/// Runs a command that must append exactly `record` to the ledger, keeping every
/// byte that was there.
fn appends(ledger: &Path, args: &[&str], record: &str) -> Run {
    let before = read(ledger);
    let a = on(ledger, args).success();
    assert_eq!(read(ledger), format!("{before}{record}"), "after {args:?}");
    a
}

/// Runs a command that must leave the ledger byte for byte as it was.
fn leaves(ledger: &Path, args: &[&str]) -> Run {
    let before = std::fs::read(ledger).expect("read ledger");
    let a = on(ledger, args);
    assert_eq!(
        std::fs::read(ledger).expect("read ledger"),
        before,
        "{args:?} changed the ledger"
    );
    a
}

fn entry(balance: &Value, id: u64) -> &Value {
    balance["entries"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == id))
        .unwrap_or_else(|| panic!("entry {id} in {balance}"))
}

fn payers(balance: &Value, id: u64) -> [String; 4] {
    let p = &entry(balance, id)["payers"];
    ["budget", "central", "unit", "self"].map(|k| {
        p[k].as_str()
            .unwrap_or_else(|| panic!("payer {k} of entry {id} is a string: {p}"))
            .to_string()
    })
}

fn refs(balance: &Value, id: u64) -> Vec<String> {
    entry(balance, id)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{}:{}", f["ref"].as_str().unwrap_or("?"), f["severity"]))
        .collect()
}

/// Every amount of a balance is a decimal string with two places, never a number.
fn assert_amounts_are_strings(v: &Value) {
    let is_amount = |x: &Value| {
        x.as_str().is_some_and(|s| {
            let (whole, ore) = s.split_once('.').unwrap_or((s, ""));
            ore.len() == 2 && !whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit())
        })
    };
    for e in v["entries"].as_array().expect("entries") {
        assert!(is_amount(&e["amount"]), "{e}");
        for k in ["budget", "central", "unit", "self"] {
            assert!(is_amount(&e["payers"][k]), "{e}");
        }
    }
    for p in v["periods"].as_array().expect("periods") {
        for k in ["budget", "charged", "remaining"] {
            assert!(is_amount(&p[k]), "{p}");
        }
    }
    for c in v["caps"].as_array().expect("caps") {
        for k in ["limit", "used", "remaining"] {
            assert!(is_amount(&c[k]), "{c}");
        }
    }
    for k in ["amount", "budget", "central", "unit", "self"] {
        assert!(is_amount(&v["totals"][k]), "{}", v["totals"]);
    }
}

fn new_dir() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().expect("temp dir");
    let l = d.path().join("anna.toml");
    (d, l)
}

#[test]
fn kronoberg_flow_from_init_to_balance() {
    let (_d, l) = new_dir();
    on(
        &l,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna Lindqvist",
            "--start",
            "2024-01-08",
        ],
    )
    .success()
    .stderr_is(format!("created {} (kronoberg)\n", l.display()));
    let text = read(&l);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "# st-budget ledger: see docs/ledger.md for the format.",
            "format = 1"
        ]
    );
    let uid = lines[2]
        .strip_prefix("uid = \"")
        .and_then(|u| u.strip_suffix('"'));
    assert!(
        uid.is_some_and(|u| u.len() == 32 && u.chars().all(|c| c.is_ascii_hexdigit())),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3..],
        [
            "",
            "[trainee]",
            "name = \"Anna Lindqvist\"",
            "policy = \"kronoberg\"",
            "start = 2024-01-08"
        ]
    );

    // A course, the amount written the Swedish way: funded, with the K3 warning.
    appends(
        &l,
        &[
            "add", "course", "--date", "2024-03-11", "--amount", "4 500,50",
            "--description", "Klinisk farmakologi", "--goal", "c", "--provider", "Lunds universitet",
        ],
        "\n[[entry]]\nid = 1\ndate = 2024-03-11\nkind = \"course\"\ndescription = \"Klinisk farmakologi\"\namount = \"4500.50\"\nprovider = \"Lunds universitet\"\ngoal = \"c\"\n",
    )
    .stdout_has("budget        SEK\u{a0}4,500.50")
    .stdout_has("warning K3")
    .stdout_has(
        "Period ST: budget SEK\u{a0}110,000.00, charged SEK\u{a0}4,500.50, remaining SEK\u{a0}105,499.50",
    )
    .stderr_is(format!("recorded entry 1 {}\n", l.display()));

    // A study circle without the director of studies' approval is refused.
    let circle = [
        "add",
        "study-circle",
        "--date",
        "2024-04-01",
        "--amount",
        "2000",
        "--description",
        "Studiecirkel i ultraljud",
    ];
    leaves(&l, &circle)
        .code(1)
        .stdout_has("self          SEK\u{a0}2,000.00")
        .stdout_has("error K7")
        .stderr_is(
            "error: the entry has error findings and was refused; nothing was written\n\
             hint: correct the entry, or record it anyway with --force\n",
        );
    // --dry-run writes nothing, whatever the verdict.
    let mut dry = circle.to_vec();
    dry.push("--dry-run");
    leaves(&l, &dry).code(1).stderr_has("nothing was written");
    let mut approved = dry.clone();
    approved.extend(["--approved-by", "studierektor=2024-03-20"]);
    leaves(&l, &approved)
        .code(0)
        .stdout_has("budget        SEK\u{a0}2,000.00")
        .stderr_is("(dry run: nothing was written)\n");
    // --force records it anyway.
    let mut forced = circle.to_vec();
    forced.push("--force");
    appends(
        &l,
        &forced,
        "\n[[entry]]\nid = 2\ndate = 2024-04-01\nkind = \"study-circle\"\ndescription = \"Studiecirkel i ultraljud\"\namount = \"2000.00\"\n",
    );

    // Approve, correct the amount, cancel the circle: appended, never rewritten.
    appends(
        &l,
        &["approve", "1", "--by", "handledare", "--date", "2024-03-01"],
        "\n[[amendment]]\nentry = 1\nrecorded = 2026-11-22\napprovals = { handledare = 2024-03-01 }\n",
    )
    .stdout_has("  approved by: – → handledare 2024-03-01\n")
    .stdout_has("verdict: warning → ok")
    .stderr_is("recorded amendment of entry 1\n");
    appends(
        &l,
        &["amend", "1", "--amount", "4200"],
        "\n[[amendment]]\nentry = 1\nrecorded = 2026-11-22\namount = \"4200.00\"\n",
    );
    appends(
        &l,
        &["amend", "2", "--status", "cancelled"],
        "\n[[amendment]]\nentry = 2\nrecorded = 2026-11-22\nstatus = \"cancelled\"\n",
    )
    .stdout_has("cancelled in time: costs nothing");
    appends(
        &l,
        &["trainee", "--certificate", "2028-12-31"],
        "\n[[trainee_change]]\nrecorded = 2026-11-22\ncertificate = 2028-12-31\n",
    );
    // After the certificate: K11.
    appends(
        &l,
        &[
            "add",
            "literature",
            "--date",
            "2029-01-15",
            "--amount",
            "300",
            "--description",
            "Bok",
            "--approved-by",
            "handledare=2029-01-10",
            "--force",
        ],
        "\n[[entry]]\nid = 3\ndate = 2029-01-15\nkind = \"literature\"\ndescription = \"Bok\"\namount = \"300.00\"\napprovals = { handledare = 2029-01-10 }\n",
    );

    let b = balance_json(&l, &[]);
    assert_amounts_are_strings(&b);
    assert_eq!(b["trainee"]["name"], "Anna Lindqvist");
    assert_eq!(b["trainee"]["certificate"], "2028-12-31");
    assert_eq!(b["policy"]["id"], "kronoberg");
    assert_eq!(b["as_of"], "2026-11-22");
    assert_eq!(payers(&b, 1), ["4200.00", "0.00", "0.00", "0.00"]);
    assert_eq!(entry(&b, 1)["verdict"], "ok");
    assert_eq!(refs(&b, 1), Vec::<String>::new());
    assert_eq!(payers(&b, 2), ["0.00", "0.00", "0.00", "0.00"]);
    assert_eq!(entry(&b, 2)["status"], "cancelled");
    assert_eq!(payers(&b, 3), ["0.00", "0.00", "0.00", "300.00"]);
    assert_eq!(refs(&b, 3), ["K11:\"error\""]);
    assert_eq!(
        b["periods"],
        serde_json::json!([{"label": "ST", "from": "2024-01-08", "to": "2028-12-31",
            "budget": "110000.00", "charged": "4200.00", "remaining": "105800.00",
            "state": "current"}])
    );
    assert_eq!(
        b["totals"],
        serde_json::json!({"amount": "4500.00", "budget": "4200.00", "central": "0.00",
            "unit": "0.00", "self": "300.00"})
    );
    // `check` fails on the K11 error, and names the entry's line.
    on(&l, &["check"]).code(1).stdout_has(":45: #3 error K11");
}

#[test]
fn vgr_flow_with_service_changes_and_cancellation() {
    let (_d, l) = new_dir();
    on(
        &l,
        &[
            "init",
            "--policy",
            "vgr-allmanmedicin",
            "--name",
            "Erik Johansson",
            "--start",
            "2024-01-08",
            "--percent",
            "100",
            "--unit",
            "Vårdcentralen Majorna",
        ],
    )
    .success();
    assert!(read(&l).ends_with(
        "policy = \"vgr-allmanmedicin\"\nstart = 2024-01-08\nunit = \"Vårdcentralen Majorna\"\n\n[[service]]\nfrom = 2024-01-08\npercent = 100\n"
    ));
    appends(
        &l,
        &[
            "add",
            "course",
            "--date",
            "2025-02-10",
            "--end",
            "2025-02-12",
            "--amount",
            "9800",
            "--description",
            "Allmänmedicinsk diagnostik",
            "--catalogue",
            "--approved-by",
            "vardcentralchef=2025-01-20",
            "--approved-by",
            "studierektor=2025-01-25",
        ],
        "\n[[entry]]\nid = 1\ndate = 2025-02-10\nend = 2025-02-12\nkind = \"course\"\ndescription = \"Allmänmedicinsk diagnostik\"\namount = \"9800.00\"\ncatalogue = true\napprovals = { studierektor = 2025-01-25, vardcentralchef = 2025-01-20 }\n",
    );
    appends(
        &l,
        &[
            "add",
            "lodging",
            "--for",
            "1",
            "--date",
            "2025-02-10",
            "--amount",
            "2100",
            "--description",
            "Hotell",
            "--nights",
            "2",
            "--distance-km",
            "140",
            "--booked-via",
            "Lingmerths Resebyrå AB",
        ],
        "\n[[entry]]\nid = 2\ndate = 2025-02-10\nkind = \"lodging\"\ndescription = \"Hotell\"\namount = \"2100.00\"\nfor = 1\nbooked_via = \"Lingmerths Resebyrå AB\"\ndistance_km = 140\nnights = 2\n",
    );
    appends(
        &l,
        &["service", "--from", "2025-03-01", "--percent", "0"],
        "\n[[service]]\nfrom = 2025-03-01\npercent = 0\n",
    )
    // A fact is recorded; what it does to other entries is said, each on a line.
    .stdout_has("Period 2025: budget SEK\u{a0}34,000.00 → SEK\u{a0}5,495.89")
    .stdout_has("This also changes:\n  #1 2025-02-10 course · Allmänmedicinsk diagnostik")
    .stderr_is(
        "recorded service at 0 % from 2025-03-01\n\
         warning: entry 1 (2025-02-10 Allmänmedicinsk diagnostik) is now an error: see above\n\
         warning: entry 2 (2025-02-10 Hotell) is now an error: see above\n",
    );
    // A service period must start after the last one.
    leaves(&l, &["service", "--from", "2025-02-01", "--percent", "50"]).code(2);
    appends(
        &l,
        &["trainee", "--certificate", "2025-12-31"],
        "\n[[trainee_change]]\nrecorded = 2026-11-22\ncertificate = 2025-12-31\n",
    );
    // 2025: 59 days at 100 % of 365 → 34000 × 5900 / 36500 = 5495.89.
    let b = balance_json(&l, &[]);
    assert_amounts_are_strings(&b);
    assert_eq!(payers(&b, 1), ["5495.89", "0.00", "0.00", "4304.11"]);
    // Over the budget: V1's error, and V12's suggestion to ask the health centre.
    assert_eq!(refs(&b, 1), ["V1:\"error\"", "V12:\"error\""]);
    assert_eq!(payers(&b, 2), ["0.00", "0.00", "0.00", "2100.00"]);
    let periods: Vec<(String, String)> = b["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| (p["from"].to_string(), p["budget"].to_string()))
        .collect();
    assert_eq!(
        periods,
        [
            ("\"2024-01-08\"".into(), "\"33349.73\"".into()),
            ("\"2025-01-01\"".into(), "\"5495.89\"".into())
        ]
    );

    // Cancelling the course in time frees its budget; the lodging keeps its own
    // status and now fits.
    appends(
        &l,
        &["amend", "1", "--status", "cancelled"],
        "\n[[amendment]]\nentry = 1\nrecorded = 2026-11-22\nstatus = \"cancelled\"\n",
    );
    let b = balance_json(&l, &[]);
    assert_eq!(payers(&b, 1), ["0.00", "0.00", "0.00", "0.00"]);
    assert_eq!(payers(&b, 2), ["2100.00", "0.00", "0.00", "0.00"]);
    assert_eq!(b["totals"]["amount"], "2100.00");
    on(&l, &["check"]).code(0);
    // A late cancellation instead: the health centre pays both (V9).
    appends(
        &l,
        &["amend", "1", "--status", "cancelled-late"],
        "\n[[amendment]]\nentry = 1\nrecorded = 2026-11-22\nstatus = \"cancelled-late\"\n",
    );
    let b = balance_json(&l, &[]);
    assert_eq!(payers(&b, 1), ["0.00", "0.00", "9800.00", "0.00"]);
    assert_eq!(payers(&b, 2), ["0.00", "0.00", "2100.00", "0.00"]);
    assert_eq!(entry(&b, 2)["verdict"], "warning");
    on(&l, &["check"]).code(0);
}

#[test]
fn init_never_overwrites_a_ledger() {
    let (d, _) = new_dir();
    let l = write(d.path(), "anna.toml", "# my own notes\n");
    leaves(
        &l,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna",
            "--start",
            "2024-01-08",
        ],
    )
    .code(2)
    .stderr_has("a ledger already exists here; st-budget never overwrites one");
}

#[test]
fn the_ledger_comes_from_st_budget_ledger() {
    let (d, l) = new_dir();
    let env = |args: &[&str]| {
        St::new()
            .dir(d.path())
            .env("ST_BUDGET_LEDGER", &l)
            .args(args)
            .run()
    };
    env(&[
        "init",
        "--policy",
        "kronoberg",
        "--name",
        "Anna",
        "--start",
        "2024-01-08",
    ])
    .success();
    assert!(l.is_file());
    env(&[
        "add",
        "course",
        "--date",
        "2024-03-11",
        "--amount",
        "1000",
        "--description",
        "Kurs",
        "--approved-by",
        "handledare=2024-03-01",
    ])
    .success();
    assert!(read(&l).contains("\n[[entry]]\nid = 1\n"));
    let b = env(&["balance", "--format", "json"]).success().json();
    assert_eq!(payers(&b, 1), ["1000.00", "0.00", "0.00", "0.00"]);
    // Nothing was written to the default ledger of the working directory.
    assert!(!d.path().join("st-budget.toml").exists());
    // --ledger wins over the environment.
    let other = d.path().join("other.toml");
    env(&["--ledger", other.to_str().expect("utf-8"), "balance"])
        .code(2)
        .stderr_has("other.toml: cannot read the ledger: no such file");
}

#[test]
fn check_exits_1_on_errors_and_0_on_warnings() {
    let d = tempfile::tempdir().expect("temp dir");
    let head =
        "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n";
    let warn = write(
        d.path(),
        "warn.toml",
        &format!(
            "{head}\n[[entry]]\nid = 1\ndate = 2024-03-01\nkind = \"course\"\ndescription = \"Utan handledare\"\namount = \"1000\"\n"
        ),
    );
    on(&warn, &["check"])
        .code(0)
        .stdout_is(format!(
            "{0}: info K1 (Individual education funds SEK 110,000): No service periods: the\n    whole ST counts at 100 %\n\
             {0}:8: #1 warning K3 (The course is agreed with the supervisor): The course\n    content must be agreed with the supervisor: the supervisor's approval is missing.\n0 errors, 1 warning\n",
            warn.display()
        ));
    let err = write(
        d.path(),
        "err.toml",
        &format!(
            "{head}\n[[entry]]\nid = 1\ndate = 2024-03-01\nkind = \"other\"\ndescription = \"Övrigt\"\namount = \"1000\"\n"
        ),
    );
    let j = on(&err, &["check", "--format", "json"]).code(1).json();
    assert_eq!(j["counts"], serde_json::json!({"errors": 1, "warnings": 0}));
    // The ledger's own note first (no service periods, no line), then the entry's error.
    assert_eq!(j["findings"][0]["ref"], "K1");
    assert_eq!(j["findings"][0]["severity"], "info");
    assert_eq!(j["findings"][0]["line"], Value::Null);
    assert_eq!(j["findings"][1]["ref"], "K10");
    assert_eq!(j["findings"][1]["line"], 8);
    // `balance` reports; it does not fail on findings.
    on(&err, &["balance"]).code(0);
}

#[test]
fn balance_at_leaves_out_later_entries() {
    let l = common::root().join("tests/scenarios/kronoberg-basic.toml");
    let b = balance_json(&l, &["--at", "2024-12-31"]);
    assert_eq!(b["as_of"], "2024-12-31");
    let ids: Vec<u64> = b["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["id"].as_u64())
        .collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert_eq!(b["periods"][0]["charged"], "20830.50");
    assert_eq!(b["totals"]["central"], "3500.00");
}

/// An entry written before one dated earlier: as of a day between them, the
/// earlier entry is shown as itself (its description and details), not as the
/// entry at its place among all of the ledger's.
#[test]
fn balance_at_shows_each_entry_left_in_as_itself() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = write(
        d.path(),
        "l.toml",
        "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n\n\
         [[entry]]\nid = 1\ndate = 2025-05-10\nkind = \"literature\"\ndescription = \"Late book\"\namount = \"900.00\"\n\n\
         [[entry]]\nid = 2\ndate = 2024-03-11\nkind = \"literature\"\ndescription = \"Early book\"\namount = \"400.00\"\n",
    );
    let b = balance_json(&l, &["--at", "2024-12-31"]);
    let entries = b["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{b}");
    assert_eq!(entries[0]["id"], 2);
    assert_eq!(entries[0]["description"], "Early book");
    assert_eq!(entries[0]["amount"], "400.00");
    // The report (HTML) of that day too.
    let report = St::new()
        .ledger(&l)
        .args(["report", "--at", "2024-12-31"])
        .run()
        .stdout_has("<td>Early book</td>");
    assert!(!report.stdout.contains("Late book"), "{}", report.stdout);
}

#[test]
fn add_json_shows_where_the_money_goes() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = write(
        d.path(),
        "l.toml",
        "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n",
    );
    let j = leaves(
        &l,
        &[
            "add",
            "literature",
            "--date",
            "2024-03-01",
            "--amount",
            "6000.5",
            "--description",
            "Böcker",
            "--approved-by",
            "handledare=2024-02-01",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .code(0)
    .json();
    assert_eq!(j["recorded"], false);
    assert_eq!(
        j["entry"]["payers"],
        serde_json::json!({"budget": "5000.00", "central": "0.00", "unit": "0.00", "self": "1000.50"})
    );
    assert_eq!(j["entry"]["amount"], "6000.50");
    assert_eq!(j["entry"]["verdict"], "warning");
    assert_eq!(j["period"]["remaining"], "105000.00");
}

#[test]
fn a_ledger_that_cannot_be_read_names_file_line_and_column() {
    let d = tempfile::tempdir().expect("temp dir");
    let head = "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n\n[[entry]]\nid = 1\ndate = 2024-03-01\nkind = \"course\"\ndescription = \"x\"\n";
    let float = write(d.path(), "float.toml", &format!("{head}amount = 4500.5\n"));
    on(&float, &["balance"]).code(2).stdout_is("").stderr_is(format!(
        "error: {}:13:10: `amount` is a floating-point number (4500.5), which cannot hold öre exactly\nhint: write amounts as strings: amount = \"4500.50\"\n",
        float.display()
    ));
    let typo = write(d.path(), "typo.toml", &format!("{head}amont = \"1\"\n"));
    on(&typo, &["balance"]).code(2).stderr_is(format!(
        "error: {}:13:1: unknown field `amont` in [[entry]]\nhint: did you mean `amount`?\n",
        typo.display()
    ));
    // `add` on a broken ledger writes nothing.
    leaves(
        &typo,
        &[
            "add",
            "course",
            "--date",
            "2024-03-01",
            "--amount",
            "1",
            "--description",
            "x",
        ],
    )
    .code(2);
}

#[test]
fn inherited_findings_say_why_the_entry_they_belong_to_was_refused() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = write(
        d.path(),
        "l.toml",
        "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n\
         \n[[entry]]\nid = 1\ndate = 2024-01-01\nkind = \"course\"\ndescription = \"Före start\"\namount = \"1000\"\napprovals = { handledare = 2023-12-01 }\n\
         \n[[entry]]\nid = 2\ndate = 2024-01-10\nkind = \"travel\"\nfor = 1\ndescription = \"Resa efter start\"\namount = \"100\"\n\
         \n[[entry]]\nid = 3\ndate = 2024-02-01\nkind = \"study-circle\"\ndescription = \"Cirkel\"\namount = \"500\"\n\
         \n[[entry]]\nid = 4\ndate = 2024-02-01\nkind = \"lodging\"\nfor = 3\ndescription = \"Hotell\"\namount = \"700\"\n",
    );
    let b = balance_json(&l, &[]);
    let messages = |id| -> Vec<String> {
        entry(&b, id)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["message"].as_str().expect("message").to_string())
            .collect()
    };
    let outside = "Outside the ST: the funds can only be used from the ST start to the specialist certificate.";
    assert_eq!(messages(1), [outside]);
    assert_eq!(messages(2), [format!("As entry 1: {outside}")]);
    assert_eq!(payers(&b, 2), ["0.00", "0.00", "0.00", "100.00"]);
    assert_eq!(
        messages(4),
        [
            "As entry 3: The study circle must be approved by the director of studies: without that approval it is not reimbursed."
        ]
    );
    assert_eq!(payers(&b, 4), ["0.00", "0.00", "0.00", "700.00"]);
}

#[test]
fn entries_are_listed_in_date_order_ties_by_id() {
    let l = common::root().join("tests/cases/kronoberg/k14-date-order.toml");
    let b = balance_json(&l, &[]);
    let ids: Vec<u64> = b["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["id"].as_u64())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn init_writes_every_trainee_field_and_trainee_records_changes() {
    let (_d, l) = new_dir();
    on(
        &l,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna Lindqvist",
            "--id",
            "A123",
            "--start",
            "2024-01-08",
            "--certificate",
            "2028-12-31",
            "--percent",
            "75",
            "--programme",
            "plus",
            "--unit",
            "Medicinkliniken Växjö",
        ],
    )
    .success();
    let text = read(&l);
    let after_uid = text.split_once("\n\n").expect("blank line after the uid").1;
    assert_eq!(
        after_uid,
        "[trainee]\nname = \"Anna Lindqvist\"\nid = \"A123\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\ncertificate = 2028-12-31\nprogrammes = [\"plus\"]\nunit = \"Medicinkliniken Växjö\"\n\n[[service]]\nfrom = 2024-01-08\npercent = 75\n"
    );
    let b = balance_json(&l, &[]);
    assert_eq!(b["periods"][0]["to"], "2028-12-31");
    appends(
        &l,
        &["trainee", "--double-specialisation"],
        "\n[[trainee_change]]\nrecorded = 2026-11-22\ndouble_specialisation = true\n",
    );
    // K11's exception: the period stays open.
    let b = balance_json(&l, &[]);
    assert_eq!(b["periods"][0]["to"], Value::Null);
    assert_eq!(b["trainee"]["double_specialisation"], true);
    // Nothing to change is a bad invocation, and writes nothing.
    leaves(&l, &["trainee"]).code(2);
    leaves(&l, &["amend", "1", "--amount", "10"]).code(2);
}

/// `--policy ID|FILE` means the same on every command: an id of the catalogue,
/// or a policy file, and a file that exists wins over an id of the same name.
#[test]
fn policy_takes_an_id_or_a_file_the_same_everywhere() {
    let (dir, ledger) = new_dir();
    on(
        &ledger,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna",
            "--start",
            "2024-01-08",
        ],
    )
    .code(0);
    on(
        &ledger,
        &[
            "add",
            "literature",
            "--date",
            "2024-03-01",
            "--amount",
            "400",
            "--description",
            "EKG-boken",
            "--approved-by",
            "handledare=2024-02-01",
            "--force",
        ],
    );
    let by_ledger = on(&ledger, &["balance", "--format", "json"]).code(0).json();
    assert_eq!(by_ledger["policy"]["id"], "kronoberg");
    // By id: the ledger's own policy is not used.
    let by_id = on(
        &ledger,
        &[
            "balance",
            "--format",
            "json",
            "--policy",
            "vgr-allmanmedicin",
        ],
    )
    .code(0)
    .json();
    assert_eq!(by_id["policy"]["id"], "vgr-allmanmedicin");
    assert_eq!(refs(&by_id, 1), ["V1:\"error\""], "VGR funds no literature");
    // By file; a file named like an id wins over the id.
    let text = std::fs::read_to_string(common::root().join("policies/vgr-allmanmedicin.toml"))
        .expect("policy");
    std::fs::write(dir.path().join("kronoberg"), &text).expect("write");
    let by_file = St::new()
        .ledger(&ledger)
        .dir(dir.path())
        .args(["list", "--format", "json", "--policy", "kronoberg"])
        .run()
        .code(0)
        .json();
    assert_eq!(by_file["policy"]["id"], "vgr-allmanmedicin");
    // Neither an id nor a file.
    on(&ledger, &["check", "--policy", "kronobrg"])
        .code(2)
        .stderr_is(
            "error: --policy: unknown policy \"kronobrg\" (did you mean \"kronoberg\"?)\n\
             hint: give an id from `st-budget policy list`, or a policy file that exists\n",
        );
}
