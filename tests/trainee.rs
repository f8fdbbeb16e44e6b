//! The trainee's everyday use (issue 12), through the real binary: Swedish
//! words on the command line, consequences shown before they happen, one entry
//! at a time, messages that help, tables that fit, money that lapses.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, St, write};
use serde_json::{Value, json};

/// A VGR ledger: a closed 2024 with a course and its train, 2025 mostly on
/// leave, and 2026 at 75 % with 600 kr left before a December course.
const SARA: &str = r#"format = 1

[trainee]
name = "Sara Ek"
policy = "vgr-allmanmedicin"
start = 2024-01-08
programmes = ["plus"]

[[service]]
from = 2024-01-08
percent = 100

[[service]]
from = 2025-03-01
percent = 0

[[service]]
from = 2025-09-01
percent = 75

[[entry]]
id = 1
date = 2024-03-11
end = 2024-03-13
kind = "course"
description = "Akut EKG för allmänläkare, med fall från vårdcentralen"
amount = "12000"
catalogue = true
approvals = { studierektor = 2024-02-01, vardcentralchef = 2024-02-01 }

[[entry]]
id = 2
date = 2024-03-11
kind = "travel"
description = "Tåg Göteborg–Lund t/r"
amount = "1450.50"
for = 1
booked_via = "Lingmerths Resebyrå AB"
travel_mode = "train"
distance_km = 280

[[entry]]
id = 3
date = 2026-03-09
end = 2026-03-11
kind = "course"
description = "PLUS block 3: Multisjuklighet"
amount = "20000"
catalogue = true
programme = "plus"
approvals = { studierektor = 2026-02-01, vardcentralchef = 2026-02-01 }

[[entry]]
id = 4
date = 2026-12-15
kind = "course"
description = "Diabetes i primärvården"
amount = "3000"
catalogue = true
approvals = { studierektor = 2026-11-01, vardcentralchef = 2026-11-01 }

[[entry]]
id = 5
date = 2026-03-09
kind = "lodging"
description = "Hotell Skövde två nätter"
amount = "1900"
for = 3
booked_via = "Lingmerths Resebyrå AB"
nights = 2
"#;

const APPROVED: [&str; 4] = [
    "--approved-by",
    "studierektor=2026-11-01",
    "--approved-by",
    "vårdcentralchef=2026-11-01",
];

fn sara() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().expect("temp dir");
    let l = write(d.path(), "sara.toml", SARA);
    (d, l)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("read ledger")
}

fn on(ledger: &Path, args: &[&str]) -> Run {
    St::new().ledger(ledger).args(args).run()
}

/// Runs a command that must leave the ledger byte for byte as it was.
fn leaves(ledger: &Path, args: &[&str]) -> Run {
    let before = read(ledger);
    let r = on(ledger, args);
    assert_eq!(read(ledger), before, "{args:?} changed the ledger");
    r
}

/// A course in December 2026 that fits the 600 kr left only by taking 400 kr
/// from entry 4, dated after it.
fn december_course<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "add",
        "kurs",
        "--date",
        "2026-12-07",
        "--amount",
        "1000",
        "--description",
        "Astma",
        "--catalogue",
    ];
    args.extend(APPROVED);
    args.extend(extra);
    args
}

// ---------------------------------------------------------------- 1. words

