//! Auditing many exported ledgers: find them, read and judge each in parallel,
//! and hand the results on in input order, a bounded number at a time.
//!
//! Every exported ledger is untrusted input (docs/audit.md, "Threat model").
//! The audit goes over the ledgers twice: once for who they belong to (so that
//! the same trainee or ledger in two files is an error on both, and the
//! register's entries missing from this inbox are known before anything is
//! printed), then to judge them. Both passes judge on every thread and hand
//! the results on in input order ([`order`]), holding at most
//! [`HELD_LEDGERS`] ledgers and [`HELD_BYTES`] of ledger text between being
//! started and handed on, or one ledger alone if it is larger than
//! [`LARGE_BYTES`] (of at most 16 MiB): never more than 16 MiB of ledger text
//! in flight, and never two large ledgers judged at once, however many ledgers
//! and threads there are. When every ledger is small, the first pass keeps
//! the texts of the first ledgers, up to [`KEPT_BYTES`], for the second
//! ([`Room`]), which reads only the rest again. Nothing here prints, and
//! nothing here is in a language: findings are data ([`Finding`]), worded by
//! the renderer; the caller renders each [`LedgerAudit`] as it arrives.

pub mod changes;
pub mod finding;
pub mod identity;
pub mod order;
pub mod pin;
pub mod register;
pub mod units;
pub mod walk;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use rayon::prelude::*;

pub use finding::{Change, Finding, Integrity, Others, PolicyProblem, RecordName, Seen, What};
pub use walk::{Candidate, Input, Skipped, Walk, walk};

use crate::diag::InputError;
use crate::engine::{self, PeriodResult, Totals};
use crate::ledger::{self, seal};
use crate::policy::{Catalog, Policy, Severity};
use identity::{Identities, Identity, Twins};
use pin::{Choice, Pins};
use register::{Check, Known, Register};

/// At most this many ledgers are held at once, between being started and
/// their result handed on: enough to keep every thread busy while results are
/// written out, few enough that what waits to be written stays small.
pub const HELD_LEDGERS: usize = 128;

/// At most this much ledger text (bytes, as the files' sizes say) is held at
/// once, unless one ledger alone is larger (no ledger is read beyond
/// [`crate::input::MAX_FILE_BYTES`]).
pub const HELD_BYTES: u64 = 8 * 1024 * 1024;

/// A ledger larger than this is judged alone ([`order::in_order`]).
pub const LARGE_BYTES: u64 = 4 * 1024 * 1024;

/// At most this much ledger text read by the first pass is kept for the
/// second ([`Room`]): the texts of the first inputs, as many as fit, when no
/// input is larger than [`KEPT_LEDGER_BYTES`]. An audit then holds at most
/// this more than it would without; the inbox whose audit takes the most
/// memory for its size, of ledgers of 1 MiB, went from 26 to 51 MiB
/// (docs/performance.md).
pub const KEPT_BYTES: u64 = 24 * 1024 * 1024;

/// No text is kept when an input is larger than this (five years of entries
/// are a few hundred kilobytes): larger ledgers hold more while they are
/// judged, and with the kept texts beside them an audit of 4 MiB ledgers of
/// the costliest shape took 66 MiB.
pub const KEPT_LEDGER_BYTES: u64 = 1024 * 1024;

/// What the audit keeps of each ledger until its end, at most, as the room
/// for kept texts counts it: the room is [`KEPT_BYTES`] less this for each
/// input, so that an inbox of many small ledgers (whose identities, paths and
/// sums grow with their number) keeps fewer texts, and none from 49 152
/// ledgers, instead of adding its 24 MiB to theirs.
pub const HELD_PER_LEDGER: u64 = 512;

/// A trainee whose programme ends within this many days of the audit (or has
/// ended) and who still misses mandatory course subjects is pointed out
/// (docs/audit.md, "Mandatory subjects"): a year is about what it takes to
/// find and attend the courses.
pub const SUBJECTS_WITHIN_DAYS: i64 = 365;

