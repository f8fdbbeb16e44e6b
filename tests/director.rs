//! The director of studies' audit (issue 14), run as the real binary over
//! generated inboxes: one line per trainee that fits a screen, the unit in every
//! output, what each unit pays per year and by rule, the money about to lapse,
//! a workbook read back cell by cell, integrity in words, the same trainee twice,
//! and the error findings an unreadable file cannot hide.

mod common;

#[path = "../examples/st-budget-gen/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{St, write};
use serde_json::{Value, json};
use tempfile::TempDir;

fn bin(dir: &Path) -> St {
    St::new().dir(dir)
}

/// `count` sealed ledgers from the generator, as a director receives them:
/// `--clean`, spread over `units` units of each policy, in `dir/inbox`.
fn inbox(dir: &Path, count: usize, units: usize) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    fs::create_dir_all(dir.join("inbox")).expect("mkdir");
    for index in 0..count {
        let policy = if index % 2 == 0 {
            synth::Policy::Kronoberg
        } else {
            synth::Policy::Vgr
        };
        let g = synth::ledger(&synth::Spec {
            seed: 1,
            index,
            policy,
            entries: 8,
            today: synth::Day::ymd(2026, 11, 22),
            units,
            clean: true,
        });
        let l = st_budget::ledger::parse("g.toml", &g.toml).expect("generated ledger");
        let sealed = format!(
            "{}{}",
            g.toml,
            st_budget::ledger::seal::render(&st_budget::ledger::seal::chain(&l), today)
        );
        write(
            &dir.join("inbox"),
            &format!("t{:02}.toml", index + 1),
            &sealed,
        );
    }
}

/// The width of a line on a terminal.
fn width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn thirty_clean_trainees_fit_one_screen_of_120_columns_and_narrower_drops_budget_first() {
    let t = TempDir::new().expect("temp dir");
    inbox(t.path(), 30, 3);
    let run = |columns: &str| {
        bin(t.path())
            .env("COLUMNS", columns)
            .args(["audit", "inbox"])
            .run()
            .success()
            .stdout
    };
    let wide = run("120");
    let lines: Vec<&str> = wide.lines().collect();
    // A heading, the column names and a rule, 30 rows, and three lines of sums.
    assert_eq!(lines.len(), 36, "{wide}");
    assert!(lines.iter().all(|l| width(l) <= 120), "{wide}");
    assert_eq!(
        lines[0],
        "Ledgers in inbox/ · as of 2026-11-22 · amounts in SEK"
    );
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "Path",
            "Trainee",
            "Id",
            "Unit",
            "Policy",
            "Integrity",
            "Period",
            "Remaining",
            "Err",
            "Warn"
        ]
    );
    assert!(lines[3].starts_with("t01.toml "), "{}", lines[3]);
    assert!(lines[3].contains(" Medicinkliniken Växjö "), "{}", lines[3]);
    assert!(lines[4].contains(" Vårdcentralen Centrum  vgr-allmanmedicin  sealed "));
    // Sorted by path, one row each, nothing below them but the sums.
    let paths: Vec<&str> = lines[3..33]
        .iter()
        .map(|l| l.split_whitespace().next().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(
        lines[33].starts_with("Units: 6; the units pay SEK\u{a0}0.00"),
        "{}",
        lines[33]
    );
    assert!(lines[34].contains(" lapses by 2026-12-31 (within 90 days; --lapsing lists them)"));
    assert_eq!(
        lines[35],
        "30 ledgers: 30 audited, 0 unreadable; 30 sealed, 0 unsealed, 0 broken, 0 rewritten; 0 errors, 0 warnings"
    );

    // Without a limit every column is there; at 80 budget and charged go first,
    // and path, trainee, integrity, remaining, errors and warnings stay.
    let all = run("400");
    let header: Vec<&str> = all
        .lines()
        .nth(1)
        .expect("header")
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        [
            "Path",
            "Trainee",
            "Id",
            "Unit",
            "Policy",
            "Integrity",
            "Period",
            "Budget",
            "Charged",
            "Remaining",
            "Err",
            "Warn"
        ]
    );
    let narrow = run("80");
    let lines: Vec<&str> = narrow.lines().collect();
    // Two of the sums wrap: still one screen.
    assert_eq!(lines.len(), 36 + 2, "{narrow}");
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    for kept in ["Path", "Trainee", "Integrity", "Remaining", "Err", "Warn"] {
        assert!(header.contains(&kept), "{header:?}");
    }
    for gone in ["Budget", "Charged"] {
        assert!(!header.contains(&gone), "{header:?}");
    }
    assert!(lines.iter().all(|l| width(l) <= 80), "{narrow}");
}

