//! Reading a ledger file: TOML text in, a validated [`Ledger`] out, or an
//! [`InputError`] that names the line and column of the first mistake.
//!
//! The text is read as a stream ([`crate::tomlx::stream`]): each value goes
//! straight into the record it belongs to, no tree of the document is built.
//! What each record's keys mean is a table of fields ([`ENTRY_FIELDS`] and the
//! ones beside it): a key, and how its value is read. A new field of an entry
//! is one line there (and its place in [`Fields`] and [`Entry`]).
//!
//! The first mistake is the one the reader of `toml`'s tree (whose tables are
//! sorted by key) met first, so that a file with several mistakes is answered
//! as before: a TOML error before any other; then the records' mistakes in the
//! order of the ledger's top-level keys sorted (all amendments before the
//! entries), records in file order, each record's fields sorted by key, then
//! what the record misses; then the dates' window (in file order); then what
//! no record alone can show.

use std::collections::{HashMap, HashSet};

use arcstr::ArcStr;
use chrono::NaiveDate;
use compact_str::CompactString;

use super::model::*;
use super::window::{Watch, is_date_key};
use super::words;
use crate::diag::{InputError, Source};
use crate::ids::IdIndex;
use crate::tomlx::plain;
use crate::tomlx::stream::{self, Node, Seg};
use crate::tomlx::{Item, Reader, View, strip_bom};

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
/// What each of [`TOP_KEYS`] is, in its order.
const TOPS: [Top; 8] = [
    Top::Format,
    Top::Uid,
    Top::Trainee,
    Top::Service,
    Top::Entry,
    Top::Amendment,
    Top::Change,
    Top::Seal,
];
const RECORD_KEYS: &[&str] = &["entry", "amendment", "service", "trainee_change"];

/// How one key's value is read into a record `T`: the reader, the record, the
/// key, the path from the key down (the key alone for a plain value; an
/// element or a role below it for a list or `approvals`), and the value.
type Read<T> =
    fn(&Reader<'_>, &mut T, &'static str, &[Seg<'_>], &Node<'_>) -> Result<(), InputError>;

/// How one key's value is read into a record `T` where it is written the
/// plain way, without a [`Node`] (the entries' lane, [`Loader::body`]): the
/// value [`Read`] makes of the same text, set straight into the record.
/// Anything else written there goes through its [`Read`], which words what
/// is wrong with it.
enum Fast<T> {
    /// A bare day, `YYYY-MM-DD`.
    Date(fn(&mut T, NaiveDate)),
    /// A bare whole number in plain digits, from the first to the second.
    Whole(i64, i64, fn(&mut T, i64)),
    /// `true` or `false`.
    Flag(fn(&mut T, bool)),
    /// A string without escapes, and where the value is written: the setter
    /// says whether it took it as its [`Read`] would (a text not blank, a
    /// word of its list, an amount in range).
    Letters(fn(&mut T, &str, usize) -> bool),
    /// Through [`Read`] always.
    No,
}

impl<T> Fast<T> {
    /// `value` into `record` this way, where it is written so: `Some`, with
    /// the day and how it is written when it is a date (for the window).
    /// `None`: read it through [`Read`].
    fn set(&self, record: &mut T, value: &plain::Value<'_>) -> Option<Option<plain::Day>> {
        match *self {
            Fast::Date(set) => {
                let day = plain::day(value.bare()?)?;
                set(record, day.0);
                return Some(Some(day));
            }
            Fast::Whole(first, last, set) => {
                let n = plain::whole(value.bare()?).filter(|n| (first..=last).contains(n))?;
                set(record, n);
            }
            Fast::Flag(set) => match value.bare()? {
                "true" => set(record, true),
                "false" => set(record, false),
                _ => return None,
            },
            Fast::Letters(set) => {
                if !set(record, value.letters()?, value.span.start) {
                    return None;
                }
            }
            Fast::No => return None,
        }
        Some(None)
    }
}

/// A key of a record: how its value is read, and read fast.
struct Field<T> {
    read: Read<T>,
    fast: Fast<T>,
}

impl<T> Field<T> {
    /// A key read by `read` alone.
    const fn by(read: Read<T>) -> Field<T> {
        Field {
            read,
            fast: Fast::No,
        }
    }
}

/// A record's keys and how each is read.
type FieldTable<T> = &'static [(&'static str, Field<T>)];

/// `field = reader`: the value read with the [`Reader`] method of that name;
/// `field = fn f`: with the function `f` of this file; `field = int_in(range)
/// as T`: a whole number in `range`; `field = compact`: a text kept inline
/// when short. Each with its [`Fast`] way, where it has one.
macro_rules! set {
    // The field set to `$made` (made of the reader `r`, the key `k` and the
    // value `v`, `?` applied), and read the fast way by `$fast`.
    (@ $($field:ident).+, |$r:ident, $k:ident, $v:ident| $made:expr, $fast:expr) => {
        Field {
            read: |$r, f, $k, _, $v| {
                f.$($field).+ = Some($made);
                Ok(())
            },
            fast: $fast,
        }
    };
    ($($field:ident).+ = int_in($range:expr) as $t:ty) => {
        set!(@ $($field).+, |r, k, v| r.int_in(k, v, $range)? as $t,
            Fast::Whole(*($range).start(), *($range).end(), |f, n| f.$($field).+ = Some(n as $t)))
    };
    ($($field:ident).+ = compact) => {
        set!(@ $($field).+, |r, k, v| compact_text(r, k, v)?,
            Fast::Letters(|f, s, _| taken(s, |s| f.$($field).+ = Some(CompactString::from(s)))))
    };
    ($($field:ident).+ = short) => {
        set!(@ $($field).+, |r, k, v| short(r, k, v, any_text)?,
            Fast::Letters(|f, s, _| short_enough(s) && taken(s, |s| f.$($field).+ = Some(s.to_string()))))
    };
    ($($field:ident).+ = text) => {
        set!(@ $($field).+, |r, k, v| r.text(k, v)?,
            Fast::Letters(|f, s, _| taken(s, |s| f.$($field).+ = Some(s.to_string()))))
    };
    ($($field:ident).+ = fn $read:ident, parse $word:ident) => {
        set!(@ $($field).+, |r, k, v| $read(r, k, v)?,
            Fast::Letters(|f, s, _| $word::parse(s).map(|w| f.$($field).+ = Some(w)).is_some()))
    };
    ($($field:ident).+ = date) => {
        set!(@ $($field).+, |r, k, v| r.date(k, v)?, Fast::Date(|f, d| f.$($field).+ = Some(d)))
    };
    ($($field:ident).+ = bool) => {
        set!(@ $($field).+, |r, k, v| r.bool(k, v)?, Fast::Flag(|f, b| f.$($field).+ = Some(b)))
    };
    ($($field:ident).+ = fn $read:ident) => {
        set!(@ $($field).+, |r, k, v| $read(r, k, v)?, Fast::No)
    };
    ($($field:ident).+ = $read:ident) => {
        set!(@ $($field).+, |r, k, v| r.$read(k, v)?, Fast::No)
    };
}

/// A text written as `s` taken by `set`, where the field's reader takes it:
/// when it is not blank.
fn taken(s: &str, set: impl FnOnce(&str)) -> bool {
    let take = !crate::ledger::model::trim(s).is_empty();
    if take {
        set(s);
    }
    take
}

const ID: std::ops::RangeInclusive<i64> = 1..=u32::MAX as i64;

/// Where each of [`ENTRY_FIELDS`]' keys stands in it, by
/// [`plain::key_slot`] (its index plus one; 0 for none): a key is found with
/// one look instead of a search. Built when compiling, which fails if two of
/// the keys share a place, or one shares the place of `id`: [`plain::body`]
/// leaves a table whose keys share a place to the walker.
const ENTRY_SLOTS: [u8; 64] = {
    let mut slots = [0u8; 64];
    let mut i = 0;
    while i < ENTRY_FIELDS.len() {
        let slot = plain::key_slot(ENTRY_FIELDS[i].0);
        assert!(slots[slot] == 0, "two keys of an entry share a slot");
        slots[slot] = (i + 1) as u8;
        i += 1;
    }
    assert!(
        slots[plain::key_slot("id")] == 0,
        "a key of an entry shares the slot of `id`"
    );
    slots
};

/// The key of an entry's (or an amendment's) field that `key` is, and how
/// it is read.
fn entry_field(key: &str) -> Option<&'static (&'static str, Field<FieldsBuilder>)> {
    let i = usize::from(ENTRY_SLOTS[plain::key_slot(key)]).checked_sub(1)?;
    let found = &ENTRY_FIELDS[i];
    plain::same(found.0, key).then_some(found)
}

/// An entry's `id` (an amendment has none: it names its entry).
const ENTRY_ID: Field<EntryBuilder> = set!(id = int_in(ID) as u32);

