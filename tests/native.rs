//! Feeling native: Swedish and English, machine formats that stay machine
//! formats, colour only where it belongs, no control characters from a file on
//! the terminal, and `policy show` / `policy check` in plain words.

mod common;

use std::path::{Path, PathBuf};

use common::{St, root};

/// Runs st-budget (no locale, no colour forcing, a fixed today): exit code,
/// stdout, stderr.
fn out(st: St) -> (Option<i32>, String, String) {
    let r = st.run();
    (r.exit, r.stdout, r.stderr)
}

fn anna() -> PathBuf {
    root().join("examples/kronoberg-anna.toml")
}

fn float_ledger(dir: &Path) -> PathBuf {
    let p = dir.join("float.toml");
    std::fs::write(
        &p,
        "format = 1\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n\n[[entry]]\nid = 1\ndate = 2024-02-01\nkind = \"course\"\ndescription = \"x\"\namount = 4500.5\n",
    )
    .expect("write");
    p
}

#[test]
fn errors_and_hints_speak_swedish_from_the_flag_or_the_locale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let l = float_ledger(dir.path());
    let sv = "fel: FILE:12:10: `amount` är ett flyttal (4500.5), som inte kan hålla ören exakt\ntips: skriv belopp som text: amount = \"4500.50\"\n"
        .replace("FILE", &l.display().to_string());
    let en = "error: FILE:12:10: `amount` is a floating-point number (4500.5), which cannot hold öre exactly\nhint: write amounts as strings: amount = \"4500.50\"\n"
        .replace("FILE", &l.display().to_string());
    let (code, stdout, stderr) = out(St::new().lang("sv").ledger(&l).arg("balance"));
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (Some(2), "", sv.as_str())
    );
    let (_, _, stderr) = out(St::new()
        .env("LANG", "sv_SE.UTF-8")
        .ledger(&l)
        .arg("balance"));
    assert_eq!(stderr, sv);
    // LC_ALL wins over LANG; an unknown language is English.
    let (_, _, stderr) = out(St::new()
        .env("LANG", "sv_SE.UTF-8")
        .env("LC_ALL", "en_GB.UTF-8")
        .ledger(&l)
        .arg("balance"));
    assert_eq!(stderr, en);
    let (_, _, stderr) = out(St::new()
        .env("LANG", "de_DE.UTF-8")
        .ledger(&l)
        .arg("balance"));
    assert_eq!(stderr, en);
    // A flag's value is checked in the chosen language too.
    let (code, _, stderr) = out(St::new().args([
        "--lang",
        "sv",
        "add",
        "course",
        "--date",
        "2024-13-01",
        "--amount",
        "1",
        "--description",
        "x",
    ]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("\"2024-13-01\" är inget datum: det finns ingen månad 13 (ett datum skrivs år-månad-dag, som 2024-03-11)"),
        "{stderr}"
    );
}

#[test]
fn tables_speak_the_language_with_its_money() {
    let (code, sv, _) = out(St::new().lang("sv").ledger(anna()).arg("list"));
    assert_eq!(code, Some(0));
    for word in [
        "Datum",
        "Beskrivning",
        "Belopp",
        "Bedömning",
        "kurs",
        "resa",
        "fel",
        "varning",
    ] {
        assert!(sv.contains(word), "no {word:?} in\n{sv}");
    }
    // The currency once, in the heading; the columns hold the numbers.
    assert!(sv.contains("belopp i kr"), "{sv}");
    assert!(sv.contains(" 12\u{a0}000,00 "), "{sv}");
    let (_, en, _) = out(St::new().lang("en").ledger(anna()).arg("list"));
    assert!(en.contains("amounts in SEK"), "{en}");
    assert!(en.contains(" 12,000.00 "), "{en}");
    assert!(en.contains("Description") && en.contains("course"));
}

