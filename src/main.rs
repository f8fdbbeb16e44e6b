//! The st-budget binary: parse the arguments, run the command, and decide the
//! exit code, here and nowhere else (README, "Exit codes").

use std::panic::{self, PanicHookInfo};
use std::process::ExitCode;

use st_budget::cli::{self, Stop};
use st_budget::commands::{self, BrokenPipe, Bug, Outcome};
use st_budget::diag::{InputError, report_error};
use st_budget::input::error_words;

/// How far st-budget got.
enum Ended {
    Stopped(Stop),
    Ran(anyhow::Result<Outcome>),
    Panicked,
}

fn main() -> ExitCode {
    keep_large_blocks_apart();
    st_budget::i18n::set(st_budget::i18n::early(std::env::args_os()));
    panic::set_hook(Box::new(report_panic));
    let ended = panic::catch_unwind(|| match cli::parse() {
        Ok(cli) => Ended::Ran(commands::run(cli)),
        Err(stop) => Ended::Stopped(stop),
    });
    ExitCode::from(exit_code(ended.unwrap_or(Ended::Panicked)))
}

/// Small and middle-sized blocks from mimalloc, large ones from the system's
/// allocator ([`Split`]).
#[global_allocator]
static MEMORY: Split = Split;

/// The largest block [`Split`] takes from mimalloc.
const SMALL: usize = 64 * 1024;

/// Blocks of at most [`SMALL`] bytes from mimalloc, larger ones from the
/// system's allocator, each chosen by the block's size alone: a block is
/// given back to the allocator it came from, since freeing and growing a
/// block are told its size as well. An audit makes and frees, for every
/// ledger, its text, its entries and their results (10–22 KiB each) and
/// thousands of small texts; with mimalloc's lists kept by each thread, an
/// audit of 1 000 ledgers takes 6–12 % less CPU (docs/performance.md). A
/// large ledger's lists (megabytes) stay with glibc, in mappings of their own
/// given back when freed ([`keep_large_blocks_apart`]): mimalloc holding those
/// as well raised the peak of a 16 MiB ledger of trainee changes from 58 to
/// 98 MiB.
struct Split;