#[test]
fn the_units_table_fits_80_columns_and_keeps_what_the_unit_pays() {
    let t = TempDir::new().expect("temp dir");
    inbox(t.path(), 30, 3);
    let run = |columns: &str| {
        bin(t.path())
            .env("COLUMNS", columns)
            .args(["audit", "inbox", "--by-unit"])
            .run()
            .success()
            .stdout
    };
    let header = |out: &str| -> String {
        out.lines()
            .find(|l| l.starts_with("Unit "))
            .expect("the units' header")
            .to_string()
    };
    let wide = run("200");
    assert_eq!(
        header(&wide)
            .split("  ")
            .filter(|w| !w.is_empty())
            .map(str::trim)
            .collect::<Vec<_>>(),
        [
            "Unit",
            "Year",
            "Trainees",
            "Budget",
            "Central",
            "Unit pays",
            "Self",
            "Unit by rule"
        ]
    );
    // Central goes first (then self, then budget): the unit's own figures stay.
    let narrow = run("80");
    assert_eq!(
        header(&narrow)
            .split("  ")
            .filter(|w| !w.is_empty())
            .map(str::trim)
            .collect::<Vec<_>>(),
        [
            "Unit",
            "Year",
            "Trainees",
            "Budget",
            "Unit pays",
            "Self",
            "Unit by rule"
        ]
    );
    assert!(narrow.lines().all(|l| width(l) <= 80), "{narrow}");
}

/// Three trainees: Kronoberg over its budget (the unit pays K5), VGR with a
/// chargeback (V9) and a course the health centre funds (V11), and one
/// without a unit.
fn three_units(dir: &Path) {
    fs::create_dir_all(dir.join("in")).expect("mkdir");
    write(
        &dir.join("in"),
        "anna.toml",
        r#"format = 1
[trainee]
name = "Anna Lindqvist"
id = "KRO-1"
policy = "kronoberg"
start = 2024-01-08
certificate = 2028-12-31
unit = "Medicinkliniken Växjö"

[[service]]
from = 2024-01-08
percent = 100

[[entry]]
id = 1
date = 2024-02-12
kind = "course"
description = "Klinisk farmakologi"
amount = "100000"
goal = "c"
approvals = { handledare = 2024-01-15 }

[[entry]]
id = 2
date = 2025-03-10
kind = "course"
description = "EKG"
amount = "15000"
goal = "c"
approvals = { handledare = 2025-01-15 }
"#,
    );
    write(
        &dir.join("in"),
        "erik.toml",
        r#"format = 1
[trainee]
name = "Erik Berg"
id = "VGR-7"
policy = "vgr-allmanmedicin"
start = 2024-01-08
unit = "VC Centrum"

[[service]]
from = 2024-01-08
percent = 100

[[entry]]
id = 1
date = 2026-03-10
kind = "course"
description = "Astma och KOL"
amount = "8000"
catalogue = true
approvals = { studierektor = 2026-02-01, vardcentralchef = 2026-02-01 }

[[entry]]
id = 2
date = 2026-05-04
kind = "course"
description = "Diabetes"
amount = "3000"
catalogue = true
approvals = { vardcentralchef = 2026-04-01 }

[[entry]]
id = 3
date = 2026-09-01
kind = "course"
description = "Geriatrik"
amount = "2000"
funded_by = "unit"
"#,
    );
    write(
        &dir.join("in"),
        "bo.toml",
        r#"format = 1
[trainee]
name = "Bo Ek"
policy = "kronoberg"
start = 2024-01-08

[[entry]]
id = 1
date = 2025-01-10
kind = "course"
description = "Kurs"
amount = "1000"
goal = "c"
approvals = { handledare = 2024-12-01 }
"#,
    );
}

fn payers(budget: &str, central: &str, unit: &str, own: &str) -> Value {
    json!({"budget": budget, "central": central, "unit": unit, "self": own})
}

