//! Embeds every policy in `policies/` into the binary, so an installed st-budget
//! works from any directory. The list is generated, so no region's name or file
//! appears in the Rust sources: a new region is a new file in `policies/`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time of the build script, not fixed when it was compiled: a
    // build script reused from another checkout must still find this one's.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("policies");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the shipped policies in {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    // A binary without its policies would judge every ledger "unknown policy".
    assert!(!files.is_empty(), "no policy (*.toml) in {}", dir.display());
    files.sort();
    let mut out = String::from(
        "/// (file name, text) of every policy shipped in `policies/`.\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_policies.rs");
    std::fs::write(dest, out).expect("write builtin_policies.rs");
}
