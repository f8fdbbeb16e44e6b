//! Malformed ledgers, policies and command lines, as data: each case of
//! `tests/bad_input/catalogue.toml` is an input, a command line, the exit code
//! (2 for input that cannot be read, 1 for a refused `add`) and the pieces of
//! the message (file:line:col where the input has one, what was expected, a
//! hint where it helps). Never a panic, never a changed ledger.
//!
//! `every_case_of_the_catalogue` runs them all and names every case that fails;
//! `the_doc_names_every_case_and_quotes_what_they_print` holds
//! docs/input-errors.md to the same cases. What needs a sequence of commands
//! stays code, below.

mod common;
#[path = "bad_input/markdown.rs"]
mod markdown;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{Run, St, root};
use markdown::{code_spans, exits, quotes, rows};
use serde::Deserialize;

const CATALOGUE: &str = "tests/bad_input/catalogue.toml";
const DOC: &str = "docs/input-errors.md";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    base: Base,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Base {
    /// The text of led.toml.
    ledger: String,
    /// The path of pol.toml's text, from the crate root.
    policy: String,
}

/// What the case's directory holds before the command runs.
#[derive(Deserialize, Clone, Copy, PartialEq, Default)]
#[serde(rename_all = "lowercase")]
enum Input {
    #[default]
    Ledger,
    Policy,
    Directory,
    None,
}

/// One case; the fields are explained at the top of the catalogue.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    input: Input,
    text: Option<String>,
    generate: Option<String>,
    #[serde(default)]
    replace: Vec<(String, String)>,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    append: String,
    encoding: Option<String>,
    args: Option<Vec<String>>,
    #[serde(default = "unreadable")]
    code: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    seconds: Option<u64>,
}

fn unreadable() -> i32 {
    2
}

/// What running a case gave, and what was wrong with it.
struct Outcome {
    name: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
    problems: Vec<String>,
    checks: usize,
}

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        let text = std::fs::read_to_string(root().join(CATALOGUE)).expect("read the catalogue");
        toml::from_str(&text).unwrap_or_else(|e| panic!("{CATALOGUE}: {e}"))
    })
}

/// Every case, run once (both tests below use the runs).
fn outcomes() -> &'static [Outcome] {
    static RUNS: OnceLock<Vec<Outcome>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let cat = catalogue();
        cat.case
            .iter()
            .map(|case| {
                std::panic::catch_unwind(AssertUnwindSafe(|| run(&cat.base, case))).unwrap_or_else(
                    |panic| Outcome {
                        name: case.name.clone(),
                        code: None,
                        stdout: String::new(),
                        stderr: String::new(),
                        problems: vec![format!("the test panicked: {}", message(&*panic))],
                        checks: 1,
                    },
                )
            })
            .collect()
    })
}

fn message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// A `[[entry]]` of the kind the generators repeat.
fn entry(id: u32, extra: &str) -> String {
    format!(
        "\n[[entry]]\nid = {id}\ndate = 2024-04-01\nkind = \"travel\"\ndescription = \"Tåg\"\namount = \"100\"\n{extra}"
    )
}

/// The inputs too large to write out in the catalogue; some grow the base.
fn generate(kind: &str, base: &str) -> Result<String, String> {
    let deep = 200_000;
    Ok(match kind {
        "fifty-megabytes" => {
            let mut text = base.to_string();
            let comment = format!("# {}\n", "x".repeat(98));
            while text.len() < 50_000_000 {
                text.push_str(&comment);
            }
            text
        }
        // 20 000 links, each entry naming the one before, the last itself.
        "for-chain" => {
            let mut text = base.to_string();
            for id in 2..=20_000 {
                text.push_str(&entry(id, &format!("for = {}\n", id - 1)));
            }
            text.push_str(&entry(20_001, "for = 20001\n"));
            text
        }
        // 3 MB of entries, each linked to the first.
        "three-megabytes-of-entries" => {
            let mut text = base.to_string();
            let mut id = 2;
            while text.len() < 3_000_000 {
                text.push_str(&entry(id, "for = 1\n"));
                id += 1;
            }
            text
        }
        "nested-arrays" => format!("format = 1\nx = {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        "nested-inline-tables" => format!(
            "format = 1\nx = {}1{}\n",
            "{a = ".repeat(deep),
            "}".repeat(deep)
        ),
        "nested-table-names" => format!("format = 1\n[{}]\n", vec!["a"; deep / 2].join(".")),
        other => return Err(format!("unknown generator {other:?}")),
    })
}