/// What one ledger came to. `'c`: the director's catalogue of policies.
pub struct LedgerAudit<'c> {
    pub path: String,
    /// Its place among the audit's inputs sorted by path ([`walk::ranks`]).
    pub rank: u32,
    pub result: Result<Audited<'c>, InputError>,
}

/// A ledger that could be read.
pub struct Audited<'c> {
    pub name: String,
    pub id: Option<String>,
    pub uid: Option<String>,
    /// The training unit, after every trainee change.
    pub unit: Option<String>,
    /// The policy id the ledger names.
    pub policy: String,
    /// The policy it was judged by, when the director pinned one, and why.
    pub pinned: Option<(String, String)>,
    /// The director's policy it was judged by, when there is one.
    pub judged_by: Option<&'c Policy>,
    pub seal: seal::SealCheck,
    /// The register's word, when there is a register.
    pub register: Option<Check>,
    /// How many records the ledger has.
    pub records: usize,
    /// The first record an integrity problem names, with its line.
    pub bad_record: Option<RecordName>,
    pub periods: Vec<PeriodResult>,
    /// Index in `periods` of the one containing today, else the last.
    pub current: Option<usize>,
    pub totals: Option<Totals>,
    /// The money per calendar year of the entries, for the sums per unit.
    pub years: Vec<units::YearMoney>,
    /// The calendar years the ledger has a period in.
    pub active_years: Option<(i32, i32)>,
    /// Every budget of the policy it is judged by (the main one first).
    pub pools: Vec<crate::engine::PoolResult>,
    /// Every finding: the audit's, and the engine's of every severity.
    pub findings: Vec<Finding>,
    /// The mandatory course subjects done, planned and missing, when the
    /// policy it was judged by lists any.
    pub subjects: Option<engine::subjects::Tally>,
    /// The programme's end date (the ledger's `certificate`), after every
    /// trainee change.
    pub end: Option<NaiveDate>,
    /// What the register will know of this ledger, when it advances.
    pub update: Option<Known>,
}

impl Audited<'_> {
    /// `sealed`, `unsealed`, `broken` or `rewritten`.
    pub fn integrity(&self) -> &'static str {
        match (&self.seal, &self.register) {
            (seal::SealCheck::Broken { .. }, _) => "broken",
            (_, Some(c)) if c.rewrites() => "rewritten",
            (seal::SealCheck::Sealed, _) => "sealed",
            (seal::SealCheck::Unsealed, _) => "unsealed",
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// The version of the director's policy it was judged by.
    pub fn policy_version(&self) -> Option<&str> {
        self.judged_by.map(|p| p.version.as_str())
    }

    /// An error, a warning, or anything about its integrity: a ledger the
    /// director looks at (`--problems`).
    pub fn has_problems(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity() > Severity::Info || f.is_integrity())
    }

    pub fn current_period(&self) -> Option<&PeriodResult> {
        self.current.map(|i| &self.periods[i])
    }

    /// The mandatory subjects missing, in the policy's order; `None` when the
    /// policy it was judged by lists none.
    pub fn missing_subjects(&self) -> Option<Vec<&crate::policy::MandatorySubject>> {
        let (t, policy) = self.subjects.as_ref().zip(self.judged_by)?;
        Some(t.missing.iter().map(|&i| &policy.subjects[i]).collect())
    }

    /// The mandatory subjects still missing when the programme ends within
    /// [`SUBJECTS_WITHIN_DAYS`] of `today` (or has ended): their indices into
    /// the policy's subjects, and the end date. `None` when none is missing,
    /// or the end is further off or unknown.
    pub fn subjects_due(&self, today: NaiveDate) -> Option<(&[usize], NaiveDate)> {
        let t = self.subjects.as_ref().filter(|t| !t.missing.is_empty())?;
        let end = self
            .end
            .filter(|e| (*e - today).num_days() <= SUBJECTS_WITHIN_DAYS)?;
        Some((&t.missing, end))
    }

    /// The id of the policy the ledger was judged by (or would have been).
    pub fn policy_used(&self) -> &str {
        self.pinned.as_ref().map_or(&self.policy, |(id, _)| id)
    }
}

