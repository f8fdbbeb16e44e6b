//! Finding the ledgers under the paths the director gave, and accounting for
//! every other path: each one is a ledger to audit, an unreadable row, or
//! skipped with the reason why. Nothing is dropped without a word.
//!
//! Folders are searched recursively, in sorted path order. A file is a ledger
//! when its name ends in `.toml` in any case, spaces around the name ignored
//! (`bob.TOML`, `bob.toml `, a file named `.toml`). A FIFO, a socket, a device
//! or a dangling link is an unreadable row, never opened. A symbolic link is
//! followed only to a regular file inside the folders given; a link to a folder
//! is not followed (it could loop, and what it shows is searched where it is).
//!
//! One audit looks at no more than [`MAX_PATHS`] paths, holding no more than
//! [`MAX_PATH_BYTES`] of them: a larger inbox is refused ([`TooLarge`]) as
//! soon as the walk sees it, before any ledger is read.

use std::path::{Path, PathBuf};

use crate::diag::InputError;

/// A ledger to audit, and its size when it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub size: u64,
}

/// One input: a ledger file, or a path that cannot be read (the row says why;
/// boxed, so that an input takes 32 bytes, not 96, until the end).
pub type Input = Result<Candidate, Box<InputError>>;

/// An input's path as the audit shows it.
pub fn shown(input: &Input) -> String {
    shown_cow(input).into_owned()
}

/// An input's path as the audit shows it, borrowed where it is UTF-8 (as
/// `Path::display` writes it).
fn shown_cow(input: &Input) -> std::borrow::Cow<'_, str> {
    match input {
        Ok(c) => c.path.to_string_lossy(),
        Err(e) => e.path.as_str().into(),
    }
}

/// Each input's place among them all sorted by its path as shown (inputs of
/// the same path in input order): the order of the director's table and of
/// the money about to lapse, which keep this number of each ledger instead of
/// a copy of its path.
pub fn ranks(inputs: &[Input]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..inputs.len() as u32).collect();
    order.sort_by(|&a, &b| shown_cow(&inputs[a as usize]).cmp(&shown_cow(&inputs[b as usize])));
    let mut ranks = vec![0; inputs.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

/// A path the walk did not audit, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub why: String,
}

/// At most this many paths are looked at by one audit: every entry of every
/// folder searched (files and folders alike) and every path given. Far more
/// ledgers than a region's trainees ever send, and few enough that what the
/// audit keeps of each ledger until its end (its place, its identity, its
/// row, the others it names) stays under 64 MB for any inbox
/// (docs/performance.md); a larger inbox is refused before any ledger is read.
pub const MAX_PATHS: usize = 50_000;

/// At most this many bytes of paths (and of the reasons given for paths not
/// audited) are held by one audit: 168 bytes a path at [`MAX_PATHS`].
pub const MAX_PATH_BYTES: u64 = 8 * 1024 * 1024;

/// An inbox too large for one audit: more than [`MAX_PATHS`] paths, or
/// paths longer than [`MAX_PATH_BYTES`] together. The walk stopped there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    Paths,
    Bytes,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// Whether a file name names a ledger: `*.toml` in any case, spaces around it ignored.
pub fn is_ledger_name(name: &str) -> bool {
    name.trim().to_lowercase().ends_with(".toml")
}

/// Walks `paths` in the order given. `own` are files of the director's that are
/// not ledgers (the register, the policy folder, the policy mapping), each with
/// what it is: skipped, and said so. An inbox of more than [`MAX_PATHS`]
/// paths, or of paths longer than [`MAX_PATH_BYTES`] together, is refused as
/// soon as it is seen to be, holding no more than that.
pub fn walk(paths: &[PathBuf], own: &[(PathBuf, &'static str)]) -> Result<Walk, TooLarge> {
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut w = Walker {
        roots,
        own,
        out: Walk::default(),
        to_size: Vec::new(),
        seen: 0,
        bytes: 0,
        over: None,
    };
    for p in paths {
        if w.look(1) {
            break;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => w.folder(p),
            // A file named on the command line is read whatever its name.
            Ok(m) if m.is_file() => {
                w.hold(p.as_os_str().len());
                w.out.inputs.push(Ok(Candidate {
                    path: p.clone(),
                    size: m.len(),
                }))
            }
            Ok(m) => w.unreadable(p, &not_regular(&m.file_type())),
            Err(_) if std::fs::symlink_metadata(p).is_ok() => w.unreadable(p, &dangling(p)),
            Err(e) => w.unreadable(
                p,
                &crate::msg!(
                    "kan inte läsas: {}",
                    "cannot read: {}",
                    crate::input::io_reason(&e)
                ),
            ),
        }
    }
    match w.over {
        Some(over) => Err(over),
        None => Ok(w.sizes()),
    }
}

struct Walker<'a> {
    /// The folders given, as canonical paths: links may lead only inside them.
    roots: Vec<PathBuf>,
    own: &'a [(PathBuf, &'static str)],
    out: Walk,
    /// The ledgers found in folders whose size is still to be asked, by
    /// their index in `out.inputs` (their folder entries are not kept: each
    /// holds its name again).
    to_size: Vec<u32>,
    /// How many paths were looked at ([`MAX_PATHS`]).
    seen: usize,
    /// How many bytes of paths and reasons are held ([`MAX_PATH_BYTES`]).
    bytes: u64,
    /// Which bound the inbox went over; nothing more is looked at.
    over: Option<TooLarge>,
}