#[test]
fn each_unit_and_year_sums_its_trainees_payers_and_rules() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    let out = bin(t.path())
        .args(["audit", "in", "--format", "json"])
        .run()
        .code(0);
    let v = out.json();
    let ledgers = v["ledgers"].as_array().expect("ledgers");
    assert_eq!(ledgers[0]["trainee"]["unit"], "Medicinkliniken Växjö");
    assert_eq!(ledgers[1]["trainee"]["unit"], Value::Null);
    assert_eq!(ledgers[2]["trainee"]["unit"], "VC Centrum");
    let zero = "0.00";
    let unit = |unit: Value, year: i32, trainees: u64, p: Value, rules: Value| json!({"unit": unit, "year": year, "trainees": trainees, "payers": p, "unit_by_rule": rules});
    let medicin = || json!("Medicinkliniken Växjö");
    let vc = || json!("VC Centrum");
    assert_eq!(
        v["summary"]["units"],
        json!([
            unit(
                Value::Null,
                2024,
                1,
                payers(zero, zero, zero, zero),
                json!({})
            ),
            unit(
                Value::Null,
                2025,
                1,
                payers("1000.00", zero, zero, zero),
                json!({})
            ),
            unit(
                Value::Null,
                2026,
                1,
                payers(zero, zero, zero, zero),
                json!({})
            ),
            unit(
                medicin(),
                2024,
                1,
                payers("100000.00", zero, zero, zero),
                json!({})
            ),
            unit(
                medicin(),
                2025,
                1,
                payers("10000.00", zero, "5000.00", zero),
                json!({"K5": "5000.00"})
            ),
            unit(
                medicin(),
                2026,
                1,
                payers(zero, zero, zero, zero),
                json!({})
            ),
            unit(
                medicin(),
                2027,
                1,
                payers(zero, zero, zero, zero),
                json!({})
            ),
            unit(
                medicin(),
                2028,
                1,
                payers(zero, zero, zero, zero),
                json!({})
            ),
            unit(vc(), 2024, 1, payers(zero, zero, zero, zero), json!({})),
            unit(vc(), 2025, 1, payers(zero, zero, zero, zero), json!({})),
            unit(
                vc(),
                2026,
                1,
                payers("8000.00", zero, "5000.00", zero),
                json!({"V11": "2000.00", "V9": "3000.00"})
            ),
        ]),
        "{:#}",
        v["summary"]["units"]
    );

    // The table's line, and --by-unit in full.
    let table = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in"])
        .run()
        .code(0)
        .stdout;
    assert!(
        table.contains(
            "\nUnits: 2 and ledgers without a unit; the units pay SEK\u{a0}10,000.00, of which K5 SEK\u{a0}5,000.00, V11 SEK\u{a0}2,000.00, V9 SEK\u{a0}3,000.00 (--by-unit for each unit and year)\n"
        ),
        "{table}"
    );
    let by_unit = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in", "--by-unit"])
        .run()
        .code(0)
        .stdout;
    assert!(
        by_unit.contains(
            "\n(no unit)              2025         1    1,000.00     0.00       0.00  0.00\n"
        ),
        "{by_unit}"
    );
    assert!(
        by_unit.contains(
            "\nVC Centrum             2026         1    8,000.00     0.00   5,000.00  0.00  V11\u{a0}2,000.00, V9\u{a0}3,000.00\n"
        ),
        "{by_unit}"
    );
    // In Swedish, and as CSV for scripts.
    let sv = bin(t.path())
        .lang("sv")
        .env("COLUMNS", "200")
        .args(["audit", "in", "--by-unit"])
        .run()
        .code(0)
        .stdout;
    assert!(sv.contains("\n(ingen enhet)          2025 "), "{sv}");
    assert!(sv.contains("Enheten per regel"), "{sv}");
    let csv = bin(t.path())
        .args(["audit", "in", "--by-unit", "--format", "csv"])
        .run()
        .code(0)
        .stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "unit,year,trainees,budget,central,unit_pays,self,unit_by_rule"
    );
    assert_eq!(rows[2], ",2025,1,1000.00,0.00,0.00,0.00,");
    assert_eq!(
        rows[11],
        "VC Centrum,2026,1,8000.00,0.00,5000.00,0.00,V11=2000.00 V9=3000.00"
    );
    assert_eq!(rows.len(), 12);
}

