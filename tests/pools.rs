//! Pools in days, events and free entries from the command line: `--days`,
//! `--event`, `--amount 0` only for an event, and every pool with its unit in
//! `add`, `balance` (table, JSON, CSV) and `list`.

mod common;

use std::path::{Path, PathBuf};

use common::{St, root, write};

/// The shipped policies, as a folder (the AT regions ship since issue 16).
fn policies() -> PathBuf {
    root().join("policies")
}

const LEDGER: &str = "format = 1

[trainee]
name = \"AT-läkare\"
policy = \"kronoberg-at-days\"
start = 2025-09-01
certificate = 2027-02-28

[[entry]]
id = 1
date = 2025-10-06
end = 2025-10-10
kind = \"course\"
description = \"Kurs\"
amount = \"9000.00\"
";

/// `st-budget --ledger LEDGER ARGS… --policy-dir (the example policies)`.
fn st(ledger: &Path, args: &[&str]) -> St {
    St::new()
        .ledger(ledger)
        .args(args)
        .arg("--policy-dir")
        .arg(policies())
}

#[test]
fn an_event_may_cost_nothing_and_nothing_else_may() {
    let d = tempfile::tempdir().expect("temp dir");
    let led = write(d.path(), "led.toml", LEDGER);
    // Refused on the command line, with the message a file gets, and nothing written.
    st(&led, &["add", "course", "--date", "2026-05-04", "--amount", "0", "--description", "Gratis"])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is("error: --amount: the amount must be more than zero (got 0.00)\nhint: only an event (--event) may cost nothing\n");
    assert_eq!(std::fs::read_to_string(&led).expect("read"), LEDGER);
    // An event: recorded, with its day kept for the exam drawn.
    st(&led, &[
            "add", "other", "--date", "2026-05-27", "--amount", "0", "--event", "at-tentamen",
            "--description", "AT-tentamen",
        ])
        .run()
        .success()
        .stdout_is("#2 2026-05-27 other · AT-tentamen · SEK\u{a0}0.00\n  At most ten study days, one for the AT exam: 1 working day, 4 of 10 working days left\n  verdict: ok\nPeriod AT: budget no cap, charged SEK\u{a0}9,000.00\n");
    let text = std::fs::read_to_string(&led).expect("read");
    assert!(
        text.ends_with("\n[[entry]]\nid = 2\ndate = 2026-05-27\nkind = \"other\"\ndescription = \"AT-tentamen\"\namount = \"0.00\"\nevent = \"at-tentamen\"\n"),
        "{text}"
    );
    // An amendment may make an entry free only when it is (or becomes) an event.
    st(&led, &["amend", "1", "--amount", "0"])
        .run()
        .code(2)
        .stderr_has("the amount must be more than zero (got 0.00)");
    assert_eq!(std::fs::read_to_string(&led).expect("read"), text);
    st(
        &led,
        &["amend", "1", "--amount", "0", "--event", "kurs-2025"],
    )
    .run()
    .success();
    // A file holds amendments to the same rule, in file order.
    let bad = write(
        d.path(),
        "bad.toml",
        &format!("{LEDGER}\n[[amendment]]\nentry = 1\namount = \"0\"\n"),
    );
    st(&bad, &["check"])
        .run()
        .code(2)
        .stderr_is(format!(
            "error: {}:17:1: the amendment sets `amount` to zero for entry 1, which is not an event\nhint: only an event (`event = …`) may cost nothing\n",
            bad.display()
        ));
    let good = write(
        d.path(),
        "good.toml",
        &format!(
            "{LEDGER}\n[[amendment]]\nentry = 1\nevent = \"x\"\n\n[[amendment]]\nentry = 1\namount = \"0\"\n"
        ),
    );
    st(&good, &["check"]).run().success();
}

#[test]
fn days_are_recorded_and_drawn_as_the_entry_states_them() {
    let d = tempfile::tempdir().expect("temp dir");
    let led = write(d.path(), "led.toml", LEDGER);
    // A course over a week that meets on two of its days.
    st(&led, &[
            "add", "course", "--date", "2026-03-02", "--end", "2026-03-06", "--days", "2",
            "--amount", "2000", "--description", "Två dagar",
        ])
        .lang("sv")
        .run()
        .success()
        .stdout_is("#2 2026-03-02 kurs · Två dagar · 2\u{a0}000,00\u{a0}kr\n  budget        2\u{a0}000,00\u{a0}kr\n  Högst tio studiedagar, en för AT-tentamen: 2 arbetsdagar, kvar 3 av 10 arbetsdagar, varav 1\n      arbetsdag för AT-tentamen\n  bedömning: ok\nPeriod AT: budget utan tak, belastat 11\u{a0}000,00\u{a0}kr\n");
    assert!(std::fs::read_to_string(&led).expect("read").contains("\nend = 2026-03-06\nkind = \"course\"\ndescription = \"Två dagar\"\namount = \"2000.00\"\ndays = 2\n"));
    // 5 + 2 of the 9 not kept for the exam: 2 left, and a course of 3 does not fit whole.
    st(
        &led,
        &[
            "add",
            "course",
            "--date",
            "2026-04-13",
            "--end",
            "2026-04-15",
            "--amount",
            "3000",
            "--description",
            "Tre dagar",
            "--dry-run",
        ],
    )
    .run()
    .code(1)
    .stdout_has("The entry has 3\n")
    .stdout_has("left for it in the pool: 2 working days.");
}

