//! `st-budget audit PATH…`: judge many exported ledgers with the director's
//! policies, check their seals, their identities and the register, and stream
//! one row per ledger; then the register's ledgers missing from this inbox, the
//! paths skipped, and the summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Ctx, Outcome, Stdout, write_stdout};
use crate::audit::{self, pin::Pins, register::Register};
use crate::cli::{AuditArgs, Format};
use crate::diag::InputError;
use crate::policy::Catalog;
use crate::render::audit::{AuditOutput, Options, Summary, xlsx};
use crate::render::html;

/// Output is written in pieces of about this size, not per ledger.
const FLUSH_AT: usize = 64 * 1024;

/// The audit's standard output, passed on in pieces of about [`FLUSH_AT`]
/// bytes as it is written, each ending where a character ends (so that what
/// makes data safe for a terminal sees whole characters): a large ledger's
/// JSON or CSV is never held whole. Only JSON and CSV are written before the
/// end (the table waits for every row), and they show no progress bar, so no
/// piece is written over one.
struct Chunks {
    kind: Stdout,
    buf: Vec<u8>,
    /// Why standard output could not be written (a closed pipe), as it was.
    failed: Option<anyhow::Error>,
}

impl Chunks {
    fn new(kind: Stdout) -> Chunks {
        Chunks {
            kind,
            buf: Vec::with_capacity(2 * FLUSH_AT),
            failed: None,
        }
    }

    /// Writes the whole characters held, or with `all` everything.
    fn pass_on(&mut self, all: bool) -> std::io::Result<()> {
        let end = if all {
            self.buf.len()
        } else {
            whole_chars(&self.buf)
        };
        if let Err(e) = write_stdout(self.kind, &self.buf[..end]) {
            self.failed = Some(e);
            return Err(std::io::Error::other("standard output"));
        }
        self.buf.drain(..end);
        self.buf.shrink_to(2 * FLUSH_AT);
        Ok(())
    }

    /// The error a write to it ended with: standard output's own, as it was.
    fn error(&mut self, e: std::io::Error) -> anyhow::Error {
        self.failed.take().unwrap_or_else(|| e.into())
    }

    /// Writes what is left.
    fn finish(mut self) -> Result<()> {
        self.pass_on(true).map_err(|e| self.error(e))
    }
}

