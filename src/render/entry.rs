//! One entry in words: its fields as a person reads them, what an amendment
//! changed in them, and `show ID` (the entry, its history, who pays and why,
//! its linked costs).

use super::table::{
    entry_title, finding_line, line, payer_lines, period_line, pool_lines, verdict_style, wrap,
};
use super::{View, kind_word, money, role_word, status_word, verdict_word};
use crate::color::paint;
use crate::diag::sanitize;
use crate::i18n::Lang;
use crate::ledger::{Amendment, Entry};
use crate::policy::Policy;

/// One field of an entry: the ledger's key, what a person calls it, its value
/// in words, and its value as the ledger stores it (for JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLine {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub stored: Stored,
}

/// A field's value as the ledger stores it, for JSON: a text (dates and
/// amounts as the ledger writes them), a whole number, yes (a flag that is
/// set), or the approvals by role with their dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    Text(String),
    Number(u32),
    Yes,
    Roles(Vec<(String, String)>),
}

impl serde::Serialize for Stored {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Stored::Text(t) => s.serialize_str(t),
            Stored::Number(n) => s.serialize_u32(*n),
            Stored::Yes => s.serialize_bool(true),
            Stored::Roles(r) => s.collect_map(r.iter().map(|(k, v)| (k, v))),
        }
    }
}

/// A course subject as people read it: its name in the policy and its id,
/// "Läkemedel (lakemedel)"; an id the policy does not list, as written.
fn subject_words(id: &str, p: &Policy, l: Lang) -> String {
    match p.subjects.iter().find(|s| s.id == id) {
        Some(s) => sanitize(&format!("{} ({id})", s.name.get(l))).into_owned(),
        None => sanitize(id).into_owned(),
    }
}

