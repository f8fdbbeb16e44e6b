//! Mandatory course subjects beyond `balance` (issue 16, part 3): the audit
//! counts those missing near the end of the programme, the report and `show`
//! name them, and a subject no policy lists is caught where it is written.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{St, root};

fn case(name: &str) -> PathBuf {
    root().join("tests/cases/subjects").join(name)
}

/// The names of the nine subjects the case ledger misses, in English.
const NINE: &str = "The general practice approach; Communication with patients and their families; \
Teamwork, leadership and teaching; Child health care, paediatrics; Medical science; \
Ethics, diversity and equality; Disease prevention; \
Laws and regulations, and the organisation of health care; Laws and regulations of general practice";

/// An inbox of two copies of the case ledger (2 done, 1 planned, 9 missing):
/// `far.toml` ends 2028-06-30, `near.toml` (trainee "Near") 2027-02-28,
/// 98 days after today.
fn inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("in");
    fs::create_dir_all(&inbox).expect("inbox");
    let text = fs::read_to_string(case("u01-subjects-and-places.toml")).expect("case");
    fs::write(inbox.join("far.toml"), &text).expect("far");
    let near = text
        .replace("certificate = 2028-06-30", "certificate = 2027-02-28")
        .replace("name = \"T\"", "name = \"Near\"");
    fs::write(inbox.join("near.toml"), near).expect("near");
    inbox
}

fn audit(inbox: &Path) -> St {
    St::new()
        .arg("audit")
        .arg(inbox)
        .arg("--policy-dir")
        .arg(case("policies"))
}

#[test]
fn the_audit_points_out_subjects_missing_near_the_end_in_both_languages() {
    let t = tempfile::tempdir().expect("temp dir");
    let inbox = inbox(t.path());
    let out = audit(&inbox).run().code(1).stdout;
    // The table wraps the line at the terminal's width (100 in tests).
    let near = "near.toml: Near\n  9 mandatory subjects missing (The general practice approach; Communication with patients and their\n";
    assert!(out.contains(near), "{out}");
    assert!(
        out.contains("of health care; Laws and regulations of general practice), specialist certificate 2027-02-28\n  warning integrity"),
        "{out}"
    );
    // The far one's findings come without it.
    assert!(out.contains("far.toml: T\n  warning integrity"), "{out}");
    assert_eq!(
        out.matches("mandatory subjects missing (").count(),
        1,
        "{out}"
    );
    assert!(
        out.contains(
            "\nMandatory subjects: 1 of 2 trainees miss some with 365 days or less left\n"
        ),
        "{out}"
    );
    let sv = audit(&inbox).lang("sv").run().code(1).stdout;
    assert!(
        sv.contains("near.toml: Near\n  9 obligatoriska kursämnen saknas (Allmänmedicinskt arbetssätt; Kommunikation med patienter och\n      närstående; "),
        "{sv}"
    );
    assert!(
        sv.contains("allmänmedicin),\n      specialistbevis 2027-02-28\n"),
        "{sv}"
    );
    assert!(
        sv.contains(
            "\nObligatoriska kursämnen: 1 av 2 ST-läkare saknar några med högst 365 dagar kvar\n"
        ),
        "{sv}"
    );
}

#[test]
fn one_missing_subject_is_said_in_the_singular() {
    let t = tempfile::tempdir().expect("temp dir");
    let inbox = t.path().join("in");
    fs::create_dir_all(&inbox).expect("inbox");
    let policy = fs::read_to_string(case("policies/subjects.toml")).expect("policy");
    // A policy listing the one subject the ledger still has planned.
    let first = policy.find("[[subject]]").expect("subjects");
    let rules = policy.find("[[rule]]").expect("rules");
    let one = format!(
        "{}[[subject]]\nid = \"palliativ-vard\"\nsv = \"Palliativ vård\"\nen = \"Palliative care\"\n\n{}",
        &policy[..first],
        &policy[rules..]
    );
    let dir = t.path().join("policies");
    fs::create_dir_all(&dir).expect("dir");
    fs::write(dir.join("subjects.toml"), one).expect("policy");
    let ledger = fs::read_to_string(case("u01-subjects-and-places.toml"))
        .expect("case")
        .replace("certificate = 2028-06-30", "certificate = 2026-12-31")
        .replace("subject = \"palliativ-vard\"\n", "");
    fs::write(inbox.join("one.toml"), ledger).expect("ledger");
    let run = |lang: &str| {
        St::new()
            .lang(lang)
            .arg("audit")
            .arg(&inbox)
            .arg("--policy-dir")
            .arg(&dir)
            .run()
            .code(1)
    };
    run("en").stdout_has(
        "\n  1 mandatory subject missing (Palliative care), specialist certificate 2026-12-31\n",
    );
    run("sv").stdout_has(
        "\n  1 obligatoriskt kursämne saknas (Palliativ vård), specialistbevis 2026-12-31\n",
    );
}

