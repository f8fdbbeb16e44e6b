//! Writing files so that nothing is ever lost: under a lock, atomically.
//!
//! A writer takes an exclusive lock on a separate lock file beside the ledger
//! (`.NAME.lock`, never replaced and never removed, so it serialises writers even
//! though the ledger itself is replaced), reads the current text, and writes the
//! new text to a temporary file in the same directory (created private, `0600`),
//! fsyncs it, gives it the old file's permissions, renames it over the ledger and
//! fsyncs the directory. A crash at any point leaves either the old file or the
//! new one, never a mix; a temporary file a killed writer left behind is removed
//! by the next writer, which alone can hold the lock.
//!
//! A ledger reached through a symbolic link is written where the link points: the
//! link stays a link. A ledger without any write permission is read-only to
//! st-budget too; it is never replaced behind its owner's back.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{Context, Result};

/// An exclusive lock on a file's companion lock file, held until dropped.
pub struct Lock {
    _file: File,
}

/// The file a write really goes to: the target of a symbolic link, so that
/// replacing it does not turn the link into a copy.
pub fn resolve(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // A bounded walk: a loop of links ends as the last path tried.
    for _ in 0..40 {
        match fs::read_link(&p) {
            Ok(target) => {
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(_) => break,
        }
    }
    p
}

fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "ledger".into(), |n| n.to_string_lossy().into_owned())
}

fn sibling(path: &Path, prefix: &str, suffix: &str) -> PathBuf {
    dir_of(path).join(format!("{prefix}{}{suffix}", file_name(path)))
}

/// The name prefix of temporary files for `path`; see [`lock`] for their cleanup.
fn temp_prefix(path: &Path) -> String {
    format!(".{}.tmp-", file_name(path))
}

/// Takes the exclusive lock for writing `path`, waiting for other writers, and
/// removes what a writer killed mid-write left behind.
pub fn lock(path: &Path) -> Result<Lock> {
    let real = resolve(path);
    let lock_path = sibling(&real, ".", ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .with_context(|| {
            crate::msg!(
                "kan inte skriva {}: låsfilen {} gick inte att öppna",
                "cannot write {}: failed to open the lock file {}",
                path.display(),
                lock_path.display()
            )
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            // Say why nothing happens, then wait: the other writer is quick.
            eprintln!(
                "{}",
                crate::msg!(
                    "väntar på en annan st-budget som skriver i {}…",
                    "waiting for another st-budget writing {}…",
                    crate::diag::sanitize(&path.display().to_string())
                )
            );
            file.lock().with_context(|| locking_failed(&lock_path))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| locking_failed(&lock_path));
        }
    }
    remove_stale_temps(&real);
    Ok(Lock { _file: file })
}

/// A file with no name beside `path`, for what is too large to hold in memory
/// until `path` is written (the rows of the audit's page): on the same disk as
/// `path`, and gone when it is closed, whatever happens.
pub fn scratch_beside(path: &Path) -> std::io::Result<File> {
    tempfile::tempfile_in(dir_of(&resolve(path)))
}

/// Temporary files are only ever written under the lock, so one that exists when
/// the lock is taken belongs to a writer that died; it is never the ledger.
fn remove_stale_temps(real: &Path) {
    let prefix = temp_prefix(real);
    let Ok(rd) = fs::read_dir(dir_of(real)) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Only names `new_temp` makes: the prefix, then pid-counter-nanos.
        let ours = name.strip_prefix(&prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
        });
        if ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A temporary file beside `real` that did not exist before, open for writing.
fn new_temp(real: &Path, private: bool) -> Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut last_err = None;
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = dir_of(real).join(format!(
            "{}{}-{}-{nanos}",
            temp_prefix(real),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            // Private until it has the ledger's own permissions: a ledger kept at
            // 0600 is never readable by others, not even for a moment.
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                anyhow::bail!(crate::msg!(
                    "mappen {} finns inte",
                    "there is no folder {}",
                    dir_of(real).display()
                ));
            }
            Err(e) => {
                return Err(e).with_context(|| no_temp(real));
            }
        }
    }
    Err(last_err.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
        .with_context(|| no_temp(real))
}

/// Replaces `path` with `bytes` atomically, keeping its permissions. The caller
/// holds the lock. On any failure the file is left as it was.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_with(path, |w| w.write_all(bytes))
}

/// As [`replace`], with what `write` writes (through a buffer): a page too
/// large to hold in memory is written as it is made.
pub fn replace_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<()> {
    let real = resolve(path);
    let perms = match fs::metadata(&real) {
        Ok(m) if m.permissions().readonly() => anyhow::bail!(crate::msg!(
            "{} är skrivskyddad; inget skrevs (gör den skrivbar för att föra in i den)",
            "{} is read-only; nothing was written (make it writable to record in it)",
            path.display()
        )),
        Ok(m) => Some(m.permissions()),
        Err(_) => None,
    };
    let (tmp, file) = new_temp(&real, true)?;
    let result = write_all_synced(file, &tmp, write, perms)
        .and_then(|()| {
            fs::rename(&tmp, &real).with_context(|| {
                crate::msg!(
                    "{} gick inte att ersätta",
                    "failed to replace {}",
                    path.display()
                )
            })
        })
        .map(|()| sync_dir(&real));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| crate::msg!("{} ändrades inte", "{} was not changed", path.display()))
}