impl Walker<'_> {
    /// Counts `n` more paths looked at: whether the walk is to stop.
    fn look(&mut self, n: usize) -> bool {
        self.seen = self.seen.saturating_add(n);
        if self.over.is_none() && self.seen > MAX_PATHS {
            self.over = Some(TooLarge::Paths);
        }
        self.over.is_some()
    }

    /// Counts `n` more bytes held.
    fn hold(&mut self, n: usize) {
        self.bytes = self.bytes.saturating_add(n as u64);
        if self.over.is_none() && self.bytes > MAX_PATH_BYTES {
            self.over = Some(TooLarge::Bytes);
        }
    }

    /// What the walk found, with the size of each ledger found in a folder,
    /// asked on every thread at once (one call for each file).
    fn sizes(mut self) -> Walk {
        use rayon::prelude::*;
        let inputs = &self.out.inputs;
        let sizes: Vec<(u32, u64)> = (self.to_size.into_par_iter())
            .map(|i| match &inputs[i as usize] {
                Ok(c) => (i, std::fs::symlink_metadata(&c.path).map_or(0, |m| m.len())),
                Err(_) => (i, 0),
            })
            .collect();
        for (i, size) in sizes {
            if let Some(Ok(c)) = self.out.inputs.get_mut(i as usize) {
                c.size = size;
            }
        }
        self.out
    }

    fn unreadable(&mut self, path: &Path, why: &str) {
        self.hold(path.as_os_str().len() + why.len());
        self.out.inputs.push(Err(Box::new(InputError::new(
            path.display().to_string(),
            why,
        ))));
    }

    fn skip(&mut self, path: &Path, why: String) {
        self.hold(path.as_os_str().len() + why.len());
        self.out.skipped.push(Skipped {
            path: path.display().to_string(),
            why,
        });
    }

    fn folder(&mut self, dir: &Path) {
        if self.over.is_some() {
            return;
        }
        // Its entries, counted as they are read: a folder of millions of
        // files is refused, not held.
        let items = std::fs::read_dir(dir).and_then(|rd| {
            let mut items = Vec::new();
            for e in rd {
                if self.look(1) {
                    break;
                }
                items.push(e?);
            }
            Ok(items)
        });
        if self.over.is_some() {
            return;
        }
        let mut items = match items {
            Ok(items) => items,
            Err(e) => {
                let why = crate::msg!(
                    "kan inte läsa mappen: {}",
                    "cannot read the folder: {}",
                    crate::input::io_reason(&e)
                );
                return self.unreadable(dir, &why);
            }
        };
        // By name: in one folder, the order of the paths (each key made once,
        // not at every comparison).
        items.sort_by_cached_key(std::fs::DirEntry::file_name);
        // The folder's canonical path, once: an entry in it that is no link
        // is that path and its name (no call to resolve each file's path).
        let canonical = if self.own.is_empty() {
            None
        } else {
            std::fs::canonicalize(dir).ok()
        };
        for e in items {
            if self.over.is_some() {
                return;
            }
            self.entry(e, canonical.as_deref());
        }
    }

    /// Which of the director's own files `path` is, if any. `folder` is the
    /// canonical path of the folder it is in, where known and `path` is no link.
    fn own(&self, path: &Path, folder: Option<&Path>) -> Option<&'static str> {
        if self.own.is_empty() {
            return None;
        }
        let p = match (folder, path.file_name()) {
            (Some(folder), Some(name)) => folder.join(name),
            _ => std::fs::canonicalize(path).ok()?,
        };
        self.own
            .iter()
            .find(|(o, _)| p == *o || p.starts_with(o))
            .map(|(_, what)| *what)
    }

    fn entry(&mut self, e: std::fs::DirEntry, folder: Option<&Path>) {
        let path = e.path();
        let no_link = e.file_type().is_ok_and(|t| !t.is_symlink());
        let folder = folder.filter(|_| no_link);
        if let Some(what) = self.own(&path, folder) {
            return self.skip(&path, what.to_string());
        }
        let Ok(t) = e.file_type() else {
            return self.unreadable(&path, crate::msg!("kan inte läsas", "cannot be read"));
        };
        let name = e.file_name().to_string_lossy().into_owned();
        if t.is_dir() {
            self.folder(&path)
        } else if t.is_symlink() {
            self.link(&path, &name)
        } else if !t.is_file() {
            self.unreadable(&path, &not_regular(&t))
        } else if is_ledger_name(&name) {
            self.to_size.push(self.out.inputs.len() as u32);
            self.hold(path.as_os_str().len());
            self.out.inputs.push(Ok(Candidate { path, size: 0 }))
        } else {
            self.skip(
                &path,
                crate::msg!("inte en *.toml-fil", "not named *.toml").to_string(),
            )
        }
    }

    /// A symbolic link met in a folder.
    fn link(&mut self, path: &Path, name: &str) {
        let Ok(target) = std::fs::canonicalize(path) else {
            return self.unreadable(path, &dangling(path));
        };
        let shown = target.display().to_string();
        if !self.roots.iter().any(|r| target.starts_with(r)) {
            return self.skip(
                path,
                crate::msg!(
                    "en symbolisk länk ut ur de angivna mapparna (till {}): inte läst",
                    "a symbolic link out of the folders given (to {}): not read",
                    shown
                ),
            );
        }
        let Ok(m) = std::fs::metadata(&target) else {
            return self.unreadable(path, &dangling(path));
        };
        let target_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if m.is_dir() {
            self.skip(
                path,
                crate::msg!(
                    "en symbolisk länk till mappen {}: inte följd (den granskas där den ligger)",
                    "a symbolic link to the folder {}: not followed (it is searched where it is)",
                    shown
                ),
            )
        } else if !m.is_file() {
            self.unreadable(path, &not_regular(&m.file_type()))
        } else if is_ledger_name(&target_name) {
            self.skip(
                path,
                crate::msg!(
                    "en symbolisk länk till {}, som granskas där den ligger",
                    "a symbolic link to {}, which is audited where it is",
                    shown
                ),
            )
        } else if is_ledger_name(name) {
            self.hold(path.as_os_str().len());
            self.out.inputs.push(Ok(Candidate {
                path: path.to_path_buf(),
                size: m.len(),
            }))
        } else {
            self.skip(
                path,
                crate::msg!("inte en *.toml-fil", "not named *.toml").to_string(),
            )
        }
    }
}

