//! What recording something changes: two evaluations of the same ledger,
//! before and after, compared entry by entry and period by period. The one
//! place a consequence is computed; commands show it, never work it out.

use super::result::{Evaluation, Payers, PeriodResult, Verdict};
use crate::money::Amount;

/// Where an entry stands: who pays, and the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub payers: Payers,
    pub verdict: Verdict,
}

/// An entry whose payers or verdict differ; `None` where it was not judged
/// (a new entry before, or one left out after).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryChange {
    pub id: u32,
    pub before: Option<Standing>,
    pub after: Option<Standing>,
}

impl EntryChange {
    /// The entry is an error now and was not before.
    pub fn becomes_error(&self) -> bool {
        self.after.is_some_and(|a| a.verdict == Verdict::Error)
            && self.before.is_none_or(|b| b.verdict != Verdict::Error)
    }
}

/// A period whose budget or charge differs, matched by its first day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodChange {
    pub label: String,
    pub before: Option<PeriodFigures>,
    pub after: Option<PeriodFigures>,
}

/// A period's three figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodFigures {
    pub budget: Amount,
    pub charged: Amount,
    pub remaining: Amount,
}

impl PeriodFigures {
    fn of(p: &PeriodResult) -> PeriodFigures {
        PeriodFigures {
            budget: p.budget,
            charged: p.charged,
            remaining: p.remaining,
        }
    }
}

/// Everything that differs between two evaluations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the order of the later evaluation (date order), then entries that
    /// are gone.
    pub entries: Vec<EntryChange>,
    pub periods: Vec<PeriodChange>,
}

impl Changes {
    pub fn entry(&self, id: u32) -> Option<&EntryChange> {
        self.entries.iter().find(|c| c.id == id)
    }
}

/// What differs between `before` and `after`.
pub fn changes(before: &Evaluation, after: &Evaluation) -> Changes {
    let standing = |e: &super::EntryResult| Standing {
        payers: e.payers(),
        verdict: e.verdict,
    };
    let was: std::collections::HashMap<u32, Standing> =
        before.entries.iter().map(|e| (e.id, standing(e))).collect();
    let mut entries: Vec<EntryChange> = after
        .entries
        .iter()
        .map(|e| EntryChange {
            id: e.id,
            before: was.get(&e.id).copied(),
            after: Some(standing(e)),
        })
        .filter(|c| c.before != c.after)
        .collect();
    entries.extend(
        before
            .entries
            .iter()
            .filter(|e| after.entry(e.id).is_none())
            .map(|e| EntryChange {
                id: e.id,
                before: Some(standing(e)),
                after: None,
            }),
    );
    let figures =
        |ps: &[PeriodResult], from| ps.iter().find(|p| p.from == from).map(PeriodFigures::of);
    let mut periods: Vec<PeriodChange> = Vec::new();
    for p in after.periods.iter().chain(&before.periods) {
        if periods.iter().any(|c| c.label == p.label) {
            continue;
        }
        let (b, a) = (
            figures(&before.periods, p.from),
            figures(&after.periods, p.from),
        );
        if b != a {
            periods.push(PeriodChange {
                label: p.label.clone(),
                before: b,
                after: a,
            });
        }
    }
    Changes { entries, periods }
}
