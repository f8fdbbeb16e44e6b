//! Approvals on the command line and in the file, as policy language v2 has
//! them (docs/policy.md, "Roles" and "Approvals: who, and by when"): dated
//! honestly where timing moves money, roles a policy declares, and a role a
//! ledger names checked where the ledger meets its policy. Also the other new
//! entry fields as `amend` records them, and a cancellation recorded late.
//! Today is 2026-11-22 (common::St).

mod common;

use std::path::{Path, PathBuf};

use common::{Run, St, balance_json, root, write};

/// The example policy of another region, with its declared roles.
fn at_policies() -> PathBuf {
    root().join("tests/cases/kronoberg-at/policies")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read ledger")
}

fn on(ledger: &Path, args: &[&str]) -> Run {
    St::new().ledger(ledger).args(args).run()
}

/// Runs a command that must fail with exit 2 and leave the ledger as it was.
fn refused(ledger: &Path, args: &[&str]) -> Run {
    let before = read(ledger);
    let r = on(ledger, args).code(2).stdout_is("");
    assert_eq!(read(ledger), before, "{args:?} changed the ledger");
    r
}

/// A new ledger `name` in `dir` under `policy`, from 2024-01-08, with `extra` flags of `init`.
fn init(dir: &Path, name: &str, policy: &str, extra: &[&str]) -> PathBuf {
    let l = dir.join(name);
    let args = [
        "init",
        "--policy",
        policy,
        "--name",
        "A",
        "--start",
        "2024-01-08",
    ];
    on(&l, &[args.as_slice(), extra].concat()).success();
    l
}

/// A VGR ledger from 2024-01-08 at 100 %.
fn vgr(dir: &Path) -> PathBuf {
    init(dir, "vgr.toml", "vgr-allmanmedicin", &["--percent", "100"])
}

const PAST_COURSE: &[&str] = &[
    "add",
    "course",
    "--date",
    "2026-03-02",
    "--amount",
    "5000",
    "--description",
    "K",
    "--catalogue",
    "--cancel-by",
    "2026-02-01",
    "--approved-by",
    "vardcentralchef=2026-01-10",
];

#[test]
fn an_undated_approval_of_a_past_entry_is_refused_where_a_rule_times_it() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = vgr(d.path());
    let undated = [PAST_COURSE, &["--approved-by", "studierektor"]].concat();
    refused(&l, &undated).stderr_is(
        "error: --approved-by: the entry's first day, 2026-03-02, is past (today is 2026-11-22): give the day studierektor approved it\n\
         hint: write --approved-by studierektor=DATE; an approval dated today would be 294 days too late under V10 (The director of studies approves before the last cancellation day), which needs it dated on or before 2026-02-01\n",
    );
    // A dry run is no exception: the date is what decides the verdict.
    refused(&l, &[undated.as_slice(), &["--dry-run"]].concat());
    let dated = [PAST_COURSE, &["--approved-by", "studierektor=2026-01-20"]].concat();
    on(&l, &dated).success();
    assert!(read(&l).contains(
        "approvals = { studierektor = 2026-01-20, vardcentralchef = 2026-01-10 }\ncancel_by = 2026-02-01\n"
    ));
    refused(&l, &["approve", "1", "--by", "studierektor"]).stderr_is(
        "error: --date: the entry's first day, 2026-03-02, is past (today is 2026-11-22): give the day studierektor approved it\n\
         hint: write --by studierektor --date DATE; an approval dated today would be 294 days too late under V10 (The director of studies approves before the last cancellation day), which needs it dated on or before 2026-02-01\n",
    );
    // No rule times the supervisor's approval: today it is.
    on(&l, &["approve", "1", "--by", "handledare"]).success();
    assert!(read(&l).ends_with(
        "[[amendment]]\nentry = 1\nrecorded = 2026-11-22\napprovals = { handledare = 2026-11-22 }\n"
    ));
    on(
        &l,
        &[
            "approve",
            "1",
            "--by",
            "studierektor",
            "--date",
            "2026-01-25",
        ],
    )
    .success();
    // `amend --approved-by` is held to the same rule.
    refused(&l, &["amend", "1", "--approved-by", "studierektor"]);
    // A course the health centre funds has no timed approval (V11).
    on(&l, &["amend", "1", "--funded-by", "unit"]).success();
    on(&l, &["approve", "1", "--by", "studierektor"]).success();
}

