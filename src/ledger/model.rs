//! The ledger as data: a trainee, service periods, entries and the amendments
//! recorded since, in the order they stand in the file.

use std::fmt;
use std::num::NonZeroU32;

use chrono::NaiveDate;

use super::rare::{self, Mask, Place, Rare};
use crate::few::Few;
use crate::money::Amount;
use arcstr::ArcStr;
use compact_str::CompactString;

/// The ledger file format this build writes and reads.
pub const FORMAT: i64 = 1;

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match $crate::ledger::model::trim(text) { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum! {
    /// What an entry pays for.
    Kind {
        Course = "course",
        Literature = "literature",
        Digital = "digital",
        Travel = "travel",
        Lodging = "lodging",
        Congress = "congress",
        StudyCircle = "study-circle",
        Other = "other",
    }
}

word_enum! {
    /// Where an entry stands. `Cancelled` (in time) costs nothing; `Excused`
    /// is an absence with a valid reason, which a rule about `NoShow` does not name.
    Status {
        Planned = "planned",
        Booked = "booked",
        Attended = "attended",
        Cancelled = "cancelled",
        CancelledLate = "cancelled-late",
        NoShow = "no-show",
        Excused = "excused",
    }
}

/// Who can approve an entry: one of the five roles every policy knows, or a
/// role a policy declares (`[[role]]`, docs/policy.md). The ledger file alone
/// cannot tell a declared role from a misspelt one: a ledger reads any role,
/// and its policy refuses one it does not declare when the two meet
/// (`policy::Policy::check_roles`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Handledare,
    Studierektor,
    OvergripandeStudierektor,
    Verksamhetschef,
    Vardcentralchef,
    /// A role a policy declares, by its id (`at-chef`).
    Declared(String),
}

impl Role {
    /// The roles every policy knows.
    pub const ALL: &'static [Role] = &[
        Role::Handledare,
        Role::Studierektor,
        Role::OvergripandeStudierektor,
        Role::Verksamhetschef,
        Role::Vardcentralchef,
    ];
    pub const NAMES: &'static [&'static str] = &[
        "handledare",
        "studierektor",
        "overgripande-studierektor",
        "verksamhetschef",
        "vardcentralchef",
    ];

    /// Its index in [`Role::ALL`], when every policy knows it.
    #[inline]
    fn known(&self) -> Option<u8> {
        Some(match self {
            Role::Handledare => 0,
            Role::Studierektor => 1,
            Role::OvergripandeStudierektor => 2,
            Role::Verksamhetschef => 3,
            Role::Vardcentralchef => 4,
            Role::Declared(_) => return None,
        })
    }

    /// How the file spells it: a built-in role's word, a declared role's id.
    pub fn as_str(&self) -> &str {
        match self {
            Role::Handledare => "handledare",
            Role::Studierektor => "studierektor",
            Role::OvergripandeStudierektor => "overgripande-studierektor",
            Role::Verksamhetschef => "verksamhetschef",
            Role::Vardcentralchef => "vardcentralchef",
            Role::Declared(id) => id,
        }
    }

    /// One of the five built-in roles, spelt as the file spells it.
    pub fn parse(text: &str) -> Option<Role> {
        let t = trim(text);
        Role::NAMES
            .iter()
            .position(|n| *n == t)
            .map(|i| Role::ALL[i].clone())
    }

    /// A role as a ledger names it: a built-in one, else a role some policy
    /// may declare (which the policy checks).
    pub fn named(text: &str) -> Role {
        Role::parse(text).unwrap_or_else(|| Role::Declared(text.trim().to_string()))
    }

    pub fn is_declared(&self) -> bool {
        matches!(self, Role::Declared(_))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

word_enum! {
    /// A payer agreed beforehand (`funded_by`): the training unit, or the
    /// region's central funds. What it changes is for the policy to say.
    Funder {
        Unit = "unit",
        Central = "central",
    }
}

/// A goal of the target description: a level `a`, `b`, `c`, or a code such as
/// `c12` (SOSFS 2015:8) or `STc7` (HSLF-FS 2021:8). The level follows from the code.
/// The code, at most six ASCII characters, is held in the goal itself (a
/// ledger of 80 000 entries holds a goal on a quarter of them).
/// The level is read from the code when asked, not held beside it: an entry
/// is 4 bytes smaller for it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Goal {
    code: [u8; Goal::MAX],
    len: u8,
}

impl std::fmt::Debug for Goal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Goal")
            .field("code", &self.code())
            .field("level", &self.level())
            .finish()
    }
}

impl Goal {
    /// The longest code: `ST`, the level, and up to three digits.
    const MAX: usize = 6;

    /// The code as written (`c12`, `STc7`, `b`).
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The level, `a`, `b` or `c`: the letter after any `ST`, in lower case.
    pub fn level(&self) -> char {
        let st = self.code[..2].eq_ignore_ascii_case(b"st") && self.len > 2;
        char::from(self.code[usize::from(st) * 2].to_ascii_lowercase())
    }

    pub fn parse(text: &str) -> Option<Goal> {
        let t = trim(text);
        let rest = match t.get(..2) {
            Some(st) if st.eq_ignore_ascii_case("st") => &t[2..],
            _ => t,
        };
        let mut chars = rest.chars();
        let level = chars.next()?.to_ascii_lowercase();
        if !matches!(level, 'a' | 'b' | 'c') || !chars.all(|c| c.is_ascii_digit()) || rest.len() > 4
        {
            return None;
        }
        let mut code = [0; Goal::MAX];
        code.get_mut(..t.len())?.copy_from_slice(t.as_bytes());
        Some(Goal {
            code,
            len: u8::try_from(t.len()).ok()?,
        })
    }
}

/// The trainee whose ledger it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trainee {
    pub name: String,
    pub id: Option<String>,
    pub policy: String,
    pub start: NaiveDate,
    pub certificate: Option<NaiveDate>,
    pub double_specialisation: bool,
    pub programmes: Vec<String>,
    pub unit: Option<String>,
}

/// From `from` until the day before the next period starts: `percent` of full time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePeriod {
    pub from: NaiveDate,
    pub percent: u8,
    /// Byte offset of the `[[service]]` header.
    pub offset: usize,
}

/// Who approved an entry and on which day, one date a role, in the order of
/// [`Role`] (as a map by role would hold them). An entry names one or two
/// roles, or none. One or two roles every policy knows (nearly every entry)
/// are held in place, without a block of their own; any other in a list
/// sorted by role, boxed, so that the whole takes 16 bytes, where a
/// `BTreeMap` took a node of some 300 bytes for every entry approved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Approvals(Held);

/// What [`Approvals`] holds. Approvals by one or two roles of [`Role::ALL`]
/// are always `Known`, never `Listed`, and a place not used holds
/// [`NaiveDate::MIN`], so that equal approvals are equal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Held {
    #[default]
    None,
    /// The first `n` roles (their indices in [`Role::ALL`], in order) and
    /// their days.
    Known {
        n: u8,
        roles: [u8; 2],
        days: [NaiveDate; 2],
    },
    /// A box of one pointer (a boxed slice takes two), so that the whole
    /// stays at 16 bytes: the extra block is for the few entries listed.
    #[allow(clippy::box_collection)]
    Listed(Box<Vec<(Role, NaiveDate)>>),
}