/// The bytes of the case's file.
fn contents(base: &Base, case: &Case) -> Result<Vec<u8>, String> {
    let base = match case.input {
        Input::Policy => std::fs::read_to_string(root().join(&base.policy))
            .map_err(|e| format!("{}: {e}", base.policy))?,
        _ => base.ledger.clone(),
    };
    let mut text = match (&case.text, &case.generate) {
        (Some(_), Some(_)) => return Err("both `text` and `generate`".into()),
        (Some(t), None) => t.clone(),
        (None, Some(g)) => generate(g, &base)?,
        (None, None) => base,
    };
    for (old, new) in &case.replace {
        if !text.contains(old.as_str()) {
            return Err(format!("nothing to replace: {old:?}"));
        }
        text = text.replacen(old.as_str(), new, 1);
    }
    let text = format!("{}{text}{}", case.prefix, case.append);
    match case.encoding.as_deref() {
        None => Ok(text.into_bytes()),
        Some("latin1") => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("{c:?} is not Latin-1")))
            .collect(),
        Some(other) => Err(format!("unknown encoding {other:?}")),
    }
}

/// The problems of one case, each a sentence; and how many checks were made.
#[derive(Default)]
struct Checks {
    problems: Vec<String>,
    count: usize,
}

impl Checks {
    fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        self.count += 1;
        if !ok {
            self.problems.push(problem());
        }
    }
}

/// Runs one case in a fresh directory and checks everything the catalogue says.
fn run(base: &Base, case: &Case) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, bytes) = prepare(dir.path(), base, case);
    let default = ["--ledger", "led.toml", "check"].map(String::from).to_vec();
    let args = case.args.clone().unwrap_or(default);
    let started = Instant::now();
    let r = St::new().dir(dir.path()).args(&args).output();
    let took = started.elapsed();
    let mut c = judge(case, &r, took);
    if let (Some(file), Some(bytes)) = (file, &bytes) {
        let after = std::fs::read(dir.path().join(file)).ok();
        c.check(after.as_ref() == Some(bytes), || format!("{file} changed"));
    }
    let left = files_in(dir.path());
    let allowed: BTreeSet<String> = file
        .into_iter()
        .flat_map(|f| [f.to_string(), format!(".{f}.lock")])
        .filter(|f| f != ".pol.toml.lock")
        .collect();
    c.check(left.is_subset(&allowed), || {
        format!("files left behind: {left:?}")
    });
    Outcome {
        name: case.name.clone(),
        code: r.exit,
        stdout: r.stdout,
        stderr: r.stderr,
        problems: c.problems,
        checks: c.count,
    }
}

/// Puts the case's input into `dir`: its file name, and its bytes when it is a file.
fn prepare(dir: &Path, base: &Base, case: &Case) -> (Option<&'static str>, Option<Vec<u8>>) {
    match case.input {
        Input::Ledger | Input::Policy => {
            let file = if case.input == Input::Policy {
                "pol.toml"
            } else {
                "led.toml"
            };
            let bytes = contents(base, case).unwrap_or_else(|e| panic!("the input: {e}"));
            std::fs::write(dir.join(file), &bytes).expect("write");
            (Some(file), Some(bytes))
        }
        Input::Directory => {
            std::fs::create_dir(dir.join("led.toml")).expect("mkdir");
            (Some("led.toml"), None)
        }
        Input::None => (None, None),
    }
}

