//! The dates a ledger may hold (docs/ledger.md, "Dates"): from 1950-01-01 to 25
//! years after the ST start, every one of them.
//!
//! A date far outside an ST is a typo or an attack, never a fact: a start in
//! year 1 and a certificate in year 9999 would make ten thousand yearly budget
//! periods out of a file of a hundred bytes. Bounding every date bounds what a
//! ledger can cost to judge. Checked after the ledger is read, on the same
//! parsed document, so that the message names the date's own line and column.

use chrono::{Months, NaiveDate};
use toml::de::{DeTable, DeValue};

use crate::diag::InputError;
use crate::tomlx::{Reader, Value, in_file_order};

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

/// Checks every date of a parsed ledger document against the window of its
/// start: the start first, then the others in file order; the first date
/// outside the window is the error.
pub(super) fn check(r: &Reader<'_>, doc: &DeTable<'_>, start: NaiveDate) -> Result<(), InputError> {
    if let Some(DeValue::Table(t)) = doc.get("trainee").map(|v| v.get_ref())
        && let Some(v) = t.get("start")
    {
        one(r, "start", v, start)?;
    }
    let check_table = |t: &DeTable<'_>| -> Result<(), InputError> {
        for (key, value) in in_file_order(t) {
            let name: &str = key.get_ref();
            if name == "approvals"
                && let DeValue::Table(roles) = value.get_ref()
            {
                for (role, date) in in_file_order(roles) {
                    one(r, role.get_ref(), date, start)?;
                }
            } else if DATE_KEYS.contains(&name) {
                one(r, name, value, start)?;
            }
        }
        Ok(())
    };
    for (key, value) in in_file_order(doc) {
        match value.get_ref() {
            DeValue::Table(t) if key.get_ref() == "trainee" || key.get_ref() == "seal" => {
                check_table(t)?
            }
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        check_table(t)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn one(r: &Reader<'_>, key: &str, value: &Value<'_>, start: NaiveDate) -> Result<(), InputError> {
    // The ledger was read already: a value under these keys is a date.
    let Ok(d) = r.date(key, value) else {
        return Ok(());
    };
    if contains(start, d) {
        return Ok(());
    }
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
    Err(r.err(value.span(), message).with_hint(crate::msg!(
        "en liggares datum ligger mellan 1950-01-01 och 25 år efter ST-starten; se docs/ledger.md",
        "a ledger's dates lie between 1950-01-01 and 25 years after the ST start; see docs/ledger.md",
    )))
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
}
