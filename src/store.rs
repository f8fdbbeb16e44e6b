//! Writing files so that nothing is ever lost: under a lock, atomically.
//!
//! A writer takes an exclusive lock on a separate lock file beside the ledger
//! (`.NAME.lock`, never replaced, so it serialises writers even though the
//! ledger itself is replaced), reads the current text, and writes the new text
//! to a temporary file in the same directory, fsyncs it, gives it the old file's
//! permissions, renames it over the ledger and fsyncs the directory. A crash at
//! any point leaves either the old file or the new one, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// An exclusive lock on a file's companion lock file, held until dropped.
pub struct Lock {
    _file: File,
}

fn sibling(path: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "ledger".into(), |n| n.to_string_lossy().into_owned());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!("{prefix}{name}{suffix}"))
}

/// Takes the exclusive lock for writing `path`, waiting for other writers.
pub fn lock(path: &Path) -> Result<Lock> {
    let lock_path = sibling(path, ".", ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .with_context(|| {
            crate::msg!(
                "kunde inte öppna låsfilen {}",
                "failed to open lock file {}",
                lock_path.display()
            )
        })?;
    file.lock().with_context(|| {
        crate::msg!(
            "kunde inte låsa {}",
            "failed to lock {}",
            lock_path.display()
        )
    })?;
    Ok(Lock { _file: file })
}

/// Replaces `path` with `bytes` atomically. The caller holds the lock.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, ".", &format!(".tmp-{}", std::process::id()));
    let result = write_new(
        &tmp,
        bytes,
        fs::metadata(path).ok().map(|m| m.permissions()),
    )
    .and_then(|()| {
        fs::rename(&tmp, path).with_context(|| {
            crate::msg!(
                "kunde inte ersätta {}",
                "failed to replace {}",
                path.display()
            )
        })
    })
    .and_then(|()| sync_dir(path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates `path` with `bytes`, atomically, refusing if it exists.
pub fn create(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, ".", &format!(".tmp-{}", std::process::id()));
    write_new(&tmp, bytes, None)?;
    // A hard link fails if the target exists, so two `init`s can never both win.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => sync_dir(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(crate::msg!(
                "{} finns redan; st-budget skriver aldrig över en liggare",
                "{} already exists; st-budget never overwrites a ledger",
                path.display()
            ))
        }
        Err(e) => Err(e).with_context(|| {
            crate::msg!("kunde inte skapa {}", "failed to create {}", path.display())
        }),
    }
}

fn write_new(tmp: &Path, bytes: &[u8], perms: Option<fs::Permissions>) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .with_context(|| {
            crate::msg!("kunde inte skapa {}", "failed to create {}", tmp.display())
        })?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .with_context(|| {
            crate::msg!("kunde inte skriva {}", "failed to write {}", tmp.display())
        })?;
    if let Some(p) = perms {
        fs::set_permissions(tmp, p).with_context(|| {
            crate::msg!(
                "kunde inte sätta behörigheter på {}",
                "failed to set permissions on {}",
                tmp.display()
            )
        })?;
    }
    Ok(())
}

fn sync_dir(path: &Path) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(d) = File::open(dir) {
        // Not every file system can fsync a directory; the rename is done either way.
        let _ = d.sync_all();
    }
    Ok(())
}