/// Every field the entry has (those left out, and booleans that are false,
/// are not listed), in the ledger's order.
pub fn fields(e: &Entry, p: &Policy, l: Lang) -> Vec<FieldLine> {
    use Stored as V;
    let yes = crate::msg!(l => "ja", "yes");
    let text = |t: Option<&str>| t.map(|s| (sanitize(s).into_owned(), V::Text(s.to_string())));
    let flag = |b: bool| b.then(|| (yes.to_string(), V::Yes));
    let day = |d: chrono::NaiveDate| (d.to_string(), V::Text(d.to_string()));
    /// A field's key, its label, and its value in words and as stored.
    type Row = (&'static str, &'static str, Option<(String, V)>);
    let rows: [Row; 29] = [
        ("date", crate::msg!(l => "datum", "date"), Some(day(e.date))),
        ("end", crate::msg!(l => "slutdatum", "end"), e.end.map(day)),
        (
            "kind",
            crate::msg!(l => "slag", "kind"),
            Some((
                kind_word(e.kind, l).into(),
                V::Text(e.kind.as_str().to_string()),
            )),
        ),
        (
            "description",
            crate::msg!(l => "beskrivning", "description"),
            text(Some(&e.description)),
        ),
        (
            "amount",
            crate::msg!(l => "belopp", "amount"),
            Some((money(e.amount(), l), V::Text(e.amount().to_plain()))),
        ),
        (
            "provider",
            crate::msg!(l => "kursgivare", "provider"),
            text(e.provider.as_deref()),
        ),
        (
            "goal",
            crate::msg!(l => "delmål", "goal"),
            text(e.goal.as_ref().map(|g| g.code())),
        ),
        (
            "online",
            crate::msg!(l => "internetbaserad", "online"),
            flag(e.online),
        ),
        (
            "catalogue",
            crate::msg!(l => "i kurskatalogen", "in the catalogue"),
            flag(e.catalogue),
        ),
        (
            "programme",
            crate::msg!(l => "program", "programme"),
            text(e.programme()),
        ),
        (
            "international",
            crate::msg!(l => "internationell", "international"),
            flag(e.international()),
        ),
        (
            "for",
            crate::msg!(l => "hör till", "belongs to"),
            e.for_entry().map(|id| (format!("#{id}"), V::Number(id))),
        ),
        (
            "travel_mode",
            crate::msg!(l => "färdsätt", "travel mode"),
            text(e.travel_mode.as_deref()),
        ),
        (
            "booked_via",
            crate::msg!(l => "bokad via", "booked via"),
            text(e.booked_via()),
        ),
        (
            "distance_km",
            crate::msg!(l => "avstånd", "distance"),
            e.distance_km()
                .map(|d| (format!("{d}\u{a0}km"), V::Number(d))),
        ),
        (
            "nights",
            crate::msg!(l => "nätter", "nights"),
            e.nights().map(|n| (n.to_string(), V::Number(n.into()))),
        ),
        (
            "status",
            crate::msg!(l => "status", "status"),
            Some((
                status_word(e.status, l).into(),
                V::Text(e.status.as_str().to_string()),
            )),
        ),
        (
            "approvals",
            crate::msg!(l => "godkänd av", "approved by"),
            (!e.approvals.is_empty()).then(|| {
                let words: Vec<String> = e
                    .approvals
                    .iter()
                    .map(|(r, d)| format!("{} {d}", role_word(p, r, l)))
                    .collect();
                // By role name, as a JSON object's keys are written.
                let mut stored: Vec<(String, String)> = e
                    .approvals
                    .iter()
                    .map(|(r, d)| (r.as_str().to_string(), d.to_string()))
                    .collect();
                stored.sort();
                (words.join(", "), V::Roles(stored))
            }),
        ),
        (
            "applied",
            crate::msg!(l => "ansökt", "applied"),
            e.applied().map(day),
        ),
        (
            "cancel_by",
            crate::msg!(l => "sista avbokningsdag", "last cancellation day"),
            e.cancel_by().map(day),
        ),
        (
            "funded_by",
            crate::msg!(l => "betalas enligt överenskommelse av", "funded by agreement by"),
            e.funded_by().map(|f| {
                (
                    crate::ledger::words::name(crate::ledger::words::FUNDERS, f, l).to_string(),
                    V::Text(f.as_str().to_string()),
                )
            }),
        ),
        (
            "days",
            crate::msg!(l => "kursdagar", "course days"),
            e.stated_days().map(|n| (n.to_string(), V::Number(n))),
        ),
        (
            "event",
            crate::msg!(l => "evenemang", "event"),
            text(e.event()),
        ),
        (
            "abroad",
            crate::msg!(l => "utomlands", "abroad"),
            flag(e.abroad()),
        ),
        (
            "in_region",
            crate::msg!(l => "inom regionen", "within the region"),
            flag(e.in_region()),
        ),
        (
            "mandatory",
            crate::msg!(l => "obligatorisk", "mandatory"),
            flag(e.mandatory()),
        ),
        (
            "subject",
            crate::msg!(l => "kursämne", "course subject"),
            e.subject()
                .map(|id| (subject_words(id, p, l), V::Text(id.to_string()))),
        ),
        (
            "receipt",
            crate::msg!(l => "kvitto", "receipt"),
            text(e.receipt()),
        ),
        (
            "note",
            crate::msg!(l => "anteckning", "note"),
            text(e.note()),
        ),
    ];
    rows.into_iter()
        .filter_map(|(key, label, v)| {
            v.map(|(value, stored)| FieldLine {
                key,
                label,
                value,
                stored,
            })
        })
        .collect()
}

/// A field that differs between two states of an entry: in words, and the
/// value stored after (`None`: left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub key: &'static str,
    pub label: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub stored: Option<Stored>,
}

impl FieldChange {
    /// `status: planerad → genomförd`.
    pub fn line(&self) -> String {
        let dash = || "–".to_string();
        format!(
            "{}: {} → {}",
            self.label,
            self.before.clone().unwrap_or_else(dash),
            self.after.clone().unwrap_or_else(dash)
        )
    }
}

/// What differs between `before` and `after`, field by field.
pub fn field_changes(before: &Entry, after: &Entry, p: &Policy, l: Lang) -> Vec<FieldChange> {
    let (b, a) = (fields(before, p, l), fields(after, p, l));
    let find = |fs: &[FieldLine], key| fs.iter().find(|f| f.key == key).cloned();
    let mut keys: Vec<(&'static str, &'static str)> = a.iter().map(|f| (f.key, f.label)).collect();
    for f in &b {
        if !keys.iter().any(|(k, _)| *k == f.key) {
            keys.push((f.key, f.label));
        }
    }
    keys.into_iter()
        .map(|(key, label)| {
            let after = find(&a, key);
            FieldChange {
                key,
                label,
                before: find(&b, key).map(|f| f.value),
                after: after.as_ref().map(|f| f.value.clone()),
                stored: after.map(|f| f.stored),
            }
        })
        .filter(|c| c.before != c.after)
        .collect()
}