#[test]
fn money_about_to_lapse_is_one_line_a_list_and_json() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    let v = bin(t.path())
        .args(["audit", "in", "--format", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(v["summary"]["lapsing_within"], 90);
    assert_eq!(
        v["summary"]["lapsing"],
        json!([{
            "lapses_on": "2026-12-31",
            "path": "in/erik.toml",
            "period": "2026",
            "remaining": "26000.00",
            "trainee": {"id": "VGR-7", "name": "Erik Berg"},
            "unit": "VC Centrum"
        }])
    );
    // The period's state and what lapsed, in every ledger's periods.
    let erik = &v["ledgers"][2];
    assert_eq!(erik["periods"][0]["state"], "closed");
    assert_eq!(erik["periods"][0]["lapsed"], "33349.73");
    assert_eq!(erik["current_period"]["state"], "current");
    // 39 days to the end of the year: not within 30.
    let v = bin(t.path())
        .args(["audit", "in", "--format", "json", "--lapsing-within", "30"])
        .run()
        .code(0)
        .json();
    assert_eq!(v["summary"]["lapsing"], json!([]));

    let table = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in"])
        .run()
        .code(0)
        .stdout;
    assert!(
        table.contains("\n1 trainee: SEK\u{a0}26,000.00 lapses by 2026-12-31 (within 90 days; --lapsing lists them)\n"),
        "{table}"
    );
    let list = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in", "--lapsing"])
        .run()
        .code(0)
        .stdout;
    assert!(list.contains("\nLapsing within 90 days:\n"), "{list}");
    assert!(
        list.contains(
            "\nerik.toml  Erik Berg (VGR-7)  VC Centrum  2026    26,000.00  2026-12-31\n"
        ),
        "{list}"
    );
    assert!(list.contains("\nTotal: SEK\u{a0}26,000.00\n"), "{list}");
    let sv = bin(t.path())
        .lang("sv")
        .env("COLUMNS", "200")
        .args(["audit", "in"])
        .run()
        .code(0)
        .stdout;
    assert!(
        sv.contains("\n1 ST-läkare: 26\u{a0}000,00\u{a0}kr förfaller senast 2026-12-31 (inom 90 dagar; --lapsing listar dem)\n"),
        "{sv}"
    );
    let csv = bin(t.path())
        .args(["audit", "in", "--lapsing", "--format", "csv"])
        .run()
        .code(0)
        .stdout;
    assert_eq!(
        csv,
        "path,trainee,trainee_id,unit,period,remaining,lapses_on\nin/erik.toml,Erik Berg,VGR-7,VC Centrum,2026,26000.00,2026-12-31\n"
    );
    // Two summaries in one CSV would be two tables: refused.
    bin(t.path())
        .args(["audit", "in", "--lapsing", "--by-unit", "--format", "csv"])
        .run()
        .code(2)
        .stderr_has("--by-unit and --lapsing each make a CSV table of their own");
}

#[test]
fn problems_keeps_only_the_ledgers_with_something_to_look_at_and_details_everything() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    let out = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in", "--problems"])
        .run()
        .code(0)
        .stdout;
    // Every ledger here is unsealed (a warning); Erik has a V9 warning as well.
    assert!(out.contains(" · only ledgers with problems (--problems)\n"));
    assert!(out.contains("\nerik.toml  Erik Berg"), "{out}");
    assert!(
        out.contains("  #2 warning V9 (The director of studies approves the course in ST-forum): "),
        "{out}"
    );
    // Info findings only with --details, and each ledger's particulars.
    assert!(!out.contains("info"), "{out}");
    let details = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in", "--details"])
        .run()
        .code(0)
        .stdout;
    assert!(
        details.contains("  #3 info V11 (v11-health-centre-funds): "),
        "{details}"
    );
    assert!(
        details.contains("  uid – · unsealed, 5 records · vgr-allmanmedicin 2026.1 · period 2026: budget SEK\u{a0}34,000.00, charged SEK\u{a0}8,000.00, remaining SEK\u{a0}26,000.00\n"),
        "{details}"
    );
}