/// The roles and dates of [`Approvals`], in role order.
pub enum ApprovalsIter<'a> {
    Known(&'a [u8], &'a [NaiveDate]),
    Listed(std::slice::Iter<'a, (Role, NaiveDate)>),
}

impl<'a> Iterator for ApprovalsIter<'a> {
    type Item = (&'a Role, &'a NaiveDate);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            ApprovalsIter::Known(roles, days) => {
                let ((role, rest), (day, later)) = roles.split_first().zip(days.split_first())?;
                (*roles, *days) = (rest, later);
                Some((&Role::ALL[usize::from(*role)], day))
            }
            ApprovalsIter::Listed(all) => all.next().map(|(r, d)| (r, d)),
        }
    }
}

impl Approvals {
    pub fn is_empty(&self) -> bool {
        matches!(self.0, Held::None)
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Held::None => 0,
            Held::Known { n, .. } => usize::from(*n),
            Held::Listed(all) => all.len(),
        }
    }

    /// The day `role` approved, if it did.
    #[inline]
    pub fn get(&self, role: &Role) -> Option<&NaiveDate> {
        match &self.0 {
            Held::Known { n, roles, days } => {
                let i = role.known()?;
                match (roles[0] == i, *n == 2 && roles[1] == i) {
                    (true, _) => Some(&days[0]),
                    (_, true) => Some(&days[1]),
                    _ => None,
                }
            }
            Held::None => None,
            Held::Listed(all) => Self::find(all, role),
        }
    }

    /// `role`'s day in a list: among a few, looked for in turn (one
    /// equality each, cheaper than the ordering a binary search compares
    /// by); among more, by a binary search.
    #[inline(never)]
    fn find<'a>(all: &'a [(Role, NaiveDate)], role: &Role) -> Option<&'a NaiveDate> {
        if all.len() <= 4 {
            all.iter().find(|(r, _)| r == role).map(|(_, d)| d)
        } else {
            let i = all.binary_search_by(|(r, _)| r.cmp(role)).ok()?;
            Some(&all[i].1)
        }
    }

    #[inline]
    pub fn contains_key(&self, role: &Role) -> bool {
        self.get(role).is_some()
    }

    /// Records `role`'s approval on `date`; a later one for the same role
    /// replaces the earlier, whose day is returned.
    pub fn insert(&mut self, role: Role, date: NaiveDate) -> Option<NaiveDate> {
        match (&mut self.0, role.known()) {
            // The first (most entries have one) by a role every policy knows.
            (Held::None, Some(i)) => {
                self.0 = Held::Known {
                    n: 1,
                    roles: [i, 0],
                    days: [date, NaiveDate::MIN],
                };
                None
            }
            (Held::Known { n, roles, days }, Some(i)) => {
                let at = roles[..usize::from(*n)].iter().position(|&r| r >= i);
                match at {
                    Some(k) if roles[k] == i => Some(std::mem::replace(&mut days[k], date)),
                    _ if *n == 1 => {
                        let (r, d) = (roles[0], days[0]);
                        (*roles, *days) = match i < r {
                            true => ([i, r], [date, d]),
                            false => ([r, i], [d, date]),
                        };
                        *n = 2;
                        None
                    }
                    _ => self.listed().insert(role, date),
                }
            }
            (Held::Known { .. }, None) => self.listed().insert(role, date),
            (Held::None, None) => {
                self.0 = Held::Listed(Box::new(vec![(role, date)]));
                None
            }
            (Held::Listed(all), _) => match all.binary_search_by(|(r, _)| r.cmp(&role)) {
                Ok(i) => Some(std::mem::replace(&mut all[i].1, date)),
                Err(i) => {
                    all.insert(i, (role, date));
                    None
                }
            },
        }
    }

    /// The approvals held as a list, with room for one more.
    fn listed(&mut self) -> &mut Approvals {
        let mut all = Vec::with_capacity(self.len() + 1);
        all.extend(self.iter().map(|(r, d)| (r.clone(), *d)));
        self.0 = Held::Listed(Box::new(all));
        self
    }

    pub fn iter(&self) -> ApprovalsIter<'_> {
        match &self.0 {
            Held::None => ApprovalsIter::Known(&[], &[]),
            Held::Known { n, roles, days } => {
                let n = usize::from(*n);
                ApprovalsIter::Known(&roles[..n], &days[..n])
            }
            Held::Listed(all) => ApprovalsIter::Listed(all.iter()),
        }
    }
}

impl<'a> IntoIterator for &'a Approvals {
    type Item = (&'a Role, &'a NaiveDate);
    type IntoIter = ApprovalsIter<'a>;

    fn into_iter(self) -> ApprovalsIter<'a> {
        self.iter()
    }
}

impl FromIterator<(Role, NaiveDate)> for Approvals {
    /// As a map collects: the last date of a role wins.
    fn from_iter<I: IntoIterator<Item = (Role, NaiveDate)>>(items: I) -> Approvals {
        let mut all = Approvals::default();
        for (role, date) in items {
            all.insert(role, date);
        }
        all
    }
}

/// The optional fields of an entry, as an entry states them or an amendment corrects them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    pub date: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub description: Option<CompactString>,
    pub amount: Option<Amount>,
    pub provider: Option<CompactString>,
    pub goal: Option<Goal>,
    pub online: Option<bool>,
    pub catalogue: Option<bool>,
    pub programme: Option<String>,
    pub international: Option<bool>,
    pub for_entry: Option<u32>,
    pub travel_mode: Option<CompactString>,
    pub booked_via: Option<String>,
    pub distance_km: Option<u32>,
    pub nights: Option<u16>,
    pub status: Option<Status>,
    pub approvals: Approvals,
    pub applied: Option<NaiveDate>,
    pub cancel_by: Option<NaiveDate>,
    pub funded_by: Option<Funder>,
    pub days: Option<u32>,
    pub event: Option<String>,
    pub abroad: Option<bool>,
    pub in_region: Option<bool>,
    pub mandatory: Option<bool>,
    pub subject: Option<String>,
    pub receipt: Option<String>,
    pub note: Option<String>,
}

/// The most characters of a ledger's uid, and of the trainee's name, id,
/// unit and policy id (in `[trainee]` and every trainee change): no person's
/// or clinic's name is longer, and an audit keeps these of every ledger and
/// works on them (a trainee name of 16 MiB in a handful of exported ledgers
/// took the director's machine 160 MB). A ledger that states more is refused,
/// and so is `init` or `trainee` given more.
pub const MAX_NAME_CHARS: usize = 200;

/// Whether a text is within [`MAX_NAME_CHARS`].
pub fn short_enough(s: &str) -> bool {
    s.len() <= MAX_NAME_CHARS || s.chars().count() <= MAX_NAME_CHARS
}

