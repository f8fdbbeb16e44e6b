//! Reading a ledger file: TOML text in, a validated [`Ledger`] out, or an
//! [`InputError`] that names the line and column of the first mistake.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use toml::de::DeTable;

use super::model::*;
use super::words;
use crate::diag::{InputError, Source};
use crate::tomlx::{Key, Reader, Value, parse_document, strip_bom};

const TOP_KEYS: &[&str] = &[
    "format",
    "uid",
    "trainee",
    "service",
    "entry",
    "amendment",
    "trainee_change",
    "seal",
];
const TRAINEE_KEYS: &[&str] = &[
    "name",
    "id",
    "policy",
    "start",
    "certificate",
    "double_specialisation",
    "programmes",
    "unit",
];
const SERVICE_KEYS: &[&str] = &["from", "percent"];
const FIELD_KEYS: &[&str] = &[
    "date",
    "end",
    "kind",
    "description",
    "amount",
    "provider",
    "goal",
    "online",
    "catalogue",
    "programme",
    "international",
    "for",
    "travel_mode",
    "booked_via",
    "distance_km",
    "nights",
    "status",
    "approvals",
    "applied",
    "cancel_by",
    "funded_by",
    "days",
    "event",
    "abroad",
    "in_region",
    "mandatory",
    "subject",
    "receipt",
    "note",
];
const CHANGE_KEYS: &[&str] = &[
    "recorded",
    "name",
    "id",
    "certificate",
    "double_specialisation",
    "programmes",
    "unit",
];
const SEAL_KEYS: &[&str] = &["algorithm", "records", "hash", "chain", "exported"];

/// Parses and validates a ledger. `path` is only used in messages.
pub fn parse(path: &str, text: &str) -> Result<Ledger, InputError> {
    let text = strip_bom(text);
    let src = Source::new(path, text);
    if text.trim().is_empty() {
        return Err(src
            .whole(crate::msg!("liggaren är tom", "the ledger is empty"))
            .with_hint(crate::msg!(
                "skapa en med `st-budget init --policy ID --name NAMN --start DATUM`",
                "create one with `st-budget init --policy ID --name NAME --start DATE`",
            )));
    }
    let doc = parse_document(&src)?;
    let r = Reader::new(src);
    let ledger = read_tables(&r, doc.get_ref())?.finish(&src)?;
    super::window::check(&r, doc.get_ref(), ledger.trainee.start)?;
    validate(&src, &ledger)?;
    Ok(ledger)
}

/// Reads the top-level tables, each as its own record type.
fn read_tables(r: &Reader<'_>, doc: &DeTable<'_>) -> Result<LedgerBuilder, InputError> {
    let mut l = LedgerBuilder::default();
    for (key, value) in doc.iter() {
        let name: &str = key.get_ref();
        match name {
            "format" => l.format = Some(read_format(r, value)?),
            "uid" => l.uid = Some(r.text("uid", value)?),
            "trainee" => l.trainee = Some((read_trainee(r, value)?, value.span().start)),
            "service" => {
                for v in r.array("service", value)? {
                    l.services.push(read_service(r, v)?);
                }
            }
            "entry" => {
                for v in r.array("entry", value)? {
                    l.entries.push(read_entry(r, v, &mut l.declared_roles)?);
                }
            }
            "amendment" => {
                for v in r.array("amendment", value)? {
                    l.amendments
                        .push(read_amendment(r, v, &mut l.declared_roles)?);
                }
            }
            "trainee_change" => {
                for v in r.array("trainee_change", value)? {
                    l.changes.push(read_change(r, v)?);
                }
            }
            "seal" => l.seal = Some(read_seal(r, value)?),
            _ => return Err(r.unknown_key(key, "the ledger", TOP_KEYS)),
        }
    }
    Ok(l)
}

fn read_format(r: &Reader<'_>, value: &Value<'_>) -> Result<i64, InputError> {
    let f = r.integer("format", value)?;
    if f != FORMAT {
        return Err(r
            .err(
                value.span(),
                crate::msg!(
                    "liggarformat {} stöds inte; den här st-budget läser format {}",
                    "unsupported ledger format {}; this st-budget reads format {}",
                    f,
                    FORMAT
                ),
            )
            .with_hint(crate::msg!(
                "ett nyare format kräver en nyare st-budget",
                "a newer format needs a newer st-budget",
            )));
    }
    Ok(f)
}

