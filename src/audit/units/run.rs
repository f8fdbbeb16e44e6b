//! The sums per unit and year on disk: runs written in the order of unit and
//! year to anonymous temporary files (removed by the system when closed), and
//! merged as they are read back, the sums of one unit and year in several
//! runs added up.

use std::borrow::Borrow;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::UnitYear;
use crate::engine::Payers;
use crate::money::Amount;

/// A unit (`None`: no unit), a year and its sums, as read back.
pub type Owned = (Option<String>, i32, UnitYear);

/// Records merged, as handed on: a run's bytes that cannot be read back end
/// them with the error.
pub type Records<'a> = dyn Iterator<Item = io::Result<Owned>> + 'a;

/// Sums in the order of unit and year, in a file of their own.
#[derive(Debug)]
pub struct Run {
    file: File,
}

impl Run {
    /// Writes `records` (in order) to a new run.
    pub fn write<S, U>(
        records: impl Iterator<Item = io::Result<(Option<S>, i32, U)>>,
    ) -> io::Result<Run>
    where
        S: AsRef<str>,
        U: Borrow<UnitYear>,
    {
        let mut w = BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?);
        for r in records {
            let (unit, year, u) = r?;
            encode(&mut w, unit.as_ref().map(AsRef::as_ref), year, u.borrow())?;
        }
        let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Run { file })
    }

    /// Its records from the first.
    fn reader(&self) -> io::Result<Reader<'_>> {
        let mut f = &self.file;
        f.seek(SeekFrom::Start(0))?;
        Ok(Reader(BufReader::with_capacity(32 * 1024, f)))
    }
}

/// Hands `f` the records of every run and of `memory` (each in order),
/// merged in order, those of one unit and year added up into one.
pub fn merge<'a>(
    runs: &'a [Run],
    memory: impl Iterator<Item = Owned> + 'a,
    f: &mut dyn FnMut(&mut Records<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut sources: Vec<Box<dyn Iterator<Item = io::Result<Owned>> + 'a>> = Vec::new();
    for r in runs {
        sources.push(Box::new(r.reader()?));
    }
    sources.push(Box::new(memory.map(Ok)));
    let mut merged = Merged {
        sources,
        heap: BinaryHeap::new(),
    };
    for source in 0..merged.sources.len() {
        merged.refill(source)?;
    }
    f(&mut merged)
}

fn encode(w: &mut impl Write, unit: Option<&str>, year: i32, u: &UnitYear) -> io::Result<()> {
    match unit {
        None => w.write_all(&[0])?,
        Some(t) => {
            w.write_all(&[1])?;
            text(w, t)?;
        }
    }
    w.write_all(&year.to_le_bytes())?;
    w.write_all(&(u.trainees as u64).to_le_bytes())?;
    let p = &u.payers;
    for a in [p.budget, p.central, p.unit, p.self_paid] {
        w.write_all(&a.ore().to_le_bytes())?;
    }
    let refs = u32::try_from(u.unit_by_rule.len()).map_err(io::Error::other)?;
    w.write_all(&refs.to_le_bytes())?;
    for (r, a) in &u.unit_by_rule {
        text(w, r)?;
        w.write_all(&a.ore().to_le_bytes())?;
    }
    Ok(())
}

fn text(w: &mut impl Write, t: &str) -> io::Result<()> {
    let len = u32::try_from(t.len()).map_err(io::Error::other)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(t.as_bytes())
}

/// A run's records, one at a time.
struct Reader<'a>(BufReader<&'a File>);

impl Iterator for Reader<'_> {
    type Item = io::Result<Owned>;

    fn next(&mut self) -> Option<io::Result<Owned>> {
        match self.0.fill_buf() {
            Ok([]) => None,
            Ok(_) => Some(self.record()),
            Err(e) => Some(Err(e)),
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl Reader<'_> {
    fn record(&mut self) -> io::Result<Owned> {
        let unit = match self.bytes::<1>()? {
            [0] => None,
            [1] => Some(self.text()?),
            _ => return Err(invalid("a run's unit")),
        };
        let year = i32::from_le_bytes(self.bytes()?);
        let trainees =
            usize::try_from(u64::from_le_bytes(self.bytes()?)).map_err(io::Error::other)?;
        let payers = Payers {
            budget: self.amount()?,
            central: self.amount()?,
            unit: self.amount()?,
            self_paid: self.amount()?,
        };
        let mut unit_by_rule = BTreeMap::new();
        for _ in 0..u32::from_le_bytes(self.bytes()?) {
            let r = self.text()?;
            unit_by_rule.insert(r, self.amount()?);
        }
        let sums = UnitYear {
            trainees,
            payers,
            unit_by_rule,
        };
        Ok((unit, year, sums))
    }

    fn bytes<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0; N];
        self.0.read_exact(&mut b)?;
        Ok(b)
    }

    fn amount(&mut self) -> io::Result<Amount> {
        let ore = i128::from_le_bytes(self.bytes()?);
        if ore.unsigned_abs() >> 96 != 0 {
            return Err(invalid("a run's amount"));
        }
        Ok(Amount::from_ore(ore))
    }

    fn text(&mut self) -> io::Result<String> {
        let len = u32::from_le_bytes(self.bytes()?) as usize;
        let mut b = Vec::new();
        (&mut self.0).take(len as u64).read_to_end(&mut b)?;
        if b.len() != len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        String::from_utf8(b).map_err(|_| invalid("a run's text"))
    }
}

/// The next record of a source, waiting its turn.
struct Head {
    unit: Option<String>,
    year: i32,
    source: usize,
    sums: UnitYear,
}

impl Head {
    fn key(&self) -> (Option<&str>, i32, usize) {
        (self.unit.as_deref(), self.year, self.source)
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> Ordering {
        self.key().cmp(&other.key())
    }
}

struct Merged<'a> {
    sources: Vec<Box<dyn Iterator<Item = io::Result<Owned>> + 'a>>,
    heap: BinaryHeap<Reverse<Head>>,
}

impl Merged<'_> {
    /// Takes the next record of `source`, if it has one, into the heap.
    fn refill(&mut self, source: usize) -> io::Result<()> {
        if let Some(r) = self.sources[source].next() {
            let (unit, year, sums) = r?;
            self.heap.push(Reverse(Head {
                unit,
                year,
                source,
                sums,
            }));
        }
        Ok(())
    }
}

impl Iterator for Merged<'_> {
    type Item = io::Result<Owned>;

    fn next(&mut self) -> Option<io::Result<Owned>> {
        let Reverse(first) = self.heap.pop()?;
        if let Err(e) = self.refill(first.source) {
            return Some(Err(e));
        }
        let Head {
            unit,
            year,
            mut sums,
            ..
        } = first;
        while let Some(Reverse(h)) = self.heap.peek() {
            if h.unit != unit || h.year != year {
                break;
            }
            let Some(Reverse(h)) = self.heap.pop() else {
                break;
            };
            sums.trainees += h.sums.trainees;
            sums.payers.add_all(&h.sums.payers);
            for (r, a) in h.sums.unit_by_rule {
                *sums.unit_by_rule.entry(r).or_default() += a;
            }
            if let Err(e) = self.refill(h.source) {
                return Some(Err(e));
            }
        }
        Some(Ok((unit, year, sums)))
    }
}