#[test]
fn the_audit_json_and_csv_count_the_subjects_of_each_ledger() {
    let t = tempfile::tempdir().expect("temp dir");
    let inbox = inbox(t.path());
    let json = audit(&inbox)
        .args(["--format", "json"])
        .run()
        .code(1)
        .json();
    let ids = serde_json::json!([
        "allmanmedicinskt-arbetssatt",
        "kommunikation",
        "medarbetarskap-ledarskap-pedagogik",
        "bvc-barnmedicin",
        "medicinsk-vetenskap",
        "etik-mangfald-jamlikhet",
        "sjukdomsforebyggande-arbete",
        "lagar-organisation",
        "lagar-allmanmedicin"
    ]);
    let far = &json["ledgers"][0];
    assert!(
        far["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("far.toml"))
    );
    assert_eq!(
        far["subjects"],
        serde_json::json!({"done": 2, "missing": 9, "missing_ids": ids, "near_end": false, "planned": 1})
    );
    assert_eq!(json["ledgers"][1]["subjects"]["near_end"], true);
    assert_eq!(
        json["summary"]["subjects"],
        serde_json::json!({"listed": 2, "missing_near_end": 1, "within_days": 365})
    );
    // A policy without subjects: null.
    let plain = St::new()
        .args(["audit", "--format", "json"])
        .arg(root().join("examples/kronoberg-anna.toml"))
        .run()
        .json();
    assert_eq!(plain["ledgers"][0]["policy"]["known"], true);
    assert_eq!(
        plain["ledgers"][0].get("subjects"),
        Some(&serde_json::Value::Null)
    );
    assert_eq!(plain["summary"]["subjects"]["listed"], 0);

    let csv = audit(&inbox).args(["--format", "csv"]).run().code(1).stdout;
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.ends_with(",unit,details,subjects_missing,subjects_missing_ids")),
        "{csv}"
    );
    let far = lines.next().expect("a ledger row");
    assert!(
        far.ends_with(",9,allmanmedicinskt-arbetssatt kommunikation medarbetarskap-ledarskap-pedagogik bvc-barnmedicin medicinsk-vetenskap etik-mangfald-jamlikhet sjukdomsforebyggande-arbete lagar-organisation lagar-allmanmedicin"),
        "{far}"
    );
}

#[test]
fn the_workbook_and_the_page_show_the_subjects_missing() {
    let t = tempfile::tempdir().expect("temp dir");
    let inbox = inbox(t.path());
    let book = t.path().join("book.xlsx");
    let page = t.path().join("page.html");
    audit(&inbox)
        .arg("--xlsx")
        .arg(&book)
        .arg("--html")
        .arg(&page)
        .run()
        .code(1);
    let mut x: Xlsx<_> = open_workbook(&book).expect("a workbook");
    let sheet = x.worksheet_range("Trainees").expect("trainees");
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 20), Data::String("Subjects missing".into()));
    // Row 2 is near.toml: done, planned, missing, which.
    assert_eq!(cell(2, 18), Data::Float(2.0));
    assert_eq!(cell(2, 19), Data::Float(1.0));
    assert_eq!(cell(2, 20), Data::Float(9.0));
    assert_eq!(cell(2, 21), Data::String(NINE.into()));
    assert!(
        matches!(cell(2, 17), Data::DateTime(_)),
        "{:?}",
        cell(2, 17)
    );

    let html = fs::read_to_string(&page).expect("page");
    assert!(
        html.contains("Missing subjects, 365 days or less left<b>1</b>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<p class=\"subjects warning\">9 mandatory subjects missing (")
            .count(),
        1
    );
    assert!(html.contains("Subjects missing"), "{html}");
}

/// `report` on the case ledger, in `lang`: the page's text.
fn report(dir: &Path, lang: &str) -> String {
    let page = dir.join(format!("report-{lang}.html"));
    St::new()
        .ledger(case("u01-subjects-and-places.toml"))
        .lang(lang)
        .arg("report")
        .arg("-o")
        .arg(&page)
        .arg("--policy-dir")
        .arg(case("policies"))
        .run()
        .success();
    fs::read_to_string(&page).expect("page")
}