/// Checks that an appended record (an `[[entry]]`, `[[amendment]]`, `[[service]]`
/// or `[[trainee_change]]` table) reads back on its own, without re-reading the
/// whole ledger. References to other entries are the caller's to check.
pub fn check_fragment(text: &str) -> Result<(), InputError> {
    let src = Source::new("new record", text);
    let doc = parse_document(&src)?;
    let r = Reader::new(src);
    // Which roles a policy declares is checked where the ledger meets it.
    let mut roles = Vec::new();
    for (key, value) in doc.get_ref().iter() {
        let items = r.array(key.get_ref(), value)?;
        for v in items {
            match key.get_ref().as_ref() {
                "entry" => {
                    read_entry(&r, v, &mut roles)?;
                }
                "amendment" => {
                    read_amendment(&r, v, &mut roles)?;
                }
                "service" => {
                    read_service(&r, v)?;
                }
                "trainee_change" => {
                    read_change(&r, v)?;
                }
                _ => {
                    return Err(r.unknown_key(
                        key,
                        "a record",
                        &["entry", "amendment", "service", "trainee_change"],
                    ));
                }
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct LedgerBuilder {
    format: Option<i64>,
    uid: Option<String>,
    trainee: Option<(Trainee, usize)>,
    services: Vec<ServicePeriod>,
    entries: Vec<Entry>,
    amendments: Vec<Amendment>,
    changes: Vec<TraineeChange>,
    seal: Option<Seal>,
    declared_roles: Vec<RoleUse>,
}

impl LedgerBuilder {
    /// The ledger, once `format` and `[trainee]` are known to be there, with its
    /// records in the order of the file.
    fn finish(self, src: &Source<'_>) -> Result<Ledger, InputError> {
        let format = self.format.ok_or_else(|| {
            src.whole(crate::msg!("`format` saknas", "missing `format`"))
                .with_hint(crate::msg!(
                    "lägg till `format = {}` överst i filen",
                    "add `format = {}` at the top of the file",
                    FORMAT
                ))
        })?;
        let (trainee, trainee_offset) = self.trainee.ok_or_else(|| {
            src.whole(crate::msg!(
                "tabellen [trainee] saknas",
                "missing the [trainee] table",
            ))
            .with_hint(crate::msg!(
                "lägg till [trainee] med name, policy och start",
                "add [trainee] with name, policy and start",
            ))
        })?;
        let mut records: Vec<(usize, Record)> = Vec::with_capacity(
            1 + self.services.len()
                + self.entries.len()
                + self.amendments.len()
                + self.changes.len(),
        );
        records.push((trainee_offset, Record::Trainee));
        records.extend(
            self.services
                .iter()
                .enumerate()
                .map(|(i, s)| (s.offset, Record::Service(i))),
        );
        records.extend(
            self.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.offset, Record::Entry(i))),
        );
        records.extend(
            self.amendments
                .iter()
                .enumerate()
                .map(|(i, a)| (a.offset, Record::Amendment(i))),
        );
        records.extend(
            self.changes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.offset, Record::TraineeChange(i))),
        );
        records.sort_by_key(|(offset, _)| *offset);
        Ok(Ledger {
            format,
            uid: self.uid,
            trainee,
            services: self.services,
            entries: self.entries,
            amendments: self.amendments,
            trainee_changes: self.changes,
            seal: self.seal,
            records: records.into_iter().map(|(_, r)| r).collect(),
            declared_roles: self.declared_roles,
        })
    }
}

fn missing(r: &Reader<'_>, v: &Value<'_>, what: &str, key: &str) -> InputError {
    r.err(
        v.span(),
        crate::msg!("{} saknar `{}`", "{} is missing `{}`", what, key),
    )
}

fn read_trainee(r: &Reader<'_>, v: &Value<'_>) -> Result<Trainee, InputError> {
    let t = r.table("trainee", v)?;
    let (mut name, mut id, mut policy, mut start, mut certificate) = (None, None, None, None, None);
    let (mut double, mut programmes, mut unit) = (false, Vec::new(), None);
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "name" => name = Some(r.text("name", value)?),
            "id" => id = Some(r.text("id", value)?),
            "policy" => policy = Some(r.text("policy", value)?.trim().to_string()),
            "start" => start = Some(r.date("start", value)?),
            "certificate" => certificate = Some(r.date("certificate", value)?),
            "double_specialisation" => double = r.bool("double_specialisation", value)?,
            "programmes" => programmes = read_strings(r, "programmes", value)?,
            "unit" => unit = Some(r.text("unit", value)?),
            _ => return Err(r.unknown_key(key, "[trainee]", TRAINEE_KEYS)),
        }
    }
    let trainee = Trainee {
        name: name.ok_or_else(|| missing(r, v, "[trainee]", "name"))?,
        id,
        policy: policy.ok_or_else(|| {
            missing(r, v, "[trainee]", "policy").with_hint(crate::msg!(
                "`st-budget policy list` visar regelverkens id",
                "`st-budget policy list` shows the policy ids",
            ))
        })?,
        start: start.ok_or_else(|| missing(r, v, "[trainee]", "start"))?,
        certificate,
        double_specialisation: double,
        programmes,
        unit,
    };
    if let Some(c) = trainee.certificate
        && c < trainee.start
    {
        let span = t.get("certificate").map_or(v.span(), |c| c.span());
        return Err(r.err(
            span,
            crate::msg!(
                "specialistbeviset ({}) är före ST-starten ({})",
                "the certificate ({}) is before the ST start ({})",
                c,
                trainee.start
            ),
        ));
    }
    Ok(trainee)
}

