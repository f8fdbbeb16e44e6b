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
    let identities = audit::identify(&walk.inputs);
    let paths: Vec<String> = walk
        .inputs
        .iter()
        .map(|i| match i {
            Ok(c) => c.path.display().to_string(),
            Err(e) => e.path.clone(),
        })
        .collect();
    let twice = audit::identity::duplicates(&identities, &paths);

    // Evaluate each ledger and render it as it comes, in input order.
    let kind = Stdout::from(crate::render::Format::from(a.format));
    let mut output = AuditOutput::new(Options {
        folder: crate::render::audit::common_folder(&paths),
        ..options(ctx, &a)
    });
    let mut out = Vec::new();
    output.start(&mut out)?;
    let mut progress = Progress::new(walk.inputs.len(), a.format == Format::Table);
    // The director's HTML page and workbook, when asked for.
    let mut html_rows = Vec::new();
    let mut book = a
        .xlsx
        .as_ref()
        .map(|_| xlsx::Book::new(ctx.lang, ctx.today))
        .transpose()
        .map_err(workbook_failed)?;
    let mut learnt = Vec::new();
    let judge = audit::Context {
        catalog: &catalog,
        pins: &pins,
        register: register.as_ref(),
        identities: &twice,
        first_pass: &identities,
        today: ctx.today,
        details: a.details,
    };
    audit::run(&walk.inputs, &judge, |mut l| -> Result<()> {
        if let Ok(x) = &mut l.result {
            learnt.extend(x.update.take());
        }
        output.ledger(&mut out, &l)?;
        if a.html.is_some() {
            html_rows.push(html::audit_row(&l, ctx.lang, ctx.today));
        }
        if let Some(b) = &mut book {
            b.ledger(&l).map_err(workbook_failed)?;
        }
        progress.tick();
        if out.len() >= FLUSH_AT {
            progress.suspend(|| write_stdout(kind, &out))?;
            out.clear();
            // A large ledger's output is not kept as room while the next is judged.
            out.shrink_to(FLUSH_AT);
        }
        Ok(())
    })?;
    progress.finish();
    let missing = register
        .as_ref()
        .map(|r| r.unseen(identities.iter().flatten()))
        .unwrap_or_default();
    output.rest(&mut out, &missing, &walk.skipped)?;
    output.finish(&mut out, &mut std::io::stderr())?;
    write_stdout(kind, &out)?;

    // Write the page, the workbook and the register.
    if let Some(path) = &a.html {
        let not = html::NotAudited::new(&missing, &walk.skipped, ctx.lang);
        let sums = Some(output.summary());
        let page = html::audit_report_with(&html_rows, &not, sums, ctx.lang, ctx.today);
        super::write_page(path, &page)?;
    }
    if let (Some(path), Some(b)) = (&a.xlsx, book) {
        let bytes = b.finish(output.summary()).map_err(workbook_failed)?;
        super::write_page(path, &bytes)?;
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
    let walk = audit::walk(&a.paths, &own);
    if walk.inputs.is_empty() {
        for s in &walk.skipped {
            crate::diag::report_warning(
                &crate::msg!("hoppade över {}: {}", "skipped {}: {}", s.path, s.why),
                None,
            );
        }
        return Err(InputError::new(
            a.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
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
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} ledgers {elapsed}") {
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

    /// Runs `f` with the bar out of the way.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