/// The fields an entry states and an amendment corrects.
const ENTRY_FIELDS: FieldTable<FieldsBuilder> = &[
    ("date", set!(f.date = date)),
    ("end", set!(f.end = date)),
    ("kind", set!(f.kind = fn read_kind, parse Kind)),
    ("description", set!(f.description = compact)),
    (
        "amount",
        Field {
            read: |r, b, k, _, v| b.amount(r, k, v),
            fast: Fast::Letters(FieldsBuilder::amount_written),
        },
    ),
    ("provider", set!(f.provider = compact)),
    ("goal", set!(f.goal = fn read_goal, parse Goal)),
    ("online", set!(f.online = bool)),
    ("catalogue", set!(f.catalogue = bool)),
    ("programme", set!(f.programme = fn trimmed)),
    ("international", set!(f.international = bool)),
    ("for", set!(f.for_entry = int_in(ID) as u32)),
    ("travel_mode", set!(f.travel_mode = compact)),
    ("booked_via", set!(f.booked_via = text)),
    (
        "distance_km",
        set!(f.distance_km = int_in(0..=MAX_DISTANCE_KM as i64) as u32),
    ),
    (
        "nights",
        set!(f.nights = int_in(0..=MAX_NIGHTS as i64) as u16),
    ),
    ("status", set!(f.status = fn read_status, parse Status)),
    (
        "approvals",
        Field::by(|r, b, _, path, v| b.approval(r, path, v)),
    ),
    ("applied", set!(f.applied = date)),
    ("cancel_by", set!(f.cancel_by = date)),
    (
        "funded_by",
        set!(f.funded_by = fn read_funder, parse Funder),
    ),
    ("days", set!(f.days = int_in(0..=MAX_DAYS as i64) as u32)),
    ("event", set!(f.event = fn trimmed)),
    ("abroad", set!(f.abroad = bool)),
    ("in_region", set!(f.in_region = bool)),
    ("mandatory", set!(f.mandatory = bool)),
    ("subject", set!(f.subject = fn trimmed)),
    ("receipt", set!(f.receipt = text)),
    ("note", set!(f.note = string)),
];

const TRAINEE_FIELDS: FieldTable<TraineeBuilder> = &[
    ("name", set!(name = short)),
    ("id", set!(id = short)),
    ("policy", set!(policy = fn short_trimmed)),
    (
        "start",
        Field::by(|r, t, k, _, v| {
            t.start = Some((r.date(k, v)?, v.span.start));
            Ok(())
        }),
    ),
    (
        "certificate",
        Field::by(|r, t, k, _, v| {
            t.certificate = Some((r.date(k, v)?, v.span.start));
            Ok(())
        }),
    ),
    ("double_specialisation", set!(double = bool)),
    (
        "programmes",
        Field::by(|r, t, k, path, v| texts(r, &mut t.programmes, (k, true), path, v)),
    ),
    ("unit", set!(unit = short)),
];

const SERVICE_FIELDS: FieldTable<ServiceBuilder> = &[
    ("from", set!(from = date)),
    ("percent", set!(percent = int_in(0..=100) as u8)),
];

const CHANGE_FIELDS: FieldTable<TraineeChange> = &[
    ("recorded", set!(recorded = date)),
    ("name", set!(name = short)),
    ("id", set!(id = short)),
    ("certificate", set!(certificate = date)),
    ("double_specialisation", set!(double_specialisation = bool)),
    (
        "programmes",
        Field::by(|r, c, k, path, v| {
            let programmes = c.programmes.get_or_insert_with(Vec::new);
            texts(r, programmes, (k, true), path, v)
        }),
    ),
    ("unit", set!(unit = short)),
];

const SEAL_FIELDS: FieldTable<SealBuilder> = &[
    ("algorithm", set!(algorithm = text)),
    (
        "records",
        set!(records = int_in(0..=u32::MAX as i64) as usize),
    ),
    ("hash", set!(hash = text)),
    (
        "chain",
        Field::by(|r, s, k, path, v| texts(r, &mut s.chain, (k, false), path, v)),
    ),
    ("exported", set!(exported = date)),
];