fn read_strings(r: &Reader<'_>, key: &str, v: &Value<'_>) -> Result<Vec<String>, InputError> {
    let items = r
        .array(key, v)
        .map_err(|e| e.with_hint(format!("write {key} = [\"plus\"]")))?;
    items
        .iter()
        .map(|i| r.text(key, i).map(|s| s.trim().to_string()))
        .collect()
}

fn read_service(r: &Reader<'_>, v: &Value<'_>) -> Result<ServicePeriod, InputError> {
    let t = r.table("service", v)?;
    let (mut from, mut percent) = (None, None);
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "from" => from = Some(r.date("from", value)?),
            "percent" => percent = Some(r.int_in("percent", value, 0..=100)? as u8),
            _ => return Err(r.unknown_key(key, "[[service]]", SERVICE_KEYS)),
        }
    }
    Ok(ServicePeriod {
        from: from.ok_or_else(|| missing(r, v, "[[service]]", "from"))?,
        percent: percent.ok_or_else(|| missing(r, v, "[[service]]", "percent"))?,
        offset: v.span().start,
    })
}

/// Reads one field of an entry or amendment into `f`. Returns false for a key that
/// is not an entry field.
fn read_field(
    r: &Reader<'_>,
    f: &mut Fields,
    key: &Key<'_>,
    value: &Value<'_>,
    roles: &mut Vec<RoleUse>,
) -> Result<bool, InputError> {
    let name: &str = key.get_ref();
    match name {
        "date" => f.date = Some(r.date(name, value)?),
        "end" => f.end = Some(r.date(name, value)?),
        "kind" => {
            let s = r.str(name, value)?;
            f.kind = Some(Kind::parse(s).ok_or_else(|| {
                word_error(
                    r,
                    value,
                    words::KINDS,
                    s,
                    (
                        crate::msg!("okänt slag", "unknown kind"),
                        crate::msg!("slag", "kind"),
                    ),
                )
            })?);
        }
        "description" => f.description = Some(r.text(name, value)?),
        "amount" => {
            let a = r.amount(name, value)?;
            // Zero is for an event only, which the whole table must show: `read_entry`.
            if a.is_negative() {
                return Err(not_positive(r, value, a));
            }
            f.amount = Some(a);
        }
        "provider" => f.provider = Some(r.text(name, value)?),
        "goal" => {
            let s = r.str(name, value)?;
            f.goal = Some(Goal::parse(s).ok_or_else(|| {
                r.err(value.span(), crate::msg!("`goal` ska vara en nivå a, b, c eller en målkod som c12 eller STc7, fick {:?}", "`goal` must be a level a, b, c or a goal code such as c12 or STc7, got {:?}", s))
            })?);
        }
        "online" => f.online = Some(r.bool(name, value)?),
        "catalogue" => f.catalogue = Some(r.bool(name, value)?),
        "programme" => f.programme = Some(r.text(name, value)?.trim().to_string()),
        "international" => f.international = Some(r.bool(name, value)?),
        "for" => f.for_entry = Some(r.int_in(name, value, 1..=i64::from(u32::MAX))? as u32),
        "travel_mode" => f.travel_mode = Some(r.text(name, value)?),
        "booked_via" => f.booked_via = Some(r.text(name, value)?),
        "distance_km" => f.distance_km = Some(r.int_in(name, value, 0..=100_000)? as u32),
        "nights" => f.nights = Some(r.int_in(name, value, 0..=3_650)? as u32),
        "status" => {
            let s = r.str(name, value)?;
            f.status = Some(Status::parse(s).ok_or_else(|| {
                word_error(
                    r,
                    value,
                    words::STATUSES,
                    s,
                    (crate::msg!("okänd status", "unknown status"), "status"),
                )
            })?);
        }
        "approvals" => f.approvals = read_approvals(r, value, roles)?,
        "applied" => f.applied = Some(r.date(name, value)?),
        "cancel_by" => f.cancel_by = Some(r.date(name, value)?),
        "funded_by" => {
            let s = r.str(name, value)?;
            f.funded_by = Some(
                Funder::parse(s)
                    .ok_or_else(|| r.enum_error(value, "funded_by", s, Funder::NAMES))?,
            );
        }
        "days" => f.days = Some(r.int_in(name, value, 0..=3_650)? as u32),
        "event" => f.event = Some(r.text(name, value)?.trim().to_string()),
        "abroad" => f.abroad = Some(r.bool(name, value)?),
        "in_region" => f.in_region = Some(r.bool(name, value)?),
        "mandatory" => f.mandatory = Some(r.bool(name, value)?),
        "subject" => f.subject = Some(r.text(name, value)?.trim().to_string()),
        "receipt" => f.receipt = Some(r.text(name, value)?),
        "note" => f.note = Some(r.string(name, value)?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// An amount that is not more than zero: a refund or a correction is an
/// amendment, and only an event may cost nothing.
fn not_positive(r: &Reader<'_>, value: &Value<'_>, a: crate::money::Amount) -> InputError {
    r.err(
        value.span(),
        crate::msg!(
            "`amount` måste vara mer än noll (fick {})",
            "`amount` must be more than zero (got {})",
            a
        ),
    )
    .with_hint(if a.is_zero() {
        crate::msg!(
            "bara ett evenemang (`event = …`) kan kosta noll; en återbetalning eller rättelse är en ändring: `st-budget amend ID --amount …`",
            "only an event (`event = …`) may cost nothing; a refund or correction is an amendment: `st-budget amend ID --amount …`",
        )
    } else {
        crate::msg!(
            "en återbetalning eller rättelse är en ändring: `st-budget amend ID --amount …`",
            "a refund or correction is an amendment: `st-budget amend ID --amount …`",
        )
    })
}

/// A word a ledger stores in one spelling only, written some other way (`kurs`,
/// `Booked`) or mistyped: "did you mean" the stored spelling. `noun` is what the
/// word names and `unknown` the phrase for one not known, in the language of
/// messages.
fn word_error<T: words::Stored>(
    r: &Reader<'_>,
    v: &Value<'_>,
    table: &'static [words::Word<T>],
    typed: &str,
    (unknown, noun): (&str, &str),
) -> InputError {
    let err = r.err(v.span(), format!("{unknown} {typed:?}"));
    let known = table
        .iter()
        .map(|w| w.value.stored())
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match words::closest(table, typed) {
        Some(m) => crate::msg!(
            "menade du {m:?}? (liggaren skriver {noun} med ett av orden {known})",
            "did you mean {m:?}? ({noun} is one of: {known})",
            m = m.stored(),
            noun = noun,
            known = known
        ),
        None => crate::msg!(
            "liggaren skriver {noun} med ett av orden {known}",
            "{noun} is one of: {known}",
            noun = noun,
            known = known
        ),
    };
    err.with_hint(hint)
}

/// Approvals, role → date. A role outside the five built in is noted with
/// where it stands: the policy decides whether it declares it.
fn read_approvals(
    r: &Reader<'_>,
    v: &Value<'_>,
    roles: &mut Vec<RoleUse>,
) -> Result<BTreeMap<Role, NaiveDate>, InputError> {
    let t = r.table("approvals", v).map_err(|e| {
        e.with_hint(crate::msg!(
            "skriv {}",
            "write {}",
            "approvals = { handledare = 2024-01-15 }"
        ))
    })?;
    let mut out = BTreeMap::new();
    for (key, value) in t.iter() {
        let name: &str = key.get_ref();
        let role = Role::named(name);
        if let Role::Declared(id) = &role {
            roles.push(RoleUse {
                role: id.clone(),
                offset: key.span().start,
            });
        }
        out.insert(role, r.date(name, value)?);
    }
    Ok(out)
}

fn read_entry(
    r: &Reader<'_>,
    v: &Value<'_>,
    roles: &mut Vec<RoleUse>,
) -> Result<Entry, InputError> {
    let t = r.table("entry", v)?;
    let mut f = Fields::default();
    let mut id = None;
    for (key, value) in t.iter() {
        if key.get_ref().as_ref() == "id" {
            id = Some(r.int_in("id", value, 1..=i64::from(u32::MAX))? as u32);
        } else if !read_field(r, &mut f, key, value, roles)? {
            let mut known = vec!["id"];
            known.extend_from_slice(FIELD_KEYS);
            return Err(r.unknown_key(key, "[[entry]]", &known));
        }
    }
    if f.amount.is_some_and(|a| a.is_zero())
        && f.event.is_none()
        && let (Some(a), Some(v)) = (f.amount, t.get("amount"))
    {
        return Err(not_positive(r, v, a));
    }
    // Named in messages only: built when a field is missing, not for every entry.
    let what = || match id {
        Some(id) => format!("entry {id}"),
        None => "[[entry]]".to_string(),
    };
    let entry = Entry {
        id: id.ok_or_else(|| missing(r, v, &what(), "id"))?,
        date: f.date.ok_or_else(|| missing(r, v, &what(), "date"))?,
        kind: f.kind.ok_or_else(|| missing(r, v, &what(), "kind"))?,
        description: f
            .description
            .take()
            .ok_or_else(|| missing(r, v, &what(), "description"))?,
        amount: f.amount.ok_or_else(|| missing(r, v, &what(), "amount"))?,
        end: f.end,
        provider: f.provider,
        goal: f.goal,
        online: f.online.unwrap_or(false),
        catalogue: f.catalogue.unwrap_or(false),
        programme: f.programme,
        international: f.international.unwrap_or(false),
        for_entry: f.for_entry,
        travel_mode: f.travel_mode,
        booked_via: f.booked_via,
        distance_km: f.distance_km,
        nights: f.nights,
        status: f.status.unwrap_or(Status::Planned),
        approvals: f.approvals,
        applied: f.applied,
        cancel_by: f.cancel_by,
        funded_by: f.funded_by,
        days: f.days,
        event: f.event,
        abroad: f.abroad.unwrap_or(false),
        in_region: f.in_region.unwrap_or(false),
        mandatory: f.mandatory.unwrap_or(false),
        subject: f.subject,
        receipt: f.receipt,
        note: f.note,
        status_recorded: None,
        offset: v.span().start,
    };
    Ok(entry)
}

fn read_amendment(
    r: &Reader<'_>,
    v: &Value<'_>,
    roles: &mut Vec<RoleUse>,
) -> Result<Amendment, InputError> {
    let t = r.table("amendment", v)?;
    let mut f = Fields::default();
    let (mut entry, mut recorded) = (None, None);
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "entry" => entry = Some(r.int_in("entry", value, 1..=i64::from(u32::MAX))? as u32),
            "recorded" => recorded = Some(r.date("recorded", value)?),
            "id" => {
                return Err(r
                    .err(
                        key.span(),
                        crate::msg!(
                            "en ändring kan inte byta en posts id",
                            "an amendment cannot change an entry's id",
                        ),
                    )
                    .with_hint(crate::msg!(
                        "ange posten med `entry = ID`",
                        "name the entry with `entry = ID`",
                    )));
            }
            _ => {
                if !read_field(r, &mut f, key, value, roles)? {
                    let mut known = vec!["entry", "recorded"];
                    known.extend_from_slice(FIELD_KEYS);
                    return Err(r.unknown_key(key, "[[amendment]]", &known));
                }
            }
        }
    }
    Ok(Amendment {
        entry: entry.ok_or_else(|| missing(r, v, "[[amendment]]", "entry"))?,
        recorded,
        fields: f,
        offset: v.span().start,
    })
}

fn read_change(r: &Reader<'_>, v: &Value<'_>) -> Result<TraineeChange, InputError> {
    let t = r.table("trainee_change", v)?;
    let mut c = TraineeChange {
        offset: v.span().start,
        ..TraineeChange::default()
    };
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "recorded" => c.recorded = Some(r.date("recorded", value)?),
            "name" => c.name = Some(r.text("name", value)?),
            "id" => c.id = Some(r.text("id", value)?),
            "certificate" => c.certificate = Some(r.date("certificate", value)?),
            "double_specialisation" => {
                c.double_specialisation = Some(r.bool("double_specialisation", value)?)
            }
            "programmes" => c.programmes = Some(read_strings(r, "programmes", value)?),
            "unit" => c.unit = Some(r.text("unit", value)?),
            "policy" | "start" => {
                return Err(r
                    .err(
                        key.span(),
                        crate::msg!(
                            "`{}` kan inte ändras efter init",
                            "`{}` cannot be changed after init",
                            key.get_ref()
                        ),
                    )
                    .with_hint(crate::msg!(
                        "ett nytt regelverk eller en ny ST-start är en ny liggare",
                        "a new policy or ST start is a new ledger",
                    )));
            }
            _ => return Err(r.unknown_key(key, "[[trainee_change]]", CHANGE_KEYS)),
        }
    }
    Ok(c)
}

