//! Working days in Sweden: Monday to Friday except the public holidays of lag
//! (1989:253) om allmänna helgdagar, and (as most agreements do) the eves
//! midsommarafton, julafton and nyårsafton, unless a pool counts them as
//! working days (`eves = "working"`, docs/policy.md).
//!
//! Computed, not looked up: Easter by the anonymous Gregorian algorithm, the
//! rest by fixed dates and weekdays. (The one crate for Swedish holidays,
//! `holidays_se` 1.0, rests on chrono's deprecated `Date<Tz>`, pulls in the
//! whole time-zone database for a date computation, and was not kept up; the
//! twenty lines below are tested against the published calendar 2024–2030.)
//! Pure arithmetic: a range of any length costs a few operations per year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday of a year of the Gregorian calendar (the anonymous
/// algorithm, also called Meeus/Jones/Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    ymd(year, month as u32, day as u32)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The first `weekday` on or after `from`.
fn on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

/// A Swedish holiday, by its name in Swedish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: &'static str,
    /// An eve (midsommarafton, julafton, nyårsafton): a de facto day off,
    /// not a public holiday by law.
    pub eve: bool,
}

/// The public holidays of a year (lag 1989:253), Sundays and Saturdays among
/// them, and the three eves, in date order.
pub fn holidays(year: i32) -> Vec<Holiday> {
    let easter = easter(year);
    let midsummer_eve = on_or_after(ymd(year, 6, 19), Weekday::Fri);
    let h = |date, name| Holiday {
        date,
        name,
        eve: false,
    };
    let eve = |date, name| Holiday {
        date,
        name,
        eve: true,
    };
    vec![
        h(ymd(year, 1, 1), "nyårsdagen"),
        h(ymd(year, 1, 6), "trettondedag jul"),
        h(easter - Duration::days(2), "långfredagen"),
        h(easter, "påskdagen"),
        h(easter + Duration::days(1), "annandag påsk"),
        h(ymd(year, 5, 1), "första maj"),
        h(easter + Duration::days(39), "Kristi himmelsfärds dag"),
        h(easter + Duration::days(49), "pingstdagen"),
        h(ymd(year, 6, 6), "Sveriges nationaldag"),
        eve(midsummer_eve, "midsommarafton"),
        h(midsummer_eve + Duration::days(1), "midsommardagen"),
        h(
            on_or_after(ymd(year, 10, 31), Weekday::Sat),
            "alla helgons dag",
        ),
        eve(ymd(year, 12, 24), "julafton"),
        h(ymd(year, 12, 25), "juldagen"),
        h(ymd(year, 12, 26), "annandag jul"),
        eve(ymd(year, 12, 31), "nyårsafton"),
    ]
}

fn is_weekday(d: NaiveDate) -> bool {
    d.weekday().num_days_from_monday() < 5
}

/// Monday to Friday from `from` to `to`, both included.
fn weekdays(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return 0;
    }
    let days = (to - from).num_days() + 1;
    let whole_weeks = days / 7;
    let start = i64::from(from.weekday().num_days_from_monday());
    // The days left over after whole weeks, starting on `from`'s weekday.
    let rest = (0..days % 7).filter(|k| (start + k) % 7 < 5).count() as i64;
    whole_weeks * 5 + rest
}