#[test]
fn the_report_shows_the_subjects_done_planned_and_missing_and_what_the_budget_must_cover() {
    let t = tempfile::tempdir().expect("temp dir");
    let en = report(t.path(), "en");
    assert!(
        en.contains("<section id=\"subjects\"><h2>Mandatory course subjects</h2><p>Course subjects: 2 done, 1 planned, 9 missing of 12. Left in the budget: SEK\u{a0}45,500.00, which must also cover the 9 missing subjects: give the mandatory courses priority.</p>"),
        "{en}"
    );
    assert!(
        en.contains("<tr><td>Pharmaceuticals</td><td>done</td><td>#1</td></tr>"),
        "{en}"
    );
    assert!(
        en.contains(
            "<tr><td>Palliative care at the end of life</td><td>planned</td><td>#4</td></tr>"
        ),
        "{en}"
    );
    // Excused (entry 5): still missing, and the entry is not named.
    assert!(
        en.contains("<tr><td>Child health care, paediatrics</td><td class=\"warning\">missing</td><td></td></tr>"),
        "{en}"
    );
    assert_eq!(en.matches("<td class=\"warning\">missing</td>").count(), 9);
    let sv = report(t.path(), "sv");
    assert!(
        sv.contains("<h2>Obligatoriska kursämnen</h2><p>Kursämnen (12): klara 2, planerade 1, saknas 9. Kvar i budgeten: 45\u{a0}500,00\u{a0}kr, som också ska räcka till ämnena som saknas (9): prioritera de obligatoriska kurserna.</p>"),
        "{sv}"
    );
    assert!(
        sv.contains("<tr><td>Läkemedel</td><td>klar</td><td>#1</td></tr>"),
        "{sv}"
    );
    // A policy without subjects: no such section.
    let page = t.path().join("plain.html");
    St::new()
        .ledger(root().join("examples/kronoberg-anna.toml"))
        .arg("report")
        .arg("-o")
        .arg(&page)
        .run()
        .success();
    let plain = fs::read_to_string(&page).expect("page");
    assert!(plain.contains("<section id=\"totals\">"), "{plain}");
    assert!(!plain.contains("id=\"subjects\""), "{plain}");
}

#[test]
fn show_names_the_subject_a_course_covers() {
    let show = |lang: &str| {
        St::new()
            .ledger(case("u01-subjects-and-places.toml"))
            .lang(lang)
            .args(["show", "1", "--policy-dir"])
            .arg(case("policies"))
            .run()
            .success()
    };
    show("en").stdout_has("\n  course subject   Pharmaceuticals (lakemedel)\n");
    show("sv").stdout_has("\n  kursämne         Läkemedel (lakemedel)\n");
    let json = St::new()
        .ledger(case("u01-subjects-and-places.toml"))
        .args(["show", "1", "--format", "json", "--policy-dir"])
        .arg(case("policies"))
        .run()
        .json();
    // JSON keeps the id as the ledger stores it.
    assert_eq!(json["fields"]["subject"], "lakemedel");
}

#[test]
fn a_subject_the_policy_does_not_list_is_a_warning_with_a_guess() {
    let t = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(case("u01-subjects-and-places.toml"))
        .expect("case")
        .replace("subject = \"lakemedel\"", "subject = \"lakemedl\"");
    let led = common::write(t.path(), "typo.toml", &text);
    let run = |lang: &str, args: &[&str]| {
        St::new()
            .ledger(&led)
            .lang(lang)
            .args(args)
            .arg("--policy-dir")
            .arg(case("policies"))
            .run()
    };
    // Two errors as before (#3, #6); the typo is a third warning (two S4).
    // The table wraps at the terminal's width (100 in tests).
    run("en", &["check"])
        .code(1)
        .stdout_has("typo.toml:23: #1 warning S1 (Course budget SEK 60,000): The subject \"lakemedl\" is\n    not one the policy lists and covers nothing (did you mean \"lakemedel\"?).\n")
        .stdout_has("\n2 errors, 3 warnings\n");
    let message = |lang: &str| {
        let json = run(lang, &["balance", "--format", "json"]).json();
        let one = json["entries"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["id"] == 1).cloned())
            .expect("entry 1");
        assert_eq!(one["verdict"], "warning");
        assert_eq!(one["findings"].as_array().map(Vec::len), Some(1));
        assert_eq!(one["findings"][0]["severity"], "warning");
        one["findings"][0]["message"]
            .as_str()
            .expect("message")
            .to_string()
    };
    assert_eq!(
        message("en"),
        "The subject \"lakemedl\" is not one the policy lists and covers nothing (did you mean \"lakemedel\"?)."
    );
    assert_eq!(
        message("sv"),
        "Kursämnet \"lakemedl\" finns inte bland regelverkets kursämnen och täcker inget (menade du \"lakemedel\"?)."
    );
    let json = run("en", &["balance", "--format", "json"]).json();
    // It covers nothing: Läkemedel is missing.
    assert_eq!(json["subjects"][7]["status"], "missing");
    // A policy that lists no subjects says so.
    let plain = common::write(
        t.path(),
        "plain.toml",
        &fs::read_to_string(root().join("examples/kronoberg-anna.toml"))
            .expect("example")
            .replacen(
                "kind = \"course\"\n",
                "kind = \"course\"\nsubject = \"lakemedel\"\n",
                1,
            ),
    );
    St::new()
        .ledger(&plain)
        .args(["check"])
        .run()
        .stdout_has("plain.toml:14: #1 warning K1 (Individual education funds SEK 110,000): The subject\n    \"lakemedel\" covers nothing: the policy lists no mandatory subjects.\n");
}

