//! Auditing many exported ledgers: find them, read and judge each in parallel,
//! and hand the results on in input order, a bounded batch at a time.
//!
//! Memory is bounded by the batch (small per-ledger results) plus one parsed
//! ledger per thread, never by how many ledgers there are. Nothing here prints:
//! the caller renders each [`LedgerAudit`] as it arrives and checks it against
//! the [`register::Register`], which must see the ledgers in a stable order.

pub mod register;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::InputError;
use crate::engine::{self, PeriodResult, Totals};
use crate::i18n::Lang;
use crate::ledger::{self, seal};
use crate::policy::{Catalog, Policy, Severity};

/// How a finding of the engine is put in words: the renderer's
/// `render::finding::message`, handed down by the caller because the audit
/// stands below the renderer.
pub type Wording = fn(&engine::Finding, &Policy, Lang) -> String;

/// A finding of the audit: the engine's, or about the ledger's integrity or policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFinding {
    pub entry: Option<u32>,
    pub rule: String,
    pub reference: String,
    pub severity: Severity,
    pub message: String,
}

impl AuditFinding {
    fn integrity(
        entry: Option<u32>,
        rule: &str,
        severity: Severity,
        message: String,
    ) -> AuditFinding {
        AuditFinding {
            entry,
            rule: rule.to_string(),
            reference: "integrity".to_string(),
            severity,
            message,
        }
    }
}

/// What one ledger came to.
pub struct LedgerAudit {
    pub path: String,
    pub result: Result<Audited, InputError>,
}

/// A budget of the ledger's policy and its use, with what a report needs of
/// the policy (which the audit does not keep).
pub struct AuditPool {
    pub id: String,
    pub reference: String,
    pub unit: crate::policy::Unit,
    /// The titles of its reserves, in the audit's language.
    pub reserve_titles: Vec<String>,
    pub result: crate::engine::PoolResult,
}

/// A ledger that could be read.
pub struct Audited {
    pub name: String,
    pub id: Option<String>,
    pub uid: Option<String>,
    pub policy: String,
    /// The version of the director's policy, when it knows the id.
    pub policy_version: Option<String>,
    pub seal: seal::SealCheck,
    pub chain: seal::Chain,
    /// How many records the ledger has (the chain may be left empty, see `audit_one`).
    pub records: usize,
    /// The register's word, once the caller has asked it.
    pub register: Option<register::Check>,
    pub periods: Vec<PeriodResult>,
    /// Index in `periods` of the one containing today, else the last.
    pub current: Option<usize>,
    pub totals: Option<Totals>,
    /// Every budget of the policy (the main one first), with its unit.
    pub pools: Vec<AuditPool>,
    pub findings: Vec<AuditFinding>,
    /// Where the file's lines start, to name a record's line in messages.
    /// Line starts, to name a record's line without keeping the text.
    lines: crate::diag::LineStarts,
}

impl Audited {
    /// `sealed`, `unsealed`, `broken` or `rewritten`.
    pub fn integrity(&self) -> &'static str {
        match (&self.seal, &self.register) {
            (seal::SealCheck::Broken { .. }, _) => "broken",
            (_, Some(register::Check::Rewritten { .. })) => "rewritten",
            (seal::SealCheck::Sealed, _) => "sealed",
            (seal::SealCheck::Unsealed, _) => "unsealed",
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn current_period(&self) -> Option<&PeriodResult> {
        self.current.map(|i| &self.periods[i])
    }

    /// `entry 7 (line 42)`: a record of the current chain as a person finds it.
    pub fn record(&self, index: usize) -> String {
        let label = self.chain.labels[index];
        if index == 0 {
            return label.to_string();
        }
        crate::msg!(
            "{label} (rad {})",
            "{label} (line {})",
            self.lines.line(self.chain.offsets[index])
        )
    }

    /// A message about record `index` of the chain, with that record's line added.
    fn with_line(&self, index: Option<usize>, message: &str) -> String {
        match index {
            Some(i) => message.replacen(&self.chain.labels[i].to_string(), &self.record(i), 1),
            None => message.to_string(),
        }
    }

    /// The record an integrity problem names, with its line, if it names one.
    pub fn first_bad_record(&self) -> Option<String> {
        match (&self.seal, &self.register) {
            (seal::SealCheck::Broken { index, record, .. }, _) => match index {
                Some(i) if record.as_deref() == Some(&self.chain.labels[*i].to_string()) => {
                    Some(self.record(*i))
                }
                _ => record.clone(),
            },
            (_, Some(register::Check::Rewritten { index, .. })) => index.map(|i| self.record(i)),
            _ => None,
        }
    }

    /// Asks the register about this ledger and records its answer as a finding.
    pub fn check_register(&mut self, reg: &mut register::Register, today: NaiveDate) {
        let sealed = self.seal == seal::SealCheck::Sealed;
        let check = reg.check(
            self.uid.as_deref(),
            (&self.name, self.id.as_deref(), &self.policy),
            &self.chain,
            sealed,
            today,
        );
        if let register::Check::Rewritten { index, message } = &check {
            let entry = index.and_then(|i| self.chain.labels[i].entry());
            let message = self.with_line(*index, message);
            self.findings.insert(
                usize::from(matches!(self.seal, seal::SealCheck::Broken { .. })),
                AuditFinding::integrity(entry, "rewritten", Severity::Error, message),
            );
        }
        self.register = Some(check);
    }
}

/// One input: a ledger file, or a path that could not be searched.
pub type Input = Result<PathBuf, InputError>;

/// Every `*.toml` under `paths`, in the order given, folders in sorted path
/// order. Files in `skip` (the register, the policy folder) are left out.
pub fn inputs(paths: &[PathBuf], skip: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, skip, &mut out),
            Ok(_) => out.push(Ok(p.clone())),
            Err(e) => out.push(Err(InputError::new(
                p.display().to_string(),
                crate::msg!(
                    "kan inte läsas: {}",
                    "cannot read: {}",
                    crate::input::io_reason(&e)
                ),
            ))),
        }
    }
    out
}

