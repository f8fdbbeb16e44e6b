//! [`Rare`]: the values few entries state, packed in one block.
//!
//! A ledger of 16 MiB can hold 90 000 entries that each state nine rare
//! values (`note="n"`, `days=1`, `abroad=true`, …). Held one value to a slot
//! of 24 bytes, each text in a block of its own, those took some 300 bytes an
//! entry and the audit of such a ledger 64 MiB. Packed, the nine take 20
//! bytes and one block, and a mask of the places held that the entry keeps.

use chrono::{Datelike, NaiveDate};
use thin_vec::ThinVec;

use super::model::Funder;

/// Where a rare value stands among an entry's: the values are held in this
/// order, each place at most once, so that two entries that state the same
/// hold the same bytes however their values were set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    /// First: a policy's rules read it most (a shipped policy asks of every
    /// trip how it was booked), and the first value is read without passing
    /// over others.
    BookedVia,
    Programme,
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
        Place::BookedVia,
        Place::Programme,
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

    /// Its bit in a block's mask.
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

/// The rare values of an entry: a mask of the places it holds ([`Held`]:
/// two bytes the entry keeps beside its other small fields, so that asking
/// for a value it does not hold, as a policy's rules do for every entry, reads
/// nothing else; a flag is its bit alone), and a block of the bytes of each
/// other value ([`Value::write`]) in the order of their places. No value, no
/// block (one pointer, as an empty `ThinVec` allocates nothing); the block is
/// made exactly as long as its values.
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Rare(ThinVec<u8>);

/// The places a [`Rare`] holds, a bit each, kept in the entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mask(u16);

impl Mask {
    /// Whether it holds `place` (a flag is set by being held).
    #[inline(always)]
    pub fn has(self, place: Place) -> bool {
        self.0 & 1 << place.byte() != 0
    }
}

impl Rare {
    /// The values, in the order of their places.
    pub fn iter(&self, mask: Mask) -> Values<'_> {
        Values {
            mask: mask.0,
            rest: &self.0,
        }
    }

    /// The value at `place`, if there is one.
    #[inline(always)]
    pub fn get(&self, mask: Mask, place: Place) -> Option<Value<'_>> {
        value_at(place.holds(), self.find(mask, place)?).map(|(v, _)| v)
    }

    /// The text at `place` (a place of a text), if there is one.
    #[inline(always)]
    pub fn text(&self, mask: Mask, place: Place) -> Option<&str> {
        debug_assert_eq!(place.holds(), Held::Text);
        let rest = self.find(mask, place)?;
        let (n, at) = text_len(rest)?;
        Some(written_text(rest.get(at..at.checked_add(n)?)?))
    }

    /// The bytes of the value at `place` and after it, if it holds one: the
    /// values before it are passed over by their lengths, not read.
    #[inline(always)]
    fn find(&self, mask: Mask, place: Place) -> Option<&[u8]> {
        let bit = 1u16 << place.byte();
        let mask = mask.0;
        if mask & bit == 0 {
            return None;
        }
        let mut rest: &[u8] = &self.0;
        // The values held before it.
        let mut before = mask & (bit - 1);
        while before != 0 {
            let here = Place::of(before.trailing_zeros() as u8)?;
            before &= before - 1;
            rest = rest.get(value_len(here.holds(), rest)?..)?;
        }
        Some(rest)
    }

    /// `value` at `place`, or nothing there (`None`).
    pub fn set(&mut self, mask: &mut Mask, place: Place, value: Option<Value<'_>>) {
        debug_assert!(value.is_none_or(|v| v.held() == place.holds()));
        let old = *mask;
        let kept = || self.iter(old).filter(|(p, _)| *p != place);
        let held = kept().fold(0u16, |m, (p, _)| m | 1 << p.byte())
            | value.map_or(0, |_| 1 << place.byte());
        *mask = Mask(held);
        let len = kept().map(|(_, v)| v.len()).sum::<usize>() + value.map_or(0, |v| v.len());
        let mut out = ThinVec::new();
        if len > 0 {
            out.reserve_exact(len);
        }
        let mut new = value.map(|v| (place, v));
        for (p, v) in kept() {
            if let Some((_, w)) = new.filter(|(q, _)| *q < p) {
                w.write(&mut out);
                new = None;
            }
            v.write(&mut out);
        }
        if let Some((_, w)) = new {
            w.write(&mut out);
        }
        debug_assert_eq!(out.len(), len);
        self.0 = out;
    }

    /// Whether it has no block.
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
    /// Its bytes: the entry's `Debug` shows its values, read with its mask.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

