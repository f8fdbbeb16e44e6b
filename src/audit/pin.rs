//! Which policy judges a ledger (docs/audit.md, "The director pins the policy").
//!
//! Without a pin, the policy the ledger names, found among the director's own.
//! `--policy ID|FILE` pins one policy for every ledger; `--policy-map FILE`, a
//! small TOML file the director keeps, pins one per folder, per trainee id (as
//! the register knows the ledger) or per ledger uid, with `--policy` for the
//! ledgers it does not name. Never by anything the trainee writes freely (a
//! `unit`, the `policy` key itself): choosing a kinder policy is the attack.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::identity::id_key;
use crate::diag::{InputError, Source};
use crate::policy::{Catalog, Policy};
use crate::tomlx::{Reader, parse_document};

/// How the director chose the policies.
#[derive(Debug, Default)]
pub struct Pins {
    /// `--policy`: for every ledger the mapping does not name.
    default: Option<Policy>,
    map: Option<Map>,
}

/// The director's mapping file.
#[derive(Debug)]
struct Map {
    path: String,
    /// Canonical folders, longest first.
    folders: Vec<(PathBuf, String, Policy)>,
    ids: HashMap<String, (String, Policy)>,
    uids: HashMap<String, Policy>,
}

/// The policy chosen for a ledger.
pub enum Choice<'a> {
    /// No pin: the policy the ledger names.
    Own,
    /// This one, for this reason (`--policy`, `policy-map.toml: folder inbox/south`).
    Pinned(&'a Policy, String),
    /// A mapping is given, and names neither this ledger nor a default.
    Unmapped(&'a str),
}

impl Pins {
    /// `--policy` (an existing file wins, else an id) and `--policy-map`.
    pub fn new(
        catalog: &Catalog,
        policy: Option<&str>,
        map: Option<&Path>,
    ) -> Result<Pins, InputError> {
        Ok(Pins {
            default: policy.map(|p| catalog.resolve(p, "--policy")).transpose()?,
            map: map.map(|m| Map::load(catalog, m)).transpose()?,
        })
    }

    /// The policy for the ledger at `path`, with this uid and this trainee id as
    /// the register knows it (else as the ledger says it).
    pub fn choose(&self, path: &Path, uid: Option<&str>, id: Option<&str>) -> Choice<'_> {
        let Some(map) = &self.map else {
            return match &self.default {
                Some(p) => Choice::Pinned(p, "--policy".to_string()),
                None => Choice::Own,
            };
        };
        if let Some(p) = uid.and_then(|u| map.uids.get(u.trim())) {
            let why = crate::msg!(
                "{}: liggare {}",
                "{}: ledger {}",
                map.path,
                uid.unwrap_or_default()
            );
            return Choice::Pinned(p, why);
        }
        if let Some((written, p)) = id.and_then(id_key).and_then(|k| map.ids.get(&k)) {
            let why = crate::msg!("{}: ST-läkare {}", "{}: trainee {}", map.path, written);
            return Choice::Pinned(p, why);
        }
        if let Ok(real) = std::fs::canonicalize(path)
            && let Some((_, written, p)) = map.folders.iter().find(|(f, _, _)| real.starts_with(f))
        {
            let why = crate::msg!("{}: mappen {}", "{}: folder {}", map.path, written);
            return Choice::Pinned(p, why);
        }
        match &self.default {
            Some(p) => Choice::Pinned(p, "--policy".to_string()),
            None => Choice::Unmapped(&map.path),
        }
    }
}

impl Map {
    fn load(catalog: &Catalog, path: &Path) -> Result<Map, InputError> {
        let shown = path.display().to_string();
        let bytes = crate::input::read_limited(path, crate::input::What::Policy)?;
        let text = crate::input::into_text(&shown, bytes)?;
        let src = Source::new(&shown, crate::tomlx::strip_bom(&text));
        let doc = parse_document(&src)?;
        let r = Reader::new(src);
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut map = Map {
            path: shown.clone(),
            folders: Vec::new(),
            ids: HashMap::new(),
            uids: HashMap::new(),
        };
        for (key, value) in crate::tomlx::in_file_order(doc.get_ref()) {
            let table = key.get_ref().as_ref();
            if !["folders", "trainees", "ledgers"].contains(&table) {
                return Err(r.unknown_key(
                    key,
                    crate::msg!("regelverkskartan", "the policy map"),
                    &["folders", "trainees", "ledgers"],
                ));
            }
            for (k, v) in crate::tomlx::in_file_order(r.table(table, value)?) {
                let written: &str = k.get_ref();
                let arg = r.text(written, v)?;
                // A file beside the mapping wins, as `--policy` lets a file win.
                let beside = base.join(&arg);
                let policy = if beside.is_file() {
                    catalog.resolve(&beside.display().to_string(), &shown)
                } else {
                    catalog.resolve(&arg, &shown)
                }
                .map_err(|e| {
                    r.err(v.span(), e.message)
                        .with_hint(e.hint.unwrap_or_default())
                })?;
                match table {
                    "folders" => {
                        let folder = base.join(written);
                        let real = std::fs::canonicalize(&folder).map_err(|e| {
                            r.err(
                                k.span(),
                                crate::msg!(
                                    "mappen {} kan inte läsas: {}",
                                    "the folder {} cannot be read: {}",
                                    folder.display(),
                                    crate::input::io_reason(&e)
                                ),
                            )
                        })?;
                        map.folders.push((real, written.to_string(), policy));
                    }
                    "trainees" => {
                        let Some(id) = id_key(written) else {
                            return Err(r.err(k.span(), crate::msg!("ett tomt id", "an empty id")));
                        };
                        map.ids.insert(id, (written.to_string(), policy));
                    }
                    _ => {
                        map.uids.insert(written.trim().to_string(), policy);
                    }
                }
            }
        }
        map.folders
            .sort_by_key(|(f, _, _)| std::cmp::Reverse(f.components().count()));
        Ok(map)
    }
}