fn walk(dir: &Path, skip: &[PathBuf], out: &mut Vec<Input>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Err(InputError::new(
                dir.display().to_string(),
                crate::msg!(
                    "kan inte läsa mappen: {}",
                    "cannot read the folder: {}",
                    crate::input::io_reason(&e)
                ),
            )));
            return;
        }
    };
    let mut items: Vec<(PathBuf, bool)> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            // A symlinked folder is not followed (it could loop); a symlinked file is
            // read. Anything else (a FIFO, a socket) is not a ledger and could block.
            let t = e.file_type().ok()?;
            if t.is_dir() {
                Some((path, true))
            } else if t.is_file() || (t.is_symlink() && path.is_file()) {
                Some((path, false))
            } else {
                None
            }
        })
        .collect();
    items.sort();
    for (path, is_dir) in items {
        if is_dir {
            walk(&path, skip, out);
        } else if path.extension().is_some_and(|e| e == "toml") && !skipped(&path, skip) {
            out.push(Ok(path));
        }
    }
}

fn skipped(path: &Path, skip: &[PathBuf]) -> bool {
    if skip.is_empty() {
        return false;
    }
    let Ok(p) = std::fs::canonicalize(path) else {
        return false;
    };
    skip.iter()
        .any(|s| p == *s || p.parent() == Some(s.as_path()))
}

/// Reads, verifies and judges one ledger. Never panics outward: an internal
/// error becomes the ledger's error row.
///
/// `need_chain`: the register will ask for the chain. Without a register, the
/// chain of an unsealed ledger is never looked at, so it is not computed.
pub fn audit_one(
    path: &Path,
    catalog: &Catalog,
    today: NaiveDate,
    lang: Lang,
    word: Wording,
    need_chain: bool,
) -> LedgerAudit {
    let shown = path.display().to_string();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        audit_file(path, &shown, catalog, today, lang, word, need_chain)
    }))
    .unwrap_or_else(|_| {
        Err(InputError::new(
            &shown,
            crate::msg!(
                "internt fel vid granskningen av den här liggaren",
                "internal error while auditing this ledger",
            ),
        ))
    });
    LedgerAudit {
        path: shown,
        result,
    }
}

