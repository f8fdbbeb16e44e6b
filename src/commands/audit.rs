//! `st-budget audit PATH…`: judge many exported ledgers with the director's
//! policies, check their seals and the register, and stream one row per ledger.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Ctx, Outcome, emit};
use crate::audit::{self, register::Register};
use crate::cli::{AuditArgs, Format};
use crate::policy::Catalog;
use crate::render::audit::{Summary, block, csv_header, csv_rows, ledger_json};

/// Output is written in pieces of about this size, not per ledger.
const FLUSH_AT: usize = 64 * 1024;

pub fn run(ctx: &Ctx, a: AuditArgs) -> Result<Outcome> {
    let mut catalog = Catalog::builtin()?;
    if let Some(dir) = &a.policy_dir {
        catalog.add_dir(dir)?;
    }
    // The register is locked for the whole run, so two audits never interleave.
    let _lock = a.register.as_deref().map(crate::store::lock).transpose()?;
    let mut register = a.register.as_deref().map(Register::load).transpose()?;
    let skip: Vec<PathBuf> = [a.register.as_ref(), a.policy_dir.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let inputs = audit::inputs(&a.paths, &skip);
    if inputs.is_empty() {
        crate::diag::report_warning(
            crate::i18n::t(
                "inga *.toml-liggare hittades under de angivna sökvägarna",
                "no *.toml ledgers found under the paths given",
            ),
            None,
        );
    }

    // A progress bar only for a person watching a long table run.
    let bar =
        ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::hidden());
    let show_bar = a.format == Format::Table && std::io::stderr().is_terminal();
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} ledgers {elapsed}") {
        bar.set_style(style);
    }
    let started = Instant::now();
    let mut shown = false;

    let mut out = match a.format {
        Format::Table => String::new(),
        Format::Json => "{\n\"ledgers\": [\n".to_string(),
        Format::Csv => csv_header(),
    };
    let mut summary = Summary::default();
    // The director's HTML page, when asked for: one plain row per ledger.
    let mut html_rows = Vec::new();
    let today = ctx.today;
    let need_chain = register.is_some();
    audit::run(
        &inputs,
        &catalog,
        today,
        ctx.lang,
        crate::render::finding::message,
        need_chain,
        |mut l| -> Result<()> {
            if let (Ok(x), Some(reg)) = (&mut l.result, register.as_mut()) {
                x.check_register(reg, today);
            }
            match a.format {
                Format::Table => out.push_str(&block(&l, ctx.lang)),
                Format::Json => {
                    if summary.ledgers > 0 {
                        out.push_str(",\n");
                    }
                    out.push_str(&ledger_json(&l).to_string());
                }
                Format::Csv => out.push_str(&csv_rows(&l)),
            }
            summary.add(&l);
            if a.html.is_some() {
                html_rows.push(crate::render::html::audit_row(&l, ctx.lang));
            }
            if show_bar && !shown && started.elapsed() > Duration::from_millis(700) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                shown = true;
            }
            bar.inc(1);
            if out.len() >= FLUSH_AT {
                bar.suspend(|| emit(&out))?;
                out.clear();
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();

    match a.format {
        Format::Table => out.push_str(&summary.line(ctx.lang)),
        Format::Json => {
            out.push_str(&format!("\n],\n\"summary\": {}\n}}\n", summary.json()));
        }
        Format::Csv => eprint!("{}", summary.line(ctx.lang)),
    }
    emit(&out)?;
    if let Some(path) = &a.html {
        let page = crate::render::html::audit_report(&html_rows, ctx.lang, today);
        crate::store::replace(path, page.as_bytes())?;
        eprintln!(
            "{}",
            crate::msg!(
                "skrev {}",
                "wrote {}",
                crate::diag::sanitize(&path.display().to_string())
            )
        );
    }
    if let (Some(path), Some(reg)) = (&a.register, &register) {
        crate::store::replace(path, reg.render().as_bytes())?;
    }
    Ok(if summary.unreadable > 0 {
        Outcome::Unreadable
    } else if summary.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