/// What every ledger of one audit is judged with.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub pins: &'a Pins,
    pub register: Option<&'a Register>,
    /// The inputs, as the walk found them: the paths the findings about
    /// identity name.
    pub inputs: &'a [Input],
    /// Each input's place among them sorted by path ([`walk::ranks`]); an
    /// input without one is placed by its index.
    pub ranks: &'a [u32],
    /// The same trainee or ledger in two files of this audit, by input index.
    pub identities: &'a Twins,
    /// What the first pass read of each input (by index); may be empty.
    pub first_pass: &'a Identities,
    /// The texts the first pass kept for this one.
    pub kept: &'a Kept<'a>,
    pub today: NaiveDate,
    /// Whether the engine's info findings are kept (`--details` shows them;
    /// nothing else does, and a large ledger has many).
    pub details: bool,
}

/// Room for the texts the first pass keeps for the second: one block for
/// the first inputs, as many as fit in [`KEPT_BYTES`] by the sizes the walk
/// found, when no input is larger than [`KEPT_LEDGER_BYTES`]; none otherwise.
/// Its pages are made at once, as huge pages where the system has them: a
/// page touched for the first time costs more, one by one, than reading its
/// text again. It lives for the whole audit.
#[derive(Default)]
pub struct Room {
    block: Option<memmap2::MmapMut>,
    /// The size of each input's place, in input order, as far as the block goes.
    sizes: Vec<usize>,
}

impl Room {
    pub fn for_inputs(inputs: &[Input]) -> Room {
        let size = |input: &Input| input.as_ref().map_or(0, |c| c.size);
        if inputs.iter().any(|i| size(i) > KEPT_LEDGER_BYTES) {
            return Room::default();
        }
        let budget = KEPT_BYTES.saturating_sub(inputs.len() as u64 * HELD_PER_LEDGER);
        let mut total = 0;
        let sizes: Vec<usize> = (inputs.iter().map(size))
            .take_while(|&s| {
                total += s;
                total <= budget
            })
            .filter_map(|s| usize::try_from(s).ok())
            .collect();
        let bytes = sizes.iter().sum::<usize>();
        let block = (bytes > 0)
            .then(|| {
                let block = memmap2::MmapOptions::new().len(bytes).map_anon().ok()?;
                let _ = block.advise(memmap2::Advice::HugePage);
                // Made by every thread at once, a huge page's worth each.
                (0..bytes.div_ceil(HUGE_PAGE))
                    .into_par_iter()
                    .for_each(|i| {
                        let part = HUGE_PAGE.min(bytes - i * HUGE_PAGE);
                        let _ =
                            block.advise_range(memmap2::Advice::PopulateWrite, i * HUGE_PAGE, part);
                    });
                Some(block)
            })
            .flatten();
        Room { block, sizes }
    }

    /// A place for each input, in order, as far as the block goes.
    fn places(&mut self) -> Vec<Mutex<Option<&mut [u8]>>> {
        let Some(block) = self.block.as_mut() else {
            return Vec::new();
        };
        let mut rest: &mut [u8] = block;
        let mut places = Vec::with_capacity(self.sizes.len());
        for &size in &self.sizes {
            let (place, after) = rest.split_at_mut(size);
            places.push(Mutex::new(Some(place)));
            rest = after;
        }
        places
    }
}

/// The size of a huge page on x86-64 and most other machines: the room's
/// pages are made a part of this size at a time.
const HUGE_PAGE: usize = 2 * 1024 * 1024;

/// What the first pass read: who each input belongs to, `None` where it
/// cannot be read (the second pass reports why), and the texts it kept.
pub struct FirstPass<'r> {
    pub identities: Identities,
    pub kept: Kept<'r>,
}

/// The ledger texts the first pass kept for the second, by input index, in
/// its [`Room`]; the room's pages given back to the system as the second
/// pass goes past them ([`Kept::done_through`]).
#[derive(Default)]
pub struct Kept<'r> {
    texts: Vec<Option<&'r str>>,
    /// Where the room's block starts and how long it is.
    block: Option<(usize, usize)>,
    /// Where each input's place ends in the block, in input order.
    ends: Vec<usize>,
    /// How much of the block, from its start, was given back.
    given_back: std::sync::atomic::AtomicUsize,
}

