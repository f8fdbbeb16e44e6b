//! `st-budget add` on a terminal without its required flags: a conversation
//! that asks for what is missing, in the language of messages, and records
//! the entry through the same flow as the flags do.
//!
//! What it asks: the kind, the date, the amount and the description, then what
//! the policy's rules need of an entry of that kind ([`policy::needs`]): the
//! entry a travel or lodging cost belongs to, chosen from the ledger's entries
//! the link rule allows; the fields the rules' tables test, each only while a
//! rule that tests it can still apply given the answers so far (a
//! C-goal course is not asked its provider); and each approval the rules ask
//! for, with its date, which is never assumed once the entry's first day has
//! passed. Nothing given as a flag is asked again. Every answer is read by the
//! parser of its flag, and a wrong one is asked again with that parser's
//! message.
//!
//! Then it shows what `add --dry-run` shows (the entry, its verdict, who pays,
//! what is left, every other entry that changes) and asks to record it: yes by
//! default when nothing turns into an error, no otherwise. Yes writes under the
//! ledger's lock, only if the file is still the one the answers were judged
//! against; no offers to change an answer (the old answer to edit) or to stop.
//! Esc or Ctrl-C at any question writes nothing: exit 1 like a refused `add`,
//! 130 for Ctrl-C, as a shell reports an interrupted command.
//!
//! The ledger is not locked while a person thinks: a conversation can last
//! minutes, and the lock would stop every other command meanwhile.

mod ask;
mod questions;

use anyhow::Result;
use chrono::NaiveDate;

use self::ask::Halt;
use self::questions::Question;
use super::add;
use super::record::{self, Consequences, How};
use super::{Ctx, Opened, Outcome, ignore_broken_pipe, open, show};
use crate::cli::{AddArgs, FieldArgs};
use crate::diag::report_error;
use crate::engine::{Subject, Tri, matches};
use crate::ledger::{Effective, Entry, Kind, Role};
use crate::money::Amount;
use crate::policy::needs::{Needs, needs};
use crate::policy::{Cond, Field};
use crate::render;

/// Whether `add` was run without one of its required values: only
/// `cli::parse` lets that through, and only on a terminal.
pub fn wanted(a: &AddArgs) -> bool {
    a.kind.is_none() || a.date.is_none() || a.amount.is_none() || a.description.is_none()
}

/// Asks, shows, and records when told to.
pub fn run(ctx: &Ctx, a: AddArgs) -> Result<Outcome> {
    let o = open(&ctx.ledger_path, &a.policies)?;
    // A full ledger is said before the first question, not after the last.
    add::room_for_an_entry(ctx, &o.ledger)?;
    ask::speak();
    let mut s = Session::new(ctx, &o, a);
    let halt = match s.converse() {
        Ok(outcome) => return Ok(outcome),
        Err(h) => h,
    };
    let (said, outcome) = match halt {
        Halt::Failed(e) => return Err(e),
        Halt::Refused => return Ok(Outcome::Findings),
        Halt::Cancelled => (
            crate::msg!("avbrutet: inget skrevs", "cancelled: nothing was written"),
            Outcome::Findings,
        ),
        Halt::Interrupted => (
            crate::msg!(
                "avbrutet med Ctrl-C: inget skrevs",
                "interrupted with Ctrl-C: nothing was written"
            ),
            Outcome::Interrupted,
        ),
    };
    eprintln!("{said}");
    Ok(outcome)
}

/// What the flags said, which is never asked again.
struct Flags {
    kind: bool,
    date: bool,
    amount: bool,
    description: bool,
    fields: FieldArgs,
}

/// A conversation: the ledger as it stands, the command line as the flags
/// and the answers so far make it, and the questions answered, in order, each
/// with its answer as shown (and as it is offered for editing).
struct Session<'a> {
    ctx: &'a Ctx,
    o: &'a Opened,
    eff: Effective,
    a: AddArgs,
    flags: Flags,
    answered: Vec<(Question, String)>,
}

/// What comes after the recording is shown.
enum Next {
    Done(Outcome),
    /// Change an answer.
    Change,
}

