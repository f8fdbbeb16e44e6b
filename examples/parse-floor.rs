//! parse-floor: the time to read and parse ledgers and do nothing else, the floor
//! that `audit` is measured against (docs/performance.md).
//!
//! ```text
//! cargo run --release --example parse-floor -- [--mode toml|lex|events|plain|ledger] [--threads N] PATH…
//! ```
//!
//! Walks the paths like `audit` (folders recursively, `*.toml`), reads every file
//! and parses it:
//! - `--mode toml`: the `toml` crate's own spanned parse (`DeTable::parse`), no
//!   conversion: the bare TOML floor;
//! - `--mode lex`: `toml_parser`'s lexer alone (the tokens counted);
//! - `--mode events`: its lexer and event parser, events thrown away (the
//!   speed issue 17 names as the reader's floor);
//! - `--mode plain`: st-budget's own reader of the plain layout
//!   (`tomlx::plain::walk`, every scalar decoded) into a sink that keeps
//!   nothing: the reader's cost without the ledger's loader;
//! - `--mode ledger` (default): `st_budget::ledger::parse`, the same parse into the
//!   same structs that every command starts with, validation included.
//!
//! `--threads N` (default 1) spreads the files over N threads, like audit does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut items: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(_) => return,
        };
        items.sort();
        for p in items {
            if p.is_dir() || p.extension().is_some_and(|e| e == "toml") {
                collect(&p, out);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Toml,
    Lex,
    Events,
    Plain,
    Ledger,
}

/// A sink that keeps nothing: the plain reader's own cost.
struct Nothing(usize);

impl<'i> st_budget::tomlx::stream::Sink<'i> for Nothing {
    fn node(
        &mut self,
        _: &[st_budget::tomlx::stream::Seg<'i>],
        _: st_budget::tomlx::stream::Node<'i>,
    ) {
        self.0 += 1;
    }
}

/// Parses one file; returns the number of entries (ledger mode) or top-level keys.
fn parse_one(path: &Path, mode: Mode) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match mode {
        Mode::Toml => toml::de::DeTable::parse(&text)
            .map(|t| t.get_ref().len())
            .map_err(|e| format!("{}: {e}", path.display())),
        Mode::Lex => Ok(toml_parser::Source::new(&text).lex().count()),
        Mode::Events => {
            let tokens = toml_parser::Source::new(&text).lex().into_vec();
            let mut errors: Option<toml_parser::ParseError> = None;
            toml_parser::parser::parse_document(&tokens, &mut (), &mut errors);
            match errors {
                None => Ok(tokens.len()),
                Some(e) => Err(format!("{}: {e:?}", path.display())),
            }
        }
        Mode::Plain => {
            let mut nothing = Nothing(0);
            st_budget::tomlx::plain::walk(&text, &mut nothing, st_budget::tomlx::plain::Decode::All)
                .map(|()| nothing.0)
                .map_err(|_| format!("{}: not in the plain layout", path.display()))
        }
        Mode::Ledger => st_budget::ledger::parse(&path.display().to_string(), &text)
            .map(|l| std::hint::black_box(l).entries.len())
            .map_err(|e| e.to_string()),
    }
}

fn main() -> ExitCode {
    let mut mode = Mode::Ledger;
    let mut threads = 1usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" => match args.next().as_deref() {
                Some("toml") => mode = Mode::Toml,
                Some("ledger") => mode = Mode::Ledger,
                Some("lex") => mode = Mode::Lex,
                Some("events") => mode = Mode::Events,
                Some("plain") => mode = Mode::Plain,
                _ => {
                    eprintln!("error: --mode toml|lex|events|plain|ledger");
                    return ExitCode::from(2);
                }
            },
            "--threads" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => threads = n,
                _ => {
                    eprintln!("error: --threads N (N > 0)");
                    return ExitCode::from(2);
                }
            },
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let mut files = Vec::new();
    for p in &paths {
        collect(p, &mut files);
    }
    let next = AtomicUsize::new(0);
    let (items, errors) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = files.get(i) else { break };
                    match parse_one(f, mode) {
                        Ok(n) => {
                            items.fetch_add(n, Ordering::Relaxed);
                        }
                        Err(e) => {
                            eprintln!("error: {e}");
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    println!(
        "{} files, {} {}, {} unreadable",
        files.len(),
        items.load(Ordering::Relaxed),
        match mode {
            Mode::Ledger => "entries",
            Mode::Toml => "top-level keys",
            Mode::Lex | Mode::Events => "tokens",
            Mode::Plain => "values",
        },
        errors.load(Ordering::Relaxed)
    );
    ExitCode::SUCCESS
}
