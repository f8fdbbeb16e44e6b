//! `st-budget audit PATH…`: judge many exported ledgers with the director's
//! policies, check their seals and the register, and stream one row per ledger.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Ctx, Outcome, Stdout, write_stdout};
use crate::audit::{self, register::Register};
use crate::cli::{AuditArgs, Format};
use crate::policy::Catalog;
use crate::render::audit::{AuditOutput, Summary};
use crate::render::html;

/// Output is written in pieces of about this size, not per ledger.
const FLUSH_AT: usize = 64 * 1024;

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<Outcome> {
    // Load: the director's policies, the register (locked for the whole run, so
    // two audits never interleave) and the ledgers to read.
    let mut catalog = Catalog::builtin()?;
    if let Some(dir) = &a.policy_dir {
        catalog.add_dir(dir)?;
    }
    let _lock = a.register.as_deref().map(crate::store::lock).transpose()?;
    let mut register = a.register.as_deref().map(Register::load).transpose()?;
    let inputs = inputs(&a);

    // Evaluate each ledger and render it as it comes, in input order.
    let kind = Stdout::from(crate::render::Format::from(a.format));
    let mut output = AuditOutput::new(a.format.into(), ctx.lang);
    let mut out = Vec::new();
    output.start(&mut out)?;
    let mut progress = Progress::new(inputs.len(), a.format == Format::Table);
    // The director's HTML page, when asked for: one plain row per ledger.
    let mut html_rows = Vec::new();
    let need_chain = register.is_some();
    audit::run(
        &inputs,
        &catalog,
        ctx.today,
        ctx.lang,
        crate::render::finding::message,
        need_chain,
        |mut l| -> Result<()> {
            if let (Ok(x), Some(reg)) = (&mut l.result, register.as_mut()) {
                x.check_register(reg, ctx.today);
            }
            output.ledger(&mut out, &l)?;
            if a.html.is_some() {
                html_rows.push(html::audit_row(&l, ctx.lang));
            }
            progress.tick();
            if out.len() >= FLUSH_AT {
                progress.suspend(|| write_stdout(kind, &out))?;
                out.clear();
            }
            Ok(())
        },
    )?;
    progress.finish();
    output.finish(&mut out, &mut std::io::stderr())?;
    write_stdout(kind, &out)?;

    // Write the page and the register.
    if let Some(path) = &a.html {
        let page = html::audit_report(&html_rows, ctx.lang, ctx.today);
        super::write_page(path, &page)?;
    }
    if let (Some(path), Some(reg)) = (&a.register, &register) {
        crate::store::replace(path, reg.render().as_bytes())?;
    }
    Ok(outcome(output.summary()))
}

/// The ledgers under the paths given, leaving out the register and the policy
/// folder; a warning when there are none.
fn inputs(a: &AuditArgs) -> Vec<audit::Input> {
    let skip: Vec<PathBuf> = [a.register.as_deref(), a.policy_dir.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|p: &Path| std::fs::canonicalize(p).ok())
        .collect();
    let inputs = audit::inputs(&a.paths, &skip);
    if inputs.is_empty() {
        crate::diag::report_warning(
            crate::msg!(
                "inga *.toml-liggare hittades under de angivna sökvägarna",
                "no *.toml ledgers found under the paths given",
            ),
            None,
        );
    }
    inputs
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