fn read_seal(r: &Reader<'_>, v: &Value<'_>) -> Result<Seal, InputError> {
    let t: &DeTable<'_> = r.table("seal", v)?;
    let mut s = Seal {
        algorithm: String::new(),
        records: 0,
        hash: String::new(),
        chain: Vec::new(),
        exported: None,
        offset: v.span().start,
    };
    let mut seen = HashSet::new();
    for (key, value) in t.iter() {
        let name: &str = key.get_ref();
        seen.insert(name.to_string());
        match name {
            "algorithm" => s.algorithm = r.text(name, value)?,
            "records" => s.records = r.int_in(name, value, 0..=i64::from(u32::MAX))? as usize,
            "hash" => s.hash = r.text(name, value)?,
            "chain" => {
                for item in r.array(name, value)? {
                    s.chain.push(r.text(name, item)?);
                }
            }
            "exported" => s.exported = Some(r.date(name, value)?),
            _ => return Err(r.unknown_key(key, "[seal]", SEAL_KEYS)),
        }
    }
    for required in ["algorithm", "records", "hash"] {
        if !seen.contains(required) {
            return Err(missing(r, v, "[seal]", required));
        }
    }
    Ok(s)
}

/// Checks what no single table can: ids, references, order, dates against each other.
fn validate(src: &Source<'_>, l: &Ledger) -> Result<(), InputError> {
    check_service_order(src, l)?;
    let ids = unique_ids(src, l)?;
    for a in &l.amendments {
        if !ids.contains_key(&a.entry) {
            return Err(error_at(
                src,
                a.offset,
                crate::msg!(
                    "ändringen gäller post {}, som inte finns",
                    "the amendment names entry {}, which does not exist",
                    a.entry
                ),
            ));
        }
    }
    free_only_for_an_event(src, l, &ids)?;
    if let Some(c) = l
        .trainee_changes
        .iter()
        .find(|c| c.certificate.is_some_and(|d| d < l.trainee.start))
    {
        return Err(error_at(
            src,
            c.offset,
            crate::msg!(
                "specialistbeviset är före ST-starten ({})",
                "the certificate is before the ST start ({})",
                l.trainee.start
            ),
        ));
    }
    // What amendments produce must hold too.
    let mut links = Links::amended(l, ids);
    for (i, e) in l.entries.iter().enumerate() {
        links
            .check(i)
            .map_err(|p| link_problem_in_file(src, e, p))?;
    }
    Ok(())
}