/// Creates `path` with `bytes`, atomically, refusing if it exists.
pub fn create(path: &Path, bytes: &[u8]) -> Result<()> {
    let real = resolve(path);
    if fs::symlink_metadata(&real).is_ok() {
        return Err(already_exists(path));
    }
    let (tmp, file) = new_temp(&real, false)?;
    if let Err(e) = write_all_synced(file, &tmp, |w| w.write_all(bytes), None) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // A hard link fails if the target exists, so two `init`s can never both win.
    let linked = fs::hard_link(&tmp, &real);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(&real);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_exists(path)),
        // Some file systems have no hard links: exclusive creation is the next best.
        Err(_) => create_exclusive(path, &real, bytes),
    }
}

fn already_exists(path: &Path) -> anyhow::Error {
    anyhow::anyhow!(crate::msg!(
        "{} finns redan; st-budget skriver aldrig över en liggare",
        "{} already exists; st-budget never overwrites a ledger",
        path.display()
    ))
}

fn create_exclusive(path: &Path, real: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(real)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                already_exists(path)
            } else {
                anyhow::Error::new(e).context(crate::msg!(
                    "{} gick inte att skapa",
                    "failed to create {}",
                    path.display()
                ))
            }
        })?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = fs::remove_file(real);
        return Err(e).with_context(|| write_failed(path));
    }
    sync_dir(real);
    Ok(())
}

fn write_all_synced(
    f: File,
    tmp: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
    perms: Option<fs::Permissions>,
) -> Result<()> {
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
    write(&mut w)
        .and_then(|()| w.flush())
        .with_context(|| write_failed(tmp))?;
    let f = w
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| write_failed(tmp))?;
    f.sync_all().with_context(|| write_failed(tmp))?;
    if let Some(p) = perms {
        f.set_permissions(p).with_context(|| {
            crate::msg!(
                "behörigheterna för {} gick inte att sätta",
                "failed to set permissions on {}",
                tmp.display()
            )
        })?;
    }
    Ok(())
}

/// Makes a rename durable. Not every file system can fsync a directory; the
/// rename is done either way.
fn sync_dir(path: &Path) {
    if let Ok(d) = File::open(dir_of(path)) {
        let _ = d.sync_all();
    }
}

fn locking_failed(lock_path: &Path) -> String {
    crate::msg!(
        "{} gick inte att låsa",
        "failed to lock {}",
        lock_path.display()
    )
}

fn no_temp(real: &Path) -> String {
    crate::msg!(
        "kan inte skapa en tillfällig fil i {}",
        "cannot create a temporary file in {}",
        dir_of(real).display()
    )
}

fn write_failed(path: &Path) -> String {
    crate::msg!(
        "{} gick inte att skriva",
        "failed to write {}",
        path.display()
    )
}

/// Bytes a command must hold until the end of its output (the findings under
/// the director's table): in memory up to `limit`, then in an anonymous
/// temporary file that the system removes when it is closed, so that memory
/// stays bounded however many ledgers an audit reads.
pub struct Spool {
    memory: Vec<u8>,
    file: Option<File>,
    len: u64,
    limit: usize,
}

impl Spool {
    pub fn new(limit: usize) -> Spool {
        Spool {
            memory: Vec::new(),
            file: None,
            len: 0,
            limit,
        }
    }

    /// Appends `bytes`; returns where they are, to read them back.
    pub fn append(&mut self, bytes: &[u8]) -> std::io::Result<std::ops::Range<u64>> {
        let start = self.len;
        if self.file.is_none() && self.memory.len() + bytes.len() > self.limit {
            let mut f = tempfile::tempfile()?;
            f.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(f);
        }
        match &mut self.file {
            Some(f) => {
                use std::io::{Seek, SeekFrom};
                // At the end of what it holds, not of the file: a write that
                // failed part way may have left bytes past it.
                f.seek(SeekFrom::Start(start))?;
                f.write_all(bytes)?;
            }
            None => self.memory.extend_from_slice(bytes),
        }
        self.len += bytes.len() as u64;
        Ok(start..self.len)
    }

    /// How many bytes it holds.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads the bytes appended at `range` into `buf`, in place of what it held.
    pub fn read(&self, range: std::ops::Range<u64>, buf: &mut Vec<u8>) -> std::io::Result<()> {
        buf.clear();
        self.copy_to(range, buf)
    }

    /// Writes the bytes appended at `range` to `out`, a piece at a time.
    pub fn copy_to(
        &self,
        range: std::ops::Range<u64>,
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        match &self.file {
            Some(f) => {
                use std::io::{Read, Seek, SeekFrom};
                let mut f = f;
                f.seek(SeekFrom::Start(range.start))?;
                let copied = std::io::copy(&mut f.take(range.end - range.start), out)?;
                if copied < range.end - range.start {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                Ok(())
            }
            None => {
                let at = |n: u64| usize::try_from(n).map_err(std::io::Error::other);
                out.write_all(&self.memory[at(range.start)?..at(range.end)?])
            }
        }
    }
}

#[cfg(test)]
mod spool_tests {
    use super::Spool;

    #[test]
    fn a_spool_reads_back_what_it_holds_in_memory_and_past_its_limit() {
        let mut s = Spool::new(8);
        let a = s.append(b"abcd").expect("appended");
        let b = s.append(b"efgh").expect("appended");
        assert!(s.file.is_none());
        let c = s.append(b"ijklmn").expect("appended");
        assert!(s.file.is_some());
        let read = |r| {
            let mut out = Vec::new();
            s.copy_to(r, &mut out).expect("read");
            out
        };
        assert_eq!(read(c), b"ijklmn");
        assert_eq!(read(a), b"abcd");
        assert_eq!(read(b), b"efgh");
    }
}
