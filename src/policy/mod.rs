//! The policy format: model, loading with locations, and the catalogue of
//! policies a command may use (built-in, a directory, a file).

pub mod kind;
mod load;
pub mod model;
pub mod needs;
mod roles;

pub use kind::{COMMON_KEYS, KINDS, KindSpec, RuleKind};
pub use load::{Loaded, fold, parse};
pub use model::*;

use std::path::{Path, PathBuf};

use crate::diag::{InputError, did_you_mean};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
}

/// The policies a command can judge with, by id. Later sources override earlier
/// ones: built-in, then `--policy-dir`, then `--policy`.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    policies: Vec<Policy>,
    /// A single policy given with `--policy FILE`: used whatever the ledger names.
    forced: Option<Policy>,
    /// What `add_dir` replaced: for the caller to report.
    replaced: Vec<Replaced>,
}

/// A policy of `--policy-dir` that took the place of another of the same id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaced {
    pub id: String,
    /// The file that now holds the id.
    pub file: PathBuf,
    /// The file of the same directory it replaced; `None`: a built-in policy.
    pub earlier: Option<PathBuf>,
}

impl Catalog {
    /// The policies shipped inside the binary.
    pub fn builtin() -> Result<Catalog, InputError> {
        let mut c = Catalog::default();
        for (name, text) in builtin::BUILTIN {
            c.insert(parse(&format!("built-in:{name}"), text)?.policy);
        }
        Ok(c)
    }

    /// Every `*.toml` in `dir` (not recursive), overriding built-ins of the same id.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), InputError> {
        let shown = dir.display().to_string();
        let rd = std::fs::read_dir(dir).map_err(|e| {
            InputError::new(
                &shown,
                crate::msg!(
                    "kan inte läsa mappen med regelverk: {}",
                    "cannot read the policy directory: {}",
                    crate::input::io_reason(&e)
                ),
            )
        })?;
        let mut files: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        let mut seen: Vec<(String, PathBuf)> = Vec::new();
        for f in files {
            let p = load_file(&f)?;
            if let Some((_, earlier)) = seen.iter().find(|(id, _)| *id == p.id) {
                self.replaced.push(Replaced {
                    id: p.id.clone(),
                    file: f.clone(),
                    earlier: Some(earlier.clone()),
                });
            } else if self.find(&p.id).is_some() {
                self.replaced.push(Replaced {
                    id: p.id.clone(),
                    file: f.clone(),
                    earlier: None,
                });
            }
            seen.push((p.id.clone(), f));
            self.insert(p);
        }
        Ok(())
    }

    /// The policies of `--policy-dir` that replaced another of the same id: a
    /// built-in one, or another file of the directory (the later file in sorted
    /// order holds the id).
    pub fn replaced(&self) -> &[Replaced] {
        &self.replaced
    }

    /// The policy `--policy ID|FILE` names, the same on every command: a file
    /// when one exists at that path (a file wins over an id), else a policy of
    /// the catalogue by id. `flag` names the flag in messages.
    pub fn resolve(&self, arg: &str, flag: &str) -> Result<Policy, InputError> {
        let path = Path::new(arg);
        if path.is_file() {
            return load_file(path);
        }
        self.get(arg.trim()).cloned().map_err(|m| {
            InputError::new(flag, m).with_hint(crate::msg!(
                "ange ett id ur `st-budget policy list`, eller en regelverksfil som finns",
                "give an id from `st-budget policy list`, or a policy file that exists",
            ))
        })
    }

    /// Judges every ledger with `policy`, whatever policy id it names.
    pub fn pin(&mut self, policy: Policy) {
        self.forced = Some(policy);
    }

    fn insert(&mut self, p: Policy) {
        self.policies.retain(|q| q.id != p.id);
        self.policies.push(p);
    }

    pub fn all(&self) -> impl Iterator<Item = &Policy> {
        self.forced.iter().chain(self.policies.iter())
    }

    pub fn find(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// The policy for a ledger that names `id`.
    pub fn get(&self, id: &str) -> Result<&Policy, String> {
        if let Some(p) = &self.forced {
            return Ok(p);
        }
        self.find(id).ok_or_else(|| {
            let ids: Vec<&str> = self.policies.iter().map(|p| p.id.as_str()).collect();
            match did_you_mean(id, &ids) {
                Some(m) => crate::msg!(
                    "okänt regelverk {:?} (menade du {:?}?)",
                    "unknown policy {:?} (did you mean {:?}?)",
                    id,
                    m
                ),
                None => crate::msg!(
                    "okänt regelverk {:?} (kända: {})",
                    "unknown policy {:?} (known: {})",
                    id,
                    ids.join(", ")
                ),
            }
        })
    }
}

/// Reads and validates one policy file.
pub fn load_file(path: &Path) -> Result<Policy, InputError> {
    Ok(load_file_checked(path)?.policy)
}

/// Reads and validates one policy file, keeping what `policy check` reports.
pub fn load_file_checked(path: &Path) -> Result<Loaded, InputError> {
    let shown = path.display().to_string();
    let bytes = crate::input::read_limited(path, crate::input::What::Policy)?;
    let text = crate::input::into_text(&shown, bytes)?;
    parse(&shown, &text)
}
