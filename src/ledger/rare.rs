//! [`Rare`]: the values few entries state, packed in one block.
//!
//! A ledger of 16 MiB can hold 90 000 entries that each state nine rare
//! values (`note="n"`, `days=1`, `abroad=true`, …). Held one value to a slot
//! of 24 bytes, each text in a block of its own, those took some 300 bytes an
//! entry and the audit of such a ledger 64 MiB. Packed, the nine take 29
//! bytes and one block.

use chrono::{Datelike, NaiveDate};
use thin_vec::ThinVec;

use super::model::Funder;

/// Where a rare value stands among an entry's: the values are held in this
/// order, each place at most once, so that two entries that state the same
/// hold the same bytes however their values were set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    Programme,
    BookedVia,
    Event,
    Subject,
    Receipt,
    Note,
    Applied,
    CancelBy,
    FundedBy,
    Days,
    StatusRecorded,
    International,
    Abroad,
    InRegion,
    Mandatory,
}

impl Place {
    const ALL: [Place; 15] = [
        Place::Programme,
        Place::BookedVia,
        Place::Event,
        Place::Subject,
        Place::Receipt,
        Place::Note,
        Place::Applied,
        Place::CancelBy,
        Place::FundedBy,
        Place::Days,
        Place::StatusRecorded,
        Place::International,
        Place::Abroad,
        Place::InRegion,
        Place::Mandatory,
    ];

    /// The byte that names it in a block.
    fn byte(self) -> u8 {
        self as u8
    }

    fn of(byte: u8) -> Option<Place> {
        Place::ALL.get(usize::from(byte)).copied()
    }

    /// What kind of value it holds.
    fn holds(self) -> Held {
        match self {
            Place::Programme
            | Place::BookedVia
            | Place::Event
            | Place::Subject
            | Place::Receipt
            | Place::Note => Held::Text,
            Place::Applied | Place::CancelBy | Place::StatusRecorded => Held::Date,
            Place::FundedBy => Held::Funder,
            Place::Days => Held::Number,
            Place::International | Place::Abroad | Place::InRegion | Place::Mandatory => Held::Flag,
        }
    }
}

/// The kinds of [`Value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    Text,
    Date,
    Funder,
    Number,
    Flag,
}

/// One rare value, as it is read and set; a flag is set by being there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Value<'a> {
    Text(&'a str),
    Date(NaiveDate),
    Funder(Funder),
    Number(u32),
    Flag,
}

impl Value<'_> {
    fn held(&self) -> Held {
        match self {
            Value::Text(_) => Held::Text,
            Value::Date(_) => Held::Date,
            Value::Funder(_) => Held::Funder,
            Value::Number(_) => Held::Number,
            Value::Flag => Held::Flag,
        }
    }

    /// Appends its bytes: a text as its length (LEB128) and its UTF-8, a
    /// date as its days from the common era and a number as 4 bytes (little
    /// end first), a funder as its index, a flag as nothing.
    fn write(&self, out: &mut ThinVec<u8>) {
        match *self {
            Value::Text(t) => {
                let mut n = t.len();
                loop {
                    let low = (n & 0x7f) as u8;
                    n >>= 7;
                    if n == 0 {
                        out.push(low);
                        break;
                    }
                    out.push(low | 0x80);
                }
                out.extend_from_slice(t.as_bytes());
            }
            Value::Date(d) => out.extend_from_slice(&d.num_days_from_ce().to_le_bytes()),
            Value::Funder(f) => out.push(funder_byte(f)),
            Value::Number(n) => out.extend_from_slice(&n.to_le_bytes()),
            Value::Flag => {}
        }
    }

    /// How many bytes [`Value::write`] appends.
    fn len(&self) -> usize {
        match *self {
            Value::Text(t) => {
                let mut n = t.len() >> 7;
                let mut len = 1;
                while n > 0 {
                    n >>= 7;
                    len += 1;
                }
                len + t.len()
            }
            Value::Date(_) | Value::Number(_) => 4,
            Value::Funder(_) => 1,
            Value::Flag => 0,
        }
    }
}

fn funder_byte(f: Funder) -> u8 {
    let at = Funder::ALL.iter().position(|&g| g == f);
    u8::try_from(at.unwrap_or_default()).unwrap_or_default()
}

/// The rare values of an entry in one block: each as its place's byte and
/// its value's bytes ([`Value::write`]), in the order of their places. No
/// value, no block (one pointer, as an empty `ThinVec` allocates nothing);
/// the block is made exactly as long as its values.
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Rare(ThinVec<u8>);

