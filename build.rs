//! Embeds every policy in `policies/` into the binary, so an installed st-budget
//! works from any directory. The list is generated, so no region's name or file
//! appears in the Rust sources: a new region is a new file in `policies/`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // The program's relative relocations packed (DT_RELR, glibc 2.36 and
    // later): a few kilobytes where there were 267 KB of them, read and
    // mapped at every start (docs/performance.md). Still a position-
    // independent program, its addresses random.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
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
