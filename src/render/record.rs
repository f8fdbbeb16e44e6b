//! What a command that records something shows (`add`, `amend`, `approve`,
//! `cancel`, `attended`, `service`, `trainee`): the thing recorded, then every
//! other entry whose payers or verdict change, each on a line of its own, and
//! why a recording is refused. The changes come from `engine::changes`; this
//! only words them.

use super::entry::field_changes;
use super::table::{entry_title, finding_line, line, payer_words, verdict, verdict_style};
use super::{View, money, status_word, verdict_word};
use crate::color::paint;
use crate::diag::sanitize;
use crate::engine::{Changes, EntryChange, PeriodFigures, Standing};
use crate::i18n::Lang;
use crate::ledger::{ServicePeriod, Status, TraineeChange};
use crate::money::Amount;
use crate::policy::{Field, Severity};

/// What became of what a command was asked to record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// It is being written to the ledger.
    pub recorded: bool,
    /// It was refused (no `--force`).
    pub refused: bool,
}

/// What is recorded.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    /// A new entry (`add`), or a change of one (`amend`, `approve`, …).
    Entry { id: u32, new: bool },
    /// A new service period.
    Service(&'a ServicePeriod),
    /// A change of the trainee's data.
    Trainee(&'a TraineeChange),
}

/// A recording: the ledger judged before and after it, and what differs.
pub struct Recorded<'a> {
    pub before: View<'a>,
    pub after: View<'a>,
    pub subject: Subject<'a>,
    pub changes: &'a Changes,
    pub recording: Recording,
}