/// Only an event may cost nothing: `read_entry` holds an entry to it, and
/// this the amendments, in file order, each on the entry as the amendments
/// before it leave it (one of them may have made it an event).
fn free_only_for_an_event(
    src: &Source<'_>,
    l: &Ledger,
    ids: &HashMap<u32, usize>,
) -> Result<(), InputError> {
    let mut events: HashSet<u32> = l
        .entries
        .iter()
        .filter(|e| e.may_be_free())
        .map(|e| e.id)
        .collect();
    for record in &l.records {
        let Record::Amendment(k) = *record else {
            continue;
        };
        let a = &l.amendments[k];
        if a.fields.event.is_some() {
            events.insert(a.entry);
        }
        if a.fields.amount.is_some_and(|x| x.is_zero())
            && ids.contains_key(&a.entry)
            && !events.contains(&a.entry)
        {
            return Err(error_at(
                src,
                a.offset,
                crate::msg!(
                    "ändringen sätter `amount` till noll för post {}, som inte är ett evenemang",
                    "the amendment sets `amount` to zero for entry {}, which is not an event",
                    a.entry
                ),
            )
            .with_hint(crate::msg!(
                "bara ett evenemang (`event = …`) kan kosta noll",
                "only an event (`event = …`) may cost nothing",
            )));
        }
    }
    Ok(())
}

