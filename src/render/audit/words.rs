//! The audit's findings in words (`audit::Finding` is data): which trainee,
//! which file, which earlier audit, what changed, in the language chosen. The
//! hashes and uids a director does not read are kept apart, as `details`: JSON,
//! CSV, the workbook and `--details` show them, the table and the page do not.
//!
//! Nothing here sanitises: the words go to files and pipes as the ledgers say
//! them; what goes to a terminal is sanitised where it is printed.

use crate::audit::register::Known;
use crate::audit::{Change, Finding, Integrity, Others, PolicyProblem, RecordName, What};
use crate::i18n::Lang;
use crate::policy::{Policy, Severity};
use std::borrow::Cow;

/// A finding as every output shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFinding<'a> {
    pub entry: Option<u32>,
    /// The stable rule id: the policy's, or the audit's own (`duplicate-uid`, …).
    pub rule: Cow<'a, str>,
    /// The DOMAIN ref (`K3`), or `integrity`, `policy`.
    pub reference: Cow<'a, str>,
    /// The policy rule's title in the language chosen, which tells two rules
    /// of one ref apart in words; none for the audit's own findings, whose
    /// ref and message say what they are.
    pub title: Option<Cow<'a, str>>,
    pub severity: Severity,
    pub message: String,
    /// Uids and the like, for scripts and `--details`.
    pub details: Option<String>,
}

/// A finding in words; `policy` is the one the ledger was judged by. Its id,
/// ref and title are borrowed from the finding and the policy: only what is
/// worded for it is made (an audit words every finding it shows).
pub fn word<'a>(f: &'a Finding, policy: Option<&'a Policy>, lang: Lang) -> AuditFinding<'a> {
    let title = match (&f.what, policy) {
        (What::Rule(r), Some(p)) => Some(Cow::Borrowed(p.rules[r.rule()].title.get(lang))),
        _ => None,
    };
    let (message, details) = match (&f.what, policy) {
        (What::Rule(r), Some(p)) => (crate::render::finding::message(r, p, lang), None),
        (What::Rule(_), None) => (String::new(), None),
        (What::Integrity(i), _) => integrity(&i.what, lang),
        (What::Policy(p), _) => (policy_words(p, lang), None),
    };
    AuditFinding {
        entry: f.entry(),
        rule: Cow::Borrowed(f.rule(policy)),
        reference: Cow::Borrowed(f.reference(policy)),
        title,
        severity: f.severity(),
        message,
        details,
    }
}

/// The names of the mandatory subjects at `indices`, in the language, joined
/// by semicolons (a name may hold a comma: "BVC, barnmedicin").
pub fn subject_names(policy: &Policy, indices: &[usize], lang: Lang) -> String {
    let names: Vec<&str> = indices
        .iter()
        .map(|&i| policy.subjects[i].name.get(lang))
        .collect();
    names.join("; ")
}

/// "3 obligatoriska kursämnen saknas (…), specialistbevis 2027-02-28": the
/// subjects a trainee near the end of the programme still misses
/// ([`crate::audit::Audited::subjects_due`]), in the policy's own word for the
/// end date.
pub fn subjects_due(
    a: &crate::audit::Audited<'_>,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Option<String> {
    let ((missing, end), policy) = a.subjects_due(today).zip(a.judged_by)?;
    let names = subject_names(policy, missing, lang);
    let count = match missing.len() {
        1 => crate::msg!(lang =>
            "1 obligatoriskt kursämne saknas",
            "1 mandatory subject missing"
        )
        .to_string(),
        n => crate::msg!(lang =>
            "{} obligatoriska kursämnen saknas",
            "{} mandatory subjects missing",
            n
        ),
    };
    Some(format!(
        "{count} ({names}), {} {end}",
        policy.end_name.get(lang)
    ))
}

/// `Anna Lindqvist (KRO-1)`.
pub fn who(name: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{name} ({id})"),
        None => name.to_string(),
    }
}