#[test]
fn a_finding_is_named_by_its_rule_title_in_the_language_chosen_and_by_its_id_with_details() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    let run = |lang: &str, details: bool| {
        let mut args = vec!["audit", "in", "--problems"];
        if details {
            args.push("--details");
        }
        bin(t.path())
            .lang(lang)
            .env("COLUMNS", "300")
            .args(args)
            .run()
            .code(0)
            .stdout
    };
    let sv = run("sv", false);
    assert!(
        sv.contains("  #2 varning V9 (Studierektor godkänner kursen i ST-forum): Kursen är inte godkänd av studierektor: kostnaden debiteras vårdcentralen.\n"),
        "{sv}"
    );
    assert!(!sv.contains("v9-director-approves"), "{sv}");
    // The audit's own findings: the ref and the message say it.
    assert!(
        sv.contains("  varning integritet: liggaren saknar försegling"),
        "{sv}"
    );
    assert!(!sv.contains("(unsealed)"), "{sv}");
    let details = run("sv", true);
    assert!(
        details.contains("  #2 varning V9 (v9-director-approves): Kursen är inte godkänd"),
        "{details}"
    );
    assert!(
        details.contains("  varning integritet (unsealed): liggaren saknar försegling"),
        "{details}"
    );
}

#[test]
fn a_clean_ledger_is_left_out_with_problems() {
    let t = TempDir::new().expect("temp dir");
    inbox(t.path(), 4, 1);
    let out = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "inbox", "--problems"])
        .run()
        .code(0)
        .stdout;
    assert!(!out.contains("t01.toml"), "{out}");
    assert!(out.ends_with("4 ledgers: 4 audited, 0 unreadable; 4 sealed, 0 unsealed, 0 broken, 0 rewritten; 0 errors, 0 warnings\n"));
}

/// A cell of a sheet, by row and column.
fn cell(sheet: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn the_workbook_has_four_sheets_numbers_as_numbers_dates_as_dates_and_no_formulas() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    // A hostile trainee: a formula, a TAB before one, an escape character.
    let hostile = "=HYPERLINK(\"http://x\",\"klick\")";
    let bo = fs::read_to_string(t.path().join("in/bo.toml")).expect("bo");
    fs::write(
        t.path().join("in/bo.toml"),
        bo.replace("name = \"Bo Ek\"", &format!("name = {hostile:?}"))
            .replace(
                "description = \"Kurs\"",
                "description = \"\\t=1+1 \\u001b[2J\"",
            ),
    )
    .expect("write");
    for lang in ["en", "sv"] {
        let book = t.path().join(format!("audit-{lang}.xlsx"));
        bin(t.path())
            .lang(lang)
            .args(["audit", "in", "--xlsx"])
            .arg(&book)
            .run()
            .code(0)
            .stderr_has("audit-");
        let mut x: Xlsx<_> = open_workbook(&book).expect("a workbook");
        let names = x.sheet_names();
        let want = match lang {
            "en" => ["Trainees", "Findings", "Units", "Lapsing"],
            _ => ["ST-läkare", "Fynd", "Enheter", "Förfaller"],
        };
        assert_eq!(names, want);
        let trainees = x.worksheet_range(want[0]).expect("trainees");
        let head = |c| cell(&trainees, 0, c);
        match lang {
            "en" => {
                assert_eq!(head(0), Data::String("Path".into()));
                assert_eq!(head(3), Data::String("Unit".into()));
                assert_eq!(head(12), Data::String("Remaining".into()));
            }
            _ => {
                assert_eq!(head(0), Data::String("Fil".into()));
                assert_eq!(head(3), Data::String("Enhet".into()));
                assert_eq!(head(12), Data::String("Kvar".into()));
            }
        }
        // Rows in input order: anna, bo, erik.
        assert_eq!(cell(&trainees, 1, 0), Data::String("in/anna.toml".into()));
        assert_eq!(
            cell(&trainees, 1, 3),
            Data::String("Medicinkliniken Växjö".into())
        );
        // The hostile name is a string, never a formula.
        assert_eq!(cell(&trainees, 2, 1), Data::String(hostile.into()));
        assert_eq!(cell(&trainees, 3, 10), Data::Float(34000.0));
        assert_eq!(cell(&trainees, 3, 11), Data::Float(8000.0));
        assert_eq!(cell(&trainees, 3, 12), Data::Float(26000.0));
        match cell(&trainees, 3, 9) {
            Data::DateTime(d) => {
                // Excel counts days from 1899-12-30.
                let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("date");
                let end = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
                assert_eq!(d.as_f64(), (end - epoch).num_days() as f64);
            }
            other => panic!("the period's end is not a date: {other:?}"),
        }
        assert_eq!(cell(&trainees, 3, 14), Data::Float(0.0));
        let formulas = x.worksheet_formula(want[0]).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula"
        );

        let findings = x.worksheet_range(want[1]).expect("findings");
        let rules: Vec<String> = (1..findings.height() as u32)
            .map(|r| cell(&findings, r, 7).to_string())
            .collect();
        assert!(
            rules.contains(&"v9-director-approves".to_string()),
            "{rules:?}"
        );
        assert!(rules.contains(&"unsealed".to_string()), "{rules:?}");
        // The ref and the rule's title in the workbook's language; the rule's
        // id stays as it is, for filters.
        let row = |rule: &str| {
            (1..findings.height() as u32)
                .find(|&r| cell(&findings, r, 7) == Data::String(rule.into()))
                .expect("a row of the rule")
        };
        let (integrity, title) = match lang {
            "en" => (
                "integrity",
                "The director of studies approves the course in ST-forum",
            ),
            _ => ("integritet", "Studierektor godkänner kursen i ST-forum"),
        };
        assert_eq!(
            cell(&findings, row("unsealed"), 6),
            Data::String(integrity.into())
        );
        assert_eq!(cell(&findings, row("unsealed"), 10), Data::Empty);
        assert_eq!(
            cell(&findings, row("v9-director-approves"), 6),
            Data::String("V9".into())
        );
        assert_eq!(
            cell(&findings, row("v9-director-approves"), 10),
            Data::String(title.into())
        );

        let units = x.worksheet_range(want[2]).expect("units");
        let heads: Vec<String> = (0..units.width() as u32)
            .map(|c| cell(&units, 0, c).to_string())
            .collect();
        let (v9, v11) = match lang {
            "en" => ("Unit V9", "Unit V11"),
            _ => ("Enheten V9", "Enheten V11"),
        };
        let v9 = heads.iter().position(|h| h == v9).expect("a V9 column") as u32;
        let v11 = heads.iter().position(|h| h == v11).expect("a V11 column") as u32;
        let last = units.height() as u32 - 1;
        assert_eq!(cell(&units, last, 0), Data::String("VC Centrum".into()));
        assert_eq!(cell(&units, last, 1), Data::Float(2026.0));
        assert_eq!(cell(&units, last, 5), Data::Float(5000.0));
        assert_eq!(cell(&units, last, v9), Data::Float(3000.0));
        assert_eq!(cell(&units, last, v11), Data::Float(2000.0));

        let lapsing = x.worksheet_range(want[3]).expect("lapsing");
        assert_eq!(lapsing.height(), 2);
        assert_eq!(cell(&lapsing, 1, 1), Data::String("Erik Berg".into()));
        assert_eq!(cell(&lapsing, 1, 5), Data::Float(26000.0));
        assert!(matches!(cell(&lapsing, 1, 6), Data::DateTime(_)));
    }
    // The kronor format, the frozen header and the filters are in the file itself.
    let sheet = zip_text(&t.path().join("audit-en.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pane ySplit=\"1\""), "no frozen header");
    assert!(sheet.contains("<autoFilter ref=\"A1:V4\"/>"), "{sheet}");
    let styles = zip_text(&t.path().join("audit-en.xlsx"), "xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"#,##0.00 &quot;kr&quot;\""),
        "{styles}"
    );
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\""), "{styles}");
}