/// The most course days an entry may state: ten years (a ledger that states
/// more is refused, and so is `add` or `amend` given more).
pub const MAX_DAYS: u32 = 3_650;
/// The most nights an entry may state: ten years (held in 16 bits).
pub const MAX_NIGHTS: u16 = 3_650;
/// The longest distance an entry may state, in km: twice around the Earth.
pub const MAX_DISTANCE_KM: u32 = 100_000;
/// The most entries a ledger may hold: fifty a day for five years of ST (a
/// trainee's ledger holds a few hundred). A ledger that holds more is
/// refused, and `add` to a ledger that holds as many. Bounded, every ledger
/// of 16 MiB is audited in 64 MB, however many findings each entry has
/// (docs/performance.md).
pub const MAX_ENTRIES: usize = 100_000;
/// [`Entry`]'s distance where it states none.
const NO_DISTANCE: u32 = u32::MAX;
/// [`Entry`]'s nights where it states none.
const NO_NIGHTS: u16 = u16::MAX;

/// An entry's amount in öre: the reader and `add` hold it to
/// [`MAX_AMOUNT`](crate::money::MAX_AMOUNT) either way, so it fits 64 bits.
fn entry_ore(a: Amount) -> i64 {
    i64::try_from(a.ore()).expect("an entry's amount is at most MAX_AMOUNT")
}

/// One cost: a course, a book, a trip. Kept compact (a ledger holds tens of
/// thousands): texts are boxed to their length, the provider and the travel
/// mode (a handful of names, each written again and again) shared between the
/// entries that name the same one, behind one pointer ([`ArcStr`], whose block
/// holds the length), and the fields few entries state packed apart in one
/// block ([`Rare`]), read through their methods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: u32,
    pub date: NaiveDate,
    pub kind: Kind,
    /// Short descriptions (most) are held inline, without an allocation.
    pub description: CompactString,
    /// In öre ([`Entry::amount`]): an entry's amount is at most
    /// [`MAX_AMOUNT`](crate::money::MAX_AMOUNT), so it fits.
    amount: i64,
    pub end: Option<NaiveDate>,
    pub provider: Option<ArcStr>,
    pub goal: Option<Goal>,
    pub online: bool,
    pub catalogue: bool,
    /// The entry it belongs to ([`Entry::for_entry`]); ids are 1 or more.
    for_entry: Option<NonZeroU32>,
    pub travel_mode: Option<ArcStr>,
    /// [`NO_DISTANCE`] where it states none ([`Entry::distance_km`]): a
    /// distance is at most [`MAX_DISTANCE_KM`].
    distance_km: u32,
    /// [`NO_NIGHTS`] where it states none ([`Entry::nights`]).
    nights: u16,
    /// The places of the rare values it holds ([`Rare`]'s mask), beside the
    /// other small fields: a value not held is answered without its block.
    rare_held: Mask,
    pub status: Status,
    pub approvals: Approvals,
    /// The texts and values few entries state, packed in one block
    /// ([`Rare`]); none when the entry states none of them.
    rare: Rare,
    /// Byte offset of the `[[entry]]` header ([`Entry::offset`]; a ledger
    /// is at most 16 MiB).
    offset: u32,
}