/// An error at a place in the file.
fn error_at(src: &Source<'_>, offset: usize, message: String) -> InputError {
    let (line, col) = src.line_col(offset);
    InputError::new(src.path, message).at(line, col)
}

/// Service periods: strictly in date order.
fn check_service_order(src: &Source<'_>, l: &Ledger) -> Result<(), InputError> {
    for pair in l.services.windows(2) {
        if pair[1].from <= pair[0].from {
            return Err(error_at(
                src,
                pair[1].offset,
                crate::msg!(
                    "tjänstgöringsperioder ska stå i datumordning utan överlapp: {} kommer inte efter {}",
                    "service periods must be in date order without overlap: {} does not come after {}",
                    pair[1].from,
                    pair[0].from
                ),
            )
            .with_hint(crate::msg!("varje [[service]] gäller tills nästa börjar; skriv den äldsta först", "each [[service]] lasts until the next one starts; list them oldest first")));
        }
    }
    Ok(())
}

/// Entry ids: unique. Maps an id to its index in `l.entries`.
fn unique_ids(src: &Source<'_>, l: &Ledger) -> Result<HashMap<u32, usize>, InputError> {
    let mut ids: HashMap<u32, usize> = HashMap::with_capacity(l.entries.len());
    for (i, e) in l.entries.iter().enumerate() {
        if let Some(first) = ids.insert(e.id, i) {
            return Err(error_at(
                src,
                e.offset,
                crate::msg!(
                    "post-id {} finns två gånger (först på rad {})",
                    "duplicate entry id {} (first used on line {})",
                    e.id,
                    src.line(l.entries[first].offset)
                ),
            )
            .with_hint(crate::msg!(
                "använd nästa lediga id, {}",
                "use the next free id, {}",
                l.next_id()
            )));
        }
    }
    Ok(ids)
}

