//! What a ledger's records added since the register last saw it change of what
//! the director saw then (docs/audit-register.md, "Changes since the last
//! audit"): an amendment of an entry seen then (its amount, date, status, an
//! approval, an approval dated before that audit), a trainee change (a later
//! certificate, another unit), a service period that starts before that audit.
//! Each is a warning naming the record, so that an "extended" history is never
//! a quiet one. New entries are new, not changes.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::AuditFinding;
use crate::ledger::{Ledger, Record, seal};
use crate::policy::Severity;

/// The findings for the records of `l` after the first `seen` of its chain
/// (the trainee is record 0), last audited on `last`. `name(k)` names chain
/// record `k` with its line.
pub fn since(
    l: &Ledger,
    seen: usize,
    last: NaiveDate,
    name: &dyn Fn(usize) -> String,
) -> Vec<AuditFinding> {
    // Chain record k (from 1) is the k-th record of the file after the trainee.
    let records: Vec<Record> = l
        .records
        .iter()
        .copied()
        .filter(|r| *r != Record::Trainee)
        .collect();
    let before = seen.saturating_sub(1).min(records.len());
    let seen_entries: HashSet<u32> = records[..before]
        .iter()
        .filter_map(|r| match *r {
            Record::Entry(i) => Some(l.entries[i].id),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (k, &record) in records.iter().enumerate().skip(before) {
        let (entry, what) = match record {
            Record::Amendment(i) if seen_entries.contains(&l.amendments[i].entry) => {
                let a = &l.amendments[i];
                let mut what = crate::msg!(
                    "ändrar post {}, som granskningen såg",
                    "changes entry {}, seen at that audit",
                    a.entry
                );
                for (role, day) in a.fields.approvals.iter().filter(|(_, d)| **d <= last) {
                    what.push_str(&crate::msg!(
                        "; godkännandet av {} är daterat {}, före den granskningen",
                        "; the approval by {} is dated {}, before that audit",
                        role,
                        day
                    ));
                }
                (Some(a.entry), what)
            }
            Record::TraineeChange(_) => (
                None,
                crate::msg!(
                    "ändrar ST-läkarens uppgifter som granskningen såg",
                    "changes the trainee data seen at that audit",
                )
                .to_string(),
            ),
            Record::Service(i) if l.services[i].from <= last => (
                None,
                crate::msg!(
                    "ändrar tjänstgöringen från {}, före den granskningen",
                    "changes the service from {}, before that audit",
                    l.services[i].from
                ),
            ),
            _ => continue,
        };
        let stated = seal::stated_fields(l, record).join(", ");
        out.push(AuditFinding::integrity(
            entry,
            "changed-since-audit",
            Severity::Warning,
            crate::msg!(
                "{record}, tillagd efter granskningen {last}, {what}: {stated}",
                "{record}, added after the audit of {last}, {what}: {stated}",
                record = name(k + 1),
                last = last,
                what = what,
                stated = stated
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "format = 1\nuid = \"u\"\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n\n[[service]]\nfrom = 2024-01-08\npercent = 100\n\n[[entry]]\nid = 1\ndate = 2024-02-12\nkind = \"course\"\ndescription = \"K\"\namount = \"4500.00\"\n";

    fn rules(text: &str, seen: usize) -> Vec<(Option<u32>, String)> {
        let l = crate::ledger::parse("t.toml", text).expect("parses");
        let last = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        since(&l, seen, last, &|k| format!("#{k}"))
            .into_iter()
            .map(|f| (f.entry, f.message))
            .collect()
    }

    #[test]
    fn amendments_of_seen_entries_and_trainee_changes_are_named() {
        let later = format!(
            "{LEDGER}\n[[entry]]\nid = 2\ndate = 2026-05-01\nkind = \"course\"\ndescription = \"New\"\namount = \"100\"\n\n[[amendment]]\nentry = 1\namount = \"450.00\"\napprovals = {{ handledare = 2024-01-10 }}\n\n[[amendment]]\nentry = 2\nstatus = \"booked\"\n\n[[trainee_change]]\ncertificate = 2030-01-01\n\n[[service]]\nfrom = 2025-01-01\npercent = 50\n"
        );
        // Seen: the trainee, the service and entry 1.
        let found = rules(&later, 3);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].0, Some(1));
        assert_eq!(
            found[0].1,
            "#4, added after the audit of 2026-03-01, changes entry 1, seen at that audit; the approval by handledare is dated 2024-01-10, before that audit: amount=450.00, approvals.handledare=2024-01-10"
        );
        assert!(found[1].1.starts_with("#6, added after the audit of 2026-03-01, changes the trainee data seen at that audit: certificate=2030-01-01"));
        assert!(found[2].1.contains(
            "changes the service from 2025-01-01, before that audit: from=2025-01-01, percent=50"
        ));
        // Nothing appended, nothing to say.
        assert!(rules(LEDGER, 3).is_empty());
    }
}