/// A getter and a setter of each value of [`Rare`]: unset (`None`) it is not
/// held, and an entry whose rare fields are all unset has no box, so that
/// two entries that state the same are equal.
macro_rules! rare_values {
    ($($(#[$doc:meta])* $get:ident, $set:ident: $place:ident = $value:ident($ty:ty);)+) => {
        impl Entry {
            $(
                $(#[$doc])*
                #[inline]
                pub fn $get(&self) -> Option<$ty> {
                    match self.rare.get(self.rare_held, Place::$place) {
                        Some(rare::Value::$value(x)) => Some(x),
                        _ => None,
                    }
                }

                pub fn $set(&mut self, value: Option<$ty>) {
                    self.rare.set(&mut self.rare_held, Place::$place, value.map(rare::Value::$value));
                }
            )+
        }
    };
}

rare_values! {
    /// The day the trainee applied to the provider or registered.
    applied, set_applied: Applied = Date(NaiveDate);
    /// The provider's last cancellation day.
    cancel_by, set_cancel_by: CancelBy = Date(NaiveDate);
    /// A payer agreed beforehand.
    funded_by, set_funded_by: FundedBy = Funder(Funder);
    /// The entry's course days where they differ from its dates (`date..end`),
    /// as stated ([`Entry::days`] counts them).
    stated_days, set_days: Days = Number(u32);
    /// The day the current status was recorded, when an amendment the tool
    /// wrote set it (its `recorded`); `None` for a status written with the
    /// entry. Not a field of the file: it follows from the amendments.
    status_recorded, set_status_recorded: StatusRecorded = Date(NaiveDate);
}

/// A getter and a setter of each flag of [`Rare`]: held only when set.
macro_rules! rare_flags {
    ($($(#[$doc:meta])* $get:ident, $set:ident: $place:ident;)+) => {
        impl Entry {
            $(
                $(#[$doc])*
                #[inline]
                pub fn $get(&self) -> bool {
                    self.rare_held.has(Place::$place)
                }

                pub fn $set(&mut self, value: bool) {
                    self.rare.set(&mut self.rare_held, Place::$place, value.then_some(rare::Value::Flag));
                }
            )+
        }
    };
}

rare_flags! {
    international, set_international: International;
    /// Held outside Sweden.
    abroad, set_abroad: Abroad;
    /// Held within the region.
    in_region, set_in_region: InRegion;
    /// Mandatory for the trainee's target description.
    mandatory, set_mandatory: Mandatory;
}

/// A getter and a setter of each text of [`Rare`]. A text once set stays
/// set (an amendment corrects a field, it never removes one).
macro_rules! rare_texts {
    ($($(#[$doc:meta])* $get:ident, $set:ident: $place:ident;)+) => {
        impl Entry {
            $(
                $(#[$doc])*
                #[inline]
                pub fn $get(&self) -> Option<&str> {
                    self.rare.text(self.rare_held, Place::$place)
                }

                pub fn $set(&mut self, text: &str) {
                    self.rare.set(&mut self.rare_held, Place::$place, Some(rare::Value::Text(text)));
                }
            )+
        }
    };
}

rare_texts! {
    programme, set_programme: Programme;
    booked_via, set_booked_via: BookedVia;
    /// The event (a congress, a forum) the entry is part of: the entries of
    /// one event share it, and a count may count events instead of entries.
    event, set_event: Event;
    /// The mandatory course subject it covers, by the id the policy lists.
    subject, set_subject: Subject;
    receipt, set_receipt: Receipt;
    note, set_note: Note;
}

impl Entry {
    /// An entry with the required fields and every optional one left out.
    pub fn new(
        id: u32,
        date: NaiveDate,
        kind: Kind,
        description: CompactString,
        amount: Amount,
    ) -> Entry {
        Entry {
            id,
            date,
            kind,
            description,
            amount: entry_ore(amount),
            end: None,
            provider: None,
            goal: None,
            online: false,
            catalogue: false,
            for_entry: None,
            travel_mode: None,
            distance_km: NO_DISTANCE,
            nights: NO_NIGHTS,
            rare_held: Mask::default(),
            status: Status::Planned,
            approvals: Approvals::default(),
            rare: Rare::default(),
            offset: 0,
        }
    }

    /// What it cost.
    pub fn amount(&self) -> Amount {
        Amount::from_ore_i64(self.amount)
    }

    /// Sets what it cost: at most [`MAX_AMOUNT`](crate::money::MAX_AMOUNT)
    /// either way, as the reader and `add` hold it.
    pub fn set_amount(&mut self, amount: Amount) {
        self.amount = entry_ore(amount);
    }

    /// The id of the entry it belongs to (`for`), where it states one.
    pub fn for_entry(&self) -> Option<u32> {
        self.for_entry.map(NonZeroU32::get)
    }

    /// Sets the entry it belongs to. An id is 1 or more: the reader, `add`
    /// and `amend` refuse 0 ("there is no entry 0").
    pub fn set_for_entry(&mut self, id: Option<u32>) {
        debug_assert_ne!(id, Some(0), "entry ids are 1 or more");
        self.for_entry = id.and_then(NonZeroU32::new);
    }

    /// The distance travelled in km, where it states one.
    pub fn distance_km(&self) -> Option<u32> {
        (self.distance_km != NO_DISTANCE).then_some(self.distance_km)
    }

    /// Sets the distance: at most [`MAX_DISTANCE_KM`], as the reader, `add`
    /// and `amend` hold it.
    pub fn set_distance_km(&mut self, km: Option<u32>) {
        debug_assert!(km.is_none_or(|k| k <= MAX_DISTANCE_KM));
        self.distance_km = km.map_or(NO_DISTANCE, |k| k.min(MAX_DISTANCE_KM));
    }

    /// The nights it states, where it states them.
    pub fn nights(&self) -> Option<u16> {
        (self.nights != NO_NIGHTS).then_some(self.nights)
    }

    /// Sets the nights: at most [`MAX_NIGHTS`], as the reader, `add` and
    /// `amend` hold them.
    pub fn set_nights(&mut self, nights: Option<u16>) {
        debug_assert!(nights.is_none_or(|n| n <= MAX_NIGHTS));
        self.nights = nights.map_or(NO_NIGHTS, |n| n.min(MAX_NIGHTS));
    }

    /// Byte offset of the `[[entry]]` header in its file.
    pub fn offset(&self) -> usize {
        self.offset as usize
    }

    /// Sets where the `[[entry]]` header stands in its file.
    pub fn set_offset(&mut self, at: usize) {
        self.offset = u32::try_from(at).unwrap_or(u32::MAX);
    }

    /// The last day of the activity: `end`, or the date itself.
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or(self.date)
    }

    /// The entry's days as it states them: `days` where recorded, else its
    /// calendar days from `date` to `end`, both included.
    pub fn days(&self) -> i64 {
        self.stated_days()
            .map_or_else(|| (self.last_day() - self.date).num_days() + 1, i64::from)
    }

    /// Whether the entry may cost nothing: only an event may (a free forum
    /// whose travel and lodging belong to it).
    pub fn may_be_free(&self) -> bool {
        self.event().is_some()
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == Status::Cancelled
    }

    /// Applies the corrections of an amendment: fields it names replace the entry's,
    /// approvals are added (a later date for the same role replaces the earlier one).
    pub fn apply(&mut self, f: &Fields) {
        macro_rules! set {
            ($($field:ident),+) => { $(if let Some(v) = &f.$field { self.$field = v.clone(); })+ };
        }
        macro_rules! set_opt {
            ($($field:ident),+) => { $(if let Some(v) = &f.$field { self.$field = Some(v.clone()); })+ };
        }
        macro_rules! set_text {
            ($($field:ident),+) => { $(if let Some(v) = &f.$field { self.$field = Some(v.as_str().into()); })+ };
        }
        macro_rules! set_rare {
            ($($field:ident => $set:ident),+) => { $(if let Some(v) = &f.$field { self.$set(v.as_str()); })+ };
        }
        if let Some(v) = &f.description {
            self.description = v.as_str().into();
        }
        set!(date, kind, online, catalogue, status);
        set_opt!(end, goal);
        if let Some(n) = f.nights {
            self.set_nights(Some(n));
        }
        if let Some(a) = f.amount {
            self.set_amount(a);
        }
        if let Some(id) = f.for_entry {
            self.set_for_entry(Some(id));
        }
        if let Some(km) = f.distance_km {
            self.set_distance_km(Some(km));
        }
        macro_rules! set_value {
            ($($field:ident => $set:ident),+) => { $(if let Some(v) = f.$field { self.$set(Some(v)); })+ };
        }
        macro_rules! set_flag {
            ($($field:ident => $set:ident),+) => { $(if let Some(v) = f.$field { self.$set(v); })+ };
        }
        set_value!(
            applied => set_applied,
            cancel_by => set_cancel_by,
            funded_by => set_funded_by,
            days => set_days
        );
        set_flag!(
            international => set_international,
            abroad => set_abroad,
            in_region => set_in_region,
            mandatory => set_mandatory
        );
        set_text!(provider, travel_mode);
        set_rare!(
            programme => set_programme,
            booked_via => set_booked_via,
            event => set_event,
            subject => set_subject,
            receipt => set_receipt,
            note => set_note
        );
        for (role, date) in &f.approvals {
            self.approvals.insert(role.clone(), *date);
        }
    }

    /// Applies an amendment: its fields, and, when it sets the status, the day
    /// it was recorded (a cancellation recorded after `cancel_by` may have been
    /// late, DOMAIN after V12).
    pub fn amend(&mut self, a: &Amendment) {
        self.apply(&a.fields());
        if a.sets_status() {
            self.set_status_recorded(a.recorded);
        }
    }
}

/// A correction, approval or status change of an earlier entry, recorded without
/// erasing it: the `[[amendment]]` tables of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    pub entry: u32,
    /// The day it was recorded, when the tool wrote it.
    pub recorded: Option<NaiveDate>,
    /// The fields it states, compact ([`Amendment::fields`]).
    stated: Stated,
    pub offset: usize,
}

impl Amendment {
    pub fn new(entry: u32, recorded: Option<NaiveDate>, fields: Fields, offset: usize) -> Self {
        Amendment {
            entry,
            recorded,
            stated: Stated::of(fields),
            offset,
        }
    }

    /// The fields it states; the others unset.
    pub fn fields(&self) -> Fields {
        self.stated.fields()
    }

    pub fn set_fields(&mut self, fields: Fields) {
        self.stated = Stated::of(fields);
    }

    /// Whether it states a new status.
    pub fn sets_status(&self) -> bool {
        self.stated
            .0
            .as_slice()
            .iter()
            .any(|v| matches!(v, Value::Status(_)))
    }

    /// Whether it states an event.
    pub fn sets_event(&self) -> bool {
        self.stated
            .0
            .as_slice()
            .iter()
            .any(|v| matches!(v, Value::Event(_)))
    }

    fn find<T>(&self, pick: impl Fn(&Value) -> Option<T>) -> Option<T> {
        self.stated.0.find(pick)
    }

    /// The date it sets.
    pub fn date(&self) -> Option<NaiveDate> {
        self.find(|v| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        })
    }

    /// The end it sets.
    pub fn end(&self) -> Option<NaiveDate> {
        self.find(|v| match v {
            Value::End(d) => Some(*d),
            _ => None,
        })
    }

    /// The entry it says this one belongs to (`for`).
    pub fn for_entry(&self) -> Option<u32> {
        self.find(|v| match v {
            Value::ForEntry(id) => Some(*id),
            _ => None,
        })
    }

    /// The amount it sets.
    pub fn amount(&self) -> Option<Amount> {
        self.find(|v| match v {
            Value::Amount(a) => Some(*a),
            _ => None,
        })
    }
}

/// The fields an amendment states, one after another: an amendment states
/// one or two of the 29, and a ledger (or a hostile file) may hold hundreds
/// of thousands of amendments, so each costs what it says, not a whole
/// [`Fields`] (about 340 bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Stated(Few<Value>);

/// Each optional field of [`Fields`] as one value of [`Stated`], and the
/// conversions both ways.
macro_rules! stated {
    ($($field:ident: $variant:ident($ty:ty),)+) => {
        #[derive(Clone, Debug, PartialEq, Eq)]
        enum Value {
            $($variant($ty),)+
            Approvals(Approvals),
        }

        impl Stated {
            fn of(f: Fields) -> Stated {
                let mut v = Vec::new();
                $(if let Some(x) = f.$field {
                    v.push(Value::$variant(x.into()));
                })+
                if !f.approvals.is_empty() {
                    v.push(Value::Approvals(f.approvals));
                }
                Stated(Few::from_vec(v))
            }

            fn fields(&self) -> Fields {
                let mut f = Fields::default();
                for v in self.0.as_slice() {
                    match v {
                        $(Value::$variant(x) => f.$field = Some(x.clone().into()),)+
                        Value::Approvals(a) => f.approvals = a.clone(),
                    }
                }
                f
            }
        }
    };
}

stated! {
    date: Date(NaiveDate),
    end: End(NaiveDate),
    kind: Kind(Kind),
    description: Description(CompactString),
    amount: Amount(Amount),
    provider: Provider(CompactString),
    goal: Goal(Goal),
    online: Online(bool),
    catalogue: Catalogue(bool),
    programme: Programme(CompactString),
    international: International(bool),
    for_entry: ForEntry(u32),
    travel_mode: TravelMode(CompactString),
    booked_via: BookedVia(CompactString),
    distance_km: DistanceKm(u32),
    nights: Nights(u16),
    status: Status(Status),
    applied: Applied(NaiveDate),
    cancel_by: CancelBy(NaiveDate),
    funded_by: FundedBy(Funder),
    days: Days(u32),
    event: Event(CompactString),
    abroad: Abroad(bool),
    in_region: InRegion(bool),
    mandatory: Mandatory(bool),
    subject: Subject(CompactString),
    receipt: Receipt(CompactString),
    note: Note(CompactString),
}

/// A change of trainee data recorded after `init`: the `[[trainee_change]]` tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraineeChange {
    pub recorded: Option<NaiveDate>,
    pub name: Option<String>,
    pub id: Option<String>,
    pub certificate: Option<NaiveDate>,
    pub double_specialisation: Option<bool>,
    pub programmes: Option<Vec<String>>,
    pub unit: Option<String>,
    pub offset: usize,
}

/// A trainee change as a ledger keeps it: the fields it states and nothing
/// else ([`TraineeChange`] whole is 120 bytes, and a hostile file of the
/// largest size may hold 560 000 changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptChange {
    pub recorded: Option<NaiveDate>,
    pub offset: usize,
    stated: Few<ChangeValue>,
}

/// One field of a [`TraineeChange`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum ChangeValue {
    Name(CompactString),
    Id(CompactString),
    Certificate(NaiveDate),
    DoubleSpecialisation(bool),
    Programmes(Vec<String>),
    Unit(CompactString),
}

impl KeptChange {
    pub fn of(c: TraineeChange) -> KeptChange {
        let stated = [
            c.name.map(|x| ChangeValue::Name(x.into())),
            c.id.map(|x| ChangeValue::Id(x.into())),
            c.certificate.map(ChangeValue::Certificate),
            c.double_specialisation
                .map(ChangeValue::DoubleSpecialisation),
            c.programmes.map(ChangeValue::Programmes),
            c.unit.map(|x| ChangeValue::Unit(x.into())),
        ];
        KeptChange {
            recorded: c.recorded,
            offset: c.offset,
            stated: Few::from_vec(stated.into_iter().flatten().collect()),
        }
    }

    /// The change whole: the fields it states, the others unset.
    pub fn change(&self) -> TraineeChange {
        let mut c = TraineeChange {
            recorded: self.recorded,
            offset: self.offset,
            ..TraineeChange::default()
        };
        for v in self.stated.as_slice() {
            match v {
                ChangeValue::Name(x) => c.name = Some(x.to_string()),
                ChangeValue::Id(x) => c.id = Some(x.to_string()),
                ChangeValue::Certificate(x) => c.certificate = Some(*x),
                ChangeValue::DoubleSpecialisation(x) => c.double_specialisation = Some(*x),
                ChangeValue::Programmes(x) => c.programmes = Some(x.clone()),
                ChangeValue::Unit(x) => c.unit = Some(x.to_string()),
            }
        }
        c
    }

    /// The name it states, read without copying.
    pub fn name(&self) -> Option<&str> {
        self.stated.find(|v| match v {
            ChangeValue::Name(x) => Some(x.as_str()),
            _ => None,
        })
    }

    /// The trainee id it states.
    pub fn id(&self) -> Option<&str> {
        self.stated.find(|v| match v {
            ChangeValue::Id(x) => Some(x.as_str()),
            _ => None,
        })
    }

    /// The certificate day it states.
    pub fn certificate(&self) -> Option<NaiveDate> {
        self.stated.find(|v| match v {
            ChangeValue::Certificate(x) => Some(*x),
            _ => None,
        })
    }
}

impl Trainee {
    pub fn apply(&mut self, c: &TraineeChange) {
        if let Some(v) = &c.name {
            self.name = v.clone();
        }
        if let Some(v) = &c.id {
            self.id = Some(v.clone());
        }
        if let Some(v) = c.certificate {
            self.certificate = Some(v);
        }
        if let Some(v) = c.double_specialisation {
            self.double_specialisation = v;
        }
        if let Some(v) = &c.programmes {
            self.programmes = v.clone();
        }
        if let Some(v) = &c.unit {
            self.unit = Some(v.clone());
        }
    }
}

/// One record of the file, in file order: what a seal covers. Each but the
/// trainee's is its index in its list (8 bytes a record: a hostile file of
/// the largest size holds 600 000 records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Trainee,
    Service(u32),
    Entry(u32),
    Amendment(u32),
    TraineeChange(u32),
}

/// The seal an export writes (see docs/seal.md); absent in a working ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    pub algorithm: String,
    pub records: usize,
    pub hash: String,
    pub chain: Vec<String>,
    pub exported: Option<NaiveDate>,
    pub offset: usize,
}

/// A ledger as it stands in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    pub format: i64,
    /// The identity this ledger got at `init`; hand-written ledgers may lack it.
    pub uid: Option<String>,
    pub trainee: Trainee,
    pub services: Vec<ServicePeriod>,
    pub entries: Vec<Entry>,
    pub amendments: Vec<Amendment>,
    pub trainee_changes: Vec<KeptChange>,
    pub seal: Option<Seal>,
    /// Every record in file order.
    pub records: Vec<Record>,
    /// Every approval by a role outside the five built in, in file order: only
    /// the policy can say whether it declares it.
    pub declared_roles: Vec<RoleUse>,
}