/// `st-budget ARGS --subject …` on a ledger of the subjects case: a subject
/// the policy does not list is refused with a guess or the list (exit 2, the
/// ledger byte for byte); `listed`, one it lists, is recorded.
fn refuses_a_subject_the_policy_does_not_list(args: &[&str], listed: &str) {
    let t = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(case("u01-subjects-and-places.toml")).expect("case");
    let led = common::write(t.path(), "led.toml", &text);
    let run = |subject: &str, lang: &str| {
        St::new()
            .ledger(&led)
            .lang(lang)
            .args(args)
            .args(["--subject", subject, "--policy-dir"])
            .arg(case("policies"))
            .run()
    };
    run("lakemedl", "en").code(2).stderr_is(
        "error: --subject: policy subjects lists no subject \"lakemedl\"\n\
         hint: did you mean \"lakemedel\"? the subjects: allmanmedicinskt-arbetssatt, kommunikation, \
         medarbetarskap-ledarskap-pedagogik, bvc-barnmedicin, medicinsk-vetenskap, etik-mangfald-jamlikhet, \
         sjukdomsforebyggande-arbete, lakemedel, forsakringsmedicin, palliativ-vard, lagar-organisation, \
         lagar-allmanmedicin\n",
    );
    run("xyz", "sv")
        .code(2)
        .stderr_has("fel: --subject: regelverket subjects listar inget kursämne \"xyz\"\ntips: kursämnena: allmanmedicinskt-arbetssatt, ");
    assert_eq!(fs::read_to_string(&led).expect("ledger"), text);
    // A listed one is recorded.
    run(listed, "en").success();
    assert!(
        fs::read_to_string(&led)
            .expect("ledger")
            .ends_with(&format!("subject = \"{listed}\"\n"))
    );
}

#[test]
fn add_refuses_a_subject_the_policy_does_not_list() {
    let add = "add course --date 2027-03-01 --amount 1000 --description Kurs";
    let add: Vec<&str> = add.split(' ').collect();
    refuses_a_subject_the_policy_does_not_list(&add, "lagar-organisation");
}

/// As `add` does: before, `amend` recorded the subject, then warned.
#[test]
fn amend_refuses_a_subject_the_policy_does_not_list_as_add_does() {
    refuses_a_subject_the_policy_does_not_list(&["amend", "1"], "lakemedel");
}

#[test]
fn policy_check_refuses_a_rule_naming_an_unlisted_subject_at_its_place() {
    let t = tempfile::tempdir().expect("temp dir");
    let policy = fs::read_to_string(case("policies/subjects.toml")).expect("policy");
    let when = "when = { kind = \"course\", mandatory = false }";
    assert!(policy.contains(when));
    let check = |name: &str, new: &str| {
        let f = common::write(t.path(), name, &policy.replace(when, new));
        St::new().args(["policy", "check"]).arg(&f).run()
    };
    check("list.toml", "when = { kind = \"course\", subject = [\"lakemedel\", \"lakemedl\"] }")
        .code(2)
        .stderr_is("error: list.toml:110:51: the subject \"lakemedl\" is not one of the policy's [[subject]]\nhint: did you mean \"lakemedel\"?\n"
            .replace("list.toml", &t.path().join("list.toml").display().to_string()));
    check("not.toml", "when = { kind = \"course\", subject = { not = \"zzz\" } }")
        .code(2)
        .stderr_has("not.toml:110:45: the subject \"zzz\" is not one of the policy's [[subject]]\nhint: the subjects: allmanmedicinskt-arbetssatt, kommunikation, ");
    check(
        "parent.toml",
        "when = { kind = \"lodging\", parent.subject = \"palliativ\" }",
    )
    .code(2)
    .stderr_has("parent.toml:110:45: the subject \"palliativ\"");
    // Listed ids, and a comparison with another field, are fine.
    check(
        "ok.toml",
        "when = { kind = \"course\", subject = [\"lakemedel\", \"palliativ-vard\"] }",
    )
    .success();
    check(
        "same.toml",
        "when = { kind = \"lodging\", subject = { parent = \"subject\" } }",
    )
    .success();
}
