//! Mandatory course subjects (the seed's "prioritera de obligatoriska
//! kurserna", as a region lists them): for each subject the policy
//! lists, whether a course of the ledger has covered it, is planned to, or
//! none does. Who pays does not matter here: a course taken covers its
//! subject whether or not the budget paid for it.

use chrono::NaiveDate;

use super::{EntryResult, Finding, Note, Verdict, Written};
use crate::ledger::{Entry, Status};
use crate::policy::Policy;
use crate::policy::Severity;

/// Where a subject stands as of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Progress {
    /// No course covers it, done or planned.
    Missing,
    /// A course dated after the day covers it.
    Planned,
    /// A course attended, or over by the day, covers it.
    Done,
}

impl Progress {
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Missing => "missing",
            Progress::Planned => "planned",
            Progress::Done => "done",
        }
    }
}

/// One listed subject: where it stands and the entries that cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectResult {
    /// Into the policy's `subjects`.
    pub index: usize,
    pub progress: Progress,
    pub entries: Vec<u32>,
}

/// Every subject the policy lists, in its order. An entry that was cancelled,
/// missed or excused covers nothing.
pub fn progress<'a>(
    policy: &Policy,
    entries: impl Iterator<Item = &'a Entry> + Clone,
    as_of: NaiveDate,
) -> Vec<SubjectResult> {
    policy
        .subjects
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut r = SubjectResult {
                index,
                progress: Progress::Missing,
                entries: Vec::new(),
            };
            for e in entries.clone() {
                if e.subject() != Some(s.id.as_str()) || !covers(e.status) {
                    continue;
                }
                let p = if e.status == Status::Attended || e.last_day() <= as_of {
                    Progress::Done
                } else {
                    Progress::Planned
                };
                r.progress = r.progress.max(p);
                r.entries.push(e.id);
            }
            r
        })
        .collect()
}

fn covers(s: Status) -> bool {
    matches!(s, Status::Planned | Status::Booked | Status::Attended)
}

/// How many subjects are done and planned, and which are missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub planned: usize,
    /// Indices into the policy's `subjects`, in its order.
    pub missing: Vec<usize>,
}

impl Tally {
    pub fn of(results: &[SubjectResult]) -> Tally {
        let mut t = Tally::default();
        for s in results {
            match s.progress {
                Progress::Done => t.done += 1,
                Progress::Planned => t.planned += 1,
                Progress::Missing => t.missing.push(s.index),
            }
        }
        t
    }

    /// How many subjects there are in all.
    pub fn total(&self) -> usize {
        self.done + self.planned + self.missing.len()
    }
}

/// A warning on each entry naming a subject the policy does not list: it
/// covers nothing, which its trainee should know (a misspelt id, or a policy
/// that lists none). The finding stands under the main budget's rule, as the
/// ledger's own findings do.
pub(super) fn unknown(policy: &Policy, entries: &[Entry], results: &mut [EntryResult]) {
    for r in results {
        let Some(id) = entries[r.index()].subject() else {
            continue;
        };
        if policy.subjects.iter().any(|s| s.id == id) {
            continue;
        }
        r.findings.push(Finding::new(
            policy.budget_index,
            Severity::Warning,
            Some(r.id),
            Note::UnknownSubject(Box::new(Written(id.into()))),
        ));
        r.verdict = Verdict::of(&r.findings);
    }
}