/// An approval key naming a role outside the five built in, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleUse {
    pub role: String,
    /// Byte offset of the key in the file.
    pub offset: usize,
}

/// The ledger with every amendment and trainee change applied: what the engine judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    pub trainee: Trainee,
    pub services: Vec<ServicePeriod>,
    pub entries: Vec<Entry>,
}

impl Ledger {
    /// The state after every amendment, in file order.
    pub fn effective(&self) -> Effective {
        self.amend(
            self.trainee.clone(),
            self.services.clone(),
            self.entries.clone(),
        )
    }

    /// As [`Ledger::effective`], for a caller done with the ledger as it stands
    /// in its file (`audit`): the entries are moved, not copied.
    pub fn into_effective(mut self) -> Effective {
        self.take_effective()
    }

    /// As [`Ledger::into_effective`], leaving the ledger without its entries
    /// and service periods (the rest stays): one copy of the entries in memory.
    pub fn take_effective(&mut self) -> Effective {
        let trainee = self.trainee.clone();
        let services = std::mem::take(&mut self.services);
        let entries = std::mem::take(&mut self.entries);
        self.amend(trainee, services, entries)
    }

    /// Applies the amendments and trainee changes, in file order, to these parts.
    fn amend(
        &self,
        mut trainee: Trainee,
        services: Vec<ServicePeriod>,
        mut entries: Vec<Entry>,
    ) -> Effective {
        if !self.amendments.is_empty() {
            // Answers as a map of id to index filled in order (`IdIndex`'s
            // tests), without hashing every entry's id.
            let index = crate::ids::IdIndex::new(entries.iter().map(|e| e.id));
            for record in &self.records {
                if let Record::Amendment(i) = *record {
                    let a = &self.amendments[i as usize];
                    if let Some(j) = index.get(a.entry) {
                        entries[j].amend(a);
                    }
                }
            }
        }
        for record in &self.records {
            if let Record::TraineeChange(i) = *record {
                trainee.apply(&self.trainee_changes[i as usize].change());
            }
        }
        Effective {
            trainee,
            services,
            entries,
        }
    }