/// A file inside a zip (an xlsx), as text.
fn zip_text(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(fs::File::open(path).expect("open")).expect("a zip");
    let mut text = String::new();
    z.by_name(name)
        .expect("in the zip")
        .read_to_string(&mut text)
        .expect("text");
    text
}

#[test]
fn the_same_trainee_twice_is_flagged_on_both_files_in_every_output() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    let erik = fs::read_to_string(t.path().join("in/erik.toml")).expect("erik");
    fs::write(
        t.path().join("in/erik-igen.toml"),
        erik.replace("Erik Berg", "Erik B."),
    )
    .expect("write");
    let page = t.path().join("page.html");
    let book = t.path().join("book.xlsx");
    let table = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in", "--html"])
        .arg(&page)
        .arg("--xlsx")
        .arg(&book)
        .run()
        .code(1)
        .stdout;
    for (me, other) in [
        ("erik-igen.toml", "in/erik.toml"),
        ("erik.toml", "in/erik-igen.toml"),
    ] {
        assert!(
            table.contains(&format!(
                "has another ledger in this audit: {other}; which one holds?\n"
            )),
            "{me}: {table}"
        );
    }
    let v = bin(t.path())
        .args(["audit", "in", "--format", "json"])
        .run()
        .code(1)
        .json();
    let flagged: Vec<&str> = v["ledgers"]
        .as_array()
        .expect("ledgers")
        .iter()
        .filter(|l| {
            l["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["rule"] == "duplicate-trainee" && f["ref"] == "integrity")
        })
        .map(|l| l["path"].as_str().expect("path"))
        .collect();
    assert_eq!(flagged, ["in/erik-igen.toml", "in/erik.toml"]);
    let csv = bin(t.path())
        .args(["audit", "in", "--format", "csv"])
        .run()
        .code(1)
        .stdout;
    assert_eq!(
        csv.matches(",error,duplicate-trainee,integrity,").count(),
        2,
        "{csv}"
    );
    let html = fs::read_to_string(&page).expect("page");
    assert_eq!(
        html.matches("<b>integrity</b> the same trainee, Erik")
            .count(),
        2,
        "{html}"
    );
    let mut x: Xlsx<_> = open_workbook(&book).expect("a workbook");
    let findings = x.worksheet_range("Findings").expect("findings");
    let twice = (1..findings.height() as u32)
        .filter(|&r| cell(&findings, r, 7) == Data::String("duplicate-trainee".into()))
        .count();
    assert_eq!(twice, 2);
    // The Swedish page says it in Swedish, its ref too.
    let sv = t.path().join("sida.html");
    bin(t.path())
        .lang("sv")
        .args(["audit", "in", "--html"])
        .arg(&sv)
        .run()
        .code(1);
    let html = fs::read_to_string(&sv).expect("page");
    assert_eq!(
        html.matches("<b>integritet</b> samma ST-läkare, Erik")
            .count(),
        2,
        "{html}"
    );
    assert!(!html.contains("<b>integrity</b>"), "{html}");
}