#[test]
fn kinds_statuses_and_roles_are_taken_in_swedish_and_stored_in_english() {
    let (_d, l) = sara();
    for (typed, stored) in [
        ("kurs", "course"),
        ("BOK", "literature"),
        ("litteratur", "literature"),
        ("digitalt", "digital"),
        ("resa", "travel"),
        ("hotell", "lodging"),
        ("logi", "lodging"),
        ("Boende", "lodging"),
        ("kongress", "congress"),
        ("studiecirkel", "study-circle"),
        ("övrigt", "other"),
        ("ovrigt", "other"),
    ] {
        let j = on(
            &l,
            &[
                "add",
                typed,
                "--date",
                "2026-05-01",
                "--amount",
                "10",
                "--description",
                "X",
                "--for",
                "3",
                "--dry-run",
                "--format",
                "json",
                "--force",
            ],
        )
        .json();
        assert_eq!(j["entry"]["kind"], stored, "{typed}");
    }
    // Statuses and roles, with and without å/ä/ö, any case; the file keeps one spelling.
    let before = read(&l);
    on(
        &l,
        &[
            "amend",
            "4",
            "--status",
            "Sent-Avbokad",
            "--approved-by",
            "Vardcentralchef=2026-11-02",
            "--approved-by",
            "övergripande-studierektor=2026-11-03",
        ],
    )
    .success();
    assert_eq!(
        read(&l),
        format!(
            "{before}\n[[amendment]]\nentry = 4\nrecorded = 2026-11-22\nstatus = \"cancelled-late\"\n\
             approvals = {{ overgripande-studierektor = 2026-11-03, vardcentralchef = 2026-11-02 }}\n"
        )
    );
    for (typed, stored) in [
        ("planerad", "planned"),
        ("bokad", "booked"),
        ("genomförd", "attended"),
        ("avbokad", "cancelled"),
        ("uteblev", "no-show"),
    ] {
        let j = on(
            &l,
            &[
                "amend",
                "1",
                "--status",
                typed,
                "--dry-run",
                "--format",
                "json",
            ],
        )
        .json();
        assert_eq!(j["entry"]["status"], stored, "{typed}");
    }
    on(
        &l,
        &["approve", "3", "--by", "vårdcentralchef", "--dry-run"],
    )
    .success();
    // A near miss is told the word it was near, in the language of messages.
    on(
        &l,
        &[
            "add",
            "kurz",
            "--date",
            "2026-05-01",
            "--amount",
            "1",
            "--description",
            "X",
        ],
    )
    .code(2)
    .stderr_has("unknown kind \"kurz\" (did you mean \"course\"?)");
    St::new()
        .ledger(&l)
        .lang("sv")
        .args(["approve", "3", "--by", "vårdcentralchf"])
        .run()
        .code(2)
        .stderr_has("okänd roll \"vårdcentralchf\" (menade du \"vårdcentralchef\"?)");
    St::new()
        .ledger(&l)
        .lang("sv")
        .args(["amend", "3", "--status", "avbokd"])
        .run()
        .code(2)
        .stderr_has("okänd status \"avbokd\" (menade du \"avbokad\"?)");
    // Ways to travel too: `flyg` is stored as the `flight` the policy's V7 names.
    let j = on(
        &l,
        &[
            "add",
            "resa",
            "--for",
            "3",
            "--date",
            "2026-03-09",
            "--amount",
            "900",
            "--description",
            "Flyg",
            "--travel-mode",
            "flyg",
            "--distance-km",
            "60",
            "--booked-via",
            "Lingmerths Resebyrå AB",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .json();
    assert_eq!(j["entry"]["findings"][0]["ref"], "V7", "{j}");
}

#[test]
fn a_finding_shows_its_ref_and_title_never_the_rule_id() {
    let (_d, l) = sara();
    let out = St::new()
        .ledger(&l)
        .lang("sv")
        .arg("check")
        .run()
        .code(0)
        .stdout;
    assert!(
        out.contains("#5 varning V8 (Ingen övernattning inom pendlingsavstånd): Kan inte"),
        "{out}"
    );
    for slug in [
        "v1-yearly-course-budget",
        "v8-no-lodging-within-commute",
        "(v",
    ] {
        assert!(!out.contains(slug), "{slug} in {out}");
    }
}

// ---------------------------------------------------------------- 2. consequences

#[test]
fn an_add_that_costs_another_entry_its_funding_is_refused_and_says_which() {
    let (_d, l) = sara();
    // The dry run shows it, and would refuse it.
    let r = leaves(&l, &december_course(&["--dry-run"])).code(1);
    assert!(
        r.stdout.contains(
            "This also changes:\n  #4 2026-12-15 course · Diabetes i primärvården · SEK\u{a0}3,000.00\n    \
             budget        SEK\u{a0}3,000.00 → SEK\u{a0}2,600.00\n    \
             self          SEK\u{a0}0.00 → SEK\u{a0}400.00\n    verdict: ok → error\n    \
             #4 error V1 (Course budget SEK 34,000 a year at full time):"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stderr.starts_with(
        "error: this would turn entry 4 (2026-12-15 Diabetes i primärvården: V1) into an error; nothing was written\n\
         hint: change the amount or the date, or record it anyway with --force\n"
    ), "{}", r.stderr);
    // JSON: the changes at the top level, before and after.
    let j = leaves(&l, &december_course(&["--dry-run", "--format", "json"]))
        .code(1)
        .json();
    assert_eq!(
        j["changes"],
        json!([
            {"id": 6, "before": null, "after": {"verdict": "ok",
                "payers": {"budget": "1000.00", "central": "0.00", "unit": "0.00", "self": "0.00"}}},
            {"id": 4,
             "before": {"verdict": "ok",
                "payers": {"budget": "3000.00", "central": "0.00", "unit": "0.00", "self": "0.00"}},
             "after": {"verdict": "error",
                "payers": {"budget": "2600.00", "central": "0.00", "unit": "0.00", "self": "400.00"}}}
        ])
    );
    assert_eq!(j["recorded"], false);
    // Without --dry-run: refused, nothing written; with --force: recorded.
    leaves(&l, &december_course(&[]))
        .code(1)
        .stderr_has("this would turn entry 4");
    let before = read(&l);
    on(&l, &december_course(&["--force"]))
        .success()
        .stderr_has("recorded entry 6")
        .stderr_has("warning: entry 4 (2026-12-15 Diabetes i primärvården) is now an error");
    assert!(read(&l).len() > before.len());
}

#[test]
fn a_new_amount_or_date_is_refused_like_an_add_a_fact_is_recorded_and_shown() {
    let (_d, l) = sara();
    // A spending decision: the PLUS course made dearer pushes entry 4 over.
    leaves(&l, &["amend", "3", "--amount", "21000"])
        .code(1)
        .stdout_has("  amount: SEK\u{a0}20,000.00 → SEK\u{a0}21,000.00\n")
        .stderr_has("this would turn entry 4");
    leaves(&l, &["amend", "4", "--date", "2026-12-20", "--dry-run"]).code(0);
    leaves(&l, &["amend", "4", "--date", "2026-03-10"])
        .code(1)
        .stderr_has(
            "this would turn entry 4 (2026-03-10 Diabetes i primärvården: V4) into an error",
        );
    // A fact: a service change that costs entries their funding is recorded,
    // and each consequence is said on a line of its own.
    let r = on(&l, &["service", "--from", "2026-06-01", "--percent", "50"]).success();
    assert!(
        r.stdout.starts_with(
            "Service at 50 % from 2026-06-01\n\
             Period 2026: budget SEK\u{a0}25,500.00 → SEK\u{a0}20,516.44, remaining SEK\u{a0}600.00 → SEK\u{a0}0.00\n\
             This also changes:\n"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "recorded service at 50 % from 2026-06-01\n\
         warning: entry 5 (2026-03-09 Hotell Skövde två nätter) is now an error: see above\n\
         warning: entry 4 (2026-12-15 Diabetes i primärvården) is now an error: see above\n"
    );
    // A certificate date: the same, as JSON.
    let j = leaves(
        &l,
        &[
            "trainee",
            "--certificate",
            "2026-06-30",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    let ids: Vec<u64> = j["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["id"].as_u64())
        .collect();
    // 2026 to 30 June: 34000 × (151 × 75 + 30 × 50) / 36500 = 11 946,58 for entry 3
    // first; entry 4 was already over the budget after the service change.
    assert_eq!(ids, [3, 5], "{j}");
    assert_eq!(j["changes"][0]["after"]["verdict"], "error");
    assert_eq!(j["changes"][0]["after"]["payers"]["self"], "8053.42");
    assert_eq!(j["period_changes"][0]["label"], "2026");
    assert_eq!(j["recorded"], false);
}

#[test]
fn approve_and_attended_show_the_entry_before_and_after() {
    let (_d, l) = sara();
    on(&l, &["attended", "1"])
        .success()
        .stdout_has("  status: planned → attended\n")
        .stderr_is("recorded amendment of entry 1\n");
    let j = leaves(
        &l,
        &[
            "approve",
            "3",
            "--by",
            "handledare",
            "--date",
            "2026-01-10",
            "--dry-run",
            "--format",
            "json",
        ],
    )
    .success()
    .json();
    assert_eq!(j["changes"], json!([]));
    assert_eq!(j["entry"]["id"], 3);
    let r = leaves(&l, &["approve", "3", "--by", "handledare", "--dry-run"]).success();
    assert!(
        r.stdout.contains(
            "  approved by: studierektor 2026-02-01, vårdcentralchef 2026-02-01 → handledare 2026-11-22,\n      \
             studierektor 2026-02-01, vårdcentralchef 2026-02-01\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn cancelling_a_course_names_its_live_travel_and_lodging() {
    let (_d, l) = sara();
    let r = leaves(&l, &["cancel", "3", "--dry-run"]).success();
    assert!(
        r.stdout.ends_with(
            "Travel and lodging for entry 3 are still live; cancel each one that was cancelled:\n  \
             st-budget cancel 5   (#5 lodging · Hotell Skövde två nätter · SEK\u{a0}1,900.00, planned)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  status: planned → cancelled\n  cancelled in time: costs nothing\n")
    );
    // Too late: `--late`.
    let before = read(&l);
    on(&l, &["cancel", "3", "--late"]).success();
    assert_eq!(
        read(&l),
        format!(
            "{before}\n[[amendment]]\nentry = 3\nrecorded = 2026-11-22\nstatus = \"cancelled-late\"\n"
        )
    );
}

// ---------------------------------------------------------------- 3. left out

#[test]
fn information_left_out_is_not_rewarded() {
    let (_d, l) = sara();
    let hotel = [
        "add",
        "hotell",
        "--for",
        "4",
        "--date",
        "2026-12-15",
        "--amount",
        "100",
        "--description",
        "Hotell Borås",
        "--booked-via",
        "Lingmerths Resebyrå AB",
    ];
    // Without the distance V8 cannot judge it: refused like an error.
    leaves(&l, &hotel).code(1).stderr_is(
        "error: the entry cannot be judged without --distance-km; nothing was written\n\
         hint: give --distance-km, or record it anyway with --force\n",
    );
    // With a distance within commuting range it is an error of its own.
    let mut near = hotel.to_vec();
    near.extend(["--distance-km", "65"]);
    leaves(&l, &near).code(1).stdout_has("error V8");
    // Recorded anyway, then the distance given: a fact, recorded, and said.
    let mut forced = hotel.to_vec();
    forced.push("--force");
    on(&l, &forced).success();
    on(&l, &["amend", "6", "--distance-km", "65"])
        .success()
        .stdout_has("  distance: – → 65\u{a0}km\n")
        .stdout_has("  verdict: warning → error\n")
        .stderr_has("warning: entry 6 (2026-12-15 Hotell Borås) is now an error");
}

// ---------------------------------------------------------------- 4. one entry

#[test]
fn show_prints_one_entry_with_its_history_payers_reasons_and_linked_costs() {
    let (_d, l) = sara();
    on(&l, &["amend", "1", "--note", "Bra kurs"]).success();
    St::new()
        .ledger(&l)
        .env("ST_BUDGET_TODAY", "2026-11-25")
        .args(["attended", "1"])
        .run()
        .success();
    St::new()
        .ledger(&l)
        .lang("sv")
        .env("COLUMNS", "80")
        .args(["show", "1"])
        .run()
        .success()
        .stdout_is(
            "#1 2024-03-11 kurs · Akut EKG för allmänläkare, med fall från vårdcentralen ·\n    12\u{a0}000,00\u{a0}kr\n  \
             datum            2024-03-11\n  \
             slutdatum        2024-03-13\n  \
             slag             kurs\n  \
             beskrivning      Akut EKG för allmänläkare, med fall från vårdcentralen\n  \
             belopp           12\u{a0}000,00\u{a0}kr\n  \
             i kurskatalogen  ja\n  \
             status           genomförd\n  \
             godkänd av       studierektor 2024-02-01, vårdcentralchef 2024-02-01\n  \
             anteckning       Bra kurs\n\
             Historik:\n  \
             förd in (rad 21)\n  \
             2026-11-22 (rad 72): anteckning: – → Bra kurs\n  \
             2026-11-25 (rad 77): status: planerad → genomförd\n\
             Betalas av:\n  \
             budget        12\u{a0}000,00\u{a0}kr\n\
             Bedömning: ok\n\
             Period 2024: budget 33\u{a0}349,73\u{a0}kr, belastat 13\u{a0}450,50\u{a0}kr, förföll 19\u{a0}899,23\u{a0}kr\n\
             Kostnader som hör till den:\n  \
             #2 2024-03-11 resa · Tåg Göteborg–Lund t/r · 1\u{a0}450,50\u{a0}kr · planerad · ok\n",
        );
    let j = on(&l, &["show", "5", "--format", "json"]).success().json();
    assert_eq!(j["entry"]["verdict"], "warning");
    assert_eq!(j["entry"]["findings"][0]["ref"], "V8");
    assert_eq!(j["fields"]["for"], 3);
    assert_eq!(j["fields"]["amount"], "1900.00");
    assert_eq!(j["line"], 62);
    let j = on(&l, &["show", "1", "--format", "json"]).success().json();
    assert_eq!(
        j["history"],
        json!([
            {"recorded": "2026-11-22", "line": 72, "changes": {"note": "Bra kurs"}},
            {"recorded": "2026-11-25", "line": 77, "changes": {"status": "attended"}}
        ])
    );
    assert_eq!(j["linked"], json!([2]));
    on(&l, &["show", "9"])
        .code(2)
        .stderr_has("there is no entry 9");
}

#[test]
fn a_mistyped_intent_is_answered_with_the_command_that_does_it() {
    for (typed, answer) in [
        ("delete", "`st-budget cancel ID`"),
        ("remove", "never deletes an entry"),
        ("edit", "`st-budget amend ID`"),
        ("avboka", "`st-budget cancel ID`"),
        ("visa", "`st-budget show ID`"),
    ] {
        let r = St::new().args([typed, "3"]).run().code(2);
        assert!(
            r.stderr.starts_with(&format!(
                "error: st-budget has no command \"{typed}\"\nhint: "
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(answer), "{typed}: {}", r.stderr);
        assert!(!r.stderr.contains("similar"), "{}", r.stderr);
    }
    St::new()
        .lang("sv")
        .args(["ändra", "3"])
        .run()
        .code(2)
        .stderr_has("fel: st-budget har inget kommando \"ändra\"\ntips: rätta en post med `st-budget amend ID`");
}

// ---------------------------------------------------------------- 5. messages

#[test]
fn amounts_are_taken_as_people_write_them() {
    let (_d, l) = sara();
    for (typed, stored) in [
        ("4500", "4500.00"),
        ("4500,50", "4500.50"),
        ("4 500,50", "4500.50"),
        ("4500:-", "4500.00"),
        ("4 500 kr", "4500.00"),
        ("SEK 4,500.50", "4500.50"),
    ] {
        let j = on(
            &l,
            &[
                "add",
                "kurs",
                "--date",
                "2026-05-01",
                "--amount",
                typed,
                "--description",
                "X",
                "--dry-run",
                "--format",
                "json",
                "--force",
            ],
        )
        .json();
        assert_eq!(j["entry"]["amount"], stored, "{typed}");
    }
    on(&l, &["amend", "1", "--amount", "-300"])
        .code(2)
        .stderr_has("the amount must be more than zero (got -300); a refund or a correction is recorded on the entry itself");
}

#[test]
fn a_collision_names_the_entry_collided_with() {
    let (_d, l) = sara();
    let mut args = vec![
        "add",
        "kurs",
        "--date",
        "2026-03-10",
        "--amount",
        "100",
        "--description",
        "Dermatoskopi",
        "--catalogue",
        "--dry-run",
        "--format",
        "json",
    ];
    args.extend(APPROVED);
    let j = leaves(&l, &args).code(1).json();
    let messages: Vec<&str> = j["entry"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.ends_with("(collides with entry 3)")),
        "{messages:?}"
    );
}

// ---------------------------------------------------------------- 6. tables that fit

/// Every amount of `b` (a balance or list JSON) as a table writes it.
fn numbers(b: &Value, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in b["entries"].as_array().expect("entries") {
        out.push(e["amount"].as_str().expect("amount").to_string());
    }
    for p in b["periods"].as_array().expect("periods") {
        out.push(p["budget"].as_str().expect("budget").to_string());
    }
    out.into_iter()
        .map(|plain| {
            let (int, frac) = plain.split_once('.').expect("two decimals");
            let mut grouped = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(if lang == "sv" { '\u{a0}' } else { ',' });
                }
                grouped.push(c);
            }
            format!("{grouped}{}{frac}", if lang == "sv" { ',' } else { '.' })
        })
        .collect()
}

#[test]
fn tables_fit_80_and_120_columns_and_break_no_amount_date_or_word() {
    let (_d, l) = sara();
    let anna = common::root().join("examples/kronoberg-anna.toml");
    let examples = common::root().join("examples/vgr-sara.toml");
    for ledger in [l.as_path(), anna.as_path(), examples.as_path()] {
        let b = common::balance_json(ledger, &[]);
        for width in [80, 120] {
            for lang in ["sv", "en"] {
                let mut shown = String::new();
                for args in [
                    vec!["balance"],
                    vec!["balance", "--by", "year"],
                    vec!["list"],
                    vec!["check"],
                    vec!["show", "1"],
                    vec!["show", "2"],
                ] {
                    let r = St::new()
                        .ledger(ledger)
                        .lang(lang)
                        .env("COLUMNS", width.to_string())
                        .args(&args)
                        .output();
                    for line in r.stdout.lines() {
                        assert!(
                            line.chars().count() <= width,
                            "{args:?} at {width} ({lang}), {} chars:\n{line}\n{}",
                            line.chars().count(),
                            r.stdout
                        );
                    }
                    shown.push_str(&r.stdout);
                }
                // Each amount and date stands whole on one line somewhere.
                for n in numbers(&b, lang) {
                    assert!(
                        shown.contains(&n),
                        "{n} broken at {width} ({lang}):\n{shown}"
                    );
                }
                for e in b["entries"].as_array().expect("entries") {
                    let date = e["date"].as_str().expect("date");
                    assert!(shown.contains(date), "{date} at {width}");
                }
                // No word of a description split.
                for e in b["entries"].as_array().expect("entries") {
                    for word in e["description"].as_str().expect("description").split(' ') {
                        assert!(shown.contains(word), "{word:?} split at {width} ({lang})");
                    }
                }
            }
        }
    }
}

#[test]
fn list_is_compact_the_currency_once_and_zero_payers_blank() {
    let (_d, l) = sara();
    St::new()
        .ledger(&l)
        .env("COLUMNS", "120")
        .arg("list")
        .run()
        .success()
        .stdout_is(
            "Sara Ek · vgr-allmanmedicin 2026.1 · ST from 2024-01-08 · as of 2026-11-22 · amounts in SEK\n\
             #  Date        Description                                                        Amount     Budget  Verdict\n\
             ───────────────────────────────────────────────────────────────────────────────────────────────────────────────\n\
             1  2024-03-11  course: Akut EKG för allmänläkare, med fall från vårdcentralen  12,000.00  12,000.00  ok\n\
             2  2024-03-11  travel: Tåg Göteborg–Lund t/r (for #1)                           1,450.50   1,450.50  ok\n\
             3  2026-03-09  course: PLUS block 3: Multisjuklighet                           20,000.00  20,000.00  ok\n\
             5  2026-03-09  lodging: Hotell Skövde två nätter (for #3)                       1,900.00   1,900.00  warning V8\n\
             4  2026-12-15  course: Diabetes i primärvården                                  3,000.00   3,000.00  ok\n\
             #5 warning V8 (No overnight stay within commuting distance): Cannot be checked: `distance_km` is missing\n\
             0 errors, 1 warning\n",
        );
}

// ---------------------------------------------------------------- 7. lapsed money

#[test]
fn a_closed_period_lapsed_and_the_current_one_says_when_it_lapses() {
    let (_d, l) = sara();
    let b = common::balance_json(&l, &[]);
    assert_eq!(b["periods"][0]["state"], "closed");
    assert_eq!(b["periods"][0]["remaining"], "19899.23");
    assert_eq!(b["periods"][0]["lapsed"], "19899.23");
    assert_eq!(b["periods"][2]["state"], "current");
    assert_eq!(b["periods"][2].get("lapsed"), None);
    assert_eq!(
        b["services"],
        json!([
            {"from": "2024-01-08", "percent": 100},
            {"from": "2025-03-01", "percent": 0},
            {"from": "2025-09-01", "percent": 75}
        ])
    );
    let b = common::balance_json(&l, &["--at", "2024-06-30"]);
    assert_eq!(b["periods"][0]["state"], "current");
    assert_eq!(b["periods"][1]["state"], "future");
    St::new()
        .ledger(&l)
        .lang("sv")
        .env("COLUMNS", "80")
        .arg("balance")
        .run()
        .success()
        .stdout_is(
            "Sara Ek · vgr-allmanmedicin 2026.1 · ST från 2024-01-08 · per 2026-11-22\n\
             belopp i kr\n\
             Period  Från        Till           Budget   Belastat    Kvar    Förföll\n\
             ───────────────────────────────────────────────────────────────────────\n\
             2024    2024-01-08  2024-12-31  33\u{a0}349,73  13\u{a0}450,50          19\u{a0}899,23\n\
             2025    2025-01-01  2025-12-31  14\u{a0}019,18       0,00          14\u{a0}019,18\n\
             2026    2026-01-01  2026-12-31  25\u{a0}500,00  24\u{a0}900,00  600,00\n\
             2026: 600,00\u{a0}kr kvar, förfaller 2026-12-31.\n\
             Obs: 600,00\u{a0}kr förfaller om 39 dagar, 2026-12-31: det som inte används då är\n    förlorat.\n\
             Tjänstgöring  Från        Till\n\
             ────────────────────────────────────\n       \
             100 %  2024-01-08  2025-02-28\n         \
             0 %  2025-03-01  2025-08-31\n        \
             75 %  2025-09-01  –\n   \
             Totalt     Budget  Centralt  Enheten  Egen kostnad\n\
             ─────────────────────────────────────────────────────\n\
             38\u{a0}350,50  38\u{a0}350,50      0,00     0,00          0,00\n\
             0 fel, 1 varning\n",
        );
}

#[test]
fn balance_by_year_gives_charged_and_payers_per_calendar_year_for_a_whole_st_budget_too() {
    let anna = common::root().join("examples/kronoberg-anna.toml");
    let b = common::balance_json(&anna, &["--by", "year"]);
    let years = b["years"].as_array().expect("years");
    assert!(years.len() >= 2, "{b}");
    let sum = |k: &str| -> rust_decimal::Decimal {
        years
            .iter()
            .map(|y| {
                y[k].as_str()
                    .expect(k)
                    .parse::<rust_decimal::Decimal>()
                    .expect("decimal")
            })
            .sum()
    };
    for k in ["amount", "budget", "central", "unit", "self"] {
        assert_eq!(
            sum(k).to_string(),
            b["totals"][k].as_str().expect("total"),
            "{k}"
        );
    }
    assert_eq!(b["periods"][0]["label"], "ST");
    let csv = St::new()
        .ledger(&anna)
        .args(["balance", "--by", "year", "--format", "csv"])
        .run()
        .success()
        .stdout;
    assert!(
        csv.starts_with("year,amount,budget,central,unit,self\n2024,"),
        "{csv}"
    );
}

// ---------------------------------------------------------------- 8. getting started

#[test]
fn getting_started_points_at_what_is_installed_and_export_proposes_a_file() {
    let text = St::new().run().success().stdout;
    assert!(text.contains("st-budget man | man -l -"), "{text}");
    assert!(!text.contains("man st-budget"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    let (_d, l) = sara();
    on(&l, &["export"]).code(2).stderr_is(
        "error: export: name the file to write with -o FILE\n\
         hint: for example `st-budget export -o sara-ek-2026-11-22.toml`, then send that file to your director of studies\n",
    );
}