#[test]
fn json_and_csv_are_machine_formats_whatever_the_language() {
    for (format, cmd) in [
        ("json", "balance"),
        ("json", "list"),
        ("csv", "list"),
        ("csv", "balance"),
    ] {
        let (_, sv, _) = out(St::new()
            .lang("sv")
            .ledger(anna())
            .args([cmd, "--format", format]));
        let (_, en, _) = out(St::new()
            .lang("en")
            .ledger(anna())
            .args([cmd, "--format", format]));
        assert!(!sv.contains('\u{1b}'));
        if format == "csv" {
            assert!(
                !sv.contains(" kr") && !sv.contains("SEK"),
                "{format} {cmd}:\n{sv}"
            );
            assert_eq!(sv.lines().next(), en.lines().next(), "the CSV header");
        } else {
            // Same keys, same amounts and verdicts; only a finding's message is in the language.
            let strip = |s: &str| {
                let mut v: serde_json::Value = serde_json::from_str(s).expect("json");
                fn walk(v: &mut serde_json::Value) {
                    match v {
                        serde_json::Value::Object(m) => {
                            m.remove("message");
                            m.values_mut().for_each(walk);
                        }
                        serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
                        _ => {}
                    }
                }
                walk(&mut v);
                v
            };
            let sv = strip(&sv);
            let text = sv.to_string();
            assert!(
                !text.contains(" kr") && !text.contains("SEK"),
                "{format} {cmd}:\n{text}"
            );
            assert_eq!(sv, strip(&en), "{format} {cmd}");
        }
    }
}

#[test]
fn colour_only_on_request_and_never_with_no_color() {
    let (_, plain, _) = out(St::new().ledger(anna()).arg("list"));
    assert!(!plain.contains('\u{1b}'), "colour into a pipe");
    let (_, forced, _) = out(St::new()
        .env("CLICOLOR_FORCE", "1")
        .ledger(anna())
        .arg("list"));
    assert!(forced.contains("\u{1b}["), "CLICOLOR_FORCE gives colour");
    let (_, none, _) = out(St::new()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .ledger(anna())
        .arg("list"));
    assert!(!none.contains('\u{1b}'), "NO_COLOR wins");
    // Errors on stderr too.
    let (_, _, err) = out(St::new()
        .env("CLICOLOR_FORCE", "1")
        .ledger("/nonexistent/x.toml")
        .args(["list"]));
    assert!(err.starts_with("\u{1b}["), "{err:?}");
    let (_, _, err) = out(St::new()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .ledger("/nonexistent/x.toml")
        .args(["list"]));
    assert!(err.starts_with("error: "), "{err:?}");
}

#[test]
fn no_control_character_from_a_file_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A policy directory whose policy carries an escape sequence in its name and a title.
    let pdir = dir.path().join("policies");
    std::fs::create_dir(&pdir).expect("mkdir");
    let text = std::fs::read_to_string(root().join("policies/kronoberg.toml")).expect("policy");
    let hostile = text
        .replacen(
            "Region Kronoberg – ST-ryggsäck",
            "Region \\u001b[2JKronoberg",
            1,
        )
        .replacen(
            "Region Kronoberg – ST backpack",
            "Region \\u001b[2JKronoberg",
            1,
        )
        .replacen(
            "Literature and digital programmes at most SEK 5,000",
            "Literature \\u001b]0;pwned\\u0007cap",
            1,
        );
    assert_ne!(hostile, text);
    std::fs::write(pdir.join("kronoberg.toml"), hostile).expect("write");
    let ledger = dir.path().join("evil\u{1b}[31m.toml");
    let anna = std::fs::read_to_string(anna()).expect("anna");
    std::fs::write(
        &ledger,
        anna.replacen("Anna Lindqvist", "Anna \\u001b[2J\\u009b31mLindqvist", 1)
            .replacen(
                "Klinisk farmakologi för specialister",
                "Klinisk \\u001b[1A\\u001b[2Kfarmakologi\\r\\nrad två",
                1,
            ),
    )
    .expect("write");
    for args in [
        vec!["list"],
        vec!["balance"],
        vec!["check"],
        vec!["policy", "list"],
        vec!["policy", "show", "kronoberg"],
    ] {
        for lang in ["sv", "en"] {
            // Forced colour: our own codes are there, nothing from the files is raw.
            let (code, stdout, stderr) = out(St::new()
                .env("CLICOLOR_FORCE", "1")
                .lang(lang)
                .ledger(&ledger)
                .args(&args)
                .arg("--policy-dir")
                .arg(&pdir));
            assert!(code.is_some_and(|c| c < 2), "{args:?}: {stderr}");
            for text in [&stdout, &stderr] {
                for bad in [
                    "\u{1b}[2J",
                    "\u{1b}]0",
                    "\u{7}",
                    "\u{9b}",
                    "\u{1b}[1A",
                    "\r",
                    "\u{1b}[31m.toml",
                ] {
                    assert!(
                        !text.contains(bad),
                        "{args:?} {lang}: raw {bad:?} in\n{text}"
                    );
                }
            }
        }
    }
    // Wide enough that no description wraps.
    let (_, list, err) = out(St::new()
        .env("COLUMNS", "300")
        .ledger(&ledger)
        .args(["list", "--policy-dir"])
        .arg(&pdir));
    assert!(
        list.contains("Anna \\u{1b}[2J\\u{9b}31mLindqvist"),
        "{list}\n{err}"
    );
    assert!(
        list.contains("Klinisk \\u{1b}[1A\\u{1b}[2Kfarmakologi\\u{d}\\u{a}rad två"),
        "{list}"
    );
}

