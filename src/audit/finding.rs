//! What the audit finds, as data: what happened and what it names (which
//! record, which earlier audit, which other files). Nothing here is in a
//! language: `render::audit::words` says it in Swedish or English, as
//! `render::finding` does for the engine's findings.

use chrono::NaiveDate;

use crate::engine;
use crate::ledger::seal::Label;
use crate::policy::{Policy, Severity};

/// A finding of the audit: a rule of the director's policy, or about the
/// ledger's integrity or the policy it is judged by. The entry it names and
/// its severity are read from what it is ([`Finding::entry`],
/// [`Finding::severity`]): a finding by rule holds them already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub what: What,
}

/// What a finding is about. Compact (24 bytes, as the engine's finding): a
/// large ledger's audit holds hundreds of thousands of findings by rule, and
/// only a few of the others, which are large and boxed apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A rule of the policy the ledger was judged by: the engine's finding.
    Rule(engine::Finding),
    /// The ledger's seal, identity or history (`ref = "integrity"`).
    Integrity(Box<Flagged>),
    /// The policy the ledger is judged by (`ref = "policy"`; an error about
    /// the whole ledger).
    Policy(Box<PolicyProblem>),
}

/// A problem with a ledger's integrity, with the entry it names and how
/// serious it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub entry: Option<u32>,
    pub severity: Severity,
    pub what: Integrity,
}

/// A record of a ledger as a person finds it: `entry 7 (line 42)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordName {
    /// A record of the file, with its line (none for the `[trainee]` data).
    InFile { label: Label, line: Option<usize> },
    /// A record the seal names that the file no longer has, as the seal names it.
    Sealed(String),
}

/// Other files of this audit a finding names: the first few, of `total`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Others {
    pub paths: Vec<String>,
    pub total: usize,
}

/// What an earlier audit (the register) saw of a ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The ledger's uid as the register has it.
    pub uid: String,
    pub records: usize,
    pub last_seen: NaiveDate,
}

/// A problem with a ledger's seal, identity or history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// No `[seal]`.
    Unsealed,
    /// The seal no longer matches: the first record it names, and the seal's
    /// own account of why (worded by `ledger::seal`).
    Broken {
        record: Option<RecordName>,
        why: String,
    },
    /// A record among those an earlier audit saw is not what it saw: record
    /// `number` (1-based) of the `seen.records`.
    Rewritten {
        record: RecordName,
        number: usize,
        seen: Seen,
    },
    /// The export has `records`, fewer than an earlier audit saw: the rest was
    /// removed.
    Removed { records: usize, seen: Seen },
    /// The register knows this trainee under another ledger (`seen`).
    FreshLedger {
        name: String,
        id: Option<String>,
        seen: Seen,
        /// This ledger's uid.
        uid: Option<String>,
    },
    /// A sealed ledger without a uid.
    MissingUid,
    /// The same ledger (uid) is in other files of this audit.
    DuplicateUid { uid: String, others: Others },
    /// The same trainee, another ledger, in other files of this audit.
    DuplicateTrainee {
        name: String,
        id: Option<String>,
        others: Others,
    },
    /// The same name with another id in other files of this audit.
    PossibleDuplicate { others: Others },
    /// The same name with another id in the register.
    KnownNamesake {
        name: String,
        id: Option<String>,
        uid: String,
    },
    /// The two readings of the ledger disagree on who it belongs to.
    UnclearIdentity,
    /// A record added since the last audit changes what that audit saw.
    ChangedSinceAudit {
        record: RecordName,
        last: NaiveDate,
        change: Change,
        /// The fields the record states, `key=value`.
        stated: Vec<String>,
    },
}

/// What a record added since the last audit changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// An entry seen then; approvals dated on or before that audit.
    Entry {
        id: u32,
        backdated: Vec<(String, NaiveDate)>,
    },
    /// The trainee data seen then.
    Trainee,
    /// The service, from a day on or before that audit.
    Service { from: NaiveDate },
}

