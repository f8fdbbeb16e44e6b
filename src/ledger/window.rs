//! The dates a ledger may hold (docs/ledger.md, "Dates"): from 1950-01-01 to 25
//! years after the ST start, every one of them.
//!
//! A date far outside an ST is a typo or an attack, never a fact: a start in
//! year 1 and a certificate in year 9999 would make ten thousand yearly budget
//! periods out of a file of a hundred bytes. Bounding every date bounds what a
//! ledger can cost to judge. Checked as the ledger is read ([`Watch`]), so that the message names the
//! date's own line and column.

use crate::diag::InputError;
use crate::tomlx::Reader;
use chrono::{Datelike, Months, NaiveDate};

/// The earliest date a ledger may hold.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1950, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How far after the ST start a ledger's dates may reach.
pub const YEARS_AFTER_START: u32 = 25;

/// The keys of a ledger's records that hold dates (besides every role of
/// `approvals`). Keys of records this build does not know are refused before.
const DATE_KEYS: &[&str] = &[
    "start",
    "certificate",
    "from",
    "date",
    "end",
    "recorded",
    "exported",
    "applied",
    "cancel_by",
];

/// The last date a ledger with this start may hold.
pub fn latest(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(12 * YEARS_AFTER_START))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether `d` lies in the window of a ledger that starts on `start`.
pub fn contains(start: NaiveDate, d: NaiveDate) -> bool {
    d >= EARLIEST && d <= latest(start)
}

/// A day as TOML writes it: year, month, day.
type Written = (u16, u8, u8);

/// The dates of a ledger as they are read, checked against the window of its
/// start: the start first, then the others in the order `group` gives (the
/// order of the ledger's top-level keys) and, within a group, in file order;
/// the first date outside the window is the error. Dates met before the start
/// is known wait for it; the rest are checked as they come, so nothing but the
/// first date outside is kept.
#[derive(Default)]
pub(super) struct Watch {
    /// The window's last day ([`latest`] of the start), once the start is
    /// read: worked out once, not for every date.
    last: Option<NaiveDate>,
    /// The window's first and last days as TOML writes a day (year, month,
    /// day), once the start is read ([`Watch::surely_inside`]).
    window: Option<(Written, Written)>,
    waiting: Vec<Seen>,
    first: Option<Seen>,
}

struct Seen {
    group: usize,
    key: String,
    date: NaiveDate,
    at: usize,
}

impl Watch {
    /// The ST start, once read.
    pub(super) fn start(&mut self, start: NaiveDate) {
        let last = latest(start);
        self.last = Some(last);
        let as_written = |d: NaiveDate| {
            let year = u16::try_from(d.year()).unwrap_or(u16::MAX);
            (year, d.month() as u8, d.day() as u8)
        };
        self.window = Some((as_written(EARLIEST), as_written(last)));
        for s in std::mem::take(&mut self.waiting) {
            self.judge(s);
        }
    }

    /// Whether the day `(year, month, day)`, as TOML writes it, lies inside
    /// the window once the start is known: compared as written, without
    /// making it a date (most of a ledger's values are dates, and each is
    /// made one where its field is read). Never while the window is not
    /// known. A day that is no real date may be said to be inside: its field
    /// refuses it (and the window then never sees it).
    pub(super) fn surely_inside(&self, ymd: Written) -> bool {
        self.window
            .is_some_and(|(first, last)| (first..=last).contains(&ymd))
    }

    /// A date of `group` under `key`, written at byte offset `at`.
    pub(super) fn see(&mut self, group: usize, key: &str, date: NaiveDate, at: usize) {
        if self.first.as_ref().is_some_and(|f| f.group <= group) {
            return;
        }
        let seen = Seen {
            group,
            key: String::new(),
            date,
            at,
        };
        match self.last {
            Some(last) if (EARLIEST..=last).contains(&date) => {}
            Some(_) => {
                self.first = Some(Seen {
                    key: key.to_string(),
                    ..seen
                })
            }
            None => self.waiting.push(Seen {
                key: key.to_string(),
                ..seen
            }),
        }
    }

    fn judge(&mut self, s: Seen) {
        if let Some(last) = self.last
            && !(EARLIEST..=last).contains(&s.date)
            && self.first.as_ref().is_none_or(|f| s.group < f.group)
        {
            self.first = Some(s);
        }
    }

    /// The first date outside the window of `start`, the start itself first
    /// (written at `start_at`).
    pub(super) fn check(
        mut self,
        r: &Reader<'_>,
        start: NaiveDate,
        start_at: usize,
    ) -> Result<(), InputError> {
        if !contains(start, start) {
            return Err(outside(r, "start", start, start_at, start));
        }
        self.start(start);
        match self.first {
            Some(s) => Err(outside(r, &s.key, s.date, s.at, start)),
            None => Ok(()),
        }
    }
}

/// Whether a ledger's `key` holds a date the window applies to (besides every
/// role of `approvals`).
pub(super) fn is_date_key(key: &str) -> bool {
    DATE_KEYS.contains(&key)
}

fn outside(r: &Reader<'_>, key: &str, d: NaiveDate, at: usize, start: NaiveDate) -> InputError {
    let message = if d < EARLIEST {
        crate::msg!(
            "`{key}` ({d}) är före {earliest}, det tidigaste datum en liggare kan ha",
            "`{key}` ({d}) is before {earliest}, the earliest date a ledger may hold",
            key = key,
            d = d,
            earliest = EARLIEST
        )
    } else {
        crate::msg!(
            "`{key}` ({d}) är mer än {years} år efter ST-starten ({start}): en liggares datum slutar {last}",
            "`{key}` ({d}) is more than {years} years after the ST start ({start}): a ledger's dates end on {last}",
            key = key,
            d = d,
            years = YEARS_AFTER_START,
            start = start,
            last = latest(start)
        )
    };
    r.err(at..at, message).with_hint(crate::msg!(
        "en liggares datum ligger mellan 1950-01-01 och 25 år efter ST-starten; se docs/ledger.md",
        "a ledger's dates lie between 1950-01-01 and 25 years after the ST start; see docs/ledger.md",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_window_runs_from_1950_to_25_years_after_the_start() {
        let start = d("2024-01-08");
        assert_eq!(latest(start), d("2049-01-08"));
        assert!(contains(start, d("1950-01-01")));
        assert!(!contains(start, d("1949-12-31")));
        assert!(contains(start, d("2049-01-08")));
        assert!(!contains(start, d("2049-01-09")));
        assert_eq!(latest(d("2024-02-29")), d("2049-02-28"));
    }

    /// A day as written is inside exactly when its date is, for every day
    /// within two months of both ends of the window, for starts on the last
    /// day of February and of a year; and nothing is inside before the start
    /// is known.
    #[test]
    fn a_day_as_written_is_inside_as_its_date_is() {
        let mut watch = Watch::default();
        assert!(!watch.surely_inside((2024, 1, 8)));
        for start in ["2024-02-29", "2023-12-31", "2024-01-08"].map(d) {
            watch.start(start);
            for end in [EARLIEST, latest(start)] {
                for offset in -62..=62 {
                    let day = end + chrono::Duration::days(offset);
                    let written = (day.year() as u16, day.month() as u8, day.day() as u8);
                    assert_eq!(watch.surely_inside(written), contains(start, day), "{day}");
                }
            }
        }
    }
}
