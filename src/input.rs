//! Reading a file a person gave us: bounded in size, UTF-8 with the place of the
//! first bad byte, and I/O errors said in words. A leaf: it names only the
//! language and the input-error type, never a file format.

use std::path::Path;

use crate::diag::InputError;

/// The largest ledger or policy file st-budget reads. Five years of entries are a
/// few hundred kilobytes; anything near this size is not a ledger, and reading it
/// whole (or a device that never ends) would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What a file is to be, for the words of its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Ledger,
    Policy,
}

impl What {
    /// "the ledger", "liggaren".
    fn the(self) -> &'static str {
        match self {
            What::Ledger => crate::msg!("liggaren", "the ledger"),
            What::Policy => crate::msg!("regelverket", "the policy"),
        }
    }

    /// "a ledger", "en liggare".
    fn a(self) -> &'static str {
        match self {
            What::Ledger => crate::msg!("en liggare", "a ledger"),
            What::Policy => crate::msg!("ett regelverk", "a policy"),
        }
    }
}

/// Reads a whole file of at most [`MAX_FILE_BYTES`].
pub fn read_limited(path: &Path, what: What) -> Result<Vec<u8>, InputError> {
    read(path, what, false)
}

/// As [`read_limited`], for a file that is not to be trusted to be a file (a
/// ledger in an inbox): only a regular file is read, and it is opened so that a
/// FIFO put in its place cannot make the open wait for a writer.
pub fn read_regular(path: &Path, what: What) -> Result<Vec<u8>, InputError> {
    read(path, what, true)
}

fn read(path: &Path, what: What, regular_only: bool) -> Result<Vec<u8>, InputError> {
    let shown = path.display().to_string();
    let cannot = |reason: &str| {
        InputError::new(
            &shown,
            crate::msg!(
                "kan inte läsa {}: {}",
                "cannot read {}: {}",
                what.the(),
                reason
            ),
        )
    };
    let io_err = |e: std::io::Error| cannot(&io_reason(&e));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if regular_only {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if meta.is_dir() {
        return Err(cannot(crate::msg!("det är en mapp", "it is a directory")));
    }
    if regular_only && !meta.is_file() {
        return Err(cannot(crate::msg!(
            "det är ingen vanlig fil",
            "it is not a regular file"
        )));
    }
    // Room for what the file says it holds, so that a large file is not read
    // into a buffer that doubles (and leaves its smaller forms behind) as it
    // grows; a file that grows meanwhile is still read to its end, up to the limit.
    let expected = usize::try_from(meta.len().min(MAX_FILE_BYTES)).unwrap_or(0);
    let bytes = read_to_end(file, expected, MAX_FILE_BYTES + 1).map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let shown_size = if size > MAX_FILE_BYTES {
            crate::msg!(
                "{},{} MB",
                "{}.{} MB",
                size / 1_000_000,
                size % 1_000_000 / 100_000
            )
        } else {
            crate::msg!("utan slut", "endless").to_string()
        };
        return Err(InputError::new(
            &shown,
            crate::msg!(
                "{} är för stor ({}); st-budget läser filer på högst {} MB",
                "{} is too large ({}); st-budget reads files of at most {} MB",
                what.the(),
                shown_size,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_hint(crate::msg!(
            "{} för en hel ST är långt under 1 MB: är det rätt fil?",
            "{} of a whole ST is well under 1 MB: is this the right file?",
            what.a(),
        )));
    }
    Ok(bytes)
}

/// What `from` holds, to its end or to `limit` bytes, read into room for
/// `expected` bytes and one more: a file as large as it said is read in one
/// read, and one more that finds its end (the standard library's
/// `read_to_end` begins with a read of 8 KiB: three reads for a typical
/// ledger, in both passes of an audit). A file that grows meanwhile is read
/// on, in room that doubles.
fn read_to_end(
    mut from: impl std::io::Read,
    expected: usize,
    limit: u64,
) -> std::io::Result<Vec<u8>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut bytes = vec![0; expected.saturating_add(1).min(limit)];
    let mut len = 0;
    while len < limit {
        if len == bytes.len() {
            bytes.resize(len.saturating_mul(2).clamp(8192, limit), 0);
        }
        match from.read(&mut bytes[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

/// Reads a regular file of exactly `into.len()` bytes into `into`: `false`,
/// with `into` in any state, when it cannot be opened or read, is not a
/// regular file, or is not of that size (it has changed since its size was
/// taken). Opened as [`read_regular`] opens it. No message: the caller reads
/// the file the usual way when this fails (the audit's kept texts,
/// `audit::Room`).
pub fn read_exactly(path: &Path, into: &mut [u8]) -> bool {
    use std::io::Read;
    let mut read = || -> std::io::Result<bool> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let mut file = options.open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() != into.len() as u64 {
            return Ok(false);
        }
        file.read_exact(into)?;
        // And nothing after it: a file that grew is read the usual way.
        let mut more = [0; 1];
        Ok(file.read(&mut more)? == 0)
    };
    read().unwrap_or(false)
}

/// UTF-8 text from bytes, or an error naming the line and column of the first bad byte.
pub fn into_text(shown: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let bytes = match utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(bytes) => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]);
        let (line, col) = crate::diag::Source::new(shown, &prefix).line_col(prefix.len());
        InputError::new(
            shown,
            crate::msg!(
                "filen är inte UTF-8-text (byte 0x{:02X})",
                "the file is not UTF-8 text (byte 0x{:02X})",
                bytes[good]
            ),
        )
        .at(line, col)
        .with_hint(crate::msg!(
            "spara filen som UTF-8",
            "save the file as UTF-8",
        ))
    })
}