/// A non-empty text, held inline when it is short (no allocation of its own).
fn compact_text(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<CompactString, InputError> {
    r.text_str(key, v).map(CompactString::from)
}

/// The names of a table's fields, for "did you mean" (`extra` first).
fn names<T>(extra: &[&'static str], table: FieldTable<T>) -> Vec<&'static str> {
    extra
        .iter()
        .copied()
        .chain(table.iter().map(|(k, _)| *k))
        .collect()
}

/// Reads the key at the head of `path` into `record` by `table`; `Ok(false)`
/// for a key the table does not have.
fn read_by<T>(
    r: &Reader<'_>,
    table: FieldTable<T>,
    record: &mut T,
    path: &[Seg<'_>],
    v: &Node<'_>,
) -> Result<bool, InputError> {
    let Some(Seg::Key(key, _)) = path.first() else {
        return Ok(true);
    };
    match table.iter().find(|(k, _)| plain::same(k, key)) {
        Some((k, field)) => (field.read)(r, record, k, path, v).map(|()| true),
        None => Ok(false),
    }
}

/// Parses and validates a ledger. `path` is only used in messages.
pub fn parse(path: &str, text: &str) -> Result<Ledger, InputError> {
    parse_in(path, text, true)
}

/// [`parse`], with the entries' lane ([`Loader::body`]) or without it (a
/// test reads each text both ways).
fn parse_in(path: &str, text: &str, lane: bool) -> Result<Ledger, InputError> {
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
    let r = Reader::new(src);
    // The plain layout every ledger is written in, fast; anything else (and
    // every TOML error) by the reader of all of TOML, which words the error.
    let room = Room::estimate(text);
    let mut loader = Loader::new(r, false);
    loader.lane = lane;
    loader.l.make_room(room);
    if plain::walk(text, &mut loader, plain::Decode::All).is_err() {
        loader = Loader::new(r, false);
        loader.l.make_room(room);
        stream::walk(text, &mut loader).map_err(|e| crate::tomlx::stream_error(&src, &e))?;
    }
    let (builder, watch) = loader.finish()?;
    let start_at = builder.start_at;
    let ledger = builder.finish(&src)?;
    watch.check(&r, ledger.trainee.start, start_at)?;
    validate(&src, &ledger)?;
    Ok(ledger)
}

/// Checks that an appended record (an `[[entry]]`, `[[amendment]]`, `[[service]]`
/// or `[[trainee_change]]` table) reads back on its own, without re-reading the
/// whole ledger. References to other entries are the caller's to check.
pub fn check_fragment(text: &str) -> Result<(), InputError> {
    let src = Source::new("new record", text);
    let mut loader = Loader::new(Reader::new(src), true);
    stream::walk(text, &mut loader).map_err(|e| crate::tomlx::stream_error(&src, &e))?;
    loader.finish().map(|_| ())
}

/// A record being read, with the byte offset of its table.
enum Open {
    Trainee(TraineeBuilder),
    Service(ServiceBuilder),
    Entry(EntryBuilder),
    Amendment(AmendmentBuilder),
    Change(TraineeChange),
    Seal(SealBuilder),
}

/// A top-level key of the ledger and the record of it being read. The first
/// mistake of the first key in sorted order that has one wins.
struct Group {
    name: String,
    /// What the key is, when it is one a ledger (or a lone record) has.
    top: Option<Top>,
    open: Option<Reading>,
    error: Option<InputError>,
}

/// A top-level key of a ledger ([`TOP_KEYS`]), known once for its group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Top {
    Format,
    Uid,
    Trainee,
    Service,
    Entry,
    Amendment,
    Change,
    Seal,
}

impl Top {
    /// The key `name`, where it is one of `known`'s.
    fn of(name: &str, known: &[&str]) -> Option<Top> {
        let i = TOP_KEYS.iter().position(|k| *k == name)?;
        known.contains(&name).then_some(TOPS[i])
    }
}

/// A record being read: what it is, where its table starts, and its first
/// mistake so far by the sorted order of its keys (a record is read to its end
/// before its mistake is final).
struct Reading {
    open: Open,
    at: usize,
    error: Option<(Vec<Part>, InputError)>,
}

/// A part of a field's path, ordered as `toml`'s tables order keys.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Key(String),
    Index(usize),
}

/// Reads the stream of a ledger into its records.
struct Loader<'r> {
    r: Reader<'r>,
    /// A lone record (`check_fragment`): only arrays of records at the top.
    fragment: bool,
    /// Whether an entry's fields are read by [`Loader::body`].
    lane: bool,
    groups: Vec<Group>,
    index: HashMap<String, usize>,
    /// The group of the value before, and where the key it is under is
    /// written: a key written at the same place is the same key.
    recent: usize,
    recent_at: usize,
    /// The first group in sorted order with a mistake: later ones need not be read.
    failed: Option<String>,
    l: LedgerBuilder,
    watch: Watch,
}

impl<'r> Loader<'r> {
    fn new(r: Reader<'r>, fragment: bool) -> Loader<'r> {
        Loader {
            r,
            fragment,
            lane: true,
            groups: Vec::new(),
            index: HashMap::new(),
            recent: 0,
            recent_at: usize::MAX,
            failed: None,
            l: LedgerBuilder::default(),
            watch: Watch::default(),
        }
    }

    /// A mistake of group `g` that ends its reading.
    fn fail(&mut self, g: usize, e: InputError) {
        let name = &self.groups[g].name;
        if self.failed.as_ref().is_none_or(|f| name < f) {
            self.failed = Some(name.clone());
        }
        self.groups[g].error = Some(e);
    }

    /// One value of the stream, in the record it belongs to.
    fn read(&mut self, g: usize, path: &[Seg<'_>], v: &Node<'_>) -> Result<(), InputError> {
        let r = self.r;
        let (name, at) = match &path[0] {
            Seg::Key(k, at) => (k.as_ref(), *at),
            Seg::Index(_) => return Ok(()),
        };
        let Some(top) = self.groups[g].top else {
            let (what, known) = if self.fragment {
                (crate::msg!("en post", "a record"), RECORD_KEYS)
            } else {
                (crate::msg!("liggaren", "the ledger"), TOP_KEYS)
            };
            return Err(r.unknown_field(name, at, what, known));
        };
        match (top, &path[1..]) {
            (Top::Format, []) => self.l.format = Some(read_format(&r, v)?),
            (Top::Uid, []) => self.l.uid = Some(short(&r, "uid", v, any_text)?),
            (Top::Trainee | Top::Seal, []) => {
                if !matches!(v.view(), View::Table) {
                    return Err(r.type_error(name, v, crate::msg!("en tabell", "a table")));
                }
                match &mut self.groups[g].open {
                    // A table implied before its header (`[trainee.x]`, then `[trainee]`).
                    Some(record) => record.at = v.span.start,
                    None => {
                        let open = match top {
                            Top::Trainee => Open::Trainee(TraineeBuilder::default()),
                            _ => Open::Seal(SealBuilder::default()),
                        };
                        self.groups[g].open = Some(Reading::new(open, v.span.start));
                    }
                }
            }
            (_, []) if !matches!(v.view(), View::Array) => {
                return Err(r.type_error(name, v, crate::msg!("en lista", "an array")));
            }
            (_, []) => {}
            (Top::Trainee | Top::Seal, rest) => self.field(g, rest, v)?,
            (_, [Seg::Index(_)]) => {
                if !matches!(v.view(), View::Table) {
                    return Err(r.type_error(name, v, crate::msg!("en tabell", "a table")));
                }
                self.close(g)?;
                // Each made where it stays: a record made and then moved
                // into its place was copied once more (0.9 % of an audit's
                // instructions).
                let (open, at) = (&mut self.groups[g].open, v.span.start);
                match top {
                    Top::Service => {
                        *open = Some(Reading::new(Open::Service(ServiceBuilder::default()), at))
                    }
                    Top::Entry => {
                        *open = Some(Reading::new(Open::Entry(EntryBuilder::default()), at))
                    }
                    Top::Amendment => {
                        *open = Some(Reading::new(
                            Open::Amendment(AmendmentBuilder::default()),
                            at,
                        ))
                    }
                    _ => *open = Some(Reading::new(Open::Change(TraineeChange::default()), at)),
                }
            }
            (_, [Seg::Index(_), rest @ ..]) => self.field(g, rest, v)?,
            _ => {}
        }
        Ok(())
    }

    /// A value under a field of the record open in group `g`; `path` starts at
    /// the field's key.
    fn field(&mut self, g: usize, path: &[Seg<'_>], v: &Node<'_>) -> Result<(), InputError> {
        let r = &self.r;
        let Some((Seg::Key(key, key_at), Reading { open, .. })) =
            path.first().zip(self.groups[g].open.as_mut())
        else {
            return Ok(());
        };
        let (key, key_at) = (key.as_ref(), *key_at);
        // What the record is and its keys, for a key it does not have.
        type What = Option<(&'static str, fn() -> Vec<&'static str>)>;
        let (known, what): (bool, What) = match open {
            Open::Trainee(t) => {
                let ok = read_by(r, TRAINEE_FIELDS, t, path, v)?;
                (ok, Some(("[trainee]", || names(&[], TRAINEE_FIELDS))))
            }
            Open::Service(s) => {
                let ok = read_by(r, SERVICE_FIELDS, s, path, v)?;
                (ok, Some(("[[service]]", || names(&[], SERVICE_FIELDS))))
            }
            Open::Seal(s) => {
                s.seen.insert(key.to_string());
                let ok = read_by(r, SEAL_FIELDS, s, path, v)?;
                (ok, Some(("[seal]", || names(&[], SEAL_FIELDS))))
            }
            Open::Change(c) => {
                if matches!(key, "policy" | "start") {
                    return Err(not_after_init(r, key, key_at));
                }
                let ok = read_by(r, CHANGE_FIELDS, c, path, v)?;
                (
                    ok,
                    Some(("[[trainee_change]]", || names(&[], CHANGE_FIELDS))),
                )
            }
            Open::Entry(e) => {
                let ok = e.read(r, path, v)?;
                (ok, Some(("[[entry]]", || names(&["id"], ENTRY_FIELDS))))
            }
            Open::Amendment(a) => match key {
                "entry" => {
                    a.entry = Some(r.int_in("entry", v, ID)? as u32);
                    (true, None)
                }
                "recorded" => {
                    a.recorded = Some(r.date("recorded", v)?);
                    (true, None)
                }
                "id" => return Err(amendment_id(r, key_at)),
                _ => {
                    let ok = read_by(r, ENTRY_FIELDS, &mut a.fields, path, v)?;
                    let known = || names(&["entry", "recorded"], ENTRY_FIELDS);
                    (ok, Some(("[[amendment]]", known)))
                }
            },
        };
        match (known, what) {
            (false, Some((what, names))) => Err(r.unknown_field(key, key_at, what, &names())),
            _ => {
                self.date(g, path, v);
                Ok(())
            }
        }
    }

    /// A date the window applies to, for the window's check.
    fn date(&mut self, g: usize, path: &[Seg<'_>], v: &Node<'_>) {
        date_seen(&mut self.watch, &self.r, g, path, v);
    }

    /// The record open in group `g` is complete: into the ledger.
    fn close(&mut self, g: usize) -> Result<(), InputError> {
        // An entry, the most of a ledger's records, is finished where it is
        // read ([`EntryBuilder::finish`]).
        let Loader { groups, r, l, .. } = self;
        let group = &mut groups[g];
        let Some(reading) = group.open.as_mut() else {
            return Ok(());
        };
        if let Some((_, e)) = reading.error.take() {
            group.open = None;
            return Err(e);
        }
        if let Open::Entry(e) = &mut reading.open {
            l.add_roles(&group.name, std::mem::take(&mut e.fields.roles));
            let at = reading.at;
            let entry = e.finish(r, at, &mut l.names);
            group.open = None;
            let entry = entry?;
            if l.entries.len() == MAX_ENTRIES {
                return Err(too_many_entries(r, at));
            }
            l.entries.push(entry);
            return Ok(());
        }
        let Some(Reading { open, at, .. }) = group.open.take() else {
            return Ok(());
        };
        let rank = group.name.as_str();
        match open {
            Open::Trainee(t) => {
                l.start_at = t.start.map_or(at, |(_, s)| s);
                l.trainee = Some((t.finish(r, at)?, at));
            }
            Open::Service(s) => l.services.push(s.finish(r, at)?),
            // Finished where it was read, above.
            Open::Entry(_) => {}
            Open::Amendment(a) => {
                let entry = a
                    .entry
                    .ok_or_else(|| missing(r, at, "[[amendment]]", "entry"))?;
                l.add_roles(rank, a.fields.roles);
                l.amendments
                    .push(Amendment::new(entry, a.recorded, a.fields.f, at));
            }
            Open::Change(c) => l
                .changes
                .push(KeptChange::of(TraineeChange { offset: at, ..c })),
            Open::Seal(s) => l.seal = Some(s.finish(r, at)?),
        }
        Ok(())
    }

    /// The records still open closed, and the first mistake, if any.
    fn finish(mut self) -> Result<(LedgerBuilder, Watch), InputError> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|a, b| self.groups[*a].name.cmp(&self.groups[*b].name));
        for g in order {
            if self.groups[g].error.is_none()
                && let Err(e) = self.close(g)
            {
                self.groups[g].error = Some(e);
            }
            if let Some(e) = self.groups[g].error.take() {
                return Err(e);
            }
        }
        Ok((self.l, self.watch))
    }
}

/// A date of group `g` at `path` the window applies to, for the window's
/// check.
fn date_seen(watch: &mut Watch, r: &Reader<'_>, g: usize, path: &[Seg<'_>], v: &Node<'_>) {
    // Only a date (or one written in quotes, which `Reader::date` reads
    // too) can be outside the window: numbers and flags are not looked at.
    if !matches!(v.view(), View::Datetime(_) | View::String(_)) {
        return;
    }
    let key = match path {
        [Seg::Key(k, _)] if is_date_key(k) => k.as_ref(),
        [Seg::Key(a, _), Seg::Key(role, _)] if a == "approvals" => role.as_ref(),
        _ => return,
    };
    let written = match v.view() {
        View::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(day), None, None) => Some((day.year, day.month, day.day)),
            _ => None,
        },
        _ => None,
    };
    let top = path.len() == 1;
    window(
        watch,
        (g, key, top),
        written,
        || r.date(key, v).ok(),
        v.span.start,
    );
}

/// The date of group `g` under `key` (a field of its record that holds a
/// date the window applies to when `top`, else a role of `approvals`),
/// written at byte `at`, for the window's check: a day written as one
/// (`written`) that lies inside the window already known needs no more, and
/// is not made a date again (its field has made it one); else `date` makes
/// it one.
fn window(
    watch: &mut Watch,
    (g, key, top): (usize, &str, bool),
    written: Option<(u16, u8, u8)>,
    date: impl FnOnce() -> Option<NaiveDate>,
    at: usize,
) {
    if let Some(day) = written
        && key != "start"
        && watch.surely_inside(day)
    {
        return;
    }
    if let Some(d) = date() {
        if top && key == "start" {
            watch.start(d);
        }
        watch.see(g, key, d, at);
    }
}