/// How many bytes the value of kind `held` at the start of `rest` takes.
fn value_len(held: Held, rest: &[u8]) -> Option<usize> {
    Some(match held {
        Held::Text => {
            let (n, at) = text_len(rest)?;
            at.checked_add(n)?
        }
        Held::Date | Held::Number => 4,
        Held::Funder => 1,
        Held::Flag => 0,
    })
}

/// A text's length (LEB128) at the start of `rest`, and where the text starts.
fn text_len(rest: &[u8]) -> Option<(usize, usize)> {
    let (mut n, mut shift, mut at) = (0usize, 0, 0);
    loop {
        let b = *rest.get(at)?;
        n |= usize::from(b & 0x7f).checked_shl(shift)?;
        at += 1;
        if b & 0x80 == 0 {
            return Some((n, at));
        }
        shift += 7;
    }
}

/// A text of a block, as [`Value::write`] wrote it: not checked again (a
/// policy's rules read an entry's texts many times each, and checking them
/// took a quarter more of the evaluation's instructions for one of the
/// shipped policies).
#[allow(unsafe_code)]
fn written_text(bytes: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: a block is private to this module and only ever made by
    // `Rare::set`, which writes each text as the bytes of a `&str` after its
    // length; `Values::next` reads that length and takes exactly those bytes,
    // so they are the whole `&str` written, UTF-8. (Every test that reads a
    // value back checks it again: the assertion above.)
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// The values of a [`Rare`], read from its block: the places its mask
/// holds still to come, and their bytes.
pub(super) struct Values<'a> {
    mask: u16,
    rest: &'a [u8],
}

impl<'a> Iterator for Values<'a> {
    type Item = (Place, Value<'a>);

    fn next(&mut self) -> Option<(Place, Value<'a>)> {
        if self.mask == 0 {
            return None;
        }
        let place = Place::of(self.mask.trailing_zeros() as u8)?;
        self.mask &= self.mask - 1;
        let (value, rest) = value_at(place.holds(), self.rest)?;
        self.rest = rest;
        Some((place, value))
    }
}

/// The value of kind `held` at the start of `rest`, and what follows it.
#[inline]
fn value_at(held: Held, rest: &[u8]) -> Option<(Value<'_>, &[u8])> {
    Some(match held {
        Held::Text => {
            let (n, at) = text_len(rest)?;
            let text = rest.get(at..at.checked_add(n)?)?;
            (Value::Text(written_text(text)), &rest[at + n..])
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
    })
}

#[cfg(test)]
mod tests {
    use super::{Mask, Place, Rare, Value};
    use crate::ledger::model::Funder;
    use chrono::NaiveDate;

    /// A rare block with its mask, as an entry holds them.
    #[derive(Default, PartialEq, Debug)]
    struct Held(Mask, Rare);

    impl Held {
        fn set(&mut self, place: Place, value: Option<Value<'_>>) {
            self.1.set(&mut self.0, place, value);
        }
        fn get(&self, place: Place) -> Option<Value<'_>> {
            self.1.get(self.0, place)
        }
        fn places(&self) -> Vec<Place> {
            self.1.iter(self.0).map(|(p, _)| p).collect()
        }
    }

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
        let mut r = Held::default();
        for text in ["", "n", "Kurs i handledning", &long] {
            r.set(Place::Note, Some(Value::Text(text)));
            r.set(Place::Programme, Some(Value::Text(text)));
            assert_eq!(r.get(Place::Note), Some(Value::Text(text)));
            assert_eq!(r.1.text(r.0, Place::Programme), Some(text));
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
        assert!(r.0.has(Place::Mandatory) && !r.0.has(Place::Abroad));
        assert_eq!(r.get(Place::Mandatory), Some(Value::Flag));
        assert_eq!(r.get(Place::Abroad), None);
        let places = r.places();
        assert_eq!(places.len(), 6);
        let mut sorted = places.clone();
        sorted.sort();
        assert_eq!(places, sorted);
        for p in places {
            r.set(p, None);
        }
        assert_eq!(r, Held::default());
        // A flag alone makes no block.
        r.set(Place::Abroad, Some(Value::Flag));
        assert!(r.1.is_empty() && r.0.has(Place::Abroad));
    }

    /// The nine values of the densest ledger take 20 bytes beside their mask
    /// (the flag none), one `note` 2.
    #[test]
    fn values_are_packed() {
        let mut r = Held::default();
        r.set(Place::Note, Some(Value::Text("n")));
        assert_eq!(r.1.bytes(), 2);
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
        assert_eq!((r.places().len(), r.1.bytes()), (9, 20));
    }
}