/// A [`LinkProblem`] of a file's entry, as the file's reader is told it.
fn link_problem_in_file(src: &Source<'_>, e: &Entry, p: LinkProblem) -> InputError {
    let id = e.id;
    let message = match p {
        LinkProblem::EndBeforeDate { end, date } => crate::msg!(
            "post {}: `end` ({}) är före `date` ({})",
            "entry {}: `end` ({}) is before `date` ({})",
            id,
            end,
            date
        ),
        LinkProblem::ForItself => crate::msg!(
            "post {}: `for` pekar på posten själv",
            "entry {}: `for` points to the entry itself",
            id
        ),
        LinkProblem::ForMissing { target } => {
            return error_at(
                src,
                e.offset,
                crate::msg!(
                    "post {}: `for = {}` anger en post som inte finns",
                    "entry {}: `for = {}` names an entry that does not exist",
                    id,
                    target
                ),
            )
            .with_hint(crate::msg!(
                "`for` är id för kursen, kongressen eller posten som kostnaden hör till",
                "`for` is the id of the course, congress or other entry this cost belongs to",
            ));
        }
        LinkProblem::Cycle { .. } => crate::msg!(
            "post {}: `for`-hänvisningarna bildar en cirkel",
            "entry {}: `for` references form a cycle",
            id
        ),
    };
    error_at(src, e.offset, message)
}

/// What can be wrong with an entry's dates and its `for` link: the rules a file
/// and a new or amended entry (`add`, `amend`) share. The caller words it: a file
/// names the entry and its line, a command names its flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// `end` is before `date`.
    EndBeforeDate { end: NaiveDate, date: NaiveDate },
    /// `for` names the entry itself.
    ForItself,
    /// `for` names an entry that does not exist.
    ForMissing { target: u32 },
    /// Following `for` from `target` comes back to the entry.
    Cycle { target: u32 },
}

/// Checks the dates and the `for` link of entry `id`, one of `entries`: what
/// `add` and `amend` ask of an entry before they write it, by the rules a
/// ledger file is held to.
pub fn check_links(entries: &[Entry], id: u32) -> Result<(), LinkProblem> {
    let ids: HashMap<u32, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let Some(&i) = ids.get(&id) else {
        return Ok(());
    };
    Links::new(entries.iter().map(Link::of).collect(), ids).check(i)
}

/// The fields of an entry, after amendments, that are checked against others.
struct Link {
    id: u32,
    date: NaiveDate,
    end: Option<NaiveDate>,
    for_entry: Option<u32>,
}

impl Link {
    fn of(e: &Entry) -> Link {
        Link {
            id: e.id,
            date: e.date,
            end: e.end,
            for_entry: e.for_entry,
        }
    }
}

/// The entries' dates and `for` links, and how far the walks along `for` have
/// got: each entry is walked at most once, so a long chain stays linear.
struct Links {
    links: Vec<Link>,
    /// An entry id to its index in `links`.
    ids: HashMap<u32, usize>,
    chain: HashMap<u32, ChainState>,
}

impl Links {
    fn new(links: Vec<Link>, ids: HashMap<u32, usize>) -> Links {
        Links {
            links,
            ids,
            chain: HashMap::new(),
        }
    }