/// Working days from `from` to `to`, both included: Monday to Friday, less the
/// public holidays that fall on them, and the eves when `eves_off`.
pub fn working_days(from: NaiveDate, to: NaiveDate, eves_off: bool) -> i64 {
    if to < from {
        return 0;
    }
    let off = (from.year()..=to.year())
        .flat_map(holidays)
        .filter(|h| (eves_off || !h.eve) && h.date >= from && h.date <= to && is_weekday(h.date))
        .count() as i64;
    weekdays(from, to) - off
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// Easter Sunday as the almanac publishes it.
    #[test]
    fn easter_sundays() {
        for (y, e) in [
            (2000, "2000-04-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2029, "2029-04-01"),
            (2030, "2030-04-21"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter(y), d(e), "{y}");
        }
    }

    /// The Swedish holidays and eves of 2024–2030 as the published calendar
    /// (röda dagar, and the eves) lists them.
    #[test]
    fn the_holidays_of_2024_to_2030() {
        let want: [(i32, [&str; 8]); 7] = [
            // långfredagen, annandag påsk, Kristi himmelsfärd, pingstdagen,
            // midsommarafton, midsommardagen, alla helgons dag, påskdagen
            (
                2024,
                [
                    "03-29", "04-01", "05-09", "05-19", "06-21", "06-22", "11-02", "03-31",
                ],
            ),
            (
                2025,
                [
                    "04-18", "04-21", "05-29", "06-08", "06-20", "06-21", "11-01", "04-20",
                ],
            ),
            (
                2026,
                [
                    "04-03", "04-06", "05-14", "05-24", "06-19", "06-20", "10-31", "04-05",
                ],
            ),
            (
                2027,
                [
                    "03-26", "03-29", "05-06", "05-16", "06-25", "06-26", "11-06", "03-28",
                ],
            ),
            (
                2028,
                [
                    "04-14", "04-17", "05-25", "06-04", "06-23", "06-24", "11-04", "04-16",
                ],
            ),
            (
                2029,
                [
                    "03-30", "04-02", "05-10", "05-20", "06-22", "06-23", "11-03", "04-01",
                ],
            ),
            (
                2030,
                [
                    "04-19", "04-22", "05-30", "06-09", "06-21", "06-22", "11-02", "04-21",
                ],
            ),
        ];
        for (y, days) in want {
            let got: Vec<(String, &str)> = holidays(y)
                .iter()
                .map(|h| (h.date.format("%m-%d").to_string(), h.name))
                .collect();
            let at = |name: &str| {
                got.iter()
                    .find(|(_, n)| *n == name)
                    .map(|(d, _)| d.clone())
                    .unwrap_or_default()
            };
            let names = [
                "långfredagen",
                "annandag påsk",
                "Kristi himmelsfärds dag",
                "pingstdagen",
                "midsommarafton",
                "midsommardagen",
                "alla helgons dag",
                "påskdagen",
            ];
            for (name, day) in names.iter().zip(days) {
                assert_eq!(at(name), day, "{name} {y}");
            }
            for (name, day) in [
                ("nyårsdagen", "01-01"),
                ("trettondedag jul", "01-06"),
                ("första maj", "05-01"),
                ("Sveriges nationaldag", "06-06"),
                ("julafton", "12-24"),
                ("juldagen", "12-25"),
                ("annandag jul", "12-26"),
                ("nyårsafton", "12-31"),
            ] {
                assert_eq!(at(name), day, "{name} {y}");
            }
            assert_eq!(got.len(), 16, "{y}");
            // Midsommardagen and alla helgons dag are Saturdays, the eve a Friday.
            let weekday = |name: &str| d(&format!("{y}-{}", at(name))).weekday();
            assert_eq!(weekday("midsommarafton"), Weekday::Fri);
            assert_eq!(weekday("midsommardagen"), Weekday::Sat);
            assert_eq!(weekday("alla helgons dag"), Weekday::Sat);
        }
    }

    #[test]
    fn working_days_leave_out_weekends_holidays_and_eves() {
        // Wed 13 May to Mon 18 May 2026: Kristi himmelsfärd (Thu 14) and a
        // weekend: Wed, Fri, Mon.
        assert_eq!(working_days(d("2026-05-13"), d("2026-05-18"), true), 3);
        // A whole week with none: five.
        assert_eq!(working_days(d("2026-03-09"), d("2026-03-15"), true), 5);
        // Christmas week 2025: Mon 22, Tue 23, (24 eve), (25, 26 holidays).
        assert_eq!(working_days(d("2025-12-22"), d("2025-12-28"), true), 2);
        assert_eq!(working_days(d("2025-12-22"), d("2025-12-28"), false), 3);
        // Midsommarafton 2026 is Friday 19 June.
        assert_eq!(working_days(d("2026-06-15"), d("2026-06-19"), true), 4);
        assert_eq!(working_days(d("2026-06-15"), d("2026-06-19"), false), 5);
        // Across a new year: Wed 31 Dec 2025 (eve) to Fri 2 Jan 2026 (1 Jan holiday).
        assert_eq!(working_days(d("2025-12-31"), d("2026-01-02"), true), 1);
        // A Saturday alone, and a range the wrong way round.
        assert_eq!(working_days(d("2026-05-16"), d("2026-05-16"), true), 0);
        assert_eq!(working_days(d("2026-05-18"), d("2026-05-13"), true), 0);
        // 2026 as a whole: 261 weekdays less 7 holidays on weekdays (1 Jan, 6 Jan,
        // 3 Apr, 6 Apr, 1 May, 14 May, 25 Dec; 6 Jun and 26 Dec are Saturdays)
        // and 3 eves (19 Jun, 24 Dec, 31 Dec): 251.
        assert_eq!(weekdays(d("2026-01-01"), d("2026-12-31")), 261);
        assert_eq!(working_days(d("2026-01-01"), d("2026-12-31"), true), 251);
    }

    #[test]
    fn weekdays_by_arithmetic_agree_with_counting() {
        let start = d("2024-01-01");
        for a in 0..30 {
            for len in 0..40 {
                let from = start + Duration::days(a);
                let to = from + Duration::days(len);
                let counted = (0..=len)
                    .filter(|k| is_weekday(from + Duration::days(*k)))
                    .count() as i64;
                assert_eq!(weekdays(from, to), counted, "{from} {to}");
            }
        }
    }
}