/// The kept texts' pages are given back this much at a time, at least.
const GIVE_BACK: usize = HUGE_PAGE;

impl<'r> Kept<'r> {
    /// The text of input `index`, when it was kept. Only until the second
    /// pass is done with it ([`Kept::done_through`]).
    pub fn get(&self, index: usize) -> Option<&'r str> {
        self.texts.get(index).copied().flatten()
    }

    /// How many texts were kept.
    pub fn count(&self) -> usize {
        self.texts.iter().flatten().count()
    }

    /// The second pass is done with inputs 0 to `index`, and never reads
    /// their texts again: the room's pages that hold only theirs are given
    /// back to the system, [`GIVE_BACK`] or more at a time (or the rest,
    /// after the last kept text), so that the room shrinks as the sums and
    /// rows that the audit keeps grow (8 000 ledgers of names of 200
    /// characters: 61 MB, 20 of them kept texts, held to the end).
    #[allow(unsafe_code)]
    pub fn done_through(&self, index: usize) {
        use std::sync::atomic::Ordering;
        let Some((start, len)) = self.block else {
            return;
        };
        let last = index + 1 >= self.ends.len();
        let end = if last { len } else { self.ends[index] };
        let page = page_size();
        let end = end / page * page;
        let from = self.given_back.load(Ordering::Relaxed);
        if end <= from || (!last && end - from < GIVE_BACK) {
            return;
        }
        self.given_back.store(end, Ordering::Relaxed);
        #[cfg(unix)]
        // SAFETY: the range lies within the room's block, a private
        // anonymous mapping that lives as long as `self` borrows it, and
        // holds only the texts of inputs the second pass is done with: no
        // text handed out by `get` is read again (each is read only while
        // its own input is judged, and this is called once its result was
        // handed on). MADV_DONTNEED leaves the range mapped, reading zeros.
        unsafe {
            libc::madvise(
                (start + from) as *mut libc::c_void,
                end - from,
                libc::MADV_DONTNEED,
            );
        }
        #[cfg(not(unix))]
        let _ = start;
    }
}

/// The system's page size (what `madvise` takes ranges in).
#[allow(unsafe_code)]
fn page_size() -> usize {
    #[cfg(unix)]
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    #[cfg(not(unix))]
    let size = 4096;
    usize::try_from(size)
        .ok()
        .filter(|&s| s > 0)
        .unwrap_or(4096)
}

/// The first pass: who each input belongs to, and the texts of the first
/// inputs, read into `room` and kept for the second pass. A text that does
/// not fit its place (the file changed since the walk) is read the usual way
/// and not kept.
pub fn identify<'r>(inputs: &[Input], room: &'r mut Room) -> FirstPass<'r> {
    let block = (room.block.as_ref()).map(|b| (b.as_ptr() as usize, b.len()));
    let ends: Vec<usize> = (room.sizes.iter())
        .scan(0, |end, size| {
            *end += size;
            Some(*end)
        })
        .collect();
    let places = room.places();
    let read = |i: usize, input: &Input| -> Option<(Option<Identity>, Option<&'r str>)> {
        let c = input.as_ref().ok()?;
        let place = places.get(i).and_then(|p| p.lock().ok()?.take());
        let read = std::panic::AssertUnwindSafe(|| {
            if let Some(place) = place
                && crate::input::read_exactly(&c.path, place)
            {
                let place: &'r [u8] = place;
                if let Ok(text) = simdutf8::basic::from_utf8(place) {
                    return Some((Identity::read(text), Some(text)));
                }
            }
            let text = ledger::read_untrusted(&c.path).ok()?;
            Some((Identity::read(&text), None))
        });
        std::panic::catch_unwind(read).ok().flatten()
    };
    let mut identities = Identities::default();
    let mut kept = Vec::with_capacity(places.len());
    let _ = order::in_order(inputs, read, |x| -> Result<(), ()> {
        let (id, text) = x.unzip();
        identities.push(id.flatten().as_ref());
        if kept.len() < places.len() {
            kept.push(text.flatten());
        }
        Ok(())
    });
    identities.shrink_to_fit();
    FirstPass {
        identities,
        kept: Kept {
            texts: kept,
            block,
            ends,
            given_back: Default::default(),
        },
    }
}