    /// The next free entry id.
    pub fn next_id(&self) -> u32 {
        self.entries
            .iter()
            .map(|e| e.id)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }

    pub fn entry(&self, id: u32) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// `text` without white space at either end, as `str::trim` gives it, with a
/// look at its ends first: a word of a ledger (`course`, `attended`) nearly
/// always begins and ends with a visible ASCII letter, and then has nothing
/// to trim. (The whole look is 1.6 % of reading a ledger's entries.)
pub fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

#[cfg(test)]
mod tests {
    /// The quick look trims as `str::trim` does: every text of up to three
    /// letters from a set of white space, visible and other letters.
    #[test]
    fn trim_is_str_trim() {
        let letters = [
            " ", "\t", "\n", "\u{a0}", "\u{2003}", "\u{85}", "a", "Ö", "\u{7f}", "~", "!", "\r",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = (texts.iter())
                .flat_map(|t| letters.iter().map(move |l| format!("{t}{l}")))
                .collect();
            texts.extend(longer);
        }
        for t in &texts {
            assert_eq!(super::trim(t), t.trim(), "{t:?}");
        }
    }

    use std::collections::BTreeMap;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn approvals_answer_as_a_map_by_role_would() {
        let steps = [
            (Role::Verksamhetschef, "2024-03-01"),
            (Role::Declared("at-chef".into()), "2024-01-01"),
            (Role::Handledare, "2024-02-01"),
            (Role::Handledare, "2024-02-05"),
            (Role::Studierektor, "2024-02-03"),
        ];
        let mut approvals = Approvals::default();
        let mut map = BTreeMap::new();
        for (role, date) in steps {
            assert_eq!(
                approvals.insert(role.clone(), day(date)),
                map.insert(role, day(date))
            );
        }
        assert_eq!(
            approvals.iter().collect::<Vec<_>>(),
            map.iter().collect::<Vec<_>>()
        );
        assert_eq!(approvals.len(), 4);
        assert_eq!(approvals.get(&Role::Handledare), Some(&day("2024-02-05")));
        assert!(!approvals.contains_key(&Role::Vardcentralchef));
        let collected: Approvals = map.into_iter().collect();
        assert_eq!(collected, approvals);
    }

    /// Looked up among a few roles in turn and among more by a binary search:
    /// both find every role present, at its day, and none absent, at every
    /// size from none to nine.
    #[test]
    fn approvals_find_every_role_at_every_size() {
        let mut roles: Vec<Role> = Role::ALL.to_vec();
        roles.extend(["at-chef", "b", "a", "z"].map(|r| Role::Declared(r.into())));
        let absent = [Role::Declared("ingen".into()), Role::Declared("".into())];
        for n in 0..=roles.len() {
            let mut approvals = Approvals::default();
            let mut map = BTreeMap::new();
            // Inserted backwards, so that the order kept is the roles', not the insertions'.
            for (k, role) in roles[..n].iter().enumerate().rev() {
                let date = day("2024-01-01") + chrono::Days::new(k as u64);
                approvals.insert(role.clone(), date);
                map.insert(role.clone(), date);
            }
            for role in roles.iter().chain(&absent) {
                assert_eq!(approvals.get(role), map.get(role), "{n} {role:?}");
                assert_eq!(approvals.contains_key(role), map.contains_key(role));
            }
        }
    }