impl Recorded<'_> {
    /// The entry recorded, if an entry is.
    pub fn entry_id(&self) -> Option<u32> {
        match self.subject {
            Subject::Entry { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The other entries whose payers or verdict change.
    pub fn others(&self) -> impl Iterator<Item = &EntryChange> {
        let own = self.entry_id();
        self.changes
            .entries
            .iter()
            .filter(move |c| Some(c.id) != own)
    }

    /// The fields the recorded entry lacks for a rule to judge it (the engine's
    /// `Note::Unknown`), in the order of its findings.
    pub fn missing_fields(&self) -> Vec<Field> {
        let Some(r) = self.entry_id().and_then(|id| self.after.eval.entry(id)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for f in &r.findings {
            if let crate::engine::Note::Unknown(field) = f.note
                && !out.contains(&field)
            {
                out.push(field);
            }
        }
        out
    }
}

/// The flag that gives a field on the command line.
pub fn flag(f: Field) -> &'static str {
    match f {
        Field::Kind => "--kind",
        Field::Goal => "--goal",
        Field::Provider => "--provider",
        Field::Catalogue => "--catalogue",
        Field::Online => "--online",
        Field::Programme => "--programme",
        Field::International => "--international",
        Field::Status => "--status",
        Field::TravelMode => "--travel-mode",
        Field::BookedVia => "--booked-via",
        Field::DistanceKm => "--distance-km",
        Field::Nights => "--nights",
        Field::Date => "--date",
        Field::End => "--end",
        Field::Amount => "--amount",
        Field::Applied => "--applied",
        Field::CancelBy => "--cancel-by",
        Field::StatusRecorded => "--status",
        Field::FundedBy => "--funded-by",
        Field::Approvals => "--approved-by",
        Field::Days => "--days",
        Field::Event => "--event",
        Field::Abroad => "--abroad",
        Field::InRegion => "--in-region",
        Field::Mandatory => "--mandatory",
        Field::Subject => "--subject",
        Field::LastDay => "--end",
        Field::TraineeProgrammes => "--programme",
        Field::TraineeDoubleSpecialisation => "--double-specialisation",
        Field::TraineeUnit => "--unit",
    }
}

/// The recording for people.
pub fn table(r: &Recorded<'_>) -> String {
    let v = &r.after;
    let l = v.lang;
    let mut out = match r.subject {
        Subject::Entry { id, new } => entry_block(r, id, new),
        Subject::Service(p) => line(
            0,
            &crate::msg!(l =>
                "Tjänstgöring {} % från {}",
                "Service at {} % from {}",
                p.percent,
                p.from
            ),
            v.width,
        ),
        Subject::Trainee(c) => trainee_block(r, c),
    };
    out.push_str(&period_changes(r));
    let others: Vec<&EntryChange> = r.others().collect();
    if !others.is_empty() {
        out.push_str(&format!(
            "{}\n",
            crate::msg!(l => "Det här ändrar också:", "This also changes:")
        ));
        for c in others {
            out.push_str(&change_block(r, c));
        }
    }
    out.push_str(&live_linked(r));
    out
}

/// The recorded entry: what changed in it, then where its money goes.
fn entry_block(r: &Recorded<'_>, id: u32, new: bool) -> String {
    let v = &r.after;
    let l = v.lang;
    let Some(res) = v.eval.entry(id) else {
        return String::new();
    };
    let was = r
        .changes
        .entry(id)
        .and_then(|c| c.before)
        .map(|b| b.verdict);
    let mut out = verdict(v, res, was);
    if new {
        return out;
    }
    let before = r.before.ledger.entries.iter().find(|e| e.id == id);
    let after = &v.ledger.entries[res.index()];
    let mut lines = String::new();
    if let Some(before) = before {
        for c in field_changes(before, after, v.policy, l) {
            lines.push_str(&line(2, &c.line(), v.width));
        }
    }
    // The changes go under the entry's title, which `verdict` begins with.
    let title_end = line(0, &entry_title(v, res), v.width).len().min(out.len());
    out.insert_str(title_end, &lines);
    out
}

/// A trainee change: the fields it sets.
fn trainee_block(r: &Recorded<'_>, c: &TraineeChange) -> String {
    let l = r.after.lang;
    let (b, a) = (&r.before.ledger.trainee, &r.after.ledger.trainee);
    let dash = || "–".to_string();
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(dash, |d| d.to_string());
    let mut lines = Vec::new();
    if c.certificate.is_some() {
        lines.push(format!(
            "{}: {} → {}",
            sanitize(r.after.policy.end_name.get(l)),
            date(b.certificate),
            date(a.certificate)
        ));
    }
    if c.double_specialisation.is_some() {
        let word = |x: bool| {
            if x {
                crate::msg!(l => "ja", "yes")
            } else {
                crate::msg!(l => "nej", "no")
            }
        };
        lines.push(format!(
            "{}: {} → {}",
            crate::msg!(l => "dubbelspecialisering", "double specialisation"),
            word(b.double_specialisation),
            word(a.double_specialisation)
        ));
    }
    let text = |label: &str, before: &str, after: &str| {
        format!("{label}: {} → {}", sanitize(before), sanitize(after))
    };
    if c.name.is_some() {
        lines.push(text(crate::msg!(l => "namn", "name"), &b.name, &a.name));
    }
    if c.id.is_some() {
        let id = |t: &crate::ledger::Trainee| t.id.clone().unwrap_or_else(dash);
        lines.push(text("id", &id(b), &id(a)));
    }
    if c.unit.is_some() {
        let unit = |t: &crate::ledger::Trainee| t.unit.clone().unwrap_or_else(dash);
        lines.push(text(crate::msg!(l => "enhet", "unit"), &unit(b), &unit(a)));
    }
    if c.programmes.is_some() {
        lines.push(text(
            crate::msg!(l => "program", "programmes"),
            &b.programmes.join(", "),
            &a.programmes.join(", "),
        ));
    }
    lines
        .iter()
        .map(|text| line(0, text, r.after.width))
        .collect()
}

/// Periods whose budget changes (a service change, a certificate).
fn period_changes(r: &Recorded<'_>) -> String {
    let l = r.after.lang;
    let mut out = String::new();
    for p in &r.changes.periods {
        let budget =
            |f: Option<PeriodFigures>| f.map_or_else(|| "–".to_string(), |f| money(f.budget, l));
        let remaining =
            |f: Option<PeriodFigures>| f.map_or_else(|| "–".to_string(), |f| money(f.remaining, l));
        if p.before.map(|f| f.budget) == p.after.map(|f| f.budget) {
            continue;
        }
        let text = crate::msg!(l =>
            "Period {}: budget {} → {}, kvar {} → {}",
            "Period {}: budget {} → {}, remaining {} → {}",
            sanitize(&p.label),
            budget(p.before),
            budget(p.after),
            remaining(p.before),
            remaining(p.after)
        );
        out.push_str(&line(0, &text, r.after.width));
    }
    out
}

/// Another entry that changes: its title, each payer that changes and the
/// verdict, each on a line of its own, and why when it turns worse.
fn change_block(r: &Recorded<'_>, c: &EntryChange) -> String {
    let v = &r.after;
    let l = v.lang;
    let Some(res) = v.eval.entry(c.id) else {
        return format!("  #{}\n", c.id);
    };
    let mut out = line(2, &entry_title(v, res), v.width);
    let zero = Standing {
        payers: Default::default(),
        verdict: crate::engine::Verdict::Ok,
    };
    let (b, a) = (c.before.unwrap_or(zero), c.after.unwrap_or(zero));
    let parts = |s: &Standing| -> [Amount; 4] {
        [
            s.payers.budget,
            s.payers.central,
            s.payers.unit,
            s.payers.self_paid,
        ]
    };
    for ((name, was), now) in payer_words(l).iter().zip(parts(&b)).zip(parts(&a)) {
        if was != now {
            out.push_str(&format!(
                "    {name:<13} {} → {}\n",
                money(was, l),
                money(now, l)
            ));
        }
    }
    if b.verdict != a.verdict {
        out.push_str(&format!(
            "    {}: {} → {}\n",
            crate::msg!(l => "bedömning", "verdict"),
            verdict_word(b.verdict, l),
            paint(verdict_style(a.verdict), verdict_word(a.verdict, l))
        ));
        for f in res
            .findings
            .iter()
            .filter(|f| f.severity() > Severity::Info)
        {
            out.push_str(&line(4, &finding_line(f, v.policy, l), v.width));
        }
    }
    out
}

/// A course cancelled: its travel and lodging that are still live, and the
/// command that cancels each (they keep their own status, DOMAIN "Cancelled
/// in time").
fn live_linked(r: &Recorded<'_>) -> String {
    let v = &r.after;
    let l = v.lang;
    let Some(id) = r.entry_id() else {
        return String::new();
    };
    let cancelled = v
        .ledger
        .entries
        .iter()
        .find(|e| e.id == id)
        .is_some_and(|e| matches!(e.status, Status::Cancelled | Status::CancelledLate));
    let was_cancelled = r
        .before
        .ledger
        .entries
        .iter()
        .find(|e| e.id == id)
        .is_some_and(|e| matches!(e.status, Status::Cancelled | Status::CancelledLate));
    if !cancelled || was_cancelled {
        return String::new();
    }
    let live: Vec<&crate::ledger::Entry> = v
        .ledger
        .entries
        .iter()
        .filter(|e| e.for_entry() == Some(id) && !e.is_cancelled())
        .collect();
    if live.is_empty() {
        return String::new();
    }
    let mut out = line(
        0,
        &crate::msg!(l =>
            "Resor och logi till post {} gäller fortfarande; avboka var och en som är avbokad:",
            "Travel and lodging for entry {} are still live; cancel each one that was cancelled:",
            id
        ),
        v.width,
    );
    for e in live {
        // The command first, where no line can break it.
        let text = format!(
            "st-budget cancel {}   (#{} {} · {} · {}, {})",
            e.id,
            e.id,
            super::kind_word(e.kind, l),
            sanitize(&e.description),
            money(e.amount(), l),
            status_word(e.status, l),
        );
        out.push_str(&line(2, &text, v.width));
    }
    out
}

/// Why a new spending decision is refused.
enum Refused {
    /// The new entry is itself an error.
    OwnError,
    /// A rule cannot judge the new entry without these fields (their flags).
    Missing(String),
    /// It turns these entries into errors (each named with its date,
    /// description and the rule).
    Breaks(String),
}

fn refused(r: &Recorded<'_>) -> Option<Refused> {
    let new = match r.subject {
        Subject::Entry { id, new: true } => Some(id),
        _ => None,
    };
    let own_error = new
        .and_then(|id| r.after.eval.entry(id))
        .is_some_and(|e| e.verdict == crate::engine::Verdict::Error);
    if own_error {
        return Some(Refused::OwnError);
    }
    let missing = r.missing_fields();
    if new.is_some() && !missing.is_empty() {
        let flags: Vec<&str> = missing.iter().map(|f| flag(*f)).collect();
        return Some(Refused::Missing(flags.join(", ")));
    }
    let names: Vec<String> = r
        .changes
        .entries
        .iter()
        .filter(|c| c.becomes_error())
        .filter_map(|c| {
            let res = r.after.eval.entry(c.id)?;
            let e = &r.after.ledger.entries[res.index()];
            // Which entry, and why: the rule of its first worst finding.
            let why = res
                .findings
                .iter()
                .rev()
                .max_by_key(|f| f.severity())
                .map(|f| format!(": {}", sanitize(&r.after.policy.rules[f.rule()].reference)))
                .unwrap_or_default();
            Some(format!(
                "{} ({} {}{why})",
                c.id,
                res.date,
                sanitize(&e.description)
            ))
        })
        .collect();
    (!names.is_empty()).then(|| Refused::Breaks(names.join(", ")))
}

/// Why a new spending decision is refused, or `None`: the message and the
/// hint. A new entry that is itself an error, or that a rule cannot judge for
/// a missing field; any entry, the amended one among them, that it turns into
/// an error.
pub fn refusal(r: &Recorded<'_>) -> Option<(String, String)> {
    let l = r.after.lang;
    Some(match refused(r)? {
        Refused::OwnError => (
            crate::msg!(l =>
                "posten har fel och registrerades inte; inget skrevs",
                "the entry has error findings and was refused; nothing was written",
            )
            .to_string(),
            crate::msg!(l =>
                "rätta posten, eller registrera den ändå med --force",
                "correct the entry, or record it anyway with --force",
            )
            .to_string(),
        ),
        Refused::Missing(flags) => (
            crate::msg!(l =>
                "posten kan inte bedömas utan {}; inget skrevs",
                "the entry cannot be judged without {}; nothing was written",
                flags
            ),
            crate::msg!(l =>
                "ange {}, eller registrera den ändå med --force",
                "give {}, or record it anyway with --force",
                flags
            ),
        ),
        Refused::Breaks(names) => (
            crate::msg!(l =>
                "det här skulle göra post {} till fel; inget skrevs",
                "this would turn entry {} into an error; nothing was written",
                names
            ),
            crate::msg!(l =>
                "ändra beloppet eller datumet, eller registrera det ändå med --force",
                "change the amount or the date, or record it anyway with --force",
            )
            .to_string(),
        ),
    })
}

/// Why a recording would be refused, said before anything is written (the
/// guided `add` asks whether to record it anyway), or `None`.
pub fn before_writing(r: &Recorded<'_>) -> Option<String> {
    let l = r.after.lang;
    Some(match refused(r)? {
        Refused::OwnError => crate::msg!(l =>
            "posten har fel (se ovan) och nekas som den är",
            "the entry has error findings (see above) and is refused as it stands",
        )
        .to_string(),
        Refused::Missing(flags) => crate::msg!(l =>
            "posten kan inte bedömas utan {} och nekas som den är",
            "the entry cannot be judged without {} and is refused as it stands",
            flags
        ),
        Refused::Breaks(names) => crate::msg!(l =>
            "det här skulle göra post {} till fel",
            "this would turn entry {} into an error",
            names
        ),
    })
}

/// The entries a recording of a fact turned into errors, said after it was
/// recorded: each on a line of its own.
pub fn became_errors(r: &Recorded<'_>) -> Vec<String> {
    let l: Lang = r.after.lang;
    r.changes
        .entries
        .iter()
        .filter(|c| c.becomes_error())
        .filter_map(|c| {
            let res = r.after.eval.entry(c.id)?;
            let e = &r.after.ledger.entries[res.index()];
            Some(crate::msg!(l =>
                "post {} ({} {}) är nu fel: se ovan",
                "entry {} ({} {}) is now an error: see above",
                c.id,
                res.date,
                sanitize(&e.description)
            ))
        })
        .collect()
}

/// What is wrong with a travel or lodging cost that belongs nowhere (no `--for`,
/// or one naming an entry it cannot belong to), in words naming the flag: the
/// message, the hint, and the entries it can belong to, one line each.
pub fn link_problem(
    new: &crate::ledger::Entry,
    target: Option<&crate::ledger::Entry>,
    choices: &[&crate::ledger::Entry],
    l: Lang,
) -> (String, String, Vec<String>) {
    let what = super::kind_word(new.kind, l);
    let message = match target {
        Some(t) => crate::msg!(l =>
            "--for {}: en kostnad för {} kan inte höra till post {} ({}: {}); inget skrevs",
            "--for {}: a {} cost cannot belong to entry {} ({}: {}); nothing was written",
            t.id,
            what,
            t.id,
            super::kind_word(t.kind, l),
            sanitize(&t.description)
        ),
        None => crate::msg!(l =>
            "--for saknas: en kostnad för {} hör till en kurs eller liknande post, och ersätts annars inte; inget skrevs",
            "--for is missing: a {} cost belongs to a course or the like, and is otherwise not reimbursed; nothing was written",
            what
        ),
    };
    let hint = if choices.is_empty() {
        crate::msg!(l =>
            "för in kursen först (st-budget add kurs …) och sedan det här med --for ID, eller registrera det ändå med --force",
            "record the course first (st-budget add course …), then this with --for ID, or record it anyway with --force",
        )
        .to_string()
    } else {
        crate::msg!(l =>
            "ange --for ID för en av posterna nedan, eller registrera det ändå med --force:",
            "give --for ID of one of the entries below, or record it anyway with --force:",
        )
        .to_string()
    };
    let lines = choices
        .iter()
        .take(10)
        .map(|e| format!("  {}", choice_line(e, l)))
        .collect();
    (message, hint, lines)
}

/// An entry another can belong to, on one line: id, date, kind, description.
pub fn choice_line(e: &crate::ledger::Entry, l: Lang) -> String {
    format!(
        "#{:<4} {}  {}: {}",
        e.id,
        e.date,
        super::kind_word(e.kind, l),
        sanitize(&e.description)
    )
}