    /// A ledger's entries as its amendments leave them. Only dates and links are
    /// checked, so only they are followed through the amendments: no copy of the
    /// entries.
    fn amended(l: &Ledger, ids: HashMap<u32, usize>) -> Links {
        let mut links: Vec<Link> = l.entries.iter().map(Link::of).collect();
        for record in &l.records {
            if let Record::Amendment(i) = *record {
                let a = &l.amendments[i];
                if let Some(&j) = ids.get(&a.entry) {
                    let k = &mut links[j];
                    k.date = a.fields.date.unwrap_or(k.date);
                    k.end = a.fields.end.or(k.end);
                    k.for_entry = a.fields.for_entry.or(k.for_entry);
                }
            }
        }
        Links::new(links, ids)
    }

    /// Checks the entry at index `i`.
    fn check(&mut self, i: usize) -> Result<(), LinkProblem> {
        let k = &self.links[i];
        if let Some(end) = k.end
            && end < k.date
        {
            return Err(LinkProblem::EndBeforeDate { end, date: k.date });
        }
        let Some(target) = k.for_entry else {
            return Ok(());
        };
        if target == k.id {
            return Err(LinkProblem::ForItself);
        }
        if !self.ids.contains_key(&target) {
            return Err(LinkProblem::ForMissing { target });
        }
        // Follow the chain; entries already known to end somewhere are not
        // walked again.
        let mut path = Vec::new();
        let mut cur = k.id;
        loop {
            match self.chain.get(&cur) {
                Some(ChainState::Ends) => break,
                Some(ChainState::OnPath) => return Err(LinkProblem::Cycle { target }),
                None => {}
            }
            self.chain.insert(cur, ChainState::OnPath);
            path.push(cur);
            match self.ids.get(&cur).and_then(|&j| self.links[j].for_entry) {
                Some(next) if self.ids.contains_key(&next) => cur = next,
                _ => break,
            }
        }
        for id in path {
            self.chain.insert(id, ChainState::Ends);
        }
        Ok(())
    }
}

/// Where the walk along `for` links stands for an entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ChainState {
    /// On the chain being followed now: meeting it again is a cycle.
    OnPath,
    /// Its chain is known to end.
    Ends,
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "format = 1\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n";

    fn entry(id: u32, extra: &str) -> String {
        format!(
            "\n[[entry]]\nid = {id}\ndate = 2024-03-11\nkind = \"course\"\ndescription = \"K\"\namount = \"100\"\n{extra}"
        )
    }

    fn ledger(entries: &[String]) -> Ledger {
        parse("t.toml", &format!("{HEAD}{}", entries.concat())).expect("parses")
    }

    #[test]
    fn a_new_entry_is_held_to_the_rules_of_a_file() {
        let l = ledger(&[entry(1, ""), entry(2, "for = 1\n")]);
        let mut entries = l.entries.clone();
        let mut new = entries[0].clone();
        new.id = 3;
        new.for_entry = Some(2);
        entries.push(new.clone());
        assert_eq!(check_links(&entries, 3), Ok(()));

        entries[2].for_entry = Some(9);
        assert_eq!(
            check_links(&entries, 3),
            Err(LinkProblem::ForMissing { target: 9 })
        );
        entries[2].for_entry = Some(3);
        assert_eq!(check_links(&entries, 3), Err(LinkProblem::ForItself));
        entries[2].for_entry = None;
        entries[2].end = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
        assert!(matches!(
            check_links(&entries, 3),
            Err(LinkProblem::EndBeforeDate { .. })
        ));
        // Entry 1 amended to belong to entry 2, which belongs to entry 1.
        let mut entries = l.entries.clone();
        entries[0].for_entry = Some(2);
        assert_eq!(
            check_links(&entries, 1),
            Err(LinkProblem::Cycle { target: 2 })
        );
    }

    #[test]
    fn a_file_words_the_same_problems_with_the_entry_and_its_line() {
        let text = format!(
            "{HEAD}{}{}\n[[amendment]]\nentry = 1\nfor = 2\n",
            entry(1, ""),
            entry(2, "for = 1\n")
        );
        let e = parse("t.toml", &text).expect_err("a cycle");
        assert_eq!(e.location.map(|(line, _)| line), Some(7));
        assert!(
            e.to_string()
                .contains("entry 1: `for` references form a cycle")
        );
        let e = parse("t.toml", &format!("{HEAD}{}", entry(1, "for = 4\n"))).expect_err("missing");
        assert!(
            e.to_string()
                .contains("`for = 4` names an entry that does not exist")
        );
        assert!(e.hint.is_some());
    }
}