#[test]
fn every_pool_shows_with_its_unit() {
    let led = root().join("tests/cases/orebro-at/o01-study-pot-and-days.toml");
    let dir = root().join("policies");
    let run = |args: &[&str]| {
        St::new()
            .ledger(&led)
            .args(args)
            .arg("--policy-dir")
            .arg(&dir)
    };
    let json = run(&["balance", "--format", "json"]).run().json();
    assert_eq!(
        json["pools"],
        serde_json::json!([
            {"count": null, "id": "oat1-study-pot", "ref": "OAT1", "unit": "kronor",
             "periods": [{"label": "AT", "from": "2025-09-01", "to": "2027-02-28",
                          "amount": "16000.00", "used": "16000.00", "remaining": "0.00", "reserved": []}]},
            {"count": "working-days", "id": "oat2-five-working-days", "ref": "OAT2", "unit": "days",
             "periods": [{"label": "AT", "from": "2025-09-01", "to": "2027-02-28",
                          "amount": 5, "used": 5, "remaining": 0, "reserved": []}]}
        ])
    );
    // The main budget's periods, caps and totals mean what they meant.
    assert_eq!(json["periods"][0]["remaining"], "0.00");
    let entry = |id: u64| {
        json["entries"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["id"] == id))
            .cloned()
            .expect("entry")
    };
    assert_eq!(
        entry(4)["pools"],
        serde_json::json!([{"id": "oat2-five-working-days", "unit": "days", "used": 2}])
    );
    assert!(entry(2).get("pools").is_none());
    let csv = run(&["balance", "--format", "csv"]).run().success().stdout;
    assert_eq!(
        csv,
        "period,from,to,budget,charged,remaining,state,lapsed,pool,unit\nAT,2025-09-01,2027-02-28,16000.00,16000.00,0.00,current,,oat1-study-pot,kronor\nAT,2025-09-01,2027-02-28,5,5,0,current,,oat2-five-working-days,days\n"
    );
    let list = run(&["list", "--format", "csv"]).run().success().stdout;
    assert!(
        list.starts_with(
            "id,date,kind,description,status,amount,budget,central,unit,self,verdict,refs,pools\n"
        ),
        "{list}"
    );
    assert!(list.contains("\n4,2026-05-13,course,Kurs över Kristi himmelsfärd,planned,3900.00,3900.00,0.00,0.00,0.00,warning,OAT2,oat2-five-working-days=2\n"), "{list}");
    let table = run(&["balance"]).lang("sv").run().success().stdout;
    assert!(
        table.contains("Högst fem arbetsdagar med bibehållen lön  OAT2   AT      5 arbetsdagar  5 arbetsdagar  0 arbetsdagar\n"),
        "{table}"
    );
    // An uncapped main budget: null in JSON, "no cap" in tables.
    let at = root().join("tests/cases/kronoberg-at-days/d01-ten-study-days.toml");
    let json = st(&at, &["balance", "--format", "json"]).run().json();
    assert_eq!(json["periods"][0]["budget"], serde_json::Value::Null);
    assert_eq!(json["periods"][0]["charged"], "21900.00");
    assert_eq!(
        json["pools"][1]["periods"][0]["reserved"][0]["title"],
        "the AT exam"
    );
    let table = st(&at, &["balance"]).run().success().stdout;
    assert!(
        table.contains("\nAT      2025-09-01  2027-02-28  no cap  21,900.00     no cap\n"),
        "{table}"
    );
    assert!(
        table.contains("\n\u{a0}\u{a0}of which for the AT exam "),
        "{table}"
    );
}

#[test]
fn the_audit_shows_every_pool_and_an_uncapped_budget_as_such() {
    let d = tempfile::tempdir().expect("temp dir");
    let inbox = d.path().join("inbox");
    std::fs::create_dir(&inbox).expect("inbox");
    let at = root().join("tests/cases/kronoberg-at-days/d01-ten-study-days.toml");
    std::fs::copy(&at, inbox.join("at.toml")).expect("copy");
    let audit = |lang: &str, extra: &[&str]| {
        St::new()
            .lang(lang)
            .env("COLUMNS", "160")
            .arg("audit")
            .arg(&inbox)
            .args(extra)
            .arg("--policy-dir")
            .arg(policies())
            .run()
            .code(1)
    };
    // The row: no cap, never "0.00"; the pool in days under the ledger's name.
    audit("en", &[])
        .stdout_has("  AT      no cap  21,900.00     no cap    6     1\n")
        .stdout_has("\n  At most ten study days, one for the AT exam (AT): used 10 working days of 10 working days, 0 working days left\n");
    audit("sv", &[])
        .stdout_has("\n  Högst tio studiedagar, en för AT-tentamen (AT): använt 10 arbetsdagar av 10 arbetsdagar, kvar 0 arbetsdagar\n");
    // JSON: every budget with its unit; the main one uncapped (null).
    let json = audit("en", &["--format", "json"]).json();
    let l = &json["ledgers"][0];
    assert_eq!(l["current_period"]["budget"], serde_json::Value::Null);
    assert_eq!(l["pools"][1]["unit"], "days");
    assert_eq!(l["pools"][1]["periods"][0]["used"], 10);
    assert_eq!(l["pools"][1]["periods"][0]["remaining"], 0);
}