/// The checks of what the command printed, its exit code and its time.
fn judge(case: &Case, r: &Run, took: Duration) -> Checks {
    let mut c = Checks::default();
    c.check(!r.panicked(), || format!("panicked:\n{}", r.stderr));
    c.check(r.exit == Some(case.code), || {
        format!(
            "exit {:?}, want {}; stderr:\n{}",
            r.exit, case.code, r.stderr
        )
    });
    if case.code == 2 && case.stdout.is_empty() {
        c.check(r.stdout.is_empty(), || {
            format!("stdout is not empty:\n{}", r.stdout)
        });
    }
    if case.code == 2 {
        // In the language the case asks for: `fel: ` in Swedish.
        let args = case.args.as_deref().unwrap_or_default();
        let swedish = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "sv");
        let prefix = if swedish { "fel: " } else { "error: " };
        c.check(r.stderr.starts_with(prefix), || {
            format!("stderr does not start with {prefix:?}:\n{}", r.stderr)
        });
    }
    for (stream, got, want) in [
        ("stderr", &r.stderr, &case.stderr),
        ("stdout", &r.stdout, &case.stdout),
    ] {
        for piece in want {
            c.check(got.contains(piece.as_str()), || {
                format!("{stream} lacks {piece:?}:\n{got}")
            });
        }
    }
    for piece in &case.absent {
        c.check(
            !r.stdout.contains(piece.as_str()) && !r.stderr.contains(piece.as_str()),
            || {
                format!(
                    "{piece:?} reached the output:\n{:?}\n{:?}",
                    r.stdout, r.stderr
                )
            },
        );
    }
    if let Some(most) = case.seconds {
        c.check(took < Duration::from_secs(most), || {
            format!("took {took:?}, at most {most} s")
        });
    }
    c
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_case_of_the_catalogue() {
    let mut seen = BTreeSet::new();
    for case in &catalogue().case {
        assert!(seen.insert(&case.name), "two cases named {}", case.name);
    }
    let runs = outcomes();
    let failed: Vec<String> = runs
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("{}:\n  {}", o.name, o.problems.join("\n  ")))
        .collect();
    let checks: usize = runs.iter().map(|o| o.checks).sum();
    eprintln!("{} cases, {checks} checks", runs.len());
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        runs.len(),
        failed.join("\n")
    );
}

// ---------------------------------------------------------------- the doc

/// Whether `tests/FILE.rs` has a `fn NAME(` for a name `FILE::NAME`.
fn names_a_test(name: &str) -> bool {
    name.split_once("::").is_some_and(|(file, func)| {
        std::fs::read_to_string(root().join(format!("tests/{file}.rs")))
            .is_ok_and(|src| src.contains(&format!("fn {func}(")))
    })
}

