//! The crate stands in layers (src/lib.rs says which): a module may name the
//! modules below it and those of its own layer's lower neighbours, never one above.
//! This test reads every `crate::` path in `src/` and fails on a name that
//! points up, so a cycle cannot creep back in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may name modules of lower layers only
/// (and, within the ledger/policy layer, policy may name ledger: a match table
/// speaks of an entry's kinds and statuses).
const LAYERS: &[&[&str]] = &[
    &["i18n"],
    &["color", "money", "ids", "few"],
    &["diag"],
    &["input", "tomlx", "store"],
    &["ledger"],
    &["policy"],
    &["engine"],
    &["audit"],
    &["render"],
    &["cli"],
    &["commands"],
    &["main"],
];

fn rank(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| {
            panic!("module `{module}` is in no layer: add it to LAYERS and to src/lib.rs")
        })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src/ is readable") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Every top-level module a text names through `crate::`, `$crate::` or
/// `st_budget::` (the binary), including `use crate::{a, b::c}` groups.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "st_budget::"] {
        let mut rest = text;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `my_crate::` and the like
            }
            if let Some(group) = rest.strip_prefix('{') {
                // Top-level names of a `{…}` group, skipping nested braces.
                let mut depth = 0;
                let mut word = String::new();
                let mut at_top_start = true;
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => at_top_start = true,
                        c if c.is_alphanumeric() || c == '_' => {
                            if at_top_start && depth == 0 {
                                word.push(c);
                            }
                        }
                        _ => {
                            if !word.is_empty() {
                                out.insert(std::mem::take(&mut word));
                            }
                            if !c.is_whitespace() {
                                at_top_start = false;
                            }
                        }
                    }
                }
                if !word.is_empty() {
                    out.insert(word);
                }
            } else {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !word.is_empty() {
                    out.insert(word);
                }
            }
        }
    }
    out
}

/// Names that are not modules: macros exported at the crate root.
fn module_name(name: &str) -> Option<&str> {
    match name {
        "msg" => Some("i18n"),
        "self" | "Result" => None,
        n => Some(n),
    }
}

#[test]
fn no_module_names_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut ups = Vec::new();
    for f in &files {
        let module = module_of(&src, f);
        if module == "lib" {
            continue;
        }
        let here = rank(&module);
        let text = std::fs::read_to_string(f).expect("readable source");
        for name in named_modules(&text) {
            let Some(target) = module_name(&name) else {
                continue;
            };
            if target == module {
                continue;
            }
            if rank(target) >= here {
                ups.push(format!(
                    "{} ({module}) names `{target}`, which is not below it",
                    f.strip_prefix(&src).expect("under src").display()
                ));
            }
        }
    }
    assert!(
        ups.is_empty(),
        "modules naming one above them:\n{}",
        ups.join("\n")
    );
}

#[test]
fn the_reader_of_paths_sees_groups_and_macros() {
    let names = named_modules(
        "use crate::{engine::Evaluation, policy::{Cond, Field}};\n\
         let x = $crate::i18n::current(); crate::msg!(\"a\", \"b\"); my_crate::zzz",
    );
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(names, ["engine", "i18n", "msg", "policy"]);
}

#[test]
fn lib_rs_states_every_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    for layer in LAYERS {
        for m in *layer {
            if *m != "main" {
                assert!(
                    lib.contains(&format!("[`{m}`]")),
                    "src/lib.rs does not place `{m}` in its layers"
                );
            }
        }
    }
}

/// The prompt crate stays in the guided `add` (commands/guided/ask.rs): no
/// layer below the commands may ask a person anything, and one file wraps it.
#[test]
fn only_the_guided_add_names_the_prompt_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut named = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable source");
        if text.contains("inquire::") || text.contains("use inquire") {
            named.push(
                f.strip_prefix(&src)
                    .expect("under src")
                    .display()
                    .to_string(),
            );
        }
    }
    assert_eq!(named, ["commands/guided/ask.rs"]);
}