#[test]
fn a_page_that_cannot_be_written_is_said_before_any_ledger_is_read() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    for (lang, said) in [
        (
            "en",
            "error: the page saknas/page.html (--html) cannot be written: there is no folder saknas\n",
        ),
        (
            "sv",
            "fel: sidan saknas/page.html (--html) kan inte skrivas: mappen saknas finns inte\n",
        ),
    ] {
        let out = bin(t.path())
            .lang(lang)
            .args(["audit", "in", "--html", "saknas/page.html"])
            .run()
            .code(2);
        assert_eq!(out.stderr, said);
        // Nothing audited, so nothing said of any ledger.
        assert_eq!(out.stdout, "");
    }
    assert!(!t.path().join("saknas").exists());
}

#[test]
fn a_file_that_cannot_be_read_does_not_hide_the_others_error_findings() {
    let t = TempDir::new().expect("temp dir");
    three_units(t.path());
    write(
        &t.path().join("in"),
        "trasig.toml",
        "format = 1\n[trainee\n",
    );
    let anna = fs::read_to_string(t.path().join("in/anna.toml")).expect("anna");
    // An other use without the overarching director's approval: an error (K10).
    fs::write(
        t.path().join("in/anna.toml"),
        format!("{anna}\n[[entry]]\nid = 3\ndate = 2025-06-01\nkind = \"other\"\ndescription = \"X\"\namount = \"500\"\n"),
    )
    .expect("write");
    let out = bin(t.path())
        .env("COLUMNS", "200")
        .args(["audit", "in"])
        .run()
        .code(2);
    assert!(
        out.stdout.ends_with(
            "; 1 error, 5 warnings\nexit status 2: 1 ledger could not be read; the 3 others have 1 error finding\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\ntrasig.toml: unreadable: in/trasig.toml:2:"),
        "{}",
        out.stdout
    );
    let v = bin(t.path())
        .args(["audit", "in", "--format", "json"])
        .run()
        .code(2)
        .json();
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["unreadable"], 1);
    // CSV says it on stderr, where its summary goes.
    bin(t.path())
        .lang("sv")
        .args(["audit", "in", "--format", "csv"])
        .run()
        .code(2)
        .stderr_has("slutstatus 2: 1 liggare kunde inte läsas; de 3 andra har 1 fel");
}