fn audit_file(
    path: &Path,
    shown: &str,
    catalog: &Catalog,
    today: NaiveDate,
    lang: Lang,
    word: Wording,
    need_chain: bool,
) -> Result<Audited, InputError> {
    let text = ledger::read_text(path)?;
    let l = ledger::parse(shown, &text)?;
    let records = l.records.len();
    let chain = if need_chain || l.seal.is_some() {
        seal::chain(&l)
    } else {
        seal::Chain::default()
    };
    let seal_check = seal::verify(&l, &chain);
    let lines = crate::diag::LineStarts::new(crate::tomlx::strip_bom(&text));
    // The director's policy must know every role the approvals name.
    if let Some(p) = catalog.find(&l.trainee.policy) {
        p.check_roles(&l, shown, &text)?;
    }
    drop(text);
    let uid = l.uid.clone();
    let eff = l.into_effective();
    let mut a = Audited {
        name: eff.trainee.name.clone(),
        id: eff.trainee.id.clone(),
        uid,
        policy: eff.trainee.policy.clone(),
        policy_version: None,
        seal: seal_check,
        chain,
        records,
        register: None,
        periods: Vec::new(),
        current: None,
        totals: None,
        pools: Vec::new(),
        findings: Vec::new(),
        lines,
    };
    match &a.seal {
        seal::SealCheck::Unsealed => a.findings.push(AuditFinding::integrity(
            None,
            "unsealed",
            Severity::Warning,
            crate::msg!(
                "liggaren saknar försegling: skriven för hand eller aldrig exporterad (`st-budget export`)",
                "the ledger has no seal: written by hand or never exported (`st-budget export`)",
            )
            .to_string(),
        )),
        seal::SealCheck::Broken {
            index,
            entry,
            message,
            ..
        } => {
            let entry = *entry;
            let message = a.with_line(*index, message);
            a.findings.push(AuditFinding::integrity(
                entry,
                "broken",
                Severity::Error,
                crate::msg!("förseglingen är bruten: {}", "the seal is broken: {}", message),
            ));
        }
        seal::SealCheck::Sealed => {}
    }
    // Only the director's policies: whatever the ledger carries is never used.
    let policy = match catalog.find(&eff.trainee.policy) {
        Some(p) => p,
        None => {
            let message = catalog
                .get(&eff.trainee.policy)
                .err()
                .unwrap_or_else(|| format!("unknown policy {:?}", eff.trainee.policy));
            a.findings.push(AuditFinding {
                entry: None,
                rule: "policy".to_string(),
                reference: "policy".to_string(),
                severity: Severity::Error,
                message: format!(
                    "{message}: the ledger cannot be judged (--policy-dir DIR adds policies)"
                ),
            });
            return Ok(a);
        }
    };
    a.policy_version = Some(policy.version.clone());
    let eval = engine::evaluate(policy, &eff, today);
    a.findings.extend(
        eval.all_findings()
            .filter(|f| f.severity > Severity::Info)
            .map(|f| {
                let rule = &policy.rules[f.rule];
                AuditFinding {
                    entry: f.entry,
                    rule: rule.id.clone(),
                    reference: rule.reference.clone(),
                    severity: f.severity,
                    message: word(f, policy, lang),
                }
            }),
    );
    a.current = eval
        .periods
        .iter()
        .position(|p| today >= p.from && p.to.is_none_or(|t| today <= t))
        .or_else(|| eval.periods.len().checked_sub(1));
    a.totals = Some(eval.totals);
    a.pools = eval
        .pools
        .into_iter()
        .map(|result| {
            let rule = &policy.rules[result.rule];
            let (unit, reserve_titles) = match &rule.body {
                crate::policy::Body::Budget { pool, .. } => (
                    pool.unit,
                    pool.reserves
                        .iter()
                        .map(|r| r.title.get(lang).to_string())
                        .collect(),
                ),
                _ => (crate::policy::Unit::Kronor, Vec::new()),
            };
            AuditPool {
                id: rule.id.clone(),
                reference: rule.reference.clone(),
                unit,
                reserve_titles,
                result,
            }
        })
        .collect();
    a.periods = eval.periods;
    Ok(a)
}

/// Audits `inputs` in parallel and gives each result to `each`, in input order.
/// At most two batches are held at once: one being judged while the previous
/// one is handed on. `each` returning an error stops the run (a closed pipe).
pub fn run<E: Send>(
    inputs: &[Input],
    catalog: &Catalog,
    today: NaiveDate,
    lang: Lang,
    word: Wording,
    need_chain: bool,
    mut each: impl FnMut(LedgerAudit) -> Result<(), E> + Send,
) -> Result<(), E> {
    let batch = (rayon::current_num_threads() * 64).clamp(64, 1024);
    let judge = |chunk: &[Input]| -> Vec<LedgerAudit> {
        chunk
            .par_iter()
            .map(|input| match input {
                Ok(path) => audit_one(path, catalog, today, lang, word, need_chain),
                Err(e) => LedgerAudit {
                    path: e.path.clone(),
                    result: Err(e.clone()),
                },
            })
            .collect()
    };
    let mut chunks = inputs.chunks(batch);
    let mut ready = match chunks.next() {
        Some(c) => judge(c),
        None => return Ok(()),
    };
    loop {
        let next = chunks.next();
        let (handed, judged) = rayon::join(
            || -> Result<(), E> {
                for r in ready.drain(..) {
                    each(r)?;
                }
                Ok(())
            },
            || next.map(judge),
        );
        handed?;
        match judged {
            Some(j) => ready = j,
            None => return Ok(()),
        }
    }
}