/// Reads, verifies and judges input `index`, a ledger file. Never panics
/// outward: an internal error becomes the ledger's error row.
pub fn audit_one<'c>(index: usize, path: &Path, ctx: &Context<'c>) -> LedgerAudit<'c> {
    let shown = path.display().to_string();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        audit_file(index, path, &shown, ctx)
    }))
    .unwrap_or_else(|_| Err(InputError::internal(&shown)));
    LedgerAudit {
        path: shown,
        rank: rank(index, ctx),
        result,
    }
}

fn audit_file<'c>(
    index: usize,
    path: &Path,
    shown: &str,
    ctx: &Context<'c>,
) -> Result<Audited<'c>, InputError> {
    let text = match ctx.kept.get(index) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(ledger::read_untrusted(path)?),
    };
    let l = ledger::parse(shown, &text)?;
    let me = Identity::of_as(&l, ctx.first_pass.get(index));
    let chain = if ctx.register.is_some() || l.seal.is_some() {
        seal::chain(&l)
    } else {
        seal::Chain::default()
    };
    let seal_check = seal::verify(&l, &chain);
    // Lines are counted only for a finding that names one.
    let lines = std::cell::OnceCell::new();
    let line_of = |offset: usize| {
        let text = crate::tomlx::strip_bom(&text);
        lines
            .get_or_init(|| crate::diag::LineStarts::new(text))
            .line(offset)
    };
    let registered_id = ctx
        .register
        .zip(me.uid.as_deref())
        .and_then(|(r, u)| r.by_uid(u))
        .map_or(me.id.as_deref(), |k| k.id.as_deref());
    let choice = ctx.pins.choose(path, me.uid.as_deref(), registered_id);
    // The director's policy must know every role the approvals name.
    let judge_by = match &choice {
        Choice::Pinned(p, _) => Some(*p),
        Choice::Own => ctx.catalog.find(&l.trainee.policy),
        Choice::Unmapped(_) => None,
    };
    if let Some(p) = judge_by {
        p.check_roles(&l, shown, &text)?;
    }
    // `entry 7 (line 42)`: a record of the chain as a person finds it.
    let name = |k: usize| RecordName::InFile {
        label: chain.labels[k],
        line: match chain.labels[k] {
            seal::Label::Trainee => None,
            _ => Some(line_of(chain.offsets[k])),
        },
    };
    let mut a = Audited {
        name: me.name.clone(),
        id: me.id.clone(),
        uid: me.uid.clone(),
        unit: None,
        policy: l.trainee.policy.clone(),
        pinned: None,
        judged_by: None,
        seal: seal_check,
        register: None,
        records: l.records.len(),
        bad_record: None,
        periods: Vec::new(),
        current: None,
        totals: None,
        years: Vec::new(),
        active_years: None,
        pools: Vec::new(),
        findings: Vec::new(),
        subjects: None,
        end: None,
        update: None,
    };
    seal_findings(&mut a, &chain, &name);
    identity_findings(&mut a, index, ctx, &me);
    if let Some(reg) = ctx.register {
        register_findings(&mut a, reg, ctx.today, (&l, &me), &chain, &name);
    }
    drop(text);
    let eff = l.into_effective();
    a.unit = eff.trainee.unit.clone();
    a.end = eff.trainee.certificate;
    let Some(policy) = policy_of(&mut a, ctx.catalog, choice) else {
        return Ok(a);
    };
    a.judged_by = Some(policy);
    let eval = engine::evaluate(policy, &eff, ctx.today);
    drop(eff);
    a.current = engine::periods::containing(&eval.periods, ctx.today, |p| p.from, |p| p.to)
        .or_else(|| eval.periods.len().checked_sub(1));
    a.years = units::years(policy, &eval);
    a.active_years = units::active_years(&eval, ctx.today);
    a.subjects = (!eval.subjects.is_empty()).then(|| engine::subjects::Tally::of(&eval.subjects));
    a.totals = Some(eval.totals);
    a.pools = eval.pools;
    a.periods = eval.periods;
    // The engine's findings, moved, not copied; info only where it is shown.
    let kept = |f: &engine::Finding| ctx.details || f.severity() > Severity::Info;
    let count = eval.findings.iter().filter(|f| kept(f)).count()
        + (eval.entries.iter())
            .map(|r| r.findings.iter().filter(|f| kept(f)).count())
            .sum::<usize>();
    a.findings.reserve_exact(count);
    let entries = eval.entries.into_iter().flat_map(|r| r.findings);
    for f in eval.findings.into_iter().chain(entries).filter(kept) {
        a.findings.push(Finding::of_rule(f));
    }
    Ok(a)
}