/// `entry 7 (line 42)`.
pub fn record_name(r: &RecordName, lang: Lang) -> String {
    match r {
        RecordName::InFile { label, line: None } => label.words(lang),
        RecordName::InFile {
            label,
            line: Some(n),
        } => crate::msg!(lang => "{} (rad {})", "{} (line {})", label.words(lang), n),
        RecordName::Sealed(s) => s.clone(),
    }
}

/// `a.toml, b.toml and 4 more`.
fn others(o: &Others, lang: Lang) -> String {
    let mut s = o.paths.join(", ");
    let more = o.total.saturating_sub(o.paths.len());
    if more > 0 {
        s.push_str(&crate::msg!(lang => " och {} till", " and {} more", more));
    }
    s
}

/// The message and the details of a problem with integrity or identity.
fn integrity(i: &Integrity, lang: Lang) -> (String, Option<String>) {
    let uid = |u: &str| Some(format!("uid {u}"));
    match i {
        Integrity::Unsealed => (
            crate::msg!(lang =>
                "liggaren saknar försegling: skriven för hand eller aldrig exporterad (`st-budget export`)",
                "the ledger has no seal: written by hand or never exported (`st-budget export`)",
            )
            .to_string(),
            None,
        ),
        Integrity::Broken { record, why } => {
            // The seal names the record without its line; the audit knows the line.
            let why = match record {
                Some(r @ RecordName::InFile { label, .. }) => {
                    why.replacen(&label.to_string(), &record_name(r, lang), 1)
                }
                _ => why.clone(),
            };
            (
                crate::msg!(lang => "förseglingen är bruten: {}", "the seal is broken: {}", why),
                None,
            )
        }
        Integrity::Rewritten {
            record,
            number,
            seen,
        } => (
            crate::msg!(lang =>
                "historiken är omskriven efter granskningen {last}: {record} är inte vad den granskningen såg (post {number} av de {records} den såg)",
                "the history was rewritten after the audit of {last}: {record} is not what that audit saw (record {number} of the {records} it saw)",
                last = seen.last_seen,
                record = record_name(record, lang),
                number = number,
                records = seen.records
            ),
            uid(&seen.uid),
        ),
        Integrity::Removed { records, seen } => (
            crate::msg!(lang =>
                "exporten har {n} poster men granskningen {last} såg {m}: post {next} och framåt har tagits bort",
                "the export has {n} records but the audit of {last} saw {m}: record {next} and after were removed",
                n = records,
                last = seen.last_seen,
                m = seen.records,
                next = records + 1
            ),
            uid(&seen.uid),
        ),
        Integrity::FreshLedger {
            name,
            id,
            seen,
            uid: this,
        } => (
            crate::msg!(lang =>
                "{who} är känd i registret med en annan liggare, senast granskad {last} med {records} poster: det här är en ny liggare, som inte fortsätter den",
                "{who} is known to the register under another ledger, last audited on {last} with {records} records: this is a fresh ledger, which does not continue it",
                who = who(name, id.as_deref()),
                last = seen.last_seen,
                records = seen.records
            ),
            Some(crate::msg!(lang =>
                "registrets liggare: uid {known}; den här: uid {this}",
                "the register's ledger: uid {known}; this one: uid {this}",
                known = seen.uid,
                this = this.as_deref().unwrap_or("–")
            )),
        ),
        Integrity::ChangedSinceAudit {
            record,
            last,
            change,
            stated,
        } => (
            crate::msg!(lang =>
                "{record}, tillagd efter granskningen {last}, {what}: {stated}",
                "{record}, added after the audit of {last}, {what}: {stated}",
                record = record_name(record, lang),
                last = last,
                what = change_words(change, lang),
                stated = stated.join(", ")
            ),
            None,
        ),
        _ => identity(i, lang),
    }
}

