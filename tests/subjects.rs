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
        sv.contains("<h2>Obligatoriska kursämnen</h2><p>Kursämnen: 2 klara, 1 planerade, 9 saknas av 12. Kvar i budgeten: 45\u{a0}500,00\u{a0}kr, som också ska räcka till de 9 ämnen som saknas: prioritera de obligatoriska kurserna.</p>"),
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
