//! Policy language part 3 (issue 16): programmes, places and mandatory
//! subjects, excused absence, rules over time, and the shipped AT regions.

mod common;

use common::{St, root, write};

fn case(folder: &str, name: &str) -> std::path::PathBuf {
    root().join("tests/cases").join(folder).join(name)
}

#[test]
fn an_at_ledger_speaks_of_its_own_programme_in_both_languages() {
    let at = case("kronoberg-at-days", "d01-ten-study-days.toml");
    St::new()
        .ledger(&at)
        .lang("sv")
        .args(["balance"])
        .run()
        .stdout_has("AT från 2025-09-01, AT-anställningens slut 2027-02-28");
    St::new()
        .ledger(&at)
        .args(["balance"])
        .run()
        .stdout_has("AT from 2025-09-01, end of the AT employment 2027-02-28");
    let json = St::new()
        .ledger(&at)
        .args(["balance", "--format", "json"])
        .run()
        .json();
    assert_eq!(json["policy"]["programme"], "AT");
    assert_eq!(json["periods"][0]["label"], "AT");
}

#[test]
fn policy_list_shows_each_programme() {
    let out = St::new().args(["policy", "list"]).run().success().stdout;
    let row = |id: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} in {out}"))
            .to_string()
    };
    assert!(row("orebro-at").contains(" AT "), "{out}");
    assert!(row("kronoberg-at-days").contains(" AT "), "{out}");
    assert!(row("kronoberg").contains(" ST "), "{out}");
}

#[test]
fn a_misspelt_programme_is_refused_with_its_place_and_a_guess() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join("policies/orebro-at.toml"))
        .expect("policy")
        .replace("programme = \"AT\"", "programme = \"AX\"");
    let f = write(tmp.path(), "p.toml", &text);
    St::new()
        .args(["policy", "check"])
        .arg(&f)
        .run()
        .code(2)
        .stderr_has("p.toml:")
        .stderr_has("AX");
}

#[test]
fn subjects_show_done_planned_and_missing_in_table_and_json() {
    let led = case("subjects", "u01-subjects-and-places.toml");
    let dir = case("subjects", "policies");
    let run = |args: &[&str]| {
        St::new()
            .ledger(&led)
            .args(args)
            .arg("--policy-dir")
            .arg(&dir)
    };
    let json = run(&["balance", "--format", "json"]).run().json();
    let s = &json["subjects"];
    assert_eq!(s.as_array().map(Vec::len), Some(12));
    assert_eq!(s[7]["id"], "lakemedel");
    assert_eq!(s[7]["status"], "done");
    assert_eq!(s[8]["status"], "done");
    assert_eq!(s[9]["status"], "planned");
    assert_eq!(s[9]["entries"], serde_json::json!([4]));
    // Excused: the course did not cover its subject.
    assert_eq!(s[3]["status"], "missing");
    run(&["balance"]).lang("sv").run().stdout_has(
        "\nKursämnen (12): klara 2, planerade 1, saknas 9. Kvar i budgeten: 45\u{a0}500,00\u{a0}kr, som också ska räcka\n    till ämnena som saknas (9): prioritera de obligatoriska kurserna.\n",
    );
    St::new()
        .args(["policy", "show"])
        .arg(dir.join("subjects.toml"))
        .run()
        .stdout_has("    8. Pharmaceuticals (lakemedel)\n");
}

#[test]
fn a_subject_table_with_a_misspelt_key_is_refused_with_a_guess() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(case("subjects", "policies/subjects.toml"))
        .expect("policy")
        .replacen("sv = \"Läkemedel\"", "sw = \"Läkemedel\"", 1);
    let f = write(tmp.path(), "p.toml", &text);
    St::new()
        .args(["policy", "check"])
        .arg(&f)
        .run()
        .code(2)
        .stderr_has("p.toml:")
        .stderr_has("`sv`");
}

#[test]
fn rules_over_time_show_by_day() {
    let p = case("over-time", "policies/over-time.toml");
    let all = St::new()
        .args(["policy", "show"])
        .arg(&p)
        .run()
        .success()
        .stdout;
    assert!(all.contains("In force: from 2026-01-01\n"), "{all}");
    assert!(
        all.contains("SEK\u{a0}30,000.00 (until 2025-06-30 (included)), then SEK\u{a0}36,000.00 (from 2025-07-01)"),
        "{all}"
    );
    let day = St::new()
        .args(["policy", "show", "--at", "2025-03-01"])
        .arg(&p)
        .run()
        .success()
        .stdout;
    assert!(!day.contains("Books at most"), "{day}");
    assert!(
        day.contains("Your budget: SEK\u{a0}30,000.00 per calendar year"),
        "{day}"
    );
}

#[test]
fn overlapping_amounts_and_a_dated_main_budget_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text =
        std::fs::read_to_string(case("over-time", "policies/over-time.toml")).expect("policy");
    let overlap = write(
        tmp.path(),
        "overlap.toml",
        &text.replace("from = 2025-07-01 }", "from = 2025-06-01 }"),
    );
    St::new()
        .args(["policy", "check"])
        .arg(&overlap)
        .run()
        .code(2)
        .stderr_has("overlap.toml:")
        .stderr_has("without overlapping");
    let dated = write(
        tmp.path(),
        "dated.toml",
        &text.replacen(
            "kind = \"budget\"\n",
            "kind = \"budget\"\nfrom = 2025-01-01\n",
            1,
        ),
    );
    St::new()
        .args(["policy", "check"])
        .arg(&dated)
        .run()
        .code(2)
        .stderr_has("the main budget is always in force");
}

#[test]
fn excused_is_typed_in_swedish_and_stored_in_english() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(case("vgr", "v19-excused-absence.toml")).expect("case");
    let led = write(tmp.path(), "l.toml", &text);
    St::new()
        .ledger(&led)
        .args(["amend", "3", "--status", "giltig frånvaro"])
        .run()
        .success();
    let after = std::fs::read_to_string(&led).expect("ledger");
    assert!(after.contains("status = \"excused\""), "{after}");
    let json = St::new()
        .ledger(&led)
        .args(["balance", "--format", "json"])
        .run()
        .json();
    let e3 = json["entries"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == 3))
        .cloned()
        .expect("entry 3");
    assert_eq!(e3["payers"]["budget"], "2400.00");
}

#[test]
fn places_and_subjects_are_flags_of_add() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text =
        std::fs::read_to_string(case("subjects", "u01-subjects-and-places.toml")).expect("case");
    let led = write(tmp.path(), "l.toml", &text);
    let dir = case("subjects", "policies");
    St::new()
        .ledger(&led)
        .args([
            "add",
            "course",
            "--date",
            "2027-03-01",
            "--amount",
            "1000",
            "--description",
            "Etik",
            "--subject",
            "etik-mangfald-jamlikhet",
            "--in-region",
            "--mandatory",
        ])
        .arg("--policy-dir")
        .arg(&dir)
        .run()
        .success();
    let after = std::fs::read_to_string(&led).expect("ledger");
    assert!(
        after.contains(
            "in_region = true\nmandatory = true\nsubject = \"etik-mangfald-jamlikhet\"\n"
        ),
        "{after}"
    );
}
