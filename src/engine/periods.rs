//! Budget periods and their amounts (K1, V1): one period for the whole ST, or one
//! per calendar year pro-rated by the service percentage, day by day.

use chrono::{Datelike, NaiveDate};

use crate::ledger::ServicePeriod;
use crate::money::Amount;
use crate::policy::{InForce, PeriodKind};

/// A span with its own budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub label: String,
    pub from: NaiveDate,
    /// Inclusive; `None` while the ST has no end.
    pub to: Option<NaiveDate>,
    pub budget: Amount,
}

impl Span {
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && self.to.is_none_or(|t| d <= t)
    }
}

/// The index of the period containing `d`, among periods in date order that do
/// not overlap (`from` and `to` give a period's first and last day): a binary
/// search, so a ledger with many periods costs no more per entry than one.
pub fn containing<T>(
    periods: &[T],
    d: NaiveDate,
    from: impl Fn(&T) -> NaiveDate,
    to: impl Fn(&T) -> Option<NaiveDate>,
) -> Option<usize> {
    let i = periods.partition_point(|p| from(p) <= d).checked_sub(1)?;
    to(&periods[i]).is_none_or(|t| d <= t).then_some(i)
}

fn year_start(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn year_end(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn days_in_year(y: i32) -> i64 {
    (year_end(y) - year_start(y)).num_days() + 1
}

/// Σ percent(d) over the days d in `from..=to`: each day counts the percent of the
/// service period that covers it, and 100 before the first one.
pub fn percent_days(services: &[ServicePeriod], from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return 0;
    }
    let mut total = 0;
    let mut cursor = from;
    // Before the first period: 100 %.
    let first = services.first().map_or(NaiveDate::MAX, |s| s.from);
    if cursor < first {
        let seg_end = to.min(first.pred_opt().unwrap_or(first));
        total += 100 * ((seg_end - cursor).num_days() + 1);
        if seg_end >= to {
            return total;
        }
        cursor = seg_end.succ_opt().unwrap_or(seg_end);
    }
    // Services are in date order: start at the one covering `cursor`, stop after `to`.
    let covering = services
        .partition_point(|s| s.from <= cursor)
        .saturating_sub(1);
    for (i, s) in services.iter().enumerate().skip(covering) {
        if s.from > to {
            break;
        }
        let next = services.get(i + 1).map(|n| n.from);
        let s_end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        let a = cursor.max(s.from);
        let b = to.min(s_end);
        if a <= b {
            total += i64::from(s.percent) * ((b - a).num_days() + 1);
        }
    }
    total
}

/// `amount × percent_days / (100 × days)`, rounded once to öre, half away from zero,
/// in exact integer arithmetic.
pub fn prorate(amount: Amount, percent_days: i64, days: i64) -> Amount {
    prorate_sum(&[(amount, percent_days)], 100 * i128::from(days))
}

/// `Σ amount × weight / den`, rounded once to öre, half away from zero, in
/// exact integer arithmetic: amounts over time weighted by their days.
fn prorate_sum(parts: &[(Amount, i64)], den: i128) -> Amount {
    let num: i128 = parts.iter().map(|(a, w)| a.ore() * i128::from(*w)).sum();
    if den == 0 {
        return Amount::ZERO;
    }
    let q = num / den;
    let r = num % den;
    let rounded = if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    };
    Amount::from_ore(rounded)
}

/// A budget's amount: one, or several over time (`dated`, in date order; a
/// day no amount covers has none).
#[derive(Clone, Copy)]
pub struct Amounts<'a> {
    pub amount: Amount,
    pub dated: &'a [(InForce, Amount)],
    /// Pro-rated by the service percentage, day by day.
    pub prorated: bool,
}

impl Amounts<'_> {
    /// The amount in force on `d` (for a whole-programme pot, on its first day).
    fn on(&self, d: NaiveDate) -> Amount {
        if self.dated.is_empty() {
            return self.amount;
        }
        self.dated
            .iter()
            .find(|(f, _)| f.contains(d))
            .map_or(Amount::ZERO, |(_, a)| *a)
    }

    /// Each amount with the part of `from..=to` it is in force on.
    fn pieces(&self, from: NaiveDate, to: NaiveDate) -> Vec<(Amount, NaiveDate, NaiveDate)> {
        if self.dated.is_empty() {
            return vec![(self.amount, from, to)];
        }
        self.dated
            .iter()
            .filter_map(|(f, a)| {
                let a_from = f.from.map_or(from, |x| x.max(from));
                let a_to = f.to.map_or(to, |x| x.min(to));
                (a_from <= a_to).then_some((*a, a_from, a_to))
            })
            .collect()
    }

    /// A calendar year's amount over `from..=to`: pro-rated by the service
    /// percentage day by day over the days of the year, or, unprorated, the
    /// amount itself, or with amounts over time their mean weighted by days;
    /// rounded once.
    fn of_year(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        year_days: i64,
        services: &[ServicePeriod],
    ) -> Amount {
        let prorated = self.prorated;
        let pieces = self.pieces(from, to);
        if prorated {
            let parts: Vec<(Amount, i64)> = pieces
                .iter()
                .map(|(a, f, t)| (*a, percent_days(services, *f, *t)))
                .collect();
            return prorate_sum(&parts, 100 * i128::from(year_days));
        }
        if self.dated.is_empty() {
            return self.amount;
        }
        let parts: Vec<(Amount, i64)> = pieces
            .iter()
            .map(|(a, f, t)| (*a, (*t - *f).num_days() + 1))
            .collect();
        prorate_sum(&parts, i128::from((to - from).num_days() + 1))
    }
}