/// Who the ledger belongs to: read alike in both passes, in one file of this
/// audit only, with a uid when sealed.
fn identity_findings(a: &mut Audited<'_>, index: usize, ctx: &Context<'_>, me: &Identity) {
    if index < ctx.first_pass.len() && ctx.first_pass.get(index).is_none_or(|k| !k.is(me)) {
        a.findings.push(Finding::integrity(
            None,
            Severity::Error,
            Integrity::UnclearIdentity,
        ));
    }
    let path = |j: usize| ctx.inputs.get(j).map(walk::shown).unwrap_or_default();
    a.findings.extend(ctx.identities.findings(index, me, &path));
    if a.seal == seal::SealCheck::Sealed && a.uid.is_none() {
        let severity = match ctx.register {
            Some(_) => Severity::Error,
            None => Severity::Warning,
        };
        a.findings
            .push(Finding::integrity(None, severity, Integrity::MissingUid));
    }
}

/// What the register says of the ledger, and what it will learn of it. A ledger
/// in two files of this audit (or whose identity reads two ways) never advances
/// it: neither is the reference.
fn register_findings(
    a: &mut Audited<'_>,
    reg: &Register,
    today: NaiveDate,
    (l, me): (&ledger::Ledger, &Identity),
    chain: &seal::Chain,
    name: &dyn Fn(usize) -> RecordName,
) {
    let twice = a.findings.iter().any(|f| match &f.what {
        What::Integrity(i) => matches!(
            i.what,
            Integrity::DuplicateUid { .. }
                | Integrity::DuplicateTrainee { .. }
                | Integrity::UnclearIdentity
        ),
        _ => false,
    });
    let sealed = a.seal == seal::SealCheck::Sealed;
    let v = reg.judge(me, &a.policy, chain, sealed, today, name);
    if let Some(Check::Rewritten { index: Some(i) }) = v.check {
        a.bad_record = Some(name(i));
    }
    a.findings.extend(v.findings);
    if let (Some((seen, last)), Some(Check::Consistent { added: 1.. })) = (v.seen, &v.check) {
        a.findings.extend(changes::since(l, seen, last, name));
    }
    // Two files of one trainee in one audit: neither is the reference.
    a.update = v.update.filter(|_| !twice);
    a.register = match v.check {
        Some(Check::New) if twice => Some(Check::NotEntered),
        other => other,
    };
}

/// What the seal says, as findings, and the first record it names.
fn seal_findings(a: &mut Audited<'_>, chain: &seal::Chain, name: &dyn Fn(usize) -> RecordName) {
    match &a.seal {
        seal::SealCheck::Unsealed => a.findings.push(Finding::integrity(
            None,
            Severity::Warning,
            Integrity::Unsealed,
        )),
        seal::SealCheck::Broken {
            index,
            entry,
            record,
            message,
        } => {
            // The record the seal names, with its line when it is the file's own.
            let own = index.filter(|&i| record.as_deref() == Some(&chain.labels[i].to_string()));
            let record = own
                .map(name)
                .or_else(|| record.clone().map(RecordName::Sealed));
            a.bad_record = record.clone();
            a.findings.push(Finding::integrity(
                *entry,
                Severity::Error,
                Integrity::Broken {
                    record,
                    why: message.clone(),
                },
            ));
        }
        seal::SealCheck::Sealed => {}
    }
}