#[allow(unsafe_code)]
// SAFETY: every call goes to one of two allocators chosen by the block's
// size, which `GlobalAlloc`'s callers give again, unchanged, when they free or
// grow the block; a block that grows or shrinks across `SMALL` is copied to
// the other allocator and freed where it was made. Within mimalloc, a block
// made by `mi_malloc` or `mi_malloc_aligned` is freed by `mi_free` and grown
// by either `mi_realloc` (which keeps mimalloc's 16-byte alignment, so only
// for the layouts [`plainly_aligned`] lets through) or `mi_realloc_aligned`.
unsafe impl std::alloc::GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        unsafe {
            if layout.size() <= SMALL {
                if plainly_aligned(layout) {
                    return libmimalloc_sys::mi_malloc(layout.size()).cast();
                }
                mimalloc::MiMalloc.alloc(layout)
            } else {
                std::alloc::System.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        unsafe {
            if layout.size() <= SMALL {
                if plainly_aligned(layout) {
                    return libmimalloc_sys::mi_zalloc(layout.size()).cast();
                }
                mimalloc::MiMalloc.alloc_zeroed(layout)
            } else {
                std::alloc::System.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe {
            if layout.size() <= SMALL {
                mimalloc::MiMalloc.dealloc(ptr, layout);
            } else {
                std::alloc::System.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        unsafe {
            match (layout.size() <= SMALL, size <= SMALL) {
                (true, true) if plainly_aligned(layout) && layout.align() <= size => {
                    libmimalloc_sys::mi_realloc(ptr.cast(), size).cast()
                }
                (true, true) => mimalloc::MiMalloc.realloc(ptr, layout, size),
                (false, false) => std::alloc::System.realloc(ptr, layout, size),
                _ => {
                    // The caller guarantees that `size`, rounded up to the
                    // alignment, does not overflow `isize`.
                    let new = std::alloc::Layout::from_size_align_unchecked(size, layout.align());
                    let moved = self.alloc(new);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(size));
                        self.dealloc(ptr, layout);
                    }
                    moved
                }
            }
        }
    }
}

/// Whether every block mimalloc makes of the layout's size is aligned as it
/// asks: mimalloc aligns each block to 16 bytes, or to its size below that
/// (as the standard library's `System` reasons about `malloc`). Such a block
/// is taken with `mi_malloc`, not `mi_malloc_aligned`, which takes a slower
/// path and a block of the next size up whenever the page it looks in has no
/// free block ready: 48-byte blocks (two findings of an entry) came from it,
/// 110 instructions each (docs/performance.md).
fn plainly_aligned(layout: std::alloc::Layout) -> bool {
    layout.align() <= 16 && layout.align() <= layout.size()
}

/// Large blocks in mappings of their own, given back when freed. glibc's
/// malloc raises its mmap threshold each time it frees a large block (up to
/// 32 MiB): once an audit's first pass has freed a ledger's text, the second
/// pass's copy of it and the engine's lists for a large ledger come from the
/// heap, whose freed room is kept and stays resident. Set once, the threshold
/// stays at glibc's own first value (128 KiB) and the peak follows what is
/// live: an audit of 16 MiB of the shortest entries took 83.2 MiB with the
/// moving threshold, 69.0 MiB with this one (docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn keep_large_blocks_apart() {
    // SAFETY: `mallopt` only sets a parameter of the allocator, and this runs
    // first in `main`, before any other thread exists. When the value is
    // refused (it returns 0), glibc's default stays: nothing to handle.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_apart() {}

/// 0 clean; 1 error findings or an entry refused; 2 bad usage or input that
/// cannot be read; 70 (EX_SOFTWARE of sysexits.h) an internal error, a bug;
/// 130 the guided `add` stopped with Ctrl-C (128 + SIGINT, as shells say).
/// An error not yet reported is reported here.
fn exit_code(ended: Ended) -> u8 {
    const BUG: u8 = 70;
    match ended {
        Ended::Stopped(Stop::Answered) | Ended::Ran(Ok(Outcome::Clean)) => 0,
        Ended::Ran(Ok(Outcome::Findings)) => 1,
        Ended::Stopped(Stop::Usage) | Ended::Ran(Ok(Outcome::Unreadable)) => 2,
        Ended::Ran(Ok(Outcome::Interrupted)) => 130,
        // The reader went away (`st-budget list | head -1`): that is not a failure.
        Ended::Ran(Err(e)) if e.is::<BrokenPipe>() => 0,
        Ended::Ran(Err(e)) if e.is::<Bug>() => {
            report_error(&error_words(&e), Some(bug_hint()));
            BUG
        }
        Ended::Ran(Err(e)) => {
            match e.downcast_ref::<InputError>() {
                Some(ie) => report_error(&ie.to_string(), ie.hint.as_deref()),
                None => report_error(&error_words(&e), None),
            }
            2
        }
        // The panic hook has said what happened.
        Ended::Panicked => BUG,
    }
}

fn bug_hint() -> &'static str {
    st_budget::msg!(
        "det här är ett fel i st-budget; rapportera det gärna, med kommandot som gav det",
        "this is a bug in st-budget; please report it, with the command that caused it",
    )
}

/// A panic is a bug: say so in one short message, as other errors are said,
/// instead of Rust's default (a backtrace only with RUST_BACKTRACE). Nothing
/// here may panic again: a failed write to stderr is let go.
fn report_panic(info: &PanicHookInfo<'_>) {
    use st_budget::color::{ERROR, HINT, paint};
    use std::io::Write as _;
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let at = info
        .location()
        .map(|l| format!(" ({}:{})", l.file(), l.line()))
        .unwrap_or_default();
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{} {}{at}",
        paint(ERROR, st_budget::msg!("fel:", "error:")),
        st_budget::diag::sanitize(&format!(
            "{} {what}",
            st_budget::msg!("internt fel:", "internal error:")
        ))
    );
    let _ = writeln!(
        err,
        "{} {}",
        paint(HINT, st_budget::msg!("tips:", "hint:")),
        bug_hint()
    );
    let trace = std::backtrace::Backtrace::capture();
    if trace.status() == std::backtrace::BacktraceStatus::Captured {
        let _ = writeln!(err, "{trace}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ending_has_its_exit_code() {
        assert_eq!(exit_code(Ended::Stopped(Stop::Answered)), 0);
        assert_eq!(exit_code(Ended::Stopped(Stop::Usage)), 2);
        assert_eq!(exit_code(Ended::Ran(Ok(Outcome::Clean))), 0);
        assert_eq!(exit_code(Ended::Ran(Ok(Outcome::Findings))), 1);
        assert_eq!(exit_code(Ended::Ran(Ok(Outcome::Unreadable))), 2);
        assert_eq!(exit_code(Ended::Ran(Ok(Outcome::Interrupted))), 130);
        assert_eq!(exit_code(Ended::Ran(Err(BrokenPipe.into()))), 0);
        let input = InputError::new("anna.toml", "expected a date");
        assert_eq!(exit_code(Ended::Ran(Err(input.into()))), 2);
        assert_eq!(exit_code(Ended::Ran(Err(anyhow::anyhow!("disk full")))), 2);
        assert_eq!(exit_code(Ended::Ran(Err(Bug("x".into()).into()))), 70);
        assert_eq!(exit_code(Ended::Panicked), 70);
    }

    /// A block keeps its bytes however it grows and shrinks, across the size
    /// that divides the two allocators both ways, at every alignment a block
    /// may ask for; each is freed by the allocator that holds it (a block
    /// freed by the other one would abort the test).
    #[test]
    #[allow(unsafe_code)]
    fn a_block_keeps_its_bytes_from_one_allocator_to_the_other() {
        use std::alloc::{GlobalAlloc, Layout};
        let sizes = [1, 100, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL, 16 * SMALL];
        for align in [1, 8, 64, 4096] {
            for &from in &sizes {
                for &to in &sizes {
                    let layout = Layout::from_size_align(from, align).expect("a layout");
                    // SAFETY: each block is made, written within its size,
                    // grown to `to` and freed with the layout it then has.
                    unsafe {
                        let p = Split.alloc(layout);
                        assert!(!p.is_null());
                        assert_eq!(p as usize % align, 0);
                        for i in 0..from {
                            *p.add(i) = (i % 251) as u8;
                        }
                        let q = Split.realloc(p, layout, to);
                        assert!(!q.is_null());
                        assert_eq!(q as usize % align, 0, "{from} → {to} at {align}");
                        for i in 0..from.min(to) {
                            assert_eq!(*q.add(i), (i % 251) as u8, "{from} → {to} at {align}");
                        }
                        Split.dealloc(q, Layout::from_size_align(to, align).expect("a layout"));
                        let z = Split.alloc_zeroed(layout);
                        assert!((0..from).all(|i| *z.add(i) == 0));
                        Split.dealloc(z, layout);
                    }
                }
            }
        }
    }
}