/// What `show ID` shows: the entry as judged in `view`, as first written, and
/// the amendments of it in file order, each with the line it stands on.
pub struct Shown<'a> {
    pub view: View<'a>,
    pub id: u32,
    pub written: &'a Entry,
    pub line: Option<usize>,
    pub amendments: Vec<(&'a Amendment, Option<usize>)>,
}

/// One step of an entry's history: when it was recorded, where, and what it changed.
pub struct Step {
    pub recorded: Option<chrono::NaiveDate>,
    pub line: Option<usize>,
    pub changes: Vec<FieldChange>,
}

impl Shown<'_> {
    /// The amendments as the changes each made, in the order they apply.
    pub fn history(&self) -> Vec<Step> {
        let l = self.view.lang;
        let mut state = self.written.clone();
        self.amendments
            .iter()
            .map(|(a, line)| {
                let before = state.clone();
                state.apply(&a.fields());
                Step {
                    recorded: a.recorded,
                    line: *line,
                    changes: field_changes(&before, &state, self.view.policy, l),
                }
            })
            .collect()
    }
}

/// `show ID` for people.
pub fn table(s: &Shown<'_>) -> String {
    let v = &s.view;
    let l = v.lang;
    let Some(r) = v.eval.entry(s.id) else {
        return String::new();
    };
    let e = &v.ledger.entries[r.index()];
    let mut out = line(0, &entry_title(v, r), v.width);
    for f in fields(e, v.policy, l) {
        out.push_str(&wrap(
            &format!("  {:<16} {}", f.label, f.value),
            v.width,
            19,
        ));
        out.push('\n');
    }
    out.push_str(&format!("{}\n", crate::msg!(l => "Historik:", "History:")));
    let at = |line: Option<usize>| {
        line.map(|n| format!(" ({} {n})", crate::msg!(l => "rad", "line")))
            .unwrap_or_default()
    };
    out.push_str(&format!(
        "  {}{}\n",
        crate::msg!(l => "förd in", "recorded"),
        at(s.line)
    ));
    for step in s.history() {
        let when = step.recorded.map_or_else(
            || crate::msg!(l => "ändrad", "amended").to_string(),
            |d| d.to_string(),
        );
        let what: Vec<String> = step.changes.iter().map(FieldChange::line).collect();
        let what = if what.is_empty() {
            crate::msg!(l => "ingen ändring", "no change").to_string()
        } else {
            what.join("; ")
        };
        out.push_str(&wrap(
            &format!("  {when}{}: {what}", at(step.line)),
            v.width,
            4,
        ));
        out.push('\n');
    }
    out.push_str(&format!(
        "{}\n",
        crate::msg!(l => "Betalas av:", "Paid by:")
    ));
    out.push_str(&payer_lines(&r.payers(), l));
    if r.payers().total().is_zero() {
        out.push_str(&format!(
            "  {}\n",
            crate::msg!(l => "ingen: kostar inget", "nobody: costs nothing")
        ));
    }
    out.push_str(&pool_lines(v, r));
    out.push_str(&format!(
        "{}: {}\n",
        crate::msg!(l => "Bedömning", "Verdict"),
        paint(verdict_style(r.verdict), verdict_word(r.verdict, l))
    ));
    for f in &r.findings {
        out.push_str(&line(2, &finding_line(f, v.policy, l), v.width));
    }
    if let Some(p) = v.eval.period_of(r.date) {
        out.push_str(&period_line(v, p));
    }
    out.push_str(&related(v, e));
    out
}

/// The entry this one belongs to, and the costs that belong to it.
fn related(v: &View<'_>, e: &Entry) -> String {
    let l = v.lang;
    let mut out = String::new();
    let title = |id: u32| {
        v.eval.entry(id).map(|r| {
            format!(
                "{} · {} · {}",
                entry_title(v, r),
                status_word(r.status, l),
                verdict_word(r.verdict, l)
            )
        })
    };
    if let Some(parent) = e.for_entry().and_then(title) {
        out.push_str(&format!(
            "{}\n",
            crate::msg!(l => "Hör till:", "Belongs to:")
        ));
        out.push_str(&line(2, &parent, v.width));
    }
    let linked: Vec<String> = v
        .ledger
        .entries
        .iter()
        .filter(|x| x.for_entry() == Some(e.id))
        .filter_map(|x| title(x.id))
        .collect();
    if !linked.is_empty() {
        out.push_str(&format!(
            "{}\n",
            crate::msg!(l => "Kostnader som hör till den:", "Costs that belong to it:")
        ));
        for x in linked {
            out.push_str(&line(2, &x, v.width));
        }
    }
    out
}