/// A problem with the policy a ledger is judged by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyProblem {
    /// The policy the ledger names is not among the director's: why, as the
    /// catalogue says it.
    Unknown { why: String },
    /// The director pinned another policy than the one the ledger names.
    Mismatch {
        named: String,
        judged_by: String,
        pinned_by: String,
    },
    /// The director's map names no policy for this ledger.
    Unmapped { map: String },
}

impl Integrity {
    /// The stable `rule` of the finding.
    pub fn rule(&self) -> &'static str {
        match self {
            Integrity::Unsealed => "unsealed",
            Integrity::Broken { .. } => "broken",
            Integrity::Rewritten { .. } | Integrity::Removed { .. } => "rewritten",
            Integrity::FreshLedger { .. } => "fresh-ledger",
            Integrity::MissingUid => "missing-uid",
            Integrity::DuplicateUid { .. } => "duplicate-uid",
            Integrity::DuplicateTrainee { .. } => "duplicate-trainee",
            Integrity::PossibleDuplicate { .. } | Integrity::KnownNamesake { .. } => {
                "possible-duplicate"
            }
            Integrity::UnclearIdentity => "unclear-identity",
            Integrity::ChangedSinceAudit { .. } => "changed-since-audit",
        }
    }
}

impl PolicyProblem {
    /// The stable `rule` of the finding.
    pub fn rule(&self) -> &'static str {
        match self {
            PolicyProblem::Unknown { .. } => "policy",
            PolicyProblem::Mismatch { .. } => "policy-mismatch",
            PolicyProblem::Unmapped { .. } => "policy-unmapped",
        }
    }
}

impl Finding {
    pub(crate) fn integrity(entry: Option<u32>, severity: Severity, what: Integrity) -> Finding {
        Finding {
            what: What::Integrity(Box::new(Flagged {
                entry,
                severity,
                what,
            })),
        }
    }

    pub(crate) fn policy(what: PolicyProblem) -> Finding {
        Finding {
            what: What::Policy(Box::new(what)),
        }
    }

    /// The engine's finding by a rule of the policy.
    pub(crate) fn of_rule(f: engine::Finding) -> Finding {
        Finding {
            what: What::Rule(f),
        }
    }

    /// The entry it is about; `None` for the ledger as a whole.
    pub fn entry(&self) -> Option<u32> {
        match &self.what {
            What::Rule(f) => f.entry(),
            What::Integrity(i) => i.entry,
            What::Policy(_) => None,
        }
    }

    pub fn severity(&self) -> Severity {
        match &self.what {
            What::Rule(f) => f.severity(),
            What::Integrity(i) => i.severity,
            What::Policy(_) => Severity::Error,
        }
    }

    /// The stable id of the rule: the policy's own for a rule's finding.
    /// `policy` is the one the ledger was judged by.
    pub fn rule<'a>(&'a self, policy: Option<&'a Policy>) -> &'a str {
        match &self.what {
            What::Rule(f) => policy.map_or("?", |p| p.rules[f.rule()].id.as_str()),
            What::Integrity(i) => i.what.rule(),
            What::Policy(p) => p.rule(),
        }
    }

    /// The reference: the DOMAIN rule id (`K3`), or `integrity`, `policy`.
    pub fn reference<'a>(&'a self, policy: Option<&'a Policy>) -> &'a str {
        match &self.what {
            What::Rule(f) => policy.map_or("?", |p| p.rules[f.rule()].reference.as_str()),
            What::Integrity(_) => "integrity",
            What::Policy(_) => "policy",
        }
    }

    /// Whether it is about the ledger's integrity or identity.
    pub fn is_integrity(&self) -> bool {
        matches!(self.what, What::Integrity(_))
    }
}

#[cfg(test)]
mod tests {
    /// An audit's finding stays compact: a ledger of the largest size can have
    /// 400 000 findings by rule, each held until it is written.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_finding_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<super::Finding>(), 24);
    }
}