#[test]
fn integrity_is_in_words_and_the_hashes_only_in_json_and_details() {
    let t = TempDir::new().expect("temp dir");
    let d = t.path();
    let ok = |args: &[&str]| {
        bin(d).ledger("w.toml").args(args).run().success();
    };
    ok(&[
        "init",
        "--policy",
        "kronoberg",
        "--name",
        "Anna Lindqvist",
        "--id",
        "KRO-1",
        "--start",
        "2024-01-08",
        "--unit",
        "Medicinkliniken Växjö",
    ]);
    ok(&[
        "add",
        "course",
        "--date",
        "2024-02-12",
        "--amount",
        "12000",
        "--description",
        "K",
        "--goal",
        "c",
    ]);
    ok(&["export", "-o", "e.toml"]);
    bin(d)
        .args(["audit", "e.toml", "--register", "reg.toml"])
        .run()
        .success();
    // A fresh ledger of the same trainee, another uid.
    bin(d)
        .ledger("fresh.toml")
        .args([
            "init",
            "--policy",
            "kronoberg",
            "--name",
            "Anna Lindqvist",
            "--id",
            "KRO-1",
            "--start",
            "2024-01-08",
        ])
        .run()
        .success();
    bin(d)
        .ledger("fresh.toml")
        .args(["export", "-o", "f.toml"])
        .run()
        .success();
    let table = bin(d)
        .env("COLUMNS", "300")
        .args(["audit", "f.toml", "--register", "reg.toml"])
        .run()
        .code(1)
        .stdout;
    let v = bin(d)
        .args([
            "audit",
            "f.toml",
            "--register",
            "reg.toml",
            "--format",
            "json",
        ])
        .run()
        .code(1)
        .json();
    let f = &v["ledgers"][0]["findings"][0];
    assert_eq!(f["rule"], "fresh-ledger");
    let message = "Anna Lindqvist (KRO-1) is known to the register under another ledger, last audited on 2026-11-22 with 2 records: this is a fresh ledger, which does not continue it";
    assert_eq!(f["message"], message);
    let details = f["details"].as_str().expect("details");
    assert!(
        details.starts_with("the register's ledger: uid "),
        "{details}"
    );
    let uid = v["ledgers"][0]["trainee"]["uid"].as_str().expect("uid");
    assert!(details.ends_with(&format!("; this one: uid {uid}")));
    assert!(
        table.contains(&format!("  error integrity: {message}\n")),
        "{table}"
    );
    assert!(!table.contains(uid), "{table}");
    let detailed = bin(d)
        .env("COLUMNS", "1000")
        .args(["audit", "f.toml", "--register", "reg.toml", "--details"])
        .run()
        .code(1)
        .stdout;
    assert!(
        detailed.contains(&format!(
            "  error integrity (fresh-ledger): {message} [{details}]\n"
        )),
        "{detailed}"
    );
    assert!(
        detailed.contains(" · register: fresh-ledger · "),
        "{detailed}"
    );
    // What the register made of it, in Swedish too.
    let detaljer = bin(d)
        .lang("sv")
        .env("COLUMNS", "1000")
        .args(["audit", "f.toml", "--register", "reg.toml", "--details"])
        .run()
        .code(1)
        .stdout;
    assert!(
        detaljer.contains(" · omskriven, 1 post · registret: ny liggare · "),
        "{detaljer}"
    );
    let sv = bin(d)
        .lang("sv")
        .env("COLUMNS", "300")
        .args(["audit", "f.toml", "--register", "reg.toml"])
        .run()
        .code(1)
        .stdout;
    assert!(
        sv.contains("  fel integritet: Anna Lindqvist (KRO-1) är känd i registret med en annan liggare, senast granskad 2026-11-22 med 2 poster: det här är en ny liggare, som inte fortsätter den\n"),
        "{sv}"
    );
    // The rule's stable id is for scripts and --details, not the table.
    assert!(!sv.contains("fresh-ledger"), "{sv}");

    // A history rewritten after the audit: which record, which audit, in words.
    fs::remove_file(d.join("e.toml")).expect("rm");
    let text = fs::read_to_string(d.join("w.toml")).expect("w");
    fs::write(
        d.join("w.toml"),
        text.replace("amount = \"12000.00\"", "amount = \"1200.00\""),
    )
    .expect("write");
    ok(&["export", "-o", "e.toml"]);
    let table = bin(d)
        .env("COLUMNS", "300")
        .args(["audit", "e.toml", "--register", "reg.toml"])
        .run()
        .code(1)
        .stdout;
    assert!(
        table.contains("  #1 error integrity: the history was rewritten after the audit of 2026-11-22: entry 1 (line "),
        "{table}"
    );
    assert!(
        table.contains(") is not what that audit saw (record 2 of the 2 it saw)\n"),
        "{table}"
    );
}