#[test]
fn an_undated_approval_of_a_coming_entry_is_dated_today_and_the_verdict_says_it_is_late() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = vgr(d.path());
    // Wide, so that the sentence the test looks for is not wrapped.
    St::new()
        .ledger(&l)
        .env("COLUMNS", "1000")
        .args([
            "add",
            "course",
            "--date",
            "2026-12-07",
            "--amount",
            "3000",
            "--description",
            "Kommande",
            "--catalogue",
            "--cancel-by",
            "2026-11-15",
            "--approved-by",
            "vardcentralchef=2026-11-01",
            "--approved-by",
            "studierektor",
        ])
        .run()
    .success()
    .stdout_has("The approval by studierektor came 7 days too late: it is dated 2026-11-22, and had to be dated on or before 2026-11-15, the last cancellation day (--cancel-by). A late approval counts as none.");
    let b = balance_json(&l, &[]);
    let e = &b["entries"][0];
    assert_eq!(e["payers"]["unit"], "3000.00");
    assert_eq!(e["findings"][0]["ref"], "V10");
    assert_eq!(e["verdict"], "warning");
}

#[test]
fn approvals_count_whatever_their_date_where_no_rule_times_them() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = d.path().join("k.toml");
    on(
        &l,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "A",
            "--start",
            "2024-01-08",
        ],
    )
    .success();
    on(
        &l,
        &[
            "add",
            "course",
            "--date",
            "2024-03-11",
            "--amount",
            "1000",
            "--description",
            "K",
            "--approved-by",
            "handledare",
        ],
    )
    .success();
    assert!(read(&l).contains("approvals = { handledare = 2026-11-22 }\n"));
    on(&l, &["approve", "1", "--by", "overgripande-studierektor"]).success();
}

#[test]
fn roles_a_policy_declares_on_the_command_line() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = d.path().join("at.toml");
    let dir = at_policies();
    let p = dir.to_str().expect("utf-8 path");
    on(
        &l,
        &[
            "init",
            "--policy",
            "kronoberg-at",
            "--policy-dir",
            p,
            "--name",
            "B",
            "--start",
            "2026-09-01",
            "--certificate",
            "2028-02-28",
        ],
    )
    .success();
    // By its Swedish name, any case: the file stores the id.
    on(
        &l,
        &[
            "add",
            "course",
            "--policy-dir",
            p,
            "--date",
            "2026-12-07",
            "--amount",
            "4000",
            "--description",
            "K",
            "--applied",
            "2026-11-01",
            "--approved-by",
            "at-CHEF=2026-10-20",
        ],
    )
    .success()
    .stdout_has("verdict: ok");
    assert!(read(&l).ends_with(
        "amount = \"4000.00\"\napprovals = { at-chef = 2026-10-20 }\napplied = 2026-11-01\n"
    ));
    // By its English name.
    on(
        &l,
        &[
            "approve",
            "1",
            "--policy-dir",
            p,
            "--by",
            "deputy head of AT",
            "--date",
            "2026-10-25",
        ],
    )
    .success();
    assert!(read(&l).ends_with("approvals = { bitr-at-chef = 2026-10-25 }\n"));
    refused(&l, &["approve", "1", "--policy-dir", p, "--by", "at-chief"])
        .stderr_is("error: --by: unknown role \"at-chief\" (did you mean \"at-chef\"?)\n");
    // A role the ledger's policy does not declare.
    let k = d.path().join("k.toml");
    on(
        &k,
        &[
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "A",
            "--start",
            "2024-01-08",
        ],
    )
    .success();
    on(
        &k,
        &[
            "add",
            "literature",
            "--date",
            "2024-03-11",
            "--amount",
            "100",
            "--description",
            "Bok",
            "--approved-by",
            "at-chef=2024-03-01",
        ],
    )
    .code(2)
    .stderr_is("error: --approved-by: unknown role \"at-chef\" (the roles of policy kronoberg: handledare, studierektor, overgripande-studierektor, verksamhetschef, vardcentralchef)\n");
}

/// A ledger of the AT example whose approval names `role`, at line 14, column 15.
fn at_ledger(dir: &Path, policy: &str, role: &str) -> PathBuf {
    write(
        dir,
        "x.toml",
        &format!(
            "format = 1\n\n[trainee]\nname = \"B\"\npolicy = \"{policy}\"\nstart = 2026-09-01\n\n[[entry]]\nid = 1\ndate = 2026-12-07\nkind = \"course\"\ndescription = \"K\"\namount = \"4000.00\"\napprovals = {{ {role} = 2026-10-20 }}\n"
        ),
    )
}

