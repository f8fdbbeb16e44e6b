//! With `--lang sv`, what a failing command prints is Swedish: a representative
//! command for each way a command fails (a file that cannot be read, a mistake in
//! a ledger or a policy, a bad flag, a refused entry, a failed write) is run, and
//! its output must hold no English word outside what it quotes (`code`, "text"),
//! the file names it cites and the flags it names.
//!
//! Broken TOML syntax is said in Swedish too (`tomlx::syntax`). Out of scope
//! here: the ledger's own vocabulary (field names, kind and status words) that
//! a message quotes.

mod common;

use std::path::Path;

use common::{St, write};

const LEDGER: &str = r#"format = 1

[trainee]
name = "Anna Lindqvist"
policy = "kronoberg"
start = 2024-01-08
certificate = 2028-12-31

[[service]]
from = 2024-01-08
percent = 100

[[entry]]
id = 1
date = 2024-02-12
kind = "course"
description = "Klinisk farmakologi"
amount = "12000"
goal = "c"
approvals = { handledare = 2024-01-15 }
"#;

/// English words that never belong in Swedish prose. Short and common ones only,
/// so that a Swedish word that happens to look English cannot trip the test.
const ENGLISH: &[&str] = &[
    "the",
    "cannot",
    "can't",
    "not",
    "is",
    "are",
    "was",
    "file",
    "files",
    "error",
    "hint",
    "warning",
    "expected",
    "found",
    "entry",
    "ledger",
    "policy",
    "with",
    "and",
    "of",
    "must",
    "read",
    "write",
    "written",
    "no",
    "such",
    "permission",
    "denied",
    "directory",
    "unknown",
    "missing",
    "line",
    "column",
    "duplicate",
    "key",
    "recursion",
    "limit",
    "there",
    "it",
    "this",
    "which",
    "or",
    "give",
    "use",
    "nothing",
    "refused",
    "record",
    "recorded",
    "exists",
    "already",
    "too",
    "large",
    "only",
    "name",
    "create",
    "should",
    "would",
    "could",
    "did",
    "you",
    "mean",
    "than",
    "at",
    "most",
    "least",
    "lock",
    "waiting",
    "another",
    "internal",
    "bug",
    "please",
    "report",
];