    #[test]
    fn rare_fields_are_read_and_set_through_their_methods() {
        let date = day("2024-05-02");
        let mut e = Entry::new(1, date, Kind::Congress, "Forum".into(), Amount::ZERO);
        assert_eq!((e.event(), e.note()), (None, None));
        e.set_event("ST-forum 2024");
        e.set_note("lunch ingår");
        assert_eq!(e.event(), Some("ST-forum 2024"));
        assert_eq!(e.note(), Some("lunch ingår"));
        assert_eq!(e.subject(), None);
        assert!(e.may_be_free());
        let mut amended = e.clone();
        amended.apply(&Fields {
            note: Some("utan lunch".into()),
            ..Fields::default()
        });
        assert_eq!(amended.note(), Some("utan lunch"));
        assert_eq!(amended.event(), e.event());
    }

    /// An amendment keeps what it states, every field as it was given, and
    /// nothing else; it takes 48 bytes with one value, more boxed (a 16 MiB file may
    /// hold 480 000 amendments).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_amendment_keeps_the_fields_it_states_compactly() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).expect("a day");
        let text = |t: &str| Some(t.to_string());
        let compact = |t: &str| Some(CompactString::from(t));
        let all = Fields {
            date: Some(day(1)),
            end: Some(day(2)),
            kind: Some(Kind::Travel),
            description: compact("d"),
            amount: Some(Amount::from_ore(12_345)),
            provider: compact("p"),
            goal: Goal::parse("c7"),
            online: Some(true),
            catalogue: Some(false),
            programme: text("plus"),
            international: Some(true),
            for_entry: Some(7),
            travel_mode: compact("train"),
            booked_via: text("b"),
            distance_km: Some(120),
            nights: Some(2),
            status: Some(Status::Cancelled),
            approvals: [(Role::named("handledare"), day(3))].into_iter().collect(),
            applied: Some(day(4)),
            cancel_by: Some(day(5)),
            funded_by: Some(Funder::Unit),
            days: Some(3),
            event: text("e"),
            abroad: Some(false),
            in_region: Some(true),
            mandatory: Some(true),
            subject: text("s"),
            receipt: text("r"),
            note: text("n"),
        };
        let a = Amendment::new(3, Some(day(9)), all.clone(), 40);
        assert_eq!(a.fields(), all);
        assert_eq!(a.stated.0.as_slice().len(), 29);
        assert!(a.sets_status() && a.sets_event());
        assert_eq!(
            (a.date(), a.end(), a.for_entry()),
            (Some(day(1)), Some(day(2)), Some(7))
        );
        assert_eq!(a.amount(), Some(Amount::from_ore(12_345)));
        let note = Fields {
            note: text("kvitto"),
            ..Fields::default()
        };
        let b = Amendment::new(3, None, note.clone(), 0);
        assert_eq!(b.fields(), note);
        assert_eq!(b.stated.0.as_slice().len(), 1);
        assert!(!b.sets_status() && !b.sets_event());
        assert_eq!((b.date(), b.amount()), (None, None));
        let none = Amendment::new(3, None, Fields::default(), 0);
        assert_eq!(none.fields(), Fields::default());
        assert!(none.stated.0.as_slice().is_empty());
        assert_eq!(std::mem::size_of::<Amendment>(), 48);
    }