/// The message and the details of a problem with who a ledger belongs to.
fn identity(i: &Integrity, lang: Lang) -> (String, Option<String>) {
    let uid = |u: &str| Some(format!("uid {u}"));
    match i {
        Integrity::MissingUid => (
            crate::msg!(lang =>
                "den förseglade liggaren saknar `uid`: den kan inte följas från granskning till granskning (en export skriver alltid en uid; någon har tagit bort den)",
                "the sealed ledger has no `uid`: it cannot be followed from audit to audit (an export always writes one; it was removed)",
            )
            .to_string(),
            None,
        ),
        Integrity::DuplicateUid { uid: u, others: o } => (
            crate::msg!(lang =>
                "samma liggare finns också i {}: vilken är den som gäller?",
                "the same ledger is also in {}: which one holds?",
                others(o, lang)
            ),
            uid(u),
        ),
        Integrity::DuplicateTrainee { name, id, others: o } => (
            crate::msg!(lang =>
                "samma ST-läkare, {who}, har en annan liggare i den här granskningen: {others}; vilken är den som gäller?",
                "the same trainee, {who}, has another ledger in this audit: {others}; which one holds?",
                who = who(name, id.as_deref()),
                others = others(o, lang)
            ),
            None,
        ),
        Integrity::PossibleDuplicate { others: o } => (
            crate::msg!(lang =>
                "möjlig dubblett: samma namn men ett annat id i {}",
                "possible duplicate: the same name with another id in {}",
                others(o, lang)
            ),
            None,
        ),
        Integrity::KnownNamesake { name, id, uid: u } => (
            crate::msg!(lang =>
                "möjlig dubblett: registret känner {} med ett annat id ({})",
                "possible duplicate: the register knows {} with another id ({})",
                name,
                id.as_deref().unwrap_or("–")
            ),
            uid(u),
        ),
        Integrity::UnclearIdentity => (
            crate::msg!(lang =>
                "liggaren anger sin ST-läkare på ett sätt vid en snabb läsning och på ett annat vid en fullständig: den kan inte jämföras med de andra",
                "the ledger names its trainee one way to a quick reading and another way to a full one: it cannot be compared with the others",
            )
            .to_string(),
            None,
        ),
        _ => (String::new(), None),
    }
}

/// What a record added since an audit changes of what it saw.
fn change_words(c: &Change, lang: Lang) -> String {
    match c {
        Change::Entry { id, backdated } => {
            let mut what = crate::msg!(lang =>
                "ändrar post {}, som granskningen såg",
                "changes entry {}, seen at that audit",
                id
            );
            for (role, day) in backdated {
                what.push_str(&crate::msg!(lang =>
                    "; godkännandet av {} är daterat {}, före den granskningen",
                    "; the approval by {} is dated {}, before that audit",
                    role,
                    day
                ));
            }
            what
        }
        Change::Trainee => crate::msg!(lang =>
            "ändrar ST-läkarens uppgifter som granskningen såg",
            "changes the trainee data seen at that audit",
        )
        .to_string(),
        Change::Service { from } => crate::msg!(lang =>
            "ändrar tjänstgöringen från {}, före den granskningen",
            "changes the service from {}, before that audit",
            from
        ),
    }
}

fn policy_words(p: &PolicyProblem, lang: Lang) -> String {
    match p {
        PolicyProblem::Unknown { why } => crate::msg!(lang =>
            "{}: liggaren kan inte bedömas (--policy-dir MAPP lägger till regelverk)",
            "{}: the ledger cannot be judged (--policy-dir DIR adds policies)",
            why
        ),
        PolicyProblem::Mismatch {
            named,
            judged_by,
            pinned_by,
        } => crate::msg!(lang =>
            "liggaren anger regelverket {:?}, men studierektorn bedömer den med {:?}, fastställt av {}",
            "the ledger names policy {:?}, but the director judges it by {:?}, as pinned by {}",
            named,
            judged_by,
            pinned_by
        ),
        PolicyProblem::Unmapped { map } => crate::msg!(lang =>
            "{} anger inget regelverk för den här liggaren, och inget --policy är givet: liggaren kan inte bedömas",
            "{} names no policy for this ledger, and no --policy is given: the ledger cannot be judged",
            map
        ),
    }
}

