//! `st-budget policy list|show|check`.

use anyhow::Result;

use super::{Ctx, Outcome, catalog, emit};
use crate::cli::PolicyCommand;
use crate::diag::InputError;
use crate::policy::{Body, Lang, Policy};
use crate::report::{money, table::new_table, tr};

pub fn run(ctx: &Ctx, p: PolicyCommand) -> Result<Outcome> {
    match p {
        PolicyCommand::List(args) => {
            let c = catalog(&args)?;
            let l = ctx.lang;
            let mut t = new_table(&[
                "id",
                tr(l, "version", "version"),
                tr(l, "namn", "name"),
                tr(l, "källa", "from"),
            ]);
            for p in c.all() {
                t.add_row(vec![
                    p.id.clone(),
                    p.version.clone(),
                    p.name.get(l).to_string(),
                    p.origin.clone(),
                ]);
            }
            emit(&format!("{t}\n"))?;
            Ok(Outcome::Clean)
        }
        PolicyCommand::Show { id, policies } => {
            let c = catalog(&policies)?;
            let p = c
                .find(&id)
                .ok_or_else(|| InputError::new(&id, c.get(&id).err().unwrap_or_default()))?;
            emit(&explain(p, ctx.lang))?;
            Ok(Outcome::Clean)
        }
        PolicyCommand::Check { file } => {
            let loaded = crate::policy::load_file_checked(&file)?;
            for w in &loaded.warnings {
                eprintln!("warning: {w}");
                if let Some(h) = &w.hint {
                    eprintln!("hint: {h}");
                }
            }
            let p = &loaded.policy;
            emit(&format!(
                "{}: ok, policy {} {} with {} rules\n",
                file.display(),
                p.id,
                p.version,
                p.rules.len()
            ))?;
            Ok(Outcome::Clean)
        }
    }
}

/// A policy in plain words, rule by rule.
pub fn explain(p: &Policy, l: Lang) -> String {
    let mut out = format!("{} ({} {})\n", p.name.get(l), p.id, p.version);
    out.push_str(&format!("{}: {}\n", tr(l, "Källa", "Source"), p.source));
    if let Some(s) = &p.summary {
        out.push_str(&format!("\n{}\n", s.get(l)));
    }
    out.push('\n');
    for r in &p.rules {
        let detail = match &r.body {
            Body::Budget { amount, period, .. } => format!(
                "{} {}",
                money(*amount, l),
                match period {
                    crate::policy::PeriodKind::St => tr(l, "för hela ST", "for the whole ST"),
                    crate::policy::PeriodKind::CalendarYear =>
                        tr(l, "per kalenderår", "per calendar year"),
                }
            ),
            Body::Cap { limit, .. } => {
                format!("{} {}", tr(l, "högst", "at most"), money(*limit, l))
            }
            Body::Count { max, .. } => format!("{} {max}", tr(l, "högst", "at most")),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{} · {}{}\n",
            r.reference,
            r.title.get(l),
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            }
        ));
        out.push_str(&format!("    {}\n", r.message.get(l)));
    }
    out
}