impl std::io::Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= FLUSH_AT {
            self.pass_on(false)?;
        }
        Ok(bytes.len())
    }

    /// Everything is taken at once: the JSON writer's many small pieces
    /// skip `write_all`'s loop.
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The length of the longest start of `bytes` that ends where a UTF-8
/// character ends.
fn whole_chars(bytes: &[u8]) -> usize {
    // The last character's first byte is among the last four.
    for back in 1..=bytes.len().min(4) {
        let at = bytes.len() - back;
        let b = bytes[at];
        if b & 0xC0 != 0x80 {
            let width = match b {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            return if back >= width { bytes.len() } else { at };
        }
    }
    bytes.len()
}

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<Outcome> {
    if a.format == Format::Csv && a.by_unit && a.lapsing {
        anyhow::bail!(crate::msg!(
            "--by-unit och --lapsing ger var sin CSV-tabell: välj en av dem",
            "--by-unit and --lapsing each make a CSV table of their own: choose one",
        ));
    }
    // Load, before any ledger is judged: the director's policies and how they
    // are pinned, the register (locked for the whole run, so that two audits
    // never interleave) and the ledgers to read.
    let catalog = catalog(&a)?;
    let pins = Pins::new(&catalog, a.policy.as_deref(), a.policy_map.as_deref())?;
    let _lock = a.register.as_deref().map(crate::store::lock).transpose()?;
    let mut register = a.register.as_deref().map(Register::load).transpose()?;
    let walk = walk(&a)?;
    let mut room = audit::Room::for_inputs(&walk.inputs);
    let audit::FirstPass { identities, kept } = audit::identify(&walk.inputs, &mut room);
    let twice = audit::identity::duplicates(&identities);
    let ranks = audit::walk::ranks(&walk.inputs);

    // Evaluate each ledger and render it as it comes, in input order.
    let kind = Stdout::from(crate::render::Format::from(a.format));
    let mut output = AuditOutput::new(Options {
        folder: crate::render::audit::common_folder(walk.inputs.iter().map(audit::walk::shown)),
        ..options(ctx, &a)
    });
    let mut out = Chunks::new(kind);
    output.start(&mut out).map_err(|e| out.error(e))?;
    let mut progress = Progress::new(walk.inputs.len(), a.format == Format::Table);
    // The director's HTML page and workbook, when asked for.
    let mut page = a
        .html
        .as_deref()
        .map(|path| scratch(path).map(|rows| html::AuditPage::new(rows, ctx.lang, ctx.today)))
        .transpose()?;
    let mut book = a
        .xlsx
        .as_ref()
        .map(|_| xlsx::Book::new(ctx.lang, ctx.today))
        .transpose()
        .map_err(workbook_failed)?;
    let mut learnt = Vec::new();
    let judge = audit::Context {
        inputs: &walk.inputs,
        ranks: &ranks,
        catalog: &catalog,
        pins: &pins,
        register: register.as_ref(),
        identities: &twice,
        first_pass: &identities,
        kept: &kept,
        today: ctx.today,
        details: a.details,
    };
    audit::run(&judge, |mut l| -> Result<()> {
        if let Ok(x) = &mut l.result {
            learnt.extend(x.update.take());
        }
        output.ledger(&mut out, &l).map_err(|e| out.error(e))?;
        if let (Some(p), Some(path)) = (&mut page, &a.html) {
            p.ledger(&l, ctx.today).map_err(|e| page_failed(path, &e))?;
        }
        if let Some(b) = &mut book {
            b.ledger(&l).map_err(workbook_failed)?;
        }
        progress.tick();
        Ok(())
    })?;
    progress.finish();
    // The texts kept for the second pass are not needed again: their room
    // is given back before the end is written.
    drop(kept);
    drop(room);
    let missing = register
        .as_ref()
        .map(|r| r.unseen(identities.iter()))
        .unwrap_or_default();
    output
        .rest(&mut out, &missing, &walk.skipped)
        .and_then(|()| output.finish(&mut out, &mut std::io::stderr()))
        .map_err(|e| out.error(e))?;
    out.finish()?;

    // Write the page, the workbook and the register.
    if let (Some(path), Some(p)) = (&a.html, page) {
        let not = html::NotAudited::new(&missing, &walk.skipped, ctx.lang);
        let sums = Some(output.summary());
        super::write_page_with(path, |w| p.finish(&not, sums, w))?;
    }
    if let (Some(path), Some(b)) = (&a.xlsx, book) {
        let sums = output.summary();
        super::write_page_with(path, |w| {
            b.finish_to(sums, w)
                .map_err(|e| std::io::Error::other(workbook_failed(e)))
        })?;
    }
    if let (Some(path), Some(reg)) = (&a.register, &mut register) {
        for k in learnt {
            reg.apply(k);
        }
        crate::store::replace(path, reg.render().as_bytes())?;
    }
    Ok(outcome(output.summary()))
}

/// How the director asked to see the audit.
fn options(ctx: &Ctx, a: &AuditArgs) -> Options {
    Options {
        width: ctx.width,
        problems: a.problems,
        details: a.details,
        by_unit: a.by_unit,
        lapsing: a.lapsing,
        lapsing_within: i64::from(a.lapsing_within),
        ..Options::new(a.format.into(), ctx.lang, ctx.today)
    }
}

/// The file with no name beside the page where its rows wait
/// ([`html::AuditPage`]): made before any ledger is read, so that a page that
/// cannot be written is said at once.
fn scratch(path: &std::path::Path) -> Result<std::fs::File> {
    crate::store::scratch_beside(path).map_err(|e| page_failed(path, &e))
}

/// The page could not be made: a folder that is not there or not writable, a
/// full disk; never the ledgers'.
fn page_failed(path: &std::path::Path, e: &std::io::Error) -> anyhow::Error {
    let shown = path.display().to_string();
    let page = crate::diag::sanitize(&shown);
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    match folder {
        Some(folder) if e.kind() == std::io::ErrorKind::NotFound => anyhow::anyhow!(crate::msg!(
            "sidan {} (--html) kan inte skrivas: mappen {} finns inte",
            "the page {} (--html) cannot be written: there is no folder {}",
            page,
            crate::diag::sanitize(&folder.display().to_string())
        )),
        _ => anyhow::anyhow!(crate::msg!(
            "sidan {} (--html) kunde inte skrivas: {}",
            "the page {} (--html) could not be written: {}",
            page,
            crate::input::io_reason(e)
        )),
    }
}

/// The workbook could not be made: a bug or a full disk, never the ledgers'.
fn workbook_failed(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow::anyhow!(crate::msg!(
        "arbetsboken (--xlsx) kunde inte skrivas: {}",
        "the workbook (--xlsx) could not be written: {}",
        e
    ))
}

/// The director's policies: built-in and `--policy-dir`. Two files of the
/// directory with one id are an error (which one judges?); a directory policy
/// that replaces a built-in one is said.
fn catalog(a: &AuditArgs) -> Result<Catalog> {
    let mut catalog = Catalog::builtin()?;
    if let Some(dir) = &a.policy_dir {
        catalog.add_dir(dir)?;
    }
    for r in catalog.replaced() {
        let file = r.file.display().to_string();
        match &r.earlier {
            Some(earlier) => {
                return Err(InputError::new(
                    file,
                    crate::msg!(
                        "regelverket {:?} finns också i {}: två filer med samma id, och bara en kan gälla",
                        "policy {:?} is also in {}: two files with one id, and only one can hold",
                        r.id,
                        earlier.display()
                    ),
                )
                .with_hint(crate::msg!(
                    "ta bort eller byt id på den ena filen i --policy-dir",
                    "remove one of the files from --policy-dir, or give it another id",
                ))
                .into());
            }
            None => crate::diag::report_warning(
                &crate::msg!(
                    "{} ersätter det inbyggda regelverket {:?}",
                    "{} replaces the built-in policy {:?}",
                    crate::diag::sanitize(&file),
                    r.id
                ),
                None,
            ),
        }
    }
    Ok(catalog)
}

/// The ledgers under the paths given, leaving out the director's own files. An
/// audit that finds none is an error, with every path it skipped.
fn walk(a: &AuditArgs) -> Result<audit::Walk> {
    let own: Vec<(PathBuf, &'static str)> = [
        (
            a.register.as_deref(),
            crate::msg!("granskningsregistret", "the audit register"),
        ),
        (
            a.policy_dir.as_deref(),
            crate::msg!(
                "mappen med regelverk (--policy-dir)",
                "the policy folder (--policy-dir)"
            ),
        ),
        (
            a.policy_map.as_deref(),
            crate::msg!(
                "kartan över regelverk (--policy-map)",
                "the policy map (--policy-map)"
            ),
        ),
    ]
    .into_iter()
    .filter_map(|(p, what)| Some((std::fs::canonicalize(p?).ok()?, what)))
    .collect();
    let given = || {
        (a.paths.iter())
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let walk = audit::walk(&a.paths, &own).map_err(|over| too_large(&given(), over))?;
    if walk.inputs.is_empty() {
        for s in &walk.skipped {
            crate::diag::report_warning(
                &crate::msg!("hoppade över {}: {}", "skipped {}: {}", s.path, s.why),
                None,
            );
        }
        return Err(InputError::new(
            given(),
            crate::msg!(
                "ingen liggare (*.toml) hittades; {} över",
                "no ledger (*.toml) found; {} skipped",
                crate::i18n::count(
                    walk.skipped.len(),
                    crate::msg!("sökväg hoppades", "path"),
                    crate::msg!("sökvägar hoppades", "paths")
                )
            ),
        )
        .with_hint(crate::msg!(
            "ange exporterade liggare, eller mappar med sådana",
            "give exported ledgers, or folders that hold them",
        ))
        .into());
    }
    Ok(walk)
}

/// The inbox is larger than one audit reads ([`audit::walk::MAX_PATHS`],
/// [`audit::walk::MAX_PATH_BYTES`]): said before any ledger is read.
fn too_large(given: &str, over: audit::walk::TooLarge) -> anyhow::Error {
    use audit::walk::{MAX_PATH_BYTES, MAX_PATHS, TooLarge};
    let paths = crate::i18n::whole(MAX_PATHS as u64, crate::i18n::current());
    let mb = MAX_PATH_BYTES / (1024 * 1024);
    let message = match over {
        TooLarge::Paths => crate::msg!(
            "för många filer för en granskning: fler än {} filer och mappar",
            "too many files for one audit: more than {} files and folders",
            paths
        ),
        TooLarge::Bytes => crate::msg!(
            "för långa sökvägar för en granskning: mer än {} MB tillsammans",
            "paths too long for one audit: more than {} MB together",
            mb
        ),
    };
    InputError::new(given, message)
        .with_hint(crate::msg!(
            "granska en mapp i taget, till exempel en klinik eller ett år; en granskning läser högst {} filer och mappar, med sökvägar på högst {} MB tillsammans",
            "audit one folder at a time, a clinic or a year say; one audit reads at most {} files and folders, their paths at most {} MB together",
            paths,
            mb
        ))
        .into()
}

/// Exit 2 when a ledger could not be read, else 1 on any error finding.
fn outcome(summary: &Summary) -> Outcome {
    if summary.unreadable > 0 {
        Outcome::Unreadable
    } else if summary.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// A progress bar, only for a person watching a long table run: it appears
/// after 0.7 s, on a terminal.
struct Progress {
    bar: ProgressBar,
    wanted: bool,
    shown: bool,
    started: Instant,
}

impl Progress {
    fn new(len: usize, table: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        let ledgers = crate::msg!("liggare", "ledgers");
        let template = format!("{{bar:40}} {{pos}}/{{len}} {ledgers} {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Progress {
            bar,
            wanted: table && std::io::stderr().is_terminal(),
            shown: false,
            started: Instant::now(),
        }
    }

    fn tick(&mut self) {
        if self.wanted && !self.shown && self.started.elapsed() > Duration::from_millis(700) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::whole_chars;

    /// A piece of output ends where a character ends, never inside one.
    #[test]
    fn a_piece_ends_after_the_last_whole_character() {
        let text = "a\u{e5}\u{20ac}\u{1f600}";
        let bytes = text.as_bytes();
        // "a" 1 byte, "å" 2, "€" 3, the emoji 4: every cut lands on a boundary.
        let want = [0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10];
        for (len, want) in want.into_iter().enumerate() {
            assert_eq!(whole_chars(&bytes[..len]), want, "{len}");
            assert!(text.is_char_boundary(want));
        }
    }
}