/// The director's policy for a ledger, as chosen; a finding when there is none,
/// or when the ledger names another. Whatever policy the ledger carries is never used.
fn policy_of<'c>(
    a: &mut Audited<'_>,
    catalog: &'c Catalog,
    choice: Choice<'c>,
) -> Option<&'c Policy> {
    match choice {
        Choice::Own => match catalog.find(&a.policy) {
            Some(p) => Some(p),
            None => {
                let why = catalog
                    .get(&a.policy)
                    .err()
                    .unwrap_or_else(|| format!("{:?}", a.policy));
                a.findings
                    .push(Finding::policy(PolicyProblem::Unknown { why }));
                None
            }
        },
        Choice::Pinned(p, why) => {
            if p.id != a.policy {
                a.findings.push(Finding::policy(PolicyProblem::Mismatch {
                    named: a.policy.clone(),
                    judged_by: p.id.clone(),
                    pinned_by: why.clone(),
                }));
            }
            a.pinned = Some((p.id.clone(), why));
            Some(p)
        }
        Choice::Unmapped(map) => {
            a.findings.push(Finding::policy(PolicyProblem::Unmapped {
                map: map.to_string(),
            }));
            None
        }
    }
}

/// Input `index`'s place among the inputs sorted by path.
fn rank(index: usize, ctx: &Context<'_>) -> u32 {
    ctx.ranks.get(index).copied().unwrap_or(index as u32)
}