/// The words of `text` outside what it quotes (`code`, "text", 'value',
/// <VALUE>, [table]), the paths it names and the flags.
fn prose_words(text: &str, paths: &[&str]) -> Vec<String> {
    let mut t = text.to_string();
    for p in paths {
        t = t.replace(p, " ");
    }
    let mut out = String::new();
    let mut close: Option<char> = None;
    let mut depth = 0;
    for c in t.chars() {
        match close {
            Some(']') if c == '[' => depth += 1,
            Some(q) if c == q && depth > 0 => depth -= 1,
            Some(q) if c == q => close = None,
            Some(_) => {}
            None => match c {
                '`' | '"' => close = Some(c),
                '\'' => close = Some('\''),
                '<' => close = Some('>'),
                '[' => close = Some(']'),
                c => out.push(c),
            },
        }
    }
    out.split_whitespace()
        // A path or a file name (led.toml, /tmp/x), a flag, an environment
        // variable (ST_BUDGET_LEDGER) and a rule's slug (k3-course-approved;
        // the trainee's issue) are not prose.
        .filter(|w| !(w.contains('/') || w.contains(".toml") || w.starts_with('-')))
        .filter(|w| {
            // An abbreviation (ST, AT), also before a comma or a full stop.
            let t = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            !(t.len() > 1 && t.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        })
        // A Swedish compound on an abbreviation (AT-läkare, IT-baserat,
        // ST-läkarens) is one Swedish word, not the English "at" or "it".
        .filter(|w| {
            let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
            !w.split_once('-').is_some_and(|(head, _)| {
                head.len() > 1 && head.chars().all(|c| c.is_ascii_uppercase())
            })
        })
        .filter(|w| !is_slug(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `k10-other-use`, `at-stämman`: lower-case words joined by hyphens (a rule's
/// id, or a value a policy names, such as a programme).
fn is_slug(w: &str) -> bool {
    w.contains('-')
        && w.split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()))
}

fn english_in(text: &str, paths: &[&str]) -> Vec<String> {
    prose_words(text, paths)
        .into_iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

struct Case {
    name: &'static str,
    args: Vec<String>,
    /// The exit code the case must end with.
    code: i32,
}

fn case(name: &'static str, code: i32, args: &[&str]) -> Case {
    Case {
        name,
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
    }
}

/// Runs `cases` in `dir` with `--lang sv` and returns every English word found.
fn run_all(dir: &Path, cases: &[Case]) -> Vec<String> {
    let d = dir.display().to_string();
    let mut problems = Vec::new();
    for c in cases {
        let run = St::new().lang("sv").dir(dir).args(&c.args).output();
        let shown = format!("{}{}", run.stdout, run.stderr);
        if run.exit != Some(c.code) {
            problems.push(format!(
                "{}: exit {:?} (expected {}): {shown}",
                c.name, run.exit, c.code
            ));
        }
        let words = english_in(&shown, &[&d]);
        if !words.is_empty() {
            problems.push(format!("{}: English {words:?} in:\n{shown}", c.name));
        }
    }
    problems
}

#[test]
fn failing_commands_speak_swedish() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "led.toml", LEDGER);
    write(
        dir,
        "float.toml",
        &LEDGER.replace("amount = \"12000\"", "amount = 12000.5"),
    );
    write(
        dir,
        "unknown-key.toml",
        &LEDGER.replace("goal = \"c\"", "gaol = \"c\""),
    );
    write(
        dir,
        "unknown-policy.toml",
        &LEDGER.replace("policy = \"kronoberg\"", "policy = \"kronobrg\""),
    );
    write(
        dir,
        "inline.toml",
        "format = 1\nentry = []\n[trainee]\nname = \"A\"\npolicy = \"kronoberg\"\nstart = 2024-01-08\n",
    );
    std::fs::write(dir.join("latin1.toml"), b"format = 1\n# caf\xe9\n").expect("write");
    std::fs::create_dir(dir.join("a-folder")).expect("mkdir");
    write(
        dir,
        "bad-policy.toml",
        "format = 1\nid = \"x\"\nversion = \"1\"\nname = \"X\"\nsource = \"s\"\n\n[[rule]]\nid = \"b\"\nref = \"X1\"\nkind = \"budjet\"\n",
    );
    std::fs::write(dir.join("huge.toml"), vec![b'#'; 17 * 1024 * 1024]).expect("write");
    // Registers broken by hand: an unknown key (serde's English once leaked
    // here), a malformed hash.
    let register = "format = 2\n\n[[trainee]]\nuid = \"u1\"\nname = \"Anna\"\npolicy = \"kronoberg\"\nrecords = 1\nhash = \"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\ntrail = \"abcdef01\"\nfirst_seen = 2026-01-01\nlast_seen = 2026-02-01\n";
    write(dir, "reg-key.toml", &format!("ledger = 1\n{register}"));
    write(
        dir,
        "reg-hash.toml",
        &register.replace("hash = \"abcdef", "hash = \"zz"),
    );
    std::fs::create_dir(dir.join("inbox")).expect("mkdir");
    write(dir, "inbox/notes.txt", "x");
    std::fs::create_dir(dir.join("pol")).expect("mkdir");
    let policy =
        std::fs::read_to_string(common::root().join("policies/kronoberg.toml")).expect("policy");
    write(dir, "pol/a.toml", &policy);
    write(dir, "pol/b.toml", &policy);
    write(dir, "map.toml", "[folders]\n\"inbox\" = \"atlantis\"\n");
    write(
        dir,
        "old-date.toml",
        &LEDGER.replace("start = 2024-01-08", "start = 1900-01-08"),
    );
    write(
        dir,
        "vgr.toml",
        "format = 1\n\n[trainee]\nname = \"A\"\npolicy = \"vgr-allmanmedicin\"\nstart = 2024-01-08\n\n[[entry]]\nid = 1\ndate = 2026-03-02\nkind = \"course\"\ndescription = \"K\"\ncatalogue = true\ncancel_by = 2026-02-01\namount = \"5000\"\n",
    );
    write(
        dir,
        "unknown-role.toml",
        &LEDGER.replace("approvals = { handledare", "approvals = { handledre"),
    );
    write(
        dir,
        "undeclared-role.toml",
        "format = 1\nid = \"x\"\nversion = \"1\"\nname = { sv = \"X\", en = \"X\" }\nsource = \"s\"\n\n[[rule]]\nid = \"a\"\nref = \"X1\"\nkind = \"approval\"\nroles = [\"at-chef\"]\nseverity = \"warning\"\ntitle = { sv = \"t\", en = \"t\" }\nmessage = { sv = \"m\", en = \"m\" }\n",
    );
    // TOML's own mistakes: a string left open, a key twice, an impossible date,
    // a dotted key into an inline table.
    write(
        dir,
        "toml-open.toml",
        &LEDGER.replace("amount = \"12000\"", "amount = \"12000"),
    );
    write(
        dir,
        "toml-twice.toml",
        &LEDGER.replace("goal = \"c\"", "goal = \"c\"\ngoal = \"b\""),
    );
    write(
        dir,
        "toml-date.toml",
        &LEDGER.replace("date = 2024-02-12", "date = 2025-02-30"),
    );
    write(
        dir,
        "toml-dotted.toml",
        &LEDGER.replace("goal = \"c\"", "approvals.studierektor = 2024-01-15"),
    );
    let readonly = write(dir, "readonly.toml", LEDGER);
    let mut perm = std::fs::metadata(&readonly).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&readonly, perm).expect("chmod");

    let l = |f: &str| format!("--ledger={f}");
    let cases = vec![
        case("no ledger", 2, &["balance", &l("saknas.toml")]),
        case("a folder as ledger", 2, &["balance", &l("a-folder")]),
        case("not UTF-8", 2, &["balance", &l("latin1.toml")]),
        case("a float amount", 2, &["balance", &l("float.toml")]),
        case(
            "TOML: a string left open",
            2,
            &["balance", &l("toml-open.toml")],
        ),
        case("TOML: a key twice", 2, &["balance", &l("toml-twice.toml")]),
        case(
            "TOML: an impossible date",
            2,
            &["balance", &l("toml-date.toml")],
        ),
        case(
            "TOML: into an inline table",
            2,
            &["balance", &l("toml-dotted.toml")],
        ),
        case("an unknown key", 2, &["balance", &l("unknown-key.toml")]),
        case(
            "an unknown policy",
            2,
            &["balance", &l("unknown-policy.toml")],
        ),
        case(
            "an impossible date",
            2,
            &[
                "add",
                "course",
                &l("led.toml"),
                "--date",
                "2026-02-30",
                "--amount",
                "100",
                "--description",
                "X",
            ],
        ),
        case(
            "a distance that is not a number",
            2,
            &[
                "add",
                "hotell",
                &l("led.toml"),
                "--date",
                "2026-02-03",
                "--amount",
                "900",
                "--description",
                "X",
                "--distance-km",
                "fyrtio",
            ],
        ),
        case(
            "add without its flags, off a terminal",
            2,
            &["add", &l("led.toml")],
        ),
        case(
            "a bad amount",
            2,
            &[
                "add",
                "course",
                &l("led.toml"),
                "--date",
                "2026-02-03",
                "--amount",
                "12,345,6",
                "--description",
                "X",
            ],
        ),
        case(
            "travel for a missing entry",
            2,
            &[
                "add",
                "travel",
                &l("led.toml"),
                "--date",
                "2024-02-12",
                "--amount",
                "100",
                "--description",
                "Tåg",
                "--for",
                "9",
            ],
        ),
        case(
            "a refused entry",
            1,
            &[
                "add",
                "other",
                &l("led.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "100",
                "--description",
                "Något",
            ],
        ),
        case(
            "an unknown role",
            2,
            &[
                "add",
                "course",
                &l("led.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "100",
                "--description",
                "X",
                "--approved-by",
                "chefen",
            ],
        ),
        case(
            "amend a missing entry",
            2,
            &["amend", "7", &l("led.toml"), "--amount", "10"],
        ),
        case(
            "a percent above 100",
            2,
            &[
                "service",
                &l("led.toml"),
                "--from",
                "2025-01-01",
                "--percent",
                "120",
            ],
        ),
        case(
            "init over a ledger",
            2,
            &[
                "init",
                &l("led.toml"),
                "--policy",
                "kronoberg",
                "--name",
                "A",
                "--start",
                "2024-01-08",
            ],
        ),
        case(
            "export over a file",
            2,
            &["export", &l("led.toml"), "-o", "led.toml"],
        ),
        case(
            "a read-only ledger",
            2,
            &[
                "add",
                "course",
                &l("readonly.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "100",
                "--description",
                "X",
                "--approved-by",
                "handledare=2024-02-01",
            ],
        ),
        case(
            "an append the layout cannot take",
            2,
            &[
                "add",
                "course",
                &l("inline.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "100",
                "--description",
                "X",
                "--approved-by",
                "handledare=2024-02-01",
            ],
        ),
        case(
            "a broken policy",
            2,
            &["policy", "check", "bad-policy.toml"],
        ),
        case("a file too large", 2, &["balance", &l("huge.toml")]),
        case(
            "an amount too large",
            2,
            &[
                "add",
                "course",
                &l("led.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "200000000",
                "--description",
                "X",
            ],
        ),
        case(
            "an unknown policy to show",
            2,
            &["policy", "show", "kronobrg"],
        ),
        case("audit of nothing readable", 2, &["audit", "saknad-mapp"]),
        case("audit of no ledger", 2, &["audit", "inbox"]),
        case(
            "a register with an unknown key",
            2,
            &["audit", "led.toml", "--register", "reg-key.toml"],
        ),
        case(
            "a register with a malformed hash",
            2,
            &["audit", "led.toml", "--register", "reg-hash.toml"],
        ),
        case(
            "two policies with one id",
            2,
            &["audit", "led.toml", "--policy-dir", "pol"],
        ),
        case(
            "a policy map naming an unknown policy",
            2,
            &["audit", "led.toml", "--policy-map", "map.toml"],
        ),
        case(
            "the same ledger twice, judged by a pinned policy",
            1,
            &[
                "audit",
                "led.toml",
                "readonly.toml",
                "--policy",
                "vgr-allmanmedicin",
            ],
        ),
        case(
            "two summaries asked of one CSV",
            2,
            &[
                "audit",
                "led.toml",
                "--format",
                "csv",
                "--by-unit",
                "--lapsing",
            ],
        ),
        case(
            "the director's table in full, a ledger missing",
            2,
            &[
                "audit",
                "led.toml",
                "saknad.toml",
                "--by-unit",
                "--lapsing",
                "--details",
            ],
        ),
        case("a date before 1950", 2, &["check", &l("old-date.toml")]),
        case(
            "an undated approval of a past course whose approval is timed",
            2,
            &[
                "add",
                "course",
                &l("vgr.toml"),
                "--date",
                "2026-03-02",
                "--amount",
                "100",
                "--description",
                "X",
                "--approved-by",
                "studierektor",
            ],
        ),
        case(
            "approve a past course without its date",
            2,
            &["approve", "1", &l("vgr.toml"), "--by", "studierektor"],
        ),
        case(
            "a role the policy does not know",
            2,
            &["approve", "1", &l("led.toml"), "--by", "at-chef"],
        ),
        case(
            "a role in the ledger the policy does not know",
            2,
            &["check", &l("unknown-role.toml")],
        ),
        case(
            "a rule that names an undeclared role",
            2,
            &["policy", "check", "undeclared-role.toml"],
        ),
        case(
            "an unknown payer agreed beforehand",
            2,
            &["amend", "1", &l("led.toml"), "--funded-by", "self"],
        ),
        case(
            "a policy directory that is missing",
            2,
            &["balance", &l("led.toml"), "--policy-dir", "saknas"],
        ),
    ];
    let problems = run_all(dir, &cases);
    // Root may write a read-only file; the case still must speak Swedish.
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Pools in days, comparisons with the entry a cost belongs to, events and
/// overrides: their refusals, their reports and their explanation, in Swedish.
#[test]
fn pools_days_and_events_speak_swedish() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let cases_dir = common::root().join("tests/cases");
    for (folder, file) in [
        ("../../policies", "orebro-at.toml"),
        ("../../policies", "kronoberg-at-days.toml"),
        ("pools/policies", "pools-language.toml"),
    ] {
        let text =
            std::fs::read_to_string(cases_dir.join(folder).join(file)).expect("example policy");
        write(dir, file, &text);
    }
    let ledger = std::fs::read_to_string(cases_dir.join("orebro-at/o01-study-pot-and-days.toml"))
        .expect("case");
    write(dir, "orebro.toml", &ledger);
    let policy = std::fs::read_to_string(dir.join("orebro-at.toml")).expect("policy");
    write(
        dir,
        "days-payer-split.toml",
        &policy.replace(
            "severity = \"warning\"\ntitle = { sv = \"Högst fem",
            "payer = \"self\"\nseverity = \"error\"\ntitle = { sv = \"Högst fem",
        ),
    );
    write(
        dir,
        "unknown-override.toml",
        &policy.replace(
            "overrides = [\"oat6-no-overnight-in-region\"]",
            "overrides = [\"oat6-no-overnight\"]",
        ),
    );
    write(
        dir,
        "zero-amendment.toml",
        &format!("{LEDGER}\n[[amendment]]\nentry = 1\namount = \"0\"\n"),
    );
    write(dir, "led.toml", LEDGER);
    let l = |f: &str| format!("--ledger={f}");
    let cases = vec![
        case(
            "a pool in days with a payer that splits",
            2,
            &["policy", "check", "days-payer-split.toml"],
        ),
        case(
            "an override of an unknown rule",
            2,
            &["policy", "check", "unknown-override.toml"],
        ),
        case(
            "a free entry that is no event",
            2,
            &[
                "add",
                "course",
                &l("led.toml"),
                "--date",
                "2024-03-01",
                "--amount",
                "0",
                "--description",
                "X",
            ],
        ),
        case(
            "an amendment that makes an entry free",
            2,
            &["check", &l("zero-amendment.toml")],
        ),
        case(
            "the pools of a balance",
            0,
            &["balance", &l("orebro.toml"), "--policy", "orebro-at.toml"],
        ),
        case(
            "the pools of a list",
            0,
            &["list", &l("orebro.toml"), "--policy", "orebro-at.toml"],
        ),
        case(
            "the days of a check",
            1,
            &["check", &l("orebro.toml"), "--policy", "orebro-at.toml"],
        ),
        case("Örebro explained", 0, &["policy", "show", "orebro-at.toml"]),
        case(
            "Kronoberg's days explained",
            0,
            &["policy", "show", "kronoberg-at-days.toml"],
        ),
        case(
            "the pools fixture explained",
            0,
            &["policy", "show", "pools-language.toml"],
        ),
        case(
            "VGR explained, with what V11 beats",
            0,
            &["policy", "show", "vgr-allmanmedicin"],
        ),
    ];
    let problems = run_all(dir, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_detector_finds_english_outside_quotes_only() {
    assert_eq!(
        english_in(
            "fel: /tmp/x/led.toml:3:1: the file is `not` \"here\" [a [b]] <c>",
            &["/tmp/x"]
        ),
        ["the", "file", "is"]
    );
    assert!(
        english_in(
            "fel: kan inte läsa `amount` i \"the\" 'the' --for a.toml ST_BUDGET_LEDGER (k3-the-rule)",
            &[]
        )
        .is_empty()
    );
    assert!(english_in("AT-läkare med IT-baserat stöd", &[]).is_empty());
    assert_eq!(
        english_in("at most (AT-läkare) under AT, och", &[]),
        ["at", "most"]
    );
}

/// A VGR ledger with something of everything a trainee sees: a closed year, a
/// linked cost, a lodging without its distance, and a December course that
/// another course would cost its funding.
const VGR: &str = r#"format = 1

[trainee]
name = "Sara Ek"
policy = "vgr-allmanmedicin"
start = 2024-01-08

[[service]]
from = 2024-01-08
percent = 100

[[service]]
from = 2025-09-01
percent = 75

[[entry]]
id = 1
date = 2024-03-11
kind = "course"
description = "Akut EKG för allmänläkare"
amount = "12000"
catalogue = true
approvals = { studierektor = 2024-02-01, vardcentralchef = 2024-02-01 }

[[entry]]
id = 2
date = 2024-03-11
kind = "travel"
description = "Tåg Göteborg–Lund"
amount = "1450.50"
for = 1
booked_via = "Lingmerths Resebyrå AB"
distance_km = 280

[[entry]]
id = 3
date = 2026-03-09
kind = "course"
description = "Multisjuklighet"
amount = "22000"
catalogue = true
approvals = { studierektor = 2026-02-01, vardcentralchef = 2026-02-01 }

[[entry]]
id = 4
date = 2026-03-09
kind = "lodging"
description = "Hotell Skövde"
amount = "1900"
for = 3
booked_via = "Lingmerths Resebyrå AB"

[[entry]]
id = 5
date = 2026-12-15
kind = "course"
description = "Diabetes"
amount = "1000"
catalogue = true
approvals = { studierektor = 2026-11-01, vardcentralchef = 2026-11-01 }
"#;

/// What Swedish output must never hold: Rust and TOML syntax, English value
/// names, the file's own amount form where a person types one, and the ids of
/// rules in the policy files (people are shown a ref and a title).
fn foreign_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = [
        "..=",
        "true",
        "false",
        "okänt värde för",
        "<DATE>",
        "<NAME>",
        "<AMOUNT>",
        "\"4500.00\"",
    ]
    .iter()
    .filter(|s| text.contains(*s))
    .map(|s| s.to_string())
    .collect();
    for policy in ["kronoberg", "vgr-allmanmedicin"] {
        let src = std::fs::read_to_string(common::root().join(format!("policies/{policy}.toml")))
            .expect("policy");
        for line in src.lines() {
            if let Some(id) = line
                .strip_prefix("id = \"")
                .and_then(|r| r.strip_suffix('"'))
                .filter(|id| id.contains('-') && *id != policy)
                && text.contains(id)
            {
                found.push(id.to_string());
            }
        }
    }
    found
}

#[test]
fn everyday_commands_speak_swedish_at_80_columns() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "sara.toml", VGR);
    let december = [
        "add",
        "kurs",
        "--date",
        "2026-12-07",
        "--amount",
        "1 500 kr",
        "--description",
        "Astma",
        "--catalogue",
        "--approved-by",
        "studierektor",
        "--approved-by",
        "vårdcentralchef",
    ];
    let with = |extra: &[&'static str]| {
        let mut v: Vec<&str> = december.to_vec();
        v.extend(extra);
        v
    };
    let hotel = [
        "add",
        "hotell",
        "--for",
        "5",
        "--date",
        "2026-12-15",
        "--amount",
        "900",
        "--description",
        "Hotell Borås",
        "--booked-via",
        "Lingmerths Resebyrå AB",
    ];
    let cases = vec![
        case("getting started", 0, &[]),
        case("balance", 0, &["balance"]),
        case("balance by year", 0, &["balance", "--by", "år"]),
        case("list", 0, &["list"]),
        case("check", 0, &["check"]),
        case("show", 0, &["show", "4"]),
        case("show a course", 0, &["show", "1"]),
        case(
            "add, dry run, costs another entry its funding",
            1,
            &with(&["--dry-run"]),
        ),
        case("add refused", 1, &with(&[])),
        case("add a hotel without its distance", 1, &hotel),
        case(
            "travel without --for",
            1,
            &[
                "add",
                "resa",
                "--date",
                "2026-03-09",
                "--amount",
                "450",
                "--description",
                "Tåg",
            ],
        ),
        case("cancel, dry run", 0, &["cancel", "3", "--dry-run"]),
        case("attended, dry run", 0, &["attended", "1", "--dry-run"]),
        case(
            "approve, dry run",
            0,
            &["approve", "3", "--by", "handledare", "--dry-run"],
        ),
        case(
            "amend a distance, dry run",
            0,
            &["amend", "4", "--distance-km", "65", "--dry-run"],
        ),
        case(
            "amend an amount, refused",
            1,
            &["amend", "3", "--amount", "23000"],
        ),
        case(
            "service, dry run",
            0,
            &[
                "service",
                "--from",
                "2026-06-01",
                "--percent",
                "50",
                "--dry-run",
            ],
        ),
        case(
            "trainee, dry run",
            0,
            &["trainee", "--certificate", "2026-10-31", "--dry-run"],
        ),
        case("export without -o", 2, &["export"]),
        case("an intent", 2, &["ta-bort", "3"]),
        case("a negative amount", 2, &["amend", "3", "--amount", "-300"]),
        case("no such month", 2, &["amend", "3", "--date", "2026-13-01"]),
        case("a bad amount", 2, &["amend", "3", "--amount", "4500 euro"]),
        case("a near miss", 2, &["amend", "3", "--status", "avbokd"]),
        case(
            "a percent out of range",
            2,
            &["service", "--from", "2026-06-01", "--percent", "120"],
        ),
        case("yes or no", 2, &["amend", "3", "--online", "kanske"]),
    ];
    let d = dir.display().to_string();
    let mut problems = Vec::new();
    for c in &cases {
        let run = St::new()
            .lang("sv")
            .dir(dir)
            .env("COLUMNS", "80")
            .ledger(dir.join("sara.toml"))
            .args(&c.args)
            .output();
        let shown = format!("{}{}", run.stdout, run.stderr);
        if run.exit != Some(c.code) {
            problems.push(format!(
                "{}: exit {:?} (expected {}): {shown}",
                c.name, run.exit, c.code
            ));
        }
        // A command to type (`st-budget policy show ID`) is not prose.
        let prose: String = shown
            .lines()
            .map(|l| l.split("st-budget ").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let words = english_in(&prose, &[&d]);
        if !words.is_empty() {
            problems.push(format!("{}: English {words:?} in:\n{shown}", c.name));
        }
        let foreign = foreign_in(&shown);
        if !foreign.is_empty() {
            problems.push(format!("{}: {foreign:?} in:\n{shown}", c.name));
        }
        if let Some(long) = run.stdout.lines().find(|l| l.chars().count() > 80) {
            problems.push(format!("{}: a line over 80 columns:\n{long}", c.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Programmes, places and mandatory subjects, excused absence and rules over
/// time (issue 16): their reports, explanations and refusals, in Swedish.
#[test]
fn programmes_subjects_and_rules_over_time_speak_swedish() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let cases_dir = common::root().join("tests/cases");
    let copy = |from: &str, to: &str| {
        let text = std::fs::read_to_string(cases_dir.join(from)).expect(from);
        write(dir, to, &text);
        text
    };
    copy("subjects/policies/subjects.toml", "subjects.toml");
    copy(
        "subjects/u01-subjects-and-places.toml",
        "subjects-ledger.toml",
    );
    let over = copy("over-time/policies/over-time.toml", "over-time.toml");
    copy("over-time/t01-raised-and-added.toml", "over-ledger.toml");
    copy("kronoberg-at-days/d01-ten-study-days.toml", "at.toml");
    copy("vgr/v19-excused-absence.toml", "excused.toml");
    write(
        dir,
        "overlap.toml",
        &over.replace("from = 2025-07-01 }", "from = 2025-06-01 }"),
    );
    write(
        dir,
        "bad-programme.toml",
        &over.replace(
            "version = \"example-1\"",
            "version = \"1\"\nprogramme = \"AX\"",
        ),
    );
    let l = |f: &str| format!("--ledger={f}");
    let cases = vec![
        case(
            "subjects in a balance",
            0,
            &[
                "balance",
                &l("subjects-ledger.toml"),
                "--policy",
                "subjects.toml",
            ],
        ),
        case(
            "subjects explained",
            0,
            &["policy", "show", "subjects.toml"],
        ),
        case(
            "rules over time explained",
            0,
            &["policy", "show", "over-time.toml"],
        ),
        case(
            "the rules of one day",
            0,
            &["policy", "show", "over-time.toml", "--at", "2025-03-01"],
        ),
        case(
            "amounts over time that overlap",
            2,
            &["policy", "check", "overlap.toml"],
        ),
        case(
            "a programme that is none",
            2,
            &["policy", "check", "bad-programme.toml"],
        ),
        case(
            "a balance with a raised amount",
            0,
            &[
                "balance",
                &l("over-ledger.toml"),
                "--policy",
                "over-time.toml",
            ],
        ),
        case("an AT balance", 0, &["balance", &l("at.toml")]),
        case(
            "the AT days explained",
            0,
            &["policy", "show", "kronoberg-at-days"],
        ),
        case(
            "an excused absence listed",
            0,
            &["list", &l("excused.toml")],
        ),
        case("the policies and their programmes", 0, &["policy", "list"]),
    ];
    let problems = run_all(dir, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The mandatory subjects beyond `balance` (issue 16): the audit's line for a
/// trainee near the end, the report, `show`, a subject the policy does not
/// list (a warning, a refused `add`, a refused policy), in Swedish.
#[test]
fn subjects_in_the_audit_report_and_refusals_speak_swedish() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let cases_dir = common::root().join("tests/cases/subjects");
    let policy = std::fs::read_to_string(cases_dir.join("policies/subjects.toml")).expect("policy");
    write(dir, "subjects.toml", &policy);
    write(
        dir,
        "bad-rule.toml",
        &policy.replace(
            "when = { kind = \"course\", mandatory = false }",
            "when = { kind = \"course\", subject = \"lakemedl\" }",
        ),
    );
    let ledger = std::fs::read_to_string(cases_dir.join("u01-subjects-and-places.toml"))
        .expect("ledger")
        .replace("certificate = 2028-06-30", "certificate = 2027-02-28");
    std::fs::create_dir_all(dir.join("in")).expect("inbox");
    write(&dir.join("in"), "near.toml", &ledger);
    write(dir, "led.toml", &ledger);
    write(
        dir,
        "typo.toml",
        &ledger.replace("subject = \"lakemedel\"", "subject = \"lakemedl\""),
    );
    let p = ["--policy", "subjects.toml"];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter().chain(p.iter()).map(|s| s.to_string()).collect()
    };
    let case_of = |name: &'static str, code: i32, args: Vec<String>| Case { name, args, code };
    let cases = vec![
        case_of(
            "subjects near the end in an audit",
            1,
            vec![
                "audit".into(),
                "in".into(),
                "--policy".into(),
                "subjects.toml".into(),
            ],
        ),
        case_of(
            "a course's subject shown",
            0,
            with(&["--ledger=led.toml", "show", "1"]),
        ),
        case_of(
            "a subject no policy lists",
            1,
            with(&["--ledger=typo.toml", "check"]),
        ),
        case_of(
            "add with a subject no policy lists",
            2,
            with(&[
                "--ledger=led.toml",
                "add",
                "kurs",
                "--date",
                "2027-03-01",
                "--amount",
                "1000",
                "--description",
                "Kurs",
                "--subject",
                "lakemedl",
            ]),
        ),
        case(
            "a rule naming a subject no policy lists",
            2,
            &["policy", "check", "bad-rule.toml"],
        ),
    ];
    let problems = run_all(dir, &cases);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // The report's section, in Swedish.
    St::new()
        .lang("sv")
        .dir(dir)
        .args([
            "--ledger=led.toml",
            "report",
            "-o",
            "r.html",
            "--policy",
            "subjects.toml",
        ])
        .run()
        .success();
    let page = std::fs::read_to_string(dir.join("r.html")).expect("report");
    let section = &page[page.find("<section id=\"subjects\">").expect("subjects")..];
    let section = &section[..section.find("</section>").expect("end")];
    // The words of the page, without its markup.
    let words: String = section
        .split('<')
        .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("Kursämnen (12): klara 2"), "{words}");
    let english = english_in(&words, &[]);
    assert!(english.is_empty(), "{english:?} in {words}");
}