impl Rare {
    /// The values, in the order of their places.
    pub fn iter(&self) -> Values<'_> {
        Values { rest: &self.0 }
    }

    /// The value at `place`, if there is one.
    pub fn get(&self, place: Place) -> Option<Value<'_>> {
        self.iter().find(|(p, _)| *p == place).map(|(_, v)| v)
    }

    /// `value` at `place`, or nothing there (`None`).
    pub fn set(&mut self, place: Place, value: Option<Value<'_>>) {
        debug_assert!(value.is_none_or(|v| v.held() == place.holds()));
        let kept = || self.iter().filter(|(p, _)| *p != place);
        let len =
            kept().map(|(_, v)| 1 + v.len()).sum::<usize>() + value.map_or(0, |v| 1 + v.len());
        let mut out = ThinVec::new();
        if len > 0 {
            out.reserve_exact(len);
        }
        let mut new = value.map(|v| (place, v));
        for (p, v) in kept() {
            if let Some((q, w)) = new.filter(|(q, _)| *q < p) {
                out.push(q.byte());
                w.write(&mut out);
                new = None;
            }
            out.push(p.byte());
            v.write(&mut out);
        }
        if let Some((q, w)) = new {
            out.push(q.byte());
            w.write(&mut out);
        }
        debug_assert_eq!(out.len(), len);
        self.0 = out;
    }

    /// How many values it holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether it holds none (and so no block).
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The bytes of its block (none without one).
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Debug for Rare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The values of a [`Rare`], read from its block.
pub(super) struct Values<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Values<'a> {
    type Item = (Place, Value<'a>);

    fn next(&mut self) -> Option<(Place, Value<'a>)> {
        let (&first, rest) = self.rest.split_first()?;
        let place = Place::of(first)?;
        let (value, rest) = match place.holds() {
            Held::Text => {
                let (mut n, mut shift, mut at) = (0usize, 0, 0);
                loop {
                    let b = *rest.get(at)?;
                    n |= usize::from(b & 0x7f) << shift;
                    at += 1;
                    if b & 0x80 == 0 {
                        break;
                    }
                    shift += 7;
                }
                let text = rest.get(at..at.checked_add(n)?)?;
                // Written from a `&str`: always UTF-8.
                let text = std::str::from_utf8(text).ok()?;
                (Value::Text(text), &rest[at + n..])
            }
            Held::Date => {
                let (four, rest) = rest.split_first_chunk::<4>()?;
                let days = i32::from_le_bytes(*four);
                (
                    Value::Date(NaiveDate::from_num_days_from_ce_opt(days)?),
                    rest,
                )
            }
            Held::Number => {
                let (four, rest) = rest.split_first_chunk::<4>()?;
                (Value::Number(u32::from_le_bytes(*four)), rest)
            }
            Held::Funder => {
                let (&b, rest) = rest.split_first()?;
                (Value::Funder(*Funder::ALL.get(usize::from(b))?), rest)
            }
            Held::Flag => (Value::Flag, rest),
        };
        self.rest = rest;
        Some((place, value))
    }
}

#[cfg(test)]
mod tests {
    use super::{Place, Rare, Value};
    use crate::ledger::model::Funder;
    use chrono::NaiveDate;

    /// Every kind of value, at both ends of what it may be, reads back as
    /// set; a long text's length takes more than one byte.
    #[test]
    fn every_value_reads_back_as_set() {
        let long = "å".repeat(100_000);
        let days = [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(2025, 9, 1).expect("day"),
        ];
        let mut r = Rare::default();
        for text in ["", "n", "Kurs i handledning", &long] {
            r.set(Place::Note, Some(Value::Text(text)));
            r.set(Place::Programme, Some(Value::Text(text)));
            assert_eq!(r.get(Place::Note), Some(Value::Text(text)));
            assert_eq!(r.get(Place::Programme), Some(Value::Text(text)));
        }
        for day in days {
            r.set(Place::Applied, Some(Value::Date(day)));
            assert_eq!(r.get(Place::Applied), Some(Value::Date(day)));
        }
        for n in [0, 1, u32::MAX] {
            r.set(Place::Days, Some(Value::Number(n)));
            assert_eq!(r.get(Place::Days), Some(Value::Number(n)));
        }
        for f in Funder::ALL {
            r.set(Place::FundedBy, Some(Value::Funder(*f)));
            assert_eq!(r.get(Place::FundedBy), Some(Value::Funder(*f)));
        }
        r.set(Place::Mandatory, Some(Value::Flag));
        assert_eq!(r.get(Place::Mandatory), Some(Value::Flag));
        assert_eq!(r.get(Place::Abroad), None);
        assert_eq!(r.len(), 6);
        let places: Vec<Place> = r.iter().map(|(p, _)| p).collect();
        let mut sorted = places.clone();
        sorted.sort();
        assert_eq!(places, sorted);
        for p in places {
            r.set(p, None);
        }
        assert!(r.is_empty());
        assert_eq!(r, Rare::default());
    }

    /// The nine values of the densest ledger take 29 bytes, one `note` 3.
    #[test]
    fn values_are_packed() {
        let mut r = Rare::default();
        r.set(Place::Note, Some(Value::Text("n")));
        assert_eq!(r.bytes(), 3);
        for (p, t) in [
            (Place::Programme, "p"),
            (Place::Receipt, "r"),
            (Place::Event, "e"),
            (Place::Subject, "s"),
            (Place::BookedVia, "b"),
        ] {
            r.set(p, Some(Value::Text(t)));
        }
        r.set(Place::Days, Some(Value::Number(1)));
        r.set(Place::Abroad, Some(Value::Flag));
        let day = NaiveDate::from_ymd_opt(2025, 9, 1).expect("day");
        r.set(Place::Applied, Some(Value::Date(day)));
        assert_eq!((r.len(), r.bytes()), (9, 29));
    }
}