#[test]
fn policy_show_explains_every_rule_in_plain_words() {
    for (lang, id) in [
        ("sv", "kronoberg"),
        ("en", "kronoberg"),
        ("sv", "vgr-allmanmedicin"),
        ("en", "vgr-allmanmedicin"),
    ] {
        let (code, text, _) = out(St::new().lang(lang).args(["policy", "show", id]));
        assert_eq!(code, Some(0));
        insta::assert_snapshot!(format!("policy-show-{id}-{lang}"), text);
    }
}

#[test]
fn policy_check_reports_each_text_without_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join("policies/kronoberg.toml")).expect("policy");
    let partial = text.replacen(
        ", en = \"Purchases are agreed with the supervisor\" }",
        " }",
        1,
    );
    assert_ne!(partial, text);
    let line = partial
        .lines()
        .position(|l| l.starts_with("title = { sv = \"Inköp stäms av med handledaren\" }"))
        .expect("line")
        + 1;
    let file = dir.path().join("partial.toml");
    std::fs::write(&file, partial).expect("write");
    let f = file.display().to_string();
    let (code, stdout, stderr) = out(St::new().args(["policy", "check", &f]));
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        format!(
            "warning: {f}:{line}:9: `title` has no English text (`en`): English output will show the Swedish text\nhint: title = {{ sv = \"…\", en = \"…\" }}\n"
        )
    );
    assert_eq!(
        stdout,
        format!(
            "{f}: ok, policy kronoberg 2024.1 with 14 rules, but 1 texts have no English (see the warnings above)\n"
        )
    );
    let (_, stdout, stderr) = out(St::new().lang("sv").args(["policy", "check", &f]));
    assert!(
        stderr.starts_with(&format!(
            "varning: {f}:{line}:9: `title` saknar engelsk text"
        )),
        "{stderr}"
    );
    assert!(
        stdout.ends_with("men 1 texter saknar engelska (se varningarna ovan)\n"),
        "{stdout}"
    );
    // The shipped policies are complete.
    for p in ["kronoberg", "vgr-allmanmedicin"] {
        let path = root().join(format!("policies/{p}.toml"));
        let (code, stdout, stderr) = out(St::new().arg("policy").arg("check").arg(&path));
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{p}");
        assert!(!stdout.contains("no English"), "{stdout}");
    }
}

#[test]
fn a_mistyped_command_line_is_explained_in_swedish_too() {
    let (code, stdout, stderr) = out(St::new().lang("sv").args(["balance", "--format", "yaml"]));
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert_eq!(
        stderr,
        "fel: ogiltigt värde 'yaml' för '--format <FORMAT>'\n  [möjliga värden: table, json, csv]\n\nMer hjälp: '--help'.\n"
    );
    let (code, _, stderr) = out(St::new().env("LANG", "sv_SE.UTF-8").arg("ada"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(
            "fel: okänt kommando 'ada'\n\n  tips: ett liknande kommando finns: 'add'\n"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = out(St::new().args(["balance", "--format", "yaml"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: invalid value 'yaml' for '--format <FORMAT>'\n"),
        "{stderr}"
    );
    // What was typed is quoted back, never raw.
    let (_, _, stderr) = out(St::new().args(["list", "--format", "x\u{1b}[2Jy"]));
    assert!(!stderr.contains("\u{1b}[2J"), "{stderr:?}");
}

#[test]
fn csv_into_a_file_or_pipe_is_the_data_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = dir.path().join("l.toml");
    let anna = std::fs::read_to_string(anna()).expect("anna");
    std::fs::write(
        &ledger,
        anna.replacen(
            "Klinisk farmakologi för specialister",
            "Klinisk \\u001b[1mfarmakologi",
            1,
        ),
    )
    .expect("write");
    let (_, csv, _) = out(St::new().ledger(&ledger).args(["list", "--format", "csv"]));
    assert!(csv.contains("Klinisk \u{1b}[1mfarmakologi"), "{csv}");
    let (_, table, _) = out(St::new().env("COLUMNS", "300").ledger(&ledger).arg("list"));
    assert!(table.contains("Klinisk \\u{1b}[1mfarmakologi"), "{table}");
}