/// Each catalogue case has a row in docs/input-errors.md that names it; each
/// name in the doc is a case or a test; and every message a row quotes in its
/// answer (a code span), and every "exit N", is what its cases give.
#[test]
fn the_doc_names_every_case_and_quotes_what_they_print() {
    let doc = std::fs::read_to_string(root().join(DOC)).expect("read the doc");
    let runs: BTreeMap<&str, &Outcome> = outcomes().iter().map(|o| (o.name.as_str(), o)).collect();
    let mut problems = Vec::new();
    let mut named = BTreeSet::new();
    let mut quoted = 0;
    let rows = rows(&doc);
    for row in &rows {
        let at = format!("{DOC}:{}", row.line);
        if row.names.is_empty() && !row.untested {
            problems.push(format!(
                "{at}: the row names no test (nor says \"not tested\")"
            ));
        }
        let mut cases = Vec::new();
        for name in &row.names {
            if let Some(run) = runs.get(name.as_str()) {
                named.insert(name.as_str());
                cases.push(*run);
            } else if !names_a_test(name) {
                problems.push(format!(
                    "{at}: {name:?} is neither a case of {CATALOGUE} nor a test"
                ));
            }
        }
        if cases.is_empty() {
            continue;
        }
        for quote in code_spans(&row.answer) {
            quoted += 1;
            if !cases
                .iter()
                .any(|o| quotes(&o.stderr, &quote) || quotes(&o.stdout, &quote))
            {
                problems.push(format!(
                    "{at}: no case of the row prints {quote:?} (cases: {:?})",
                    row.names
                ));
            }
        }
        for code in exits(&row.answer) {
            for o in cases.iter().filter(|o| o.code != Some(code)) {
                problems.push(format!(
                    "{at}: says exit {code}, {} exits {:?}",
                    o.name, o.code
                ));
            }
        }
    }
    for case in &catalogue().case {
        if !named.contains(case.name.as_str()) {
            problems.push(format!("{DOC} names no row for the case {}", case.name));
        }
    }
    let untested = rows.iter().filter(|r| r.untested).count();
    eprintln!(
        "{DOC}: {} rows, {untested} not tested, {quoted} quotes checked against their cases",
        rows.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------- sequences

#[test]
fn crlf_line_endings_just_work_and_add_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("led.toml");
    let text = format!("\u{feff}{}", catalogue().base.ledger.replace('\n', "\r\n"));
    std::fs::write(&path, &text).expect("write");
    let st = || St::new().dir(dir.path()).ledger("led.toml");
    st().arg("check").run().code(0);
    st().args([
        "add",
        "literature",
        "--date",
        "2024-04-01",
        "--amount",
        "250",
        "--description",
        "Bok",
        "--approved-by",
        "handledare=2024-03-30",
    ])
    .run()
    .code(0);
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.starts_with(&text), "the old bytes are kept");
    let added = &after[text.len()..];
    assert!(added.contains("[[entry]]\r\nid = 2\r\n"), "{added:?}");
    assert!(
        !added.replace("\r\n", "").contains('\n'),
        "only CRLF: {added:?}"
    );
    st().arg("check").run().code(0);
}

// ---------------------------------------------------------------- Swedish

/// English words that must not reach a Swedish reader of an error.
const ENGLISH: &[&str] = &[
    " the ",
    " is ",
    " must ",
    " missing",
    " found",
    " expected",
    "unknown",
    " entry ",
    " should ",
    " got ",
    " an ",
    " of ",
    "error:",
    "hint:",
];

/// A line of a message without what is not prose: `code`, "quoted" values
/// and the paths and places it names.
fn prose(line: &str) -> String {
    let mut out = String::new();
    let mut inside: Option<char> = None;
    for ch in line.chars() {
        match (inside, ch) {
            (None, '`' | '"') => inside = Some(ch),
            (Some(open), _) if ch == open => inside = None,
            (None, _) => out.push(ch),
            _ => {}
        }
    }
    let words: Vec<&str> = out
        .split(' ')
        .filter(|w| !w.contains(".toml") && !w.contains('/') && !w.starts_with("--"))
        .collect();
    format!(" {} ", words.join(" "))
}

/// Every case of the catalogue run again with `--lang sv` (but the seven
/// whose files are generated, large or deeply nested, and those that set a
/// language of their own): no English word in what it prints on standard
/// error.
#[test]
fn every_case_in_swedish_speaks_swedish() {
    let cat = catalogue();
    let mut english = Vec::new();
    let mut run = 0;
    for case in &cat.case {
        let default = ["--ledger", "led.toml", "check"].map(String::from).to_vec();
        let args = case.args.clone().unwrap_or(default);
        if case.generate.is_some() || args.iter().any(|a| a == "--lang") {
            continue;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        prepare(dir.path(), &cat.base, case);
        let sv: Vec<String> = ["--lang", "sv"]
            .map(String::from)
            .into_iter()
            .chain(args)
            .collect();
        let r = St::new().dir(dir.path()).args(&sv).output();
        run += 1;
        for line in r.stderr.lines() {
            let p = prose(line);
            if let Some(w) = ENGLISH.iter().find(|w| p.contains(*w)) {
                english.push(format!("{}: {w:?} in {line}", case.name));
            }
        }
    }
    assert!(run > 100, "{run} cases run");
    assert!(
        english.is_empty(),
        "English in Swedish:\n{}",
        english.join("\n")
    );
}
