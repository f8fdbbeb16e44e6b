//! What a ledger's records added since the register last saw it change of what
//! the director saw then (docs/audit-register.md, "Changes since the last
//! audit"): an amendment of an entry seen then (its amount, date, status, an
//! approval, an approval dated before that audit), a trainee change (a later
//! certificate, another unit), a service period that starts before that audit.
//! Each is a warning naming the record, so that an "extended" history is never
//! a quiet one. New entries are new, not changes.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::finding::{Change, Finding, Integrity, RecordName};
use crate::ledger::{Ledger, Record, seal};
use crate::policy::Severity;

/// The findings for the records of `l` after the first `seen` of its chain
/// (the trainee is record 0), last audited on `last`. `name(k)` names chain
/// record `k` with its line.
pub fn since(
    l: &Ledger,
    seen: usize,
    last: NaiveDate,
    name: &dyn Fn(usize) -> RecordName,
) -> Vec<Finding> {
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
            Record::Entry(i) => Some(l.entries[i as usize].id),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (k, &record) in records.iter().enumerate().skip(before) {
        let (entry, change) = match record {
            Record::Amendment(i) if seen_entries.contains(&l.amendments[i as usize].entry) => {
                let a = &l.amendments[i as usize];
                let backdated = a
                    .fields()
                    .approvals
                    .iter()
                    .filter(|(_, d)| **d <= last)
                    .map(|(role, day)| (role.to_string(), *day))
                    .collect();
                (
                    Some(a.entry),
                    Change::Entry {
                        id: a.entry,
                        backdated,
                    },
                )
            }
            Record::TraineeChange(_) => (None, Change::Trainee),
            Record::Service(i) if l.services[i as usize].from <= last => (
                None,
                Change::Service {
                    from: l.services[i as usize].from,
                },
            ),
            _ => continue,
        };
        out.push(Finding::integrity(
            entry,
            Severity::Warning,
            Integrity::ChangedSinceAudit {
                record: name(k + 1),
                last,
                change,
                stated: seal::stated_fields(l, record),
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "format = 1\nuid = \"u\"\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n\n[[service]]\nfrom = 2024-01-08\npercent = 100\n\n[[entry]]\nid = 1\ndate = 2024-02-12\nkind = \"course\"\ndescription = \"K\"\namount = \"4500.00\"\n";

    fn rules(text: &str, seen: usize) -> Vec<(Option<u32>, Integrity)> {
        let l = crate::ledger::parse("t.toml", text).expect("parses");
        let last = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let name = |k: usize| RecordName::Sealed(format!("#{k}"));
        since(&l, seen, last, &name)
            .into_iter()
            .map(|f| match f.what {
                crate::audit::What::Integrity(i) => (i.entry, i.what),
                other => panic!("not about integrity: {other:?}"),
            })
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
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let changed =
            |record: &str, change: Change, stated: &[&str]| Integrity::ChangedSinceAudit {
                record: RecordName::Sealed(record.to_string()),
                last: day(2026, 3, 1),
                change,
                stated: stated.iter().map(|s| s.to_string()).collect(),
            };
        assert_eq!(found[0].0, Some(1));
        assert_eq!(
            found[0].1,
            changed(
                "#4",
                Change::Entry {
                    id: 1,
                    backdated: vec![("handledare".to_string(), day(2024, 1, 10))]
                },
                &["amount=450.00", "approvals.handledare=2024-01-10"]
            )
        );
        assert_eq!(
            found[1].1,
            changed("#6", Change::Trainee, &["certificate=2030-01-01"])
        );
        assert_eq!(
            found[2].1,
            changed(
                "#7",
                Change::Service {
                    from: day(2025, 1, 1)
                },
                &["from=2025-01-01", "percent=50"]
            )
        );
        // Nothing appended, nothing to say.
        assert!(rules(LEDGER, 3).is_empty());
    }
}