/// Why a file that is not a regular file is not read.
fn not_regular(t: &std::fs::FileType) -> String {
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            crate::msg!("en namngiven pipe (FIFO)", "a named pipe (FIFO)")
        } else if t.is_socket() {
            crate::msg!("en socket", "a socket")
        } else if t.is_block_device() || t.is_char_device() {
            crate::msg!("en enhetsfil", "a device")
        } else {
            crate::msg!("en särskild fil", "a special file")
        }
    };
    #[cfg(not(unix))]
    let kind = {
        let _ = t;
        crate::msg!("en särskild fil", "a special file")
    };
    crate::msg!(
        "ingen vanlig fil utan {}: inte läst",
        "not a regular file but {}: not read",
        kind
    )
}

fn dangling(path: &Path) -> String {
    let to = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    crate::msg!(
        "en symbolisk länk till {}, som inte finns",
        "a symbolic link to {}, which does not exist",
        to
    )
}

#[cfg(test)]
mod tests {
    use super::is_ledger_name;

    #[test]
    fn a_ledger_is_named_toml_in_any_case() {
        for yes in ["a.toml", "b.TOML", ".toml", "c.Toml ", " d.toml"] {
            assert!(is_ledger_name(yes), "{yes}");
        }
        for no in ["notes.txt", "a.toml.bak", "toml", ".a.toml.lock"] {
            assert!(!is_ledger_name(no), "{no}");
        }
    }
}