impl<'a> Session<'a> {
    fn new(ctx: &'a Ctx, o: &'a Opened, a: AddArgs) -> Session<'a> {
        let flags = Flags {
            kind: a.kind.is_some(),
            date: a.date.is_some(),
            amount: a.amount.is_some(),
            description: a.description.is_some(),
            fields: a.fields.clone(),
        };
        Session {
            ctx,
            o,
            eff: o.ledger.effective(),
            a,
            flags,
            answered: Vec::new(),
        }
    }

    /// Asks until the entry is recorded, or the person stops.
    fn converse(&mut self) -> Result<Outcome, Halt> {
        let mut changing: Option<(Question, String)> = None;
        loop {
            self.fill(changing.take())?;
            match self.judge()? {
                Next::Done(outcome) => return Ok(outcome),
                Next::Change => {
                    let (q, was) = self.which_to_change()?;
                    self.forget(&q);
                    self.prune();
                    changing = Some((q, was));
                }
            }
        }
    }

    /// Asks every question still unanswered that the rules make relevant; the
    /// one being changed starts from its old answer.
    fn fill(&mut self, mut changing: Option<(Question, String)>) -> Result<(), Halt> {
        while let Some(q) = self.next_question() {
            let initial = changing.take_if(|(c, _)| *c == q).map(|(_, was)| was);
            let shown = self.ask(&q, initial.as_deref())?;
            self.answered.push((q, shown));
        }
        Ok(())
    }

    /// The first question, in the order they are asked, that is neither
    /// answered, nor given as a flag, nor beside the point.
    fn next_question(&self) -> Option<Question> {
        let kind = self.a.kind;
        let n = kind.map(|k| needs(&self.o.policy, k));
        questions::order(n.as_ref())
            .into_iter()
            .find(|q| !self.is_answered(q) && !self.is_flag(q) && self.relevant(q, n.as_ref()))
    }

    fn is_answered(&self, q: &Question) -> bool {
        self.answered.iter().any(|(a, _)| a == q)
    }

    /// Whether the flags gave the answer.
    fn is_flag(&self, q: &Question) -> bool {
        match q {
            Question::Kind => self.flags.kind,
            Question::Date => self.flags.date,
            Question::Amount => self.flags.amount,
            Question::Description => self.flags.description,
            Question::For => self.flags.fields.for_entry.is_some(),
            Question::Field(f) => questions::is_set(&self.flags.fields, *f),
            Question::Approval(role) => self
                .flags
                .fields
                .approved_by
                .iter()
                .any(|(typed, _)| self.o.policy.role(typed).as_ref() == Ok(role)),
        }
    }

    /// Whether a rule that asks the question can still apply to the entry,
    /// given what is known of it but the answer to the question itself.
    fn relevant(&self, q: &Question, n: Option<&Needs<'_>>) -> bool {
        let rules: Vec<usize> = match (q, n) {
            (Question::Kind | Question::Date | Question::Amount | Question::Description, _) => {
                return true;
            }
            (_, None) => return false,
            (Question::For, Some(n)) => n.link.iter().map(|l| l.rule).collect(),
            (Question::Field(f), Some(n)) => {
                n.field(*f).map(|f| f.rules.clone()).unwrap_or_default()
            }
            (Question::Approval(role), Some(n)) => n
                .approvals
                .iter()
                .filter(|a| &a.role == role)
                .flat_map(|a| a.rules.clone())
                .collect(),
        };
        let own = match q {
            Question::Field(f) => Some(*f),
            _ => None,
        };
        let draft = self.draft();
        rules
            .iter()
            .any(|r| self.may_apply(&self.o.policy.rules[*r].when, &draft, own))
    }

    /// Whether `when` can match the draft: tests of fields not yet known (not
    /// answered, not given, or `own`, the one being asked) and of approvals
    /// (asked last) are left out, and the rest must not fail.
    fn may_apply(&self, when: &Cond, draft: &Entry, own: Option<Field>) -> bool {
        let known = |f: Field| match f {
            Field::Approvals => false,
            f if Some(f) == own => false,
            f if !crate::policy::needs::asked_of_a_new_entry(f) => true,
            f => questions::is_set(&self.flags.fields, f) || self.is_answered(&Question::Field(f)),
        };
        // The entry it belongs to is recorded: what a table says of it is
        // known once it is chosen, and left out until then.
        let parent = draft.for_entry().and_then(|id| self.entry(id));
        let cond = Cond {
            tests: when
                .tests
                .iter()
                .filter(|(f, _)| known(*f))
                .cloned()
                .collect(),
            parent_tests: match parent {
                Some(_) => when.parent_tests.clone(),
                None => Vec::new(),
            },
            in_force: when.in_force,
        };
        let s = Subject {
            entry: draft,
            parent,
            trainee: &self.eff.trainee,
            default_goal: self.o.policy.default_goal,
        };
        matches(&cond, &s) != Tri::No
    }

    /// The entry as the answers so far describe it (today and nothing for
    /// what is not known yet), to judge which questions matter.
    fn draft(&self) -> Entry {
        let mut e = Entry::new(
            self.o.ledger.next_id(),
            self.a.date.unwrap_or(self.ctx.today),
            self.a.kind.unwrap_or(Kind::Other),
            self.a.description.as_deref().unwrap_or_default().into(),
            self.a.amount.unwrap_or(Amount::ZERO),
        );
        e.apply(&add::fields_from(&self.a.fields).unwrap_or_default());
        for (typed, date) in &self.a.fields.approved_by {
            if let Ok(role) = self.o.policy.role(typed) {
                e.approvals.insert(role, date.unwrap_or(self.ctx.today));
            }
        }
        e
    }

    /// Builds the entry, shows what recording it does, and asks whether to.
    fn judge(&mut self) -> Result<Next, Halt> {
        let ctx = self.ctx;
        let (id, p) = match add::propose(ctx, &self.a, self.o) {
            Ok(x) => x,
            Err(e) => {
                report_error(&e.to_string(), e.hint.as_deref());
                return Ok(Next::Change);
            }
        };
        if !self.a.force
            && let Some((message, hint, choices)) = add::belongs_nowhere(self.o, &p.after, id)
        {
            report_error(&message, Some(&hint));
            for line in choices {
                eprintln!("{line}");
            }
            return Ok(Next::Change);
        }
        let done = add::recorded(ctx, id);
        let how = How {
            dry_run: self.a.dry_run,
            force: self.a.force,
            format: self.a.format.into(),
        };
        if how.dry_run {
            // Exactly what `add --dry-run` with these answers as flags does.
            return record::record(ctx, self.o, p, how, &done)
                .map(Next::Done)
                .map_err(Halt::Failed);
        }
        let c = Consequences::of(ctx, self.o, &p);
        let r = c.recorded(ctx, self.o, &p);
        ignore_broken_pipe(show(how.format, |out| {
            render::recorded(out, &r, how.format)
        }))
        .map_err(Halt::Failed)?;
        let refused = record::refusal(&r, p.decision).is_some() && !how.force;
        let question = if refused {
            let why = render::record::before_writing(&r).unwrap_or_default();
            crate::diag::report_warning(
                &why,
                Some(crate::msg!(
                    "svara nej för att ändra ett svar, eller ja för att föra in den ändå (som --force)",
                    "answer no to change an answer, or yes to record it anyway (as --force does)"
                )),
            );
            crate::msg!("För in posten ändå?", "Record the entry anyway?")
        } else {
            crate::msg!("För in posten?", "Record the entry?")
        };
        if !ask::yes_no(question, !refused, None)? {
            return Ok(Next::Change);
        }
        let _lock = super::lock_ledger(&ctx.ledger_path).map_err(Halt::Failed)?;
        record::write(ctx, self.o, &p.record, &r, &done)
            .map(Next::Done)
            .map_err(Halt::Failed)
    }

    /// Which answer to change, with the answer it was; or stop.
    fn which_to_change(&self) -> Result<(Question, String), Halt> {
        let mut options: Vec<Option<usize>> = (0..self.answered.len()).map(Some).collect();
        options.push(None);
        let label = |o: &Option<usize>| match o {
            Some(i) => {
                let (q, was) = &self.answered[*i];
                crate::msg!(
                    "Ändra {}: {}",
                    "Change {}: {}",
                    self.name(q),
                    if was.is_empty() { "–" } else { was }
                )
            }
            None => crate::msg!("Avbryt, för inte in något", "Stop, record nothing").to_string(),
        };
        let picked = ask::choose(
            crate::msg!("Vad vill du göra?", "What now?"),
            &options,
            label,
            |o, typed| {
                crate::ledger::words::normalise(&label(o))
                    .contains(&crate::ledger::words::normalise(typed))
            },
            0,
        )?;
        match picked {
            Some(i) => Ok(self.answered[i].clone()),
            None => Err(Halt::Cancelled),
        }
    }

    /// Forgets the answer to `q`, so that it is asked again.
    fn forget(&mut self, q: &Question) {
        self.answered.retain(|(a, _)| a != q);
        match q {
            Question::Kind => self.a.kind = None,
            Question::Date => self.a.date = None,
            Question::Amount => self.a.amount = None,
            Question::Description => self.a.description = None,
            Question::For => self.a.fields.for_entry = None,
            Question::Field(f) => questions::clear(&mut self.a.fields, *f),
            Question::Approval(role) => {
                let policy = &self.o.policy;
                self.a
                    .fields
                    .approved_by
                    .retain(|(typed, _)| policy.role(typed).as_ref() != Ok(role));
            }
        }
    }

    /// Forgets the answers a change made beside the point (a hotel's distance
    /// once it is a train ticket), so that they are not recorded.
    fn prune(&mut self) {
        let n = self.a.kind.map(|k| needs(&self.o.policy, k));
        let stale: Vec<Question> = self
            .answered
            .iter()
            .map(|(q, _)| q.clone())
            .filter(|q| !self.relevant(q, n.as_ref()))
            .collect();
        for q in stale {
            self.forget(&q);
        }
    }

    /// The entry `id` of the ledger.
    fn entry(&self, id: u32) -> Option<&Entry> {
        self.eff.entries.iter().find(|e| e.id == id)
    }

    /// The first day of the entry `for` names, to offer as the date.
    fn parent_date(&self) -> Option<NaiveDate> {
        self.a
            .fields
            .for_entry
            .and_then(|id| self.entry(id))
            .map(|e| e.date)
    }

    /// The role as the policy and people name it.
    fn role_name(&self, role: &Role) -> String {
        render::role_word(&self.o.policy, role, self.ctx.lang).to_string()
    }
}