    /// A trainee change is kept as the fields it states: whole again as it
    /// was, read without copying, 48 bytes with one field.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_trainee_change_keeps_the_fields_it_states_compactly() {
        let all = TraineeChange {
            recorded: Some(day("2025-03-01")),
            name: Some("Anna B".into()),
            id: Some("KRO-7".into()),
            certificate: Some(day("2030-01-31")),
            double_specialisation: Some(true),
            programmes: Some(vec!["plus".into()]),
            unit: Some("VC Centrum".into()),
            offset: 99,
        };
        let kept = KeptChange::of(all.clone());
        assert_eq!(kept.change(), all);
        assert_eq!((kept.name(), kept.id()), (Some("Anna B"), Some("KRO-7")));
        assert_eq!(kept.certificate(), Some(day("2030-01-31")));
        let unit = TraineeChange {
            unit: Some("x".into()),
            offset: 7,
            ..TraineeChange::default()
        };
        let kept = KeptChange::of(unit.clone());
        assert_eq!(kept.change(), unit);
        assert_eq!(
            (kept.name(), kept.id(), kept.certificate()),
            (None, None, None)
        );
        assert!(matches!(kept.stated, Few::One(ChangeValue::Unit(_))));
        let none = KeptChange::of(TraineeChange::default());
        assert_eq!(none.change(), TraineeChange::default());
        assert!(matches!(none.stated, Few::None));
        assert_eq!(std::mem::size_of::<KeptChange>(), 48);
    }

    /// Approvals answer as a map by role would, whatever the roles (known
    /// to every policy or declared) and the order they come in: every
    /// sequence of up to three approvals by seven roles on two days. Equal
    /// approvals are equal however they were made, and take 16 bytes.
    #[test]
    fn approvals_are_a_map_by_role() {
        let roles: Vec<Role> = (Role::ALL.iter().cloned())
            .chain(["at-chef", "aa"].map(|r| Role::Declared(r.into())))
            .collect();
        let days = [(2024, 1, 1), (2024, 2, 1)]
            .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("day"));
        let each: Vec<(Role, NaiveDate)> = (roles.iter())
            .flat_map(|r| days.map(|d| (r.clone(), d)))
            .collect();
        let mut made: BTreeMap<Vec<(Role, NaiveDate)>, Approvals> = BTreeMap::new();
        let mut steps: Vec<Vec<usize>> = vec![vec![]];
        let mut last = steps.clone();
        for _ in 0..3 {
            last = (last.iter())
                .flat_map(|s| (0..each.len()).map(move |i| [s.as_slice(), &[i]].concat()))
                .collect();
            steps.extend(last.iter().cloned());
        }
        for sequence in &steps {
            let mut held = Approvals::default();
            let mut map = BTreeMap::new();
            for &i in sequence {
                let (role, day) = each[i].clone();
                assert_eq!(held.insert(role.clone(), day), map.insert(role, day));
            }
            let listed: Vec<(Role, NaiveDate)> = map.iter().map(|(r, d)| (r.clone(), *d)).collect();
            let seen: Vec<(Role, NaiveDate)> = held.iter().map(|(r, d)| (r.clone(), *d)).collect();
            assert_eq!(seen, listed, "{sequence:?}");
            assert_eq!(held.len(), map.len());
            assert_eq!(held.is_empty(), map.is_empty());
            for role in &roles {
                assert_eq!(held.get(role), map.get(role), "{sequence:?} {role:?}");
                assert_eq!(held.contains_key(role), map.contains_key(role));
            }
            let same = made.entry(listed.clone()).or_insert_with(|| held.clone());
            assert_eq!(*same, held, "{sequence:?}");
            assert_eq!(listed.into_iter().collect::<Approvals>(), held);
        }
        assert!(made.len() > 100, "{}", made.len());
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(role.known(), Some(i as u8), "{role:?}");
        }
        assert_eq!(std::mem::size_of::<Approvals>(), 16);
    }

    /// A ledger of 16 MiB holds up to some 220 000 entries written tightly:
    /// each byte here is 220 kB of every command's memory
    /// (docs/performance.md). A description of up to 24 bytes is held in it,
    /// without a block of its own; the amount in öre, the link and the
    /// distance in 32 bits each.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_entry_stays_compact() {
        assert_eq!(std::mem::size_of::<Entry>(), 112);
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).expect("day");
        let short = Entry::new(
            1,
            day,
            Kind::Literature,
            "Läkemedelsboken 2025".into(),
            Amount::ZERO,
        );
        assert!(!short.description.is_heap_allocated());
        let long = "Kurs i handledning för ST-läkare";
        let long = Entry::new(2, day, Kind::Literature, long.into(), Amount::ZERO);
        assert!(long.description.is_heap_allocated());
    }

    /// The amount, the link and the distance held narrowly read back as set,
    /// at both ends of what the reader lets through.
    #[test]
    fn the_narrow_fields_read_back_as_set() {
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).expect("day");
        let mut e = Entry::new(1, day, Kind::Travel, "t".into(), crate::money::MAX_AMOUNT);
        assert_eq!(e.amount(), crate::money::MAX_AMOUNT);
        assert_eq!((e.for_entry(), e.distance_km()), (None, None));
        for a in ["0.00", "0.01", "-100000000.00", "4500.50"] {
            let a = Amount::parse_exact(a).expect("amount");
            e.set_amount(a);
            assert_eq!(e.amount(), a);
        }
        for id in [Some(1), Some(u32::MAX), None] {
            e.set_for_entry(id);
            assert_eq!(e.for_entry(), id);
        }
        for km in [Some(0), Some(MAX_DISTANCE_KM), Some(120), None] {
            e.set_distance_km(km);
            assert_eq!(e.distance_km(), km);
        }
    }
    /// A rare value set and read back is the value; unset again (`None`,
    /// `false`), the entry is as one that never stated it, box and all.
    #[test]
    fn rare_values_read_back_and_leave_no_box_when_unset() {
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).expect("day");
        let fresh = Entry::new(1, day, Kind::Course, "K".into(), Amount::ZERO);
        let mut e = fresh.clone();
        e.set_applied(Some(day));
        e.set_cancel_by(Some(day));
        e.set_funded_by(Some(Funder::Unit));
        e.set_days(Some(3));
        e.set_status_recorded(Some(day));
        e.set_international(true);
        e.set_abroad(true);
        e.set_in_region(true);
        e.set_mandatory(true);
        assert_eq!(
            (
                e.applied(),
                e.cancel_by(),
                e.funded_by(),
                e.stated_days(),
                e.days()
            ),
            (Some(day), Some(day), Some(Funder::Unit), Some(3), 3)
        );
        assert!(e.international() && e.abroad() && e.in_region() && e.mandatory());
        assert_eq!(e.status_recorded(), Some(day));
        assert_ne!(e, fresh);
        e.set_applied(None);
        e.set_cancel_by(None);
        e.set_funded_by(None);
        e.set_days(None);
        e.set_status_recorded(None);
        e.set_international(false);
        e.set_abroad(false);
        e.set_in_region(false);
        assert_ne!(e, fresh);
        e.set_mandatory(false);
        assert_eq!(e, fresh);
        assert!(e.rare.is_empty());
        // Unset on an entry without any, no block is made.
        e.set_abroad(false);
        assert!(e.rare.is_empty());
    }

    /// An entry stating one rare value holds it in a block of its bytes
    /// (the block with room for all of them was 136 bytes; `days` takes 4, its
    /// place a bit of the mask the entry keeps),
    /// and two entries that state the same values are equal in whatever
    /// order they were set or unset.
    #[test]
    fn rare_values_are_held_compactly_and_alike_in_any_order() {
        assert_eq!(std::mem::size_of::<Rare>(), 8);
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).expect("day");
        let fresh = Entry::new(1, day, Kind::Course, "K".into(), Amount::ZERO);
        let mut one = fresh.clone();
        one.set_days(Some(2));
        assert_eq!(
            (one.rare.iter(one.rare_held).count(), one.rare.bytes()),
            (1, 4)
        );
        let sets: [fn(&mut Entry); 6] = [
            |e| e.set_note("n"),
            |e| e.set_days(Some(2)),
            |e| e.set_abroad(true),
            |e| e.set_programme("p"),
            |e| e.set_applied(NaiveDate::from_ymd_opt(2025, 2, 3)),
            |e| e.set_mandatory(true),
        ];
        let unsets: [fn(&mut Entry); 4] = [
            |e| e.set_days(None),
            |e| e.set_abroad(false),
            |e| e.set_applied(None),
            |e| e.set_mandatory(false),
        ];
        // Every order of `n` things: each of `n`^`n` sequences whose items differ.
        let orders = |n: usize| {
            (0..n.pow(n as u32))
                .map(move |k| (0..n).map(|i| k / n.pow(i as u32) % n).collect::<Vec<_>>())
                .filter(move |o| (0..n).all(|i| o.contains(&i)))
        };
        let mut texts_only = fresh.clone();
        texts_only.set_note("n");
        texts_only.set_programme("p");
        let mut all = None;
        for order in orders(sets.len()) {
            let mut e = fresh.clone();
            for &i in &order {
                sets[i](&mut e);
            }
            assert_eq!(
                (
                    e.note(),
                    e.days(),
                    e.abroad(),
                    e.programme(),
                    e.applied(),
                    e.mandatory()
                ),
                (
                    Some("n"),
                    2,
                    true,
                    Some("p"),
                    NaiveDate::from_ymd_opt(2025, 2, 3),
                    true
                ),
                "{order:?}"
            );
            assert_eq!(e.rare.iter(e.rare_held).count(), 6);
            let all = all.get_or_insert_with(|| e.clone());
            assert_eq!(&e, all, "{order:?}");
        }
        let all = all.expect("set in every order");
        for order in orders(unsets.len()) {
            let mut e = all.clone();
            for &i in &order {
                unsets[i](&mut e);
            }
            assert_eq!(e, texts_only, "{order:?}");
        }
    }

    /// A goal's code is held in the goal: six ASCII characters at most; its
    /// level is read from the code.
    #[test]
    fn a_goal_holds_its_code_as_written() {
        for (text, code, level) in [
            ("c12", "c12", 'c'),
            (" STc7 ", "STc7", 'c'),
            ("B", "B", 'b'),
            ("stA", "stA", 'a'),
            ("sTb12", "sTb12", 'b'),
            ("a", "a", 'a'),
        ] {
            let g = Goal::parse(text).expect("a goal");
            assert_eq!((g.code(), g.level()), (code, level));
        }
        for bad in ["c1234", "STc1234", "d1", "ｃ1", "", "st"] {
            assert_eq!(Goal::parse(bad), None, "{bad:?}");
        }
        assert_eq!(std::mem::size_of::<Option<Goal>>(), 8);
    }

    /// A record of the file is 8 bytes: a ledger of the largest size may
    /// hold 600 000 of them.
    #[test]
    fn a_record_stays_compact() {
        assert_eq!(std::mem::size_of::<Record>(), 8);
    }
}