/// Audits `inputs` and gives each result to `each`, in input order.
pub fn run<'c, E: Send>(
    ctx: &Context<'c>,
    mut each: impl FnMut(LedgerAudit<'c>) -> Result<(), E> + Send,
) -> Result<(), E> {
    // The results come in input order: the n-th is input n's.
    let mut handed_on = 0;
    order::in_order(
        ctx.inputs,
        |i, input| match input {
            Ok(c) => audit_one(i, &c.path, ctx),
            Err(e) => LedgerAudit {
                path: e.path.clone(),
                rank: rank(i, ctx),
                result: Err((**e).clone()),
            },
        },
        |l| {
            each(l)?;
            ctx.kept.done_through(handed_on);
            handed_on += 1;
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs of these sizes, as the walk finds them.
    pub(super) fn sized(sizes: &[u64]) -> Vec<Input> {
        sizes
            .iter()
            .map(|&size| {
                Ok(Candidate {
                    path: "x.toml".into(),
                    size,
                })
            })
            .collect()
    }

    #[test]
    fn room_is_kept_for_the_first_ledgers_that_fit_when_every_one_is_small() {
        let room = |sizes: &[u64]| Room::for_inputs(&sized(sizes));
        let most = KEPT_LEDGER_BYTES;
        // 27 inputs: the room is 27 times HELD_PER_LEDGER less.
        let less = 27 * HELD_PER_LEDGER;
        let fits = [vec![most; 23], vec![most - 10 - less, 10]].concat();
        assert_eq!(fits.iter().sum::<u64>(), KEPT_BYTES - less);
        let r = room(&[fits.clone(), vec![1, 2]].concat());
        assert_eq!(
            r.sizes,
            fits.iter().map(|&s| s as usize).collect::<Vec<_>>()
        );
        assert_eq!(
            r.block.as_ref().map(|b| b.len()),
            Some((KEPT_BYTES - less) as usize)
        );
        // An inbox of 49 152 ledgers or more keeps no text; of one fewer,
        // 512 bytes of text.
        assert!(room(&vec![1; 49_152]).block.is_none());
        assert_eq!(room(&vec![1; 49_151]).sizes.len(), 512);
        // One ledger over the size, anywhere: nothing is kept.
        let r = room(&[1, 2, KEPT_LEDGER_BYTES + 1]);
        assert!(r.block.is_none() && r.sizes.is_empty());
        assert_eq!(
            room(&[3, KEPT_LEDGER_BYTES]).sizes,
            [3, KEPT_LEDGER_BYTES as usize]
        );
        // An input that is not a file takes no room.
        let mut inputs = sized(&[5]);
        inputs.insert(
            0,
            Err(Box::new(InputError::new("gone.toml", "cannot read it"))),
        );
        assert_eq!(Room::for_inputs(&inputs).sizes, [0, 5]);
        assert!(room(&[]).block.is_none());
    }

    #[test]
    fn the_first_pass_keeps_each_text_as_read_and_reads_a_changed_file_anew() {
        let dir = tempfile::tempdir().expect("a folder");
        let text = |who: &str| format!("format = 1\n\n[trainee]\nname = \"{who}\"\n");
        let mut inputs: Vec<Input> = ["Anna", "Bo", "Cecilia"]
            .iter()
            .map(|who| {
                let path = dir.path().join(format!("{who}.toml"));
                std::fs::write(&path, text(who)).expect("written");
                let size = std::fs::metadata(&path).expect("there").len();
                Ok(Candidate { path, size })
            })
            .collect();
        inputs.insert(
            1,
            Err(Box::new(InputError::new("gone.toml", "cannot read it"))),
        );
        let names = |first: &FirstPass| -> Vec<Option<String>> {
            (0..first.identities.len())
                .map(|i| first.identities.get(i).map(|k| format!("{:?}", k.name)))
                .collect()
        };
        let mut room = Room::for_inputs(&inputs);
        let first = identify(&inputs, &mut room);
        let who = [Some("Anna"), None, Some("Bo"), Some("Cecilia")];
        let key = |w: &str| format!("{:?}", identity::Key::Text(w));
        assert_eq!(names(&first), who.map(|w| w.map(key)));
        let kept: Vec<_> = (0..5).map(|i| first.kept.get(i)).collect();
        assert_eq!(
            kept,
            [
                Some(text("Anna")),
                None,
                Some(text("Bo")),
                Some(text("Cecilia")),
                None
            ]
            .iter()
            .map(Option::as_deref)
            .collect::<Vec<_>>()
        );
        // Bo's file is longer now than the walk found it: read the usual way,
        // who it belongs to still known, its text not kept.
        std::fs::write(dir.path().join("Bo.toml"), text("Bo ") + "\n").expect("written");
        let mut room = Room::for_inputs(&inputs);
        let first = identify(&inputs, &mut room);
        assert_eq!(names(&first)[2], Some(key("Bo ")));
        assert_eq!(first.kept.get(2), None);
        assert_eq!(first.kept.count(), 2);
    }

    /// The room's pages are given back a whole page at a time and only
    /// those holding texts the second pass is done with: twelve texts of
    /// 700 KiB, each a different letter, the first five done; the sixth to
    /// the last read back whole.
    #[test]
    fn the_pages_of_texts_done_with_are_given_back_and_the_rest_stay_whole() {
        let dir = tempfile::tempdir().expect("a folder");
        let body = |i: usize| {
            let letter = char::from(b'a' + u8::try_from(i).expect("small"));
            format!("# {}\nformat = 1\n", letter.to_string().repeat(700 * 1024))
        };
        let inputs: Vec<Input> = (0..12)
            .map(|i| {
                let path = dir.path().join(format!("{i:02}.toml"));
                std::fs::write(&path, body(i)).expect("written");
                let size = std::fs::metadata(&path).expect("there").len();
                Ok(Candidate { path, size })
            })
            .collect();
        let mut room = Room::for_inputs(&inputs);
        let first = identify(&inputs, &mut room);
        assert_eq!(first.kept.count(), 12);
        let given_back = || {
            first
                .kept
                .given_back
                .load(std::sync::atomic::Ordering::Relaxed)
        };
        // Less than GIVE_BACK done with: nothing given back yet.
        first.kept.done_through(1);
        assert_eq!(given_back(), 0);
        first.kept.done_through(4);
        let end_of_fifth = first.kept.ends[4];
        assert!(given_back() > end_of_fifth - page_size() && given_back() <= end_of_fifth);
        assert_eq!(given_back() % page_size(), 0);
        for i in 5..12 {
            assert_eq!(first.kept.get(i), Some(body(i).as_str()), "text {i}");
        }
        // After the last, the whole block.
        first.kept.done_through(11);
        assert_eq!(
            Some(given_back()),
            first
                .kept
                .block
                .map(|(_, len)| len / page_size() * page_size())
        );
    }
}