/// A ledger the register knows that this inbox lacks: the message and the details.
pub fn missing(k: &Known, lang: Lang) -> (String, String) {
    (
        crate::msg!(lang =>
            "känd liggare saknas i den här inkorgen: {}, senast granskad {}",
            "known ledger missing from this inbox: {}, last audited {}",
            crate::i18n::count(
                k.records,
                crate::msg!(lang => "post sedd", "record seen"),
                crate::msg!(lang => "poster sedda", "records seen")
            ),
            k.last_seen
        ),
        format!("uid {}", k.uid),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::seal::Label;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn words(i: Integrity, lang: Lang) -> (String, Option<String>) {
        let f = Finding::integrity(None, Severity::Warning, i);
        let w = word(&f, None, lang);
        assert_eq!(w.reference, "integrity");
        (w.message, w.details)
    }

    #[test]
    fn a_change_since_the_last_audit_names_the_record_the_audit_and_the_fields() {
        let changed = Integrity::ChangedSinceAudit {
            record: RecordName::InFile {
                label: Label::Amendment(1, 1),
                line: Some(19),
            },
            last: day(2026, 3, 1),
            change: Change::Entry {
                id: 1,
                backdated: vec![("handledare".into(), day(2024, 1, 10))],
            },
            stated: vec![
                "amount=450.00".into(),
                "approvals.handledare=2024-01-10".into(),
            ],
        };
        assert_eq!(
            words(changed.clone(), Lang::En).0,
            "amendment 1 of entry 1 (line 19), added after the audit of 2026-03-01, changes entry 1, seen at that audit; the approval by handledare is dated 2024-01-10, before that audit: amount=450.00, approvals.handledare=2024-01-10"
        );
        assert!(
            words(changed, Lang::Sv)
                .0
                .contains("tillagd efter granskningen 2026-03-01, ändrar post 1, som granskningen såg; godkännandet av handledare är daterat 2024-01-10, före den granskningen")
        );
    }

    #[test]
    fn a_fresh_ledger_says_who_and_which_audit_and_keeps_the_uids_for_details() {
        let seen = crate::audit::Seen {
            uid: "2c31d575aa".into(),
            records: 14,
            last_seen: day(2026, 3, 1),
        };
        let (message, details) = words(
            Integrity::FreshLedger {
                name: "Anna Lindqvist".into(),
                id: Some("KRO-1".into()),
                seen: seen.clone(),
                uid: Some("77aa".into()),
            },
            Lang::En,
        );
        assert_eq!(
            message,
            "Anna Lindqvist (KRO-1) is known to the register under another ledger, last audited on 2026-03-01 with 14 records: this is a fresh ledger, which does not continue it"
        );
        assert!(!message.contains("2c31"));
        assert_eq!(
            details.as_deref(),
            Some("the register's ledger: uid 2c31d575aa; this one: uid 77aa")
        );
        let (message, _) = words(
            Integrity::Rewritten {
                record: RecordName::InFile {
                    label: Label::Entry(2),
                    line: Some(14),
                },
                number: 3,
                seen,
            },
            Lang::Sv,
        );
        assert_eq!(
            message,
            "historiken är omskriven efter granskningen 2026-03-01: post 2 (rad 14) är inte vad den granskningen såg (post 3 av de 14 den såg)"
        );
        let (message, details) = words(
            Integrity::DuplicateUid {
                uid: "u5".into(),
                others: Others {
                    paths: vec!["in/a2.toml".into()],
                    total: 4,
                },
            },
            Lang::En,
        );
        assert_eq!(
            message,
            "the same ledger is also in in/a2.toml and 3 more: which one holds?"
        );
        assert_eq!(details.as_deref(), Some("uid u5"));
    }
}