/// The bytes as a `String` when they are UTF-8, checked by `simdutf8` (many
/// bytes at a time: an audit checks every ledger twice, once in each pass, and
/// the standard library's check was 2.5 % of its instructions); the bytes back
/// when they are not, for [`into_text`] to find the first bad one.
#[allow(unsafe_code)]
fn utf8(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `simdutf8` has just found the bytes to be UTF-8, which is all
    // `from_utf8_unchecked` asks (the test below holds it to the standard check).
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// An error and what caused it, joined by ": " (as `{:#}` writes them), each
/// I/O error among them in the language ([`io_reason`]), not in
/// the system's English.
pub fn error_words(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_reason(io),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A short reason for an I/O error, in the language, without the OS error
/// number; the system's own words for a kind not listed here.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // (kind, Swedish, English)
    const SAID: &[(K, &str, &str)] = &[
        (K::NotFound, "filen finns inte", "no such file"),
        (K::PermissionDenied, "åtkomst nekad", "permission denied"),
        (K::IsADirectory, "det är en mapp", "it is a directory"),
        (
            K::NotADirectory,
            "en del av sökvägen är ingen mapp",
            "a part of the path is not a directory",
        ),
        (
            K::StorageFull,
            "disken är full",
            "no space left on the device",
        ),
        (
            K::QuotaExceeded,
            "diskkvoten är slut",
            "the disk quota is used up",
        ),
        (
            K::ReadOnlyFilesystem,
            "filsystemet är skrivskyddat",
            "the file system is read-only",
        ),
        (
            K::FileTooLarge,
            "filen blir för stor",
            "the file would be too large",
        ),
        (K::TimedOut, "tiden tog slut", "it timed out"),
        (K::OutOfMemory, "minnet tog slut", "out of memory"),
    ];
    match SAID.iter().find(|(kind, ..)| *kind == e.kind()) {
        Some((_, sv, en)) => match crate::i18n::current() {
            crate::i18n::Lang::Sv => sv.to_string(),
            crate::i18n::Lang::En => en.to_string(),
        },
        None => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{read_to_end, utf8};

    /// A reader that gives at most `step` bytes a read, and is interrupted
    /// before every other read.
    struct Stingy<'a> {
        rest: &'a [u8],
        step: usize,
        calls: usize,
    }

    impl std::io::Read for Stingy<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(2) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.step).min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    /// Whatever the file said it holds and however it gives its bytes, all of
    /// them are read, up to the limit and not a byte beyond; a file as large
    /// as it said takes two reads.
    #[test]
    fn a_file_is_read_to_its_end_or_its_limit() {
        let text: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        for expected in [0, 1, 100, 8191, 8192, 19_999, 20_000, 20_001, 50_000] {
            for step in [1, 7, 4096, 100_000] {
                for limit in [0, 1, 10_000, 20_000, 20_001, 1 << 30] {
                    let mut r = Stingy {
                        rest: &text,
                        step,
                        calls: 0,
                    };
                    let got = read_to_end(&mut r, expected, limit).expect("read");
                    let want = text.len().min(limit as usize);
                    assert_eq!(got, text[..want], "{expected} {step} {limit}");
                }
            }
        }
        // Given all at once, the bytes take one read, and the end one more.
        let mut r = Stingy {
            rest: &text,
            step: usize::MAX,
            calls: 0,
        };
        let got = read_to_end(&mut r, text.len(), 1 << 30).expect("read");
        assert_eq!((got.len(), r.calls), (text.len(), 3), "one interrupted");
    }

    /// The fast check answers as the standard one: for texts of every length
    /// up to past two of its 64-byte blocks, with each kind of bad sequence
    /// (a lone continuation byte, a sequence cut short at the end or before
    /// ASCII, an overlong form, a surrogate, a code point past U+10FFFF, a
    /// byte UTF-8 never uses) at every place.
    #[test]
    fn the_fast_check_agrees_with_the_standard_one() {
        let good = "Kurs i Växjö – 4 500 kr ✓ 𝄞 ";
        let bad: [&[u8]; 8] = [
            b"\x80",
            b"\xc3",
            b"\xe2\x9c",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xff",
            b"\xe2\x9c a",
        ];
        let mut checked = 0;
        for len in 0..150 {
            let text: Vec<u8> = good.bytes().cycle().take(len).collect();
            let mut cases = vec![text.clone()];
            for b in bad {
                for at in (0..=len).step_by(7) {
                    let mut t = text.clone();
                    t.splice(at..at, b.iter().copied());
                    cases.push(t);
                }
            }
            for t in cases {
                let standard = String::from_utf8(t.clone()).ok();
                assert_eq!(utf8(t.clone()).ok(), standard, "{t:?}");
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