impl Reading {
    fn new(open: Open, at: usize) -> Reading {
        Reading {
            open,
            at,
            error: None,
        }
    }
}

impl<'i> stream::Sink<'i> for Loader<'_> {
    /// An entry whose header opened it, read well so far: its fields straight
    /// into it, as the way in [`Loader::node`] takes them one by one. A field
    /// that does not read (or one an entry does not have) leaves the whole
    /// table to [`Loader::node`], which words the mistake; what was read of
    /// the table is thrown away (the dates the window saw of it are seen again
    /// there, alike: the window keeps the first date outside it of each
    /// group, and a date seen twice is the same date).
    fn body(&mut self, path: &[Seg<'i>], text: &'i str, at: usize) -> Option<usize> {
        let [Seg::Key(_, key_at), Seg::Index(_)] = path else {
            return None;
        };
        let g = self.recent;
        let fresh = |group: &Group| {
            group.error.is_none()
                && matches!(
                    &group.open,
                    Some(Reading {
                        open: Open::Entry(_),
                        error: None,
                        ..
                    })
                )
        };
        if !self.lane
            || *key_at != self.recent_at
            || self.failed.is_some()
            || !self.groups.get(g).is_some_and(fresh)
        {
            return None;
        }
        // Read into the entry its header opened, and put back as it was
        // opened when the table is left to the walker.
        let Loader {
            r, watch, groups, ..
        } = self;
        let Some(Reading {
            open: Open::Entry(entry),
            ..
        }) = groups[g].open.as_mut()
        else {
            return None;
        };
        let end = plain::body(text, at, |path, value| {
            // A field of the entry itself (not a role of `approvals`) is found
            // once, and read the fast way where it can be.
            let mut found = None;
            let fast = match path {
                [Seg::Key(key, _)] if key == "id" => ENTRY_ID.fast.set(entry, &value),
                [Seg::Key(key, _)] => {
                    let Some((k, field)) = entry_field(key) else {
                        // Not an entry's: the walker words it.
                        return false;
                    };
                    found = Some((*k, field));
                    field.fast.set(&mut entry.fields, &value)
                }
                // A role's approval on a day written as one.
                [Seg::Key(a, _), Seg::Key(role, at)] if a == "approvals" => {
                    let day = value.bare().and_then(plain::day);
                    day.map(|(date, written)| {
                        entry.fields.approve(role, *at, date);
                        Some((date, written))
                    })
                }
                _ => None,
            };
            if let Some(read) = fast {
                // Only a date is looked at by the window.
                let seen = || match path {
                    [Seg::Key(key, _)] => is_date_key(key).then_some((key, true)),
                    [_, Seg::Key(role, _)] => Some((role, false)),
                    _ => None,
                };
                if let Some((date, written)) = read
                    && let Some((key, top)) = seen()
                {
                    window(
                        watch,
                        (g, key, top),
                        Some(written),
                        || Some(date),
                        value.span.start,
                    );
                }
                return true;
            }
            let Some(node) = value.node() else {
                return false;
            };
            let read = match found {
                Some((k, field)) => (field.read)(r, &mut entry.fields, k, path, &node).is_ok(),
                None => matches!(entry.read(r, path, &node), Ok(true)),
            };
            if read {
                date_seen(watch, r, g, path, &node);
            }
            read
        });
        if end.is_none() {
            *entry = EntryBuilder::default();
        }
        end
    }

    fn node(&mut self, path: &[Seg<'i>], node: Node<'i>) {
        // Most values are a field of the entry being read, under the header
        // of the value before, read well: straight into the entry. Anything
        // else, and a field that cannot be read, goes the whole way below
        // (which reads it again and words the mistake).
        if let [Seg::Key(_, at), Seg::Index(_), field @ Seg::Key(..)] = path
            && *at == self.recent_at
            && self.failed.is_none()
            && let Some(group) = self.groups.get_mut(self.recent)
            && group.error.is_none()
            && let Some(Reading {
                open: Open::Entry(e),
                ..
            }) = group.open.as_mut()
            && let Ok(true) = e.read(&self.r, std::slice::from_ref(field), &node)
        {
            self.date(self.recent, std::slice::from_ref(field), &node);
            return;
        }
        let Some(Seg::Key(name, at)) = path.first() else {
            return;
        };
        if self.failed.as_deref().is_some_and(|f| name.as_ref() > f) {
            return;
        }
        // Mostly the group of the value before, under a key written at the
        // same place (the record's header): then not even its name is compared.
        let recent = Some(self.recent).filter(|&g| g < self.groups.len());
        let same_place = *at == self.recent_at;
        let g = match recent.filter(|&g| same_place || self.groups[g].name == name.as_ref()) {
            Some(g) => g,
            None if let Some(&g) = self.index.get(name.as_ref()) => g,
            None => {
                let known = if self.fragment { RECORD_KEYS } else { TOP_KEYS };
                self.groups.push(Group {
                    name: name.to_string(),
                    top: Top::of(name, known),
                    open: None,
                    error: None,
                });
                self.index.insert(name.to_string(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        (self.recent, self.recent_at) = (g, *at);
        if self.groups[g].error.is_some() {
            return;
        }
        let Err(e) = self.read(g, path, &node) else {
            return;
        };
        // A mistake in a field waits for the record's other fields.
        let depth = if matches!(name.as_ref(), "trainee" | "seal") {
            1
        } else {
            2
        };
        match self.groups[g].open.as_mut() {
            Some(record) if path.len() > depth => {
                let part = |s: &Seg<'_>| match s {
                    Seg::Key(k, _) => Part::Key(k.to_string()),
                    Seg::Index(i) => Part::Index(*i),
                };
                let key: Vec<Part> = path[depth..].iter().map(part).collect();
                if record.error.as_ref().is_none_or(|(k, _)| key < *k) {
                    record.error = Some((key, e));
                }
            }
            _ => self.fail(g, e),
        }
    }
}

/// The fields of an entry or an amendment as they are read.
#[derive(Default)]
struct FieldsBuilder {
    f: Fields,
    /// Where `amount` is written, for the message about a zero amount.
    amount_at: usize,
    /// Roles outside the five built in, where they stand.
    roles: Vec<RoleUse>,
}

impl FieldsBuilder {
    fn amount(&mut self, r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<(), InputError> {
        let a = r.amount(key, v)?;
        // Zero is for an event only, which the whole table must show: `EntryBuilder::finish`.
        if a.is_negative() {
            return Err(not_positive(r, v.span.start, a));
        }
        self.f.amount = Some(a);
        self.amount_at = v.span.start;
        Ok(())
    }

    /// An amount written as a string without escapes at `at`, where
    /// [`FieldsBuilder::amount`] would take it: `false` for any other.
    fn amount_written(&mut self, s: &str, at: usize) -> bool {
        // `parse_exact` refuses what is larger than the largest amount.
        match crate::money::Amount::parse_exact(s) {
            Ok(a) if !a.is_negative() => {
                self.f.amount = Some(a);
                self.amount_at = at;
                true
            }
            _ => false,
        }
    }

    /// The approval of the role `name` (written at byte `at`) on `date`.
    fn approve(&mut self, name: &str, at: usize, date: NaiveDate) {
        let role = Role::named(name);
        if let Role::Declared(id) = &role {
            self.roles.push(RoleUse {
                role: id.clone(),
                offset: at,
            });
        }
        self.f.approvals.insert(role, date);
    }

    /// `approvals`, role → date. A role outside the five built in is noted with
    /// where it stands: the policy decides whether it declares it.
    fn approval(
        &mut self,
        r: &Reader<'_>,
        path: &[Seg<'_>],
        v: &Node<'_>,
    ) -> Result<(), InputError> {
        match path {
            [_] if !matches!(v.view(), View::Table) => Err(r
                .type_error("approvals", v, crate::msg!("en tabell", "a table"))
                .with_hint(crate::msg!(
                    "skriv {}",
                    "write {}",
                    "approvals = { handledare = 2024-01-15 }"
                ))),
            [_, Seg::Key(name, at)] => {
                self.approve(name, *at, r.date(name, v)?);
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[derive(Default)]
struct EntryBuilder {
    id: Option<u32>,
    fields: FieldsBuilder,
}

impl EntryBuilder {
    /// The value at `path` (from the field's key down) into the entry;
    /// `Ok(false)` for a key an entry does not have.
    fn read(&mut self, r: &Reader<'_>, path: &[Seg<'_>], v: &Node<'_>) -> Result<bool, InputError> {
        match path.first() {
            Some(Seg::Key(key, _)) if key == "id" => {
                (ENTRY_ID.read)(r, self, "id", path, v).map(|()| true)
            }
            _ => read_by(r, ENTRY_FIELDS, &mut self.fields, path, v),
        }
    }

    /// The entry read, its values taken out of the builder where it stands
    /// (moved whole, the builder was copied three times per entry: 1.7 % of
    /// an audit's instructions).
    fn finish(
        &mut self,
        r: &Reader<'_>,
        at: usize,
        names: &mut Names,
    ) -> Result<Entry, InputError> {
        let amount_at = self.fields.amount_at;
        let f = &mut self.fields.f;
        if let Some(a) = f.amount.filter(|a| a.is_zero())
            && f.event.is_none()
        {
            return Err(not_positive(r, amount_at, a));
        }
        let id = self.id;
        // Named in messages only: built when a field is missing, not for every entry.
        let what = || match id {
            Some(id) => crate::msg!("post {}", "entry {}", id),
            None => "[[entry]]".to_string(),
        };
        let mut entry = Entry::new(
            id.ok_or_else(|| missing(r, at, &what(), "id"))?,
            f.date.ok_or_else(|| missing(r, at, &what(), "date"))?,
            f.kind.ok_or_else(|| missing(r, at, &what(), "kind"))?,
            f.description
                .take()
                .ok_or_else(|| missing(r, at, &what(), "description"))?,
            f.amount.ok_or_else(|| missing(r, at, &what(), "amount"))?,
        );
        let e = &mut entry;
        e.end = f.end;
        e.provider = f.provider.as_deref().map(|p| shared(names, p));
        e.goal = f.goal;
        e.online = f.online.unwrap_or(false);
        e.catalogue = f.catalogue.unwrap_or(false);
        e.set_for_entry(f.for_entry);
        e.travel_mode = f.travel_mode.as_deref().map(|t| shared(names, t));
        e.set_distance_km(f.distance_km);
        e.set_nights(f.nights);
        e.status = f.status.unwrap_or(Status::Planned);
        e.approvals = std::mem::take(&mut f.approvals);
        // A new entry holds no rare value: only those stated are set (the
        // setters called for nothing were 2.8 % of an audit's instructions).
        if f.applied.is_some() {
            e.set_applied(f.applied);
        }
        if f.cancel_by.is_some() {
            e.set_cancel_by(f.cancel_by);
        }
        if f.funded_by.is_some() {
            e.set_funded_by(f.funded_by);
        }
        if f.days.is_some() {
            e.set_days(f.days);
        }
        let flags = [
            (
                f.international,
                Entry::set_international as fn(&mut Entry, bool),
            ),
            (f.abroad, Entry::set_abroad),
            (f.in_region, Entry::set_in_region),
            (f.mandatory, Entry::set_mandatory),
        ];
        for (flag, set) in flags {
            if flag == Some(true) {
                set(e, true);
            }
        }
        let rare = [
            (
                f.programme.take(),
                Entry::set_programme as fn(&mut Entry, &str),
            ),
            (f.booked_via.take(), Entry::set_booked_via),
            (f.event.take(), Entry::set_event),
            (f.subject.take(), Entry::set_subject),
            (f.receipt.take(), Entry::set_receipt),
            (f.note.take(), Entry::set_note),
        ];
        for (text, set) in rare {
            if let Some(text) = text {
                set(e, &text);
            }
        }
        e.set_offset(at);
        Ok(entry)
    }
}

/// The one copy of each provider and travel mode of a ledger. Hashed by
/// foldhash with a seed drawn at random for each run, as the standard
/// library's SipHash is seeded (a ledger is untrusted: a text that does not
/// know the seed cannot make its names collide), at a fraction of SipHash's
/// cost (which was 0.8 % of an audit).
type Names = HashSet<ArcStr, foldhash::fast::RandomState>;

/// `text` as the one copy of it in `names`.
fn shared(names: &mut Names, text: &str) -> ArcStr {
    if let Some(known) = names.get(text) {
        return known.clone();
    }
    let new = ArcStr::from(text);
    names.insert(new.clone());
    new
}

#[derive(Default)]
struct AmendmentBuilder {
    entry: Option<u32>,
    recorded: Option<NaiveDate>,
    fields: FieldsBuilder,
}

#[derive(Default)]
struct TraineeBuilder {
    name: Option<String>,
    id: Option<String>,
    policy: Option<String>,
    /// The start, and where it is written.
    start: Option<(NaiveDate, usize)>,
    certificate: Option<(NaiveDate, usize)>,
    double: Option<bool>,
    programmes: Vec<String>,
    unit: Option<String>,
}

impl TraineeBuilder {
    fn finish(self, r: &Reader<'_>, at: usize) -> Result<Trainee, InputError> {
        let trainee = Trainee {
            name: self
                .name
                .ok_or_else(|| missing(r, at, "[trainee]", "name"))?,
            id: self.id,
            policy: self.policy.ok_or_else(|| {
                missing(r, at, "[trainee]", "policy").with_hint(crate::msg!(
                    "`st-budget policy list` visar regelverkens id",
                    "`st-budget policy list` shows the policy ids",
                ))
            })?,
            start: self
                .start
                .map(|(d, _)| d)
                .ok_or_else(|| missing(r, at, "[trainee]", "start"))?,
            certificate: self.certificate.map(|(d, _)| d),
            double_specialisation: self.double.unwrap_or(false),
            programmes: self.programmes,
            unit: self.unit,
        };
        if let Some((c, c_at)) = self.certificate
            && c < trainee.start
        {
            return Err(r.err(
                c_at..c_at,
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
}

#[derive(Default)]
struct ServiceBuilder {
    from: Option<NaiveDate>,
    percent: Option<u8>,
}

impl ServiceBuilder {
    fn finish(self, r: &Reader<'_>, at: usize) -> Result<ServicePeriod, InputError> {
        Ok(ServicePeriod {
            from: self
                .from
                .ok_or_else(|| missing(r, at, "[[service]]", "from"))?,
            percent: self
                .percent
                .ok_or_else(|| missing(r, at, "[[service]]", "percent"))?,
            offset: at,
        })
    }
}

#[derive(Default)]
struct SealBuilder {
    algorithm: Option<String>,
    records: Option<usize>,
    hash: Option<String>,
    chain: Vec<String>,
    exported: Option<NaiveDate>,
    seen: HashSet<String>,
}

impl SealBuilder {
    fn finish(self, r: &Reader<'_>, at: usize) -> Result<Seal, InputError> {
        for required in ["algorithm", "records", "hash"] {
            if !self.seen.contains(required) {
                return Err(missing(r, at, "[seal]", required));
            }
        }
        Ok(Seal {
            algorithm: self.algorithm.unwrap_or_default(),
            records: self.records.unwrap_or_default(),
            hash: self.hash.unwrap_or_default(),
            chain: self.chain,
            exported: self.exported,
            offset: at,
        })
    }
}

/// A list of texts: the list itself at `[key]`, each element at `[key,
/// index]`. `programmes = ["plus"]` is trimmed and hinted at when it is not a
/// list; the seal's chain is read as it is written.
fn texts(
    r: &Reader<'_>,
    list: &mut Vec<String>,
    (key, programmes): (&str, bool),
    path: &[Seg<'_>],
    v: &Node<'_>,
) -> Result<(), InputError> {
    match path {
        [_] if !matches!(v.view(), View::Array) => {
            let e = r.type_error(key, v, crate::msg!("en lista", "an array"));
            Err(match programmes {
                true => e.with_hint(crate::msg!(
                    "skriv {} = [\"plus\"]",
                    "write {} = [\"plus\"]",
                    key
                )),
                false => e,
            })
        }
        [_] => {
            list.clear();
            Ok(())
        }
        [_, Seg::Index(_)] if programmes => {
            list.push(trimmed(r, key, v)?);
            Ok(())
        }
        [_, Seg::Index(_)] => {
            list.push(r.text(key, v)?);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A text of at most [`MAX_NAME_CHARS`] characters, read by `read`.
fn short(
    r: &Reader<'_>,
    key: &str,
    v: &Node<'_>,
    read: fn(&Reader<'_>, &str, &Node<'_>) -> Result<String, InputError>,
) -> Result<String, InputError> {
    let s = read(r, key, v)?;
    if short_enough(&s) {
        return Ok(s);
    }
    Err(r
        .err(
            v.span(),
            crate::msg!(
                "`{}` får vara högst {} tecken, men är {}",
                "`{}` may be at most {} characters, but is {}",
                key,
                MAX_NAME_CHARS,
                crate::i18n::whole(s.chars().count() as u64, crate::i18n::current())
            ),
        )
        .with_hint(crate::msg!(
            "skriv det kortare: ett namn, en identitet eller en enhet, inte en text",
            "write it shorter: a name, an id or a unit, not a text",
        )))
}

fn any_text(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<String, InputError> {
    r.text(key, v)
}

fn short_trimmed(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<String, InputError> {
    short(r, key, v, trimmed)
}

fn trimmed(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<String, InputError> {
    let s = r.text(key, v)?;
    Ok(match crate::ledger::model::trim(&s) {
        t if t.len() == s.len() => s,
        t => t.to_string(),
    })
}

fn read_kind(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<Kind, InputError> {
    let s = r.str(key, v)?;
    Kind::parse(s).ok_or_else(|| {
        let words = (
            crate::msg!("okänt slag", "unknown kind"),
            crate::msg!("slag", "kind"),
        );
        word_error(r, v, words::KINDS, s, words)
    })
}

fn read_status(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<Status, InputError> {
    let s = r.str(key, v)?;
    Status::parse(s).ok_or_else(|| {
        let words = (crate::msg!("okänd status", "unknown status"), "status");
        word_error(r, v, words::STATUSES, s, words)
    })
}

fn read_goal(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<Goal, InputError> {
    let s = r.str(key, v)?;
    Goal::parse(s).ok_or_else(|| {
        r.err(
            v.span(),
            crate::msg!(
                "`goal` ska vara en nivå a, b, c eller en målkod som c12 eller STc7, fick {:?}",
                "`goal` must be a level a, b, c or a goal code such as c12 or STc7, got {:?}",
                s
            ),
        )
    })
}

fn read_funder(r: &Reader<'_>, key: &str, v: &Node<'_>) -> Result<Funder, InputError> {
    let s = r.str(key, v)?;
    Funder::parse(s).ok_or_else(|| r.enum_error(v, "funded_by", s, Funder::NAMES))
}

fn not_after_init(r: &Reader<'_>, key: &str, at: usize) -> InputError {
    r.err(
        at..at,
        crate::msg!(
            "`{}` kan inte ändras efter init",
            "`{}` cannot be changed after init",
            key
        ),
    )
    .with_hint(crate::msg!(
        "ett nytt regelverk eller en ny ST-start är en ny liggare",
        "a new policy or ST start is a new ledger",
    ))
}

fn amendment_id(r: &Reader<'_>, at: usize) -> InputError {
    r.err(
        at..at,
        crate::msg!(
            "en ändring kan inte byta en posts id",
            "an amendment cannot change an entry's id",
        ),
    )
    .with_hint(crate::msg!(
        "ange posten med `entry = ID`",
        "name the entry with `entry = ID`",
    ))
}

fn read_format(r: &Reader<'_>, value: &Node<'_>) -> Result<i64, InputError> {
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

fn missing(r: &Reader<'_>, at: usize, what: &str, key: &str) -> InputError {
    r.err(
        at..at,
        crate::msg!("{} saknar `{}`", "{} is missing `{}`", what, key),
    )
}

/// The entry after the [`MAX_ENTRIES`]th.
fn too_many_entries(r: &Reader<'_>, at: usize) -> InputError {
    let most = crate::i18n::whole(MAX_ENTRIES as u64, crate::i18n::current());
    r.err(
        at..at,
        crate::msg!(
            "fler än {} poster i en liggare",
            "more than {} entries in one ledger",
            most
        ),
    )
    .with_hint(crate::msg!(
        "ingen ST-läkares liggare har så många (fem år med en post om dagen är under 2\u{a0}000); är filen en liggare som st-budget skrev?",
        "no trainee's ledger holds that many (five years of an entry a day is under 2,000); is the file a ledger st-budget wrote?",
    ))
}

/// An amount that is not more than zero: a refund or a correction is an
/// amendment, and only an event may cost nothing.
fn not_positive(r: &Reader<'_>, at: usize, a: crate::money::Amount) -> InputError {
    r.err(
        at..at,
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
    v: &impl Item,
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

#[derive(Default)]
struct LedgerBuilder {
    format: Option<i64>,
    uid: Option<String>,
    trainee: Option<(Trainee, usize)>,
    /// Where the trainee's `start` is written.
    start_at: usize,
    services: Vec<ServicePeriod>,
    entries: Vec<Entry>,
    amendments: Vec<Amendment>,
    changes: Vec<KeptChange>,
    seal: Option<Seal>,
    /// Roles outside the five built in, each with the name of the group of the
    /// record it stands in.
    roles: Vec<(String, RoleUse)>,
    /// The providers and travel modes read so far, each once: the entries
    /// that name the same share it.
    names: Names,
}

/// How many entries, amendments and trainee changes a ledger's text holds, as
/// its lines that start with such a table's header say (an estimate: a table
/// may be written otherwise or indented, a multi-line text may hold such a
/// line), or for a short text as its size suggests, so that the lists are
/// made that large at once. Grown a step at a time, a list of 100 000 entries
/// would leave its smaller copies behind, about as much again, and the
/// allocator keeps that room for the rest of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Room {
    entries: usize,
    amendments: usize,
    changes: usize,
}

impl Room {
    /// Fewer bytes than any table of each kind takes with the fields it must
    /// have (an entry: `id`, `date`, `kind`, `description`, `amount`; an
    /// amendment or trainee change: its header and one field): room is never
    /// made for more tables than the text could hold.
    const SHORTEST_ENTRY: usize = 60;
    const SHORTEST_OTHER: usize = 20;

    /// A text up to this long is not counted ([`Room::guess`]): five years
    /// of a trainee's entries are a few hundred kilobytes at most.
    const COUNTED_FROM: usize = 256 * 1024;

    /// One entry for every this many bytes of a short text: an entry as
    /// written takes 150 to 250 bytes, its header and fields.
    const TYPICAL_ENTRY: usize = 128;

    /// The room for `text`: guessed for a short text, counted for a long one.
    fn estimate(text: &str) -> Room {
        if text.len() <= Room::COUNTED_FROM {
            Room::guess(text)
        } else {
            Room::count(text)
        }
    }

    /// Room for a short text by its size alone, for entries only: a list that
    /// must grow past it copies what it holds (a few kilobytes for a typical
    /// ledger, at most about 600 KiB for 256 KiB of the shortest entries),
    /// less than looking for each header costs (1.6 % of the CPU time of an
    /// audit of 1 000 ledgers of 100 entries, 2026-12-03).
    fn guess(text: &str) -> Room {
        Room {
            entries: text.len() / Room::TYPICAL_ENTRY,
            ..Room::default()
        }
    }

    /// Room for the tables whose headers start a line.
    fn count(text: &str) -> Room {
        let mut room = Room::default();
        let bytes = text.as_bytes();
        // Each `[[` that starts a line: at the start of the text, or after a
        // newline (a header indented is not counted).
        let starts = bytes
            .starts_with(b"[[")
            .then_some(0)
            .into_iter()
            .chain(memchr::memmem::find_iter(bytes, b"\n[[").map(|at| at + 1));
        for at in starts {
            let tail = &bytes[at + 2..];
            if tail.starts_with(b"entry]]") {
                room.entries += 1;
            } else if tail.starts_with(b"amendment]]") {
                room.amendments += 1;
            } else if tail.starts_with(b"trainee_change]]") {
                room.changes += 1;
            }
        }
        let (entries, others) = (
            text.len() / Room::SHORTEST_ENTRY,
            text.len() / Room::SHORTEST_OTHER,
        );
        Room {
            // One past the bound: the entry that is refused.
            entries: room.entries.min(entries).min(MAX_ENTRIES + 1),
            amendments: room.amendments.min(others),
            changes: room.changes.min(others),
        }
    }
}

impl LedgerBuilder {
    /// Makes the lists as large as the text says they will be ([`Room`]).
    fn make_room(&mut self, room: Room) {
        self.entries.reserve_exact(room.entries);
        self.amendments.reserve_exact(room.amendments);
        self.changes.reserve_exact(room.changes);
    }
}

impl LedgerBuilder {
    /// A record's roles, in the order of `toml`'s tables: by group name, then
    /// record, then role.
    fn add_roles(&mut self, group: &str, mut roles: Vec<RoleUse>) {
        // Nearly every record names only the built-in roles.
        if roles.is_empty() {
            return;
        }
        roles.sort_by(|a, b| a.role.cmp(&b.role));
        self.roles
            .extend(roles.into_iter().map(|u| (group.to_string(), u)));
    }
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
        let mut records = in_file_order(
            trainee_offset,
            [
                Box::new(self.services.iter().map(|s| s.offset)),
                Box::new(self.entries.iter().map(Entry::offset)),
                Box::new(self.amendments.iter().map(|a| a.offset)),
                Box::new(self.changes.iter().map(|c| c.offset)),
            ],
        );
        // Each list is in file order as read; should one not be, sorted.
        let offset = |r: &Record| match *r {
            Record::Trainee => trainee_offset,
            Record::Service(i) => self.services[i as usize].offset,
            Record::Entry(i) => self.entries[i as usize].offset(),
            Record::Amendment(i) => self.amendments[i as usize].offset,
            Record::TraineeChange(i) => self.changes[i as usize].offset,
        };
        if !records.is_sorted_by_key(offset) {
            records.sort_by_key(offset);
        }
        Ok(Ledger {
            format,
            uid: self.uid,
            trainee,
            services: self.services,
            entries: self.entries,
            amendments: self.amendments,
            trainee_changes: self.changes,
            seal: self.seal,
            records,
            declared_roles: {
                // In the order of the groups, as a reader of the whole document meets them.
                let mut roles = self.roles;
                roles.sort_by(|a, b| a.0.cmp(&b.0));
                roles.into_iter().map(|(_, u)| u).collect()
            },
        })
    }
}

/// The records in the order of the file, from where each table starts: the
/// trainee's, and those of the services, entries, amendments and trainee
/// changes, each list in file order already. Merged, not sorted: no list of
/// pairs beside the records (a large ledger has hundreds of thousands).
fn in_file_order<'a>(
    trainee: usize,
    lists: [Box<dyn Iterator<Item = usize> + 'a>; 4],
) -> Vec<Record> {
    let kinds = [
        Record::Service as fn(u32) -> Record,
        Record::Entry,
        Record::Amendment,
        Record::TraineeChange,
    ];
    let mut lists = lists.map(|l| l.enumerate().peekable());
    let mut records = Vec::with_capacity(1 + lists.iter().map(|l| l.size_hint().0).sum::<usize>());
    let mut trainee = Some(trainee);
    loop {
        // The list whose next table starts first.
        let next = (0..4)
            .filter_map(|k| lists[k].peek().map(|&(_, at)| (at, k)))
            .min();
        if let Some(t) = trainee
            && next.is_none_or(|(at, _)| t < at)
        {
            records.push(Record::Trainee);
            trainee = None;
            continue;
        }
        let Some((_, k)) = next else {
            break;
        };
        let (i, _) = lists[k].next().expect("peeked");
        let i = u32::try_from(i).expect("a ledger has fewer than 2^32 records");
        records.push(kinds[k](i));
    }
    records
}

/// Checks what no single table can: ids, references, order, dates against each other.
fn validate(src: &Source<'_>, l: &Ledger) -> Result<(), InputError> {
    check_service_order(src, l)?;
    let ids = unique_ids(src, l)?;
    for a in &l.amendments {
        if ids.get(a.entry).is_none() {
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
        .find(|c| c.certificate().is_some_and(|d| d < l.trainee.start))
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
fn free_only_for_an_event(src: &Source<'_>, l: &Ledger, ids: &IdIndex) -> Result<(), InputError> {
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
        let a = &l.amendments[k as usize];
        if a.sets_event() {
            events.insert(a.entry);
        }
        if a.amount().is_some_and(|x| x.is_zero())
            && ids.get(a.entry).is_some()
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
fn unique_ids(src: &Source<'_>, l: &Ledger) -> Result<IdIndex, InputError> {
    IdIndex::unique(l.entries.iter().map(|e| e.id)).map_err(|(first, i)| {
        let e = &l.entries[i];
        error_at(
            src,
            e.offset(),
            crate::msg!(
                "post-id {} finns två gånger (först på rad {})",
                "duplicate entry id {} (first used on line {})",
                e.id,
                src.line(l.entries[first].offset())
            ),
        )
        .with_hint(crate::msg!(
            "använd nästa lediga id, {}",
            "use the next free id, {}",
            l.next_id()
        ))
    })
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
                e.offset(),
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
    error_at(src, e.offset(), message)
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
    let ids = IdIndex::new(entries.iter().map(|e| e.id));
    let Some(i) = ids.get(id) else {
        return Ok(());
    };
    Links::new(entries, Vec::new(), ids).check(i)
}

/// The fields of an entry, after amendments, that are checked against others.
#[derive(Clone, Copy)]
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
            for_entry: e.for_entry(),
        }
    }
}

/// The entries' dates and `for` links, and how far the walks along `for` have
/// got: each entry is walked at most once, so a long chain stays linear.
struct Links<'a> {
    entries: &'a [Entry],
    /// The links of the entries amendments change, as they leave them, by
    /// index in `entries` (sorted): the others are read from the entries, so
    /// a large ledger is not copied.
    amended: Vec<(u32, Link)>,
    /// An entry id to its index in `entries`.
    ids: IdIndex,
    /// By index in `entries`: how far the walk has got.
    chain: Vec<ChainState>,
}

impl<'a> Links<'a> {
    fn new(entries: &'a [Entry], amended: Vec<(u32, Link)>, ids: IdIndex) -> Links<'a> {
        Links {
            chain: vec![ChainState::Unknown; entries.len()],
            entries,
            amended,
            ids,
        }
    }

    /// A ledger's entries as its amendments leave them. Only dates and links are
    /// checked, so only they are followed through the amendments: no copy of the
    /// entries.
    fn amended(l: &'a Ledger, ids: IdIndex) -> Links<'a> {
        // The amendments of each entry, in file order: the amendments' own
        // order, so sorted by entry, then amendment (no room for a stable sort).
        // Made as large as it will be at most: grown by doubling, the list
        // of 540 000 amendments (a ledger of the largest size) took 8 MiB.
        let index = |i: usize| u32::try_from(i).expect("a ledger has fewer than 2^32 records");
        let mut touched: Vec<(u32, u32)> = Vec::with_capacity(l.amendments.len());
        touched.extend(l.amendments.iter().enumerate().filter_map(|(k, a)| {
            let j = ids.get(a.entry)?;
            Some((index(j), index(k)))
        }));
        touched.sort_unstable();
        let mut amended: Vec<(u32, Link)> = Vec::new();
        for (j, k) in touched {
            let k = k as usize;
            if amended.last().is_none_or(|(last, _)| *last != j) {
                amended.push((j, Link::of(&l.entries[j as usize])));
            }
            let (_, link) = amended.last_mut().expect("pushed");
            let a = &l.amendments[k];
            link.date = a.date().unwrap_or(link.date);
            link.end = a.end().or(link.end);
            link.for_entry = a.for_entry().or(link.for_entry);
        }
        Links::new(&l.entries, amended, ids)
    }

    /// The link of entry `i`, as the amendments leave it.
    fn link(&self, i: usize) -> Link {
        match self.amended.binary_search_by_key(&i, |(j, _)| *j as usize) {
            Ok(k) => self.amended[k].1,
            Err(_) => Link::of(&self.entries[i]),
        }
    }

    /// Checks the entry at index `i`.
    fn check(&mut self, i: usize) -> Result<(), LinkProblem> {
        let k = self.link(i);
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
        if self.ids.get(target).is_none() {
            return Err(LinkProblem::ForMissing { target });
        }
        // Follow the chain; entries already known to end somewhere are not
        // walked again.
        let mut cur = i;
        loop {
            match self.chain[cur] {
                ChainState::Ends => break,
                ChainState::OnPath => return Err(LinkProblem::Cycle { target }),
                ChainState::Unknown => {}
            }
            self.chain[cur] = ChainState::OnPath;
            match self.next(cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
        // The chain ends: the same links followed again from `i` mark each
        // entry on it (no list of them kept, which cost an allocation for
        // every entry with a `for`).
        let mut cur = Some(i);
        while let Some(j) = cur.filter(|&j| self.chain[j] == ChainState::OnPath) {
            self.chain[j] = ChainState::Ends;
            cur = self.next(j);
        }
        Ok(())
    }

    /// The index of the entry that entry `i` is `for`, if it is in the ledger.
    fn next(&self, i: usize) -> Option<usize> {
        self.link(i).for_entry.and_then(|next| self.ids.get(next))
    }
}

/// Where the walk along `for` links stands for an entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ChainState {
    /// Not walked yet.
    Unknown,
    /// On the chain being followed now: meeting it again is a cycle.
    OnPath,
    /// Its chain is known to end.
    Ends,
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "format = 1\n[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n";

    /// The room made for each list of a long text is the number of its
    /// tables' headers that start a line, never more than the text could
    /// hold; a header written otherwise is not counted (its list grows as it
    /// is read). A short text's is guessed from its size.
    #[test]
    fn room_is_made_for_the_tables_the_text_starts() {
        let mut text = String::from(HEAD);
        for id in 1..=3 {
            text.push_str(&entry(id, ""));
        }
        text.push_str("\n[[amendment]]\nentry = 1\nnote = \"[[entry]]\"\n");
        text.push_str("\n  [[amendment]]\nentry = 1\n");
        text.push_str("\n[[ entry ]]\nid = 9\n[[trainee_change]]\nunit = \"x\"\n");
        text.push_str("note = \"\"\"\n[[amendment]]\n\"\"\"\n");
        let room = Room::count(&text);
        // The header inside a multi-line text counts too: an estimate.
        assert_eq!(
            (room.entries, room.amendments, room.changes),
            (3, 2, 1),
            "{text}"
        );
        let many = "[[entry]]\n".repeat(1000);
        assert_eq!(
            Room::count(&many).entries,
            many.len() / Room::SHORTEST_ENTRY
        );
        assert_eq!(Room::count(""), Room::default());
        assert_eq!(Room::count("[[entry]]").entries, 0);
        // A short text is not counted: room for an entry per 128 bytes.
        assert_eq!(Room::estimate(&text), Room::guess(&text));
        assert_eq!(Room::estimate(&text).entries, text.len() / 128);
        assert_eq!(Room::estimate(&text).amendments, 0);
        // A long one is: 30 000 entries of 100 bytes.
        let long = format!("[[entry]]\n{}\n", "x".repeat(89)).repeat(30_000);
        assert!(long.len() > Room::COUNTED_FROM);
        assert_eq!(Room::estimate(&long).entries, 30_000);
        // Read with the room made, a ledger is read as it always was.
        let ledger = parse(
            "t.toml",
            &(String::from(HEAD) + &entry(1, "") + &entry(2, "")),
        )
        .expect("reads");
        assert_eq!(ledger.entries.len(), 2);
    }

    /// Values of each kind an entry's field reads, as a ledger may write
    /// them: the first three mostly well, the rest just outside what the
    /// field takes.
    const WHOLE: &[&str] = &[
        "1",
        "7",
        "129",
        "0",
        "01",
        "1_000",
        "-1",
        "3651",
        "100001",
        "4294967296",
        "\"3\"",
    ];
    const DAY: &[&str] = &[
        "2024-03-11",
        "2024-02-29",
        "2031-01-01",
        "2023-02-29",
        "1949-12-31",
        "2090-01-01",
        "0000-01-01",
        "2024-03-11T10:00:00",
        "\"2024-03-12\"",
        "2024-3-1",
    ];
    const TEXT: &[&str] = &[
        "\"K\"",
        "\"Växjö kurs\"",
        "'lit'",
        "\" pad \"",
        "\"  \"",
        "\"\"",
        "''",
        "\"a\\tb\"",
        "\"\\u00e5\"",
        "1",
    ];
    const FLAG: &[&str] = &["true", "false", "\"true\"", "1"];
    const WORD: &[&str] = &[
        "\"course\"",
        "\"travel\"",
        "\"attended\"",
        "\"planned\"",
        "\"c7\"",
        "\"b2\"",
        "\"region\"",
        "\"nope\"",
        "'course'",
        "\"\\u0063ourse\"",
        "2",
    ];
    const MONEY: &[&str] = &[
        "\"100\"",
        "\"100.50\"",
        "\"0\"",
        "\"-5\"",
        "\"12.345\"",
        "\"1e3\"",
        "\"99999999999\"",
        "\"100000000\"",
        "\"100000000.01\"",
        "\" 7 \"",
        "150",
        "-150",
        "1.5",
        "\"\"",
    ];
    const ROLES: &[&str] = &[
        "{ handledare = 2024-01-01 }",
        "{ handledare = 2024-01-01, studierektor = 2024-02-01 }",
        "{ ny_roll = 2024-01-01 }",
        "{}",
        "{ handledare = 2024-01-01, handledare = 2024-01-02 }",
        // Two roles in one place (`plain::key_slot`): the walker reads them.
        "{ verksamhetschef = 2024-01-01, vardcentralchef = 2024-01-02 }",
        "{ handledare = \"x\" }",
        "{ handledare = 1949-01-01 }",
        "[1, 2]",
        "\"x\"",
    ];

    /// Keys an entry table may be written with (and one it may not), each
    /// with the values it is written with.
    const LANE_KEYS: &[(&str, &[&str])] = &[
        ("id", WHOLE),
        ("date", DAY),
        ("end", DAY),
        ("kind", WORD),
        ("description", TEXT),
        ("amount", MONEY),
        ("provider", TEXT),
        ("goal", WORD),
        ("online", FLAG),
        ("catalogue", FLAG),
        ("programme", TEXT),
        ("international", FLAG),
        ("for", WHOLE),
        ("travel_mode", TEXT),
        ("booked_via", TEXT),
        ("distance_km", WHOLE),
        ("nights", WHOLE),
        ("status", WORD),
        ("approvals", ROLES),
        ("applied", DAY),
        ("cancel_by", DAY),
        ("funded_by", WORD),
        ("days", WHOLE),
        ("event", TEXT),
        ("abroad", FLAG),
        ("in_region", FLAG),
        ("mandatory", FLAG),
        ("subject", TEXT),
        ("receipt", TEXT),
        ("note", TEXT),
        ("nope", FLAG),
    ];

    /// How a line of an entry table is written around its key and value.
    const LANE_LINES: &[(&str, &str, &str)] = &[
        ("", " = ", "\n"),
        ("", "=", "\n"),
        ("  ", " =\t", "  \n"),
        ("", " = ", " # a note\n"),
        ("", " = ", "\r\n"),
        ("\t", "  =  ", "\n\n"),
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, ..Default::default() })]

        /// Ledgers of entries written well and badly, every field and every
        /// kind of value, in the layouts a hand may write: read with the
        /// entries' lane and without it, the same ledger or the same mistake.
        #[test]
        fn the_entries_lane_reads_as_the_whole_way(
            entries in proptest::collection::vec(
                (
                    0..4usize,
                    proptest::collection::vec(
                        (0..LANE_KEYS.len(), 0..4usize, 0..14usize, 0..LANE_LINES.len()),
                        0..4,
                    ),
                ),
                1..5,
            ),
            mostly_well in proptest::bool::ANY,
            trainee_last in proptest::bool::ANY,
        ) {
            // Half the ledgers mostly well written (three entries in four
            // whole, three values in four among their field's first three),
            // so that many read; the others drawn evenly, so that every
            // mistake is met.
            let mut text = String::from("format = 1\n");
            let trainee = "[trainee]\nname = \"A\"\npolicy = \"p\"\nstart = 2024-01-08\n";
            if !trainee_last {
                text.push_str(trainee);
            }
            let well = |roll: usize| roll < if mostly_well { 3 } else { 2 };
            for (i, (whole, lines)) in entries.iter().enumerate() {
                if well(*whole) {
                    text.push_str(&entry(i as u32 + 1, ""));
                } else {
                    text.push_str("\n[[entry]]\n");
                }
                for &(key, roll, value, line) in lines {
                    let (before, equals, end) = LANE_LINES[line];
                    let (key, values) = LANE_KEYS[key];
                    let value = match mostly_well && well(roll) {
                        true => values[value % 3],
                        false => values[value % values.len()],
                    };
                    text.push_str(&format!("{before}{key}{equals}{value}{end}"));
                }
            }
            if trainee_last {
                text.push_str(trainee);
            }
            let lane = parse_in("t.toml", &text, true);
            let whole = parse_in("t.toml", &text, false);
            proptest::prop_assert_eq!(lane, whole, "{}", text);
        }
    }

    /// Every field of an entry is found by its place, and nothing else is:
    /// not another record's key, nor a key one letter off one of its own.
    #[test]
    fn an_entry_field_is_found_by_its_place() {
        for (key, _) in ENTRY_FIELDS {
            assert_eq!(entry_field(key).map(|f| f.0), Some(*key));
            for at in 0..key.len() {
                let mut other = key.as_bytes().to_vec();
                other[at] = b'z' + u8::from(other[at] == b'z');
                let other = String::from_utf8(other).expect("ASCII");
                let known = ENTRY_FIELDS.iter().any(|(k, _)| *k == other);
                assert_eq!(entry_field(&other).is_some(), known, "{other}");
            }
        }
        let others = TRAINEE_FIELDS.iter().map(|(k, _)| *k);
        for key in others.chain(["", "id", "entry", "recorded", "nope", "dates"]) {
            assert!(entry_field(key).is_none(), "{key}");
        }
    }

    fn entry(id: u32, extra: &str) -> String {
        format!(
            "\n[[entry]]\nid = {id}\ndate = 2024-03-11\nkind = \"course\"\ndescription = \"K\"\namount = \"100\"\n{extra}"
        )
    }

    /// The records of several lists, each in file order, merged into one.
    #[test]
    fn records_are_merged_in_file_order() {
        let list = |v: &'static [usize]| -> Box<dyn Iterator<Item = usize>> {
            Box::new(v.iter().copied())
        };
        let merged = in_file_order(
            50,
            [
                list(&[10, 90]),
                list(&[20, 60, 100]),
                list(&[70]),
                list(&[]),
            ],
        );
        assert_eq!(
            merged,
            [
                Record::Service(0),
                Record::Entry(0),
                Record::Trainee,
                Record::Entry(1),
                Record::Amendment(0),
                Record::Service(1),
                Record::Entry(2),
            ]
        );
        assert_eq!(
            in_file_order(0, [list(&[]), list(&[]), list(&[]), list(&[])]),
            [Record::Trainee]
        );
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
        new.set_for_entry(Some(2));
        entries.push(new.clone());
        assert_eq!(check_links(&entries, 3), Ok(()));

        entries[2].set_for_entry(Some(9));
        assert_eq!(
            check_links(&entries, 3),
            Err(LinkProblem::ForMissing { target: 9 })
        );
        entries[2].set_for_entry(Some(3));
        assert_eq!(check_links(&entries, 3), Err(LinkProblem::ForItself));
        entries[2].set_for_entry(None);
        entries[2].end = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
        assert!(matches!(
            check_links(&entries, 3),
            Err(LinkProblem::EndBeforeDate { .. })
        ));
        // Entry 1 amended to belong to entry 2, which belongs to entry 1.
        let mut entries = l.entries.clone();
        entries[0].set_for_entry(Some(2));
        assert_eq!(
            check_links(&entries, 1),
            Err(LinkProblem::Cycle { target: 2 })
        );
    }

    /// Chains and forks of `for` read, in any order of their entries, each
    /// chain walked once and marked as ending; a cycle reached through such
    /// a chain is still a cycle, named at its first entry in the file.
    #[test]
    fn chains_and_forks_read_and_a_cycle_below_a_chain_is_found() {
        // 2 → 1, 3 → 2, 4 → 3, 5 → 3 (a fork), 6 → 9, 9 → 1 (a later id).
        let fors = [(1, 0), (2, 1), (3, 2), (4, 3), (5, 3), (6, 9), (9, 1)];
        let text = |fors: &[(u32, u32)]| {
            let entries: Vec<String> = fors
                .iter()
                .map(|&(id, to)| match to {
                    0 => entry(id, ""),
                    to => entry(id, &format!("for = {to}\n")),
                })
                .collect();
            format!("{HEAD}{}", entries.concat())
        };
        let mut reversed = fors;
        reversed.reverse();
        for order in [&fors[..], &reversed[..]] {
            assert!(parse("t.toml", &text(order)).is_ok());
        }
        // 7 → 8 → 10 → 8: a cycle below a chain, after chains that end.
        let mut cyclic = fors.to_vec();
        cyclic.extend([(7, 8), (8, 10), (10, 8)]);
        let e = parse("t.toml", &text(&cyclic)).expect_err("a cycle");
        assert!(
            e.to_string()
                .contains("entry 7: `for` references form a cycle"),
            "{e}"
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
