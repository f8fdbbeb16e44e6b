//! `st-budget init`: a new ledger, never over an existing one.

use std::hash::{BuildHasher, Hasher};

use anyhow::Result;

use super::{Ctx, Outcome, catalog};
use crate::cli::{InitArgs, PolicyArgs};
use crate::diag::InputError;
use crate::ledger::{ServicePeriod, Trainee, write};

pub fn run(ctx: &Ctx, a: InitArgs) -> Result<Outcome> {
    if ctx.ledger_path.exists() {
        return Err(InputError::new(
            ctx.ledger_path.display().to_string(),
            crate::msg!(
                "här finns redan en liggare; st-budget skriver aldrig över en",
                "a ledger already exists here; st-budget never overwrites one",
            ),
        )
        .with_hint(crate::msg!(
            "välj en annan fil med --ledger SÖKVÄG",
            "choose another file with --ledger PATH",
        ))
        .into());
    }
    if a.name.trim().is_empty() {
        return Err(InputError::new(
            "--name",
            crate::msg!("får inte vara tomt", "must not be empty"),
        )
        .into());
    }
    // `--policy` is an id, or a policy file whose id the ledger then names.
    let catalog = catalog(&PolicyArgs {
        policy: None,
        policy_dir: a.policy_dir.clone(),
    })?;
    let policy_id = catalog.resolve(&a.policy, "--policy")?.id;
    if let Some(c) = a.certificate
        && c < a.start
    {
        return Err(InputError::new(
            "--certificate",
            crate::msg!(
                "specialistbeviset ({}) är före ST-starten ({})",
                "the certificate ({}) is before the ST start ({})",
                c,
                a.start
            ),
        )
        .into());
    }
    let trainee = Trainee {
        name: a.name.trim().to_string(),
        id: a.id.clone(),
        policy: policy_id,
        start: a.start,
        certificate: a.certificate,
        double_specialisation: a.double_specialisation,
        programmes: a.programmes.iter().map(|p| p.trim().to_string()).collect(),
        unit: a.unit.clone(),
    };
    let services: Vec<ServicePeriod> = a
        .percent
        .map(|p| ServicePeriod {
            from: a.start,
            percent: p,
            offset: 0,
        })
        .into_iter()
        .collect();
    let text = write::render_new(&new_uid(&trainee), &trainee, &services);
    crate::ledger::parse(&ctx.ledger_path.display().to_string(), &text)?;
    let _lock = crate::store::lock(&ctx.ledger_path)?;
    crate::store::create(&ctx.ledger_path, text.as_bytes())?;
    eprintln!(
        "{} {} ({})",
        crate::msg!(ctx.lang => "skapade", "created"),
        crate::diag::sanitize(&ctx.ledger_path.display().to_string()),
        trainee.policy
    );
    Ok(Outcome::Clean)
}

/// A ledger identity that no other `init` will produce: random bits from the
/// standard library's per-process hasher keys, mixed with the time and the trainee.
pub(super) fn new_uid(t: &Trainee) -> String {
    let mut parts = [0u64; 2];
    for (i, part) in parts.iter_mut().enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write(t.name.as_bytes());
        h.write(t.start.to_string().as_bytes());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        h.write_usize(i);
        *part = h.finish();
    }
    format!("{:016x}{:016x}", parts[0], parts[1])
}