/// The periods of a budget from the ST start to `end` (`None`: open), through
/// `last_year` for a calendar-year budget without an end.
pub fn spans(
    label: &str,
    kind: PeriodKind,
    amount: Amounts<'_>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    last_year: i32,
    services: &[ServicePeriod],
) -> Vec<Span> {
    match kind {
        PeriodKind::St => vec![Span {
            label: label.to_string(),
            from: start,
            to: end,
            budget: amount.on(start),
        }],
        PeriodKind::CalendarYear => {
            let through = end.map_or(last_year.max(start.year()), |e| e.year());
            (start.year()..=through)
                .map(|y| {
                    let from = start.max(year_start(y));
                    let to = end.map_or(year_end(y), |e| e.min(year_end(y)));
                    let budget = amount.of_year(from, to, days_in_year(y), services);
                    Span {
                        label: y.to_string(),
                        from,
                        to: Some(to),
                        budget,
                    }
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn sp(from: &str, percent: u8) -> ServicePeriod {
        ServicePeriod {
            from: d(from),
            percent,
            offset: 0,
        }
    }

    #[test]
    fn the_period_of_a_date_is_found_by_binary_search() {
        let spans = spans(
            "ST",
            PeriodKind::CalendarYear,
            Amounts {
                amount: Amount::from_kronor(100),
                dated: &[],
                prorated: false,
            },
            d("2024-01-08"),
            Some(d("2026-06-30")),
            2026,
            &[],
        );
        let find = |s: &str| containing(&spans, d(s), |p| p.from, |p| p.to);
        assert_eq!(find("2024-01-07"), None);
        assert_eq!(find("2024-01-08"), Some(0));
        assert_eq!(find("2024-12-31"), Some(0));
        assert_eq!(find("2025-01-01"), Some(1));
        assert_eq!(find("2026-06-30"), Some(2));
        assert_eq!(find("2026-07-01"), None);
    }

    #[test]
    fn domain_example_start_in_january() {
        // DOMAIN's first example, with a budget of 10 000 kr: start 2024-01-08 at
        // 100 %, 359 days of 366: 10000 × 359 / 366 = 9 808,7431… → 9 808,74.
        // (The policy's own figures are tested against the shipped policy in tests/.)
        let days = percent_days(&[sp("2024-01-08", 100)], d("2024-01-08"), d("2024-12-31"));
        assert_eq!(days, 35_900);
        assert_eq!(
            prorate(Amount::from_kronor(10_000), days, 366).to_string(),
            "9808.74"
        );
    }

    #[test]
    fn domain_example_leave_and_part_time() {
        let s = [
            sp("2024-01-08", 100),
            sp("2025-03-01", 0),
            sp("2025-09-01", 75),
        ];
        let days = percent_days(&s, d("2025-01-01"), d("2025-12-31"));
        assert_eq!(days, 15_050);
        assert_eq!(
            prorate(Amount::from_kronor(10_000), days, 365).to_string(),
            "4123.29"
        );
    }

    #[test]
    fn days_before_the_first_service_period_count_full_time() {
        let days = percent_days(&[sp("2024-07-01", 50)], d("2024-06-29"), d("2024-07-02"));
        assert_eq!(days, 300);
        assert_eq!(percent_days(&[], d("2024-01-01"), d("2024-01-10")), 1000);
    }

    #[test]
    fn prorating_rounds_half_away_from_zero() {
        // 25 öre × 50 % of one day = 12.5 öre → 13 öre, and the negative mirror.
        assert_eq!(prorate(Amount::from_ore(25), 50, 1).to_string(), "0.13");
        assert_eq!(prorate(Amount::from_ore(-25), 50, 1).to_string(), "-0.13");
        assert_eq!(prorate(Amount::from_ore(24), 50, 1).to_string(), "0.12");
    }
}