#[test]
fn a_role_in_a_ledger_is_checked_where_the_ledger_meets_its_policy() {
    let d = tempfile::tempdir().expect("temp dir");
    let dir = at_policies();
    let p = dir.to_str().expect("utf-8 path");
    let l = at_ledger(d.path(), "kronoberg-at", "at-chief");
    let shown = l.display().to_string();
    for args in [
        vec!["check", "--policy-dir", p],
        vec!["balance", "--policy-dir", p],
        vec![
            "service",
            "--from",
            "2027-01-01",
            "--percent",
            "50",
            "--policy-dir",
            p,
        ],
    ] {
        refused(&l, &args).stderr_is(format!(
            "error: {shown}:14:15: unknown role `at-chief` in approvals\nhint: did you mean `at-chef`?\n"
        ));
    }
    // The audit's table names the file below the folder its heading names
    // (issue 14); the error keeps the whole path with line and column.
    St::new()
        .env("COLUMNS", "200")
        .args(["audit", &shown, "--policy-dir", p])
        .run()
        .code(2)
        .stdout_has(format!(
            "\nx.toml: unreadable: {shown}:14:15: unknown role `at-chief` in approvals (hint: did you mean `at-chef`?)\n"
        ));
    // The policy's own role reads; under a policy that does not declare it, it does not.
    let ok = at_ledger(d.path(), "kronoberg-at", "at-chef");
    on(&ok, &["check", "--policy-dir", p]).success();
    let other = at_ledger(d.path(), "kronoberg", "at-chef");
    refused(&other, &["check"]).stderr_is(format!(
        "error: {shown}:14:15: unknown role `at-chef` in approvals\nhint: the roles of policy kronoberg are: handledare, studierektor, overgripande-studierektor, verksamhetschef, vardcentralchef\n"
    ));
    // `export` copies the ledger as it is: the director's audit judges it.
    let out = d.path().join("out.toml");
    on(&other, &["export", "-o", out.to_str().expect("utf-8 path")]).success();
}

#[test]
fn amend_records_applied_cancel_by_and_funded_by() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = vgr(d.path());
    // Without the green tick: an error (V3), recorded anyway.
    let course = [
        &PAST_COURSE[..8],
        &["--approved-by", "vardcentralchef=2026-01-10", "--force"],
    ]
    .concat();
    on(&l, &course).success();
    let before = read(&l);
    on(
        &l,
        &[
            "amend",
            "1",
            "--funded-by",
            "unit",
            "--applied",
            "2026-01-05",
            "--cancel-by",
            "2026-02-01",
        ],
    )
    .success()
    .stdout_has("V11 (The health centre funds the course)");
    assert_eq!(
        read(&l),
        format!(
            "{before}\n[[amendment]]\nentry = 1\nrecorded = 2026-11-22\napplied = 2026-01-05\ncancel_by = 2026-02-01\nfunded_by = \"unit\"\n"
        )
    );
    let b = balance_json(&l, &[]);
    let e = &b["entries"][0];
    assert_eq!(e["payers"]["unit"], "5000.00");
    assert_eq!(e["findings"][0]["ref"], "V11");
    assert_eq!(e["verdict"], "ok");
    refused(&l, &["amend", "1", "--funded-by", "self"])
        .stderr_has("unknown payer \"self\" (expected one of: unit, central)");
}

#[test]
fn a_cancellation_recorded_after_cancel_by_is_flagged_and_costs_nothing() {
    let d = tempfile::tempdir().expect("temp dir");
    let l = vgr(d.path());
    on(
        &l,
        &[PAST_COURSE, &["--approved-by", "studierektor=2026-01-20"]].concat(),
    )
    .success();
    on(&l, &["amend", "1", "--status", "cancelled"])
        .success()
        .stdout_has("  verdict: ok → warning\n")
        .stdout_has("V9 (Cancelled after the last cancellation day): The cancellation was recorded after the");
    let b = balance_json(&l, &[]);
    let e = &b["entries"][0];
    for payer in ["budget", "central", "unit", "self"] {
        assert_eq!(e["payers"][payer], "0.00", "{payer}");
    }
    assert_eq!(e["findings"][0]["ref"], "V9");
    assert_eq!(b["totals"]["amount"], "0.00");
}

#[test]
fn policy_show_names_declared_roles_in_both_languages() {
    let dir = at_policies();
    let p = dir.to_str().expect("utf-8 path");
    St::new()
        .lang("en")
        .args(["policy", "show", "kronoberg-at", "--policy-dir", p])
        .run()
        .success()
        .stdout_has("Roles this policy declares (beyond the built-in ones), with their ids:\n    head of AT (at-chef)\n    deputy head of AT (bitr-at-chef)\n")
        .stdout_has("must be approved by one of head of AT or deputy head of AT, dated on or before the day of application or registration (--applied) where the entry records it, else on or before the first day; a later approval counts as none;")
        .stdout_has("A cost that does not fit whole in the budget is not split");
    St::new()
        .lang("sv")
        .args(["policy", "show", "kronoberg-at", "--policy-dir", p])
        .run()
        .success()
        .stdout_has("Roller som regelverket inför (utöver de inbyggda), med sina id:\n    AT-chef (at-chef)\n    biträdande AT-chef (bitr-at-chef)\n")
        .stdout_has("ska godkännas av någon av AT-chef eller biträdande AT-chef, daterat senast dagen för ansökan eller anmälan (--applied) där posten anger den, annars senast första dagen;");
}
